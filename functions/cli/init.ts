// `okta-synthetics init [--org URL] [--out FILE]`: writes a starter configuration with a `_comment` on every
// part, in the form both sides read: the CLI runs it once the key file and secret variable exist, and the stack
// deploys it as is (it holds no secret). Never overwrites a file.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../config/parse';
import type { ConfigFileJson } from '../config/schema';
import { EXIT, parseCommandArgs, runCommand, UsageError, type CommandIo, type Options } from './frame';

const USAGE = `Usage: okta-synthetics init [--org URL] [--out FILE]

Writes a starter configuration (default okta-synthetics.json) for the Org authorization server and the custom
server "default", with a _comment on each part saying what to fill in. It never overwrites a file.

      --org URL    your Okta org, e.g. https://acme.okta.com (default: a placeholder to replace)
  -o, --out FILE   where to write it
`;

const OPTIONS = {
  org: { type: 'string' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The starter file, for both sides: the CLI's credential references (never a secret) and the stack's auth methods. */
export function starterConfig(orgUrl: string): ConfigFileJson {
  return {
    $schema: './okta-synthetics.schema.json',
    _comment:
      'Starter config from okta-synthetics init, for both sides. Replace every value in <...>. The CLI (run) reads privateKeyFile and the variable named by clientSecretEnv; cdk deploy never reads them: the stack creates one Secrets Manager secret per server and prints the command that fills it (or name an existing one with secretName). run --secrets aws reads those secrets instead.',
    orgUrl,
    alarmEmails: ['<oncall@your-company.example>'],
    scheduleMinutes: 1,
    servers: [
      {
        _comment:
          'Org authorization server: an API Services app with a public key registered (private_key_jwt is the only way) and the okta.users.read scope granted under Okta API Scopes. systemLog true reads Okta\'s System Log (each failure\'s reason, the admin changes before it, the org\'s rate-limit events): add okta.logs.read to scopes, grant it, and give the app the Read-only Administrator role.',
        id: 'org',
        clientId: '<client id of the API Services app>',
        authMethod: 'private_key_jwt',
        privateKeyFile: 'keys/okta-probe-org.pem',
        scopes: ['okta.users.read'],
        systemLog: false,
      },
      {
        _comment: 'Custom authorization server "default" (API Access Management): an API Services app with client credentials, and an access policy rule that grants it the scope.',
        id: 'default',
        clientId: '<client id of the API Services app>',
        authMethod: 'client_secret_basic',
        clientSecretEnv: 'OKTA_PROBE_DEFAULT_SECRET',
        scopes: ['<a scope of the server, e.g. orders.read>'],
        audience: 'api://default',
        requiredClaims: [],
      },
    ],
    signIn: [
      {
        _comment:
          'Optional: a synthetic user signing in to the app your people use, every everyMinutes (README "Signing a user in"). Use a dedicated user, assigned to the app, with a TOTP factor whose base32 secret you kept, excluded from password expiry. flow "authn" is the Classic Authentication API (Classic orgs, and Identity Engine orgs whose policies still allow it); "direct" is Identity Engine Direct Authentication (no redirectUri; the app needs the Resource Owner Password and MFA OTP grants). The CLI reads the variables; the stack creates one secret holding {"password", "totpSecret"} and prints the command that fills it. Delete this list to sign nobody in.',
        id: 'portal',
        server: 'default',
        flow: 'authn',
        clientId: '<client id of the OIDC app people sign in to>',
        redirectUri: '<a Sign-in redirect URI of that app, e.g. https://portal.example.com/callback>',
        username: '<synthetic.user@your-company.example>',
        passwordEnv: 'OKTA_PROBE_PASSWORD',
        totpSecretEnv: 'OKTA_PROBE_TOTP',
        scopes: ['openid', 'profile', 'email'],
        requiredClaims: ['email'],
        everyMinutes: 5,
      },
    ],
  };
}

/** The JSON paths whose value is still a <...> placeholder. */
export function placeholders(value: unknown, path: string): string[] {
  if (typeof value === 'string') return /<[^>]+>/.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholders(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => (key === '_comment' ? [] : placeholders(item, path === '' ? key : `${path}.${key}`)));
  }
  return [];
}

/** The validator's word on the org URL alone, or undefined when it is fine. */
function loadConfigText(config: ConfigFileJson): string | undefined {
  const result = parseConfig(config, { mode: 'deploy', baseDir: '.' });
  return result.ok ? undefined : result.errors.find((e) => e.startsWith('orgUrl'))?.replace(/^orgUrl: /, '');
}

export function runInit(argv: string[], io: CommandIo): Promise<number> {
  return runCommand(io, async () => {
    const values = parseCommandArgs('init', argv, OPTIONS);
    if (values.help === true) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    const out = resolve(values.out ?? 'okta-synthetics.json');
    if (existsSync(out)) throw new UsageError(`init: ${out} exists; pass --out FILE to write elsewhere (init never overwrites)`, 'init');
    const orgUrl = values.org ?? 'https://<your-org>.okta.com';
    if (values.org !== undefined) {
      const probe = loadConfigText({ ...starterConfig(orgUrl), servers: [] });
      if (probe !== undefined) throw new UsageError(`init: --org ${probe}`, 'init');
    }
    const config = starterConfig(orgUrl);
    writeFileSync(out, `${JSON.stringify(config, null, 2)}\n`, { flag: 'wx' });
    const todo = placeholders(config, '');
    io.stdout(
      `Wrote ${out}.\n` +
        (todo.length > 0 ? `Still to fill in:\n${todo.map((path) => `  - ${path}`).join('\n')}\n` : '') +
        'Replace the <...> values, then: npx okta-synthetics plan --config ' + (values.out ?? 'okta-synthetics.json') + ' (what it deploys), and see README "Configuring a real org".\n',
    );
    return EXIT.ok;
  });
}
