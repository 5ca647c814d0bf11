// Why a browser run ended in an error, whose it is: the page's address not reached (ours, as the API journeys say),
// Chromium that would not start or crashed, or the browser's machinery: never a finding of the org's page.
import { classifyFailure } from '../../../classify';
import { fail, type Verdict } from '../../../verdict';

/** A connection never made or dropped, in Chromium's words (net::ERR_*) and in Node's (Playwright's route.fetch). */
const NETWORK_FAILURES: readonly RegExp[] = [
  /ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED/,
  /ERR_CONNECTION_(REFUSED|RESET|CLOSED|FAILED)|ERR_NETWORK_CHANGED|ERR_EMPTY_RESPONSE/,
  /ERR_PROXY_CONNECTION_FAILED|ERR_TUNNEL_CONNECTION_FAILED/,
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|EPIPE)\b|socket hang up/,
];

/** How a transport failure reads in Chromium's (net::ERR_*) or Playwright's (Node's codes) words, or undefined. */
function transportKind(text: string): 'timeout' | 'tls' | 'network' | undefined {
  if (/ERR_(CONNECTION_)?TIMED_OUT|\bETIMEDOUT\b|UND_ERR_CONNECT_TIMEOUT/.test(text)) return 'timeout';
  if (/ERR_CERT_|ERR_SSL_|ERR_BAD_SSL|certificate|\bSSL\b|\bTLS\b/i.test(text)) return 'tls';
  if (NETWORK_FAILURES.some((failure) => failure.test(text))) return 'network';
  return undefined;
}

/**
 * The page's own address not reached (its name not resolved, its port refused, no route, a TLS handshake that failed,
 * no answer in time), as the API journeys tell the same failure (NETWORK_ERROR, ours from one place; TIMEOUT): never
 * a finding of the page. Undefined when the text tells no transport failure.
 */
export function unreachedVerdict(text: string, url: string): Verdict | undefined {
  const kind = transportKind(text);
  if (kind === undefined) return undefined;
  const said = kind === 'tls' ? `TLS handshake failed: ${text}` : text;
  return fail(classifyFailure({ kind }), `the sign-in page ${url} could not be reached: ${said}`);
}

/** A sign of Chromium itself gone (crashed, killed, out of memory), in Playwright's words. */
const CHROMIUM_GONE = new RegExp(
  [
    'Target crashed',
    'Target (page, context or browser )?(has been )?closed',
    'Browser (has been )?closed',
    'browser has disconnected',
    'Page crashed',
  ].join('|'),
  'i',
);

/**
 * Why the browser run ended in an error, whose it is: the page's address not reached (ours, as the API journeys say),
 * Chromium that would not start or crashed (ours: BROWSER_UNAVAILABLE), or anything else the browser's machinery
 * threw (ours too: the page's own failures are findings of the walk, never a throw).
 */
export function thrownVerdict(
  message: string,
  facts: { readonly chromium: string; readonly launched: boolean; readonly crashed: boolean; readonly url: string },
  unreached: Verdict | undefined,
): Verdict {
  if (unreached !== undefined) return unreached;
  if (!facts.launched) return fail('BROWSER_UNAVAILABLE', `Chromium at ${facts.chromium} would not start: ${message}`);
  if (facts.crashed || CHROMIUM_GONE.test(message))
    return fail('BROWSER_UNAVAILABLE', `Chromium crashed or was closed during the walk: ${message}`);
  const transport = unreachedVerdict(message, facts.url);
  if (transport !== undefined) return transport;
  // Playwright's own deadline on the page's first answer: the org's page did not answer in time.
  if (/^(page\.goto: )?Timeout \d+ms exceeded/.test(message))
    return fail('TIMEOUT', `the sign-in page ${facts.url} did not answer in time: ${message}`);
  return fail('BROWSER_UNAVAILABLE', `the browser failed during the walk: ${message}`);
}
