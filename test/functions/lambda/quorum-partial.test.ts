// The fast path against outages that spare discovery: Okta's incident reports describe /token failing while its
// static metadata answers (discovery and /keys are not even rate-limited). Several runs of the real loop on a fake
// clock, the latch's state kept between them as CloudWatch keeps an alarm's: one page per outage, held until the
// checks that failed pass again, and OK only after a stable period.
import { describe, expect, it } from 'vitest';
import type { StackQuorum } from '../../../functions/config/quorum';
import { FAST_CHECKS } from '../../../functions/lambda/quorum-handler';
import { runQuorum } from '../../../functions/lambda/quorum-loop';
import { OK_STABLE_SECONDS, type RegionVerdicts } from '../../../functions/quorum/decide';
import { SUSPECT_SAMPLES } from '../../../functions/quorum/window';
import type { CheckName } from '../../../functions/contract';
import { loadConfigFile } from '../../../functions/config/parse';
import { checkRow } from '../../../functions/plan/check-table';
import { plannedChecks } from '../../../functions/plan/checks';
import { isPageCheck } from '../../../functions/quorum/window';
import { exampleConfig, writeConfig } from '../../support/configs';
import type { CheckResult } from '../../../functions/types';
import { ONE_REGION, oneRegionRuns } from '../../support/one-region-runs';

/** What Okta answers each check of the "org" server at a moment: `failing` names the checks that answer 503. */
function answers(checks: Iterable<CheckName>, failing: ReadonlySet<CheckName>): CheckResult[] {
  return [...checks].map((check) =>
    failing.has(check)
      ? ({
          server: 'org',
          check,
          status: 'fail',
          diagnosis: { code: 'OKTA_SERVER_ERROR', summary: '503', detail: '' },
          latencyMs: 5,
        } as unknown as CheckResult)
      : ({ server: 'org', check, status: 'pass', diagnosis: null, latencyMs: 5 } as unknown as CheckResult),
  );
}

/**
 * What a full run checks of the example's Org server, reading the Management API too, and pages for, as the check
 * registry plans it.
 */
