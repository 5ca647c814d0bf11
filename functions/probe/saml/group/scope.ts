// The groups of SAML apps' scope: each group's catalogue (its listed apps, and those the Management API
// lists when it discovers), checked in its journey's sessions a share at a time, and judged as one check with a
// finding per app that needs action. The seam with the journey is the one its listed apps use (session.ts): the
// session it hands over once a run, held open while the group's share is checked, then closed by the journey.
// - Before the session: the apps kept between runs are read (a record per app, CatalogueStore) and the catalogue is
//   listed when due (SAML_GROUP.discoverEveryMinutes), at once and beside the journey.
// - An open session: the share (select.ts) is checked `concurrency` apps at a time (check-app.ts), each request
//   timed from its own send; no app is started once the run could not finish it, and an app whose bucket Okta says is
//   low is left for the next run: neither is ever a TIMEOUT or a failure.
// - Carried or no session: no app is checked; every verdict is the last one, carried, and the counts stand.
// Then the apps checked are kept (and those gone from the catalogue a week forgotten), and the group is judged.
import { APPS_PER_WINDOW, SAML_GROUP, USER_PACE } from '../../../contract';
import type { CatalogueStore } from '../../../kept-state';
import type { ProbeCache, RunProgress, SamlAppConfig, SamlGroupConfig, SignInConfig } from '../../../types';
import { CLEANUP_TIMEOUT_MS } from '../../session';
import type { Exchange } from '../../context';
import type { Finding, Judged, Observed } from '../../verdict';
import type { JourneySession, SessionTaker } from '../../session';
import { keptAfterCheck, readKeptApp, type FoundApp, type GroupApp, type KeptApp } from './apps';
import { Buckets } from './buckets';
import { checkApp, type AppCheckContext, type AppOutcome } from './check-app';
import type { AppLinksRead } from '../assignment';
import { discoverApps, emptyReason, discoveryScopes, managementToken, type DiscoveryContext } from './discover';
import { judgeGroup } from './judge';
import { gaugesOf } from '../../../plan/outputs';
import { inParallel } from '../../parallel';
import { selectShare } from './select';
import { identityEngineSession, pacedExchange, PaceError, type UserPace } from '../../user-pace';
import { within } from '../../../deadline';
import { storeFailure } from '../../kept-store';
import { readThrough, type KeptPart } from '../../../cache/read-through';
import { keepWarm, readWarm, WARM } from '../../warm-state';

/** A planned group: its config, its journey, and its listed apps. */
export interface PlannedGroup {
  readonly group: SamlGroupConfig;
  readonly signIn: SignInConfig;
  readonly listed: readonly SamlAppConfig[];
}

export interface GroupScopeDeps {
  readonly store: CatalogueStore;
  /**
   * The exchange of a group's check: its requests are that check's; each app's answers have a body budget of their own.
   */
  exchange(group: SamlGroupConfig): Exchange;
  readonly now: () => number;
  /** The run's deadline (epoch ms): no app is started that could not finish before it. */
  readonly deadline?: number;
  readonly timeoutMs: number;
  readonly orgUrl: string;
  readonly cache?: ProbeCache;
  readonly expiryWarnDays: number;
  /** The run's values no report may print, as a list the group adds to (tokens, SAMLResponses). */
  readonly secrets: string[];
  /** The "org" server's context for a group that discovers; a reason when it has no credential to use yet. */
  discovery(group: PlannedGroup): DiscoveryContext | { readonly unavailable: string };
  /** The journey user's app links (read once a run per user), for an app whose walk lands on an error page. */
  appLinks?(group: PlannedGroup): Promise<AppLinksRead>;
  /** The pause before the one retry of a transient failure (the run's injected pause). */
  readonly retryPause: () => Promise<void>;
  /** Every app each session, not a share (ProbeOptions.everySamlApp). */
  readonly whole?: boolean;
  /** The pace of the journey's user, which the apps keep in an Identity Engine session (user-pace.ts). */
  pace?(signIn: SignInConfig): UserPace;
  /** Told how many apps a session checks, then of each as it is checked or left (a progress line). */
  progress?(event: RunProgress): void;
}

