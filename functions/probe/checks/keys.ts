// keys: the server's JWKS answers with at least one key a verifier could use for a signature.
// Okta publishes 2-3 RSA keys in no meaningful order and rotates them four times a year.
import type { JSONWebKeySet, JWK } from 'jose';
import { remember } from '../cache';
import { header, parseJsonBody, type HttpOutcome, type HttpResponse } from '../http';
import type { CheckResult } from '../../types';
import type { ServerContext } from './context';
import { checkResult, errorVerdict, failAnswer, jsonObject, judgeOutcome, pass, type Verdict } from './verdict';

export interface KeysVerdict extends Verdict {
  /** The usable signing keys, when the check passed. */
  readonly jwks?: JSONWebKeySet;
}

export interface KeysRun {
  readonly result: CheckResult;
  readonly jwks?: JSONWebKeySet;
  /** The exchange, when the keys were fetched rather than read from the cache. */
  readonly outcome?: HttpOutcome;
}

/** RSA needs its modulus and exponent; an `enc` key never verifies a signature (RFC 7517 §4.2). */
function isSigningKey(key: unknown): key is JWK {
  const jwk = jsonObject(key);
  if (jwk === undefined || jwk.use === 'enc') return false;
  return (jwk.kty === 'RSA' && typeof jwk.n === 'string' && typeof jwk.e === 'string') || jwk.kty === 'EC';
}

export function judgeKeys(res: HttpResponse, orgServer: boolean): KeysVerdict {
  const error = errorVerdict(res, { endpoint: 'keys', orgServer });
  if (error !== null) return error;
  if (res.status !== 200) return failAnswer('UNEXPECTED_RESPONSE', res, `HTTP ${res.status}, expected 200`);
  const keys = jsonObject(parseJsonBody(res))?.keys;
  if (!Array.isArray(keys)) return failAnswer('MALFORMED_RESPONSE', res, 'JWKS is not a JSON object with a "keys" array');
  const usable = keys.filter(isSigningKey);
  if (usable.length === 0) return failAnswer('NO_SIGNING_KEYS', res, `${keys.length} key(s) published, none usable for signatures`);
  const kids = usable.map((key) => key.kid ?? '(no kid)');
  const duplicates = [...new Set(kids.filter((kid, i) => kids.indexOf(kid) !== i))];
  return {
    ...pass({
      keys: usable.length,
      kids: kids.join(','),
      // Legal, but a verifier picking by kid may pick the wrong one: worth seeing, not worth an alarm.
      ...(duplicates.length > 0 && { duplicateKids: duplicates.join(',') }),
    }),
    jwks: { keys: usable },
  };
}

const cacheKey = (ctx: ServerContext): string => `jwks:${ctx.endpoints.keys}`;

/** Fetches the JWKS (never from the cache) and, when usable, keeps it for the next runs. */
export async function fetchKeys(ctx: ServerContext): Promise<KeysRun> {
  const outcome = await ctx.exchange({ method: 'GET', url: ctx.endpoints.keys });
  const verdict: KeysVerdict = judgeOutcome(outcome, (res) => judgeKeys(res, ctx.orgServer));
  if (outcome.ok && verdict.jwks !== undefined) {
    remember(ctx.cache, cacheKey(ctx), verdict.jwks, header(outcome.response, 'cache-control'), ctx.now());
  }
  const result = checkResult(ctx.server.id, 'keys', verdict, outcome);
  return verdict.jwks === undefined ? { result, outcome } : { result, outcome, jwks: verdict.jwks };
}

export async function runKeys(ctx: ServerContext): Promise<KeysRun> {
  const cached = ctx.cache?.get<JSONWebKeySet>(cacheKey(ctx), ctx.now());
  if (cached === undefined) return fetchKeys(ctx);
  const verdict = pass({ keys: cached.keys.length, kids: cached.keys.map((key) => key.kid ?? '(no kid)').join(','), cached: true });
  return { result: checkResult(ctx.server.id, 'keys', verdict), jwks: cached };
}
