// The engine: runs the planned checks of a configuration through the registry's graph and returns a full report.
// It names no check: what runs, what each needs and whom it speaks for come from functions/plan/check-table.ts,
// how each runs from functions/probe/runners.ts (a runner per row, by the row's target: servers, journeys, SAML apps,
// the feed). Each target kind runs in a scope of its own: a server's here, a journey's here (its session handed to
// its SAML apps), the SAML apps' in saml-scope.ts. It never throws and never hangs: each check ends passed,
// failed with a diagnosis, skipped with why, N/A, or TIMEOUT at the deadline, and a failure inside one target's
// checks stays that target's.
//
// Parallelism: every server and the status feed at once; within a server each check starts as soon as what it
// needs allows, its prerequisites once and on first use. For the default checks discovery, keys, token and
// authorize start together (the endpoints are known without discovery); validate waits for token and keys,
// introspect for token. A cold run is two dependent round trips deep (token, then introspect).
import { setMaxListeners } from 'node:events';
import { DEFAULTS, LIST_READ, STATUS_SERVER, type CheckName, SYSTEM_LOG_SCOPE } from '../contract';
import { systemLogBudgetMs } from './okta/log-session';
import {
  AVAILABILITY_CHECKS,
  checkRow,
  isOrgServer,
  type FeedCheck,
  type JourneyCheck,
  type SamlCheck,
  type SamlGroupCheck,
  type ServerCheck,
} from '../plan/check-table';
import { plannedChecks, type PlannedCheck } from '../plan/checks';
import { runSecrets } from '../credentials/secret-values';
import { abortAfter, pause, within } from '../deadline';
import type { DiagnosisPlace } from '../diagnosis';
import { isOurs, isTransient } from '../diagnosis/registry';
import type {
  CheckResult,
  CredentialResult,
  ProbeConfig,
  ProbeOptions,
  Report,
  RunProgress,
  ServerConfig,
  SignInConfig,
} from '../types';
import type { Exchange, ServerContext } from './context';
import { fail, findingOf, judged, notApplicable, type Judged } from './verdict';
import { prepareClientAuth } from './client-auth';
import { serverEndpoints } from './endpoints';
import { send, warmUpHttp, type HttpResponse, type ListBudget } from './http';
import { reportMetrics } from './metrics';
import { parseCell } from '../okta-cell';
import { toCheckResult } from './results';
import { requestIdIn } from '../text/request-id';
import type { SignInContext, SignInRun } from './sign-in/journey';
import {
  FEED_RUNNERS,
  JOURNEY_RUN,
  JOURNEY_RUNNERS,
  loadKinds,
  SERVER_RUNNERS,
  type JourneyProduced,
  type Kinds,
  type Produced,
  type ServerCheckContext,
} from './runners';
import type { RunFollowUp } from './system-log/run';
import type { SamlScope, SamlScopeDeps } from './saml/scope';
import type { GroupScope, PlannedGroup } from './saml/group/scope';
import { defaultKeptStore } from './kept-store';
import { AFTER_TOTP_WAIT_MS, CLEANUP_TIMEOUT_MS, finishJourneys, takers, type SessionTaker } from './session';
import { countedExchange, pacedExchange, UserPaces } from './user-pace';
import { InFlight } from './in-flight';
import { rehearseChain } from './rehearsal';
import { chainHeads, judgedLater, laterTurns, nextTurn, type LaterTurn } from './turns';

/** Who sends a request: the check, on its server (journey, feed). */
interface Sender {
  readonly server: string;
  readonly check: CheckName;
}

/**
 * What every check of one run shares: the config, the exchange bound to the run's deadline, the clock, and the values
 * never to print.
 */
interface RunContext {
  readonly config: ProbeConfig;
  readonly options: ProbeOptions;
  /**
   * The exchange a check's runner gets: each request it sends is that check's (ProbeOptions.onRequest). `ownBudget`:
   * each answer is capped alone instead of counting against the run's bytes (a SAML group drops each app's answers
   * once judged, so it never holds more than a few).
   */
  readonly exchange: (sender: Sender, ownBudget?: boolean) => Exchange;
  /** The run's cap on requests to Okta in flight (config.maxInFlight): the clean-up's sends take a slot too. */
  readonly inFlight: InFlight;
  readonly now: () => number;
  /** The credentials' values, and every token the run obtains as it obtains it. */
  readonly secrets: string[];
  /** What checks asked to do once every check has settled (ServerCheckContext.afterRun), in order. */
  readonly followUps: RunFollowUp[];
  /** Fires at the run's deadline. */
  readonly deadline: AbortSignal;
  /** The deadline, epoch ms (ProbeOptions.deadline); undefined: none. */
  readonly deadlineAt: number | undefined;
  /** Journeys still finishing after their checks settled (clean-up, state write): the run waits for them, a little. */
  readonly lingering: Promise<unknown>[];
  /** Each synthetic user's pace with Okta: its journey's requests and its SAML apps' share one (user-pace.ts). */
  readonly paces: UserPaces;
  /** Tells ProbeOptions.onProgress, which can never break the run. */
  readonly progress: (event: RunProgress) => void;
  /** The run's bytes of Okta's list answers (LIST_READ.maxRunBytes): one budget for every reader of the run. */
  readonly listBudget: ListBudget;
  /** Each part of the run's System Log look-up ends within this: one figure for every reader of the run. */
  readonly logBudgetMs: number;
  /** Whether a planned check is a chain's head (turns.ts): started first, its answer judged at once. */
  readonly isHead: ReturnType<typeof chainHeads>;
}

