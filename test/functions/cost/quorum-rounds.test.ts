// The loop's schedule run over simulated minutes, pure and with no clock, against what `cost` bills: for every
// allowed checkEverySeconds the grid rounds the schedule takes a minute are the ones `cost` counts.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { quorumLoad } from '../../../functions/cost/quorum';
import { nextRound, roundBudget, scheduleStart } from '../../../functions/quorum/schedule';
import { exampleConfig, writeConfig } from '../../support/configs';

const MINUTES = 600;
/** A run's checks until its item is written: from then the older run reads it and hands its rounds over. */
const CHECKS_MS = 2_000;

/** Where in its minute EventBridge starts the run of minute `m`: anywhere, a fixed spread of phases. */
const startOf = (m: number): number => m * 60_000 + ((m * 7_919 + 1_234) % 60_000);

/** The grid rounds the schedule gives the region's runs over MINUTES minutes, each run's held until the next writes. */
function gridRoundsPerMinute(checkEverySeconds: number): number {
  const budget = roundBudget(checkEverySeconds);
  let rounds = 0;
  for (let m = 0; m < MINUTES; m += 1) {
    const handOver = startOf(m + 1) + CHECKS_MS - 1;
    let state = scheduleStart(startOf(m), budget);
    for (;;) {
      const next = nextRound(state, {}, handOver);
      if (next.kind === 'end') break;
      expect(next.kind).toBe('grid');
      rounds += 1;
      state = next.state;
    }
  }
  return rounds / ((startOf(MINUTES) - startOf(0)) / 60_000);
}

function settings() {
  const loaded = loadConfigFile(writeConfig(exampleConfig()), 'deploy', {});
  if (!loaded.ok || loaded.config.deploy.quorum === null) throw new Error('the example has a quorum');
  return { config: loaded.config, quorum: loaded.config.deploy.quorum };
}

describe('the rounds cost bills and the rounds the loop takes', () => {
  const { config, quorum } = settings();
  it.each(Array.from({ length: 21 }, (_, i) => 10 + i))('agree at checkEverySeconds %i', (checkEverySeconds) => {
    const billed = quorumLoad(config, { ...quorum, checkEverySeconds }).roundsPerMinute;
    const taken = gridRoundsPerMinute(checkEverySeconds);
    // Never more than billed; fewer only by the grid rounds in a run's first quarter round, a quarter a minute at most.
    expect(taken).toBeLessThanOrEqual(billed + 1e-9);
    expect(taken).toBeGreaterThanOrEqual(billed - 0.25);
    expect(billed).toBe(60 / checkEverySeconds);
  });
});
