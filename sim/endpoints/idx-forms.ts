// The IDX API's answers in Okta's shapes (Ion, application/ion+json; okta-version=1.0.0), as the Sign-In Widget's
// playground mocks record them (okta/okta-signin-widget playground/mocks/data/idp/idx: identify.json,
// authenticator-verification-password.json, authenticator-verification-select-authenticator-ov-m2.json,
// authenticator-verification-select-authenticator.json, authenticator-verification-google-authenticator.json,
// authenticator-verification-okta-verify-totp.json, authenticator-expiry-warning-password.json,
// authenticator-expired-password.json, authenticator-enroll-select-authenticator.json,
// success-with-interaction-code.json, authenticator-verification-webauthn.json,
// error-authenticator-webauthn-failure.json) and login.properties words the messages.
import type { Answer } from '../answer';
import { oktaId } from '../ids';

export const ION = 'application/ion+json; okta-version=1.0.0';
const ACCEPTS = 'application/json; okta-version=1.0.0';

/**
 * The org's authenticators (ids of the org, the same for every user) and one user's enrollments; the three of Okta
 * Verify split by method under Flexible Okta Verify (idx-flexible-verify.ts).
 */
export const AUTHENTICATORS = {
  password: oktaId('aut'),
  oktaVerify: oktaId('aut'),
  google: oktaId('aut'),
  webauthn: oktaId('aut'),
  verifyTotp: oktaId('aut'),
  verifyPush: oktaId('aut'),
  verifyFastpass: oktaId('aut'),
} as const;

export type Json = Record<string, unknown>;

export interface IdxMessage {
  readonly message: string;
  readonly key: string;
  readonly class?: 'ERROR' | 'INFO' | 'WARNING';
  readonly params?: readonly string[];
  /**
   * Help links an admin gave, beside the message as the widget's mocks carry them: error-identify-access-denied-custom-
   * message.json (security.access_denied_custom_message) and the end-user-remediation-*.json of device assurance.
   */
  readonly links?: readonly { readonly label?: string; readonly url: string }[];
}

export function ion(status: number, body: Json, headers: Record<string, string> = {}): Answer {
  return { kind: 'reply', status, headers: { 'Content-Type': ION, ...headers }, body: JSON.stringify(body) };
}

export const messages = (list: readonly IdxMessage[]): Json => ({
  type: 'array',
  value: list.map((m) => ({
    message: m.message,
    ...(m.links !== undefined && { links: m.links }),
    i18n: { key: m.key, ...(m.params !== undefined && { params: m.params }) },
    class: m.class ?? 'ERROR',
  })),
});

const stateField = (stateHandle: string): Json => ({
  name: 'stateHandle',
  required: true,
  value: stateHandle,
  visible: false,
  mutable: false,
});

export function form(
  baseUrl: string,
  name: string,
  path: string,
  stateHandle: string,
  fields: readonly Json[],
  extra: Json = {},
): Json {
  return {
    rel: ['create-form'],
    name,
    href: `${baseUrl}/idp/idx/${path}`,
    method: 'POST',
    produces: ION,
    ...extra,
    value: [...fields, stateField(stateHandle)],
    accepts: ACCEPTS,
  };
}

const credentials = (name: 'passcode' | 'totp', label: string, fieldMessages?: readonly IdxMessage[]): Json => ({
  name: 'credentials',
  type: 'object',
  form: {
    value: [
      {
        name,
        label,
        ...(name === 'passcode' && label === 'Password' && { secret: true }),
        ...(fieldMessages !== undefined && { messages: messages(fieldMessages) }),
      },
    ],
  },
  required: true,
});

const PASSWORD_AUTHENTICATOR = {
  type: 'password',
  key: 'okta_password',
  id: AUTHENTICATORS.password,
  displayName: 'Password',
  methods: [{ type: 'password' }],
};
const verifyMethods = (pushOnly: boolean) => (pushOnly ? ['push', 'signed_nonce'] : ['push', 'totp', 'signed_nonce']);
const oktaVerify = (pushOnly: boolean) => ({
  type: 'app',
  key: 'okta_verify',
  id: AUTHENTICATORS.oktaVerify,
  displayName: 'Okta Verify',
  methods: verifyMethods(pushOnly).map((type) => ({ type })),
});
const METHOD_LABELS: Record<string, string> = {
  push: 'Get a push notification',
  totp: 'Enter a code',
  signed_nonce: 'Use Okta FastPass',
};

