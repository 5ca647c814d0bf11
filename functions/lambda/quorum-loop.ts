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
  endingItem,
  judgeTargets,
  OK_STABLE_SECONDS,
  type RegionVerdicts,
  type TargetDecision,
  type TargetVerdict,
} from '../quorum/decide';
import {
  afterTotalFailure,
  countRound,
  failedAny,
  inDoubt,
  lastRoundClean,
  SUSPECT_SAMPLES,
  windowAfter,
  windowDown,
  type RequestWindow,
} from '../quorum/window';
import { confirmationAt, nextRound, PEER_WATCH_MS, scheduleStart, type Asked } from '../quorum/schedule';
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
  /** One fast round of checks, settled by `deadline` (a check still waiting then is a TIMEOUT). */
  readonly check: (deadline: number) => Promise<readonly CheckResult[]>;
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
  /** The run's checks' deadline (ms since the epoch): the rounds' end when the run has no `watchUntil`. */
  readonly deadline: number;
  /**
   * Until when the run's rounds and the acting home's reading of its peers may go on (default: the deadline). The
   * schedule starts a run anywhere in its minute, so a run holds its rounds past its checks until the next run of its
   * region has written (it reads that run's item and stops), and this is set past the latest moment that run can
   * start: a region's rounds then come every checkEverySeconds whatever its runs' seconds.
   */
  readonly watchUntil?: number;
  /** The longest one round can take (its requests' timeout, retried once). */
  readonly roundBudgetMs: number;
  /** Each server's and journey's `pageFor`, where the config gives one (the others page for DEFAULT_PAGE_FOR). */
  readonly pageFor?: Readonly<Record<string, readonly PageCause[]>>;
  /**
   * This region's last item as this process judged it, from an earlier run in the same Lambda environment (`last` of
   * that run): when the table cannot give this region's item back, the run still knows since when each target has
   * been up, instead of starting every stretch again at its first round.
   */
  readonly remembered?: RegionVerdicts;
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
  /** Whether the run stopped because a newer run of its region had written: that run holds the rounds now. */
  readonly handedOver: boolean;
  /** This region's last item as judged, written or not: the next run's `remembered`. */
  readonly last: RegionVerdicts;
}

/** A 429 to our own request: the fast rounds stop checking for the rest of the run, and it never pages. */
const OWN_RATE_LIMITS: ReadonlySet<string> = new Set(['RATE_LIMITED', 'USER_RATE_LIMITED']);

type Attempt = <T>(what: string, work: () => Promise<T>) => Promise<T | undefined>;

/**
 * A target's verdict after one more round: the state its checks give, down all the same when its window judges a
 * partial outage, and since when its rounds have been clean.
 */
function verdictAfter(
  judged: TargetVerdict,
  before: TargetVerdict | undefined,
  window: RequestWindow,
  at: number,
): TargetVerdict {
  const partial = judged.state !== 'down' ? windowDown(window) : undefined;
  const verdict: TargetVerdict =
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
  return {
    ...verdict,
    ...(upSince !== undefined ? { upSince } : {}),
    downRounds: downRoundsAfter(before, verdict.state === 'down'),
    ...(Object.keys(window).length > 0 ? { window } : {}),
  };
}

/** This region's verdicts through one run: each check's latest result, and each target's verdict after each round. */
class RoundJudge {
  /** This run's verdict of each target it judged. */
  readonly mine: Record<string, TargetVerdict> = {};
  // Each check's latest result: a fast round re-checks only some checks (and no journey), so a target's verdict
  // comes from the latest result of every check, and one the round did not re-run keeps failing until a run passes it.
  private readonly latest = new Map<string, CheckResult>();
  private readonly seenThisRound = new Set<string>();

  constructor(
    private readonly input: QuorumRunInput,
    /** This region's verdicts from its last run, so "up since" and the window survive from one run to the next. */
    private readonly previous: Readonly<Record<string, TargetVerdict>>,
  ) {}

