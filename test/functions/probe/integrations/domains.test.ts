// The custom domains' reading and judging, without a network: each domain named with its days left and who renews
// it; an Okta-managed certificate warned earlier than an uploaded one, because near expiry it has already failed to
// renew; an expired one pages; a domain not verified warns; an unread list is said, never "works"; and hostile
// answers (not a list, a date that does not parse, huge strings, control characters) skipped, counted or said, never
// printed raw.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INTEGRATION_DOMAINS } from '../../../../functions/contract';
import { judgeDomains, withDomains } from '../../../../functions/probe/integrations/domains-judge';
import {
  customDomains,
  domainsPart,
  readDomain,
  readDomainList,
  type CustomDomain,
  type DomainsContext,
  type DomainsRead,
} from '../../../../functions/probe/integrations/domains';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import type { ServerConfig } from '../../../../functions/types';
import { judgeIntegrations, Out } from '../../../../functions/probe/integrations/judge';
import { finding } from '../../../../functions/probe/verdict';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const NOW = Date.parse('2026-03-02T10:15:00.000Z');
const DAY = 86_400_000;

const domain = (over: Partial<CustomDomain> = {}): CustomDomain => ({
  id: 'OcDz6iRyjkaCTXkdo0g3',
  domain: 'login.acme.example',
  status: 'verified',
  statusName: 'COMPLETED',
  source: 'OKTA_MANAGED',
  expires: NOW + 60 * DAY,
  brandId: 'bndul904tTZ6kWVhP0g3',
  ...over,
});

const read = (domains: CustomDomain[], over: Partial<DomainsRead> = {}): DomainsRead => ({
  at: NOW,
  domains,
  skipped: 0,
  beyond: 0,
  detailsUnread: 0,
  requests: 1,
  ...over,
});

function judged(r: DomainsRead | undefined) {
  const out = new Out();
  judgeDomains(r, NOW, out);
  return {
    codes: out.told.map((t) => `${t.severity} ${t.finding.code}`),
    details: out.told.map((t) => t.finding.detail ?? ''),
    items: out.items.map((i) => `${i.status} ${i.item}`),
  };
}

