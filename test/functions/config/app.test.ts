// A journey's "app" (signIn[].app): read as written, and each bad block refused naming the field and the fix, the same
// words in "cli" (plan, run) and "deploy" (cdk synth) modes.
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigMode } from '../../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES as credentialFiles } from '../../../functions/credentials/local';

const env = { OKTA_SECRET: 'server-secret-0000000000', OKTA_PROBE_PASSWORD: 'Corr3ct-H0rse-never-printed' };

const journey = (app: unknown, flow = 'browser') => ({
  id: 'expenses',
  server: 'default',
  flow,
  clientId: '0oaExpenses',
  redirectUri: 'https://expenses.acme.example/callback',
  username: 'synthetic.user@acme.example',
  passwordEnv: 'OKTA_PROBE_PASSWORD',
  secretName: 'okta/prod/expenses-user',
  app,
});
const config = (app: unknown, flow?: string) => ({
  orgUrl: 'https://acme.okta.com',
  servers: [
    {
      id: 'default',
      clientId: '0oa-custom',
      scopes: ['probe'],
      audience: 'api://default',
      clientSecretEnv: 'OKTA_SECRET',
      secretName: 'okta/prod/default',
      authMethod: 'client_secret_basic',
    },
  ],
  signIn: [journey(app, flow)],
});
const parse = (app: unknown, mode: ConfigMode = 'cli', flow?: string) =>
  parseConfig(config(app, flow), { mode, baseDir: '/tmp', env, credentialFiles });
const errorsIn = (app: unknown, mode: ConfigMode, flow?: string): string[] => {
  const result = parse(app, mode, flow);
  return result.ok ? [] : result.errors;
};
/** The same refusal in plan's mode and synth's. */
const refused = (app: unknown, flow?: string): string[] => {
  const cli = errorsIn(app, 'cli', flow);
  expect(errorsIn(app, 'deploy', flow)).toEqual(cli);
  return cli;
};

const OIDC = { protocol: 'oidc', loginUrl: 'https://expenses.acme.example/login', success: { path: '/home' } };

describe('signIn[].app', () => {
  it('reads an OIDC app as written, named by its host when it has no name, claims empty by default', () => {
    const result = parse({ ...OIDC, logoutUrl: 'https://expenses.acme.example/logout' });
    if (!result.ok) throw new Error(result.errors.join('; '));

    expect(result.config.probe.signIn?.[0]?.app).toEqual({
      name: 'expenses.acme.example',
      protocol: 'oidc',
      loginUrl: 'https://expenses.acme.example/login',
      success: { path: '/home' },
      logoutUrl: 'https://expenses.acme.example/logout',
      claims: [],
    });
  });

  it("reads a SAML app whose link is the org's, with its name, every success condition and the claims it needs", () => {
    const app = {
      name: 'Wiki',
      protocol: 'saml',
      loginUrl: 'https://acme.okta.com/home/acme_wiki/0oaWiki/aln1',
      success: { path: '/wiki', status: 200, text: 'Sign out', cookie: 'JSESSIONID' },
      claims: ['email'],
    };
    const result = parse(app, 'deploy');
    if (!result.ok) throw new Error(result.errors.join('; '));

    expect(result.config.probe.signIn?.[0]?.app).toEqual(app);
  });

  it('refuses an app block without a success condition, naming the field and the conditions to give', () => {
    const { success: _s, ...none } = OIDC;

    expect(refused(none)).toContain(
      'signIn[0].app.success: required: what the app shows once signed in, one or more of "path" (the landing ' +
        'path), "status", "text" or "cookie" (a cookie\'s name), e.g. { "path": "/home" }',
    );
    expect(refused({ ...OIDC, success: {} })).toContain(
      'signIn[0].app.success: names no success condition: give one or more of "path" (the landing path), ' +
        '"status", "text" or "cookie" (a cookie\'s name), e.g. { "path": "/home" }',
    );
  });

  it("refuses a success condition that names a cookie's value, never quoting the value", () => {
    const errors = refused({ ...OIDC, success: { cookie: 'session=s3cr3t-value' } });

    expect(errors).toContain(
      'signIn[0].app.success.cookie: "session" with a value: name the cookie alone ("cookie": "session"); its ' +
        'value is a secret and never judged',
    );
    expect(errors.join('\n')).not.toContain('s3cr3t-value');
    expect(refused({ ...OIDC, success: { cookieValue: 'abc' } }).join('\n')).toContain(
      "a cookie's value is a secret and never judged",
    );
  });

  it("refuses a SAML app link that is not on the org's origin, naming the org and the App Embed Link", () => {
    expect(refused({ ...OIDC, protocol: 'saml', loginUrl: 'https://wiki.acme.example/sso' })).toContain(
      "signIn[0].app.loginUrl: a SAML app's link must be the org's (https://acme.okta.com): copy Applications > " +
        "Applications > [app] > General > App Embed Link, not the app's own address (https://wiki.acme.example)",
    );
  });

  it('refuses an app on a journey that does not walk a browser', () => {
    expect(refused(OIDC, 'idx').join('\n')).toContain('signIn[0].app: only a "browser" journey signs in to its app');
  });
});
