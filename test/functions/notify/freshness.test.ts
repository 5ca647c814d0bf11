// Whether an alarm change is still worth a message when it arrives, from the alarm's current state.
import { describe, expect, it } from 'vitest';
import { lateMinutes, parseTimestamp, staleReason } from '../../../functions/notify/freshness';

const AT = '2026-11-22T03:10:41.985+0000';
const ms = (iso: string): number => Date.parse(iso);

describe('staleReason', () => {
  it("sends a change CloudWatch still shows, transition within a second of the event's timestamp", () => {
    expect(
      staleReason({ state: 'ALARM', timestamp: AT }, { state: 'ALARM', since: ms('2026-11-22T03:10:42.100Z') }),
    ).toBeNull();
    expect(staleReason({ state: 'OK', timestamp: AT }, { state: 'OK' })).toBeNull();
  });

  it('refuses an ALARM whose alarm is OK now (it arrived after its recovery): the thread must not end on ALARM', () => {
    expect(staleReason({ state: 'ALARM', timestamp: AT }, { state: 'OK', since: ms('2026-11-22T03:14:00Z') })).toBe(
      'stale: the alarm is OK since 2026-11-22T03:14:00.000Z, not ALARM',
    );
  });

  it(
    'refuses a change superseded by a newer transition to the same state (ALARM, OK, ALARM: the first ALARM ' + 'late)',
    () => {
      expect(
        staleReason({ state: 'ALARM', timestamp: AT }, { state: 'ALARM', since: ms('2026-11-22T03:30:00Z') }),
      ).toMatch(/^stale: a newer ALARM since 2026-11-22T03:30:00.000Z/);
    },
  );

  it('sends when the state could not be read, and refuses when the alarm no longer exists', () => {
    expect(staleReason({ state: 'ALARM', timestamp: AT }, undefined)).toBeNull();
    expect(staleReason({ state: 'ALARM', timestamp: AT }, null)).toBe('the alarm no longer exists');
  });
});

describe('timestamps', () => {
  it("reads EventBridge's offset without a colon, and ISO with Z", () => {
    expect(parseTimestamp(AT)).toBe(ms('2026-11-22T03:10:41.985Z'));
    expect(parseTimestamp('2026-11-22T03:10:41Z')).toBe(ms('2026-11-22T03:10:41Z'));
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });

  it('says how late a change arrived only past 5 minutes', () => {
    expect(lateMinutes(AT, ms('2026-11-22T03:14:41Z'))).toBeNull();
    expect(lateMinutes(AT, ms('2026-11-22T03:52:41Z'))).toBe(42);
  });
});
