// The org's custom domains as integration health reads them: GET /api/v1/domains (listCustomDomains, okta.domains.read)
// answers an object, `{ "domains": [DomainResponse] }` (okta-sdk-nodejs oas-spec/management.yaml DomainListResponse),
// each with `domain`, `validationStatus`, `certificateSourceType` (MANUAL or OKTA_MANAGED), `publicCertificate`
// (`expiration`) and `brandId`. A verified domain listed without its certificate is read alone (GET
// /api/v1/domains/{id}, getCustomDomain), at most INTEGRATION_DOMAINS.maxDetailReads a read, the rest counted. On a
// token of okta.domains.read alone, so a missing grant leaves the domains unread and nothing else. A certificate's
// expiry moves in days: the read is kept INTEGRATION_DOMAINS.everyMinutes and judged against the clock each run.
// Every answer is hostile: an element that is not a domain is skipped and counted, a name that is not a host name is
// never printed, a date that does not parse is said so.
import { DOMAINS_SCOPE, INTEGRATION_DOMAINS, type DiagnosisCode } from '../../contract';
import { DIAGNOSES } from '../../diagnosis';
import { codeRow, type CodeRow } from '../../diagnosis/registry';
import type { ServerContext } from '../context';
import { InventoryReader } from '../okta/management-read';
import { runToken } from '../okta/token';
import { finding, findingOf, type Finding } from '../verdict';
import type { PeerCertificate } from '../http';
import { ourNetwork } from './hooks';
import { readThrough } from '../../cache/read-through';

/** Where a domain's validation stands: Okta's DomainValidationStatus, grouped by what it means for people. */
type DomainStatus = 'verified' | 'pending' | 'failed' | 'unknown';

/**
 * The spec's enum (COMPLETED, IN_PROGRESS, NOT_STARTED, VERIFIED) and the two an older spec also listed
 * (FAILED_TO_VERIFY, DOMAIN_TAKEN: okta-management-openapi-spec's DomainValidationStatus).
 */
const STATUSES: Readonly<Record<string, DomainStatus>> = {
  COMPLETED: 'verified',
  VERIFIED: 'verified',
  IN_PROGRESS: 'pending',
  NOT_STARTED: 'pending',
  FAILED_TO_VERIFY: 'failed',
  DOMAIN_TAKEN: 'failed',
};

/** Who renews a domain's certificate: Okta (OKTA_MANAGED) or the org, which uploaded it (MANUAL). */
type CertificateSource = 'OKTA_MANAGED' | 'MANUAL' | 'unknown';

/** One custom domain, reduced to what is judged and may be printed. */
export interface CustomDomain {
  readonly id: string;
  /** A host name (letters, digits, hyphens and dots): anything else is never kept. */
  readonly domain: string;
  readonly status: DomainStatus;
  /** Okta's validationStatus when it is one of the enum's, else 'unknown'. */
  readonly statusName: string;
  readonly source: CertificateSource;
  /** The certificate's expiry, epoch ms; 'unparsed' when Okta's date does not parse; absent when none was read. */
  readonly expires?: number | 'unparsed';
  /**
   * The certificate's notBefore, epoch ms, where a TLS handshake with the domain gave it (the org URL is this custom
   * domain) and its notAfter is the expiry Okta lists: the lifetime it was issued with. Okta's answer holds no issue
   * date.
   */
  readonly issued?: number;
  readonly brandId?: string;
  /** Why the certificate of a verified domain listed without one was not read alone. */
  readonly certificateUnread?: string;
}

/** The last read of the domains: kept between runs, judged against the clock each run. */
export interface DomainsRead {
  /** Epoch ms of the read. */
  readonly at: number;
  readonly domains: readonly CustomDomain[];
  /** Elements of the list that are not a domain (no id, a name that is no host name, not an object). */
  readonly skipped: number;
  /** Domains past INTEGRATION_DOMAINS.maxDomains, not judged. */
  readonly beyond: number;
  /** Verified domains listed without a certificate that the read's bound left unread. */
  readonly detailsUnread: number;
  /** Requests sent to /api/v1/domains (0: the kept read). */
  readonly requests: number;
  /** Why the list could not be read: nothing is known of the domains. */
  readonly problem?: Finding;
}

type Json = Readonly<Record<string, unknown>>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Okta's ids: letters and digits (OcDz6iRyjkaCTXkdo0g3 in the spec). */
const ID = /^[A-Za-z0-9]{1,64}$/;
/** A DNS host name of two labels or more (RFC 1123), at most 253 characters. */
const HOST =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A date Okta writes is a few dozen characters ('2021-05-11T05:13:05.000Z'); a longer one is not parsed. */
const MOST_DATE_CHARS = 64;

