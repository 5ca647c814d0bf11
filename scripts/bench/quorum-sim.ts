// A simulated deployment of the quorum on a fake clock: each region's probe (three, or the one of a single-region
// stack) runs the real fast-path loop (functions/lambda/quorum-loop.ts runQuorum, with the real verdicts and
// decisions of functions/quorum/decide.ts) against in-memory fakes of what they call: a DynamoDB global table whose
// replicas see a peer's write after a replication lag, CloudWatch (the latch alarms, the backstop's one-minute
// evaluation of QuorumFailing, and each region's page composite evaluated with the rules synthesized for that
// region), and SNS (the composite's ALARM and OK transitions, timed). Okta is one shared state, reached by each
// region through a path of its own that can be refused or blackholed alone. What is modelled rather than run is
// listed in MODEL below and in BENCHMARKS.md.
import type { StackQuorum } from '../../functions/config/quorum';
import { quorumWatchSeconds } from '../../functions/contract';
import { runQuorum } from '../../functions/lambda/quorum-loop';
import type { QuorumPorts } from '../../functions/lambda/quorum-ports';
import type { RegionVerdicts } from '../../functions/quorum/decide';
import { publishOncePerMinuteValue } from '../../functions/quorum/minute-dedupe';
import { regionStartOffsetMs } from '../../functions/plan/concurrency';
import type { CheckResult } from '../../functions/types';
import { seeded } from '../../test/support/seeded';

/** What the simulation takes as given, rather than running: each figure is what the fake waits on the fake clock. */
export const MODEL = {
  /**
   * EventBridge Scheduler's rate(1 minute): a run starts anywhere in its minute, each minute on its own. The
   * EventBridge user guide: "EventBridge doesn't provide second-level precision in schedule expressions. The finest
   * resolution using a cron expression is one minute ... there can be a delay of several seconds between the time the
   * scheduled rule is triggered and the time the target service runs the target resource"; EventBridge Scheduler
   * states no finer precision for a schedule whose flexible time window is off. So two runs of one region may start
   * a moment apart or nearly two minutes apart, and two regions' runs anywhere in the minute of each other. (The
   * model before drew 10 s of jitter after each region's own second: kinder than AWS promises.)
   */
  startWindowMs: 60_000,
  /** A cold start's init (the bundle's load and the HTTP warm-up), BENCHMARKS.md d and g: rounded up. */
  coldStartMs: 1500,
  /** Share of invocations after the first that start cold. */
  coldShare: 0.05,
  /** The run's own checks when Okta answers (BENCHMARKS.md a: about a second for two servers), ms. */
  runChecksMs: 1200,
  /** One request answered (a 200 or a 5xx), ms; the engine retries a 5xx, a timeout or a refused connection once. */
  answerMs: 120,
  /** A refused connection, ms. */
  refusedMs: 3,
  /** The per-request timeout (timeoutMs), ms: a blackholed request waits it, twice with the retry. */
  timeoutMs: 5000,
  /** The Lambda timeout and the run's finish margin (probe.ts finishMarginMs for two servers). */
  lambdaTimeoutMs: 50_000,
  finishMarginMs: 3000,
  /** What the rounds leave of the timeout with the fast path (probe.ts AFTER_WATCH_MS). */
  afterWatchMs: 1500,
  /** DynamoDB PutItem / BatchGetItem, ms; replication to each peer's replica takes uniformly 0.5-2.5 s. */
  dynamoMs: 15,
  replicationMs: [500, 2500] as const,
  /** SetAlarmState / DescribeAlarms / PutMetricData, ms. */
  cloudWatchMs: 30,
  /** The composite's reaction to a member's change and SNS's delivery, ms. */
  compositeAndSnsMs: 1000,
  /**
   * CloudWatch evaluates a standard alarm once a minute, at this second after the minute it reads (the default of
   * `simulate`'s `cloudWatch`). AWS documents evaluation "every minute" and no second: the bench sweeps it over 0-60 s
   * (section t, "The backstop against CloudWatch's second"), and the main tables state the second they used.
   */
  evaluationSecond: 20,
} as const;

