// The servers of a config: ids, clients, scopes, audiences, the authorize and management checks' settings,
// and the rules that differ between the Org authorization server and custom ones.
import {
  DEPLOYMENT_NAME_WORDS,
  grantAdvice,
  MANAGEMENT_PATHS,
  ORG_SERVER_ID,
  PREVIEW_SERVER,
  STATUS_SERVER,
  SYSTEM_LOG_SCOPE,
} from '../contract';
import type { AuthorizeConfig, ManagementApiConfig, ServerConfig } from '../types';
import { AUTHORIZE_SCHEMA, SERVER_SCHEMA } from './schema';
import { AUTH_METHOD_READ, credentialMethod, readCredential, SECRET_NAME_READ } from './credentials';
import { inventoryOf } from './inventory';
import { LATENCY_UNIT } from './latency';
import { PAGE_FOR_READ, pageForOf } from './page-for';
import { readResources } from './resources';
import {
  DISPLAY_NAME_READ,
  isObject,
  quoted,
  readLevel,
  typeName,
  type FieldTable,
  type Ctx,
  type Json,
  type Problems,
} from './readers';

export function readServers(raw: Json, ctx: Ctx, prefix: string): ServerConfig[] | undefined {
  const { problems } = ctx;
  const list = readServerList(raw, problems);
  if (list === undefined) return undefined;
  const servers: ServerConfig[] = [];
  const seen = new Map<string, number>();
  const seenConstructIds = new Map<string, number>();
  list.forEach((entry: unknown, index) => {
    const path = `servers[${index}]`;
    if (!isObject(entry)) {
      problems.add(path, `expected a server object, got ${typeName(entry)}`);
      return;
    }
    const server = readServer(entry, path, ctx, prefix);
    // The id is judged for uniqueness even when the server has other problems: every problem at once.
    const id = server?.id ?? (typeof entry.id === 'string' && /^[A-Za-z0-9_-]+$/.test(entry.id) ? entry.id : undefined);
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.add(`${path}.id`, `"${id}" is already used by servers[${first}]; each server id must be unique`);
      return;
    }
    seen.set(id, index);
    const reserved = RESERVED_SERVER_IDS.find((word) => id.toLowerCase() === word);
    if (reserved !== undefined) {
      problems.add(
        `${path}.id`,
        `"${id}" is reserved: the probe's own ${
          reserved === STATUS_SERVER ? 'status feed reports ' + 'under that name' : 'resources use it'
        }; ` + `name the server by its authorization server id`,
      );
      return;
    }
    // Resource names keep letters and digits only: "a-b" and "ab" would become one secret, one widget.
    const constructId = id.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
    const clash = seenConstructIds.get(constructId);
    if (clash !== undefined) {
      problems.add(
        `${path}.id`,
        `"${id}" and servers[${clash}].id differ only in "-" or "_" or case, and would share AWS resources; rename one`,
      );
      return;
    }
    seenConstructIds.set(constructId, index);
    if (server !== undefined) servers.push(server);
  });
  return servers;
}

/** The servers field as a list with at least one entry, or undefined with the problem said. */
function readServerList(raw: Json, problems: Problems): unknown[] | undefined {
  const list = raw.servers;
  if (list === undefined) {
    problems.add('servers', 'required: a list of authorization servers to probe, e.g. [{ "id": "org", ... }]');
    return undefined;
  }
  if (!Array.isArray(list)) {
    problems.add('servers', `expected an array of server objects, got ${typeName(list)}`);
    return undefined;
  }
  if (list.length === 0) {
    problems.add(
      'servers',
      'must list at least one server ("org" for the Org AS, or a custom AS id such as "default")',
    );
    return undefined;
  }
  return list;
}

/**
 * Server ids the probe's own names use: the status feed reports as "okta", and the stack names its alarms and
 * queue `<prefix>-dlq`, `<prefix>-function-errors`, `<prefix>-heartbeat`, ... beside `<prefix>-<server>-...`
 * (the words come from alarm-names.ts, so a new deployment alarm reserves its word), its functions
 * `<prefix>-probe` and `<prefix>-notifier`, and the Preview org's totals and alarms `<prefix>-preview-...`.
 */
