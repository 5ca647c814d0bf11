// The simulated org's custom domains, as the Management API answers them (okta-sdk-nodejs oas-spec/management.yaml):
// GET /api/v1/domains (listCustomDomains, okta.domains.read) answers an object, `{ "domains": [DomainResponse] }`, and
// GET /api/v1/domains/{id} (getCustomDomain) one DomainResponse with its `publicCertificate`. A multi-brand org: one
// domain a brand, an Okta-managed certificate (Let's Encrypt's, okta-developer-docs guides/custom-url-domain) and
// one the org uploaded (MANUAL). The list leaves out the Okta-managed domain's certificate, as okta-behaviour.md says
// it may, so the probe reads that domain alone. Okta checks the token (401 E0000011) and the scope (403 E0000006)
// first (endpoints/org-token.ts); each path is a rate-limit bucket of its own.
import { json, oktaError, withHeaders, type Answer } from './answer';
import { orgToken, refused } from './endpoints/org-token';
import type { DomainFault, SimFaults } from './faults';
import { rateLimitHeaders } from './rate-limit';
import { MANAGEMENT_BUCKET_LIMIT, type SimRequest, type SimState } from './state';

/** The paths served here: the list, and one domain by id. */
export const DOMAINS_PATH = /^\/api\/v1\/domains(?:\/([^/]+))?$/;

const DAY = 86_400_000;

/** The org's domains: Okta's ids are letters and digits (the spec's OcDz6iRyjkaCTXkdo0g3). */
const SIM_DOMAINS = {
  managed: { id: 'OcD1loginacme000x7', domain: 'login.acme.example', brandId: 'bnd1acmemain0000x7' },
  manual: { id: 'OcD1partners0000x7', domain: 'id.acme-partners.example', brandId: 'bnd1partners0000x7' },
  failing: { id: 'OcD1labs00000000x7', domain: 'sso.acme-labs.example', brandId: 'bnd1labs00000000x7' },
} as const;

interface SimDomain {
  readonly id: string;
  readonly domain: string;
  readonly brandId: string;
  readonly validationStatus: string;
  readonly certificateSourceType: 'OKTA_MANAGED' | 'MANUAL';
  /** The certificate's expiry, epoch ms; absent: no certificate yet. */
  readonly expires?: number;
  /** Whether the list entry carries the certificate (the Okta-managed one's does not). */
  readonly listed: boolean;
}

/** The org's domains under `fault`, at `now`. */
function domainsOf(fault: DomainFault, now: number): SimDomain[] {
  // Let's Encrypt's certificates last 90 days; Okta renews them well ahead: a healthy one has about two months left.
  const managedExpires = fault === 'managed-renewal-failed' ? now + 10 * DAY + 3_600_000 : now + 62 * DAY;
  const manualExpires =
    fault === 'manual-expired'
      ? now - 3 * DAY
      : fault === 'manual-expiring'
        ? now + 9 * DAY + 3_600_000
        : now + 200 * DAY;
  return [
    {
      ...SIM_DOMAINS.managed,
      validationStatus: 'COMPLETED',
      certificateSourceType: 'OKTA_MANAGED',
      expires: managedExpires,
      listed: false,
    },
    {
      ...SIM_DOMAINS.manual,
      validationStatus: 'COMPLETED',
      certificateSourceType: 'MANUAL',
      expires: manualExpires,
      listed: true,
    },
    // FAILED_TO_VERIFY: a status the older okta-management-openapi-spec lists; the SDK's spec has only four.
    ...(fault === 'validation-failed'
      ? [
          {
            ...SIM_DOMAINS.failing,
            validationStatus: 'FAILED_TO_VERIFY',
            certificateSourceType: 'OKTA_MANAGED' as const,
            listed: true,
          },
        ]
      : []),
  ];
}

/** A DomainResponse as Okta writes it; `withCertificate`: the publicCertificate, which a list entry may leave out. */
function domainJson(state: Pick<SimState, 'baseUrl'>, d: SimDomain, withCertificate: boolean): unknown {
  const self = `${state.baseUrl}/api/v1/domains/${d.id}`;
  return {
    id: d.id,
    domain: d.domain,
    brandId: d.brandId,
    validationStatus: d.validationStatus,
    certificateSourceType: d.certificateSourceType,
    dnsRecords: [
      { recordType: 'CNAME', fqdn: d.domain, values: ['acme.customdomains.okta.example'] },
      { recordType: 'TXT', fqdn: `_oktaverification.${d.domain}`, values: ['79496f234c814638b1cc44f51a782781'] },
    ],
    ...(withCertificate &&
      d.expires !== undefined && {
        publicCertificate: {
          expiration: new Date(d.expires).toISOString(),
          fingerprint:
            '73:68:82:7B:83:2E:48:29:A5:5E:E8:40:41:80:B3:AA:03:C4:42:43:05:73:45:BC:AA:47:00:23:A3:70:E5:C4',
          subject: `CN=${d.domain}`,
        },
      }),
    _links: {
      self: { href: self },
      brand: { href: `${state.baseUrl}/api/v1/brands/${d.brandId}` },
      certificate: { href: `${self}/certificate` },
      verify: { href: `${self}/verify` },
    },
  };
}

/** GET /api/v1/domains and /api/v1/domains/{id}, under the scenario's domain fault (absent: healthy). */
export function domains(state: SimState, request: SimRequest, faults: SimFaults): Answer {
  const bucket = state.rateLimiter.hit(
    request.url.pathname === '/api/v1/domains' ? 'domains' : 'domains:id',
    MANAGEMENT_BUCKET_LIMIT,
    request.now,
  );
  return withHeaders(answer(state, request, faults.domains ?? 'healthy'), rateLimitHeaders(bucket));
}

function answer(state: SimState, request: SimRequest, fault: DomainFault): Answer {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', { Allow: 'GET, HEAD' });
  const issued = orgToken(state, request, 'okta.domains.read');
  if (refused(issued)) return issued;
  // The service app's admin role does not read custom domains.
  if (fault === 'unreadable')
    return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
  const all = domainsOf(fault, request.now);
  const id = DOMAINS_PATH.exec(request.url.pathname)?.[1];
  if (id === undefined) return json(200, { domains: all.map((d) => domainJson(state, d, d.listed)) });
  const one = all.find((d) => d.id === decodeURIComponent(id));
  if (one === undefined) return oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (Domain)`);
  return json(200, domainJson(state, one, true));
}

/** The list and each domain's own answer, bodies only: what a test judges without a server. */
export function domainBodies(
  state: Pick<SimState, 'baseUrl'>,
  fault: DomainFault,
  now: number,
): { list: unknown; byId: Map<string, unknown> } {
  const all = domainsOf(fault, now);
  return {
    list: { domains: all.map((d) => domainJson(state, d, d.listed)) },
    byId: new Map(all.map((d) => [d.id, domainJson(state, d, true)])),
  };
}