export interface GroupScope {
  /** What the journey `signIn` hands its session to, for its groups (undefined: none planned). */
  taker(signIn: SignInConfig): SessionTaker | undefined;
  /** The group's check, once its journey has handed over (`journey` starts the journey). */
  report(group: PlannedGroup, journey: () => Promise<unknown>): Promise<Judged>;
}

/** Time kept for writing the apps checked, ms: a DynamoDB batch or a file, on its own timeout. */
const STORE_WRITE_MS = 2000;

/** What a group knows before its session: its apps kept, its catalogue and the requests that took. */
interface Prepared {
  readonly kept: Map<string, KeptApp>;
  readonly apps: readonly GroupApp[];
  readonly discovery?: Finding;
  readonly discoveryNote?: string;
  /** Why the catalogue is empty, when discovery answered but found no app. */
  readonly emptyWhy?: string;
  readonly keptNote?: string;
  /**
   * The store could not be read this run: what it holds is unknown, so nothing is merged with it. Only the apps
   * checked are written; an unchecked app's record (its `since`, certificate, failing verdict) is never overwritten.
   */
  readonly keptUnread?: true;
  requests: number;
  readonly token: AppCheckContext['token'];
}

/** What the session's checking left: the apps checked with their latency, those left and why. */
interface Checked {
  readonly checked: Map<string, number | undefined>;
  readonly left?: { readonly apps: readonly GroupApp[]; readonly why: string };
  readonly notChecked?: string;
  /**
   * The probe's own problem that left apps (the "org" server's token for their metadata): one warning, no app's
   * verdict.
   */
  readonly probe?: Finding;
  readonly share: number;
  /** The user's pace, when the apps kept it: the time its apps waited for their slots this run, ms. */
  readonly paceWaitedMs?: number;
}

export function samlGroupScope(planned: readonly PlannedGroup[], deps: GroupScopeDeps): GroupScope {
  const runs = new Map<
    string,
    { session: (s: JourneySession) => void; checking: Promise<Checked>; result: Promise<Judged> }
  >();
  const runOf = (p: PlannedGroup) => {
    let run = runs.get(p.group.id);
    if (run === undefined) {
      let session: (s: JourneySession) => void = () => undefined;
      const handed = new Promise<JourneySession>((resolve) => (session = resolve));
      const prepared = prepare(p, deps);
      const checking = Promise.all([prepared, handed]).then(([prep, s]) => checkShare(p, prep, s, deps));
      const result = Promise.all([prepared, checking]).then(([prep, done]) => finish(p, prep, done, deps));
      run = { session, checking, result };
      runs.set(p.group.id, run);
    }
    return run;
  };
  return {
    taker(signIn) {
      const mine = planned.filter((p) => p.signIn.id === signIn.id);
      if (mine.length === 0) return undefined;
      // The session is held open while every group's share is checked; the journey closes it once this settles.
      return async (session) => {
        await Promise.all(
          mine.map((p) => {
            const run = runOf(p);
            run.session(session);
            return run.checking.catch(() => undefined);
          }),
        );
      };
    },
    report(p, journey) {
      const run = runOf(p);
      // A journey that ended without handing over (a bug in it): its groups are told so, rather than wait for the
      // deadline.
      const ended = (): void =>
        run.session({
          kind: 'none',
          why: 'the sign-in journey ended without handing over its session',
          signedIn: false,
        });
      journey().then(ended, ended);
      return run.result;
    },
  };
}