const WHAT_LIST = 'GET /api/v1/domains';

/** A certificate's expiry: epoch ms, 'unparsed' when there is a value that is no date, undefined when absent. */
function expiryOf(certificate: unknown): number | 'unparsed' | undefined {
  if (certificate === undefined || certificate === null) return undefined;
  if (!isJson(certificate)) return 'unparsed';
  const raw = certificate.expiration;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || raw.length > MOST_DATE_CHARS) return 'unparsed';
  const at = Date.parse(raw);
  return Number.isFinite(at) ? at : 'unparsed';
}

/** One element of Okta's list (or a getCustomDomain answer) reduced; undefined when it is not a domain. */
export function readDomain(raw: unknown): CustomDomain | undefined {
  if (!isJson(raw)) return undefined;
  const { id, domain, validationStatus, certificateSourceType, brandId } = raw;
  if (typeof id !== 'string' || !ID.test(id) || typeof domain !== 'string' || !HOST.test(domain)) return undefined;
  const status = typeof validationStatus === 'string' ? STATUSES[validationStatus] : undefined;
  const expires = expiryOf(raw.publicCertificate);
  return {
    id,
    domain: domain.toLowerCase(),
    status: status ?? 'unknown',
    statusName: status === undefined ? 'unknown' : (validationStatus as string),
    source:
      certificateSourceType === 'OKTA_MANAGED' || certificateSourceType === 'MANUAL'
        ? certificateSourceType
        : 'unknown',
    ...(expires !== undefined && { expires }),
    ...(typeof brandId === 'string' && ID.test(brandId) && { brandId }),
  };
}

/** Okta's list answer read: its domains, what was skipped and what was past the bound; a finding when not a list. */
export function readDomainList(
  body: unknown,
): { domains: CustomDomain[]; skipped: number; beyond: number } | { problem: Finding } {
  const list = isJson(body) ? body.domains : undefined;
  if (!Array.isArray(list)) {
    const got = Array.isArray(body)
      ? 'a bare array'
      : isJson(body)
        ? 'an object without a "domains" list'
        : typeof body;
    return {
      problem: finding('INTEGRATION_DOMAINS_UNREAD', {
        detail: `${WHAT_LIST}: the answer is ${got}, not Okta's { "domains": [...] }: the domains are not judged`,
      }),
    };
  }
  const domains: CustomDomain[] = [];
  let skipped = 0;
  for (const raw of list.slice(0, INTEGRATION_DOMAINS.maxDomains)) {
    const domain = readDomain(raw);
    if (domain === undefined) skipped += 1;
    else domains.push(domain);
  }
  return { domains, skipped, beyond: Math.max(0, list.length - INTEGRATION_DOMAINS.maxDomains) };
}

/**
 * What Okta refused of the read, by the registry's `refusal` of the code it answered (its scope, its role, its
 * bucket, the run's read budget included), in the check's words: they name the domains' own scope and role, which no
 * code's text can.
 */
const REFUSED_WHY: Readonly<Record<NonNullable<CodeRow['refusal']>, string>> = {
  role: "the app's admin role does not read custom domains",
  scope: `${DOMAINS_SCOPE} is not granted to the app`,
  throttled:
    "throttled (Okta's rate limit or the run's read budget): read again in " +
    `${INTEGRATION_DOMAINS.retryMinutes} minutes`,
};

/** Why a read failed: what Okta refused, else the title of the code it answered; Okta's own text is never repeated. */
export const unreadWhy = (code: DiagnosisCode): string => {
  const { refusal } = codeRow(code);
  // A code's one-line cause, not its title: "Malformed response" tells the reader less than what came back.
  return refusal === undefined ? DIAGNOSES[code].summary.replace(/\.$/, '') : REFUSED_WHY[refusal];
};

/** A failed read in the check's words: what was asked, why in words of ours, and Okta's status and code. */
function unread(problem: Finding, what: string): Finding {
  const network = ourNetwork(what, problem);
  if (network !== undefined) return network;
  const status = problem.httpStatus === undefined ? '' : `HTTP ${problem.httpStatus}, `;
  const why = unreadWhy(problem.code);
  return { ...problem, code: 'INTEGRATION_DOMAINS_UNREAD', detail: `${what}: ${why} (${status}${problem.code})` };
}

export type DomainsContext = Pick<
  ServerContext,
  'server' | 'endpoints' | 'exchange' | 'credential' | 'cache' | 'now' | 'orgServer' | 'listBudget'
>;

