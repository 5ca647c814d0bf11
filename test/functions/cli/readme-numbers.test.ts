// One number for each fact: the README's counts and prices of the committed example are what `plan` prints, and
// `plan`'s are what `cost` bills. Once the README said 31 metrics, `plan` 36 and `cost` billed 34 (and 43 alarm lines
// beside `plan`'s 41 alarms), and `plan` pointed at "Quorum:" lines only `cost` prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { countsText } from '../../../functions/cli/cost';
import type { CostEstimate } from '../../../functions/cost/estimate';
import type { PlanCounts } from '../../../functions/plan/region-plan';
import { journeyPageWithinMinutes } from '../../../functions/plan/alarm-timing';
import { SIGN_IN_DEFAULT_EVERY_MINUTES } from '../../../functions/config/schema';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';
import { figureValue } from '../../../scripts/docs';
import { captureIo, ROOT } from './helpers';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

async function command(...argv: string[]): Promise<string> {
  const io = captureIo();
  expect(await main(argv, io), io.err()).toBe(0);
  return io.out();
}

interface PlanJson {
  counts: PlanCounts;
  alarms: { kind: string }[];
  monthlyUsd: number;
  timing: { journeyPageWithinMinutes: number | null };
}

const usd = (n: number): string => `$${n.toFixed(2)}`;
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

describe("the example's numbers: the README's are plan's, plan's are cost's", async () => {
  const plan = JSON.parse(await command('plan', '--config', EXAMPLE_CONFIG_PATH, '--json')) as PlanJson;
  const cost = JSON.parse(await command('cost', '--config', EXAMPLE_CONFIG_PATH, '--json')) as CostEstimate;
  const [region] = cost.regions;
  const quantity = (item: string): number => region?.lines.find((l) => l.item === item)?.quantity ?? 0;

  it("the README states plan's metrics, alarms and monthly total", () => {
    expect(plan.counts.alarms).toBe(plan.alarms.length);
    expect(figureValue(readme, 'example-metrics')).toBe(String(plan.counts.metrics));
    expect(figureValue(readme, 'example-alarms')).toBe(String(plan.alarms.length));
    expect(figureValue(readme, 'example-monthly')).toBe(usd(plan.monthlyUsd));
  });

  it("cost bills the plan's metrics and alarms, and its total is plan's", () => {
    expect(region?.counts).toEqual(plan.counts);
    expect(usd(cost.total)).toBe(usd(plan.monthlyUsd));
    // Billed every hour: all the plan's metrics but those published only at times.
    expect(quantity('Custom metrics') + quantity('Quorum: backstop metrics')).toBe(
      plan.counts.metrics - plan.counts.metricsAtTimes,
    );
    expect(plan.counts.metricsAtTimes).toBeGreaterThan(0);
    // Every metric alarm, billed per metric it reads, and every composite.
    expect(
      quantity('Alarms (standard, per metric)') +
        quantity('Quorum: latch alarms') +
        quantity('Quorum: backstop alarms'),
    ).toBe(plan.counts.alarmMetrics);
    expect(quantity('Alarms (composite)')).toBe(plan.counts.compositeAlarms);
    expect(plan.counts.compositeAlarms).toBe(plan.alarms.filter((a) => a.kind === 'composite').length);
  });

  it('plan and cost say the counts in the same words, and plan points at no line it does not print', async () => {
    const words = countsText(plan.counts);
    const planText = oneLine(await command('plan', '--config', EXAMPLE_CONFIG_PATH));
    const costText = oneLine(await command('cost', '--config', EXAMPLE_CONFIG_PATH));
    expect(planText).toContain(words);
    expect(costText).toContain(words);
    expect(planText).not.toContain('lines above');
    expect(planText).toContain('"Quorum:" lines of okta-synthetics cost');
  });

  it("the README's Lambda and fast-path prices are cost's lines", () => {
    const monthly = (item: string): number => region?.lines.find((l) => l.item === item)?.monthly ?? 0;
    expect(figureValue(readme, 'example-fast-path-lambda-cost')).toBe(usd(monthly('Quorum: Lambda duration')));
    expect(figureValue(readme, 'example-lambda-cost')).toBe(
      usd(monthly('Lambda requests (arm64)') + monthly('Lambda duration (arm64)') + monthly('Quorum: Lambda duration')),
    );
    expect(figureValue(readme, 'example-synthetics-cost')).toBe(usd(cost.peers[0]?.monthly ?? 0));
  });

  it("the README's outage and configuration page times are plan's, each its own", async () => {
    const planText = oneLine(await command('plan', '--config', EXAMPLE_CONFIG_PATH));
    // A time is whole seconds or a half (22.5 s: a round more than an outage at 7.5 s rounds).
    const seconds = String.raw`(\d+(?:\.\d+)?)`;
    const said = new RegExp(
      `An Okta outage pages within ${seconds} s, a server's configuration stopping users within ${seconds} s`,
    ).exec(planText);
    expect(said, planText).not.toBeNull();
    expect(figureValue(readme, 'page-within')).toBe(`${said?.[1]} seconds`);
    expect(figureValue(readme, 'config-page-within')).toBe(`${said?.[2]} seconds`);
  });

  it("the README's journey page time is the alarm plan's, at the default cadence", () => {
    expect(figureValue(readme, 'journey-every')).toBe(String(SIGN_IN_DEFAULT_EVERY_MINUTES));
    expect(figureValue(readme, 'journey-page-within')).toBe(
      `${journeyPageWithinMinutes(SIGN_IN_DEFAULT_EVERY_MINUTES, 1, true)} minutes`,
    );
    // The README no longer says the org's own configuration pages "within a minute" for every target.
    expect(readme).not.toMatch(/configuration stopping users[^.]*within a minute/);
  });
});
