// `okta-synthetics init [--org URL] [--preview-org URL] [--out FILE]`: writes a starter configuration with a `_comment`
// on the file and on each server, in the form both sides read: the CLI runs it once the key file and secret variable
// exist, and the stack deploys it as is (it holds no secret). Never overwrites a file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { errnoText } from '../read-file';
import { parseConfig } from '../config/parse';
import { sameOrg } from '../config/preview';
import { PREVIEW_SERVER_FIELDS, PREVIEW_SIGN_IN_FIELDS } from '../config/preview-shape';
import { credentialFileName, previewCredentialFileName, type ConfigFileJson } from '../config/schema';
import { placeholders } from '../config/template-values';
import {
  ACCESS_ASSERTIONS,
  grantAdvice,
  NEVER_FOR_MONITORING,
  ORG_SERVER_ID,
  POLICIES_SCOPE,
  SYSTEM_LOG_SCOPE,
} from '../contract';
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
  const withPreview = starterConfig('https://<your-org>.okta.com', undefined, 'https://<your-org>.oktapreview.com');
  const credentials = (lines: [string, string][]): string =>
    lines.map(([name, what]) => `  ${name.padEnd(32)}${what}`).join('\n');
  return `Usage: okta-synthetics init [--org URL] [--preview-org URL] [--out FILE]

Writes a starter configuration (default okta-synthetics.json) that both the
CLI (run) and the stack (cdk deploy) read. It never overwrites a file. It holds:
${wrap(
  `${whatItHolds(starter)}. Each has a _comment saying what to fill in; every <...> is a placeholder the ` +
    `validator refuses until you replace it. Delete signIn, samlApps or accessAssertions to leave them out.`,
  78,
  '  ',
).join('\n')}

The CLI then reads these, which the file only names (never a secret in it):
${credentials(credentialLines(starter))}
The stack reads none of them: it creates a Secrets Manager secret per server
and journey, and prints the command that fills each.

With --preview-org, it also holds a "preview" block for your Preview org
(docs/preview.md): each server and journey above, keyed by its Production id,
with the Preview org's own app, credential and synthetic user as placeholders.
Everything else (checks, scopes, audience, requiredClaims, flows) is inherited
from Production's entry, but never its issuer:
${wrap(PREVIEW_ISSUER_SENTENCE, 78, '  ').join('\n')}
The only fields a Preview entry may set:
${wrap(`a server: ${PREVIEW_FIELDS.servers.join(', ')}`, 78, '  ').join('\n')}
${wrap(`a journey: ${PREVIEW_FIELDS.signIn.join(', ')}`, 78, '  ').join('\n')}
The CLI then also reads these; the stack makes the Preview org's own secrets
(<prefix>/preview/<id>), in the home region only:
${credentials(credentialLines(withPreview).slice(credentialLines(starter).length))}

      --org URL          your Okta org, e.g. https://acme.okta.com
                         (default: a placeholder to replace)
      --preview-org URL  your Preview org, e.g. https://acme.oktapreview.com
                         (never the --org one; default: no preview block)
  -o, --out FILE         where to write it (a missing folder is created)
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
  const rows = (config.accessAssertions ?? []).map(
    (r) => `an access assertion "${r.id}" through Okta's policy simulation`,
  );
  return [...servers, ...journeys, ...apps, ...rows].join(', ');
}

/** Every key file and environment variable the CLI reads for a starter, Production's then Preview's. */
function credentialLines(config: ConfigFileJson): [string, string][] {
  const preview = config.preview;
  return [
    ...config.servers.flatMap((server) => entryCredentials(server, `"${server.id}"`)),
    ...(config.signIn ?? []).flatMap((journey) => entryCredentials(journey, `"${journey.id}"`)),
    ...Object.entries(preview?.servers ?? {}).flatMap(([id, server]) => entryCredentials(server, `Preview "${id}"`)),
    ...Object.entries(preview?.signIn ?? {}).flatMap(([id, journey]) => entryCredentials(journey, `Preview "${id}"`)),
  ];
}

