// Okta's disaster recovery read from the System Log: each event once, in the window that owns it, told as Okta's own
// operation and never a page.
import { describe, expect, it } from 'vitest';
import { failovers, judgeFailover } from '../../../../functions/probe/system-log/failover';
import type { LogEvent } from '../../../../functions/probe/okta/log-events';
import { failureSeverity } from '../../../../functions/plan/outputs';

const WINDOW = { start: Date.parse('2026-05-01T10:00:00Z'), end: Date.parse('2026-05-01T10:01:00Z') };

const event = (eventType: string, at: string, uuid: string, result: string | null = 'SUCCESS'): LogEvent => ({
  uuid,
  published: Date.parse(at),
  eventType,
  displayMessage: null,
  result,
  reason: null,
  actor: { alternateId: 'system@okta.com', type: 'SystemPrincipal' },
  targets: [],
  transactionId: null,
  debug: {},
});

describe('failovers', () => {
  it('keeps the recovery events of its own window, each uuid once, and nothing else', () => {
    const found = failovers(
      [
        event('system.dr.failover', '2026-05-01T10:00:20Z', 'a'),
        event('system.dr.failover', '2026-05-01T10:00:20Z', 'a'),
        event('system.dr.failback', '2026-05-01T10:01:00Z', 'b'),
        event('system.org.rate_limit.violation', '2026-05-01T10:00:30Z', 'c'),
        event('system.dr.failback', '2026-05-01T09:59:59Z', 'd'),
      ],
      WINDOW,
    );
    expect(found).toEqual([
      {
        uuid: 'a',
        published: Date.parse('2026-05-01T10:00:20Z'),
        eventType: 'system.dr.failover',
        outcome: 'SUCCESS',
        startedBy: null,
        message: null,
      },
    ]);
  });
});

describe('judgeFailover', () => {
  it('passes with none, skips when the log was not read', () => {
    expect(judgeFailover([], undefined)).toMatchObject({ diagnosis: null, observed: { failovers: 0 } });
    expect(judgeFailover(null, 'SYSTEM_LOG_THROTTLED')).toMatchObject({
      notRun: 'skip',
      reason: expect.stringContaining('SYSTEM_LOG_THROTTLED'),
    });
  });

  it("tells each operation with its time and outcome, an unknown system.dr.* event too, as Okta's own", () => {
    const found = failovers(
      [
        event('system.dr.failover', '2026-05-01T10:00:20Z', 'a', 'FAILURE'),
        event('system.dr.rehearsal', '2026-05-01T10:00:40Z', 'b', null),
      ],
      WINDOW,
    );
    const judged = judgeFailover(found, undefined);
    expect(judged).toMatchObject({ diagnosis: { code: 'OKTA_FAILOVER' }, observed: { failovers: 2 } });
    const detail = 'diagnosis' in judged ? (judged.diagnosis?.detail ?? '') : '';
    expect(detail).toContain(', by Okta, at 2026-05-01T10:00:20.000Z (system.dr.failover, outcome FAILURE)');
    expect(detail).toContain('system.dr.rehearsal, a disaster-recovery operation');
    expect(detail).toContain("Okta's own operation, not an outage");
  });

  it("names the admin who started a failover (a User actor), and quotes Okta's message when it failed", () => {
    const byAdmin: LogEvent = {
      ...event('system.dr.failover', '2026-05-01T10:00:20Z', 'a', 'FAILURE'),
      displayMessage: 'Enhanced Disaster Recovery failover operation for the org domains failed',
      actor: { alternateId: 'admin@acme.example', type: 'User' },
    };
    const judged = judgeFailover(failovers([byAdmin], WINDOW), undefined);
    const detail = 'diagnosis' in judged ? (judged.diagnosis?.detail ?? '') : '';
    expect(detail).toContain('started by admin admin@acme.example');
    expect(detail).toContain('Okta wrote "Enhanced Disaster Recovery failover operation for the org domains failed"');
    expect(detail).not.toContain("Okta's own operation");
  });

  it('never pages, on whichever check it is found', () => {
    expect(failureSeverity('okta-failover', 'OKTA_FAILOVER')).toBe('warn');
    expect(failureSeverity('sign-in', 'OKTA_READ_ONLY_MODE')).toBe('warn');
    expect(failureSeverity('token', 'OKTA_READ_ONLY_MODE')).toBe('warn');
  });
});