const planKey = (p: PlannedCheck): string => `${p.server}\u0000${p.check}`;

export async function runProbe(config: ProbeConfig, options: ProbeOptions): Promise<Report> {
  const now = options.now ?? Date.now;
  const { plan, kinds, preparationMs } = await prepareRun(config, options);
  const startedAt = now();
  const startedPerf = performance.now();
  const deadline = startDeadline(options.deadline, now);
  const isHead = chainHeads(plan);
  try {
    const inFlight = new InFlight(config.maxInFlight ?? DEFAULTS.maxInFlight);
    const progress = progressOf(plan, options.onProgress);
    const run: RunContext = {
      progress: progress.tell,
      listBudget: { bytesLeft: LIST_READ.maxRunBytes },
      logBudgetMs: systemLogBudgetMs(config.timeoutMs),
      isHead,
      config,
      options,
      inFlight,
      now,
      deadline: deadline.signal,
      deadlineAt: options.deadline,
      secrets: runSecrets(options),
      followUps: [],
      lingering: [],
      paces: userPaces(now),
      exchange: runExchange({ config, options, now }, { inFlight, deadline: deadline.signal, isHead }),
    };
    const running = startPlan(plan, run, kinds);
    let checks = await Promise.all(
      plan.map((p) => settleBy(deadline.signal, p, running.get(planKey(p)), run).then(progress.settled)),
    );
    for (const followUp of run.followUps)
      checks = await followUp(checks, { config, startedAt, place: (check) => placeOf(check, run) });
    await finishJourneys(run.lingering);
    return {
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Math.round(performance.now() - startedPerf),
      preparationMs,
      orgUrl: config.orgUrl,
      checks,
      metrics: reportMetrics(checks, config),
    };
  } finally {
    deadline.dispose();
  }
}

/**
 * The run's exchange for each sender: within the run's deadline, its body budget and, for Okta's requests, a slot of
 * maxInFlight; a first-wave leaf's answer handed to its check a turn later (turns.ts).
 */
function runExchange(
  { config, options, now }: Omit<RunSending, 'budget'>,
  { inFlight, deadline, isHead }: { inFlight: InFlight; deadline: AbortSignal; isHead: RunContext['isHead'] },
): RunContext['exchange'] {
  const budget = { remainingBytes: DEFAULTS.maxRunBodyBytes };
  const judgeLater = laterTurns();
  const oktaHost = hostOf(config.orgUrl);
  // Only Okta's requests take a slot: the status feed and a SAML app's SP are not Okta's concurrency.
  // The feed is told by its row, not its host: served beside the org (the simulator, a test), it took the ninth
  // slot of a two-server run's first wave and held a token request back a whole round trip.
  const takesSlot = (sender: Sender, url: string): boolean =>
    checkRow(sender.check).target !== 'feed' && hostOf(url) === oktaHost;
  return (sender, ownBudget = false) =>
    (req) => {
      const signal = req.signal === undefined ? deadline : AbortSignal.any([deadline, req.signal]);
      const sending = (): ReturnType<typeof send> =>
        sendReported({ config, options, now, budget }, { sender, request: req, signal, ownBudget });
      const outcome = takesSlot(sender, req.url) ? inFlight.run(signal, sending) : sending();
      if (!judgedLater(isHead, sender.server, sender.check)) return outcome;
      return outcome.then(async (answered) => {
        await judgeLater();
        return answered;
      });
    };
}

/** Each synthetic user's pace with Okta, on the run's clock (user-pace.ts). */
function userPaces(now: () => number): UserPaces {
  return new UserPaces({
    now,
    sleep: pause,
  });
}

/**
 * The run's work before any clock starts; reported apart as preparationMs, so its cost is seen, not hidden: key import
 * and a first signature, the plan's kinds imported, the HTTP client's first-use work and the token's chain rehearsed
 * (rehearsal.ts; each once per process, not with a test's dispatcher).
 */
async function prepareRun(
  config: ProbeConfig,
  options: ProbeOptions,
): Promise<{ plan: PlannedCheck[]; kinds: Awaited<ReturnType<typeof loadKinds>>; preparationMs: number }> {
  const preparing = performance.now();
  const plan = plannedChecks(config, options.checks);
  const [, kinds] = await Promise.all([
    prepareClientAuth(options.credentials.values()),
    loadKinds(plan.map((p) => p.check)),
    options.dispatcher === undefined ? warmUpHttp() : undefined,
  ]);
  // After the HTTP warm-up, so the rehearsal finds undici's first-use work done; the rehearsal's run is given its own
  // dispatcher, so it neither warms up nor rehearses again.
  if (options.dispatcher === undefined) await rehearseChain(config, plan, runProbe);
  return { plan, kinds, preparationMs: Math.round(performance.now() - preparing) };
}

