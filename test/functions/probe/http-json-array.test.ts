// Okta's list answers read as they arrive: a System Log page of 1,000 Okta-sized events (2.4 MB, over the 1 MB a
// body was capped at) is read and judged, never MALFORMED_RESPONSE; a hostile answer (no array, torn off, an element
// past its bounds) is a problem in words, never a throw; and what is held is one element, whatever the answer's size.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, LIST_READ } from '../../../functions/contract';
import type { ServerContext } from '../../../functions/probe/context';
import { serverEndpoints } from '../../../functions/probe/endpoints';
import { listAnswer, send, type ArrayLimits, type HttpResponse, type ListReading } from '../../../functions/probe/http';
import { JsonArrayScanner } from '../../../functions/probe/http/json-array';
import { LogSession } from '../../../functions/probe/okta/log-session';
import { oktaShaped } from '../../../sim/log-event-shape';
import { userSignInEvents } from '../../../sim/user-sign-ins';
import { logReader } from '../../support/log-org';

const LIMITS: ArrayLimits = { maxItemBytes: 1024, maxDepth: 4, maxItems: 10 };

/** The elements a scanner hands on from `text` cut into chunks of `size` bytes, and how it ended. */
function scan(text: string | Buffer, size: number, limits: ArrayLimits = LIMITS) {
  const items: unknown[] = [];
  const scanner = new JsonArrayScanner(limits, (item) => items.push(item));
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
  return { items, read: scanner.end() };
}

/** A page of 1,000 sign-in events in Okta's size and shape, as the simulator serves them. */
function oktaPage(): string {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const events = userSignInEvents(undefined, [], now - 30 * 60_000, now).slice(0, 1000);
  return JSON.stringify(events.map(oktaShaped));
}

describe('JsonArrayScanner', () => {
  const text = '[ {"a":"x,]}\\"[{"}, [1,[2]], "é😀,", 3.5e2 ,null,true, {"b":{"c":[]}} ]\n';
  it.each([1, 2, 3, 7, 1000])('hands on each element whole, whatever the chunks (%i bytes)', (size) => {
    const { items, read } = scan(text, size);
    expect(read.problem).toBeUndefined();
    expect(items).toEqual(JSON.parse(text));
    expect(read).toMatchObject({ items: 7, bytes: Buffer.byteLength(text) });
  });

  it('reads an empty array', () => {
    expect(scan(' [ ] ', 1)).toEqual({ items: [], read: { items: 0, bytes: 5 } });
  });

  it.each([
    ['an object', '{"errorCode":"E0000006"}', /not a JSON array/],
    ['an HTML page', '<html>proxy login</html>', /not a JSON array/],
    ['nothing', '', /empty, not a JSON array/],
    [
      'an answer torn off mid-element',
      '[{"a":1},{"b":"unfini',
      /ended inside the array, after 1 elements \(torn off\)/,
    ],
    ['an answer torn off between elements', '[{"a":1},', /torn off/],
    ['an element past its cap', `[{"a":"${'x'.repeat(2000)}"}]`, /element 1 is larger than 1 KB/],
    ['an element nested too deep', '[[[[[[1]]]]]]', /nests deeper than 4 levels/],
    ['more elements than asked', `[${'0,'.repeat(10)}0]`, /more than the 10 elements asked/],
    ['a stray comma', '[1,,2]', /element 2 is empty/],
    ['a trailing comma', '[1,]', /element 2 is empty/],
    ['an element that is not JSON', '[{"a":1},nope]', /element 2 is not JSON/],
    ['a stray brace', '[1}', /element 1 is not JSON/],
    ['data after the array', '[1] [2]', /data follows the array/],
  ])('%s: a problem in words, never a throw', (_name, body, problem) => {
    for (const size of [1, 5, 10_000]) expect(scan(body, size).read.problem).toMatch(problem);
  });

  it('keeps the elements before a problem, and none after it', () => {
    const { items, read } = scan('[1,2,{"a":"x"}, oops, 5]', 3);
    expect(items).toEqual([1, 2, { a: 'x' }]);
    expect(read.problem).toMatch(/element 4 is not JSON/);
  });

  it('holds one element at a time: 10 MB read in 64 KB chunks, never more than an element held', () => {
    const element = JSON.stringify({ uuid: 'u', pad: 'x'.repeat(1900) });
    const limits = { maxItemBytes: 4096, maxDepth: 8, maxItems: 20_000 };
    let count = 0;
    let mostHeld = 0;
    const scanner = new JsonArrayScanner(limits, () => (count += 1));
    const chunk = Buffer.from(`${element},`.repeat(32));
    scanner.push(Buffer.from('['));
    for (let i = 0; i < 160; i += 1) {
      scanner.push(chunk);
      mostHeld = Math.max(mostHeld, scanner.held);
    }
    scanner.push(Buffer.from(`${element}]`));
    expect(scanner.end()).toMatchObject({ items: 160 * 32 + 1 });
    expect(count).toBe(160 * 32 + 1);
    expect(mostHeld).toBeLessThanOrEqual(Buffer.byteLength(element));
  });
});

