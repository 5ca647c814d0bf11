// What this org's own status page costs a month (statusPage), in the home region that hosts it: each run reads the
// kept model back and writes the page, its JSON and the model (S3); each view is a CloudFront request, a run of the
// allowlist's CloudFront Function and a read of the bucket (the distribution caches nothing: never a stale page); with
// several regions each run reads the quorum's items and latches too; with browser journeys each region's function
// writes its line once a browser run, from another region across regions, and the home's probe reads each back every
// run (docs/decisions/status-page-browser.md).
import { STATUS_PAGE_KEYS } from '../contract';
import type { LoadedConfig } from '../config/parse';
import { browserEveryMinutes } from '../plan/browser-part';
import { isDeploymentHome } from '../plan/quorum';
import { PRICES, type UnitPrice } from './prices';

/**
 * The views a month the estimate assumes: a help desk of twenty opening the page a few times a day, and its own
 * refresh (the page reloads each minute) while one is open for an hour on each of ten incident days.
 */
export const STATUS_PAGE_VIEWS_PER_MONTH = 10_000;
/** What one view transfers: index.html with its inline style and script, bytes (a page of a hundred targets). */
const PAGE_BYTES = 60 * 1024;
/** A 30-day month, in minutes, as the estimate's. */
const MINUTES_PER_MONTH = 30 * 24 * 60;

/** One line of the page's cost: what, how many, at which price, and why that many. */
interface StatusPageCostLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: UnitPrice;
  readonly basis: string;
}

/**
 * The bytes another region's browser part sends across regions a run: its run line (340 bytes for one journey, `npm
 * run bench:browser`), the PUT's headers and signature, TLS and S3's answer, rounded up.
 */
export const BROWSER_PART_BYTES_PER_RUN = 4 * 1024;
/** A gibibyte: data transfer is billed per GB of 2^30 bytes. */
const GB = 1024 ** 3;

/**
 * The page's lines for `region` (`config` is the region's own: plan/journey-region.ts): none without statusPage; the
 * page's own in the home region alone (one URL for all); its browser part's in each region that runs a browser
 * journey, where its function writes it.
 */
export function statusPageCostLines(
  config: LoadedConfig,
  region: string | undefined,
  runsPerMonth: number,
): StatusPageCostLine[] {
  if (config.deploy.statusPage === null) return [];
  const home = isDeploymentHome(config, region);
  return [...(home ? pageLines(config, runsPerMonth) : []), ...browserPartLines(config, home, runsPerMonth)];
}

/** The page's own objects, views and reads, in the home region. */
function pageLines(config: LoadedConfig, runsPerMonth: number): StatusPageCostLine[] {
  const writes = Object.keys(STATUS_PAGE_KEYS).length;
  const views = STATUS_PAGE_VIEWS_PER_MONTH;
  return [
    {
      item: 'Status page: S3 PUT requests',
      quantity: runsPerMonth * writes,
      price: PRICES.s3PutRequest,
      basis: `${writes} objects written per run (page, status.json, model), ${runsPerMonth} runs`,
    },
    {
      item: 'Status page: S3 GET requests',
      quantity: runsPerMonth + views,
      price: PRICES.s3GetRequest,
      basis: `the model read back per run, and one per view (CloudFront caches nothing), ${views} views assumed`,
    },
    {
      item: 'Status page: CloudFront HTTPS requests',
      quantity: views,
      price: PRICES.cloudFrontHttpsRequest,
      basis: `${views} views a month assumed; 10M a month are in CloudFront's free tier`,
    },
    {
      item: 'Status page: CloudFront data out',
      quantity: (views * PAGE_BYTES) / 1024 ** 3,
      price: PRICES.cloudFrontDataOut,
      basis: `${PAGE_BYTES / 1024} KB a view; 1 TB a month is in CloudFront's free tier`,
    },
    {
      item: 'Status page: CloudFront Function (allowlist)',
      quantity: views,
      price: PRICES.cloudFrontFunctionInvocation,
      basis: 'one per view, refused ones included; 2M a month are in the free tier',
    },
    ...quorumReadLines(config, runsPerMonth),
  ];
}

/**
 * With browser journeys run here their function puts its run line in the home region's page bucket (one PUT a
 * browser run, at its most frequent journey's cadence), and each run of the home's probe reads it back beside the
 * model (one GET), whatever the line says. From another region the PUT also crosses regions: a few KB a run.
 */
function browserPartLines(config: LoadedConfig, home: boolean, runsPerMonth: number): StatusPageCostLine[] {
  const every = browserEveryMinutes(config.probe);
  if (every === undefined) return [];
  const browserRuns = Math.floor(MINUTES_PER_MONTH / every);
  const where = home ? 'beside the page' : "in the home region's page bucket";
  return [
    {
      item: "Status page: the browser journeys' line written",
      quantity: browserRuns,
      price: PRICES.s3PutRequest,
      basis: `S3 PUT requests: their function's run line put ${where} once a browser run, every ${every} min`,
    },
    {
      item: "Status page: the browser journeys' line read",
      quantity: runsPerMonth,
      price: PRICES.s3GetRequest,
      basis: `S3 GET requests: the home's probe reads it back once a run beside the model, ${runsPerMonth} runs`,
    },
    ...(home
      ? []
      : [
          {
            item: "Status page: the browser journeys' line sent across regions",
            quantity: (browserRuns * BROWSER_PART_BYTES_PER_RUN) / GB,
            price: PRICES.interRegionDataTransferGb,
            basis: `${BROWSER_PART_BYTES_PER_RUN / 1024} KB a browser run at most, to the home region's bucket: tiny`,
          },
        ]),
  ];
}

/**
 * With several regions the page tells the quorum's decision: each run reads the regions' items (a global table's
 * replica, eventually consistent: half a read unit each) and its latches (one DescribeAlarms) before it publishes.
 */
function quorumReadLines(config: LoadedConfig, runsPerMonth: number): StatusPageCostLine[] {
  const regions = config.deploy.quorum?.regions.length ?? 0;
  if (regions < 2) return [];
  return [
    {
      item: "Status page: the quorum's items read",
      quantity: runsPerMonth * regions * 0.5,
      price: PRICES.dynamoReadRequest,
      basis: `the ${regions} regions' items once a run, for the page to tell what the quorum decided`,
    },
    {
      item: "Status page: the quorum's latches read",
      quantity: runsPerMonth,
      price: PRICES.putMetricData,
      basis: 'DescribeAlarms once a run (CloudWatch API requests), for the page to tell what the quorum decided',
    },
  ];
}