/** The group's kept apps and its catalogue; never throws. */
async function prepare(p: PlannedGroup, deps: GroupScopeDeps): Promise<Prepared> {
  const { group } = p;
  const now = deps.now();
  const { kept, keptNote } = await readKept(group, deps, now);
  // Counted as sent, whenever sent: the token may be asked first by an app's metadata, during the session.
  const count = { requests: 0 };
  const context = group.discover === undefined ? undefined : deps.discovery(p);
  const token = tokenOnce(group, context, count);
  const prepared = (rest: Omit<Prepared, 'requests' | 'token' | 'kept'>): Prepared => ({
    kept,
    token,
    ...rest,
    get requests() {
      return count.requests;
    },
    set requests(value: number) {
      count.requests = value;
    },
    ...(keptNote !== undefined && { keptNote, keptUnread: true as const }),
  });
  const listed: GroupApp[] = p.listed.map((app) => ({ id: app.id, listed: app }));
  if (group.discover === undefined) return prepared({ apps: listed });
  if (context !== undefined && 'unavailable' in context)
    return prepared({ apps: [...listed, ...foundBefore(kept, listed, now)], discoveryNote: context.unavailable });
  const { found, discovery, listedCount } = await listCatalogue(
    { group, discover: group.discover, context, token, count },
    deps,
    now,
  );
  const apps =
    found === undefined
      ? [...listed, ...foundBefore(kept, listed, now)]
      : [
          ...listed,
          ...[...found]
            .sort((a, b) => a.label.localeCompare(b.label) || a.appId.localeCompare(b.appId))
            .map((f) => ({ id: f.appId, found: f })),
        ];
  const username = context !== undefined ? context.username : '';
  const empty =
    apps.length === 0 && discovery === undefined ? emptyReason(group.discover, username, listedCount) : undefined;
  return prepared({
    apps: dedupe(apps),
    ...(discovery !== undefined && { discovery }),
    ...(empty !== undefined && { emptyWhy: empty }),
  });
}

/** The apps kept between runs; when the store cannot be read, this process's last copy, with a note saying so. */
async function readKept(
  group: SamlGroupConfig,
  deps: GroupScopeDeps,
  now: number,
): Promise<{ readonly kept: Map<string, KeptApp>; readonly keptNote?: string }> {
  try {
    return {
      kept: new Map(
        [...(await deps.store.read(group.id))].flatMap(([id, value]) => {
          const app = readKeptApp(value, now);
          return app === undefined ? [] : [[id, app] as const];
        }),
      ),
    };
  } catch (error) {
    // A store that cannot be read this run: a warm process's own copy, else the apps are judged afresh as they come.
    const kept = new Map(
      (readWarm(deps.cache, WARM.samlGroupKept, now, group.id) ?? []).flatMap(([id, value]) => {
        const app = readKeptApp(value);
        return app === undefined ? [] : [[id, app] as const];
      }),
    );
    const keptNote =
      `${deps.store.where(group.id)} could not be read (${error instanceof Error ? error.name : 'error'}): ${
        kept.size > 0 ? "this process's last " + 'copy is used' : 'the verdicts kept before ' + 'are unknown this run'
      }; ` + `only the apps checked this run are written`;
    return { kept, keptNote };
  }
}

/** The Management API token, asked at most once a run; a problem when the group has no "org" server to ask. */
function tokenOnce(
  group: SamlGroupConfig,
  context: ReturnType<GroupScopeDeps['discovery']> | undefined,
  count: { requests: number },
): AppCheckContext['token'] {
  let asked: ReturnType<AppCheckContext['token']> | undefined;
  return () => {
    if (context === undefined || 'unavailable' in context || group.discover === undefined) {
      return Promise.resolve({
        problem: {
          code: 'SAML_DISCOVERY_FAILED',
          requestId: null,
          detail:
            context !== undefined && 'unavailable' in context
              ? context.unavailable
              : 'no "org" server to read the Management API with',
        },
      });
    }
    const { discover } = group;
    if (asked === undefined) {
      count.requests += 1;
      asked = managementToken(context, discoveryScopes(discover));
    }
    return asked;
  };
}

