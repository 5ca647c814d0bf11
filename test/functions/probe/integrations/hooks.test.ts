// The hook lists' reading and judging, without a network: a hook's URL judged before any connection (https only, no
// IP literal, no private address), hostile list elements read without a throw and nothing raw kept, and what each
// list and certificate tells, named by hook, host and days; an active hook the log never saw is "not seen".
import { describe, expect, it } from 'vitest';
import { isPrivateAddress, judgeHookUrl, type CertRead } from '../../../../functions/probe/integrations/hook-tls';
import {
  judgeHookLists,
  readHook,
  readHookList,
  simulatorHost,
  withHookFindings,
  type HookLists,
} from '../../../../functions/probe/integrations/hooks';
import { judgeIntegrations } from '../../../../functions/probe/integrations/judge';
import { finding } from '../../../../functions/probe/verdict';

const NOW = Date.parse('2026-03-02T10:15:00.000Z');
const DAY = 86_400_000;

describe("a hook's URL, judged before any connection", () => {
  it.each([
    ['https://hooks.acme.com/okta', { host: 'hooks.acme.com', port: 443 }],
    ['https://hooks.acme.com:8443/okta?x=1', { host: 'hooks.acme.com', port: 8443 }],
    ['http://hooks.acme.com/okta', { unsafe: 'not_https', host: 'hooks.acme.com' }],
    ['ftp://hooks.acme.com/okta', { unsafe: 'unparsable', host: 'hooks.acme.com' }],
    ['https://10.0.0.7/okta', { unsafe: 'ip_literal', host: '10.0.0.7' }],
    ['https://8.8.8.8/okta', { unsafe: 'ip_literal', host: '8.8.8.8' }],
    ['https://[::1]/okta', { unsafe: 'ip_literal', host: '[::1]' }],
    // WHATWG URL reads these as IPv4 too: still an IP literal, never resolved.
    ['https://2130706433/', { unsafe: 'ip_literal', host: '127.0.0.1' }],
    ['https://0x7f.1/', { unsafe: 'ip_literal', host: '127.0.0.1' }],
    ['https://hooks.acme.com /okta', { unsafe: 'unparsable' }],
    ['https://hooks.acme.com/\u001b[31m', { unsafe: 'unparsable' }],
    ['not a url', { unsafe: 'unparsable' }],
    ['https://:0', { unsafe: 'unparsable' }],
  ])('%s', (uri, verdict) => {
    expect(judgeHookUrl(uri)).toEqual(verdict);
  });

  it('refuses what is no URI at all: any type, empty, past 1024 characters', () => {
    for (const uri of [undefined, null, 42, {}, [], '', `https://a.com/${'x'.repeat(1024)}`])
      expect(judgeHookUrl(uri)).toEqual({ unsafe: 'unparsable' });
  });

  it("connects to a loopback IP only when it is the simulator's own host (the org's URL on loopback)", () => {
    expect(judgeHookUrl('https://127.0.0.1:4443/okta', '127.0.0.1')).toEqual({ host: '127.0.0.1', port: 4443 });
    expect(judgeHookUrl('https://127.0.0.2:4443/okta', '127.0.0.1')).toMatchObject({ unsafe: 'ip_literal' });
    expect(simulatorHost('http://127.0.0.1:8080')).toBe('127.0.0.1');
    expect(simulatorHost('https://acme.okta.com')).toBeUndefined();
    expect(simulatorHost('not a url')).toBeUndefined();
  });
});