/**
 * How CloudWatch reads a one-minute alarm, which AWS leaves open: when, and over which 60 s. `minute` reads the last
 * complete UTC minute `evaluationSecond` after it ends (a wall clock window's "complete, calendar-aligned periods",
 * and the slowest to see a change: a datapoint waits for its minute's end, then the second); `sliding` reads the 60 s
 * up to the evaluation (the default SlidingWindow "advances each time the alarm is evaluated, forming a rolling time
 * window", CloudWatch User Guide, "Alarm evaluation window"), evaluated every minute at that second.
 */
export interface CloudWatchTiming {
  readonly evaluationSecond: number;
  readonly window: 'minute' | 'sliding';
}

export type Path = 'ok' | 'refused' | 'blackhole';
export type Okta = 'up' | '5xx' | 'refused';

/** What happens when: the scenario's timeline, ms of simulated time from 0. */
export interface Scenario {
  readonly name: string;
  readonly minutes: number;
  /** Okta's state at a time. */
  readonly okta: (t: number) => Okta;
  /** Each region's own path at a time. */
  readonly path: (region: string, t: number) => Path;
  /** Whether a region's scheduler and function run at a time (false: nothing runs). */
  readonly alive?: (region: string, t: number) => boolean;
  /** Whether the verdict table answers. */
  readonly tableUp?: (t: number) => boolean;
  /** Our own cause everywhere (a rotated secret): the token check fails INVALID_CLIENT while Okta is up. */
  readonly ownCause?: (t: number) => boolean;
  /** The org's configuration denying the token everywhere (an access policy): SCOPE_DENIED_BY_POLICY, Okta up. */
  readonly policyDenies?: (t: number) => boolean;
  /** /token alone answering 5xx while discovery answers (Okta's partial outages): the token check fails. */
  readonly tokenDown?: (t: number) => boolean;
  /**
   * The share of /token requests Okta fails at a time (a partial outage, or background noise), each request on its
   * own: a check fails when its request and the in-run retry both fail.
   */
  readonly tokenErrorRate?: (t: number) => number;
  /** The share of every other request Okta fails (background noise), likewise retried once. */
  readonly errorRate?: (t: number) => number;
  /** Global-table replication stalled: a write reaches no peer's replica while this holds. */
  readonly replicationStalled?: (t: number) => boolean;
  /**
   * The share of scheduled invocations delivered twice, the second up to 2 s after the first: Lambda's asynchronous
   * invocation "might be delivered more than once" (Lambda developer guide), and the two runs overlap in one region.
   */
  readonly duplicateShare?: number;
}

/** What the page composites' SNS told, per region: [time, 'ALARM' | 'OK', target]. */
export interface SimResult {
  readonly notifications: readonly {
    readonly at: number;
    readonly region: string;
    readonly state: 'ALARM' | 'OK';
    readonly target: string;
  }[];
  /** Regions that named themselves lone (warned, never paged), with when. */
  readonly lone: readonly { readonly at: number; readonly region: string; readonly target: string }[];
  readonly errors: number;
  /** The most regions whose latch of one target was in ALARM at once: 1 when only the acting home latches. */
  readonly mostLatched: number;
  /**
   * How often a region's view of the acting home changed after the first two minutes (at the start a region may run
   * before the home has written at all): 0 when healthy, one per live region when a home dies or comes back.
   */
  readonly actingChanges: number;
}

/** A page composite's rule, as synthesized: does this set of members in ALARM put it in ALARM. */
export type PageRule = (region: string, target: string, inAlarm: ReadonlySet<string>) => boolean;

export const TARGETS = ['org', 'default'];
/** Acting-home changes before this are the start's: a region that ran before the home's first write. */
const SETTLED_MS = 120_000;
/** QuorumHealthy's place among the QuorumFailing data (no target has this id). */
const HEALTHY = '(healthy)';

/** The fake clock: timers in order; `sleep` resolves when the clock reaches it. */
class Clock {
  now = 0;
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  private seq = 0;
  at(at: number, fire: () => void): void {
    this.timers.push({ at: Math.max(at, this.now), seq: this.seq++, fire });
  }
  sleep = (ms: number): Promise<void> => new Promise((resolve) => this.at(this.now + Math.max(0, ms), resolve));
  async runUntil(end: number): Promise<void> {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (next === undefined || next.at > end) break;
      this.timers.shift();
      this.now = next.at;
      next.fire();
      // Every promise chain the timer released runs before the clock moves on.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.now = end;
  }
}

