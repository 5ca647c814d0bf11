// The quorum's decisions as tables: the latch one region decides from what it reads of the verdict table (its own
// item and its peers') and whether its latch is held; the acting home when the home's item is fresh, stale or ended;
// and which ends of a run say it ended alone. No clock: every moment is a number.
import { describe, expect, it } from 'vitest';
import { THREE_REGIONS } from '../../support/quorum-settings';
import {
  actingHome,
  decideTarget,
  endingItem,
  type RegionVerdicts,
  type RunEnd,
  type TargetVerdict,
} from '../../../functions/quorum/decide';

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

/** A region's item with no verdicts, `ageS` s old, its run started two minutes before; `ended` as given. */
const aged = (region: string, ageS: number, ended?: boolean): RegionVerdicts => ({
  region,
  writtenAt: NOW - ageS * 1000,
  runAt: NOW - ageS * 1000 - 120_000,
  ...(ended !== undefined ? { ended } : {}),
  verdicts: {},
});

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
    // A home whose run ended alone (its last item fresh, `ended`) is dead at once; it held no latch, so nobody paged
    // on the downs written before its end, and they count.
    [
      '... and, for a home whose run ended alone, one written before that end',
      'eu-west-1',
      [
        item('eu-west-1', 0, 'down'),
        { ...item('us-east-1', 1_000, 'down'), ended: true },
        item('ap-southeast-2', 5_000, 'down'),
      ],
      false,
      true,
    ],
    // ... and still once that end is older than freshSeconds: a bar at the end plus freshSeconds would drop the down
    // written before it, which counted until then, and wait for that peer's next item.
    [
      '... even once that end is older than freshSeconds',
      'eu-west-1',
      [
        item('eu-west-1', 0, 'down'),
        { ...item('us-east-1', 50_000, 'up'), ended: true },
        item('ap-southeast-2', 10_000, 'down'),
      ],
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

describe('actingHome', () => {
  it.each([
    { home: 'fresh, 2 s old', table: [aged('us-east-1', 2)], acting: 'us-east-1' },
    { home: 'fresh, 45 s old (freshSeconds)', table: [aged('us-east-1', 45)], acting: 'us-east-1' },
    { home: 'stale, 46 s old', table: [aged('us-east-1', 46)], acting: 'eu-west-1' },
    { home: 'absent', table: [], acting: 'eu-west-1' },
    { home: 'fresh, 1 s old, its run ended alone', table: [aged('us-east-1', 1, true)], acting: 'eu-west-1' },
    { home: 'fresh, ended false', table: [aged('us-east-1', 1, false)], acting: 'us-east-1' },
  ])('from eu-west-1, the home $home: $acting acts', ({ table, acting }) => {
    expect(actingHome(SETTINGS, 'eu-west-1', table, NOW)).toBe(acting);
  });

  it.each([
    { eu: 'fresh', table: [aged('us-east-1', 1, true), aged('eu-west-1', 2)], acting: 'eu-west-1' },
    { eu: 'ended too', table: [aged('us-east-1', 1, true), aged('eu-west-1', 2, true)], acting: 'ap-southeast-2' },
  ])("from ap-southeast-2, the home ended and eu-west-1's item $eu: $acting acts", ({ table, acting }) => {
    expect(actingHome(SETTINGS, 'ap-southeast-2', table, NOW)).toBe(acting);
  });
});

describe('endingItem', () => {
  const last = aged('us-east-1', 1);
  const alone: RunEnd = { handedOver: false, reachedEnd: true, holdsLatch: false, hasPeers: true };
  it.each([
    { why: 'held to its end, no newer run, no latch: it ended alone', end: alone, says: true },
    { why: 'a newer run wrote: that run holds the rounds', end: { ...alone, handedOver: true }, says: false },
    { why: 'stopped before its end (nothing to hold)', end: { ...alone, reachedEnd: false }, says: false },
    { why: 'holds a latch: its page is sent, no second one', end: { ...alone, holdsLatch: true }, says: false },
    { why: 'alone in the quorum: it acts whatever it writes', end: { ...alone, hasPeers: false }, says: false },
  ])('$why', ({ end, says }) => {
    const ending = endingItem(last, end, NOW);
    expect(ending === undefined ? undefined : ending.ended).toBe(says ? true : undefined);
  });

  it('says nothing when a check of its own timed out: its next run waits on the same timeouts, and writes late', () => {
    const timedOut: RegionVerdicts = {
      ...last,
      verdicts: { org: { state: 'down', code: 'TIMEOUT', at: NOW - 1_000, until: NOW + 44_000 } },
    };
    expect(endingItem(timedOut, alone, NOW)).toBeUndefined();
    const failed = {
      ...timedOut,
      verdicts: { org: { ...timedOut.verdicts.org!, code: 'OKTA_SERVER_ERROR' as const } },
    };
    expect(endingItem(failed, alone, NOW)?.ended).toBe(true);
  });

  it("keeps the run's verdicts and start, written at its end", () => {
    expect(endingItem(last, alone, NOW)).toEqual({ ...last, writtenAt: NOW, ended: true });
  });
});
