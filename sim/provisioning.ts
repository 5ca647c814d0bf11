// Provisioning to the simulated org's apps, as the System Log records it and the app listing shows it. The event
// types and their meaning are Okta's (okta-developer-docs data/event-types.json; help.okta.com ref-apps-events):
// application.provision.user.push / push_profile / deactivate fire on success and on failure (outcome.result);
// application.integration.* are errors whatever their result (a sample of rate_limit_exceeded carries SUCCESS);
// application.user_membership.revoke is "unassigned but not yet deprovisioned"; application.provision.user.deprovision
// carries its target's detailEntry.resolution (UserProvisioningResourceDetails: "Auto Deprovisioned", "Manually
// Deprovisioned", "Not Deprovisioned - ..."). outcome.reason reads "<HTTP phrase>. Errors reported by remote server:
// <the app's text>", at most 255 characters, and may hold the user's login (support.okta.com provisioning KBs:
// "long_username (user=...)", "Matching user not found"). Targets are AppInstance, AppUser and User, in no set order.
// Events are made per minute from the minute itself, so the same query gets the same events and uuids (Okta's
// `after` cursor finds its place again), and only for a query whose filter asks for provisioning types.
import type { ProvisioningFault } from './faults';
import { seeded } from './seeded';
import type { SimLogEvent } from './system-log';

/**
 * The org's apps as provisioning sees them: Application.features (okta-management-openapi-spec, dist/2024.08.0
 * management-minimal.yaml, the ApplicationFeature enum): SCIM apps that create and deactivate, one that creates and
 * never deactivates (no PUSH_USER_DEACTIVATION), and an SSO-only app with no features.
 */
export const SIM_PROVISIONING_APPS = [
  {
    id: '0oa1snowflake000x7',
    label: 'Snowflake',
    name: 'scim2headerauth',
    features: ['IMPORT_NEW_USERS', 'PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'GROUP_PUSH'],
  },
  {
    id: '0oa1slackprov000x7',
    label: 'Slack',
    name: 'slack',
    features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'REACTIVATE_USERS', 'GROUP_PUSH'],
  },
  {
    id: '0oa1boxprov00000x7',
    label: 'Box',
    name: 'boxnet',
    features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'PUSH_PASSWORD_UPDATES'],
  },
  // Create Users on, Deactivate Users not offered: every unassignment is a manual task.
  {
    id: '0oa1legacyhr0000x7',
    label: 'Legacy HR Portal',
    name: 'legacyhr',
    features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES'],
  },
  // A value outside the enum, as a newer org may send: counted by the reader, never a crash.
  { id: '0oa1wikisso0000x7', label: 'Team Wiki', name: 'teamwiki', features: ['SSO_ONLY_FUTURE_FEATURE'] },
] as const;
type SimProvisioningApp = (typeof SIM_PROVISIONING_APPS)[number];
const [SNOWFLAKE, SLACK, BOX, LEGACY_HR] = SIM_PROVISIONING_APPS;

/** The apps /connections/default answers for (Google Workspace, Office 365, Org2Org, Slack, Zoom, Zscaler). */
const CONNECTION_APPS: ReadonlySet<string> = new Set([SLACK.id]);

/** An item of GET /api/v1/apps for a provisioning app (the fields the listing's items carry). */
export function provisioningAppJson(app: SimProvisioningApp): unknown {
  return {
    id: app.id,
    name: app.name,
    label: app.label,
    status: 'ACTIVE',
    signOnMode: 'SAML_2_0',
    created: '2024-03-01T10:00:00.000Z',
    features: app.features,
    _links: { self: { href: `/api/v1/apps/${app.id}` } },
  };
}

/**
 * GET /api/v1/apps/{id}/connections/default: the connection of an app that has the API, else 200
 * {"profile":{"authScheme":"UNKNOWN"},"status":"UNKNOWN"} (okta-management-openapi-spec ProvisioningConnection*;
 * answered so for every app without it, never an error).
 */
export function connectionJson(appId: string, fault: ProvisioningFault | undefined): unknown {
  if (!CONNECTION_APPS.has(appId)) return { profile: { authScheme: 'UNKNOWN' }, status: 'UNKNOWN' };
  return { profile: { authScheme: 'TOKEN' }, status: fault === 'connection-disabled' ? 'DISABLED' : 'ENABLED' };
}

/** The org's people provisioning concerns: ids in Okta's 00u form, logins that must never reach any output. */
const person = (n: number): { id: string; login: string } => ({
  id: `00u1prov${String(n).padStart(5, '0')}x7`,
  login: `person${n}@acme.example`,
});

