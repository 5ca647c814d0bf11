// `sim --config F`'s output: F rewritten to point at the simulator (its loopback URL, its status feed, its key and
// secrets), and the secrets' files (mode 0600) in a folder beside it (0700). Everything else of F is kept as written.
// The folder also keeps the credentials the simulator made, which its next start plays again: a run still holding
// them (a `run --every` loop, the variables a shell set) passes after a restart.
import { createPrivateKey } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isObject, type Json } from '../config/readers';
import { previewConfigFile } from '../config/preview';
import { SIM_CATALOGUE_GROUP } from '../../sim/saml/catalogue';
import { tenantResourcePath } from '../../sim/endpoints/resource-api';
import { CATALOGUE_LABEL_PREFIX, SIM_GROUP_APPS } from './sim-config';
import type { ProbeConfig } from '../types';
import type { TenantCredentials, TenantServed, TenantSpec } from '../../sim/tenant';
import { folderProblem } from './private-folder';

/** The `_comment` of every file `sim --config` writes: it overwrites only a file that says so. */
const SIM_CONFIG_MARK = 'Written by okta-synthetics sim --config, for a run against the Okta simulator';

/** The simulator a rewritten config points at. */
interface SimTarget {
  readonly url: string;
  readonly statusFeedUrl: string;
  /** The key pair every private_key_jwt app of the tenant holds: PKCS#8 PEM and its kid. */
  readonly privateKeyPem: string;
  readonly keyId: string;
  readonly spec: TenantSpec;
  readonly served: TenantServed;
  /** What the secrets' files and variables are prefixed with: "preview-" for the Preview org's simulator. */
  readonly prefix?: string;
}

interface SecretFile {
  readonly name: string;
  readonly content: string;
}

/** `<F>.sim.json` beside F: never F itself. */
export const defaultSimConfigPath = (file: string): string => file.replace(/(\.json)?$/i, '.sim.json');

/** The folder of the secrets beside G: `<G without .json>-secrets`. */
export const secretsFolder = (out: string): string => out.replace(/(\.json)?$/i, '-secrets');

const KEY_FILE = 'probe-key.pem';
/** The credentials the simulator made, in the secrets' folder: its next start for the same G plays them again. */
const KEPT_FILE = 'simulator-credentials.json';
/** A kept file larger than this is no file of ours (a key, a few secrets and users take a few KB). */
const KEPT_MAX_BYTES = 1_000_000;
/** Credentials the simulator replaces, and the stack's settings a local run never reads. */
const SERVER_CREDENTIALS = ['privateKeyFile', 'privateKeyEnv', 'clientSecret', 'clientSecretEnv', 'keyId'];
const SIGN_IN_CREDENTIALS = [
  ...['passwordEnv', 'totpSecretEnv', 'clientSecretEnv', 'secretsFile', 'passkeyFile'],
  // Served as a public client: the CLI takes a confidential app's secret from a variable only, never a secretsFile.
  'confidential',
];
const DEPLOY_ONLY = ['secretName', 'authMethod'];

const without = (entry: Json, fields: readonly string[]): Json =>
  Object.fromEntries(Object.entries(entry).filter(([key]) => !fields.includes(key)));
const entries = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** A variable the rewritten config names for a server's client secret, and the secret's file in the folder. */
export interface SecretVariable {
  readonly name: string;
  readonly file: string;
}

/**
 * The variable a server's client secret is read from: a server has no secret file of its own, and the secret inline
 * would sit in G at the default mode (0644), where `report --config` and the stack refuse it.
 */
