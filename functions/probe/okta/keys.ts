// keys: the server's JWKS answers with at least one key a verifier could use for a signature.
// Okta publishes 2-3 RSA keys in no meaningful order and rotates them four times a year.
import { DAY_MS } from '../../contract';
import type { JSONWebKeySet, JWK } from 'jose';
import { cacheSeconds, MAX_JWKS_CACHE_SECONDS } from '../cache';
import { header, parseJsonBody, type HttpResponse } from '../http';
import type { ServerContext } from '../context';
import { errorVerdict, failAnswer, jsonObject, judgeOutcome, pass, type Judged, type Verdict } from '../verdict';
import { readThrough, type KeptPart } from '../../cache/read-through';
import { keepWarm, readWarm, WARM } from '../warm-state';

interface KeysVerdict extends Verdict {
  /** The usable signing keys, when the check passed. */
  readonly jwks?: JSONWebKeySet;
}

/** The keys' run; its outcome only when the keys were fetched rather than read from the cache. */
export interface KeysRun extends Judged {
  readonly jwks?: JSONWebKeySet;
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
  if (!Array.isArray(keys))
    return failAnswer('MALFORMED_RESPONSE', res, 'JWKS is not a JSON object with a "keys" array');
  const usable = keys.filter(isSigningKey);
  if (usable.length === 0)
    return failAnswer('NO_SIGNING_KEYS', res, `${keys.length} key(s) published, none usable for signatures`);
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

/** The usable keys of a JWKS read now, kept for its Cache-Control (at most a day); a failed read is never kept. */
const keptKeys = (run: KeysRun): KeptPart<JSONWebKeySet> | undefined =>
  run.outcome?.ok === true && run.jwks !== undefined
    ? {
        value: run.jwks,
        maxAgeMs: cacheSeconds(header(run.outcome.response, 'cache-control'), MAX_JWKS_CACHE_SECONDS) * 1000,
      }
    : undefined;

/** The JWKS read now: its verdict and, when usable, its keys (recorded in the key history). */
async function readKeys(ctx: ServerContext): Promise<KeysRun> {
  const outcome = await ctx.exchange({ method: 'GET', url: ctx.endpoints.keys });
  const verdict: KeysVerdict = judgeOutcome(outcome, (res) => judgeKeys(res, ctx.orgServer));
  if (outcome.ok && verdict.jwks !== undefined) recordPublished(ctx, verdict.jwks);
  const { jwks, ...judgement } = verdict;
  return jwks === undefined ? { judgement, outcome } : { judgement, outcome, jwks };
}

/** The JWKS kept while fresh (told `cached`), else read now; `forceFetch` reads it now whatever is kept. */
async function keysThrough(ctx: ServerContext, forceFetch: boolean): Promise<KeysRun> {
  const policy = { keep: keptKeys, forceFetch };
  const read = await readThrough(ctx.cache, cacheKey(ctx), ctx.now(), policy, () => readKeys(ctx));
  if (!read.fromCache) return read.value;
  const cached = read.value;
  const verdict = pass({
    keys: cached.keys.length,
    kids: cached.keys.map((key) => key.kid ?? '(no kid)').join(','),
    cached: true,
  });
  return { judgement: verdict, jwks: cached };
}

/** Fetches the JWKS (never from the cache) and, when usable, keeps it for the next runs. */
export const fetchKeys = (ctx: ServerContext): Promise<KeysRun> => keysThrough(ctx, true);

export const runKeys = (ctx: ServerContext): Promise<KeysRun> => keysThrough(ctx, false);

// --- Key history: a key published after the probe first looked, not yet signing, is a rotation to come. ---

/** How long the history is kept, ms: longer than Okta's lead time between publishing a key and signing with it. */
const HISTORY_MS = 120 * DAY_MS;

const kidsOf = (jwks: JSONWebKeySet): string[] =>
  jwks.keys.flatMap((key) => (typeof key.kid === 'string' ? [key.kid] : []));

function recordPublished(ctx: ServerContext, jwks: JSONWebKeySet): void {
  if (ctx.cache === undefined) return;
  const now = ctx.now();
  const seen = readWarm(ctx.cache, WARM.keyHistory, now, ctx.endpoints.keys);
  const firstSeen = { ...seen?.firstSeen };
  for (const kid of kidsOf(jwks)) firstSeen[kid] ??= now;
  const history = { since: seen?.since ?? now, firstSeen, signed: seen?.signed ?? [] };
  keepWarm(ctx.cache, WARM.keyHistory, history, now + HISTORY_MS, ctx.endpoints.keys);
}

/**
 * Notes that `kid` signs tokens now, and returns a key published since the probe first looked that has not
 * signed yet: Okta publishes the next key weeks before it signs, so apps that pin keys must take it in.
 * Information only, never a failure. Needs the probe's cache across runs (a warm Lambda; not a single CLI run).
 */
export function upcomingKey(
  ctx: ServerContext,
  jwks: JSONWebKeySet,
  kid: string,
): { upcomingKid: string; upcomingKidPublished: string } | undefined {
  if (ctx.cache === undefined) return undefined;
  const now = ctx.now();
  const history = readWarm(ctx.cache, WARM.keyHistory, now, ctx.endpoints.keys);
  if (history === undefined) return undefined;
  const signed = history.signed.includes(kid) ? history.signed : [...history.signed, kid];
  if (signed !== history.signed)
    keepWarm(ctx.cache, WARM.keyHistory, { ...history, signed }, now + HISTORY_MS, ctx.endpoints.keys);
  const next = kidsOf(jwks).find(
    (candidate) => !signed.includes(candidate) && (history.firstSeen[candidate] ?? history.since) > history.since,
  );
  return next === undefined
    ? undefined
    : { upcomingKid: next, upcomingKidPublished: new Date(history.firstSeen[next]!).toISOString() };
}
