// An org whose token endpoint and /api/v1/logs answer as a test scripts them: the context a System Log reader gets
// (the "org" server's, private_key_jwt), and what it sent. For the log's own session and the lockout's look-up.
import type { Exchange, ServerContext } from '../../functions/probe/context';
import { LogSession } from '../../functions/probe/okta/log-session';
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

/**
 * The org's System Log, as a poll reads it: every event committed so far after the `after` of the request (none: from
 * the start), each answer's next link going on from its last event; the polls counted, events appended as Okta
 * commits them.
 */
export function pollingLog(log: Record<string, unknown>[], privateKeyPem: string, now: number) {
  const token = logToken(now);
  const org = scriptedLogOrg(logReader(privateKeyPem), privateKeyPem, [], token, () => now);
  let polls = 0;
  const exchange: Exchange = (req) => {
    if (req.method === 'POST') return Promise.resolve(token);
    polls += 1;
    const url = new URL(req.url);
    const after = url.searchParams.get('after');
    const page = log.slice(after === null ? 0 : log.findIndex((e) => e.uuid === after) + 1);
    url.searchParams.set('after', String(page.at(-1)?.uuid ?? after ?? ''));
    return Promise.resolve({
      ok: true,
      response: {
        status: 200,
        headers: {
          'content-type': 'application/json',
          link: `<${url.toString()}>; rel="next"`,
          'x-rate-limit-limit': '120',
          'x-rate-limit-remaining': '119',
          'x-rate-limit-reset': String(Math.ceil(now / 1000) + 60),
        },
        body: JSON.stringify(page),
        bodyTruncated: false,
        requestId: 'reqLog',
        timings: { total: 5 },
        receivedAt: now,
      },
    });
  };
  return {
    session: () => new LogSession({ ...org.ctx, exchange }, []),
    polls: () => polls,
    append: (event: Record<string, unknown>) => void log.push(event),
  };
}
