// The simulator's custom domains (sim/domains.ts) judged as the probe judges them: a healthy multi-brand org's two
// domains named with their days left and who renews them, and each domain scenario's finding.
import { describe, expect, it } from 'vitest';
import { judgeDomains } from '../../../../functions/probe/integrations/domains-judge';
import { Out } from '../../../../functions/probe/integrations/judge';
import { domainBodies } from '../../../../sim/domains';
import type { DomainFault } from '../../../../sim/faults';
import { simDomainsRead } from '../../../support/sim-domains';

const NOW = Date.parse('2026-03-02T10:15:00.000Z');

function judged(fault: DomainFault) {
  const out = new Out();
  judgeDomains(simDomainsRead(fault, NOW), NOW, out);
  return { told: out.told.map((t) => `${t.severity} ${t.finding.code}: ${t.finding.detail}`), items: out.items };
}

describe("the simulator's custom domains", () => {
  it("answers Okta's { domains: [...] }, leaving the Okta-managed certificate to the domain's own answer", () => {
    const { list, byId } = domainBodies({ baseUrl: 'http://127.0.0.1:1' }, 'healthy', NOW);
    const domains = (list as { domains: Record<string, unknown>[] }).domains;
    expect(domains.map((d) => [d.domain, d.certificateSourceType, d.publicCertificate === undefined])).toEqual([
      ['login.acme.example', 'OKTA_MANAGED', true],
      ['id.acme-partners.example', 'MANUAL', false],
    ]);
    expect(byId.get('OcD1loginacme000x7')).toMatchObject({
      publicCertificate: { expiration: '2026-05-03T10:15:00.000Z' },
    });
  });

  it("names a healthy multi-brand org's domains with their days left and who renews them, telling nothing", () => {
    const healthy = judged('healthy');
    expect(healthy.told).toEqual([]);
    expect(healthy.items.map((i) => `${i.status} ${i.item}`)).toEqual([
      'pass custom domain login.acme.example (brand bnd1acmemain0000x7): verified, certificate 62 days left ' +
        '(2026-05-03), Okta-managed: Okta renews it',
      'pass custom domain id.acme-partners.example (brand bnd1partners0000x7): verified, certificate 200 days ' +
        'left (2026-09-18), uploaded by the org (MANUAL): the org renews it',
    ]);
  });

  it.each([
    [
      'managed-renewal-failed',
      /^warn INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED: custom domain login\.acme\.example .*10 days left/,
    ],
    [
      'validation-failed',
      /^warn INTEGRATION_DOMAIN_NOT_VERIFIED: custom domain sso\.acme-labs\.example .*FAILED_TO_VERIFY/,
    ],
    [
      'manual-expired',
      /^page INTEGRATION_DOMAIN_CERT_EXPIRED: custom domain id\.acme-partners\.example .*expired 3 days ago/,
    ],
    ['unreadable', /^warn INTEGRATION_DOMAINS_UNREAD: /],
  ] as const)('%s: tells its one finding', (fault, told) => {
    const j = judged(fault);
    expect(j.told).toHaveLength(1);
    expect(j.told[0]).toMatch(told);
  });
});
