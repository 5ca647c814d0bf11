import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createDispatcher,
  header,
  parseJsonBody,
  send,
  USER_AGENT,
  type HttpResponse,
} from '../../../functions/probe/http';

const ORG = 'https://acme.okta.com';

function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

function okResponse(outcome: Awaited<ReturnType<typeof send>>): HttpResponse {
  if (!outcome.ok) throw new Error(`expected a response, got ${outcome.failure.kind}: ${outcome.failure.message}`);
  return outcome.response;
}

describe('send() against a MockAgent', () => {
  afterEach(() => vi.useRealTimers());

  it('returns status, lower-case headers with duplicates as arrays, body, request id and receivedAt', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-02T03:04:05Z'));
    const agent = mockAgent();
    agent
      .get(ORG)
      .intercept({ path: '/oauth2/default/v1/keys', method: 'GET' })
      .reply(200, '{"keys":[]}', {
        headers: {
          'Content-Type': 'application/json',
          'X-Okta-Request-Id': 'reqAbc123',
          'X-Rate-Limit-Reset': ['1700000000', '1700000060'],
        },
      });

    const res = okResponse(
      await send({ method: 'GET', url: `${ORG}/oauth2/default/v1/keys`, timeoutMs: 1000, dispatcher: agent }),
    );

    expect(res.status).toBe(200);
    expect(res.body).toBe('{"keys":[]}');
    expect(res.bodyTruncated).toBe(false);
    expect(res.requestId).toBe('reqAbc123');
    expect(res.headers['x-rate-limit-reset']).toEqual(['1700000000', '1700000060']);
    expect(header(res, 'X-Rate-Limit-Reset')).toBe('1700000000');
    expect(header(res, 'content-type')).toBe('application/json');
    expect(parseJsonBody(res)).toEqual({ keys: [] });
    expect(res.receivedAt).toBe(Date.parse('2025-01-02T03:04:05Z'));
    expect(res.timings.total).toBeGreaterThanOrEqual(res.timings.ttfb ?? 0);
  });

  it('sends Accept: application/json, its User-Agent, and a form as x-www-form-urlencoded', async () => {
    const agent = mockAgent();
    let seen: { headers: unknown; body: unknown } | undefined;
    agent
      .get(ORG)
      .intercept({ path: '/oauth2/v1/token', method: 'POST' })
      .reply(200, (opts) => {
        seen = { headers: opts.headers, body: opts.body };
        return '{}';
      });

    await send({
      method: 'POST',
      url: `${ORG}/oauth2/v1/token`,
      form: { grant_type: 'client_credentials', scope: 'okta.users.read okta.apps.read' },
      timeoutMs: 1000,
      dispatcher: agent,
    });

    expect(seen?.headers).toMatchObject({
      accept: 'application/json',
      'user-agent': USER_AGENT,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(USER_AGENT).toMatch(/^okta-synthetics\/\d+\.\d+\.\d+/);
    expect(seen?.body).toBe('grant_type=client_credentials&scope=okta.users.read+okta.apps.read');
  });

  it('lets the caller override Accept', async () => {
    const agent = mockAgent();
    agent
      .get(ORG)
      .intercept({ path: '/feed', method: 'GET', headers: { accept: 'application/atom+xml' } })
      .reply(200, '<feed/>');

    const res = okResponse(
      await send({
        method: 'GET',
        url: `${ORG}/feed`,
        headers: { Accept: 'application/atom+xml' },
        timeoutMs: 1000,
        dispatcher: agent,
      }),
    );

    expect(res.body).toBe('<feed/>');
  });

  it('returns a 302 as-is instead of following it (the /authorize answer is the redirect)', async () => {
    const agent = mockAgent();
    agent
      .get(ORG)
      .intercept({ path: /^\/oauth2\/v1\/authorize/, method: 'GET' })
      .reply(302, '', { headers: { location: 'https://app.example/cb?error=login_required&state=s1' } });

    const res = okResponse(
      await send({ method: 'GET', url: `${ORG}/oauth2/v1/authorize?state=s1`, timeoutMs: 1000, dispatcher: agent }),
    );

    expect(res.status).toBe(302);
    expect(header(res, 'Location')).toBe('https://app.example/cb?error=login_required&state=s1');
    expect(res.requestId).toBeNull();
  });

  it('reports a run deadline that already passed as a timeout', async () => {
    const agent = mockAgent();
    agent.get(ORG).intercept({ path: '/x', method: 'GET' }).reply(200, 'never read');

    const outcome = await send({
      method: 'GET',
      url: `${ORG}/x`,
      timeoutMs: 1000,
      signal: AbortSignal.abort(),
      dispatcher: agent,
    });

    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
  });

  it('parseJsonBody is undefined for HTML and for a truncated body', () => {
    const base = { bodyTruncated: false };
    expect(parseJsonBody({ ...base, body: '<html>500</html>' })).toBeUndefined();
    expect(parseJsonBody({ ...base, body: '' })).toBeUndefined();
    expect(parseJsonBody({ body: '{"a":1}', bodyTruncated: true })).toBeUndefined();
    expect(parseJsonBody({ ...base, body: '{"a":1}' })).toEqual({ a: 1 });
  });
});

// --- real loopback servers -------------------------------------------------------------------------

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const servers: Server[] = [];
async function httpServer(handler: Handler): Promise<string> {
  const server = createHttpServer(handler);
  servers.push(server);
  return `http://${await listen(server)}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('send() against loopback servers', () => {
  it('times out within timeoutMs when the server never answers', async () => {
    const url = await httpServer(() => {
      /* accepts the request, never answers */
    });
    const started = Date.now();

    const outcome = await send({ method: 'GET', url, timeoutMs: 200, dispatcher: createDispatcher() });

    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(5000); // undici's own headers timeout would be 300 s
    if (!outcome.ok) expect(outcome.failure.timings.total).toBeGreaterThanOrEqual(199);
  });

  it('ends a body that never ends: timeout', async () => {
    const url = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const tick = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(tick));
    });

    const outcome = await send({ method: 'GET', url, timeoutMs: 300, dispatcher: createDispatcher() });

    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
  });

  it('cuts a large body at maxBodyBytes and stops receiving instead of buffering it whole', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const planned = 64 * 1024 * 1024; // 64 MB, far more than the cap
    let written = 0;
    let serverSawClose = false;
    const url = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', () => (serverSawClose = true));
      const pump = (): void => {
        while (written < planned && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });

    const res = okResponse(await send({ method: 'GET', url, timeoutMs: 10_000, dispatcher: createDispatcher() }));

    expect(res.bodyTruncated).toBe(true);
    expect(res.body.length).toBe(1024 * 1024);
    await vi.waitFor(() => expect(serverSawClose).toBe(true));
    expect(written).toBeLessThan(planned);
  });

  it('honours a smaller maxBodyBytes', async () => {
    const url = await httpServer((_req, res) => res.end('0123456789'));

    const res = okResponse(
      await send({ method: 'GET', url, timeoutMs: 2000, maxBodyBytes: 4, dispatcher: createDispatcher() }),
    );

    expect(res).toMatchObject({ body: '0123', bodyTruncated: true });
  });

  it('shares one run budget across answers: each keeps what it read, the rest is cut off, never buffered', async () => {
    const url = await httpServer((_req, res) => res.end('x'.repeat(600)));
    const budget = { remainingBytes: 1000 };
    const dispatcher = createDispatcher();

    const first = okResponse(await send({ method: 'GET', url, timeoutMs: 2000, budget, dispatcher }));
    const second = okResponse(await send({ method: 'GET', url, timeoutMs: 2000, budget, dispatcher }));
    const third = okResponse(await send({ method: 'GET', url, timeoutMs: 2000, budget, dispatcher }));

    expect(first).toMatchObject({ bodyTruncated: false });
    expect(first.body).toHaveLength(600);
    expect(second).toMatchObject({ bodyTruncated: true });
    expect(second.body).toHaveLength(400);
    expect(third).toMatchObject({ body: '', bodyTruncated: true });
    expect(budget.remainingBytes).toBe(0);
  });

  it('reports a connection reset mid-body as a network failure', async () => {
    const url = await httpServer((req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"keys":[');
      setTimeout(() => req.socket.destroy(), 20);
    });

    const outcome = await send({ method: 'GET', url, timeoutMs: 2000, dispatcher: createDispatcher() });

    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'network' } });
  });

  it('reports a closed port as a network failure naming ECONNREFUSED', async () => {
    const server = createHttpServer();
    const host = await listen(server);
    await new Promise((resolve) => server.close(resolve));

    const outcome = await send({
      method: 'GET',
      url: `http://${host}/`,
      timeoutMs: 2000,
      dispatcher: createDispatcher(),
    });

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.failure.kind).toBe('network');
      expect(outcome.failure.message).toContain('ECONNREFUSED');
    }
  });

  it('never puts request headers or form values in a failure message', async () => {
    const url = await httpServer((req) => req.socket.destroy());

    const outcome = await send({
      method: 'POST',
      url,
      headers: { authorization: 'Basic c2VjcmV0' },
      form: { client_secret: 'hunter2-very-secret' },
      timeoutMs: 2000,
      dispatcher: createDispatcher(),
    });

    expect(outcome.ok).toBe(false);
    const text = JSON.stringify(outcome);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('c2VjcmV0');
  });

  it('measures ttfb from the request start, and connect only on a fresh connection', async () => {
    const delay = 150;
    const url = await httpServer((_req, res) => setTimeout(() => res.end('{}'), delay));
    const dispatcher = createDispatcher();

    const first = okResponse(await send({ method: 'GET', url, timeoutMs: 5000, dispatcher }));
    await new Promise((resolve) => setTimeout(resolve, 20)); // undici frees the connection a tick after the body ends
    const second = okResponse(await send({ method: 'GET', url, timeoutMs: 5000, dispatcher }));

    expect(first.timings.ttfb).toBeGreaterThanOrEqual(delay - 1);
    expect(first.timings.total).toBeGreaterThanOrEqual(first.timings.ttfb ?? Infinity);
    expect(first.timings.connect).toBeGreaterThanOrEqual(0);
    expect(first.timings.tls).toBeUndefined();
    expect(second.timings.connect).toBeUndefined(); // keep-alive reuse
    expect(second.timings.ttfb).toBeGreaterThanOrEqual(delay - 1);
  });
});

