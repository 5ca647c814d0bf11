// What a move of the "idx" sign-in is, and a form's body built as Okta's own client builds it: the types the fetch
// half (idx.ts) reads, the authenticator keys, and the readers of a form's fields and of what it relates to, shared by
// the forms answered (idx-forms.ts), the enrollments (idx-enroll.ts) and the verdicts (idx-judge.ts). No network, no
// secrets: the fetch half fills the username, the password and the TOTP code into the body this file builds. Read
// from okta-auth-js lib/idx/idxState/v1/actionParser.ts: a field with `mutable: false` is sent back with its value as
// given (stateHandle, an authenticator's id); generateIdxAction.ts: remediation forms are POSTed as JSON.
import type { TotpAuthenticator } from '../../types';
import type { HttpResponse } from '../http';
import { failAnswer, jsonObject, type Verdict } from '../verdict';
import type { EnrollGrace } from './enroll-grace';
import type { WebauthnChallenge } from '../../credentials/webauthn';
import type { WebauthnActivation } from '../../credentials/attestation';

type Json = Readonly<Record<string, unknown>>;

/** A form field of an IDX remediation (Ion): a value, a nested form, or options. */
export interface IdxField {
  readonly name?: string;
  readonly value?: unknown;
  readonly mutable?: boolean;
  readonly form?: { readonly value?: readonly IdxField[] };
  readonly options?: readonly { readonly label?: string; readonly value?: unknown; readonly relatesTo?: unknown }[];
}

/** Which step of the flow a submission is, for the report's `steps` and the lockout state. */
type IdxStepName = 'identify' | 'password' | 'select' | 'totp' | 'passkey' | 'skip' | 'enroll';

/** A form to submit: its body without the secrets, and where the fetch half puts them. */
export interface IdxSubmit {
  readonly kind: 'submit';
  readonly step: IdxStepName;
  readonly href: string;
  /** The form's `accepts` (Okta: application/json; okta-version=1.0.0). */
  readonly accepts: string | undefined;
  readonly body: Json;
  /** Put the username in `identifier`. */
  readonly identifier: boolean;
  /**
   * credentials.<field> gets the password or the TOTP code; 'passkey': credentials gets the assertion's three fields;
   * undefined: no secret in this form.
   */
  readonly secret?: { readonly value: 'password' | 'totp' | 'passkey' | 'attestation'; readonly field: string };
  /** Okta's WebAuthn challenge, for the passkey's assertion. */
  readonly webauthn?: WebauthnChallenge;
  /** Okta's WebAuthn activation, for a new passkey's attestation ('attestation'). */
  readonly activation?: WebauthnActivation;
  /** What was chosen, for the report (an authenticator's label and method), never a value. */
  readonly label: string;
  /** The password's days to expiry, when Okta warned before this skip. */
  readonly daysToExpiry?: number | null;
  /** A device assurance grace period skipped: when it ends (Okta's date, as given), and what the policy asks. */
  readonly deviceGrace?: { readonly until: string; readonly asks: readonly string[] };
  /** An optional enrollment skipped: each authenticator's grace, as Okta counts it (skips, a date). */
  readonly enrollGrace?: readonly EnrollGrace[];
  /** The other TOTP authenticator Okta offered, when this one was chosen without totpAuthenticator naming either. */
  readonly otherTotp?: TotpAuthenticator;
}

export type IdxMove =
  | IdxSubmit
  | { readonly kind: 'success'; readonly interactionCode: string }
  | { readonly kind: 'failed'; readonly verdict: Verdict };

