// `okta-synthetics init [--org URL] [--out FILE]`: writes a starter configuration with a `_comment` on the file and on
// each server, in the form both sides read: the CLI runs it once the key file and secret variable exist, and the stack
// deploys it as is (it holds no secret). Never overwrites a file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { errnoText } from '../read-file';
import { parseConfig } from '../config/parse';
import { credentialFileName, type ConfigFileJson } from '../config/schema';
import { placeholders } from '../config/template-values';
import { grantAdvice, NEVER_FOR_MONITORING, ORG_SERVER_ID, SYSTEM_LOG_SCOPE } from '../contract';
import { wrap, wrapBlock } from '../text/wrap';
import { renderWidth } from './render';
import {
  EXIT,
  parseCommandArgs,
  runCommand,
  selfCommand,
  terminalColumns,
  UsageError,
  type CommandIo,
  type Options,
} from './frame';

/** init's help: what the starter holds and every credential the CLI will read for it, from the starter itself. */
function initUsage(): string {
  const starter = starterConfig('https://<your-org>.okta.com');
  return `Usage: okta-synthetics init [--org URL] [--out FILE]

Writes a starter configuration (default okta-synthetics.json) that both the
CLI (run) and the stack (cdk deploy) read. It never overwrites a file. It holds:
${wrap(
  `${whatItHolds(starter)}. Each has a _comment saying what to fill in; every <...> is a placeholder the ` +
    `validator refuses until you replace it. Delete signIn or samlApps to leave them out.`,
  78,
  '  ',
).join('\n')}

The CLI then reads these, which the file only names (never a secret in it):
${credentialLines(starter)
  .map(([name, what]) => `  ${name.padEnd(28)}${what}`)
  .join('\n')}
The stack reads none of them: it creates a Secrets Manager secret per server
and journey, and prints the command that fills each.

      --org URL    your Okta org, e.g. https://acme.okta.com
                   (default: a placeholder to replace)
  -o, --out FILE   where to write it (a missing folder is created)
`;
}

/** The servers, journeys and SAML apps of a starter, in words. */
function whatItHolds(config: ConfigFileJson): string {
  const servers = config.servers.map((s) =>
    s.id === ORG_SERVER_ID
      ? 'the Org authorization server "org" (private_key_jwt; systemLog and inventory off)'
      : `the custom authorization server "${s.id}" (client secret)`,
  );
  const journeys = (config.signIn ?? []).map(
    (j) => `a synthetic user's sign-in journey "${j.id}" (flow "${j.flow}", through "${j.server}")`,
  );
  const apps = (config.samlApps ?? []).map((a) => `a SAML app "${a.id}" judged in the session of "${a.signIn}"`);
  return [...servers, ...journeys, ...apps].join(', ');
}

/** Every key file and environment variable the CLI reads for a starter, with what it holds. */
function credentialLines(config: ConfigFileJson): [string, string][] {
  return [
    ...config.servers.flatMap((s): [string, string][] => [
      ...(s.privateKeyFile !== undefined
        ? [[s.privateKeyFile, `the "${s.id}" app's PKCS#8 private key`] as [string, string]]
        : []),
      ...(s.clientSecretEnv !== undefined
        ? [[`$${s.clientSecretEnv}`, `the "${s.id}" app's client secret`] as [string, string]]
        : []),
    ]),
    ...(config.signIn ?? []).flatMap((j): [string, string][] => [
      ...(j.passwordEnv !== undefined
        ? [[`$${j.passwordEnv}`, `the "${j.id}" synthetic user's password`] as [string, string]]
        : []),
      ...(j.totpSecretEnv !== undefined
        ? [[`$${j.totpSecretEnv}`, `the base32 secret of its TOTP factor`] as [string, string]]
        : []),
      ...(j.clientSecretEnv !== undefined
        ? [[`$${j.clientSecretEnv}`, `the "${j.id}" app's client secret`] as [string, string]]
        : []),
    ]),
  ];
}

