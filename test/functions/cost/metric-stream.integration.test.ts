// The metric stream's cost lines and plan's account of the stream: derived from the metrics the plan publishes and
// the schedule, priced from prices.ts; none without metricStream.
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { loadConfigFile, type LoadedConfig } from '../../../functions/config/parse';
import { BENCHMARKED_PROFILE } from '../../../functions/cli/cost';
import { estimateCost, invocationsPerMonth } from '../../../functions/cost/estimate';
import { metricUpdatesPerMonth } from '../../../functions/cost/metric-stream';
import { PRICES } from '../../../functions/cost/prices';
import { regionPlan } from '../../../functions/plan/region-plan';
import { plannedMetrics } from '../../../functions/plan/checks';
import { exampleConfig, writeConfig } from '../../support/configs';
import { captureIo } from '../cli/helpers';

const STREAM = {
  to: 'datadog',
  secret: 'okta-synthetics/datadog',
  endpointUrl: 'https://awsmetrics-intake.datadoghq.com/v1/input',
};

function load(raw: Record<string, unknown>): { path: string; config: LoadedConfig } {
  const path = writeConfig(raw);
  const loaded = loadConfigFile(path, 'deploy');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return { path, config: loaded.config };
}

describe("the metric stream's cost", () => {
  it("bills every published metric's update each run, and Firehose's GB at 5 KB a record at most", () => {
    for (const scheduleMinutes of [1, 5]) {
      const { config } = load({ ...exampleConfig(), scheduleMinutes, quorum: false, metricStream: STREAM });
      const [region] = estimateCost(config, BENCHMARKED_PROFILE).regions;
      // Each check's and gauge's, and without the fast path each target's UnpagedFailure (probe/unpaged.ts).
      const metrics = plannedMetrics(config.probe).length + regionPlan(config).unpaged.length;
      const runs = invocationsPerMonth(scheduleMinutes);
      const updates = region?.lines.find((l) => l.item === 'Metric stream updates');
      expect(updates?.quantity).toBe(metrics * runs);
      expect(updates?.quantity).toBe(metricUpdatesPerMonth(metrics, runs));
      expect(updates?.monthly).toBeCloseTo((metrics * runs * PRICES.metricStreamUpdate.usd) / 1000, 6);
      // The latencies' p50, p90 and p99: five or fewer extra statistics bill one more update of each.
      const latencies = plannedMetrics(config.probe).filter((m) =>
        ['CheckLatency', 'ServerLatency'].includes(m.name),
      ).length;
      expect(latencies).toBeGreaterThan(0);
      const percentiles = region?.lines.find((l) => l.item === 'Metric stream percentiles');
      expect(percentiles?.quantity).toBe(latencies * runs);
      expect(percentiles?.monthly).toBeCloseTo((latencies * runs * PRICES.metricStreamUpdate.usd) / 1000, 6);
      const ingest = region?.lines.find((l) => l.item === 'Firehose ingestion (to Datadog)');
      expect(ingest?.quantity).toBeCloseTo(((metrics + latencies) * runs * 5) / (1024 * 1024), 6);
      expect(ingest?.monthly).toBeCloseTo((ingest?.quantity ?? 0) * PRICES.firehoseIngestGb.usd, 6);
    }
  });

  it('adds no line without metricStream', () => {
    const { config } = load(exampleConfig());
    const items = estimateCost(config, BENCHMARKED_PROFILE).regions.flatMap((r) => r.lines.map((l) => l.item));
    expect(items.filter((i) => /stream|Firehose/i.test(i))).toEqual([]);
  });

  it('keeps each price with its source', () => {
    expect(PRICES.metricStreamUpdate).toMatchObject({ usd: 0.003, per: 1000 });
    expect(PRICES.metricStreamUpdate.source).toMatch(/aws\.amazon\.com\/cloudwatch\/pricing/);
    expect(PRICES.firehoseIngestGb.source).toMatch(/aws\.amazon\.com\/firehose\/pricing/);
  });
});

describe('plan, with a metric stream', () => {
  it('names the stream, its one namespace, the destination, the secret and its cost, as cost prices it', async () => {
    const { path, config } = load({ ...exampleConfig(), metricStream: STREAM });
    const json = captureIo();
    expect(await main(['plan', '--config', path, '--json'], json)).toBe(0);
    const plan = JSON.parse(json.out()) as { metricStream: Record<string, unknown> };
    const [region] = estimateCost(config, BENCHMARKED_PROFILE).regions;
    const streamLines = region?.lines.filter((l) => l.item.includes('stream') || l.item.startsWith('Firehose')) ?? [];
    expect(plan.metricStream).toEqual({
      name: 'okta-synthetics-metrics',
      to: 'datadog',
      destination: 'Datadog',
      deliveryUrl: 'https://awsmetrics-intake.datadoghq.com/v1/input',
      includeNamespaces: [config.deploy.namespace],
      outputFormat: 'opentelemetry1.0',
      secret: 'okta-synthetics/datadog',
      updatesPerMonth: streamLines[0]?.quantity,
      percentiles: { statistics: ['p50', 'p90', 'p99'], metrics: ['CheckLatency', 'ServerLatency'] },
      percentileUpdatesPerMonth: streamLines.find((l) => l.item === 'Metric stream percentiles')?.quantity,
      alarmStates: {
        stream: 'okta-synthetics-alarm-states',
        deliveryUrl: 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input',
        deadLetterQueue: 'okta-synthetics-alarm-states-dlq',
      },
      monthlyUsd: Math.round(streamLines.reduce((sum, l) => sum + l.monthly, 0) * 100) / 100,
      cost: estimateCost(config, BENCHMARKED_PROFILE).metricStream,
    });
    expect(streamLines.map((l) => l.item)).toEqual([
      'Metric stream updates',
      'Metric stream percentiles',
      'Firehose ingestion (to Datadog)',
    ]);
    const text = captureIo();
    expect(await main(['plan', '--config', path], text)).toBe(0);
    expect(text.out().replace(/\s+/g, ' ')).toContain(
      `Metric stream okta-synthetics-metrics: the namespace ${config.deploy.namespace} only, as opentelemetry1.0, ` +
        'through Firehose to Datadog',
    );
    expect(text.out().replace(/\s+/g, ' ')).toContain('Alarm states: every state change of the stack');
    // What EventBridge could not deliver, and its alarm among the stack's alarms plan lists.
    expect(text.out().replace(/\s+/g, ' ')).toContain(
      'goes to the queue okta-synthetics-alarm-states-dlq, whose alarm warns',
    );
    const alarms = (JSON.parse(json.out()) as { alarms: { name: string; severity: string }[] }).alarms;
    expect(alarms.find((a) => a.name === 'okta-synthetics-alarm-states-dlq')).toMatchObject({ severity: 'warn' });
  });

  it('says where alarm states are not streamed', async () => {
    const { path } = load({ ...exampleConfig(), metricStream: { to: 'newrelic', secret: 'okta-synthetics/nr' } });
    const text = captureIo();
    expect(await main(['plan', '--config', path], text)).toBe(0);
    expect(text.out().replace(/\s+/g, ' ')).toContain('Alarm states are not streamed to New Relic');
  });

  it('says nothing of a stream without one', async () => {
    const text = captureIo();
    expect(await main(['plan', '--config', load(exampleConfig()).path], text)).toBe(0);
    expect(text.out().replace(/\s+/g, ' ')).not.toContain('Metric stream');
  });
});
