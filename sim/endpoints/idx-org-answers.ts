// What a real Identity Engine org answers in the IDX API beyond the basics, in the shapes of the Sign-In
// Widget's playground mocks (okta/okta-signin-widget playground/mocks/data/idp/idx; copies in
// test/data/okta-idx-responses.json) and in login.properties' words. Each is an answer idx.ts gives when the
// scenario's `idxAnswer` fault says so; which request meets it follows the mock's name (identify, introspect).
import { json, notFromOkta, type Answer } from '../answer';
import { form, identifyState, ion, messages, state, type IdxMessage, type Json } from './idx-forms';

/** An admin's Deny-rule message as admins write them: several lines, markup, and far longer than a detail quotes. */
export const SIM_ADMIN_DENIED_TEXT =
  `Access to the Workforce Portal from outside the office is blocked.\r\n<b>Call the help desk</b> at ` +
  `extension 4357 and quote "OKTA-DENY".${' Please read the acceptable use policy first.'.repeat(6)}`;
/** The device assurance policy's requirements the probe's "device" fails (end-user-remediation-one-option.json). */
export const SIM_DEVICE_REQUIREMENTS = ['Update to macOS 14.0', 'Turn on FileVault'] as const;
/** The identity provider an IdP routing rule sends the user to. */
export const SIM_ROUTED_IDP = { id: '0oaSimAzureAd000x7', name: 'Contoso Entra ID', type: 'MICROSOFT' } as const;
/** The scopes the app asks the user to consent to. */
const SIM_CONSENT_SCOPES = ['email', 'phone'] as const;

const DEVICE = 'idx.error.code.access_denied.device_assurance.remediation';

/** error-with-failure-redirect.json: "You are not allowed to access this app", and where the browser would go. */
export function notAssignedRedirect(stateHandle: string, baseUrl: string): Answer {
  return ion(403, {
    version: '1.0.0',
    stateHandle,
    intent: 'LOGIN',
    messages: messages([
      {
        message: 'You are not allowed to access this app. To request access, contact an admin.',
        key: 'idx.error.code.user_not_assigned',
      },
    ]),
    failure: {
      name: 'failure-redirect',
      href: `${baseUrl}/error.html?key=idx.error.code.user_not_assigned&stateToken=${stateHandle}`,
    },
  });
}

/** error-identify-access-denied-custom-message.json: a Deny rule's message, the admin's own text and help link. */
export function customDenied(stateHandle: string): Answer {
  return ion(403, {
    version: '1.0.0',
    stateHandle,
    intent: 'LOGIN',
    messages: messages([
      {
        message: SIM_ADMIN_DENIED_TEXT,
        key: 'security.access_denied_custom_message',
        links: [{ label: 'Help desk', url: 'https://help.acme.example/okta?ticket=new' }],
      },
    ]),
  });
}

/**
 * end-user-remediation-one-option.json: the device assurance policy's title, its explanation, one change per failed
 * requirement, the help.
 */
export function deviceAssurance(stateHandle: string): Answer {
  const list: IdxMessage[] = [
    { message: "Your device doesn't meet the security requirements", key: `${DEVICE}.title` },
    {
      message: 'To sign in, make the following updates. Then, access the app again.',
      key: `${DEVICE}.explanation_one_rule`,
    },
    {
      message: SIM_DEVICE_REQUIREMENTS[0],
      key: `${DEVICE}.macos.upgrade_os_version`,
      params: ['14.0'],
      links: [{ url: 'https://support.apple.com/macos/upgrade' }],
    },
    { message: SIM_DEVICE_REQUIREMENTS[1], key: `${DEVICE}.macos.device_disk_encrypted` },
    {
      message: 'For more information, follow the instructions on the help page or contact your administrator for help',
      key: `${DEVICE}.additional_help_default`,
      links: [{ url: 'https://okta.com/help' }],
    },
  ];
  return ion(403, { version: '1.0.0', stateHandle, intent: 'LOGIN', messages: messages(list) });
}

