// The acting home and a run's last item, as tables: which region acts when the home's item is fresh, stale or ended,
// and which ends of a run say it ended alone.
import { describe, expect, it } from 'vitest';
import type { QuorumSettings } from '../../../functions/config/quorum';
import { actingHome, endingItem, type RegionVerdicts, type RunEnd } from '../../../functions/quorum/decide';

const SETTINGS: QuorumSettings = {
  agree: 2,
  checkEverySeconds: 20,
  freshSeconds: 45,
  homeRegion: 'us-east-1',
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
};
const NOW = 1_000_000;
const item = (region: string, ageS: number, ended?: boolean): RegionVerdicts => ({
  region,
  writtenAt: NOW - ageS * 1000,
  runAt: NOW - ageS * 1000 - 120_000,
  ...(ended !== undefined ? { ended } : {}),
  verdicts: {},
});

describe('actingHome', () => {
  it.each([
    { home: 'fresh, 2 s old', table: [item('us-east-1', 2)], acting: 'us-east-1' },
    { home: 'fresh, 45 s old (freshSeconds)', table: [item('us-east-1', 45)], acting: 'us-east-1' },
    { home: 'stale, 46 s old', table: [item('us-east-1', 46)], acting: 'eu-west-1' },
    { home: 'absent', table: [], acting: 'eu-west-1' },
    { home: 'fresh, 1 s old, its run ended alone', table: [item('us-east-1', 1, true)], acting: 'eu-west-1' },
    { home: 'fresh, ended false', table: [item('us-east-1', 1, false)], acting: 'us-east-1' },
  ])('from eu-west-1, the home $home: $acting acts', ({ table, acting }) => {
    expect(actingHome(SETTINGS, 'eu-west-1', table, NOW)).toBe(acting);
  });

  it.each([
    { eu: 'fresh', table: [item('us-east-1', 1, true), item('eu-west-1', 2)], acting: 'eu-west-1' },
    { eu: 'ended too', table: [item('us-east-1', 1, true), item('eu-west-1', 2, true)], acting: 'ap-southeast-2' },
  ])("from ap-southeast-2, the home ended and eu-west-1's item $eu: $acting acts", ({ table, acting }) => {
    expect(actingHome(SETTINGS, 'ap-southeast-2', table, NOW)).toBe(acting);
  });
});

describe('endingItem', () => {
  const last = item('us-east-1', 1);
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
