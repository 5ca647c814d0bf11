// A passkey's enrollment in the IDX API, once the user is signed in and the authenticator enrollment policy requires
// one (no skip: Okta offers an optional one only after a required one is enrolled). Shapes from
// okta/okta-signin-widget playground/mocks/data/idp/idx:
// authenticator-enroll-webauthn.json (enroll-authenticator posting credentials { clientData, attestation } to
// /idp/idx/challenge/answer; currentAuthenticator.contextualData.activationData { rp, user, pubKeyCredParams,
// challenge, attestation, authenticatorSelection }; select-authenticator-enroll posting to /idp/idx/credential/enroll
// with the FIDO2 option's id and methodType "webauthn"), authenticator-enroll-select-authenticator.json, and the v3
// widget's src/v3/src/mocks/response/idp/idx/credential/enroll/webauthn-enroll-mfa.json (rp, requireResidentKey,
// excludeCredentials). Both mocks ask attestation "direct" whatever the org requires: browsers and platform
// authenticators may still answer "none", and whether Okta takes it is the authenticator's setting, not this field.
import {
  form,
  fixedOption,
  messages,
  state,
  WEBAUTHN_AUTHENTICATOR,
  webauthnEnrollments,
  type IdxMessage,
  type Json,
} from './idx-forms';

/**
 * The one AAGUID the 'aaguid-allowlist' org allows: YubiKey 5 Series' (FIDO MDS), never the probe's software
 * authenticator.
 */
export const ALLOWLISTED_AAGUID = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';

/** The option label Okta gives the authenticator in an enrollment's choice (authenticator-enroll-webauthn.json). */
const LABEL = 'Security Key or Biometric Authenticator (FIDO2)';

/**
 * select-authenticator-enroll offering the passkey the policy requires, without a skip, as
 * authenticator-enroll-select-authenticator.json offers a required authenticator.
 */
export function webauthnEnrollSelectState(stateHandle: string, baseUrl: string): Json {
  return state(
    stateHandle,
    baseUrl,
    [
      form(baseUrl, 'select-authenticator-enroll', 'credential/enroll', stateHandle, [
        {
          name: 'authenticator',
          type: 'object',
          required: true,
          options: [fixedOption(LABEL, WEBAUTHN_AUTHENTICATOR.id, 'webauthn', '$.authenticators.value[0]')],
        },
      ]),
    ],
    { authenticators: { type: 'array', value: [WEBAUTHN_AUTHENTICATOR] } },
  );
}

/** What the org's activationData holds beside the challenge. */
interface Activation {
  readonly challenge: string;
  readonly rpId: string;
  readonly user: { readonly id: string; readonly name: string; readonly displayName: string };
  readonly credentialIds: readonly string[];
}

/** What the authenticator gets to create the credential with (navigator.credentials.create's publicKey). */
const activationData = (activation: Activation): Json => ({
  rp: { name: 'idx', id: activation.rpId },
  user: activation.user,
  pubKeyCredParams: [
    { type: 'public-key', alg: -7 },
    { type: 'public-key', alg: -257 },
  ],
  challenge: activation.challenge,
  attestation: 'direct',
  authenticatorSelection: { userVerification: 'required', requireResidentKey: false },
  // The user's credentials, so that no authenticator enrolls twice (WebAuthn §5.4 excludeCredentials).
  excludeCredentials: activation.credentialIds.map((id) => ({ type: 'public-key', id })),
});

/**
 * Okta's passkey promotion ("Prompt users to enroll a passkey", Passkeys optional in the enrollment policy): offered
 * once the user is signed in, as okta-signin-widget's mock authenticator-enroll-passkey-promotion-security-key.json
 * (playground/mocks/data/idp/idx) shows it:
 * `enroll-authenticator-promotion` posting the attestation to /idp/idx/credential/enroll, and beside it a `skip` (the
 * widget's EnrollWebauthnView: "the API always ships a sibling `skip` on that remediation", shown as "Maybe later").
 */
export const PROMOTION = { name: 'enroll-authenticator-promotion', path: 'credential/enroll' } as const;

/**
 * enroll-authenticator for webauthn (or, with `promotion`, Okta's passkey promotion and its skip); with `failure`, the
 * refusal as a message, and a new challenge.
 */
export function webauthnEnrollState(
  stateHandle: string,
  baseUrl: string,
  activation: Activation,
  failure?: IdxMessage,
  promotion = false,
): Json {
  const answer = (name: string, label: string): Json => ({
    name,
    label,
    visible: false,
    required: true,
    hint: 'webauthn',
  });
  return state(
    stateHandle,
    baseUrl,
    [
      form(
        baseUrl,
        promotion ? PROMOTION.name : 'enroll-authenticator',
        promotion ? PROMOTION.path : 'challenge/answer',
        stateHandle,
        [
          {
            name: 'credentials',
            form: {
              value: [
                answer('clientData', 'Client Data'),
                answer('attestation', 'Attestation'),
                answer('transports', 'Transports'),
                answer('clientExtensions', 'clientExtensions'),
              ],
            },
          },
        ],
        { relatesTo: ['$.currentAuthenticator'] },
      ),
      ...(promotion ? [form(baseUrl, 'skip', 'skip', stateHandle, [])] : []),
    ],
    {
      ...(failure !== undefined && { messages: messages([failure]) }),
      currentAuthenticator: {
        type: 'object',
        value: {
          ...WEBAUTHN_AUTHENTICATOR,
          settings: {},
          contextualData: { activationData: activationData(activation) },
        },
      },
      authenticators: { type: 'array', value: [WEBAUTHN_AUTHENTICATOR] },
      authenticatorEnrollments: { type: 'array', value: webauthnEnrollments(activation.credentialIds) },
    },
  );
}
