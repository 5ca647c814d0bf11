// The apps of a group of SAML apps, as one run knows them: listed in the config (the SP's values, checked
// against the assertion) or found through the Management API (Okta's own settings of the app, checked the same way),
// and what each keeps between runs: its last verdict and certificate, never the SAMLResponse. Pure.
import { STORED_SKEW_MS, type DiagnosisCode } from '../../../contract';
import type { SamlAppConfig } from '../../../types';
import { redact } from '../../../text/redact';
// Longest detail kept, as a journey's: repeated in every run line while the app fails.
import { MAX_KEPT_DETAIL } from '../../cadence';
import { provisioningFeatures, type ProvisioningFeature } from '../../okta/item';
import { isCode, isHttpStatus, isRecord, isTime, timeProblem } from '../../stored-bounds';

/** A discovered app as the Management API describes it (GET /api/v1/apps: `Application`, `settings.signOn`). */
export interface FoundApp {
  /** Okta's app id (0oa...): the item's key, and the Management API's path to its metadata. */
  readonly appId: string;
  readonly label: string;
  /**
   * credentials.signing.kid: the key it signs with, whose metadata Okta publishes (previewSAMLmetadataForApplication).
   */
  readonly kid?: string;
  /** settings.signOn.audience: the Audience Okta puts in the assertion (absent for many OIN apps: not checked then). */
  readonly audience?: string;
  /** settings.signOn.recipient (else ssoAcsUrl): the SubjectConfirmationData Recipient. */
  readonly recipient?: string;
  /** settings.signOn.destination: the Response's Destination (else the recipient). */
  readonly destination?: string;
  /** settings.signOn.ssoAcsUrl: where the SSO form posts (the SP's ACS URL), which the Recipient may differ from. */
  readonly acsUrl?: string;
  /**
   * The CASB overrides the app's sign-on settings carry (ssoAcsUrlOverride, audienceOverride, recipientOverride,
   * destinationOverride): the values above are theirs where set, and the report says so.
   */
  readonly overrides?: readonly string[];
  /**
   * accessibility.errorRedirectUrl, "Custom error page URL for the app" (ApplicationAccessibility, okta-sdk-nodejs
   * oas-spec/management.yaml): where Okta sends a user the app refuses, an unassigned one among them, instead of its
   * own error page. An SSO that redirects there is the app refusing the user, not a sign-in elsewhere.
   */
  readonly errorRedirectUrl?: string;
  /**
   * The app's enabled features that create users in it (okta/item.ts PROVISIONING_FEATURES): assigning the synthetic
   * user to such an app makes Okta create a real account there. From the listing's own `features`, no request per app.
   */
  readonly provisions?: readonly ProvisioningFeature[];
}

/** The CASB override fields of SamlApplicationSettingsSignOn (okta-sdk-nodejs oas-spec/management.yaml). */
export const SAML_OVERRIDES = [
  'ssoAcsUrlOverride',
  'audienceOverride',
  'recipientOverride',
  'destinationOverride',
] as const;

/** An app of a group this run: its key (the listed id, or Okta's app id) and how it is described. */
export type GroupApp =
  | { readonly id: string; readonly listed: SamlAppConfig }
  | { readonly id: string; readonly found: FoundApp };

/** How an app is named to people: the listed id, or Okta's label with its id ("Salesforce (0oa1...)"). */
export function itemName(app: GroupApp): string {
  return 'listed' in app
    ? app.id
    : `${app.found.label.replace(/\s+/g, ' ').trim().slice(0, 80) || 'app'} (${app.found.appId})`;
}

/** The signing certificate an app was judged with: the one that signed, else its metadata's soonest to expire. */
export interface KeptCertificate {
  readonly notAfter: number;
  readonly fingerprint: string;
}

/** One app as kept between runs: a few hundred bytes of JSON. */
export interface KeptApp {
  /** When it was last checked, epoch ms; absent: not yet. */
  readonly at?: number;
  /** When it joined the group, epoch ms: a new app is overdue only after twice its cadence. */
  readonly first: number;
  /** When it was last in the group's catalogue: one gone this long is forgotten (SAML_GROUP.forgetAfterMs). */
  readonly seen: number;
  /** The assertion's verdict at its last check: null passed (or does not apply, with notRun). */
  readonly code?: DiagnosisCode | null;
  readonly notRun?: 'skip' | 'n/a';
  readonly detail?: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  /** Since when its verdict has failed, epoch ms: the app's own "failing since". */
  readonly since?: number;
  readonly cert?: KeptCertificate;
  /** Whether it signed its last assertion with SHA-1 (a warning). */
  readonly sha1?: boolean;
  /** A discovered app's description, so that a cold start checks it before listing the catalogue again. */
  readonly found?: FoundApp;
}

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 2048;

