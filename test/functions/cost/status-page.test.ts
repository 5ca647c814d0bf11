// `cost` prices the status page's part the browser journeys' function writes: one S3 PUT a browser run (its line), one
// S3 GET a probe run (the probe reading it back beside the model), in lines of their own in the home region; none
// without the page, or without a browser journey in the page's region.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { estimateCost } from '../../../functions/cost/estimate';
import { PRICES } from '../../../functions/cost/prices';
import { BENCHMARKED_PROFILE } from '../../../functions/cli/cost';
import { browserJourneyConfig, journeyConfig, TEST_ENV, writeConfig } from '../../support/configs';

const STATUS_PAGE = { allowFrom: ['203.0.113.0/24'] };
const WRITTEN = "Status page: the browser journeys' line written";
const READ = "Status page: the browser journeys' line read";

function estimate(raw: Record<string, unknown>) {
  const loaded = loadConfigFile(writeConfig(raw), 'deploy', TEST_ENV);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return estimateCost(loaded.config, BENCHMARKED_PROFILE);
}

const item = <L extends { item: string }>(lines: readonly L[], name: string): L | undefined =>
  lines.find((l) => l.item === name);

describe("cost of the status page's browser part", () => {
  it('bills a PUT each browser run and a GET each probe run, at S3 request prices', () => {
    const priced = estimate({ ...browserJourneyConfig(), statusPage: STATUS_PAGE });
    const [region] = priced.regions;
    // The config's browser journey runs every 10 minutes (its default), the probe every minute.
    const browserRuns = (30 * 24 * 60) / 10;
    expect(item(region!.lines, WRITTEN)).toMatchObject({
      quantity: browserRuns,
      unitPrice: PRICES.s3PutRequest.usd / PRICES.s3PutRequest.per,
    });
    expect(item(region!.lines, WRITTEN)!.monthly).toBeCloseTo(
      (browserRuns * PRICES.s3PutRequest.usd) / PRICES.s3PutRequest.per,
      8,
    );
    expect(item(region!.lines, READ)).toMatchObject({
      quantity: priced.invocationsPerMonth,
      unitPrice: PRICES.s3GetRequest.usd / PRICES.s3GetRequest.per,
    });
    // The page's own writes and reads are as they were: the part is counted once, in its own lines.
    const page = estimate({ ...journeyConfig(), statusPage: STATUS_PAGE }).regions[0]!.lines;
    for (const name of ['Status page: S3 PUT requests', 'Status page: S3 GET requests'])
      expect(item(region!.lines, name)?.quantity, name).toBe(item(page, name)?.quantity);
  });

  it('bills neither without a browser journey, nor without the page', () => {
    const apiOnly = estimate({ ...journeyConfig(), statusPage: STATUS_PAGE }).regions[0]!.lines;
    const noPage = estimate(browserJourneyConfig()).regions[0]!.lines;
    for (const lines of [apiOnly, noPage]) {
      expect(item(lines, WRITTEN)).toBeUndefined();
      expect(item(lines, READ)).toBeUndefined();
    }
    // The control: the page without browser journeys still has its own lines.
    expect(item(apiOnly, 'Status page: S3 PUT requests')).toBeDefined();
  });

  it('bills neither where the page is when another region runs the browser journeys', () => {
    const raw = browserJourneyConfig();
    const signIn = (raw.signIn as Record<string, unknown>[]).map((j) =>
      j.flow === 'browser' ? { ...j, region: 'eu-west-1' } : j,
    );
    const priced = estimate({ ...raw, signIn, regions: ['us-east-1', 'eu-west-1'], statusPage: STATUS_PAGE });
    const [home, other] = priced.regions;
    // The home's probe reads no part (no journey of its region writes one), and eu-west-1 has no page to write to.
    expect(item(home!.lines, 'Status page: S3 PUT requests')).toBeDefined();
    for (const lines of [home!.lines, other!.lines]) {
      expect(item(lines, WRITTEN)).toBeUndefined();
      expect(item(lines, READ)).toBeUndefined();
    }
    expect(item(other!.lines, 'Lambda requests (browser, x86_64)')).toBeDefined();
  });
});
