// The "idx" sign-in's pure half: what each answer of Identity Engine's IDX API means for a synthetic user,
// and which of the forms it offers to submit next. No network, no secrets: the fetch half (sign-in-idx.ts) fills the
// username, the password and the TOTP code into the body this file builds. Read from Okta's own code, not guessed:
// - okta-auth-js lib/idx/idxState/v1/actionParser.ts: a field with `mutable: false` is sent back with its value as
//   given (stateHandle, an authenticator's id); generateIdxAction.ts: remediation forms are POSTed as JSON;
// - lib/idx/remediators/*: identify (identifier, and credentials.passcode when the policy asks for the password on the
//   same page), challenge-authenticator, select-authenticator-authenticate ({ id, methodType } of an option);
// - lib/idx/authenticator/*: Okta Verify's code goes in credentials.totp, Google Authenticator's in
//   credentials.passcode (both named by the form's first credentials field, which is what this file follows);
// - okta-signin-widget playground/mocks/data/idp/idx/*.json for the answers' shapes, and
//   packages/@okta/i18n/src/properties/login.properties for the message keys (test/data/okta-idx-responses.json).
// Never a push, an SMS, a voice call or an e-mail: only the password and a TOTP code are ever submitted.
import type { DiagnosisCode } from '../../contract';
import type { TotpAuthenticator } from '../../types';
import { parseJsonBody, type HttpResponse } from '../http';
import { codeForOktaError, readOktaError } from '../classify';
import {
  captchaOf,
  captchaVerdict,
  judgeDenialMessages,
  judgeStopForms,
  perUserLimit,
  readDeviceGrace,
  usernameRefused,
} from './idx-denials';
import { failAnswer, finding, jsonObject, signInError, type Verdict } from '../verdict';
import { readIdxState, type IdxMessage } from '../okta/idx-state';
import { readEnrollGrace, type EnrollGrace } from './enroll-grace';
import type { WebauthnChallenge } from '../../credentials/webauthn';
import { PROBE_AAGUID, type WebauthnActivation } from '../../credentials/attestation';

type Json = Readonly<Record<string, unknown>>;

/** A form field of an IDX remediation (Ion): a value, a nested form, or options. */
interface IdxField {
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
}

/** The TOTP authenticators the probe can answer (authenticator keys of Identity Engine). */
const GOOGLE = 'google_otp';
const OKTA_VERIFY = 'okta_verify';
const PASSWORD = 'okta_password';
/** Passkeys, security keys and biometrics (FIDO2 WebAuthn): authenticator-verification-webauthn.json's key. */
const WEBAUTHN = 'webauthn';
/** totpAuthenticator's values as Identity Engine's authenticator keys. */
const KEY_OF: Readonly<Record<TotpAuthenticator, string>> = {
  'google-authenticator': GOOGLE,
  'okta-verify': OKTA_VERIFY,
};

/** Forms that enroll an authenticator: the user lacks one the policy requires. */
const ENROLL_FORMS = new Set([
  'select-authenticator-enroll',
  'enroll-authenticator',
  'authenticator-enrollment-data',
  'enroll-poll',
  'select-enrollment-channel',
  'enrollment-channel-data',
]);

/**
 * Okta's passkey promotion ("Prompt users to enroll a passkey", Passkeys optional in the enrollment policy): offered
 * after a sign-in, with a sibling `skip` the widget shows as "Maybe later" (okta-signin-widget EnrollWebauthnView.js:
 * "the API always ships a sibling `skip` on that remediation"; mock authenticator-enroll-passkey-promotion-security-
 * key.json). Not an enrollment the policy requires: a run skips it, `passkey enroll` answers it.
 */
const PROMOTION = 'enroll-authenticator-promotion';
/** The step label of the promotion's skip: a skip that is no password warning (record() in idx.ts). */
export const PROMOTION_SKIP = 'passkey promotion ("Maybe later")';

/**
 * IDX messages (their i18n key, else a stable phrase of the text) to diagnoses. First match wins. Keys from
 * login.properties and okta-auth-js test/support/idx/factories/errors.ts.
 */
