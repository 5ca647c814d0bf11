// Okta's account of a failed provisioning call, reduced to the one word an admin acts on, at once. outcome.reason
// reads "<HTTP phrase>. Errors reported by remote server: <the app's text>", at most 255 characters, and the app's
// text can hold the user's login ("long_username (user=...)", "Error while creating user ...": support.okta.com
// provisioning KBs). So the reason is matched here and dropped: no caller ever holds it, only its class.
// debugData (error_code, error_field) is "not a data contract" (data/event-types.json UserProvisioningDebugData):
// it is read as a hint only when the reason says nothing.
import type { DiagnosisCode } from '../../contract';

/**
 * Why a provisioning call failed, as an admin would act on it, in one table that the reader, the judge and the
 * findings all read: the app's credential (renew it), the app unreachable (its URL, its network), the app's own rate
 * limit (transient: Okta retries), the integration's configuration, one user's data (a schema or attribute refusal, a
 * conflict), or not known. For each:
 * - `match`: the order its phrases are tried in (none for `unknown`, what is left): a credential refusal wins over
 *   anything else it says, an app's rate limit over an unreachable app (a 429 page may say "try again later"), a
 *   configuration over one user's data ("Matching user not found" is a Not Found, yet the integration's settings are
 *   the fix);
 * - `priority`: the order a cause is told in when an app fails more than one way: what blocks every user first;
 * - `code`: its finding; `perUser`: from a call about one user's account, it is that user's, not the connection's;
 *   `transient`: Okta retries it, so it clears by itself unless it lasts.
 */
export const REASONS = {
  credential: {
    match: 1,
    priority: 1,
    code: 'PROVISIONING_CREDENTIAL_FAILED',
    perUser: false,
    transient: false,
    phrases: [
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
  },
  app_rate_limit: {
    match: 2,
    priority: 4,
    code: 'PROVISIONING_APP_RATE_LIMITED',
    perUser: false,
    transient: true,
    phrases: ['\\b429\\b', 'too many requests', 'rate[- _]?limit', 'throttl'],
  },
  configuration: {
    match: 3,
    priority: 2,
    code: 'PROVISIONING_CONFIGURATION',
    perUser: false,
    transient: false,
    phrases: [
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
  },
  unreachable: {
    match: 4,
    priority: 3,
    code: 'PROVISIONING_APP_UNREACHABLE',
    perUser: false,
    transient: false,
    phrases: [
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
  },
  user_data: {
    match: 5,
    priority: 6,
    code: 'PROVISIONING_USER_DATA',
    perUser: true,
    transient: false,
    phrases: [
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
  },
  unknown: {
    match: null,
    priority: 5,
    code: 'PROVISIONING_FAILING',
    perUser: true,
    transient: false,
    phrases: [],
  },
} as const satisfies Readonly<
  Record<
    string,
    {
      readonly match: number | null;
      readonly priority: number;
      readonly code: DiagnosisCode;
      readonly perUser: boolean;
      readonly transient: boolean;
      readonly phrases: readonly string[];
    }
  >
>;
export type ReasonClass = keyof typeof REASONS;

/** Every class, in the table's order. */
export const REASON_CLASSES = Object.keys(REASONS) as readonly ReasonClass[];

/** The classes in the order an app's causes are told: what blocks every user first. */
export const CAUSE_PRIORITY: readonly ReasonClass[] = [...REASON_CLASSES].sort(
  (a, b) => REASONS[a].priority - REASONS[b].priority,
);

/** The classes with phrases, in the order they are matched, each as one pattern. */
const PATTERNS: readonly (readonly [ReasonClass, RegExp])[] = REASON_CLASSES.flatMap((cause) => {
  const { match, phrases } = REASONS[cause];
  return match === null ? [] : [[match, cause, new RegExp(phrases.join('|'), 'i')] as const];
})
  .sort(([a], [b]) => a - b)
  .map(([, cause, pattern]) => [cause, pattern] as const);

/** The longest text matched: Okta cuts a reason at 255, so anything past a few hundred characters is not Okta's. */
const MOST_MATCHED = 512;

const classOf = (text: string): ReasonClass | undefined =>
  PATTERNS.find(([, pattern]) => pattern.test(text.slice(0, MOST_MATCHED)))?.[0];

/**
 * The class of a failure: its event type's own cause when the type decides it (outcomes.ts `cause`), else the reason,
 * else the debugData hint (error_code, which some connectors fill with the HTTP status), else the type's own cause,
 * else unknown.
 */
export function reasonClass(
  reason: unknown,
  hint: unknown,
  own?: { readonly cause: ReasonClass; readonly decided: boolean },
): ReasonClass {
  if (own?.decided === true) return own.cause;
  const said = typeof reason === 'string' ? classOf(reason) : undefined;
  if (said !== undefined) return said;
  const hinted = typeof hint === 'string' ? classOf(hint) : undefined;
  return hinted ?? own?.cause ?? 'unknown';
}

/** The finding of each cause. */
export const causeCodes = (): Readonly<Record<ReasonClass, DiagnosisCode>> =>
  Object.fromEntries(REASON_CLASSES.map((cause) => [cause, REASONS[cause].code])) as Record<ReasonClass, DiagnosisCode>;
