// A SAML app judged inside the portal journey's session, end to end against the simulator: the journey's
// one password attempt opens the session, the journey hands it over and the app's SSO URL is fetched in it
// before the clean-up closes it, and the assertion is judged as the SP would. Nothing is posted to the SP.
import { describe, expect, it } from 'vitest';
import {
  judgeAppCertificate,
  runSamlApp,
  type AssertionRun,
  type SamlAppContext,
} from '../../../../functions/probe/saml/app';
import type { JourneySession } from '../../../../functions/probe/session';
import { runSignIn, type SignInContext } from '../../../../functions/probe/sign-in/journey';
import type { ServerContext } from '../../../../functions/probe/context';
import { send } from '../../../../functions/probe/http';
import type { SamlAppConfig } from '../../../../functions/types';
import { SIM_SAML_APP, samlMetadataUrl, samlSsoUrl } from '../../../../sim/saml/app';
import { simJourney, simServerContext, useSimulator } from '../../../support/simulator';

const sim = useSimulator();

function serverContext(): ServerContext {
  return simServerContext(sim(), (req) => send({ ...req, timeoutMs: 5_000 }));
}

const app = (): SamlAppConfig => ({
  id: 'salesforce',
  signIn: 'portal',
  ssoUrl: samlSsoUrl(sim().url),
  metadataUrl: samlMetadataUrl(sim().url),
  audience: SIM_SAML_APP.audience,
  recipient: SIM_SAML_APP.recipient,
  requiredAttributes: [...SIM_SAML_APP.requiredAttributes],
  nameIdFormat: SIM_SAML_APP.nameIdFormat,
});

const appContext = (expiryWarnDays = 30): SamlAppContext => ({
  app: app(),
  exchange: serverContext().exchange,
  now: () => Date.now(),
  expiryWarnDays,
});
const certificateOf = (run: AssertionRun, expiryWarnDays = 30) =>
  run.certificateBasis === undefined
    ? undefined
    : judgeAppCertificate({ now: () => Date.now(), expiryWarnDays }, run.certificateBasis);

/**
 * A journey (the portal user's over authn, or the workforce user's over idx), with the SAML app run in the session it
 * hands over.
 */
async function journeyWithSaml(flow: 'authn' | 'idx' = 'authn'): Promise<{
  saml: AssertionRun | undefined;
  handed: JourneySession[];
  sessionsLeft: number;
  paths: string[];
  secrets: readonly string[];
}> {
  const { signIn, credential } = simJourney(sim(), flow);
  const server = serverContext();
  let saml: AssertionRun | undefined;
  const handed: JourneySession[] = [];
  const ctx: SignInContext = {
    signIn,
    orgUrl: sim().url,
    server,
    credential,
    handOver: async (session) => {
      handed.push(session);
      if (session.kind === 'open') saml = await runSamlApp(appContext(), session.cookie);
    },
  };
  sim().resetRequests();
  const run = await runSignIn(ctx);
  expect(run.judgement).toMatchObject({ diagnosis: null });
  return {
    saml,
    handed,
    sessionsLeft: sim().signInSessions(),
    paths: sim().requests.map((r) => `${r.method} ${r.path}`),
    secrets: run.secrets ?? [],
  };
}

describe("a SAML app in the portal journey's session", () => {
  it(
    'judges a healthy assertion inside the session, before ' + 'the session is closed, with one password attempt',
    async () => {
      const { saml, handed, sessionsLeft, paths } = await journeyWithSaml();
      // One hand-over a run, the session and nothing else.
      expect(handed).toEqual([{ kind: 'open', cookie: expect.stringMatching(/^sid=/) }]);
      expect(saml?.judgement).toMatchObject({
        diagnosis: null,
        observed: { responseSigned: true, assertionSigned: true, requests: 2 },
      });
      expect(certificateOf(saml!)?.judgement).toMatchObject({
        diagnosis: null,
        observed: { daysToExpiry: expect.any(Number) },
      });
      expect(Number(certificateOf(saml!)?.judgement.observed?.daysToExpiry)).toBeGreaterThan(3000);
      expect(paths.filter((p) => p === 'POST /api/v1/authn')).toHaveLength(1);
      const sso = paths.indexOf(`GET ${new URL(samlSsoUrl(sim().url)).pathname}`);
      expect(sso).toBeGreaterThan(paths.indexOf('GET /oauth2/default/v1/authorize'));
      expect(sso).toBeLessThan(paths.indexOf('DELETE /api/v1/sessions/me'));
      expect(sessionsLeft).toBe(0);
      // The SAMLResponse is kept from every report: it is among the run's secrets, never in what was observed.
      expect(saml?.secrets?.[0]).toMatch(/^PD94/);
      expect(JSON.stringify(saml?.judgement)).not.toContain(sim().clients.signIn.portalUser.username);
    },
  );

  it.each([
    ['authn', 'authn-identity-engine-session'],
    ['idx', 'healthy'],
  ] as const)(
    'on Identity Engine (%s): the sid Okta clears beside idx is no session, never sent, never scrubbed',
    async (flow, scenario) => {
      sim().scenario = scenario;
      try {
        const { saml, handed, sessionsLeft, secrets } = await journeyWithSaml(flow);
        // The simulator clears sid as a real Identity Engine org does: sid="" expired in 1970, beside idx. The session
        // comes from the journey's device: its DT cookie with it.
        expect(handed).toHaveLength(1);
        const cookie = handed[0]?.kind === 'open' ? handed[0].cookie : '';
        expect(cookie.split('; ').sort()).toEqual([
          expect.stringMatching(/^DT=DI[A-Za-z0-9]{23}$/),
          expect.stringMatching(/^idx=[^;]{8,}$/),
        ]);
        expect(saml?.judgement).toMatchObject({ diagnosis: null });
        // The DELETE at clean-up carried the real session, so it closed.
        expect(sessionsLeft).toBe(0);
        expect(secrets.filter((s) => s.length < 8)).toEqual([]);
      } finally {
        sim().scenario = 'healthy';
      }
    },
  );

  it('without a session reads the metadata only: the assertion is skipped, the certificate still judged', async () => {
    sim().resetRequests();
    const saml = await runSamlApp(appContext(), undefined, 'sign-in failed: SIGN_IN_REJECTED');
    expect(saml.judgement).toEqual({ notRun: 'skip', reason: 'sign-in failed: SIGN_IN_REJECTED' });
    expect(certificateOf(saml)?.judgement).toMatchObject({ diagnosis: null });
    expect(sim().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${new URL(samlMetadataUrl(sim().url)).pathname}`,
    ]);
  });

  it('is sent to the sign-in page with a session cookie Okta does not know', async () => {
    const saml = await runSamlApp(appContext(), 'sid=102unknownsession');
    expect(saml.judgement).toMatchObject({
      diagnosis: { code: 'SAML_SESSION_REFUSED', detail: expect.stringContaining('/login/login.htm') },
    });
  });

  it('warns of the signing certificate once expiryWarnDays reaches its days left', async () => {
    const saml = await runSamlApp(appContext(9 * 365 + 1), undefined);
    expect(certificateOf(saml, 9 * 365 + 1)?.judgement).toMatchObject({
      diagnosis: { code: 'SAML_CERT_EXPIRING', detail: expect.stringContaining('expiryWarnDays is 3286') },
    });
  });
});