const MESSAGE_RULES: readonly {
  readonly key?: RegExp;
  readonly text?: RegExp;
  readonly code: DiagnosisCode | 'suspended';
}[] = [
  /**
   * "This factor is suspended for your account due to too many failed attempts": the password locked, or a TOTP
   * authenticator suspended.
   */
  { key: /^authfactor\.challenge\.suspended_factor$/, code: 'suspended' },
  /**
   * errors.E0000069 "Your account is locked because of too many authentication attempts", E0000119,
   * error.auth.lockedOut.
   */
  { key: /^(errors\.)?E0000(069|119)$|^error\.auth\.lockedOut$/, text: /account is locked/i, code: 'USER_LOCKED_OUT' },
  /**
   * "Password is incorrect"; errors.E0000004 "Authentication failed" (also an unknown user, and a locked one:
   * okta/okta-auth-js#1592).
   */
  {
    key: /^incorrectPassword$|^(errors\.)?E0000004$|^idx\.unknown\.user$/,
    text: /password is incorrect|authentication failed/i,
    code: 'SIGN_IN_REJECTED',
  },
  /** "User is not assigned to this application." (okta-auth-js: sometimes without a key). */
  {
    key: /^idx\.error\.user\.not\.assigned\.to\.app$/,
    text: /not assigned to (this|the client) application/i,
    code: 'USER_NOT_ASSIGNED',
  },
  /** errors.E0000064 "Password is expired and must be changed." */
  { key: /^(errors\.)?E0000064$/, text: /password (is|has) expired/i, code: 'PASSWORD_EXPIRED' },
  /**
   * "You do not have permission to perform the requested action." (a Deny rule); "Unable to login to {app} at this
   * time."
   */
  {
    key: /^security\.access_denied$|^oie\.assurance\.unsatisfiable$/,
    text: /do not have permission to perform|unable to login to/i,
    code: 'SIGN_IN_NOT_ALLOWED',
  },
  /**
   * "Each code can only be used once. Please wait for a new code and try again." (the Sign-In Widget's
   * login.properties, authfactor.challenge.soft_token.used_passcode): a code another sign-in of the user used in this
   * step, not a stale seed; before the invalid code's row, whose text it would not match anyway.
   */
  {
    key: /^authfactor\.challenge\.soft_token\.used_passcode$/,
    text: /code can only be used once/i,
    code: 'TOTP_CODE_REUSED',
  },
  /** "Your code doesn't match our records", "Invalid code. Try again." */
  {
    key: /^authfactor\.challenge\.soft_token\.invalid_passcode$|^api\.authn\.error\.PASSCODE_INVALID$/,
    text: /code doesn.?t match|invalid code/i,
    code: 'TOTP_REJECTED',
  },
  /**
   * "None of the WebAuthn authenticators the user has enrolled for was able to validate the assertion" (the widget's
   * error-authenticator-webauthn-failure.json): Okta's one word for every assertion it refuses.
   */
  {
    key: /^authfactor\.webauthn\.error/,
    text: /webauthn authenticators .* validate the assertion/i,
    code: 'PASSKEY_REFUSED',
  },
  /** "Too many requests" (429). */
  { key: /^(oie\.)?tooManyRequests$/, code: 'RATE_LIMITED' },
  /** E0000009 "Internal Server Error". */
  { key: /^(errors\.)?E0000009$/, code: 'OKTA_SERVER_ERROR' },
  /**
   * E0000010 "Service is in read only mode" (okta-developer-docs data/error-codes.json, 503). The envelope is read by
   * classify.ts; an IDX answer may carry it as a message keyed by the code, as E0000009 above
   * (error-internal-server-error.json).
   */
  { key: /^(errors\.)?E0000010$/, text: /read only mode/i, code: 'OKTA_READ_ONLY_MODE' },
];

/**
 * The next move after one IDX answer (introspect, or a form's): the success's interaction code, a failure in Okta's
 * words, or the form to submit. `step` names the request the answer came from, for the detail.
 */
export function nextIdxMove(progress: IdxProgress, res: HttpResponse, step: string): IdxMove {
  const move = counterBehind(progress, judgeIdxAnswer(progress, res, step));
  // A code refused after a choice made by default between two TOTP authenticators: name the other, and the fix.
  const other = progress.otherTotp;
  if (move.kind !== 'failed' || other === undefined || move.verdict.diagnosis?.code !== 'TOTP_REJECTED') return move;
  const hint =
    `; Okta offered ${label(KEY_OF[other])} too, and totpAuthenticator names neither: if the seed is ${label(KEY_OF[other])}'s, ` +
    `set totpAuthenticator to "${other}"`;
  return failed({
    ...move.verdict,
    diagnosis: { ...move.verdict.diagnosis, detail: `${move.verdict.diagnosis.detail ?? ''}${hint}` },
  });
}

/**
 * A passkey Okta accepted before and refuses now, signed the same way with a counter that only grew: possibly the org
 * holds a counter ahead of ours, a copy signed elsewhere (WebAuthn §6.1.1: "a signal that the authenticator may be
 * cloned"). Okta words every refusal alike (error-authenticator-webauthn-failure.json), so it is told as "possibly",
 * beside the other causes: an authenticator rule added since (an AAGUID group, a hardware-protection requirement).
 */
function counterBehind(progress: IdxProgress, move: IdxMove): IdxMove {
  const accepted = progress.passkey?.accepted;
  if (move.kind !== 'failed' || move.verdict.diagnosis?.code !== 'PASSKEY_REFUSED') return move;
  if (progress.passkeySent !== true || accepted === undefined) return move;
  const diagnosis = move.verdict.diagnosis;
  return failed({
    ...move.verdict,
    diagnosis: {
      ...diagnosis,
      code: 'PASSKEY_COUNTER_BEHIND',
      detail:
        `${diagnosis.detail ?? ''}; Okta accepted this passkey at counter ${accepted.counter} on ` +
        `${new Date(accepted.at).toISOString()}, and the probe's counter only grew since: possibly a copy of the ` +
        "passkey signed elsewhere (the org's counter ahead); Okta words every refusal alike, so possibly too a " +
        'rule added since (an AAGUID group, a hardware-protection requirement); not sent again with this passkey',
    },
  });
}

function judgeIdxAnswer(progress: IdxProgress, res: HttpResponse, step: string): IdxMove {
  const body = jsonObject(parseJsonBody(res));
  if (res.status >= 500 || res.status === 429) {
    const readOnly = readOnlyMessages(body);
    return failed(
      readOnly.length > 0
        ? judgeMessages(readOnly, res, step, undefined)
        : perUserLimit(withStep(signInError(res) ?? failAnswer('OKTA_SERVER_ERROR', res), step, body), res, step),
    );
  }
  if (body === undefined)
    return failed(
      signInError(res) ??
        failAnswer('MALFORMED_RESPONSE', res, `${step}: HTTP ${res.status} without an IDX JSON object`),
    );
  // The OAuth or Okta error shapes (a missing grant, an unknown client) rather than an IDX state.
  if (body.error !== undefined || body.errorCode !== undefined) return failed(idxOAuthError(res, step));
  const state = readIdxState(body);
  const enrolling = judgeEnrolling(progress, res, state);
  if (enrolling !== undefined) return enrolling;
  if (state.interactionCode !== undefined) return { kind: 'success', interactionCode: state.interactionCode };
  // A device assurance grace period is continued, as a person does ("Continue to app"): the journey warns of its end.
  const grace = readDeviceGrace(body, state.forms, state.messages);
  if (grace !== undefined) {
    const move = submit(progress, res, grace.form, 'skip', { label: 'device assurance grace period' });
    return move.kind === 'submit' ? { ...move, deviceGrace: { until: grace.until, asks: grace.asks } } : move;
  }
  const errors = state.messages.filter((m) => m.class === undefined || m.class === 'ERROR');
  if (errors.length > 0 || res.status >= 400)
    return failed(
      usernameRefused(
        progress.passwordSent,
        judgeDenialMessages(errors, res, step, body) ?? judgeMessages(errors, res, step, currentKey(body)),
      ),
    );
  const stop = judgeStopForms(body, state.forms, res, step);
  if (stop !== undefined) return failed(stop);
  const move = chooseForm(progress, res, body, state.forms);
  // A form that asks for a CAPTCHA is never sent: not the username, not the password.
  const guarded =
    move.kind === 'submit'
      ? state.forms.find((f) => f.href === move.href && captchaOf(body, f) !== undefined)
      : undefined;
  return guarded === undefined
    ? move
    : failed(captchaVerdict(res, step, String(guarded.name), captchaOf(body, guarded) ?? 'a CAPTCHA'));
}

