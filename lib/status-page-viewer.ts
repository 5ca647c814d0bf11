// The status page's allowlist: the code of the CloudFront Function (viewer request) that lets a viewer through only
// when its address (event.viewer.ip, IPv4 or IPv6) lies in one of the config's networks, else answers 403 itself.
// Generated from the validated networks: each is eight 16-bit words and a prefix over 128 bits, IPv4 held as
// ::ffff:a.b.c.d (RFC 4291 2.5.5.2), so one comparison serves both families and an IPv4-mapped viewer address.
//
// CloudFront Functions run their own JavaScript engine (cloudfront-js-2.0), not Node: no require, no Buffer, no
// net module, no network, 10 KB of code, about a millisecond of compute. The code below keeps to `var`, functions,
// loops, String.split and parseInt, which the runtime documents; test/lib/status-page-viewer.test.ts executes it.
import { parseNetwork, type Network } from '../functions/config/status-page';

/** The code of the viewer-request function that allows exactly `allowFrom` (validated CIDRs). */
export function viewerFunctionCode(allowFrom: readonly string[]): string {
  const networks = allowFrom.map((cidr) => {
    const read = parseNetwork(cidr);
    if ('problem' in read) throw new Error(`statusPage.allowFrom: ${read.problem}`);
    return read;
  });
  return codeForNetworks(networks);
}

/**
 * The function's code for networks already read. The config refuses /0 (a public page); the code itself treats it as
 * every address, as a prefix of no bits means.
 */
export function codeForNetworks(networks: readonly Network[]): string {
  return [
    // The networks' words only, not their text: the code must hold STATUS_PAGE_MAX_NETWORKS within 10 KB.
    `// okta-synthetics status page: viewers from ${networks.length} network(s) only.`,
    `var NETWORKS = ${JSON.stringify(networks.map(wordsAndPrefix))};`,
    VIEWER_CODE,
  ].join('\n');
}

const wordsAndPrefix = (network: Network): number[] => [...network.words, network.prefix];

/** What every generated function runs: the address read into words, compared with each network's first bits. */
/**
 * What a refused viewer reads: CloudFront Functions may set a generated response's body ("body": data and encoding,
 * CloudFront Functions event structure, "Response object"), and a custom error page never replaces a function's own
 * 4xx ("Status code and body"), so this is what the viewer sees.
 */
export const REFUSAL_TEXT =
  'This network may not open this status page: it opens only from the networks its owners listed. ' +
  'Ask them to add yours (the address the internet sees, or your proxy or VPN exit).';

const VIEWER_CODE = String.raw`
var REFUSAL = ${JSON.stringify(REFUSAL_TEXT)};
function v4(text, out) {
  var parts = text.split('.');
  if (parts.length !== 4) return false;
  var bytes = [];
  for (var i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return false;
    var b = parseInt(parts[i], 10);
    if (b > 255) return false;
    bytes.push(b);
  }
  out.push(bytes[0] * 256 + bytes[1], bytes[2] * 256 + bytes[3]);
  return true;
}
function groups(text, out, last) {
  if (text === '') return true;
  var parts = text.split(':');
  for (var i = 0; i < parts.length; i++) {
    if (last && i === parts.length - 1 && parts[i].indexOf('.') >= 0) {
      if (!v4(parts[i], out)) return false;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(parts[i])) {
      out.push(parseInt(parts[i], 16));
    } else {
      return false;
    }
  }
  return true;
}
function words(ip) {
  if (typeof ip !== 'string' || ip.length > 64) return null;
  var out = [];
  if (ip.indexOf(':') < 0) return v4(ip, out) ? [0, 0, 0, 0, 0, 65535, out[0], out[1]] : null;
  var halves = ip.split('::');
  if (halves.length > 2) return null;
  var head = [];
  var tail = [];
  if (!groups(halves[0], head, halves.length === 1)) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  if (!groups(halves[1], tail, true)) return null;
  var missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  for (var z = 0; z < missing; z++) head.push(0);
  return head.concat(tail);
}
function within(address, network) {
  var bits = network[8];
  for (var i = 0; i < 8 && bits > 0; i++) {
    var take = bits >= 16 ? 16 : bits;
    var mask = (65535 << (16 - take)) & 65535;
    if ((address[i] & mask) !== (network[i] & mask)) return false;
    bits -= take;
  }
  return true;
}
// A refusal says nothing of the org, the page or the networks allowed; it says only what happened, so a viewer can
// tell it from the 404 of a page not published yet.
function handler(event) {
  var address = words(event.viewer.ip);
  if (address !== null) {
    for (var i = 0; i < NETWORKS.length; i++) {
      if (within(address, NETWORKS[i])) return event.request;
    }
  }
  return {
    statusCode: 403,
    statusDescription: 'Forbidden',
    headers: {
      'cache-control': { value: 'no-store' },
      'content-type': { value: 'text/plain; charset=utf-8' }
    },
    body: { encoding: 'text', data: REFUSAL }
  };
}`;
