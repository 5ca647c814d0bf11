// `preview` in the configuration: the org's Preview org, which gets each Okta release about five days before
// Production (okta-developer-docs, release notes: "Preview: July 1, 2026, Prod: August 5, 2026" for a default-on
// feature; the weekly builds about five days apart). The Preview probe config is derived from Production's by one
// pure function (previewConfigFile), then parsed by the same parser, so the two orgs are asked the same things and
// their credentials are read alike; only what differs between the orgs is written in the block.
import { ORG_SERVER_ID } from '../contract';
import { didYouMean } from '../text/did-you-mean';
import { isObject, readLevel, typeName, type Json, type Problems } from './readers';
import {
  PREVIEW_DEFAULT_EVERY_MINUTES,
  PREVIEW_RELEASE_NOTES_URL,
  PREVIEW_SCHEMA,
  PREVIEW_SERVER_FIELDS,
  PREVIEW_SIGN_IN_FIELDS,
} from './preview-shape';

export type { PreviewConfig } from './preview-shape';

/** The block as written, each entry an object (read by readPreviewBlock). */
export interface PreviewBlock {
  readonly orgUrl: string;
  readonly everyMinutes: number;
  /** The Preview org's cell, as written (the derived config's oktaCell, parsed there). */
  readonly oktaCell?: string;
  readonly releaseNotesUrl: string | null;
  readonly servers: Readonly<Record<string, Json>>;
  readonly signIn: Readonly<Record<string, Json>>;
}

/** A server's credential fields: Production's never reach the Preview org, whose app is another app. */
const SERVER_CREDENTIALS = [
  'keyId',
  'privateKeyFile',
  'privateKeyEnv',
  'clientSecret',
  'clientSecretEnv',
  'secretName',
  'authMethod',
] as const;
/** A journey's user and secrets: Preview has its own synthetic user. */
const USER_SECRETS = ['passwordEnv', 'totpSecretEnv', 'clientSecretEnv', 'secretsFile', 'secretName', 'passkeyFile'];

/**
 * The fields of a Preview entry that are the Preview org's own copy of the same thing: never a divergence. A redirect
 * URI is registered on the Preview org's own app (PREVIEW_SIGN_IN_FIELDS: "a Sign-in redirect URI of that Preview
 * app"), which is often another host than Production's (a staging app): the same question asked of another app.
 */
const COUNTERPARTS: ReadonlySet<string> = new Set([
  '_comment',
  'clientId',
  'redirectUri',
  'authorizationServerId',
  'username',
  ...SERVER_CREDENTIALS,
  ...USER_SECRETS,
]);

/**
 * What the Preview org does not mirror: real users' sign-ins, provisioning and the SAML catalogue (Preview has no
 * real users; Okta suggests bookmark apps there), the deployment's own settings, Okta's status feed for
 * Production's cell, and the regions (Preview runs in the home region only).
 */
const NOT_MIRRORED = [
  'preview',
  'samlApps',
  'samlGroups',
  'userSignIns',
  'provisioning',
  'quorum',
  'statusPage',
  'metricStream',
  'alarmEndpoints',
  'chat',
  'localNotifications',
  'alarmEmails',
  'oktaCell',
  'regions',
  'vpc',
];

/**
 * Production's config file made the Preview org's: the block's org, only the entries it lists, each with Production's
 * checks and the block's own values for what differs between the orgs. Pure: the one place the two sides meet.
 */
