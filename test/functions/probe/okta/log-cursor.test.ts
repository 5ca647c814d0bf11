// The kept cursor of a System Log reader: a `next` link read again only with the filter it was made with, and a page
// size that shrinks when a first page does not arrive within the budget, so a backlog is drained, not asked again.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SYSTEM_LOG } from '../../../../functions/contract';
import type { Exchange } from '../../../../functions/probe/context';
import type { HttpOutcome } from '../../../../functions/probe/http';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import { filterHash, nextPageLimit, readNewEvents } from '../../../../functions/probe/okta/log-cursor';
import { LogSession } from '../../../../functions/probe/okta/log-session';
import { startRateLimits } from '../../../../functions/probe/system-log/look-up';
import { logReader, logToken, scriptedLogOrg } from '../../../support/log-org';

const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const server = logReader(privateKeyPem);
const token = logToken();
const NEXT = 'https://acme.okta.com/api/v1/logs?limit=1000&after=cursor1&filter=x';
const page = (uuids: string[], link = NEXT): HttpOutcome => ({
  ok: true,
  response: {
    status: 200,
    headers: {
      'content-type': 'application/json',
      link: `<${link}>; rel="next"`,
      'x-rate-limit-limit': '60',
      'x-rate-limit-remaining': '59',
      'x-rate-limit-reset': '1893456000',
    },
    body: JSON.stringify(uuids.map((uuid) => ({ uuid, published: new Date().toISOString(), eventType: 'a.b' }))),
    bodyTruncated: false,
    requestId: 'reqLog',
    timings: { total: 5 },
    receivedAt: Date.now(),
  },
});
const window = { start: Date.now() - 3_600_000, end: Date.now() };
const FILTER_A = 'eventType eq "application.provision.user.push"';
const FILTER_B = `${FILTER_A} or eventType eq "application.user_membership.remove"`;

/** A run's session on a scripted org, and the URLs of its /api/v1/logs requests. */
function run(logs: HttpOutcome[], maxRequests: number = SYSTEM_LOG.maxRequestsPerRun) {
  const org = scriptedLogOrg(server, privateKeyPem, logs, token, Date.now);
  const session = new LogSession(org.ctx, [], maxRequests);
  return { session, urls: () => org.logCalls().map((r) => new URL(r.url)) };
}

describe('a kept System Log cursor', () => {
  it('is resumed with its own filter, and started again from the window when the filter changed', async () => {
    const kept = createMemoryKeptStore();
    const first = run([page(['u1'])]);
    const read = await readNewEvents(first.session, kept, FILTER_A, window, { key: 'k' });
    await read?.keepCursor();
    expect(await kept.read('k')).toMatchObject({ next: NEXT, filter: filterHash(FILTER_A) });

    const same = run([page(['u2'])]);
    expect((await readNewEvents(same.session, kept, FILTER_A, window, { key: 'k' }))?.resumed).toBe(true);
    expect(same.urls()[0]?.toString()).toBe(NEXT);

    // A release reads more event types: the kept link would go on with the old filter and never return the new ones.
    const changed = run([page(['u3'])]);
    const restarted = await readNewEvents(changed.session, kept, FILTER_B, window, { key: 'k' });
    expect(restarted?.resumed).toBe(false);
    expect(changed.urls()[0]?.searchParams.get('filter')).toBe(FILTER_B);
    expect(changed.urls()[0]?.searchParams.get('since')).toBe(new Date(window.start - 60_000).toISOString());
    await restarted?.keepCursor();
    expect(await kept.read('k')).toMatchObject({ filter: filterHash(FILTER_B) });
  });

  it('kept by a version that kept no filter is started again from the window', async () => {
    const kept = createMemoryKeptStore();
    await kept.write('k', { next: NEXT, seen: ['u1'] });
    const later = run([page(['u1', 'u2'])]);

    const read = await readNewEvents(later.session, kept, FILTER_A, window, { key: 'k' });

    expect(read?.resumed).toBe(false);
    expect(later.urls()[0]?.searchParams.get('filter')).toBe(FILTER_A);
  });

  it('asks a smaller page next run when its first page did not arrive within the budget', async () => {
    const kept = createMemoryKeptStore();
    await kept.write('k', { next: NEXT, seen: [], filter: filterHash(FILTER_A) });
    // Every page hangs until the budget ends it, as a page of 1,000 full-size events on a slow link does.
    const slow = scriptedLogOrg(server, privateKeyPem, [], token, Date.now);
    const ctx = {
      ...slow.ctx,
      exchange: ((req) => {
        if (req.method === 'POST') return Promise.resolve(token);
        return new Promise((resolve) =>
          req.signal?.addEventListener('abort', () =>
            resolve({ ok: false, failure: { kind: 'timeout', message: 'budget', timings: { total: 0 } } }),
          ),
        );
      }) satisfies Exchange,
    };
    const session = new LogSession(ctx, [], SYSTEM_LOG.maxRequestsPerRun, 50);

    expect(await readNewEvents(session, kept, FILTER_A, window, { key: 'k' })).toBeNull();
    expect(await kept.read('k')).toMatchObject({ next: NEXT, limit: 500 });

    // The next run asks 500 from the same `after`, and once that arrives with time to spare, 1,000 again.
    const next = run([page(['u1'])]);
    const read = await readNewEvents(next.session, kept, FILTER_A, window, { key: 'k' });
    expect(next.urls()[0]?.searchParams.get('limit')).toBe('500');
    expect(next.urls()[0]?.searchParams.get('after')).toBe('cursor1');
    await read?.keepCursor();
    expect(await kept.read('k')).not.toHaveProperty('limit');
  });

  it('halves its page down to a floor, and grows it back only with time to spare', () => {
    expect(nextPageLimit(1000, 'slow')).toBe(500);
    expect(nextPageLimit(SYSTEM_LOG.minPageLimit, 'slow')).toBe(SYSTEM_LOG.minPageLimit);
    expect(nextPageLimit(250, 'in time')).toBe(250);
    expect(nextPageLimit(250, 'with time to spare')).toBe(500);
    expect(nextPageLimit(1000, 'with time to spare')).toBe(1000);
  });

  it("leaves the provisioning read its pages when the rate-limit read's log is full", async () => {
    // Every answer a full page with a next link: a backlog of rate-limit events, or an org that answers any filter.
    const full = Array.from({ length: SYSTEM_LOG.pageLimit }, (_, i) => `u${i}`);
    const org = run([page(full)], SYSTEM_LOG.maxRequestsPerRun + 3);
    const session = org.session;
    const kept = createMemoryKeptStore();

    await startRateLimits(session, Date.now(), 1, kept).limits;
    expect(org.urls()).toHaveLength(SYSTEM_LOG.rateLimitPages);
    session.nextPart();
    const provisioning = await readNewEvents(session, kept, FILTER_A, window, { key: 'p', maxPages: 3 });

    expect(provisioning?.events.length).toBeGreaterThan(0);
    expect(org.urls()).toHaveLength(SYSTEM_LOG.rateLimitPages + 3);
  });
});
