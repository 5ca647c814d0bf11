// Which of the forms an IDX answer offers the "idx" sign-in submits next, and with what: identify, the password, the
// seed's TOTP authenticator, the journey's passkey, a password expiry warning's skip; or why none can be (a factor the
// probe never answers, an enrollment required, forms it does not know). Read from Okta's own code, not guessed:
// - okta-auth-js lib/idx/remediators/*: identify (identifier, and credentials.passcode when the policy asks for the
//   password on the same page), challenge-authenticator, select-authenticator-authenticate ({ id, methodType } of an
//   option);
// - lib/idx/authenticator/*: Okta Verify's code goes in credentials.totp, Google Authenticator's in
//   credentials.passcode (both named by the form's first credentials field, which is what idx-move.ts follows).
// Never a push, an SMS, a voice call or an e-mail: only the password and a TOTP code are ever submitted.
import type { HttpResponse } from '../http';
import { adminText } from './idx-denials';
import { answerProfileUpdate, PROFILE_UPDATE } from './idx-profile';
import { failAnswer, jsonObject, type Verdict } from '../verdict';
import {
  answerPromotion,
  ENROLL_FORMS,
  ENROLL_SKIP,
  enrollGraces,
  enrollOffer,
  enrollPasskey,
  phishingResistantEnroll,
  PROMOTION,
} from './idx-enroll';
import {
  chosen,
  credentialsField,
  FLEXIBLE_VERIFY,
  failed,
  fieldsOf,
  GOOGLE,
  KEY_OF,
  label,
  methodRefused,
  methodTypes,
  OKTA_VERIFY,
  PASSWORD,
  STAY_SIGNED_IN,
  relatedKey,
  optionMethods,
  submit,
  WEBAUTHN,
  type IdxField,
  type IdxMove,
  type IdxProgress,
  type Turn,
} from './idx-move';

type Json = Readonly<Record<string, unknown>>;

/** Form names told in a finding; the rest counted. */
const MOST_FORMS_NAMED = 8;

/** The form an IDX answer without an error is answered with, or why the journey ends at it. */
export function chooseForm(progress: IdxProgress, res: HttpResponse, body: Json, forms: readonly Json[]): IdxMove {
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
  const stay = named('keep-me-signed-in');
  if (stay !== undefined) return answerStaySignedIn(progress, res, stay);
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

/** "Stay signed in?" answered "no" once a run, whatever the form's default: a synthetic user keeps no session. */
function answerStaySignedIn(progress: IdxProgress, res: HttpResponse, form: Json): IdxMove {
  if (progress.staySignedInAnswered === true)
    return failed(
      failAnswer(
        'UNEXPECTED_RESPONSE',
        res,
        'Okta asked "Stay signed in?" again after it was answered, without a message',
      ),
    );
  const move = submit(progress, res, form, 'skip', { label: STAY_SIGNED_IN });
  return move.kind === 'submit' ? { ...move, body: { ...move.body, keepMeSignedIn: false } } : move;
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

/** Okta Verify challenged by a code (its methods say totp), not by a push waiting to be polled. */
function currentMethodIsCode(body: Json): boolean {
  const current =
    jsonObject(jsonObject(body.currentAuthenticator)?.value) ??
    jsonObject(jsonObject(body.currentAuthenticatorEnrollment)?.value);
  const methods = Array.isArray(current?.methods) ? current.methods.map((m) => jsonObject(m)?.type) : [];
  // Flexible Okta Verify's key names its one method: a push's or FastPass's challenge is never answered with a code.
  const split = typeof current?.key === 'string' ? FLEXIBLE_VERIFY.get(current.key) : undefined;
  if (split !== undefined && methods.length === 0) return split === 'totp';
  // Whatever the key claims: listed methods must include a code and no push.
  if (current?.key !== OKTA_VERIFY && methods.length === 0) return true;
  return methods.some((m) => m === 'totp' || m === 'otp') && !methods.includes('push');
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
  // Okta's names are hostile input like any of its text: made plain and bounded before they reach a report.
  const told =
    names
      .slice(0, MOST_FORMS_NAMED)
      .map((n) => adminText(n, 60))
      .join(', ') + (names.length > MOST_FORMS_NAMED ? `, and ${names.length - MOST_FORMS_NAMED} more` : '');
  if (names.includes(PROMOTION)) return answerPromotion({ progress, res, body }, forms, skip);
  if (progress.enrollPasskey === true && forms.some((f) => ENROLL_FORMS.has(String(f.name))))
    return enrollPasskey({ progress, res, body }, forms);
  if (forms.some((f) => ENROLL_FORMS.has(String(f.name)))) {
    // An optional enrollment (grace period) is skipped, as a person may; a required one cannot be done by a probe.
    if (skip !== undefined && !progress.warned) {
      const move = submit(progress, res, skip, 'skip', { label: ENROLL_SKIP });
      return move.kind === 'submit' ? { ...move, enrollGrace: enrollGraces(body, forms) } : move;
    }
    return failed(
      failAnswer(
        'MFA_ENROLLMENT_REQUIRED',
        res,
        `Okta asks the user to enroll an authenticator (${told}${enrollOffer(body, forms)}): the ` +
          `policy requires one the user does not have${phishingResistantEnroll(body, forms)}`,
      ),
    );
  }
  const profile = forms.find((f) => f.name === PROFILE_UPDATE);
  if (profile !== undefined) return answerProfileUpdate({ progress, res, body }, profile, skip);
  if (
    challenge !== undefined ||
    names.some((n) => /poll|launch-authenticator|authenticator-verification-data/.test(n))
  ) {
    const key = challenge === undefined ? undefined : relatedKey(body, challenge.relatesTo);
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `Okta waits for ${label(key)} (${told}) and offers no TOTP authenticator: the probe ` +
          `never answers a push, SMS, voice call or e-mail`,
      ),
    );
  }
  return failed(failAnswer('UNEXPECTED_RESPONSE', res, `no form the probe can follow: ${told || 'none'}`));
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
    methods: optionMethods(body, option),
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
  const verify = options.find((o) => o.key === OKTA_VERIFY && o.methods.includes('totp'));
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
  options: readonly { readonly key: string | undefined; readonly methods: readonly string[] }[],
  offered: string,
): IdxMove {
  const others = options.filter((o) => o.key !== PASSWORD);
  // FIDO2 WebAuthn, and Okta Verify by FastPass (signed_nonce) alone: the phishing-resistant ones (help.okta.com).
  const resistant = others.every(
    (o) => o.key === WEBAUTHN || (o.key === OKTA_VERIFY && o.methods.every((m) => m === 'signed_nonce')),
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
