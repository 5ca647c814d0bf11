// discovery: the server's OpenID configuration answers, names the issuer we expect and advertises the
// endpoints we call directly. A custom AS without the API Access Management licence fails here first
// (401 E0000015), an unknown server id with 404 E0000007.
import { cacheSeconds } from '../cache';
import type { ServerEndpoints } from '../endpoints';
import { header, parseJsonBody, type HttpOutcome, type HttpResponse } from '../http';
import type { ServerContext } from '../context';
import {
  errorVerdict,
  failAnswer,
  jsonObject,
  judgeOutcome,
  pass,
  judged,
  type Judged,
  type Observed,
  type Verdict,
} from '../verdict';
import { readThrough, type KeptPart } from '../../cache/read-through';

/** Endpoints the document must advertise exactly as we build them: a mismatch means we probe the wrong URLs. */
const ADVERTISED: readonly (readonly [member: string, ours: keyof ServerEndpoints])[] = [
  ['token_endpoint', 'token'],
  ['jwks_uri', 'keys'],
];

export function judgeDiscovery(expected: ServerEndpoints, res: HttpResponse, orgServer: boolean): Verdict {
  const error = errorVerdict(res, { endpoint: 'discovery', orgServer });
  if (error !== null) return error;
  if (res.status !== 200) return failAnswer('UNEXPECTED_RESPONSE', res, `HTTP ${res.status}, expected 200`);
  const doc = jsonObject(parseJsonBody(res));
  if (doc === undefined) return failAnswer('MALFORMED_RESPONSE', res, 'discovery document is not a JSON object');
  if (doc.issuer !== expected.issuer) {
    return failAnswer('ISSUER_MISMATCH', res, `issuer was ${String(doc.issuer)}, expected ${expected.issuer}`);
  }
  const wrong = ADVERTISED.filter(([member, ours]) => doc[member] !== expected[ours]).map(
    ([member, ours]) => `${member} was ${String(doc[member])}, expected ${expected[ours]}`,
  );
  if (wrong.length > 0) return failAnswer('MALFORMED_RESPONSE', res, wrong.join('; '));
  return pass({ issuer: expected.issuer });
}

/** A document fetched and judged now. */
interface Fetched {
  readonly verdict: Verdict;
  readonly outcome: HttpOutcome;
}

/**
 * Only a document that passed is reused, for as long as its Cache-Control allows (a failure is re-examined on the
 * next run); kept from when it was asked for, as RFC 9111 §4.2.3 counts an answer's age from its request.
 */
const keptDocument = ({ verdict, outcome }: Fetched): KeptPart<Observed> | undefined =>
  outcome.ok && verdict.diagnosis === null && verdict.observed !== undefined
    ? { value: verdict.observed, maxAgeMs: cacheSeconds(header(outcome.response, 'cache-control')) * 1000 }
    : undefined;

export async function runDiscovery(ctx: ServerContext): Promise<Judged> {
  const url = ctx.endpoints.discovery;
  const read = await readThrough(ctx.cache, `discovery:${url}`, ctx.now(), { keep: keptDocument }, async () => {
    const outcome = await ctx.exchange({ method: 'GET', url });
    return { verdict: judgeOutcome(outcome, (res) => judgeDiscovery(ctx.endpoints, res, ctx.orgServer)), outcome };
  });
  if (read.fromCache) return judged(pass({ ...read.value, cached: true }));
  return judged(read.value.verdict, read.value.outcome);
}