/** What a discovering group reads of its catalogue: the listing (cached between runs), and the token it takes. */
interface Listing {
  readonly group: SamlGroupConfig;
  readonly discover: NonNullable<SamlGroupConfig['discover']>;
  readonly context: DiscoveryContext | undefined;
  readonly token: AppCheckContext['token'];
  readonly count: { requests: number };
}

/** The apps discovery listed, or why it could not list (nothing when it has no context to list in). */
interface Listed {
  readonly found?: readonly FoundApp[];
  readonly discovery?: Finding;
  readonly listedCount?: number;
}

/** A listing read now is kept discoverEveryMinutes; a listing that failed (or was not read) is never kept. */
const keptListing = (listed: Listed): KeptPart<readonly FoundApp[]> | undefined =>
  listed.found === undefined ? undefined : { value: listed.found, maxAgeMs: SAML_GROUP.discoverEveryMinutes * 60_000 };

/** The apps discovery found, from this process's cache while fresh, else listed now; or why it could not list. */
async function listCatalogue(
  { group, discover, context, token, count }: Listing,
  deps: GroupScopeDeps,
  now: number,
): Promise<Listed> {
  const listing = await readThrough(
    deps.cache,
    `saml-group-found:${group.id}`,
    now,
    { keep: keptListing },
    async () => {
      if (context === undefined) return {};
      const issued = await token();
      if ('problem' in issued) return { discovery: issued.problem };
      const read = await discoverApps(context, discover, issued.token);
      count.requests += read.requests;
      if ('problem' in read) return { discovery: read.problem };
      return { found: read.apps, listedCount: read.listed };
    },
  );
  return listing.fromCache ? { found: listing.value } : listing.value;
}

/** The discovered apps kept from earlier runs, when the catalogue cannot be listed now: still watched. */
function foundBefore(kept: ReadonlyMap<string, KeptApp>, listed: readonly GroupApp[], now: number): GroupApp[] {
  const ids = new Set(listed.map((a) => a.id));
  return [...kept].flatMap(([id, k]) =>
    k.found !== undefined && !ids.has(id) && now - k.seen < SAML_GROUP.forgetAfterMs ? [{ id, found: k.found }] : [],
  );
}

function dedupe(apps: readonly GroupApp[]): GroupApp[] {
  const seen = new Set<string>();
  return apps.filter((app) => (seen.has(app.id) ? false : (seen.add(app.id), true)));
}

/** One session's checking of a share, as the apps' parallel checks share it. */
interface ShareRun {
  readonly ctx: AppCheckContext;
  readonly cookie: string;
  /** The last moment an app may start. */
  readonly stopAt: number;
  readonly pace: UserPace | undefined;
  readonly checked: Map<string, number | undefined>;
  readonly leftApps: GroupApp[];
  /** Why the first app left was left: the reason the group reports for all of them. */
  why?: string;
  probe?: Finding;
}