describe('send() over TLS', () => {
  let dir: string;
  let cert: string;
  let key: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function httpsServer(): Promise<string> {
    const server = createHttpsServer({ cert, key }, (_req, res) => res.end('{}'));
    servers.push(server);
    return `https://${await listen(server)}/`;
  }

  it('reports a self-signed certificate as a TLS failure, certificate checks on', async () => {
    const url = await httpsServer();

    const outcome = await send({ method: 'GET', url, timeoutMs: 5000, dispatcher: createDispatcher() });

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.failure.kind).toBe('tls');
      expect(outcome.failure.message).toMatch(/TLS/);
      expect(outcome.failure.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    }
  });

  it('reports a hostname mismatch as a TLS failure', async () => {
    const url = (await httpsServer()).replace('127.0.0.1', 'localhost');

    const outcome = await send({ method: 'GET', url, timeoutMs: 5000, dispatcher: createDispatcher({ ca: cert }) });

    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'tls', message: expect.stringContaining('ERR_TLS_CERT_ALTNAME_INVALID') },
    });
  });

  it('succeeds with the CA trusted, and times connect and tls separately', async () => {
    const url = await httpsServer();

    const res = okResponse(
      await send({ method: 'GET', url, timeoutMs: 5000, dispatcher: createDispatcher({ ca: cert }) }),
    );

    expect(res.status).toBe(200);
    expect(res.timings.connect).toBeGreaterThanOrEqual(0);
    expect(res.timings.tls).toBeGreaterThan(0);
    expect(res.timings.ttfb).toBeGreaterThanOrEqual((res.timings.connect ?? 0) + (res.timings.tls ?? 0));
  });

  it('gives every answer the server certificate of its connection, a reused keep-alive connection too', async () => {
    const url = await httpsServer();
    const dispatcher = createDispatcher({ ca: cert });
    const notAfter = Date.parse(new X509Certificate(cert).validTo);
    const notBefore = Date.parse(new X509Certificate(cert).validFrom);

    const first = okResponse(await send({ method: 'GET', url, timeoutMs: 5000, dispatcher }));
    await new Promise((resolve) => setTimeout(resolve, 20)); // undici frees the connection a tick after the body ends
    const second = okResponse(await send({ method: 'GET', url, timeoutMs: 5000, dispatcher }));

    // Its notBefore too: with notAfter, the lifetime it was issued with (a custom domain's renewal is judged by it).
    expect(first.certificate).toEqual({ validTo: notAfter, validFrom: notBefore, subject: '127.0.0.1' });
    expect(second.timings.tls).toBeUndefined(); // the same connection: no new handshake
    expect(second.certificate).toEqual(first.certificate);
    // The certificate is an answer's fact, not a phase timing.
    expect(first.timings).not.toHaveProperty('certificate');
  });

  it('gives an answer over plain http no certificate', async () => {
    const url = await httpServer((_req, res) => res.end('{}'));
    expect(
      okResponse(await send({ method: 'GET', url, timeoutMs: 5000, dispatcher: createDispatcher() })).certificate,
    ).toBeUndefined();
  });
});

