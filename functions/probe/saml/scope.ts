// The SAML apps' scope: each planned app's checks, run by their typed runners (SAML_RUNNERS in
// runners.ts), in the session its journey hands over. The seam is one value (session.ts): the journey's open session,
// that its verdict is carried from its last run, or why there is none. The journey is never run twice for its apps
// (one password attempt a run), and it keeps nothing of theirs: the apps keep their own verdicts, beside its state.
// - an open session: every planned app of the journey is judged in it, at once, before the journey closes it; the
//   assertions' verdicts are kept (a kept record of the journey's, samlVerdictsKey) for the runs until it is next due;
// - carried: each check repeats its last verdict, carried, from this process's memory, else from the store (the
//   certificate then judged afresh from the metadata);
// - none: the assertion is skipped with why; the metadata is still read, so the certificate is judged.
import type { ProbeCache, SamlAppConfig, SignInConfig } from '../../types';
import type { SamlCheck } from '../../plan/check-table';
import { samlVerdictsKey } from '../../contract';
import type { LastRun } from '../../journey-state';
import type { KeptStore } from '../../kept-state';
import {
  carried,
  fitWithin,
  isKeptVerdict,
  keepUntilDue,
  keptVerdict,
  keptWhileNotDue,
  repeated,
  shed,
} from '../cadence';
import type { Exchange } from '../context';
import type { Judged } from '../verdict';
import { SAML_RUNNERS, type SamlCheckContext, type SamlProduced } from './runners';
import type { AppLinksRead } from './assignment';

// The engine reads a journey's user's app links through the "org" server: loaded with this kind, only when planned.
export { ASSIGNMENT_SCOPE, readAppLinks } from './assignment';
import type { JourneySession, SessionTaker } from '../session';

export interface SamlScope {
  /** What the journey `signIn` hands its session to (undefined: no planned app names it). */
  taker(signIn: SignInConfig): SessionTaker | undefined;
  /**
   * The app's check, once its journey has handed over (`journey` starts the journey, or gives the run already started).
   */
  report(app: SamlApp, check: SamlCheck, journey: () => Promise<unknown>): Promise<Judged>;
}

/**
 * The assertion verdicts of a journey's SAML apps judged in its last session, by app id: the runs in between repeat
 * them, in whichever sandbox they run. Never the SAMLResponse.
 */
type SamlVerdicts = Readonly<Record<string, LastRun>>;

export interface SamlScopeDeps {
  /** Where the apps' verdicts are kept between runs: a record per journey (samlVerdictsKey), beside its state. */
  readonly store: KeptStore;
  /** The exchange of an app's check: its requests are that check's. */
  exchange(app: SamlAppConfig, check: SamlCheck): Exchange;
  readonly now: () => number;
  readonly cache?: ProbeCache;
  readonly expiryWarnDays: number;
  /** Every value of the run no kept verdict may hold, as the run knows them when the verdicts are kept. */
  secrets(): readonly string[];
  /** A user's app links, through the "org" server (absent when it cannot read them), on an app's exchange. */
  readonly appLinks?: (username: string, exchange: Exchange) => Promise<AppLinksRead>;
}

/** A planned app and the journey in whose session it is judged. */
interface SamlApp {
  readonly app: SamlAppConfig;
  readonly signIn: SignInConfig;
}

export function samlScope(planned: readonly SamlApp[], deps: SamlScopeDeps): SamlScope {
  const sessionOf = keyed(handover);
  // Unreadable kept verdicts are none: the apps are then judged afresh at the journey's next session.
  const storedOf = keyed((journeyId) =>
    deps.store.read(samlVerdictsKey(journeyId)).then(
      (record) => keptVerdicts(record, deps.now()),
      () => ({}),
    ),
  );
  const runs = new Map<string, Promise<Judged>>();
  const appLinksOf = appLinksOnce(deps);

  const start = <C extends SamlCheck>({ app, signIn }: SamlApp, check: C): Promise<SamlProduced<C>> => {
    const key = `${app.id}\u0000${check}`;
    const existing = runs.get(key);
    if (existing !== undefined) return existing as Promise<SamlProduced<C>>;
    const promise = (async (): Promise<SamlProduced<C>> =>
      runCheck(
        {
          planned: { app, signIn },
          check,
          session: await sessionOf(app.signIn).promise,
          stored: () => storedOf(app.signIn),
          need: (needed) => start({ app, signIn }, needed),
          appLinks: appLinksOf(app, signIn),
        },
        deps,
      ))();
    runs.set(key, promise);
    return promise;
  };

  return {
    taker(signIn) {
      const mine = planned.filter((p) => p.signIn.id === signIn.id);
      if (mine.length === 0) return undefined;
      return async (session) => {
        sessionOf(signIn.id).resolve(session);
        if (session.kind === 'open') await judgeInSession(signIn, mine, (p) => start(p, 'saml'), deps);
      };
    },
    report(app, check, journey) {
      // A journey that ended without handing over (a bug in it): its apps are told so, rather than wait for the
      // deadline.
      const ended = (): void =>
        sessionOf(app.signIn.id).resolve({
          kind: 'none',
          why: 'the sign-in journey ended without handing over its session',
          signedIn: false,
        });
      journey().then(ended, ended);
      return start(app, check);
    },
  };
}

