// The fast path of one region's run: after the run's checks, it checks again every checkEverySeconds until its
// deadline, writes its verdicts to the shared table after each check, reads its peers', and sets or clears each
// target's latch alarm when the quorum changes, if this region is the acting home (the first live region in the
// quorum's order: only it pages); any other region clears its own latch. Everything it touches is a port (the table,
// the latch, the clock, the checks), so the same loop runs in Lambda (functions/lambda/probe.ts), in unit tests and in
// the simulated deployment (scripts/bench/quorum.ts) on a fake clock. A failing port is logged and the loop goes on:
// the backstop alarm still pages when the fast path cannot.
import type { QuorumSettings } from '../config/quorum';
import {
  actingHome,
  downRoundsAfter,
  decideAll,
  judgeTargets,
  type RegionVerdicts,
  type TargetDecision,
  type Verdict,
} from '../plan/quorum';
import {
  afterTotalFailure,
  countRound,
  inDoubt,
  lastRoundClean,
  SUSPECT_SAMPLES,
  windowAfter,
  windowDown,
} from '../plan/quorum-window';
import type { PageCause } from '../contract';
import type { CheckResult } from '../types';

/** The verdict table of every region (a DynamoDB global table in AWS). */
export interface VerdictTable {
  write(item: RegionVerdicts): Promise<void>;
  /** The items of these regions, as this region's replica has them now (a peer's may lag). */
  read(regions: readonly string[]): Promise<RegionVerdicts[]>;
}

/** The latch alarms of this region (CloudWatch alarms set with SetAlarmState). */
export interface LatchAlarms {
  /** The targets whose latch is in ALARM now. */
  latched(targets: readonly string[]): Promise<Set<string>>;
  set(target: string, on: boolean, reason: string): Promise<void>;
}

