// Someone's own config, as `sim --config` plays it: the tests of sim --config share it, and its serving in-process.
import { readFile, stat } from 'node:fs/promises';
import { expect } from 'vitest';
import { runSimulatorCli } from '../../../functions/cli/sim';

/** Two custom servers (one with a secret, one with a key), a journey through one, and a SAML app in its session. */
export const OWN_CONFIG = {
  orgUrl: 'https://acme.okta.com',
  statusPageUrl: 'https://feeds.feedburner.com/OktaTrustRSS',
  servers: [
    {
      id: 'org',
      clientId: '0oa8f5j3ecb5w3dF35d7',
      privateKeyFile: 'acme-key.pem',
      keyId: 'probe-key-2025',
      scopes: ['okta.users.read', 'okta.apps.read'],
      managementApi: true,
      inventory: true,
    },
    {
      id: 'aus1orders',
      clientId: '0oa8f5m7q2RsT4uV35d7',
      clientSecretEnv: 'ACME_ORDERS_SECRET',
      scopes: ['orders.read'],
      audience: 'api://orders',
      requiredClaims: ['cid', 'scp', 'tenant'],
      resources: [
        { url: 'https://api.acme.example/orders?limit=1' },
        { url: 'https://api.acme.example/health/auth', method: 'HEAD', expectStatus: 204 },
      ],
      authorize: {
        clientId: '0oa8f5k2h1XyZ9aB35d7',
        redirectUri: 'https://portal.acme.example/login/callback',
        scopes: ['openid', 'orders.read'],
      },
    },
    {
      id: 'aus1billing',
      clientId: '0oa8f5bi1l1ngX9aB35d7',
      privateKeyEnv: 'ACME_BILLING_KEY',
      scopes: ['billing.read'],
      audience: 'api://billing',
    },
  ],
  signIn: [
    {
      id: 'portal',
      server: 'aus1orders',
      flow: 'authn',
      clientId: '0oa8p0rta1XyZ9aB35d7',
      redirectUri: 'https://portal.acme.example/login/callback',
      username: 'probe@acme.example',
      passwordEnv: 'ACME_PROBE_PASSWORD',
      totpSecretEnv: 'ACME_PROBE_TOTP',
    },
  ],
  samlApps: [
    {
      id: 'salesforce',
      signIn: 'portal',
      ownAlarm: true,
      ssoUrl: 'https://acme.okta.com/app/acme_salesforce_1/exk1abcdEFGH2345ijk7/sso/saml',
      metadataUrl: 'https://acme.okta.com/app/exk1abcdEFGH2345ijk7/sso/saml/metadata',
      audience: 'https://saml.salesforce.com',
      recipient: 'https://acme.my.salesforce.com/',
      requiredAttributes: ['email', 'department'],
    },
  ],
  samlGroups: [{ id: 'portal-apps', signIn: 'portal', discover: 'assigned' }],
};

/** `sim --config` in this process until the test is done: its stdout once it serves. */
export async function serve(
  args: string[],
): Promise<{ readonly stdout: string; readonly printed: string; readonly stop: () => Promise<number> }> {
  const controller = new AbortController();
  let out = '';
  let ready: () => void = () => undefined;
  const serving = new Promise<void>((resolve) => (ready = resolve));
  const io = {
    stdout: (text: string) => {
      out += text;
      if (out.includes('Press Ctrl+C')) ready();
    },
    stderr: (text: string) => void (out += text),
  };
  const exit = runSimulatorCli(args, io, { signal: controller.signal });
  await Promise.race([serving, exit.then(() => ready())]);
  // The words as printed, whatever the lines they were wrapped on: commands joined where the shell's continuation
  // cut them, prose where it wrapped.
  const stdout = out.replace(/ \\\n/g, ' ').replace(/\s+/g, ' ');
  return { stdout, printed: out, stop: () => (controller.abort(), exit) };
}

/** The variables the printed run command sets from the secrets' files, each file checked to be the owner's only. */
export async function secretVariables(stdout: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [, name = '', path = ''] of stdout.matchAll(/(\w+)="\$\(cat ([^)]+)\)" /g)) {
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    env[name] = await readFile(path, 'utf8');
  }
  return env;
}
