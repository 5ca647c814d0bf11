// This org's own status page for the help desk (`statusPage` in the configuration): the networks it may be opened
// from. Not `statusPageUrl`, which is Okta's status feed the probe reads. Each entry is an IPv4 or IPv6 CIDR, read
// strictly: the stack writes them into the allowlist CloudFront runs (lib/status-page-viewer.ts), so an entry that
// means something else than it says (host bits set, a bare address, the whole internet) is refused with the fix.
import { didYouMean } from '../text/did-you-mean';
import type { StatusPageSettings } from '../types';
import type { Json, Problems } from './readers';
import { STATUS_PAGE_MAX_NETWORKS, STATUS_PAGE_SCHEMA } from './status-page-shape';

export type { StatusPageSettings } from '../types';
export { STATUS_PAGE_MAX_NETWORKS } from './status-page-shape';

/** A network as eight 16-bit words and a prefix over 128 bits; IPv4 lives in ::ffff:0:0/96 (RFC 4291 2.5.5.2). */
export interface Network {
  readonly words: readonly number[];
  readonly prefix: number;
  /** The network as written, canonical: lower case, host bits zero. */
  readonly text: string;
}

/** The prefix IPv4 networks sit under, as IPv4-mapped IPv6 addresses. */
const MAPPED_PREFIX = 96;

/**
 * Reads `statusPage`: null when absent (no page is deployed), else its networks. Every entry is judged, each problem
 * naming its index, the rule broken and the fix.
 */
export function readStatusPage(raw: Json, problems: Problems): StatusPageSettings | null {
  const value: unknown = raw.statusPage;
  if (value === undefined || value === null) return null;
  const example = '{ "allowFrom": ["203.0.113.0/24"] }';
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.add('statusPage', `expected an object like ${example}, got ${kindOf(value)}`);
    return null;
  }
  const given = value as Json;
  // A misspelled allowFrom is one problem, its name's, as the other levels' readers report it (readers.ts): not also
  // "required" for the field the user did write.
  let misspelled = false;
  for (const key of Object.keys(given)) {
    if (key in STATUS_PAGE_SCHEMA.properties) continue;
    const meant = didYouMean(key, ['allowFrom']);
    misspelled ||= meant !== undefined;
    problems.add(
      `statusPage.${key}`,
      meant === undefined
        ? 'unknown field (statusPage takes "allowFrom" only)'
        : `unknown field (did you mean ${meant}?)`,
    );
  }
  const list = given.allowFrom;
  if (list === undefined && misspelled) return null;
  if (!Array.isArray(list) || list.length === 0) {
    problems.add(
      'statusPage.allowFrom',
      `required: the help desk's networks as CIDRs, e.g. ${example}; got ` +
        (list === undefined ? 'nothing' : kindOf(list)),
    );
    return null;
  }
  if (list.length > STATUS_PAGE_MAX_NETWORKS) {
    problems.add(
      'statusPage.allowFrom',
      `${list.length} networks: at most ${STATUS_PAGE_MAX_NETWORKS} fit the CloudFront Function's 10 KB; join ` +
        'neighbouring networks into wider ones',
    );
    return null;
  }
  const before = problems.list.length;
  const allowFrom = list.map((entry: unknown, index) => {
    const read =
      typeof entry === 'string' ? parseNetwork(entry) : { problem: `expected a CIDR string, got ${kindOf(entry)}` };
    if ('problem' in read) problems.add(`statusPage.allowFrom[${index}]`, read.problem);
    return 'problem' in read ? '' : read.text;
  });
  return problems.list.length > before ? null : { allowFrom };
}

/**
 * Whether the validated networks name an IPv6 one: only then does the page's distribution answer over IPv6.
 * CloudFront's IsIPV6Enabled: with an address-restricted policy, do not enable IPv6 unless the restriction names IPv6
 * networks; browsers prefer IPv6 where both work (RFC 8305), so a dual-stack office listed by its IPv4 range alone
 * would be refused. Without IPv6, CloudFront answers AAAA queries with no address and the browser takes IPv4.
 */
export function listsIpv6(allowFrom: readonly string[]): boolean {
  return allowFrom.some((cidr) => cidr.includes(':'));
}

/** A CIDR as the stack may allow it, or what is wrong with it and the fix. */
export function parseNetwork(written: string): Network | { readonly problem: string } {
  const text = written.trim();
  const notCidr = (why: string) => ({
    problem:
      `${shown(written)} is not a CIDR (${why}): write an IPv4 or IPv6 network and its prefix length, like ` +
      '"203.0.113.0/24" or "2001:db8::/32" (one address: /32 or /128)',
  });
  const slash = text.indexOf('/');
  if (slash < 0) return notCidr('no "/prefix"');
  const address = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const v4 = address.includes(':') ? undefined : ipv4Words(address);
  const words = v4 ?? (address.includes(':') ? ipv6Words(address) : undefined);
  if (words === undefined) return notCidr(`${shown(address)} is not an IPv4 or IPv6 address`);
  const max = v4 !== undefined ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(lengthText) || Number(lengthText) > max)
    return notCidr(`the prefix length must be 0 to ${max}, got ${shown(lengthText)}`);
  const prefix = Number(lengthText) + (v4 !== undefined ? MAPPED_PREFIX : 0);
  const network = masked(words, prefix);
  const canonical = `${v4 !== undefined ? ipv4Text(network) : ipv6Text(network)}/${lengthText}`;
  if (network.some((word, i) => word !== words[i]))
    return {
      problem:
        `${shown(written)} has host bits set after its /${lengthText}: write the network, ${shown(canonical)}, ` +
        'or the prefix length you meant',
    };
  if (Number(lengthText) === 0)
    return {
      problem:
        `${shown(written)} is every address: the page would be public, and it names this org's apps and their ` +
        "failures. List the help desk's own networks (offices, VPN egress)",
    };
  return { words: network, prefix, text: canonical };
}

/** Dotted-quad IPv4 as the low two words of ::ffff:0:0/96; leading zeros refused (some readers take them as octal). */
function ipv4Words(address: string): number[] | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
  return [0, 0, 0, 0, 0, 0xffff, (a << 8) | b, (c << 8) | d];
}

/** RFC 4291 2.2's text forms: eight groups, one "::", an embedded IPv4 tail; no zone (RFC 6874 is for URLs). */
function ipv6Words(address: string): number[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (text: string | undefined): number[] | undefined => {
    if (text === undefined || text === '') return [];
    const out: number[] = [];
    const parts = text.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = ipv4Words(part);
        if (v4 === undefined) return undefined;
        out.push(v4[6] ?? 0, v4[7] ?? 0);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/** The words with every bit after the first `prefix` cleared. */
function masked(words: readonly number[], prefix: number): number[] {
  return words.map((word, i) => {
    const keep = Math.max(0, Math.min(16, prefix - i * 16));
    return keep === 0 ? 0 : word & ((0xffff << (16 - keep)) & 0xffff);
  });
}

function ipv4Text(words: readonly number[]): string {
  const [hi = 0, lo = 0] = words.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** RFC 5952's canonical text: lower case, the longest run of two or more zero groups as "::" (the first if tied). */
function ipv6Text(words: readonly number[]): string {
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** A value as a problem names it: an entry is an address, never a secret, so it is quoted whole (bounded). */
function shown(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);
}

/** What a value is, for "expected ..., got ...". */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