/** What the flow has done so far: what it may still send. */
export interface IdxProgress {
  /** The org's address: a form posting elsewhere is never followed (it would carry the password away). */
  readonly orgUrl: string;
  readonly identified: boolean;
  readonly passwordSent: boolean;
  readonly totpSent: boolean;
  readonly totpSelected: boolean;
  readonly warned: boolean;
  readonly hasTotpSecret: boolean;
  /**
   * The authenticator the seed belongs to (signIn[].totpAuthenticator); undefined: Google Authenticator, else Okta
   * Verify's code.
   */
  readonly totpAuthenticator?: TotpAuthenticator | undefined;
  /** The other TOTP authenticator Okta offered beside the one chosen by default (IdxSubmit.otherTotp). */
  readonly otherTotp?: TotpAuthenticator | undefined;
  /** The journey's passkey ("authenticator": "passkey"): its credential id, and the assertion Okta last accepted. */
  readonly passkey?: {
    readonly credentialId: string;
    readonly accepted: { readonly counter: number; readonly at: number } | undefined;
  };
  readonly passkeySent?: boolean;
  /** `passkey enroll`: the flow enrolls a new passkey where Okta offers it, rather than skipping the enrollment. */
  readonly enrollPasskey?: boolean;
  /** The passkey's enrollment chosen (select-authenticator-enroll), and its attestation sent. */
  readonly enrollSelected?: boolean;
  readonly attestationSent?: boolean;
  /**
   * The sign-in runs in the org's page, whose widget runs the org's CAPTCHA itself: Okta's vendors are invisible and
   * "run risk-analysis software in the background" (okta-developer-docs reference/api/captchas), so a form carrying one
   * is answered as a person answers it; a challenge the vendor then shows is seen on the page
   * (flows/browser/listen.ts).
   */
  readonly captchaInPage?: boolean;
  /** Okta's "Stay signed in?" (keep-me-signed-in) answered, "no". */
  readonly staySignedInAnswered?: boolean;
  /** An optional profile update (profile-update) skipped. */
  readonly profileSkipped?: boolean;
}

/**
 * Okta's "Stay signed in?" after sign-in (post-auth-keep-me-signed-in.json: a keep-me-signed-in form of one boolean,
 * keepMeSignedIn), the remediation okta-auth-js #1612 saw break clients: answered "no" (the report's label).
 */
export const STAY_SIGNED_IN = 'keep me signed in ("no")';
/** The label of an optional profile update's skip: its own, never the password warning's. */
export const PROFILE_SKIP = 'optional profile update';

/** The TOTP authenticators the probe can answer (authenticator keys of Identity Engine). */
export const GOOGLE = 'google_otp';
export const OKTA_VERIFY = 'okta_verify';
export const PASSWORD = 'okta_password';
/** Passkeys, security keys and biometrics (FIDO2 WebAuthn): authenticator-verification-webauthn.json's key. */
export const WEBAUTHN = 'webauthn';
/**
 * Flexible Okta Verify's keys (early access in Preview since August 2026): Okta Verify split into one authenticator
 * per method, okta-developer-docs concepts/mfa's table (okta_verify_totp: totp, okta_verify_push: push,
 * okta_verify_fastpass: signed_nonce). Read as Okta Verify, the method told by the option or the authenticator: the
 * guide (guides/authenticators-okta-verify) says the split "doesn't change how Okta Verify works for your end users".
 */
export const FLEXIBLE_VERIFY: ReadonlyMap<string, string> = new Map([
  ['okta_verify_totp', 'totp'],
  ['okta_verify_push', 'push'],
  ['okta_verify_fastpass', 'signed_nonce'],
]);
/** totpAuthenticator's values as Identity Engine's authenticator keys. */
export const KEY_OF: Readonly<Record<TotpAuthenticator, string>> = {
  'google-authenticator': GOOGLE,
  'okta-verify': OKTA_VERIFY,
};

/** An IDX answer as chooseForm reads it: how far the journey got, Okta's response and its body. */
export interface Turn {
  readonly progress: IdxProgress;
  readonly res: HttpResponse;
  readonly body: Json;
}

/**
 * The methods the probe ever submits: the password, and a TOTP code (Google Authenticator's otp, Okta Verify's totp).
 */
const SUBMITTED_METHODS = new Set(['password', 'otp', 'totp', 'webauthn']);