function secretVariable(id: string, taken: readonly SecretVariable[], prefix = ''): string {
  const own = prefix === '' ? '' : `${prefix.toUpperCase().replace(/[^A-Z0-9]/g, '')}_`;
  const name = `OKTA_SIM_${own}SECRET_${id.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
  return taken.some((variable) => variable.name === name) ? `${name}_${taken.length}` : name;
}

/**
 * The credentials an earlier simulator kept in `folder` for the same G, or undefined (none, or not ours: made anew).
 * The folder is checked as the CLI's state folders are: a key planted there by another user would be played.
 */
export async function readKeptCredentials(
  folder: string,
): Promise<{ readonly problem: string } | { readonly kept: TenantCredentials | undefined }> {
  const problem = folderProblem(folder, 'refuse');
  if (problem !== undefined) return { problem };
  const file = join(folder, KEPT_FILE);
  const stats = await lstat(file).catch(() => undefined);
  if (stats === undefined || !stats.isFile() || stats.size > KEPT_MAX_BYTES) return { kept: undefined };
  if ((stats.mode & 0o077) !== 0 || stats.uid !== process.getuid?.()) return { kept: undefined };
  try {
    return { kept: keptCredentials(JSON.parse(await readFile(file, 'utf8'))) };
  } catch {
    return { kept: undefined };
  }
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  isObject(value) && Object.values(value).every((v) => typeof v === 'string');

/** A kept file read back: every field checked, the key one Node reads as a private key. */
function keptCredentials(value: unknown): TenantCredentials | undefined {
  if (!isObject(value) || !isObject(value.clientKey) || !isStringRecord(value.clientSecrets)) return undefined;
  const { pem, kid } = value.clientKey;
  if (typeof pem !== 'string' || typeof kid !== 'string' || !isObject(value.users)) return undefined;
  const users: [string, { password: string; totpSecret: string }][] = [];
  for (const [name, user] of Object.entries(value.users)) {
    if (!isObject(user) || typeof user.password !== 'string' || typeof user.totpSecret !== 'string') return undefined;
    users.push([name, { password: user.password, totpSecret: user.totpSecret }]);
  }
  // Throws on a file that holds no private key: the caller makes new credentials.
  createPrivateKey(pem);
  return { clientKey: { pem, kid }, clientSecrets: value.clientSecrets, users: Object.fromEntries(users) };
}

/**
 * The rewritten config, its secrets' files (named inside `folder`, G's sibling), and what it changed. `preview`: the
 * "preview" block pointed at the Preview org's simulator (rewritePreviewBlock); without it the block is left out.
 */
export function rewriteConfig(
  raw: Json,
  probe: ProbeConfig,
  target: SimTarget,
  folder: string,
  preview?: ReturnType<typeof rewritePreviewBlock>,
): { json: Json; files: SecretFile[]; notes: string[]; variables: SecretVariable[] } {
  const notes: string[] = [];
  const p = target.prefix ?? '';
  const files: SecretFile[] = [{ name: p + KEPT_FILE, content: JSON.stringify(target.served.credentials) }];
  const variables: SecretVariable[] = [];
  const written = { notes, files, variables };
  const servers = entries(raw.servers).map((entry, index) => serverEntry(entry, index, probe, target, folder, written));
  const signIn = entries(raw.signIn).map((entry, index) =>
    appEntry(journeyEntry(entry, index, probe, target, folder, files), index, probe, target.served, notes),
  );
  const samlApps = entries(raw.samlApps).map((entry, index) => {
    const app = target.spec.samlApps[index];
    if (app === undefined) return entry;
    return { ...entry, ssoUrl: target.url + app.ssoPath, metadataUrl: target.url + app.metadataPath };
  });
  const { localNotifications, samlGroups, _comment, preview: previewBlock, ...top } = raw;
  if (localNotifications !== undefined)
    notes.push('not simulated: localNotifications (left out: a run against the simulator never notifies you)');
  // Kept as written, the block would send the run to the real Preview org with its real credentials.
  if (previewBlock !== undefined && preview === undefined)
    notes.push(
      'not simulated: preview (left out: the simulator plays one org, and a run against it never reaches yours)',
    );
  if (preview !== undefined) {
    notes.push(...preview.notes);
    files.push(...preview.files);
    variables.push(...preview.variables);
  }
  if (raw.statusPageUrl !== undefined && raw.statusPageUrl !== null)
    notes.push(`statusPageUrl: served as the simulator's status feed ${target.statusFeedUrl}`);
  const groups = groupEntries(samlGroups, notes);
  const json: Json = {
    _comment: SIM_CONFIG_MARK,
    ...top,
    orgUrl: target.url,
    // null skips the status check: kept. Absent, the probe would read Okta's own feed: the simulator's instead.
    statusPageUrl: raw.statusPageUrl === null ? null : target.statusFeedUrl,
    servers,
    ...(raw.signIn !== undefined && { signIn }),
    ...(raw.samlApps !== undefined && { samlApps }),
    ...(groups !== undefined && { samlGroups: groups }),
    ...(preview !== undefined && { preview: preview.block }),
  };
  return { json, files, notes, variables };
}

