import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import type { QuorumSettings } from '../../../functions/config/quorum';
import { quorumAlarms, regionAlarmSpecs } from '../../../functions/plan/quorum';
import { decideTarget, judgeTargets, type RegionVerdicts, type TargetVerdict } from '../../../functions/quorum/decide';
import { alarmSpecs } from '../../../functions/plan/alarms';
import type { AlarmSpec, CompositeAlarmSpec } from '../../../functions/plan/alarm-spec';
import type { CheckResult } from '../../../functions/types';
import { exampleConfig, writeConfig } from '../../support/configs';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const SETTINGS: QuorumSettings = {
  agree: 2,
  checkEverySeconds: 20,
  freshSeconds: 45,
  homeRegion: 'us-east-1',
  regions: REGIONS,
};

function load(raw: unknown) {
  const result = loadConfigFile(writeConfig(raw), 'deploy', {});
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

const pass = (server: string, check: CheckResult['check']): CheckResult => ({
  server,
  check,
  status: 'pass',
  diagnosis: null,
  latencyMs: 10,
});
const fail = (server: string, check: CheckResult['check'], code: string): CheckResult =>
  ({
    server,
    check,
    status: 'fail',
    diagnosis: { code, summary: code, detail: '' },
    latencyMs: 10,
  }) as unknown as CheckResult;

const verdict = (state: TargetVerdict['state'], at: number, freshMs = 45_000): TargetVerdict => ({
  state,
  at,
  until: at + freshMs,
});
const table = (region: string, state: TargetVerdict['state'], at: number): RegionVerdicts => ({
  region,
  writtenAt: at,
  verdicts: { org: verdict(state, at) },
});

describe('judgeTargets', () => {
  it('calls a 5xx, a timeout or a refused connection of a page check down, with its code', () => {
    expect(judgeTargets([fail('org', 'discovery', 'OKTA_SERVER_ERROR')], 0, 45_000).org).toMatchObject({
      state: 'down',
      code: 'OKTA_SERVER_ERROR',
      until: 45_000,
    });
    expect(judgeTargets([fail('org', 'discovery', 'NETWORK_ERROR')], 0, 45_000).org?.state).toBe('down');
    expect(judgeTargets([fail('org', 'token', 'TIMEOUT')], 0, 45_000).org?.state).toBe('down');
  });

  it(
    'calls our own causes (a rotated secret, a secret ' + 'unreadable) own, never down: they go to the warning path',
    () => {
      expect(
        judgeTargets([pass('org', 'discovery'), fail('org', 'token', 'INVALID_CLIENT')], 0, 45_000).org,
      ).toMatchObject({ state: 'own', code: 'INVALID_CLIENT' });
      expect(judgeTargets([fail('org', 'token', 'SECRETS_UNAVAILABLE')], 0, 45_000).org?.state).toBe('own');
    },
  );

  it("never calls Okta's read-only mode down or our own: the target is unknown, or up where a check passed", () => {
    expect(judgeTargets([fail('workforce', 'sign-in', 'OKTA_READ_ONLY_MODE')], 0, 45_000).workforce?.state).toBe(
      'unknown',
    );
    expect(
      judgeTargets([pass('org', 'discovery'), fail('org', 'token', 'OKTA_READ_ONLY_MODE')], 0, 45_000).org?.state,
    ).toBe('up');
    // Beside a real outage the outage still decides.
    expect(
      judgeTargets([fail('org', 'token', 'OKTA_READ_ONLY_MODE'), fail('org', 'discovery', 'OKTA_SERVER_ERROR')], 0, 1)
        .org?.state,
    ).toBe('down');
  });

  it('ignores warn-only checks, the status feed and carried verdicts', () => {
    const carried = {
      ...fail('org', 'discovery', 'OKTA_SERVER_ERROR'),
      carried: { judgedAt: '2026-01-01T00:00:00Z' },
    } as CheckResult;
    const verdicts = judgeTargets(
      [
        pass('org', 'discovery'),
        fail('org', 'rate-limit', 'RATE_LIMIT_HEADROOM_LOW'),
        carried,
        fail('okta', 'status', 'OKTA_STATUS_DEGRADED'),
      ],
      0,
      45_000,
    );
    expect(verdicts).toEqual({ org: { state: 'up', at: 0, until: 45_000 } });
  });
});

describe('decideTarget', () => {
  const now = 100_000;

  it("latches when two regions' fresh verdicts are down, and names no lone region then", () => {
    const d = decideTarget(
      SETTINGS,
      'org',
      [table('us-east-1', 'down', now), table('eu-west-1', 'down', now - 30_000), table('ap-southeast-2', 'up', now)],
      now,
      false,
    );
    expect(d).toMatchObject({ latch: true, down: ['us-east-1', 'eu-west-1'], lone: [] });
  });

  it('never latches for one region down: that region is lone (it warns, naming itself)', () => {
    const d = decideTarget(
      SETTINGS,
      'org',
      [table('us-east-1', 'up', now), table('eu-west-1', 'down', now), table('ap-southeast-2', 'up', now)],
      now,
      false,
    );
    expect(d).toMatchObject({ latch: false, lone: ['eu-west-1'] });
  });

  it('does not count a verdict past its freshness: a stale down is silent', () => {
    const d = decideTarget(
      SETTINGS,
      'org',
      [table('us-east-1', 'down', now), table('eu-west-1', 'down', now - 46_000)],
      now,
      false,
    );
    expect(d).toMatchObject({ latch: false, silent: ['eu-west-1', 'ap-southeast-2'] });
  });

  it('holds a set latch while the quorum only goes stale, and clears it once two regions are freshly up', () => {
    const staleOnly = [table('us-east-1', 'down', now), table('eu-west-1', 'down', now - 50_000)];
    expect(decideTarget(SETTINGS, 'org', staleOnly, now, true).latch).toBe(true);
    const oneUp = [table('us-east-1', 'up', now), table('eu-west-1', 'down', now - 50_000)];
    expect(decideTarget(SETTINGS, 'org', oneUp, now, true).latch).toBe(true);
    const twoUp = [table('us-east-1', 'up', now), table('eu-west-1', 'up', now - 5_000)];
    expect(decideTarget(SETTINGS, 'org', twoUp, now, true).latch).toBe(false);
  });

  it('counts an own verdict as not down: every region refused for a rotated secret never latches', () => {
    const d = decideTarget(
      SETTINGS,
      'org',
      REGIONS.map((r) => table(r, 'own', now)),
      now,
      true,
    );
    expect(d).toMatchObject({ latch: false, down: [], notDown: REGIONS });
  });
});

describe('regionAlarmSpecs', () => {
  const config = load({ ...exampleConfig(), regions: REGIONS });
  const composite = (specs: AlarmSpec[], name: string) =>
    specs.find((s): s is CompositeAlarmSpec => s.name === name && s.kind === 'composite');
  const notifying = (specs: AlarmSpec[], severity: 'page' | 'warn') =>
    specs.filter((s) => s.notifies === severity).map((s) => s.name);

  it(
    "pages for a server from the home region only, through its latch and backstop; the region's page checks " +
      'warn there',
    () => {
      const home = regionAlarmSpecs(config, 'us-east-1');
      expect(composite(home, 'okta-synthetics-org-page')?.members).toEqual([
        'okta-synthetics-org-quorum-latch',
        'okta-synthetics-org-quorum-backstop',
      ]);
      const plainPage = composite(alarmSpecs(config), 'okta-synthetics-org-page');
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
        const other = regionAlarmSpecs(config, region);
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
      const latches = quorumAlarms(config, region).filter((a) => a.kind === 'latch');
      expect(latches.map((a) => a.target)).toEqual(['org', 'default']);
      for (const latch of latches)
        expect(composite(regionAlarmSpecs(config, region), `okta-synthetics-${latch.target}-page`)?.members).toContain(
          latch.name,
        );
    }
    expect(quorumAlarms(config, 'eu-west-1').find((a) => a.kind === 'latch')?.description).toContain(
      'Set only while eu-west-1 is the acting home: the first of us-east-1, eu-west-1, ap-southeast-2',
    );
  });

  it("pages for Okta's major incident on its status feed from the home region, and warns for it elsewhere", () => {
    const status = (region: string) =>
      regionAlarmSpecs(config, region).find((s) => s.name === 'okta-synthetics-okta-status-major');
    expect(status('us-east-1')?.notifies).toBe('page');
    expect(status('eu-west-1')?.notifies).toBe('warn');
    expect(status('eu-west-1')?.description).toContain('the home region (us-east-1) pages for it');
  });

  it(
    "warns for a stopped probe, the home's included, while the others still reach a quorum, and pages for it " +
      'where they cannot',
    () => {
      const probeDown = (c: typeof config, region: string) =>
        regionAlarmSpecs(c, region).find((s) => s.name === 'okta-synthetics-probe-down');
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
      const page = composite(regionAlarmSpecs(withInventory, 'us-east-1'), 'okta-synthetics-org-page');
      expect(page?.members).toContain('okta-synthetics-org-api-token-expired');
      expect(page?.members).not.toContain('okta-synthetics-org-discovery');
      expect(composite(regionAlarmSpecs(withInventory, 'eu-west-1'), 'okta-synthetics-org-warn')?.members).toContain(
        'okta-synthetics-org-api-token-expired',
      );
    },
  );

  it('with one region, pages through its latch and backstop, its own page checks in the warn composite', () => {
    const single = load(exampleConfig());
    const specs = regionAlarmSpecs(single, 'us-east-1');
    expect(composite(specs, 'okta-synthetics-org-page')?.members).toEqual([
      'okta-synthetics-org-quorum-latch',
      'okta-synthetics-org-quorum-backstop',
    ]);
    expect(composite(specs, 'okta-synthetics-org-warn')?.members).toContain('okta-synthetics-org-token');
    expect(specs.find((s) => s.name === 'okta-synthetics-okta-status-major')?.notifies).toBe('page');
  });

  it('leaves the status feed and a deployment with the fast path off as they were', () => {
    const off = load({ ...exampleConfig(), quorum: false });
    expect(regionAlarmSpecs(off, 'us-east-1')).toEqual(alarmSpecs(off));
    expect(quorumAlarms(off, 'us-east-1')).toEqual([]);
    expect(regionAlarmSpecs(config, 'eu-west-1').find((s) => s.name === 'okta-synthetics-okta-warn')).toEqual(
      alarmSpecs(config).find((s) => s.name === 'okta-synthetics-okta-warn'),
    );
  });
});