/** challenge-authenticator for the current authenticator: its answer's one field (credentials) posted to the answer. */
const challengeForm = (baseUrl: string, stateHandle: string, field: Json): Json =>
  form(baseUrl, 'challenge-authenticator', 'challenge/answer', stateHandle, [field], {
    relatesTo: ['$.currentAuthenticator'],
  });

/** An option of one authenticator by one method, both immutable, as the widget's select-authenticator mocks give it. */
export const fixedOption = (label: string, id: string, methodType: string, relatesTo: string): Json => ({
  label,
  value: {
    form: {
      value: [
        { name: 'id', required: true, value: id, mutable: false },
        { name: 'methodType', required: false, value: methodType, mutable: false },
      ],
    },
  },
  relatesTo,
});

/** An IDX state: the transaction's handle, the forms, and the objects they relate to. */
export function state(stateHandle: string, baseUrl: string, remediation: readonly Json[], extra: Json = {}): Json {
  return {
    version: '1.0.0',
    stateHandle,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    intent: 'LOGIN',
    remediation: { type: 'array', value: remediation },
    ...extra,
    cancel: form(baseUrl, 'cancel', 'cancel', stateHandle, []),
  };
}

/** identify.json: the username first (identifier-first, Identity Engine's default). */
export function identifyState(stateHandle: string, baseUrl: string, extra: Json = {}): Json {
  return state(
    stateHandle,
    baseUrl,
    [
      form(baseUrl, 'identify', 'identify', stateHandle, [
        { name: 'identifier', label: 'Username', required: true },
        { name: 'rememberMe', label: 'Keep me signed in', type: 'boolean' },
      ]),
    ],
    extra,
  );
}

/** authenticator-verification-password.json: the password of the identified user, or another authenticator. */
export function passwordState(
  stateHandle: string,
  baseUrl: string,
  fieldMessages?: readonly IdxMessage[],
  extra: Json = {},
): Json {
  const enrollment = { ...PASSWORD_AUTHENTICATOR };
  return state(
    stateHandle,
    baseUrl,
    [
      form(
        baseUrl,
        'challenge-authenticator',
        'challenge/answer',
        stateHandle,
        [credentials('passcode', 'Password', fieldMessages)],
        { relatesTo: ['$.currentAuthenticatorEnrollment'] },
      ),
      form(baseUrl, 'select-authenticator-authenticate', 'challenge', stateHandle, [
        {
          name: 'authenticator',
          type: 'object',
          options: [
            fixedOption('Password', AUTHENTICATORS.password, 'password', '$.authenticatorEnrollments.value[0]'),
          ],
        },
      ]),
    ],
    {
      currentAuthenticatorEnrollment: { type: 'object', value: enrollment },
      authenticatorEnrollments: { type: 'array', value: [enrollment] },
      ...extra,
    },
  );
}

/**
 * Google Authenticator as authenticator-verification-google-authenticator.json names it: key google_otp, one method,
 * otp.
 */
const GOOGLE_AUTHENTICATOR = {
  type: 'app',
  key: 'google_otp',
  id: AUTHENTICATORS.google,
  displayName: 'Google Authenticator',
  methods: [{ type: 'otp' }],
};
/** authenticator-verification-select-authenticator.json's Google Authenticator option: its id, no method to choose. */
const googleOption = (relatesTo: string): Json => ({
  label: 'Google Authenticator',
  value: { form: { value: [{ name: 'id', required: true, value: AUTHENTICATORS.google, mutable: false }] } },
  relatesTo,
});

/**
 * The TOTP authenticators a user with both is offered, in authenticator-verification-select-authenticator.json's
 * order (Okta Verify, then Google Authenticator), or Google Authenticator first (googleFirst): Okta Verify by push,
 * code or FastPass (authenticator-verification-select-authenticator-ov-m2.json). A user whose Okta Verify allows
 * push only (pushOnly) has nothing else.
 */
