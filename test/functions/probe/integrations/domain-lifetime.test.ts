// An Okta-managed certificate judged against its own lifetime: Let's Encrypt's certificates last 64 days from 10
// February 2027 and 45 days from 16 February 2028, so 28 days left is a failed renewal of a 90-day certificate
// only; a shorter one warns at the same share of its lifetime, and a healthy domain never warns routinely.
import { describe, expect, it } from 'vitest';
import {
  judgeDomains,
  oktaManagedLifetimeDays,
  renewalWarnDays,
} from '../../../../functions/probe/integrations/domains-judge';
import type { CustomDomain } from '../../../../functions/probe/integrations/domains';
import { Out } from '../../../../functions/probe/integrations/judge';

const DAY = 86_400_000;

const okta = (expires: number): CustomDomain => ({
  id: 'OcDz6iRyjkaCTXkdo0g3',
  domain: 'login.acme.example',
  status: 'verified',
  statusName: 'COMPLETED',
  source: 'OKTA_MANAGED',
  expires,
});

/** What the judge tells of one Okta-managed domain expiring at `expires`, judged `daysLeft` days before. */
function told(expires: string, daysLeft: number): string[] {
  const at = Date.parse(expires);
  const out = new Out();
  const read = { at: at - daysLeft * DAY, domains: [okta(at)], skipped: 0, beyond: 0, detailsUnread: 0, requests: 1 };
  judgeDomains(read, at - daysLeft * DAY, out);
  return [...out.told.map((t) => t.finding.code), ...out.items.map((i) => i.status)];
}

describe("an Okta-managed certificate judged against Let's Encrypt's lifetime", () => {
  it('takes the shortest lifetime a certificate with that expiry could have been issued with', () => {
    expect(oktaManagedLifetimeDays(Date.parse('2026-12-01T00:00:00Z'))).toBe(90);
    // Issued on 10 February 2027 or later with 64 days, or before it with 90: the shorter.
    expect(oktaManagedLifetimeDays(Date.parse('2027-04-20T00:00:00Z'))).toBe(64);
    expect(oktaManagedLifetimeDays(Date.parse('2028-04-01T00:00:00Z'))).toBe(45);
    expect([90, 64, 45].map((days) => Math.floor(renewalWarnDays(days)))).toEqual([28, 19, 14]);
  });

  it('warns on a 90-day certificate with 27 days left, as before', () => {
    expect(told('2026-12-01T00:00:00Z', 27.5)).toEqual(['INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED', 'warn']);
  });

  it('never warns on a healthy 64-day certificate renewed at a third of its lifetime: 22 days left', () => {
    expect(told('2027-06-01T00:00:00Z', 22)).toEqual(['pass']);
    expect(told('2027-06-01T00:00:00Z', 19)).toEqual(['INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED', 'warn']);
  });

  it('never warns on a healthy 45-day certificate with 15 days left; warns at 13', () => {
    expect(told('2028-06-01T00:00:00Z', 15.5)).toEqual(['pass']);
    expect(told('2028-06-01T00:00:00Z', 13.5)).toEqual(['INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED', 'warn']);
  });
});

describe('an Okta-managed certificate judged against its own validity dates, where the TLS handshake gave them', () => {
  /** What the judge tells of a certificate issued `lifetimeDays` before it expires, judged `daysLeft` days before. */
  function toldOwn(lifetimeDays: number, daysLeft: number): string[] {
    const expires = Date.parse('2026-12-01T00:00:00Z');
    const now = expires - daysLeft * DAY;
    const out = new Out();
    const domain = { ...okta(expires), issued: expires - lifetimeDays * DAY };
    judgeDomains({ at: now, domains: [domain], skipped: 0, beyond: 0, detailsUnread: 0, requests: 1 }, now, out);
    return [...out.told.map((t) => t.finding.code), ...out.items.map((i) => i.status)];
  }

  it("never warns on Let's Encrypt's opt-in 45-day profile with 15 days left, this year; warns at 13", () => {
    expect(toldOwn(45, 15.5)).toEqual(['pass']);
    expect(toldOwn(45, 13.5)).toEqual(['INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED', 'warn']);
  });

  it('never warns on the opt-in 6-day profile with 2 days left (a third of its lifetime); warns with 1 left', () => {
    expect(toldOwn(6, 2)).toEqual(['pass']);
    expect(toldOwn(6, 1)).toEqual(['INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED', 'warn']);
  });

  it('names the lifetime it judged by, read from the certificate', () => {
    const expires = Date.parse('2026-12-01T00:00:00Z');
    const out = new Out();
    const domain = { ...okta(expires), issued: expires - 6 * DAY };
    judgeDomains(
      { at: expires, domains: [domain], skipped: 0, beyond: 0, detailsUnread: 0, requests: 1 },
      expires - DAY / 2,
      out,
    );
    expect(out.told[0]?.finding.detail).toMatch(/a 6-day certificate \(its own validity dates\)/);
  });
});