/**
 * A journey's app links, read once a run per journey, by the first of its apps whose walk lands on an error page
 * (none when the run cannot read them): a healthy catalogue asks Okta nothing.
 */
function appLinksOnce(
  deps: SamlScopeDeps,
): (app: SamlAppConfig, signIn: SignInConfig) => (() => Promise<AppLinksRead>) | undefined {
  const links = new Map<string, Promise<AppLinksRead>>();
  return (app, signIn) => {
    const read = deps.appLinks;
    if (read === undefined) return undefined;
    return () => {
      const known = links.get(signIn.id) ?? read(signIn.username, deps.exchange(app, 'saml'));
      links.set(signIn.id, known);
      return known;
    };
  };
}

/** The value `make` gives for a key, made on its first use and shared by every later one. */
function keyed<V>(make: (key: string) => V): (key: string) => V {
  const made = new Map<string, V>();
  return (key) => {
    const known = made.get(key);
    if (known !== undefined) return known;
    const value = make(key);
    made.set(key, value);
    return value;
  };
}

/** A journey's session as its apps wait for it, and how the journey hands it over. */
interface Handover {
  readonly promise: Promise<JourneySession>;
  readonly resolve: (session: JourneySession) => void;
}

function handover(): Handover {
  let resolve: (session: JourneySession) => void = () => undefined;
  const promise = new Promise<JourneySession>((r) => (resolve = r));
  return { promise, resolve };
}

/** One check of an app, in the session its journey handed over. */
interface CheckRun<C extends SamlCheck> {
  readonly planned: SamlApp;
  readonly check: C;
  readonly session: JourneySession;
  /** The journey's kept assertion verdicts, read once a run. */
  readonly stored: () => Promise<SamlVerdicts>;
  readonly need: SamlCheckContext['need'];
  readonly appLinks: (() => Promise<AppLinksRead>) | undefined;
}

/** The check's verdict: repeated from this process's memory while its journey is carried, else judged now. */
async function runCheck<C extends SamlCheck>(
  { planned: { app, signIn }, check, session, stored, need, appLinks }: CheckRun<C>,
  deps: SamlScopeDeps,
): Promise<SamlProduced<C>> {
  const memoryKey = `saml-last:${app.id}:${check}`;
  if (session.kind === 'carried') {
    const kept = keptWhileNotDue<Judged>(deps.cache, memoryKey, deps.now());
    if (kept !== undefined) return repeated(kept.value, kept.at) as SamlProduced<C>;
  }
  const ctx: SamlCheckContext = {
    app,
    exchange: deps.exchange(app, check),
    now: deps.now,
    expiryWarnDays: deps.expiryWarnDays,
    session,
    keptAssertion: async () => {
      const last = (await stored())[app.id];
      return last === undefined ? undefined : carried(last);
    },
    need,
    ...(appLinks !== undefined && { appLinks }),
  };
  const result = (await SAML_RUNNERS[check](ctx)) as SamlProduced<C>;
  // Kept in this process until the journey is next due: what the session judged, and what was read between.
  if (session.kind !== 'none') {
    const judgedAt = session.kind === 'open' ? deps.now() : session.judgedAt;
    keepUntilDue(deps.cache, memoryKey, forMemory(result), judgedAt, signIn.everyMinutes);
  }
  return result;
}

/** The journey's apps' assertions judged in its open session, and kept. */
async function judgeInSession(
  signIn: SignInConfig,
  mine: readonly SamlApp[],
  assertion: (p: SamlApp) => Promise<SamlProduced<'saml'>>,
  deps: SamlScopeDeps,
): Promise<void> {
  // Every app in the session at once, before the journey closes it; their verdicts kept for the runs between.
  const judgedAt = deps.now();
  const done = await Promise.all(mine.map(async (p) => [p.app.id, await assertion(p)] as const));
  const verdicts: SamlVerdicts = Object.fromEntries(
    done.map(([id, run]) => [id, keptVerdict(run, judgedAt, [...deps.secrets(), ...(run.secrets ?? [])])]),
  );
  await deps.store.write(samlVerdictsKey(signIn.id), fitted(verdicts)).catch(() => undefined);
}

/** The verdicts a kept record holds, each judged again as it is read: an entry of another shape is no verdict. */
function keptVerdicts(record: unknown, now: number): SamlVerdicts {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return {};
  return Object.fromEntries(Object.entries(record).filter(([, last]) => isKeptVerdict(last, now)));
}

/**
 * The apps' verdicts within a kept record's size: their facts give way, then their details, then all (judged afresh).
 */
export function fitted(verdicts: SamlVerdicts): SamlVerdicts {
  const each =
    (key: 'observed' | 'detail') =>
    (v: SamlVerdicts): SamlVerdicts =>
      Object.fromEntries(Object.entries(v).map(([app, last]) => [app, shed(last, key)]));
  return fitWithin(verdicts, [each('observed'), each('detail'), () => ({})]);
}

/** What a check's memory holds between journeys: the verdict, never the SAMLResponse nor the exchange. */
function forMemory({ secrets: _secrets, outcome: _outcome, ...rest }: Judged): Judged {
  return rest;
}
