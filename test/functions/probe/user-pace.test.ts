// One user's pace on a fake clock: no test waits in real time.
import { describe, expect, it } from 'vitest';
import { APPS_PER_WINDOW, USER_PACE } from '../../../functions/contract';
import {
  countedExchange,
  identityEngineSession,
  pacedExchange,
  PaceError,
  UserPace,
  UserPaces,
  type PaceClock,
} from '../../../functions/probe/user-pace';
import type { Exchange } from '../../../functions/probe/context';
import type { HttpOutcome } from '../../../functions/probe/http';

/** A clock that moves only when something sleeps on it; the sends are recorded at the clock's time. */
function fakeClock(start = 1_000_000): PaceClock & { t: number; slept: number[] } {
  const clock = {
    t: start,
    slept: [] as number[],
    now: () => clock.t,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted === true) return Promise.reject(new Error('aborted'));
      clock.slept.push(ms);
      clock.t += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

/** The most sends any window of windowMs holds. */
function busiestWindow(sends: readonly number[]): number {
  return Math.max(0, ...sends.map((start) => sends.filter((s) => s >= start && s < start + USER_PACE.windowMs).length));
}

describe("one user's pace", () => {
  it("sizes itself below Okta's 20 requests per user per 5 seconds, the clean-up's room kept from the apps", () => {
    expect(USER_PACE.perWindow).toBeLessThan(USER_PACE.oktaPerWindow);
    expect(APPS_PER_WINDOW + USER_PACE.cleanupReserve).toBe(USER_PACE.perWindow);
  });

  it("lets a burst of the apps' share go at once, then one app request each time one leaves the window", async () => {
    const clock = fakeClock();
    const pace = new UserPace(clock);
    const sends: number[] = [];
    for (let i = 0; i < 40; i++) {
      await pace.take();
      sends.push(clock.t);
    }
    expect(sends.slice(0, APPS_PER_WINDOW).every((t) => t === 1_000_000)).toBe(true);
    expect(sends[APPS_PER_WINDOW]).toBe(1_000_000 + USER_PACE.windowMs);
    expect(busiestWindow(sends)).toBe(APPS_PER_WINDOW);
    expect(pace.stats.paced).toBe(40);
    // 40 requests at 12 a window: the last goes in the fourth window.
    expect(sends[39]).toBe(1_000_000 + 3 * USER_PACE.windowMs);
  });

  it(
    "counts the journey's requests without delaying them, " + 'and paces the apps after them within the same window',
    async () => {
      const clock = fakeClock();
      const pace = new UserPace(clock);
      const sends: number[] = [];
      // A journey with MFA: 11 requests over a second and a half.
      for (let i = 0; i < 11; i++) {
        pace.note();
        sends.push(clock.t);
        clock.t += 150;
      }
      expect(clock.slept).toEqual([]);
      for (let i = 0; i < 50; i++) {
        await pace.take();
        sends.push(clock.t);
      }
      // Then the clean-up, counted as the journey's: it never waits, and the busiest window stays under Okta's.
      for (let i = 0; i < USER_PACE.cleanupReserve; i++) {
        pace.note();
        sends.push(clock.t);
      }
      expect(busiestWindow(sends)).toBeLessThanOrEqual(USER_PACE.perWindow);
      expect(busiestWindow(sends.slice(0, 61))).toBeLessThanOrEqual(APPS_PER_WINDOW);
    },
  );

  it('refuses, reserving nothing, a slot past the time it is given, and says how far it was', async () => {
    const clock = fakeClock();
    const pace = new UserPace(clock);
    for (let i = 0; i < APPS_PER_WINDOW; i++) await pace.take();
    const next = pace.nextAt();
    expect(next).toBe(clock.t + USER_PACE.windowMs);
    await expect(pace.take(clock.t + 1000)).rejects.toThrow(PaceError);
    await expect(pace.take(clock.t + 1000)).rejects.toThrow(/5 s away/);
    expect(pace.nextAt()).toBe(next);
    expect(pace.stats.paced).toBe(APPS_PER_WINDOW);
  });

  it('stops waiting when the run ends the wait, and throws PaceError instead of sending', async () => {
    const clock = fakeClock();
    const pace = new UserPace(clock);
    for (let i = 0; i < APPS_PER_WINDOW; i++) await pace.take();
    const ended = new AbortController();
    ended.abort();
    await expect(pace.take(Infinity, ended.signal)).rejects.toThrow(/deadline/);
  });

  it('finds a slot before a later one when the windows around it have room', async () => {
    const clock = fakeClock();
    const pace = new UserPace(clock);
    // Eleven journey requests, then the journey's room is full for five seconds but the apps' is not yet.
    for (let i = 0; i < APPS_PER_WINDOW - 1; i++) pace.note();
    expect(pace.nextAt('apps')).toBe(clock.t);
    pace.note();
    expect(pace.nextAt('apps')).toBe(clock.t + USER_PACE.windowMs);
    expect(pace.nextAt('journey')).toBe(clock.t);
    expect(pace.inWindow(clock.t)).toBe(APPS_PER_WINDOW);
  });

  it('is one pace per username, whatever its case', () => {
    const paces = new UserPaces(fakeClock());
    expect(paces.of('Synthetic.User@Acme.example')).toBe(paces.of('synthetic.user@acme.example'));
    expect(paces.of('other@acme.example')).not.toBe(paces.of('synthetic.user@acme.example'));
  });
});

describe('the exchanges a pace wraps', () => {
  const answered = { ok: true } as unknown as HttpOutcome;

  it("paces only the requests that carry an Identity Engine session: the user's to Okta", async () => {
    const clock = fakeClock();
    const pace = new UserPace(clock);
    const sent: string[] = [];
    const inner: Exchange = (req) => {
      sent.push(req.url);
      return Promise.resolve(answered);
    };
    const paced = pacedExchange(pace, inner);
    for (let i = 0; i < APPS_PER_WINDOW + 2; i++)
      await paced({
        method: 'GET',
        url: `https://acme.okta.com/app/a/${i}/sso/saml`,
        headers: { cookie: 'DT=dev; idx=abc' },
      });
    await paced({ method: 'GET', url: 'https://acme.okta.com/app/k/sso/saml/metadata', headers: {} });
    await paced({ method: 'GET', url: 'https://acme.okta.com/app/a/classic/sso/saml', headers: { cookie: 'sid=abc' } });
    expect(sent).toHaveLength(APPS_PER_WINDOW + 4);
    expect(pace.stats.paced).toBe(APPS_PER_WINDOW + 2);
    expect(clock.slept).toEqual([USER_PACE.windowMs]);
  });

  it("counts the journey's requests in the same pace", async () => {
    const clock = fakeClock();
    const pace = new UserPace(clock);
    const counted = countedExchange(pace, () => Promise.resolve(answered));
    for (let i = 0; i < 4; i++) await counted({ method: 'POST', url: 'https://acme.okta.com/idp/idx/introspect' });
    expect(pace.inWindow(clock.t)).toBe(4);
    expect(clock.slept).toEqual([]);
  });

  it('tells an Identity Engine session from a Classic one by its cookie', () => {
    expect(identityEngineSession('idx=abc')).toBe(true);
    expect(identityEngineSession('DT=x; idx=abc')).toBe(true);
    expect(identityEngineSession('sid=abc')).toBe(false);
    expect(identityEngineSession('xidx=abc')).toBe(false);
  });
});
