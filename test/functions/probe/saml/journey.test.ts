// A SAML app judged inside the portal journey's session, end to end against the simulator (issue 28): the journey's
// one password attempt opens the session, the hook fetches the app's SSO URL in it before the clean-up closes it,
// and the assertion is judged as the SP would. Nothing is posted to the SP.
import { describe, expect, it } from 'vitest';
import { runSamlApp, type SamlRun } from '../../../../functions/probe/checks/saml';
import { runSignIn, type SignInContext } from '../../../../functions/probe/checks/sign-in';
import type { ServerContext } from '../../../../functions/probe/checks/context';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import { send } from '../../../../functions/probe/http';
import type { SamlAppConfig, ServerConfig, SignInConfig } from '../../../../functions/types';
import { SIM_SAML_APP, samlMetadataUrl, samlSsoUrl } from '../../../../sim/saml/app';
import { useSimulator } from '../../../support/simulator';

const sim = useSimulator();

function serverContext(): ServerContext {
  return {
    server: { id: 'default' } as ServerConfig,
    orgServer: false,
    endpoints: serverEndpoints(sim().url, 'default'),
    credential: undefined,
    exchange: (req) => send({ ...req, timeoutMs: 5_000 }),
    now: () => Date.now(),
  };
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

/** The portal journey, with the SAML app run in its session. */
async function journeyWithSaml(): Promise<{ saml: SamlRun | undefined; sessionsLeft: number; paths: string[] }> {
  const { portal, portalUser } = sim().clients.signIn;
  const server = serverContext();
  const signIn: SignInConfig = {
    id: 'portal',
    server: 'default',
    flow: 'authn',
    clientId: portal.clientId,
    redirectUri: portal.redirectUri,
    username: portalUser.username,
    secrets: { from: 'env', passwordEnv: 'UNUSED' },
    confidential: false,
    scopes: ['openid', 'profile', 'email'],
    requiredClaims: ['email'],
    everyMinutes: 5,
  };
  let saml: SamlRun | undefined;
  const ctx: SignInContext = {
    signIn,
    orgUrl: sim().url,
    server,
    credential: { kind: 'user', password: portalUser.password, totpSecret: portalUser.totpSecret },
    inSession: async (session) => {
      saml = await runSamlApp({ app: app(), server, expiryWarnDays: 30 }, session);
      return {};
    },
  };
  sim().resetRequests();
  const run = await runSignIn(ctx);
  expect(run.judgement).toMatchObject({ diagnosis: null });
  return { saml, sessionsLeft: sim().signInSessions(), paths: sim().requests.map((r) => `${r.method} ${r.path}`) };
}

describe('a SAML app in the portal journey\'s session', () => {
  it('judges a healthy assertion inside the session, before the session is closed, with one password attempt', async () => {
    const { saml, sessionsLeft, paths } = await journeyWithSaml();
    expect(saml?.assertion.judgement).toMatchObject({ diagnosis: null, observed: { responseSigned: true, assertionSigned: true } });
    expect(saml?.certificate.judgement).toMatchObject({ diagnosis: null, observed: { daysToExpiry: expect.any(Number) } });
    expect(saml?.daysToExpiry).toBeGreaterThan(3000);
    expect(saml?.requests).toBe(2);
    expect(paths.filter((p) => p === 'POST /api/v1/authn')).toHaveLength(1);
    const sso = paths.indexOf(`GET ${new URL(samlSsoUrl(sim().url)).pathname}`);
    expect(sso).toBeGreaterThan(paths.indexOf('GET /oauth2/default/v1/authorize'));
    expect(sso).toBeLessThan(paths.indexOf('DELETE /api/v1/sessions/me'));
    expect(sessionsLeft).toBe(0);
    // The SAMLResponse is kept from every report: it is among the run's secrets, never in what was observed.
    expect(saml?.assertion.secrets?.[0]).toMatch(/^PD94/);
    expect(JSON.stringify(saml?.assertion.judgement)).not.toContain(sim().clients.signIn.portalUser.username);
  });

  it('without a session reads the metadata only: the assertion is skipped, the certificate still judged', async () => {
    const saml = await runSamlApp({ app: app(), server: serverContext(), expiryWarnDays: 30 }, undefined, 'sign-in failed: SIGN_IN_REJECTED');
    expect(saml.assertion.judgement).toEqual({ notRun: 'skip', reason: 'sign-in failed: SIGN_IN_REJECTED' });
    expect(saml.certificate.judgement).toMatchObject({ diagnosis: null });
    expect(saml.requests).toBe(1);
  });

  it('is sent to the sign-in page with a session cookie Okta does not know', async () => {
    const saml = await runSamlApp({ app: app(), server: serverContext(), expiryWarnDays: 30 }, { cookie: 'sid=102unknownsession' });
    expect(saml.assertion.judgement).toMatchObject({ diagnosis: { code: 'SAML_SESSION_REFUSED', detail: expect.stringContaining('/login/login.htm') } });
  });

  it('warns of the signing certificate once expiryWarnDays reaches its days left', async () => {
    const saml = await runSamlApp({ app: app(), server: serverContext(), expiryWarnDays: 9 * 365 + 1 }, undefined);
    expect(saml.certificate.judgement).toMatchObject({ diagnosis: { code: 'SAML_CERT_EXPIRING', detail: expect.stringContaining('expiryWarnDays is 3286') } });
  });
});