const READ_ONLY_RULE = MESSAGE_RULES.find((r) => r.code === 'OKTA_READ_ONLY_MODE');
/** A 5xx's IDX messages that say read-only mode: more than "server error", and what the journey's back-off reads. */
function readOnlyMessages(body: Json | undefined): IdxMessage[] {
  if (body === undefined || READ_ONLY_RULE === undefined) return [];
  return readIdxState(body).messages.filter(
    (m) =>
      (m.key !== undefined && READ_ONLY_RULE.key?.test(m.key) === true) ||
      READ_ONLY_RULE.text?.test(m.message) === true,
  );
}

/** /v1/interact, an IDX form or /v1/token answering in the OAuth or Okta error shape. */
export function idxOAuthError(res: HttpResponse, step: string): Verdict {
  const okta = readOktaError(res.body);
  const description = okta?.description ?? '';
  // unauthorized_client: the app lacks the Interaction Code grant. access_denied oie_not_enabled_for_interact /
  // feature_not_enabled_access_denied: the org (Embedded widget sign-in support) or the server's policy rule.
  const notEnabled =
    okta?.id === 'unauthorized_client' ||
    (okta?.id === 'access_denied' &&
      /interaction code|feature is not enabled|feature .* isn.?t enabled/i.test(description));
  if (notEnabled)
    return {
      diagnosis: finding('INTERACTION_CODE_NOT_ENABLED', {
        requestId: res.requestId,
        httpStatus: res.status,
        oktaError: okta.id,
        detail: `${step}: ${description || okta.id}`,
      }),
    };
  const verdict = signInError(res);
  if (verdict !== null) return withStep(verdict, step);
  const code =
    okta === null
      ? undefined
      : codeForOktaError({ ...okta, status: res.status }, { endpoint: 'sign-in', orgServer: false });
  return failAnswer(
    code ?? 'UNEXPECTED_RESPONSE',
    res,
    `${step}: ${okta?.id ?? `HTTP ${res.status}`}${description === '' ? '' : `: ${description}`}`,
  );
}

/** The diagnosis of IDX error messages: the first one a rule knows, quoting Okta's text and key. */
function judgeMessages(
  messages: readonly IdxMessage[],
  res: HttpResponse,
  step: string,
  current: string | undefined,
): Verdict {
  const quoted =
    messages.map((m) => `"${m.message}"${m.key === undefined ? '' : ` (${m.key})`}`).join('; ') ||
    `HTTP ${res.status} without a message`;
  for (const message of messages) {
    const rule = MESSAGE_RULES.find(
      (r) =>
        (message.key !== undefined && r.key?.test(message.key) === true) || (r.text?.test(message.message) ?? false),
    );
    if (rule === undefined) continue;
    const code = rule.code === 'suspended' ? suspended(current, step) : rule.code;
    const hint =
      code === 'SIGN_IN_REJECTED'
        ? ' (Identity Engine answers a wrong password, an unknown, suspended or locked-out user alike)'
        : '';
    return {
      diagnosis: finding(code, {
        requestId: res.requestId,
        httpStatus: res.status,
        oktaError: message.key,
        detail: `${step}: ${quoted}${hint}`,
      }),
    };
  }
  return failAnswer('UNEXPECTED_RESPONSE', res, `${step}: ${quoted}`);
}

/**
 * A suspended factor (authfactor.challenge.suspended_factor): on the password, the user is locked out; on a TOTP
 * authenticator, it is suspended after too many failed codes (login.properties: "due to too many failed attempts"),
 * which a new secret does not cure. The step names the factor when Okta names no current authenticator.
 */
function suspended(current: string | undefined, step: string): DiagnosisCode {
  if (current === PASSWORD) return 'USER_LOCKED_OUT';
  if (current === GOOGLE || current === OKTA_VERIFY || step.startsWith('totp')) return 'TOTP_SUSPENDED';
  return 'USER_LOCKED_OUT';
}

function chooseForm(progress: IdxProgress, res: HttpResponse, body: Json, forms: readonly Json[]): IdxMove {
  const named = (name: string): Json | undefined => forms.find((f) => f.name === name);
  if (named('reenroll-authenticator') !== undefined)
    return failed(
      failAnswer(
        'PASSWORD_EXPIRED',
        res,
        'Okta asks for a new password (reenroll-authenticator): the password is expired',
      ),
    );
  const warning = named('reenroll-authenticator-warning');
  const skip = named('skip');
  if (warning !== undefined && skip !== undefined && !progress.warned) {
    const days = jsonObject(
      jsonObject(jsonObject(jsonObject(body.currentAuthenticator)?.value)?.settings),
    )?.daysToExpiry;
    return submit(progress, res, skip, 'skip', {
      label: 'password expiry warning',
      daysToExpiry: typeof days === 'number' ? days : null,
    });
  }
  const identify = named('identify');
  if (identify !== undefined) {
    if (progress.identified)
      return failed(
        failAnswer('UNEXPECTED_RESPONSE', res, 'Okta asked for the username again after identify, without a message'),
      );
    const withPassword = credentialsField(identify) !== undefined;
    return submit(progress, res, identify, 'identify', {
      identifier: true,
      ...(withPassword && { secret: 'password' }),
      label: withPassword ? 'username and password' : 'username',
    });
  }
  const turn: Turn = { progress, res, body };
  const challenge = named('challenge-authenticator');
  const select = named('select-authenticator-authenticate');
  const answered = challenge === undefined ? undefined : answerChallenge(turn, challenge, select);
  if (answered !== undefined) return answered;
  if (select !== undefined) return selectAuthenticator(progress, res, body, select);
  return noFormToAnswer(turn, forms, { skip, challenge });
}

