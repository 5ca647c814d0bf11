// The certificate of a hook's endpoint, read without calling the hook: a TLS handshake with the host's name (SNI),
// Node's own verification left on (a certificate that is expired or not trusted fails the handshake, and is told so),
// the peer certificate's notAfter read, then the connection closed. Nothing is written to the socket: no request, no
// header, no secret. A URL is judged before any connection (judgeHookUrl, pure): only https, never an IP literal,
// never a host that resolves to a private, loopback, link-local, shared or otherwise set-apart address (V4_PRIVATE's
// table, ::1, fc00::/7, fe80::/10, and an IPv4 address carried in IPv6: mapped, compatible, NAT64, 6to4): the probe
// runs inside a customer's network and must not become a way to reach it. Deployed in a VPC, it also refuses a host
// resolving into that VPC's own address ranges (`ownNetwork`), which need not be private; while those cannot be read,
// it connects to no hook's host at all, since it cannot tell one inside them from one outside.
// The connection goes to the address judged, so a second DNS answer cannot move it. The one exception is the
// simulator's own host (`allowedHost`: the org's URL when it is on loopback), never a field of the config, where the
// simulator's listeners' certificates, which sign themselves, are read without asking their chain to reach a CA.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { within } from '../../deadline';
import type { OwnNetwork } from '../../types';
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

/** IPv4 ranges never connected to: each with the RFC that sets it apart from the public internet. */
const V4_PRIVATE: readonly (readonly [number, number])[] = [
  [0x00000000, 8], // 0/8, "this network" (RFC 6890)
  [0x0a000000, 8], // 10/8, RFC 1918
  [0x64400000, 10], // 100.64/10, shared address space (RFC 6598)
  [0x7f000000, 8], // 127/8, loopback
  [0xa9fe0000, 16], // 169.254/16, link-local (cloud metadata)
  [0xac100000, 12], // 172.16/12, RFC 1918
  [0xc0000000, 24], // 192.0.0/24, IETF protocol assignments (RFC 6890)
  [0xc0a80000, 16], // 192.168/16, RFC 1918
  [0xc6120000, 15], // 198.18/15, network device benchmarking (RFC 2544)
  [0xe0000000, 3], // 224/3, multicast and reserved
];

function v4Private(ip: string): boolean {
  const n = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  return V4_PRIVATE.some(([net, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)));
}

/** An IPv6 address (isIP already said so) as its eight 16-bit words, a dotted IPv4 tail read as the last two. */
function v6Words(ip: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  const hex = dotted === null ? ip : ip.slice(0, dotted.index) + v4Hex(dotted.slice(1).map(Number));
  const [head = '', tail] = hex.split('::');
  const words = (part: string): number[] => (part === '' ? [] : part.split(':').map((w) => Number.parseInt(w, 16)));
  if (tail === undefined) return words(head);
  const [left, right] = [words(head), words(tail)];
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const v4Hex = ([a, b, c, d]: number[]): string => `${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`;
const v4Of = (high: number, low: number): string => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/** The IPv4 address an IPv6 address carries, in the forms that carry one; else undefined. */
function carriedV4(w: readonly number[]): string | undefined {
  const zeros = (from: number, to: number): boolean => w.slice(from, to).every((x) => x === 0);
  // ::a.b.c.d IPv4-compatible and ::ffff:a.b.c.d IPv4-mapped (RFC 4291), ::ffff:0:a.b.c.d IPv4-translated
  // (RFC 2765); :: and ::1 among them (0.0.0.0 and 0.0.0.1 are "this network").
  if (zeros(0, 5) && (w[5] === 0 || w[5] === 0xffff)) return v4Of(w[6]!, w[7]!);
  if (zeros(0, 4) && w[4] === 0xffff && w[5] === 0) return v4Of(w[6]!, w[7]!);
  // 64:ff9b::/96, NAT64's well-known prefix (RFC 6052): the IPv4 address in its last 32 bits.
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(2, 6)) return v4Of(w[6]!, w[7]!);
  // 2002::/16, 6to4 (RFC 3056): the IPv4 address in bits 16 to 47.
  if (w[0] === 0x2002) return v4Of(w[1]!, w[2]!);
  return undefined;
}

/**
 * Whether an IPv6 address is one the probe never connects to: the IPv6 ranges set apart, and every form that carries
 * an IPv4 address judged by that address, so a private IPv4 address cannot pass dressed as IPv6.
 */
