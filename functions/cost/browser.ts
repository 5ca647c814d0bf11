// What the "browser" journeys' function costs a month, in the region that runs them (lib/browser-function.ts): its
// invocations on their own schedule, its duration at its memory on x86_64 (dearer than the probe's arm64), its
// users' secrets read again after each cold start, its metrics' PutMetricData, its journeys' state in the journeys'
// table, its run log, and in a VPC the NAT's processing of the pages it loads. The run's duration and log bytes are
// those `npm run bench:browser` measured (BENCHMARKS.md, "The browser journey").
import type { LoadedConfig } from '../config/parse';
import {
  BROWSER_LOG_BYTES_PER_RUN,
  BROWSER_MEMORY_MB,
  BROWSER_RUN_SECONDS,
  browserEveryMinutes,
  browserJourneys,
} from '../plan/browser-part';
import { PRICES, type UnitPrice } from './prices';

/** A 30-day month, in minutes, as the estimate's. */
const MINUTES_PER_MONTH = 30 * 24 * 60;
/** A gibibyte: CloudWatch Logs bills GB of 2^30 bytes, and the NAT's processing is priced per GB alike. */
const GB = 1024 ** 3;

/**
 * What one browser journey's run asks of the journeys' table (functions/lambda/journey-state-dynamodb.ts and
 * functions/probe/sign-in/guard.ts), at most: a strongly consistent GetItem of its state and one more before its final
 * write (a read unit each, an item far under 4 KB); a PutItem claiming its lease before the password, one marking the
 * password accepted, one before the TOTP code is sent and one once it is accepted, and the final write.
 */
export const BROWSER_JOURNEY_TABLE_REQUESTS = { reads: 2, writes: 5 } as const;

/**
 * The bytes a browser journey's run moves through the NAT, at most: Okta's hosted page, the Sign-In Widget's script
 * (okta-sign-in.min.js 7.49.0 is 1.9 MB, 451 KB gzipped as Okta's CDN serves it) and its CSS (29 KB gzipped), its
 * fonts and images, the IDX calls, the token exchange and the app's pages, each run in a fresh browser with no cache:
 * rounded up to a megabyte.
 */
export const BROWSER_NAT_BYTES_PER_RUN = 1024 ** 2;

/** One line of the browser function's cost: what, how many, at which price, and why that many. */
interface BrowserCostLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: UnitPrice;
  readonly basis: string;
}

/** The browser function's invocations a month: one every its most frequent journey's everyMinutes. */
function browserRunsPerMonth(probe: LoadedConfig['probe']): number {
  const every = browserEveryMinutes(probe);
  return every === undefined ? 0 : Math.floor(MINUTES_PER_MONTH / every);
}

/** The region's browser function's lines (`config` is the region's own: plan/journey-region.ts); none without one. */
export function browserCostLines(config: LoadedConfig): BrowserCostLine[] {
  const journeys = browserJourneys(config.probe);
  const runs = browserRunsPerMonth(config.probe);
  if (runs === 0) return [];
  const every = browserEveryMinutes(config.probe);
  const logGb = (runs * BROWSER_LOG_BYTES_PER_RUN) / GB;
  const retention = config.deploy.runLogRetentionDays;
  return [
    {
      item: 'Lambda requests (browser, x86_64)',
      quantity: runs,
      price: PRICES.lambdaRequest,
      basis: `one invocation every ${every} min (${journeys.length} "browser" journeys)`,
    },
    {
      item: 'Lambda duration (browser, x86_64)',
      quantity: runs * BROWSER_RUN_SECONDS * (BROWSER_MEMORY_MB / 1024),
      price: PRICES.lambdaX86GbSecond,
      basis:
        `${BROWSER_RUN_SECONDS} s x ${BROWSER_MEMORY_MB} MB per run: a cold run with Chromium unpacked, measured ` +
        "against the simulator's page (BENCHMARKS.md); an org's page over the internet may take longer",
    },
    {
      item: 'EventBridge Scheduler invocations (browser)',
      quantity: runs,
      price: PRICES.schedulerInvocation,
      basis: 'within the 14M free a month',
    },
    {
      item: 'Secrets Manager API calls (browser)',
      quantity: runs * journeys.length,
      price: PRICES.secretsApiCall,
      basis: "each journey's user read every run: at its cadence a sandbox is seldom warm (upper bound)",
    },
    {
      item: 'PutMetricData requests (browser)',
      quantity: runs,
      price: PRICES.putMetricData,
      basis: "one batched call per run, its journeys' metrics far under the 1,000 datums a call takes",
    },
    ...stateLines(runs * journeys.length),
    ...natLines(config, runs * journeys.length),
    {
      item: 'CloudWatch Logs ingestion (browser)',
      quantity: logGb,
      price: PRICES.logsIngestGb,
      basis: `${BROWSER_LOG_BYTES_PER_RUN} bytes per run, its own log group`,
    },
    {
      item: 'CloudWatch Logs storage (browser)',
      quantity: logGb * (retention / 30),
      price: PRICES.logsStoredGbMonth,
      basis: `steady state at ${retention}-day retention (runLogRetentionDays)`,
    },
  ];
}

/** The journeys' table requests of `journeyRuns` runs of a browser journey, at most. */
function stateLines(journeyRuns: number): BrowserCostLine[] {
  const { reads, writes } = BROWSER_JOURNEY_TABLE_REQUESTS;
  return [
    {
      item: "DynamoDB reads (browser journeys' state)",
      quantity: journeyRuns * reads,
      price: PRICES.dynamoReadRequest,
      basis: `${reads} strongly consistent reads per journey a run (upper bound)`,
    },
    {
      item: "DynamoDB writes (browser journeys' state)",
      quantity: journeyRuns * writes,
      price: PRICES.dynamoWriteRequest,
      basis: `${writes} per journey a run, upper bound: its lease, what it sent, and its final state`,
    },
  ];
}

/**
 * In a VPC (every region's, the deploy rules hold: plan/region-vpc.ts), the NAT's processing of what each journey's
 * run loads; outside one, nothing.
 */
function natLines(config: LoadedConfig, journeyRuns: number): BrowserCostLine[] {
  if (config.deploy.vpc === null) return [];
  return [
    {
      item: 'NAT gateway data processed (browser)',
      quantity: (journeyRuns * BROWSER_NAT_BYTES_PER_RUN) / GB,
      price: PRICES.natGatewayGb,
      basis:
        "the hosted page, the widget's script and the app a journey's run loads through vpc's NAT, about 1 MB " +
        "(upper bound, no cache); the NAT's own hourly charge is the account's",
    },
  ];
}