/** An IDX answer as chooseForm reads it: how far the journey got, Okta's response and its body. */
interface Turn {
  readonly progress: IdxProgress;
  readonly res: HttpResponse;
  readonly body: Json;
}

/**
 * A challenge the probe can take up: the password, or a TOTP code of the seed's authenticator (choosing it when Okta
 * challenged the other). Undefined: a challenge it cannot answer by itself.
 */
function answerChallenge(turn: Turn, challenge: Json, select: Json | undefined): IdxMove | undefined {
  const key = relatedKey(turn.body, challenge.relatesTo);
  if (key === WEBAUTHN) return answerWebauthn(turn, challenge, select);
  if (key === PASSWORD) return answerPassword(turn, challenge);
  if (key === GOOGLE || key === OKTA_VERIFY) return answerTotp(turn, key, challenge, select);
  return undefined;
}

/** The password's challenge, answered once a run: asked again after it was sent, without a message, is a failure. */
function answerPassword({ progress, res }: Turn, challenge: Json): IdxMove {
  if (progress.passwordSent)
    return failed(
      failAnswer('UNEXPECTED_RESPONSE', res, 'Okta asked for the password again after it was sent, without a message'),
    );
  return submit(progress, res, challenge, 'password', { secret: 'password', label: 'password' });
}

/**
 * A TOTP authenticator's challenge (Google Authenticator's or Okta Verify's): answered with a code only when it is the
 * seed's authenticator, on a journey that answers with codes at all. Undefined: Okta's current method is not a code
 * (Okta Verify's push), which the probe never answers.
 */
function answerTotp(turn: Turn, key: string, challenge: Json, select: Json | undefined): IdxMove | undefined {
  const { progress, res, body } = turn;
  // A passkey journey never answers a TOTP code, even with a seed: choose the passkey where Okta offers it, else fail.
  if (progress.passkey !== undefined) {
    const options = fieldsOf(select).find((f) => f.name === 'authenticator')?.options ?? [];
    return select !== undefined && options.some((o) => relatedKey(body, o.relatesTo) === WEBAUTHN)
      ? selectAuthenticator(progress, res, body, select)
      : failed(passkeyNotOffered(res, `${label(key)}, which it challenged by itself`));
  }
  const wanted = progress.totpAuthenticator === undefined ? undefined : KEY_OF[progress.totpAuthenticator];
  if (wanted !== undefined && key !== wanted) {
    // Okta challenged the other TOTP authenticator by itself: choose the seed's, where the answer lets the user choose.
    if (select !== undefined && !progress.totpSelected) return selectAuthenticator(progress, res, body, select);
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `Okta asks for a ${label(key)} code, but the probe's seed belongs to ${label(wanted)} ` +
          `(totpAuthenticator), and the answer offers no other`,
      ),
    );
  }
  return currentMethodIsCode(body) ? answerCode(turn, key, challenge) : undefined;
}

/** The run's one TOTP code for the seed's authenticator; a failure when one went out already or there is no seed. */
function answerCode({ progress, res }: Turn, key: string, challenge: Json): IdxMove {
  if (progress.totpSent)
    return failed(
      failAnswer(
        'UNEXPECTED_RESPONSE',
        res,
        'Okta asked for a TOTP code again after one was accepted, without a message',
      ),
    );
  if (!progress.hasTotpSecret)
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `Okta asks for a ${label(key)} code, but the probe was given no TOTP secret (totpSecretEnv, or ` +
          `"totpSecret" in the secret)`,
      ),
    );
  return submit(progress, res, challenge, 'totp', { secret: 'totp', label: label(key) });
}

/**
 * Okta's WebAuthn challenge (authenticator-verification-webauthn.json: challengeData { challenge, userVerification }),
 * answered with the journey's passkey; or, without one, another authenticator when Okta lets the user choose.
 */
function answerWebauthn({ progress, res, body }: Turn, challenge: Json, select: Json | undefined): IdxMove {
  if (progress.passkey === undefined) {
    if (select !== undefined && !progress.totpSelected) return selectAuthenticator(progress, res, body, select);
    return failed(
      phishingResistance(res, 'Okta challenges a passkey (FIDO2 WebAuthn) and offers no other authenticator'),
    );
  }
  if (progress.passkeySent === true)
    return failed(
      failAnswer('UNEXPECTED_RESPONSE', res, 'Okta asked for the passkey again after its assertion, without a message'),
    );
  const current = jsonObject(jsonObject(body.currentAuthenticator)?.value);
  const data = jsonObject(jsonObject(current?.contextualData)?.challengeData);
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.length <= 512 ? value : undefined;
  const nonce = text(data?.challenge);
  if (nonce === undefined || !/^[A-Za-z0-9_-]{16,}={0,2}$/.test(nonce))
    return failed(
      failAnswer('MALFORMED_RESPONSE', res, "Okta's WebAuthn challenge carries no usable challengeData.challenge"),
    );
  const enrolled = webauthnEnrollments(body);
  if (enrolled.length > 0 && !enrolled.includes(progress.passkey.credentialId))
    return failed(
      failAnswer(
        'PASSKEY_REFUSED',
        res,
        `the user's ${enrolled.length} enrolled passkey(s) do not include this journey's credential id: it was ` +
          'removed or replaced in Okta; nothing was signed',
      ),
    );
  const move = submit(progress, res, challenge, 'passkey', { secret: 'passkey', label: 'passkey' });
  const userVerification = text(data?.userVerification);
  const rpId = text(data?.rpId);
  return move.kind !== 'submit'
    ? move
    : {
        ...move,
        webauthn: {
          challenge: nonce,
          ...(userVerification !== undefined && { userVerification }),
          ...(rpId !== undefined && { rpId }),
        },
      };
}