  /** Keeps a round's results: of its samples, a pass is kept over a failure. */
  keep(checks: readonly CheckResult[]): void {
    for (const check of checks) {
      if (check.carried !== undefined) continue;
      const key = `${check.server}\n${check.check}`;
      // The round fails a check only when every sample failed it (an outage); a share of them failing is the
      // window's to judge, over more requests than one round sends.
      if (!this.seenThisRound.has(key) || check.status === 'pass') this.latest.set(key, check);
      this.seenThisRound.add(key);
    }
  }

  /** Judges the targets `targets` names at `at`, `round` being the requests the round's windows count. */
  judge(targets: (target: string) => boolean, at: number, round: readonly CheckResult[]): void {
    const counts = countRound(round);
    const checks = [...this.latest.values()].filter((c) => targets(c.server));
    for (const [target, judged] of Object.entries(judgeTargets(checks, at, 0, this.input.pageFor))) {
      const before = this.mine[target] ?? this.previous[target];
      const verdict = verdictAfter(judged, before, windowAfter(before?.window, counts.get(target)), at);
      this.mine[target] = { ...verdict, until: at + this.validMs(target) };
    }
    this.seenThisRound.clear();
  }

  /**
   * The earliest moment a fast target's clean stretch reaches OK_STABLE_SECONDS, of those still short of it: the round
   * that can show it stable. Undefined when none is on its way.
   */
  stableDue(): number | undefined {
    const span = OK_STABLE_SECONDS * 1000;
    let due: number | undefined;
    for (const target of this.input.fastTargets) {
      const verdict = this.mine[target];
      if (verdict?.upSince === undefined || verdict.at - verdict.upSince >= span) continue;
      due = Math.min(due ?? Infinity, verdict.upSince + span);
    }
    return due;
  }

  /** Whether any fast target's window holds a failure: the round samples more. */
  inDoubt(): boolean {
    return this.input.fastTargets.some((target) => inDoubt(this.mine[target]?.window));
  }

  /**
   * Each target's QuorumFailing for the backstop. Every down round counts there: a minute's Minimum is its own
   * confirmation (every round of the minute failed), and a run that cannot read its last verdicts (the table down)
   * must not leave its first round unconfirmed. A round that starts the clean stretch after an outage (upSince on a
   * verdict the window still holds down) is not failing: the backstop clears a minute sooner when that round is the
   * minute's only answer.
   */
  failing(): Record<string, 0 | 1> {
    return Object.fromEntries(
      Object.entries(this.mine).map(([target, v]) => [target, v.state === 'down' && v.upSince === undefined ? 1 : 0]),
    );
  }

  // A target judged every round expires with the round's freshness; one judged once a run, a run later.
  private validMs(target: string): number {
    const { freshSeconds, checkEverySeconds } = this.input.settings;
    return this.input.fastTargets.includes(target)
      ? freshSeconds * 1000
      : 60_000 + (freshSeconds - checkEverySeconds) * 1000;
  }
}

/** What one run's rounds share: its ports, its latches as it last saw them, and what it reports. */
interface RunState {
  readonly input: QuorumRunInput;
  readonly ports: QuorumPorts;
  readonly attempt: Attempt;
  /** The port failures so far (a round that adds one is not healthy). */
  readonly errors: readonly string[];
  readonly latched: Set<string>;
  readonly changes: { at: number; target: string; latch: boolean; down: readonly string[] }[];
  readonly acting: { at: number; home: string }[];
  readonly reverted: { at: number; target: string }[];
}

/**
 * SetAlarmState is documented as temporary ("Metric alarms return to their actual state quickly"): a latch this
 * region set is read back each later round, and one CloudWatch moved is set again by the round's decisions, a second
 * page rather than none (docs/decisions/latch-state.md; `okta-synthetics prove-latch` shows whether an account does
 * this).
 */