export interface QuorumPorts {
  readonly table: VerdictTable;
  readonly latch: LatchAlarms;
  /**
   * One round's QuorumFailing (1 per target judged down) and QuorumHealthy (whether its table and latch calls
   * worked), timed by the round, to the home region: the backstop's input.
   */
  readonly publishFailing: (failing: Readonly<Record<string, 0 | 1>>, at: number, healthy: boolean) => Promise<void>;
  /** One fast round of checks (the page checks a total outage fails first: discovery of each server). */
  readonly check: () => Promise<readonly CheckResult[]>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

interface QuorumRunInput {
  readonly settings: QuorumSettings;
  readonly region: string;
  /** The run's own checks (round 0) and when the run started. */
  readonly checks: readonly CheckResult[];
  readonly startedAt: number;
  /** The targets each fast round checks again; the others' verdicts come from the run's checks only. */
  readonly fastTargets: readonly string[];
  /** No round starts unless it can finish before this (ms since the epoch). */
  readonly deadline: number;
  /** The longest one round can take (its requests' timeout, retried once). */
  readonly roundBudgetMs: number;
  /** Each server's and journey's `pageFor`, where the config gives one (the others page for DEFAULT_PAGE_FOR). */
  readonly pageFor?: Readonly<Record<string, readonly PageCause[]>>;
}

/** What the fast path did in one run: for the run line and the simulated deployment. */
export interface QuorumRun {
  readonly rounds: number;
  /** Each latch change: when, which target, to which state, and why. */
  readonly changes: readonly {
    readonly at: number;
    readonly target: string;
    readonly latch: boolean;
    readonly down: readonly string[];
  }[];
  /** Which region this run saw as the acting home: its first round's view, then each change (a home dying or back). */
  readonly acting: readonly { readonly at: number; readonly home: string }[];
  /** Targets failing in this region alone at the last round: each warns naming the region, never pages. */
  readonly lone: readonly string[];
  /** Ports that failed, by what was being done: never a secret, only the error's name and message. */
  readonly errors: readonly string[];
  /** Latches this region had set that CloudWatch had moved out of ALARM by itself, when seen: each was set again. */
  readonly reverted: readonly { readonly at: number; readonly target: string }[];
  /** When Okta rate-limited a fast round's own request (a 429 of ours): no round checked again in this run. */
  readonly backedOffAt?: number;
}

/** A 429 to our own request: the fast rounds stop checking for the rest of the run, and it never pages. */
const OWN_RATE_LIMITS: ReadonlySet<string> = new Set(['RATE_LIMITED', 'USER_RATE_LIMITED']);

export async function runQuorum(input: QuorumRunInput, ports: QuorumPorts): Promise<QuorumRun> {
  const { settings, region } = input;
  const errors: string[] = [];
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return undefined;
    }
  };
  const everyMs = settings.checkEverySeconds * 1000;
  const fast = new Set(input.fastTargets);
  // A target judged every round expires with the round's freshness; one judged once a run, a run later.
  const validMs = (target: string): number =>
    fast.has(target)
      ? settings.freshSeconds * 1000
      : 60_000 + (settings.freshSeconds - settings.checkEverySeconds) * 1000;
  const peers = settings.regions.filter((r) => r !== region);
  const mine: Record<string, Verdict> = {};
  // Each check's latest result: a fast round re-checks only some checks (and no journey), so a target's verdict
  // comes from the latest result of every check, and one the round did not re-run keeps failing until a run passes it.
  const latest = new Map<string, CheckResult>();
  const keep = (checks: readonly CheckResult[]): void => {
    for (const check of checks) {
      if (check.carried !== undefined) continue;
      const key = `${check.server}\n${check.check}`;
      // Of a round's samples, a pass is kept over a failure: the round fails a check only when every sample failed it
      // (an outage); a share of them failing is the window's to judge, over more requests than one round sends.
      if (!seenThisRound.has(key) || check.status === 'pass') latest.set(key, check);
      seenThisRound.add(key);
    }
  };
  const seenThisRound = new Set<string>();
  // This region's previous verdicts (its last run's), so "up since" survives from one run to the next.
  const previous: Readonly<Record<string, Verdict>> =
    (await attempt('read own verdicts', () => ports.table.read([region])))?.find(
      (item) => item.region === region && input.startedAt - item.writtenAt <= 2 * 60_000,
    )?.verdicts ?? {};
  // A target judged only in some runs (a journey every few minutes) keeps its last verdict in this region's item
  // until it is judged again, so its next failing run confirms the last one (CONFIRM_ROUNDS counts its own runs).
  // Long expired by then, it counts for no peer's decision and for no backstop.
  const kept: Record<string, Verdict> = Object.fromEntries(
    Object.entries(previous).filter(([target]) => !fast.has(target)),
  );
  const judge = (targets: (target: string) => boolean, at: number, round: readonly CheckResult[]): void => {
    const counts = countRound(round);
    const checks = [...latest.values()].filter((c) => targets(c.server));
    for (const [target, judged] of Object.entries(judgeTargets(checks, at, 0, input.pageFor))) {
      const before = mine[target] ?? previous[target];
      const window = windowAfter(before?.window, counts.get(target));
      const partial = judged.state !== 'down' ? windowDown(window) : undefined;
      const verdict: Verdict =
        partial === undefined
          ? judged
          : { ...judged, state: 'down', ...(partial.code !== undefined ? { code: partial.code } : {}) };
      // Stably up only through rounds in which no request failed: a partial outage shows passing rounds between
      // failing ones, and must not clear its page in one of them. A round with a failed request restarts the stretch;
      // the clean round after it starts it once the verdict is up. After a round that failed every request (an
      // outage's end, not a partial outage's luck) it starts at once, though the window still judges down by that
      // round (windowDown's RECENT_ROUNDS): waiting for the window put the OK 80 s after a fix instead of 60.
      const clean = judged.state === 'up' && lastRoundClean(window);
      const stillClean = clean && before?.upSince !== undefined && lastRoundClean(before.window);
      const starts = verdict.state === 'up' || (clean && afterTotalFailure(window));
      const upSince = stillClean ? before.upSince : starts ? at : undefined;
      mine[target] = {
        ...verdict,
        until: at + validMs(target),
        ...(upSince !== undefined ? { upSince } : {}),
        downRounds: downRoundsAfter(before, verdict.state === 'down'),
        ...(Object.keys(window).length > 0 ? { window } : {}),
      };
    }
    seenThisRound.clear();
  };
  // Each round's verdicts go to the backstop, timed by the round, with whether the round's fast path worked: the
  // backstop counts the regions failing (each region's Minimum of a minute) only in a minute when fewer than
  // `agree` regions' fast paths worked, so it pages when the latches cannot and never holds a page they cleared.
  // Every down round counts there: a minute's Minimum is its own confirmation (every round of the minute failed),
  // and a run that cannot read its last verdicts (the table down) must not leave its first round unconfirmed.
  // A round that starts the clean stretch after an outage (upSince on a verdict the window still holds down) is not
  // failing: the backstop clears a minute sooner when that round is the minute's only answer.
  const failing = (): Record<string, 0 | 1> =>
    Object.fromEntries(
      Object.entries(mine).map(([target, v]) => [target, v.state === 'down' && v.upSince === undefined ? 1 : 0]),
    );

  // Set at a 429 of our own: later rounds still write and read the table (this region stays live), but check nothing.
  let backedOffAt: number | undefined;
  /** `count` fast samples at once, the fast targets' results only; a 429 of our own stops later rounds. */
  const sample = async (count: number): Promise<CheckResult[]> => {
    const at = ports.now();
    const answers = await Promise.all(Array.from({ length: count }, () => attempt('fast checks', () => ports.check())));
    const checks = answers.flatMap((answer) => (answer ?? []).filter((c) => fast.has(c.server)));
    if (checks.some((c) => c.status === 'fail' && OWN_RATE_LIMITS.has(c.diagnosis.code))) backedOffAt = at;
    return checks;
  };

  // The run's own checks are its first round, one request of each. While the window the last run left holds a
  // failure, that round takes SUSPECT_SAMPLES samples of the fast checks after them, as every round in doubt does, and
  // its window counts those samples alone: a run's first round falls in every minute's stretch after a fix, and as one
  // request it left a clean stretch short of STABLE_REQUESTS by a round. The run's own result of a sampled check
  // still judges the verdict (a pass is kept over a failure), but is not counted: a fix that lands between the run's
  // checks and the samples would make the round look like a partial outage's, and hold the OK a round longer.
  const doubtful = [...fast].some((target) => inDoubt(previous[target]?.window));
  const firstSamples =
    doubtful && ports.now() + input.roundBudgetMs <= input.deadline ? await sample(SUSPECT_SAMPLES) : [];
  const sampled = new Set(firstSamples.map((c) => `${c.server}\n${c.check}`));
  keep([...input.checks, ...firstSamples]);
  judge(() => true, input.startedAt, [
    ...input.checks.filter((c) => !sampled.has(`${c.server}\n${c.check}`)),
    ...firstSamples,
  ]);
  let judgedAt = input.startedAt;

  // Unknown after a failed read: every decision is then written, so a latch a dead run left set is still cleared.
  const known = await attempt('read latch alarms', () => ports.latch.latched(Object.keys(mine)));
  const latched = new Set(known ?? []);
  const changes: { at: number; target: string; latch: boolean; down: readonly string[] }[] = [];
  const acting: { at: number; home: string }[] = [];
  let lone: string[];
  let rounds = 0;
  const reverted: { at: number; target: string }[] = [];
  for (;;) {
    rounds += 1;
    const errorsBefore = errors.length;
    const now = ports.now();
    const item: RegionVerdicts = { region, writtenAt: now, verdicts: { ...kept, ...mine } };
    await attempt('write verdicts', () => ports.table.write(item));
    const read = (peers.length > 0 ? await attempt('read peers', () => ports.table.read(peers)) : []) ?? [];
    const peerItems = read.filter((r) => r.region !== region);
    // SetAlarmState is documented as temporary ("Metric alarms return to their actual state quickly"): a latch this
    // region set is read back each later round, and one CloudWatch moved is set again below, a second page rather
    // than none (docs/decisions/latch-state.md; `okta-synthetics prove-latch` shows whether an account does this).
    if (rounds > 1 && latched.size > 0) {
      const still = await attempt('read latch alarms', () => ports.latch.latched([...latched]));
      for (const target of still === undefined ? [] : [...latched].filter((t) => !still.has(t))) {
        latched.delete(target);
        reverted.push({ at: ports.now(), target });
      }
    }
    const decidedAt = ports.now();
    const decisions = decideAll(settings, [item, ...peerItems], decidedAt, latched);
    // Only the acting home may latch: every region's latch pages, so one outage pages once. A region that is not
    // (a home that came back, or a region the home's return stepped down) clears its own latch.
    const home = actingHome(settings, region, peerItems, decidedAt);
    if (acting.at(-1)?.home !== home) acting.push({ at: decidedAt, home });
    for (const decision of decisions) {
      const latch = home === region && decision.latch;
      const unknownState = known === undefined && rounds === 1;
      if (latch === latched.has(decision.target) && !unknownState) continue;
      const reason =
        latch || home === region
          ? latchReason({ ...decision, latch }, settings)
          : `Not paging from ${region}: ${home} is the acting home and pages. ${latchReason(decision, settings)}`;
      const ok = await attempt(`set latch ${decision.target}`, () =>
        ports.latch.set(decision.target, latch, reason).then(() => true),
      );
      if (ok !== true) continue;
      if (latch !== latched.has(decision.target))
        changes.push({ at: ports.now(), target: decision.target, latch, down: decision.down });
      if (latch) latched.add(decision.target);
      else latched.delete(decision.target);
    }
    lone = decisions.filter((d) => d.lone.includes(region)).map((d) => d.target);
    // Healthy only when the round saw enough fresh verdicts to reach a quorum: during a replication stall every
    // region sees its peers stale and no latch can be set, so the backstop must count (it pages within 4 min).
    const fresh = 1 + peerItems.filter((p) => decidedAt - p.writtenAt <= settings.freshSeconds * 1000).length;
    const healthy = errors.length === errorsBefore && fresh >= settings.agree;
    await attempt('publish QuorumFailing', () => ports.publishFailing(failing(), judgedAt, healthy));

    const next = input.startedAt + rounds * everyMs;
    if (fast.size === 0 || next + input.roundBudgetMs > input.deadline) break;
    const wait = next - ports.now();
    if (wait > 0) await ports.sleep(wait);
    if (backedOffAt !== undefined) continue;
    const at = ports.now();
    // More samples while any target's window holds a failure: a partial outage shows within minutes, noise clears.
    const checks = await sample([...fast].some((target) => inDoubt(mine[target]?.window)) ? SUSPECT_SAMPLES : 1);
    keep(checks);
    judge((target) => fast.has(target), at, checks);
    judgedAt = at;
  }
  return { rounds, changes, acting, lone, errors, reverted, ...(backedOffAt !== undefined ? { backedOffAt } : {}) };
}

/** SetAlarmState's reason: which regions said what (a person reads it in the alarm's history). */
function latchReason(decision: TargetDecision, settings: QuorumSettings): string {
  const said = (label: string, regions: readonly string[]): string =>
    regions.length > 0 ? `${label}: ${regions.join(', ')}` : '';
  const parts = [said('down', decision.down), said('up', decision.notDown), said('silent', decision.silent)].filter(
    (p) => p !== '',
  );
  return (
    `${decision.latch ? 'Outage' : 'No outage'}: ${decision.down.length} of ${settings.agree} needed regions ` +
    `agree (${parts.join('; ')})`
  );
}
