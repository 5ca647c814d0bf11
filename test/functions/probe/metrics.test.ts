import { describe, expect, it } from 'vitest';
import { CHECKS, METRICS } from '../../../functions/contract';
import { checkRow } from '../../../functions/plan/check-table';
import { gaugesOf, publishes } from '../../../functions/plan/outputs';
import { reportMetrics } from '../../../functions/probe/metrics';
import { plannedChecks, plannedMetrics } from '../../../functions/plan/checks';
import { INVENTORY_SETTINGS } from '../../../functions/config/inventory';
import type { CheckResult, ProbeConfig } from '../../../functions/types';

const config: ProbeConfig = {
  orgUrl: 'https://acme.okta.com',
  statusPageUrl: 'https://status.example/feed',
  timeoutMs: 5000,
  rateLimitWarnPercent: 10,
  clockSkewWarnSeconds: 60,
  ...INVENTORY_SETTINGS,
  servers: [
    {
      id: 'org',
      clientId: 'a',
      credential: { kind: 'private_key_jwt', from: 'inline', privateKeyPem: 'x' },
      scopes: ['okta.users.read'],
      requiredClaims: [],
    },
    {
      id: 'default',
      clientId: 'b',
      credential: { kind: 'client_secret_basic', from: 'inline', clientSecret: 'y' },
      scopes: ['api'],
      audience: 'api://default',
      requiredClaims: [],
      authorize: { redirectUri: 'https://app/cb' },
    },
  ],
};

const VALUES: Record<string, number> = { headroomPercent: 42.5, skewSeconds: -3, indicator: 1 };
/** Every gauge of the registry gets a reading, so a new gauge is covered here without editing this file. */
const OBSERVED: Partial<Record<CheckResult['check'], Record<string, number>>> = {};
for (const check of CHECKS)
  for (const gauge of gaugesOf(check))
    OBSERVED[check] = { ...OBSERVED[check], [gauge.observed]: VALUES[gauge.observed] ?? 7 };

/** Every planned check, passed, with a latency and its observed gauge: the most a run can emit. */
function fullRun(): CheckResult[] {
  return plannedChecks(config).map(({ server, check }) => ({
    server,
    check,
    status: 'pass' as const,
    latencyMs: 12,
    diagnosis: null,
    ...(OBSERVED[check] && { observed: OBSERVED[check] }),
  }));
}