/** The credential ids of the user's WebAuthn enrollments Okta lists (authenticatorEnrollments[].credentialId). */
function webauthnEnrollments(body: Json): string[] {
  const list = jsonObject(body.authenticatorEnrollments)?.value;
  return (Array.isArray(list) ? list.slice(0, 50) : []).flatMap((e) => {
    const enrollment = jsonObject(e);
    return enrollment?.key === WEBAUTHN && typeof enrollment.credentialId === 'string' ? [enrollment.credentialId] : [];
  });
}

/**
 * A passkey journey that Okta offered no passkey: it fails, naming what Okta offered instead. A TOTP code (the secret
 * may still hold a seed) would pass it on the old path, the green an org moving to phishing-resistant sign-in must
 * never read as its passkey working.
 */
function passkeyNotOffered(res: HttpResponse, offered: string): Verdict {
  return failAnswer(
    'PASSKEY_NOT_OFFERED',
    res,
    `the journey signs in with a passkey ("authenticator": "passkey"), but Okta offered no passkey (FIDO2 ` +
      `WebAuthn); it offered ${offered}; nothing past the password was sent, and no TOTP code stands in for it`,
  );
}

/** A policy that takes only a phishing-resistant authenticator, met by a journey that has a TOTP code to give. */
function phishingResistance(res: HttpResponse, what: string): Verdict {
  return failAnswer(
    'PHISHING_RESISTANCE_REQUIRED',
    res,
    `${what}: the app's policy requires a phishing-resistant authenticator, and this journey signs in with a ` +
      "TOTP code, which is not one; either a rule of the policy for the synthetic user's group without the " +
      'phishing-resistant constraint, or a passkey for the journey ("authenticator": "passkey")',
  );
}

/**
 * No form the probe answers: an optional enrollment it skips, or why the journey ends here (an enrollment required,
 * a factor the probe never answers, or forms it does not know).
 */
function noFormToAnswer(
  { progress, res, body }: Turn,
  forms: readonly Json[],
  { skip, challenge }: { readonly skip: Json | undefined; readonly challenge: Json | undefined },
): IdxMove {
  const names = forms.map((f) => String(f.name));
  if (names.includes(PROMOTION)) return answerPromotion({ progress, res, body }, forms, skip);
  if (progress.enrollPasskey === true && forms.some((f) => ENROLL_FORMS.has(String(f.name))))
    return enrollPasskey({ progress, res, body }, forms);
  if (forms.some((f) => ENROLL_FORMS.has(String(f.name)))) {
    // An optional enrollment (grace period) is skipped, as a person may; a required one cannot be done by a probe.
    if (skip !== undefined && !progress.warned) {
      const move = submit(progress, res, skip, 'skip', { label: 'optional enrollment' });
      return move.kind === 'submit' ? { ...move, enrollGrace: enrollGraces(body, forms) } : move;
    }
    return failed(
      failAnswer(
        'MFA_ENROLLMENT_REQUIRED',
        res,
        `Okta asks the user to enroll an authenticator (${names.join(', ')}${enrollOffer(body, forms)}): the ` +
          `policy requires one the user does not have${phishingResistantEnroll(body, forms)}`,
      ),
    );
  }
  if (
    challenge !== undefined ||
    names.some((n) => /poll|launch-authenticator|authenticator-verification-data/.test(n))
  ) {
    const key = challenge === undefined ? undefined : relatedKey(body, challenge.relatesTo);
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `Okta waits for ${label(key)} (${names.join(', ')}) and offers no TOTP authenticator: the probe ` +
          `never answers a push, SMS, voice call or e-mail`,
      ),
    );
  }
  return failed(failAnswer('UNEXPECTED_RESPONSE', res, `no form the probe can follow: ${names.join(', ') || 'none'}`));
}

/**
 * Okta's passkey promotion: `passkey enroll` answers it with the new passkey's attestation; a run takes its "Maybe
 * later", as a person who does not want one does, whatever the journey's authenticator.
 */
function answerPromotion(turn: Turn, forms: readonly Json[], skip: Json | undefined): IdxMove {
  if (turn.progress.enrollPasskey === true) return enrollPasskey(turn, forms);
  if (skip !== undefined) return submit(turn.progress, turn.res, skip, 'skip', { label: PROMOTION_SKIP });
  return failed(
    failAnswer(
      'UNEXPECTED_RESPONSE',
      turn.res,
      `Okta's passkey promotion (${PROMOTION}) came without its "Maybe later" (skip), which the Sign-In Widget ` +
        'expects beside it always: the probe enrolls no passkey on a run',
    ),
  );
}

/**
 * What to change for `passkey enroll` to be offered a passkey, as Okta prompts for one. The promotion is spent by the
 * journey's own runs, which answer "Maybe later" at every sign-in: a skip limit (skipCount above 0) ends it after that
 * many skips, a cooldown BY_DURATION hides it that long after each (okta-developer-docs concepts/policies, "Passkey
 * enrollment promotion"); a required authenticator's grace period is prompted once daily (help.okta.com,
 * "Authenticator enrollment policies"), so a run's skip spends the day's prompt.
 */
