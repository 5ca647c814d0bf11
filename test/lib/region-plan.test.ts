// The one alarm plan against what is deployed: for the fast path on and off, one, two and three regions, the example
// and a config with journeys and SAML apps, each region's synthesized stack holds exactly the alarms of that region's
// plan, with the same composite members and the same topics; and the alarms the probe withholds in a maintenance
// window are exactly the probe's members of the page composites the maintenance alarm mutes.
import { describe, expect, it } from 'vitest';
import { planOfRegion } from '../../functions/plan/region-plan';
import { browserJourneyConfig, samlCatalogueConfig } from '../support/configs';
import { build, exampleConfig, flatTemplate } from './helpers';
import { deployedAlarms } from './template-alarms';

const three = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const CASES: [string, Record<string, unknown>][] = [
  ['the example, fast path on (one region)', exampleConfig()],
  ['the example, fast path off', { ...exampleConfig(), quorum: false }],
  ['the example in two regions', { ...exampleConfig(), regions: three.slice(0, 2) }],
  ['the example in three regions', { ...exampleConfig(), regions: three }],
  ['the example in three regions, fast path off', { ...exampleConfig(), regions: three, quorum: false }],
  ['journeys and SAML apps, fast path on', samlCatalogueConfig(3, { ownAlarm: true })],
  ['journeys and SAML apps, fast path off', { ...samlCatalogueConfig(3, { ownAlarm: true }), quorum: false }],
  // The browser function's own heartbeat and errors alarms, beside the probe's.
  ['a browser journey', browserJourneyConfig()],
];

describe.each(CASES)('the region plan of %s', (_label, config) => {
  const { result } = build(config);
  if (!result.ok) throw new Error(result.errors.join('; '));

  it.each(result.stacks.map((stack) => [stack.region, stack] as const))(
    'in %s: the stack deploys exactly the plan, members and topics alike',
    (region, stack) => {
      const plan = planOfRegion(result.config, region);
      const deployed = deployedAlarms(flatTemplate(stack));
      expect([...deployed.keys()].sort()).toEqual(plan.alarms.map((a) => a.name).sort());
      for (const spec of plan.specs) {
        const alarm = deployed.get(spec.name)!;
        if (spec.kind === 'composite') expect(alarm.members, spec.name).toEqual([...spec.members].sort());
        expect(alarm.topics, spec.name).toEqual(spec.notifies === null ? [] : [spec.notifies]);
      }
      for (const member of plan.quorum) expect(deployed.get(member.name)?.topics, member.name).toEqual([]);
      // The probe withholds the data of exactly the probe's members of the page composites a window mutes.
      const mutedComposites = plan.specs.filter(
        (s) => s.kind === 'composite' && s.severity === 'page' && s.suppressor !== undefined,
      );
      const probeAlarms = new Set(
        plan.specs.filter((s) => s.kind === 'metric' && s.source === 'probe').map((s) => s.name),
      );
      const muted = mutedComposites.flatMap((c) => (c.kind === 'composite' ? c.members : []));
      expect(plan.maintenance.map((a) => a.name).sort()).toEqual(
        [...new Set(muted.filter((m) => probeAlarms.has(m)))].sort(),
      );
    },
  );
});

describe('the plan and the stack agree on the count people are told', () => {
  it("lists the fast path's latch and backstop: 41 alarms for the example, as its stack deploys", () => {
    const { result } = build(exampleConfig());
    if (!result.ok) throw new Error(result.errors.join('; '));
    const plan = planOfRegion(result.config, 'us-east-1');
    expect(plan.quorum.map((q) => q.kind).sort()).toEqual(['backstop', 'backstop', 'latch', 'latch']);
    expect(plan.alarms).toHaveLength(deployedAlarms(flatTemplate(result.stacks[0]!)).size);
    expect(plan.page).toEqual({
      // Rounds every 7.5 s: 7.5 + 2.5 + 2.5 + 1.25 + 1 = 14.75 s at worst (docs/decisions/multi-region-quorum.md); a
      // configuration break, never confirmed early, a round more.
      pageWithinSeconds: 15,
      configPageWithinSeconds: 22.5,
      okWithinSeconds: 90,
      by: 'fast path',
    });
  });
});
