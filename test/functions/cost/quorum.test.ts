import { SUSPECT_SAMPLES } from '../../../functions/quorum/window';
import { describe, expect, it } from 'vitest';
import { BENCHMARKED_PROFILE, quorumLines } from '../../../functions/cli/cost';
import { loadConfigFile } from '../../../functions/config/parse';
import { estimateCost } from '../../../functions/cost/estimate';
import { exampleConfig, writeConfig } from '../../support/configs';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** The example's Org server and nine custom servers: ten checks, as the Synthetics comparison counts them. */
function tenServers(regions: readonly string[], extra: Record<string, unknown> = {}) {
  const example = exampleConfig() as { servers: Record<string, unknown>[] };
  const [org, custom] = [example.servers.find((s) => s.id === 'org'), example.servers.find((s) => s.id !== 'org')];
  const servers = [
    org,
    ...Array.from({ length: 9 }, (_, i) => ({ ...custom, id: `aus${i}abcdefghij12345`, secretName: undefined })),
  ];
  const result = loadConfigFile(
    writeConfig({ ...example, servers: JSON.parse(JSON.stringify(servers)), regions, ...extra }),
    'deploy',
    {},
  );
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

describe('estimateCost with the quorum', () => {
  it(
    'prices the fast path of 10 checks in 3 regions at no more than 0.1x CloudWatch Synthetics, and states its ' +
      'Okta requests a minute',
    () => {
      const estimate = estimateCost(tenServers(REGIONS), BENCHMARKED_PROFILE);
      expect(estimate.quorum).not.toBeNull();
      expect(estimate.quorum!.ratioVsSynthetics).toBeLessThanOrEqual(0.1);
      expect(estimate.quorum!.monthly).toBeGreaterThan(0);
      // The clock's eight grid rounds a minute beside the run, held until the next run has written; in each, every
      // server's discovery, token and /authorize, and the Org server's introspect: 8 x (10 x 3 + 1).
      expect(estimate.quorum!.oktaRequestsPerMinute).toEqual({ perRegion: 248, allRegions: 744 });
      // Each server's /token bucket: eight calls a minute from each of three regions, 16% of an app's share of 300
      // (8% of the bucket; a tenth of it would be 30).
      // In doubt (a request failed lately), the run's first round and the minute's eight grid rounds sample
      // SUSPECT_SAMPLES times each, and OFF_GRID_MAX rounds off the grid (a confirmation, the rounds that show clean
      // stretches stable) may come between them: 11 x 4 x 3 = 132 calls, 88%.
      expect(estimate.quorum!.tokenPerMinute).toEqual({
        perServer: 24,
        percentOfAppShare: 16,
        inDoubt: { perServer: 33 * SUSPECT_SAMPLES, percentOfAppShare: 88 },
      });
      // The backstop lives in the home region only.
      const home = estimate.regions[0]!.lines.map((l) => l.item);
      const other = estimate.regions[1]!.lines.map((l) => l.item);
      expect(home).toContain('Quorum: backstop alarms');
      expect(other).not.toContain('Quorum: backstop alarms');
      expect(other).toContain('Quorum: latch alarms');
    },
  );

  it(
    'prices the fast path of one region by default: its lines, its Okta requests a minute per server, ' +
      "and the home region's backstop",
    () => {
      const estimate = estimateCost(tenServers(['us-east-1']), BENCHMARKED_PROFILE);
      expect(estimate.quorum).toMatchObject({
        agree: 1,
        regions: 1,
        oktaRequestsPerMinute: { perRegion: 248, allRegions: 248 },
      });
      const items = estimate.regions[0]!.lines.map((l) => l.item);
      expect(items).toEqual(
        expect.arrayContaining(['Quorum: Lambda duration', 'Quorum: latch alarms', 'Quorum: backstop alarms']),
      );
      expect(estimate.quorum!.monthly).toBeGreaterThan(0);
      expect(estimate.quorum!.ratioVsSynthetics).toBeLessThanOrEqual(0.1);
    },
  );

  it('has no fast path, and no quorum line, with "quorum": false or one region at scheduleMinutes 5', () => {
    for (const extra of [{ quorum: false }, { scheduleMinutes: 5 }]) {
      const estimate = estimateCost(tenServers(['us-east-1'], extra), BENCHMARKED_PROFILE);
      expect(estimate.quorum).toBeNull();
      expect(estimate.regions[0]!.lines.some((l) => l.item.startsWith('Quorum: '))).toBe(false);
    }
  });

  it('says the fast path is off and why, or what it costs and asks of Okta', () => {
    const off = quorumLines(null, 1, 'above').join(' ');
    expect(off).toContain('Fast path: off ("quorum": false)');
    const five = quorumLines(null, 5, 'above').join(' ');
    expect(five).toMatch(
      /Fast path: off: it checks within one-minute runs, and scheduleMinutes is 5: a failure pages within 11 min/,
    );
    const on = quorumLines(estimateCost(tenServers(['us-east-1']), BENCHMARKED_PROFILE).quorum, 1, 'the lines').join(
      ' ',
    );
    expect(on).toMatch(/an Okta outage pages within 15 s, once, from this region/);
    expect(on).toMatch(/248 more Okta requests a minute per region/);
    expect(on).toMatch(/8 token calls a minute on each server's \/token bucket from all regions, 5.3% of the app's/);
    expect(on).toContain('"quorum": false turns it off');
    // Where its AWS lines are is the caller's to say: `plan` prints none of them.
    expect(on).toContain('(the lines; "quorum": false');
  });
});
