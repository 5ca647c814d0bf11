// resource: the access token this server issued, at the organisation's own APIs (servers[].resources), judged by
// what each API answers, as Okta's article on a service provider's 401 asks: a token Okta issues correctly and the
// API refuses (aud, a scope, a claim) is the failure users meet, and only the API can say so. The API's answers are
// not Okta's: none is classified as Okta's error, none counts against Okta. The token goes to the listed URL only:
// undici follows no redirect unless told to, so a 3xx is judged, never followed.
import { decodeJwt, type JWTPayload } from 'jose';
import type { ResourceConfig } from '../../types';
import { header, type HttpOutcome, type HttpResponse } from '../http';
import type { ServerContext } from '../context';
import { finding, type Finding, type Judged, type Observed } from '../verdict';
import { bearerChallenge, type BearerChallenge } from './bearer-challenge';

/** The token's claims an API most often refuses it over, decoded and never verified (the validate check verifies). */
interface ShownClaims {
  readonly aud: string;
  readonly scp: string;
  readonly cid: string;
  readonly sub: string;
  /** Every claim name the token carries, to tell a claim the API names as missing from one it has. */
  readonly names: ReadonlySet<string>;
}

/** One resource's answer, judged. */
interface ResourceResult {
  readonly resource: ResourceConfig;
  readonly outcome: HttpOutcome;
  readonly finding: Finding | null;
}

/** Calls every resource with the token, together, and judges each; the first failure is the check's diagnosis. */
export async function runResource(ctx: ServerContext, accessToken: string): Promise<Judged> {
  const resources = ctx.server.resources ?? [];
  const claims = shownClaims(accessToken);
  const started = performance.now();
  const results = await Promise.all(
    resources.map(async (resource): Promise<ResourceResult> => {
      const outcome = await ctx.exchange({
        method: resource.method,
        url: resource.url,
        headers: { authorization: `Bearer ${accessToken}` },
      });
      return { resource, outcome, finding: judgeResource(resource, outcome, claims) };
    }),
  );
  const failed = results.filter((r) => r.finding !== null);
  const first = failed[0] ?? results[0];
  const observed: Observed = {
    resources: resources.length,
    accepted: results.length - failed.length,
    ...(first !== undefined && failed.length > 0 && { url: shownUrl(first.resource.url) }),
    ...(first?.outcome.ok === true && { status: first.outcome.response.status }),
  };
  const [diagnosis = null, ...also] = failed.map((r) => r.finding).filter((f): f is Finding => f !== null);
  return {
    judgement: { diagnosis, ...(also.length > 0 && { also }), observed },
    ...(first !== undefined && { outcome: first.outcome }),
    durationMs: performance.now() - started,
  };
}

/** What one API's answer says of the token; null when it accepted it. */
export function judgeResource(
  resource: ResourceConfig,
  outcome: HttpOutcome,
  claims: ShownClaims | undefined,
): Finding | null {
  const where = `${resource.method} ${shownUrl(resource.url)}`;
  if (!outcome.ok) {
    return finding('RESOURCE_UNAVAILABLE', { detail: `${where}: ${outcome.failure.kind}, ${outcome.failure.message}` });
  }
  const res = outcome.response;
  const facts = { requestId: res.requestId, httpStatus: res.status };
  const expected = resource.expectStatus;
  if (expected === undefined ? res.status >= 200 && res.status < 300 : res.status === expected) return null;
  if (res.status >= 500)
    return finding('RESOURCE_UNAVAILABLE', { ...facts, detail: `${where} answered HTTP ${res.status}` });
  if (res.status >= 300 && res.status < 400) {
    const to = header(res, 'location');
    const target = to === undefined ? 'no Location' : `to ${shownUrl(to, resource.url)}`;
    return finding('RESOURCE_REDIRECTED', {
      ...facts,
      detail: `${where} redirected (HTTP ${res.status}) ${target}; not followed`,
    });
  }
  const challenge = bearerChallenge(res.headers['www-authenticate']);
  const refusal = res.status === 401 || res.status === 403 ? refusalOf(challenge, claims) : undefined;
  if (refusal !== undefined) {
    return finding(refusal.code, { ...facts, detail: `${where} answered HTTP ${res.status}: ${refusal.detail}` });
  }
  const wanted = expected === undefined ? 'a 2xx' : `HTTP ${expected}`;
  const why = unexpectedWhy(res, challenge);
  return finding('RESOURCE_UNEXPECTED_STATUS', {
    ...facts,
    detail: `${where} answered HTTP ${res.status}, expected ${wanted}${why}`,
  });
}

