// Okta writes events "near real-time": a failure looked up at the end of its own run may not be in the log yet.
// A warm Lambda's next run asks again and tells the same failure, if it persists, what Okta said about it.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../functions/diagnosis';
import { pendingFailures, withFindings } from '../../../../functions/probe/system-log/look-up';
import type { OktaReason } from '../../../../functions/probe/system-log/reasons';
import type { CheckResult } from '../../../../functions/types';

const failing = (requestId: string, server = 'default'): CheckResult => ({
  server,
  check: 'token',
  status: 'fail',
  latencyMs: 10,
  diagnosis: diagnose('NO_ACCESS_POLICY', { requestId, httpStatus: 401 }),
});
const reason = (requestId: string): OktaReason => ({
  requestId,
  eventType: 'app.oauth2.as.token.grant',
  result: 'FAILURE',
  reason: 'no_matching_policy',
  displayMessage: 'OAuth2 token request',
  debug: {},
  line: 'app.oauth2.as.token.grant FAILURE: no_matching_policy',
});

describe('pending failures', () => {
  it('keeps the failures the log did not explain yet, with their request ids', () => {
    const checks = [failing('reqNow1'), failing('reqNow2', 'org')];

    expect(pendingFailures(checks, new Map([['reqNow2', reason('reqNow2')]]))).toEqual([
      { server: 'default', check: 'token', code: 'NO_ACCESS_POLICY', requestId: 'reqNow1' },
    ]);
  });

  it("tells a persisting failure Okta's reason for the same failure a run earlier, and says so", () => {
    const earlier = [
      { server: 'default', check: 'token' as const, code: 'NO_ACCESS_POLICY' as const, requestId: 'reqBefore' },
    ];

    const [told] = withFindings(
      [failing('reqNow')],
      { reasons: new Map([['reqBefore', reason('reqBefore')]]), changes: new Map() },
      earlier,
    );

    expect(told?.diagnosis?.systemLog?.reason).toBe(
      "app.oauth2.as.token.grant FAILURE: no_matching_policy (Okta's account of the same failure a run " +
        'earlier, X-Okta-Request-Id reqBefore)',
    );
  });

  it('never lends an earlier reason to another check, server or code', () => {
    const earlier = [
      { server: 'org', check: 'token' as const, code: 'NO_ACCESS_POLICY' as const, requestId: 'reqBefore' },
    ];

    const [told] = withFindings(
      [failing('reqNow')],
      { reasons: new Map([['reqBefore', reason('reqBefore')]]), changes: new Map() },
      earlier,
    );

    expect(told?.diagnosis?.systemLog).toBeUndefined();
  });
});

describe('a failure whose reason went unread', () => {
  const unread =
    'the /api/v1/logs bucket had 20 of 60 left until its reset: the probe read no more this run, leaving the ' +
    "rest to the org's other log readers";

  it('says so, with why, instead of reading as a failure the log had nothing on', () => {
    const [told] = withFindings([failing('reqNow')], { reasons: new Map(), changes: new Map(), unread });

    expect(told?.diagnosis?.systemLog?.reason).toBe(`not read this run: ${unread}`);
  });

  it(
    "keeps Okta's account where one was read, and says nothing of a failure without a request id or of the " +
      "log's own check",
    () => {
      const noAnswer: CheckResult = {
        server: 'default',
        check: 'token',
        status: 'fail',
        latencyMs: 10,
        diagnosis: diagnose('TIMEOUT', {}),
      };
      const logItself: CheckResult = { ...failing('reqLog', 'org'), check: 'system-log' };

      const [explained, timedOut, ownCheck] = withFindings([failing('reqNow'), noAnswer, logItself], {
        reasons: new Map([['reqNow', reason('reqNow')]]),
        changes: new Map(),
        unread,
      });

      expect(explained?.diagnosis?.systemLog?.reason).toBe('app.oauth2.as.token.grant FAILURE: no_matching_policy');
      expect(timedOut?.diagnosis?.systemLog).toBeUndefined();
      expect(ownCheck?.diagnosis?.systemLog).toBeUndefined();
    },
  );

  it('is still asked about by the next run', () => {
    expect(pendingFailures([failing('reqNow')], new Map())).toEqual([
      { server: 'default', check: 'token', code: 'NO_ACCESS_POLICY', requestId: 'reqNow' },
    ]);
  });
});