/**
 * One check as the engine reports it: `retry` says what its in-run retry did (undefined: none was made), so the
 * fast path's window sees a retry that passed as one failed request of two.
 */
function check(
  server: string,
  code: string | null,
  name: CheckResult['check'] = 'discovery',
  retry?: 'passed' | 'failed',
): CheckResult {
  return (code === null
    ? {
        server,
        check: name,
        status: 'pass',
        diagnosis: null,
        latencyMs: 100,
        ...(retry === 'passed' ? { observed: { passedOnRetry: true, firstAttempt: 'OKTA_SERVER_ERROR' } } : {}),
      }
    : {
        server,
        check: name,
        status: 'fail',
        diagnosis: { code, summary: code, detail: '' },
        latencyMs: 100,
        ...(retry === 'failed' ? { observed: { retried: code } } : {}),
      }) as unknown as CheckResult;
}

/** A notification of a page composite, as SNS delivered it. */
type Notification = SimResult['notifications'][number];
/** One QuorumFailing (or QuorumHealthy) datapoint, with when CloudWatch had it and the minute it counts in. */
interface FailingDatum {
  publishedAt: number;
  /** The round's time, the datapoint's timestamp. */
  stampedAt: number;
  minute: number;
  region: string;
  target: string;
  value: number;
}

/**
 * The fakes of what every region's probe calls, sharing one clock and one random stream: kept together because the
 * table, the alarms and the composites are one account's state, which each region's invocations read and change.
 * The random stream is drawn in a fixed order (schedule first, then as the clock runs), which is what keeps a seeded
 * run the same.
 */
class Simulation {
  readonly clock = new Clock();
  readonly regions: readonly string[];
  /** DynamoDB global table: each region's replica, and what it holds of each region. */
  private readonly replicas: Map<string, Map<string, RegionVerdicts>>;
  /** CloudWatch, per region: the latches in ALARM; at home the backstops; the composites' last told state. */
  private readonly latched: Map<string, Set<string>>;
  private readonly backstops = new Set<string>();
  private readonly told = new Map<string, 'ALARM' | 'OK'>();
  private readonly failingData: FailingDatum[] = [];
  private readonly notifications: Notification[] = [];
  private readonly lone: { at: number; region: string; target: string }[] = [];
  private errors = 0;
  private mostLatched = 0;
  private actingChanges = 0;
  private readonly actingSeen = new Map<string, string>();
  /** Each region's warm environment's memory of its last item (a cold start begins without it). */
  private readonly remembered = new Map<string, RegionVerdicts>();

  constructor(
    private readonly scenario: Scenario,
    private readonly settings: StackQuorum,
    private readonly pageRule: PageRule,
    private readonly rnd: () => number,
    private readonly cloudWatch: CloudWatchTiming,
  ) {
    this.regions = settings.regions;
    this.replicas = new Map(this.regions.map((r) => [r, new Map<string, RegionVerdicts>()]));
    this.latched = new Map(this.regions.map((r) => [r, new Set<string>()]));
  }

  /** What the run showed, once the clock has run out. */
  result(): SimResult {
    const { notifications, lone, errors, mostLatched, actingChanges } = this;
    return { notifications, lone, errors, mostLatched, actingChanges };
  }

  /** A region's page composites re-evaluated after a member changed: SNS tells a transition, never a repeat. */
  private composite(region: string): void {
    for (const target of TARGETS) {
      const members = new Set<string>([
        ...[...(this.latched.get(region) ?? [])].map((t) => `${t}-quorum-latch`),
        ...(region === this.settings.homeRegion ? [...this.backstops].map((t) => `${t}-quorum-backstop`) : []),
      ]);
      const state = this.pageRule(region, target, members) ? 'ALARM' : 'OK';
      const key = `${region}/${target}`;
      if ((this.told.get(key) ?? 'OK') === state) continue;
      this.told.set(key, state);
      this.clock.at(this.clock.now + MODEL.compositeAndSnsMs, () =>
        this.notifications.push({ at: this.clock.now, region, state, target }),
      );
    }
  }

