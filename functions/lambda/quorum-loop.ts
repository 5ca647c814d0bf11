// The fast path's driver in one region's run: after the run's checks it samples again on the round schedule, writes
// its verdicts to the shared table, reads its peers', sets or clears its latches and publishes the backstop's
// metrics. Every decision is functions/quorum/'s, pure (the verdicts: judge.ts; the latches: latch.ts; the schedule:
// schedule.ts; the watch and the hand-over: watch.ts); this file only calls the ports (quorum-ports.ts) at the times
// they give, so the same driver runs in Lambda (functions/lambda/probe.ts), in unit tests and in the simulated
// deployment (scripts/bench/quorum.ts) on a fake clock. A failing port is logged and the run goes on: the backstop
// alarm still pages when the fast path cannot.
import { endingItem, type RegionVerdicts, type TargetDecision } from '../quorum/decide';
import { firstRoundAt, rateLimited, RoundJudge } from '../quorum/judge';
import { planLatches, roundHealthy } from '../quorum/latch';
import { nextAfter, roundBudget, runBounds, scheduleStart, type RoundObserved } from '../quorum/schedule';
import { previousItem, superseded, watchEnd, watchStep } from '../quorum/watch';
import { SUSPECT_SAMPLES } from '../quorum/window';
import type { CheckResult } from '../types';
import { attempting, type Attempt, type QuorumPorts, type QuorumRun, type QuorumRunInput } from './quorum-ports';

type Sample = (count: number, deadline: number) => Promise<CheckResult[]>;

/** What one run's rounds share: its ports, its latches as it last saw them, and what it reports. */
interface RunState {
  readonly input: QuorumRunInput;
  readonly ports: QuorumPorts;
  readonly attempt: Attempt;
  readonly errors: readonly string[];
  readonly latched: Set<string>;
  readonly changes: { at: number; target: string; latch: boolean; down: readonly string[] }[];
  readonly acting: { at: number; home: string }[];
  readonly reverted: { at: number; target: string }[];
}
type Tables = { readonly item: RegionVerdicts; readonly peers: readonly RegionVerdicts[] };

/**
 * SetAlarmState is documented as temporary ("Metric alarms return to their actual state quickly"): a latch this
 * region set is read back each later round, and one CloudWatch moved is set again by the round's decisions
 * (docs/decisions/latch-state.md; `okta-synthetics prove-latch` shows whether an account does this).
 */
async function readBackLatches(run: RunState): Promise<void> {
  if (run.latched.size === 0) return;
  const still = await run.attempt('read latch alarms', () => run.ports.latch.latched([...run.latched]));
  for (const target of still === undefined ? [] : [...run.latched].filter((t) => !still.has(t))) {
    run.latched.delete(target);
    run.reverted.push({ at: run.ports.now(), target });
  }
}

/** Makes the latch calls the quorum's decisions ask for (latch.ts planLatches), and returns the decisions. */
async function latchRound(run: RunState, tables: Tables, writeAll: boolean): Promise<readonly TargetDecision[]> {
  const now = run.ports.now();
  const { settings, region } = run.input;
  const plan = planLatches({ settings, region, ...tables, now, latched: run.latched, writeAll });
  if (run.acting.at(-1)?.home !== plan.home) run.acting.push({ at: now, home: plan.home });
  for (const { target, latch, reason, down } of plan.writes) {
    const ok = await run.attempt(`set latch ${target}`, () =>
      run.ports.latch.set(target, latch, reason).then(() => true),
    );
    if (ok !== true) continue;
    if (latch !== run.latched.has(target)) run.changes.push({ at: run.ports.now(), target, latch, down });
    if (latch) run.latched.add(target);
    else run.latched.delete(target);
  }
  return plan.decisions;
}

/**
 * Between rounds, the watch watch.ts steps: it checks nothing and publishes nothing, it reads and decides again on
 * this region's item as last written. True when a read shows a newer run of this region: this run stops, and Lambda
 * bills no more of the wait. A run with nothing to watch ends at its last round, not at its end.
 */
