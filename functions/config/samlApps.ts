// The `samlApps` list: SAML apps whose assertion a synthetic user's session gets from Okta, judged as the
// service provider would. Each names the signIn journey whose session it uses: that journey's one password attempt
// opens the session, and the app's SSO URL is fetched inside it. Field names are a contract (tests outside write them).
import type { SamlAppConfig } from '../types';
import { constructId, entryIdRead, readEntryList } from './list-entries';
import { DISPLAY_NAME_READ, isObject, readLevel, type Ctx, type FieldTable, type Json, type Problems } from './readers';
import { SAML_APP_SCHEMA } from './schema';
import { defaultSamlGroupId, sessionJourney, writtenJourneys } from './samlGroups';

/** Name ID formats of SAML 2.0 core 8.3 (and 1.1's, which Okta offers), for the hint on a typo. */
const NAME_ID_FORMATS = [
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
];

export function readSamlApps(
  raw: Json,
  ctx: Ctx,
  orgUrl: string | undefined,
  taken: Map<string, string> = takenIds(raw),
): SamlAppConfig[] {
  const flows = writtenJourneys(raw);
  const groups = groupsOf(raw);
  return readEntryList(raw, 'samlApps', ctx.problems, {
    noun: 'SAML app',
    example:
      '[{ "id": "salesforce", "signIn": "portal", "ssoUrl": ..., "metadataUrl": ..., "audience": ..., ' +
      '"recipient": ... }]',
    taken,
    read: (entry, path) => readSamlApp(entry, path, ctx, flows, groups, orgUrl),
  });
}

/** The groups as written, by id, with their journey: an app names one of them, of its own journey. */
function groupsOf(raw: Json): Map<string, unknown> {
  const list: unknown = raw.samlGroups;
  return new Map(
    Array.isArray(list)
      ? list.flatMap((g: unknown) => (isObject(g) && typeof g.id === 'string' ? [[g.id, g.signIn] as const] : []))
      : [],
  );
}

/** The servers' and the journeys' ids as written: a SAML app's id must differ from every one of them. */
export function takenIds(raw: Json): Map<string, string> {
  const taken = new Map<string, string>();
  for (const key of ['servers', 'signIn'] as const) {
    const list: unknown = raw[key];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i) => {
      if (isObject(entry) && typeof entry.id === 'string') taken.set(constructId(entry.id), `${key}[${i}].id`);
    });
  }
  return taken;
}

function readSamlApp(
  entry: Json,
  path: string,
  ctx: Ctx,
  flows: ReadonlyMap<string, unknown>,
  groups: ReadonlyMap<string, unknown>,
  orgUrl: string | undefined,
): SamlAppConfig | undefined {
  const { problems } = ctx;
  const read = readLevel(entry, SAML_APP_SCHEMA, problems, { parent: path, fields: samlAppRead(entry, flows, orgUrl) });
  const { id, name, signIn, ssoUrl, metadataUrl, audience, acsUrl, recipient, destination, nameIdFormat } = read;
  sameApp(ssoUrl, metadataUrl, path, problems);
  const group = groupOf(read, entry, path, problems, groups);
  if (
    id === undefined ||
    signIn === undefined ||
    ssoUrl === undefined ||
    metadataUrl === undefined ||
    audience === undefined ||
    recipient === undefined ||
    group === null
  )
    return undefined;
  return {
    id,
    ...(name !== undefined && { name }),
    signIn,
    ssoUrl,
    metadataUrl,
    audience,
    recipient,
    ...(destination !== undefined && { destination }),
    ...(acsUrl !== undefined && { acsUrl }),
    requiredAttributes: read.requiredAttributes ?? [],
    ...(nameIdFormat !== undefined && { nameIdFormat }),
    ...(group !== undefined && { group }),
  };
}

type SamlAppTable = FieldTable<typeof SAML_APP_SCHEMA>;

