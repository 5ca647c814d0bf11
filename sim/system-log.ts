// The simulated org's System Log: events in Okta's /api/v1/logs shape. Failed grants are recorded as
// they happen, carrying the answer's X-Okta-Request-Id as transaction.id and debugData.requestId; a scenario's
// admin change and its ongoing rate-limit trouble are events of the range asked for. The shapes follow real
// events (test/data/okta-system-log-events.json); nothing personal is made up beyond an admin's login.
import type { Answer } from './answer';
import type { SimFaults } from './faults';

/** An event as Okta serves it (only the fields the simulator fills; Okta sends more). */
export interface SimLogEvent {
  readonly uuid: string;
  readonly published: string;
  readonly eventType: string;
  readonly displayMessage: string;
  readonly severity: 'INFO' | 'WARN';
  readonly actor: {
    readonly id: string;
    readonly type: string;
    readonly alternateId: string;
    readonly displayName: string;
  };
  readonly client: { readonly ipAddress: string };
  readonly outcome: { readonly result: string; readonly reason: string | null };
  readonly target:
    | readonly {
        readonly id: string;
        readonly type: string;
        readonly alternateId: string | null;
        readonly displayName: string | null;
        readonly detailEntry: Record<string, string> | null;
      }[]
    | null;
  readonly transaction: { readonly type: 'WEB'; readonly id: string; readonly detail: Record<string, never> };
  readonly debugContext: { readonly debugData: Readonly<Record<string, string>> };
  /**
   * When Okta committed it, epoch ms, if later than `published` (the simulator's own field, never served): until then
   * no query sees it, and a polling query returns it in commit order (reference/system-log-query, "Polling requests":
   * "ordered by the internal persistence time ... not necessarily the timestamp when the event occurred").
   */
  readonly persistedAt?: number;
}

/** How late the simulator's late events are committed after their `published` time, ms. */
export const LATE_COMMIT_MS = 150_000;
/** A late rate-limit violation every this many ms, at 10 s past (faults.orgRateLimitLate). */
export const LATE_EVERY_MS = 5 * 60_000;

/** The admin whose change a scenario stages. */
export const SIM_ADMIN = 'admin@acme.example';
/** The rule an admin deactivates in the rule-deactivated scenario. */
export const SIM_RULE = {
  id: '0pr1probecc000000x7',
  name: 'Probe client credentials',
  policyId: '00p1default00000x7',
  policy: 'Default',
} as const;
/** How long before the look-up the staged admin change happened, minutes. */
export const SIM_CHANGE_MINUTES_AGO = 3;

/** The catalogue's internalErrorCode of a /token refusal, from the description Okta sent with it. */
function internalCode(error: string, description: string): string {
  if (/Policy evaluation failed/.test(description)) return 'no_matching_policy';
  if (/all the requested scopes were rejected/.test(description)) return 'no_scope_allowed';
  if (/Denied scopes/.test(description)) return 'scope_denied';
  if (/system claim could not be evaluated/.test(description)) return 'system_claim_evaluation_failure';
  if (/network zones/.test(description)) return 'disallowed_network_zone';
  if (/not allowed any of the requested scopes/.test(description)) return 'no_org_scopes_granted';
  if (error === 'server_error') return 'callback_returned_error';
  return error;
}

let counter = 0;
const uuid = (): string =>
  `51a10000-${(++counter).toString(16).padStart(4, '0')}-11f0-9a00-${Date.now().toString(16).slice(-12).padStart(12, '0')}`;

export function event(
  fields: Omit<SimLogEvent, 'uuid' | 'client' | 'severity'> & { severity?: SimLogEvent['severity']; uuid?: string },
): SimLogEvent {
  // A user's IP, as real events carry: the probe must drop it.
  return {
    uuid: fields.uuid ?? uuid(),
    severity: fields.severity ?? 'INFO',
    client: { ipAddress: '198.51.100.23' },
    ...fields,
  };
}

