// The SAML apps' scope (issues 28, 35): each planned app's checks, run by their typed runners (SAML_RUNNERS in
// runners.ts), in the session its journey hands over. The seam is one value (session.ts): the journey's open session,
// that its verdict is carried from its last run, or why there is none. The journey is never run twice for its apps
// (one password attempt a run), and it keeps nothing of theirs: the apps keep their own verdicts, beside its state.
// - an open session: every planned app of the journey is judged in it, at once, before the journey closes it; the
//   assertions' verdicts are kept (SamlVerdictStore) for the runs until the journey is next due;
// - carried: each check repeats its last verdict, carried, from this process's memory, else from the store (the
//   certificate then judged afresh from the metadata);
// - none: the assertion is skipped with why; the metadata is still read, so the certificate is judged.
import type { ProbeCache, SamlAppConfig, SignInConfig } from '../types';
import type { SamlCheck } from '../plan/check-table';
import type { SamlVerdicts, SamlVerdictStore } from '../journey-state';
import { carried, isKeptVerdict, keepUntilDue, keptVerdict, keptWhileNotDue, repeated } from './cadence';
import type { Exchange } from './checks/context';
import type { Judged } from './checks/verdict';
import { SAML_RUNNERS, type SamlCheckContext, type SamlProduced } from './runners';
import type { JourneySession, SessionTaker } from './session';

export interface SamlScope {
  /** What the journey `signIn` hands its session to (undefined: no planned app names it). */
  taker(signIn: SignInConfig): SessionTaker | undefined;
  /** The app's check, once its journey has handed over (`journey` starts the journey, or gives the run already started). */
  report(app: SamlApp, check: SamlCheck, journey: () => Promise<unknown>): Promise<Judged>;
}

export interface SamlScopeDeps {
  readonly store: SamlVerdictStore;
  /** The exchange of an app's check: its requests are that check's. */
  exchange(app: SamlAppConfig, check: SamlCheck): Exchange;
  readonly now: () => number;
  readonly cache?: ProbeCache;
  readonly expiryWarnDays: number;
  /** Every value of the run no kept verdict may hold, as the run knows them when the verdicts are kept. */
  secrets(): readonly string[];
}

/** A planned app and the journey in whose session it is judged. */
export interface SamlApp {
  readonly app: SamlAppConfig;
  readonly signIn: SignInConfig;
}

export function samlScope(planned: readonly SamlApp[], deps: SamlScopeDeps): SamlScope {
  const sessions = new Map<string, { promise: Promise<JourneySession>; resolve: (session: JourneySession) => void }>();
  const sessionOf = (journeyId: string): { promise: Promise<JourneySession>; resolve: (session: JourneySession) => void } => {
    let entry = sessions.get(journeyId);
    if (entry === undefined) {
      let resolve: (session: JourneySession) => void = () => undefined;
      const promise = new Promise<JourneySession>((r) => (resolve = r));
      entry = { promise, resolve };
      sessions.set(journeyId, entry);
    }
    return entry;
  };
  const stored = new Map<string, Promise<SamlVerdicts | undefined>>();
  const storedOf = (journeyId: string): Promise<SamlVerdicts | undefined> => {
    let read = stored.get(journeyId);
    if (read === undefined) {
      // Unreadable kept verdicts are none: the apps are then judged afresh at the journey's next session.
      read = deps.store.read(journeyId).catch(() => undefined);
      stored.set(journeyId, read);
    }
    return read;
  };
  const runs = new Map<string, Promise<Judged>>();

  const start = <C extends SamlCheck>({ app, signIn }: SamlApp, check: C): Promise<SamlProduced<C>> => {
    const key = `${app.id}\u0000${check}`;
    const existing = runs.get(key);
    if (existing !== undefined) return existing as Promise<SamlProduced<C>>;
    const promise = (async (): Promise<SamlProduced<C>> => {
      const session = await sessionOf(app.signIn).promise;
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
          const last = (await storedOf(app.signIn))?.[app.id];
          return isKeptVerdict(last) ? carried(last) : undefined;
        },
        need: (needed) => start({ app, signIn }, needed),
      };
      const result = (await SAML_RUNNERS[check](ctx)) as SamlProduced<C>;
      // Kept in this process until the journey is next due: what the session judged, and what was read between.
      if (session.kind !== 'none') {
        const judgedAt = session.kind === 'open' ? deps.now() : session.judgedAt;
        keepUntilDue(deps.cache, memoryKey, forMemory(result), judgedAt, signIn.everyMinutes);
      }
      return result;
    })();
    runs.set(key, promise);
    return promise;
  };

  return {
    taker(signIn) {
      const mine = planned.filter((p) => p.signIn.id === signIn.id);
      if (mine.length === 0) return undefined;
      return async (session) => {
        sessionOf(signIn.id).resolve(session);
        if (session.kind !== 'open') return;
        // Every app in the session at once, before the journey closes it; their verdicts kept for the runs between.
        const judgedAt = deps.now();
        const done = await Promise.all(mine.map(async (p) => [p.app.id, await start(p, 'saml')] as const));
        const verdicts = Object.fromEntries(done.map(([id, run]) => [id, keptVerdict(run, judgedAt, [...deps.secrets(), ...(run.secrets ?? [])])]));
        await deps.store.write(signIn.id, verdicts).catch(() => undefined);
      };
    },
    report(app, check, journey) {
      // A journey that ended without handing over (a bug in it): its apps are told so, rather than wait for the deadline.
      const ended = (): void => sessionOf(app.signIn.id).resolve({ kind: 'none', why: 'the sign-in journey ended without handing over its session' });
      journey().then(ended, ended);
      return start(app, check);
    },
  };
}

/** What a check's memory holds between journeys: the verdict, never the SAMLResponse nor the exchange. */
function forMemory({ secrets: _secrets, outcome: _outcome, ...rest }: Judged): Judged {
  return rest;
}