/** How an app's fields are read: the options of each, in the order its problems are said. */
function samlAppRead(entry: Json, flows: ReadonlyMap<string, unknown>, orgUrl: string | undefined) {
  return {
    id: entryIdRead('SAML app (e.g. "salesforce")'),
    signIn: sessionJourney(flows, 'the id of the signIn[] journey whose user opens the Okta session'),
    ...orgUrlsRead(orgUrl),
    ...serviceProviderRead(entry),
    requiredAttributes: {},
    nameIdFormat: {
      check: (value) =>
        value.startsWith('urn:oasis:names:tc:SAML:')
          ? undefined
          : `"${value}" is not a SAML Name ID format; use one of ${NAME_ID_FORMATS.map((f) => `"${f}"`).join(', ')}`,
    },
    ownAlarm: {},
    group: {},
    name: DISPLAY_NAME_READ,
  } satisfies SamlAppTable;
}

/** The app's two URLs on the org, its SSO URL and its metadata URL, each as Okta's admin console shows it. */
function orgUrlsRead(orgUrl: string | undefined): Pick<SamlAppTable, 'ssoUrl' | 'metadataUrl'> {
  return {
    ssoUrl: {
      what:
        "the app's Identity Provider Single Sign-On URL (Sign On tab > View SAML setup instructions), e.g. " +
        '"https://acme.okta.com/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml"',
      check: onOrg(orgUrl, {
        what: 'Identity Provider Single Sign-On URL',
        suffix: /^\/app\/[^/]+\/[^/]+\/sso\/saml$/,
        example: 'it looks like https://<org>/app/<app name>/<app id>/sso/saml',
      }),
    },
    metadataUrl: {
      what:
        "the app's Metadata URL (Sign On tab, under SAML 2.0), e.g. " +
        '"https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"',
      check: onOrg(orgUrl, {
        what: 'Metadata URL',
        suffix: /^\/app\/[^/]+\/sso\/saml\/metadata$/,
        example: 'it looks like https://<org>/app/<app id>/sso/saml/metadata',
      }),
    },
  };
}

/** The service provider's side: its entity ID, and where the browser posts the assertion. */
function serviceProviderRead(entry: Json): Pick<SamlAppTable, 'audience' | 'acsUrl' | 'recipient' | 'destination'> {
  const acsUrlProblem = (value: string): string | undefined =>
    absolute("the SP's ACS URL, where the browser posts the assertion")(value) ?? inClear(value, 'acsUrl');
  return {
    audience: {
      what:
        'the SP\'s entity ID, as the app\'s "Audience URI (SP Entity ID)" must be, e.g. ' +
        '"https://saml.salesforce.com"',
    },
    // The declaration says https:// (lower case, as a browser's form action is written); the reader says why.
    acsUrl: {
      advice: (value) => acsUrlProblem(value) ?? `must begin with "https://", got "${value}"`,
      check: acsUrlProblem,
    },
    recipient: {
      what:
        'the SP\'s Assertion Consumer Service URL, as the app\'s "Single sign-on URL" (Recipient and ' +
        'Destination) must be',
      // Without acsUrl, recipient is also where the form posts the assertion: https, as the form's action must be.
      check: (value) =>
        absolute("the SP's ACS URL")(value) ?? (entry.acsUrl === undefined ? inClear(value, 'recipient') : undefined),
    },
    // Okta keeps Recipient and Destination apart (SamlApplicationSettingsSignOn: recipient, destination).
    destination: { check: absolute('the Destination the SP expects (its ACS URL)') },
  };
}

/** Whether the app's SSO URL and its metadata URL name the same app. */
function sameApp(ssoUrl: string | undefined, metadataUrl: string | undefined, path: string, problems: Problems): void {
  if (ssoUrl !== undefined && metadataUrl !== undefined && URL.canParse(ssoUrl) && URL.canParse(metadataUrl)) {
    const appOf = (url: string, at: number): string | undefined => new URL(url).pathname.split('/')[at];
    const [ssoApp, metadataApp] = [appOf(ssoUrl, 3), appOf(metadataUrl, 2)];
    if (ssoApp !== undefined && metadataApp !== undefined && /\/sso\/saml$/.test(ssoUrl) && ssoApp !== metadataApp) {
      problems.add(
        `${path}.metadataUrl`,
        `names app "${metadataApp}" but ssoUrl names app "${ssoApp}": copy both from the same app's Sign On tab`,
      );
    }
  }
}