describe('custom domains judged', () => {
  it('names a healthy domain with its days left and who renews it, Okta-managed and uploaded alike', () => {
    const j = judged(
      read([
        domain(),
        domain({ id: 'OcDmanual0000000x7', domain: 'id.acme.example', source: 'MANUAL', expires: NOW + 200 * DAY }),
      ]),
    );
    expect(j.codes).toEqual([]);
    expect(j.items).toEqual([
      'pass custom domain login.acme.example (brand bndul904tTZ6kWVhP0g3): verified, certificate 60 days left ' +
        '(2026-05-01), Okta-managed: Okta renews it',
      'pass custom domain id.acme.example (brand bndul904tTZ6kWVhP0g3): verified, certificate 200 days left ' +
        '(2026-09-18), uploaded by the org (MANUAL): the org renews it',
    ]);
  });

  it('warns on an Okta-managed certificate 10 days from expiry as a failed renewal, saying why', () => {
    const j = judged(read([domain({ expires: NOW + 10 * DAY + 3_600_000 })]));
    expect(j.codes).toEqual(['warn INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED']);
    expect(j.details[0]).toMatch(/^custom domain login\.acme\.example .*: certificate 10 days left \(2026-03-12\)/);
    expect(j.details[0]).toContain('Okta-managed: Okta renews it, yet it has not');
    expect(j.details[0]).toContain('its renewal failed (a CAA record or a network zone may block it)');
    expect(j.details[0]).toContain('cannot be renewed by hand');
  });

  it('warns earlier for an Okta-managed certificate than for an uploaded one: 20 days left warns for it only', () => {
    const twenty = NOW + 20 * DAY + 3_600_000;
    expect(judged(read([domain({ expires: twenty })])).codes).toEqual(['warn INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED']);
    expect(judged(read([domain({ expires: twenty, source: 'MANUAL' })])).codes).toEqual([]);
    const bound = NOW + INTEGRATION_DOMAINS.oktaManagedWarnDays * DAY + 3_600_000;
    expect(judged(read([domain({ expires: bound })])).codes).toEqual([]);
  });

  it('warns on an uploaded certificate within 14 days, naming the org as the one to renew it', () => {
    const j = judged(read([domain({ source: 'MANUAL', expires: NOW + 13 * DAY + 3_600_000 })]));
    expect(j.codes).toEqual(['warn INTEGRATION_DOMAIN_CERT_EXPIRING']);
    expect(j.details[0]).toMatch(/13 days left \(2026-03-15\), uploaded by the org \(MANUAL\): the org renews it$/);
  });

  it('pages on an expired certificate, with the fix by who renews it', () => {
    const manual = judged(read([domain({ source: 'MANUAL', expires: NOW - 3 * DAY })]));
    expect(manual.codes).toEqual(['page INTEGRATION_DOMAIN_CERT_EXPIRED']);
    expect(manual.details[0]).toMatch(/certificate expired 3 days ago .*; upload a new certificate$/);
    const managed = judged(read([domain({ expires: NOW - 1 })]));
    expect(managed.codes).toEqual(['page INTEGRATION_DOMAIN_CERT_EXPIRED']);
    expect(managed.details[0]).toMatch(/it cannot be renewed by hand: recreate the custom domain$/);
  });

  it('warns on a domain not verified, by its status, and never judges its certificate', () => {
    const j = judged(
      read([
        domain({ status: 'failed', statusName: 'FAILED_TO_VERIFY', expires: NOW - DAY }),
        domain({ id: 'OcDpending00000x7', domain: 'new.acme.example', status: 'pending', statusName: 'IN_PROGRESS' }),
      ]),
    );
    expect(j.codes).toEqual(['warn INTEGRATION_DOMAIN_NOT_VERIFIED', 'warn INTEGRATION_DOMAIN_NOT_VERIFIED']);
    expect(j.details[0]).toMatch(/^custom domain login\.acme\.example .*: validation FAILED_TO_VERIFY: Okta could not/);
    expect(j.details[1]).toMatch(/new\.acme\.example .*: validation IN_PROGRESS: not verified yet/);
  });

  it('says the domains are unread (a warning), and never "works", when the list could not be read', () => {
    const problem = finding('INTEGRATION_DOMAINS_UNREAD', { detail: 'GET /api/v1/domains: 403 E0000006' });
    const j = judged(read([], { problem }));
    expect(j.codes).toEqual(['warn INTEGRATION_DOMAINS_UNREAD']);
    expect(j.items.join('\n')).not.toMatch(/pass|works/);
    // Without the scope in the config: said, not a finding.
    expect(judged(undefined)).toEqual({
      codes: [],
      details: [],
      items: ['n/a custom domains: not read (the "org" server\'s scopes lack okta.domains.read)'],
    });
  });

  it('says what its bounds left out: certificates not read alone, domains past the bound, elements skipped', () => {
    const j = judged(
      read([domain({ expires: undefined, certificateUnread: 'GET /api/v1/domains/{id}: 404' })], {
        detailsUnread: 2,
        beyond: 3,
        skipped: 1,
      }),
    );
    expect(j.codes).toEqual([]);
    expect(j.items).toEqual([
      'n/a custom domain login.acme.example (brand bndul904tTZ6kWVhP0g3): verified, certificate not read: GET ' +
        '/api/v1/domains/{id}: 404: not judged',
      "n/a custom domains: 1 element of Okta's list not a domain: skipped; 3 domains past the first 50: not judged; " +
        '2 verified domains listed without a certificate not read alone (at most 10 a read): not judged',
    ]);
  });

  it("joins the events' judgement: an expired certificate pages first and counts in the paging total", () => {
    const joined = withDomains(
      judgeIntegrations([], NOW),
      read([domain({ expires: NOW - DAY }), domain({ id: 'OcD2', status: 'pending' })]),
      NOW,
    );
    expect(joined.told.map((t) => t.finding.code)).toEqual([
      'INTEGRATION_DOMAIN_CERT_EXPIRED',
      'INTEGRATION_DOMAIN_NOT_VERIFIED',
    ]);
    expect(joined.totals).toMatchObject({ paging: 1, warning: 1 });
    expect(joined.items[0]).toMatchObject({ status: 'fail', code: 'INTEGRATION_DOMAIN_CERT_EXPIRED' });
  });
});

