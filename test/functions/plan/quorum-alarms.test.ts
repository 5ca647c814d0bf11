// What the quorum asks of each region's alarms (quorum-alarms.ts), as the one alarm plan builds them: which composite
// each alarm feeds in which region, the latch and backstop, and what the status feed and a stopped probe notify.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { alarmSpecs } from '../../../functions/plan/alarms';
import type { AlarmSpec, CompositeAlarmSpec } from '../../../functions/plan/alarm-spec';
import { regionPlan } from '../../../functions/plan/region-plan';
import { exampleConfig, writeConfig } from '../../support/configs';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function load(raw: unknown) {
  const result = loadConfigFile(writeConfig(raw), 'deploy', {});
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

const specsOf = (config: ReturnType<typeof load>, region: string): AlarmSpec[] => [...regionPlan(config, region).specs];
const quorumOf = (config: ReturnType<typeof load>, region: string) => regionPlan(config, region).quorum;

describe('the quorum asked by the alarm plan', () => {
  const config = load({ ...exampleConfig(), regions: REGIONS });
  const composite = (specs: AlarmSpec[], name: string) =>
    specs.find((s): s is CompositeAlarmSpec => s.name === name && s.kind === 'composite');
  const notifying = (specs: AlarmSpec[], severity: 'page' | 'warn') =>
    specs.filter((s) => s.notifies === severity).map((s) => s.name);

  it(
    "pages for a server from the home region only, through its latch and backstop; the region's page checks " +
      'warn there',
    () => {
      const home = specsOf(config, 'us-east-1');
      expect(composite(home, 'okta-synthetics-org-page')?.members).toEqual([
        'okta-synthetics-org-quorum-latch',
        'okta-synthetics-org-quorum-backstop',
      ]);
      const plainPage = composite(
        alarmSpecs(load({ ...exampleConfig(), regions: REGIONS, quorum: false })),
        'okta-synthetics-org-page',
      );
      expect(composite(home, 'okta-synthetics-org-warn')?.members).toEqual(
        expect.arrayContaining([...(plainPage?.members ?? [])]),
      );
    },
  );

  it(
    'away from home, pages through its latch alone (set only while it is the acting home); the page checks ' +
      'warn, naming the region and the home',
    () => {
      for (const region of ['eu-west-1', 'ap-southeast-2']) {
        const other = specsOf(config, region);
        const page = composite(other, 'okta-synthetics-org-page');
        expect(page?.members).toEqual(['okta-synthetics-org-quorum-latch']);
        expect(page?.description).toContain(`${region} pages once for all only while the regions before it`);
        const warn = composite(other, 'okta-synthetics-org-warn');
        expect(warn?.members).toEqual(
          expect.arrayContaining(['okta-synthetics-org-discovery', 'okta-synthetics-org-token']),
        );
        expect(warn?.members).not.toContain('okta-synthetics-org-quorum-latch');
        expect(warn?.description).toContain(region);
        expect(warn?.description).toContain(
          'pages once, from the home region (us-east-1), or from the next live region',
        );
        // Nothing of a server pages here but the latch: the status feed warns, the page gauges page from home only.
        expect(notifying(other, 'page').filter((n) => n.startsWith('okta-synthetics-okta'))).toEqual([]);
      }
    },
  );

  it("puts each region's latch, and only its own, in that region's page composite of each paging target", () => {
    for (const region of REGIONS) {
      const latches = quorumOf(config, region).filter((a) => a.kind === 'latch');
      expect(latches.map((a) => a.target)).toEqual(['org', 'default']);
      for (const latch of latches)
        expect(composite(specsOf(config, region), `okta-synthetics-${latch.target}-page`)?.members).toContain(
          latch.name,
        );
    }
    expect(quorumOf(config, 'eu-west-1').find((a) => a.kind === 'latch')?.description).toContain(
      'Set only while eu-west-1 is the acting home: the first of us-east-1, eu-west-1, ap-southeast-2',
    );
  });

  it("pages for Okta's major incident on its status feed from the home region, and warns for it elsewhere", () => {
    const status = (region: string) =>
      specsOf(config, region).find((s) => s.name === 'okta-synthetics-okta-status-major');
    expect(status('us-east-1')?.notifies).toBe('page');
    expect(status('eu-west-1')?.notifies).toBe('warn');
    expect(status('eu-west-1')?.description).toContain('the home region (us-east-1) pages for it');
  });

  it(
    "warns for a stopped probe, the home's included, while the others still reach a quorum, and pages for it " +
      'where they cannot',
    () => {
      const probeDown = (c: typeof config, region: string) =>
        specsOf(c, region).find((s) => s.name === 'okta-synthetics-probe-down');
      expect(probeDown(config, 'eu-west-1')?.notifies).toBe('warn');
      expect(probeDown(config, 'eu-west-1')?.description).toContain('In eu-west-1 it warns');
      // The home's too: the next live region acts as home and pages for an outage.
      expect(probeDown(config, 'us-east-1')?.notifies).toBe('warn');
      const two = load({ ...exampleConfig(), regions: REGIONS.slice(0, 2) });
      expect(probeDown(two, 'eu-west-1')?.notifies).toBe('page');
    },
  );

  it(
    'keeps a page gauge (an expired API token) paging from ' + 'home, while the page checks the verdicts judge warn',
    () => {
      const withInventory = load({
        ...exampleConfig(),
        regions: REGIONS,
        servers: (exampleConfig().servers as Record<string, unknown>[]).map((s) =>
          s.id === 'org'
            ? {
                ...s,
                inventory: true,
                scopes: [
                  ...(s.scopes as string[]),
                  'okta.apiTokens.read',
                  'okta.apps.read',
                  'okta.idps.read',
                  'okta.logStreams.read',
                  'okta.eventHooks.read',
                  'okta.agentPools.read',
                ],
              }
            : s,
        ),
      });
      const page = composite(specsOf(withInventory, 'us-east-1'), 'okta-synthetics-org-page');
      expect(page?.members).toContain('okta-synthetics-org-api-token-expired');
      expect(page?.members).not.toContain('okta-synthetics-org-discovery');
      expect(composite(specsOf(withInventory, 'eu-west-1'), 'okta-synthetics-org-warn')?.members).toContain(
        'okta-synthetics-org-api-token-expired',
      );
    },
  );

  it('with one region, pages through its latch and backstop, its own page checks in the warn composite', () => {
    const single = load(exampleConfig());
    const specs = specsOf(single, 'us-east-1');
    expect(composite(specs, 'okta-synthetics-org-page')?.members).toEqual([
      'okta-synthetics-org-quorum-latch',
      'okta-synthetics-org-quorum-backstop',
    ]);
    expect(composite(specs, 'okta-synthetics-org-warn')?.members).toContain('okta-synthetics-org-token');
    expect(specs.find((s) => s.name === 'okta-synthetics-okta-status-major')?.notifies).toBe('page');
  });

  it('leaves the status feed and a deployment with the fast path off as they were', () => {
    const off = load({ ...exampleConfig(), quorum: false });
    expect(specsOf(off, 'us-east-1')).toEqual(alarmSpecs(off));
    expect(quorumOf(off, 'us-east-1')).toEqual([]);
    expect(specsOf(config, 'eu-west-1').find((s) => s.name === 'okta-synthetics-okta-warn')).toEqual(
      alarmSpecs(load({ ...exampleConfig(), regions: REGIONS, quorum: false })).find(
        (s) => s.name === 'okta-synthetics-okta-warn',
      ),
    );
  });
});
