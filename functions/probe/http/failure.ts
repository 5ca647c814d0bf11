// A thrown transport error, mapped to the failure kind its diagnosis reads: timeout, tls or network.
import { redact } from '../../text/redact';
import type { Timings } from '../../types';
import type { HttpFailure } from './types';

/**
 * Certificate and handshake failures (Node's OpenSSL codes). Reported as 'tls' so the diagnosis says
 * "certificate" rather than "network": usually a TLS-inspecting proxy or a wrong custom domain.
 */
const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/**
 * Whether Node's error code is a certificate or handshake failure: the one answer of the probe's requests (a 'tls'
 * failure) and of the hooks' endpoint handshakes (integrations/hook-tls.ts: untrusted).
 */
export function isTlsErrorCode(code: string): boolean {
  return TLS_CODES.has(code) || /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_|SELF_SIGNED|UNABLE_TO_)/.test(code);
}

/** undici's own timeouts (headers, body, connect) count as timeouts, like our overall deadline. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * Codes of a connection never made: the request is written only once it is, so nothing of it reached anyone (a failed
 * DNS lookup, a refused or unreachable address, a connect timeout). A TLS handshake that failed is the same.
 */
const UNSENT_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The first error code found on the error, its cause chain, or an AggregateError's members (happy eyeballs). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    e = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

/** The proxies the environment names (dispatcher.ts proxySettings), by the variable that names each. */
interface ProxyNames {
  readonly httpsProxy?: string;
  readonly httpProxy?: string;
}

/**
 * "the proxy http://127.0.0.1:3128 (HTTPS_PROXY)" when the error's address is a proxy's: a dead proxy otherwise reads
 * as a network error to 127.0.0.1, which names neither the proxy nor the variable to fix. Never its user or password.
 */
function proxyOf(error: unknown, proxies: ProxyNames | undefined): string | undefined {
  if (proxies === undefined) return undefined;
  let at: { readonly address: string; readonly port: unknown } | undefined;
  for (let e: unknown = error, depth = 0; e && depth < 4 && at === undefined; depth++) {
    const { address, port, errors, cause } = e as {
      address?: unknown;
      port?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof address === 'string') at = { address, port };
    e = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  if (at === undefined) return undefined;
  for (const [variable, value] of [
    ['HTTPS_PROXY', proxies.httpsProxy],
    ['HTTP_PROXY', proxies.httpProxy],
  ] as const) {
    if (value === undefined || !URL.canParse(value)) continue;
    const url = new URL(value);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    if (url.hostname.replace(/^\[|\]$/g, '') === at.address && port === Number(at.port))
      return `the proxy ${url.protocol}//${url.host} (${variable})`;
  }
  return undefined;
}

/**
 * Classifies a thrown transport error. Messages come from Node/undici, never from our request, and are redacted anyway.
 * `proxies`: the ones the request went through, so that a failure to reach one names it.
 */
export function toFailure(error: unknown, timings: Timings, proxies?: ProxyNames): HttpFailure {
  const code = errorCode(error) ?? 'UNKNOWN';
  const proxy = proxyOf(error, proxies);
  const text =
    (proxy === undefined ? '' : `${proxy} could not be reached: check that it runs, or unset the variable; `) +
    redact(error instanceof Error ? error.message : String(error));
  const unsent = UNSENT_CODES.has(code) ? ({ unsent: true } as const) : {};
  if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', message: `${code}: ${text}`, timings, ...unsent };
  if (isTlsErrorCode(code)) {
    return { kind: 'tls', message: `TLS handshake failed (${code}): ${text}`, timings, unsent: true };
  }
  return { kind: 'network', message: `${code}: ${text}`, timings, ...unsent };
}
