// The probe function's MemorySize as synthesized: the size functions/plan/probe-memory.ts picks for the region's
// config, or the config's memoryMb; and `cost --json` bills the memory each region's template deploys.
import { describe, expect, it } from 'vitest';
import { runCost } from '../../functions/cli/cost';
import { QUORUM_TABLE_ENV } from '../../functions/contract';
import { build, exampleConfig, flatTemplate, journeyConfig, resources, writeConfig } from './helpers';

/** Each region's probe function MemorySize, by region. */
function templateMemory(config: Record<string, unknown>): Map<string, number> {
  const { result } = build(config);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return new Map(
    result.stacks.map((stack) => {
      const probe = resources(flatTemplate(stack), 'AWS::Lambda::Function').find(
        ([, r]) =>
          (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.[
            QUORUM_TABLE_ENV
          ] !== undefined,
      );
      if (probe === undefined) throw new Error(`no probe function in ${stack.region}`);
      return [stack.region, probe[1].Properties.MemorySize as number];
    }),
  );
}

/** `cost --json`'s memory for each region. */
async function costMemory(config: Record<string, unknown>): Promise<Map<string, number>> {
  let out = '';
  const code = await runCost(['--config', writeConfig(config), '--json'], {
    stdout: (s) => (out += s),
    stderr: () => undefined,
  });
  expect(code).toBe(0);
  const estimate = JSON.parse(out) as { regions: { region: string; memoryMb: number }[] };
  return new Map(estimate.regions.map((r) => [r.region, r.memoryMb]));
}

describe("the probe function's memory in the template", () => {
  it('is 176 MB for the example config, and the config memoryMb when it names one', () => {
    expect([...templateMemory(exampleConfig()).values()]).toEqual([176]);
    expect([...templateMemory({ ...exampleConfig(), memoryMb: 300 }).values()]).toEqual([300]);
  });

  it('is what cost bills, region by region: the example, and two regions where one runs the journeys', async () => {
    const journeys = journeyConfig();
    const inWest = {
      ...journeys,
      regions: ['us-east-1', 'eu-west-1'],
      signIn: (journeys.signIn as Record<string, unknown>[]).map((j) => ({ ...j, region: 'eu-west-1' })),
    };
    for (const config of [exampleConfig(), inWest]) {
      const deployed = templateMemory(config);
      expect(await costMemory(config)).toEqual(deployed);
    }
    // The journeys' region needs more than the one that skips them.
    const deployed = templateMemory(inWest);
    expect(deployed.get('eu-west-1')).toBeGreaterThan(deployed.get('us-east-1') ?? Infinity);
  });
});