describe('send() and the run deadline', () => {
  it('ends an exchange in flight when the run deadline aborts, as a timeout', async () => {
    const url = await httpServer(() => {
      /* never answers */
    });
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 100);

    const outcome = await send({
      method: 'GET',
      url,
      timeoutMs: 30_000,
      signal: deadline.signal,
      dispatcher: createDispatcher(),
    });

    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'timeout', message: expect.stringContaining('deadline') },
    });
  });
});

describe('warmUpHttp()', () => {
  it(
    'sends its requests only to a server of this process ' + 'on 127.0.0.1, once per process, and never rejects',
    async () => {
      const { default: diagnosticsChannel } = await import('node:diagnostics_channel');
      // A fresh module: in a shared worker (the unit lane does not isolate files) another file's run has warmed it up.
      vi.resetModules();
      const { warmUpHttp } = await import('../../../functions/probe/http');
      const origins: string[] = [];
      const seen = (message: unknown): void => {
        const { request } = message as { request: { origin: string } };
        origins.push(String(request.origin));
      };
      diagnosticsChannel.subscribe('undici:request:create', seen);
      try {
        const first = warmUpHttp();
        expect(warmUpHttp()).toBe(first);
        await expect(first).resolves.toBeUndefined();
      } finally {
        diagnosticsChannel.unsubscribe('undici:request:create', seen);
      }
      expect(origins.length).toBeGreaterThan(0);
      expect(origins.every((origin) => /^http:\/\/127\.0\.0\.1:\d+$/.test(origin))).toBe(true);
    },
  );
});
