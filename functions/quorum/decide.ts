// The quorum's decisions, pure: what a region's run judged of each target (its verdict), whether the regions' fresh
// verdicts agree on an outage (the latch), and which region acts as home (docs/decisions/multi-region-quorum.md).
// No AWS client, no network, nothing of the Lambda: the probe's fast path (functions/lambda/quorum-*.ts), cost and the
// simulated deployment read it, and the stack's alarms (functions/plan/quorum.ts) name what it decides.
import { STATUS_SERVER, type DiagnosisCode, type FaultOwner, DEFAULT_PAGE_FOR } from '../contract';
import type { StackQuorum } from '../config/quorum';
import type { CheckResult } from '../types';
import { isUnjudged } from '../diagnosis/registry';
import { pagesFor } from '../plan/verdict';
import { regionOrder } from '../plan/quorum';
import { cleanRequests, isPageCheck, STABLE_REQUESTS, windowDown, type RequestWindow } from './window';

/**
 * What one region's run says of one target: `down`, an outage-class failure of a page check (Okta answered 5xx or
 * malformed, timed out, or refused the connection); `own`, a page check failed for a cause of our own (a rotated
 * secret, an expired key, a policy: the same in every region, yet not Okta's outage); `up`, its page checks passed;
 * `unknown`, nothing judged (skipped, not configured).
 */
export type VerdictState = 'down' | 'up' | 'own' | 'unknown';

export interface TargetVerdict {
  readonly state: VerdictState;
  /** The failing check's diagnosis, for down and own. */
  readonly code?: DiagnosisCode;
  /** When it was judged, ms since the epoch. */
  readonly at: number;
  /**
   * Until when a peer may count it, ms since the epoch: a target judged every round expires sooner than one judged
   * once a run.
   */
  readonly until: number;
  /**
   * Since when this region's rounds have passed every page check without a failed request, ms since the epoch: set on
   * the first clean round, also while the window still judges down by the rounds before it (then on a `down`
   * verdict). A latch clears only on regions up for OK_STABLE_SECONDS since then (absent on an `up` verdict of an item
   * written before it was kept: counted as stable).
   */
  readonly upSince?: number;
  /**
   * Which of this region's last four rounds (a minute: this one and the three before) judged it down, a bit each,
   * this round's the lowest (0b0011: this one and the one before). Absent in an item written before it was kept:
   * counted as confirmed.
   */
  readonly downRounds?: number;
  /**
   * Per page check that failed a request in this region's last rounds, each round's requests sent and failed
   * (window.ts): a partial outage judges the target down though no single round failed twice in a row.
   */
  readonly window?: RequestWindow;
}

/**
 * Of its last four rounds (30 s at the default 7.5 s), how many a region must judge a target down, this one
 * included, before its down counts towards a page. One failed round is already two failed requests (the in-run
 * retry), yet a round checks about four requests of each server: with Okta's background errors one failing round
 * would page a single region many times a month (BENCHMARKS.md section t measures it). Two of four, not two in a
 * row: an Okta failing 30 s in every 60 could leave each failing round between passing ones at 20 s rounds (failing,
 * passing, passing, failing...), and must still page. A total outage pages within 15 s: its second failing round
 * comes a third of a round (2.5 s at the default 7.5 s) after the first (schedule.ts confirmationAt).
 */
export const CONFIRM_ROUNDS = 2;

/** The rounds a verdict's `downRounds` remembers: 30 s of rounds at the default 7.5 s, this one included. */
const REMEMBERED_ROUNDS = 4;

/** The down bits of a verdict's last four rounds, given the verdict before it (the round before, or the run). */
export function downRoundsAfter(before: TargetVerdict | undefined, down: boolean): number {
  const earlier = before === undefined ? 0 : (before.downRounds ?? (before.state === 'down' ? 1 : 0));
  return ((earlier << 1) | (down ? 1 : 0)) & ((1 << REMEMBERED_ROUNDS) - 1);
}

