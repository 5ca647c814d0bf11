// The fast path against error rates, not outages: Okta failing a share of /token requests, each on its own, with the
// engine's one retry. One region's real loop, minute after minute on a fake clock, its item and latch kept between
// runs as DynamoDB and CloudWatch keep them.
import { describe, expect, it } from 'vitest';
import { SUSPECT_SAMPLES } from '../../../functions/quorum/window';
import type { CheckResult } from '../../../functions/types';
import { runQuorum } from '../../../functions/lambda/quorum-loop';
import type { QuorumPorts, QuorumRun } from '../../../functions/lambda/quorum-ports';
import { ONE_REGION, oneRegionRuns, type Runs } from '../../support/one-region-runs';
import { seeded } from '../../support/seeded';

/**
 * One sample of the org server's fast checks: each request fails with `rate` (a 503), a failed one is retried once,
 * and the check reports as the engine does (a retry that passed, or both failed).
 */
function sample(rate: number, rnd: () => number, code = 'OKTA_SERVER_ERROR'): CheckResult[] {
  return (['discovery', 'token', 'introspect', 'authorize'] as const).map((check) => {
    const first = check === 'token' && rnd() < rate;
    const second = first && rnd() < rate;
    if (!first) return { server: 'org', check, status: 'pass', diagnosis: null, latencyMs: 5 } as CheckResult;
    if (!second)
      return {
        server: 'org',
        check,
        status: 'pass',
        diagnosis: null,
        latencyMs: 5,
        observed: { passedOnRetry: true, firstAttempt: `${code} (request r1)` },
      } as CheckResult;
    return {
      server: 'org',
      check,
      status: 'fail',
      diagnosis: { code, summary: code, detail: '' },
      latencyMs: 5,
      observed: { retried: `${code} (request r2)` },
    } as unknown as CheckResult;
  });
}

/** One region's runs, a minute apart, for `count` minutes, Okta failing `rateAt(ms)` of /token requests. */
async function play(count: number, rateAt: (ms: number) => number, seed: number, code?: string): Promise<Runs> {
  const rnd = seeded(seed);
  const answer = (ms: number): CheckResult[] => sample(rateAt(ms), rnd, code);
  return oneRegionRuns(count, answer, answer);
}

describe('the fast path judges a window of requests', () => {
  it('pages for a 40% /token error rate within 150 s in at least 8 runs of 10, once each', async () => {
    // Each request fails on its own: a round fails only when a request and its retry both fail (16%), so a
    // round-by-round judgement pages for this within 150 s about half the time.
    const outage = (ms: number): number => (ms >= 120_000 && ms < 480_000 ? 0.4 : 0);
    let within = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const { changes } = await play(10, outage, seed);
      const first = changes.find((c) => c.on);
      if (first !== undefined && first.at - 120_000 <= 150_000) within += 1;
      expect(changes.filter((c) => c.on).length, `seed ${seed}`).toBeLessThanOrEqual(1);
      expect(
        changes.filter((c) => !c.on && c.at < 480_000),
        `seed ${seed}`,
      ).toEqual([]);
    }
    expect(within).toBeGreaterThanOrEqual(32);
  });

  it('never pages for 2% of /token requests failing, over six hours', async () => {
    const { changes, samplesPerRound } = await play(360, () => 0.02, 7);
    expect(samplesPerRound.length).toBeGreaterThanOrEqual(360 * 2);
    expect(changes).toEqual([]);
  });

  it(`samples ${SUSPECT_SAMPLES} times a round while a request failed lately, once when none did`, async () => {
    // Healthy for two minutes, then one failed request at 2 min, then healthy again.
    const { samplesPerRound } = await play(5, (ms) => (ms >= 120_000 && ms < 121_000 ? 1 : 0), 3);
    expect(samplesPerRound.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(samplesPerRound).toContain(SUSPECT_SAMPLES);
    expect(samplesPerRound.at(-1)).toBe(1);
  });

  it('backs off after a 429 of its own: no more checks in the run, and no page', async () => {
    const { changes, samplesPerRound } = await play(2, () => 1, 5, 'RATE_LIMITED');
    expect(changes).toEqual([]);
    // Each run's first fast round is rate-limited: the run checks nothing more.
    expect(samplesPerRound).toEqual([1, 1]);
  });
});

