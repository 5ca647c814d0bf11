// Whom an alarm, a dashboard row or a notification speaks for, in words: an authorization server, a synthetic
// user's sign-in journey (signIn), or Okta's status feed. A journey is not a server: its page names the
// user, the app and the server it signs in through, so the on-call person looks at the right screen of the Admin
// Console.
//
// The username is shown masked (s***@acme.example): enough to tell two synthetic users apart and to find the
// account under Directory > People, while the whole login, which is an account name an attacker could try
// passwords against (and lock out: a page each time), stays out of e-mail, chat and the template. The password,
// the TOTP secret and the client secret are never within reach of this module: it reads only SignInConfig's
// public fields.
import { STATUS_SERVER } from '../contract';
import type { ProbeConfig, SamlAppConfig, SamlDiscovery, SamlGroupConfig, SignInConfig } from '../types';
import type { CheckRow } from './check-row';

/** What each kind of target is called, by its registry rows' `target`: every label reads it. */
export const TARGET_NOUNS = {
  server: 'authorization server',
  journey: 'sign-in journey',
  saml: 'SAML app',
  'saml-group': 'SAML app group',
  feed: 'status feed',
} as const satisfies Readonly<Record<CheckRow['target'], string>>;

/**
 * A target that is not a server: its alarm's description opens with its subject (journeySubject, samlSubject,
 * samlGroupSubject).
 */
export type SubjectKind = 'journey' | 'saml' | 'saml-group';

/** "synthetic.user@acme.example" -> "s***@acme.example"; "jdoe" -> "j***". */
export function maskedUsername(username: string): string {
  const plain = username.replace(/\s+/g, '');
  const at = plain.lastIndexOf('@');
  const local = at > 0 ? plain.slice(0, at) : plain;
  return `${local.slice(0, 1)}***${at > 0 ? plain.slice(at) : ''}`;
}

type JourneyFields = Pick<SignInConfig, 'id' | 'name' | 'username' | 'clientId' | 'server'>;

/** A target's noun as a sentence starts it: `Sign-in journey`, `SAML app`. */
const opening = (kind: keyof typeof TARGET_NOUNS): string =>
  `${TARGET_NOUNS[kind].charAt(0).toUpperCase()}${TARGET_NOUNS[kind].slice(1)}`;

/**
 * `Sign-in journey "portal"`, `SAML app "salesforce" (Salesforce)`: a target named by its kind, and its display name.
 */
export const namedTarget = (kind: SubjectKind, id: string, name?: string): string =>
  `${opening(kind)} "${id}"${called(name)}`;

/** ` (Payments API)` after an id, when the config gives it a display name ("name"); nothing otherwise. */
const called = (name: string | undefined): string => (name === undefined ? '' : ` (${name})`);

/**
 * The display name's place in a subject read back from a description: the config refuses quotes, parentheses and line
 * breaks in it.
 */
const CALLED = String.raw`(?: \((?:[^"()\n]|\([^"()\n]*\)){1,60}\))?`;

/** `Sign-in journey "portal": synthetic user s***@acme.example at app 0oa... through server default`. */
export function journeySubject(signIn: JourneyFields): string {
  return (
    `${namedTarget('journey', signIn.id, signIn.name)}: synthetic user ${maskedUsername(signIn.username)} at ` +
    `app ${signIn.clientId} through server ${signIn.server}`
  );
}

/** `SAML app "salesforce": assertion for SP https://saml.salesforce.com, in the session of journey "portal"`. */
export function samlSubject(app: Pick<SamlAppConfig, 'id' | 'name' | 'audience' | 'signIn'>): string {
  return `${namedTarget('saml', app.id, app.name)}: assertion for SP ${app.audience}, in the session of journey "${app.signIn}"`;
}

/** How a group finds its apps, in words: `every active SAML app assigned to its user`. */
function discoveryWords(discover: SamlDiscovery | undefined): string {
  if (discover === undefined) return 'its listed apps';
  switch (discover.kind) {
    case 'assigned':
      return 'every active SAML app assigned to its user';
    case 'labelPrefix':
      return `every active SAML app labelled "${discover.labelPrefix}..."`;
    case 'oktaGroupId':
      return `every active SAML app of Okta group ${discover.oktaGroupId}`;
  }
}

