import { describe, expect, it } from 'vitest';
import { BENCHMARKED_PROFILE } from '../../../functions/cli/cost';
import { loadConfigFile } from '../../../functions/config/parse';
import { estimateCost } from '../../../functions/cost/estimate';
import { exampleConfig, writeConfig } from '../../support/configs';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** The example's Org server and nine custom servers: ten checks, as the Synthetics comparison counts them. */
function tenServers(regions: readonly string[]) {
  const example = exampleConfig() as { servers: Record<string, unknown>[] };
  const [org, custom] = [example.servers.find((s) => s.id === 'org'), example.servers.find((s) => s.id !== 'org')];
  const servers = [org, ...Array.from({ length: 9 }, (_, i) => ({ ...custom, id: `aus${i}abcdefghij12345`, secretName: undefined }))];
  const result = loadConfigFile(writeConfig({ ...example, servers: JSON.parse(JSON.stringify(servers)), regions }), 'deploy', {});
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

describe('estimateCost with the quorum', () => {
  it('prices the fast path of 10 checks in 3 regions at no more than 0.1x CloudWatch Synthetics, and states its Okta requests a minute', () => {
    const estimate = estimateCost(tenServers(REGIONS), BENCHMARKED_PROFILE);
    expect(estimate.quorum).not.toBeNull();
    expect(estimate.quorum!.ratioVsSynthetics).toBeLessThanOrEqual(0.1);
    expect(estimate.quorum!.monthly).toBeGreaterThan(0);
    // Two fast rounds a minute beyond the run, one discovery GET per server each.
    expect(estimate.quorum!.oktaRequestsPerMinute).toEqual({ perRegion: 20, allRegions: 60 });
    // The backstop lives in the home region only.
    const home = estimate.regions[0]!.lines.map((l) => l.item);
    const other = estimate.regions[1]!.lines.map((l) => l.item);
    expect(home).toContain('Quorum: backstop alarms');
    expect(other).not.toContain('Quorum: backstop alarms');
    expect(other).toContain('Quorum: latch alarms');
  });

  it('has no fast path, and no quorum line, with one region', () => {
    const estimate = estimateCost(tenServers(['us-east-1']), BENCHMARKED_PROFILE);
    expect(estimate.quorum).toBeNull();
    expect(estimate.regions[0]!.lines.some((l) => l.item.startsWith('Quorum: '))).toBe(false);
  });
});