async function watchPeers(
  run: RunState,
  tables: Tables,
  decided: readonly TargetDecision[],
  until: number,
  atEnd: boolean,
) {
  const { ports, input } = run;
  let { peers } = tables;
  let decisions = decided;
  for (;;) {
    const now = ports.now();
    const handingOver = input.watchUntil !== undefined && now >= input.deadline;
    const view = {
      ...input,
      now,
      until,
      atEnd,
      handingOver,
      item: tables.item,
      peers,
      decisions,
      latched: run.latched,
    };
    const step = watchStep(view);
    if (step === undefined) break;
    await ports.sleep(step.sleepMs);
    const read = await run.attempt('read peers', () => ports.table.read(step.read));
    if (read === undefined) continue;
    if (superseded(read, input.region, input.startedAt)) return true;
    if (!step.decide) continue;
    peers = read.filter((r) => r.region !== input.region);
    decisions = await latchRound(run, { item: tables.item, peers }, false);
  }
  const wait = until - ports.now();
  if (wait > 0 && !atEnd) await ports.sleep(wait);
  return false;
}

/**
 * The run's `round`th share of the table: the peers' items read with this region's own (a newer run's item there ends
 * this run before it writes), this region's item written, its latches read back after the first round and set as the
 * quorum decides (every one in the first round when their state is `unknown`), and whether the round was healthy.
 */
async function shareRound(run: RunState, item: RegionVerdicts, round: number, unknown: boolean) {
  const { region, startedAt, settings } = run.input;
  const errorsBefore = run.errors.length;
  const read = await run.attempt('read peers', () => run.ports.table.read(settings.regions));
  if (read !== undefined && superseded(read, region, startedAt)) return { superseded: true as const };
  await run.attempt('write verdicts', () => run.ports.table.write(item));
  const tables = { item, peers: (read ?? []).filter((r) => r.region !== region) };
  const tableWorked = run.errors.length === errorsBefore;
  const latchesBefore = run.errors.length;
  if (round > 1) await readBackLatches(run);
  const decidedAt = run.ports.now();
  const decisions = await latchRound(run, tables, unknown && round === 1);
  const healthy = roundHealthy(settings, tables.peers, decidedAt, {
    tableWorked,
    latchWorked: run.errors.length === latchesBefore,
  });
  return { superseded: false as const, tables, decisions, healthy };
}

/** `count` fast samples at once, the fast targets' results only; a 429 of our own calls `backOff` with their time. */
function sampling(ports: QuorumPorts, input: QuorumRunInput, attempt: Attempt, backOff: (at: number) => void): Sample {
  const fast = new Set(input.fastTargets);
  return async (count, deadline) => {
    const at = ports.now();
    const answers = await Promise.all(
      Array.from({ length: count }, () => attempt('fast checks', () => ports.check(deadline))),
    );
    const checks = answers.flatMap((answer) => (answer ?? []).filter((c) => fast.has(c.server)));
    if (rateLimited(checks)) backOff(at);
    return checks;
  };
}

type Observed = Pick<RoundObserved, 'at' | 'failedAlone'>;

/** The run's own checks as its first round, sampled again after them while the last run left a window in doubt. */
async function firstRound(
  input: QuorumRunInput,
  judge: RoundJudge,
  sample: Sample,
  previous: RegionVerdicts['verdicts'],
  now: number,
): Promise<Observed> {
  const { end, latest } = runBounds(input);
  const doubtful = judge.firstInDoubt();
  const samples = doubtful && now <= latest ? await sample(SUSPECT_SAMPLES, end) : [];
  const at = firstRoundAt(input.startedAt, now, previous, doubtful ? now : undefined);
  return { at: input.startedAt, failedAlone: judge.judgeFirst(input.checks, samples, at) };
}

/**
 * A run that held its rounds to its end and read no newer run of its region says so in a last item (decide.ts
 * endingItem), right after its last read (watch.ts watchEnd with no round left): its peers stop counting it as the
 * acting home at once. The write is unconditional, as every item's is: a next run that wrote in the moment between
 * that read and this write is overwritten until its next round.
 */
async function sayEnded(run: RunState, item: RegionVerdicts, handedOver: boolean): Promise<void> {
  const { input, ports } = run;
  const reachedEnd = input.watchUntil !== undefined && ports.now() >= watchEnd(undefined, runBounds(input).end);
  const hasPeers = input.settings.regions.some((r) => r !== input.region);
  const end = { handedOver, reachedEnd, holdsLatch: run.latched.size > 0, hasPeers };
  const ending = endingItem(item, end, ports.now());
  if (ending !== undefined) await run.attempt('write verdicts', () => ports.table.write(ending));
}

