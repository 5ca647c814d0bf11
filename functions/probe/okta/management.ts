// management: one read-only Management API call with the Org-AS token (GET /api/v1/users?limit=1 for
// okta.users.read). A token proves the scope was granted; only a call proves the service app also holds an admin
// role, without which Okta refuses every API call with 403 E0000006.
import { parseJsonBody, type HttpResponse } from '../http';
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

export async function runManagement(
  ctx: ServerContext,
  accessToken: string,
  api: ManagementApiConfig,
): Promise<Judged> {
  const outcome = await ctx.exchange({
    method: 'GET',
    url: `${new URL(ctx.endpoints.token).origin}${api.path}`,
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  return judged(judgeOutcome(outcome, judgeManagement), outcome);
}
