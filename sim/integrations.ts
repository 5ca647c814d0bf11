// The simulated org's own integrations, as the System Log records them (okta-developer-docs data/event-types.json): an
// inline hook's answers processed (inline_hook.response.processed) and its failures (inline_hook.executed, written only
// when an execution fails, with debugData.inline_hook_type and error_message); SMS and calls sent
// (system.sms.send_factor_verify_message, system.voice.send_mfa_challenge_call: is_sms_hook_failover /
// is_call_hook_failover, sms_telephony_provider / call_telephony_provider, phone_number) and their delivery status
// (system.sms.receive_status, system.voice.receive_status: provider_status "Sms Delivered"/"Sms Failed", "Call
// Completed"/"Call Failed"); e-mail deliveries (system.email.delivery: category, email_provider,
// byo_email_server_error_response for the org's own SMTP server); Import Safeguard (system.import.roadblock) and a
// group rule in error (group.user_membership.rule.error); an import's start and its end in failure
// (system.import.start, system.import.complete with outcome FAILURE) and the org's e-mail domain failing verification
// (system.email_domain.verify, outcome FAILURE, an EmailDomainResourceDetails target). The events carry what a real one
// may: a person's phone number, address and login, and the hook's own error text with control characters and markup,
// none of which may reach any output. Made per minute from the minute itself (the same query, the same events and
// uuids), and only for a query whose filter asks for these types.
import type { IntegrationFault } from './faults';
import type { SimLogEvent } from './system-log';

/** The oldest minute a query gets events of: a long demo's cursor never makes a query of days. */
const OLDEST_MINUTES = 120;

/** The org's hooks (Workflow > Inline Hooks): Okta's ids start "cal". */
export const SIM_HOOKS = {
  token: { id: 'cal1tokenhook0000x7', name: 'Claims enricher', type: 'com.okta.oauth2.tokens.transform' },
  registration: { id: 'cal1signuphook000x7', name: 'Sign-up checker', type: 'com.okta.user.pre-registration' },
  telephony: { id: 'cal1telephony0000x7', name: 'Twilio telephony', type: 'com.okta.telephony.provider' },
} as const;
type SimHook = (typeof SIM_HOOKS)[keyof typeof SIM_HOOKS];

/** The app Import Safeguard stops, and the group rule in error. */
const SIM_IMPORT_APP = { id: '0oa1workday00000x7', label: 'Workday' } as const;
const SIM_GROUP_RULE = { id: '0pr1engineering00x7', name: 'Engineering by department' } as const;
const SIM_POLICY_RULE = { id: '0pr1officeonly000x7', name: 'Office network only' } as const;
const SIM_EMAIL_DOMAIN = { id: 'OeD1acmemail0000x7', name: 'acme.example' } as const;

const workdayTarget = (): SimLogEvent['target'] => [
  {
    id: SIM_IMPORT_APP.id,
    type: 'AppInstance',
    alternateId: SIM_IMPORT_APP.label,
    displayName: SIM_IMPORT_APP.label,
    detailEntry: null,
  },
];

/** A person of the org, whose phone, address and login must never be told. */
const person = (n: number): { id: string; login: string; phone: string } => ({
  id: `00u1intg${String(n).padStart(5, '0')}x7`,
  login: `member${n}@acme.example`,
  phone: `+1555010${String(n % 10_000).padStart(4, '0')}`,
});

/** What a hook's own error text may hold: a terminal escape, markup, a person's address. */
const HOSTILE_TIMEOUT = '\u001b[31m<script>alert(1)</script> Read timed out after 3000 ms for member7@acme.example';

const uuidOf = (minute: number, i: number): string =>
  `b1c0${(minute % 0xffff).toString(16).padStart(4, '0')}-${i.toString(16).padStart(4, '0')}-11f0-` +
  `8a00-0000${minute.toString(16).padStart(8, '0').slice(-8)}`;

interface Made {
  readonly type: string;
  readonly result: 'SUCCESS' | 'FAILURE' | 'DENY';
  readonly target: SimLogEvent['target'];
  readonly debug: Record<string, unknown>;
  readonly message: string;
}

function logEvent(minute: number, i: number, made: Made): SimLogEvent {
  return {
    uuid: uuidOf(minute, i),
    published: new Date(minute * 60_000 + Math.min(59_000, 700 + i * 900)).toISOString(),
    eventType: made.type,
    displayMessage: made.message,
    severity: made.result === 'SUCCESS' ? 'INFO' : 'WARN',
    actor: {
      id: '0oa1oktasystem00x7',
      type: 'SystemPrincipal',
      alternateId: 'system@okta.com',
      displayName: 'Okta System',
    },
    client: { ipAddress: '198.51.100.31' },
    outcome: { result: made.result, reason: made.result === 'SUCCESS' ? null : 'See debugData' },
    target: made.target,
    transaction: { type: 'WEB', id: `intg${uuidOf(minute, i).slice(0, 8)}`, detail: {} },
    // Hostile values are Okta's to send: debugData holds what the event type carries, of any type.
    debugContext: { debugData: made.debug as Record<string, string> },
  };
}

