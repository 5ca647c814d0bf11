// `cost` prices the status page's part each region's browser journeys' function writes: one S3 PUT a browser run (its
// line), one S3 GET a run of the home's probe (reading it back beside the model), and from another region the bytes
// sent across regions, in lines of their own in the region whose part it is; none without the page.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { estimateCost } from '../../../functions/cost/estimate';
import { PRICES } from '../../../functions/cost/prices';
import { BROWSER_PART_BYTES_PER_RUN } from '../../../functions/cost/status-page';
import { BENCHMARKED_PROFILE } from '../../../functions/cli/cost';
import { browserJourneyConfig, journeyConfig, TEST_ENV, writeConfig } from '../../support/configs';

const STATUS_PAGE = { allowFrom: ['203.0.113.0/24'] };
const WRITTEN = "Status page: the browser journeys' line written";
const READ = "Status page: the browser journeys' line read";
const ACROSS = "Status page: the browser journeys' line sent across regions";

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

  it("bills another region's part in that region: its PUT, the home probe's GET, and the bytes sent across", () => {
    const raw = browserJourneyConfig();
    const signIn = (raw.signIn as Record<string, unknown>[]).map((j) =>
      j.flow === 'browser' ? { ...j, region: 'eu-west-1' } : j,
    );
    const priced = estimate({ ...raw, signIn, regions: ['us-east-1', 'eu-west-1'], statusPage: STATUS_PAGE });
    const [home, other] = priced.regions;
    const browserRuns = (30 * 24 * 60) / 10;

    // The home hosts the page, and runs no browser journey: no part of its own.
    expect(item(home!.lines, 'Status page: S3 PUT requests')).toBeDefined();
    for (const name of [WRITTEN, READ, ACROSS]) expect(item(home!.lines, name), name).toBeUndefined();
    // eu-west-1's function writes its part into the home's bucket; the home's probe reads it every run.
    expect(item(other!.lines, 'Status page: S3 PUT requests')).toBeUndefined();
    expect(item(other!.lines, WRITTEN)?.quantity).toBe(browserRuns);
    expect(item(other!.lines, READ)?.quantity).toBe(priced.invocationsPerMonth);
    const across = item(other!.lines, ACROSS)!;
    expect(across).toMatchObject({
      quantity: (browserRuns * BROWSER_PART_BYTES_PER_RUN) / 1024 ** 3,
      unitPrice: PRICES.interRegionDataTransferGb.usd / PRICES.interRegionDataTransferGb.per,
    });
    // Said, and tiny: under a cent a month.
    expect(across.monthly).toBeGreaterThan(0);
    expect(across.monthly).toBeLessThan(0.01);
  });

  it("sends nothing across regions for the home region's own part", () => {
    const lines = estimate({ ...browserJourneyConfig(), statusPage: STATUS_PAGE }).regions[0]!.lines;
    expect(item(lines, WRITTEN)).toBeDefined();
    expect(item(lines, ACROSS)).toBeUndefined();
  });
});