/**
 * The run's progress as a person waits on it: its checks, and its SAML apps listed alone, an app done once all its
 * checks settled (the groups tell of their own apps). `onProgress` is told through a guard: a progress line that
 * throws never costs a check its result.
 */
function progressOf(
  plan: readonly PlannedCheck[],
  onProgress: ProbeOptions['onProgress'],
): { tell: (event: RunProgress) => void; settled: (result: CheckResult) => CheckResult } {
  const tell = (event: RunProgress): void => {
    try {
      onProgress?.(event);
    } catch {
      // Only a progress line: the run goes on without it.
    }
  };
  const appChecks = new Map<string, number>();
  for (const p of plan)
    if (checkRow(p.check).target === 'saml') appChecks.set(p.server, (appChecks.get(p.server) ?? 0) + 1);
  tell({ kind: 'planned', checks: plan.length, apps: appChecks.size });
  const settled = (result: CheckResult): CheckResult => {
    tell({ kind: 'check' });
    const left = appChecks.get(result.server);
    if (left !== undefined && checkRow(result.check).target === 'saml') {
      appChecks.set(result.server, left - 1);
      if (left === 1) tell({ kind: 'app' });
    }
    return result;
  };
  return { tell, settled };
}

/** What every request of a run is sent within: its config's bounds, its options' reporting, its body budget. */
interface RunSending {
  readonly config: ProbeConfig;
  readonly options: ProbeOptions;
  readonly now: () => number;
  readonly budget: { remainingBytes: number };
}

/** One request of a check: told to onRequest, sent within the run's bounds, recorded for the HAR. */
async function sendReported(
  { config, options, now, budget }: RunSending,
  {
    sender,
    request,
    signal,
    ownBudget,
  }: { sender: Sender; request: Parameters<Exchange>[0]; signal: AbortSignal; ownBudget: boolean },
): ReturnType<typeof send> {
  options.onRequest?.({ ...sender, method: request.method, url: request.url });
  const startedAt = now();
  const outcome = await send({
    ...request,
    timeoutMs: config.timeoutMs,
    signal,
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    budget: ownBudget ? { remainingBytes: DEFAULTS.maxBodyBytes } : budget,
    ...(options.dispatcher !== undefined && { dispatcher: options.dispatcher }),
  });
  options.har?.record({ ...sender, startedAt, request, outcome }, ownBudget);
  return outcome;
}

/** How far apart the journeys of one run start, ms: their state claims stay under Parameter Store's put rate. */
export const JOURNEY_STAGGER_MS = 400;

/** A journey runs early (its org failing) only with this many timeoutMs left: each of its steps may take one. */
export const EARLY_JOURNEY_MIN_MULTIPLE = 6;

/** A started check: its plan key and its result to come. */
type Started = readonly [key: string, result: Promise<CheckResult>];

/** A judged run of a planned check as its result, under its key. */
function started(run: RunContext, target: PlannedCheck, judgedRun: Promise<Judged>): Started {
  return [planKey(target), judgedRun.then((j) => toCheckResult(target, j, placeOf(target.check, run)))];
}

/**
 * Starts every planned check, the servers' and the feed's one per turn of the event loop (turns.ts), each server in a
 * scope of its own; each check waits only for what it needs.
 */
function startPlan(plan: readonly PlannedCheck[], run: RunContext, kinds: Kinds): Map<string, Promise<CheckResult>> {
  const byServer = new Map<string, CheckName[]>();
  for (const p of plan) byServer.set(p.server, [...(byServer.get(p.server) ?? []), p.check]);
  const later = laterTurns();
  const running = new Map<string, Promise<CheckResult>>(startServers(run, byServer, later));
  const orgFailing = orgFailingOf(run, running);
  // A browser journey's Chromium takes the CPU for seconds: started beside the servers' checks, it starved their
  // time-bound reads (the System Log's), which then went unread. It starts once they have settled. Only the CLI runs
  // both in one process: the deployed probe runs no browser journey, and the browser function no server's check.
  const serversSettled = Promise.allSettled(running.values()).then(() => undefined);
  // A SAML app's checks run in its journey's session: the journey runs (once) when either is planned.
  const apps = (run.config.samlApps ?? []).flatMap((app) => {
    const signIn = run.config.signIn?.find((j) => j.id === app.signIn);
    return signIn === undefined || !byServer.has(app.id) ? [] : [{ app, signIn }];
  });
  const saml: SamlScope | undefined = kinds.saml?.samlScope(apps, samlOptions(run, kinds.saml));
  const groups: readonly PlannedGroup[] = kinds.groups?.plannedGroups(run.config, byServer) ?? [];
  const groupScope: GroupScope | undefined = kinds.groups?.startGroups(groups, {
    ...run,
    retryPause: () => retryPause(run.options),
  });
  const journeys = new Map<string, ReturnType<typeof journeyScope>>();
  const journeyOf = (signIn: SignInConfig): ReturnType<typeof journeyScope> => {
    const scope =
      journeys.get(signIn.id) ??
      journeyScope(run, signIn, takers(saml?.taker(signIn), groupScope?.taker(signIn)), orgFailing, kinds, {
        after: signIn.flow === 'browser' ? serversSettled : undefined,
      });
    journeys.set(signIn.id, scope);
    return scope;
  };
  const { groupRunners } = kinds;
  for (const [key, result] of [
    ...startJourneys(run, byServer, journeyOf),
    ...(saml === undefined ? [] : startSamlApps(run, byServer, { saml, apps, journeyOf })),
    ...(groupScope === undefined || groupRunners === undefined
      ? []
      : startGroups(run, byServer, { groupScope, groupRunners, groups, journeyOf })),
    ...startFeed(run, byServer, later),
  ])
    running.set(key, result);
  return running;
}