async function readBackLatches(run: RunState): Promise<void> {
  if (run.latched.size === 0) return;
  const still = await run.attempt('read latch alarms', () => run.ports.latch.latched([...run.latched]));
  for (const target of still === undefined ? [] : [...run.latched].filter((t) => !still.has(t))) {
    run.latched.delete(target);
    run.reverted.push({ at: run.ports.now(), target });
  }
}

/**
 * Sets or clears each target's latch as the quorum decides, and returns the decisions. Only the acting home may
 * latch: every region's latch pages, so one outage pages once. A region that is not (a home that came back, or a
 * region the home's return stepped down) clears its own latch. `writeAll`: the latches' state is unknown (a failed
 * read), so every decision is written and a latch a dead run left set is still cleared.
 */
async function latchRound(
  run: RunState,
  tables: { readonly item: RegionVerdicts; readonly peers: readonly RegionVerdicts[] },
  decidedAt: number,
  writeAll: boolean,
): Promise<TargetDecision[]> {
  const { settings, region } = run.input;
  const decisions = decideAll(settings, [tables.item, ...tables.peers], decidedAt, run.latched);
  const home = actingHome(settings, region, tables.peers, decidedAt);
  if (run.acting.at(-1)?.home !== home) run.acting.push({ at: decidedAt, home });
  for (const decision of decisions) {
    const latch = home === region && decision.latch;
    if (latch === run.latched.has(decision.target) && !writeAll) continue;
    const reason =
      latch || home === region
        ? latchReason({ ...decision, latch }, settings)
        : `Not paging from ${region}: ${home} is the acting home and pages. ${latchReason(decision, settings)}`;
    const ok = await run.attempt(`set latch ${decision.target}`, () =>
      run.ports.latch.set(decision.target, latch, reason).then(() => true),
    );
    if (ok !== true) continue;
    if (latch !== run.latched.has(decision.target))
      run.changes.push({ at: run.ports.now(), target: decision.target, latch, down: decision.down });
    if (latch) run.latched.add(decision.target);
    else run.latched.delete(decision.target);
  }
  return decisions;
}

/** How long before a minute ends the backstop's round starts: its one sample answers well within it. */
const BACKSTOP_LEAD_MS = 2_000;

/** The backstop is what pages and a target fails: a round at the minute's last moment, when that is still ahead. */
function askBackstop(clock: RoundClock, now: number): void {
  const at = Math.ceil((now + 1) / 60_000) * 60_000 - BACKSTOP_LEAD_MS;
  if (at > now) clock.backstopAt(at);
}

/** How long before the run's deadline the watch reads its peers a last time: a read and a SetAlarmState, with room. */
const LAST_READ_MARGIN_MS = 1_000;

/** Whether the table's last view holds trouble worth watching: a latch held, or any region's verdict down. */
function troubled(run: RunState, decisions: readonly TargetDecision[], tables: readonly RegionVerdicts[]): boolean {
  return (
    run.latched.size > 0 ||
    decisions.some((d) => d.down.length > 0) ||
    tables.some((t) => Object.values(t.verdicts).some((v) => v.state === 'down'))
  );
}

/** Whether a read shows a newer run of this region: it holds the rounds from now on, and this run stops. */
function superseded(read: readonly RegionVerdicts[], input: QuorumRunInput): boolean {
  return read.some((r) => r.region === input.region && (r.runAt ?? 0) > input.startedAt);
}

/**
 * Waits until `until`, the next round (or, `readAtEnd`, watches until the run's end only while there is something to
 * watch). While this region is the acting home and a target is in trouble, it reads its peers every PEER_WATCH_MS
 * meanwhile and decides again on this region's own item as last written: a peer's verdict counts as soon as the table
 * holds it (a peer's round falls anywhere in this region's interval, and waiting for the next round cost about 15 s of
 * the three-region page and OK). It checks nothing, writes nothing of its own and publishes nothing: only the latches
 * can change. Past its checks' deadline, when the next run of its region may have written, every run reads its own
 * item as often, and returns true when it shows that newer run, which holds the rounds and latches now: this run
 * stops, and Lambda bills no more of the wait.
 */
