// What a real Identity Engine org answers beyond a wrong password, each read from Okta's own sources and
// diagnosed in Okta's words: the Sign-In Widget's IDX mocks (okta/okta-signin-widget playground/mocks/data/idp/idx,
// kept in test/data/okta-idx-responses.json), its login.properties for the message keys, and its views for what
// each answer means (src/v2/view-builder/views/TerminalView.js, IdentifierView.js, src/v2/ion/responseTransformer.js):
// - "idx.error.code.user_not_assigned", with a failure redirect (error-with-failure-redirect.json);
// - "security.access_denied_custom_message": a Deny rule's message, written by the org's admin (the widget shows the
//   message's own text and links: error-identify-access-denied-custom-message.json);
// - "idx.error.code.access_denied.device_assurance.*": the device assurance policy's remediation list
//   (end-user-remediation-*.json; an admin's own remediation text under "device.assurance.custom.remediation.");
// - a failure redirect without a message (failure-redirect-remediation.json);
// - a device assurance grace period, which lets the user in (device-assurance-grace-period-one-option.json);
// - "Authentication failed" at identify, before any password: the username refused (identify-unknown-user.json);
// - a 429 within the user's own sign-in while the org's bucket has room: the per-user limit (rl2-limits);
// - the forms that stop a probe: a CAPTCHA on the form it would submit (captchaVerify, identify-with-password-with-
//   recaptcha-v2.json and -hcaptcha.json), only identity providers to go to (redirect-idp,
//   identify-with-only-one-third-party-idp.json), consent (consent-enduser.json, consent-admin.json,
//   consent-granular.json).
// Pure. Everything an org's admin wrote (a message, a link, an IdP's or a scope's name) is hostile input: quoted
// through adminText(), on one line, bounded, and never as markup.
import type { DiagnosisCode } from '../../contract';
import type { HttpResponse } from '../http';
import { parseRateLimit } from '../rate-limit';
import { redact } from '../../text/redact';
import { failAnswer, finding, jsonObject, type Verdict } from '../verdict';

type Json = Readonly<Record<string, unknown>>;

/** An IDX message as the judge reads it (okta/idx-state.ts's readIdxState). */
interface Message {
  readonly message: string;
  readonly key: string | undefined;
}

/** The longest piece of an admin's text a detail quotes. */
const ADMIN_TEXT_MAX = 160;
/** Device assurance asks for at most this many changes in a detail (Okta lists one per failed requirement). */
const MAX_REQUIREMENTS = 4;

const CUSTOM_DENIED = 'security.access_denied_custom_message';
const NOT_ASSIGNED = 'idx.error.code.user_not_assigned';
const DEVICE_ASSURANCE = 'idx.error.code.access_denied.device_assurance.';
/** An admin's own remediation text for a device assurance requirement (the widget's i18nUtils.js). */
const DEVICE_ASSURANCE_CUSTOM = 'device.assurance.custom.remediation.';
/** The device assurance messages that frame the list rather than name a requirement. */
const DEVICE_ASSURANCE_FRAME =
  /\.remediation\.(title|explanation_one_rule|explanation_multiple_rules|option_index|additional_help_default|additional_help_custom)$/;
/** The IDX forms that ask the user to grant scopes. */
const CONSENT_FORMS = new Set(['consent', 'admin-consent', 'granular-consent']);
/** The authenticator key of an IdP used as an authenticator (the widget's AUTHENTICATOR_KEY.IDP): MFA, not routing. */
const IDP_AUTHENTICATOR = 'external_idp';

/**
 * An admin's text as a detail may quote it: anything credential-shaped redacted, then markup and control characters
 * gone, one line, at most `max` characters. Never trusted to be short, plain or harmless. Redacted first, as every
 * text is before it is cut, folded or escaped: a token a line break split is one no pattern finds once the break is a
 * space (the run's own secrets, known only to the diagnosis, are found across the fold by redact's folded reading).
 */
