// The status page's allowlist as CloudFront runs it: the generated viewer-request function executed (node:vm, a bare
// context: no require, no Buffer, no process, as the cloudfront-js-2.0 runtime has none) on IPv4 and IPv6 viewers in
// and out of the networks, at the edges (/0, /32, /128, IPv4-mapped IPv6, malformed addresses), and within its 10 KB.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseNetwork, STATUS_PAGE_MAX_NETWORKS, type Network } from '../../functions/config/status-page';
import { codeForNetworks, REFUSAL_TEXT, viewerFunctionCode } from '../../lib/status-page-viewer';

const REQUEST = { method: 'GET', uri: '/', querystring: {}, headers: {}, cookies: {} };

/** The function's handler, compiled as CloudFront would: its own global scope, nothing of Node's in it. */
function handlerOf(code: string): (event: unknown) => unknown {
  return runInNewContext(`${code}\nhandler`, Object.create(null) as object) as (event: unknown) => unknown;
}

/** Whether the function lets a viewer from `ip` through (it returns the request) rather than answering 403. */
function lets(code: string, ip: string): boolean {
  const answer = handlerOf(code)({ version: '1.0', context: {}, viewer: { ip }, request: REQUEST });
  if (answer === REQUEST) return true;
  expect(answer).toMatchObject({
    statusCode: 403,
    statusDescription: 'Forbidden',
    body: { encoding: 'text', data: REFUSAL_TEXT },
  });
  return false;
}

const network = (cidr: string): Network => {
  const read = parseNetwork(cidr);
  if ('problem' in read) throw new Error(read.problem);
  return read;
};

describe('the status page allowlist (CloudFront Function)', () => {
  it("tells a refused viewer what happened in a sentence, naming no network, the org or the page's content", () => {
    const code = viewerFunctionCode(['203.0.113.0/24', '2001:db8:1200::/40']);
    const answer = handlerOf(code)({ viewer: { ip: '198.51.100.1' }, request: REQUEST }) as {
      headers: Record<string, { value: string }>;
      body: { data: string };
    };
    expect(answer.headers['content-type']?.value).toBe('text/plain; charset=utf-8');
    expect(answer.body.data).toMatch(/^This network may not open this status page/);
    expect(answer.body.data).not.toMatch(/203\.0\.113|2001:db8|okta|acme/i);
  });

  it('lets an IPv4 viewer through only inside an IPv4 network', () => {
    const code = viewerFunctionCode(['203.0.113.0/24', '10.0.0.0/8']);
    expect(lets(code, '203.0.113.0')).toBe(true);
    expect(lets(code, '203.0.113.255')).toBe(true);
    expect(lets(code, '10.255.1.2')).toBe(true);
    expect(lets(code, '203.0.114.0')).toBe(false);
    expect(lets(code, '11.0.0.1')).toBe(false);
    expect(lets(code, '2001:db8::1')).toBe(false);
  });

  it('lets an IPv6 viewer through only inside an IPv6 network, in any of its text forms', () => {
    const code = viewerFunctionCode(['2001:db8:1200::/40']);
    expect(lets(code, '2001:db8:1200::1')).toBe(true);
    expect(lets(code, '2001:DB8:12FF:FFFF:FFFF:FFFF:FFFF:FFFF')).toBe(true);
    expect(lets(code, '2001:0db8:1234:0:0:0:0:1')).toBe(true);
    expect(lets(code, '2001:db8:1300::')).toBe(false);
    expect(lets(code, '2001:db9::')).toBe(false);
    expect(lets(code, '203.0.113.1')).toBe(false);
  });

  it('matches a /32 and a /128 on that one address alone', () => {
    const code = viewerFunctionCode(['198.51.100.7/32', '2001:db8::7/128']);
    expect(lets(code, '198.51.100.7')).toBe(true);
    expect(lets(code, '198.51.100.6')).toBe(false);
    expect(lets(code, '198.51.100.8')).toBe(false);
    expect(lets(code, '2001:db8::7')).toBe(true);
    expect(lets(code, '2001:db8::6')).toBe(false);
    expect(lets(code, '2001:db8::7:0')).toBe(false);
  });

  it('reads an IPv4-mapped IPv6 viewer as its IPv4 address, both ways', () => {
    const v4 = viewerFunctionCode(['192.0.2.0/24']);
    expect(lets(v4, '::ffff:192.0.2.10')).toBe(true);
    expect(lets(v4, '::ffff:c000:20a')).toBe(true);
    expect(lets(v4, '::ffff:192.0.3.10')).toBe(false);
    // An IPv4 address inside another IPv6 prefix is not the IPv4 address (RFC 4291 2.5.5: only ::ffff:0:0/96 maps).
    expect(lets(v4, '64:ff9b::192.0.2.10')).toBe(false);
    const mapped = viewerFunctionCode(['::ffff:192.0.2.0/120']);
    expect(lets(mapped, '192.0.2.200')).toBe(true);
    expect(lets(mapped, '192.0.4.200')).toBe(false);
  });

  it('treats a /0 as every address of every family (the config refuses it: the code must still be right)', () => {
    const code = codeForNetworks([{ words: [0, 0, 0, 0, 0, 0, 0, 0], prefix: 0, text: '::/0' }]);
    expect(lets(code, '203.0.113.1')).toBe(true);
    expect(lets(code, '2001:db8::1')).toBe(true);
    const v4All = codeForNetworks([{ words: [0, 0, 0, 0, 0, 0xffff, 0, 0], prefix: 96, text: '0.0.0.0/0' }]);
    expect(lets(v4All, '198.51.100.1')).toBe(true);
    expect(lets(v4All, '2001:db8::1')).toBe(false);
  });

  it('refuses what is not an address, never throwing: a refusal, not an error page that lets through', () => {
    const code = viewerFunctionCode(['0.0.0.0/1', '::/1']);
    for (const ip of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      'x',
      '::g',
      'a'.repeat(80),
    ])
      expect(lets(code, ip)).toBe(false);
    expect(handlerOf(code)({ viewer: {}, request: REQUEST })).toMatchObject({ statusCode: 403 });
  });

  it(`holds ${STATUS_PAGE_MAX_NETWORKS} of the longest networks within CloudFront's 10 KB of function code`, () => {
    const longest = Array.from({ length: STATUS_PAGE_MAX_NETWORKS }, (_, i) =>
      network(`ffff:ffff:ffff:ffff:ffff:ffff:ffff:${(0xff00 + i).toString(16)}/128`),
    );
    const code = codeForNetworks(longest);
    expect(new TextEncoder().encode(code).length).toBeLessThan(10 * 1024);
    expect(lets(code, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff63')).toBe(true);
  });

  it('refuses to generate code for an entry that is not a CIDR', () => {
    expect(() => viewerFunctionCode(['10.0.0.0/33'])).toThrow(/statusPage\.allowFrom: "10\.0\.0\.0\/33" is not a CIDR/);
  });
});
