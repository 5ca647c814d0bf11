// A System Log event as the probe keeps it: only the fields a diagnosis needs (privacy). Okta's events
// carry people's names, e-mail addresses, IP addresses and user agents; what is read here is the event's kind,
// outcome, targets (the objects changed), the transaction id, a few named debugData keys, and the actor's
// alternateId (an admin's login, for "who changed it"). Never client.ipAddress, request.ipChain, geography,
// user agents or debugData.url (its query string may hold anything).

/** One target of an event: the object it concerns, told apart by `type`, never by position. */
export interface LogTarget {
  readonly type: string;
  readonly id: string | null;
  readonly displayName: string | null;
  readonly alternateId: string | null;
  /** detailEntry.policyType of a PolicyEntity (OAUTH_AUTHORIZATION_POLICY, OKTA_SIGN_ON, ...). */
  readonly policyType?: string;
}

export interface LogEvent {
  readonly uuid: string;
  /** Epoch ms. */
  readonly published: number;
  readonly eventType: string;
  readonly displayMessage: string | null;
  readonly result: string | null;
  readonly reason: string | null;
  /**
   * actor.alternateId and actor.type: an admin's login ("who changed"), or the client app of a grant; actor.id, Okta's
   * id of a user, counts people apart (a user's sign-ins) and is never published.
   */
  readonly actor: { readonly id?: string | null; readonly alternateId: string | null; readonly type: string | null };
  readonly targets: readonly LogTarget[];
  readonly transactionId: string | null;
  /** Only the debugData keys in DEBUG_KEYS, as strings. */
  readonly debug: Readonly<Record<string, string>>;
}

/**
 * debugData keys worth keeping: the request id (the fallback match), the rate-limit facts (Okta's
 * rl-system-log-events reference and real org events: threshold, timeSpan, timeUnit, warningPercent; the
 * operationRateLimit* family), and a grant's non-personal facts. Anything else is dropped.
 */
const DEBUG_KEYS: readonly string[] = [
  'requestId',
  'requestUri',
  'threshold',
  'timeSpan',
  'timeUnit',
  'warningPercent',
  'rateLimitScopeType',
  'rateLimitSecondsToReset',
  'operationRateLimitType',
  'operationRateLimitSubtype',
  'operationRateLimitScopeType',
  'operationRateLimitThreshold',
  'operationRateLimitTimeSpan',
  'operationRateLimitTimeUnit',
  'operationRateLimitSecondsToReset',
  // data/event-types.json spells the same facts in snake case; no source says which a live event carries, so both.
  'rate_limit_scope_type',
  'operation_rate_limit_scope_type',
  'operation_rate_limit_subtype',
  'burstThreshold',
  'baseThreshold',
  'burst_threshold',
  'base_threshold',
  'grantType',
  'requestedScopes',
  'grantedScopes',
  'clientAuthType',
  // A sign-in's factor and federated IdP (UserFactorDebugData.factor, IdpAuthDebugData.idp_display_name:
  // okta-developer-docs data/event-types.json schemas): the names a failing factor or IdP is told by.
  'factor',
  'idp_display_name',
  // Why an MFA was asked: an enrollment or a recovery is no sign-in (debugData.factorIntent, the catalogue's
  // factor_intent: CREDENTIAL_ENROLLMENT, CREDENTIAL_RECOVERY).
  'factorIntent',
];

/**
 * The other spelling of a debugData key: Okta's live events write camel case, its event-type catalogue
 * (data/event-types.json) snake case, and no source says which an event carries; both are kept under both names.
 */
