// The maintenance silence as the Lambda reads it: an SSM parameter "<until> <reason>", honoured only while
// <until> is in the future and at most 24 h ahead; anything else never silences.
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAINTENANCE_PARAMETER_ENV } from '../../../functions/contract';
import {
  createMaintenanceReader,
  maintenanceAtPublish,
  maintenanceMetrics,
  parseMaintenance,
  runMetrics,
} from '../../../functions/lambda/maintenance';
import { alarmSpecs, maintenanceWithheld } from '../../../functions/plan/alarms';
import { loadConfigFile } from '../../../functions/config/parse';
import type { RunLogLine } from '../../../functions/contract';
import type { MetricDatum } from '../../../functions/types';
import { exampleConfig, writeConfig } from '../../support/configs';
import { lambdaConfig, useLambdaHarness } from '../../support/lambda-harness';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const PARAMETER = '/okta-synthetics/maintenance';

describe('parseMaintenance', () => {
  it('opens a window until a future time with a zone, keeping the reason', () => {
    expect(parseMaintenance('2026-11-22T15:00:00Z Okta maintenance CHG-42', NOW)).toEqual({
      active: true,
      until: '2026-11-22T15:00:00.000Z',
      reason: 'Okta maintenance CHG-42',
    });
    expect(parseMaintenance('2026-11-22T14:30+01:00', NOW)).toMatchObject({
      active: true,
      until: '2026-11-22T13:30:00.000Z',
    });
  });

  it('is closed, silently, once the time has passed or when the parameter is empty', () => {
    expect(parseMaintenance('2026-11-22T11:59:59Z done', NOW)).toEqual({ active: false });
    expect(parseMaintenance('', NOW)).toEqual({ active: false });
    expect(parseMaintenance(undefined, NOW)).toEqual({ active: false });
  });

  it('never silences on a value it cannot trust, and says why', () => {
    expect(parseMaintenance('tomorrow 15:00', NOW)).toMatchObject({
      active: false,
      ignored: expect.stringContaining('ISO-8601'),
    });
    expect(parseMaintenance('2026-11-22T15:00:00 no zone', NOW)).toMatchObject({
      active: false,
      ignored: expect.stringContaining('ISO-8601'),
    });
    expect(parseMaintenance('2027-11-22T15:00:00Z typo in the year', NOW)).toMatchObject({
      active: false,
      ignored: expect.stringContaining('24 h'),
    });
  });

  it('publishes MaintenanceWindow = 1 only while open', () => {
    expect(maintenanceMetrics({ active: true, until: 'x', reason: '' })).toEqual([
      { name: 'MaintenanceWindow', unit: 'Count', dimensions: { Server: 'all' }, value: 1 },
    ]);
    expect(maintenanceMetrics({ active: false })).toEqual([]);
  });
});

describe('runMetrics: the window withholds the failures of the page alarms it mutes', () => {
  // Without the fast path, the page checks' alarms are what the page composites a window mutes hold.
  const loaded = loadConfigFile(writeConfig({ ...exampleConfig(), quorum: false }), 'deploy', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const muted = maintenanceWithheld(alarmSpecs(loaded.config));
  const success = (server: string, check: string, value: number): MetricDatum => ({
    name: 'CheckSuccess',
    unit: 'Count',
    dimensions: { Server: server, Check: check },
    value,
  });
  const latency: MetricDatum = {
    name: 'CheckLatency',
    unit: 'Milliseconds',
    dimensions: { Server: 'org', Check: 'token' },
    value: 812,
  };
  const status = (value: number): MetricDatum => ({
    name: 'StatusPageIndicator',
    unit: 'None',
    dimensions: { Server: 'okta' },
    value,
  });
  const run = [
    success('org', 'token', 0),
    success('org', 'keys', 1),
    success('default', 'validate', 0),
    success('org', 'rate-limit', 0),
    latency,
    status(2),
  ];
  const open = { active: true, until: '2026-11-22T15:00:00.000Z', reason: 'CHG-42' } as const;

  it('keeps a failing page check out of CloudWatch while the window is open, and says which', () => {
    const { metrics, withheld } = runMetrics(run, open, muted);
    expect(metrics).not.toContainEqual(success('org', 'token', 0));
    expect(metrics).not.toContainEqual(success('default', 'validate', 0));
    expect([...withheld].sort()).toEqual(['default/validate', 'org/token']);
    // Passes go out (an alarm already in ALARM recovers), and so does what no muted page alarm watches: a latency,
    // a warn check's failure (muted, but shown), a major Okta incident (a window never silences it).
    expect(metrics).toEqual([
      success('org', 'keys', 1),
      success('org', 'rate-limit', 0),
      latency,
      status(2),
      ...maintenanceMetrics(open),
    ]);
  });

  it('publishes everything, failures included, when no window is open', () => {
    expect(runMetrics(run, { active: false }, muted)).toEqual({ metrics: run, withheld: new Set() });
  });

  it(
    "withholds by the alarm's own threshold: a gauge feeding a muted page alarm goes out while healthy, not " +
      'while breaching',
    () => {
      const rule = {
        metric: 'OrgRateLimitViolations',
        dimensions: { Server: 'org' },
        comparison: 'greaterThanOrEqual',
        threshold: 1,
      } as const;
      const gauge = (value: number): MetricDatum => ({
        name: 'OrgRateLimitViolations',
        unit: 'Count',
        dimensions: { Server: 'org' },
        value,
      });
      expect(runMetrics([gauge(0)], open, [rule]).metrics).toContainEqual(gauge(0));
      const breached = runMetrics([gauge(3)], open, [rule]);
      expect(breached.metrics).not.toContainEqual(gauge(3));
      expect([...breached.withheld]).toEqual(['org/org-rate-limit']);
    },
  );
});

describe('createMaintenanceReader', () => {
  const ssm = mockClient(SSMClient);
  beforeEach(() => ssm.reset());
  afterEach(() => ssm.reset());
  // The unit lane shares a worker between files: the stub must not answer the next file's SSM calls.
  afterAll(() => ssm.restore());
  const reader = () =>
    createMaintenanceReader(PARAMETER, { client: new SSMClient({ region: 'eu-west-1' }), now: () => NOW });

  it('reads the parameter', async () => {
    ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({ Parameter: { Value: '2026-11-22T13:00:00Z release' } });
    expect(await reader().read()).toMatchObject({ active: true, reason: 'release' });
  });

  it('treats a missing parameter as no window, and a failing SSM as no window with the reason', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    expect(await reader().read()).toEqual({ active: false });
    ssm.reset();
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    expect(await reader().read()).toEqual({
      active: false,
      ignored: `GetParameter ${PARAMETER} failed: AccessDeniedException`,
    });
  });
});