/** Calls a minute on a healthy org; push and sync successes are 4-9 % of an org's events (Okta's ISV tables). */
const PER_MINUTE = 6;
/** The oldest minute a query gets events of: a long demo's cursor never makes a query of days. */
const OLDEST_MINUTES = 120;
/** Okta cuts outcome.reason at 255 characters. */
const REASON_MAX = 255;

const reason = (phrase: string, text: string): string =>
  `${phrase}. Errors reported by remote server: ${text}`.slice(0, REASON_MAX);

interface Call {
  readonly type: string;
  readonly app: SimProvisioningApp;
  readonly who: { id: string; login: string } | null;
  readonly result: 'SUCCESS' | 'FAILURE';
  readonly reason: string | null;
  readonly resolution?: string;
}

const uuidOf = (minute: number, i: number): string =>
  `9a0e${(minute % 0xffff).toString(16).padStart(4, '0')}-${i.toString(16).padStart(4, '0')}-11f0-` +
  `9b00-0000${minute.toString(16).padStart(8, '0').slice(-8)}`;

function targets(call: Call): SimLogEvent['target'] {
  const app = { id: call.app.id, type: 'AppInstance', alternateId: call.app.label, displayName: call.app.label };
  if (call.who === null) return [{ ...app, detailEntry: null }];
  // A resolved deprovisioning task: its target's schema is UserProvisioningResourceDetails (data/event-types.json),
  // whose detailEntry alone names the app and the user (user_id, app_user_id, app_instance_id, resolution), with the
  // app username Okta masks in its examples: the reader takes the ids from there, never the username.
  if (call.resolution !== undefined)
    return [
      {
        id: `0ua${call.who.id.slice(3)}`,
        type: 'AppUser',
        alternateId: call.who.login,
        displayName: 'A Person',
        detailEntry: {
          user_id: call.who.id,
          app_user_id: `0ua${call.who.id.slice(3)}`,
          app_instance_id: call.app.id,
          app_username: call.who.login,
          resolution: call.resolution,
        },
      },
    ];
  // Okta does not order targets: the User first on odd users, so a reader by position would fail.
  const user = {
    id: call.who.id,
    type: 'User',
    alternateId: call.who.login,
    displayName: 'A Person',
    detailEntry: null,
  };
  const appUser = {
    id: `0ua${call.who.id.slice(3)}`,
    type: 'AppUser',
    alternateId: call.who.login,
    displayName: 'A Person',
    detailEntry: null,
  };
  return call.who.id.charCodeAt(call.who.id.length - 3) % 2 === 1
    ? [user, { ...app, detailEntry: null }, appUser]
    : [{ ...app, detailEntry: null }, appUser, user];
}

const MESSAGES: Readonly<Record<string, string>> = {
  'application.provision.user.push': 'Push new user to external application',
  'application.provision.user.push_profile': "Push user's profile to external application",
  'application.provision.user.deactivate': 'Push user deactivation to external application',
  'application.provision.user.deprovision': 'Deprovision user from external application',
  'application.user_membership.revoke': 'User revoked from application (unassigned but not yet deprovisioned)',
  'application.user_membership.remove': "Remove user's application membership",
  'application.integration.authentication_failure': 'Error authenticating',
  'application.integration.rate_limit_exceeded': 'API rate limit exceeded',
  'application.integration.api_query': 'Unable to query remote API',
};

function logEvent(minute: number, i: number, call: Call): SimLogEvent {
  return {
    uuid: uuidOf(minute, i),
    // Spread over the minute whatever the count, in the calls' order (a failure before its closing).
    published: new Date(minute * 60_000 + Math.min(59_000, 500 + i * 450)).toISOString(),
    eventType: call.type,
    displayMessage: MESSAGES[call.type] ?? call.type,
    severity: call.result === 'FAILURE' ? 'WARN' : 'INFO',
    // Okta's jobs write provisioning events as the system (the SystemPrincipal of Okta's own actions).
    actor: {
      id: '0oa1oktasystem00x7',
      type: 'SystemPrincipal',
      alternateId: 'system@okta.com',
      displayName: 'Okta System',
    },
    client: { ipAddress: '198.51.100.23' },
    outcome: { result: call.result, reason: call.reason },
    target: targets(call),
    transaction: { type: 'WEB', id: `job${uuidOf(minute, i).slice(0, 8)}`, detail: {} },
    debugContext: { debugData: { requestId: `prov${uuidOf(minute, i).slice(-12)}`, AppName: call.app.label } },
  };
}