/** What a server's or a journey's entry names for the CLI to read, with what it holds. */
function entryCredentials(entry: unknown, who: string): [string, string][] {
  const named = (field: string): string | undefined => {
    const value = (entry as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  };
  const said: [string | undefined, string][] = [
    [named('privateKeyFile'), `the ${who} app's PKCS#8 private key`],
    [named('passwordEnv') && `$${named('passwordEnv')}`, `the ${who} synthetic user's password`],
    [named('totpSecretEnv') && `$${named('totpSecretEnv')}`, 'the base32 secret of its TOTP factor'],
    [named('clientSecretEnv') && `$${named('clientSecretEnv')}`, `the ${who} app's client secret`],
  ];
  return said.flatMap(([name, what]) => (name === undefined ? [] : [[name, what]]));
}

const OPTIONS = {
  org: { type: 'string' },
  'preview-org': { type: 'string' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The starter file, for both sides: the CLI's credential references (never a secret) and the stack's auth methods. */
export function starterConfig(
  orgUrl: string,
  schema = './okta-synthetics.schema.json',
  previewOrgUrl?: string,
): ConfigFileJson {
  const config: ConfigFileJson = {
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
    accessAssertions: starterAccessAssertions(),
  };
  return previewOrgUrl === undefined ? config : { ...config, preview: starterPreview(previewOrgUrl, config) };
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

/** An optional access assertion: who should get what of an app, asserted through Okta's policy simulation. */
function starterAccessAssertions(): ConfigFileJson['accessAssertions'] {
  return [
    {
      _comment:
        "Optional: who should get what, asserted every run through Okta's policy simulation; nothing signs in " +
        '(docs/access-assertions.md). Grant the "org" server\'s app ' +
        `${POLICIES_SCOPE} (it asks a token of that scope alone) and give it ${grantAdvice(POLICIES_SCOPE)}; an ` +
        'Identity Engine org. A row names the app (its 0oa... id, or its label: then grant okta.apps.read too), a ' +
        'user (00u...) or groups (00g...), and may ' +
        'name a zone (nzo...) or an ip, a device ({ "platform": "WINDOWS", "managed": true }) and a risk (LOW, ' +
        'MEDIUM, HIGH); "expect" asserts any of "policy" and "rule" (a name or an id), "access" (ALLOW or DENY) ' +
        'and "factors" ("password only", "two factors", "phishing-resistant"), and only what it names. A weaker ' +
        `answer pages. At most ${ACCESS_ASSERTIONS.maxRows} rows. Delete this list to assert nothing.`,
      id: 'finance-remote',
      app: "<the app's id (0oa...) or its label, from Applications > Applications>",
      groups: ['<the id of a group assigned to the app, 00g..., from Directory > Groups > [group]>'],
      ip: '203.0.113.7',
      expect: { access: 'ALLOW', factors: 'phishing-resistant' },
    },
  ];
}

/** What init tells of a Preview server's issuer: never Production's (config/preview.ts previewServer). */
export const PREVIEW_ISSUER_SENTENCE =
  "Production's issuer is never inherited: a custom URL domain belongs to one org, as a client id does, so the " +
  'Preview org is checked for the issuer of its own orgUrl unless its entry sets "issuer" (its own custom domain\'s).';

/** The fields a Preview entry may set, as the validator and the schema declare them (preview-shape.ts). */
const PREVIEW_FIELDS = {
  servers: Object.keys(PREVIEW_SERVER_FIELDS).filter((field) => field !== '_comment'),
  signIn: Object.keys(PREVIEW_SIGN_IN_FIELDS).filter((field) => field !== '_comment'),
} as const;

/**
 * The `preview` block mirroring a starter: each server and journey keyed by its Production id, with only the fields
 * of its Production entry a Preview entry may set, each the Preview org's own (a placeholder, a credential of its
 * own, the same auth method). A custom server names its Preview id, the same "default" in every org.
 */
function starterPreview(previewOrgUrl: string, config: ConfigFileJson): NonNullable<ConfigFileJson['preview']> {
  const servers = config.servers.map((server) => [
    server.id,
    {
      ...(server.id !== ORG_SERVER_ID && { authorizationServerId: server.id }),
      ...previewEntry(server, PREVIEW_FIELDS.servers, server.id),
    },
  ]);
  const signIn = (config.signIn ?? []).map((journey) => [
    journey.id,
    previewEntry(journey, PREVIEW_FIELDS.signIn, journey.id),
  ]);
  return {
    _comment:
      'Optional: your Preview org, which gets each Okta release about five days before Production, probed with ' +
      "the same checks to see the next release's failures first (docs/preview.md). In the Preview org, make " +
      'its own copy of each app named here (its own client id and key or secret, the same scopes granted) and ' +
      'its own synthetic user, enrolled in the same factor: apps and users belong to one org. Each entry is ' +
      "keyed by the Production entry's id and sets only what may differ between the orgs (a server: " +
      `${PREVIEW_FIELDS.servers.join(', ')}; a journey: ${PREVIEW_FIELDS.signIn.join(', ')}). Everything ` +
      "else (checks, scopes, audience, requiredClaims, flows, thresholds) is inherited from Production's " +
      'entry. authorizationServerId is the Preview org\'s id of the server ("default" is the same in every ' +
      'org; a server of your own has another "aus..." id there). ' +
      PREVIEW_ISSUER_SENTENCE +
      ' Add "oktaCell": "<the Preview cell, e.g. OP1 ' +
      'Preview Cell (US)>" to read Okta\'s status feed for it. Deployed, it runs every 5 minutes in the home ' +
      'region and only warns, never pages. Delete this block to leave Preview out.',
    orgUrl: previewOrgUrl,
    servers: Object.fromEntries(servers),
    signIn: Object.fromEntries(signIn),
  };
}

/** The fields of a Production entry a Preview entry may set, each made the Preview org's own (previewValue). */
function previewEntry(entry: object, fields: readonly string[], id: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entry)
      .filter(([field]) => fields.includes(field))
      .map(([field, value]) => [field, previewValue(field, value, id)]),
  );
}

/**
 * A Production value as the Preview org's: a placeholder says it is the Preview org's, a variable or key file is
 * one of its own (never Production's, whose server has the same id), anything else (the auth method) is the same.
 */
function previewValue(field: string, value: unknown, id: string): unknown {
  if (typeof value !== 'string') return value;
  if (value.startsWith('<')) return `<in the Preview org: ${value.slice(1)}`;
  if (field.endsWith('Env')) return `OKTA_PREVIEW_${value.replace(/^OKTA_PROBE_/, '')}`;
  if (field === 'privateKeyFile') return previewCredentialFileName(id, 'private_key_jwt');
  return value;
}

/** The validator's word on the org URL alone, or undefined when it is fine. */
function loadConfigText(config: ConfigFileJson): string | undefined {
  const result = parseConfig(config, { mode: 'deploy', baseDir: '.' });
  return result.ok ? undefined : result.errors.find((e) => e.startsWith('orgUrl'))?.replace(/^orgUrl: /, '');
}

/**
 * --preview-org as the validator reads preview.orgUrl: never the Production org (the block would probe Production
 * twice), and an org address as orgUrl is one (the Preview config is parsed as Production's is).
 */
function checkPreviewOrg(previewOrgUrl: string, orgUrl: string): void {
  if (sameOrg(previewOrgUrl, orgUrl))
    throw new UsageError(
      `init: --preview-org ${previewOrgUrl} is the Production org (--org): pass your Preview org's address, ` +
        'e.g. --preview-org https://acme.oktapreview.com, or leave --preview-org out to write no preview block',
      'init',
    );
  const probe = loadConfigText({ ...starterConfig(previewOrgUrl), servers: [] });
  if (probe !== undefined) throw new UsageError(`init: --preview-org ${probe}`, 'init');
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
    const previewOrgUrl = values['preview-org'];
    if (previewOrgUrl !== undefined) checkPreviewOrg(previewOrgUrl, orgUrl);
    const config = starterConfig(orgUrl, schemaReference(dirname(out)), previewOrgUrl);
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
          (config.preview === undefined ? '' : `${PREVIEW_ISSUER_SENTENCE}\n`) +
          `See docs/configuration.md${config.preview === undefined ? '' : ' and docs/preview.md'}.\n`,
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