export const RESERVED_SERVER_IDS: readonly string[] = [
  ...new Set([STATUS_SERVER, ...DEPLOYMENT_NAME_WORDS, 'probe', 'notifier', PREVIEW_SERVER]),
];

function readServer(entry: Json, path: string, ctx: Ctx, prefix: string): ServerConfig | undefined {
  const { problems } = ctx;
  const before = problems.list.length;
  const read = readLevel(entry, SERVER_SCHEMA, problems, { parent: path, fields: SERVER_READ });
  const { id, name, clientId, keyId, scopes, issuer, latencyWarnMs } = read;
  const isOrg = id === ORG_SERVER_ID;
  const audience = audienceOf(read.audience, entry, path, id, problems);
  const requiredClaims = requiredClaimsOf(read.requiredClaims ?? [], path, isOrg, problems);
  const authorize = readAuthorize(entry, `${path}.authorize`, problems);
  const managementApi = managementApiOf(read.managementApi, entry, path, isOrg, scopes ?? [], problems);
  const resources = id === undefined ? undefined : readResources(entry, `${path}.resources`, isOrg, problems);
  const credential = readCredential(entry, path, id ?? '<id>', ctx, prefix, read);
  const method = credential === undefined ? undefined : credentialMethod(credential);
  const systemLog = read.systemLog === true ? systemLogOf(path, isOrg, scopes ?? [], method, problems) : undefined;
  const inventory = read.inventory === true ? inventoryOf(path, isOrg, scopes ?? [], method, problems) : undefined;
  const pageFor = pageForOf(read.pageFor, path, problems, 'server');
  if (credential !== undefined && keyId !== undefined && credentialMethod(credential) !== 'private_key_jwt') {
    problems.add(`${path}.keyId`, 'only used with private_key_jwt (it is the kid of the client assertion); remove it');
  }

  if (
    problems.list.length > before ||
    id === undefined ||
    clientId === undefined ||
    scopes === undefined ||
    !credential
  ) {
    return undefined;
  }
  return {
    id,
    ...(name !== undefined ? { name } : {}),
    clientId,
    credential,
    ...(keyId !== undefined ? { keyId } : {}),
    scopes,
    ...(audience !== undefined ? { audience } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
    requiredClaims,
    ...(authorize !== undefined ? { authorize } : {}),
    ...(managementApi !== undefined ? { managementApi } : {}),
    ...(resources !== undefined ? { resources } : {}),
    ...(systemLog ? { systemLog } : {}),
    ...(inventory ? { inventory } : {}),
    ...(latencyWarnMs !== undefined ? { latencyWarnMs } : {}),
    ...(pageFor !== undefined ? { pageFor } : {}),
  };
}

/** The aud a custom server's tokens must carry: required there, refused for the Org AS (its tokens are opaque). */
function audienceOf(
  audience: string | undefined,
  entry: Json,
  path: string,
  id: string | undefined,
  problems: Problems,
): string | undefined {
  const isOrg = id === ORG_SERVER_ID;
  if (id !== undefined && isOrg && audience !== undefined) {
    problems.add(
      `${path}.audience`,
      'not allowed for the Org AS: its access tokens are opaque and meant for Okta only (they are checked by ' +
        'introspection); remove it',
    );
  }
  if (id !== undefined && !isOrg && entry.audience === undefined) {
    problems.add(`${path}.audience`, 'required for a custom server (the aud your API expects, e.g. api://default)');
  }
  return audience;
}

const ISSUER_ADVICE =
  'expected an https URL without a trailing slash, exactly as the iss claim reads, e.g. ' +
  '"https://login.acme.com/oauth2/default" (plain http only for 127.0.0.1, localhost or [::1])';

function requiredClaimsOf(
  requiredClaims: readonly string[],
  path: string,
  isOrg: boolean,
  problems: Problems,
): readonly string[] {
  if (isOrg && requiredClaims.length > 0) {
    problems.add(
      `${path}.requiredClaims`,
      'not allowed for the Org AS: its access tokens are opaque, so their claims cannot be checked; remove it',
    );
  }
  return requiredClaims;
}

/** The admin role the messages name for the System Log: the narrowest (functions/contract/admin-roles.ts). */
const SYSTEM_LOG_ROLES = grantAdvice(SYSTEM_LOG_SCOPE);

/**
 * `"systemLog": true` judged: Org AS only, with okta.logs.read among the scopes and private_key_jwt, the only
 * way a service app gets an Org-AS token. The admin role cannot be checked here: the message names it.
 */
function systemLogOf(
  parent: string,
  isOrg: boolean,
  scopes: readonly string[],
  method: string | undefined,
  problems: Problems,
): true | undefined {
  const path = `${parent}.systemLog`;
  const before = problems.list.length;
  if (!isOrg) {
    problems.add(
      path,
      'only for the Org AS (id "org"): the System Log is read with an Org-AS token and the scope ' +
        'okta.logs.read; move it to the "org" server',
    );
  } else {
    if (!scopes.includes(SYSTEM_LOG_SCOPE)) {
      problems.add(
        path,
        `needs the scope ${SYSTEM_LOG_SCOPE}: add it to scopes, grant it in Applications > Applications > ` +
          `[app] > Okta API Scopes, and give the app an admin role that can read the System Log (${SYSTEM_LOG_ROLES})`,
      );
    }
    if (method !== undefined && method !== 'private_key_jwt') {
      problems.add(
        path,
        `needs private_key_jwt: a service app reads the System Log only with an Org-AS token, which Okta ` +
          `issues for a key pair, never a client secret; use a key (privateKeyFile, privateKeyEnv or ` +
          `authMethod "private_key_jwt")`,
      );
    }
  }
  return problems.list.length > before ? undefined : true;
}

/** The object form of managementApi: `{ "path": "/api/v1/..." }`. */
const MANAGEMENT_CALL = SERVER_SCHEMA.managementApi.oneOf[1].properties;

/** `true` (the call the first okta.*.read scope allows) or `{ "path": "/api/v1/..." }`; Org AS only. */
function managementApiOf(
  form: boolean | Json | undefined,
  entry: Json,
  parent: string,
  isOrg: boolean,
  scopes: readonly string[],
  problems: Problems,
): ManagementApiConfig | undefined {
  const path = `${parent}.managementApi`;
  if (form === undefined || form === false) return undefined;
  if (!isOrg) {
    problems.add(
      path,
      'only for the Org AS (id "org"): custom-server tokens are for your APIs, not Okta\'s; remove it',
    );
    return undefined;
  }
  if (form === true) return callOfScopes(path, scopes, problems);
  const raw = entry.managementApi;
  return isObject(raw) ? readManagementCall(raw, path, scopes, problems) : undefined;
}

/** `true`: the read-only call the first okta.*.read scope allows. */
function callOfScopes(path: string, scopes: readonly string[], problems: Problems): ManagementApiConfig | undefined {
  const scope = scopes.find((s) => MANAGEMENT_PATHS[s] !== undefined);
  const known = MANAGEMENT_PATHS[scope ?? ''];
  if (known !== undefined) return { path: known };
  problems.add(
    path,
    `no read-only call is known for the scopes ${JSON.stringify(scopes)}: add one of ${Object.keys(MANAGEMENT_PATHS).join(', ')} ` +
      `to scopes (and grant it), or give { "path": "/api/v1/..." }`,
  );
  return undefined;
}

/** `{ "path": "/api/v1/..." }`: a GET the server's scopes cover. */
function readManagementCall(
  raw: Json,
  path: string,
  scopes: readonly string[],
  problems: Problems,
): ManagementApiConfig | undefined {
  const notAPath = (value: string): string =>
    `${quoted(value)} is not a path under /api/v1/ (write the path only, no host), e.g. "/api/v1/users?limit=1"`;
  // The declaration says under /api/v1/, in the characters a path and query of Okta's API use.
  const { path: apiPath } = readLevel(raw, MANAGEMENT_CALL, problems, {
    parent: path,
    fields: {
      path: {
        what: 'the path and query of a read-only GET under /api/v1/, e.g. "/api/v1/users?limit=1"',
        advice: notAPath,
      },
    },
  });
  if (apiPath === undefined) return undefined;
  const resource = /^\/api\/v1\/([A-Za-z]+)/.exec(apiPath)?.[1];
  const needed = Object.keys(MANAGEMENT_PATHS).find((scope) => scope === `okta.${resource}.read`);
  if (needed !== undefined && !scopes.includes(needed) && !scopes.includes(needed.replace(/\.read$/, '.manage'))) {
    problems.add(
      `${path}.path`,
      `${apiPath} needs the scope ${needed}, which this server does not request: add it to scopes (and grant ` +
        `it to the app)`,
    );
    return undefined;
  }
  return { path: apiPath };
}

/** What a scope the declared scope-token pattern refuses is told. */
export const scopeAdvice = (scope: string): string =>
  `${quoted(scope)} is not a valid scope (one scope per array entry, no spaces or quotes)`;

function readAuthorize(entry: Json, path: string, problems: Problems): AuthorizeConfig | undefined {
  const raw = entry.authorize;
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.add(
      path,
      `expected an object like { "redirectUri": "https://app.example.com/callback" }, got ${typeName(raw)}`,
    );
    return undefined;
  }
  const { clientId, redirectUri, scopes } = readLevel(raw, AUTHORIZE_SCHEMA, problems, {
    parent: path,
    fields: {
      clientId: {},
      redirectUri: {
        what: 'a Login redirect URI registered on the app (the probe never calls it, it only reads the redirect)',
        check: (value) =>
          URL.canParse(value)
            ? undefined
            : `${quoted(value)} is not an absolute URL; use a Login redirect URI registered on the app, e.g. ` +
              `https://app.example.com/callback`,
      },
      scopes: { advice: scopeAdvice },
    },
  });
  if (redirectUri === undefined) return undefined;
  return {
    ...(clientId !== undefined ? { clientId } : {}),
    redirectUri,
    ...(scopes !== undefined ? { scopes } : {}),
  };
}

