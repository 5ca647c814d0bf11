// The org's custom domains judged against the clock, one by one: a domain not verified warns; a verified domain's
// certificate by who renews it. Okta renews an Okta-managed certificate itself, with Let's Encrypt's 90-day
// certificates renewed well ahead (okta-developer-docs guides/custom-url-domain; Okta documents no renewal lead), so
// one within the same share of its lifetime as INTEGRATION_DOMAINS.oktaManagedWarnDays of 90 days (Let's Encrypt
// shortens its lifetimes to 64 days in 2027 and 45 in 2028) has failed to renew, and once expired it "cannot be
// manually renewed, and the custom domain needs to be recreated" (support.okta.com, "Migrating to Okta-Managed
// Certificate"); its lifetime is read from its own validity dates where the TLS handshake gave them (Let's Encrypt's
// opt-in 45-day and 6-day profiles), else taken as Let's Encrypt's default:
// it warns earlier than a certificate the org uploaded (MANUAL), which the org replaces itself. Each domain is named
// with its days left and who renews it; a healthy one too. Pure.
import { INTEGRATION_DOMAINS } from '../../contract';
import type { CustomDomain, DomainsRead } from './domains';
import { Out, type IntegrationJudgement } from './judge';

const DAY = 86_400_000;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Who renews the certificate, as the detail says it. */
const RENEWER: Readonly<Record<CustomDomain['source'], string>> = {
  OKTA_MANAGED: 'Okta-managed: Okta renews it',
  MANUAL: 'uploaded by the org (MANUAL): the org renews it',
  unknown: 'its source is not one Okta documents: who renews it is unknown',
};

function named(d: CustomDomain): string {
  return `custom domain ${d.domain}${d.brandId === undefined ? '' : ` (brand ${d.brandId})`}`;
}

/**
 * Let's Encrypt's default certificate lifetime by issue date, latest first: 90 days, 64 from 10 February 2027, 45
 * from 16 February 2028 (letsencrypt.org, 2025-12-02, "From 90 to 45").
 */
const LETS_ENCRYPT_LIFETIMES: readonly (readonly [issuedFrom: number, days: number])[] = [
  [Date.parse('2028-02-16T00:00:00Z'), 45],
  [Date.parse('2027-02-10T00:00:00Z'), 64],
  [Number.NEGATIVE_INFINITY, 90],
];

/**
 * The lifetime, days, of the Okta-managed certificate expiring at `expires`. Okta's answer gives its expiry alone
 * (DomainCertificateMetadata: expiration, fingerprint, subject), not when it was issued: the lifetime is the shortest
 * Let's Encrypt could have issued a certificate with that expiry (issued on or after that lifetime's start). The
 * shortest, so a renewal on a shorter lifetime's schedule is never told as failed; a longer one then warns later.
 */
export function oktaManagedLifetimeDays(expires: number): number {
  for (const [issuedFrom, days] of LETS_ENCRYPT_LIFETIMES) if (expires - days * DAY >= issuedFrom) return days;
  return 90;
}

/**
 * Days left below which an Okta-managed certificate has failed to renew: the same share of its lifetime as
 * INTEGRATION_DOMAINS.oktaManagedWarnDays of a 90-day one (28 of 90: 19.9 of 64, 14 of 45). Let's Encrypt advises
 * ACME clients to renew when a third of a certificate's lifetime is left (letsencrypt.org docs/integration-guide;
 * certbot's 30 days of 90), so a certificate with less than 28/90 of it left has missed that renewal.
 */
export const renewalWarnDays = (lifetimeDays: number): number =>
  (INTEGRATION_DOMAINS.oktaManagedWarnDays * lifetimeDays) / 90;

/**
 * The lifetime an Okta-managed certificate was issued with, days, and how the detail tells it: its own validity dates
 * where the TLS handshake gave them (Let's Encrypt's opt-in 45-day and 6-day profiles are known only so), else the
 * shortest of Let's Encrypt's default lifetimes it could have.
 */
function lifetimeOf(d: CustomDomain, expires: number): { readonly days: number; readonly told: string } {
  if (d.issued !== undefined) {
    const days = (expires - d.issued) / DAY;
    return { days, told: `${Math.round(days * 10) / 10}-day certificate (its own validity dates)` };
  }
  const days = oktaManagedLifetimeDays(expires);
  return { days, told: `${days}-day Let's Encrypt certificate` };
}

/** Whole days from `now` to `at`, rounded down: 0 on its last day, negative once past. */
const daysLeft = (at: number, now: number): number => Math.floor((at - now) / DAY);

