// The journey's device, as Okta sees it: one device per journey, so that every run after the first is a known device
// (the device token below), and device-assurance, the journey's second check beside password-expiry: Identity
// Engine's device assurance grace period, which lets the user in (the IDX answer device-assurance-grace-period, read
// by sign-in-idx-denials.ts) and denies it once the grace ends. Pure.
import { createHmac } from 'node:crypto';
import { fail, failedStep, judged, notApplicable, pass, skip, type Judged } from '../verdict';

/** The header a server-side app sends the user's device ID in (okta-developer-docs guides/device-context). */
export const DEVICE_TOKEN_HEADER = 'x-device-token';

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
export function journeyDeviceToken(secrets: { readonly password: string; readonly totpSecret?: string }, orgUrl: string, journeyId: string): string {
  return createHmac('sha256', secrets.totpSecret ?? secrets.password).update(`okta-synthetics device\u0000${orgUrl}\u0000${journeyId}`).digest('hex').slice(0, 32);
}

/**
 * device-assurance: a device assurance grace period Okta let the user through (the IDX answer
 * device-assurance-grace-period), a warning that says when it ends, never a page while the journey passes. Skipped
 * when the journey did not sign in: its own diagnosis says why (a denial after the grace is DEVICE_ASSURANCE_DENIED).
 */
export function judgeDeviceGrace(run: Judged): Judged {
  const j = run.judgement;
  if ('notRun' in j) return judged(j.notRun === 'n/a' ? notApplicable(j.reason) : skip(failedStep('sign-in', run)));
  if (j.diagnosis !== null) return judged(skip(failedStep('sign-in', run)));
  const until = j.observed?.deviceGraceUntil;
  if (typeof until !== 'string') return judged(pass({ deviceGraceUntil: null }));
  const asks = j.observed?.deviceGraceAsks;
  const detail = `Okta let the user in for a device assurance grace period that ends ${until}${typeof asks === 'string' && asks !== '' ? `; the policy asks: ${asks}` : ''}`;
  return judged(fail('DEVICE_ASSURANCE_GRACE', detail, { deviceGraceUntil: until }));
}
