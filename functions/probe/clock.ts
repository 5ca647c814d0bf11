// Clock skew against Okta. Token validation compares exp/iat/nbf with the local clock: Okta's own verifiers
// allow 2 minutes, and beyond 5 minutes most libraries reject fresh tokens. Okta's Date header is the only
// time signal it sends on every answer.

/** How to fix a skewed clock, said wherever a skew is. */
export const CLOCK_FIX =
  'sync the clock of the machine that runs the probe (timedatectl set-ntp true, or chronyd/ntpd against ' +
  'time.aws.com); a TOTP code is accepted within ±30 s, so the sign-in journeys fail beyond it';

/** RFC 9110 §5.6.7 IMF-fixdate, the form servers must send: "Sun, 06 Nov 1994 08:49:37 GMT". */
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** The obsolete forms recipients must still accept (RFC 9110 §5.6.7): RFC 850 and asctime. */
const RFC850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Epoch ms of an HTTP-date, or null. Checked against the grammar first: Date.parse alone accepts
 * nearly anything ("1" is the year 2001).
 */
export function parseHttpDate(value: string): number | null {
  const text = value.trim();
  let ms = Number.NaN;
  if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) ms = Date.parse(text);
  else if (ASCTIME_DATE.test(text)) ms = Date.parse(`${text} GMT`); // asctime carries no zone: it is GMT
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Okta's Date minus the local time at which the headers arrived, in whole seconds (signed: positive when
 * the local clock is behind). Date is Okta's clock floored to the second, so the local time is floored
 * too before comparing: otherwise two agreeing clocks read as up to one second apart, always negative.
 * Null when the header is absent or not an HTTP-date; the first value wins when it was sent twice.
 */
export function clockSkewSeconds(dateHeader: string | string[] | undefined, receivedAt: number): number | null {
  const value = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
  if (value === undefined || !Number.isFinite(receivedAt)) return null;
  const okta = parseHttpDate(value);
  if (okta === null) return null;
  const skew = Math.floor(okta / 1000) - Math.floor(receivedAt / 1000);
  return skew === 0 ? 0 : skew; // no -0 in metrics and reports
}