/** Each server's planned checks, started in a scope of the server's own, the chains' heads first. */
function startServers(run: RunContext, byServer: ReadonlyMap<string, CheckName[]>, later: LaterTurn): Started[] {
  const planned = run.config.servers.flatMap((server) => {
    const checks = byServer.get(server.id);
    if (checks === undefined) return [];
    const scope = serverScope(run, server);
    // A chain's head leaves first, so its answer is back before the wave's others.
    return checks.map((check) => ({ server, check: check as ServerCheck, scope, head: run.isHead(server.id, check) }));
  });
  // The heads at once (a token each), the rest a turn apart.
  return planned.map(
    ({ server, check, scope, head }): Started => [
      planKey({ server: server.id, check }),
      head ? scope.report(check) : later().then(() => scope.report(check)),
    ],
  );
}

/**
 * The org's availability checks of this run, for a journey not yet due: one failing by Okta's fault or the org's
 * configuration runs it now ("server/check CODE"). One on the probe's own side (its clock, its network) says nothing
 * of users.
 */
function orgFailingOf(
  run: RunContext,
  running: ReadonlyMap<string, Promise<CheckResult>>,
): () => Promise<string | undefined> {
  const orgChecks = [...running]
    .filter(([key]) => AVAILABILITY_CHECKS.includes(key.split('\u0000')[1] as CheckName))
    .map(([, result]) => result);
  return async () => {
    const failed = (await Promise.all(orgChecks)).find(
      (result) => result.status === 'fail' && !isOurs(result.diagnosis.code),
    );
    // The org's checks settle late in a slow incident (each at its timeoutMs): a journey begun then could see the
    // run's deadline cut its password step, an attempt Okta may count. It waits for its own slot instead.
    if (run.deadlineAt !== undefined && run.now() + EARLY_JOURNEY_MIN_MULTIPLE * run.config.timeoutMs > run.deadlineAt)
      return undefined;
    return failed?.status === 'fail' ? `${failed.server}/${failed.check} ${failed.diagnosis.code}` : undefined;
  };
}

/**
 * What the SAML apps' scope is handed: its kept store, the run's clock and secrets, each journey user's pace, and the
 * user's app links for an app whose walk lands on an error page.
 */
function samlOptions(
  run: RunContext,
  saml: NonNullable<Kinds['saml']>,
): Parameters<NonNullable<Kinds['saml']>['samlScope']>[1] {
  return {
    store: run.options.keptState ?? defaultKeptStore(run.options.cache),
    // The requests its journey's user makes to Okta keep the user's pace, until the run's deadline.
    exchange: (app, check) => {
      const username = run.config.signIn?.find((j) => j.id === app.signIn)?.username;
      const exchange = run.exchange({ server: app.id, check });
      return username === undefined
        ? exchange
        : pacedExchange(run.paces.of(username), exchange, { signal: run.deadline });
    },
    now: run.now,
    ...(run.options.cache !== undefined && { cache: run.options.cache }),
    expiryWarnDays: run.config.expiryWarnDays,
    secrets: () => run.secrets,
    appLinks: appLinksOf(run, saml),
  };
}

/** The journey of a signIn, started once whichever check or SAML app asks first. */
type JourneyOf = (signIn: SignInConfig) => ReturnType<typeof journeyScope>;

/** Each journey's planned checks. */
function startJourneys(run: RunContext, byServer: ReadonlyMap<string, CheckName[]>, journeyOf: JourneyOf): Started[] {
  return (run.config.signIn ?? []).flatMap((signIn) => {
    const checks = byServer.get(signIn.id);
    if (checks === undefined) return [];
    const scope = journeyOf(signIn);
    return checks.map((check): Started => [planKey({ server: signIn.id, check }), scope.report(check as JourneyCheck)]);
  });
}

/** Each SAML app's planned checks, in its journey's session. */
function startSamlApps(
  run: RunContext,
  byServer: ReadonlyMap<string, CheckName[]>,
  {
    saml,
    apps,
    journeyOf,
  }: { saml: SamlScope; apps: readonly Parameters<SamlScope['report']>[0][]; journeyOf: JourneyOf },
): Started[] {
  return apps.flatMap((planned) =>
    (byServer.get(planned.app.id) ?? []).map((check) => {
      const judgedRun = saml
        .report(planned, check as SamlCheck, () => journeyOf(planned.signIn).signIn())
        .then((j) => keepingSecrets(run, j));
      return started(run, { server: planned.app.id, check }, judgedRun);
    }),
  );
}