/** A bearer-token refusal, told as the API told it, with the token's claims beside it. */
function refusalOf(
  challenge: BearerChallenge | undefined,
  claims: ShownClaims | undefined,
): { readonly code: Finding['code']; readonly detail: string } | undefined {
  if (challenge?.error === undefined) return undefined;
  const words = challenge.errorDescription === undefined ? '' : ` ("${challenge.errorDescription}")`;
  const said = `the API said ${challenge.error}${words}`;
  const beside = claims === undefined ? 'the token is not a JWT to show' : `the token has ${claimsLine(claims)}`;
  if (challenge.error === 'insufficient_scope') {
    const granted = new Set(claims?.scp.split(' ') ?? []);
    const wanted = (challenge.scope ?? '').split(' ').filter((s) => s !== '');
    const missing = wanted.filter((s) => !granted.has(s));
    const named =
      wanted.length === 0
        ? 'the API named no scope'
        : `it wants ${wanted.join(' ')}, missing ${missing.join(' ') || 'none'}`;
    return { code: 'RESOURCE_SCOPE_INSUFFICIENT', detail: `${said}; ${named}; scp is "${claims?.scp ?? ''}"` };
  }
  if (challenge.error !== 'invalid_token') return undefined;
  const claim = claimAtFault(challenge.errorDescription ?? '', claims);
  if (claim.missing === true) {
    return { code: 'RESOURCE_CLAIM_MISSING', detail: `${said}; the token has no "${claim.name}" claim; ${beside}` };
  }
  const fault = claim.name === undefined ? 'the API named no claim' : `the claim at fault is ${claim.name}`;
  return { code: 'RESOURCE_TOKEN_REJECTED', detail: `${said}; ${fault}; ${beside}` };
}

/** Words an API's description uses for a standard claim, and the claim they name. */
const STANDARD_CLAIMS: readonly (readonly [RegExp, string])[] = [
  [/\baud(ience)?\b/i, 'aud'],
  [/\biss(uer)?\b/i, 'iss'],
  [/\bexp\b|expired/i, 'exp'],
  [/\bnbf\b|not (yet )?(valid|active) before/i, 'nbf'],
  [/signature|\bkid\b|signing key/i, 'the signature (kid)'],
  [/\bscp\b|\bscopes?\b/i, 'scp'],
];
/**
 * A claim a description names: quoted beside the word claim (`claim "groups"`, `'groups' claim`), or after "missing
 * claim". An unquoted word after "claim" is too often English ("claim validation failed") to be taken for a name.
 */
const NAMED_CLAIM = [
  /claim\s*[:=]?\s*["'`]([\w.:/-]{1,64})["'`]/i,
  /["'`]([\w.:/-]{1,64})["'`]\s+claim/i,
  /missing\s+(?:required\s+)?claim\s*:?\s+([\w.:/-]{1,64})/i,
];

function claimAtFault(description: string, claims: ShownClaims | undefined): { name?: string; missing?: true } {
  const name = NAMED_CLAIM.map((pattern) => pattern.exec(description)?.[1]).find((n) => n !== undefined);
  if (name !== undefined && claims !== undefined && !claims.names.has(name)) return { name, missing: true };
  if (name !== undefined) return { name };
  const standard = STANDARD_CLAIMS.find(([words]) => words.test(description));
  return standard === undefined ? {} : { name: standard[1] };
}

function unexpectedWhy(res: HttpResponse, challenge: BearerChallenge | undefined): string {
  if (res.status === 429) return ': the API rate-limited the probe';
  if (res.status === 401 && challenge !== undefined) {
    return (
      ': a Bearer challenge without an error, as an API answers a request that carried no token (a gateway ' +
      'dropping the Authorization header?)'
    );
  }
  if (res.status === 401 || res.status === 403) return ': no Bearer error, so something before the API refused it';
  return '';
}

function claimsLine(claims: ShownClaims): string {
  return `aud "${claims.aud}", scp "${claims.scp}", cid "${claims.cid}", sub "${claims.sub}"`;
}

/** The token's claims to show, decoded without verifying; undefined when it is not a readable JWT (opaque, JWE). */
export function shownClaims(token: string): ShownClaims | undefined {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch {
    return undefined;
  }
  const text = (value: unknown): string =>
    (Array.isArray(value)
      ? value.filter((v) => typeof v === 'string').join(' ')
      : typeof value === 'string'
        ? value
        : ''
    )
      .replace(/[^\x20-\x7e]/g, '?')
      .slice(0, 200);
  return {
    aud: text(payload.aud),
    scp: text(payload.scp),
    cid: text(payload.cid),
    sub: text(payload.sub),
    names: new Set(Object.keys(payload)),
  };
}

/** A URL as shown: origin and path, never its query (an API key may ride there), resolved against `base`. */
function shownUrl(url: string, base?: string): string {
  try {
    const parsed = new URL(url, base);
    return `${parsed.origin}${parsed.pathname}`.slice(0, 200);
  } catch {
    return 'an unreadable URL';
  }
}