const FULL_RUN: CheckName[] = (() => {
  const raw = exampleConfig();
  const servers = (raw.servers as Record<string, unknown>[]).map((s) =>
    s.id === 'org' ? { ...s, managementApi: true } : s,
  );
  const loaded = loadConfigFile(writeConfig({ ...raw, servers }), 'deploy', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return plannedChecks(loaded.config.probe)
    .filter((c) => c.server === 'org' && isPageCheck(c.check))
    .map((c) => c.check);
})();
/** A page check of the full run that no fast round makes (the Management API). */
const NOT_FAST = FULL_RUN.find((c) => !FAST_CHECKS.has(c));

/**
 * Runs one region's probe every minute for `minutes`, each run's fast rounds checking what FAST_CHECKS names, and
 * returns every change of the latch (ms from the start, on or off), as the alarm's history would show them.
 */
async function minutes(
  count: number,
  failingAt: (ms: number) => ReadonlySet<CheckName>,
): Promise<{ at: number; on: boolean }[]> {
  const fast = [...FAST_CHECKS].filter((c) => FULL_RUN.includes(c));
  const runs = await oneRegionRuns(
    count,
    (ms) => answers(FULL_RUN, failingAt(ms)),
    (ms) => answers(fast, failingAt(ms)),
  );
  return runs.changes;
}

describe('the fast path against a partial outage', () => {
  it('checks in each fast round what users use: the token call and /authorize, not only discovery', () => {
    // Each a row of the registry that says a fast round asks Okta for it.
    for (const check of ['token', 'authorize', 'discovery'] as const) expect(checkRow(check).fastRound).toBe('asks');
    expect(FULL_RUN.filter((c) => FAST_CHECKS.has(c)).length).toBeGreaterThan(0);
  });

  it('pages once for /token answering 503 while discovery answers 200, and never says OK while it lasts', async () => {
    const changes = await minutes(6, (ms) => new Set<CheckName>(ms < 300_000 ? ['token'] : []));
    // The run's own failure, confirmed a third of a round later (CONFIRM_ROUNDS): within 60 s of the outage's start.
    expect(changes[0]).toEqual({ at: 6_667, on: true });
    // One page, one OK: the OK after the fix, not a resolve every minute.
    expect(changes.filter((c) => c.on)).toHaveLength(1);
    expect(changes.filter((c) => !c.on).every((c) => c.at >= 300_000)).toBe(true);
  });

  it('keeps a target down that a fast round did not re-check, until a run checks it again', async () => {
    // The Management API is no fast check: a fast round that checks the rest must not clear its failure.
    if (NOT_FAST === undefined) throw new Error('every page check of the full run is a fast check');
    const changes = await minutes(2, () => new Set<CheckName>([NOT_FAST]));
    expect(changes).toEqual([{ at: 6_667, on: true }]);
  });

  it('is unhealthy without enough fresh verdicts: a stalled table leaves the page to the backstop', async () => {
    const three: StackQuorum = { ...ONE_REGION, agree: 2, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] };
    const start = 2_000_000_000;
    let now = start;
    const published: { failing: number; healthy: boolean }[] = [];
    const sets: boolean[] = [];
    // Replication stalled a minute ago: every peer's item, as this replica has it, is older than freshSeconds.
    const stale = (region: string): RegionVerdicts => ({
      region,
      writtenAt: start - 60_000,
      verdicts: { org: { state: 'down', at: start - 60_000, until: start - 15_000 } },
    });
    await runQuorum(
      {
        settings: three,
        region: 'us-east-1',
        checks: answers(FULL_RUN, new Set<CheckName>(['token'])),
        startedAt: start,
        fastTargets: ['org'],
        deadline: start + 47_000,
        roundBudgetMs: 3_000,
      },
      {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
        check: async () => answers(['discovery', 'token', 'authorize'], new Set<CheckName>(['token'])),
        table: { write: async () => undefined, read: async () => [stale('eu-west-1'), stale('ap-southeast-2')] },
        latch: { latched: async () => new Set(), set: async (_t, on) => void sets.push(on) },
        publishFailing: async (failing, _at, healthy) => void published.push({ failing: failing.org ?? 0, healthy }),
      },
    );
    expect(sets).toEqual([]);
    expect(published.length).toBeGreaterThan(1);
    expect(published.every((p) => p.failing === 1 && !p.healthy)).toBe(true);
  });

  it(`says OK only after ${OK_STABLE_SECONDS} s of passing checks, within 90 s of the fix`, async () => {
    const fixedAt = 125_000;
    const changes = await minutes(5, (ms) => new Set<CheckName>(ms < fixedAt ? ['token'] : []));
    const ok = changes.find((c) => !c.on);
    expect(ok).toBeDefined();
    expect(ok!.at - fixedAt).toBeGreaterThanOrEqual(OK_STABLE_SECONDS * 1000);
    expect(ok!.at - fixedAt).toBeLessThanOrEqual(90_000);
  });

  it('says OK within 60 s of the fix, whatever the second of the minute it comes at', async () => {
    // The fix at each second of the run's minute: rounds are 20 s apart, so the stretch of 40 s starts within 20 s of
    // it, and a run's first round inside the stretch must send as many requests as the rest (STABLE_REQUESTS).
    const late: string[] = [];
    for (let phase = 0; phase < 60; phase += 1) {
      const fixedAt = 120_000 + phase * 1000;
      const changes = await minutes(5, (ms) => new Set<CheckName>(ms < fixedAt ? ['token'] : []));
      const ok = changes.find((c) => !c.on);
      if (ok === undefined || ok.at - fixedAt > 60_000 || ok.at - fixedAt < OK_STABLE_SECONDS * 1000)
        late.push(`fixed at +${phase} s: OK ${ok === undefined ? 'never' : `${(ok.at - fixedAt) / 1000} s`} after`);
    }
    expect(late).toEqual([]);
  });

  it(`re-checks when a clean stretch reaches ${OK_STABLE_SECONDS} s, not at the grid's next round`, async () => {
    const fast = [...FAST_CHECKS].filter((c) => FULL_RUN.includes(c));
    // Failing until 125 s: the round at 140 s is the first clean one, so the stretch is stable at 180 s. The run of
    // minute 3 starts 2 s early (the schedule's jitter): its first round, at 178 s, is 2 s short of it.
    const failing = (ms: number): ReadonlySet<CheckName> => new Set<CheckName>(ms < 125_000 ? ['token'] : []);
    const runs = await oneRegionRuns(
      5,
      (ms) => answers(FULL_RUN, failing(ms)),
      (ms) => answers(fast, failing(ms)),
      { deadlineMs: 47_000, lateMs: (minute) => (minute === 3 ? -2_000 : 0) },
    );
    // On the grid alone the OK waited for the round at 198 s.
    expect(runs.changes.find((c) => !c.on)).toEqual({ at: 180_000, on: false });
  });

  it("says OK within 60 s when the fix lands between a run's own checks and its first round's samples", async () => {
    const fast = [...FAST_CHECKS].filter((c) => FULL_RUN.includes(c));
    const fixedAt = 180_000;
    // The run at 180 s checks before the fix; its samples, a moment later, after it.
    const runs = await oneRegionRuns(
      5,
      (ms) => answers(FULL_RUN, new Set<CheckName>(ms <= fixedAt ? ['token'] : [])),
      (ms) => answers(fast, new Set<CheckName>(ms < fixedAt ? ['token'] : [])),
    );
    const ok = runs.changes.find((c) => !c.on);
    expect(ok?.at).toBeDefined();
    expect(ok!.at - fixedAt).toBeLessThanOrEqual(60_000);
  });

  it(`samples a run's first round ${SUSPECT_SAMPLES} times while its last run left a failure, once otherwise`, async () => {
    const fast = [...FAST_CHECKS].filter((c) => FULL_RUN.includes(c));
    // Minute 0 healthy, minute 1 failing; minute 2 starts in doubt. The run's own checks are one of its first samples.
    const failing = (ms: number): ReadonlySet<CheckName> =>
      new Set<CheckName>(ms >= 60_000 && ms < 120_000 ? ['token'] : []);
    const runs = await oneRegionRuns(
      3,
      (ms) => answers(FULL_RUN, failing(ms)),
      (ms) => answers(fast, failing(ms)),
    );
    // Rounds at 0, 20, 40 s of each minute: minute 0 sampled once a round and not at its start; minute 1's start is
    // not yet in doubt (the last run was clean), its own failure is confirmed at 70 s and its later rounds are in
    // doubt; minute 2's first round is in doubt.
    expect(runs.samplesPerRound).toEqual([
      1,
      1,
      SUSPECT_SAMPLES,
      SUSPECT_SAMPLES,
      SUSPECT_SAMPLES,
      SUSPECT_SAMPLES,
      SUSPECT_SAMPLES,
      SUSPECT_SAMPLES,
    ]);
  });

  it('confirms a failed request a third of a round on, sampling as in doubt, and pages then', async () => {
    const fast = [...FAST_CHECKS].filter((c) => FULL_RUN.includes(c));
    // Failing from 70 s: the round at 80 s samples once and fails; the round at 86.667 s confirms it.
    const failing = (ms: number): ReadonlySet<CheckName> => new Set<CheckName>(ms >= 70_000 ? ['token'] : []);
    const runs = await oneRegionRuns(
      2,
      (ms) => answers(FULL_RUN, failing(ms)),
      (ms) => answers(fast, failing(ms)),
    );
    expect(runs.samplesPerRound).toEqual([1, 1, 1, SUSPECT_SAMPLES, SUSPECT_SAMPLES]);
    expect(runs.changes).toEqual([{ at: 86_667, on: true }]);
  });

  it("confirms a run's last failure before the run ends, not a run and the schedule's jitter later", async () => {
    const fast = [...FAST_CHECKS].filter((c) => FULL_RUN.includes(c));
    // Failing from 30 s, each run ending at 47 s (a 50 s Lambda timeout less its margin): the round at 40 s fails
    // alone, and half a round later (50 s) is past the run; the last moment a round fits (44 s) still confirms it.
    const failing = (ms: number): ReadonlySet<CheckName> => new Set<CheckName>(ms >= 30_000 ? ['token'] : []);
    const runs = await oneRegionRuns(
      2,
      (ms) => answers(FULL_RUN, failing(ms)),
      (ms) => answers(fast, failing(ms)),
      { deadlineMs: 47_000 },
    );
    expect(runs.changes[0]).toEqual({ at: 44_000, on: true });
    // Rounds at 20 and 40 s sample once; the confirming round at 44 s and the next run's first are in doubt.
    expect(runs.samplesPerRound.slice(0, 4)).toEqual([1, 1, SUSPECT_SAMPLES, SUSPECT_SAMPLES]);
  });

  it('pages an Okta failing 40 s in 80 within 60 s of its first spell, at every phase', async () => {
    for (let phase = 0; phase < 60_000; phase += 5_000) {
      const failing = (ms: number): ReadonlySet<CheckName> =>
        new Set<CheckName>(ms >= phase && ms < phase + 320_000 && (ms - phase) % 80_000 < 40_000 ? ['token'] : []);
      const changes = await minutes(7, failing);
      const first = changes.find((c) => c.on);
      expect(first, `phase ${phase / 1000} s`).toBeDefined();
      expect(first!.at - phase, `phase ${phase / 1000} s`).toBeLessThanOrEqual(60_000);
      expect(changes.filter((c) => c.on).length, `phase ${phase / 1000} s`).toBeLessThanOrEqual(2);
    }
  });

  it('never pages for one failing round among passing ones: a second failing round confirms it', async () => {
    // Okta's background errors: one round in five minutes fails, alone.
    const changes = await minutes(5, (ms) => new Set<CheckName>(ms >= 100_000 && ms < 101_000 ? ['token'] : []));
    expect(changes).toEqual([]);
  });

  it('pages for an Okta failing 30 s in 60, at every phase: two failing rounds in a minute confirm it', async () => {
    // Rounds 20 s apart against a 30 s failing spell: at some phases a failing round sits between two passing ones.
    for (const phaseMs of [0, 5_000, 10_000, 15_000, 20_000, 25_000]) {
      const changes = await minutes(
        6,
        (ms) => new Set<CheckName>(ms < 300_000 && Math.floor((ms + phaseMs) / 30_000) % 2 === 0 ? ['token'] : []),
      );
      expect(changes.filter((c) => c.on).length, `phase ${phaseMs}`).toBe(1);
    }
  });

  it('pages once for a flapping /token, 40 s failing and 40 s answering, four times over', async () => {
    const flapping = (ms: number): ReadonlySet<CheckName> =>
      new Set<CheckName>(ms < 320_000 && Math.floor(ms / 40_000) % 2 === 0 ? ['token'] : []);
    const changes = await minutes(8, flapping);
    expect(changes.filter((c) => c.on).length).toBeLessThanOrEqual(2);
    expect(changes.filter((c) => c.on)[0]?.at).toBe(6_667);
  });
});
