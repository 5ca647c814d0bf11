// The multi-region quorum's contract: the verdict table's names, the metrics and alarms the probe sets or publishes
// and the stack builds, and the environment the function reads them from.
import type { FaultOwner } from './diagnosis-codes';

/** The verdict table, a DynamoDB global table with a replica in every region: one item per region. */
export function quorumTableName(prefix: string): string {
  return `${prefix}-quorum`;
}
/**
 * The table's key and attribute names: `region` (partition key), its verdicts by server (`verdicts`), the writing
 * run's start (`runAt`), whether that run ended with no run after it (`ended`), TTL `expires`.
 */
export const QUORUM_TABLE = {
  partitionKey: 'region',
  verdicts: 'verdicts',
  writtenAt: 'writtenAt',
  runAt: 'runAt',
  ended: 'ended',
  expires: 'expires',
} as const;

/** Names the verdict table to the probe (unset: no fast path). */
export const QUORUM_TABLE_ENV = 'QUORUM_TABLE';
/** The region this probe runs in, as the quorum counts it (Lambda's own AWS_REGION, or a test's). */
export const QUORUM_REGION_ENV = 'QUORUM_REGION';
/**
 * The seconds a run of the fast path holds its rounds after its checks' end: the function's timeout is
 * PROBE_TIMEOUT_SECONDS plus these, past the schedule's minute. EventBridge starts a run anywhere in its minute ("no
 * second-level precision", EventBridge user guide), so two runs of a region may start nearly two minutes apart; a run
 * that ended with its minute left its region's rounds (and its verdicts' freshness) to that gap. A run now goes on
 * until the next run of its region has written, and stops there (functions/lambda/quorum-loop.ts): it must outlast the
 * next minute's end, that run's start offset (15 s at most), a cold start and its checks. A healthy run lives about
 * a minute; Lambda bills no more of the timeout than that.
 */
export const QUORUM_WATCH_SECONDS = 90;
/** Tells the probe how much of its timeout is the watch's alone (ms; unset: none). */
export const QUORUM_WATCH_ENV = 'QUORUM_WATCH_MS';

/** The seconds a deployment's runs hold their rounds after their checks: QUORUM_WATCH_SECONDS with the fast path. */
export function quorumWatchSeconds(quorum: { readonly regions: readonly string[] } | null): number {
  return quorum !== null ? QUORUM_WATCH_SECONDS : 0;
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
 * The words `pageFor` on a server or a journey names each owner of a failure by (FaultOwner), the config's spelling:
 * read once into owners (functions/config/page-for.ts, PAGE_FOR_OWNER), so everything past the reader holds the owner.
 */
export const PAGE_FOR_WORDS = ['okta', 'configuration', 'probe', 'app'] as const;
export type PageForWord = (typeof PAGE_FOR_WORDS)[number];
export const PAGE_FOR_OWNER: Readonly<Record<PageForWord, FaultOwner>> = {
  okta: 'okta',
  configuration: 'org',
  probe: 'probe',
  app: 'app',
};
/** Each owner's word in the config, for what tells people their config (`plan`, a reader's message). */
export const PAGE_FOR_WORD: Readonly<Record<FaultOwner, PageForWord>> = {
  okta: 'okta',
  org: 'configuration',
  probe: 'probe',
  app: 'app',
};

export const DEFAULT_PAGE_FOR: readonly FaultOwner[] = ['okta', 'org'];
