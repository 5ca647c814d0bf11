// `sim --scenario` lists the other scenarios grouped and wrapped: the 197 names on one line were unreadable, and
// grouped by their first word they made groups no reader looks for.
import { expect, it } from 'vitest';
import { groupedNames } from '../../functions/cli/sim';
import { SCENARIO_NAMES } from '../../sim/scenarios';
import { scenarioGroups } from '../../functions/cli/demo-list';
import { CHECK_FAMILIES } from '../../functions/plan/check-table';

it('lists every scenario once, under the headings of demo --list (what each breaks), within 80 columns', () => {
  const lines = groupedNames(SCENARIO_NAMES);
  expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
  const headings = lines.filter((line) => /^ {2}\S/.test(line));
  // The families' titles, in demo --list's order: never a group of one first word's accidents ("others:").
  expect(headings).toEqual(scenarioGroups(SCENARIO_NAMES).map((group) => `  ${group.heading}:`));
  expect(headings).toContain(`  ${CHECK_FAMILIES.saml}:`);
  expect(headings.some((line) => /^ {2}(others|idx|saml):/.test(line))).toBe(false);
  const listed = lines
    .filter((line) => line.startsWith('    '))
    .flatMap((line) => line.split(/,\s*/))
    .map((name) => name.trim());
  expect(listed.filter(Boolean).sort()).toEqual([...SCENARIO_NAMES].sort());
});
