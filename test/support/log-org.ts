// An org whose token endpoint and /api/v1/logs answer as a test scripts them: the context a System Log reader gets
// (the "org" server's, private_key_jwt), and what it sent. For the log's own session and the lockout's look-up.
import type { ServerContext } from '../../functions/probe/context';
import { serverEndpoints } from '../../functions/probe/endpoints';
import type { HttpOutcome, HttpRequest } from '../../functions/probe/http';
import type { ServerConfig } from '../../functions/types';

/** The "org" server that reads the log, signing with `privateKeyPem`. */
export function logReader(privateKeyPem: string): ServerConfig {
  return {
    id: 'org',
    clientId: '0oa1',
    credential: { kind: 'private_key_jwt', from: 'inline', privateKeyPem },
    scopes: ['okta.logs.read'],
    requiredClaims: [],
    systemLog: true,
  };
}

type Sent = Pick<HttpRequest, 'method' | 'url' | 'headers' | 'form'>;

/** The org's /token answer: an okta.logs.read access token, received at `receivedAt`. */
export function logToken(receivedAt: number = Date.now()): HttpOutcome {
  return {
    ok: true,
    response: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token_type: 'Bearer', access_token: 'at-logs', expires_in: 3600 }),
      bodyTruncated: false,
      requestId: 'reqToken',
      timings: { total: 5 },
      receivedAt,
    },
  };
}

/**
 * `server` signs with `privateKeyPem`; its /token answers `token`, its /api/v1/logs `logs` in turn (the last one
 * repeats).
 */
export function scriptedLogOrg(
  server: ServerConfig,
  privateKeyPem: string,
  logs: readonly HttpOutcome[],
  token: HttpOutcome,
  now: () => number,
) {
  const sent: Sent[] = [];
  let index = 0;
  const ctx: ServerContext = {
    server,
    orgServer: true,
    endpoints: serverEndpoints('https://acme.okta.com', 'org'),
    credential: { kind: 'private_key_jwt', privateKeyPem },
    exchange: (req) => {
      sent.push(req);
      if (req.method === 'POST') return Promise.resolve(token);
      return Promise.resolve(logs[Math.min(index++, logs.length - 1)] as HttpOutcome);
    },
    now,
  };
  return { ctx, sent, logCalls: () => sent.filter((r) => r.url.includes('/api/v1/logs')) };
}