/** Whether a region's verdict says the target is down, confirmed by CONFIRM_ROUNDS of its last four rounds. */
export function confirmedDown(verdict: TargetVerdict): boolean {
  if (verdict.state !== 'down') return false;
  // A window judging down is itself a minute and more of requests: already confirmed.
  if (verdict.downRounds === undefined || windowDown(verdict.window) !== undefined) return true;
  let count = 0;
  for (let bit = 0; bit < REMEMBERED_ROUNDS; bit += 1) count += (verdict.downRounds >> bit) & 1;
  return count >= CONFIRM_ROUNDS;
}

/**
 * How long a region must see a target pass, round after round, before its "up" can clear a page: a clean stretch
 * of 40 s, whatever the interval (its last round off the grid when the stretch falls due between two). An Okta that
 * flaps (40 s failing, 40 s answering) shows no longer stretch, so its outage stays one page; a real fix shows one
 * within 55 s, and the OK comes within 90 s of it (plan/quorum.ts FAST_OK_WITHIN_SECONDS;
 * docs/decisions/multi-region-quorum.md).
 */
export const OK_STABLE_SECONDS = 40;

/** Whether a region's fresh verdict counts towards clearing a latch at `now`: not down, and stably so. */
function stablyNotDown(verdict: TargetVerdict): boolean {
  if (verdict.state === 'own') return true;
  return (
    verdict.state === 'up' &&
    verdict.at - (verdict.upSince ?? -Infinity) >= OK_STABLE_SECONDS * 1000 &&
    cleanRequests(verdict.window) >= STABLE_REQUESTS
  );
}

/** One region's item in the verdict table. */
export interface RegionVerdicts {
  readonly region: string;
  readonly writtenAt: number;
  /**
   * When the run that wrote it started. Two runs of one region overlap (a run holds its rounds until the next run has
   * written, the schedule starting each anywhere in its minute): the older stops when it reads a newer run's item.
   * Absent from an item written before runs overlapped: the older.
   */
  readonly runAt?: number;
  /**
   * Set on the last item of a run that held its rounds to its end and read no newer run's item of its region (its
   * schedule stopped or throttled, or the next run late): nothing of this region follows it until a run writes again,
   * so no peer waits freshSeconds for it to act as home (endingItem).
   */
  readonly ended?: boolean;
  readonly verdicts: Readonly<Record<string, TargetVerdict>>;
}

/**
 * The verdict of each target a run judged: from its page checks only (a warning never counts towards a page),
 * never from a carried verdict (an earlier run's). `validMs`: how long a peer may count each (see TargetVerdict.until).
 * `pageFor`: the causes that page for each target (DEFAULT_PAGE_FOR when it has none): a failure of one of them is
 * `down`, of any other `own`. Okta's are always among them.
 */
export function judgeTargets(
  checks: readonly CheckResult[],
  at: number,
  validMs: number,
  pageFor: Readonly<Record<string, readonly FaultOwner[]>> = {},
): Record<string, TargetVerdict> {
  const byTarget = new Map<string, CheckResult[]>();
  for (const check of checks) {
    if (check.server === STATUS_SERVER || check.carried !== undefined || !isPageCheck(check.check)) continue;
    byTarget.set(check.server, [...(byTarget.get(check.server) ?? []), check]);
  }
  const verdicts: Record<string, TargetVerdict> = {};
  for (const [target, results] of byTarget) {
    const causes = Object.hasOwn(pageFor, target) ? pageFor[target] : DEFAULT_PAGE_FOR;
    const failed = results.flatMap((r) =>
      // A finding that judged nothing (Okta's announced operations, an app with no session): neither down nor own.
      r.status === 'fail' && !isUnjudged(r.diagnosis.code) ? [{ check: r.check, code: r.diagnosis.code }] : [],
    );
    // Whose each failure is and whether it pages, as the probe's own page alarms judge it (pagesFor).
    const pages = (f: (typeof failed)[number]): boolean => pagesFor(f.check, f.code, causes);
    const outage = failed.find(pages)?.code;
    const own = failed.find((f) => !pages(f))?.code;
    const state: VerdictState =
      outage !== undefined
        ? 'down'
        : own !== undefined
          ? 'own'
          : results.some((r) => r.status === 'pass')
            ? 'up'
            : 'unknown';
    const code = outage ?? own;
    verdicts[target] = { state, ...(code !== undefined ? { code } : {}), at, until: at + validMs };
  }
  return verdicts;
}