export function previewConfigFile(production: Json, block: PreviewBlock): Json {
  const top = Object.fromEntries(Object.entries(production).filter(([key]) => !NOT_MIRRORED.includes(key)));
  const serverId = (id: string): string => {
    const own = block.servers[id]?.authorizationServerId;
    return typeof own === 'string' ? own : id;
  };
  const servers = entries(production.servers)
    .filter((server) => typeof server.id === 'string' && server.id in block.servers)
    .map((server) => previewServer(server, block.servers[server.id as string] ?? {}));
  const signIn = entries(production.signIn)
    .filter((journey) => typeof journey.id === 'string' && journey.id in block.signIn)
    .map((journey) => {
      const own = block.signIn[journey.id as string] ?? {};
      const { region: _home, ...kept } = journey;
      return {
        ...without(kept, USER_SECRETS),
        ...without(own, ['_comment']),
        server: typeof journey.server === 'string' ? serverId(journey.server) : journey.server,
      };
    });
  return {
    ...top,
    orgUrl: block.orgUrl,
    // Okta's one status feed (Production's statusPageUrl), read for the Preview cell; without the cell every open
    // incident anywhere would count against the Preview org, so the feed is then not read.
    ...(block.oktaCell === undefined ? { statusPageUrl: null } : { oktaCell: block.oktaCell }),
    servers,
    ...(signIn.length > 0 ? { signIn } : { signIn: [] }),
  };
}

/**
 * One server's Preview entry over Production's: its id the Preview org's, Production's credential, APIs and issuer
 * left. An issuer is Production's own as its client id is: a custom URL domain belongs to one org, and even an
 * issuer written on Production's Okta domain names Production's org, so the Preview org is checked for the issuer
 * derived from its own orgUrl unless its entry sets one.
 */
function previewServer(server: Json, own: Json): Json {
  const { authorizationServerId, authorize, _comment, ...rest } = own;
  // The inventory reads what will break next in the org it runs in: Preview's expiring tokens are not Production's.
  const { resources: _api, inventory: _inventory, issuer: _issuer, ...kept } = without(server, SERVER_CREDENTIALS);
  const ownAuthorize = isObject(authorize) ? authorize : {};
  return {
    ...kept,
    ...rest,
    ...(typeof authorizationServerId === 'string' && { id: authorizationServerId }),
    ...(isObject(server.authorize) && { authorize: { ...server.authorize, ...ownAuthorize } }),
  };
}

/**
 * By Production id: each server whose Production issuer is on a custom URL domain (its host not the Production
 * orgUrl's) and whose Preview entry sets no issuer of its own, with the issuer the Preview org is checked for instead
 * (derived from the Preview orgUrl, as the probe derives it). `init` and `plan` say so: a custom domain belongs to
 * one org, as a client id does.
 */
export function previewIssuers(
  block: PreviewBlock,
  production: Json,
): Record<string, { readonly production: string; readonly preview: string }> {
  const host = (url: unknown): string | undefined =>
    typeof url === 'string' && URL.canParse(url) ? new URL(url).host.toLowerCase() : undefined;
  const out: Record<string, { production: string; preview: string }> = {};
  for (const server of entries(production.servers)) {
    const id = server.id;
    if (typeof id !== 'string' || typeof server.issuer !== 'string') continue;
    const own = block.servers[id];
    if (own === undefined || own.issuer !== undefined || host(server.issuer) === host(production.orgUrl)) continue;
    const previewId = typeof own.authorizationServerId === 'string' ? own.authorizationServerId : id;
    const org = block.orgUrl.replace(/\/+$/, '');
    out[id] = {
      production: server.issuer,
      preview: id === ORG_SERVER_ID ? org : `${org}/oauth2/${encodeURIComponent(previewId)}`,
    };
  }
  return out;
}

/** The Preview parts of each target, by the id the Preview report gives it, paired with Production's. */
export function previewPairs(block: PreviewBlock): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const [id, own] of Object.entries(block.servers))
    pairs[typeof own.authorizationServerId === 'string' ? own.authorizationServerId : id] = id;
  for (const id of Object.keys(block.signIn)) pairs[id] = id;
  return pairs;
}

/**
 * The fields of each entry that ask the Preview org something else than Production is asked: a value of its own
 * where Production's entry has another (an issuer, a redirect URI, an API), never the org's own copy of the same
 * thing (its app, credential, server id or user).
 */