export function adminText(text: unknown, max: number = ADMIN_TEXT_MAX): string {
  if (typeof text !== 'string') return '';
  const plain = redact(text)
    .replace(/<[^>]*>?/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/"/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

/**
 * The diagnosis of error messages Okta gives on a real Identity Engine org beyond the basic ones, or undefined when
 * none of them is such a message. `body` is the whole IDX answer (the app's label, a failure redirect, links).
 */
export function judgeDenialMessages(
  messages: readonly Message[],
  res: HttpResponse,
  step: string,
  body: Json | undefined,
): Verdict | undefined {
  const keyed = (test: (key: string) => boolean): Message | undefined =>
    messages.find((m) => m.key !== undefined && test(m.key));
  const custom = keyed((key) => key === CUSTOM_DENIED);
  if (custom !== undefined) {
    const link = firstLink(body, CUSTOM_DENIED);
    const said = adminText(custom.message);
    const detail =
      `${step}: a Deny rule of the app's authentication policy, with the admin's message "${said === '' ? '(empty)' : said}"${link === undefined ? '' : ` and help link ${link}`} ` +
      `(${CUSTOM_DENIED})`;
    return found('SIGN_IN_NOT_ALLOWED', res, CUSTOM_DENIED, detail);
  }
  const unassigned = keyed((key) => key === NOT_ASSIGNED);
  if (unassigned !== undefined) {
    const app = adminText(jsonObject(jsonObject(body?.app)?.value)?.label, 80);
    const redirect = failureRedirect(body);
    const detail = `${step}: "${adminText(unassigned.message)}" (${NOT_ASSIGNED})${app === '' ? '' : ` for the app "${app}"`}${
      redirect === undefined ? '' : `, then a failure ` + `redirect to ${redirect}`
    }`;
    return found('USER_NOT_ASSIGNED', res, NOT_ASSIGNED, detail);
  }
  if (keyed((key) => key.startsWith(DEVICE_ASSURANCE) || key.startsWith(DEVICE_ASSURANCE_CUSTOM)) !== undefined) {
    const title = keyed((key) => key === `${DEVICE_ASSURANCE}remediation.title`);
    const asks = messages
      .filter(
        (m) =>
          m.key !== undefined &&
          (m.key.startsWith(DEVICE_ASSURANCE_CUSTOM) ||
            (m.key.startsWith(DEVICE_ASSURANCE) && !DEVICE_ASSURANCE_FRAME.test(m.key))),
      )
      .map((m) => `"${adminText(m.message, 80)}"`);
    const listed =
      asks.length === 0
        ? 'no change named'
        : `${asks.slice(0, MAX_REQUIREMENTS).join('; ')}${
            asks.length > MAX_REQUIREMENTS ? ` and ${asks.length - MAX_REQUIREMENTS} ` + `more` : ''
          }`;
    const said = title === undefined ? 'a device assurance policy refused the device' : `"${adminText(title.message)}"`;
    const detail =
      `${step}: ${said}; Okta asks the device to: ${listed}. A probe has no managed device: exempt the ` +
      `synthetic user from the rule`;
    return found(
      'DEVICE_ASSURANCE_DENIED',
      res,
      title?.key ?? keyed((key) => key.startsWith(DEVICE_ASSURANCE))?.key,
      detail,
    );
  }
  return undefined;
}

/**
 * The scopes a consent form asks for: the form's `scopes` (consent, admin-consent), or a granular-consent form's
 * `optedScopes` fields, one a scope (the widget's consent-granular.json).
 */
function consentScopes(consent: Json): readonly unknown[] {
  if (Array.isArray(consent.scopes)) return consent.scopes;
  const fields = Array.isArray(consent.value) ? consent.value : [];
  const opted = fields.map((f) => jsonObject(f)).find((f) => f?.name === 'optedScopes');
  const form = jsonObject(opted?.form)?.value;
  return Array.isArray(form) ? form : [];
}

/**
 * The forms that end the journey for a probe, checked before it submits anything: a CAPTCHA on the form it would
 * submit, only identity providers to go to, consent to give, or a failure redirect without a message. Undefined
 * when the answer offers a form the probe follows.
 */
export function judgeStopForms(
  body: Json,
  forms: readonly Json[],
  res: HttpResponse,
  step: string,
): Verdict | undefined {
  const consent = forms.find((f) => CONSENT_FORMS.has(String(f.name)));
  if (consent !== undefined) {
    const scopes = consentScopes(consent)
      .map((s) => adminText(jsonObject(s)?.name ?? jsonObject(s)?.value, 60))
      .filter((s) => s !== '');
    const app = adminText(jsonObject(jsonObject(body.app)?.value)?.label, 80);
    const whose = consent.name === 'admin-consent' ? 'an admin to grant' : 'the user to consent to';
    const detail =
      `${step}: Okta asks ${whose} ${scopes.length === 0 ? "the app's scopes" : scopes.slice(0, 8).join(', ')}${app === '' ? '' : ` for the app "${app}"`} ` +
      `(${String(consent.name)} form); the probe never grants a scope on a person's behalf`;
    return {
      diagnosis: finding('SIGN_IN_CONSENT_REQUIRED', { requestId: res.requestId, httpStatus: res.status, detail }),
    };
  }
  const redirect = failureRedirect(body);
  if (redirect !== undefined && forms.every((f) => f.name === 'failure-redirect')) {
    return failAnswer(
      'SIGN_IN_NOT_ALLOWED',
      res,
      `${step}: Okta ended the sign-in with a failure redirect to ${redirect} and no message: the app's ` +
        `policy refused it, or the user is not assigned and the app sends refused users to its custom error page ` +
        `(accessibility.errorRedirectUrl). Reports > System Log tells which: policy.evaluate_sign_on names the ` +
        `rule, app.generic.unauth_app_access_attempt an unassigned user`,
    );
  }
  const idps = forms.filter((f) => f.name === 'redirect-idp');
  const followed = forms.filter((f) => f.name !== 'redirect-idp' && !OFF_PATH.has(String(f.name)));
  if (idps.length > 0 && followed.length === 0) {
    // An IdP used as an authenticator is MFA the probe cannot answer, not routing (the widget's modifyFormNameForIdP).
    const authenticator = idps.find((f) => jsonObject(jsonObject(f.relatesTo)?.value)?.key === IDP_AUTHENTICATOR);
    const named = idps.slice(0, 3).map(idpName).join(', ');
    if (authenticator !== undefined)
      return failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `${step}: Okta asks for an identity provider authenticator (${named}): the probe answers only a TOTP code`,
      );
    return failAnswer(
      'IDP_ROUTING_REDIRECT',
      res,
      `${step}: Okta sends the user to ${idps.length === 1 ? 'the identity provider' : 'an identity provider'} ${named} ` +
        `(redirect-idp): an identity provider routing rule matched; the probe never follows a redirect off the ` +
        `org`,
    );
  }
  return undefined;
}

/** Forms a person may take that lead nowhere a sign-in goes (they never keep the probe from signing in). */
const OFF_PATH = new Set(['select-enroll-profile', 'unlock-account', 'launch-authenticator', 'cancel', 'recover']);

/** The CAPTCHA a form asks for (a captchaVerify field, Okta's captcha object), or undefined. */
export function captchaOf(body: Json, form: Json): string | undefined {
  const fields = Array.isArray(form.value) ? form.value.map((f) => jsonObject(f)) : [];
  const field = fields.find(
    (f) =>
      f?.name === 'captchaVerify' ||
      (Array.isArray(jsonObject(f?.form)?.value) &&
        (jsonObject(f?.form)?.value as unknown[]).some((v) => jsonObject(v)?.hint === 'captcha')),
  );
  if (field === undefined) return undefined;
  const captcha = jsonObject(jsonObject(body.captcha)?.value);
  const name = adminText(captcha?.name, 40);
  const type = adminText(captcha?.type, 20);
  return [name, type === '' ? '' : `(${type})`].filter((p) => p !== '').join(' ') || 'a CAPTCHA';
}

/** The CAPTCHA diagnosis: nothing was sent, so the user's lockout count is untouched. */
export function captchaVerdict(res: HttpResponse, step: string, formName: string, captcha: string): Verdict {
  return failAnswer(
    'CAPTCHA_REQUIRED',
    res,
    `${step}: the ${formName} form asks for ${captcha} (captchaVerify): a probe cannot solve it, so it sent nothing`,
  );
}

/** The first help link of a message with `key`, as origin and path (a query may carry anything). */
function firstLink(body: Json | undefined, key: string): string | undefined {
  const listed = jsonObject(body?.messages)?.value;
  const message = (Array.isArray(listed) ? listed : [])
    .map((m) => jsonObject(m))
    .find((m) => jsonObject(m?.i18n)?.key === key);
  const links = Array.isArray(message?.links) ? message.links : [];
  const url = jsonObject(links[0])?.url;
  return typeof url === 'string' ? where(url) : undefined;
}

/** Where a failure redirect goes (`failure`, or a failure-redirect remediation), as origin and path. */
function failureRedirect(body: Json | undefined): string | undefined {
  const failure = jsonObject(body?.failure);
  const listed = jsonObject(body?.remediation)?.value;
  const form =
    failure?.name === 'failure-redirect'
      ? failure
      : (Array.isArray(listed) ? listed : []).map((f) => jsonObject(f)).find((f) => f?.name === 'failure-redirect');
  return typeof form?.href === 'string' ? where(form.href) : form === undefined ? undefined : '(no address)';
}

/** A URL as a detail may print it: origin and path only (a query may hold the state token), bounded. */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return '(a link that is not http)';
    return adminText(`${parsed.origin}${parsed.pathname}`, 100);
  } catch {
    return '(not a URL)';
  }
}