const OPTIONS = {
  org: { type: 'string' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The starter file, for both sides: the CLI's credential references (never a secret) and the stack's auth methods. */
export function starterConfig(orgUrl: string, schema = './okta-synthetics.schema.json'): ConfigFileJson {
  return {
    $schema: schema,
    _comment:
      'Starter config from okta-synthetics init, for both sides. Replace every value in <...>. The CLI (run) ' +
      'reads privateKeyFile and the variable named by clientSecretEnv; cdk deploy never reads them: the ' +
      'stack creates one Secrets Manager secret per server and prints the command that fills it (or name an ' +
      "existing one with secretName). run --secrets aws reads those secrets instead. Okta's status feed " +
      "(statusPageUrl) is read by default. This org's own status page for the help desk is off: add " +
      '"statusPage": { "allowFrom": ["<your help desk\'s network, e.g. 203.0.113.0/24>"] } to publish one ' +
      '(docs/status-page.md).',
    orgUrl,
    alarmEmails: ['<oncall@your-company.example>'],
    scheduleMinutes: 1,
    servers: starterServers(),
    signIn: starterSignIn(),
    samlApps: starterSamlApps(orgUrl),
  };
}

/** Two servers: the org server (its key, its optional System Log and inventory) and a custom one with a secret. */
function starterServers(): ConfigFileJson['servers'] {
  return [
    {
      _comment:
        `Org authorization server: an API Services app with a public key registered (private_key_jwt is the ` +
        `only way) and the okta.users.read scope granted under Okta API Scopes. systemLog true reads Okta's ` +
        `System Log (each failure's reason, the admin changes before it, the org's rate-limit events): add ` +
        `okta.logs.read to scopes, grant it, and give the app ${grantAdvice(SYSTEM_LOG_SCOPE)}. inventory ` +
        `true reads what will break next, every inventoryEveryMinutes (default 60): API tokens ` +
        `(okta.apiTokens.read), SAML apps' signing certificates (okta.apps.read), IdP certificates ` +
        `(okta.idps.read), log streams (okta.logStreams.read), event hooks (okta.eventHooks.read), agent ` +
        `pools (okta.agentPools.read); add the scopes of the kinds you want, grant them, and give the app ` +
        `the narrowest admin role for each (docs/inventory.md, "What to grant"), never ${NEVER_FOR_MONITORING.join(' or ')}. ` +
        `Certificates warn expiryWarnDays ahead (30), API tokens apiTokenWarnDays ahead (7).`,
      id: 'org',
      clientId: '<client id of the API Services app>',
      authMethod: 'private_key_jwt',
      privateKeyFile: credentialFileName('org', 'private_key_jwt'),
      scopes: ['okta.users.read'],
      systemLog: false,
      inventory: false,
    },
    {
      _comment:
        'Custom authorization server "default" (API Access Management): an API Services app with client ' +
        'credentials, and an access policy rule that grants it the scope.',
      id: 'default',
      clientId: '<client id of the API Services app>',
      authMethod: 'client_secret_basic',
      clientSecretEnv: 'OKTA_PROBE_DEFAULT_SECRET',
      scopes: ['<a scope of the server, e.g. orders.read>'],
      audience: 'api://default',
      requiredClaims: [],
    },
  ];
}

/** An optional sign-in journey, with what each flow needs of the org and how to fence its user. */
function starterSignIn(): ConfigFileJson['signIn'] {
  return [
    {
      _comment:
        'Optional: a synthetic user signing in to the app your people use, every everyMinutes ' +
        '(docs/sign-in.md). Use a dedicated user, assigned to the app, with a TOTP factor whose base32 ' +
        'secret you kept, excluded from password expiry. flow "idx" signs in as the Sign-In Widget does on ' +
        'Identity Engine (the Interaction Code flow over the IDX API: the app and the org need the ' +
        'Interaction Code grant, nothing else; docs/sign-in.md, "Which flow fits which org"); "authn" is ' +
        'the Classic Authentication API (Classic Engine orgs: Okta documents it as Classic Engine only); ' +
        '"direct" is Identity Engine Direct Authentication (no redirectUri; the app needs the Resource ' +
        'Owner Password and MFA OTP grants). The CLI reads the variables; the stack creates one secret ' +
        'holding {"password", "totpSecret"} and prints the command that fills it. Fence the user: a rule ' +
        "denying its group from outside a network zone of the probe's egress addresses (every region's NAT " +
        "addresses, and the CLI host's), and no app that provisions users (docs/sign-in.md, step 6). Delete " +
        'this list to sign nobody in.',
      id: 'portal',
      server: 'default',
      flow: 'idx',
      clientId: '<client id of the OIDC app people sign in to>',
      redirectUri: '<a Sign-in redirect URI of that app, e.g. https://portal.example.com/callback>',
      username: '<synthetic.user@your-company.example>',
      passwordEnv: 'OKTA_PROBE_PASSWORD',
      totpSecretEnv: 'OKTA_PROBE_TOTP',
      scopes: ['openid', 'profile', 'email'],
      requiredClaims: ['email'],
      everyMinutes: 5,
    },
  ];
}

/** An optional SAML app the journey's session gets an assertion from, at the org's own URLs. */
function starterSamlApps(orgUrl: string): ConfigFileJson['samlApps'] {
  return [
    {
      _comment:
        'Optional: a SAML app whose assertion the journey named in signIn gets from Okta in its session, ' +
        'judged as the SP would (docs/saml-apps.md); the probe never posts it to the SP. Assign the ' +
        'synthetic user to the app; from its Sign On tab copy the Metadata URL and, under View SAML setup ' +
        'instructions, the Identity Provider Single Sign-On URL; from General > SAML Settings, what the SP ' +
        'expects. Delete this list to judge no SAML app.',
      id: 'salesforce',
      signIn: 'portal',
      ssoUrl: `${orgUrl}/app/<app name>/<app id>/sso/saml`,
      metadataUrl: `${orgUrl}/app/<app id>/sso/saml/metadata`,
      audience: "<the SP entity ID: the app's Audience URI>",
      recipient: "<the SP ACS URL: the app's Single sign-on URL>",
      requiredAttributes: ['email'],
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    },
  ];
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
      io.stdout(initUsage());
      return EXIT.ok;
    }
    const out = resolve(values.out ?? 'okta-synthetics.json');
    if (existsSync(out))
      throw new UsageError(`init: ${out} exists; pass --out FILE to write elsewhere (init never overwrites)`, 'init');
    const orgUrl = values.org ?? 'https://<your-org>.okta.com';
    if (values.org !== undefined) {
      const probe = loadConfigText({ ...starterConfig(orgUrl), servers: [] });
      if (probe !== undefined) throw new UsageError(`init: --org ${probe}`, 'init');
    }
    const config = starterConfig(orgUrl, schemaReference(dirname(out)));
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(config, null, 2)}\n`, { flag: 'wx' });
    } catch (error) {
      throw new UsageError(
        `init: cannot write ${out} (${errnoText(error)}); pass --out FILE to write elsewhere`,
        'init',
      );
    }
    const keyFile = config.servers[0]?.privateKeyFile;
    const keys = keyFile === undefined ? undefined : keysFolder(join(dirname(out), keyFile));
    if (keyFile !== undefined) io.stderr(committedKeysWarning(join(dirname(out), keyFile)));
    const todo = placeholders(config).map((p) => p.path);
    const file = values.out ?? 'okta-synthetics.json';
    const self = selfCommand(io.env);
    const width = renderWidth(terminalColumns(io));
    io.stdout(
      wrapBlock(
        `Wrote ${out}.\n` +
          (keys === undefined ? '' : `${keys}\n`) +
          (todo.length > 0
            ? `Replace the <...> placeholders (validation refuses them):\n${todo.map((path) => `  - ${path}`).join('\n')}\n`
            : '') +
          `For the CLI (run), what it names (key files relative to ${file}):\n` +
          credentialLines(config)
            .map(([name, what]) => `  - ${name.startsWith('$') ? `export ${name.slice(1)}=...` : name}: ${what}\n`)
            .join('') +
          `Then: ${self} run --config ${file}\n` +
          `  and ${self} plan --config ${file} (what it deploys).\n` +
          'See docs/configuration.md.\n',
        width,
      ),
    );
    return EXIT.ok;
  });
}

/**
 * The folder the key and secret files go in, made for them: only its owner may enter it (0700), and a .gitignore of
 * `*` keeps git from taking a private key with `git add -A`. An existing folder is left as it is. Says what it did.
 */
function keysFolder(keyFile: string): string | undefined {
  const folder = dirname(keyFile);
  if (existsSync(folder)) return undefined;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(join(folder, '.gitignore'), '# Private keys and secrets: never committed.\n*\n', { flag: 'wx' });
    return `Made ${folder}/ for the key files (only you may read it; git ignores it).`;
  } catch (error) {
    return `Could not make ${folder}/ (${errnoText(error)}): make it, readable by you alone, before run.`;
  }
}

/**
 * A warning when the key file init names would be committed: inside a git work tree and not ignored, `git add -A`
 * takes the private key with it. git itself answers (check-ignore knows every .gitignore, exclude file and global
 * rule); no git, or not a work tree: nothing to say.
 */
function committedKeysWarning(keyFile: string): string {
  const folder = dirname(keyFile);
  let cwd = folder;
  while (!existsSync(cwd) && dirname(cwd) !== cwd) cwd = dirname(cwd);
  const asked = spawnSync('git', ['check-ignore', '--quiet', '--no-index', keyFile], {
    cwd,
    encoding: 'utf8',
    timeout: 5000,
  });
  // 0: ignored; 1: not ignored; 128: not a git work tree (or no git).
  if (asked.status !== 1) return '';
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], {
    cwd,
    encoding: 'utf8',
    timeout: 5000,
  }).stdout.trim();
  const ignored = relative(top, folder).split(sep).join('/');
  return (
    `Warning: ${folder} (where the key and secret files go) is inside the git work tree ${top} and not ignored:\n` +
    `  "git add -A" would commit the private key. Add this line to ${join(top, '.gitignore')}:\n    ${ignored}/\n`
  );
}

/** The package's JSON Schema as the written file should name it: relative when it can be, else a file URL. */
function schemaReference(folder: string): string {
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'okta-synthetics.schema.json')) && dirname(root) !== root) root = dirname(root);
  const schema = join(root, 'okta-synthetics.schema.json');
  const path = relative(folder, schema);
  if (isAbsolute(path)) return pathToFileURL(schema).href;
  const posix = path.split(sep).join('/');
  return posix.startsWith('.') ? posix : `./${posix}`;
}