describe("Okta's domain answers read as hostile input", () => {
  const spec = {
    id: 'OcDz6iRyjkaCTXkdo0g3',
    domain: 'Login.Example.com',
    validationStatus: 'VERIFIED',
    certificateSourceType: 'MANUAL',
    brandId: 'bndul904tTZ6kWVhP0g3',
    publicCertificate: { expiration: '2021-05-11T05:13:05.000Z', subject: 'CN=login.example.com' },
    dnsRecords: [],
  };

  it("reads the spec's example DomainResponse", () => {
    expect(readDomain(spec)).toEqual({
      id: 'OcDz6iRyjkaCTXkdo0g3',
      domain: 'login.example.com',
      status: 'verified',
      statusName: 'VERIFIED',
      source: 'MANUAL',
      expires: Date.parse('2021-05-11T05:13:05.000Z'),
      brandId: 'bndul904tTZ6kWVhP0g3',
    });
  });

  it('refuses a list that is not the { domains: [...] } object, naming what came instead', () => {
    for (const [body, got] of [
      [[spec], 'a bare array'],
      [{ domains: 'many' }, 'an object without a "domains" list'],
      [null, 'object'],
      ['<html>', 'string'],
    ] as const) {
      const r = readDomainList(body);
      expect('problem' in r && r.problem.code).toBe('INTEGRATION_DOMAINS_UNREAD');
      expect('problem' in r && r.problem.detail).toContain(`the answer is ${got}, not Okta's`);
    }
  });

  it('skips and counts elements that are no domain; keeps a date that does not parse as unparsed, never raw', () => {
    const hostile = [
      spec,
      'a string',
      { ...spec, id: 'x'.repeat(10_000) },
      { ...spec, domain: '\u001b[31mevil.example<script>' },
      { ...spec, domain: `${'a'.repeat(300)}.example` },
      { ...spec, id: 'OcDbaddate0000x7', publicCertificate: { expiration: 'soon\u0007' } },
      { ...spec, id: 'OcDhugedate000x7', publicCertificate: { expiration: '2026-01-01'.padEnd(5000, ' ') } },
      { ...spec, id: 'OcDodd00000000x7', validationStatus: { nested: true }, certificateSourceType: 'LETS_GUESS' },
    ];
    const r = readDomainList({ domains: hostile });
    if ('problem' in r) throw new Error(r.problem.detail);
    expect(r.skipped).toBe(4);
    expect(r.domains.map((d) => [d.id, d.expires === 'unparsed' ? 'unparsed' : typeof d.expires])).toEqual([
      ['OcDz6iRyjkaCTXkdo0g3', 'number'],
      ['OcDbaddate0000x7', 'unparsed'],
      ['OcDhugedate000x7', 'unparsed'],
      ['OcDodd00000000x7', 'number'],
    ]);
    expect(r.domains[3]).toMatchObject({ status: 'unknown', statusName: 'unknown', source: 'unknown' });
    const out = new Out();
    judgeDomains(read(r.domains, { skipped: r.skipped }), NOW, out);
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/evil|script|soon|\\u001b|\\u0007|LETS_GUESS|nested|xxxxxxxx/);
    expect(out.items.map((i) => i.item)).toContainEqual(
      expect.stringMatching(/OcDbaddate0000x7|login\.example\.com .*expiry is not a date: not judged/),
    );
    expect(out.told.map((t) => t.finding.code)).toEqual([
      'INTEGRATION_DOMAIN_CERT_EXPIRED',
      'INTEGRATION_DOMAIN_NOT_VERIFIED',
    ]);
  });

  it('keeps at most the bound of domains, counting the rest', () => {
    const many = Array.from({ length: INTEGRATION_DOMAINS.maxDomains + 7 }, (_, i) => ({
      ...spec,
      id: `OcD${i}`,
      domain: `d${i}.acme.example`,
    }));
    const r = readDomainList({ domains: many });
    expect('problem' in r ? undefined : [r.domains.length, r.beyond]).toEqual([INTEGRATION_DOMAINS.maxDomains, 7]);
  });

  it('judges the first 50 domains of a list of 57 and says the other 7 were not judged, naming none of them', () => {
    // The doc's number, written as the doc says it: the bound is held where it is told, not only where it is kept.
    const many = Array.from({ length: 57 }, (_, i) => ({ ...spec, id: `OcD${i}`, domain: `d${i}.acme.example` }));
    const r = readDomainList({ domains: many });
    if ('problem' in r) throw new Error(r.problem.detail);
    const j = judged(read(r.domains, { beyond: r.beyond }));
    const named = j.items.flatMap((item) => /custom domain (d\d+)\.acme\.example/.exec(item)?.[1] ?? []);
    expect(named).toEqual(Array.from({ length: 50 }, (_, i) => `d${i}`));
    expect(j.items).toContain('n/a custom domains: 7 domains past the first 50: not judged');
  });
});

