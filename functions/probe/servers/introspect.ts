// introspect (RFC 7662): Okta's own word on the token just issued. For the Org AS this is the only check
// of the token: its access tokens are meant for Okta's APIs and are opaque to everyone else.
import { authenticateClient, type ClientAuthResult } from '../client-auth';
import { parseJsonBody, type HttpResponse } from '../http';
import { authMethodOf, type ServerContext } from '../context';
import {
  errorVerdict,
  fail,
  failAnswer,
  jsonObject,
  judged,
  judgeOutcome,
  pass,
  type Judged,
  type Verdict,
} from '../verdict';
import type { AuthMethod } from '../../types';

interface IntrospectionExpectation {
  readonly clientId: string;
  readonly orgServer: boolean;
  readonly authMethod?: AuthMethod;
}

export function judgeIntrospection(expected: IntrospectionExpectation, res: HttpResponse): Verdict {
  const error = errorVerdict(res, {
    endpoint: 'introspect',
    orgServer: expected.orgServer,
    authMethod: expected.authMethod,
  });
  if (error !== null) return error;
  if (res.status !== 200) return failAnswer('UNEXPECTED_RESPONSE', res, `HTTP ${res.status}, expected 200`);
  const body = jsonObject(parseJsonBody(res));
  if (body === undefined || typeof body.active !== 'boolean') {
    return failAnswer('MALFORMED_RESPONSE', res, 'introspection response lacks a boolean "active"');
  }
  // RFC 7662 §2.2: an inactive token gets {"active":false} and nothing else.
  if (!body.active)
    return failAnswer('TOKEN_INACTIVE', res, 'Okta reports the token it just issued as inactive', { active: false });
  const observed = {
    active: true,
    scope: typeof body.scope === 'string' ? body.scope : null,
    expiresAt: typeof body.exp === 'number' ? new Date(body.exp * 1000).toISOString() : null,
  };
  if (body.client_id !== expected.clientId) {
    return failAnswer(
      'TOKEN_CLIENT_MISMATCH',
      res,
      `client_id was ${String(body.client_id)}, expected ${expected.clientId}`,
      observed,
    );
  }
  return pass(observed);
}

/**
 * The introspection's client authentication: the same as the token call's, but a fresh assertion whose aud is the
 * introspect URL. Begun with the check, while the token is on its way: the signature's CPU is spent while the run
 * waits anyway, not between the token's answer and the introspection, the cycle's longest chain. An assertion lives
 * five minutes; an unused one (the token failed) is never sent.
 */
export function introspectionAuth(ctx: ServerContext): Promise<ClientAuthResult> {
  return authenticateClient({
    clientId: ctx.server.clientId,
    credential: ctx.credential,
    audience: ctx.endpoints.introspect,
    keyId: ctx.server.keyId,
    now: ctx.now(),
  });
}

export async function runIntrospect(ctx: ServerContext, accessToken: string, auth: ClientAuthResult): Promise<Judged> {
  const { server } = ctx;
  if (!auth.ok) return judged(fail(auth.code, auth.detail));
  const outcome = await ctx.exchange({
    method: 'POST',
    url: ctx.endpoints.introspect,
    headers: { ...auth.auth.headers },
    form: { token: accessToken, token_type_hint: 'access_token', ...auth.auth.form },
  });
  const expected = { clientId: server.clientId, orgServer: ctx.orgServer, authMethod: authMethodOf(ctx) };
  return judged(
    judgeOutcome(outcome, (res) => judgeIntrospection(expected, res)),
    outcome,
  );
}
