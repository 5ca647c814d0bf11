// The latch's decision as a table: what one region reads of the verdict table (its own item and its peers'), whether
// its latch is held, and the latch it decides. No clock: every moment is a number.
import { describe, expect, it } from 'vitest';
import { THREE_REGIONS } from '../../support/quorum-settings';
import { decideTarget, type RegionVerdicts, type TargetVerdict } from '../../../functions/quorum/decide';

const SETTINGS = THREE_REGIONS;
const NOW = 1_000_000;

/** A region's item written `ago` ms before NOW, its verdict judged then: down (confirmed), up for `upFor` ms, or up. */
function item(region: string, ago: number, state: 'down' | 'up', upFor = 60_000): RegionVerdicts {
  const at = NOW - ago;
  const verdict: TargetVerdict =
    state === 'down'
      ? { state, at, until: at + 45_000, downRounds: 0b11 }
      : { state, at, until: at + 45_000, upSince: at - upFor };
  return { region, writtenAt: at, verdicts: { org: verdict } };
}

describe('the latch, decided by one region', () => {
  it.each<[string, string, readonly RegionVerdicts[], boolean, boolean]>([
    // A replication stall that outlives the outage: the home reads only its peers' frozen items, so no peer can ever
    // clear its latch. Its own stable rounds clear it.
    [
      'a region reading no fresh peer clears on its own stable verdict',
      'us-east-1',
      [item('us-east-1', 0, 'up'), item('eu-west-1', 90_000, 'down'), item('ap-southeast-2', 80_000, 'down')],
      true,
      false,
    ],
    [
      '... not before its own clean stretch is stable',
      'us-east-1',
      [item('us-east-1', 0, 'up', 20_000), item('eu-west-1', 90_000, 'down'), item('ap-southeast-2', 80_000, 'down')],
      true,
      true,
    ],
    ['... and never while it sees the outage itself', 'us-east-1', [item('us-east-1', 0, 'down')], true, true],
    ['the table down (nothing read of any peer): the same', 'us-east-1', [item('us-east-1', 0, 'up')], true, false],
    [
      'a fresh peer still down holds it: the region is not cut off',
      'us-east-1',
      [item('us-east-1', 0, 'up'), item('eu-west-1', 10_000, 'down')],
      true,
      true,
    ],
    [
      'a fresh peer up but not yet stable holds it: the quorum clears it soon',
      'us-east-1',
      [item('us-east-1', 0, 'up'), item('eu-west-1', 10_000, 'up', 10_000)],
      true,
      true,
    ],
    [
      'a region not named as deciding keeps the quorum rule: a stale quorum holds',
      '',
      [item('us-east-1', 0, 'up'), item('eu-west-1', 90_000, 'down')],
      true,
      true,
    ],
    // eu-west-1 acts as home once us-east-1's item is older than freshSeconds. A stall froze every item about the
    // same moment: ap-southeast-2's down, written before the home went silent, was the home's to page on.
    [
      'a stand-in home does not count a peer down written before the home went silent',
      'eu-west-1',
      [item('eu-west-1', 0, 'down'), item('us-east-1', 50_000, 'down'), item('ap-southeast-2', 42_000, 'down')],
      false,
      false,
    ],
    // A stopped home: its peers go on writing, and what they write after it stopped counts.
    [
      '... and counts one written since',
      'eu-west-1',
      [item('eu-west-1', 0, 'down'), item('us-east-1', 100_000, 'down'), item('ap-southeast-2', 5_000, 'down')],
      false,
      true,
    ],
    [
      'the home counts every fresh peer',
      'us-east-1',
      [item('us-east-1', 0, 'down'), item('eu-west-1', 42_000, 'down')],
      false,
      true,
    ],
  ])('%s', (_, self, tables, latched, expected) => {
    const decided = decideTarget(SETTINGS, 'org', tables, NOW, latched, self === '' ? undefined : self);
    expect(decided.latch).toBe(expected);
  });
});