/** A server's entry with the simulator's credential (a key file, or a secret's variable) and stand-ins for its APIs. */
function serverEntry(
  entry: Json,
  index: number,
  probe: ProbeConfig,
  target: SimTarget,
  folder: string,
  { notes, files, variables }: { notes: string[]; files: SecretFile[]; variables: SecretVariable[] },
): Json {
  const server = probe.servers[index];
  const deployOnly = DEPLOY_ONLY.filter((key) => entry[key] !== undefined);
  if (deployOnly.length > 0) notes.push(`servers[${index}]: left out ${deployOnly.join(', ')} (the stack's only)`);
  const kept = without(entry, [...SERVER_CREDENTIALS, ...DEPLOY_ONLY]);
  const secret = server === undefined ? undefined : target.served.clientSecrets.get(server.clientId);
  const byKey = target.spec.servers[index]?.auth !== 'client_secret_basic' || secret === undefined;
  const p = target.prefix ?? '';
  if (byKey && !files.some((file) => file.name === p + KEY_FILE))
    files.push({ name: p + KEY_FILE, content: target.privateKeyPem });
  let variable: string | undefined;
  if (!byKey) {
    variable = secretVariable(String(server?.id), variables, p);
    const name = `${p}server-${index}-client-secret`;
    files.push({ name, content: secret });
    variables.push({ name: variable, file: name });
  }
  return {
    ...kept,
    ...(variable === undefined
      ? { privateKeyFile: `${folder}/${p}${KEY_FILE}`, keyId: target.keyId }
      : { clientSecretEnv: variable }),
    // Each API kept, as the simulator's stand-in for it: the token check's token goes there, never to the API.
    ...(Array.isArray(entry.resources) &&
      server !== undefined && {
        resources: entries(entry.resources).map((resource) => ({
          ...resource,
          url: target.url + tenantResourcePath(server.id, Number(resource.expectStatus ?? 200)),
        })),
      }),
    ...(entry.issuer !== undefined && {
      issuer: server?.id === 'org' ? target.url : `${target.url}/oauth2/${String(server?.id)}`,
    }),
  };
}