/**
 * Why an authenticator's body must not be sent, whatever its id and key claim: a methodType the option
 * does not offer, or one that is not a code (push, sms, voice, email, signed_nonce...). Undefined: it may be sent.
 */
export function methodRefused(authenticator: Json, fields: readonly IdxField[]): string | undefined {
  const method = authenticator.methodType;
  if (method === undefined) return undefined;
  if (typeof method !== 'string' || !SUBMITTED_METHODS.has(method))
    return `methodType ${JSON.stringify(method)}, which sends a push, an SMS, a call or an e-mail, or is not a code`;
  const offered = methodOptions(fields);
  return offered.length > 0 && !offered.includes(method)
    ? `methodType "${method}", which the option does not offer (${offered.join(', ')})`
    : undefined;
}

/** An option's form values: the immutable ones as given, methodType the one chosen (never push, sms, voice). */
export function chosen(fields: readonly IdxField[], methodType?: string): Json {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.name === undefined) continue;
    if (f.name === 'methodType' && methodType !== undefined && f.mutable !== false) out[f.name] = methodType;
    else if (f.mutable === false || (f.value !== undefined && typeof f.value !== 'object')) out[f.name] = f.value ?? '';
  }
  return out;
}

interface SubmitOptions {
  readonly label: string;
  readonly identifier?: boolean;
  readonly secret?: 'password' | 'totp' | 'passkey' | 'attestation';
  readonly authenticator?: Json;
  readonly daysToExpiry?: number | null;
  readonly otherTotp?: TotpAuthenticator;
}

/**
 * A form's body, as okta-auth-js's actionParser builds it: immutable fields as given, defaults kept, ours filled in by
 * the fetch half.
 */
export function submit(
  progress: IdxProgress,
  res: HttpResponse,
  form: Json,
  step: IdxStepName,
  opts: SubmitOptions,
): IdxMove {
  const href = typeof form.href === 'string' ? form.href : '';
  if (!onOrg(href, progress.orgUrl))
    return failed(
      failAnswer(
        'UNEXPECTED_RESPONSE',
        res,
        `the ${String(form.name)} form posts to ${whereTo(href)}, not to the org: not followed`,
      ),
    );
  const body: Record<string, unknown> = {};
  for (const f of fieldsOf(form)) {
    if (f.name === undefined || f.name === 'identifier' || f.name === 'credentials' || f.name === 'rememberMe')
      continue;
    if (f.name === 'authenticator' && opts.authenticator !== undefined) body.authenticator = opts.authenticator;
    else if (f.mutable === false || (f.value !== undefined && f.value !== null && typeof f.value !== 'object'))
      body[f.name] = f.value ?? '';
  }
  const field = credentialsField(form);
  return {
    kind: 'submit',
    step,
    href,
    accepts: typeof form.accepts === 'string' ? form.accepts : undefined,
    body,
    identifier: opts.identifier === true,
    ...(opts.secret !== undefined && { secret: { value: opts.secret, field: field ?? 'passcode' } }),
    label: opts.label,
    ...(opts.daysToExpiry !== undefined && { daysToExpiry: opts.daysToExpiry }),
    ...(opts.otherTotp !== undefined && { otherTotp: opts.otherTotp }),
  };
}

/** The name of the form's first credentials field (passcode, or Okta Verify's totp), if it has one. */
export function credentialsField(form: Json): string | undefined {
  const credentials = fieldsOf(form).find((f) => f.name === 'credentials');
  return credentials?.form?.value?.[0]?.name;
}

export const fieldsOf = (form: unknown): readonly IdxField[] => {
  const value = jsonObject(form)?.value;
  return Array.isArray(value) ? (value.filter((f) => jsonObject(f) !== undefined) as IdxField[]) : [];
};

const methodOptions = (fields: readonly IdxField[]): string[] => {
  const methodType = fields.find((f) => f.name === 'methodType');
  if (methodType === undefined) return [];
  if (methodType.mutable === false) return typeof methodType.value === 'string' ? [methodType.value] : [];
  return (methodType.options ?? []).flatMap((o) => (typeof o.value === 'string' ? [o.value] : []));
};