/** What the quorum concludes of one target, at one moment, from one region's view of the table. */
export interface TargetDecision {
  readonly target: string;
  /** Regions whose fresh verdict is down, in the configuration's order. */
  readonly down: readonly string[];
  /** Regions whose fresh verdict is up or own (they see no outage of Okta). */
  readonly notDown: readonly string[];
  /** Regions with no fresh verdict (silent, dead, or lagging): counted neither way. */
  readonly silent: readonly string[];
  /** The latch's state after this decision. */
  readonly latch: boolean;
  /** Regions failing while too few agree: each warns, naming itself, and never pages. */
  readonly lone: readonly string[];
}

/**
 * The latch of one target, with hysteresis: set when `agree` regions' fresh verdicts are down; cleared only when
 * enough fresh verdicts are stably not down (up for OK_STABLE_SECONDS) that `agree` can no longer be reached among
 * them (regions - agree + 1). A quorum that merely goes stale (a peer's verdict ageing out between its checks, a dead
 * region) holds the latch, so an outage pages once, not once per gap; the live regions' fresh "up" clears it, whoever
 * set it. One exception: `self` (the region deciding) that reads no fresh item of any peer (a replication stall that
 * outlives the outage, the table down, every peer stopped) clears on its own stable verdict. Nothing it reads can
 * clear its latch then, and nothing can set one (its own down is one region's), so waiting held the page in ALARM
 * long after Okta's fix; its own rounds are the only view left, and they clear only once stable, never while it sees
 * the outage.
 */
export function decideTarget(
  settings: StackQuorum,
  target: string,
  tables: readonly RegionVerdicts[],
  now: number,
  latched: boolean,
  self?: string,
): TargetDecision {
  const { regions } = settings;
  const down: string[] = [];
  const notDown: string[] = [];
  const silent: string[] = [];
  const stable = new Set<string>();
  const since = self === undefined ? -Infinity : heardSince(settings, self, tables, now);
  for (const region of regions) {
    const item = tables.find((t) => t.region === region);
    const verdict = item?.verdicts[target];
    // A down verdict not yet confirmed is neither down nor up: it sets nothing and clears nothing.
    const unconfirmed = verdict?.state === 'down' && !confirmedDown(verdict);
    const unheard = verdict?.state === 'down' && region !== self && (item?.writtenAt ?? -Infinity) <= since;
    if (verdict === undefined || verdict.until < now || verdict.state === 'unknown' || unconfirmed || unheard)
      silent.push(region);
    else if (verdict.state === 'down') down.push(region);
    else {
      notDown.push(region);
      if (stablyNotDown(verdict)) stable.add(region);
    }
  }
  const set = down.length >= settings.agree;
  // Cleared only by regions whose checks have passed for OK_STABLE_SECONDS: a flapping Okta stays one page.
  const alone = self !== undefined && stable.has(self) && isolated(settings, self, tables, now);
  const clear = stable.size >= regions.length - settings.agree + 1 || alone;
  const latch = set || (latched && !clear);
  return { target, down, notDown, silent, latch, lone: latch ? [] : down };
}

/**
 * For `self` standing in for the regions before it in the quorum's order (each silent past freshSeconds: the acting
 * home), the moment a peer must have written after for its down to count: their last item plus freshSeconds. A
 * stopped home leaves its peers writing, and their next items (every checkEverySeconds) count; a stalled table
 * freezes every peer's item about when it froze the home's, and those frozen downs, which the home had read and paged
 * on, set a second latch for one outage. -Infinity when no region before `self` is silent (or none ever wrote), or
 * each one that is said its run ended: that run held no latch, and with the bar at its end plus freshSeconds a peer's
 * down counted while the end was fresh stopped counting then, until that peer wrote again (the home's stopped probe
 * paged at 43.5 s where the ended mark alone gave 36.3 s, BENCHMARKS.md t).
 */