export function selectState(
  stateHandle: string,
  baseUrl: string,
  pushOnly: boolean,
  googleFirst = false,
  passkeyIds: readonly string[] = [],
): Json {
  const methods = verifyMethods(pushOnly);
  const verifyOption = (at: number): Json => ({
    label: 'Okta Verify',
    value: {
      form: {
        value: [
          { name: 'id', required: true, value: AUTHENTICATORS.oktaVerify, mutable: false },
          {
            name: 'methodType',
            type: 'string',
            required: false,
            options: methods.map((m) => ({ label: METHOD_LABELS[m], value: m })),
          },
        ],
      },
    },
    relatesTo: `$.authenticators.value[${at}]`,
  });
  const offered: readonly ('verify' | 'google')[] = pushOnly
    ? ['verify']
    : googleFirst
      ? ['google', 'verify']
      : ['verify', 'google'];
  const options = offered.map((which, at) =>
    which === 'verify' ? verifyOption(at) : googleOption(`$.authenticators.value[${at}]`),
  );
  const authenticators = offered.map((which) => (which === 'verify' ? oktaVerify(pushOnly) : GOOGLE_AUTHENTICATOR));
  return state(
    stateHandle,
    baseUrl,
    [
      form(baseUrl, 'select-authenticator-authenticate', 'challenge', stateHandle, [
        { name: 'authenticator', type: 'object', options: withPasskey(options, authenticators.length, passkeyIds) },
      ]),
    ],
    {
      authenticators: {
        type: 'array',
        value: passkeyIds.length > 0 ? [...authenticators, WEBAUTHN_AUTHENTICATOR] : authenticators,
      },
      authenticatorEnrollments: {
        type: 'array',
        value: [...authenticators, ...webauthnEnrollments(passkeyIds), PASSWORD_AUTHENTICATOR],
      },
    },
  );
}

/**
 * A user who enrolled a passkey is offered it beside the codes, as the widget's mock
 * authenticator-verification-select-authenticator.json lists "Security Key or Biometric" (methodType webauthn) among
 * the user's other authenticators: the policy takes any factor the user has.
 */
function withPasskey(options: readonly Json[], at: number, passkeyIds: readonly string[]): Json[] {
  if (passkeyIds.length === 0) return [...options];
  const label = 'Security Key or Biometric';
  return [...options, fixedOption(label, AUTHENTICATORS.webauthn, 'webauthn', `$.authenticators.value[${at}]`)];
}

/** authenticator-verification-google-authenticator.json: Google Authenticator's code, in credentials.passcode. */
export function googleState(stateHandle: string, baseUrl: string, fieldMessages?: readonly IdxMessage[]): Json {
  return state(
    stateHandle,
    baseUrl,
    [
      form(
        baseUrl,
        'challenge-authenticator',
        'challenge/answer',
        stateHandle,
        [credentials('passcode', 'Enter code', fieldMessages)],
        { relatesTo: ['$.currentAuthenticator'] },
      ),
    ],
    {
      currentAuthenticator: { type: 'object', value: GOOGLE_AUTHENTICATOR },
      authenticators: { type: 'array', value: [GOOGLE_AUTHENTICATOR] },
    },
  );
}

/**
 * authenticator-verification-okta-verify-totp.json: Okta Verify's code, in credentials.totp
 * (error-okta-verify-totp.json when refused).
 */
export function totpState(stateHandle: string, baseUrl: string, fieldMessages?: readonly IdxMessage[]): Json {
  const current = {
    type: 'app',
    key: 'okta_verify',
    id: AUTHENTICATORS.oktaVerify,
    displayName: 'Okta Verify',
    methods: [{ type: 'totp' }],
  };
  return state(
    stateHandle,
    baseUrl,
    [
      form(
        baseUrl,
        'challenge-authenticator',
        'challenge/answer',
        stateHandle,
        [credentials('totp', 'Enter code from Okta Verify app', fieldMessages)],
        { relatesTo: ['$.currentAuthenticator'] },
      ),
    ],
    {
      currentAuthenticator: { type: 'object', value: current },
      authenticators: { type: 'array', value: [oktaVerify(false)] },
    },
  );
}

/** authenticator-expiry-warning-password.json: change the password now, or skip. */
export function warningState(stateHandle: string, baseUrl: string, days: number, app: string): Json {
  return state(
    stateHandle,
    baseUrl,
    [
      form(
        baseUrl,
        'reenroll-authenticator-warning',
        'challenge/answer',
        stateHandle,
        [credentials('passcode', 'New password')],
        { relatesTo: ['$.currentAuthenticator'] },
      ),
      form(baseUrl, 'skip', 'skip', stateHandle, []),
    ],
    {
      currentAuthenticator: {
        type: 'object',
        value: {
          ...PASSWORD_AUTHENTICATOR,
          settings: {
            complexity: { minLength: 8, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0 },
            age: { minAgeMinutes: 0, historyCount: 4 },
            daysToExpiry: days,
          },
        },
      },
      messages: messages([
        {
          message:
            `When your password expires, you will have to change your password before you can login to your ${app} ` +
            `account.`,
          key: 'idx.password.expiring.message',
          params: [app],
          class: 'INFO',
        },
      ]),
    },
  );
}