/** Each group of SAML apps' planned checks, in its journey's session. */
function startGroups(
  run: RunContext,
  byServer: ReadonlyMap<string, CheckName[]>,
  {
    groupScope,
    groupRunners,
    groups,
    journeyOf,
  }: {
    groupScope: GroupScope;
    groupRunners: NonNullable<Kinds['groupRunners']>;
    groups: readonly PlannedGroup[];
    journeyOf: JourneyOf;
  },
): Started[] {
  return groups.flatMap((planned) =>
    (byServer.get(planned.group.id) ?? []).map((check) => {
      const ctx = { judged: () => groupScope.report(planned, () => journeyOf(planned.signIn).signIn()) };
      const judgedRun = attempt(() => groupRunners[check as SamlGroupCheck](ctx)).then((j) => keepingSecrets(run, j));
      return started(run, { server: planned.group.id, check }, judgedRun);
    }),
  );
}

/** The status feed's planned checks, confirmed as a server's are; none without a feed to read. */
function startFeed(run: RunContext, byServer: ReadonlyMap<string, CheckName[]>, later: LaterTurn): Started[] {
  const url = run.config.statusPageUrl;
  if (url === null) return [];
  return (byServer.get(STATUS_SERVER) ?? []).map((check) => {
    const cell = run.config.oktaCell === undefined ? undefined : parseCell(run.config.oktaCell);
    const target = { server: STATUS_SERVER, check };
    const ctx = { url, exchange: run.exchange(target), now: run.now, ...(cell !== undefined && { cell }) };
    return started(
      run,
      target,
      later().then(() => confirmed(check, () => attempt(() => FEED_RUNNERS[check as FeedCheck](ctx)), run)),
    );
  });
}

/** The pause before a transient failure is tried again: long enough for a dropped connection or a 502 to clear. */
const RETRY_PAUSE_MS = 300;

/** That pause: the run's injected one (a test makes it instant), else a timer. */
const retryPause = (options: ProbeOptions): Promise<void> => options.pause?.(RETRY_PAUSE_MS) ?? pause(RETRY_PAUSE_MS);

/**
 * A check's run, confirmed: a check with an exchange of its own that failed with a code whose registry row says
 * `transient` (a timeout, a connection error, Okta's 5xx) runs once more after a short pause, within the run's
 * deadline, and the checks that need it wait for the confirmed run. Any other code (a 4xx: the org's configuration;
 * a 429: Okta's rate limit, which a retry worsens; read-only mode) is never retried. A pass on the retry keeps the
 * first attempt's latency, so a retry never hides that Okta was slow, and names the first attempt's code and request
 * id; a second failure keeps the first's diagnosis and names the retry's.
 */
async function confirmed<R extends Judged>(check: CheckName, start: () => Promise<R>, run: RunContext): Promise<R> {
  const first = await start();
  const found = findingOf(first);
  if (!checkRow(check).timed || found === null || !isTransient(found.code) || run.deadline.aborted) return first;
  await retryPause(run.options);
  if (run.deadline.aborted) return first;
  const second = await start();
  const again = findingOf(second);
  // Printed in observed: a request id that echoes a secret is redacted here as the diagnosis redacts it.
  const requestOf = (id: string | null): string => (id === null ? '' : ` (request ${requestIdIn(id, run.secrets)})`);
  const firstAttempt = `${found.code}${requestOf(found.requestId)}`;
  if (again === null) {
    return {
      ...second,
      outcome: first.outcome,
      judgement: { ...second.judgement, observed: { ...second.judgement.observed, passedOnRetry: true, firstAttempt } },
    };
  }
  const retry = `${again.code}${requestOf(again.requestId)}`;
  return { ...first, judgement: { ...first.judgement, observed: { ...first.judgement.observed, retried: retry } } };
}

/**
 * Runs `start`; a throw, sync or async, becomes a rejected promise that settleBy turns into this check's probe error.
 */
function attempt<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * One server's checks: each run once (a prerequisite on first use, shared after), every answer kept for the
 * checks that read earlier answers. A credential not configured yet makes the checks that need it N/A with the
 * command that fills it; the rest run as usual, and no request is sent with the missing credential.
 */