/** `SAML app group "portal-saml": every active SAML app assigned to its user, in the sessions of journey "portal"`. */
export function samlGroupSubject(group: Pick<SamlGroupConfig, 'id' | 'name' | 'signIn' | 'discover'>): string {
  return (
    `${namedTarget('saml-group', group.id, group.name)}: ${discoveryWords(group.discover)}, in the sessions of ` +
    `journey "${group.signIn}"`
  );
}

/** The subject of a composite alarm's description (and of the page or warning it sends): whom the alarm is about. */
export function targetSubject(
  probe: Pick<ProbeConfig, 'orgUrl' | 'signIn' | 'samlApps' | 'samlGroups'> & {
    readonly servers?: ProbeConfig['servers'];
  },
  id: string,
): string {
  if (id === STATUS_SERVER) return "Okta's status feed";
  const signIn = probe.signIn?.find((s) => s.id === id);
  if (signIn !== undefined) return journeySubject(signIn);
  const group = probe.samlGroups?.find((g) => g.id === id);
  if (group !== undefined) return samlGroupSubject(group);
  const app = probe.samlApps?.find((s) => s.id === id);
  return app !== undefined
    ? samlSubject(app)
    : `Authorization server "${id}"${called(probe.servers?.find((s) => s.id === id)?.name)} of ${probe.orgUrl}`;
}

/**
 * A short label for a row of graphs: `default`, `portal (sign-in journey)`, `salesforce (SAML app)`, `portal-saml
 * (SAML app group)`.
 */
export function targetLabel(
  probe: Pick<ProbeConfig, 'signIn' | 'samlApps' | 'samlGroups'> & { readonly servers?: ProbeConfig['servers'] },
  id: string,
): string {
  const group = probe.samlGroups?.find((g) => g.id === id);
  const app = probe.samlApps?.find((s) => s.id === id);
  const journey = probe.signIn?.find((s) => s.id === id);
  const [kind, name] =
    group !== undefined
      ? [TARGET_NOUNS['saml-group'], group.name]
      : app !== undefined
        ? [TARGET_NOUNS.saml, app.name]
        : journey !== undefined
          ? [TARGET_NOUNS.journey, journey.name]
          : [undefined, probe.servers?.find((s) => s.id === id)?.name];
  // With a display name, people's words first and the id beside it: "Payments API (aus1payments2b3c)".
  if (name !== undefined) return `${name} (${id}${kind === undefined ? '' : `, ${kind}`})`;
  return kind === undefined ? id : `${id} (${kind})`;
}

/**
 * A journey's or SAML app's subject read back from the start of its alarm's description (the notifier has only the
 * alarm event).
 */
export function subjectOfDescription(
  description: string | undefined,
): { readonly kind: SubjectKind; readonly id: string; readonly subject: string } | null {
  const journey = new RegExp(
    String.raw`^Sign-in journey "([A-Za-z0-9_-]{1,64})"${CALLED}: synthetic user \S+ at app \S+ through server [A-Za-z0-9_-]{1,64}\b`,
  ).exec(description ?? '');
  if (journey !== null) return { kind: 'journey', id: journey[1] ?? '', subject: journey[0] };
  const app = new RegExp(
    String.raw`^SAML app "([A-Za-z0-9_-]{1,64})"${CALLED}: assertion for SP \S+, in the session of journey "[A-Za-z0-9_-]{1,64}"`,
  ).exec(description ?? '');
  if (app !== null) return { kind: 'saml', id: app[1] ?? '', subject: app[0] };
  const group = new RegExp(
    String.raw`^SAML app group "([A-Za-z0-9_-]{1,64})"${CALLED}: [^\n]{1,200}?, in the sessions of journey "[A-Za-z0-9_-]{1,64}"`,
  ).exec(description ?? '');
  return group === null ? null : { kind: 'saml-group', id: group[1] ?? '', subject: group[0] };
}

/**
 * The display name a target's alarm description opens with (`Authorization server "aus1..." (Payments API) of ...`),
 * for the notifier, which has only the alarm event; undefined when the description names another target or none.
 */
export function displayNameOfDescription(description: string | undefined, id: string): string | undefined {
  const named = new RegExp(
    String.raw`^(?:Authorization server|Sign-in journey|SAML app|SAML app group) "([A-Za-z0-9_-]{1,64})" \(((?:[^"()\n]|\([^"()\n]*\)){1,60})\)`,
  ).exec(description ?? '');
  return named !== null && named[1] === id ? named[2] : undefined;
}