/** The check of a URL the probe fetches with the session: absolute, on the org, and (given) of the expected path. */
function onOrg(
  orgUrl: string | undefined,
  { what, suffix, example }: { what: string; suffix: RegExp; example: string },
): (value: string) => string | undefined {
  return (value) => {
    if (!URL.canParse(value))
      return (
        `"${value}" is not an absolute URL; copy the app's ${what} from Applications > Applications > [app] ` +
        `> Sign On`
      );
    const url = new URL(value);
    // The org's scheme: orgUrl is https but for a loopback simulator (its own rule).
    const org = orgUrl === undefined ? undefined : new URL(orgUrl);
    if (url.protocol !== (org?.protocol ?? 'https:')) return `must use https, got "${value}"`;
    if (org !== undefined && url.origin !== org.origin)
      return (
        `must be on the org (${org.origin}): the journey's session belongs to it, and the probe sends ` +
        `nothing elsewhere; got "${url.origin}"`
      );
    if (!suffix.test(url.pathname)) return `"${value}" is not the app's ${what} (${example})`;
    return undefined;
  };
}

function absolute(what: string): (value: string) => string | undefined {
  return (value) =>
    URL.canParse(value)
      ? undefined
      : `"${value}" is not an absolute URL; use ${what}, e.g. "https://acme.my.salesforce.com/"`;
}

/** The URL the form posts every user's assertion to must be https: over http anyone on the path reads it. */
function inClear(value: string, field: string): string | undefined {
  if (new URL(value).protocol === 'https:') return undefined;
  const more =
    field === 'recipient' ? "; if the SP's ACS URL really differs from the Recipient it expects, set acsUrl to it" : '';
  return (
    `"${value}" is not https: Okta would post every user's assertion to it in clear, and the probe reports ` +
    `such a form as SAML_ACS_URL_MISMATCH; use the SP's https ACS URL${more}`
  );
}

/**
 * The group an app is counted in: the one it names, of its own journey, else its journey's default group;
 * undefined with `ownAlarm: true` (its own alarms, the exception); null when either field has a problem.
 */
function groupOf(
  read: { readonly ownAlarm?: boolean; readonly group?: string; readonly signIn?: string },
  entry: Json,
  path: string,
  problems: Problems,
  groups: ReadonlyMap<string, unknown>,
): string | undefined | null {
  const { ownAlarm: own, group: named, signIn } = read;
  if (own === undefined && entry.ownAlarm !== undefined) return null;
  if (entry.group !== undefined && named === undefined) return null;
  const problem = named === undefined ? undefined : groupProblem(named, own, signIn, groups);
  if (problem !== undefined) {
    problems.add(`${path}.group`, problem);
    return null;
  }
  if (own === true) return undefined;
  return named ?? (signIn === undefined ? null : defaultSamlGroupId(signIn));
}

/** A named group that is not one of the app's journey, or beside ownAlarm. */
function groupProblem(
  value: string,
  own: boolean | undefined,
  signIn: string | undefined,
  groups: ReadonlyMap<string, unknown>,
): string | undefined {
  if (own === true)
    return 'an app with "ownAlarm": true has alarms of its own and is counted in no group; remove one of the two';
  const journey = groups.get(value);
  if (journey === undefined)
    return signIn !== undefined && value === defaultSamlGroupId(signIn)
      ? undefined
      : `"${value}" is not the id of any samlGroups[] entry${groups.size > 0 ? `; use one of ${[...groups.keys()].map((g) => `"${g}"`).join(', ')}` : ''}, ` +
          `or leave "group" out for the journey's default group "${defaultSamlGroupId(signIn ?? '<signIn>')}"`;
  return signIn === undefined || journey === signIn
    ? undefined
    : `the group "${value}" is judged in the sessions of journey "${String(journey)}", and this app in ` +
        `those of "${signIn}": name a group of journey "${signIn}"`;
}
