// The watch between rounds and the hand-over as tables: what the run sees in, the next read (or none) out. No clock.
import { describe, expect, it } from 'vitest';
import { THREE_REGIONS } from '../../support/quorum-settings';
import type { RegionVerdicts } from '../../../functions/quorum/decide';
import { PEER_WATCH_MS } from '../../../functions/plan/quorum';
import { previousItem, superseded, watchEnd, watchStep } from '../../../functions/quorum/watch';

const SETTINGS = THREE_REGIONS;
const NOW = 1_000_000;
const item = (region: string, state: 'down' | 'up', writtenAt = NOW, runAt?: number): RegionVerdicts => ({
  region,
  writtenAt,
  ...(runAt !== undefined && { runAt }),
  verdicts: { org: { state, at: writtenAt, until: writtenAt + 45_000 } },
});

/** The watch of us-east-1 (the home) with `until` 20 s ahead, nothing latched, peers up, unless told. */
function step(over: Partial<Parameters<typeof watchStep>[0]> = {}) {
  return watchStep({
    settings: SETTINGS,
    region: 'us-east-1',
    now: NOW,
    until: NOW + 20_000,
    atEnd: false,
    handingOver: false,
    item: item('us-east-1', 'up'),
    peers: [item('eu-west-1', 'up'), item('ap-southeast-2', 'up')],
    decisions: [],
    latched: new Set(),
    ...over,
  });
}

describe('the watch between rounds', () => {
  it.each<[string, Partial<Parameters<typeof watchStep>[0]>, ReturnType<typeof watchStep>]>([
    ['nothing in trouble: no read until the round', {}, undefined],
    [
      'the home with a peer down: reads every region every PEER_WATCH_MS and decides',
      { peers: [item('eu-west-1', 'down'), item('ap-southeast-2', 'up')] },
      { sleepMs: PEER_WATCH_MS, read: ['eu-west-1', 'ap-southeast-2', 'us-east-1'], decide: true },
    ],
    [
      '... a latch held: the same',
      { latched: new Set(['org']) },
      { sleepMs: PEER_WATCH_MS, read: ['eu-west-1', 'ap-southeast-2', 'us-east-1'], decide: true },
    ],
    [
      '... not when less than a watch is left before the round: its own read comes then',
      { latched: new Set(['org']), until: NOW + 1_000 },
      undefined,
    ],
    [
      "... but at the run's end, the last read is then",
      { latched: new Set(['org']), until: NOW + 1_000, atEnd: true },
      { sleepMs: 1_000, read: ['eu-west-1', 'ap-southeast-2', 'us-east-1'], decide: true },
    ],
    [
      'a region that is not the acting home does not watch its peers',
      { region: 'eu-west-1', item: item('eu-west-1', 'down'), peers: [item('us-east-1', 'down')] },
      undefined,
    ],
    [
      'past its checks, every run reads its own item for a newer run, deciding nothing',
      { handingOver: true },
      { sleepMs: PEER_WATCH_MS, read: ['us-east-1'], decide: false },
    ],
    [
      'one region has no peers to watch',
      { settings: { ...SETTINGS, agree: 1, regions: ['us-east-1'] }, latched: new Set(['org']) },
      undefined,
    ],
  ])('%s', (_, over, expected) => {
    expect(step(over)).toEqual(expected);
  });

  it('ends at the next round, or a last read a second before the run ends when no round fits', () => {
    expect(watchEnd(NOW + 20_000, NOW + 60_000)).toBe(NOW + 20_000);
    expect(watchEnd(undefined, NOW + 60_000)).toBe(NOW + 59_000);
  });
});

describe('the hand-over and the item a run starts from', () => {
  it('stops a run on a newer run of its region only', () => {
    expect(superseded([item('us-east-1', 'up', NOW, NOW - 10_000)], 'us-east-1', NOW - 20_000)).toBe(true);
    expect(superseded([item('us-east-1', 'up', NOW, NOW - 30_000)], 'us-east-1', NOW - 20_000)).toBe(false);
    expect(superseded([item('eu-west-1', 'up', NOW, NOW)], 'us-east-1', NOW - 20_000)).toBe(false);
    // An item written before runs overlapped has no runAt: the older.
    expect(superseded([item('us-east-1', 'up')], 'us-east-1', NOW - 20_000)).toBe(false);
  });

  it.each<[string, RegionVerdicts | undefined, RegionVerdicts | undefined, number | undefined]>([
    ["the table's item, written within freshSeconds", item('us-east-1', 'up', NOW - 20_000), undefined, NOW - 20_000],
    [
      'the memory when newer (the table down, or a failed write)',
      item('us-east-1', 'up', NOW - 40_000),
      item('us-east-1', 'down', NOW - 20_000),
      NOW - 20_000,
    ],
    [
      "the table's on a tie",
      item('us-east-1', 'up', NOW - 20_000),
      item('us-east-1', 'down', NOW - 20_000),
      NOW - 20_000,
    ],
    [
      'nothing older than freshSeconds: it misses rounds',
      undefined,
      item('us-east-1', 'down', NOW - 60_000),
      undefined,
    ],
    ["never another region's memory", undefined, item('eu-west-1', 'down', NOW - 10_000), undefined],
  ])('%s', (_, stored, remembered, writtenAt) => {
    const chosen = previousItem(SETTINGS, { region: 'us-east-1', startedAt: NOW }, stored, remembered);
    expect(chosen?.writtenAt).toBe(writtenAt);
    if (stored !== undefined && remembered !== undefined && stored.writtenAt === remembered.writtenAt)
      expect(chosen).toBe(stored);
  });
});
