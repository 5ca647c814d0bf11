import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../functions/contract';
import { gaugesOf } from '../../../functions/plan/outputs';
import { reportMetrics } from '../../../functions/probe/metrics';
import { plannedChecks, plannedMetrics } from '../../../functions/plan/checks';
import type { CheckResult, ProbeConfig } from '../../../functions/types';

const config: ProbeConfig = {
  orgUrl: 'https://acme.okta.com',
  statusPageUrl: 'https://status.example/feed',
  timeoutMs: 5000,
  rateLimitWarnPercent: 10,
  clockSkewWarnSeconds: 60,
  servers: [
    { id: 'org', clientId: 'a', credential: { kind: 'private_key_jwt', from: 'inline', privateKeyPem: 'x' }, scopes: ['okta.users.read'], requiredClaims: [] },
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
for (const check of CHECKS) for (const gauge of gaugesOf(check)) OBSERVED[check] = { ...OBSERVED[check], [gauge.observed]: VALUES[gauge.observed] ?? 7 };

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
  `${m.name}|${Object.entries(m.dimensions).sort().map(([k, v]) => `${k}=${v}`).join(',')}`;

describe('reportMetrics', () => {
  it('emits no metric outside plannedMetrics, and every planned metric for a full run', () => {
    const planned = new Set(plannedMetrics(config).map(key));
    const emitted = reportMetrics(fullRun()).map(key);
    expect(emitted.filter((m) => !planned.has(m))).toEqual([]);
    expect(new Set(emitted)).toEqual(planned);
  });

  it('emits CheckSuccess 0 for a failed check and nothing for a skipped one', () => {
    const checks: CheckResult[] = [
      { server: 'default', check: 'token', status: 'fail', latencyMs: 80, diagnosis: { code: 'INVALID_CLIENT', summary: '', remedy: '', requestId: 'r' } },
      { server: 'default', check: 'introspect', status: 'skip', skipReason: 'token failed: INVALID_CLIENT', latencyMs: null, diagnosis: null },
    ];
    expect(reportMetrics(checks)).toEqual([
      { name: 'CheckSuccess', unit: 'Count', dimensions: { Server: 'default', Check: 'token' }, value: 0 },
      { name: 'CheckLatency', unit: 'Milliseconds', dimensions: { Server: 'default', Check: 'token' }, value: 80 },
    ]);
  });

  it('emits CheckSuccess 1 for a check that does not apply by design, so its alarm never breaches on missing data', () => {
    const checks: CheckResult[] = [
      { server: 'default', check: 'validate', status: 'n/a', skipReason: 'the access token is encrypted (JWE)', latencyMs: null, diagnosis: null, observed: { encrypted: true } },
    ];
    expect(reportMetrics(checks)).toEqual([{ name: 'CheckSuccess', unit: 'Count', dimensions: { Server: 'default', Check: 'validate' }, value: 1 }]);
  });

  it('reads gauges from the observed facts with the contract units', () => {
    const metrics = reportMetrics(fullRun());
    expect(metrics).toContainEqual({ name: 'RateLimitHeadroom', unit: 'Percent', dimensions: { Server: 'org' }, value: 42.5 });
    expect(metrics).toContainEqual({ name: 'ClockSkew', unit: 'Seconds', dimensions: { Server: 'default' }, value: -3 });
    expect(metrics).toContainEqual({ name: 'StatusPageIndicator', unit: 'None', dimensions: { Server: 'okta' }, value: 1 });
  });

  it('emits no latency for a check answered from the cache (latencyMs null)', () => {
    const metrics = reportMetrics([{ server: 'org', check: 'keys', status: 'pass', latencyMs: null, diagnosis: null }]);
    expect(metrics.map((m) => m.name)).toEqual(['CheckSuccess']);
  });
});

describe('ServerLatency (issue 22)', () => {
  const alarmed: ProbeConfig = { ...config, latencyWarnMs: 1500, servers: config.servers.map((s) => (s.id === 'default' ? { ...s, latencyWarnMs: null } : s)) };
  const result = (check: CheckResult['check'], latencyMs: number | null, code?: 'TIMEOUT' | 'NETWORK_ERROR' | 'INVALID_CLIENT'): CheckResult =>
    code === undefined
      ? { server: 'org', check, status: 'pass', latencyMs, diagnosis: null }
      : { server: 'org', check, status: 'fail', latencyMs, diagnosis: { code, summary: '', remedy: '', requestId: null } };
  const latencies = (checks: CheckResult[], with_: ProbeConfig = alarmed): number[] =>
    reportMetrics(checks, with_).filter((m) => m.name === 'ServerLatency').map((m) => m.value);

  it('publishes every answered request of an alarmed server, failed or not, and no timeout, connection error or cached read', () => {
    const checks = [result('discovery', null), result('keys', 30), result('token', 210, 'INVALID_CLIENT'), result('introspect', 5000, 'TIMEOUT'), result('authorize', 12, 'NETWORK_ERROR'), result('clock', 0)];
    expect(latencies(checks)).toEqual([30, 210]);
    expect(reportMetrics(checks, alarmed).find((m) => m.name === 'ServerLatency')).toEqual({ name: 'ServerLatency', unit: 'Milliseconds', dimensions: { Server: 'org' }, value: 30 });
  });

  it('publishes nothing for a server whose latency is not alarmed, nor without the config', () => {
    expect(latencies([{ ...result('token', 210), server: 'default' }])).toEqual([]);
    expect(reportMetrics([result('token', 210)]).map((m) => m.name)).not.toContain('ServerLatency');
  });

  it('emits exactly plannedMetrics for a full run of an alarmed config', () => {
    const planned = new Set(plannedMetrics(alarmed).map(key));
    const emitted = new Set(reportMetrics(fullRun(), alarmed).map(key));
    expect(emitted).toEqual(planned);
    expect([...planned].filter((m) => m.startsWith('ServerLatency'))).toEqual(['ServerLatency|Server=org']);
  });
});