function serverScope(run: RunContext, server: ServerConfig): { report(check: ServerCheck): Promise<CheckResult> } {
  const credential = run.options.credentials.get(server.id);
  const pending = credential?.kind === 'not-configured' ? credential.detail : undefined;
  const answers: HttpResponse[] = [];
  const runs = new Map<ServerCheck, { readonly order: number; readonly promise: Promise<Judged> }>();
  const base = serverContext(run, server, pending === undefined ? credential : undefined);
  const exchangeOf = (check: ServerCheck): Exchange => {
    const exchange = run.exchange({ server: server.id, check });
    return async (req) => {
      const outcome = await exchange(req);
      // The resource check's answers are the organisation's APIs', not Okta's: no Date or certificate of theirs is
      // judged as Okta's.
      if (outcome.ok && check !== 'resource') answers.push(outcome.response);
      return outcome;
    };
  };

  const start = <C extends ServerCheck>(check: C): Promise<Produced<C>> => {
    const existing = runs.get(check);
    if (existing !== undefined) return existing.promise as Promise<Produced<C>>;
    const order = runs.size;
    const ctx: ServerCheckContext = {
      ...base,
      exchange: exchangeOf(check),
      need: start,
      earlierAnswers: async () => {
        await Promise.allSettled([...runs.values()].filter((r) => r.order < order).map((r) => r.promise));
        return answers;
      },
    };
    const promise = confirmed(check, () => attempt(() => SERVER_RUNNERS[check](ctx) as Promise<Produced<C>>), run).then(
      (j) => keepingSecrets(run, j),
    );
    runs.set(check, { order, promise });
    return promise;
  };

  return {
    report(check) {
      const target = { server: server.id, check };
      if (pending !== undefined && checkRow(check).credential)
        return Promise.resolve(toCheckResult(target, judged(notApplicable(pending)), placeOf(check, run)));
      // Told (its texts redacted, milliseconds of CPU cold) a turn later: the checks that wait on this one, the
      // introspection on the token, go first.
      return start(check).then(async (j) => {
        await nextTurn();
        return toCheckResult(target, j, placeOf(check, run));
      });
    },
  };
}

/** What every check of a server is handed but its exchange and the answers before it: the server, its credential. */
function serverContext(run: RunContext, server: ServerConfig, credential: CredentialResult | undefined) {
  return {
    server,
    config: run.config,
    orgServer: isOrgServer(server),
    endpoints: serverEndpoints(run.config.orgUrl, server.id, server.issuer),
    credential,
    now: run.now,
    ...(run.options.cache !== undefined && { cache: run.options.cache }),
    ...(run.options.keptState !== undefined && { kept: run.options.keptState }),
    ...(run.options.signInTallies !== undefined && { tallies: run.options.signInTallies }),
    listBudget: run.listBudget,
    logBudgetMs: run.logBudgetMs,
    ...(run.options.provisioningState !== undefined && { provisioning: run.options.provisioningState }),
    ...(run.options.hookTlsTrust !== undefined && { hookTlsTrust: run.options.hookTlsTrust }),
    ...(run.options.ownNetwork !== undefined && { ownNetwork: run.options.ownNetwork }),
    scheduleMinutes: run.options.scheduleMinutes ?? 1,
    afterRun: (followUp: RunFollowUp) => void run.followUps.push(followUp),
  };
}

/**
 * One synthetic user's journey: run once, shared by the checks that read it. It needs its server's URLs,
 * not the server's checks: `run --server portal` leaves the server itself out of the run.
 */
function journeyScope(
  run: RunContext,
  signIn: SignInConfig,
  handOver: SessionTaker | undefined,
  orgFailing: () => Promise<string | undefined>,
  kinds: Kinds,
  /** What the journey's run waits for before it starts (a browser journey: the servers' checks settled). */
  wait: { readonly after: Promise<void> | undefined },
): { report(check: JourneyCheck): Promise<CheckResult>; signIn(): Promise<SignInRun> } {
  const journeyIndex = indexOfJourney(run, signIn);
  const base = journeyContext(run, signIn, orgFailing, kinds);
  // The journey hands its session over to its SAML apps and groups, and nothing else.
  const ctx = handOver === undefined ? base : { ...base, handOver };
  const runs = new Map<JourneyCheck, Promise<Judged>>();
  const start = <C extends JourneyCheck>(check: C): Promise<JourneyProduced<C>> => {
    const existing = runs.get(check);
    if (existing !== undefined) return existing as Promise<JourneyProduced<C>>;
    // Never `confirmed`: a journey tried again would send the password a second time (one attempt a run).
    // Every request of the journey is its user's to Okta: counted in the pace its SAML apps keep after it.
    const checkCtx = {
      ...ctx,
      server: {
        ...ctx.server,
        exchange: countedExchange(run.paces.of(signIn.username), run.exchange({ server: signIn.id, check })),
      },
      need: start,
    };
    const running = (): Promise<JourneyProduced<C>> =>
      attempt(() => JOURNEY_RUNNERS[check](checkCtx) as Promise<JourneyProduced<C>>);
    // Journeys due in one run claim their state one after another, not in the same instant: Parameter Store takes
    // about 3 PutParameter a second (AWS Support's figure), and each journey writes its claim before it signs in.
    const stagger = check === JOURNEY_RUN ? journeyIndex * JOURNEY_STAGGER_MS : 0;
    const after = check === JOURNEY_RUN ? wait.after : undefined;
    const staggered = (): Promise<JourneyProduced<C>> =>
      stagger === 0 ? running() : (run.options.pause?.(stagger) ?? pause(stagger, run.deadline)).then(running, running);
    const promise = (after === undefined ? staggered() : after.then(staggered)).then((j) => keepingSecrets(run, j));
    runs.set(check, promise);
    run.lingering.push(promise.catch(() => undefined));
    return promise;
  };
  return {
    report: (check) => start(check).then((j) => toCheckResult({ server: signIn.id, check }, j, placeOf(check, run))),
    signIn: () => start(JOURNEY_RUN),
  };
}