function v6Private(ip: string): boolean {
  const w = v6Words(ip);
  const v4 = carriedV4(w);
  if (v4 !== undefined) return v4Private(v4);
  // 64:ff9b:1::/48, NAT64 for a network's own use (RFC 8215): local by definition.
  if (w[0] === 0x64 && w[1] === 0xff9b && w[2] === 1) return true;
  // 2001::/32, Teredo (RFC 4380): a tunnel to whatever IPv4 host its last 32 bits name, inverted (a private one as
  // well as any): no hook is served on it, and its IPv4 end is not ours to judge.
  if (w[0] === 0x2001 && w[1] === 0) return true;
  const first = w[0]!;
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local (deprecated by RFC 3879, still routed inside
  // sites that kept it), ff00::/8 multicast.
  return (
    (first & 0xfe00) === 0xfc00 ||
    (first & 0xffc0) === 0xfe80 ||
    (first & 0xffc0) === 0xfec0 ||
    (first & 0xff00) === 0xff00
  );
}

/** Whether an address is one the probe never connects to; anything that is no address counts as private. */
export function isPrivateAddress(address: string): boolean {
  const ip = bare(address).toLowerCase();
  const family = isIP(ip);
  if (family === 4) return v4Private(ip);
  return family === 6 ? v6Private(ip) : true;
}

/** An address as 16-bit words: two for IPv4, eight for IPv6; undefined when it is no address. */
function wordsOf(address: string): number[] | undefined {
  const family = isIP(address);
  if (family === 6) return v6Words(address);
  if (family !== 4) return undefined;
  const [a, b, c, d] = address.split('.').map(Number);
  return [(a! << 8) | b!, (c! << 8) | d!];
}

/** Whether `words` and `net` agree on their first `bits` bits. */
function samePrefix(words: readonly number[], net: readonly number[], bits: number): boolean {
  for (let i = 0, left = bits; left > 0; i += 1, left -= 16) {
    const shift = 16 - Math.min(16, left);
    if (words[i]! >> shift !== net[i]! >> shift) return false;
  }
  return true;
}

/**
 * The block of `cidrs` (IPv4 and IPv6 CIDR notation, as EC2 writes them) that holds `address`, else undefined. An
 * IPv6 address carrying an IPv4 one (mapped, compatible, NAT64, 6to4) is judged by that one too. A block that does not
 * parse holds nothing. Pure.
 */
export function ownRangeOf(address: string, cidrs: readonly string[]): string | undefined {
  const ip = bare(address).toLowerCase();
  const words = wordsOf(ip);
  if (words === undefined) return undefined;
  const carried = words.length === 8 ? carriedV4(words) : undefined;
  const forms = carried === undefined ? [words] : [words, wordsOf(carried)!];
  return cidrs.find((cidr) => {
    const [net = '', length = ''] = cidr.toLowerCase().split('/');
    const netWords = wordsOf(net);
    const bits = /^\d{1,3}$/.test(length) ? Number(length) : NaN;
    if (netWords === undefined || !(bits >= 0 && bits <= netWords.length * 16)) return false;
    return forms.some((form) => form.length === netWords.length && samePrefix(form, netWords, bits));
  });
}

/** What a host's certificate read gave. */
export type CertRead =
  | {
      readonly notAfter: number;
      /** The simulator's own listener's certificate, which signs itself: read on its loopback host alone. */
      readonly selfSigned?: true;
    }
  | {
      readonly failure: 'expired' | 'untrusted' | 'private' | 'unreachable';
      /** Node's error code (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ETIMEDOUT...), printable. */
      readonly code: string;
    }
  /** The host resolves into the probe's own VPC: `range` is the CIDR block that holds it. */
  | { readonly failure: 'own_network'; readonly code: 'OWN_VPC'; readonly range: string }
  /** Not connected to: the probe's own VPC's ranges could not be read (`code`: why), so no host is known outside. */
  | { readonly failure: 'unguarded'; readonly code: string }
  /** Not connected to: the probe's own DNS look-up of the host gave no answer within `ms`. */
  | { readonly failure: 'lookup_late'; readonly code: 'DNS_TIMEOUT'; readonly ms: number };

type Lookup = (host: string) => Promise<readonly { readonly address: string }[]>;

export interface TlsReadOptions {
  readonly timeoutMs: number;
  /** Resolves a host; default node:dns lookup, every address. */
  readonly lookup?: Lookup;
  /** The simulator's own host, connected to though it is loopback (the org's URL on loopback): never from config. */
  readonly allowedHost?: string;
  /** Certificates to trust besides Node's (tests only: ProbeOptions never sets it). */
  readonly ca?: string;
  /**
   * On `allowedHost` alone, a certificate that signs itself is read as the simulator's own (its TLS listeners, on the
   * loopback host the org's URL names): its dates and its name still checked, its chain not asked to reach a CA.
   * Nothing on loopback is a hook a real org's Okta can call, so no real org's check is made weaker by it.
   */
  readonly selfSignedOnAllowedHost?: boolean;
  /**
   * The deployed probe's own VPC's address ranges (the Lambda's, with the config's `vpc`): a host resolving into
   * them is not connected to, nor is any host while they cannot be read. Asked only when a host has resolved.
   * Absent (the CLI, a Lambda outside a VPC): the table of private ranges alone.
   */
  readonly ownNetwork?: () => Promise<OwnNetwork>;
}

/** Node's verification errors that say only that the chain reaches no CA it trusts. */
const NO_TRUSTED_ROOT: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

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
    // getaddrinfo takes no signal: a look-up that never answers is left behind at the bound, told as ours.
    let found: readonly { readonly address: string }[] | 'late';
    try {
      found = await within((options.lookup ?? defaultLookup)(target.host), options.timeoutMs, () => 'late' as const);
    } catch (error) {
      return { failure: 'unreachable', code: codeOf(error, 'DNS_FAILED') };
    }
    if (found === 'late') return { failure: 'lookup_late', code: 'DNS_TIMEOUT', ms: options.timeoutMs };
    if (found.length === 0) return { failure: 'unreachable', code: 'ENOTFOUND' };
    if (!allowed && found.some((a) => isPrivateAddress(a.address))) return { failure: 'private', code: 'PRIVATE' };
    if (!allowed && options.ownNetwork !== undefined) {
      // A reader that throws is its own bug, told as the ranges unread: the guard never passes a host it cannot judge.
      const own = await options.ownNetwork().catch((): OwnNetwork => ({ unread: 'OWN_VPC_FAILED' }));
      if ('unread' in own) return { failure: 'unguarded', code: own.unread };
      const range = found.map((a) => ownRangeOf(a.address, own.cidrs)).find((r) => r !== undefined);
      if (range !== undefined) return { failure: 'own_network', code: 'OWN_VPC', range };
    }
    address = bare(found[0]!.address);
  }
  // A connect that throws at once (an option Node refuses) is our failure, never the hook's: not read.
  return handshake(address, target, options).catch((error: unknown) => ({
    failure: 'unreachable' as const,
    code: codeOf(error, 'TLS_FAILED'),
  }));
}