const ENROLL_REMEDY =
  'set "Prompt users to enroll a passkey" to skipCount 0 and cooldown BY_SIGN_IN (each run\'s "Maybe later" ' +
  'spends a skip limit or a cooldown), or require Passkeys with no grace period for a group of only the synthetic ' +
  'user (a grace prompts once a day, which a run spends; runs then fail MFA_ENROLLMENT_REQUIRED until it enrolls)';

/**
 * `passkey enroll`'s answers: Okta's refusal of the attestation (any error after it: Okta's words for an AAGUID not on
 * the allowlist or a missing attestation are in no public mock, so the message is quoted whatever its key), and a
 * success without any enrollment offered (the enrollment policy does not let the user's group enroll a passkey).
 */
function judgeEnrolling(
  progress: IdxProgress,
  res: HttpResponse,
  state: ReturnType<typeof readIdxState>,
): IdxMove | undefined {
  if (progress.enrollPasskey !== true || res.status >= 500 || res.status === 429) return undefined;
  const errors = state.messages.filter((m) => m.class === undefined || m.class === 'ERROR');
  if (progress.attestationSent === true && (errors.length > 0 || res.status >= 400)) {
    const words = errors.map((m) => `"${m.message}"${m.key === undefined ? '' : ` (${m.key})`}`).join('; ');
    return failed(
      failAnswer(
        'PASSKEY_ENROLLMENT_REFUSED',
        res,
        `Okta refused the new passkey's attestation: ${words || `HTTP ${res.status} without a message`}; the ` +
          `probe's AAGUID is ${PROBE_AAGUID}, its attestation "none"; nothing was written`,
      ),
    );
  }
  if (state.interactionCode !== undefined && progress.attestationSent !== true)
    return failed(
      failAnswer(
        'PASSKEY_ENROLLMENT_NOT_OFFERED',
        res,
        'Okta offered no passkey enrollment (an optional one only after a required one is enrolled, or through the ' +
          `passkey promotion): ${ENROLL_REMEDY}; nothing was written`,
      ),
    );
  return undefined;
}

/**
 * An enrollment form under `passkey enroll`: the passkey chosen where Okta offers it
 * (authenticator-enroll-webauthn.json select-authenticator-enroll), then its attestation for the activation
 * (enroll-authenticator's currentAuthenticator contextualData.activationData); anything else offered is why no passkey
 * can be enrolled.
 */
function enrollPasskey({ progress, res, body }: Turn, forms: readonly Json[]): IdxMove {
  const named = (name: string): Json | undefined => forms.find((f) => f.name === name);
  // The promotion carries its activation at once: nothing to choose first.
  const promotion = named(PROMOTION);
  const enroll = promotion ?? named('enroll-authenticator');
  const current = relatedObject(body, '$.currentAuthenticator');
  if (
    enroll !== undefined &&
    current?.key === WEBAUTHN &&
    (progress.enrollSelected === true || promotion !== undefined)
  ) {
    const activation = jsonObject(jsonObject(current.contextualData)?.activationData);
    const challenge = activation?.challenge;
    const rpId = jsonObject(activation?.rp)?.id;
    if (typeof challenge !== 'string' || !/^[A-Za-z0-9_-]{16,1024}={0,2}$/.test(challenge) || progress.attestationSent)
      return failed(
        failAnswer('UNEXPECTED_RESPONSE', res, "Okta's passkey activation has no usable challenge, or came twice"),
      );
    const move = submit(progress, res, enroll, 'enroll', { label: 'passkey enrollment', secret: 'attestation' });
    const credProps = jsonObject(activation?.extensions)?.credProps === true;
    return move.kind === 'submit'
      ? {
          ...move,
          activation: {
            challenge,
            ...(typeof rpId === 'string' && rpId.length <= 253 && { rpId }),
            ...(credProps && { credProps }),
          },
        }
      : move;
  }
  const select = named('select-authenticator-enroll');
  const options = (fieldsOf(select).find((f) => f.name === 'authenticator')?.options ?? []).map((option) => ({
    option,
    key: relatedKey(body, option.relatesTo),
  }));
  const webauthn = options.find((o) => o.key === WEBAUTHN);
  if (select !== undefined && webauthn !== undefined && progress.enrollSelected !== true) {
    const authenticator = chosen(fieldsOf(jsonObject(webauthn.option.value)?.form), 'webauthn');
    return submit(progress, res, select, 'select', { label: 'passkey enrollment', authenticator });
  }
  const offered = options.map((o) => o.option.label || label(o.key)).join(', ') || 'none';
  return failed(
    failAnswer(
      'PASSKEY_ENROLLMENT_NOT_OFFERED',
      res,
      `Okta offers no passkey's enrollment to this user (${forms.map((f) => String(f.name)).join(', ')}; offered: ` +
        `${offered}): ${ENROLL_REMEDY}`,
    ),
  );
}

/**
 * An enrollment's offer, and which can hold the seed: on Identity Engine only Google Authenticator's shows it (widget
 * mocks authenticator-enroll-*).
 */
function enrollOffer(body: Json, forms: readonly Json[]): string {
  const options = forms.flatMap((f) => fieldsOf(f)).find((f) => f.name === 'authenticator')?.options ?? [];
  const keys = options.map((o) => relatedKey(body, o.relatesTo));
  const seed = keys.includes(GOOGLE)
    ? "; Google Authenticator's enrollment shows the secret the probe needs"
    : keys.includes(OKTA_VERIFY)
      ? "; Okta Verify's shows no secret, so the probe cannot hold its seed"
      : '';
  return options.length === 0 ? '' : `: ${options.map((o, i) => o.label || label(keys[i])).join(', ')}${seed}`;
}

/**
 * An enrollment that offers only phishing-resistant authenticators (FIDO2 WebAuthn; Okta Verify by FastPass alone): the
 * rule demands one, which a TOTP code never is (help.okta.com, "Phishing resistance"). Its remedy: the synthetic user's
 * passkey. Empty when a TOTP or another kind is offered.
 */
