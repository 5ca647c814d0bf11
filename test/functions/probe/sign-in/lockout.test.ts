// The hidden lockout's look-up against scripted System Log answers: which events end a lock, what
// "nothing found" and "read in part" mean, logins as Okta compares them, and a held refusal read again.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DAY_MS, SYSTEM_LOG } from '../../../../functions/contract';
import {
  judgeRefusal,
  LOCK_LOOKBACK_MS,
  readLockEvents,
  recheckRefusal,
  sameLogin,
  type UserStatusRead,
} from '../../../../functions/probe/sign-in/lockout';
import { fail } from '../../../../functions/probe/verdict';
import type { HttpOutcome } from '../../../../functions/probe/http';
import type { ServerConfig } from '../../../../functions/types';
import { logReader, scriptedLogOrg } from '../../../support/log-org';

const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const server: ServerConfig = logReader(privateKeyPem);
const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const USER = 'synthetic.user@example.com';

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): HttpOutcome => ({
  ok: true,
  response: {
    status,
    headers: {
      'content-type': 'application/json',
      'x-rate-limit-limit': '60',
      'x-rate-limit-remaining': '59',
      ...headers,
    },
    body: JSON.stringify(body),
    bodyTruncated: false,
    requestId: 'reqLog1',
    timings: { total: 5 },
    receivedAt: NOW,
  },
});
const token = reply(200, { token_type: 'Bearer', access_token: 'at-logs', expires_in: 3600, scope: 'okta.logs.read' });

/** An org whose /api/v1/logs answers `pages` in turn (the last repeats). */
const org = (pages: HttpOutcome[]) => scriptedLogOrg(server, privateKeyPem, pages, token, () => NOW);

let n = 0;
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
const lock = (h: number, login = USER, eventType = 'user.account.lock') => ({
  uuid: `e${n++}`,
  published: hoursAgo(h),
  eventType,
  actor: { type: 'User', alternateId: login },
});
const unlock = (h: number, eventType: string, login = USER) =>
  eventType === 'user.account.unlock_by_admin'
    ? {
        uuid: `e${n++}`,
        published: hoursAgo(h),
        eventType,
        actor: { type: 'User', alternateId: 'admin@example.com' },
        target: [{ type: 'User', id: '00u1', alternateId: login }],
      }
    : { uuid: `e${n++}`, published: hoursAgo(h), eventType, actor: { type: 'User', alternateId: login } };

