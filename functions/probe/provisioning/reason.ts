// Okta's account of a failed provisioning call, reduced to the one word an admin acts on, at once. outcome.reason
// reads "<HTTP phrase>. Errors reported by remote server: <the app's text>", at most 255 characters, and the app's
// text can hold the user's login ("long_username (user=...)", "Error while creating user ...": support.okta.com
// provisioning KBs). So the reason is matched here and dropped: no caller ever holds it, only its class.
// debugData (error_code, error_field) is "not a data contract" (data/event-types.json UserProvisioningDebugData):
// it is read as a hint only when the reason says nothing.

/**
 * Why a provisioning call failed, as an admin would act on it: the app's credential (renew it), the app unreachable
 * (its URL, its network), the app's own rate limit (transient: Okta retries), the integration's configuration, one
 * user's data (a schema or attribute refusal, a conflict), or not known.
 */
export const REASON_CLASSES = [
  'credential',
  'unreachable',
  'app_rate_limit',
  'configuration',
  'user_data',
  'unknown',
] as const;
export type ReasonClass = (typeof REASON_CLASSES)[number];

/**
 * The classes in the order they are matched: a credential refusal wins over anything else it says, an app's rate
 * limit over an unreachable app (a 429 page may say "try again later"), a configuration over one user's data
 * ("Matching user not found" is a Not Found, yet the integration's settings are the fix).
 */
const PATTERNS: readonly (readonly [ReasonClass, RegExp])[] = (
  [
    [
      'credential',
      [
        '\\b40[13]\\b',
        'unauthori[sz]ed',
        'forbidden',
        'authenticat',
        'invalid[_ ](?:api[_ ])?(?:token|credential|grant|client)',
        '(?:token|credential|password|secret)s? (?:has |have )?(?:expired|revoked|invalid)',
        'expired (?:token|credential)',
        'access token',
        'api credential',
        'bearer',
      ],
    ],
    ['app_rate_limit', ['\\b429\\b', 'too many requests', 'rate[- _]?limit', 'throttl']],
    [
      'configuration',
      [
        'matching user not found',
        'deactivate users',
        'not enabled',
        'is disabled',
        'feature (?:is )?(?:off|disabled)',
        'misconfigur',
        'no such (?:endpoint|resource type)',
        'unsupported (?:operation|resource)',
        'not implemented',
        '\\b501\\b',
      ],
    ],
    [
      'unreachable',
      [
        '\\b50[234]\\b',
        'bad gateway',
        'service unavailable',
        'gateway time-?out',
        'timed? ?out',
        'connection (?:refused|reset|closed)',
        '(?:could not|unable to) connect',
        'unknown ?host',
        'no route',
        'ssl',
        'tls',
        'certificate',
        'handshake',
        'unreachable',
      ],
    ],
    [
      'user_data',
      [
        '\\b4(?:00|09|22)\\b',
        'bad request',
        'conflict',
        'already exists',
        'duplicate',
        'uniqueness',
        'schema',
        'attribute',
        'invalid (?:value|field|email|format)',
        'required field',
        'too long',
        'long_username',
        'unprocessable',
      ],
    ],
  ] as const
).map(([cause, phrases]) => [cause, new RegExp(phrases.join('|'), 'i')] as const);

/** What an integration error means when its reason is silent (data/event-types.json's description of each). */
const TYPE_DEFAULTS: Readonly<Record<string, ReasonClass>> = {
  'application.integration.authentication_failure': 'credential',
  'application.integration.rate_limit_exceeded': 'app_rate_limit',
  // "Okta couldn't verify api credentials."
  'application.configuration.update': 'credential',
};

/** Event types whose own meaning decides the class, whatever the reason says. */
const DECIDED_BY_TYPE: ReadonlySet<string> = new Set([
  'application.integration.authentication_failure',
  'application.integration.rate_limit_exceeded',
]);

/** The longest text matched: Okta cuts a reason at 255, so anything past a few hundred characters is not Okta's. */
const MOST_MATCHED = 512;

const classOf = (text: string): ReasonClass | undefined =>
  PATTERNS.find(([, pattern]) => pattern.test(text.slice(0, MOST_MATCHED)))?.[0];

/**
 * The class of a failure: the event type when it names the cause, else the reason, else the debugData hint
 * (error_code, which some connectors fill with the HTTP status), else the type's default, else unknown.
 */
export function reasonClass(eventType: string, reason: unknown, hint: unknown): ReasonClass {
  if (DECIDED_BY_TYPE.has(eventType)) return TYPE_DEFAULTS[eventType]!;
  const said = typeof reason === 'string' ? classOf(reason) : undefined;
  if (said !== undefined) return said;
  const hinted = typeof hint === 'string' ? classOf(hint) : undefined;
  return hinted ?? TYPE_DEFAULTS[eventType] ?? 'unknown';
}