async function watchPeers(
  run: RunState,
  tables: { readonly item: RegionVerdicts; readonly peers: readonly RegionVerdicts[] },
  decisions: readonly TargetDecision[],
  until: number,
  readAtEnd: boolean,
): Promise<boolean> {
  const { ports, input } = run;
  const regions = input.settings.regions.filter((r) => r !== input.region);
  let peers = tables.peers;
  let latest = decisions;
  for (;;) {
    const now = ports.now();
    const watching =
      regions.length > 0 &&
      actingHome(input.settings, input.region, peers, now) === input.region &&
      troubled(run, latest, [tables.item, ...peers]);
    const handingOver = input.watchUntil !== undefined && now >= input.deadline;
    // Before a round, the round's own read comes at `until`; at the run's end nothing does, so the last read is then.
    const step = Math.min(PEER_WATCH_MS, until - now);
    if (!(watching || handingOver) || step <= 0 || (!readAtEnd && step < PEER_WATCH_MS)) break;
    await ports.sleep(step);
    const wanted = watching ? [...regions, input.region] : [input.region];
    const read = await run.attempt('read peers', () => ports.table.read(wanted));
    if (read === undefined) continue;
    if (superseded(read, input)) return true;
    if (!watching) continue;
    peers = read.filter((r) => r.region !== input.region);
    latest = await latchRound(run, { item: tables.item, peers }, ports.now(), false);
  }
  // At the run's end nothing follows: a run with nothing to watch ends at its last round, not at its deadline (Lambda
  // bills the wait).
  const wait = until - ports.now();
  if (wait > 0 && !readAtEnd) await ports.sleep(wait);
  return false;
}

/**
 * The run's `round`th share of the table: its peers' items read with this region's own (a newer run's item there
 * ends this run before it writes), this region's item written, its latches read back (after the first round) and set
 * as the quorum decides, and whether the round was healthy for the backstop. The first round corrects every latch
 * when their state is `unknown` (a failed read), so one a dead run left set is cleared.
 */
async function shareRound(
  run: RunState,
  item: RegionVerdicts,
  regions: readonly string[],
  round: number,
  unknown: boolean,
) {
  const errorsBefore = run.errors.length;
  const read = await run.attempt('read peers', () => run.ports.table.read([...regions, item.region]));
  if (read !== undefined && superseded(read, run.input)) return { superseded: true as const };
  await run.attempt('write verdicts', () => run.ports.table.write(item));
  const peers = (read ?? []).filter((r) => r.region !== item.region);
  const tableWorked = run.errors.length === errorsBefore;
  const latchesBefore = run.errors.length;
  if (round > 1) await readBackLatches(run);
  const decidedAt = run.ports.now();
  const tables = { item, peers };
  const decisions = await latchRound(run, tables, decidedAt, unknown && round === 1);
  // Alone, a region's latch needs no table: its own verdict is the quorum, and the run remembers its last item
  // (`remembered`). A table that fails there must not turn the backstop on beside a latch that still pages and clears,
  // and clears sooner: the backstop waits for a whole minute without a failing round, evaluated after it.
  const alone = run.input.settings.regions.length <= 1;
  const callsWorked = (tableWorked || alone) && run.errors.length === latchesBefore;
  const healthy = roundHealthy(run.input.settings, peers, decidedAt, callsWorked);
  return { superseded: false as const, tables, decisions, healthy };
}

/**
 * This region's item from its last run, when it was written within two minutes of this run's start: the table's, or
 * the one this process remembers when that is newer (the table down, or a write of the last run that failed). The
 * table's wins a tie and is newer after a run in another environment (a duplicate invocation, a cold start).
 */
async function previousVerdicts(input: QuorumRunInput, ports: QuorumPorts, attempt: Attempt) {
  const items = await attempt('read own verdicts', () => ports.table.read([input.region]));
  const stored = items?.find((item) => item.region === input.region);
  const remembered = input.remembered?.region === input.region ? input.remembered : undefined;
  const newest =
    remembered !== undefined && (stored === undefined || remembered.writtenAt > stored.writtenAt) ? remembered : stored;
  return newest !== undefined && input.startedAt - newest.writtenAt <= 2 * 60_000 ? newest.verdicts : undefined;
}

