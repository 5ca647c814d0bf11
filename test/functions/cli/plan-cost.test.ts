// `plan` and `cost` print some of the same lines (the total, the fast path, the metric stream): each such line is one
// function's, with one figure. `plan` once priced a two-region metric stream at its first region's lines alone ($8.41)
// where `cost` billed both ($15.05).
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import type { CostEstimate } from '../../../functions/cost/estimate';
import { exampleConfig, richestConfig, writeConfig } from '../../support/configs';
import { captureIo } from './helpers';

const STREAM = {
  to: 'datadog',
  secret: 'okta-synthetics/datadog',
  endpointUrl: 'https://awsmetrics-intake.datadoghq.com/v1/input',
};
const TWO_REGIONS = ['us-east-1', 'eu-west-1'];

async function command(...argv: string[]): Promise<string> {
  const io = captureIo();
  expect(await main(argv, io), io.err()).toBe(0);
  return io.out();
}

/** A command's text as one line: its sentences are wrapped at the terminal's width. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

/** The sentences of a text that hold a price, each without what it points at (cost's "above", plan's "of cost"). */
function pricedSentences(text: string): string[] {
  return (oneLine(text).match(/[^.]*\$\d[\d,]*\.\d\d[^.]*\./g) ?? []).map((s) =>
    s.replace(/ \(the "[^)]*\)/, '').trim(),
  );
}

describe('plan and cost, one figure for every line they share', () => {
  it.each([
    ['the example', exampleConfig()],
    ['the richest config', richestConfig()],
    ['two regions with a metric stream', { ...exampleConfig(), regions: TWO_REGIONS, metricStream: STREAM }],
    [
      'three regions, a metric stream and a status page',
      {
        ...exampleConfig(),
        regions: [...TWO_REGIONS, 'ap-southeast-2'],
        metricStream: STREAM,
        statusPage: { allowFrom: ['203.0.113.0/24'] },
      },
    ],
    [
      'two regions with a Preview org every 10 minutes',
      {
        ...exampleConfig(),
        regions: TWO_REGIONS,
        preview: {
          orgUrl: 'https://acme.oktapreview.com',
          everyMinutes: 10,
          servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
        },
      },
    ],
  ])('%s: every price plan prints, cost prints in the same sentence', async (_name, config) => {
    const path = writeConfig(config);
    const plan = await command('plan', '--config', path);
    const cost = await command('cost', '--config', path);
    const total = (JSON.parse(await command('cost', '--config', path, '--json')) as CostEstimate).total;
    const [about, ...shared] = pricedSentences(plan);
    // The total, in plan's words and cost's.
    expect(about).toMatch(new RegExp(`^About \\$${total.toFixed(2)} a month`));
    expect(oneLine(cost)).toContain(`: $${total.toFixed(2)} a month`);
    // Every other priced sentence of plan is one of cost's, word for word.
    expect(shared.length).toBeGreaterThan(0);
    const costSentences = pricedSentences(cost);
    for (const sentence of shared) expect(costSentences, sentence).toContain(sentence);
  });

  it("prices a two-region metric stream as cost adds up its regions' lines", async () => {
    const path = writeConfig({ ...exampleConfig(), regions: TWO_REGIONS, metricStream: STREAM });
    const plan = JSON.parse(await command('plan', '--config', path, '--json')) as {
      metricStream: { monthlyUsd: number; updatesPerMonth: number };
    };
    const cost = JSON.parse(await command('cost', '--config', path, '--json')) as CostEstimate;
    const streamLines = cost.regions.flatMap((r) =>
      r.lines.filter((l) => l.item.startsWith('Metric stream') || l.item.startsWith('Firehose')),
    );
    expect(streamLines).toHaveLength(6);
    const billed = streamLines.reduce((sum, l) => sum + l.monthly, 0);
    expect(plan.metricStream.monthlyUsd).toBe(Math.round(billed * 100) / 100);
    expect(plan.metricStream.updatesPerMonth).toBe(
      streamLines.filter((l) => l.item === 'Metric stream updates').reduce((sum, l) => sum + l.quantity, 0),
    );
    expect(oneLine(await command('plan', '--config', path))).toContain(
      `$${billed.toFixed(2)} a month in all (the "Metric stream" and "Firehose" lines of okta-synthetics cost)`,
    );
  });
});
