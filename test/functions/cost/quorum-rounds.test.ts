// The loop's schedule run over simulated minutes, pure and with no clock, against what `cost` bills: for every
// allowed checkEverySeconds the grid rounds the schedule takes a minute are the ones `cost` counts, and the backstop's
// PutMetricData calls its runs send in a steady state (each round through the Lambda's once-a-minute-per-value rule)
// are the ones `cost` bills.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { QUORUM_SCHEMA } from '../../../functions/config/quorum-shape';
import { backstopPublishesPerRun, quorumLoad } from '../../../functions/cost/quorum';
import { publishOncePerMinuteValue } from '../../../functions/quorum/minute-dedupe';
import { nextRound, roundBudget, scheduleStart } from '../../../functions/quorum/schedule';
import { exampleConfig, writeConfig } from '../../support/configs';
import { seeded } from '../../support/seeded';

const MINUTES = 600;
/** A run's checks until its item is written: from then the older run reads it and hands its rounds over. */
const CHECKS_MS = 2_000;

/** Where in its minute EventBridge starts the run of minute `m`: anywhere, a fixed spread of phases. */
const startOf = (m: number): number => m * 60_000 + ((m * 7_919 + 1_234) % 60_000);

/** The times of one run's grid rounds, the run held until the next run has written. */
function gridRoundsOf(m: number, checkEverySeconds: number, start = startOf): number[] {
  const handOver = start(m + 1) + CHECKS_MS - 1;
  let state = scheduleStart(start(m), roundBudget(checkEverySeconds));
  const at: number[] = [];
  for (;;) {
    const next = nextRound(state, {}, handOver);
    if (next.kind === 'end') return at;
    expect(next.kind).toBe('grid');
    at.push(next.at);
    state = next.state;
  }
}

/** The grid rounds the schedule gives the region's runs over MINUTES minutes, each run's held until the next writes. */
function gridRoundsPerMinute(checkEverySeconds: number): number {
  let rounds = 0;
  for (let m = 0; m < MINUTES; m += 1) rounds += gridRoundsOf(m, checkEverySeconds).length;
  return rounds / ((startOf(MINUTES) - startOf(0)) / 60_000);
}

/**
 * The backstop's calls a run sends on average with every target up: its own checks' round (at its start) and its
 * grid rounds, each through the once-a-minute-per-value rule, one memory per run (overlapping runs are separate
 * Lambda environments).
 */
async function publishesPerRun(checkEverySeconds: number): Promise<number> {
  // Each minute's start drawn on its own, as EventBridge gives it (startOf's fixed step ties each run to the last).
  const rnd = seeded(checkEverySeconds);
  const phases = Array.from({ length: MINUTES + 1 }, () => Math.floor(rnd() * 60_000));
  const start = (m: number): number => m * 60_000 + phases[m]!;
  let calls = 0;
  for (let m = 0; m < MINUTES; m += 1) {
    const publish = publishOncePerMinuteValue(async () => void (calls += 1));
    for (const at of [start(m), ...gridRoundsOf(m, checkEverySeconds, start)]) await publish({ org: 0 }, at, true);
  }
  return calls / MINUTES;
}

function settings() {
  const loaded = loadConfigFile(writeConfig(exampleConfig()), 'deploy', {});
  if (!loaded.ok || loaded.config.deploy.quorum === null) throw new Error('the example has a quorum');
  return { config: loaded.config, quorum: loaded.config.deploy.quorum };
}

/** Every interval a config may give, read from its declaration: 7.5 s (the default) to 30 s, each half second. */
const INTERVALS = (() => {
  const { minimum, maximum, multipleOf } = QUORUM_SCHEMA.properties.checkEverySeconds;
  return Array.from({ length: (maximum - minimum) / multipleOf + 1 }, (_, i) => minimum + i * multipleOf);
})();

describe('the rounds cost bills and the rounds the loop takes', () => {
  const { config, quorum } = settings();
  it.each(INTERVALS)('agree at checkEverySeconds %s', (checkEverySeconds) => {
    const billed = quorumLoad(config, { ...quorum, checkEverySeconds }).roundsPerMinute;
    const taken = gridRoundsPerMinute(checkEverySeconds);
    // Never more than billed; fewer only by the grid rounds in a run's first quarter round, a quarter a minute at most.
    expect(taken).toBeLessThanOrEqual(billed + 1e-9);
    expect(taken).toBeGreaterThanOrEqual(billed - 0.25);
    expect(billed).toBe(60 / checkEverySeconds);
  });

  it.each(INTERVALS)(
    'bill no fewer backstop calls than the runs send at checkEverySeconds %s, a quarter call a run more at most',
    async (checkEverySeconds) => {
      const billed = backstopPublishesPerRun(quorumLoad(config, { ...quorum, checkEverySeconds }));
      const sent = await publishesPerRun(checkEverySeconds);
      // Once in each minute a run reaches (1 + runMs / 60 s, about 2.03), never more. Fewer where the run's last
      // minute ends before that minute's first grid round (an interval that does not divide the minute, or a run
      // starting in the last quarter round of its minute): a quarter call a run at most, $0.11 a month.
      expect(billed).toBeCloseTo(2.02, 2);
      expect(sent).toBeLessThanOrEqual(billed + 0.01);
      expect(sent).toBeGreaterThanOrEqual(billed - 0.25);
    },
  );
});