describe('the probe Lambda in a maintenance window', () => {
  const NAMESPACE = 'OktaSyntheticsMaintenance';
  const { sim, cloudwatch, invoke, runLogs } = useLambdaHarness({
    namespace: NAMESPACE,
    config: (s) => lambdaConfig(s, { namespace: NAMESPACE }),
  });
  const ssm = mockClient(SSMClient);
  beforeEach(() => {
    ssm.reset();
    process.env[MAINTENANCE_PARAMETER_ENV] = PARAMETER;
  });
  afterEach(() => {
    delete process.env[MAINTENANCE_PARAMETER_ENV];
    ssm.restore();
  });
  const published = (): string[] =>
    cloudwatch()
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => (call.args[0].input.MetricData ?? []).map((d) => d.MetricName ?? ''));

  it("publishes MaintenanceWindow beside the run's metrics while the parameter names a future time", async () => {
    expect(sim().url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    ssm
      .on(GetParameterCommand, { Name: PARAMETER })
      .resolves({ Parameter: { Value: `${new Date(Date.now() + 3_600_000).toISOString()} test` } });
    await invoke();
    expect(published()).toContain('MaintenanceWindow');
    expect(published()).toContain('CheckSuccess');
  });

  it('says in the run line why a parameter was not honoured: pages were not silenced', async () => {
    ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({ Parameter: { Value: 'tomorrow 15:00 release' } });
    await invoke();
    expect(published()).not.toContain('MaintenanceWindow');
    const line = runLogs()[0];
    expect(line?.maintenance).toBeUndefined();
    expect(line?.maintenanceIgnored).toMatch(/"tomorrow" is not an ISO-8601 time/);
  });

  it(
    'withholds a failing page check during the window, and the run line still lists the failure, marked ' + 'withheld',
    async () => {
      ssm
        .on(GetParameterCommand, { Name: PARAMETER })
        .resolves({ Parameter: { Value: `${new Date(Date.now() + 3_600_000).toISOString()} test` } });
      sim().scenario = 'audience-mismatch';
      await invoke();
      const data = cloudwatch()
        .commandCalls(PutMetricDataCommand)
        .flatMap((call) => call.args[0].input.MetricData ?? []);
      const validate = data.filter(
        (d) =>
          d.MetricName === 'CheckSuccess' && d.Dimensions?.some((x) => x.Name === 'Check' && x.Value === 'validate'),
      );
      expect(validate).toEqual([]);
      expect(data.filter((d) => d.MetricName === 'CheckSuccess' && d.Value === 1).length).toBeGreaterThan(3);
      const line = runLogs().at(-1) as unknown as RunLogLine;
      expect(line.failures).toContainEqual(
        expect.objectContaining({
          server: 'default',
          check: 'validate',
          code: 'AUDIENCE_MISMATCH',
          withheld: 'maintenance',
        }),
      );
      expect(line.maintenance).toMatchObject({ reason: 'test' });
    },
  );

  it('publishes the same failure outside a window', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    sim().scenario = 'audience-mismatch';
    await invoke();
    const data = cloudwatch()
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? []);
    expect(data).toContainEqual(
      expect.objectContaining({
        MetricName: 'CheckSuccess',
        Value: 0,
        Dimensions: expect.arrayContaining([{ Name: 'Check', Value: 'validate' }]),
      }),
    );
    expect((runLogs().at(-1) as unknown as RunLogLine).failures.find((f) => f.check === 'validate')).not.toHaveProperty(
      'withheld',
    );
  });

  it('publishes no MaintenanceWindow without the parameter', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    await invoke();
    expect(published()).not.toContain('MaintenanceWindow');
    expect(published()).toContain('CheckSuccess');
  });
});

describe('the publish waiting for the maintenance read', () => {
  afterEach(() => vi.useRealTimers());

  it('waits 2 s after the checks end by default, then silences nothing and says so', async () => {
    // On a fake clock: the docs' 2 s, written as they give it, and no real wait.
    vi.useFakeTimers();
    let window: unknown;
    void maintenanceAtPublish(new Promise(() => undefined), PARAMETER).then((w) => (window = w));
    await vi.advanceTimersByTimeAsync(1999);
    expect(window).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(window).toEqual({
      active: false,
      ignored: `GetParameter ${PARAMETER} had not answered 2000 ms after the checks ended: pages not silenced this run`,
    });
  });
});
