// The `samlGroups` list: groups of SAML apps judged in one journey's sessions and counted together, so that
// a catalogue of a thousand apps has the alarms and metrics of one. A group's apps are the samlApps that name it and,
// with `discover`, the apps the Management API lists (read-only, the "org" server's credential). Each journey whose
// listed apps name no group and have no ownAlarm gets its default group, "<signIn>-saml". Field names are a contract.
import { SAML_GROUP } from '../contract';
import type { SamlAppConfig, SamlDiscovery, SamlGroupConfig, ServerConfig, SignInConfig } from '../types';
import { constructId, entryIdRead, readEntryList } from './list-entries';
import {
  DISPLAY_NAME_READ,
  isObject,
  readLevel,
  typeName,
  type Ctx,
  type FieldOptions,
  type Json,
  type Problems,
} from './readers';
import { SAML_GROUP_SCHEMA } from './schema';

const [, BY_LABEL, BY_OKTA_GROUP] = SAML_GROUP_SCHEMA.discover.oneOf;
/** The fields of discover's object forms: one of them, never both. */
const DISCOVER_FIELDS = { ...BY_LABEL.properties, ...BY_OKTA_GROUP.properties };

/** The id of a journey's default group of SAML apps: its listed apps without a group or ownAlarm are counted there. */
export const defaultSamlGroupId = (signIn: string): string => `${signIn}-saml`;

/** The scopes a discovery asks of the "org" server's credential, by how it finds apps. */
export const DISCOVERY_SCOPES: Readonly<Record<SamlDiscovery['kind'], readonly string[]>> = {
  assigned: ['okta.apps.read', 'okta.users.read'],
  labelPrefix: ['okta.apps.read'],
  oktaGroupId: ['okta.apps.read', 'okta.groups.read'],
};

/** The groups as written, each checked; `taken` holds every id read before (servers, journeys, apps). */
export function readSamlGroups(
  raw: Json,
  ctx: Ctx,
  signIn: readonly SignInConfig[],
  servers: readonly ServerConfig[] | undefined,
  taken: Map<string, string>,
): SamlGroupConfig[] {
  // An "org" entry that is written but invalid (a clientID typo) has problems of its own: asking to add one misleads.
  const written: unknown = raw.servers;
  const orgWritten =
    Array.isArray(written) && written.some((s) => typeof s === 'object' && s !== null && (s as Json).id === 'org');
  return readEntryList(raw, 'samlGroups', ctx.problems, {
    noun: 'SAML app group',
    example: '[{ "id": "portal-saml", "signIn": "portal", "discover": "assigned" }]',
    taken,
    read: (entry, path) =>
      readGroup(entry, path, ctx.problems, { valid: signIn, written: writtenJourneys(raw) }, servers, orgWritten),
  });
}

function readGroup(
  entry: Json,
  path: string,
  problems: Problems,
  journeys: { readonly valid: readonly SignInConfig[]; readonly written: ReadonlyMap<string, unknown> },
  servers: readonly ServerConfig[] | undefined,
  orgWritten: boolean,
): SamlGroupConfig | undefined {
  const read = readLevel(entry, SAML_GROUP_SCHEMA, problems, {
    parent: path,
    fields: {
      id: entryIdRead('group of SAML apps (e.g. "portal-saml")'),
      signIn: sessionJourney(journeys.written, 'the id of the signIn[] journey whose sessions get the assertions'),
      everyMinutes: { unit: 'minutes' },
      concurrency: { unit: 'apps at once' },
      // "assigned", or an object of its own fields: read by its reader.
      discover: 'own',
      name: DISPLAY_NAME_READ,
    },
  });
  const { id, name, signIn } = read;
  const everyMinutes = read.everyMinutes ?? SAML_GROUP.everyMinutes;
  const journey = journeys.valid.find((j) => j.id === signIn);
  if (journey !== undefined && everyMinutes < journey.everyMinutes) {
    problems.add(
      `${path}.everyMinutes`,
      `${everyMinutes} is shorter than the journey's own cadence (signIn "${journey.id}" runs every ${journey.everyMinutes} ` +
        `min): apps are checked only in its sessions; use at least ${journey.everyMinutes}`,
    );
  }
  const concurrency = read.concurrency ?? SAML_GROUP.concurrency;
  const discover = readDiscovery(entry, path, problems, servers, orgWritten);
  if (id === undefined || signIn === undefined) return undefined;
  return {
    id,
    ...(name !== undefined && { name }),
    signIn,
    everyMinutes,
    concurrency,
    ...(discover !== undefined && { discover }),
  };
}

/**
 * The journeys as written, by id, with their flow: a journey with a problem of its own (a variable not set, a redirect
 * URI refused) is still the one a SAML app or group names, and its problem is told once, at the journey.
 */
export function writtenJourneys(raw: Json): Map<string, unknown> {
  const list: unknown = raw.signIn;
  return new Map(
    Array.isArray(list)
      ? list.flatMap((j: unknown) => (isObject(j) && typeof j.id === 'string' ? [[j.id, j.flow] as const] : []))
      : [],
  );
}