/** The session's share of the catalogue, checked; nothing without an open session. Never throws. */
async function checkShare(
  p: PlannedGroup,
  prep: Prepared,
  session: JourneySession,
  deps: GroupScopeDeps,
): Promise<Checked> {
  const { group } = p;
  const now = deps.now();
  const { apps: share, share: size } = selectShare(prep.apps, prep.kept, now, {
    everyMinutes: group.everyMinutes,
    journeyEveryMinutes: p.signIn.everyMinutes,
    expiryWarnDays: deps.expiryWarnDays,
    ...(deps.whole === true && { whole: true }),
  });
  if (session.kind !== 'open') return { checked: new Map(), notChecked: notCheckedWhy(p, session), share: size };
  // The last moment an app may start: its two requests, a retry, the kept verdicts' write and the session's close
  // after.
  const stopAt =
    deps.deadline === undefined ? Infinity : deps.deadline - 2 * deps.timeoutMs - STORE_WRITE_MS - CLEANUP_TIMEOUT_MS;
  // Identity Engine counts the apps' SSO requests against the journey's user (20 per 5 s): they keep its pace, and an
  // app whose first slot would come after stopAt is left for the next run, as one the run's time cannot hold.
  const pace = identityEngineSession(session.cookie) ? deps.pace?.(p.signIn) : undefined;
  const run: ShareRun = {
    ctx: appContext(p, prep, { cookie: session.cookie, stopAt, pace }, deps),
    cookie: session.cookie,
    stopAt,
    pace,
    checked: new Map(),
    leftApps: [],
  };
  deps.progress?.({ kind: 'apps', count: share.length });
  await inParallel(share, group.concurrency, async (app) => {
    await checkShareApp(run, app, prep, deps);
    deps.progress?.({ kind: 'app' });
  });
  return {
    checked: run.checked,
    share: size,
    ...(run.probe !== undefined && { probe: run.probe }),
    ...(pace !== undefined && { paceWaitedMs: pace.stats.waitedMs }),
    ...(run.leftApps.length > 0 && { left: { apps: run.leftApps, why: run.why ?? 'not reached' } }),
  };
}

/** Why no app is checked without an open session: the journey was carried, or opened none. */
function notCheckedWhy(p: PlannedGroup, session: Exclude<JourneySession, { kind: 'open' }>): string {
  return session.kind === 'carried'
    ? `the journey "${p.signIn.id}" was not due this run (its verdict and the apps' are carried from ${new Date(session.judgedAt).toISOString()})`
    : `no session: ${session.why}`;
}

/** What each app's check is handed: the group's exchange, at the user's pace when it keeps one. */
function appContext(
  p: PlannedGroup,
  prep: Prepared,
  session: Pick<ShareRun, 'cookie' | 'stopAt' | 'pace'>,
  deps: GroupScopeDeps,
): AppCheckContext {
  const { pace } = session;
  const links = deps.appLinks;
  return {
    exchange:
      pace === undefined
        ? deps.exchange(p.group)
        : pacedExchange(pace, deps.exchange(p.group), { latest: session.stopAt }),
    now: deps.now,
    ...(deps.cache !== undefined && { cache: deps.cache }),
    orgUrl: deps.orgUrl,
    buckets: new Buckets(identityEngineSession(session.cookie)),
    token: prep.token,
    sent: () => void (prep.requests += 1),
    retryPause: deps.retryPause,
    ...(links !== undefined && { appLinks: () => links(p) }),
  };
}

/** One app of the share: checked and kept, or left for the next run with why. */
async function checkShareApp(run: ShareRun, app: GroupApp, prep: Prepared, deps: GroupScopeDeps): Promise<void> {
  const notStarted = whyNotStarted(run, deps);
  if (notStarted !== undefined) return leave(run, app, notStarted);
  const outcome = await askApp(run, app);
  // Cut by the run's deadline, not by Okta: the app was asked, but its answer was not waited for. Left for the next
  // run, never a TIMEOUT of Okta's kept against it (no false failure from our own clock).
  if (cutByDeadline(outcome, deps)) return leave(run, app, "the run's deadline came before Okta answered");
  if (outcome.kind === 'left') {
    run.probe ??= outcome.probe;
    return leave(run, app, outcome.why);
  }
  keepChecked(app, outcome, prep, deps);
  run.checked.set(app.id, outcome.latencyMs);
}

function leave(run: ShareRun, app: GroupApp, why: string): void {
  run.why ??= why;
  run.leftApps.push(app);
}

