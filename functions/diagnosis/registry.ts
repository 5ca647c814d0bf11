// One registry of diagnosis codes: what each code means (whose it is, its layer, how its severity is decided, whether
// it ends by itself, what of our setup it is about), one row per code, by family (codes/). The Record type makes a
// code of the contract without a row fail to compile. Every view reads it through codeRow and verdictOf; no view
// keeps a set of codes, tests a code's prefix or compares owners itself (test/functions/code-registry.test.ts).
import type { DiagnosisCode, FaultOwner } from '../contract';
import type { CodeRow, CodeSubject } from './code-row';
import { ACCESS_CODES } from './codes/access';
import { APP_CODES } from './codes/app';
import type { DiagnosisText } from './text';
import { CAPACITY_TRANSPORT_CODES } from './codes/capacity-transport';
import { CLIENT_CODES } from './codes/client';
import { CONFIGURATION_CODES } from './codes/configuration';
import { INTEGRATION_DOMAINS_CODES } from './codes/integration-domains';
import { INTEGRATIONS_CODES } from './codes/integrations';
import { INVENTORY_CODES } from './codes/inventory';
import { PROVISIONING_CODES } from './codes/provisioning';
import { RESOURCE_CODES } from './codes/resource';
import { SAML_CODES } from './codes/saml';
import { SIGN_IN_CODES } from './codes/sign-in';
import { SYSTEM_LOG_CODES } from './codes/system-log';
import { TOKEN_CODES } from './codes/token';
import { USER_SIGN_INS_CODES } from './codes/user-sign-ins';

export type { CodeLayer, CodeRow, CodeSubject, SeverityRule } from './code-row';

/**
 * The codes whose row says the synthetic user cannot sign in whatever its password (`password`: `account`): what a
 * refused password is retold as once the user's status is read (sign-in/lockout.ts). All of the sign-in family.
 */
export type AccountCode = {
  [C in keyof typeof SIGN_IN_CODES]: (typeof SIGN_IN_CODES)[C] extends { readonly password: 'account' } ? C : never;
}[keyof typeof SIGN_IN_CODES];

/** Every code's row, assembled from its family; the type holds each row to its texts (a row without one fails). */
export const CODES: Readonly<Record<DiagnosisCode, CodeRow & DiagnosisText>> = {
  ...CONFIGURATION_CODES,
  ...CLIENT_CODES,
  ...TOKEN_CODES,
  ...RESOURCE_CODES,
  ...APP_CODES,
  ...SIGN_IN_CODES,
  ...SAML_CODES,
  ...CAPACITY_TRANSPORT_CODES,
  ...SYSTEM_LOG_CODES,
  ...USER_SIGN_INS_CODES,
  ...PROVISIONING_CODES,
  ...INTEGRATIONS_CODES,
  ...INTEGRATION_DOMAINS_CODES,
  ...ACCESS_CODES,
  ...INVENTORY_CODES,
};

/** Each family's rows, by the family's name (codes/<family>.ts). */
const FAMILIES = {
  configuration: CONFIGURATION_CODES,
  client: CLIENT_CODES,
  token: TOKEN_CODES,
  resource: RESOURCE_CODES,
  app: APP_CODES,
  'sign-in': SIGN_IN_CODES,
  saml: SAML_CODES,
  'capacity-transport': CAPACITY_TRANSPORT_CODES,
  'system-log': SYSTEM_LOG_CODES,
  'user-sign-ins': USER_SIGN_INS_CODES,
  provisioning: PROVISIONING_CODES,
  integrations: INTEGRATIONS_CODES,
  'integration-domains': INTEGRATION_DOMAINS_CODES,
  access: ACCESS_CODES,
  inventory: INVENTORY_CODES,
} as const;
type CodeFamily = keyof typeof FAMILIES;

const FAMILY_OF: ReadonlyMap<string, CodeFamily> = new Map(
  Object.entries(FAMILIES).flatMap(([family, rows]) => Object.keys(rows).map((code) => [code, family as CodeFamily])),
);