/** The journey whose sessions a SAML app or group uses (`what`): one of signIn[], one that opens an Okta session. */
export function sessionJourney(flows: ReadonlyMap<string, unknown>, what: string): FieldOptions {
  const listed = [...flows.entries()]
    .filter(([, flow]) => flow !== 'direct')
    .map(([j]) => `"${j}"`)
    .join(', ');
  return {
    what: `${what} (${listed || 'add a signIn journey with ' + 'flow "authn" or "idx" first'})`,
    check: (value) => {
      if (!flows.has(value))
        return `"${value}" is not the id of any signIn[] entry${
          listed === '' ? '; add a signIn journey with ' + 'flow "authn" or "idx"' : `; use one of ${listed}`
        }`;
      return flows.get(value) === 'direct'
        ? `"${value}" is a "direct" journey: Direct Authentication answers tokens and opens no Okta session, ` +
            `so no SAML app can be signed in to with it; name a journey with flow "authn" or "idx"`
        : undefined;
    },
  };
}

function readDiscovery(
  entry: Json,
  path: string,
  problems: Problems,
  servers: readonly ServerConfig[] | undefined,
  orgWritten: boolean,
): SamlDiscovery | undefined {
  const value = entry.discover;
  const at = `${path}.discover`;
  if (value === undefined) return undefined;
  const discover = discoveryOf(value, at, problems);
  if (discover === undefined) return undefined;
  return withOrgCredential(discover, at, { servers, orgWritten }, problems);
}

/** What the discover field asks for: "assigned", or apps by label prefix or by Okta group. */
function discoveryOf(value: unknown, at: string, problems: Problems): SamlDiscovery | undefined {
  if (value === 'assigned') return { kind: 'assigned' };
  if (isObject(value)) {
    const before = problems.list.length;
    const { labelPrefix, oktaGroupId } = readLevel(value, DISCOVER_FIELDS, problems, {
      parent: at,
      fields: {
        labelPrefix: {},
        oktaGroupId: {
          advice: (id) =>
            `"${id}" is not an Okta group id (00g...); copy it from Directory > Groups > [group] (the address ` +
            `ends with it)`,
        },
      },
    });
    const keys = Object.keys(value).filter((k) => k === 'labelPrefix' || k === 'oktaGroupId');
    if (keys.length !== 1) problems.add(at, 'give exactly one of "labelPrefix" or "oktaGroupId"');
    if (problems.list.length > before) return undefined;
    return labelPrefix !== undefined
      ? { kind: 'labelPrefix', labelPrefix }
      : oktaGroupId !== undefined
        ? { kind: 'oktaGroupId', oktaGroupId }
        : undefined;
  }
  problems.add(
    at,
    `expected "assigned", { "labelPrefix": "..." } or { "oktaGroupId": "00g..." }, got ${typeName(value)}${typeof value === 'string' ? ` "${value}"` : ''}`,
  );
  return undefined;
}

/** A discovery lists apps with the "org" server's credential: it must exist, hold the scopes and sign its tokens. */
function withOrgCredential(
  discover: SamlDiscovery,
  at: string,
  { servers, orgWritten }: { servers: readonly ServerConfig[] | undefined; orgWritten: boolean },
  problems: Problems,
): SamlDiscovery | undefined {
  // Read-only Management API calls with the Org AS's credential, as the inventory reads: private_key_jwt only.
  const orgIndex = (servers ?? []).findIndex((s) => s.id === 'org');
  const org = servers?.[orgIndex];
  const scopes = DISCOVERY_SCOPES[discover.kind];
  if (org === undefined) {
    // Written but refused: the config fails on that entry's own problem, named there.
    if (orgWritten) return discover;
    if (servers !== undefined)
      problems.add(
        at,
        `lists apps through the Management API with the "org" server's credential: add a servers[] entry ` +
          `with id "org" (private_key_jwt) and scopes ${scopes.map((s) => `"${s}"`).join(', ')}`,
      );
    return undefined;
  }
  const missing = scopes.filter((scope) => !org.scopes.includes(scope));
  if (missing.length > 0) {
    problems.add(
      at,
      `lists apps through the Management API with the "org" server's token: add ${missing.map((s) => `"${s}"`).join(' and ')} ` +
        `to servers[${orgIndex}].scopes, and grant ${missing.length === 1 ? 'it' : 'them'} to its app (Okta ` +
        `API Scopes tab)`,
    );
  }
  if (
    org.credential.kind === 'secrets_manager'
      ? org.credential.secretKind !== 'private_key_jwt'
      : org.credential.kind !== 'private_key_jwt'
  ) {
    problems.add(
      at,
      `the "org" server (servers[${orgIndex}]) must use private_key_jwt: Okta's Management API takes no ` +
        `client secret for a service app's token`,
    );
  }
  return missing.length > 0 ? undefined : discover;
}

/**
 * Every group of the config: those written, then each journey's default group for its listed apps that name none
 * (and have no ownAlarm). A default group's id must be free like any other.
 */
export function withDefaultGroups(
  groups: readonly SamlGroupConfig[],
  apps: readonly SamlAppConfig[],
  taken: Map<string, string>,
  problems: Problems,
): SamlGroupConfig[] {
  const all = [...groups];
  apps.forEach((app, index) => {
    if (app.group === undefined || all.some((g) => g.id === app.group)) return;
    const id = defaultSamlGroupId(app.signIn);
    if (app.group !== id) return;
    const clash = taken.get(constructId(id));
    if (clash !== undefined) {
      problems.add(
        `samlApps[${index}].group`,
        `the journey's default group "${id}" clashes with ${clash}; name a samlGroups[] entry in "group", or ` +
          `rename ${clash}`,
      );
      return;
    }
    taken.set(constructId(id), `the default group of samlApps[${index}]`);
    all.push({ id, signIn: app.signIn, everyMinutes: SAML_GROUP.everyMinutes, concurrency: SAML_GROUP.concurrency });
  });
  return all;
}
