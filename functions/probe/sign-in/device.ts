// The journey's device, as Okta sees it: one device per journey, so that every run after the first is a known device
// (the device token below, and the device cookie Okta sets, kept with the journey's state), and device-assurance, the
// journey's second check beside password-expiry: Identity Engine's device assurance grace period, which lets the user
// in (the IDX answer device-assurance-grace-period, read by sign-in-idx-denials.ts) and denies it once the grace ends.
// Pure.
import { createHmac } from 'node:crypto';
import { MIN_SECRET_PART } from '../../text/redact';
import { setCookies, type HttpRequest, type HttpResponse } from '../http';
import { fail, judged, notSignedIn, pass, type Judged } from '../verdict';

/** The header a server-side app sends the user's device ID in (okta-developer-docs guides/device-context). */
const DEVICE_TOKEN_HEADER = 'x-device-token';

/**
 * The journey's device ID for X-Device-Token: "Length of 32 characters or less", "Identifies the specific user device",
 * "Unique across all devices" (okta-developer-docs guides/device-context), which Okta's Device Context and Behavior
 * Detection read to flag "a request is coming to the org from a new device". The same for every run of the journey, in
 * any process, with any store (nothing to lose when a state is deleted); keyed by the user's TOTP secret (else its
 * password), so that nobody who knows only the org and the username can pose as the probe's known device. A new
 * secret is a new device once. Okta pairs the header with a confidential client's secret at /v1/interact (okta-auth-js
 * lib/idx/interact.ts); the Authentication API's context.deviceToken needs an admin API token, "If an API token isn't
 * provided, the deviceToken is ignored" (okta-developer-docs reference/api/authn), so the authn flow sends none.
 */
export function journeyDeviceToken(
  secrets: { readonly password: string; readonly totpSecret?: string },
  orgUrl: string,
  journeyId: string,
): string {
  return createHmac('sha256', secrets.totpSecret ?? secrets.password)
    .update(`okta-synthetics device\u0000${orgUrl}\u0000${journeyId}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * The cookies Okta sets to remember a browser as a device: `DT`, the device token cookie. help.okta.com "Improved New
 * Device Behavior Detection" reads "data from HTTP cookies from the browser through which the user signed in", and
 * "Sign-in activity from a device using a browser without an HTTP cookie is treated as a new device"; support.okta.com
 * "New Sign-On Notification Limitations": the new-device e-mail is sent "when a new client is identified based on an
 * end user's browser cookies", and "If the browser does not retain cookies, the system may identify the client as
 * new"; its "Keep me signed in" article names "the HTTP idx and Dt cookies". A Classic client keeps it the same way:
 * gimme-aws-creds reads `DT` after /login/sessionCookieRedirect and keeps it as its `device_token` (okta_classic.py,
 * main.py handle_action_register_device). The only device identity an "authn" journey can have: the Authentication
 * API's own (context.deviceToken, X-Device-Fingerprint) needs an admin API token.
 */
const DEVICE_COOKIES: readonly string[] = ['DT'];

/**
 * The longest device cookie value kept: Okta's `DT` is 25 characters (`DI` and 23 more, in production orgs' captured
 * answers); a value far longer is no device cookie (a hostile answer, a tampered state) and is never kept nor sent.
 */
export const MAX_DEVICE_COOKIE = 256;

/** RFC 6265 §4.1.1 cookie-octet: no space, quote, comma, semicolon or backslash, nothing outside printable ASCII. */
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/;

/** Device cookies, name to value. */
export type DeviceCookies = Readonly<Record<string, string>>;

// At least as long as a secret the scrubber takes (redact.ts): a device cookie is scrubbed from every text of the run.
const fit = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length >= MIN_SECRET_PART &&
  value.length <= MAX_DEVICE_COOKIE &&
  COOKIE_OCTETS.test(value);

/**
 * The device cookies of a journey's state as read from its store (a file, an SSM parameter: anyone who can write there
 * can put anything): only the DEVICE_COOKIES, each a bounded cookie value; the rest dropped.
 */
export function keptDeviceCookies(value: unknown): DeviceCookies {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const kept: Record<string, string> = {};
  for (const name of DEVICE_COOKIES) {
    const found = (value as Record<string, unknown>)[name];
    if (fit(found)) kept[name] = found;
  }
  return kept;
}

/** The device cookies after an answer of the org: those it sets replace the kept ones, those it clears go. */
export function deviceCookiesAfter(
  kept: DeviceCookies,
  res: Pick<HttpResponse, 'headers' | 'receivedAt'>,
): DeviceCookies {
  let next: Record<string, string> | undefined;
  for (const cookie of setCookies(res)) {
    if (!DEVICE_COOKIES.includes(cookie.name)) continue;
    if (!cookie.deletion && !fit(cookie.value)) continue;
    next ??= { ...kept };
    if (cookie.deletion) delete next[cookie.name];
    else next[cookie.name] = cookie.value;
  }
  return next ?? kept;
}

/** `cookie` (a Cookie header value, or none) with each device cookie it does not name yet, as a browser sends them. */
export function withDeviceCookies(cookie: string | undefined, device: DeviceCookies): string | undefined {
  const named = new Set((cookie ?? '').split(';').map((pair) => pair.split('=')[0]?.trim()));
  const more = Object.entries(device)
    .filter(([name]) => !named.has(name))
    .map(([name, value]) => `${name}=${value}`);
  if (more.length === 0) return cookie;
  return [...(cookie === undefined || cookie.trim() === '' ? [] : [cookie]), ...more].join('; ');
}

/** The journey's device as Okta sees it: the cookies Okta set to remember it, and an IDX journey's device ID. */
export interface JourneyDevice {
  readonly cookies: DeviceCookies;
  readonly token?: string;
}

/**
 * The request as the journey's device sends it: the device cookies in its Cookie header, the device ID in its header.
 */
export function asDevice<R extends Pick<HttpRequest, 'headers'>>(req: R, device: JourneyDevice): R {
  const headers = req.headers ?? {};
  const cookie = withDeviceCookies(headers['cookie'], device.cookies);
  return {
    ...req,
    headers: {
      ...headers,
      ...(cookie !== undefined && { cookie }),
      ...(device.token !== undefined && { [DEVICE_TOKEN_HEADER]: device.token }),
    },
  };
}

/**
 * device-assurance: a device assurance grace period Okta let the user through (the IDX answer
 * device-assurance-grace-period), a warning that says when it ends, never a page while the journey passes. Skipped
 * when the journey did not sign in: its own diagnosis says why (a denial after the grace is DEVICE_ASSURANCE_DENIED).
 */
export function judgeDeviceGrace(run: Judged): Judged {
  const j = run.judgement;
  if ('notRun' in j || j.diagnosis !== null) return notSignedIn(run) ?? run;
  const until = j.observed?.deviceGraceUntil;
  if (typeof until !== 'string') return judged(pass({ deviceGraceUntil: null }));
  const asks = j.observed?.deviceGraceAsks;
  const detail = `Okta let the user in for a device assurance grace period that ends ${until}${typeof asks === 'string' && asks !== '' ? `; the policy asks: ${asks}` : ''}`;
  return judged(fail('DEVICE_ASSURANCE_GRACE', detail, { deviceGraceUntil: until }));
}
