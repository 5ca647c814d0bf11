// API tokens: GET /api/v1/api-tokens (okta.apiTokens.read) lists each token's `name`, `userId` (its
// owner), `created`, `lastUpdated`, `expiresAt` and `tokenWindow` (Okta's Management API spec, schema ApiToken).
// Read as the spec defines it:
// - a token is valid for its `tokenWindow` from its creation or last use (ISO-8601; 30 days by default, and the
//   spec's own example has PT5M): expiry is judged against the window, so a token in regular use with a short window
//   is healthy. `apiTokenWarnDays` (default 7) is the horizon of a 30-day window; a shorter window gets the same share
//   of itself (70 s of PT5M), a longer one the days as written;
// - the list holds only active tokens ("Lists all the metadata of the active API tokens"): a token that expired, or
//   whose owner was deactivated, vanishes. token-memory.ts remembers the expiring ones, and one gone is reported;
// - only a deactivated owner is documented to end its tokens (okta-developer-docs guides/create-an-api-token: "If a
//   user account is deactivated in Okta, any API token created by that user account is deprovisioned at the same
//   time"): DEPROVISIONED, or an owner Okta no longer has, pages; another status (SUSPENDED, LOCKED_OUT, ...) warns,
//   saying Okta documents nothing of it. The owner's status is read from GET /api/v1/users/{userId} only when the
//   scopes allow it (okta.users.read), a bounded few.
import { DAY_MS, INVENTORY } from '../../contract';
import { daysUntil, whenText } from '../expiry';
import type { Finding } from '../verdict';
import { itemFinding, objects, quote, record, soonest, text, type KindVerdict } from '../okta/item';

export interface ApiToken {
  readonly id?: string;
  readonly name?: string;
  readonly userId?: string;
  readonly expiresAt?: string;
  /** ISO-8601 duration, e.g. P30D or PT5M; absent or unreadable: Okta's default, 30 days. */
  readonly tokenWindow?: string;
}

/** A token remembered as expiring that the list no longer holds (token-memory.ts). */
export interface GoneToken {
  readonly id: string;
  readonly name?: string;
  readonly owner?: string;
  readonly expiresAt: string;
  readonly tokenWindow?: string;
  /** Epoch ms of the first read that did not list it. */
  readonly goneAt: number;
}

/** Okta's default token window, and the window apiTokenWarnDays is written for. */
export const DEFAULT_WINDOW_MS = INVENTORY.tokenWindowDays * DAY_MS;
/** Owner statuses that end a token, as Okta documents it: deactivated (deprovisioned), or no longer there (404). */
const REFUSING = new Set(['DEPROVISIONED', 'DELETED']);

/**
 * A token owner as GET /api/v1/users/{id} describes it: `status` (ACTIVE, SUSPENDED, DEPROVISIONED, ...) and
 * `profile.login`.
 */
export interface TokenOwner {
  readonly status?: string;
  readonly login?: string;
}

export function readApiTokens(body: unknown): ApiToken[] {
  return objects(body).map((t) => ({
    id: text(t, 'id'),
    name: text(t, 'name'),
    userId: text(t, 'userId'),
    expiresAt: text(t, 'expiresAt'),
    tokenWindow: text(t, 'tokenWindow'),
  }));
}

/**
 * An ISO-8601 duration in ms, as the spec's TimeDuration pattern writes one (P30D, PT5M, P1Y2M3W4DT5H6M7S); a year
 * counts 365 days and a month 30. Undefined for anything else.
 */
