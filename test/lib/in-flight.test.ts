// Okta's concurrent limit across regions: each region's probe starts a few seconds after the one before, plan states
// the worst case in flight, and the field that caps it is refused out of range, naming it.
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { START_OFFSET_ENV } from '../../functions/contract';
import { inFlightLine, inFlightPlan, regionStartOffsetMs } from '../../functions/plan/concurrency';
import { build, exampleConfig } from './helpers';

describe('regionStartOffsetMs', () => {
  it('starts the first region at once and each later one a step after, never more than 15 s in all', () => {
    expect(regionStartOffsetMs(['us-east-1'], 'us-east-1')).toBe(0);
    expect(['a', 'b', 'c'].map((r) => regionStartOffsetMs(['a', 'b', 'c'], r))).toEqual([0, 5000, 10_000]);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(six.map((r) => regionStartOffsetMs(six, r))).toEqual([0, 3000, 6000, 9000, 12_000, 15_000]);
    expect(regionStartOffsetMs(['a', 'b'], undefined)).toBe(0);
  });
});

describe("plan's worst case in flight", () => {
  it("adds every region's cap and sets it against Okta's limits", () => {
    const plan = inFlightPlan({ maxInFlight: 10 }, ['us-east-1', 'eu-west-1', 'ap-southeast-2']);
    expect(plan).toMatchObject({
      perRegion: 10,
      regions: 3,
      worstCase: 30,
      oktaLimit: 75,
      oktaLimitIntegratorFree: 35,
    });
    expect(inFlightLine(plan)).toBe(
      'At most 10 requests to Okta in flight per run, 30 in all (3 regions, starting 0, 5, 10 s into the minute): ' +
        '40% ' +
        "of Okta's org-wide limit of 75 (86% of 35 on Integrator Free), which every app and user shares (maxInFlight).",
    );
  });
});

describe('the stacks', () => {
  it('give each region after the first its start offset, and the first none', () => {
    const { result } = build({ ...exampleConfig(), regions: ['us-east-1', 'eu-west-1'] });
    if (!result.ok) throw new Error(result.errors.join('; '));
    const offsets = result.stacks.map((stack) => {
      const fns = Template.fromStack(stack).findResources('AWS::Lambda::Function');
      const probe = Object.values(fns).find((f) => JSON.stringify(f).includes('NAMESPACE'));
      return (probe?.Properties as { Environment?: { Variables?: Record<string, string> } }).Environment?.Variables?.[
        START_OFFSET_ENV
      ];
    });
    expect(offsets).toEqual([undefined, '5000']);
  });

  it('refuses maxInFlight beyond the smallest org limit, naming the field', () => {
    const { result } = build({ ...exampleConfig(), maxInFlight: 50 });
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^maxInFlight: /)]);
  });
});
