// The quorum's simulated deployment (scripts/bench/quorum-sim.ts, BENCHMARKS.md t) held to the page's timing on its
// fake clock: a total or token-only outage pages within 15 s whatever its phase against the rounds, and the
// backstop's OK after a stall that never heals is what CloudWatch's unknown second makes it, never kinder. Nothing
// here is timed in real time: each figure is the simulation's logic. Integration lane: it synthesizes both
// deployments' stacks to read their page composites.
import { beforeAll, describe, expect, it } from 'vitest';
import { QUORUM_DEFAULTS } from '../../functions/config/quorum';
import { fastPageWithinSeconds } from '../../functions/plan/quorum';
import { synthesizedRule, type Deployment } from '../../scripts/bench/quorum-scenarios';
import { backstopAtEveryFix, pageAtEveryPhase, SWEEP_PHASES_S } from '../../scripts/bench/quorum-sweeps';

/** The goal: a page within 15 s of a total or token-only outage's start. */
const PAGE_GOAL_MS = 15_000;
/** Every half second of a minute, a tenth past it: just after each grid round at 7.5 s, and between them. */
const PHASES = SWEEP_PHASES_S;
/** The composite's reaction and SNS (the simulation's compositeAndSnsMs), and a round's own time, with room. */
const COMPOSITE_MS = 1_500;

let three: Deployment;
let one: Deployment;
beforeAll(() => {
  three = synthesizedRule(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
  one = synthesizedRule(['us-east-1']);
});

describe('the page at every phase of the outage against the rounds', () => {
  it('is promised within 15 s at the default interval', () => {
    expect(fastPageWithinSeconds(QUORUM_DEFAULTS.checkEverySeconds) * 1000).toBeLessThanOrEqual(PAGE_GOAL_MS);
  });

  it.each([
    ['three regions', '5xx'],
    ['three regions', 'token'],
    ['one region', '5xx'],
    ['one region', 'token'],
  ] as const)('%s, %s: within 15 s at every phase', async (deployment, kind) => {
    const sweep = await pageAtEveryPhase(kind, deployment === 'one region' ? one : three, PHASES, [1]);
    expect(sweep.runs).toBe(PHASES.length);
    expect(sweep.worstMs, `at phase ${sweep.worstPhaseS} s`).toBeLessThanOrEqual(PAGE_GOAL_MS);
  });
});

describe("the backstop's OK after a stall that never heals, at CloudWatch's second", () => {
  // Just after the minute's last round (the backstop's, 2 s before its end), early in a minute, and mid-minute.
  const fixes = [58.3, 0.3, 30.3];

  it.each([0, 30, 59])(
    'reading the UTC minute %i s after it ends: within 2 + 60 s + that second, the worst just after the last round',
    async (evaluationSecond) => {
      const sweep = await backstopAtEveryFix('stall', three, { evaluationSecond, window: 'minute' }, fixes);
      expect(sweep.okWorstMs).toBeLessThanOrEqual((62 + evaluationSecond) * 1000 + COMPOSITE_MS);
      // A fix the minute's last round missed waits a whole minute more: the bound is reached, not a kinder one.
      expect(sweep.okWorstMs).toBeGreaterThan((60 + evaluationSecond) * 1000);
      expect(sweep.worstFixS).toBe(58.3);
    },
  );

  it('past 90 s when CloudWatch reads the minute late: the simulation is no kinder than AWS promises', async () => {
    const late = await backstopAtEveryFix('stall', three, { evaluationSecond: 59, window: 'minute' }, [58.3]);
    expect(late.okWorstMs).toBeGreaterThan(90_000);
  });

  it('within 90 s at any second when the window is the 60 s before the evaluation', async () => {
    for (const evaluationSecond of [0, 30, 59]) {
      const sweep = await backstopAtEveryFix('stall', three, { evaluationSecond, window: 'sliding' }, fixes);
      expect(sweep.okWorstMs, `at ${evaluationSecond} s`).toBeLessThanOrEqual(90_000);
    }
  });
});
