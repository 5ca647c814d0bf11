// What the "browser" journeys' function costs a month, in the region that runs them (lib/browser-function.ts): its
// invocations on their own schedule, its duration at its memory on x86_64 (dearer than the probe's arm64), its
// users' secrets read again after each cold start, its run log. The run's duration and log bytes are those
// `npm run bench:browser` measured (BENCHMARKS.md, "The browser journey").
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
/** A gibibyte: CloudWatch Logs bills GB of 2^30 bytes. */
const GB = 1024 ** 3;

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