/** The family a code's row is written in (codes/<family>.ts); undefined for a code no table holds. */
export const familyOf = (code: DiagnosisCode): CodeFamily | undefined => FAMILY_OF.get(code);

/** A row for codes no table holds (another version's, read back from a run line): ours, a reading, never paging. */
const UNKNOWN_ROW: CodeRow = { owner: 'probe', layer: 'reading', severity: 'alarm' };

/** What a code means: its row, or for a code another version wrote, the probe's reading. */
export function codeRow(code: DiagnosisCode): CodeRow {
  return Object.hasOwn(CODES, code) ? CODES[code] : UNKNOWN_ROW;
}

/** Whether a string is a code the registry holds (a run line or a kept record read back). */
export const isDiagnosisCode = (value: unknown): value is DiagnosisCode =>
  typeof value === 'string' && Object.hasOwn(CODES, value);

/** The codes whose row passes `keep`, in the contract's order of the families. */
export function codesWhere(keep: (row: CodeRow, code: DiagnosisCode) => boolean): readonly DiagnosisCode[] {
  return (Object.keys(CODES) as DiagnosisCode[]).filter((code) => keep(CODES[code], code));
}

/** Whose fault a failure with this code is; a code no table holds (another version's) ours. */
export const ownerOf = (code: DiagnosisCode): FaultOwner => codeRow(code).owner;

/** Whether a failure is the probe's own (its credentials, its user, its network or DNS, our reading). */
export const isOurs = (code: DiagnosisCode): boolean => ownerOf(code) === 'probe';

/**
 * The codes whose answer came from the organisation's own API (the resource check), never from Okta (the row's
 * `answeredBy`): a report and a page say so instead of "Okta answered", and look for no X-Okta-Request-Id.
 */
export const API_ANSWER_CODES: ReadonlySet<DiagnosisCode> = new Set(codesWhere((row) => row.answeredBy === 'api'));

/**
 * The codes whose answer came from the app a journey signed in to (its `app` block), never from Okta (the row's
 * `answeredBy`): a report says "The app" answered, and looks for no X-Okta-Request-Id in its answer.
 */
export const APP_ANSWER_CODES: ReadonlySet<DiagnosisCode> = new Set(codesWhere((row) => row.answeredBy === 'app'));

/** The code an app's failure is told with when Okta refused the app's own request (the row's backChannelRefused). */
export const BACK_CHANNEL_REFUSED: DiagnosisCode = ((codes) => {
  if (codes.length !== 1) throw new Error(`one code is the back channel's refusal, not ${codes.length}`);
  return codes[0]!;
})(codesWhere((row) => row.backChannelRefused === true));

/** Whether a code is one of Okta's announced operations: news, never a page (severity `never`). */
export const neverPages = (code: DiagnosisCode): boolean => codeRow(code).severity === 'never';

/**
 * Whether a finding with this code says its check judged nothing of its target this run (the row's `unjudged`, or
 * Okta's announced operations): a warning, no CheckSuccess published, never up nor down.
 */
export function isUnjudged(code: DiagnosisCode | undefined): boolean {
  return code !== undefined && (codeRow(code).unjudged === true || neverPages(code));
}

/**
 * Whether agreeing regions make a failure with this code Okta's outage: Okta's own codes (not its announced
 * operations), and a refused connection, which from one region is that region's path and from two is Okta's.
 * Everything else (a rotated secret, a policy) is the same everywhere and never an outage.
 */
export function isOutageCode(code: DiagnosisCode): boolean {
  const row = codeRow(code);
  return (row.owner === 'okta' || row.severalRegions === 'okta') && row.severity !== 'never';
}

/**
 * Whether a failure with this code is worth one more try after a short pause (the row's `transient`): the one rule
 * of every retry, a timed check's (probe/engine.ts) and a SAML app's walk (saml/group/check-app.ts).
 */
export const isTransient = (code: DiagnosisCode): boolean => codeRow(code).transient === true;

/**
 * The code an answer is told with: the row's `withoutRequestId` when the answer carries no X-Okta-Request-Id (it did
 * not come from Okta), else `code`.
 */