/** authenticator-expired-password.json: the only way on is a new password. */
export function expiredState(stateHandle: string, baseUrl: string): Json {
  return state(
    stateHandle,
    baseUrl,
    [
      form(
        baseUrl,
        'reenroll-authenticator',
        'challenge/answer',
        stateHandle,
        [credentials('passcode', 'New password')],
        { relatesTo: ['$.currentAuthenticator'] },
      ),
    ],
    {
      currentAuthenticator: { type: 'object', value: PASSWORD_AUTHENTICATOR },
    },
  );
}

// authenticator-enroll-select-authenticator.json offers both on an Identity Engine org: Okta Verify (its channels
// QRCODE, SMS, EMAIL: no seed shown) and Google Authenticator (google_otp, whose enrollment shows the shared secret).
const VERIFY_ENROLL = {
  label: 'Okta Verify',
  value: {
    form: {
      value: [
        { name: 'id', required: true, value: AUTHENTICATORS.oktaVerify, mutable: false },
        {
          name: 'channel',
          type: 'string',
          required: false,
          options: [
            { label: 'QRCODE', value: 'qrcode' },
            { label: 'SMS', value: 'sms' },
            { label: 'EMAIL', value: 'email' },
          ],
        },
      ],
    },
  },
  relatesTo: '$.authenticators.value[0]',
};

/**
 * authenticator-enroll-select-authenticator.json: the policy demands an authenticator the user lacks; no skip. With
 * `remainingSkips`, an enrollment grace period counted in skips
 * (authenticator-enroll-grace-period-login-count-with-skip.json): each authenticator says `gracePeriod: { type:
 * "BY_SKIP_COUNT", remainingSkips }`, and a skip form is offered while any is left; once none is, the same offer
 * without skip, the grace spent.
 */
export function enrollState(stateHandle: string, baseUrl: string, remainingSkips?: number): Json {
  const grace = remainingSkips === undefined ? {} : { gracePeriod: { type: 'BY_SKIP_COUNT', remainingSkips } };
  const google = GOOGLE_AUTHENTICATOR;
  const googleEnroll = {
    label: 'Google Authenticator',
    value: {
      form: {
        value: [
          { name: 'id', required: true, value: AUTHENTICATORS.google, mutable: false },
          { name: 'methodType', required: false, value: 'otp', mutable: false },
        ],
      },
    },
    relatesTo: '$.authenticators.value[1]',
  };
  return state(
    stateHandle,
    baseUrl,
    [
      form(baseUrl, 'select-authenticator-enroll', 'credential/enroll', stateHandle, [
        { name: 'authenticator', type: 'object', options: [VERIFY_ENROLL, googleEnroll] },
      ]),
      ...(remainingSkips !== undefined && remainingSkips > 0 ? [form(baseUrl, 'skip', 'skip', stateHandle, [])] : []),
    ],
    {
      authenticators: {
        type: 'array',
        value: [
          {
            type: 'app',
            key: 'okta_verify',
            id: AUTHENTICATORS.oktaVerify,
            displayName: 'Okta Verify',
            methods: [{ type: 'push' }, { type: 'totp' }],
            ...grace,
          },
          { ...google, ...grace },
        ],
      },
    },
  );
}

/** success-with-interaction-code.json: the code to exchange at the server's /v1/token. */
export function successState(stateHandle: string, tokenUrl: string, clientId: string, interactionCode: string): Json {
  return {
    version: '1.0.0',
    stateHandle,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    intent: 'LOGIN',
    successWithInteractionCode: {
      rel: ['create-form'],
      name: 'issue',
      href: tokenUrl,
      method: 'POST',
      value: [
        { name: 'grant_type', required: true, value: 'interaction_code' },
        { name: 'interaction_code', required: true, value: interactionCode },
        { name: 'client_id', required: true, value: clientId },
        { name: 'code_verifier', required: true },
      ],
      accepts: 'application/x-www-form-urlencoded',
    },
  };
}

/**
 * Is this the Okta Verify authenticator, asked for by code: Okta Verify with methodType totp, or Flexible Okta
 * Verify's okta_verify_totp, whose one method is the code (by its id, with or without that methodType)?
 */