/** Runs `work`, and on a throw keeps its name and message in `errors` (never a secret: ports throw AWS's errors). */
function attempting(errors: string[]): Attempt {
  return async (what, work) => {
    try {
      return await work();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return undefined;
    }
  };
}

/**
 * The run's own checks are its first round, one request of each. While the window the last run left holds a
 * failure, that round takes SUSPECT_SAMPLES samples of the fast checks after them (`samples`), as every round in doubt
 * does, and its window counts those samples alone: a run's first round falls in every minute's stretch after a fix,
 * and as one request it left a clean stretch short of STABLE_REQUESTS by a round. The run's own result of a sampled
 * check still judges the verdict (a pass is kept over a failure), but is not counted: a fix that lands between the
 * run's checks and the samples would make the round look like a partial outage's, and hold the OK a round longer.
 */
async function judgeFirstRound(
  judge: RoundJudge,
  input: QuorumRunInput,
  previous: Readonly<Record<string, TargetVerdict>>,
  samples: () => Promise<CheckResult[]> | CheckResult[],
  now: number,
): Promise<boolean> {
  const doubtful = input.fastTargets.some((target) => inDoubt(previous[target]?.window));
  const firstSamples = doubtful ? await samples() : [];
  const sampled = new Set(firstSamples.map((c) => `${c.server}\n${c.check}`));
  judge.keep([...input.checks, ...firstSamples]);
  // Judged no earlier than the region's last verdict: the run before this one keeps its rounds until it reads this
  // run's item, so its last round can come after this run started. A clean stretch it began then, judged at this
  // run's start, would be up since a moment after the verdict (refused as damaged when read back), and the OK late.
  const at = Math.min(now, Math.max(input.startedAt, ...Object.values(previous).map((v) => v.at)));
  judge.judge(() => true, at, [
    ...input.checks.filter((c) => !sampled.has(`${c.server}\n${c.check}`)),
    ...firstSamples,
  ]);
  const fast = new Set(input.fastTargets);
  return !doubtful && failedAny(input.checks.filter((c) => fast.has(c.server)));
}

/**
 * The run's schedule (functions/quorum/schedule.ts decides it): what the rounds so far asked of the next, and where
 * the grid stands. A confirmation by instant samples would page for a blip of a second; half a round apart it is a
 * failure that lasted.
 */
class RoundClock {
  private state;
  private asked: Asked = {};

  constructor(startedAt: number, intervalMs: number) {
    this.state = scheduleStart(startedAt, intervalMs);
  }

  /** The next round, or undefined when none fits by `latest`. What was asked is spent either way. */
  next(latest: number): { readonly at: number; readonly backstop: boolean } | undefined {
    const round = nextRound(this.state, this.asked, latest);
    this.state = round.state;
    this.asked = {};
    return round.kind === 'end' ? undefined : { at: round.at, backstop: round.kind === 'backstop' };
  }

  /** The backstop is what pages and a target fails: a round at the minute's last moment (schedule.ts Asked). */
  backstopAt(at: number): void {
    this.asked = { ...this.asked, backstopAt: at };
  }

  /** A clean stretch reaches OK_STABLE_SECONDS at `at`: a round then shows it. */
  stableAt(at: number): void {
    if (this.asked.stableAt === undefined || at < this.asked.stableAt) this.asked = { ...this.asked, stableAt: at };
  }

  /** A round at `at` failed a request while no window was in doubt: the next round confirms it. */
  failedAlone(at: number, latest: number): void {
    this.asked = { ...this.asked, confirmAt: confirmationAt(at, this.state.intervalMs, latest) };
  }
}

/** When the run's rounds end: the watch's end when it has one, else the checks' deadline. */
const runEnd = (input: QuorumRunInput): number => input.watchUntil ?? input.deadline;

