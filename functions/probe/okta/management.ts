// management: one read-only Management API call with the Org-AS token (GET /api/v1/users?limit=1 for
// okta.users.read). A token proves the scope was granted; only a call proves the service app also holds an admin
// role, without which Okta refuses every API call with 403 E0000006.
import { LIST_READ } from '../../contract';
import { listAnswer, parseJsonBody, type HttpResponse, type ListReading } from '../http';
import type { ManagementApiConfig } from '../../types';
import type { ServerContext } from '../context';
import { errorVerdict, failAnswer, judged, judgeOutcome, pass, type Judged, type Verdict } from '../verdict';

export function judgeManagement(res: HttpResponse): Verdict {
  // A token without the call's scope also gets 403 E0000006, but says so in WWW-Authenticate (RFC 6750 §3.1).
  const challenge = [res.headers['www-authenticate'] ?? ''].flat().join(', ');
  if (res.status === 403 && /error="insufficient_scope"/.test(challenge)) {
    const scope = /scope="([^"]+)"/.exec(challenge)?.[1] ?? 'another okta.* scope';
    return failAnswer(
      'ORG_SCOPE_NOT_GRANTED',
      res,
      `the call needs ${scope}, which the token lacks: add it to this server's scopes and grant it, or call ` +
        `a path the scopes allow`,
    );
  }
  const error = errorVerdict(res, { endpoint: 'management', orgServer: true });
  if (error !== null) return error;
  if (res.status !== 200) return failAnswer('UNEXPECTED_RESPONSE', res, `HTTP ${res.status}, expected 200`);
  // A list read element by element: its reading says whether it was a whole array.
  if (res.list !== undefined)
    return res.list.problem === undefined
      ? pass({ items: res.list.items })
      : failAnswer('MALFORMED_RESPONSE', res, `a Management API list call's answer: ${res.list.problem}`);
  const body = parseJsonBody(res);
  if (!Array.isArray(body))
    return failAnswer('MALFORMED_RESPONSE', res, 'expected a JSON array from a Management API list call');
  return pass({ items: body.length });
}

/**
 * The call's list read as it arrives (probe/http/json-array.ts), each item counted and dropped: a page of 200 apps of
 * Okta's size (5-10 KB each, GET /api/v1/apps?limit=200) is 1-2 MB, past DEFAULTS.maxBodyBytes, and is Okta's
 * ordinary answer, never a malformed one. Bounded as every list is: a page's bytes (LIST_READ.maxPageBytes) and the
 * `limit` the path asks (else Okta's largest page, 10,000 groups).
 */
export async function runManagement(
  ctx: ServerContext,
  accessToken: string,
  api: ManagementApiConfig,
): Promise<Judged> {
  const url = `${new URL(ctx.endpoints.token).origin}${api.path}`;
  const asked = Number(new URL(url).searchParams.get('limit'));
  const reading: ListReading = {
    ...LIST_READ,
    maxItems: Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_PAGE_ITEMS) : MAX_PAGE_ITEMS,
    maxBytes: LIST_READ.maxPageBytes,
    onItem: () => undefined,
  };
  const outcome = await ctx.exchange({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    list: reading,
  });
  return judged(
    judgeOutcome(outcome, (res) => judgeManagement(listAnswer(res, reading))),
    outcome,
  );
}

/** Okta's largest page of a list (listGroups' `limit`, default 10,000: okta-management-openapi-spec). */
const MAX_PAGE_ITEMS = 10_000;