/** One fast round's samples: more while a window is in doubt; the backstop's round looks for a fix with one. */
async function checkRound(
  judge: RoundJudge,
  sample: Sample,
  end: number,
  at: number,
  backstop: boolean,
): Promise<Observed> {
  const doubt = judge.inDoubt();
  const checks = await sample(doubt && !backstop ? SUSPECT_SAMPLES : 1, end);
  return { at, failedAlone: judge.judgeRound(checks, at, doubt) };
}

/**
 * This region's verdicts from its last run (watch.ts previousItem) and the judge of this run's rounds. A target judged
 * only in some runs (a journey every few minutes) keeps its last verdict in this region's item until it is judged
 * again (`kept`), so its next failing run confirms the last one; long expired, no peer or backstop counts it.
 */
async function startJudge(input: QuorumRunInput, ports: QuorumPorts, attempt: Attempt) {
  const stored = await attempt('read own verdicts', () => ports.table.read([input.region]));
  const own = stored?.find((item) => item.region === input.region);
  const previous = previousItem(input.settings, input, own, input.remembered)?.verdicts ?? {};
  const kept = Object.fromEntries(Object.entries(previous).filter(([t]) => !input.fastTargets.includes(t)));
  return { previous, kept, judge: new RoundJudge(input, previous) };
}

export async function runQuorum(input: QuorumRunInput, ports: QuorumPorts): Promise<QuorumRun> {
  const { region } = input;
  const errors: string[] = [];
  const attempt = attempting(errors);
  const { previous, kept, judge } = await startJudge(input, ports, attempt);
  let backedOffAt: number | undefined;
  const sample = sampling(ports, input, attempt, (at) => (backedOffAt = at));
  const bounds = runBounds(input);
  let schedule = scheduleStart(input.startedAt, roundBudget(input.settings.checkEverySeconds));
  let observed: Observed | undefined = await firstRound(input, judge, sample, previous, ports.now());
  let judgedAt = input.startedAt;
  // Unknown after a failed read: every decision is then written, so a latch a dead run left set is still cleared.
  const known = await attempt('read latch alarms', () => ports.latch.latched(Object.keys(judge.mine)));
  const latched = new Set(known ?? []);
  const run: RunState = { input, ports, attempt, errors, latched, changes: [], acting: [], reverted: [] };
  let [lone, rounds] = [[] as string[], 0];
  let item: RegionVerdicts;
  let handedOver: boolean;
  for (;;) {
    rounds += 1;
    item = { region, writtenAt: ports.now(), runAt: input.startedAt, verdicts: { ...kept, ...judge.mine } };
    const shared = await shareRound(run, item, rounds, known === undefined);
    if ((handedOver = shared.superseded)) break;
    lone = shared.decisions.filter((d) => d.lone.includes(region)).map((d) => d.target);
    const failing = judge.failing();
    await attempt('publish QuorumFailing', () => ports.publishFailing(failing, judgedAt, shared.healthy));
    if (input.fastTargets.length === 0) break;
    const backstopPages = !shared.healthy && Object.values(failing).includes(1);
    const judged = observed && { ...observed, stableDue: judge.stableDue() };
    const next = nextAfter(schedule, judged, { now: ports.now(), latest: bounds.latest, backstopPages });
    [schedule, observed] = [next.state, undefined];
    const until = watchEnd(next.kind === 'end' ? undefined : next.at, bounds.end);
    handedOver = await watchPeers(run, shared.tables, shared.decisions, until, next.kind === 'end');
    if (handedOver || next.kind === 'end') break;
    if (backedOffAt !== undefined) continue;
    judgedAt = ports.now();
    observed = await checkRound(judge, sample, bounds.end, judgedAt, next.kind === 'backstop');
  }
  await sayEnded(run, item, handedOver);
  const { changes, acting, reverted } = run;
  const backedOff = backedOffAt !== undefined ? { backedOffAt } : {};
  return { rounds, changes, acting, lone, errors, reverted, ...backedOff, handedOver, last: item };
}