export const isVerifyByCode = (authenticator: unknown): boolean => {
  const a = typeof authenticator === 'object' && authenticator !== null ? (authenticator as Json) : {};
  if (a.id === AUTHENTICATORS.verifyTotp) return a.methodType === undefined || a.methodType === 'totp';
  return a.id === AUTHENTICATORS.oktaVerify && a.methodType === 'totp';
};

/**
 * Is this Google Authenticator (chosen by its id alone: authenticator-verification-select-authenticator.json's option
 * has no methodType)?
 */
export const isGoogle = (authenticator: unknown): boolean =>
  typeof authenticator === 'object' && authenticator !== null && (authenticator as Json).id === AUTHENTICATORS.google;

export const isPassword = (authenticator: unknown): boolean =>
  typeof authenticator === 'object' && authenticator !== null && (authenticator as Json).id === AUTHENTICATORS.password;

/** authenticator-verification-webauthn.json's authenticator: key webauthn, type security_key, one method. */
export const WEBAUTHN_AUTHENTICATOR = {
  type: 'security_key',
  key: 'webauthn',
  id: AUTHENTICATORS.webauthn,
  displayName: 'Security Key or Biometric',
  methods: [{ type: 'webauthn' }],
};

/** The user's passkeys as authenticatorEnrollments list them (the mock's "MacBook Touch ID": a credentialId each). */
export const webauthnEnrollments = (credentialIds: readonly string[]): Json[] =>
  credentialIds.map((credentialId) => ({
    type: 'security_key',
    key: 'webauthn',
    id: oktaId('fwf'),
    displayName: 'Passkey',
    credentialId,
    methods: [{ type: 'webauthn' }],
  }));

/**
 * A phishing-resistant policy's choice (authenticator-verification-webauthn.json's select-authenticator-authenticate,
 * trimmed to what such a policy offers): the passkey (methodType webauthn), or Okta Verify by FastPass alone.
 */
export function phishingResistantSelectState(
  stateHandle: string,
  baseUrl: string,
  credentialIds: readonly string[],
): Json {
  const fastPass = { ...oktaVerify(true), methods: [{ type: 'signed_nonce' }] };
  return state(
    stateHandle,
    baseUrl,
    [
      form(baseUrl, 'select-authenticator-authenticate', 'challenge', stateHandle, [
        {
          name: 'authenticator',
          type: 'object',
          options: [
            fixedOption('Security Key or Biometric', AUTHENTICATORS.webauthn, 'webauthn', '$.authenticators.value[0]'),
            fixedOption('Okta Verify', AUTHENTICATORS.oktaVerify, 'signed_nonce', '$.authenticators.value[1]'),
          ],
        },
      ]),
    ],
    {
      authenticators: { type: 'array', value: [WEBAUTHN_AUTHENTICATOR, fastPass] },
      authenticatorEnrollments: {
        type: 'array',
        value: [...webauthnEnrollments(credentialIds), PASSWORD_AUTHENTICATOR],
      },
    },
  );
}

/**
 * authenticator-verification-webauthn.json: the challenge (challengeData { challenge, userVerification }) and the
 * answer's three fields; with `failure`, error-authenticator-webauthn-failure.json's message and a new challenge.
 */
export function webauthnState(
  stateHandle: string,
  baseUrl: string,
  { challenge, credentialIds, failure }: { challenge: string; credentialIds: readonly string[]; failure?: IdxMessage },
): Json {
  const answer = (name: string, label: string): Json => ({ name, label, required: true, visible: false });
  return state(
    stateHandle,
    baseUrl,
    [
      challengeForm(baseUrl, stateHandle, {
        name: 'credentials',
        type: 'object',
        required: true,
        form: {
          value: [
            answer('clientData', 'Client Data'),
            answer('authenticatorData', 'Authenticator Data'),
            answer('signatureData', 'Signature Data'),
          ],
        },
      }),
    ],
    {
      ...(failure !== undefined && { messages: messages([failure]) }),
      currentAuthenticator: {
        type: 'object',
        value: {
          ...WEBAUTHN_AUTHENTICATOR,
          contextualData: { challengeData: { challenge, userVerification: 'required' } },
        },
      },
      authenticators: { type: 'array', value: [WEBAUTHN_AUTHENTICATOR] },
      authenticatorEnrollments: { type: 'array', value: webauthnEnrollments(credentialIds) },
    },
  );
}

export const isWebauthn = (authenticator: unknown): boolean =>
  typeof authenticator === 'object' &&
  authenticator !== null &&
  (authenticator as Json).id === AUTHENTICATORS.webauthn &&
  (authenticator as Json).methodType === 'webauthn';
