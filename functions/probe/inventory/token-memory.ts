// The API tokens the inventory saw expiring, remembered between runs. Okta's list holds active tokens only
// (the Management API spec's listApiTokens: "Lists all the metadata of the active API tokens"), so a token that
// expired, or whose owner was deactivated, is simply no longer listed: without a memory of what was listed, the
// warning would stop on the very day the token dies. Kept in the run's KeptStore (an SSM parameter for the Lambda,
// a file beside --history for the CLI), so that a cold start or a new process still knows; only the expiring
// tokens and those gone in the last day are kept, bounded to fit one Standard SSM parameter. Never a secret: a
// token's metadata (id, name, owner, expiry), never its value.
import { KEPT_KEYS, STORED_SKEW_MS } from '../../contract';
import type { KeptStore } from '../../kept-state';
import { isExpiring, type ApiToken, type GoneToken, type TokenOwner } from './api-tokens';
import { record, text } from '../okta/item';
import { isTime } from '../stored-bounds';

/** The record's key in the store (the stack grants the Lambda its SSM parameter by this name). */
const TOKEN_MEMORY_KEY = KEPT_KEYS.apiTokens;
/** How long a token gone from the list is reported: a day of warnings, then forgotten. */
export const GONE_REPORTED_MS = 86_400_000;
/** At most this many tokens remembered, and this many characters of JSON (a Standard SSM parameter holds 4 KB). */
const MAX_TOKENS = 20;
const MAX_JSON_CHARS = 3500;

/** A token remembered: expiring when last listed (no goneAt), or gone since goneAt. */
type RememberedToken = Omit<GoneToken, 'goneAt'> & { readonly goneAt?: number };

export interface TokenMemory {
  readonly tokens: readonly RememberedToken[];
}

/** The longest of each text this module writes (nextTokenMemory cuts them so): a longer one was not written here. */
const MOST_CHARS = { id: 64, expiresAt: 40, name: 60, owner: 80, tokenWindow: 20 } as const;

/** A remembered text, when present within its length; null when present and longer (the token is then refused). */
function boundedText(token: unknown, key: keyof typeof MOST_CHARS): string | undefined | null {
  const value = text(token, key);
  return value === undefined || value.length <= MOST_CHARS[key] ? value : null;
}

/** The store's record, read field by field: anything unreadable, or out of its bounds, is nothing remembered. */
export function readTokenMemory(value: unknown): TokenMemory {
  const list = record(value)?.tokens;
  const tokens = (Array.isArray(list) ? list : []).flatMap((t): RememberedToken[] => {
    const id = boundedText(t, 'id');
    const expiresAt = boundedText(t, 'expiresAt');
    const [name, owner, tokenWindow] = (['name', 'owner', 'tokenWindow'] as const).map((k) => boundedText(t, k));
    if (id == null || expiresAt == null || !Number.isFinite(Date.parse(expiresAt))) return [];
    if (name === null || owner === null || tokenWindow === null) return [];
    const goneAt = record(t)?.goneAt;
    if (goneAt !== undefined && !isTime(goneAt)) return [];
    return [
      {
        id,
        expiresAt,
        ...(name !== undefined && { name }),
        ...(owner !== undefined && { owner }),
        ...(tokenWindow !== undefined && { tokenWindow }),
        ...(goneAt !== undefined && { goneAt }),
      },
    ];
  });
  return { tokens };
}

/**
 * The memory after a read, and the tokens gone to report. A token remembered as expiring and not listed now is gone
 * (from now); one gone is reported for GONE_REPORTED_MS. When the list was not read whole (`complete` false: a page
 * limit, the bucket), no token is taken for gone: the memory carries over, the gone ones still reported.
 */
export function nextTokenMemory(
  previous: TokenMemory,
  listed: readonly ApiToken[],
  owners: ReadonlyMap<string, TokenOwner> | null,
  now: number,
  warnDays: number,
  complete: boolean,
): { memory: TokenMemory; gone: GoneToken[] } {
  const ids = new Set(listed.flatMap((t) => (t.id === undefined ? [] : [t.id])));
  const kept: RememberedToken[] = [];
  for (const token of previous.tokens) {
    if (ids.has(token.id)) continue;
    if (token.goneAt === undefined) kept.push(complete ? { ...token, goneAt: now } : token);
    // Gone "next year" (a host whose clock ran ahead, or a forged record) would be reported for good: gone now.
    else if (token.goneAt > now + STORED_SKEW_MS) kept.push({ ...token, goneAt: now });
    else if (now < token.goneAt + GONE_REPORTED_MS) kept.push(token);
  }
  for (const token of listed) {
    // Expiring, or listed past its expiry (Okta removes it soon): either may be gone next time.
    if (
      token.id === undefined ||
      token.expiresAt === undefined ||
      !(isExpiring(token, now, warnDays) || Date.parse(token.expiresAt) < now)
    )
      continue;
    const owner = token.userId === undefined ? undefined : (owners?.get(token.userId)?.login ?? token.userId);
    kept.push({
      id: token.id,
      expiresAt: token.expiresAt,
      ...(token.name !== undefined && { name: token.name.slice(0, 60) }),
      ...(owner !== undefined && { owner: owner.slice(0, 80) }),
      ...(token.tokenWindow !== undefined && { tokenWindow: token.tokenWindow.slice(0, 20) }),
    });
  }
  const gone = kept.filter((t): t is GoneToken => t.goneAt !== undefined);
  return { memory: fitted(kept), gone };
}

/** The memory within bounds: the gone ones first (they are being reported), then the soonest expiring. */
function fitted(tokens: readonly RememberedToken[]): TokenMemory {
  const ordered = [...tokens].sort(
    (a, b) => Number(b.goneAt !== undefined) - Number(a.goneAt !== undefined) || a.expiresAt.localeCompare(b.expiresAt),
  );
  let kept = ordered.slice(0, MAX_TOKENS);
  while (kept.length > 0 && JSON.stringify({ tokens: kept }).length > MAX_JSON_CHARS) kept = kept.slice(0, -1);
  return { tokens: kept };
}

/**
 * The inventory's memory of tokens, read, judged with and written back. A store that cannot be read or written never
 * fails the kind: the tokens are judged on this read alone, and `memory` in the facts says so.
 */
export async function withTokenMemory(
  store: KeptStore,
  read: {
    readonly tokens: readonly ApiToken[];
    readonly owners: ReadonlyMap<string, TokenOwner> | null;
    readonly complete: boolean;
  },
  now: number,
  warnDays: number,
): Promise<{ gone: GoneToken[]; memory: string }> {
  let previous: TokenMemory;
  try {
    previous = readTokenMemory(await store.read(TOKEN_MEMORY_KEY));
  } catch {
    return {
      gone: [],
      memory: `unreadable (${store.where(TOKEN_MEMORY_KEY)}): tokens gone from the list are not told this run`,
    };
  }
  const { memory, gone } = nextTokenMemory(previous, read.tokens, read.owners, now, warnDays, read.complete);
  try {
    // Written only when it changed: a healthy org's inventory costs the store one read.
    if (JSON.stringify(memory) !== JSON.stringify(previous)) await store.write(TOKEN_MEMORY_KEY, memory);
  } catch {
    return {
      gone,
      memory: `not written (${store.where(TOKEN_MEMORY_KEY)}): the next run may not know what this one saw`,
    };
  }
  return { gone, memory: `${memory.tokens.length} remembered in ${store.where(TOKEN_MEMORY_KEY)}` };
}