/** A journey's entry with the simulator's user's secrets (and passkey) in files of its own. */
function journeyEntry(
  entry: Json,
  index: number,
  probe: ProbeConfig,
  target: SimTarget,
  folder: string,
  files: SecretFile[],
): Json {
  const journey = probe.signIn?.[index];
  const user = journey === undefined ? undefined : target.served.users.get(journey.username);
  if (journey === undefined || user === undefined) return entry;
  const name = `${target.prefix ?? ''}signin-${index}-${journey.id.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const secrets = { password: user.password, totpSecret: user.totpSecret };
  files.push({ name: `${name}.json`, content: JSON.stringify(secrets) });
  // The user holds no passkey yet (sim/tenant.ts): `passkey enroll` writes this file once the simulator accepted one.
  const passkey = journey.authenticator === 'passkey';
  return {
    ...without(entry, [...SIGN_IN_CREDENTIALS, ...DEPLOY_ONLY]),
    secretsFile: `${folder}/${name}.json`,
    ...(passkey && { passkeyFile: `${folder}/${name}-passkey.json` }),
  };
}

/**
 * A journey's app block pointed at the simulated app that serves it (sim/app-tenant.ts): an OIDC app's login and
 * logout URLs its own, a SAML app's link on the simulator's org; what it serves is said.
 */
function appEntry(entry: Json, index: number, probe: ProbeConfig, served: TenantServed, notes: string[]): Json {
  const app = served.apps.find((one) => one.journey === index);
  const journey = probe.signIn?.[index];
  if (app === undefined || journey?.app === undefined || !isObject(entry.app)) return entry;
  const where = `signIn[${index}] "${journey.id}": app "${journey.app.name}"`;
  const needs = journey.app.claims.length === 0 ? '' : ` and needs ${journey.app.claims.join(', ')}`;
  notes.push(
    app.protocol === 'oidc'
      ? `${where} served as a simulated OIDC app at ${app.url}: it signs in through "${journey.server}" as the ` +
          `journey's client ${journey.clientId} (its callback ${app.url}/callback registered there)${needs}, and ` +
          'answers as your success condition says'
      : `${where} served as a simulated SAML app at ${app.url}, behind its link ${app.loginUrl} on the simulator's ` +
          `org, assigned to ${journey.username}: it takes the assertion at ${app.url}/acs${needs}, and answers as ` +
          'your success condition says',
  );
  return {
    ...entry,
    app: {
      ...entry.app,
      loginUrl: app.loginUrl,
      ...(entry.app.logoutUrl !== undefined && { logoutUrl: app.logoutUrl }),
    },
  };
}

/**
 * The groups of SAML apps, discovering the simulator's catalogue (sim/saml/catalogue.ts) in place of the org's apps:
 * assigned to the journey's user, under its labels, in its Okta group.
 */
function groupEntries(value: unknown, notes: string[]): Json[] | undefined {
  if (value === undefined) return undefined;
  return entries(value).map((entry, index) => {
    const discover = entry.discover;
    if (discover === undefined) return entry;
    const served =
      discover === 'assigned'
        ? discover
        : isObject(discover) && discover.labelPrefix !== undefined
          ? { labelPrefix: CATALOGUE_LABEL_PREFIX }
          : { oktaGroupId: SIM_CATALOGUE_GROUP };
    notes.push(
      `samlGroups[${index}] "${String(entry.id)}": discover served as the simulator's catalogue of ` +
        `${SIM_GROUP_APPS} SAML apps (${JSON.stringify(served)}), not your org's apps`,
    );
    return { ...entry, discover: served };
  });
}

/**
 * Writes G and the secrets' folder (0700, files 0600). Refuses to overwrite F, or a file at G that the simulator did
 * not write.
 */