function judgeCertificate(d: CustomDomain, now: number, at: string, out: Out): void {
  if (d.expires === 'unparsed') {
    out.item(`${named(d)}: its certificate's expiry is not a date: not judged`, 'n/a', at);
    return;
  }
  if (d.expires === undefined) {
    const why = d.certificateUnread === undefined ? 'Okta gave none' : `not read: ${d.certificateUnread}`;
    out.item(`${named(d)}: verified, certificate ${why}: not judged`, 'n/a', at);
    return;
  }
  const days = daysLeft(d.expires, now);
  const on = new Date(d.expires).toISOString().slice(0, 10);
  const figures = `certificate ${days < 0 ? `expired ${-days} days ago` : `${plural(days, 'day')} left`} (${on}), ${
    RENEWER[d.source]
  }`;
  if (d.expires <= now) {
    const fix =
      d.source === 'OKTA_MANAGED'
        ? 'it cannot be renewed by hand: recreate the custom domain'
        : 'upload a new certificate';
    out.tell('INTEGRATION_DOMAIN_CERT_EXPIRED', 'page', `domain ${d.id}`, `${named(d)}: ${figures}; ${fix}`, at);
  } else if (d.source === 'OKTA_MANAGED' && d.expires - now < renewalWarnDays(lifetimeOf(d, d.expires).days) * DAY)
    out.tell(
      'INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED',
      'warn',
      `domain ${d.id}`,
      `${named(d)}: ${figures}, yet it has not: Okta renews well ahead (a ${lifetimeOf(d, d.expires).told}), so ` +
        'its renewal failed (a CAA record or a network zone may block it); once expired it cannot be renewed by hand',
      at,
    );
  else if (d.source !== 'OKTA_MANAGED' && days < INTEGRATION_DOMAINS.manualWarnDays)
    out.tell('INTEGRATION_DOMAIN_CERT_EXPIRING', 'warn', `domain ${d.id}`, `${named(d)}: ${figures}`, at);
  else out.item(`${named(d)}: verified, ${figures}`, 'pass', at);
}

/** Every domain of the last read judged at `now`; the read's own bounds and failures said, never "works". */
export function judgeDomains(read: DomainsRead | undefined, now: number, out: Out): void {
  const at = new Date(now).toISOString();
  if (read === undefined) {
    out.item(`custom domains: not read (the "org" server's scopes lack okta.domains.read)`, 'n/a', at);
    return;
  }
  if (read.problem !== undefined) {
    // Its own code: the domains unread (a grant, a role) or the probe's own network, never one told as the other.
    out.tell(read.problem.code, 'warn', 'custom domains', read.problem.detail ?? 'not read', at);
    return;
  }
  if (read.domains.length === 0 && read.skipped === 0)
    out.item('custom domains: none (people reach the org at its Okta domain)', 'n/a', at);
  for (const d of read.domains) {
    if (d.status === 'verified') judgeCertificate(d, now, at, out);
    else
      out.tell(
        'INTEGRATION_DOMAIN_NOT_VERIFIED',
        'warn',
        `domain ${d.id}`,
        `${named(d)}: validation ${d.statusName}` +
          (d.status === 'failed' ? ': Okta could not verify it' : d.status === 'pending' ? ': not verified yet' : '') +
          `; Okta serves no traffic over it until verified (certificate ${RENEWER[d.source]})`,
        at,
      );
  }
  const bounds = [
    ...(read.skipped > 0 ? [`${plural(read.skipped, 'element')} of Okta's list not a domain: skipped`] : []),
    ...(read.beyond > 0
      ? [`${plural(read.beyond, 'domain')} past the first ${INTEGRATION_DOMAINS.maxDomains}: not judged`]
      : []),
    ...(read.detailsUnread > 0
      ? [
          `${plural(read.detailsUnread, 'verified domain')} listed without a certificate not read alone (at most ` +
            `${INTEGRATION_DOMAINS.maxDetailReads} a read): not judged`,
        ]
      : []),
  ];
  if (bounds.length > 0) out.item(`custom domains: ${bounds.join('; ')}`, 'n/a', at);
}

/** Rank of an item's status: failing first, as the events' judge orders them. */
const rank = (s: string): number => ['fail', 'warn', 'pass'].indexOf(s) + 1 || 4;

/** The events' judgement with the domains' findings and items joined in: paging findings first, failing items first. */
export function withDomains(
  judgement: IntegrationJudgement,
  read: DomainsRead | undefined,
  now: number,
): IntegrationJudgement {
  const out = new Out();
  judgeDomains(read, now, out);
  const told = [...judgement.told, ...out.told].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'page' ? -1 : 1,
  );
  const pages = out.told.filter((t) => t.severity === 'page').length;
  return {
    told,
    items: [...judgement.items, ...out.items].sort((a, b) => rank(a.status) - rank(b.status)),
    totals: {
      ...judgement.totals,
      paging: judgement.totals.paging + pages,
      warning: judgement.totals.warning + out.told.length - pages,
    },
  };
}