/** The events Okta writes for a /token answer that refused the grant (none for a success or a non-JSON answer). */
export function grantEvents(input: {
  serverKind: 'org' | 'custom';
  serverId: string;
  clientId: string;
  requestId: string;
  now: number;
  answer: Answer;
  faults: SimFaults;
}): SimLogEvent[] {
  const reason = refusalReason(input.answer);
  if (reason === undefined) return [];
  const shared = sharedFields(input);
  const { published, actor, server, transaction, debugContext } = shared;
  const events = [
    event({
      published,
      eventType: input.serverKind === 'org' ? 'app.oauth2.token.grant' : 'app.oauth2.as.token.grant',
      displayMessage: 'OAuth2 token request',
      actor,
      outcome: { result: 'FAILURE', reason },
      target: input.serverKind === 'org' ? null : [server],
      transaction,
      debugContext,
    }),
  ];
  const claim = input.faults.failingClaim;
  if (reason === 'system_claim_evaluation_failure' && claim !== undefined) events.push(claimEvent(shared, claim));
  if (reason === 'callback_returned_error' && input.faults.tokenHookError !== undefined)
    events.push(hookEvent(shared, input.faults.tokenHookError));
  return events;
}

/**
 * The catalogue's code of a refusal the answer carries: none for a success or a non-JSON answer. The answer is
 * Okta's OAuth error (`error`, `error_description`), whose codes okta-developer-docs' data/oauth2-error-codes.json
 * lists.
 */
function refusalReason(answer: Answer): string | undefined {
  if (answer.kind !== 'reply' || answer.status < 400) return undefined;
  let body: { error?: string; error_description?: string };
  try {
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    return undefined;
  }
  if (typeof body.error !== 'string') return undefined;
  return internalCode(body.error, body.error_description ?? '');
}

type Target = NonNullable<SimLogEvent['target']>[number];

/** What every event of one refusal tells alike: when, who asked, which server, which request. */
interface SharedFields extends Pick<SimLogEvent, 'published' | 'actor' | 'transaction' | 'debugContext'> {
  readonly server: Target;
}

function sharedFields(input: {
  serverKind: 'org' | 'custom';
  serverId: string;
  clientId: string;
  requestId: string;
  now: number;
}): SharedFields {
  const path = input.serverKind === 'org' ? '/oauth2/v1/token' : `/oauth2/${input.serverId}/v1/token`;
  return {
    published: new Date(input.now).toISOString(),
    actor: {
      id: input.clientId,
      type: 'PublicClientApp',
      alternateId: 'Probe service app',
      displayName: 'Probe service app',
    },
    server: {
      id: input.serverId,
      type: 'AuthorizationServer',
      alternateId: input.serverId,
      displayName: input.serverId,
      detailEntry: null,
    },
    transaction: { type: 'WEB', id: input.requestId, detail: {} },
    debugContext: { debugData: { requestId: input.requestId, requestUri: path, grantType: 'client_credentials' } },
  };
}

function claimEvent({ published, actor, server, transaction, debugContext }: SharedFields, claim: string): SimLogEvent {
  return event({
    published,
    eventType: 'app.oauth2.as.evaluate.claim',
    displayMessage: 'Claim evaluation for OAuth 2.0 token',
    actor,
    outcome: { result: 'FAILURE', reason: `The '${claim}' system claim could not be evaluated.` },
    target: [
      server,
      { id: 'ocl1simclaim00000x7', type: 'Claim', alternateId: null, displayName: claim, detailEntry: null },
    ],
    transaction,
    debugContext,
  });
}