export async function writeSimConfig(
  input: string,
  out: string,
  build: (folder: string) => { json: Json; files: readonly SecretFile[] },
): Promise<{ readonly problem: string } | { readonly folder: string }> {
  if (resolve(out) === resolve(input))
    return { problem: `--out ${out} is the config itself: the simulator never overwrites your file; pick another` };
  const existing = await readFile(out, 'utf8').catch(() => undefined);
  if (existing !== undefined && !existing.includes(SIM_CONFIG_MARK))
    return { problem: `--out ${out} exists and was not written by "sim --config": move it, or pick another --out` };
  const folder = secretsFolder(out);
  const stat = await lstat(folder).catch(() => undefined);
  if (stat !== undefined && !stat.isDirectory())
    return { problem: `${folder} exists and is not a folder: move it, or pick another --out` };
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  // Each simulator's users are new: a passkey an earlier one accepted is unknown to this one, and would stand in the
  // way of `passkey enroll` (which never overwrites a passkey file).
  for (const name of await readdir(folder))
    if (name.endsWith('-passkey.json')) await rm(join(folder, name), { force: true });
  const { json, files } = build(basename(folder));
  for (const file of files) {
    const path = join(folder, file.name);
    await writeFile(path, file.content, { mode: 0o600 });
    // A file written by an earlier run keeps its mode through writeFile's: set it again.
    await chmod(path, 0o600);
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(json, null, 2)}\n`);
  return { folder };
}

/** The fields a rewritten entry takes from the simulator: its credential, its APIs' stand-ins and its issuer. */
const SERVED_SERVER_FIELDS = ['privateKeyFile', 'keyId', 'clientSecretEnv'];

/**
 * The "preview" block pointed at the Preview org's simulator: its orgUrl, each entry's credentials the simulator's
 * (files and variables named "preview-"), Okta's release notes feed the first simulator's; the Preview org's ids,
 * apps, users and cell kept as written. The derived Preview config is rewritten as Production's is, then each entry
 * takes back what the simulator serves: the two orgs' secrets never meet, and the real Preview org is never named.
 */
export function rewritePreviewBlock(
  raw: Json,
  previewProbe: ProbeConfig,
  target: SimTarget & { readonly releaseNotesUrl: string },
  folder: string,
): { block: Json; files: SecretFile[]; notes: string[]; variables: SecretVariable[] } {
  const block = isObject(raw.preview) ? raw.preview : {};
  const servers = isObject(block.servers) ? block.servers : {};
  const signIn = isObject(block.signIn) ? block.signIn : {};
  const derived = previewConfigFile(raw, {
    orgUrl: String(block.orgUrl),
    everyMinutes: 0,
    releaseNotesUrl: null,
    servers: Object.fromEntries(Object.entries(servers).filter((e): e is [string, Json] => isObject(e[1]))),
    signIn: Object.fromEntries(Object.entries(signIn).filter((e): e is [string, Json] => isObject(e[1]))),
  });
  const served = rewriteConfig(derived, previewProbe, { ...target, prefix: 'preview-' }, folder);
  const servedServers = entries(served.json.servers);
  const servedJourneys = entries(served.json.signIn);
  const pick = (entry: Json | undefined, keys: readonly string[]): Json =>
    Object.fromEntries(Object.entries(entry ?? {}).filter(([key]) => keys.includes(key)));
  const rewritten = {
    ...without(block, ['_comment']),
    orgUrl: target.url,
    releaseNotesUrl: target.releaseNotesUrl,
    ...(isObject(block.servers) && {
      servers: Object.fromEntries(
        Object.entries(servers).map(([id, own]) => {
          if (!isObject(own)) return [id, own];
          const previewId = typeof own.authorizationServerId === 'string' ? own.authorizationServerId : id;
          const entry = servedServers.find((s) => s.id === previewId);
          const kept = without(own, [...SERVER_CREDENTIALS, ...DEPLOY_ONLY]);
          const apis = own.resources === undefined ? [] : ['resources'];
          return [id, { ...kept, ...pick(entry, [...SERVED_SERVER_FIELDS, ...apis]) }];
        }),
      ),
    }),
    ...(isObject(block.signIn) && {
      signIn: Object.fromEntries(
        Object.entries(signIn).map(([id, own]) => {
          if (!isObject(own)) return [id, own];
          const entry = servedJourneys.find((j) => j.id === id);
          return [
            id,
            {
              ...without(own, [...SIGN_IN_CREDENTIALS, ...DEPLOY_ONLY]),
              ...pick(entry, ['secretsFile', 'passkeyFile']),
            },
          ];
        }),
      ),
    }),
  };
  return { block: rewritten, files: served.files, notes: previewNotes(target), variables: served.variables };
}

/** What `sim --config` says of the Preview org it plays. */
const previewNotes = (target: { readonly url: string; readonly releaseNotesUrl: string }): string[] => [
  `preview: played by a second simulator at ${target.url}, the Preview org: its apps' and users' credentials are ` +
    "the simulator's (yours are never read), and a run against it never reaches your Preview org",
  `preview.releaseNotesUrl: served as the simulator's Preview release notes feed ${target.releaseNotesUrl}`,
];
