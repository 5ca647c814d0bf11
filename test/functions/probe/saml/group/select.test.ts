// A session's share of a group: the catalogue spread over the cadence, failing and warned apps within half a
// share more, the longest unchecked first, and a bounded catch-up after a run that could not finish its share.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../../../functions/contract';
import type { GroupApp, KeptApp } from '../../../../../functions/probe/saml/group/apps';
import { sessionsPerCadence } from '../../../../../functions/plan/saml-load';
import { needsRecheck, overdueApps, selectShare } from '../../../../../functions/probe/saml/group/select';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
const app = (i: number): GroupApp => ({
  id: `app-${String(i).padStart(4, '0')}`,
  found: { appId: `0oa${String(i).padStart(17, '0')}`, label: `App ${i}` },
});
const apps = (n: number): GroupApp[] => Array.from({ length: n }, (_, i) => app(i));
const checkedAt = (at: number, extra: Partial<KeptApp> = {}): KeptApp => ({
  at,
  first: at - DAY_MS,
  seen: at,
  code: null,
  ...extra,
});
const cadence = { everyMinutes: 60, journeyEveryMinutes: 5, expiryWarnDays: 30 };

describe("a session's share of its group", () => {
  it('spreads 1,000 apps over the twelve sessions of an hour: 84 each, and every app within the hour', () => {
    const catalogue = apps(1000);
    const kept = new Map<string, KeptApp>();
    const checkedIn: number[] = [];
    for (let session = 0; session < 12; session += 1) {
      const now = NOW + session * 5 * MIN;
      const { apps: share } = selectShare(catalogue, kept, now, cadence);
      checkedIn.push(share.length);
      for (const a of share) kept.set(a.id, checkedAt(now));
    }
    expect(sessionsPerCadence(cadence)).toBe(12);
    expect(checkedIn.every((n) => n === 84)).toBe(true);
    expect(catalogue.every((a) => kept.get(a.id)?.at !== undefined)).toBe(true);
    // The next hour takes the longest unchecked first: the first session's apps, but for the 8 that the twelfth
    // session (84 x 12 = 1,008) checked again.
    const next = selectShare(catalogue, kept, NOW + 60 * MIN, cadence).apps;
    expect(next.map((a) => a.id)).toEqual(catalogue.slice(8, 92).map((a) => a.id));
  });

  it('checks the few apps that failed or warned at their last check in the next session, before its share', () => {
    const catalogue = apps(100);
    const kept = new Map<string, KeptApp>(catalogue.map((a) => [a.id, checkedAt(NOW - 10 * MIN)]));
    kept.set('app-0050', checkedAt(NOW - MIN, { code: 'SAML_AUDIENCE_MISMATCH', since: NOW - 2 * MIN }));
    kept.set('app-0060', checkedAt(NOW - MIN, { cert: { notAfter: NOW + 10 * DAY_MS, fingerprint: 'AA' } }));
    const { apps: share, recheck } = selectShare(catalogue, kept, NOW, cadence);
    expect(share.slice(0, 2).map((a) => a.id)).toEqual(['app-0050', 'app-0060']);
    expect(recheck).toBe(2);
    expect(share).toHaveLength(2 + 9);
    expect(needsRecheck(kept.get('app-0001'), NOW, 30)).toBe(false);
  });

  it(
    'catches up after a run that left apps: up to one and a half shares of the apps past their cadence, never ' +
      'the whole catalogue',
    () => {
      const catalogue = apps(120);
      // Half the catalogue last checked 70 minutes ago: six sessions' worth is late.
      const kept = new Map<string, KeptApp>(
        catalogue.map((a, i) => [a.id, checkedAt(i < 60 ? NOW - 70 * MIN : NOW - 20 * MIN)]),
      );
      const { apps: share, share: size } = selectShare(catalogue, kept, NOW, cadence);
      expect(size).toBe(10);
      expect(share).toHaveLength(15);
      expect(share.every((a) => Number(a.id.slice(4)) < 60)).toBe(true);
    },
  );

  it(
    '50 apps failing for good among 1,000: at most 1.5 shares a session (126, not 84 + 50 each), each failing ' +
      'app every other session at least, every app within the hour',
    () => {
      const catalogue = apps(1000);
      const failing = new Set(catalogue.filter((_, i) => i % 20 === 0).map((a) => a.id));
      const kept = new Map<string, KeptApp>();
      const checks = new Map<string, number>();
      const sizes: number[] = [];
      for (let session = 0; session < 24; session += 1) {
        const now = NOW + session * 5 * MIN;
        const { apps: share, share: size, recheck } = selectShare(catalogue, kept, now, cadence);
        expect(size).toBe(84);
        sizes.push(share.length);
        // The failing apps come first, should the run be cut short.
        expect(share.slice(0, recheck).every((a) => failing.has(a.id))).toBe(true);
        for (const a of share) {
          kept.set(a.id, checkedAt(now, failing.has(a.id) ? { code: 'SAML_AUDIENCE_MISMATCH', since: NOW } : {}));
          if (session >= 12) checks.set(a.id, (checks.get(a.id) ?? 0) + 1);
        }
      }
      expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.floor(84 * 1.5));
      // The second hour, every failing app known: every app checked, and each failing app in at least 6 of the 12
      // sessions (42 places a session for 50 apps, the longest unchecked first), where a healthy app is checked once.
      expect(catalogue.every((a) => (checks.get(a.id) ?? 0) >= 1)).toBe(true);
      expect(Math.min(...[...failing].map((id) => checks.get(id) ?? 0))).toBeGreaterThanOrEqual(6);
    },
  );

  it(
    "checks the new apps of a catalogue at the cadence's pace, the first to join first, and every app in a " +
      'one-off run',
    () => {
      const catalogue = apps(24);
      const kept = new Map<string, KeptApp>(catalogue.map((a, i) => [a.id, { first: NOW - i * MIN, seen: NOW }]));
      const { apps: share } = selectShare(catalogue, kept, NOW, cadence);
      expect(share.map((a) => a.id)).toEqual(['app-0023', 'app-0022']);
      expect(selectShare(catalogue, kept, NOW, { ...cadence, whole: true }).apps).toHaveLength(24);
    },
  );

  it(
    'counts as overdue an app unchecked for twice its ' + 'cadence, and a new one only two cadences after it joined',
    () => {
      const catalogue = apps(3);
      const kept = new Map<string, KeptApp>([
        ['app-0000', checkedAt(NOW - 121 * MIN)],
        ['app-0001', { first: NOW - 119 * MIN, seen: NOW }],
        ['app-0002', checkedAt(NOW - 30 * MIN)],
      ]);
      expect(overdueApps(catalogue, kept, NOW, 60, 2).map((a) => a.id)).toEqual(['app-0000']);
    },
  );
});