export const methodTypes = (fields: readonly IdxField[]): string => {
  const methods = methodOptions(fields);
  return methods.length === 0 ? '' : ` (${methods.join('/')})`;
};

/**
 * The key of the authenticator a form or option relates to: `$.authenticators.value[2]`, or ["$.currentAuthenticator"].
 */
export function relatedKey(body: Json, relatesTo: unknown): string | undefined {
  const key = relatedObject(body, relatesTo)?.key;
  if (typeof key !== 'string') return undefined;
  return FLEXIBLE_VERIFY.has(key) ? OKTA_VERIFY : key;
}

/**
 * The methods an option may be sent with: its methodType's, or, offered by its id alone, the one method of the
 * authenticator it relates to (a Flexible Okta Verify authenticator has one, concepts/mfa). An authenticator of several
 * methods chosen by id alone leaves Okta to pick one, perhaps a push: no method is assumed.
 */
export function optionMethods(
  body: Json,
  option: { readonly value?: unknown; readonly relatesTo?: unknown },
): string[] {
  const own = methodOptions(fieldsOf(jsonObject(option.value)?.form));
  if (own.length > 0) return own;
  const related = relatedMethods(body, option.relatesTo);
  return related.length === 1 ? related : [];
}

/** The method types of the authenticator a form or option relates to (its `methods[].type`). */
function relatedMethods(body: Json, relatesTo: unknown): string[] {
  const methods = relatedObject(body, relatesTo)?.methods;
  return (Array.isArray(methods) ? methods.slice(0, 20) : []).flatMap((m) => {
    const type = jsonObject(m)?.type;
    return typeof type === 'string' ? [type] : [];
  });
}

/** The authenticator a form or option relates to, inline or at its path (`$.authenticators.value[2]`). */
export function relatedObject(body: Json, relatesTo: unknown): Json | undefined {
  const ref = Array.isArray(relatesTo) ? relatesTo[0] : relatesTo;
  if (typeof ref !== 'string') return jsonObject(ref);
  let node: unknown = body;
  for (const part of ref.replace(/^\$\.?/, '').split('.')) {
    const match = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(part);
    if (match === null) return undefined;
    node = jsonObject(node)?.[match[1]!];
    if (match[2] !== undefined) node = Array.isArray(node) ? node[Number(match[2])] : undefined;
  }
  const object = jsonObject(node);
  // currentAuthenticator is { type: "object", value: {...} }; an authenticators.value[i] is the object itself.
  const inner = jsonObject(object?.value);
  return inner?.key !== undefined ? inner : object;
}

/** The authenticator Okta is challenging now (currentAuthenticator, or currentAuthenticatorEnrollment). */
export function currentKey(body: Json): string | undefined {
  return relatedKey(body, '$.currentAuthenticator') ?? relatedKey(body, '$.currentAuthenticatorEnrollment');
}

export const label = (key: string | undefined): string =>
  key === GOOGLE
    ? 'Google Authenticator'
    : key === OKTA_VERIFY
      ? 'Okta Verify (code)'
      : key === PASSWORD
        ? 'password'
        : key === WEBAUTHN
          ? 'passkey (FIDO2 WebAuthn)'
          : (key ?? 'an authenticator');

/**
 * An absolute URL on the org (its scheme, https on a real org): a relative or malformed href is never resolved or
 * followed.
 */
function onOrg(href: string, orgUrl: string): boolean {
  return URL.canParse(href) && URL.canParse(orgUrl) && new URL(href).origin === new URL(orgUrl).origin;
}

/**
 * Where an href points, for a detail: its origin, or what is wrong with it (never a throw: Okta's text is hostile
 * input).
 */
function whereTo(href: string): string {
  if (href === '') return 'nowhere';
  if (!URL.canParse(href)) return `"${href.slice(0, 80)}", not an absolute URL`;
  return new URL(href).origin;
}

export const failed = (verdict: Verdict): IdxMove => ({ kind: 'failed', verdict });