/**
 * A kept record read back from a store, judged field by field: one of another shape is no record (the app is judged
 * afresh). So is one, given `now`, whose times lie ahead of it by more than a clock's skew: a verdict dated a year
 * ahead would never be overdue, and the app never picked again, its last verdict carried for good.
 */
export function readKeptApp(value: unknown, now?: number): KeptApp | undefined {
  if (!isRecord(value)) return undefined;
  const v = value;
  // Each time within Date's range (one past it threw where the group's lines print it) and, given now, not ahead.
  const latest = now === undefined ? Number.MAX_VALUE : now + STORED_SKEW_MS;
  const times = { first: v.first, seen: v.seen, at: v.at, since: v.since };
  if (Object.entries(times).some(([field, time]) => timeProblem(time, field, latest) !== undefined)) return undefined;
  if (!isTime(v.first) || !isTime(v.seen)) return undefined;
  const code = v.code === null || isCode(v.code) ? (v.code as DiagnosisCode | null) : undefined;
  const certificate = isRecord(v.cert) ? v.cert : undefined;
  const cert =
    certificate !== undefined && isTime(certificate.notAfter) && isText(certificate.fingerprint)
      ? { notAfter: certificate.notAfter, fingerprint: certificate.fingerprint }
      : undefined;
  const found = readFound(v.found);
  const status = isHttpStatus(v.httpStatus) ? v.httpStatus : undefined;
  return {
    first: v.first,
    seen: v.seen,
    ...(isTime(v.at) && { at: v.at }),
    ...(code !== undefined && { code }),
    ...((v.notRun === 'skip' || v.notRun === 'n/a') && { notRun: v.notRun }),
    ...(isText(v.detail) && { detail: v.detail.slice(0, MAX_KEPT_DETAIL) }),
    ...(isText(v.requestId) && { requestId: v.requestId }),
    ...(status !== undefined && { httpStatus: status }),
    ...(isTime(v.since) && code !== null && code !== undefined && { since: v.since }),
    ...(cert !== undefined && { cert }),
    ...(v.sha1 === true && { sha1: true }),
    ...(found !== undefined && { found }),
  };
}

function readFound(value: unknown): FoundApp | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isText(v.appId) || typeof v.label !== 'string') return undefined;
  return {
    appId: v.appId,
    label: v.label.slice(0, 200),
    ...(isText(v.kid) && { kid: v.kid }),
    ...(isText(v.audience) && { audience: v.audience }),
    ...(isText(v.recipient) && { recipient: v.recipient }),
    ...(isText(v.destination) && { destination: v.destination }),
    ...(isText(v.acsUrl) && { acsUrl: v.acsUrl }),
    ...(Array.isArray(v.overrides) && {
      overrides: SAML_OVERRIDES.filter((name) => (v.overrides as unknown[]).includes(name)),
    }),
    ...(isText(v.errorRedirectUrl) && URL.canParse(v.errorRedirectUrl) && { errorRedirectUrl: v.errorRedirectUrl }),
    ...(provisioningFeatures(v.provisions).length > 0 && { provisions: provisioningFeatures(v.provisions) }),
  };
}

/** What one check of an app concluded, before it is kept. */
export interface AppVerdict {
  readonly code: DiagnosisCode | null;
  readonly notRun?: 'skip' | 'n/a';
  readonly detail?: string;
  readonly requestId?: string | null;
  readonly httpStatus?: number;
  readonly cert?: KeptCertificate;
  /** Whether the assertion was signed with SHA-1; undefined when no assertion was judged. */
  readonly sha1?: boolean;
}

/** The app as kept after a check at `at`: its failing streak continues while the verdict fails, whatever the code. */
export function keptAfterCheck(
  before: KeptApp | undefined,
  verdict: AppVerdict,
  at: number,
  secrets: readonly string[],
  found?: FoundApp,
): KeptApp {
  const failing = verdict.code !== null;
  const since = failing ? (before?.since ?? at) : undefined;
  return {
    at,
    first: before?.first ?? at,
    seen: at,
    code: verdict.code,
    ...(verdict.notRun !== undefined && { notRun: verdict.notRun }),
    ...(verdict.detail !== undefined && { detail: redact(verdict.detail, secrets).slice(0, MAX_KEPT_DETAIL) }),
    ...(verdict.requestId !== undefined &&
      verdict.requestId !== null && { requestId: redact(verdict.requestId, secrets).slice(0, 100) }),
    ...(verdict.httpStatus !== undefined && { httpStatus: verdict.httpStatus }),
    ...(since !== undefined && { since }),
    // A run that could not read the certificate keeps the last one read: its expiry still counts, day by day.
    ...((verdict.cert ?? before?.cert) !== undefined && { cert: verdict.cert ?? before?.cert }),
    ...((verdict.sha1 ?? before?.sha1) === true && { sha1: true }),
    ...((found ?? before?.found) !== undefined && { found: found ?? before?.found }),
  };
}