/** One run of a total /token outage against this latch port: what the loop reports. */
async function outageRun(latch: QuorumPorts['latch']): Promise<QuorumRun> {
  const start = 3_000_000_000;
  let now = start;
  const rnd = seeded(9);
  return runQuorum(
    {
      settings: ONE_REGION,
      region: 'us-east-1',
      checks: sample(1, rnd),
      startedAt: start,
      fastTargets: ['org'],
      deadline: start + 55_000,
      roundBudgetMs: 3_000,
    },
    {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      check: async () => sample(1, rnd),
      table: { write: async () => undefined, read: async () => [] },
      latch,
      publishFailing: async () => undefined,
    },
  );
}

describe('a latch CloudWatch moves by itself', () => {
  it('is read back each round and set again: a second page rather than none', async () => {
    const sets: boolean[] = [];
    // SetAlarmState "temporarily sets the state": this CloudWatch returns every latch to OK at once.
    const run = await outageRun({ latched: async () => new Set(), set: async (_t, on) => void sets.push(on) });
    expect(sets.filter((on) => on).length).toBeGreaterThanOrEqual(2);
    expect(run.reverted.map((r) => r.target)).toContain('org');
  });

  it('is left alone while CloudWatch keeps it', async () => {
    const held = new Set<string>();
    const sets: boolean[] = [];
    const run = await outageRun({
      latched: async () => new Set(held),
      set: async (target, on) => {
        sets.push(on);
        if (on) held.add(target);
        else held.delete(target);
      },
    });
    expect(sets).toEqual([true]);
    expect(run.reverted).toEqual([]);
  });
});

describe('which causes page', () => {
  const failing = (server: string, check: string, code: string, carried = false): CheckResult =>
    ({
      server,
      check,
      status: 'fail',
      diagnosis: { code, summary: code, detail: '' },
      latencyMs: 5,
      ...(carried ? { carried: { judgedAt: '2026-11-25T00:00:00Z' } } : {}),
    }) as unknown as CheckResult;
  const tokenFails = (code: string) => (): CheckResult[] => [failing('org', 'token', code)];

  it("pages for the org's configuration by default (a policy denying the token), not with pageFor okta", async () => {
    const denied = tokenFails('SCOPE_DENIED_BY_POLICY');
    expect((await oneRegionRuns(2, denied, denied)).changes.filter((c) => c.on)).toHaveLength(1);
    const only = await oneRegionRuns(2, denied, denied, { pageFor: { org: ['okta'] } });
    expect(only.changes).toEqual([]);
  });

  it("warns for the probe's own credentials by default (a rotated secret), pages with pageFor probe", async () => {
    const rotated = tokenFails('INVALID_CLIENT');
    expect((await oneRegionRuns(2, rotated, rotated)).changes).toEqual([]);
    const all = await oneRegionRuns(2, rotated, rotated, { pageFor: { org: ['okta', 'org', 'probe'] } });
    expect(all.changes.filter((c) => c.on)).toHaveLength(1);
  });

  it("pages for a journey's sign-on policy at its second failing run, its runs five minutes apart", async () => {
    // The journey runs at 0 and 5 min; in between its verdict is carried, which judges nothing.
    const journey = (ms: number): CheckResult[] => [
      failing('portal', 'sign-in', 'SIGN_IN_REJECTED', ms % 300_000 !== 0),
    ];
    const { changes } = await oneRegionRuns(7, journey, () => [], { watch: 'portal' });
    expect(changes).toEqual([{ at: 300_000, on: true }]);
  });
});
