// API tokens (issue 29): GET /api/v1/api-tokens (okta.apiTokens.read) lists each token's `name`, `userId` (its
// owner), `created`, `lastUpdated` and `expiresAt` (Okta's Management API spec, schema ApiToken). A token is valid
// for 30 days from its creation or last use, so every token in use has about 30 days left: tokens have their own
// horizon, `apiTokenWarnDays` (default 7: a token unused for 23 days). A token dies with its owner's deactivation
// ("Tokens issued by deactivated users are rejected", Okta's help), yet the list does not carry the owner's status:
// it is read from GET /api/v1/users/{userId} only when the scopes allow it (okta.users.read), a bounded few.
import { INVENTORY } from '../../contract';
import { daysUntil, whenText } from '../expiry';
import { itemFinding, objects, quote, record, soonest, text, type KindVerdict } from './item';

export interface ApiToken {
  readonly id?: string;
  readonly name?: string;
  readonly userId?: string;
  readonly expiresAt?: string;
}

/** A token owner as GET /api/v1/users/{id} describes it: `status` (ACTIVE, SUSPENDED, DEPROVISIONED, ...) and `profile.login`. */
export interface TokenOwner {
  readonly status?: string;
  readonly login?: string;
}

export function readApiTokens(body: unknown): ApiToken[] {
  return objects(body).map((t) => ({ id: text(t, 'id'), name: text(t, 'name'), userId: text(t, 'userId'), expiresAt: text(t, 'expiresAt') }));
}

export function readTokenOwner(body: unknown): TokenOwner {
  return { status: text(body, 'status'), login: text(record(body)?.profile, 'login') };
}

/** The owners worth looking up: distinct, at most `max`, those of the soonest-expiring tokens first. */
export function ownersToLookUp(tokens: readonly ApiToken[], max: number = INVENTORY.maxOwners): string[] {
  const sorted = [...tokens].sort((a, b) => (a.expiresAt ?? '').localeCompare(b.expiresAt ?? ''));
  return [...new Set(sorted.flatMap((t) => (t.userId === undefined ? [] : [t.userId])))].slice(0, max);
}

/**
 * One finding per token that needs action. `owners`: what was learnt of each owner, or null when the scopes do
 * not allow reading them (the facts say so). `soonestDays` is the days until the first token stops working:
 * negative once one has, -1 for one whose owner is no longer active.
 */
export function judgeApiTokens(tokens: readonly ApiToken[], owners: ReadonlyMap<string, TokenOwner> | null, now: number, warnDays: number): KindVerdict {
  const findings = [];
  const days: (number | null)[] = [];
  for (const token of tokens) {
    const owner = token.userId === undefined ? undefined : owners?.get(token.userId);
    const who = `token ${quote(token.name, token.id ?? '(unnamed)')} (owner ${owner?.login ?? token.userId ?? 'unknown'})`;
    const left = daysUntil(token.expiresAt, now);
    if (owner?.status !== undefined && owner.status !== 'ACTIVE') {
      days.push(Math.min(left ?? -1, -1));
      findings.push(itemFinding('API_TOKEN_OWNER_INACTIVE', who, `: the owner's status is ${owner.status}, so Okta refuses every call made with the token`));
      continue;
    }
    days.push(left);
    if (left === null || token.expiresAt === undefined) continue;
    if (left < 0) findings.push(itemFinding('API_TOKEN_EXPIRED', who, ` expired ${whenText(left, token.expiresAt)}: calls made with it are refused`));
    else if (left < warnDays) findings.push(itemFinding('API_TOKEN_EXPIRING', who, ` expires ${whenText(left, token.expiresAt)} unless it is used before then (unused for ${Math.max(0, Math.round(30 - left))} days)`));
  }
  return {
    findings,
    observed: { tokens: tokens.length, soonestDays: soonest(days), ownersChecked: owners !== null, warnDays },
  };
}