  /**
   * The backstop: once a minute at home, `evaluationSecond` after each minute ends, on the last complete minute's
   * QuorumFailing and QuorumHealthy, or on the 60 s before the evaluation with a sliding window.
   */
  scheduleBackstop(): void {
    const { evaluationSecond, window } = this.cloudWatch;
    for (let m = 1; m <= this.scenario.minutes; m += 1) {
      const at = m * 60_000 + evaluationSecond * 1000;
      this.clock.at(at, () => {
        const read =
          window === 'minute'
            ? (d: FailingDatum): boolean => d.minute === m - 1
            : (d: FailingDatum): boolean => d.stampedAt >= at - 60_000;
        for (const target of TARGETS) {
          if (this.backstopBreaches(target, read)) this.backstops.add(target);
          else this.backstops.delete(target);
        }
        this.composite(this.settings.homeRegion);
      });
    }
  }

  /**
   * The synthesized expression (lib/quorum.ts): each region's Minimum over the minute (FILL(...,0) for a silent
   * one), the failing ones summed only while fewer than `agree` regions' fast paths were healthy all minute:
   * otherwise an acting home's latch pages.
   */
  private backstopBreaches(target: string, read: (d: FailingDatum) => boolean): boolean {
    const minOf = (data: FailingDatum[]): number => (data.length === 0 ? 0 : Math.min(...data.map((d) => d.value)));
    const inMinute = (d: FailingDatum): boolean => read(d) && d.publishedAt <= this.clock.now;
    const minuteOf = (region: string, of: string): number =>
      minOf(this.failingData.filter((d) => inMinute(d) && d.region === region && d.target === of));
    const healthySum = this.regions.reduce((n, region) => n + minuteOf(region, HEALTHY), 0);
    const failingSum = this.regions.reduce((n, region) => n + minuteOf(region, target), 0);
    const sum = healthySum >= this.settings.agree ? 0 : failingSum;
    return sum >= this.settings.agree;
  }

  /** How long one request takes from a region at a time, and how it fails: its path first, then Okta. */
  private oneRequestMs(region: string, t: number): { ms: number; code: string | null } {
    const path = this.scenario.path(region, t);
    if (path === 'blackhole') return { ms: 2 * MODEL.timeoutMs, code: 'TIMEOUT' };
    if (path === 'refused') return { ms: 2 * MODEL.refusedMs, code: 'NETWORK_ERROR' };
    const okta = this.scenario.okta(t);
    if (okta === '5xx') return { ms: 2 * MODEL.answerMs, code: 'OKTA_SERVER_ERROR' };
    if (okta === 'refused') return { ms: 2 * MODEL.refusedMs, code: 'NETWORK_ERROR' };
    return { ms: MODEL.answerMs, code: null };
  }

  /** Whether a request failing at `rate` was retried, and how the retry went: each request fails on its own. */
  private attempts(rate: number): undefined | 'passed' | 'failed' {
    return rate > 0 && this.rnd() < rate ? (this.rnd() < rate ? 'failed' : 'passed') : undefined;
  }

  /**
   * One target's discovery and token checks at a time, as the engine reports them: each request of a partial outage
   * or of noise fails on its own, and a failed one is retried once; a check fails when both fail.
   */
  private targetChecks(target: string, code: string | null, t: number, own = false): CheckResult[] {
    if (code !== null) return [check(target, code, 'discovery', 'failed'), check(target, code, 'token', 'failed')];
    const scenario = this.scenario;
    const discovery = this.attempts(scenario.errorRate?.(t) ?? 0);
    const rate = 1 - (1 - (scenario.tokenErrorRate?.(t) ?? 0)) * (1 - (scenario.errorRate?.(t) ?? 0));
    const token = scenario.tokenDown?.(t) === true ? 'failed' : this.attempts(rate);
    return [
      check(target, discovery === 'failed' ? 'OKTA_SERVER_ERROR' : null, 'discovery', discovery),
      own
        ? check(target, 'INVALID_CLIENT', 'token')
        : scenario.policyDenies?.(t) === true
          ? check(target, 'SCOPE_DENIED_BY_POLICY', 'token')
          : check(target, token === 'failed' ? 'OKTA_SERVER_ERROR' : null, 'token', token),
    ];
  }