function otherSpelling(key: string): string {
  return key.includes('_')
    ? key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
    : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
// Okta's values are ids, names and short phrases: one of thousands of characters is hostile input, kept cut.
const MAX_TEXT = 1000;
/** An event lists a few targets: a list of thousands is hostile, and only its first ones are read. */
const MAX_TARGETS = 20;
const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== ''
    ? value.slice(0, MAX_TEXT)
    : typeof value === 'number'
      ? String(value)
      : null;

function readTarget(raw: unknown): LogTarget | undefined {
  if (!isRecord(raw)) return undefined;
  const type = text(raw.type);
  if (type === null) return undefined;
  const policyType = isRecord(raw.detailEntry) ? text(raw.detailEntry.policyType) : null;
  return {
    type,
    id: text(raw.id),
    displayName: text(raw.displayName),
    alternateId: text(raw.alternateId),
    ...(policyType !== null && { policyType }),
  };
}

/** One event, pruned; undefined when it lacks what every use needs (uuid, published, eventType). */
export function readEvent(raw: unknown): LogEvent | undefined {
  if (!isRecord(raw)) return undefined;
  const uuid = text(raw.uuid);
  const eventType = text(raw.eventType);
  const published = Date.parse(text(raw.published) ?? '');
  if (uuid === null || eventType === null || !Number.isFinite(published)) return undefined;
  const outcome = isRecord(raw.outcome) ? raw.outcome : {};
  const actor = isRecord(raw.actor) ? raw.actor : {};
  const data = isRecord(raw.debugContext) && isRecord(raw.debugContext.debugData) ? raw.debugContext.debugData : {};
  const debug: Record<string, string> = {};
  for (const key of DEBUG_KEYS) {
    const value = text(data[key]) ?? text(data[otherSpelling(key)]);
    if (value === null) continue;
    debug[key] = value;
    debug[otherSpelling(key)] = value;
  }
  return {
    uuid,
    published,
    eventType,
    displayMessage: text(raw.displayMessage),
    result: text(outcome.result),
    reason: text(outcome.reason),
    actor: {
      ...(text(actor.id) !== null && { id: text(actor.id) }),
      alternateId: text(actor.alternateId),
      type: text(actor.type),
    },
    targets: (Array.isArray(raw.target) ? raw.target.slice(0, MAX_TARGETS) : [])
      .map(readTarget)
      .filter((t): t is LogTarget => t !== undefined),
    transactionId: isRecord(raw.transaction) ? text(raw.transaction.id) : null,
    debug,
  };
}

/** The events of a /api/v1/logs answer body, pruned, each uuid once (a polling page may repeat one). */
export function readEvents(body: unknown, seen: Set<string> = new Set()): LogEvent[] {
  if (!Array.isArray(body)) return [];
  const events: LogEvent[] = [];
  for (const raw of body) {
    const event = readEvent(raw);
    if (event === undefined || seen.has(event.uuid)) continue;
    seen.add(event.uuid);
    events.push(event);
  }
  return events;
}

/** What every event a reader keeps carries: Okta's uuid and its `published` instant (epoch ms). */
export interface Keyed {
  readonly uuid: string;
  readonly published: number;
}

/**
 * Each uuid once, the first copy kept, in the order given: Okta redelivers an event with its uuid unchanged (a page
 * boundary repeated, a late commit, the stream and the poll both), and the first copy is the one already counted,
 * so what a run judged does not shift under a later copy.
 */
export function firstByUuid<T extends Keyed>(events: Iterable<T>): T[] {
  const kept = new Map<string, T>();
  for (const event of events) if (!kept.has(event.uuid)) kept.set(event.uuid, event);
  return [...kept.values()];
}

/** The window's events: the earlier ones, then the new, each uuid once (the first), since `start`, the newest `max`. */
export function windowOf<T extends Keyed>(earlier: readonly T[], fresh: readonly T[], start: number, max: number): T[] {
  const all = firstByUuid([...earlier, ...fresh].filter((e) => e.published >= start));
  // Past the bound the oldest go first: the window stays the most recent events.
  return all.length > max ? all.slice(all.length - max) : all;
}

/** The first target whose type matches; types, never positions (Okta does not order targets). */
export function targetOf(event: LogEvent, type: string | RegExp): LogTarget | undefined {
  return event.targets.find((t) => (typeof type === 'string' ? t.type === type : type.test(t.type)));
}

/** A target's name for a sentence: its displayName, else alternateId, else id. */
export function nameOf(target: LogTarget | undefined): string | undefined {
  return target?.displayName ?? target?.alternateId ?? target?.id ?? undefined;
}

/**
 * What an event's outcome.result says, in Okta's own words (System Log reference, Outcome object: SUCCESS, FAILURE,
 * SKIPPED, ALLOW, DENY, CHALLENGE, UNKNOWN; okta-developer-docs data/event-types.json, policy.evaluate_sign_on: "ALLOW
 * (user is authenticated to access the resource)"): ALLOW and SUCCESS succeeded, DENY and FAILURE failed, CHALLENGE
 * asked for more; SKIPPED, UNKNOWN or none says neither. Read case-blind: Okta writes them upper case.
 */
export type Outcome = 'succeeded' | 'failed' | 'challenged' | 'neither';

const OUTCOMES: Readonly<Record<string, Outcome>> = {
  SUCCESS: 'succeeded',
  ALLOW: 'succeeded',
  FAILURE: 'failed',
  DENY: 'failed',
  CHALLENGE: 'challenged',
};

export function outcomeOf(event: Pick<LogEvent, 'result'>): Outcome {
  const word = event.result?.toUpperCase() ?? '';
  return Object.hasOwn(OUTCOMES, word) ? (OUTCOMES[word] ?? 'neither') : 'neither';
}