/** The cache key of the last read. */
const DOMAINS_KEY = 'integration-health:domains';

/** The domains when the "org" server's scopes ask for them (okta.domains.read is advised, not required). */
export async function domainsPart(ctx: DomainsContext, secrets: string[]): Promise<DomainsRead | undefined> {
  return ctx.server.scopes.includes(DOMAINS_SCOPE) ? customDomains(ctx, secrets) : undefined;
}

/** The domains, from the kept read while not due, else read anew (and kept); `secrets` gets the read's token. */
export async function customDomains(ctx: DomainsContext, secrets: string[]): Promise<DomainsRead> {
  const now = ctx.now();
  // A failed read is tried again sooner than a good one is read again.
  const cadence = {
    everyMinutes: INTEGRATION_DOMAINS.everyMinutes,
    againMinutes: (read: DomainsRead) => (read.problem === undefined ? undefined : INTEGRATION_DOMAINS.retryMinutes),
  };
  const read = await readThrough(ctx.cache, DOMAINS_KEY, now, cadence, () => readDomains(ctx, secrets, now));
  return read.fromCache ? { ...read.value, requests: 0 } : read.value;
}

async function readDomains(ctx: DomainsContext, secrets: string[], now: number): Promise<DomainsRead> {
  const none = { at: now, domains: [], skipped: 0, beyond: 0, detailsUnread: 0 };
  const token = await runToken({ ...ctx, server: { ...ctx.server, scopes: [DOMAINS_SCOPE] } });
  if (token.accessToken === undefined) {
    const problem = findingOf(token) ?? finding('UNEXPECTED_RESPONSE', { detail: `no token for ${DOMAINS_SCOPE}` });
    return { ...none, requests: 0, problem: unread(problem, `the token for ${DOMAINS_SCOPE}`) };
  }
  secrets.push(token.accessToken);
  const reader = new InventoryReader(ctx, 1 + INTEGRATION_DOMAINS.maxDetailReads);
  const answer = await reader.get(token.accessToken, '/api/v1/domains', WHAT_LIST);
  if ('problem' in answer) return { ...none, requests: reader.requests, problem: unread(answer.problem, WHAT_LIST) };
  const parsed = readDomainList(answer.body);
  if ('problem' in parsed) return { ...none, requests: reader.requests, problem: parsed.problem };
  const list = { ...parsed, domains: parsed.domains.map((d) => withIssued(d, ctx, answer.certificate)) };
  const lacking = list.domains.filter((d) => d.status === 'verified' && d.expires === undefined);
  const asked = lacking.slice(0, INTEGRATION_DOMAINS.maxDetailReads);
  const detailed = new Map<string, CustomDomain>();
  for (const domain of asked) {
    const one = await reader.get(token.accessToken, `/api/v1/domains/${domain.id}`, 'GET /api/v1/domains/{id}');
    const read = 'problem' in one ? undefined : readDomain(one.body);
    if (read !== undefined && read.id === domain.id) detailed.set(domain.id, { ...domain, ...pick(read) });
    else
      detailed.set(domain.id, {
        ...domain,
        certificateUnread:
          'problem' in one ? (unread(one.problem, 'GET /api/v1/domains/{id}').detail ?? '') : 'not this domain',
      });
  }
  return {
    at: now,
    domains: list.domains.map((d) => detailed.get(d.id) ?? d),
    skipped: list.skipped,
    beyond: list.beyond,
    detailsUnread: lacking.length - asked.length,
    requests: reader.requests,
  };
}

/**
 * The domain with its certificate's issue date, when the org URL is this domain and the certificate its TLS handshake
 * presented (`handshake`) is the one Okta lists (the same notAfter, to the second): a Let's Encrypt
 * certificate lasts 90 days by default, 45 or 6 on request, and only the certificate says which.
 */
function withIssued(d: CustomDomain, ctx: DomainsContext, handshake: PeerCertificate | undefined): CustomDomain {
  if (handshake?.validFrom === undefined || typeof d.expires !== 'number') return d;
  const sameHost = new URL(ctx.endpoints.token).hostname.toLowerCase() === d.domain.toLowerCase();
  const sameCertificate = Math.abs(handshake.validTo - d.expires) < 1000 && handshake.validFrom < d.expires;
  return sameHost && sameCertificate ? { ...d, issued: handshake.validFrom } : d;
}

/** What a domain read alone adds to its list entry: the certificate, and its source when the list lacked it. */
function pick(read: CustomDomain): Partial<CustomDomain> {
  return {
    ...(read.expires !== undefined && { expires: read.expires }),
    ...(read.source !== 'unknown' && { source: read.source }),
  };
}
