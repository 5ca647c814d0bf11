// The multi-region quorum's order of regions, without CDK and without AWS (docs/decisions/multi-region-quorum.md):
// which region is home and in which order the others take over. What the quorum asks of each region's alarms is
// quorum-alarms.ts; the decisions that set the latch live in functions/quorum/.
import type { LoadedConfig } from '../config/parse';
import type { QuorumSettings } from '../config/quorum';

/** The quorum's order of regions: the home region first, then `regions` in the configuration's order. */
export function regionOrder(settings: QuorumSettings): string[] {
  const home = settings.homeRegion ?? settings.regions[0];
  return home === undefined ? [] : [home, ...settings.regions.filter((r) => r !== home)];
}

/** Whether `region` (undefined: the stack's own, with `regions` empty) is the quorum's home. */
export function isHome(settings: QuorumSettings, region: string | undefined): boolean {
  return region === undefined || settings.regions.length === 0 || region === settings.homeRegion;
}

/**
 * Whether `region` is the deployment's home: the quorum's, else the first of `regions` (or the one stack). What lives
 * once per deployment lives there: the sign-in stream's bus, this org's status page.
 */
export function isDeploymentHome(
  config: { readonly deploy: Pick<LoadedConfig['deploy'], 'quorum' | 'regions'> },
  region: string | undefined,
): boolean {
  const quorum = config.deploy.quorum;
  const first = config.deploy.regions[0];
  return quorum !== null ? isHome(quorum, region) : region === undefined || first === undefined || region === first;
}

/**
 * How often a run reads the table between its rounds (quorum/schedule.ts RoundBudget.peerWatchMs), here beside the
 * promise it is part of: what a run bills past the minute is half of it on average, and a round's read. Every
 * region confirms a failure at the same moment, so the acting home's own confirming round reads its peers' before
 * they replicate, and the page waits for its next read after replication: 1.25 s at worst, half of replication's
 * (2.5 s before, and 5 s before that), which puts the chain at 7.5 s rounds within 15 s.
 */
export const PEER_WATCH_MS = 1_250;

/**
 * How long after a round that failed a request (an outage-class one: a configuration break is never confirmed early)
 * its confirmation comes, in rounds (quorum/schedule.ts confirmationAt): a third of a round, 2.5 s at the default
 * 7.5 s. A blip still in progress then pages: half a round (5 s at 10 s rounds) kept the page over 15 s at every
 * interval Okta's /token budget allows (docs/decisions/multi-region-quorum.md, "The page within 15 s").
 */
export const CONFIRMATION_ROUNDS = 1 / 3;

/** A global table's replication to the acting home at worst ("a second or two"), and a latch's composite and SNS. */
export const REPLICATION_MS = 2_500;
const COMPOSITE_AND_SNS_MS = 1_000;

/**
 * The fast path's promise at `checkEverySeconds`, rounded up to 5 s: an outage that starts just after a grid round
 * fails the next (a round later), is confirmed a third of a round after that (CONFIRMATION_ROUNDS), reaches the
 * acting home by replication and its next read of its peers, and pages through its composite. 15 s at the default
 * 7.5 s (7.5 + 2.5 + 2.5 + 1.25 + 1); 20 s at 10 s, 25 s at 15 s, 35 s at 20 s.
 */
export function fastPageWithinSeconds(checkEverySeconds: number): number {
  const roundMs = checkEverySeconds * 1000;
  const ms = roundMs + roundMs * CONFIRMATION_ROUNDS + REPLICATION_MS + PEER_WATCH_MS + COMPOSITE_AND_SNS_MS;
  return Math.ceil(ms / 5_000) * 5;
}

/**
 * From a fix to the fast path's OK, at worst: a clean stretch of OK_STABLE_SECONDS (functions/quorum/decide.ts), seen
 * within 55 s of the fix, then the latch's clearing round and its composite (docs/decisions/multi-region-quorum.md).
 */
export const FAST_OK_WITHIN_SECONDS = 90;

/**
 * How soon the home region's backstop pages when the fast path cannot (its table, SetAlarmState or a region's
 * scheduler failing): its one-minute datapoint, complete a minute later, and CloudWatch's evaluation delay.
 */
export const BACKSTOP_PAGE_WITHIN_MINUTES = 4;

/** How soon one region's page composites tell a failure and a fix. */
export interface PageTiming {
  /** Seconds from an outage's start to the page, at worst: the fast path's, or the schedule's alarms without it. */
  readonly pageWithinSeconds: number;
  /**
   * Seconds from a server's configuration stopping users (a policy, an assignment, an audience) to the page: with the
   * fast path a round later than an outage, which is confirmed early and such a break is not.
   */
  readonly configPageWithinSeconds: number;
  /** Seconds from the fix to OK, at worst. */
  readonly okWithinSeconds: number;
  /** Whether the fast path pages (the latch), or each page check's own alarm. */
  readonly by: 'fast path' | 'check alarms';
}

/**
 * The fast path's promise at `checkEverySeconds`: a page within the round schedule's worst (15 s at the default
 * check every 7.5 s; a configuration break, never confirmed early, a round more), OK within FAST_OK_WITHIN_SECONDS.
 * The plan, the cost and the alarms' texts all read it here.
 */
export const fastPathTiming = (checkEverySeconds: number): PageTiming => ({
  pageWithinSeconds: fastPageWithinSeconds(checkEverySeconds),
  configPageWithinSeconds: fastPageWithinSeconds(checkEverySeconds) + checkEverySeconds,
  okWithinSeconds: FAST_OK_WITHIN_SECONDS,
  by: 'fast path',
});