function phishingResistantEnroll(body: Json, forms: readonly Json[]): string {
  const options = forms.flatMap((f) => fieldsOf(f)).find((f) => f.name === 'authenticator')?.options ?? [];
  const resistant = (o: (typeof options)[number]): boolean => {
    const key = relatedKey(body, o.relatesTo);
    const methods = methodOptions(fieldsOf(jsonObject(o.value)?.form));
    return (
      key === WEBAUTHN || (key === OKTA_VERIFY && methods.length > 0 && methods.every((m) => m === 'signed_nonce'))
    );
  };
  if (options.length === 0 || !options.every(resistant)) return '';
  return (
    '; the rule demands a phishing-resistant authenticator, which a TOTP code is not: give the synthetic user a ' +
    'passkey (`passkey enroll --journey <id>` answers this enrollment with one) and sign the journey in with it ' +
    '("authenticator": "passkey")'
  );
}

/** The grace periods of an enrollment's options (none read means the skip is still told, with no count). */
function enrollGraces(body: Json, forms: readonly Json[]): EnrollGrace[] {
  const options = forms.flatMap((f) => fieldsOf(f)).find((f) => f.name === 'authenticator')?.options ?? [];
  return readEnrollGrace(options.map((o) => ({ label: o.label, authenticator: relatedObject(body, o.relatesTo) })));
}

/**
 * select-authenticator-authenticate: the password first when it is still due, then a TOTP authenticator; never
 * anything else.
 */
function selectAuthenticator(progress: IdxProgress, res: HttpResponse, body: Json, form: Json): IdxMove {
  const field = fieldsOf(form).find((f) => f.name === 'authenticator');
  const options = (field?.options ?? []).map((option) => ({
    option,
    key: relatedKey(body, option.relatesTo),
    fields: fieldsOf(jsonObject(option.value)?.form),
  }));
  const offered = options.map((o) => `${o.option.label || label(o.key)}${methodTypes(o.fields)}`).join(', ') || 'none';
  const password = options.find((o) => o.key === PASSWORD);
  // A passkey journey answers the passkey first where Okta lets it choose: no password spent if the passkey fails.
  const webauthn = options.find((o) => o.key === WEBAUTHN);
  if (progress.passkey !== undefined && webauthn !== undefined && !progress.totpSelected)
    return selectWebauthn(progress, res, form, { fields: webauthn.fields, offered });
  if (!progress.passwordSent && password !== undefined) return selectPassword(progress, res, form, password.fields);
  if (progress.passkey !== undefined) return failed(passkeyNotOffered(res, offered));
  if (progress.totpSelected)
    return failed(
      failAnswer(
        'UNEXPECTED_RESPONSE',
        res,
        `Okta offered the authenticators again after the TOTP one was chosen: ${offered}`,
      ),
    );
  const google = options.find((o) => o.key === GOOGLE);
  const verify = options.find((o) => o.key === OKTA_VERIFY && methodOptions(o.fields).includes('totp'));
  const wanted = progress.totpAuthenticator;
  const totp = wanted === undefined ? (google ?? verify) : wanted === 'google-authenticator' ? google : verify;
  if (totp === undefined && wanted !== undefined && (google ?? verify) !== undefined) {
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `the policy offers ${offered}: not ${label(KEY_OF[wanted])} (totpAuthenticator), the authenticator ` +
          `the probe's seed belongs to`,
      ),
    );
  }
  if (totp === undefined) return noTotpOffered(progress, res, options, offered);
  if (!progress.hasTotpSecret)
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `Okta offers ${label(totp.key)}, but the probe was given no TOTP secret (totpSecretEnv, or ` +
          `"totpSecret" in the secret)`,
      ),
    );
  // Both offered and neither named: Google Authenticator, the only one whose Identity Engine enrollment shows a seed.
  const otherTotp =
    wanted === undefined && totp === google && verify !== undefined ? ('okta-verify' as const) : undefined;
  return selectTotp(progress, res, form, { totp, viaVerify: totp === verify, otherTotp, offered });
}

/** No TOTP authenticator offered: a policy that takes only phishing-resistant ones, or one the probe never answers. */
function noTotpOffered(
  progress: IdxProgress,
  res: HttpResponse,
  options: readonly { readonly key: string | undefined; readonly fields: readonly IdxField[] }[],
  offered: string,
): IdxMove {
  const others = options.filter((o) => o.key !== PASSWORD);
  // FIDO2 WebAuthn, and Okta Verify by FastPass (signed_nonce) alone: the phishing-resistant ones (help.okta.com).
  const resistant = others.every(
    (o) => o.key === WEBAUTHN || (o.key === OKTA_VERIFY && methodOptions(o.fields).every((m) => m === 'signed_nonce')),
  );
  if (progress.passkey === undefined && others.length > 0 && resistant)
    return failed(phishingResistance(res, `the policy offers ${offered}`));
  const wanted =
    progress.passkey === undefined
      ? 'no TOTP (Google Authenticator, or Okta Verify "Enter a code")'
      : "no passkey (FIDO2 WebAuthn), the journey's authenticator, nor a TOTP";
  return failed(
    failAnswer(
      'MFA_FACTOR_UNAVAILABLE',
      res,
      `the policy asks for another authenticator and offers ${offered}: ${wanted}`,
    ),
  );
}

/** The passkey option selected (methodType webauthn), as long as it would send nothing else. */
function selectWebauthn(
  progress: IdxProgress,
  res: HttpResponse,
  form: Json,
  { fields, offered }: { readonly fields: readonly IdxField[]; readonly offered: string },
): IdxMove {
  const authenticator = chosen(fields);
  const method = methodRefused(authenticator, fields);
  const other = `methodType ${JSON.stringify(authenticator.methodType)}`;
  if (method !== undefined || (authenticator.methodType !== undefined && authenticator.methodType !== 'webauthn'))
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `Okta's passkey option would be sent with ${method ?? other}: not followed (offered: ${offered})`,
      ),
    );
  return submit(progress, res, form, 'select', { label: 'passkey', authenticator });
}

