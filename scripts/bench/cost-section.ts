// Section f of BENCHMARKS.md, the example config's cost: exactly what `okta-synthetics cost --config
// okta-synthetics.example.json` prints (the cost module at the cost command's default profile), so the two cannot
// disagree; test/functions/cost/benchmarks.integration.test.ts keeps them equal. A measured run (scripts/bench.ts)
// adds how far its own profile is from those defaults; `npm run bench:cost` rewrites the section alone, keeping that.
import { join } from 'node:path';
import { BENCHMARKED_PROFILE, renderEstimate } from '../../functions/cli/cost';
import { loadConfigFile } from '../../functions/config/parse';
import { estimateCost, GOAL_RATIO_VS_SYNTHETICS, type CostEstimate } from '../../functions/cost/estimate';

export const COST_HEADING = '## f. Cost of the example config';

/** The example config, as `cost --config okta-synthetics.example.json` reads it. */
export const EXAMPLE_FILE = 'okta-synthetics.example.json';

/** The estimate `cost` prints for the example, at its default profile. */
export function exampleEstimate(root: string): CostEstimate {
  const example = loadConfigFile(join(root, EXAMPLE_FILE), 'deploy', {});
  if (!example.ok) throw new Error(`${EXAMPLE_FILE}: ${example.errors.join('; ')}`);
  return estimateCost(example.config, BENCHMARKED_PROFILE);
}

/** The section's lines: the command, its output, the goal, and the measured profile's note (`drift`) if any. */
export function costSection(estimate: CostEstimate, drift: string | undefined): string[] {
  const metrics = estimate.regions[0]?.lines.find((l) => l.item === 'Custom metrics')?.monthly ?? 0;
  const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;
  return [
    COST_HEADING,
    '',
    `\`okta-synthetics cost --config ${EXAMPLE_FILE}\`, as it prints it: at the cost command's default profile ` +
      `(functions/cli/cost.ts BENCHMARKED_PROFILE: ${BENCHMARKED_PROFILE.durationMs} ms x ` +
      `the stack's ${estimate.regions[0]?.memoryMb ?? NaN} MB a run, ` +
      `${BENCHMARKED_PROFILE.logBytesPerRun} log bytes), taken from a ` +
      'measured run (sections c and e).',
    '',
    '```',
    renderEstimate(estimate, EXAMPLE_FILE).trimEnd(),
    '```',
    '',
    `Goal (<= ${GOAL_RATIO_VS_SYNTHETICS}x CloudWatch Synthetics for the same checks at a 1-minute cadence): ` +
      `${estimate.goal.met ? 'met' : 'NOT met'}, ${round(estimate.goal.ratioVsSynthetics, 3)}x. Custom metrics are ` +
      `${round((100 * metrics) / estimate.total)} % of our bill: the lever if the config grows (see ` +
      'docs/performance.md).',
    ...(drift === undefined ? [] : ['', drift]),
    '',
  ];
}

/** The code block of a section f as written: what the test compares with `cost`'s output. */
export function costBlock(section: string): string | undefined {
  return /```\n([\s\S]*?)\n```/.exec(section)?.[1];
}