export function previewDivergences(block: PreviewBlock, production: Json): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  const written = (list: unknown, id: string): Json => entries(list).find((e) => e.id === id) ?? {};
  const lists = [
    ...Object.entries(block.servers).map(([id, own]) => [id, own, written(production.servers, id)] as const),
    ...Object.entries(block.signIn).map(([id, own]) => [id, own, written(production.signIn, id)] as const),
  ];
  for (const [id, own, theirs] of lists) {
    const fields = differing(own, theirs, '');
    if (fields.length > 0) out[id] = fields;
  }
  // A journey signs in through its server: what the server's Preview entry asks otherwise is asked of the journey too.
  for (const id of Object.keys(block.signIn)) {
    const server = written(production.signIn, id).server;
    const through = typeof server === 'string' && server !== id ? (out[server] ?? []) : [];
    if (through.length > 0) out[id] = [...(out[id] ?? []), ...through.map((field) => `servers.${server}.${field}`)];
  }
  return out;
}

/**
 * By Production id: the fields a Preview entry may set for its own org (PREVIEW_SERVER_FIELDS: an issuer) that it
 * leaves out while Production's entry sets them. Production's value is never used there (previewServer: a custom URL
 * domain's issuer belongs to one org): the Preview org is asked with the value derived from its own orgUrl, and a
 * failure about it is the Preview entry's own setup (set the Preview org's own), never Okta's next release. A journey
 * takes its server's.
 */
export function previewInherited(block: PreviewBlock, production: Json): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  const written = (list: unknown, id: string): Json => entries(list).find((e) => e.id === id) ?? {};
  for (const [id, own] of Object.entries(block.servers)) {
    const theirs = written(production.servers, id);
    const fields = Object.keys(PREVIEW_SERVER_FIELDS).filter(
      (key) => !COUNTERPARTS.has(key) && key !== 'authorize' && theirs[key] !== undefined && own[key] === undefined,
    );
    if (fields.length > 0) out[id] = fields;
  }
  for (const id of Object.keys(block.signIn)) {
    const server = written(production.signIn, id).server;
    const through = typeof server === 'string' && server !== id ? (out[server] ?? []) : [];
    if (through.length > 0) out[id] = [...(out[id] ?? []), ...through];
  }
  return out;
}

/** The fields of `own` whose value differs from Production's, an object's by its own fields. */
function differing(own: Json, theirs: Json, parent: string): string[] {
  return Object.entries(own).flatMap(([key, value]) => {
    if (COUNTERPARTS.has(key)) return [];
    const other = theirs[key];
    if (isObject(value)) return differing(value, isObject(other) ? other : {}, `${parent}${key}.`);
    return JSON.stringify(value) === JSON.stringify(other) ? [] : [`${parent}${key}`];
  });
}

/**
 * Reads `preview`'s own shape: its org, and each entry keyed by an id of Production's config and setting only what
 * may differ between the orgs. undefined when it is absent or refused (each problem added).
 */
export function readPreviewBlock(
  raw: Json,
  production: {
    readonly orgUrl: string | undefined;
    readonly servers: readonly string[];
    readonly signIn: readonly string[];
    /** Each journey's server, by the journey's id. */
    readonly journeyServers: Readonly<Record<string, string>>;
  },
  problems: Problems,
): PreviewBlock | undefined {
  const value = raw.preview;
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.add(
      'preview',
      `expected an object like { "orgUrl": "https://acme.oktapreview.com", "servers": { "org": { ... } } }, got ` +
        typeName(value),
    );
    return undefined;
  }
  const before = problems.list.length;
  const top = readLevel(value, PREVIEW_SCHEMA.properties, problems, {
    parent: 'preview',
    fields: {
      orgUrl: { what: 'the Preview org address, e.g. "https://acme.oktapreview.com"' },
      everyMinutes: { unit: "minutes between the Preview org's runs: its schedule's event lasts one, 6 hours at most" },
      oktaCell: { advice: previewCellAdvice },
      servers: 'own',
      signIn: 'own',
    },
  });
  checkNotProduction(top.orgUrl, production.orgUrl, problems);
  const servers = readEntries(value, 'servers', { known: production.servers, fields: PREVIEW_SERVER_FIELDS }, problems);
  const signIn = readEntries(value, 'signIn', { known: production.signIn, fields: PREVIEW_SIGN_IN_FIELDS }, problems);
  requireOwn(servers, 'servers', ['clientId'], problems);
  requireOwn(signIn, 'signIn', ['clientId', 'username'], problems);
  const misspelled = misspelledIds(value.servers, production.servers);
  checkJourneyServers(signIn, servers, production.journeyServers, misspelled, problems);
  if (Object.keys(servers).length + Object.keys(signIn).length === 0 && problems.list.length === before) {
    problems.add(
      'preview',
      'lists no server or sign-in journey: name each Production entry to mirror, by its id, in "servers" or ' +
        '"signIn" with the Preview org\'s own clientId and credentials',
    );
  }
  const releaseNotesUrl = readReleaseNotesUrl(top.releaseNotesUrl, problems);
  if (problems.list.length > before || top.orgUrl === undefined) return undefined;
  return {
    orgUrl: top.orgUrl,
    everyMinutes: top.everyMinutes ?? PREVIEW_DEFAULT_EVERY_MINUTES,
    ...(top.oktaCell !== undefined && { oktaCell: top.oktaCell }),
    releaseNotesUrl,
    servers,
    signIn,
  };
}