export function answerCode(code: DiagnosisCode, requestId: string | null | undefined): DiagnosisCode {
  const other = codeRow(code).withoutRequestId;
  return other !== undefined && (requestId === null || requestId === undefined) ? other : code;
}

/** Whether a code tells nothing of the org or of a release: the edge, or no answer at all. */
export const isEdgeCode = (code: DiagnosisCode): boolean => codeRow(code).layer === 'edge';

/** Our own network at the edge (DNS, a refused connection, a proxy or firewall before Okta): no grant changes it. */
export const isOurNetwork = (code: DiagnosisCode): boolean => {
  const row = codeRow(code);
  return row.layer === 'edge' && row.owner === 'probe';
};

/** Whether from one place a code cannot be told from our own network (no connection at all). */
export const isOursOrOktasEdge = (code: DiagnosisCode): boolean => codeRow(code).severalRegions === 'okta';

/**
 * What a Preview entry sets for itself (its app, the app's grants, its credential, its synthetic user, our store), and
 * the ids it takes from Production's rows, which the Preview org may not have.
 */
const PREVIEW_OWN_SUBJECTS: ReadonlySet<CodeSubject> = new Set<CodeSubject>([
  'app',
  'grant',
  'credential',
  'user',
  'store',
  'ids',
]);

/**
 * Whether a Preview failure with this code is the Preview org's own setup, never a sign of Okta's next release: a
 * code about what the entry sets for itself (the row's subject), or about a value it could set but leaves unset while
 * Production's entry sets one (`inherited`): an issuer, which the Preview org is then checked for as derived from its
 * own orgUrl, never Production's (a custom URL domain belongs to one org).
 */
export function previewOwnSetup(code: DiagnosisCode, inherited: readonly string[] = []): boolean {
  const { subject } = codeRow(code);
  if (subject === undefined) return false;
  return PREVIEW_OWN_SUBJECTS.has(subject) || inherited.includes(subject);
}

/**
 * Whether a failure says what Okta answered (or failed to answer) rather than that our own reading could not be made
 * (a list unread, a log throttled): an outage causes both, and only the first tells whether the org answered.
 */
export const isAnswer = (code: DiagnosisCode): boolean => codeRow(code).layer !== 'reading';

/**
 * Whether Okta throttled an exchange of ours with our own bucket (the probe's, its user's): a 429 of the request
 * itself (the capacity family), not a reading's summary of one (SYSTEM_LOG_THROTTLED), nor Okta's concurrency.
 */
export function isOwnThrottle(code: DiagnosisCode): boolean {
  const row = codeRow(code);
  return row.refusal === 'throttled' && row.owner === 'probe' && familyOf(code) === 'capacity-transport';
}

/** The codes a reading of ours words an Okta refusal with: a scope not granted, a role missing, a bucket throttled. */
const READING_CODES = {
  'system-log': {
    scope: 'SYSTEM_LOG_SCOPE_NOT_GRANTED',
    role: 'SYSTEM_LOG_ROLE_MISSING',
    throttled: 'SYSTEM_LOG_THROTTLED',
  },
  inventory: { scope: 'INVENTORY_SCOPE_NOT_GRANTED', role: 'INVENTORY_ROLE_MISSING', throttled: 'INVENTORY_THROTTLED' },
  access: { scope: 'ACCESS_NOT_PERMITTED', role: 'ACCESS_NOT_PERMITTED', throttled: 'ACCESS_UNREAD' },
} as const satisfies Record<string, Record<NonNullable<CodeRow['refusal']>, DiagnosisCode>>;

/**
 * An answer to one of our readings in that reading's words: a refusal (the row's `refusal`: a scope, a role, a
 * throttled bucket, Okta's concurrency limit included) becomes the reading's own code, with its remedy; any other
 * answer stays what it is.
 */
export function asReading(code: DiagnosisCode, reading: keyof typeof READING_CODES): DiagnosisCode {
  const { refusal } = codeRow(code);
  return refusal === undefined ? code : READING_CODES[reading][refusal];
}