/** Why an app is not started: the run's time, or the user's pace, could not hold it. */
function whyNotStarted(run: ShareRun, deps: GroupScopeDeps): string | undefined {
  if (deps.now() >= run.stopAt)
    return `the run's time ran out (each app needs up to 2 x timeoutMs ${deps.timeoutMs} ms before the run's deadline)`;
  if (run.pace !== undefined && run.pace.nextAt() > run.stopAt)
    return (
      `the journey's user keeps Identity Engine's per-user limit (the apps send at most ${APPS_PER_WINDOW} ` +
      `requests per ${USER_PACE.windowMs / 1000} s), and the run's time for them ends first`
    );
  return undefined;
}

/** The app's check, whatever it throws turned into its outcome. */
function askApp(run: ShareRun, app: GroupApp): Promise<AppOutcome> {
  // One app can never fail the group: whatever its check throws is that app's "not checked", with why. A slot of the
  // user's pace the run's time could not hold is no verdict: the app is left for the next run.
  return checkApp(run.ctx, app, run.cookie).catch(
    (error: unknown): AppOutcome =>
      error instanceof PaceError
        ? { kind: 'left', why: `the journey's user keeps Identity Engine's per-user limit, and ${error.message}` }
        : {
            kind: 'checked',
            verdict: {
              code: null,
              notRun: 'skip',
              detail: `the probe could not check it (${error instanceof Error ? `${error.name}: ${error.message}` : 'error'})`,
            },
          },
  );
}

/** A TIMEOUT that came from the run's deadline rather than from Okta. */
function cutByDeadline(outcome: AppOutcome, deps: GroupScopeDeps): boolean {
  return (
    outcome.kind === 'checked' &&
    outcome.verdict.code === 'TIMEOUT' &&
    deps.deadline !== undefined &&
    deps.now() >= deps.deadline
  );
}

/** A checked app's secrets joined to the run's, and its verdict kept. */
function keepChecked(
  app: GroupApp,
  outcome: Extract<AppOutcome, { kind: 'checked' }>,
  prep: Prepared,
  deps: GroupScopeDeps,
): void {
  // Its SSO walk's secrets join the run's before anything of it is kept or printed: grouped apps scrub as listed
  // ones.
  for (const secret of outcome.secrets ?? []) if (!deps.secrets.includes(secret)) deps.secrets.push(secret);
  // A discovered app read again (its signing key changed) is kept as Okta holds it now.
  prep.kept.set(
    app.id,
    keptAfterCheck(
      prep.kept.get(app.id),
      outcome.verdict,
      deps.now(),
      deps.secrets,
      outcome.found ?? ('found' in app ? app.found : undefined),
    ),
  );
}

/** The apps kept, then the group judged. Never throws. */
async function finish(p: PlannedGroup, prep: Prepared, done: Checked, deps: GroupScopeDeps): Promise<Judged> {
  const { group } = p;
  const now = deps.now();
  const changed = keptChanges(prep, done, now);
  const inCatalogue = new Set(prep.apps.map((a) => a.id));
  const forgotten =
    prep.keptUnread === true
      ? []
      : [...prep.kept]
          .filter(([id, k]) => !inCatalogue.has(id) && now - k.seen > SAML_GROUP.forgetAfterMs)
          .map(([id]) => id);
  for (const id of forgotten) prep.kept.delete(id);
  keepWarm(deps.cache, WARM.samlGroupKept, [...prep.kept], now + SAML_GROUP.forgetAfterMs, group.id);
  const storeNote =
    changed.size > 0 || forgotten.length > 0 ? await writeKept(group, changed, forgotten, deps) : undefined;
  // Only the apps of the catalogue are judged: one kept from before and gone from it is no longer the group's.
  const kept = new Map([...prep.kept].filter(([id]) => inCatalogue.has(id)));
  const counted = judgeGroup({
    apps: prep.apps,
    kept,
    checked: done.checked,
    ...(done.left !== undefined && { left: done.left }),
    ...(done.notChecked !== undefined && { notChecked: done.notChecked }),
    // One warning for the probe's own credential, whether the listing or an app's metadata met it first.
    ...((prep.discovery ?? done.probe) !== undefined && { discovery: prep.discovery ?? done.probe }),
    ...(prep.emptyWhy !== undefined && { emptyWhy: prep.emptyWhy }),
    now,
    expiryWarnDays: deps.expiryWarnDays,
    everyMinutes: group.everyMinutes,
    requests: prep.requests,
    share: done.share,
  });
  return withNotes(withPaceWait(counted, done), [prep.keptNote, storeNote, prep.discoveryNote], prep);
}