const hookTarget = (hook: SimHook): SimLogEvent['target'] => [
  { id: hook.id, type: 'InlineHook', alternateId: hook.name, displayName: hook.name, detailEntry: null },
];
const userTarget = (n: number): NonNullable<SimLogEvent['target']>[number] => ({
  id: person(n).id,
  type: 'User',
  alternateId: person(n).login,
  displayName: `Member ${n}`,
  detailEntry: null,
});

const processed = (hook: SimHook): Made => ({
  type: 'inline_hook.response.processed',
  result: 'SUCCESS',
  target: hookTarget(hook),
  debug: { inline_hook_type: hook.type },
  message: 'Inline hook response processed',
});
const hookFailed = (hook: SimHook, error: unknown): Made => ({
  type: 'inline_hook.executed',
  result: 'FAILURE',
  target: hookTarget(hook),
  debug: { inline_hook_type: hook.type, error_message: error },
  message: 'Inline hook executed',
});

function sms(n: number, failover: boolean, delivered: boolean, provider = 'TWILIO'): Made[] {
  const common = {
    sms_telephony_provider: provider,
    phone_number: person(n).phone,
    country_code_iso2: 'US',
    customer_provided_account: 'true',
  };
  return [
    {
      type: 'system.sms.send_factor_verify_message',
      result: 'SUCCESS',
      target: [userTarget(n)],
      debug: { ...common, is_sms_hook_failover: String(failover) },
      message: 'Send second factor auth SMS',
    },
    {
      type: 'system.sms.receive_status',
      result: 'SUCCESS',
      target: [userTarget(n)],
      debug: { ...common, provider_status: delivered ? 'Sms Delivered' : 'Sms Failed' },
      message: 'SMS status received',
    },
  ];
}

/**
 * A send Okta blocked itself, its toll-fraud and rate protection: outcome DENY, and no status ever comes back from a
 * provider (okta-developer-docs data/event-types.json, system.sms.send_*; Okta's 2022.06.0 release notes moved these
 * from system.operation.rate_limit.violation to the send's own event).
 */
const smsDenied = (n: number): Made => ({
  type: 'system.sms.send_factor_verify_message',
  result: 'DENY',
  target: [userTarget(n)],
  debug: { sms_telephony_provider: 'TWILIO', phone_number: person(n).phone, country_code_iso2: 'US' },
  message: 'Send second factor auth SMS',
});

function call(n: number): Made[] {
  const common = { call_telephony_provider: 'TWILIO', phone_number: person(n).phone, country_code_iso2: 'CA' };
  return [
    {
      type: 'system.voice.send_mfa_challenge_call',
      result: 'SUCCESS',
      target: [userTarget(n)],
      debug: { ...common, is_call_hook_failover: 'false' },
      message: 'Send second factor auth call',
    },
    {
      type: 'system.voice.receive_status',
      result: 'SUCCESS',
      target: [userTarget(n)],
      debug: { ...common, provider_status: 'Call Completed' },
      message: 'Call status received',
    },
  ];
}

const email = (n: number, category: string, refusal?: string): Made => ({
  type: 'system.email.delivery',
  result: category === 'Delivered' ? 'SUCCESS' : 'FAILURE',
  target: [userTarget(n)],
  debug: {
    category,
    email_provider: refusal === undefined ? 'SES' : 'CUSTOM_SMTP',
    user_id: person(n).id,
    ...(refusal !== undefined && { byo_email_server_error_response: refusal }),
  },
  message: 'Email delivery status updated',
});

/** One minute of a healthy org: tokens through the hook, codes by SMS and a call, mail delivered. */
function healthy(minute: number, fault: IntegrationFault): Made[] {
  const n = minute % 400;
  const failover = fault === 'telephony-failover';
  const undelivered = fault === 'sms-undelivered';
  return [
    processed(SIM_HOOKS.token),
    processed(SIM_HOOKS.token),
    ...sms(n, failover && minute % 2 === 0, !(undelivered && minute % 4 !== 0)),
    ...sms(n + 1, false, !(undelivered && minute % 4 !== 1)),
    ...(minute % 2 === 0 ? call(n + 2) : []),
    ...(fault === 'smtp-refusing'
      ? []
      : [email(n + 3, 'Delivered'), email(n + 4, 'Delivered'), email(n + 5, 'Delivered')]),
  ];
}

