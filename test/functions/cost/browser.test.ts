// `cost` prices the "browser" journeys' function: its own invocations at its cadence, its GB-seconds at its memory
// and measured duration on x86_64 (not the probe's arm64 price), in the region that runs the journeys alone.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { estimateCost } from '../../../functions/cost/estimate';
import { PRICES } from '../../../functions/cost/prices';
import { BROWSER_JOURNEY_TABLE_REQUESTS, BROWSER_NAT_BYTES_PER_RUN } from '../../../functions/cost/browser';
import { BROWSER_MEMORY_MB, BROWSER_RUN_SECONDS } from '../../../functions/plan/browser-part';
import { regionPlan } from '../../../functions/plan/region-plan';
import { BENCHMARKED_PROFILE } from '../../../functions/cli/cost';
import { browserJourneyConfig, journeyConfig, TEST_ENV, writeConfig } from '../../support/configs';

function load(raw: Record<string, unknown>) {
  const loaded = loadConfigFile(writeConfig(raw), 'deploy', TEST_ENV);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config;
}

function estimate(raw: Record<string, unknown>) {
  return estimateCost(load(raw), BENCHMARKED_PROFILE);
}

const item = <L extends { item: string }>(lines: readonly L[], name: string): L | undefined =>
  lines.find((l) => l.item === name);

describe('cost of a "browser" journey', () => {
  it("prices its function's runs every 10 minutes at its memory and measured duration, at x86_64's price", () => {
    const [region] = estimate(browserJourneyConfig()).regions;
    const runs = (30 * 24 * 60) / 10;
    expect(item(region!.lines, 'Lambda requests (browser, x86_64)')).toMatchObject({ quantity: runs });
    const duration = item(region!.lines, 'Lambda duration (browser, x86_64)');
    const gbSeconds = runs * BROWSER_RUN_SECONDS * (BROWSER_MEMORY_MB / 1024);
    expect(duration).toMatchObject({ quantity: gbSeconds, unitPrice: PRICES.lambdaX86GbSecond.usd });
    expect(duration!.monthly).toBeCloseTo(gbSeconds * PRICES.lambdaX86GbSecond.usd, 6);
    expect(item(region!.lines, 'CloudWatch Logs ingestion (browser)')).toBeDefined();
  });

  it("bills what each run sends beside its duration: its PutMetricData and its journey's table requests", () => {
    const [region] = estimate(browserJourneyConfig()).regions;
    const runs = (30 * 24 * 60) / 10;
    expect(item(region!.lines, 'PutMetricData requests (browser)')).toMatchObject({
      quantity: runs,
      unitPrice: PRICES.putMetricData.usd / PRICES.putMetricData.per,
    });
    // One browser journey: a lease, what it sent and its final state each run, read before and at its end.
    expect(BROWSER_JOURNEY_TABLE_REQUESTS).toEqual({ reads: 2, writes: 5 });
    expect(item(region!.lines, "DynamoDB reads (browser journeys' state)")).toMatchObject({ quantity: runs * 2 });
    expect(item(region!.lines, "DynamoDB writes (browser journeys' state)")).toMatchObject({ quantity: runs * 5 });
    // Outside a VPC there is no NAT to bill.
    expect(region!.lines.some((l) => l.item.startsWith('NAT gateway'))).toBe(false);
  });

  it("bills the NAT's processing of the pages each run loads in a VPC, in every region that runs a journey", () => {
    const subnets = (n: number) => ({ subnetIds: [`subnet-0${n}2345678`], securityGroupIds: [`sg-0${n}2345678`] });
    const raw = {
      ...browserJourneyConfig(),
      regions: ['us-east-1', 'eu-west-1'],
      vpc: { 'us-east-1': subnets(1), 'eu-west-1': subnets(2) },
    };
    const [home, other] = estimate(raw).regions;
    const nat = item(home!.lines, 'NAT gateway data processed (browser)');
    const gb = ((30 * 24 * 60) / 10) * (BROWSER_NAT_BYTES_PER_RUN / 1024 ** 3);
    expect(nat).toMatchObject({ quantity: gb, unitPrice: PRICES.natGatewayGb.usd });
    expect(nat!.monthly).toBeCloseTo(gb * 0.045, 6);
    // The other region runs no browser journey: nothing of its NAT is the browser's.
    expect(other!.lines.some((l) => l.item.startsWith('NAT gateway'))).toBe(false);
  });

  it('costs more than the same config with the journey on the API, by its own lines', () => {
    const browser = estimate(browserJourneyConfig());
    const api = estimate(journeyConfig());
    const own = browser.regions[0]!.lines.filter((l) => l.item.includes('(browser'));
    expect(own.length).toBeGreaterThan(0);
    expect(api.regions[0]!.lines.some((l) => l.item.includes('(browser'))).toBe(false);
    expect(browser.total).toBeGreaterThan(api.total);
  });

  it("bills its function's own errors and heartbeat alarms among the standard alarms", () => {
    const [region] = estimate(browserJourneyConfig()).regions;
    const plan = regionPlan(load(browserJourneyConfig()));
    const own = plan.specs.filter((s) => s.kind === 'metric' && 'source' in s && s.source === 'browser-function');
    expect(own.map((s) => s.name)).toEqual([
      'okta-synthetics-function-browser-errors',
      'okta-synthetics-heartbeat-browser',
    ]);
    const standard = plan.counts.alarmMetrics - plan.counts.latchAlarmMetrics - plan.counts.backstopAlarmMetrics;
    expect(item(region!.lines, 'Alarms (standard, per metric)')).toMatchObject({ quantity: standard });
  });

  it("bills the slow page's render metric and its alarm with the journey's other metrics and alarms", () => {
    const config = load(browserJourneyConfig());
    const plan = regionPlan(config);
    const [region] = estimateCost(config, BENCHMARKED_PROFILE).regions;
    const slow = plan.specs.filter((s) => s.name === 'okta-synthetics-portal-sign-in-page-slow');
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatchObject({ metric: 'SignInPageRenderPercent', severity: 'page' });
    // Without the gauge's alarm and series the plan would count one of each fewer: both are in what cost bills.
    const metrics = plan.counts.metrics - plan.counts.metricsAtTimes - plan.counts.fastPathMetrics;
    expect(item(region!.lines, 'Custom metrics')).toMatchObject({ quantity: metrics });
    expect(plan.metrics.filter((m) => m.name === 'SignInPageRenderPercent')).toMatchObject([
      { dimensions: { Server: 'portal' }, published: true },
    ]);
    const standard = plan.counts.alarmMetrics - plan.counts.latchAlarmMetrics - plan.counts.backstopAlarmMetrics;
    expect(item(region!.lines, 'Alarms (standard, per metric)')).toMatchObject({ quantity: standard });
  });

  it('prices nothing for it in a region that does not run the journey', () => {
    const raw = { ...browserJourneyConfig(), regions: ['us-east-1', 'eu-west-1'] };
    const [home, other] = estimate(raw).regions;
    expect(home!.lines.some((l) => l.item.includes('(browser'))).toBe(true);
    expect(other!.lines.some((l) => l.item.includes('(browser'))).toBe(false);
  });
});
