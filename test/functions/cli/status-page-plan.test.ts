// plan and cost for this org's own status page: plan names the hosting, the networks and the URL's stack output, and
// tells Okta's status feed apart from the page by their first words; cost prices the page in its own lines, in the
// home region only; a CIDR that is not one is refused by plan with the words synth uses (test/lib/status-page.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { loadConfigFile } from '../../../functions/config/parse';
import { BENCHMARKED_PROFILE } from '../../../functions/cli/cost';
import { estimateCost } from '../../../functions/cost/estimate';
import { STATUS_PAGE_VIEWS_PER_MONTH } from '../../../functions/cost/status-page';
import { PRICES } from '../../../functions/cost/prices';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';
import { writeConfig } from '../../lib/helpers';
import { captureIo } from './helpers';

const raw = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
const ALLOW_FROM = ['203.0.113.0/24', '2001:db8:1200::/40'];

const loaded = (config: Record<string, unknown>) => {
  const read = loadConfigFile(writeConfig(config), 'deploy');
  if (!read.ok) throw new Error(read.errors.join('; '));
  return read.config;
};

describe('plan and cost with statusPage', () => {
  it("plan names the hosting, the networks and the URL's output, Okta's feed apart by its first words", async () => {
    const path = writeConfig({ ...raw, statusPage: { allowFrom: ALLOW_FROM } });
    const text = captureIo();
    expect(await main(['plan', '--config', path], text)).toBe(0);
    const lines = text.out().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^Okta's status feed: https:\/\/\S+, read each run/));
    // The line wraps at 80 columns, its continuation indented: read as one.
    const page = /^This org's own status page for the help desk: .*(?:\n.+)*/m
      .exec(text.out())?.[0]
      .replace(/\s+/g, ' ');
    expect(page).toContain('S3 behind CloudFront');
    expect(page).toContain('CloudFront Function');
    expect(page).toContain(ALLOW_FROM.join(', '));
    expect(page).toContain('stack output StatusPageUrl');
    const json = captureIo();
    expect(await main(['plan', '--config', path, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ statusPage: { allowFrom: ALLOW_FROM, output: 'StatusPageUrl' } });
  });

  it('plan says the page answers over IPv4 only when allowFrom lists no IPv6 network, and why', async () => {
    const said = async (allowFrom: string[]): Promise<string> => {
      const text = captureIo();
      expect(await main(['plan', '--config', writeConfig({ ...raw, statusPage: { allowFrom } })], text)).toBe(0);
      return text.out().replace(/\s+/g, ' ');
    };
    expect(await said(['203.0.113.0/24'])).toContain(
      'opens only from 203.0.113.0/24, over IPv4 only (no IPv6 network listed: browsers that prefer IPv6 fall back ' +
        "to IPv4; list your offices' IPv6 networks to answer over IPv6 too)",
    );
    expect(await said(ALLOW_FROM)).not.toContain('IPv4 only');
  });

  it('plan says there is no page without statusPage', async () => {
    const text = captureIo();
    expect(await main(['plan', '--config', writeConfig(raw)], text)).toBe(0);
    expect(text.out().replace(/\s+/g, ' ')).toContain(
      "This org's own status page for the help desk: none (statusPage.allowFrom",
    );
  });

  it('plan refuses a CIDR that is not one, naming the field and the fix', async () => {
    const path = writeConfig({ ...raw, statusPage: { allowFrom: ['10.0.0.0/8', '192.168.1.1/24'] } });
    const text = captureIo();
    expect(await main(['plan', '--config', path], text)).not.toBe(0);
    expect(text.err().replace(/\s+/g, ' ')).toContain(
      'statusPage.allowFrom[1]: "192.168.1.1/24" has host bits set after its /24: write the network, "192.168.1.0/24"',
    );
  });

  it("cost prices the page in lines of its own, at the runs' rate, in the home region only", () => {
    const config = loaded({ ...raw, regions: ['us-east-1', 'eu-west-1'], statusPage: { allowFrom: ALLOW_FROM } });
    const estimate = estimateCost(config, BENCHMARKED_PROFILE);
    const [home, other] = estimate.regions;
    const pageLines = <L extends { item: string }>(lines: readonly L[]) =>
      lines.filter((l) => l.item.startsWith('Status page'));
    expect(pageLines(other?.lines ?? [])).toEqual([]);
    const lines = pageLines(home?.lines ?? []);
    expect(lines.map((l) => l.item)).toEqual([
      'Status page: S3 PUT requests',
      'Status page: S3 GET requests',
      'Status page: CloudFront HTTPS requests',
      'Status page: CloudFront data out',
      'Status page: CloudFront Function (allowlist)',
      // With several regions the page tells the quorum's decision: it reads the items and the latches once a run.
      "Status page: the quorum's items read",
      "Status page: the quorum's latches read",
    ]);
    const runs = estimate.invocationsPerMonth;
    const put = lines.find((l) => l.item === 'Status page: S3 PUT requests');
    expect(put?.quantity).toBe(runs * 3);
    expect(put?.monthly).toBeCloseTo((runs * 3 * PRICES.s3PutRequest.usd) / 1000, 6);
    expect(lines.find((l) => l.item.endsWith('latches read'))?.quantity).toBe(runs);
    expect(lines.find((l) => l.item.endsWith('items read'))?.quantity).toBe(runs * 2 * 0.5);
    const fn = lines.find((l) => l.item.includes('CloudFront Function'));
    expect(fn?.quantity).toBe(STATUS_PAGE_VIEWS_PER_MONTH);
    // One region reads no quorum. docs/status-page.md's figures for it are npm run docs's (scripts/figures.ts).
    const alone = estimateCost(loaded({ ...raw, statusPage: { allowFrom: ALLOW_FROM } }), BENCHMARKED_PROFILE);
    const aloneLines = pageLines(alone.regions[0]?.lines ?? []);
    expect(aloneLines.some((l) => l.item.includes('quorum'))).toBe(false);
    const without = estimateCost(loaded({ ...raw, regions: ['us-east-1', 'eu-west-1'] }), BENCHMARKED_PROFILE);
    expect(pageLines(without.regions.flatMap((r) => r.lines))).toEqual([]);
  });
});