  /** One scheduled invocation of a region's probe: its own checks, then the real fast-path loop on the fakes. */
  private async invoke(region: string, invokedAt: number, cold: boolean): Promise<void> {
    const clock = this.clock;
    // With the fast path, the timeout holds its rounds' seconds too (lib/probe-function.ts), the checks' end unchanged:
    // a run holds its rounds until the next run of its region has written.
    const watchMs = quorumWatchSeconds({ regions: this.regions }) * 1000;
    const killAt = invokedAt + MODEL.lambdaTimeoutMs + watchMs;
    if (cold) await clock.sleep(MODEL.coldStartMs);
    // Each region's place in the minute (regionStartOffsetMs: 0, 5 and 10 s of three), waited before anything is sent,
    // as the Lambda waits it (functions/lambda/probe.ts); its deadline stays where the timeout puts it. Without it the
    // simulation gave every region its three rounds a minute, where an offset region's run has two: kinder than the
    // deployment, whose OK came up to 161 s after the fix in real time (BENCHMARKS.md v).
    await clock.sleep(regionStartOffsetMs(this.regions, region));
    const startedAt = clock.now;
    const deadline = invokedAt + MODEL.lambdaTimeoutMs - MODEL.finishMarginMs;
    // The run's own checks: the page checks' verdict is as Okta's state at the run's start says.
    const first = this.oneRequestMs(region, startedAt);
    const own = this.scenario.ownCause?.(startedAt) === true && first.code === null;
    await clock.sleep(Math.min(Math.max(MODEL.runChecksMs, first.ms), deadline - clock.now));
    // The Org server's JWKS too, which a run checks and its fast rounds do not (plan/rows/authorization-server.ts: keys
    // has no fastRound; the custom server's rounds fetch it for validate): a run that starts in an outage fails it.
    const runChecks = [
      ...TARGETS.flatMap((t) => this.targetChecks(t, first.code, startedAt, own)),
      check('org', first.code, 'keys', first.code === null ? undefined : 'failed'),
    ];
    const remembered = cold ? undefined : this.remembered.get(region);
    const run = await runQuorum(
      {
        settings: this.settings,
        region,
        checks: runChecks,
        startedAt,
        fastTargets: TARGETS,
        deadline,
        roundBudgetMs: 3000,
        // As the Lambda's handler gives it (quorum-handler.ts): the last round's calls keep their time before the kill.
        ...(watchMs > 0 && { watchUntil: killAt - MODEL.afterWatchMs - 3000 }),
        ...(remembered !== undefined && { remembered }),
      },
      this.ports(region, killAt),
    );
    this.remembered.set(region, run.last);
    this.errors += run.errors.length;
    // Timed by the change, not by the run's end: a run now lives past the next minute, and the first runs' views
    // (before the home has written at all) are the start's. Past the scenario's minutes no region is invoked: the
    // held runs that end then, each saying so (decide.ts endingItem), are the simulation's end, not a handover.
    const scheduleEnd = this.scenario.minutes * 60_000;
    for (const { at, home } of run.acting) {
      const seen = this.actingSeen.get(region);
      if (seen !== undefined && seen !== home && at >= SETTLED_MS && at < scheduleEnd) this.actingChanges += 1;
      this.actingSeen.set(region, home);
    }
    for (const target of run.lone) this.lone.push({ at: clock.now, region, target });
  }

  /**
   * An AWS call from a region's run: it takes `ms` of the fake clock, and a run Lambda has killed by then gets no
   * answer, as a real one would not.
   */
  private async call<T>(killAt: number, ms: number, work: () => T): Promise<T> {
    await this.clock.sleep(ms);
    if (this.clock.now > killAt) throw new Error('killed at the Lambda timeout');
    return work();
  }