describe('a list answer over loopback', () => {
  let server: Server;
  let origin = '';
  let answer: (res: import('node:http').ServerResponse) => void = () => undefined;
  const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const page = oktaPage();

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ token_type: 'Bearer', access_token: 'at', expires_in: 3600, scope: 'okta.logs.read' }),
        );
        return;
      }
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const kept: unknown[] = [];
  const reading: ListReading = {
    ...LIST_READ,
    maxItems: 1000,
    maxBytes: LIST_READ.maxPageBytes,
    onItem: (i) => kept.push(i),
  };
  const get = async (): Promise<HttpResponse> => {
    kept.length = 0;
    const outcome = await send({ method: 'GET', url: `${origin}/api/v1/logs`, timeoutMs: 5000, list: reading });
    if (!outcome.ok) throw new Error(outcome.failure.message);
    return outcome.response;
  };

  it('reads a page of 1,000 Okta-sized events past the 1 MB body cap, holding no body', async () => {
    expect(Buffer.byteLength(page)).toBeGreaterThan(2 * DEFAULTS.maxBodyBytes);
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(page);
    };
    const res = await get();
    expect(res.list).toEqual({ items: 1000, bytes: Buffer.byteLength(page) });
    expect(res.body).toBe('');
    expect(kept).toHaveLength(1000);
  });

  it('reads an error answer as ever: the body, for the judge', async () => {
    answer = (res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"errorCode":"E0000006"}');
    };
    const res = await get();
    expect(res.list).toBeUndefined();
    expect(res.body).toBe('{"errorCode":"E0000006"}');
  });

  it('calls a stream torn off mid-page a problem, never a throw', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(page.slice(0, 500_000));
    };
    const res = await get();
    expect(res.list?.problem).toMatch(/torn off/);
  });

  it("judges a page of 1,000 Okta-sized events in the log's session: events, not MALFORMED_RESPONSE", async () => {
    answer = (res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        link: `<${origin}/api/v1/logs?after=x>; rel="next"`,
      });
      res.end(page);
    };
    const ctx: ServerContext = {
      server: logReader(privateKeyPem),
      orgServer: true,
      endpoints: serverEndpoints(origin, 'org'),
      credential: { kind: 'private_key_jwt', privateKeyPem },
      // As the engine sends: every answer under the 1 MB cap but a list's.
      exchange: (req) => send({ ...req, timeoutMs: 5000, maxBodyBytes: DEFAULTS.maxBodyBytes }),
      now: Date.now,
    };
    const session = new LogSession(ctx, [], 3, 10_000);
    const polled = await session.poll('eventType eq "user.session.start"', new Date(0).toISOString(), undefined, 1);
    expect(session.unavailable).toBeUndefined();
    expect(polled?.events).toHaveLength(1000);
    expect(polled?.events[0]).not.toHaveProperty('client');
  });

  it('reads an answer some other exchange held by the same bounds (a fake, a wrapper)', () => {
    const held = {
      status: 200,
      headers: {},
      body: '[1,2',
      bodyTruncated: false,
      requestId: null,
      timings: { total: 1 },
      receivedAt: 0,
    };
    expect(listAnswer(held, reading).list?.problem).toMatch(/torn off/);
    expect(listAnswer({ ...held, body: '[1,2]' }, reading)).toMatchObject({ body: '', list: { items: 2 } });
  });
});