const ok = (type: string, app: SimProvisioningApp, who: Call['who']): Call => ({
  type,
  app,
  who,
  result: 'SUCCESS',
  reason: null,
});
const failed = (type: string, app: SimProvisioningApp, who: Call['who'], why: string): Call => ({
  type,
  app,
  who,
  result: 'FAILURE',
  reason: why,
});

/** What a fault does to one call of the healthy traffic: the same call, or its failure. */
function faulted(call: Call, fault: ProvisioningFault | undefined): Call[] {
  // Only the calls to the app's API fail by the app: an assignment, a revoke or an integration event is as written.
  if (
    call.result === 'FAILURE' ||
    !call.type.startsWith('application.provision.user.') ||
    call.resolution !== undefined
  )
    return [call];
  const login = call.who?.login ?? 'nobody@acme.example';
  if (fault === 'credential-expired' && call.app === SNOWFLAKE)
    // cagov/data-infrastructure #586: Snowflake's SCIM token expired, un-assignment succeeded, deactivation failed.
    return [failed(call.type, call.app, call.who, reason('Unauthorized', `Invalid OAuth access token for ${login}`))];
  if (fault === 'app-rate-limited' && call.app === SLACK)
    return [failed(call.type, call.app, call.who, reason('Too Many Requests', 'ratelimited, retry after 30 seconds'))];
  if (fault === 'unreachable' && call.app === BOX)
    return [
      failed(
        call.type,
        call.app,
        call.who,
        reason('Service Unavailable', '<html><body>503 upstream connect error</body></html>'),
      ),
    ];
  if (fault === 'configuration' && call.app === SNOWFLAKE && call.type !== 'application.provision.user.push')
    return [failed(call.type, call.app, call.who, reason('Not Found', `Matching user not found: ${login}`))];
  return [call];
}

/** The calls of one minute on a healthy org: creations, profile pushes, and a leaver every few minutes. */
function healthyCalls(minute: number, perMinute: number): Call[] {
  const rng = seeded(minute * 7 + 3);
  const apps = [SNOWFLAKE, SLACK, BOX, LEGACY_HR];
  const calls: Call[] = Array.from({ length: perMinute }, (_, i) => {
    const app = apps[Math.floor(rng() * apps.length)]!;
    return ok(
      i % 3 === 0 ? 'application.provision.user.push' : 'application.provision.user.push_profile',
      app,
      person(Math.floor(rng() * 400)),
    );
  });
  if (minute % 5 === 0) {
    // A leaver: unassigned from a deactivating app, then deactivated there.
    const leaver = person(1000 + (minute % 400));
    const app = [SNOWFLAKE, SLACK, BOX][minute % 3]!;
    calls.push(
      ok('application.user_membership.remove', app, leaver),
      ok('application.provision.user.deactivate', app, leaver),
    );
  }
  return calls;
}

/** A leaver unassigned from an app, then its deactivation (which the fault may fail). */
const unassigned = (app: SimProvisioningApp, who: Call['who']): Call[] => [
  ok('application.user_membership.remove', app, who),
  ok('application.provision.user.deactivate', app, who),
];

/**
 * How long before its scenario began the finding-closes scenario's deactivation failed, and was resolved, ms: both
 * well before a first run reads, and far enough apart that a test turning the simulator's clock back a little (within
 * the 120 s token verifiers allow) stops between them.
 */
const CLOSING_FAILED_BEFORE_MS = 10 * 60_000;
const CLOSING_RESOLVED_BEFORE_MS = 20_000;

/** An event of `call` published at `at` exactly (a minute's own events sit at set seconds). */
const eventAt = (at: number, i: number, call: Call): SimLogEvent => ({
  ...logEvent(Math.floor(at / 60_000), i, call),
  published: new Date(at).toISOString(),
});

/**
 * The finding that closes: ten minutes before the scenario began, Snowflake refused one leaver's deactivation for
 * that account's own data (a Bad Request: one user's, so Snowflake still works); later the admin deprovisioned the
 * account by hand and resolved the task ("Manually Deprovisioned"). Placed before the scenario's start, both lie in
 * its first run's look-back whatever the hour.
 */