/** The token hook's failure is told by Okta itself, not by the app that asked. */
function hookEvent({ published, transaction, debugContext }: SharedFields, error: string): SimLogEvent {
  return event({
    published,
    eventType: 'inline_hook.executed',
    displayMessage: 'Inline hook executed',
    actor: { id: '0oa1okta', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' },
    outcome: { result: 'FAILURE', reason: error },
    target: [
      {
        id: 'cal1simhook00000x7',
        type: 'InlineHook',
        alternateId: null,
        displayName: 'Token enrichment',
        detailEntry: null,
      },
    ],
    transaction,
    debugContext,
  });
}

/** Seconds between two of a scenario's ongoing rate-limit events. */
const RATE_LIMIT_EVERY_S = 20;

type RateLimitFault = NonNullable<SimFaults['orgRateLimit']>;

/**
 * The event types and debugData of each fault, as okta-developer-docs reference/rl-system-log-events shows them: the
 * org's bucket on /api/v1/users (rateLimitScopeType ORG), Okta's SMS enrollment example (operationRateLimitScopeType
 * "user"), the per client, IP and device limit on /authorize, and the org's concurrency limit (no URL pattern).
 */
const RATE_LIMIT_SHAPES: Readonly<Record<RateLimitFault, { eventType: string; debugData: Record<string, string> }>> = {
  violation: { eventType: 'system.org.rate_limit.violation', debugData: {} },
  warning: { eventType: 'system.org.rate_limit.warning', debugData: { warningPercent: '60' } },
  'user-violation': {
    eventType: 'system.operation.rate_limit.violation',
    debugData: {
      operationRateLimitType: 'enrollment',
      operationRateLimitSubtype: 'SMS',
      operationRateLimitScopeType: 'user',
      operationRateLimitThreshold: '15',
      operationRateLimitTimeSpan: '5',
      operationRateLimitTimeUnit: 'MINUTES',
    },
  },
  'client-violation': {
    eventType: 'system.client.rate_limit.violation',
    debugData: { requestUri: '/oauth2/v1/authorize' },
  },
  concurrency: { eventType: 'core.concurrency.org.limit.violation', debugData: {} },
  // The org's event hooks over their delivery limit (concepts/event-hooks: 400,000 a day, scope org): hooks wait
  // until the reset. operationRateLimitType as rl-system-log-events lists it.
  'event-hook-delivery': {
    eventType: 'system.operation.rate_limit.violation',
    debugData: {
      operationRateLimitType: 'event_hook_delivery',
      operationRateLimitScopeType: 'org',
      operationRateLimitThreshold: '400000',
      operationRateLimitTimeSpan: '1',
      operationRateLimitTimeUnit: 'DAYS',
    },
  },
  // Okta's elastic rate limit activated (rl-system-log-events' operationRateLimitType elastic_rate_limit_activated):
  // information, nothing refused.
  'elastic-activated': {
    eventType: 'system.operation.rate_limit.warning',
    debugData: { operationRateLimitType: 'elastic_rate_limit_activated', operationRateLimitScopeType: 'org' },
  },
};

function rateLimitEvent(kind: RateLimitFault, at: number, actor: SimLogEvent['actor']): SimLogEvent {
  const shape = RATE_LIMIT_SHAPES[kind];
  const warning = kind === 'warning' || kind === 'elastic-activated';
  const orgBucket = kind === 'violation' || kind === 'warning';
  return event({
    uuid: `51a1ra7e-0000-11f0-9a00-${(at / 1000).toString(16).padStart(12, '0')}`,
    published: new Date(at).toISOString(),
    eventType: shape.eventType,
    displayMessage: warning ? 'Rate limit warning' : 'Rate limit violation',
    severity: warning ? 'INFO' : 'WARN',
    actor,
    outcome: { result: warning ? 'SUCCESS' : 'DENY', reason: null },
    target: orgBucket
      ? [
          { id: 'b0c1e7a1-sim-bucket', type: 'Bucket Uuid', alternateId: null, displayName: null, detailEntry: null },
          { id: '/api/v1/users', type: 'URL Pattern', alternateId: null, displayName: null, detailEntry: null },
        ]
      : [],
    transaction: { type: 'WEB', id: `reqSimRate${at}`, detail: {} },
    debugContext: {
      debugData: orgBucket
        ? {
            requestUri: '/api/v1/users',
            threshold: '600',
            timeSpan: '1',
            timeUnit: 'MINUTES',
            rateLimitScopeType: 'ORG',
            ...shape.debugData,
          }
        : shape.debugData,
    },
  });
}

/**
 * A scenario's staged events inside [since, until): its admin change (minutes before `until`) and its ongoing
 * rate-limit trouble (an event every 20 s, on the same instants whoever asks, so a uuid names one event).
 */
export function stagedEvents(faults: SimFaults, since: number, until: number): SimLogEvent[] {
  const staged: SimLogEvent[] = [];
  const admin = { id: '00u1simadmin00000x7', type: 'User', alternateId: SIM_ADMIN, displayName: 'Sim Admin' };
  if (faults.ruleDeactivated === true) {
    const at = until - SIM_CHANGE_MINUTES_AGO * 60_000 - 30_000;
    if (at >= since) {
      staged.push(
        event({
          uuid: `51a1ca1e-0000-11f0-9a00-${Math.floor(at / 60_000)
            .toString(16)
            .padStart(12, '0')}`,
          published: new Date(at).toISOString(),
          eventType: 'policy.rule.deactivate',
          displayMessage: 'Deactivate policy rule',
          actor: admin,
          outcome: { result: 'SUCCESS', reason: null },
          target: [
            {
              id: SIM_RULE.id,
              type: 'PolicyRule',
              alternateId: SIM_RULE.policyId,
              displayName: SIM_RULE.name,
              detailEntry: null,
            },
            {
              id: SIM_RULE.policyId,
              type: 'PolicyEntity',
              alternateId: 'unknown',
              displayName: SIM_RULE.policy,
              detailEntry: { policyType: 'OAUTH_AUTHORIZATION_POLICY' },
            },
          ],
          transaction: { type: 'WEB', id: 'reqSimAdminChange000001', detail: {} },
          debugContext: { debugData: { requestId: 'reqSimAdminChange000001' } },
        }),
      );
    }
  }
  // A failover 90 s before the read's end: inside the window a probe reading up to now owns, whatever its second
  // (its window ends at least the 30 s lag ago, and spans a minute).
  const failedOverAt = Math.floor((until - 90_000) / 1000) * 1000;
  if (faults.oktaFailover === true && failedOverAt >= since) staged.push(failoverEvent(failedOverAt));
  // One violation every 5 minutes that Okta commits late: a bounded read of its minute never has it.
  if (faults.orgRateLimitLate === true) {
    for (let at = Math.ceil((since - 10_000) / LATE_EVERY_MS) * LATE_EVERY_MS + 10_000; at < until; at += LATE_EVERY_MS)
      staged.push({ ...rateLimitEvent('violation', at, admin), persistedAt: at + LATE_COMMIT_MS });
  }
  const kind = faults.orgRateLimit;
  if (kind !== undefined) {
    const step = RATE_LIMIT_EVERY_S * 1000;
    for (let at = Math.ceil(since / step) * step; at < until; at += step) staged.push(rateLimitEvent(kind, at, admin));
  }
  return staged;
}

/** Okta's disaster-recovery failover of the org (system.dr.failover, data/event-types.json), by Okta itself. */
function failoverEvent(at: number): SimLogEvent {
  return event({
    uuid: `51a1d7f0-0000-11f0-9a00-${(at / 1000).toString(16).padStart(12, '0')}`,
    published: new Date(at).toISOString(),
    eventType: 'system.dr.failover',
    displayMessage: 'Enhanced Disaster Recovery failover operation for the org domains initiated',
    actor: { id: '0oa1okta000000000x7', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta' },
    outcome: { result: 'SUCCESS', reason: null },
    target: null,
    transaction: { type: 'WEB', id: `reqSimFailover${at}`, detail: {} },
    debugContext: { debugData: {} },
  });
}

/**
 * A lockout's trace: Okta writes user.account.lock when it locks a user (data/event-types.json), whatever
 * the sign-in answers show; a hidden lockout's an hour before `until`, the user as the actor. A lockout that ended
 * (`unlockedBy`) is locked two hours before `until` and unlocked one hour before, as data/event-types.json names the
 * unlock: user.account.unlock_by_admin "User account unlock by admin.", user.account.unlock_token "Issued recovery
 * token for self-service account unlock.".
 */
export function lockEvents(faults: SimFaults, usernames: readonly string[], until: number): SimLogEvent[] {
  const unlockedBy = faults.signIn?.unlockedBy;
  if (faults.signIn?.user !== 'locked-hidden' && unlockedBy === undefined) return [];
  const lockedAt = until - (unlockedBy === undefined ? 1 : 2) * 60 * 60_000;
  const user = (username: string, i: number) => ({
    id: `00usim${i}`,
    type: 'User',
    alternateId: username,
    displayName: 'Synthetic User',
  });
  return usernames.flatMap((username, i) => [
    event({
      uuid: `51a1l0c4-0000-11f0-9a00-${i.toString(16).padStart(12, '0')}`,
      published: new Date(lockedAt).toISOString(),
      eventType: 'user.account.lock',
      displayMessage: 'Max sign in attempts exceeded',
      actor: user(username, i),
      outcome: { result: 'SUCCESS', reason: null },
      target: null,
      transaction: { type: 'WEB', id: `reqSimLock${i}`, detail: {} },
      debugContext: { debugData: { requestId: `reqSimLock${i}` } },
    }),
    ...(unlockedBy === undefined
      ? []
      : [
          event({
            uuid: `51a1u1c4-0000-11f0-9a00-${i.toString(16).padStart(12, '0')}`,
            published: new Date(until - 60 * 60_000).toISOString(),
            eventType: unlockedBy === 'admin' ? 'user.account.unlock_by_admin' : 'user.account.unlock_token',
            displayMessage:
              unlockedBy === 'admin'
                ? 'User account unlock by admin'
                : 'Issued recovery token for self-service account unlock',
            // An admin unlocks the user (the target); a self-service unlock is the user's own.
            actor:
              unlockedBy === 'admin'
                ? { id: '00usimadmin', type: 'User', alternateId: 'admin@example.com', displayName: 'Org Admin' }
                : user(username, i),
            outcome: { result: 'SUCCESS', reason: null },
            target: unlockedBy === 'admin' ? [{ ...user(username, i), detailEntry: null }] : null,
            transaction: { type: 'WEB', id: `reqSimUnlock${i}`, detail: {} },
            debugContext: { debugData: { requestId: `reqSimUnlock${i}` } },
          }),
        ]),
  ]);
}

/** The value of `attribute` (a dotted path such as debugContext.debugData.requestId) in an event. */
function valueAt(event: SimLogEvent, attribute: string): unknown {
  let value: unknown = event;
  for (const key of attribute.split('.'))
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/**
 * The SCIM filter subset the probe sends: `<attribute> eq|sw "<value>"` clauses joined by `or`. Anything else is
 * null (Okta answers 400 E0000031 to a filter it cannot read).
 */
export function parseFilter(filter: string): ((event: SimLogEvent) => boolean) | null {
  const clauses = filter
    .split(/\s+or\s+/i)
    .map((clause) => /^\s*([A-Za-z.]+)\s+(eq|sw)\s+"([^"\\]*)"\s*$/i.exec(clause));
  if (clauses.some((c) => c === null)) return null;
  const tests = clauses.map((c) => {
    const [, attribute = '', op = '', value = ''] = c ?? [];
    return (event: SimLogEvent): boolean => {
      const actual = valueAt(event, attribute);
      return typeof actual === 'string' && (op.toLowerCase() === 'eq' ? actual === value : actual.startsWith(value));
    };
  });
  return (event) => tests.some((test) => test(event));
}

/** The log the org has written so far: failed grants. */
export class SystemLog {
  private readonly written: SimLogEvent[] = [];
  record(events: readonly SimLogEvent[]): void {
    this.written.push(...events);
    // A long demo must not grow without bound: the newest 5000 are plenty for any query.
    if (this.written.length > 5000) this.written.splice(0, this.written.length - 5000);
  }
  events(): readonly SimLogEvent[] {
    return this.written;
  }
}