/** How long the simulated device assurance grace period has left: the date Okta names in its notice. */
const SIM_GRACE_DAYS = 14;

/**
 * device-assurance-grace-period-one-option.json: the policy lets the device in for its grace period. A form
 * device-assurance-grace-period posting to /idp/idx/skip ("Continue to app"), a WARNING with the date the grace ends
 * (login.properties idx.device_assurance.grace_period.warning.title.due_by_date, the date in i18n.params), and the
 * policy's remediation messages, class ERROR, as in the mock.
 */
export function deviceGraceState(stateHandle: string, baseUrl: string, nowMs: number): Json {
  const until = new Date(Math.floor(nowMs / 86_400_000) * 86_400_000 + SIM_GRACE_DAYS * 86_400_000);
  const shown =
    `${String(until.getUTCMonth() + 1).padStart(2, '0')}/${String(until.getUTCDate()).padStart(2, '0')}/${until.getUTCFullYear()}, ` +
    `12:00 AM UTC`;
  const list: IdxMessage[] = [
    {
      message: `Your device doesn't meet the security requirements. Fix the issue by ${shown} to prevent lockout.`,
      key: 'idx.device_assurance.grace_period.warning.title.due_by_date',
      params: [until.toISOString()],
      class: 'WARNING',
    },
    {
      message: SIM_DEVICE_REQUIREMENTS[0],
      key: `${DEVICE}.macos.upgrade_os_version`,
      params: ['14.0'],
      links: [{ url: 'https://support.apple.com/macos/upgrade' }],
    },
    {
      message: 'For more information, follow the instructions on the help page or contact your administrator for help',
      key: `${DEVICE}.additional_help_default`,
      links: [{ url: 'https://okta.com/help' }],
    },
  ];
  return state(stateHandle, baseUrl, [form(baseUrl, 'device-assurance-grace-period', 'skip', stateHandle, [])], {
    messages: messages(list),
  });
}

/**
 * A blocklist network zone's answer: denied "before any policy evaluation" (help.okta.com, network zones), so none of
 * Okta's error fields; the System Log records security.request.blocked (okta-developer-docs
 * reference/system-log-query). Its exact body is not published: an empty one, with Okta's request id, as the router
 * adds to every answer of Okta's.
 */
export function blocklistZone(): Answer {
  return { kind: 'reply', status: 403, headers: {}, body: '' };
}

/**
 * error-403-proxy-block.json: a network policy's refusal. Okta's own carries its request id; one from a proxy or WAF
 * in front of Okta does not (the widget tells them apart so: src/v3/src/util/errorClassifier.ts).
 */

export function networkPolicy(fromOkta: boolean): Answer {
  const answer = json(403, { error: 'Forbidden', message: 'Access denied by network policy' });
  return fromOkta ? answer : notFromOkta(answer);
}

/**
 * identify-with-password-with-recaptcha-v2.json: the identify form asks for a CAPTCHA token (captchaVerify); hCaptcha's
 * as identify-with-password-with-hcaptcha.json names it.
 */
export function captchaIdentifyState(stateHandle: string, baseUrl: string, vendor: 'recaptcha' | 'hcaptcha'): Json {
  const identify = identifyState(stateHandle, baseUrl);
  const remediation = (identify.remediation as { value: Json[] }).value.map((f) => ({
    ...f,
    value: [
      ...(f.value as Json[]).filter((v) => v.name !== 'stateHandle'),
      {
        name: 'captchaVerify',
        form: {
          value: [
            { name: 'captchaId', required: true, value: 'capSim0000000000x7', visible: false, mutable: false },
            { name: 'captchaToken', required: true, visible: false, hint: 'captcha' },
          ],
        },
        relatesTo: '$.captcha',
      },
      ...(f.value as Json[]).filter((v) => v.name === 'stateHandle'),
    ],
  }));
  return {
    ...identify,
    remediation: { type: 'array', value: remediation },
    captcha: {
      type: 'object',
      value: {
        id: 'capSim0000000000x7',
        ...(vendor === 'hcaptcha'
          ? { name: 'hCaptcha', siteKey: '10000000-ffff-ffff-ffff-000000000001', type: 'HCAPTCHA' }
          : { name: 'reCaptcha', siteKey: '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI', type: 'RECAPTCHA_V2' }),
      },
    },
  };
}

