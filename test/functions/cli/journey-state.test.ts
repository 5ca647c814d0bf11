// The CLI's journey state against the simulator: cron runs and `run --every` cycles with --history remember
// what a sign-in journey must never forget across processes: a refused password, a back-off, the last TOTP step, the
// last journey, and who is signing in now. Each `main(['run', ...])` here builds its state afresh from the folder, as
// a new process does; the clock is Date's, faked (no real waits), and the simulator in this process reads it too.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../functions/cli/main';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';
import { captureIo } from './helpers';

const sim = useSimulator();
let dir: string;
let configPath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-journey-state-'));
  configPath = await writeSimulatorConfig(sim(), dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
  sim().scenario = 'healthy';
});

const MINUTE = 60_000;
/** One cron run of the journeys only, with its history (and so its journey state) in `history`. */
async function cron(history: string): Promise<Report> {
  const io = captureIo({});
  await main(
    ['run', '--config', configPath, '--server', 'portal', '--server', 'mobile', '--history', history, '--json'],
    io,
  );
  return JSON.parse(io.out()) as Report;
}
const fresh = (): string => mkdtempSync(join(dir, 'history-'));
const count = (path: string, method = 'POST'): number =>
  sim().requests.filter((r) => r.method === method && r.path === path).length;
const codes = (reports: readonly Report[]): string[] =>
  reports.flatMap((r) => r.checks.flatMap((c) => (c.diagnosis === null ? [] : [c.diagnosis.code])));

describe('the CLI remembers a journey across runs (--history DIR)', () => {
  it(
    '200 runs a minute apart of a healthy MFA user: the password every everyMinutes (5) only, and never ' +
      'TOTP_REJECTED',
    async () => {
      sim().scenario = 'sign-in-mfa';
      const history = fresh();
      const start = Date.parse('2026-11-23T02:00:00Z');
      vi.useFakeTimers({ toFake: ['Date'], now: start });
      sim().resetRequests();
      const reports: Report[] = [];
      for (let i = 0; i < 200; i += 1) {
        vi.setSystemTime(start + i * MINUTE);
        reports.push(await cron(history));
      }
      expect(codes(reports)).toEqual([]);
      // One journey each 5 minutes of 200: 40 password attempts per user, not 200.
      expect(count('/api/v1/authn')).toBe(40);
      expect(count('/oauth2/v1/token')).toBe(40 * 2);
      expect(
        reports.filter((r) => r.checks.some((c) => c.check === 'sign-in' && c.observed?.lastJourney !== undefined)),
      ).toHaveLength(160);
    },
    240_000,
  );

  it('two runs (two processes) after a refused password: one attempt in all; a new secret is tried once', async () => {
    sim().scenario = 'sign-in-rejected';
    const history = fresh();
    const start = Date.parse('2026-11-23T03:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    sim().resetRequests();
    await cron(history);
    vi.setSystemTime(start + 60 * MINUTE);
    const later = await cron(history);
    vi.setSystemTime(start + 3 * 86_400_000);
    await cron(history);

    expect(count('/api/v1/authn')).toBe(1);
    expect(sim().requests.filter((r) => r.path === '/oauth2/v1/token')).toHaveLength(1);
    expect(later.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')?.diagnosis).toMatchObject({
      code: 'SIGN_IN_REJECTED',
      detail: expect.stringMatching(/^not sent again: Okta refused this password at 2026-11-23T03:00:00\.000Z/),
    });
    // The state holds a fingerprint, never the password.
    const state = readFileSync(join(history, 'journey-state', 'portal.json'), 'utf8');
    expect(state).not.toContain(sim().clients.signIn.portalUser.password);

    const secrets = join(dir, 'portal-user.json');
    const kept = readFileSync(secrets, 'utf8');
    try {
      writeFileSync(
        secrets,
        JSON.stringify({ ...(JSON.parse(kept) as object), password: 'a-new-password-put-by-the-admin' }),
      );
      vi.setSystemTime(start + 3 * 86_400_000 + MINUTE);
      await cron(history);
      expect(count('/api/v1/authn')).toBe(2);
    } finally {
      writeFileSync(secrets, kept);
    }
  });

  it(
    'a password step with no readable answer (a 500): one more attempt after 30 minutes, then never again with ' +
      'this secret',
    async () => {
      sim().scenario = 'authn-server-error';
      const history = fresh();
      const start = Date.parse('2026-11-23T04:00:00Z');
      vi.useFakeTimers({ toFake: ['Date'], now: start });
      sim().resetRequests();
      const reports: Report[] = [];
      for (const at of [0, 10, 29, 31, 45, 180, 3 * 1440]) {
        vi.setSystemTime(start + at * MINUTE);
        reports.push(await cron(history));
      }
      expect(count('/api/v1/authn')).toBe(2);
      const portal = reports.map(
        (r) => r.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')?.diagnosis?.detail ?? '',
      );
      expect(portal[1]).toMatch(
        /^not sent again before 2026-11-23T04:30:00\.000Z: the password step ended OKTA_SERVER_ERROR/,
      );
      expect(portal[6]).toMatch(
        /^not sent again: the password step ended OKTA_SERVER_ERROR at 2026-11-23T04:31:00\.000Z, after a back-off/,
      );
    },
    60_000,
  );

  it('two runs at once sharing --history: one signs in, the other stands aside; no TOTP code is refused', async () => {
    sim().scenario = 'sign-in-mfa';
    const history = fresh();
    sim().resetRequests();
    const both = await Promise.all([cron(history), cron(history)]);
    expect(count('/api/v1/authn')).toBe(1);
    expect(count('/oauth2/v1/token')).toBe(2);
    expect(codes(both)).toEqual([]);
    const portal = both.map((r) => r.checks.find((c) => c.server === 'portal' && c.check === 'sign-in'));
    expect(portal.map((c) => c?.status).sort()).toEqual(['n/a', 'pass']);
    expect(portal.find((c) => c?.status === 'n/a')).toMatchObject({
      skipReason: expect.stringMatching(/^another run is signing this user in now/),
    });
  });

  it(
    'run --every without --history: the cycles of one process share the state, so the password goes once in 2 ' +
      'cycles',
    async () => {
      sim().scenario = 'sign-in-mfa';
      sim().resetRequests();
      const io = captureIo({});
      // One real 10-second wait: --every's smallest period.
      await main(['run', '--config', configPath, '--server', 'portal', '--every', '10', '--count', '2', '--json'], io);
      expect(count('/api/v1/authn')).toBe(1);
      expect(io.out()).toContain('"lastJourney"');
    },
    60_000,
  );
});
