// The certificate of a hook's endpoint, read without calling the hook: a TLS handshake with the host's name (SNI),
// Node's own verification left on (a certificate that is expired or not trusted fails the handshake, and is told so),
// the peer certificate's notAfter read, then the connection closed. Nothing is written to the socket: no request, no
// header, no secret. A URL is judged before any connection (judgeHookUrl, pure): only https, never an IP literal,
// never a host that resolves to a private, loopback, link-local or shared address (RFC 1918, 127/8, ::1, fc00::/7,
// fe80::/10, 169.254/16, 100.64/10): the probe runs inside a customer's network and must not become a way to reach it.
// The connection goes to the address judged, so a second DNS answer cannot move it. The one exception is the
// simulator's own host (`allowedHost`: the org's URL when it is on loopback), never a field of the config.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { isTlsErrorCode } from '../http/failure';

/** Why a URL is not connected to. */
type UnsafeUrl = 'not_https' | 'unparsable' | 'ip_literal';

/** A hook's URL judged: the host and port to check, or why it is not checked. */
export type UrlVerdict =
  | { readonly host: string; readonly port: number }
  | { readonly unsafe: UnsafeUrl; readonly host?: string };

/** Okta's limit on a hook's URI (InlineHookChannelConfig.uri, maximum 1024). */
const MOST_URI = 1024;
/** A host as it may be printed: what WHATWG URL leaves of a DNS name, or a bracketed IPv6 literal. */
const PRINTABLE_HOST = /^(?:[a-z0-9_-]{1,63}\.)*[a-z0-9_-]{1,63}\.?$|^\[[0-9a-f:.]{2,45}\]$/;

/** A hook's URI judged from hostile input; nothing of it is kept but a printable host. Pure. */
export function judgeHookUrl(uri: unknown, allowedHost?: string): UrlVerdict {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > MOST_URI) return { unsafe: 'unparsable' };
  // Okta: "No white space is allowed in the URI"; control characters are no URL an admin typed.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(uri) || !URL.canParse(uri)) return { unsafe: 'unparsable' };
  const url = new URL(uri);
  const host = PRINTABLE_HOST.test(url.hostname) ? url.hostname : undefined;
  if (host === undefined) return { unsafe: 'unparsable' };
  if (url.protocol !== 'https:') return { unsafe: url.protocol === 'http:' ? 'not_https' : 'unparsable', host };
  if (isIP(bare(host)) !== 0 && host !== allowedHost) return { unsafe: 'ip_literal', host };
  const port = url.port === '' ? 443 : Number(url.port);
  return port > 0 ? { host, port } : { unsafe: 'unparsable', host };
}

const bare = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

const V4_PRIVATE: readonly (readonly [number, number])[] = [
  [0x00000000, 8], // 0/8, "this network"
  [0x0a000000, 8], // 10/8, RFC 1918
  [0x64400000, 10], // 100.64/10, shared address space (RFC 6598)
  [0x7f000000, 8], // 127/8, loopback
  [0xa9fe0000, 16], // 169.254/16, link-local (cloud metadata)
  [0xac100000, 12], // 172.16/12, RFC 1918
  [0xc0a80000, 16], // 192.168/16, RFC 1918
  [0xe0000000, 3], // 224/3, multicast and reserved
];

function v4Private(ip: string): boolean {
  const n = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  return V4_PRIVATE.some(([net, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)));
}

/** Whether an address is one the probe never connects to; anything that is no address counts as private. */
export function isPrivateAddress(address: string): boolean {
  const ip = bare(address).toLowerCase();
  const family = isIP(ip);
  if (family === 4) return v4Private(ip);
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped !== null) return v4Private(mapped[1]!);
  if (ip === '::1' || ip === '::') return true;
  const first = Number.parseInt(ip.split(':')[0] || '0', 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}

/** What a host's certificate read gave. */
export type CertRead =
  | { readonly notAfter: number }
  | {
      readonly failure: 'expired' | 'untrusted' | 'private' | 'unreachable';
      /** Node's error code (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ETIMEDOUT...), printable. */
      readonly code: string;
    };

type Lookup = (host: string) => Promise<readonly { readonly address: string }[]>;

export interface TlsReadOptions {
  readonly timeoutMs: number;
  /** Resolves a host; default node:dns lookup, every address. */
  readonly lookup?: Lookup;
  /** The simulator's own host, connected to though it is loopback (the org's URL on loopback): never from config. */
  readonly allowedHost?: string;
  /** Certificates to trust besides Node's (tests only: ProbeOptions never sets it). */
  readonly ca?: string;
}

const defaultLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/** Node's error code, when it is one (capitals, digits and underscores), else a word of ours. */
const codeOf = (error: unknown, fallback: string): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,60}$/.test(code) ? code : fallback;
};

/** The certificate of `host:port`, read with a handshake and nothing sent. Never throws. */
export async function readCertificate(
  target: { readonly host: string; readonly port: number },
  options: TlsReadOptions,
): Promise<CertRead> {
  const allowed = target.host === options.allowedHost;
  let address: string;
  if (isIP(bare(target.host)) !== 0) {
    if (!allowed) return { failure: 'private', code: 'IP_LITERAL' };
    address = bare(target.host);
  } else {
    const timer = new Promise<never>((_, reject) =>
      setTimeout(() => reject(Object.assign(new Error('lookup'), { code: 'ETIMEOUT' })), options.timeoutMs).unref(),
    );
    let found: readonly { readonly address: string }[];
    try {
      found = await Promise.race([(options.lookup ?? defaultLookup)(target.host), timer]);
    } catch (error) {
      return { failure: 'unreachable', code: codeOf(error, 'DNS_FAILED') };
    }
    if (found.length === 0) return { failure: 'unreachable', code: 'ENOTFOUND' };
    if (!allowed && found.some((a) => isPrivateAddress(a.address))) return { failure: 'private', code: 'PRIVATE' };
    address = bare(found[0]!.address);
  }
  // A connect that throws at once (an option Node refuses) is our failure, never the hook's: not read.
  return handshake(address, target, options).catch((error: unknown) => ({
    failure: 'unreachable' as const,
    code: codeOf(error, 'TLS_FAILED'),
  }));
}

function handshake(
  address: string,
  target: { readonly host: string; readonly port: number },
  options: TlsReadOptions,
): Promise<CertRead> {
  return new Promise<CertRead>((resolve) => {
    const socket = connect({
      host: address,
      port: target.port,
      // SNI and the name checked against the certificate: the hook's host, not the address connected to.
      ...(isIP(bare(target.host)) === 0 && { servername: target.host }),
      ...(options.ca !== undefined && { ca: options.ca }),
    });
    const done = (read: CertRead): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(read);
    };
    const timer = setTimeout(() => done({ failure: 'unreachable', code: 'ETIMEDOUT' }), options.timeoutMs);
    socket.once('secureConnect', () => {
      const notAfter = Date.parse(socket.getPeerCertificate().valid_to ?? '');
      done(Number.isFinite(notAfter) ? { notAfter } : { failure: 'untrusted', code: 'NO_EXPIRY' });
    });
    socket.once('error', (error) => {
      const code = codeOf(error, 'TLS_FAILED');
      if (code === 'CERT_HAS_EXPIRED') done({ failure: 'expired', code });
      else if (isTlsErrorCode(code)) done({ failure: 'untrusted', code });
      else done({ failure: 'unreachable', code });
    });
  });
}