/**
 * The checks of a round settle by the run's end (a check still waiting then is a TIMEOUT); its table and alarm calls
 * come after, which the caller's `watchUntil` leaves room for.
 */
const checksDeadline = runEnd;

/** The last moment a round starts and still ends by the run's end. */
const latestRound = (input: QuorumRunInput): number => runEnd(input) - input.roundBudgetMs;

/**
 * Tells the clock what a round judged at `at` asks of the next: a failure alone is confirmed sooner, and a clean
 * stretch is checked again the moment it reaches OK_STABLE_SECONDS.
 */
function nextRoundAfter(clock: RoundClock, judge: RoundJudge, input: QuorumRunInput, at: number, failedAlone: boolean) {
  if (failedAlone) clock.failedAlone(at, latestRound(input));
  const due = judge.stableDue();
  if (due !== undefined) clock.stableAt(due);
}

/**
 * `count` fast samples at once, the fast targets' results only. A 429 of our own calls `backOff` with when the
 * samples were sent: later rounds check nothing.
 */
function sampling(
  ports: QuorumPorts,
  fast: ReadonlySet<string>,
  attempt: Attempt,
  backOff: (at: number) => void,
): (count: number, deadline: number) => Promise<CheckResult[]> {
  return async (count, deadline) => {
    const at = ports.now();
    const answers = await Promise.all(
      Array.from({ length: count }, () => attempt('fast checks', () => ports.check(deadline))),
    );
    const checks = answers.flatMap((answer) => (answer ?? []).filter((c) => fast.has(c.server)));
    if (checks.some((c) => c.status === 'fail' && OWN_RATE_LIMITS.has(c.diagnosis.code))) backOff(at);
    return checks;
  };
}

/**
 * Each round's verdicts go to the backstop, timed by the round, with whether the round's fast path worked: the
 * backstop counts the regions failing only in a minute when fewer than `agree` regions' fast paths worked, so it
 * pages when the latches cannot and never holds a page they cleared. Healthy only when the round's calls worked and
 * it saw enough fresh verdicts to reach a quorum: during a replication stall every region sees its peers stale and
 * no latch can be set, so the backstop must count (it pages within 4 min).
 */
function roundHealthy(
  settings: QuorumSettings,
  peers: readonly RegionVerdicts[],
  decidedAt: number,
  callsWorked: boolean,
): boolean {
  const fresh = 1 + peers.filter((p) => decidedAt - p.writtenAt <= settings.freshSeconds * 1000).length;
  return callsWorked && fresh >= settings.agree;
}

