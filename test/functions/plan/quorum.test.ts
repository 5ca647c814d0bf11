import { describe, expect, it } from 'vitest';
import { THREE_REGIONS } from '../../support/quorum-settings';
import { decideTarget, judgeTargets, type RegionVerdicts, type TargetVerdict } from '../../../functions/quorum/decide';
import type { CheckResult } from '../../../functions/types';
import { verdictOf } from '../../../functions/plan/verdict';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const SETTINGS = THREE_REGIONS;

const pass = (server: string, check: CheckResult['check']): CheckResult => ({
  server,
  check,
  status: 'pass',
  diagnosis: null,
  latencyMs: 10,
});
const fail = (server: string, check: CheckResult['check'], code: string): CheckResult =>
  ({
    server,
    check,
    status: 'fail',
    diagnosis: { code, summary: code, detail: '' },
    latencyMs: 10,
  }) as unknown as CheckResult;

const verdict = (state: TargetVerdict['state'], at: number, freshMs = 45_000): TargetVerdict => ({
  state,
  at,
  until: at + freshMs,
});
const table = (region: string, state: TargetVerdict['state'], at: number): RegionVerdicts => ({
  region,
  writtenAt: at,
  verdicts: { org: verdict(state, at) },
});

describe('judgeTargets', () => {
  it('calls a 5xx, a timeout or a refused connection of a page check down, with its code', () => {
    expect(judgeTargets([fail('org', 'discovery', 'OKTA_SERVER_ERROR')], 0, 45_000).org).toMatchObject({
      state: 'down',
      code: 'OKTA_SERVER_ERROR',
      until: 45_000,
    });
    expect(judgeTargets([fail('org', 'discovery', 'NETWORK_ERROR')], 0, 45_000).org?.state).toBe('down');
    expect(judgeTargets([fail('org', 'token', 'TIMEOUT')], 0, 45_000).org?.state).toBe('down');
  });

  it(
    'calls our own causes (a rotated secret, a secret ' + 'unreadable) own, never down: they go to the warning path',
    () => {
      expect(
        judgeTargets([pass('org', 'discovery'), fail('org', 'token', 'INVALID_CLIENT')], 0, 45_000).org,
      ).toMatchObject({ state: 'own', code: 'INVALID_CLIENT' });
      expect(judgeTargets([fail('org', 'token', 'SECRETS_UNAVAILABLE')], 0, 45_000).org?.state).toBe('own');
    },
  );

  it("never calls Okta's read-only mode down or our own: the target is unknown, or up where a check passed", () => {
    expect(judgeTargets([fail('workforce', 'sign-in', 'OKTA_READ_ONLY_MODE')], 0, 45_000).workforce?.state).toBe(
      'unknown',
    );
    expect(
      judgeTargets([pass('org', 'discovery'), fail('org', 'token', 'OKTA_READ_ONLY_MODE')], 0, 45_000).org?.state,
    ).toBe('up');
    // Any finding that judged nothing, as verdictOf tells it (a SAML app with no session to judge it in), alike.
    expect(verdictOf('saml', 'SAML_NO_SESSION').state).toBe('unknown');
    expect(judgeTargets([fail('apps', 'saml', 'SAML_NO_SESSION')], 0, 45_000).apps?.state).toBe('unknown');
    // Beside a real outage the outage still decides.
    expect(
      judgeTargets([fail('org', 'token', 'OKTA_READ_ONLY_MODE'), fail('org', 'discovery', 'OKTA_SERVER_ERROR')], 0, 1)
        .org?.state,
    ).toBe('down');
  });

  it('ignores warn-only checks, the status feed and carried verdicts', () => {
    const carried = {
      ...fail('org', 'discovery', 'OKTA_SERVER_ERROR'),
      carried: { judgedAt: '2026-01-01T00:00:00Z' },
    } as CheckResult;
    const verdicts = judgeTargets(
      [
        pass('org', 'discovery'),
        fail('org', 'rate-limit', 'RATE_LIMIT_HEADROOM_LOW'),
        carried,
        fail('okta', 'status', 'OKTA_STATUS_DEGRADED'),
      ],
      0,
      45_000,
    );
    expect(verdicts).toEqual({ org: { state: 'up', at: 0, until: 45_000 } });
  });
});

describe('decideTarget', () => {
  const now = 100_000;

  it("latches when two regions' fresh verdicts are down, and names no lone region then", () => {
    const d = decideTarget(
      SETTINGS,
      'org',
      [table('us-east-1', 'down', now), table('eu-west-1', 'down', now - 30_000), table('ap-southeast-2', 'up', now)],
      now,
      false,
    );
    expect(d).toMatchObject({ latch: true, down: ['us-east-1', 'eu-west-1'], lone: [] });
  });

  it('never latches for one region down: that region is lone (it warns, naming itself)', () => {
    const d = decideTarget(
      SETTINGS,
      'org',
      [table('us-east-1', 'up', now), table('eu-west-1', 'down', now), table('ap-southeast-2', 'up', now)],
      now,
      false,
    );
    expect(d).toMatchObject({ latch: false, lone: ['eu-west-1'] });
  });

  it('does not count a verdict past its freshness: a stale down is silent', () => {
    const d = decideTarget(
      SETTINGS,
      'org',
      [table('us-east-1', 'down', now), table('eu-west-1', 'down', now - 46_000)],
      now,
      false,
    );
    expect(d).toMatchObject({ latch: false, silent: ['eu-west-1', 'ap-southeast-2'] });
  });

  it('holds a set latch while the quorum only goes stale, and clears it once two regions are freshly up', () => {
    const staleOnly = [table('us-east-1', 'down', now), table('eu-west-1', 'down', now - 50_000)];
    expect(decideTarget(SETTINGS, 'org', staleOnly, now, true).latch).toBe(true);
    const oneUp = [table('us-east-1', 'up', now), table('eu-west-1', 'down', now - 50_000)];
    expect(decideTarget(SETTINGS, 'org', oneUp, now, true).latch).toBe(true);
    const twoUp = [table('us-east-1', 'up', now), table('eu-west-1', 'up', now - 5_000)];
    expect(decideTarget(SETTINGS, 'org', twoUp, now, true).latch).toBe(false);
  });

  it('counts an own verdict as not down: every region refused for a rotated secret never latches', () => {
    const d = decideTarget(
      SETTINGS,
      'org',
      REGIONS.map((r) => table(r, 'own', now)),
      now,
      true,
    );
    expect(d).toMatchObject({ latch: false, down: [], notDown: REGIONS });
  });
});