// Async: a connect that throws at once rejects, so the caller's catch tells it.
async function handshake(
  address: string,
  target: { readonly host: string; readonly port: number },
  options: TlsReadOptions,
): Promise<CertRead> {
  const simulator = options.selfSignedOnAllowedHost === true && target.host === options.allowedHost;
  const socket = connect({
    host: address,
    port: target.port,
    // SNI and the name checked against the certificate: the hook's host, not the address connected to.
    ...(isIP(bare(target.host)) === 0 && { servername: target.host }),
    ...(options.ca !== undefined && { ca: options.ca }),
    // Node's verification still runs: its verdict is read below instead of ending the handshake.
    ...(simulator && { rejectUnauthorized: false }),
  });
  const read = new Promise<CertRead>((resolve) => {
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      const notAfter = Date.parse(peer.valid_to ?? '');
      if (!Number.isFinite(notAfter)) resolve({ failure: 'untrusted', code: 'NO_EXPIRY' });
      else if (simulator && !socket.authorized)
        resolve(selfSigned(socket.authorizationError, peer, target.host, notAfter));
      else resolve({ notAfter });
    });
    socket.once('error', (error) => resolve(verdictOf(codeOf(error, 'TLS_FAILED'))));
  });
  const late = (): CertRead => ({ failure: 'unreachable', code: 'ETIMEDOUT' });
  try {
    return await within(read, options.timeoutMs, late);
  } finally {
    socket.destroy();
  }
}

/** A handshake's failure by Node's code: expired, not trusted, or not reached. */
function verdictOf(code: string): CertRead {
  if (code === 'CERT_HAS_EXPIRED') return { failure: 'expired', code };
  if (isTlsErrorCode(code)) return { failure: 'untrusted', code };
  return { failure: 'unreachable', code };
}

/**
 * The simulator's certificate, which Node did not verify: read when the only fault is a chain reaching no trusted CA,
 * and it is within its dates and names the host; anything else is told as Node would.
 */
function selfSigned(error: unknown, peer: PeerCertificate, host: string, notAfter: number): CertRead {
  const code = typeof error === 'string' ? error : codeOf(error, 'TLS_FAILED');
  if (!NO_TRUSTED_ROOT.has(code)) return verdictOf(code);
  const now = Date.now();
  if (notAfter <= now) return { failure: 'expired', code: 'CERT_HAS_EXPIRED' };
  if (!(Date.parse(peer.valid_from ?? '') <= now)) return { failure: 'untrusted', code: 'CERT_NOT_YET_VALID' };
  const wrongName = checkServerIdentity(bare(host), peer);
  return wrongName === undefined
    ? { notAfter, selfSigned: true }
    : { failure: 'untrusted', code: codeOf(wrongName, 'ERR_TLS_CERT_ALTNAME_INVALID') };
}
