// The "idx" sign-in's verdicts: what each answer of Identity Engine's IDX API means for a synthetic user. An error
// in Okta's words (its messages, the OAuth and Okta error shapes, a 5xx or a 429), a success's interaction code, or
// the next form, which idx-forms.ts chooses and idx-enroll.ts answers where it is an enrollment. Pure: the fetch half
// (idx.ts) sends the move. Read from Okta's own code, not guessed: okta-signin-widget
// playground/mocks/data/idp/idx/*.json for the answers' shapes, and packages/@okta/i18n/src/properties/login.properties
// for the message keys (test/data/okta-idx-responses.json).
import type { DiagnosisCode } from '../../contract';
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
import { chooseForm } from './idx-forms';
import { judgeEnrolling } from './idx-enroll';
import {
  currentKey,
  failed,
  GOOGLE,
  KEY_OF,
  label,
  OKTA_VERIFY,
  PASSWORD,
  submit,
  type IdxMove,
  type IdxProgress,
} from './idx-move';

type Json = Readonly<Record<string, unknown>>;

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
  // A form that asks for a CAPTCHA is never sent over the API: not the username, not the password. The page's widget
  // runs it as it runs for a person.
  const guarded =
    move.kind === 'submit' && progress.captchaInPage !== true
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

/** Names the step in a verdict's detail, and quotes the IDX messages of a 5xx that carried some. */
function withStep(verdict: Verdict, step: string, body?: Json): Verdict {
  const diagnosis = verdict.diagnosis;
  if (diagnosis === null) return verdict;
  const messages = body === undefined ? [] : readIdxState(body).messages.map((m) => `"${m.message}"`);
  const detail = [diagnosis.detail, ...messages].filter((d) => d !== undefined && d !== '').join('; ');
  return { ...verdict, diagnosis: { ...diagnosis, detail: detail === '' ? step : `${step}: ${detail}` } };
}