/**
 * How a server's fields are read: the options of each, in the order its problems are said. Below the advice it names:
 * a table is read when the module loads.
 */
const SERVER_READ = {
  name: DISPLAY_NAME_READ,
  id: {
    what: '"org" for the Org AS, otherwise the custom AS id (e.g. "default" or "aus1a2b3c")',
    advice: () =>
      'use 1-64 letters, digits, "_" or "-": "org" for the Org AS, otherwise the custom AS id (e.g. "default" ' +
      'or "aus1a2b3c")',
  },
  // The app the probe authenticates as: its client id, its key's kid and the scopes it asks for.
  clientId: { what: 'the client id of the API Services app' },
  keyId: {},
  scopes: { what: 'a non-empty array of strings, e.g. ["okta.users.read"]', advice: scopeAdvice },
  audience: {},
  // Optional (no `what`): only orgs whose custom URL domain changes the iss need it. The declared pattern is the
  // whole rule: https, a host, no space, query or fragment, and no trailing slash, as an iss claim reads.
  issuer: { advice: () => ISSUER_ADVICE },
  requiredClaims: {},
  authorize: 'own',
  managementApi: { advice: () => 'like { "path": "/api/v1/users?limit=1" }' },
  // Read once the id says which server it is: a resource is a custom server's only.
  resources: 'own',
  authMethod: AUTH_METHOD_READ,
  secretName: SECRET_NAME_READ,
  // The local credential fields are read by the mode (credentials.ts): the CLI's one credential, a deploy config's
  // references, so a field the mode does not use is never judged.
  privateKeyFile: 'own',
  privateKeyEnv: 'own',
  clientSecretEnv: 'own',
  clientSecret: 'own',
  systemLog: {},
  inventory: {},
  latencyWarnMs: { unit: LATENCY_UNIT },
  pageFor: PAGE_FOR_READ,
} as const satisfies FieldTable<typeof SERVER_SCHEMA>;
