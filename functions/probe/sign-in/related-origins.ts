// Related origins: how a browser lets a passkey bound to one domain (its RP ID) sign at an origin outside it, as Okta
// documents for sharing one passkey between a custom domain and the Okta domain (okta-developer-docs
// guides/custom-passkeys, "Related Origin Requests (ROR) and passkeys"). W3C Web Authentication Level 3 §5.11
// ("Using Web Authentication across related origins"): when the RP ID is not the caller's domain nor a suffix of it,
// the client fetches https://<RP ID>/.well-known/webauthn, without credentials or redirects, and accepts the RP ID
// only when that JSON's `origins` names the caller's origin within the first five registrable labels it lists
// (§5.11.1, "Validating Related Origins"). The answer is anyone's: a status, a media type, a size, a shape, each
// checked before it is believed.
import type { HttpOutcome } from '../http';

/** Okta's cap on a well-known URI file (Management API, Associated Domain Customizations: "100 KB"). */
const MAX_WELL_KNOWN_BYTES = 100 * 1024;
/** §5.11.1: "maxLabels ... at least five"; a browser counts no further, so neither does the probe. */
const MAX_LABELS = 5;
/** The most origins quoted back in a diagnosis. */
const QUOTED = 3;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * The well-known URL of `rpId`: https, no port, as §5.11 fetches it. The one exception is the simulator's: an org
 * served over plain http on loopback (the only http orgUrl the config accepts) with a loopback RP ID keeps the org's
 * scheme and port, so that the answer comes from the simulator and nothing leaves the machine.
 */
export function wellKnownUrl(rpId: string, orgUrl: string): string {
  const org = new URL(orgUrl);
  if (org.protocol === 'http:' && LOOPBACK.test(org.hostname) && LOOPBACK.test(rpId))
    return `http://${rpId}${org.port === '' ? '' : `:${org.port}`}/.well-known/webauthn`;
  return `https://${rpId}/.well-known/webauthn`;
}

/** The answer judged: whether it names `origin` among its related origins, and if not, why, in words. */
export function judgeRelatedOrigins(
  outcome: HttpOutcome,
  { url, origin }: { readonly url: string; readonly origin: string },
): { readonly related: true } | { readonly problem: string } {
  if (!outcome.ok) return { problem: `${url} could not be read (${outcome.failure.message})` };
  const res = outcome.response;
  if (res.status !== 200)
    return {
      problem:
        res.status >= 300 && res.status < 400
          ? `${url} answered a redirect (${res.status}), which the related origins fetch never follows`
          : `${url} answered HTTP ${res.status}, not the JSON of related origins`,
    };
  const type = String([res.headers['content-type'] ?? ''].flat()[0] ?? '');
  if (!/^application\/json\s*(;|$)/i.test(type))
    return { problem: `${url} answered "${type.slice(0, 60) || 'no media type'}", not application/json` };
  if (res.bodyTruncated || Buffer.byteLength(res.body) > MAX_WELL_KNOWN_BYTES)
    return { problem: `${url} is larger than a well-known file may be (${MAX_WELL_KNOWN_BYTES / 1024} KB)` };
  const origins = originsOf(res.body);
  if (origins === undefined) return { problem: `${url} is not a JSON object with an "origins" list of strings` };
  if (namesOrigin(origins, origin)) return { related: true };
  const quoted = origins.slice(0, QUOTED).map((o) => `"${o.slice(0, 60)}"`);
  const more = origins.length > QUOTED ? ` and ${origins.length - QUOTED} more` : '';
  return {
    problem:
      `${url} does not name ${origin} among its related origins` +
      (origins.length === 0 ? ' (its list is empty)' : ` (it lists ${quoted.join(', ')}${more})`),
  };
}

/** The `origins` member, when the body is a JSON object whose `origins` is a list of strings. */
function originsOf(body: string): readonly string[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const origins = (json as Record<string, unknown>).origins;
  return Array.isArray(origins) && origins.every((o) => typeof o === 'string') ? origins : undefined;
}

/** §5.11.1's loop: the caller's origin found among the first MAX_LABELS registrable labels, same origin exactly. */
function namesOrigin(origins: readonly string[], origin: string): boolean {
  const seen = new Set<string>();
  for (const item of origins) {
    if (!URL.canParse(item)) continue;
    const url = new URL(item);
    const label = registrableLabel(url.hostname);
    if (label === undefined) continue;
    if (seen.size >= MAX_LABELS && !seen.has(label)) continue;
    if (url.origin === origin) return true;
    seen.add(label);
  }
  return false;
}

/**
 * The registrable origin label of a host: the label left of its public suffix ("globex" of login.globex.co.uk).
 * Without the Public Suffix List, a two-letter country code under a short second level (co.uk, com.au) is taken as
 * the suffix, else the last label: only the five-label cap depends on it. An IP address has none (skipped, as §5.11.1
 * skips a null label), but for a loopback host, its own label: the simulator's org is served there.
 */
function registrableLabel(host: string): string | undefined {
  if (LOOPBACK.test(host)) return host;
  if (/^\d+(\.\d+){3}$/.test(host) || host.startsWith('[')) return undefined;
  const labels = host.toLowerCase().split('.').filter(Boolean);
  if (labels.length < 2) return undefined;
  const last = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const suffixLabels = labels.length >= 3 && /^[a-z]{2}$/.test(last) && second.length <= 3 ? 2 : 1;
  return labels[labels.length - 1 - suffixLabels];
}