const key = (m: { name: string; dimensions: Readonly<Record<string, string>> }): string =>
  `${m.name}|${Object.entries(m.dimensions)
    .sort()
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;

describe('reportMetrics', () => {
  it('emits no metric outside plannedMetrics, and every planned metric for a full run', () => {
    const planned = new Set(plannedMetrics(config).map(key));
    const emitted = reportMetrics(fullRun()).map(key);
    expect(emitted.filter((m) => !planned.has(m))).toEqual([]);
    expect(new Set(emitted)).toEqual(planned);
  });

  it('emits CheckSuccess 0 for a failed check and nothing for a skipped one', () => {
    const checks: CheckResult[] = [
      {
        server: 'default',
        check: 'token',
        status: 'fail',
        latencyMs: 80,
        diagnosis: { code: 'INVALID_CLIENT', summary: '', remedy: '', requestId: 'r' },
      },
      {
        server: 'default',
        check: 'introspect',
        status: 'skip',
        skipReason: 'token failed: INVALID_CLIENT',
        latencyMs: null,
        diagnosis: null,
      },
    ];
    expect(reportMetrics(checks)).toEqual([
      { name: 'CheckSuccess', unit: 'Count', dimensions: { Server: 'default', Check: 'token' }, value: 0 },
      { name: 'CheckLatency', unit: 'Milliseconds', dimensions: { Server: 'default', Check: 'token' }, value: 80 },
    ]);
  });

  it("emits no CheckSuccess for Okta's read-only mode: an announced operation of Okta's judges nothing", () => {
    const readOnly: CheckResult = {
      server: 'default',
      check: 'token',
      status: 'fail',
      latencyMs: 80,
      diagnosis: { code: 'OKTA_READ_ONLY_MODE', summary: '', remedy: '', requestId: 'r' },
    };
    expect(reportMetrics([readOnly]).filter((m) => m.name === 'CheckSuccess')).toEqual([]);
  });

  it(
    'emits CheckSuccess 1 for a check that does not apply by design, so its alarm never breaches on missing ' + 'data',
    () => {
      const checks: CheckResult[] = [
        {
          server: 'default',
          check: 'validate',
          status: 'n/a',
          skipReason: 'the access token is encrypted (JWE)',
          latencyMs: null,
          diagnosis: null,
          observed: { encrypted: true },
        },
      ];
      expect(reportMetrics(checks)).toEqual([
        { name: 'CheckSuccess', unit: 'Count', dimensions: { Server: 'default', Check: 'validate' }, value: 1 },
      ]);
    },
  );

  it('reads each gauge of a row from its observed fact, per server, with the contract unit', () => {
    const metrics = reportMetrics(fullRun());
    const gauges = plannedChecks(config).flatMap(({ server, check }) =>
      gaugesOf(check).map((gauge) => ({ server, gauge })),
    );
    expect(new Set(gauges.map((g) => g.server)).size).toBeGreaterThan(1);
    for (const { server, gauge } of gauges) {
      const { name, unit } = METRICS[gauge.metric];
      expect(metrics).toContainEqual({
        name,
        unit,
        dimensions: { Server: server },
        value: VALUES[gauge.observed] ?? 7,
      });
    }
  });

  it('publishes nothing for a gauge whose reading is missing or not a finite number', () => {
    const check = CHECKS.find((c) => gaugesOf(c).length > 0 && !publishes(c, 'success'));
    if (check === undefined) throw new Error('no check of the registry has gauges alone');
    const result = (observed: Record<string, number | string>): CheckResult => ({
      server: 'org',
      check,
      status: 'pass',
      latencyMs: null,
      diagnosis: null,
      observed,
    });
    expect(
      reportMetrics([
        result({}),
        result(Object.fromEntries(gaugesOf(check).map((g) => [g.observed, Number.NaN]))),
        result(Object.fromEntries(gaugesOf(check).map((g) => [g.observed, '7']))),
      ]),
    ).toEqual([]);
  });

  it('emits no latency for a check answered from the cache (latencyMs null)', () => {
    const metrics = reportMetrics([{ server: 'org', check: 'keys', status: 'pass', latencyMs: null, diagnosis: null }]);
    expect(metrics.map((m) => m.name)).toEqual(['CheckSuccess']);
  });
});

describe('ServerLatency', () => {
  const alarmed: ProbeConfig = {
    ...config,
    latencyWarnMs: 1500,
    servers: config.servers.map((s) => (s.id === 'default' ? { ...s, latencyWarnMs: null } : s)),
  };
  const result = (
    check: CheckResult['check'],
    latencyMs: number | null,
    code?: 'TIMEOUT' | 'NETWORK_ERROR' | 'INVALID_CLIENT',
  ): CheckResult =>
    code === undefined
      ? { server: 'org', check, status: 'pass', latencyMs, diagnosis: null }
      : {
          server: 'org',
          check,
          status: 'fail',
          latencyMs,
          diagnosis: { code, summary: '', remedy: '', requestId: null },
        };
  const latencies = (checks: CheckResult[], with_: ProbeConfig = alarmed): number[] =>
    reportMetrics(checks, with_)
      .filter((m) => m.name === 'ServerLatency')
      .map((m) => m.value);

  // A server's checks with an exchange of their own, and one without (its latencyMs is not a request's).
  const timed = CHECKS.filter((c) => checkRow(c).target === 'server' && publishes(c, 'latency'));
  const untimed = CHECKS.find((c) => checkRow(c).target === 'server' && !checkRow(c).timed);

  it(
    'publishes every answered request of an alarmed server, failed or not, and no timeout, connection error or ' +
      'cached read',
    () => {
      const [cached, answered, refused, timedOut, unreachable] = timed;
      if (
        cached === undefined ||
        answered === undefined ||
        refused === undefined ||
        timedOut === undefined ||
        unreachable === undefined ||
        untimed === undefined
      )
        throw new Error('the registry has fewer than 5 timed server checks');
      const checks = [
        result(cached, null),
        result(answered, 30),
        result(refused, 210, 'INVALID_CLIENT'),
        result(timedOut, 5000, 'TIMEOUT'),
        result(unreachable, 12, 'NETWORK_ERROR'),
        result(untimed, 0),
      ];
      expect(latencies(checks)).toEqual([30, 210]);
      expect(reportMetrics(checks, alarmed).find((m) => m.name === 'ServerLatency')).toEqual({
        name: 'ServerLatency',
        unit: 'Milliseconds',
        dimensions: { Server: 'org' },
        value: 30,
      });
    },
  );

  it('publishes nothing for a server whose latency is not alarmed, nor without the config', () => {
    const [check = 'token'] = timed;
    expect(latencies([{ ...result(check, 210), server: 'default' }])).toEqual([]);
    expect(latencies([result(check, 210)])).toEqual([210]);
    expect(reportMetrics([result(check, 210)]).map((m) => m.name)).not.toContain('ServerLatency');
  });

  it('emits exactly plannedMetrics for a full run of an alarmed config', () => {
    const planned = new Set(plannedMetrics(alarmed).map(key));
    const emitted = new Set(reportMetrics(fullRun(), alarmed).map(key));
    expect(emitted).toEqual(planned);
    expect([...planned].filter((m) => m.startsWith('ServerLatency'))).toEqual(['ServerLatency|Server=org']);
  });
});