/** The password option selected, as long as it would send nothing but the password. */
function selectPassword(progress: IdxProgress, res: HttpResponse, form: Json, fields: readonly IdxField[]): IdxMove {
  const authenticator = chosen(fields);
  const method = methodRefused(authenticator, fields);
  if (method !== undefined || (authenticator.methodType !== undefined && authenticator.methodType !== 'password')) {
    return failed(
      failAnswer(
        'UNEXPECTED_RESPONSE',
        res,
        `Okta's password option would be sent with ${method ?? `methodType ${JSON.stringify(authenticator.methodType)}`}: ` +
          `not followed`,
      ),
    );
  }
  return submit(progress, res, form, 'select', { label: 'password', authenticator });
}

/** The TOTP authenticator chosen among those offered, with what the choice was made from. */
interface TotpChoice {
  readonly totp: { readonly key: string | undefined; readonly fields: readonly IdxField[] };
  /** Okta Verify's option, whose TOTP is one method among several: the method is named. */
  readonly viaVerify: boolean;
  readonly otherTotp: 'okta-verify' | undefined;
  /** The options offered, in words. */
  readonly offered: string;
}

/** The TOTP option selected, as long as it would send nothing but a TOTP code. */
function selectTotp(
  progress: IdxProgress,
  res: HttpResponse,
  form: Json,
  { totp, viaVerify, otherTotp, offered }: TotpChoice,
): IdxMove {
  const authenticator = chosen(totp.fields, viaVerify ? 'totp' : undefined);
  const method = methodRefused(authenticator, totp.fields);
  if (method !== undefined)
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `Okta's ${label(totp.key)} option would be sent with ${method}: the probe only ever sends a TOTP ` +
          `code (offered: ${offered})`,
      ),
    );
  return submit(progress, res, form, 'select', {
    label: label(totp.key),
    authenticator,
    ...(otherTotp !== undefined && { otherTotp }),
  });
}

/**
 * The methods the probe ever submits: the password, and a TOTP code (Google Authenticator's otp, Okta Verify's totp).
 */
const SUBMITTED_METHODS = new Set(['password', 'otp', 'totp', 'webauthn']);

/**
 * Why an authenticator's body must not be sent, whatever its id and key claim: a methodType the option
 * does not offer, or one that is not a code (push, sms, voice, email, signed_nonce...). Undefined: it may be sent.
 */
function methodRefused(authenticator: Json, fields: readonly IdxField[]): string | undefined {
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
function chosen(fields: readonly IdxField[], methodType?: string): Json {
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
function submit(progress: IdxProgress, res: HttpResponse, form: Json, step: IdxStepName, opts: SubmitOptions): IdxMove {
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
function credentialsField(form: Json): string | undefined {
  const credentials = fieldsOf(form).find((f) => f.name === 'credentials');
  return credentials?.form?.value?.[0]?.name;
}

const fieldsOf = (form: unknown): readonly IdxField[] => {
  const value = jsonObject(form)?.value;
  return Array.isArray(value) ? (value.filter((f) => jsonObject(f) !== undefined) as IdxField[]) : [];
};

const methodOptions = (fields: readonly IdxField[]): string[] => {
  const methodType = fields.find((f) => f.name === 'methodType');
  if (methodType === undefined) return [];
  if (methodType.mutable === false) return typeof methodType.value === 'string' ? [methodType.value] : [];
  return (methodType.options ?? []).flatMap((o) => (typeof o.value === 'string' ? [o.value] : []));
};

const methodTypes = (fields: readonly IdxField[]): string => {
  const methods = methodOptions(fields);
  return methods.length === 0 ? '' : ` (${methods.join('/')})`;
};

/**
 * The key of the authenticator a form or option relates to: `$.authenticators.value[2]`, or ["$.currentAuthenticator"].
 */
function relatedKey(body: Json, relatesTo: unknown): string | undefined {
  const key = relatedObject(body, relatesTo)?.key;
  return typeof key === 'string' ? key : undefined;
}

/** The authenticator a form or option relates to, inline or at its path (`$.authenticators.value[2]`). */
function relatedObject(body: Json, relatesTo: unknown): Json | undefined {
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
function currentKey(body: Json): string | undefined {
  return relatedKey(body, '$.currentAuthenticator') ?? relatedKey(body, '$.currentAuthenticatorEnrollment');
}

/** Okta Verify challenged by a code (its methods say totp), not by a push waiting to be polled. */
function currentMethodIsCode(body: Json): boolean {
  const current =
    jsonObject(jsonObject(body.currentAuthenticator)?.value) ??
    jsonObject(jsonObject(body.currentAuthenticatorEnrollment)?.value);
  const methods = Array.isArray(current?.methods) ? current.methods.map((m) => jsonObject(m)?.type) : [];
  // Whatever the key claims: listed methods must include a code and no push.
  if (current?.key !== OKTA_VERIFY && methods.length === 0) return true;
  return methods.some((m) => m === 'totp' || m === 'otp') && !methods.includes('push');
}

const label = (key: string | undefined): string =>
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

const failed = (verdict: Verdict): IdxMove => ({ kind: 'failed', verdict });

/** Names the step in a verdict's detail, and quotes the IDX messages of a 5xx that carried some. */
function withStep(verdict: Verdict, step: string, body?: Json): Verdict {
  const diagnosis = verdict.diagnosis;
  if (diagnosis === null) return verdict;
  const messages = body === undefined ? [] : readIdxState(body).messages.map((m) => `"${m.message}"`);
  const detail = [diagnosis.detail, ...messages].filter((d) => d !== undefined && d !== '').join('; ');
  return { ...verdict, diagnosis: { ...diagnosis, detail: detail === '' ? step : `${step}: ${detail}` } };
}
