// The backstop's rounds sent once a minute per value: which rounds are sent, and that what CloudWatch makes of them
// (each minute's Minimum and Maximum of each metric) is the same as when every round is sent. No clock, no AWS.
import { describe, expect, it } from 'vitest';
import { publishOncePerMinuteValue, type PublishRound } from '../../../functions/quorum/minute-dedupe';
import { seeded } from '../../support/seeded';

/** A minute of the wall clock (the epoch's 1,000th). */
const M = 60_000_000;

interface Round {
  readonly failing: Readonly<Record<string, 0 | 1>>;
  readonly at: number;
  readonly healthy: boolean;
}

/** A publish that records what it was given, refusing the calls `refuse` names as CloudWatch would (a throw). */
function recorder(refuse: (call: number) => boolean = () => false) {
  const sent: Round[] = [];
  let calls = 0;
  const publish: PublishRound = async (failing, at, healthy) => {
    calls += 1;
    if (refuse(calls)) throw new Error('ThrottlingException: Rate exceeded');
    sent.push({ failing: { ...failing }, at, healthy });
  };
  return { publish, sent, calls: () => calls };
}

describe('publishOncePerMinuteValue', () => {
  it('skips a round whose values equal its minute earlier one, and sends a changed value or a new minute', async () => {
    const cw = recorder();
    const publish = publishOncePerMinuteValue(cw.publish);
    await publish({ org: 0, custom: 0 }, M + 1_000, true);
    await publish({ org: 0, custom: 0 }, M + 20_000, true);
    await publish({ org: 0, custom: 0 }, M + 40_000, true);
    // A value not yet in the minute: the whole round is sent.
    await publish({ org: 1, custom: 0 }, M + 50_000, true);
    // Each value already sent in the minute, in another round: Minimum and Maximum stay; not sent.
    await publish({ org: 0, custom: 0 }, M + 55_000, true);
    await publish({ org: 1, custom: 0 }, M + 59_999, true);
    // The health moved: sent.
    await publish({ org: 1, custom: 0 }, M + 59_999, false);
    // The next minute's first round: sent, whatever the last minute held.
    await publish({ org: 1, custom: 0 }, M + 60_000, false);
    await publish({ org: 1, custom: 0 }, M + 80_000, false);
    expect(cw.sent.map((r) => r.at - M)).toEqual([1_000, 50_000, 59_999, 60_000]);
    expect(cw.sent[1]).toEqual({ failing: { org: 1, custom: 0 }, at: M + 50_000, healthy: true });
  });

  it('sends a round naming a target the minute has not seen yet', async () => {
    const cw = recorder();
    const publish = publishOncePerMinuteValue(cw.publish);
    await publish({ org: 0 }, M, true);
    await publish({ org: 0, custom: 0 }, M + 20_000, true);
    await publish({ org: 0 }, M + 40_000, true);
    expect(cw.sent.map((r) => r.at - M)).toEqual([0, 20_000]);
  });

  it('sends again the round after a refused publish, and rethrows the refusal', async () => {
    const cw = recorder((call) => call === 1);
    const publish = publishOncePerMinuteValue(cw.publish);
    await expect(publish({ org: 1 }, M + 1_000, false)).rejects.toThrow('ThrottlingException');
    await publish({ org: 1 }, M + 21_000, false);
    await publish({ org: 1 }, M + 41_000, false);
    expect(cw.calls()).toBe(2);
    expect(cw.sent.map((r) => r.at - M)).toEqual([21_000]);
  });

  it('remembers only what was sent: a refused changed round leaves the minute as it was', async () => {
    const cw = recorder((call) => call === 2);
    const publish = publishOncePerMinuteValue(cw.publish);
    await publish({ org: 0 }, M, true);
    await expect(publish({ org: 1 }, M + 20_000, true)).rejects.toThrow();
    await publish({ org: 1 }, M + 40_000, true);
    expect(cw.sent.map((r) => [r.at - M, r.failing.org])).toEqual([
      [0, 0],
      [40_000, 1],
    ]);
  });

  it('sends a round dated in an earlier minute than the newest it sent, and keeps the newest', async () => {
    const cw = recorder();
    const publish = publishOncePerMinuteValue(cw.publish);
    await publish({ org: 0 }, M + 60_000, true);
    await publish({ org: 0 }, M + 30_000, true);
    await publish({ org: 0 }, M + 70_000, true);
    expect(cw.sent.map((r) => r.at - M)).toEqual([60_000, 30_000]);
  });
});

/** Each minute's Minimum and Maximum of each metric, as CloudWatch aggregates what it received by timestamp. */
function minuteStatistics(sent: readonly Round[]): Map<string, { min: number; max: number }> {
  const stats = new Map<string, { min: number; max: number }>();
  const add = (key: string, value: number): void => {
    const s = stats.get(key);
    stats.set(
      key,
      s === undefined ? { min: value, max: value } : { min: Math.min(s.min, value), max: Math.max(s.max, value) },
    );
  };
  for (const round of sent) {
    const minute = Math.floor(round.at / 60_000);
    add(`QuorumHealthy/${minute}`, round.healthy ? 1 : 0);
    for (const [target, value] of Object.entries(round.failing)) add(`QuorumFailing/${target}/${minute}`, value);
  }
  return stats;
}

/** A run of many rounds across minutes: random gaps, values that hold for a while or flip, targets that come and go. */
function randomRounds(seed: number, count: number): Round[] {
  const rnd = seeded(seed);
  const rounds: Round[] = [];
  let at = M + Math.floor(rnd() * 60_000);
  let state = { org: 0 as 0 | 1, custom: 0 as 0 | 1, healthy: true };
  for (let i = 0; i < count; i += 1) {
    at += Math.floor(rnd() * 25_000);
    const flip = (p: number, v: 0 | 1): 0 | 1 => (rnd() < p ? ((1 - v) as 0 | 1) : v);
    state = {
      org: flip(0.15, state.org),
      custom: flip(0.05, state.custom),
      healthy: rnd() < 0.1 ? !state.healthy : state.healthy,
    };
    const failing: Record<string, 0 | 1> = rnd() < 0.1 ? { org: state.org } : { org: state.org, custom: state.custom };
    rounds.push({ failing, at, healthy: state.healthy });
  }
  return rounds;
}

describe('publishOncePerMinuteValue, over simulated runs', () => {
  it.each([1, 2, 3, 4, 5])(
    'gives every minute the Minimum and Maximum of every metric that sending each round gives (seed %i)',
    async (seed) => {
      const rounds = randomRounds(seed, 2_000);
      // CloudWatch refuses the same rounds either way: a refusal depends on the round, never on the sender.
      const refused = (round: number): boolean => (round * 7 + seed) % 13 === 0;
      let current = 0;
      const sender = (into: Round[]): PublishRound => {
        return async (failing, at, healthy) => {
          if (refused(current)) throw new Error('ThrottlingException');
          into.push({ failing: { ...failing }, at, healthy });
        };
      };
      const every: Round[] = [];
      const once: Round[] = [];
      const plain = sender(every);
      const deduped = publishOncePerMinuteValue(sender(once));
      for (const [i, round] of rounds.entries()) {
        current = i;
        await plain(round.failing, round.at, round.healthy).catch(() => undefined);
        await deduped(round.failing, round.at, round.healthy).catch(() => undefined);
      }
      expect(minuteStatistics(once)).toEqual(minuteStatistics(every));
      // And the saving is real: most rounds repeat their minute's values.
      expect(once.length).toBeLessThan(every.length * 0.6);
    },
  );
});
