// What each code of the integration-domains family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// The org's custom domains, as GET /api/v1/domains tells them (okta-sdk-nodejs oas-spec/management.yaml): a domain
// not verified, and a certificate expiring or expired, told by who renews it. Okta renews an Okta-managed certificate
// itself through Let's Encrypt (okta-developer-docs guides/custom-url-domain), so one close to expiry has failed to
// renew; a CAA record that leaves out letsencrypt.org, or network zones, stop that renewal (the same guide), and "the
// certificate cannot be manually renewed, and the custom domain needs to be recreated" (support.okta.com, "Migrating
// to Okta-Managed Certificate"). A certificate the org uploaded (MANUAL) is the org's to replace.

const DOMAINS = 'Customizations > Brands > [brand] > Domains';

export const INTEGRATION_DOMAINS_CODES = {
  INTEGRATION_DOMAIN_NOT_VERIFIED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'A custom domain is not verified',
    summary:
      'A custom domain of the org is not verified (its validation has not started, is in progress, or failed): ' +
      'Okta does not serve traffic over a domain until it proves the org owns it, so people sent to that URL do ' +
      'not reach the sign-in page of its brand.',
    remedy:
      `Open ${DOMAINS} for the domain named in the detail. Check the TXT and CNAME records at the DNS provider ` +
      'against the Host and Value columns Okta shows (they may take up to 24 hours to propagate), then verify ' +
      'again. For an Okta-managed certificate, a CAA record must list letsencrypt.org.',
  },
  INTEGRATION_DOMAIN_CERT_EXPIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-paging'],
    title: "A custom domain's certificate has expired",
    summary:
      "The TLS certificate of a custom domain has expired: people reaching the custom URL get the browser's " +
      'certificate error instead of the sign-in page, and apps that use it as their issuer fail.',
    remedy:
      `For a certificate the org uploaded, upload a new one in ${DOMAINS} (PEM certificate, chain and private ` +
      'key). An Okta-managed certificate that expired cannot be renewed by hand: the custom domain must be ' +
      'recreated (remove it, add it again with Okta-managed, and update the DNS records); first remove what ' +
      'stopped the renewal (a CAA record without letsencrypt.org, network zones). Meanwhile, send people to the ' +
      'Okta domain.',
  },
  // Okta's renewal failed, yet what stops it (a CAA record, network zones) is the org's, and so is the recreation.
  INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'An Okta-managed certificate did not renew',
    summary:
      'An Okta-managed certificate of a custom domain is close to expiry for its lifetime. Okta renews these itself ' +
      '(Let’s Encrypt certificates of 90 days, 64 from 2027 and 45 from 2028, renewed well ahead), so one this close ' +
      'has failed to renew. Once it expires it ' +
      'cannot be renewed by hand and the custom domain must be recreated.',
    remedy:
      'Check what stops the renewal: a CAA record on the domain that does not list letsencrypt.org (add it, or ' +
      'remove the record), network zones that block the renewal, or the CNAME no longer pointing at Okta. Then ' +
      `open ${DOMAINS} and contact Okta Support before it expires; if it expires, recreate the custom domain.`,
  },
  INTEGRATION_DOMAIN_CERT_EXPIRING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: "A custom domain's certificate expires soon",
    summary:
      'A TLS certificate the org uploaded for a custom domain (MANUAL) expires soon. Okta does not renew it: when ' +
      "it expires people reaching the custom URL get the browser's certificate error.",
    remedy:
      `Get a new certificate for the domain named in the detail and upload it in ${DOMAINS} (PEM certificate, ` +
      'chain and private key) before the date in the detail.',
  },
  // Our reading of the domains (a scope, a role), as the inventory's.
  INTEGRATION_DOMAINS_UNREAD: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'Custom domains not read',
    summary:
      "The org's custom domains could not be read (GET /api/v1/domains): a scope not granted, an admin role " +
      'missing, throttled, or an answer that is not a list of domains. Their certificates are not judged: nothing ' +
      'is known of them this run.',
    remedy:
      'Grant okta.domains.read to the API Services app of the "org" server (Applications > Applications > [app] > ' +
      'Okta API Scopes) and give it an admin role that reads custom domains; the detail says what Okta answered.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
