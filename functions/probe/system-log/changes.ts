// What changed before a server began failing: the admin changes of the look-back that touch it (its
// authorization server, policies and rules, scopes, claims, keys, inline hooks, and the app it uses), phrased for
// the person paged. Targets are matched by target[].type, never by position. Pure: no network.
import { ORG_SERVER_ID, SYSTEM_LOG } from '../../contract';
import { nameOf, targetOf, type LogEvent, type LogTarget } from '../okta/log-events';

/** The server a change may touch: its id and the client ids of the apps the probe uses for it. */
interface ChangeScope {
  readonly serverId: string;
  readonly clientIds: readonly string[];
}

export interface AdminChange {
  readonly uuid: string;
  readonly published: number;
  readonly eventType: string;
  /** actor.alternateId: the admin's login, or "Okta" for a change Okta made itself (a key rollover). */
  readonly actor: string;
  readonly targets: readonly string[];
  readonly minutesBefore: number;
  /** Where in the Admin Console to look. */
  readonly page: string;
  /** "rule 'X' of policy 'Y' was deactivated by admin@acme.example 3 minutes before token began failing" */
  readonly sentence: string;
}

/**
 * The event types of admin changes, from Okta's catalogue (okta-developer-docs data/event-types.json):
 * prefix match with a trailing dot, exact match otherwise. policy.rule.* says `add`, not `create`.
 */
const CHANGE_EVENT_TYPES: readonly string[] = [
  'policy.lifecycle.',
  'policy.rule.',
  'oauth2.as.',
  'oauth2.scope.',
  'oauth2.claim.',
  'app.oauth2.as.key.rollover',
  'app.oauth2.key.rollover',
  'application.lifecycle.',
  'app.oauth2.credentials.lifecycle.',
  'app.oauth2.client.lifecycle.',
  'app.oauth2.client.privilege.revoke',
  'app.oauth2.admin.consent.revoke',
  'inline_hook.activated',
  'inline_hook.created',
  'inline_hook.deactivated',
  'inline_hook.deleted',
  'inline_hook.updated',
];

/** The /api/v1/logs filter that reads them. */
export const CHANGE_FILTER = CHANGE_EVENT_TYPES.map((t) =>
  t.endsWith('.') ? `eventType sw "${t}"` : `eventType eq "${t}"`,
).join(' or ');

const isChangeEvent = (eventType: string): boolean =>
  CHANGE_EVENT_TYPES.some((t) => (t.endsWith('.') ? eventType.startsWith(t) : eventType === t)) &&
  eventType !== 'policy.rule.action.execute';

// Target types. PolicyEntity, PolicyRule and AppInstance are confirmed in real events; the authorization
// server's, a scope's, a claim's and a hook's type names are not in Okta's docs, so they are matched by word.
const AS = /authori[sz]ation\s*server/i;
const APP = /^(AppInstance|PublicClientApp)$/;

const same = (a: string | null, b: string): boolean => a !== null && a.toLowerCase() === b.toLowerCase();
const isServer = (target: LogTarget, serverId: string): boolean =>
  same(target.id, serverId) || same(target.displayName, serverId) || same(target.alternateId, serverId);

/** Whether the change touches this server: decided by the targets' types, each only when present. */
export function touches(event: LogEvent, scope: ChangeScope): boolean {
  const org = scope.serverId === ORG_SERVER_ID;
  const server = targetOf(event, AS);
  if (server !== undefined) return isServer(server, scope.serverId);
  const app = targetOf(event, APP);
  if (app !== undefined) return scope.clientIds.some((id) => same(app.id, id));
  const type = event.eventType;
  if (type === 'app.oauth2.key.rollover') return org;
  if (type.startsWith('policy.')) {
    // An authorization server's access policy (no server target in the event: it may be another server's).
    return !org && targetOf(event, 'PolicyEntity')?.policyType === 'OAUTH_AUTHORIZATION_POLICY';
  }
  // Scopes, claims and hooks without a server target: only custom servers have them.
  return (
    !org && (type.startsWith('oauth2.scope.') || type.startsWith('oauth2.claim.') || type.startsWith('inline_hook.'))
  );
}

const VERBS: Readonly<Record<string, string>> = {
  add: 'added',
  create: 'created',
  created: 'created',
  update: 'updated',
  updated: 'updated',
  delete: 'deleted',
  deleted: 'deleted',
  activate: 'activated',
  activated: 'activated',
  deactivate: 'deactivated',
  deactivated: 'deactivated',
  rollover: 'rolled over',
  overwrite: 'overwritten',
  invalidate: 'invalidated',
  revoke: 'revoked',
};