export function durationMs(iso: string | undefined): number | undefined {
  const match =
    iso === undefined
      ? null
      : /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (match === null || iso === 'P' || iso?.endsWith('T')) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = ((((years * 365 + months * 30 + weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return ms > 0 ? ms : undefined;
}

/** A token's window in ms: its own, or Okta's default when absent or unreadable. */
export const windowOf = (token: Pick<ApiToken, 'tokenWindow'>): number =>
  durationMs(token.tokenWindow) ?? DEFAULT_WINDOW_MS;

/**
 * The warning horizon of a token, ms: apiTokenWarnDays for a 30-day window or longer, the same share of a shorter one.
 */
const horizonMs = (token: Pick<ApiToken, 'tokenWindow'>, warnDays: number): number =>
  warnDays * DAY_MS * Math.min(1, windowOf(token) / DEFAULT_WINDOW_MS);

/** Whether a listed token is expiring: within its horizon of its expiry, judged against its own window. */
export function isExpiring(token: ApiToken, now: number, warnDays: number): boolean {
  const at = token.expiresAt === undefined ? NaN : Date.parse(token.expiresAt);
  return Number.isFinite(at) && at >= now && at - now < horizonMs(token, warnDays);
}

/** "12 days" or "4 minutes": how long a token went unused, from its window and what is left of it. */
function unusedFor(token: Pick<ApiToken, 'tokenWindow'>, leftMs: number): string {
  const unused = Math.max(0, windowOf(token) - leftMs);
  if (unused >= 2 * DAY_MS) return `${Math.round(unused / DAY_MS)} days`;
  if (unused >= 2 * 3_600_000) return `${Math.round(unused / 3_600_000)} hours`;
  return `${Math.max(1, Math.round(unused / 60_000))} minutes`;
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
 * not allow reading them (the facts say so). `gone`: the tokens remembered as expiring that the list no longer holds.
 * `soonestDays` is the days until the first token stops working: negative once one has, -1 for one whose owner is
 * deactivated, 0 for one just gone; a healthy token with a window shorter than 30 days counts for nothing (in
 * regular use, it never comes near its expiry long enough to matter).
 */
export function judgeApiTokens(
  tokens: readonly ApiToken[],
  owners: ReadonlyMap<string, TokenOwner> | null,
  now: number,
  warnDays: number,
  gone: readonly GoneToken[] = [],
): KindVerdict {
  const findings: Finding[] = [];
  const days: (number | null)[] = [];
  for (const token of tokens) {
    const owner = token.userId === undefined ? undefined : owners?.get(token.userId);
    const judged = judgeToken(token, owner, now, warnDays);
    findings.push(...judged.findings);
    days.push(...judged.days);
  }
  for (const token of gone) {
    days.push(0);
    findings.push(goneFinding(token));
  }
  return {
    findings,
    observed: {
      tokens: tokens.length,
      soonestDays: soonest(days),
      ownersChecked: owners !== null,
      warnDays,
      ...(gone.length > 0 && { gone: gone.length }),
    },
  };
}

/** One listed token's part of the verdict: its findings, and its days until it stops working (none: not counted). */
interface TokenJudgement {
  readonly findings: readonly Finding[];
  readonly days: readonly (number | null)[];
}

/** A listed token: ended with its owner, of an owner in doubt, expired, expiring unless used, or fine. */
function judgeToken(token: ApiToken, owner: TokenOwner | undefined, now: number, warnDays: number): TokenJudgement {
  const findings: Finding[] = [];
  const who =
    `token ${quote(token.name, token.id ?? '(unnamed)')} ` + `(owner ${owner?.login ?? token.userId ?? 'unknown'})`;
  const left = daysUntil(token.expiresAt, now);
  if (owner?.status !== undefined && REFUSING.has(owner.status)) {
    return {
      days: [Math.min(left ?? -1, -1)],
      findings: [
        itemFinding(
          'API_TOKEN_OWNER_INACTIVE',
          who,
          `: the owner's status is ${owner.status}, so Okta refuses every call made with the token (a ` +
            `deactivated user's tokens are deprovisioned)`,
        ),
      ],
    };
  }
  if (owner?.status !== undefined && owner.status !== 'ACTIVE') {
    findings.push(
      itemFinding(
        'API_TOKEN_OWNER_STATUS',
        who,
        `: the owner's status is ${quote(owner.status, 'unknown')}; Okta documents only a deactivated ` +
          `owner's tokens as ended, so whether calls made with this one still work is not known: check the ` +
          `job that uses it`,
      ),
    );
  }
  if (left === null || token.expiresAt === undefined) return { findings, days: [left] };
  const leftMs = Date.parse(token.expiresAt) - now;
  const window = token.tokenWindow ?? 'P30D';
  if (left < 0) {
    findings.push(
      itemFinding(
        'API_TOKEN_EXPIRED',
        who,
        ` expired ${whenText(left, token.expiresAt)}: calls made with it are refused`,
      ),
    );
    return { findings, days: [left] };
  }
  if (isExpiring(token, now, warnDays)) {
    findings.push(
      itemFinding(
        'API_TOKEN_EXPIRING',
        who,
        ` expires ${whenText(left, token.expiresAt)} unless it is used before then (unused for ${unusedFor(token, leftMs)} ` +
          `of its ${window} window)`,
      ),
    );
    return { findings, days: [left] };
  }
  return { findings, days: windowOf(token) >= DEFAULT_WINDOW_MS ? [left] : [] };
}

/** A token remembered as expiring that the list no longer holds: expired unused, or ended before its expiry. */
function goneFinding(token: GoneToken): Finding {
  const who = `token ${quote(token.name, token.id)} (owner ${token.owner ?? 'unknown'})`;
  const expired = Date.parse(token.expiresAt) <= token.goneAt;
  const why = expired
    ? `it expired ${token.expiresAt.slice(0, 16).replace('T', ' ')} UTC, unused for its whole ${token.tokenWindow ?? 'P30D'} ` +
      `window, and Okta removed it: a job that still relies on it now fails`
    : `it went before its expiry (${token.expiresAt.slice(0, 16).replace('T', ' ')} UTC): revoked by an ` +
      `admin, or its owner was deactivated (Okta deprovisions a deactivated user's tokens)`;
  return itemFinding(
    'API_TOKEN_GONE',
    who,
    ` was expiring and is no longer listed since ${new Date(token.goneAt).toISOString().slice(0, 16).replace('T', ' ')} ` +
      `UTC: ${why}`,
  );
}
