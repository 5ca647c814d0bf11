// The multi-region quorum's contract: the verdict table's names, the metrics and alarms the probe sets or publishes
// and the stack builds, and the environment the function reads them from.

/** The verdict table, a DynamoDB global table with a replica in every region: one item per region. */
export function quorumTableName(prefix: string): string {
  return `${prefix}-quorum`;
}
/**
 * The table's key and attribute names: `region` (partition key), its verdicts by server (`verdicts`), TTL `expires`.
 */
export const QUORUM_TABLE = {
  partitionKey: 'region',
  verdicts: 'verdicts',
  writtenAt: 'writtenAt',
  expires: 'expires',
} as const;

/** Names the verdict table to the probe (unset: no fast path). */
export const QUORUM_TABLE_ENV = 'QUORUM_TABLE';
/** The region this probe runs in, as the quorum counts it (Lambda's own AWS_REGION, or a test's). */
export const QUORUM_REGION_ENV = 'QUORUM_REGION';
/**
 * The seconds a run with peers may go on reading their verdicts after its checks' end, while a server is in trouble:
 * the function's timeout is PROBE_TIMEOUT_SECONDS plus these, still below the schedule's minute. Every region's run
 * ends about the same second of the minute, so a peer's stable verdict that landed after the acting home's last read
 * waited for its next run: up to 20 s of the OK after a partial outage (BENCHMARKS.md section t). It checks nothing
 * and sends Okta nothing: a healthy run ends at its last round, as before.
 */
export const QUORUM_WATCH_SECONDS = 7;
/** Tells the probe how much of its timeout is the watch's alone (ms; unset: none). */
export const QUORUM_WATCH_ENV = 'QUORUM_WATCH_MS';

/** The watch's seconds a deployment's runs get: QUORUM_WATCH_SECONDS with peers to watch, none without. */
export function quorumWatchSeconds(quorum: { readonly regions: readonly string[] } | null): number {
  return quorum !== null && quorum.regions.length > 1 ? QUORUM_WATCH_SECONDS : 0;
}

/**
 * The latch: a metric nobody publishes, so CloudWatch keeps the state SetAlarmState gave it (TreatMissingData ignore).
 */
export const QUORUM_LATCH_METRIC = 'QuorumLatch';
/** 1 when a region's run judged the server down (an outage-class failure), 0 when not: the backstop's input. */
export const QUORUM_FAILING_METRIC = 'QuorumFailing';
/** 1 when a region's round wrote and read the table and set its latches without an error: its fast path works. */
export const QUORUM_HEALTHY_METRIC = 'QuorumHealthy';
/** The dimension naming the region that judged, on QuorumFailing and QuorumHealthy. */
export const QUORUM_REGION_DIMENSION = 'Region';

/** The latch alarm of one server, in each region's stack: member of that server's page composite. */
export function quorumLatchAlarmName(prefix: string, server: string): string {
  return `${prefix}-${server}-quorum-latch`;
}
/** The backstop of one server, in the home region only: the standard one-minute quorum. */
export function quorumBackstopAlarmName(prefix: string, server: string): string {
  return `${prefix}-${server}-quorum-backstop`;
}

/**
 * The causes a failure can have for paging (`pageFor` on a server or a journey): Okta's faults, the org's
 * configuration that stops users, the probe's own credentials and settings. functions/diagnosis/page-cause.ts places
 * each code.
 */
export const PAGE_CAUSES = ['okta', 'configuration', 'probe'] as const;
export type PageCause = (typeof PAGE_CAUSES)[number];

/** What pages when the config does not say: whatever stops users, whoever caused it. */
export const DEFAULT_PAGE_FOR: readonly PageCause[] = ['okta', 'configuration'];