/**
 * What every check of a journey is handed: its user, credential and server, its clean-up and TOTP wait within the
 * run's deadline, the org's failing checks, and the password's verdict as soon as it is judged.
 */
function journeyContext(
  run: RunContext,
  signIn: SignInConfig,
  orgFailing: () => Promise<string | undefined>,
  kinds: Kinds,
) {
  let passwordJudged: (run: SignInRun) => void = () => undefined;
  const early = new Promise<SignInRun>((resolve) => {
    passwordJudged = resolve;
  });
  return {
    signIn,
    orgUrl: run.config.orgUrl,
    credential: run.options.users?.get(signIn.id),
    timeoutMs: run.config.timeoutMs,
    ...journeyOptions(run.options),
    cleanupExchange: cleanupExchange(run, signIn),
    sleep: (ms: number) => totpWait(run, ms),
    onPasswordJudged: (answer: SignInRun) => passwordJudged(answer),
    orgFailing,
    ...userStatusOf(run, signIn, kinds.lockout),
    passwordJudged: early,
    server: journeyServerContext(run, journeyServer(run, signIn)),
    ...pageKeeper(run.options.har, signIn.id),
    ...(signIn.app?.protocol === 'saml' && { readAssertion }),
  };
}

/**
 * The SAML checks' one reader of an assertion, for a journey whose app is a SAML app: the XML libraries load only
 * when such an app is posted one.
 */
const readAssertion: NonNullable<SignInContext['readAssertion']> = async (samlResponse) =>
  (await import('./saml/assertion-facts')).assertionFacts(samlResponse);

/** Where a failed browser journey's page goes: beside the HARs, to the recorder that keeps them; none without one. */
function pageKeeper(har: ProbeOptions['har'], journey: string): Pick<SignInContext, 'keepPage'> {
  return har?.page === undefined ? {} : { keepPage: (evidence) => har.page?.(journey, JOURNEY_RUN, evidence) };
}

/** What the run's options hand each journey as they are: its state's store, its end, `passkey enroll`'s attestation. */
function journeyOptions({ journeyState, endsBy, enrollPasskey }: ProbeOptions): Partial<SignInContext> {
  return {
    ...(journeyState !== undefined && { journeyState }),
    ...(endsBy !== undefined && { endsBy }),
    ...(enrollPasskey !== undefined && { enrollPasskey }),
  };
}

/** The journey's server: the configured one it names, else one of its own app's client credentials. */
function journeyServer(run: RunContext, signIn: SignInConfig): ServerConfig {
  return (
    run.config.servers.find((s) => s.id === signIn.server) ?? {
      id: signIn.server,
      clientId: signIn.clientId,
      credential: { kind: 'secrets_manager', secretKind: 'client_secret_basic' },
      scopes: signIn.scopes,
      requiredClaims: [],
    }
  );
}

/** The journey's server as its checks see it, before each check's own exchange. */
function journeyServerContext(run: RunContext, server: ServerConfig): Omit<ServerContext, 'exchange'> {
  return {
    server,
    orgServer: isOrgServer(server),
    endpoints: serverEndpoints(run.config.orgUrl, server.id, server.issuer),
    credential: undefined,
    now: run.now,
    ...(run.options.cache !== undefined && { cache: run.options.cache }),
  };
}

/** The journey's place among the config's, which staggers its claim on its state. */
function indexOfJourney(run: RunContext, signIn: SignInConfig): number {
  return Math.max(
    0,
    (run.config.signIn ?? []).findIndex((s) => s.id === signIn.id),
  );
}

/** The journey's clean-up requests, counted in its user's pace. */
function cleanupExchange(run: RunContext, signIn: SignInConfig): Exchange {
  // The clean-up on its own short timeout: the run's deadline may have fired mid-journey.
  return countedExchange(run.paces.of(signIn.username), (req) =>
    run.inFlight.run(undefined, () =>
      send({
        ...req,
        timeoutMs: Math.min(run.config.timeoutMs, CLEANUP_TIMEOUT_MS),
        maxBodyBytes: DEFAULTS.maxBodyBytes,
        ...(run.options.dispatcher !== undefined && { dispatcher: run.options.dispatcher }),
      }),
    ),
  );
}

/** Waits `ms` for a TOTP step; false when the wait is not worth it or the deadline ended it. */
function totpWait(run: RunContext, ms: number): Promise<boolean> {
  // A TOTP step is waited for only when the journey can still finish after it; a wait the deadline ends anyway
  // (a clock that jumped) stops there: either way no code is sent, and the journey says so itself.
  return run.deadlineAt !== undefined && run.now() + ms + AFTER_TOTP_WAIT_MS > run.deadlineAt
    ? Promise.resolve(false)
    : pause(ms, run.deadline).then(
        () => true,
        () => false,
      );
}

/**
 * How a journey reads its user's status (a lockout Okta hides behind "wrong password"): with the "org"
 * server's key (private_key_jwt, the only way to an Org-AS token) on a token of okta.users.read, when that server's
 * scopes hold it. Its requests are the journey's own.
 */