/** The kept records this run changes, each set in `prep.kept` too: those checked, new, or seen again. */
function keptChanges(prep: Prepared, done: Checked, now: number): Map<string, KeptApp> {
  const changed = new Map<string, KeptApp>();
  for (const app of prep.apps) {
    const k = prep.kept.get(app.id);
    if (done.checked.has(app.id) && k !== undefined) changed.set(app.id, k);
    // Without the read, a record not checked this run would be written blank over the one the store holds.
    else if (prep.keptUnread === true) continue;
    else if (k === undefined) {
      // A new app: kept from now, so that its first check is due within a cadence and it is overdue after two.
      const fresh: KeptApp = { first: now, seen: now, ...('found' in app && { found: app.found }) };
      prep.kept.set(app.id, fresh);
      changed.set(app.id, fresh);
    } else if (now - k.seen > SAML_GROUP.forgetAfterMs / 7) {
      // Still in the catalogue: said so once a day, so that an app only gone from it is forgotten.
      const seen = { ...k, seen: now };
      prep.kept.set(app.id, seen);
      changed.set(app.id, seen);
    }
  }
  return changed;
}

/** The changes written to the store; a note when they could not be. */
function writeKept(
  group: SamlGroupConfig,
  changed: Map<string, KeptApp>,
  forgotten: readonly string[],
  deps: GroupScopeDeps,
): Promise<string | undefined> {
  return withTimeout(deps.store.write(group.id, changed, forgotten), STORE_WRITE_MS).then(
    () => undefined,
    (error: unknown) =>
      `${deps.store.where(group.id)} could not be written (${storeFailure(error, 'write')}): ` +
      `the apps checked this run are checked again next run`,
  );
}

/** What the user's pace cost the apps this run, beside the counts: an operator sees the pace, not a slow Okta. */
function withPaceWait(counted: Judged, done: Checked): Judged {
  return done.paceWaitedMs === undefined
    ? counted
    : {
        ...counted,
        judgement: {
          ...counted.judgement,
          observed: { ...counted.judgement.observed, userPaceWaitMs: done.paceWaitedMs },
        },
      };
}

/** The run's notes on the kept records and the listing, on the judgement; without the counts when unread. */
function withNotes(judged: Judged, all: readonly (string | undefined)[], prep: Prepared): Judged {
  const notes = all.filter((n): n is string => n !== undefined);
  if (notes.length === 0) return judged;
  const j = judged.judgement;
  // keptUnread: the counts are this run's checks alone, not the group's; only the apps checked were written. They are
  // not published either (no gauge without its value): a count of a share would read as the group recovering, and
  // the alarms keep their state until a run that reads the records counts the group again.
  const observed = prep.keptUnread === true ? withoutGroupCounts(j.observed) : j.observed;
  return {
    ...judged,
    judgement: {
      ...j,
      observed: { ...observed, note: notes.join('; '), ...(prep.keptUnread === true && { keptUnread: true }) },
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return within(work, ms, (): never => {
    throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
  });
}

/** The group's facts without its counts: what its gauges publish (plan/rows/saml-groups.ts), read from its row. */
function withoutGroupCounts(observed: Observed | undefined): Observed {
  const counts = new Set(gaugesOf('saml-apps').map((gauge) => gauge.observed));
  return Object.fromEntries(Object.entries(observed ?? {}).filter(([key]) => !counts.has(key)));
}