export async function runQuorum(input: QuorumRunInput, ports: QuorumPorts): Promise<QuorumRun> {
  const { settings, region } = input;
  const errors: string[] = [];
  const attempt = attempting(errors);
  const fast = new Set(input.fastTargets);
  const peers = settings.regions.filter((r) => r !== region);
  const previous = (await previousVerdicts(input, ports, attempt)) ?? {};
  const judge = new RoundJudge(input, previous);
  // A target judged only in some runs (a journey every few minutes) keeps its last verdict in this region's item
  // until it is judged again, so its next failing run confirms the last one (CONFIRM_ROUNDS counts its own runs).
  // Long expired by then, it counts for no peer's decision and for no backstop.
  const kept = Object.fromEntries(Object.entries(previous).filter(([target]) => !fast.has(target)));

  // Set at a 429 of our own: later rounds still write and read the table (this region stays live), but check nothing.
  let backedOffAt: number | undefined;
  const sample = sampling(ports, fast, attempt, (at) => {
    backedOffAt = at;
  });

  const clock = new RoundClock(input.startedAt, settings.checkEverySeconds * 1000);
  const firstSamples = () => (ports.now() <= latestRound(input) ? sample(SUSPECT_SAMPLES, checksDeadline(input)) : []);
  const firstFailedAlone = await judgeFirstRound(judge, input, previous, firstSamples, ports.now());
  nextRoundAfter(clock, judge, input, input.startedAt, firstFailedAlone);
  let judgedAt = input.startedAt;

  // Unknown after a failed read: every decision is then written, so a latch a dead run left set is still cleared.
  const known = await attempt('read latch alarms', () => ports.latch.latched(Object.keys(judge.mine)));
  const latched = new Set(known ?? []);
  const run: RunState = { input, ports, attempt, errors, latched, changes: [], acting: [], reverted: [] };
  let lone: string[] = [];
  let rounds = 0;
  let item: RegionVerdicts;
  let handedOver: boolean;
  for (;;) {
    rounds += 1;
    item = { region, writtenAt: ports.now(), runAt: input.startedAt, verdicts: { ...kept, ...judge.mine } };
    const shared = await shareRound(run, item, peers, rounds, known === undefined);
    handedOver = shared.superseded;
    if (shared.superseded) break;
    lone = shared.decisions.filter((d) => d.lone.includes(region)).map((d) => d.target);
    const failing = judge.failing();
    await attempt('publish QuorumFailing', () => ports.publishFailing(failing, judgedAt, shared.healthy));
    if (fast.size === 0) break;
    if (!shared.healthy && Object.values(failing).includes(1)) askBackstop(clock, ports.now());
    const planned = clock.next(latestRound(input));
    const last = planned === undefined;
    // When no round fits before the run's end, a peer's verdict still may, until a last read and latch call before it.
    const until = planned?.at ?? runEnd(input) - LAST_READ_MARGIN_MS;
    handedOver = await watchPeers(run, shared.tables, shared.decisions, until, last);
    if (handedOver || last) break;
    if (backedOffAt !== undefined) continue;
    judgedAt = ports.now();
    await checkRound({ judge, clock, input, sample }, judgedAt, planned.backstop);
  }
  await sayEnded(run, item, handedOver);
  const { changes, acting, reverted } = run;
  const backedOff = backedOffAt !== undefined ? { backedOffAt } : {};
  return { rounds, changes, acting, lone, errors, reverted, ...backedOff, handedOver, last: item };
}

/**
 * A run that held its rounds to its end and read no newer run of its region says so in a last item (decide.ts
 * endingItem), right after its last read: its peers stop counting it as the acting home at once. The write is
 * unconditional, as every item's is: a next run that wrote in the moment between that read and this write is
 * overwritten until its next round.
 */
async function sayEnded(run: RunState, item: RegionVerdicts, handedOver: boolean): Promise<void> {
  const { input, ports } = run;
  const reachedEnd = input.watchUntil !== undefined && ports.now() >= runEnd(input) - LAST_READ_MARGIN_MS;
  const hasPeers = input.settings.regions.some((r) => r !== input.region);
  const end = { handedOver, reachedEnd, holdsLatch: run.latched.size > 0, hasPeers };
  const ending = endingItem(item, end, ports.now());
  if (ending !== undefined) await run.attempt('write verdicts', () => ports.table.write(ending));
}

/** One round's checks, judged at `judgedAt`, and what they ask of the next round. */
async function checkRound(
  loop: {
    readonly judge: RoundJudge;
    readonly clock: RoundClock;
    readonly input: QuorumRunInput;
    readonly sample: (count: number, deadline: number) => Promise<CheckResult[]>;
  },
  judgedAt: number,
  backstop: boolean,
): Promise<void> {
  const { judge, clock, input, sample } = loop;
  // More samples while any target's window holds a failure: a partial outage shows within minutes, noise clears. The
  // backstop's round looks for a fix alone: one sample is enough to see Okta answer again.
  const doubt = judge.inDoubt();
  const checks = await sample(doubt && !backstop ? SUSPECT_SAMPLES : 1, checksDeadline(input));
  judge.keep(checks);
  const fast = new Set(input.fastTargets);
  judge.judge((target) => fast.has(target), judgedAt, checks);
  nextRoundAfter(clock, judge, input, judgedAt, !doubt && failedAny(checks));
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