/** What a Preview cell that names no cell is told. */
const previewCellAdvice = (value: string): string =>
  'must name the Preview cell as its Admin Console\'s footer shows it, e.g. "OP1 Preview Cell (US)" or ' +
  `"OP1"; got ${JSON.stringify(value)}`;

/** Okta's Preview release notes feed, by default help.okta.com's; refused unless the CLI may read it. */
function readReleaseNotesUrl(written: string | null | undefined, problems: Problems): string | null {
  const url = written === undefined ? PREVIEW_RELEASE_NOTES_URL : written;
  if (url !== null && !callable(url))
    problems.add(
      'preview.releaseNotesUrl',
      `"${url}" must be an https address (http on 127.0.0.1 only, the simulator's), e.g. ` +
        `"${PREVIEW_RELEASE_NOTES_URL}", or null to never read it`,
    );
  return url;
}

/** An address the CLI may read: https, or the simulator's http on loopback. */
function callable(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || (protocol === 'http:' && (hostname === '127.0.0.1' || hostname === '[::1]'));
}

/** The Production ids a Preview list's keys misspell (each told at its key, with the id it means). */
function misspelledIds(written: unknown, known: readonly string[]): ReadonlySet<string> {
  if (!isObject(written)) return new Set();
  return new Set(
    Object.keys(written)
      .filter((key) => !known.includes(key))
      .flatMap((key) => didYouMean(key, known) ?? []),
  );
}

/** A mirrored journey signs in through its server in the Preview org: that server is mirrored too. */
function checkJourneyServers(
  signIn: Readonly<Record<string, Json>>,
  servers: Readonly<Record<string, Json>>,
  journeyServers: Readonly<Record<string, string>>,
  misspelled: ReadonlySet<string>,
  problems: Problems,
): void {
  for (const id of Object.keys(signIn)) {
    const server = journeyServers[id];
    // A server written under a misspelled id is already told (did you mean): its journey is its consequence.
    if (server === undefined || server in servers || misspelled.has(server)) continue;
    problems.add(
      `preview.signIn.${id}`,
      `signs in through the server "${server}", which preview.servers does not list: add "${server}" there with ` +
        "the Preview org's app and credential",
    );
  }
}

/** A Preview org that is the Production org would only probe Production twice. */
function checkNotProduction(orgUrl: string | undefined, production: string | undefined, problems: Problems): void {
  if (orgUrl === undefined || production === undefined || !sameOrg(orgUrl, production)) return;
  problems.add(
    'preview.orgUrl',
    `"${orgUrl}" is the Production org (orgUrl): name the Preview org, e.g. "https://acme.oktapreview.com"`,
  );
}

/** Two org addresses naming the same org: the same origin, whatever the case or a trailing slash. */
export function sameOrg(a: string, b: string): boolean {
  const origin = (url: string): string | undefined => (URL.canParse(url) ? new URL(url).origin : undefined);
  return origin(a) !== undefined && origin(a) === origin(b);
}