function heardSince(settings: StackQuorum, self: string, tables: readonly RegionVerdicts[], now: number): number {
  const order = regionOrder(settings);
  const before = new Set(order.slice(0, Math.max(0, order.indexOf(self))));
  // A run that said it ended (endingItem) held no latch: nothing it read was paged on, so it sets no bar.
  const silent = tables.filter((t) => before.has(t.region) && t.ended !== true);
  const last = Math.max(-Infinity, ...silent.map((t) => t.writtenAt));
  const since = last + settings.freshSeconds * 1000;
  return since < now ? since : -Infinity;
}

/** Whether `self` reads no fresh item of any peer: a stalled or failing table, or every peer stopped. */
function isolated(settings: StackQuorum, self: string, tables: readonly RegionVerdicts[], now: number): boolean {
  return !tables.some((t) => t.region !== self && now - t.writtenAt <= settings.freshSeconds * 1000);
}

/** Every target any region judged, decided: the targets of every region's item, in first-seen order. */
export function decideAll(
  settings: StackQuorum,
  tables: readonly RegionVerdicts[],
  now: number,
  latched: ReadonlySet<string>,
  self?: string,
): TargetDecision[] {
  const targets = [...new Set(tables.flatMap((t) => Object.keys(t.verdicts)))];
  return targets.map((target) => decideTarget(settings, target, tables, now, latched.has(target), self));
}

/**
 * The acting home as `self` sees the table at `now`: the first region in the quorum's order whose fast path is
 * alive. Only the acting home sets its latch, so one outage pages once, and a dead home's page moves to the next
 * region within freshSeconds. `self` is alive (it is running); an earlier region is dead when its item is older than
 * freshSeconds (or absent), or says its run ended with no run after it (`ended`): a live region writes every
 * checkEverySeconds, less than freshSeconds, so replication lag and the gap between runs never make a live home look
 * dead, and two regions never act at once. An ended item is dead at once: judged by its age alone, a home whose last
 * run saw an outage's first seconds and ended kept every peer from acting for freshSeconds more, and the page came at
 * 73.8 s (BENCHMARKS.md v).
 */
export function actingHome(
  settings: StackQuorum,
  self: string,
  tables: readonly RegionVerdicts[],
  now: number,
): string {
  for (const region of regionOrder(settings)) {
    if (region === self) return self;
    const item = tables.find((t) => t.region === region);
    if (item !== undefined && item.ended !== true && now - item.writtenAt <= settings.freshSeconds * 1000)
      return region;
  }
  return self;
}

/** How a run's rounds ended, for endingItem. */
export interface RunEnd {
  /** A newer run of its region wrote, and holds the rounds now. */
  readonly handedOver: boolean;
  /** It held its rounds to the end of its watch (a run that stopped sooner, or never held them, did not). */
  readonly reachedEnd: boolean;
  /** It holds a latch in ALARM: its page is sent. */
  readonly holdsLatch: boolean;
  /** The quorum has other regions (alone, a region is its own acting home whatever it writes). */
  readonly hasPeers: boolean;
}

/**
 * The item a run writes as its rounds end, saying it ended alone (`ended`), or undefined when it writes none. A run
 * holds its rounds until the next run of its region has written; one that reached its end without reading that run
 * leaves its region with nothing after it, whether the schedule stopped (Lambda queues a throttled asynchronous
 * invocation and retries it "for up to 6 hours", Lambda developer guide) or the next run is late. Said at once, its
 * peers stop counting it as the acting home at once. Not said by a run that holds a latch: its page is sent, and a
 * peer acting while its next run is merely late would page again, then clear (an OK) when that run takes the role
 * back; a home that dies holding its page hands over after freshSeconds, as it did. Nor by a run whose checks of a
 * target timed out: its next run's checks wait to their deadline too, so that run's first item comes after this one's
 * end by design (a home whose path was blackholed changed every peer's acting home twice in BENCHMARKS.md t), and
 * freshSeconds covers it.
 */
export function endingItem(last: RegionVerdicts, end: RunEnd, now: number): RegionVerdicts | undefined {
  if (end.handedOver || !end.reachedEnd || end.holdsLatch || !end.hasPeers) return undefined;
  if (Object.values(last.verdicts).some((v) => v.code === 'TIMEOUT')) return undefined;
  return { ...last, writtenAt: Math.max(now, last.writtenAt), ended: true };
}