describe('readLockEvents', () => {
  it.each(['user.account.unlock', 'user.account.unlock_by_admin', 'user.account.unlock_token'])(
    'a lock followed by %s is over: the user is not judged locked',
    async (type) => {
      const { ctx } = org([reply(200, [unlock(1, type), lock(2)])]);
      const read = await readLockEvents(ctx, USER, []);
      expect(read).toMatchObject({
        status: expect.stringMatching(new RegExp(`^ACTIVE \\(${type.replaceAll('.', '\\.')} at `)),
        lockedAt: NOW - 2 * 3_600_000,
        unlockedAt: NOW - 3_600_000,
      });
    },
  );

  it('asks for every lock and unlock type, newest first, over the 90 days Okta keeps', async () => {
    const { ctx, logCalls } = org([reply(200, [lock(30 * 24)])]);
    const read = await readLockEvents(ctx, USER, []);
    // A lock a month old, never unlocked (user.account.lock.limit is never unlocked by itself), still holds.
    expect(read).toMatchObject({ status: 'LOCKED_OUT' });
    const params = new URL(logCalls()[0]?.url ?? '').searchParams;
    expect(params.get('sortOrder')).toBe('DESCENDING');
    expect(Date.parse(params.get('since') ?? '')).toBe(NOW - LOCK_LOOKBACK_MS);
    expect(LOCK_LOOKBACK_MS).toBe(90 * DAY_MS);
    for (const type of [
      'user.account.lock',
      'user.account.lock.limit',
      'user.account.unlock',
      'user.account.unlock_by_admin',
      'user.account.unlock_token',
    ])
      expect(params.get('filter')).toContain(`eventType eq "${type}"`);
  });

  it('a lock after the last unlock is a lockout', async () => {
    const { ctx } = org([
      reply(200, [lock(1, USER, 'user.account.lock.limit'), unlock(2, 'user.account.unlock_by_admin'), lock(3)]),
    ]);
    expect(await readLockEvents(ctx, USER, [])).toMatchObject({ status: 'LOCKED_OUT', lockedAt: NOW - 3_600_000 });
  });

  it('no event of the user in the whole log is unknown, not ACTIVE', async () => {
    const { ctx } = org([reply(200, [lock(1, 'someone.else@example.com')])]);
    const read = await readLockEvents(ctx, USER, []);
    expect(read).toEqual({
      unavailable: expect.stringMatching(/^no lock or unlock event of the user in the System Log's 90 days/),
    });
  });

  it("a read stopped before any of the user's events is unknown, not ACTIVE", async () => {
    const others = Array.from({ length: SYSTEM_LOG.pageLimit }, () => lock(1, 'someone.else@example.com'));
    const { ctx, logCalls } = org([
      reply(200, others, { link: '<https://acme.okta.com/api/v1/logs?after=x>; rel="next"' }),
    ]);
    const read = await readLockEvents(ctx, USER, []);
    expect(logCalls()).toHaveLength(SYSTEM_LOG.maxRequestsPerRun);
    expect(read).toEqual({ unavailable: expect.stringContaining('read only in part (SYSTEM_LOG_THROTTLED)') });
  });

  it(
    "a read stopped after the user's latest event still tells it (newest first), but not when the org ignored " +
      'the order',
    async () => {
      const next = { link: '<https://acme.okta.com/api/v1/logs?after=x>; rel="next"' };
      const page = (events: object[]) => [
        ...events,
        ...Array.from({ length: SYSTEM_LOG.pageLimit - events.length }, () => lock(5, 'someone.else@example.com')),
      ];
      const newest = org([reply(200, page([lock(1)]), next)]);
      expect(await readLockEvents(newest.ctx, USER, [])).toMatchObject({ status: 'LOCKED_OUT' });
      // Oldest first: a later unlock may sit on the pages not read.
      const oldest = org([
        reply(
          200,
          [
            ...page([])
              .slice(1)
              .map((e) => ({ ...e, published: hoursAgo(9) })),
            lock(1),
          ],
          next,
        ),
      ]);
      expect(await readLockEvents(oldest.ctx, USER, [])).toEqual({
        unavailable: expect.stringContaining('read only in part'),
      });
    },
  );

  it('matches the login as Okta does: whatever its case', async () => {
    const { ctx } = org([reply(200, [lock(1, 'Synthetic.User@Example.COM')])]);
    expect(await readLockEvents(ctx, USER, [])).toMatchObject({ status: 'LOCKED_OUT' });
    expect(sameLogin('ISAAC.BROCK@example.com', 'isaac.brock@example.com')).toBe(true);
    expect(sameLogin('isáàc.bröck@example.com', 'Isaac.Brock@example.com')).toBe(true);
    // A short login (the ".+" pattern): the part of the login before its "@".
    expect(sameLogin('Isaac.Brock@example.com', 'isaac.brock')).toBe(true);
    expect(sameLogin('isaac.brock2@example.com', 'isaac.brock@example.com')).toBe(false);
    expect(sameLogin(null, 'isaac')).toBe(false);
  });
});

describe('recheckRefusal', () => {
  const refusal = { code: 'SIGN_IN_REJECTED', at: NOW - 2 * 3_600_000, outcome: 'refused' } as const;
  const reads = (read: UserStatusRead) => {
    let calls = 0;
    return { read: () => Promise.resolve((calls++, read)), calls: () => calls };
  };

  it('a user found locked at a later run goes onto the locked-user schedule', async () => {
    const status = reads({ status: 'LOCKED_OUT', requestId: 'req1' });
    const told = await recheckRefusal(refusal, status.read, 'org');
    expect(told).toMatchObject({
      resume: 'after-backoff',
      verdict: {
        diagnosis: { code: 'USER_LOCKED_OUT', detail: expect.stringContaining("the user's status is LOCKED_OUT") },
      },
    });
  });

  it('a lock before the refusal and an unlock after it: tried again at the next run', async () => {
    const status = reads({
      status: 'ACTIVE (user.account.unlock_by_admin at ...)',
      requestId: null,
      lockedAt: refusal.at - 60_000,
      unlockedAt: refusal.at + 60_000,
    });
    expect(await recheckRefusal(refusal, status.read, 'org')).toMatchObject({
      resume: 'next-run',
      verdict: { diagnosis: { code: 'USER_LOCKED_OUT' } },
    });
  });

  it(
    'the hold stands: ACTIVE, unknown, a lock the refused attempt itself caused, or not a refused password at ' + 'all',
    async () => {
      expect(await recheckRefusal(refusal, reads({ status: 'ACTIVE', requestId: 'r' }).read, 'org')).toBeUndefined();
      expect(
        await recheckRefusal(refusal, reads({ unavailable: 'GET /api/v1/users/{login} answered 429' }).read, 'org'),
      ).toBeUndefined();
      expect(
        await recheckRefusal(
          refusal,
          reads({
            status: 'ACTIVE (...)',
            requestId: null,
            lockedAt: refusal.at + 1000,
            unlockedAt: refusal.at + 60_000,
          }).read,
          'org',
        ),
      ).toBeUndefined();
      const never = reads({ status: 'LOCKED_OUT', requestId: 'r' });
      expect(await recheckRefusal({ ...refusal, step: 'totp' }, never.read, 'org')).toBeUndefined();
      expect(
        await recheckRefusal({ ...refusal, code: 'TIMEOUT', outcome: 'uncertain' }, never.read, 'org'),
      ).toBeUndefined();
      expect(never.calls()).toBe(0);
    },
  );
});

describe("judgeRefusal: a user's status that no password can pass", () => {
  const refused = fail('SIGN_IN_REJECTED', 'password: "Password is incorrect"');

  // UserStatus (okta-sdk-nodejs oas-spec/management.yaml); resetPassword: RECOVERY "not able to sign in ... until they
  // complete the reset flow".
  it.each(['STAGED', 'PROVISIONED', 'RECOVERY'])('%s is USER_PASSWORD_NOT_SET, never a wrong password', (status) => {
    expect(judgeRefusal(refused, { status, requestId: 'r' }, 'org').diagnosis).toMatchObject({
      code: 'USER_PASSWORD_NOT_SET',
      detail: expect.stringContaining(`status is ${status}`),
    });
  });

  it('a 404 on the user is USER_NOT_FOUND, never "grant a role"', () => {
    const verdict = judgeRefusal(refused, { notFound: true, requestId: 'req404' }, 'org');
    expect(verdict.diagnosis).toMatchObject({
      code: 'USER_NOT_FOUND',
      detail: expect.stringContaining('404 (request req404)'),
    });
    expect(verdict.diagnosis?.detail).not.toMatch(/role/);
  });

  it('a username refused at identify keeps USER_NOT_FOUND unless the status names a user that cannot sign in', () => {
    const atIdentify = fail('USER_NOT_FOUND', 'identify: "Authentication failed"');
    expect(judgeRefusal(atIdentify, { notFound: true, requestId: 'r' }, 'org').diagnosis?.code).toBe('USER_NOT_FOUND');
    expect(judgeRefusal(atIdentify, { status: 'LOCKED_OUT', requestId: 'r' }, 'org').diagnosis?.code).toBe(
      'USER_LOCKED_OUT',
    );
    expect(judgeRefusal(atIdentify, { unavailable: 'no scope' }, 'org').diagnosis?.code).toBe('USER_NOT_FOUND');
  });

  it(
    'a held refused password whose user is gone or has no password is backed off, not held until the secret ' +
      'changes',
    async () => {
      const refusal = { code: 'SIGN_IN_REJECTED', at: NOW - 3_600_000, outcome: 'refused' } as const;
      expect(
        await recheckRefusal(refusal, () => Promise.resolve({ notFound: true, requestId: 'r' }), 'org'),
      ).toMatchObject({ resume: 'after-backoff', verdict: { diagnosis: { code: 'USER_NOT_FOUND' } } });
      expect(
        await recheckRefusal(refusal, () => Promise.resolve({ status: 'RECOVERY', requestId: 'r' }), 'org'),
      ).toMatchObject({ resume: 'after-backoff', verdict: { diagnosis: { code: 'USER_PASSWORD_NOT_SET' } } });
    },
  );
});