describe('a private address', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '127.8.8.8',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'febf::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    // RFC 2544 benchmarking and RFC 6890 protocol assignments.
    '198.18.0.1',
    '198.19.255.255',
    '192.0.0.8',
    // An IPv4 address carried in IPv6: NAT64 (RFC 6052), IPv4-compatible (RFC 4291), 6to4 (RFC 3056).
    '64:ff9b::a00:1',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::1',
    '::10.0.0.1',
    '::a9fe:a9fe',
    '::ffff:0:10.0.0.1',
    '2002:a00:1::1',
    '2002:a9fe:a9fe::',
    // Teredo (RFC 4380), whatever IPv4 end it names (here 10.0.0.1 inverted), and site-local (RFC 3879).
    '2001:0:4136:e378:8000:63bf:f5ff:fffe',
    '2001::1',
    'fec0::1',
    'feff:ffff::1',
    'not an address',
  ])('%s is never connected to', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  // 2001:4860::8888 is Google's: 2001::/32 is Teredo, not the whole of 2001::/16.
  const publicOnes = '8.8.8.8 172.32.0.1 100.128.0.1 192.169.0.1 198.20.0.1 192.0.1.1 2606:4700::1111 2001:4860::8888';
  // A public IPv4 address carried in IPv6 is public: mapped, NAT64, 6to4.
  it.each([...publicOnes.split(' '), '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('a hostile hook list', () => {
  it('skips what is no hook and keeps nothing raw of a name or a URL', () => {
    const read = readHookList(
      [
        null,
        'hook',
        [1],
        {
          id: 'cal1<script>',
          name: `\u001b[2J<img src=x onerror=alert(1)>${'N'.repeat(10_000)}`,
          status: 'ACTIVE',
          type: 'com.okta.user.pre-registration',
          channel: { config: { uri: 'https://hooks.acme.com/<b>\u0007' } },
        },
        { id: 'cal2', status: 'ACTIVE', type: { evil: true }, channel: 'x' },
      ],
      'inline',
    );
    expect(read.skipped).toBe(3);
    expect(read.hooks).toHaveLength(2);
    const [hostile, bare] = read.hooks;
    expect(hostile).toMatchObject({ id: null, active: true, type: 'com.okta.user.pre-registration' });
    expect(hostile!.url).toEqual({ unsafe: 'unparsable' });
    expect(hostile!.name!.length).toBeLessThanOrEqual(80);
    expect(JSON.stringify(read)).not.toMatch(/<|>|\\u001b|\\u0007/);
    expect(bare).toMatchObject({ id: 'cal2', name: null, type: 'other', url: { unsafe: 'unparsable' } });
  });

  it('reads an event hook by the same shape, its status taken only when ACTIVE', () => {
    const hook = readHook(
      { id: 'who1', name: 'HR sync', status: 'active', channel: { config: { uri: 'https://hr.acme.com/e' } } },
      'event',
    );
    expect(hook).toEqual({
      kind: 'event',
      id: 'who1',
      name: 'HR sync',
      active: false,
      type: 'other',
      url: { host: 'hr.acme.com', port: 443 },
    });
  });
});

const inline = (over: object): unknown => ({
  id: 'cal1tokenhook0000x7',
  name: 'Claims enricher',
  status: 'ACTIVE',
  type: 'com.okta.oauth2.tokens.transform',
  channel: { config: { uri: 'https://claims.acme.com/okta' } },
  ...over,
});

function lists(inlineItems: unknown[], eventItems: unknown[] = []): HookLists {
  return { inline: readHookList(inlineItems, 'inline'), event: readHookList(eventItems, 'event') };
}

const certs = (entries: Record<string, CertRead>, unchecked = 0) => ({
  certs: new Map(Object.entries(entries)),
  unchecked,
});

describe('what the lists and certificates tell', () => {
  it('warns of a certificate expiring within 14 days, naming the hook, the host and the days', () => {
    const judged = judgeHookLists(
      lists([inline({})]),
      certs({ 'claims.acme.com:443': { notAfter: NOW + 5 * DAY + 3_600_000 } }),
      new Set(['cal1tokenhook0000x7']),
      NOW,
    );
    expect(judged.told.map((t) => [t.finding.code, t.severity, t.finding.detail])).toEqual([
      [
        'INTEGRATION_HOOK_CERT_EXPIRING',
        'warn',
        'token hook "Claims enricher" (cal1tokenhook0000x7): the certificate of claims.acme.com expires in 5 days ' +
          '(2026-03-07)',
      ],
    ]);
  });

  it('pages for an expired or untrusted certificate of a registration hook, warns for a token hook', () => {
    const registration = inline({
      id: 'cal1signup',
      name: 'Sign-up checker',
      type: 'com.okta.user.pre-registration',
      channel: { config: { uri: 'https://signup.acme.com/okta' } },
    });
    const judged = judgeHookLists(
      lists([registration, inline({})]),
      certs({
        'signup.acme.com:443': { failure: 'expired', code: 'CERT_HAS_EXPIRED' },
        'claims.acme.com:443': { failure: 'untrusted', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      }),
      new Set(),
      NOW,
    );
    expect(judged.told.map((t) => [t.finding.code, t.severity, t.finding.detail])).toEqual([
      [
        'INTEGRATION_HOOK_CERT_EXPIRED',
        'page',
        'registration hook "Sign-up checker" (cal1signup): the certificate of signup.acme.com is expired: ' +
          "Okta's calls fail",
      ],
      [
        'INTEGRATION_HOOK_CERT_EXPIRED',
        'warn',
        'token hook "Claims enricher" (cal1tokenhook0000x7): the certificate of claims.acme.com is not trusted ' +
          "(DEPTH_ZERO_SELF_SIGNED_CERT): Okta's calls fail",
      ],
    ]);
    // Neither hook was seen in the log: each is "not seen", never "works".
    expect(judged.items.filter((i) => i.item.endsWith('not seen (no call in the window)'))).toHaveLength(2);
  });

  it('tells a URL on http, an IP literal and a private address as not checked; an inactive hook not at all', () => {
    const judged = judgeHookLists(
      lists(
        [
          inline({ channel: { config: { uri: 'http://claims.acme.com/okta' } } }),
          inline({ id: 'cal3', name: 'On an IP', channel: { config: { uri: 'https://10.0.0.7/okta' } } }),
          inline({ id: 'cal4', status: 'INACTIVE', channel: { config: { uri: 'http://x.acme.com/' } } }),
        ],
        [{ id: 'who1', name: 'HR sync', status: 'ACTIVE', channel: { config: { uri: 'https://hr.corp.acme/e' } } }],
      ),
      certs({ 'hr.corp.acme:443': { failure: 'private', code: 'PRIVATE' } }),
      new Set(['cal1tokenhook0000x7']),
      NOW,
    );
    expect(judged.told.map((t) => t.finding.code)).toEqual([
      'INTEGRATION_HOOK_URL_UNSAFE',
      'INTEGRATION_HOOK_URL_UNSAFE',
      'INTEGRATION_HOOK_URL_UNSAFE',
    ]);
    expect(judged.told.every((t) => t.severity === 'warn')).toBe(true);
    expect([judged.listed, judged.skipped]).toEqual([4, 0]);
    const details = judged.told.map((t) => t.finding.detail).join('\n');
    expect(details).toContain("(cal1tokenhook0000x7): its URL is not https, which Okta's API refuses");
    expect(details).toContain('"On an IP" (cal3): its URL names an IP address');
    expect(details).toContain('event hook "HR sync" (who1): its host resolves to a private, loopback or link-local');
    expect(details).not.toContain('cal4');
  });

  it('never says "works": a list unread warns, a list not asked is n/a, a host past the bound says so', () => {
    const refused = finding('INVENTORY_ROLE_MISSING', { httpStatus: 403, detail: 'You do not have permission' });
    const judged = judgeHookLists(
      {
        inline: {
          unread: finding('INTEGRATION_HOOKS_UNREAD', {
            detail: `inline hooks: not read (${refused.code}, HTTP 403)`,
          }),
        },
        event: { notAsked: 'okta.eventHooks.read' },
      },
      certs({}, 4),
      new Set(),
      NOW,
    );
    expect(judged.told.map((t) => [t.finding.code, t.severity])).toEqual([['INTEGRATION_HOOKS_UNREAD', 'warn']]);
    expect(judged.items.map((i) => `${i.status} ${i.item}`)).toEqual([
      'warn inline hooks: not read (INVENTORY_ROLE_MISSING, HTTP 403)',
      'n/a event hooks list: not read (okta.eventHooks.read is not in the "org" server\'s scopes)',
      'n/a 4 more hook hosts: certificate not read this run (at most 10 a run); read by the next runs',
    ]);
    expect(JSON.stringify(judged)).not.toMatch(/works|permission/);
  });

  it('names a healthy certificate with its days, and joins the findings to the log judgement, paging first', () => {
    const hooks = judgeHookLists(
      lists([inline({})]),
      certs({ 'claims.acme.com:443': { notAfter: NOW + 90 * DAY } }),
      new Set(['cal1tokenhook0000x7']),
      NOW,
    );
    expect(hooks.told).toEqual([]);
    expect(hooks.items.map((i) => `${i.status} ${i.item}`)).toEqual([
      'pass certificate of claims.acme.com: valid 90 more days, until 2026-05-31 ' +
        '(token hook "Claims enricher" (cal1tokenhook0000x7))',
    ]);
    const expired = judgeHookLists(
      lists([inline({ type: 'com.okta.user.credential.password.import' })]),
      certs({ 'claims.acme.com:443': { failure: 'expired', code: 'CERT_HAS_EXPIRED' } }),
      new Set(),
      NOW,
    );
    const joined = withHookFindings(judgeIntegrations([], NOW), expired);
    expect(joined.totals).toMatchObject({ paging: 1, warning: 0 });
    expect(joined.told[0]).toMatchObject({ severity: 'page', finding: { code: 'INTEGRATION_HOOK_CERT_EXPIRED' } });
    expect(joined.items[0]).toMatchObject({ status: 'fail', code: 'INTEGRATION_HOOK_CERT_EXPIRED' });
  });
});
