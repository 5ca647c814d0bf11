// A journey of a multi-region config runs in one region (its "region", else the first): the others skip it, and the
// SAML apps and groups that sign in through it, each check saying which region runs it; and only its region's plan
// (what the stack deploys: alarms, routes, dashboard) watches it, paging from its own checks since no quorum of
// regions can agree on what one region sees.
import { describe, expect, it } from 'vitest';
import { quorumLatchAlarmName } from '../../../functions/contract';
import { configOfRegion, runElsewhere, skippedHere } from '../../../functions/plan/journey-region';
import { regionPlan } from '../../../functions/plan/region-plan';
import { richestConfig } from '../../support/configs';
import { lambdaReads } from '../../support/server-configs';

const REGIONS = ['us-east-1', 'eu-west-1'];
/** The portal journey (its listed apps, its default group, the "hr" group and "payroll") in eu-west-1. */
function twoRegions() {
  const raw = richestConfig();
  const signIn = (raw.signIn as Record<string, unknown>[]).map((j) =>
    j.id === 'portal' ? { ...j, region: 'eu-west-1' } : j,
  );
  return lambdaReads({ ...raw, regions: REGIONS, signIn });
}
const THROUGH_PORTAL = (config: ReturnType<typeof twoRegions>): string[] => [
  'portal',
  ...(config.probe.samlApps ?? []).filter((a) => a.signIn === 'portal').map((a) => a.id),
  ...(config.probe.samlGroups ?? []).filter((g) => g.signIn === 'portal').map((g) => g.id),
];

/** What signs in through portal and has checks and alarms of its own: the journey, its two groups, an ownAlarm app. */
const WATCHED = ['portal', 'portal-saml', 'hr', 'payroll'];

describe('a journey in a multi-region config', () => {
  it('is skipped by other regions, with what signs in through it; one without "region" runs in the first', () => {
    const config = twoRegions();
    expect(THROUGH_PORTAL(config)).toEqual(expect.arrayContaining(['portal', 'payroll', 'hr']));
    expect(
      runElsewhere(config, 'us-east-1')
        .map((t) => t.id)
        .sort(),
    ).toEqual(THROUGH_PORTAL(config).sort());
    expect(runElsewhere(config, 'eu-west-1').map((t) => t.id)).toEqual(['mobile']);
    const east = configOfRegion(config, 'us-east-1').probe;
    expect((east.signIn ?? []).map((j) => j.id)).toEqual(['mobile']);
    expect([...(east.samlApps ?? []), ...(east.samlGroups ?? [])]).toEqual([]);
    expect(configOfRegion(config, 'eu-west-1').probe.signIn?.map((j) => j.id)).toEqual(['portal']);
    // One region: nothing is elsewhere.
    const one = lambdaReads(richestConfig());
    expect(configOfRegion(one, undefined)).toBe(one);
  });

  it('skips each check of what another region runs, saying which region runs it', () => {
    const config = twoRegions();
    const skipped = skippedHere(config.probe, runElsewhere(config, 'us-east-1'));
    // A listed app of a group has no check of its own: its group's is skipped.
    expect(new Set(skipped.map((r) => r.server))).toEqual(new Set(WATCHED));
    for (const result of skipped) {
      expect(result.status).toBe('skip');
      expect(result.status === 'skip' && result.skipReason).toMatch(/runs in eu-west-1.*us-east-1's probe skips it/);
    }
    expect(skipped.some((r) => r.server === 'portal' && r.check === 'sign-in')).toBe(true);
  });

  it("has alarms only in its own region's plan, and pages there from its own checks, not a quorum latch", () => {
    const config = twoRegions();
    const names = (region: string) => regionPlan(config, region).alarms.map((a) => a.name);
    for (const id of WATCHED) {
      expect(names('us-east-1').filter((n) => n.startsWith(`okta-synthetics-${id}-`))).toEqual([]);
      expect(names('eu-west-1').some((n) => n.startsWith(`okta-synthetics-${id}-`))).toBe(true);
    }
    expect(names('eu-west-1').filter((n) => n.startsWith('okta-synthetics-mobile-'))).toEqual([]);
    const page = regionPlan(config, 'eu-west-1').specs.find((s) => s.name === 'okta-synthetics-portal-page');
    expect(page?.kind === 'composite' && page.members).not.toContain(quorumLatchAlarmName('okta-synthetics', 'portal'));
    expect(page?.kind === 'composite' && page.members.length).toBeGreaterThan(0);
    expect(names('eu-west-1')).not.toContain(quorumLatchAlarmName('okta-synthetics', 'portal'));
    // A server, seen from every region, keeps its quorum latch.
    expect(names('us-east-1')).toContain(quorumLatchAlarmName('okta-synthetics', 'default'));
  });
});