/** An identity provider as redirect-idp names it: its name and type, never its href (it carries the state token). */
function idpName(form: Json): string {
  const idp = jsonObject(form.idp);
  const name = adminText(idp?.name, 60);
  const type = adminText(form.type, 20);
  return `${name === '' ? '(unnamed)' : `"${name}"`}${type === '' ? '' : ` (${type})`}`;
}

function found(code: DiagnosisCode, res: HttpResponse, key: string | undefined, detail: string): Verdict {
  return {
    diagnosis: finding(code, {
      requestId: res.requestId,
      httpStatus: res.status,
      ...(key !== undefined && { oktaError: key }),
      detail,
    }),
  };
}

/**
 * A device assurance grace period (the Sign-In Widget's device-assurance-grace-period-one-option.json): the form
 * device-assurance-grace-period posts to /idp/idx/skip ("Continue to app"), beside a WARNING "Your device doesn't meet
 * the security requirements. Fix the issue by {0} to prevent lockout." (login.properties
 * idx.device_assurance.grace_period.warning.title.due_by_date, its date in i18n.params) and the policy's remediation
 * messages, class ERROR. Not a denial: the form to continue, when the grace ends, and what the policy asks.
 */
export function readDeviceGrace(
  body: Json,
  forms: readonly Json[],
  messages: readonly (Message & { readonly class: string | undefined })[],
): { readonly form: Json; readonly until: string; readonly asks: readonly string[] } | undefined {
  const form = forms.find((f) => f.name === 'device-assurance-grace-period');
  if (form === undefined) return undefined;
  const listed = jsonObject(body.messages)?.value;
  const warning = (Array.isArray(listed) ? (listed as unknown[]) : [])
    .map((m) => jsonObject(m))
    .find((m) => String(jsonObject(m?.i18n)?.key ?? '').startsWith('idx.device_assurance.grace_period.warning'));
  const params = jsonObject(warning?.i18n)?.params;
  const date = Array.isArray(params) && typeof params[0] === 'string' ? params[0] : undefined;
  const until =
    date !== undefined && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : 'a date Okta did not give';
  const asks = messages
    .filter(
      (m) => m.class === 'ERROR' && m.key?.startsWith(DEVICE_ASSURANCE) === true && !DEVICE_ASSURANCE_FRAME.test(m.key),
    )
    .map((m) => adminText(m.message));
  return { form, until, asks: asks.slice(0, MAX_REQUIREMENTS) };
}