describe('the custom domains read hourly at most', () => {
  const MIN = 60_000;
  function context(clock: { now: number }, scopes: string[] = ['okta.logs.read', 'okta.domains.read']) {
    const sent: string[] = [];
    const ctx: DomainsContext = {
      server: { id: 'org', scopes } as unknown as ServerConfig,
      orgServer: true,
      endpoints: serverEndpoints('https://acme.okta.com', 'org'),
      // No credential: the token cannot be had, and the read fails without a request.
      credential: undefined,
      exchange: (req) => {
        sent.push(req.url);
        return Promise.resolve({
          ok: false,
          failure: { kind: 'network', message: 'no network in a unit test', timings: { total: 1 } },
        });
      },
      now: () => clock.now,
      cache: createMemoryCache(),
    };
    return { ctx, sent };
  }

  it('judges the kept read without a request until it is due, then reads again', async () => {
    const clock = { now: NOW };
    const { ctx } = context(clock);
    ctx.cache!.set('integration-health:domains', read([domain()]), NOW + 60 * MIN);
    clock.now = NOW + 59 * MIN;
    expect(await customDomains(ctx, [])).toMatchObject({ requests: 0, domains: [{ domain: 'login.acme.example' }] });
    clock.now = NOW + 61 * MIN;
    const again = await customDomains(ctx, []);
    expect(again.problem?.code).toBe('INTEGRATION_DOMAINS_UNREAD');
    expect(again.domains).toEqual([]);
  });

  it('tries a failed read again after 15 minutes, not an hour', async () => {
    const clock = { now: NOW };
    const { ctx } = context(clock);
    const first = await customDomains(ctx, []);
    expect(first.problem?.detail).toMatch(/^the token for okta\.domains\.read: /);
    expect(ctx.cache!.get('integration-health:domains', NOW + 14 * MIN)).toBeDefined();
    expect(ctx.cache!.get('integration-health:domains', NOW + INTEGRATION_DOMAINS.retryMinutes * MIN)).toBeUndefined();
  });

  it('reads at most 10 certificates alone in a read, saying how many it left unread, never judging them', async () => {
    // 13 verified domains listed without their certificate: the first 10 are read alone, the other 3 said not read.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const listed = Array.from({ length: 13 }, (_, i) => ({
      id: `OcDlisted${String(i).padStart(7, '0')}x7`,
      domain: `d${i}.acme.example`,
      validationStatus: 'VERIFIED',
      certificateSourceType: 'OKTA_MANAGED',
      brandId: 'bndul904tTZ6kWVhP0g3',
    }));
    const sent: string[] = [];
    const ok = (body: unknown) => ({
      ok: true as const,
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        bodyTruncated: false,
        requestId: 'req1',
        timings: { total: 1 },
        receivedAt: NOW,
      },
    });
    const ctx: DomainsContext = {
      server: {
        id: 'org',
        clientId: '0oaProbe',
        scopes: ['okta.logs.read', 'okta.domains.read'],
      } as unknown as ServerConfig,
      orgServer: true,
      endpoints: serverEndpoints('https://acme.okta.com', 'org'),
      credential: { kind: 'private_key_jwt', privateKeyPem: pem },
      exchange: (req) => {
        const path = new URL(req.url).pathname;
        sent.push(path);
        if (path.endsWith('/token'))
          return Promise.resolve(
            ok({ access_token: 'tok', token_type: 'Bearer', expires_in: 3600, scope: 'okta.domains.read' }),
          );
        if (path === '/api/v1/domains') return Promise.resolve(ok({ domains: listed }));
        const one = listed.find((d) => path === `/api/v1/domains/${d.id}`);
        return Promise.resolve(
          ok({ ...one, publicCertificate: { expiration: new Date(NOW + 60 * DAY).toISOString() } }),
        );
      },
      now: () => NOW,
      cache: createMemoryCache(),
    };
    const r = await customDomains(ctx, []);
    expect(r.problem).toBeUndefined();
    expect(sent.filter((path) => path.startsWith('/api/v1/domains/'))).toHaveLength(10);
    expect(r.detailsUnread).toBe(3);
    expect(r.domains.filter((d) => typeof d.expires === 'number')).toHaveLength(10);
    expect(judged(r).items).toContain(
      'n/a custom domains: 3 verified domains listed without a certificate not read alone (at most 10 a read): ' +
        'not judged',
    );
  });

  it("takes the org URL's domain's certificate issue date from its TLS handshake, when Okta lists it", async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const expires = NOW + 2 * DAY;
    const listed = (domain: string, expiration: number) => ({
      id: `OcD${domain.slice(0, 5)}00000000000x7`,
      domain,
      validationStatus: 'VERIFIED',
      certificateSourceType: 'OKTA_MANAGED',
      publicCertificate: { expiration: new Date(expiration).toISOString() },
    });
    const ok = (body: unknown) => ({
      ok: true as const,
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        bodyTruncated: false,
        requestId: 'req1',
        timings: { total: 1 },
        receivedAt: NOW,
        // The handshake with login.acme.example: a 6-day certificate (Let's Encrypt's opt-in short-lived profile).
        certificate: { validFrom: expires - 6 * DAY, validTo: expires, subject: 'login.acme.example' },
      },
    });
    const ctx: DomainsContext = {
      server: { id: 'org', clientId: '0oaProbe', scopes: ['okta.domains.read'] } as unknown as ServerConfig,
      orgServer: true,
      endpoints: serverEndpoints('https://login.acme.example', 'org'),
      credential: { kind: 'private_key_jwt', privateKeyPem: pem },
      exchange: (req) =>
        Promise.resolve(
          new URL(req.url).pathname.endsWith('/token')
            ? ok({ access_token: 'tok', token_type: 'Bearer', expires_in: 3600, scope: 'okta.domains.read' })
            : ok({ domains: [listed('login.acme.example', expires), listed('other.acme.example', expires)] }),
        ),
      now: () => NOW,
      cache: createMemoryCache(),
    };
    const r = await customDomains(ctx, []);
    expect(r.domains.map((d) => d.issued)).toEqual([expires - 6 * DAY, undefined]);
    // Two days of six left is a third of its lifetime: renewing on schedule, no warning; the other, unknown, warns.
    expect(judged(r).codes).toEqual(['warn INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED']);
    expect(judged(r).details[0]).toMatch(/^custom domain other\.acme\.example/);
  });

  it('reads nothing when the "org" server\'s scopes lack okta.domains.read', async () => {
    const { ctx, sent } = context({ now: NOW }, ['okta.logs.read']);
    expect(await domainsPart(ctx, [])).toBeUndefined();
    expect(sent).toEqual([]);
  });
});
