// One System Log event read as what it says about one of the org's own integrations, from hostile input. Names and
// fields are Okta's catalogue's (okta-developer-docs data/event-types.json): inline_hook.executed is written only when
// an execution fails, inline_hook.response.processed for every answer processed ("even when the processing is
// unsuccessful"), both with InlineHookDebugData (inline_hook_type, error_message); system.sms.send_* with SmsDebugData
// (is_sms_hook_failover, sms_telephony_provider) and an outcome DENY for a send Okta blocked (2022.06.0);
// system.sms.receive_status with SmsStatusDebugData (provider_status "Sms Delivered" / "Sms Failed"); the voice events
// the same with is_call_hook_failover, call_telephony_provider and "Call Completed" / "Call Failed";
// system.email.delivery with EmailDeliveryDebugData (category, email_provider, byo_email_server_error_response);
// system.import.roadblock, app.realtimesync.import_failed, system.import.start and system.import.complete
// (SystemImportDebugData, the app an AppInstance target; the catalogue documents no outcome field of its own, so a
// complete whose outcome.result is FAILURE is read as a failed import, anything else as done),
// system.email_domain.verify ("whether an admin has succeeded or failed to verify the email domain": outcome.result,
// the domain an EmailDomainResourceDetails target), group.user_membership.rule.error / .invalidate,
// policy.rule.invalidate, workflows.org.step_execution_limit.warning / .violation. Every event is reduced the moment it
// arrives to a few fields: no phone number, address, login, user id or Okta text survives (an error_message becomes its
// class), and a name an admin gave (a hook's, an app's, a rule's) is cut to one line. The catalogue types these events'
// targets only as ResourceDetails and gives `category` no example: the hook's target type (InlineHook) and the four
// delivery words are the simulator's reading, and anything else counts as unknown, never as a failure.
import { terminalSafe } from '../../text/terminal';

/** What a failed hook does to people, by its type (okta-developer-docs concepts/inline-hooks, time-out behaviour). */
export const HOOK_TYPES = {
  'com.okta.user.credential.password.import': { what: 'password import', effect: 'blocks' },
  'com.okta.user.pre-registration': { what: 'registration', effect: 'blocks' },
  'com.okta.oauth2.tokens.transform': { what: 'token', effect: 'claims' },
  'com.okta.saml.tokens.transform': { what: 'SAML assertion', effect: 'claims' },
  'com.okta.import.transform': { what: 'user import', effect: 'goes on' },
  'com.okta.telephony.provider': { what: 'telephony', effect: 'goes on' },
  other: { what: 'inline', effect: 'goes on' },
} as const;
export type HookType = keyof typeof HOOK_TYPES;

/** A failure's error_message, as a class: the text itself is Okta's (or the hook's) and is never kept. */
export type HookError = 'timeout' | 'error_answer' | 'invalid_answer' | 'other' | 'none';

type EmailStatus = 'delivered' | 'bounce' | 'blocked' | 'deferred' | 'unknown';

/** What an import event says: the first three are failures, the last two an import's progress. */
export const IMPORT_WHYS = ['safeguard', 'realtime', 'failed', 'started', 'completed'] as const;
export type ImportWhy = (typeof IMPORT_WHYS)[number];

const importWhy = (type: string, result: unknown): ImportWhy =>
  type === 'system.import.roadblock'
    ? 'safeguard'
    : type === 'app.realtimesync.import_failed'
      ? 'realtime'
      : type === 'system.import.start'
        ? 'started'
        : result === 'FAILURE'
          ? 'failed'
          : 'completed';

interface Base {
  readonly uuid: string;
  /** Epoch ms. */
  readonly published: number;
  /** Events this one stands for: a streamed minute's count of one integration (stream.ts); 1 when absent. */
  readonly n?: number;
}

/** One reduced event: a kind, a few fields, nothing personal. */
export type IntegrationEvent = Base &
  (
    | {
        readonly k: 'hook';
        /** Okta's id of the hook, else its type's (the event named no hook). */
        readonly hook: string;
        readonly name: string | null;
        readonly type: HookType;
        readonly failed: boolean;
        readonly why?: HookError;
      }
    | {
        readonly k: 'phone';
        readonly channel: 'SMS' | 'voice';
        readonly provider: string;
        /** A send (failover, blocked) or the provider's delivery status (delivered or not). */
        readonly stage: 'send' | 'status';
        readonly failover: boolean;
        readonly blocked: boolean;
        readonly delivered: boolean | null;
      }
    | { readonly k: 'email'; readonly status: EmailStatus; readonly smtpRefused: boolean }
    | {
        readonly k: 'import';
        readonly app: string;
        readonly name: string | null;
        /** Stopped by Import Safeguard, a real-time sync failed, an import failed, started or completed. */
        readonly why: ImportWhy;
      }
    | {
        readonly k: 'emailDomain';
        /** Okta's id of the e-mail domain, else 'unknown'. */
        readonly id: string;
        readonly name: string | null;
        readonly verified: boolean;
      }
    | { readonly k: 'rule'; readonly rule: 'group' | 'policy'; readonly id: string; readonly name: string | null }
    | { readonly k: 'workflows'; readonly level: 'warning' | 'violation' }
  );