/**
 * "Authentication failed" (errors.E0000004) before any password went out is the username refused, not a password:
 * the Sign-In Widget's identify-unknown-user.json answers identify so. An org that hides which users exist asks for the
 * password instead, so this answer never judges a password, and nothing is held against one.
 */
export function usernameRefused(passwordSent: boolean, verdict: Verdict): Verdict {
  const found = verdict.diagnosis;
  if (found === null || found.code !== 'SIGN_IN_REJECTED' || passwordSent) return verdict;
  const detail =
    `${found.detail ?? ''}: Okta refused the username before any password was sent; no user has it, or one ` +
    `that cannot sign in (the user's status tells which)`;
  return {
    ...verdict,
    diagnosis: {
      ...found,
      code: 'USER_NOT_FOUND',
      detail: detail.replace(/ \(Identity Engine answers a wrong password[^)]*\)/, ''),
    },
  };
}

/**
 * A 429 within the user's sign-in, told apart from the org's bucket: Identity Engine limits each user to "20 requests
 * per user per 5 seconds and 10 requests per state token per 5 seconds", and its 429 goes to that user only ("No other
 * users in your org are affected": okta-developer-docs reference/rl2-limits). The org's bucket reports itself
 * exhausted (X-Rate-Limit-Remaining 0, or Limit 0 for concurrency); a 429 whose headers show room, or that carries
 * none, on an IDX form after introspect (the user known to Okta by then) is the user's. Which headers Okta sends
 * with the per-user 429 is not published: both readings are named in the detail.
 */
export function perUserLimit(verdict: Verdict, res: HttpResponse, step: string): Verdict {
  const found = verdict.diagnosis;
  if (
    found === null ||
    found.code !== 'RATE_LIMITED' ||
    res.status !== 429 ||
    /^(interact|introspect|token)/.test(step)
  )
    return verdict;
  const rl = parseRateLimit(res.headers, res.receivedAt);
  if (rl.remaining === 0 || rl.limit === 0) return verdict;
  const room =
    rl.remaining === null
      ? 'without X-Rate-Limit headers'
      : `while the org's bucket had ${rl.remaining} of ${rl.limit ?? '?'} left`;
  const detail =
    `${found.detail ?? step}: 429 ${room}, within the user's own sign-in: Identity Engine's per-user limit (20 ` +
    `requests per user per 5 seconds, 10 per state token), not the org's bucket`;
  return { ...verdict, diagnosis: { ...found, code: 'USER_RATE_LIMITED', detail } };
}