  /** What runQuorum calls, bound to one region's invocation: its checks, its replica, its latches, its metrics. */
  private ports(region: string, killAt: number): QuorumPorts {
    const clock = this.clock;
    return {
      now: () => clock.now,
      sleep: clock.sleep,
      check: async (until) => {
        const answer = this.oneRequestMs(region, clock.now);
        await clock.sleep(Math.min(answer.ms, Math.max(0, until - clock.now)));
        return TARGETS.flatMap((t) => this.targetChecks(t, answer.code, clock.now));
      },
      table: this.tablePort(region, killAt),
      latch: {
        latched: (targets) =>
          this.call(killAt, MODEL.cloudWatchMs, () => new Set(targets.filter((t) => this.latched.get(region)?.has(t)))),
        set: (target, on) =>
          this.call(killAt, MODEL.cloudWatchMs, () => {
            if (on) this.latched.get(region)?.add(target);
            else this.latched.get(region)?.delete(target);
            const latchedNow = this.regions.filter((r) => this.latched.get(r)?.has(target)).length;
            this.mostLatched = Math.max(this.mostLatched, latchedNow);
            this.composite(region);
          }),
      },
      // As the Lambda's port sends them (quorum-aws.ts): a round adding no value to its minute is not sent. One
      // memory per invocation, as overlapping runs live in separate environments.
      publishFailing: publishOncePerMinuteValue((failing, at, healthy) =>
        this.call(killAt, MODEL.cloudWatchMs, () => {
          for (const [target, value] of [...Object.entries(failing), [HEALTHY, healthy ? 1 : 0] as const])
            this.failingData.push({
              publishedAt: clock.now,
              stampedAt: at,
              minute: Math.floor(at / 60_000),
              region,
              target,
              value,
            });
        }),
      ),
    };
  }

  /**
   * The global table as one region sees it: its writes reach its own replica at once and each peer's after a
   * replication lag (or never while replication is stalled); its reads see only its own replica.
   */
  private tablePort(region: string, killAt: number): QuorumPorts['table'] {
    const clock = this.clock;
    const tableUp = this.scenario.tableUp ?? (() => true);
    return {
      write: (item) =>
        this.call(killAt, MODEL.dynamoMs, () => {
          if (!tableUp(clock.now)) throw new Error('ServiceUnavailable');
          this.replicas.get(region)?.set(region, item);
          for (const peer of this.regions.filter((r) => r !== region)) {
            if (this.scenario.replicationStalled?.(clock.now) === true) continue;
            const [lo, hi] = MODEL.replicationMs;
            clock.at(clock.now + lo + this.rnd() * (hi - lo), () => {
              const replica = this.replicas.get(peer);
              if ((replica?.get(region)?.writtenAt ?? -1) < item.writtenAt) replica?.set(region, item);
            });
          }
        }),
      read: (peers) =>
        this.call(killAt, MODEL.dynamoMs, () => {
          if (!tableUp(clock.now)) throw new Error('ServiceUnavailable');
          return peers.flatMap((p) => {
            const item = this.replicas.get(region)?.get(p);
            return item === undefined ? [] : [item];
          });
        }),
    };
  }

  /**
   * Every region's invocations for the whole scenario, each anywhere in its minute (MODEL.startWindowMs), some cold,
   * some delivered twice; a region that is not alive at the time runs nothing.
   */
  scheduleInvocations(): void {
    const alive = this.scenario.alive ?? (() => true);
    const invokeIfAlive = (region: string, at: number, cold: boolean): void => {
      if (!alive(region, this.clock.now)) return;
      void this.invoke(region, at, cold).catch(() => {
        this.errors += 1;
      });
    };
    for (const region of this.regions) {
      let first = true;
      for (let m = 0; m < this.scenario.minutes; m += 1) {
        const at = m * 60_000 + this.rnd() * MODEL.startWindowMs;
        const cold = first || this.rnd() < MODEL.coldShare;
        first = false;
        this.clock.at(at, () => invokeIfAlive(region, at, cold));
        if (this.rnd() < (this.scenario.duplicateShare ?? 0)) {
          const again = at + this.rnd() * 2000;
          this.clock.at(again, () => invokeIfAlive(region, again, true));
        }
      }
    }
  }
}

export async function simulate(
  scenario: Scenario,
  settings: StackQuorum,
  pageRule: PageRule,
  seed: number,
  cloudWatch: CloudWatchTiming = { evaluationSecond: MODEL.evaluationSecond, window: 'minute' },
): Promise<SimResult> {
  const simulation = new Simulation(scenario, settings, pageRule, seeded(seed), cloudWatch);
  simulation.scheduleBackstop();
  simulation.scheduleInvocations();
  await simulation.clock.runUntil(scenario.minutes * 60_000 + 120_000);
  return simulation.result();
}