/** Why an element was skipped, counted by the caller, never printed with anything of it. */
export type SkipReason = 'not_an_object' | 'not_ours' | 'torn';

/** An element skipped, and why. */
export interface Skipped {
  readonly skipped: SkipReason;
}

type Json = Readonly<Record<string, unknown>>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An event lists a few targets: only the first ones of a longer list are read. */
const MOST_TARGETS = 20;
/** Okta's ids: short, letters and digits. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A provider as Okta names it (VONAGE, AMAZON SNS, TWILIO, SES): anything else is "other". */
export const PROVIDER = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/;
/** A name an admin gave, as it may be printed: one line, at most this long. */
const MOST_NAME = 80;
/** The most of a hostile string looked at. */
const MOST_TEXT = 2000;

const idOf = (value: unknown): string | null => (typeof value === 'string' && ID.test(value) ? value : null);
const text = (value: unknown): string | null => (typeof value === 'string' ? value.slice(0, MOST_TEXT) : null);

/** A name an admin gave (a hook's, an app's, a rule's): control characters and markup dropped, one line, bounded. */
export function cleanName(value: unknown): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const clean = terminalSafe(raw)
    .replace(/[<>`"\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MOST_NAME);
  return clean === '' ? null : clean;
}

function providerOf(...values: unknown[]): string {
  const said = values.map(text).find((v) => v !== null && v.trim() !== '');
  if (said === undefined || said === null) return 'unknown';
  return PROVIDER.test(said.trim()) ? said.trim().toUpperCase() : 'other';
}

/** Okta writes these flags as strings ("true"), the catalogue says; a boolean is read too. */
const flag = (value: unknown): boolean =>
  value === true || (typeof value === 'string' && value.toLowerCase() === 'true');

function hookError(value: unknown): HookError {
  const said = text(value);
  if (said === null || said.trim() === '') return 'none';
  if (/time[ -_]?out|timed out/i.test(said)) return 'timeout';
  if (/\b[45]\d\d\b|server error|internal_error/i.test(said)) return 'error_answer';
  if (/invalid|malformed|pars|unexpected|not present/i.test(said)) return 'invalid_answer';
  return 'other';
}

function emailStatus(...values: unknown[]): EmailStatus {
  for (const value of values) {
    const said = text(value);
    if (said === null) continue;
    if (/bounce/i.test(said)) return 'bounce';
    if (/block|drop/i.test(said)) return 'blocked';
    if (/defer/i.test(said)) return 'deferred';
    if (/deliver/i.test(said)) return 'delivered';
  }
  return 'unknown';
}

const targetsOf = (raw: Json): Json[] =>
  Array.isArray(raw.target) ? raw.target.slice(0, MOST_TARGETS).filter(isJson) : [];
const ofType = (targets: readonly Json[], ...types: string[]): Json | undefined =>
  targets.find((t) => typeof t.type === 'string' && types.includes(t.type));

export const HOOK_TYPE_NAMES: ReadonlySet<string> = new Set(Object.keys(HOOK_TYPES));

function hookFields(type: string, targets: readonly Json[], result: unknown, debug: Json): object {
  const said = text(debug.inline_hook_type);
  const hookType: HookType = said !== null && HOOK_TYPE_NAMES.has(said) ? (said as HookType) : 'other';
  // The hook is a target of the event: by type, else by Okta's inline hook id prefix (cal...).
  const target = ofType(targets, 'InlineHook') ?? targets.find((t) => /^cal/.test(idOf(t.id) ?? ''));
  const failed = type === 'inline_hook.executed' || result === 'FAILURE';
  return {
    k: 'hook',
    hook: idOf(target?.id) ?? `type:${hookType}`,
    name: cleanName(target?.displayName),
    type: hookType,
    failed,
    ...(failed && { why: hookError(debug.error_message) }),
  };
}

function phoneFields(channel: string | undefined, send: boolean, result: unknown, debug: Json): object {
  const sms = channel === 'sms';
  const status = text(debug.provider_status);
  return {
    k: 'phone',
    channel: sms ? 'SMS' : 'voice',
    provider: sms
      ? providerOf(debug.sms_telephony_provider, debug.sms_provider)
      : providerOf(debug.call_telephony_provider, debug.call_provider),
    stage: send ? 'send' : 'status',
    failover: send && flag(sms ? debug.is_sms_hook_failover : debug.is_call_hook_failover),
    blocked: send && result === 'DENY',
    delivered: send || status === null ? null : /deliver|complet/i.test(status) && !/fail/i.test(status),
  };
}

function emailFields(debug: Json): object {
  const refusal = text(debug.byo_email_server_error_response);
  return {
    k: 'email',
    status: emailStatus(debug.category, debug.status),
    smtpRefused: refusal !== null && refusal.trim() !== '',
  };
}

function importFields(type: string, targets: readonly Json[], result: unknown): object {
  const app = ofType(targets, 'AppInstance');
  return {
    k: 'import',
    app: idOf(app?.id) ?? 'unknown',
    name: cleanName(app?.displayName),
    why: importWhy(type, result),
  };
}

function emailDomainFields(targets: readonly Json[], result: unknown): object {
  // The catalogue names the target's schema (EmailDomainResourceDetails), not its type string: the first target with
  // an id of Okta's shape is read.
  const domain = ofType(targets, 'EmailDomain') ?? targets.find((t) => idOf(t.id) !== null);
  return {
    k: 'emailDomain',
    id: idOf(domain?.id) ?? 'unknown',
    name: cleanName(domain?.displayName ?? domain?.alternateId),
    verified: result === 'SUCCESS',
  };
}

/** Targets that are never the rule: the group it fills, a person, the policy that holds it, an app. */
const NOT_THE_RULE: ReadonlySet<string> = new Set([
  'User',
  'AppUser',
  'UserGroup',
  'Group',
  'PolicyEntity',
  'Policy',
  'AppInstance',
]);
/** Where debugData may carry the rule's id (the simulator's group rule event writes the first). */
const RULE_ID_KEYS = ['triggered_by_group_rule_id', 'ruleId', 'rule_id', 'groupRuleId', 'policyRuleId'] as const;

/**
 * The rule an event names. The catalogue gives these events' targets no type: a target typed as a rule first, else
 * any other target that is not the group, a user or the policy, and the id debugData gives when no target does.
 */
function ruleFields(type: string, targets: readonly Json[], debug: Json): object {
  const group = type !== 'policy.rule.invalidate';
  const typed = (t: Json): string => (typeof t.type === 'string' ? t.type : '');
  const rule =
    ofType(targets, group ? 'GroupRule' : 'PolicyRule', 'Rule') ??
    targets.find((t) => /rule/i.test(typed(t))) ??
    targets.find((t) => !NOT_THE_RULE.has(typed(t)) && idOf(t.id) !== null);
  const fromDebug = RULE_ID_KEYS.map((k) => idOf(debug[k])).find((id) => id !== null);
  return {
    k: 'rule',
    rule: group ? 'group' : 'policy',
    id: idOf(rule?.id) ?? fromDebug ?? 'unknown',
    name: cleanName(rule?.displayName),
  };
}

/** The kind-specific fields of an event of ours (its type already checked against OURS). */
function fieldsOf(type: string, targets: readonly Json[], result: unknown, debug: Json): object {
  if (type.startsWith('inline_hook.')) return hookFields(type, targets, result, debug);
  const phone = /^system\.(sms|voice)\.(send_|receive_status$)/.exec(type);
  if (phone !== null) return phoneFields(phone[1], phone[2] === 'send_', result, debug);
  if (type === 'system.email.delivery') return emailFields(debug);
  if (/^(system\.import\.(roadblock|start|complete)|app\.realtimesync\.import_failed)$/.test(type))
    return importFields(type, targets, result);
  if (type === 'system.email_domain.verify') return emailDomainFields(targets, result);
  if (type.startsWith('group.user_membership.rule.') || type === 'policy.rule.invalidate')
    return ruleFields(type, targets, debug);
  return { k: 'workflows', level: type.endsWith('violation') ? 'violation' : 'warning' };
}

/** The event types read, exactly: a family read with `sw` holds others (system.voice.send_call is a send). */
const OURS =
  /^(inline_hook\.(executed|response\.processed)|system\.(sms|voice)\.(send_[a-z_]+|receive_status)|system\.email\.delivery|system\.email_domain\.verify|system\.import\.(roadblock|start|complete)|app\.realtimesync\.import_failed|group\.user_membership\.rule\.(error|invalidate)|policy\.rule\.invalidate|workflows\.org\.step_execution_limit\.(warning|violation))$/;

/** One System Log LogEvent reduced, or why it was skipped. Never throws, whatever `raw` is. */
export function readIntegrationEvent(raw: unknown): IntegrationEvent | Skipped {
  if (!isJson(raw)) return { skipped: 'not_an_object' };
  const type = raw.eventType;
  if (typeof type !== 'string' || type.length > 120 || !OURS.test(type)) return { skipped: 'not_ours' };
  const uuid = raw.uuid;
  if (typeof uuid !== 'string' || uuid === '' || uuid.length > 64) return { skipped: 'torn' };
  const published = typeof raw.published === 'string' ? Date.parse(raw.published.slice(0, 40)) : NaN;
  if (!Number.isSafeInteger(published) || published < 0) return { skipped: 'torn' };
  const outcome = isJson(raw.outcome) ? raw.outcome : {};
  const debugContext = isJson(raw.debugContext) ? raw.debugContext : {};
  const debug = isJson(debugContext.debugData) ? debugContext.debugData : {};
  const fields = fieldsOf(type, targetsOf(raw), outcome.result, debug);
  return { uuid, published, ...fields } as IntegrationEvent;
}

/** Whether a read gave a skip. */
export const isSkipped = (read: IntegrationEvent | Skipped): read is Skipped => 'skipped' in read;
