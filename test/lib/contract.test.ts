// An alarm or a graph on a metric nobody emits is a silent hole: every metric the stack watches in the
// probe's namespace must be in the contract and in the plan of the configuration it was built from.
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHECKS,
  METRICS,
  QUORUM_FAILING_METRIC,
  QUORUM_HEALTHY_METRIC,
  QUORUM_LATCH_METRIC,
  type CheckName,
} from '../../functions/contract';
import { gaugesOf, publishes } from '../../functions/plan/outputs';
import { gaugeThreshold } from '../../functions/plan/member-alarms';
import type { LoadedConfig } from '../../functions/config/parse';
import { plannedChecks, plannedMetrics } from '../../functions/plan/checks';
import { planOfRegion } from '../../functions/plan/region-plan';
import { build, exampleConfig, resources, synthTemplate } from './helpers';
import { fromAlarms, fromDashboard, metricKey as key } from './template-alarms';

describe('metrics watched by the stack', () => {
  let template: Template;
  let config: LoadedConfig;
  beforeAll(() => {
    const raw = exampleConfig();
    const { result } = build(raw);
    if (!result.ok) throw new Error(result.errors.join('; '));
    config = result.config;
    template = synthTemplate(raw);
  });

  it('finds metrics in both the alarms and the dashboard (the walk itself works)', () => {
    const checks = plannedMetrics(config.probe).filter((m) => m.name === METRICS.CheckSuccess.name).length;
    expect(checks).toBeGreaterThan(10);
    expect(fromAlarms(template).filter((w) => w.namespace === config.deploy.namespace).length).toBeGreaterThan(checks);
    expect(fromDashboard(template).filter((w) => w.namespace === config.deploy.namespace).length).toBeGreaterThan(
      checks,
    );
  });

  it('are, in the probe namespace, contract metrics the configuration plans to publish', () => {
    // The fast path's metrics (on by default) are the quorum contract's: its probes publish them, its latches watch
    // one nobody does.
    const contract = new Set<string>([
      ...Object.values(METRICS).map((m) => m.name),
      QUORUM_LATCH_METRIC,
      QUORUM_FAILING_METRIC,
      QUORUM_HEALTHY_METRIC,
    ]);
    const planned = new Set(planOfRegion(config, 'us-east-1').metrics.map((m) => key(m.name, m.dimensions)));
    const stray = [...fromAlarms(template), ...fromDashboard(template)]
      .filter((w) => w.namespace === config.deploy.namespace)
      .filter((w) => !contract.has(w.name) || !planned.has(key(w.name, w.dimensions)))
      .map((w) => `${w.where}: ${key(w.name, w.dimensions)}`);
    expect(stray).toEqual([]);
  });

  it("are, outside it, only the probe function's and its queue's own AWS metrics", () => {
    const others = [...fromAlarms(template), ...fromDashboard(template)].filter(
      (w) => w.namespace !== config.deploy.namespace,
    );
    expect(new Set(others.map((w) => `${w.namespace} ${w.name}`))).toEqual(
      new Set([
        'AWS/Lambda Errors',
        'AWS/Lambda Throttles',
        'AWS/Lambda Invocations',
        'AWS/Lambda Duration',
        'AWS/SQS NumberOfMessagesSent',
      ]),
    );
  });

  it('cover every planned check with a CheckSuccess alarm, or with its gauge alarm when the gauge replaces it', () => {
    const alarmed = new Set(fromAlarms(template).map((w) => key(w.name, w.dimensions)));
    // A check with gauges and no CheckSuccess (its row's outputs): its gauges' alarms are its alarms.
    const replaced = new Set(CHECKS.filter((check) => !publishes(check, 'success') && gaugesOf(check).length > 0));
    const checkSuccess = plannedMetrics(config.probe).filter((m) => m.name === METRICS.CheckSuccess.name);
    const unwatched = checkSuccess
      .filter((m) => !replaced.has(m.dimensions.Check as CheckName))
      .filter((m) => !alarmed.has(key(m.name, m.dimensions)));
    expect(unwatched).toEqual([]);
    // The replacing gauge's alarm is there, on the same server: the check is watched, once.
    for (const m of checkSuccess.filter((c) => replaced.has(c.dimensions.Check as CheckName))) {
      const gauge = gaugesOf(m.dimensions.Check as CheckName)[0];
      expect(
        alarmed.has(key(METRICS[gauge?.metric ?? 'CheckSuccess'].name, { Server: m.dimensions.Server ?? '' })),
        `${m.dimensions.Server} ${m.dimensions.Check}`,
      ).toBe(true);
      expect(alarmed.has(key(m.name, m.dimensions))).toBe(false);
    }
  });

  // A check's registry row (functions/plan/check-row.ts outputs) is the only place a gauge is declared.
  it('is all it takes to plan, alarm and graph a gauge on every server that runs its check', () => {
    const alarms = new Map(
      resources(template, 'AWS::CloudWatch::Alarm').map(([, a]) => {
        const p = (a as { Properties: { AlarmName: string; Threshold: number } }).Properties;
        return [p.AlarmName, p.Threshold] as const;
      }),
    );
    const graphed = new Set(fromDashboard(template).map((w) => key(w.name, w.dimensions)));
    const planned = new Set(plannedMetrics(config.probe).map((m) => key(m.name, m.dimensions)));
    const servers = (check: string): string[] => [
      ...new Set(
        plannedChecks(config.probe)
          .filter((c) => c.check === check)
          .map((c) => c.server),
      ),
    ];
    let seen = 0;
    for (const [check, gauge] of CHECKS.flatMap((c) => gaugesOf(c).map((g) => [c, g] as const))) {
      for (const server of servers(check)) {
        const metric = key(METRICS[gauge.metric].name, { Server: server });
        expect(planned.has(metric), `${metric} planned`).toBe(true);
        expect(graphed.has(metric), `${metric} on the dashboard`).toBe(true);
        for (const alarm of gauge.alarms) {
          expect(alarms.get(`${config.deploy.prefix}-${server}-${alarm.name}`), `${server}-${alarm.name}`).toBe(
            gaugeThreshold(alarm, config.probe),
          );
          seen += 1;
        }
      }
    }
    // headroom and clock skew on both servers, the status feed's three, the certificate on the first server.
    expect(seen).toBeGreaterThanOrEqual(6);
  });
});