const quoted = (name: string | undefined, what: string): string =>
  name === undefined ? `a ${what}` : `${what} '${name}'`;

/** What was changed, in words, and the Admin Console page that shows it. */
function described(event: LogEvent, serverId: string): { object: string; page: string; names: string[] } {
  const type = event.eventType;
  const server = nameOf(targetOf(event, AS)) ?? serverId;
  const asPage = `Security > API > Authorization Servers > ${server}`;
  const app = nameOf(targetOf(event, APP));
  const appPage = `Applications > Applications > ${app ?? '[app]'}`;
  const policy = nameOf(targetOf(event, 'PolicyEntity'));
  const rule = nameOf(targetOf(event, 'PolicyRule'));
  const names = event.targets.map(nameOf).filter((n): n is string => n !== undefined);
  if (type.startsWith('policy.rule.'))
    return {
      object: `${quoted(rule, 'rule')}${policy !== undefined ? ` of policy '${policy}'` : ''}`,
      page: `${asPage} > Access Policies`,
      names,
    };
  if (type.startsWith('policy.'))
    return { object: quoted(policy, 'policy'), page: `${asPage} > Access Policies`, names };
  if (type.startsWith('oauth2.scope.'))
    return { object: quoted(nameOf(targetOf(event, /scope/i)), 'scope'), page: `${asPage} > Scopes`, names };
  if (type.startsWith('oauth2.claim.'))
    return { object: quoted(nameOf(targetOf(event, /claim/i)), 'claim'), page: `${asPage} > Claims`, names };
  if (type.startsWith('oauth2.as.'))
    return { object: `authorization server '${server}'`, page: `${asPage} > Settings`, names };
  if (type.endsWith('key.rollover'))
    return { object: `the signing key of authorization server '${server}'`, page: `${asPage} > Settings`, names };
  if (type.startsWith('inline_hook.'))
    return { object: quoted(nameOf(targetOf(event, /hook/i)), 'inline hook'), page: 'Workflow > Inline Hooks', names };
  if (type.startsWith('app.oauth2.credentials.'))
    return {
      object: `a client credential (key or secret) of app '${app ?? '?'}'`,
      page: `${appPage} > General > Client Credentials`,
      names,
    };
  if (type === 'app.oauth2.admin.consent.revoke')
    return { object: `an Okta API scope grant of app '${app ?? '?'}'`, page: `${appPage} > Okta API Scopes`, names };
  if (type === 'app.oauth2.client.privilege.revoke')
    return { object: `an admin role of app '${app ?? '?'}'`, page: `${appPage} > Admin roles`, names };
  return { object: quoted(app, 'app'), page: `${appPage} > General`, names };
}

function ago(minutes: number): string {
  return minutes < 1 ? 'less than a minute' : minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The admin changes touching `scope` in the look-back before `firstFailure.at` (epoch ms), newest first.
 * `firstFailure.check` names what began failing, for the sentence.
 */
export function adminChanges(
  events: readonly LogEvent[],
  scope: ChangeScope,
  firstFailure: { readonly check: string; readonly at: number },
  lookbackMinutes: number = SYSTEM_LOG.changeLookbackMinutes,
): AdminChange[] {
  const from = firstFailure.at - lookbackMinutes * 60_000;
  return events
    .filter(
      (e) => isChangeEvent(e.eventType) && e.published >= from && e.published <= firstFailure.at && touches(e, scope),
    )
    .sort((a, b) => b.published - a.published)
    .map((event) => {
      const { object, page, names } = described(event, scope.serverId);
      const verb = VERBS[event.eventType.split('.').at(-1) ?? ''] ?? `changed (${event.eventType})`;
      const actor = event.actor.type === 'User' && event.actor.alternateId !== null ? event.actor.alternateId : 'Okta';
      const minutesBefore = Math.floor((firstFailure.at - event.published) / 60_000);
      return {
        uuid: event.uuid,
        published: event.published,
        eventType: event.eventType,
        actor,
        targets: names,
        minutesBefore,
        page,
        sentence:
          `${object} was ${verb} by ${actor} ${ago(minutesBefore)} before ${firstFailure.check} ` +
          `began failing (${event.eventType}; ${page})`,
      };
    });
}