/** identify-with-only-one-third-party-idp.json: an IdP routing rule leaves one way on, to the identity provider. */
export function redirectIdpState(stateHandle: string, baseUrl: string): Json {
  return state(stateHandle, baseUrl, [
    {
      name: 'redirect-idp',
      type: SIM_ROUTED_IDP.type,
      idp: { id: SIM_ROUTED_IDP.id, name: SIM_ROUTED_IDP.name },
      href: `${baseUrl}/sso/idps/${SIM_ROUTED_IDP.id}?stateToken=${stateHandle}`,
      method: 'GET',
    },
  ]);
}

/** post-auth-keep-me-signed-in.json: "Stay signed in", a boolean, false unless the user says yes. */
export function staySignedInState(stateHandle: string, baseUrl: string): Json {
  const field = { name: 'keepMeSignedIn', type: 'boolean', label: 'Stay signed in', required: true, value: false };
  return state(stateHandle, baseUrl, [
    form(baseUrl, 'keep-me-signed-in', 'keep-me-signed-in', stateHandle, [{ ...field, mutable: true }]),
  ]);
}

/** consent-enduser.json: the app's scopes to allow or not, before any token. */
export function consentState(stateHandle: string, baseUrl: string, app: string): Json {
  const scopes = SIM_CONSENT_SCOPES.map((name) => ({
    name,
    label: `View your ${name === 'email' ? 'email address' : 'phone number'}.`,
    value: name,
  }));
  const consent = form(
    baseUrl,
    'consent',
    'consent',
    stateHandle,
    [
      {
        name: 'consent',
        type: 'boolean',
        required: true,
        options: [
          { label: 'Allow Access', value: true },
          { label: "Don't Allow", value: false },
        ],
      },
    ],
    { scopes },
  );
  return state(stateHandle, baseUrl, [consent], {
    app: { type: 'object', value: { name: 'oidc_client', label: app, id: '0oaSimWorkforce00x7' } },
  });
}

/**
 * Progressive profiling: the user's profile lacks an attribute its user profile policy's enrollment form requires, so
 * Okta asks for it before the code (okta-developer-docs guides/enable-configure-signupform: "Users are prompted for
 * information only if a required value is missing"). The Sign-In Widget's enroll-profile-update-params.json, its
 * `userProfile` fields one attribute each, a required one among them, and its `skip` beside them: the Widget shows
 * the skip only when every attribute is optional (EnrollProfileUpdateView.js), and Okta's answer to it then is not
 * published, so the simulator answers the form again.
 */
export function profileUpdateState(stateHandle: string, baseUrl: string): Json {
  const attribute = (name: string, label: string, required: boolean): Json => ({
    name: 'userProfile',
    form: { value: [{ name, label, required }] },
  });
  const update = form(baseUrl, 'profile-update', 'enroll/new', stateHandle, [
    attribute('secondEmail', 'Secondary email', false),
    attribute('costCenter', 'Cost center', true),
  ]);
  return state(stateHandle, baseUrl, [update, form(baseUrl, 'skip', 'skip', stateHandle, [])]);
}

/** The remediation no client knows yet (SignInFaults idxAnswer 'unknown-remediation'): one form, one required field. */
export function unknownRemediationState(stateHandle: string, baseUrl: string): Json {
  const next = form(baseUrl, 'sim-unknown-remediation', 'challenge/answer', stateHandle, [
    { name: 'answer', label: 'Answer', required: true },
  ]);
  return state(stateHandle, baseUrl, [next]);
}
