// The SAML apps' checks (issue 28), run in the session of the journey each names. The journey calls the hook once
// it has signed in and before it closes its session: every planned app of that journey fetches its assertion then,
// at once. The journey is never run twice for its apps (one password attempt a run): an app whose journey was not
// due this run repeats its last verdicts, and one whose journey opened no session is judged from its metadata only.
import { DEFAULTS } from '../contract';
import type { SamlCheck } from '../plan/check-table';
import type { ProbeConfig, SamlAppConfig } from '../types';
import type { ServerContext } from './checks/context';
import { runSamlApp, type OktaSession, type SamlRun } from './checks/saml';
import type { SignInRun } from './checks/sign-in';
import { failedStep, type Judged, type Judgement } from './checks/verdict';

/** Runs the journey's apps in its session; answers their assertion verdicts (no secrets) to keep with the journey. */
type InSession = (session: OktaSession | undefined) => Promise<Readonly<Record<string, Judgement>>>;

export interface SamlScope {
  /** The hook the journey `signInId` runs in its session (undefined: no planned app names it). */
  inSession(signInId: string, server: ServerContext): InSession | undefined;
  /** The app's check, once its journey has run (`journey` starts it, or gives the run already started). */
  run(app: SamlAppConfig, check: SamlCheck, journey: () => Promise<SignInRun>): Promise<Judged>;
}

interface Kept {
  readonly assertion: Judged;
  readonly certificate: Judged;
}

export function samlScope(config: ProbeConfig, planned: ReadonlySet<string>): SamlScope {
  const apps = (config.samlApps ?? []).filter((app) => planned.has(app.id));
  const runs = new Map<string, Promise<SamlRun>>();
  const servers = new Map<string, ServerContext>();
  const settled = new Map<string, Promise<Kept>>();
  const expiryWarnDays = config.expiryWarnDays ?? DEFAULTS.expiryWarnDays;

  const judgedApp = async (app: SamlAppConfig, journey: () => Promise<SignInRun>): Promise<Kept> => {
    const signedIn = await journey();
    const started = runs.get(app.id);
    const server = servers.get(app.signIn);
    const key = `saml-last:${app.id}`;
    // Kept until the journey is next due: its cadence.
    const everyMs = (config.signIn?.find((j) => j.id === app.signIn)?.everyMinutes ?? 5) * 60_000;
    if (started !== undefined) {
      const run = await started;
      const kept = { assertion: withoutSecrets(run.assertion), certificate: run.certificate };
      server?.cache?.set(key, kept, server.now() + everyMs);
      return { assertion: run.assertion, certificate: run.certificate };
    }
    const last = server?.cache?.get<Kept>(key, server.now());
    const repeated = signedIn.judgement.observed?.lastJourney !== undefined;
    if (repeated && last !== undefined) return { assertion: { judgement: last.assertion.judgement }, certificate: last.certificate };
    // A sandbox that never saw the journey (a cold start between journeys): the verdict its state kept, the
    // certificate judged afresh from the metadata; both kept here for the runs until the next journey.
    const stateKept = repeated ? signedIn.saml?.[app.id] : undefined;
    if (stateKept !== undefined && server !== undefined) {
      const metadataOnly = await runSamlApp({ app, server, expiryWarnDays }, undefined);
      const kept = { assertion: { judgement: stateKept }, certificate: metadataOnly.certificate };
      const lastJourney = Date.parse(String(signedIn.judgement.observed?.lastJourney));
      server.cache?.set(key, kept, (Number.isFinite(lastJourney) ? lastJourney : server.now()) + everyMs);
      return kept;
    }
    if (server === undefined) return { assertion: { judgement: { notRun: 'skip', reason: failedStep('sign-in', signedIn) } }, certificate: { judgement: { notRun: 'skip', reason: failedStep('sign-in', signedIn) } } };
    const run = await runSamlApp({ app, server, expiryWarnDays }, undefined, failedStep('sign-in', signedIn));
    return { assertion: run.assertion, certificate: run.certificate };
  };

  return {
    inSession(signInId, server) {
      const mine = apps.filter((app) => app.signIn === signInId);
      if (mine.length === 0) return undefined;
      servers.set(signInId, server);
      return async (session) => {
        // No session: nothing judged, nothing kept (the next journey decides); the checks then read the metadata only.
        if (session === undefined) return {};
        for (const app of mine) runs.set(app.id, runSamlApp({ app, server, expiryWarnDays }, session));
        const done = await Promise.all(mine.map(async (app) => [app.id, await runs.get(app.id)!] as const));
        return Object.fromEntries(done.map(([id, run]) => [id, run.assertion.judgement]));
      };
    },
    run(app, check, journey) {
      let kept = settled.get(app.id);
      if (kept === undefined) {
        kept = judgedApp(app, journey);
        settled.set(app.id, kept);
      }
      return kept.then((k) => (check === 'saml' ? k.assertion : k.certificate));
    },
  };
}

/** What is kept for the runs between journeys: the verdict, never the SAMLResponse. */
const withoutSecrets = ({ secrets: _secrets, outcome: _outcome, ...rest }: Judged): Judged => rest;