/** `preview.servers` or `preview.signIn`: each key an id of Production's list, each field one that may differ. */
function readEntries(
  block: Json,
  list: 'servers' | 'signIn',
  how: {
    readonly known: readonly string[];
    readonly fields: typeof PREVIEW_SERVER_FIELDS | typeof PREVIEW_SIGN_IN_FIELDS;
  },
  problems: Problems,
): Record<string, Json> {
  const value = block[list];
  if (value === undefined) return {};
  if (!isObject(value)) {
    problems.add(`preview.${list}`, `expected an object keyed by ${list}[].id, got ${typeName(value)}`);
    return {};
  }
  const out: Record<string, Json> = {};
  for (const [id, entry] of Object.entries(value)) {
    const path = `preview.${list}.${id}`;
    if (!how.known.includes(id)) {
      const hint = didYouMean(id, how.known);
      problems.add(
        path,
        `the Production config has no ${list}[] entry "${id}"${hint ? ` (did you mean ${hint}?)` : ''}: a Preview ` +
          `entry is keyed by the Production entry's id (${how.known.join(', ') || 'none'})`,
      );
      continue;
    }
    if (!isObject(entry)) {
      problems.add(path, `expected an object of what differs in the Preview org, got ${typeName(entry)}`);
      continue;
    }
    const unknown = (key: string): string | undefined => inheritedHint(key, Object.keys(how.fields));
    // authorize and resources are Production's own levels: the derived config's parse reads them.
    if (list === 'servers')
      readLevel(entry, PREVIEW_SERVER_FIELDS, problems, {
        parent: path,
        fields: { authorize: 'own', resources: 'own' },
        unknown,
      });
    else readLevel(entry, PREVIEW_SIGN_IN_FIELDS, problems, { parent: path, fields: {}, unknown });
    out[id] = entry;
  }
  return out;
}

/** A field a Preview entry may not set: Production's own, inherited so both orgs are asked the same. */
function inheritedHint(key: string, allowed: readonly string[]): string | undefined {
  if (didYouMean(key, allowed) !== undefined) return undefined;
  return (
    `may not differ from Production's: the Preview org is asked what Production is (checks, scopes, audience, ` +
    `claims, flow), so change it in the Production entry; a Preview entry sets only ` +
    allowed.filter((k) => !k.startsWith('_')).join(', ')
  );
}

/** The fields every entry of a list must set: an app and a user belong to one org. */
function requireOwn(entries: Record<string, Json>, list: string, fields: readonly string[], problems: Problems): void {
  for (const [id, entry] of Object.entries(entries)) {
    for (const field of fields) {
      if (entry[field] !== undefined) continue;
      problems.add(
        `preview.${list}.${id}.${field}`,
        `required: the Preview org's own ${field === 'username' ? 'synthetic user' : 'app'} (Production's ` +
          `belongs to Production's org)`,
      );
    }
  }
}

/**
 * A problem of the derived config told where it is written: servers[i] and signIn[i] as the Preview entry of that
 * id, anything else as inherited from Production's field.
 */
export function previewProblem(problem: string, derived: Json, pairs: Readonly<Record<string, string>>): string {
  const at = /^(servers|signIn)\[(\d+)\](\.[^:]*)?: /.exec(problem);
  if (at !== null) {
    const list = at[1] as 'servers' | 'signIn';
    const id = String(entries(derived[list])[Number(at[2])]?.id);
    return `preview.${list}.${pairs[id] ?? id}${at[3] ?? ''}: ${problem.slice(at[0].length)}`;
  }
  if (problem.startsWith('orgUrl: ')) return `preview.${problem}`;
  const colon = problem.indexOf(': ');
  return colon > 0 ? `preview (from Production's ${problem.slice(0, colon)}): ${problem.slice(colon + 2)}` : problem;
}

function entries(list: unknown): Json[] {
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function without(obj: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(obj).filter(([key]) => !keys.includes(key)));
}