function closingEvents(began: number): SimLogEvent[] {
  const who = person(3000);
  const failedAt = began - CLOSING_FAILED_BEFORE_MS;
  const resolved = ok('application.provision.user.deprovision', SNOWFLAKE, who);
  const refusal = reason('Bad Request', `User ${who.login} owns objects in the account and cannot be disabled`);
  // Indexes past any minute's own calls: the uuids stay apart from the healthy traffic's.
  return [
    eventAt(failedAt - 1_000, 100, ok('application.user_membership.remove', SNOWFLAKE, who)),
    eventAt(failedAt, 101, failed('application.provision.user.deactivate', SNOWFLAKE, who, refusal)),
    eventAt(began - CLOSING_RESOLVED_BEFORE_MS, 102, { ...resolved, resolution: 'Manually Deprovisioned' }),
  ];
}

/** Each scenario's own events of one minute (its leaver given), beside the faulted healthy calls. */
const SCENARIO_CALLS: Partial<Record<ProvisioningFault, (minute: number, leaver: Call['who']) => Call[]>> = {
  'credential-expired': (minute, leaver) => [
    failed(
      'application.integration.authentication_failure',
      SNOWFLAKE,
      null,
      reason('Unauthorized', 'Incorrect username or password was specified'),
    ),
    ...(minute % 3 === 0 ? unassigned(SNOWFLAKE, leaver) : []),
  ],
  // One person whose login Box refuses (support.okta.com: long_username), every few minutes: Box still works.
  'one-user-data': (minute) =>
    minute % 4 === 0
      ? [
          failed(
            'application.provision.user.push',
            BOX,
            person(77),
            reason('Bad Request', `long_username (user=${person(77).login}) exceeds 64 characters`),
          ),
        ]
      : [],
  // A new mapping sends a value Box's schema refuses, for everyone it pushes a profile to.
  'several-users-data': (minute) =>
    [2, 3, 4].map((k) =>
      failed(
        'application.provision.user.push_profile',
        BOX,
        person(500 + ((minute * 3 + k) % 400)),
        reason('Bad Request', `Invalid value for attribute department (user=${person(500 + k).login})`),
      ),
    ),
  // data/event-types.json: application.integration.general_failure, "some uncategorized error occurs".
  'general-failure': () => [
    failed('application.integration.general_failure', SNOWFLAKE, null, reason('Internal Server Error', 'NPE')),
  ],
  // data/event-types.json's sample of rate_limit_exceeded carries SUCCESS: an error all the same.
  'app-rate-limited': () => [ok('application.integration.rate_limit_exceeded', SLACK, null)],
  unreachable: () => [
    failed('application.integration.api_query', BOX, null, reason('Service Unavailable', 'connect timed out')),
  ],
  'no-deactivation': (minute, leaver) =>
    minute % 3 === 0 ? [ok('application.user_membership.revoke', LEGACY_HR, leaver)] : [],
};

const scenarioCalls = (minute: number, fault: ProvisioningFault | undefined): Call[] =>
  (fault === undefined ? undefined : SCENARIO_CALLS[fault])?.(minute, person(2000 + (minute % 400))) ?? [];

function minuteEvents(minute: number, fault: ProvisioningFault | undefined, perMinute: number): SimLogEvent[] {
  return [...healthyCalls(minute, perMinute), ...scenarioCalls(minute, fault)]
    .flatMap((call) => faulted(call, fault))
    .map((call, i) => logEvent(minute, i, call));
}

/** Whether a /api/v1/logs filter asks for provisioning events: only then are they made. */
export function asksForProvisioning(filter: string | null): boolean {
  return filter !== null && /application\.(provision|integration|user_membership|configuration)/.test(filter);
}

/**
 * The provisioning events published in [since, until), oldest first (`perMinute`: healthy calls a minute; `began`:
 * when the scenario began, where its finding that closes is placed).
 */
export function provisioningEvents(
  fault: ProvisioningFault | undefined,
  since: number,
  until: number,
  perMinute = PER_MINUTE,
  began?: number,
): SimLogEvent[] {
  const from = Math.max(Math.floor(since / 60_000), Math.floor(until / 60_000) - OLDEST_MINUTES);
  const events: SimLogEvent[] = [];
  for (let minute = from; minute * 60_000 < until; minute += 1) events.push(...minuteEvents(minute, fault, perMinute));
  if (fault === 'finding-closes' && began !== undefined) events.push(...closingEvents(began));
  return events
    .filter((e) => Date.parse(e.published) >= Math.max(since, from * 60_000) && Date.parse(e.published) < until)
    .sort((a, b) => a.published.localeCompare(b.published) || a.uuid.localeCompare(b.uuid));
}
