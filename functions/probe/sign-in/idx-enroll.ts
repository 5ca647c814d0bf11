// The "idx" sign-in's enrollments: an authenticator Okta asks the user to enroll, skipped where it is optional, and
// the passkey that `passkey enroll` enrolls, where Okta offers one or promotes one (its attestation built by the fetch
// half, idx.ts). Read from the Sign-In Widget's mocks (okta-signin-widget playground/mocks/data/idp/idx/
// authenticator-enroll-*.json, test/data/okta-idx-responses.json) and its EnrollWebauthnView.js.
import type { HttpResponse } from '../http';
import { failAnswer, jsonObject } from '../verdict';
import type { readIdxState } from '../okta/idx-state';
import { readEnrollGrace, type EnrollGrace } from './enroll-grace';
import { PROBE_AAGUID } from '../../credentials/attestation';
import {
  chosen,
  failed,
  fieldsOf,
  GOOGLE,
  label,
  optionMethods,
  OKTA_VERIFY,
  relatedKey,
  relatedObject,
  submit,
  WEBAUTHN,
  type IdxMove,
  type IdxProgress,
  type Turn,
} from './idx-move';

type Json = Readonly<Record<string, unknown>>;

/** Forms that enroll an authenticator: the user lacks one the policy requires. */
export const ENROLL_FORMS = new Set([
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
export const PROMOTION = 'enroll-authenticator-promotion';
/** The step label of the promotion's skip: a skip that is no password warning (record() in idx.ts). */
export const PROMOTION_SKIP = 'passkey promotion ("Maybe later")';
/** The label of an optional enrollment's skip (select-authenticator-enroll beside `skip`: a grace period). */
export const ENROLL_SKIP = 'optional enrollment';

/**
 * Okta's passkey promotion: `passkey enroll` answers it with the new passkey's attestation; a run takes its "Maybe
 * later", as a person who does not want one does, whatever the journey's authenticator.
 */
export function answerPromotion(turn: Turn, forms: readonly Json[], skip: Json | undefined): IdxMove {
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
export function judgeEnrolling(
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
export function enrollPasskey({ progress, res, body }: Turn, forms: readonly Json[]): IdxMove {
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
export function enrollOffer(body: Json, forms: readonly Json[]): string {
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
export function phishingResistantEnroll(body: Json, forms: readonly Json[]): string {
  const options = forms.flatMap((f) => fieldsOf(f)).find((f) => f.name === 'authenticator')?.options ?? [];
  const resistant = (o: (typeof options)[number]): boolean => {
    const key = relatedKey(body, o.relatesTo);
    const methods = optionMethods(body, o);
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
export function enrollGraces(body: Json, forms: readonly Json[]): EnrollGrace[] {
  const options = forms.flatMap((f) => fieldsOf(f)).find((f) => f.name === 'authenticator')?.options ?? [];
  return readEnrollGrace(options.map((o) => ({ label: o.label, authenticator: relatedObject(body, o.relatesTo) })));
}