/** Each scenario's own events of one minute, beside the healthy traffic. */
const FAULTED: Readonly<Record<IntegrationFault, (minute: number) => Made[]>> = {
  healthy: () => [],
  'token-hook-timeout': (minute) => [
    hookFailed(SIM_HOOKS.token, HOSTILE_TIMEOUT),
    // A hostile error_message: not a string, and a debugData value of any size.
    ...(minute % 5 === 0 ? [hookFailed(SIM_HOOKS.token, { nested: 'x'.repeat(20_000) })] : []),
  ],
  'registration-hook-500': () => [
    hookFailed(SIM_HOOKS.registration, 'Returned HTTP 500 <html><body>Internal Server Error</body></html>'),
  ],
  'telephony-failover': () => [hookFailed(SIM_HOOKS.telephony, 'Read timed out')],
  'sms-undelivered': () => [],
  // As many sends blocked as delivered: half of the people asking for a code get none.
  'sms-blocked': (minute) => [smsDenied((minute + 7) % 400), smsDenied((minute + 11) % 400)],
  'smtp-refusing': (minute) => [
    email(minute % 400, 'Blocked', `550 5.7.1 <member${minute % 400}@acme.example>: Relaying denied`),
    email((minute + 1) % 400, 'Blocked', '535 5.7.8 Authentication credentials invalid'),
  ],
  'email-bounces': (minute) => (minute % 10 === 0 ? [email(minute % 400, 'Bounce')] : []),
  'import-safeguard': (minute) =>
    minute % 30 === 0
      ? [
          {
            type: 'system.import.roadblock',
            result: 'SUCCESS',
            target: [
              {
                id: SIM_IMPORT_APP.id,
                type: 'AppInstance',
                alternateId: SIM_IMPORT_APP.label,
                displayName: SIM_IMPORT_APP.label,
                detailEntry: null,
              },
            ],
            debug: {
              threshold: '20%',
              app_unassignment_percent: '58.3%',
              roadblocked_instances: { [SIM_IMPORT_APP.id]: { appUnassignments: 341 } },
            },
            message: 'Import roadblock triggered due to exceeded threshold',
          },
        ]
      : [],
  // The Workday import every half hour: started, then ended in failure two minutes later.
  'import-failed': (minute) =>
    minute % 30 === 0
      ? [
          {
            type: 'system.import.start',
            result: 'SUCCESS',
            target: workdayTarget(),
            debug: { importType: 'INCREMENTAL' },
            message: 'import started',
          },
        ]
      : minute % 30 === 2
        ? [
            {
              type: 'system.import.complete',
              result: 'FAILURE',
              target: workdayTarget(),
              debug: { importType: 'INCREMENTAL' },
              message: 'Import process complete',
            },
          ]
        : [],
  'email-domain-unverified': (minute) =>
    minute % 20 === 0
      ? [
          {
            type: 'system.email_domain.verify',
            result: 'FAILURE',
            target: [
              {
                id: SIM_EMAIL_DOMAIN.id,
                type: 'EmailDomain',
                alternateId: SIM_EMAIL_DOMAIN.name,
                displayName: SIM_EMAIL_DOMAIN.name,
                detailEntry: null,
              },
            ],
            debug: {},
            message: 'Verify email domain',
          },
        ]
      : [],
  'group-rule-error': (minute) =>
    minute % 15 === 0
      ? [
          {
            type: 'group.user_membership.rule.error',
            result: 'FAILURE',
            target: [
              {
                id: SIM_GROUP_RULE.id,
                type: 'GroupRule',
                alternateId: SIM_GROUP_RULE.name,
                displayName: SIM_GROUP_RULE.name,
                detailEntry: null,
              },
            ],
            debug: { triggered_by_group_rule_id: SIM_GROUP_RULE.id },
            message: 'group membership rule is in error state',
          },
        ]
      : [],
  'policy-rule-invalid': (minute) =>
    minute % 20 === 0
      ? [
          {
            type: 'policy.rule.invalidate',
            result: 'SUCCESS',
            target: [
              {
                id: SIM_POLICY_RULE.id,
                type: 'PolicyRule',
                alternateId: SIM_POLICY_RULE.name,
                displayName: SIM_POLICY_RULE.name,
                detailEntry: null,
              },
            ],
            debug: { Reason: 'Network Zone used by the rule was deleted or deactivated' },
            message: 'Invalidate policy rule',
          },
        ]
      : [],
  'workflows-limit': (minute) =>
    minute % 30 === 0
      ? [
          {
            type: 'workflows.org.step_execution_limit.violation',
            result: 'SUCCESS',
            target: null,
            debug: { enforcementType: 'THROTTLE' },
            message: 'Workflows org exceeded its step execution limit',
          },
        ]
      : [],
};

/** Whether a /api/v1/logs filter asks for these events: only then are they made. */
export function asksForIntegrations(filter: string | null): boolean {
  return filter !== null && /inline_hook\.|system\.sms\.|system\.email\.delivery/.test(filter);
}

/** The integrations' events published in [since, until), oldest first. */
export function integrationEvents(fault: IntegrationFault, since: number, until: number): SimLogEvent[] {
  const from = Math.max(Math.floor(since / 60_000), Math.floor(until / 60_000) - OLDEST_MINUTES);
  const events: SimLogEvent[] = [];
  for (let minute = from; minute * 60_000 < until; minute += 1)
    events.push(...[...healthy(minute, fault), ...FAULTED[fault](minute)].map((m, i) => logEvent(minute, i, m)));
  return events.filter((e) => Date.parse(e.published) >= since && Date.parse(e.published) < until);
}
