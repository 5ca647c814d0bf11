// The latch calls a read of the table asks for, and a round's health, as tables: what a region read and holds in,
// the calls and the health out. No clock: every moment is a number.
import { describe, expect, it } from 'vitest';
import type { StackQuorum } from '../../../functions/config/quorum';
import { THREE_REGIONS } from '../../support/quorum-settings';
import type { RegionVerdicts } from '../../../functions/quorum/decide';
import { planLatches, roundHealthy, troubled } from '../../../functions/quorum/latch';

const SETTINGS = THREE_REGIONS;
const NOW = 1_000_000;

/** A region's item written `ago` ms before NOW: its org verdict down (confirmed) or up for a minute. */
const item = (region: string, state: 'down' | 'up', ago = 0): RegionVerdicts => ({
  region,
  writtenAt: NOW - ago,
  verdicts: {
    org:
      state === 'down'
        ? { state, at: NOW - ago, until: NOW - ago + 45_000, downRounds: 0b11 }
        : { state, at: NOW - ago, until: NOW - ago + 45_000, upSince: NOW - ago - 60_000 },
  },
});

describe('the latch calls of one read', () => {
  it.each<[string, string, 'down' | 'up', RegionVerdicts[], string[], boolean, { latch: boolean }[], string]>([
    [
      'the home sets on two regions down',
      'us-east-1',
      'down',
      [item('eu-west-1', 'down')],
      [],
      false,
      [{ latch: true }],
      'us-east-1',
    ],
    [
      '... and writes nothing while it holds',
      'us-east-1',
      'down',
      [item('eu-west-1', 'down')],
      ['org'],
      false,
      [],
      'us-east-1',
    ],
    [
      '... unless the latch is unknown',
      'us-east-1',
      'down',
      [item('eu-west-1', 'down')],
      [],
      true,
      [{ latch: true }],
      'us-east-1',
    ],
    [
      'a region that is not the acting home never sets',
      'eu-west-1',
      'down',
      [item('us-east-1', 'down'), item('ap-southeast-2', 'down')],
      [],
      false,
      [],
      'us-east-1',
    ],
    [
      'a stepped-down stand-in holds the latch it set while the quorum says outage',
      'eu-west-1',
      'down',
      [item('us-east-1', 'down'), item('ap-southeast-2', 'down')],
      ['org'],
      false,
      [],
      'us-east-1',
    ],
    [
      '... and clears it once the regions say up',
      'eu-west-1',
      'up',
      [item('us-east-1', 'up'), item('ap-southeast-2', 'up')],
      ['org'],
      false,
      [{ latch: false }],
      'us-east-1',
    ],
    [
      'a stand-in acts when the home is silent past freshSeconds',
      'eu-west-1',
      'down',
      [item('us-east-1', 'up', 100_000), item('ap-southeast-2', 'down', 2_000)],
      [],
      false,
      [{ latch: true }],
      'eu-west-1',
    ],
  ])('%s', (_, region, own, peers, latched, writeAll, writes, home) => {
    const plan = planLatches({
      settings: SETTINGS,
      region,
      item: item(region, own),
      peers,
      now: NOW,
      latched: new Set(latched),
      writeAll,
    });
    expect(plan.writes.map((w) => ({ latch: w.latch }))).toEqual(writes);
    expect(plan.home).toBe(home);
  });

  it("names the regions' views in the alarm's history, and a region that is not home says who pages", () => {
    const set = planLatches({
      settings: SETTINGS,
      region: 'us-east-1',
      item: item('us-east-1', 'down'),
      peers: [item('eu-west-1', 'down'), item('ap-southeast-2', 'up')],
      now: NOW,
      latched: new Set(),
      writeAll: false,
    });
    expect(set.writes[0]?.reason).toBe(
      'Outage: 2 of 2 needed regions agree (down: us-east-1, eu-west-1; up: ap-southeast-2)',
    );
    const away = planLatches({
      settings: SETTINGS,
      region: 'eu-west-1',
      item: item('eu-west-1', 'up'),
      peers: [item('us-east-1', 'up')],
      now: NOW,
      latched: new Set(),
      writeAll: true,
    });
    expect(away.writes[0]?.reason).toMatch(/^Not paging from eu-west-1: us-east-1 is the acting home and pages\./);
  });
});

describe("a round's health and the watch's trouble", () => {
  it.each<[string, StackQuorum, RegionVerdicts[], { tableWorked: boolean; latchWorked: boolean }, boolean]>([
    [
      'calls worked and a fresh peer: healthy',
      SETTINGS,
      [item('eu-west-1', 'up')],
      { tableWorked: true, latchWorked: true },
      true,
    ],
    [
      'a stalled peer only: no quorum to reach',
      SETTINGS,
      [item('eu-west-1', 'up', 50_000)],
      { tableWorked: true, latchWorked: true },
      false,
    ],
    ['the table failing', SETTINGS, [item('eu-west-1', 'up')], { tableWorked: false, latchWorked: true }, false],
    ['a latch call failing', SETTINGS, [item('eu-west-1', 'up')], { tableWorked: true, latchWorked: false }, false],
    [
      'alone, the table failing does not matter: its latch needs none',
      { ...SETTINGS, agree: 1, regions: ['us-east-1'] },
      [],
      { tableWorked: false, latchWorked: true },
      true,
    ],
  ])('%s', (_, settings, peers, calls, healthy) => {
    expect(roundHealthy(settings, peers, NOW, calls)).toBe(healthy);
  });

  it('watches while a latch is held or any verdict is down, and not otherwise', () => {
    expect(troubled(new Set(), [], [item('us-east-1', 'up'), item('eu-west-1', 'up')])).toBe(false);
    expect(troubled(new Set(['org']), [], [item('us-east-1', 'up')])).toBe(true);
    expect(troubled(new Set(), [], [item('us-east-1', 'up'), item('eu-west-1', 'down')])).toBe(true);
  });
});