function userStatusOf(
  run: RunContext,
  signIn: SignInConfig,
  lockout: Kinds['lockout'],
): Pick<SignInContext, 'userStatus'> {
  const ctx = orgReader(run, run.exchange({ server: signIn.id, check: JOURNEY_RUN }));
  // A planned journey has its lockout reader loaded (loadKinds): undefined only where no journey runs.
  if (ctx === undefined || lockout === undefined) return {};
  const org = ctx.server;
  const { readLockEvents, readUserStatus, USER_STATUS_SCOPE } = lockout;
  const byLog = org.systemLog === true && org.scopes.includes(SYSTEM_LOG_SCOPE);
  if (!org.scopes.includes(USER_STATUS_SCOPE) && !byLog) return { userStatus: { via: org.id } };
  // The status when the server reads users; else the System Log's lock events.
  const read = org.scopes.includes(USER_STATUS_SCOPE)
    ? () => readUserStatus(ctx, signIn.username)
    : () => readLockEvents(ctx, signIn.username, run.secrets);
  return { userStatus: { via: org.id, read } };
}

/**
 * The "org" server as a reader of the Management API, on `exchange`: its key (private_key_jwt, the only way to an
 * Org-AS token); undefined without one.
 */
function orgReader(run: RunContext, exchange: Exchange): ServerContext | undefined {
  const org = run.config.servers.find((s) => isOrgServer(s));
  const credential = org === undefined ? undefined : run.options.credentials.get(org.id);
  if (org === undefined || credential?.kind !== 'private_key_jwt') return undefined;
  return {
    server: org,
    orgServer: true,
    endpoints: serverEndpoints(run.config.orgUrl, org.id, org.issuer),
    credential,
    exchange,
    now: run.now,
    listBudget: run.listBudget,
    logBudgetMs: run.logBudgetMs,
    ...(run.options.cache !== undefined && { cache: run.options.cache }),
  };
}

/**
 * How a SAML app's walk that lands on an error page reads its user's app links (saml/assignment.ts): through the
 * "org" server when its scopes hold okta.users.read, else an answer that says what is missing.
 */
function appLinksOf(run: RunContext, saml: NonNullable<Kinds['saml']>): SamlScopeDeps['appLinks'] {
  const { ASSIGNMENT_SCOPE, readAppLinks } = saml;
  return async (username, exchange) => {
    const ctx = orgReader(run, exchange);
    if (ctx === undefined || !ctx.server.scopes.includes(ASSIGNMENT_SCOPE))
      return {
        unavailable: `no "org" server reads users (give a private_key_jwt "org" server the scope ${ASSIGNMENT_SCOPE})`,
      };
    return readAppLinks(ctx, username);
  };
}

/** A run's result, after keeping what it obtained (a token, a session) out of every diagnosis printed from now on. */
function keepingSecrets<J extends Judged>(run: RunContext, judged: J): J {
  run.secrets.push(...(judged.secrets ?? []));
  return judged;
}

function placeOf(check: CheckName, run: RunContext): DiagnosisPlace {
  const { orgUrl, statusPageUrl } = run.config;
  const host = checkRow(check).target === 'feed' && statusPageUrl !== null ? hostOf(statusPageUrl) : hostOf(orgUrl);
  return { orgUrl, host, secrets: run.secrets, servers: run.config.servers };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** An AbortSignal that fires at `deadline` (epoch ms), passed to every request. */
function startDeadline(deadline: number | undefined, now: () => number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  // Every pending check (settleBy) and every request in flight (send) listens, and how many run at once grows with the
  // config (the inventory's kinds read in parallel, each SAML app's two requests): no fixed count is right. The signal
  // lives one run and is dropped with it, so a listener it keeps cannot outlive the run: Node's leak warning, which
  // counts listeners on one long-lived target, has nothing to find here (six warnings a unit run).
  setMaxListeners(Infinity, controller.signal);
  if (deadline === undefined) return { signal: controller.signal, dispose: () => undefined };
  return { signal: controller.signal, dispose: abortAfter(controller, deadline - now()) };
}

/**
 * The check's result, or TIMEOUT if the deadline fires first. The abort listener runs synchronously, so every
 * check still pending at that moment (including one waiting on another) is a TIMEOUT, never a skip. A bug in the
 * probe still yields a result for the check, not a thrown run.
 */
function settleBy(
  signal: AbortSignal,
  planned: PlannedCheck,
  work: Promise<CheckResult> | undefined,
  run: RunContext,
): Promise<CheckResult> {
  const failWith = (verdict: ReturnType<typeof fail>): CheckResult =>
    toCheckResult(planned, judged(verdict), placeOf(planned.check, run));
  const checked = (work ?? Promise.reject(new Error('check was not started'))).then(
    (result) => result,
    (error: unknown) =>
      failWith(fail('UNEXPECTED_RESPONSE', `probe error: ${error instanceof Error ? error.message : String(error)}`)),
  );
  return within(checked, Infinity, () => failWith(fail('TIMEOUT', 'run deadline reached')), signal);
}
