// `sim --scenario` lists the other scenarios grouped and wrapped: the 197 names on one line were unreadable.
import { expect, it } from 'vitest';
import { groupedNames } from '../../functions/cli/sim';
import { SCENARIO_NAMES } from '../../sim/scenarios';

it('lists every scenario once, grouped by its first word, within 80 columns', () => {
  const lines = groupedNames(SCENARIO_NAMES);
  expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
  const listed = lines.flatMap((line) => line.replace(/^ +[a-z]+: /, '').split(/,\s*/)).map((name) => name.trim());
  expect(listed.filter(Boolean).sort()).toEqual([...SCENARIO_NAMES].sort());
  expect(lines).toContainEqual(expect.stringMatching(/^ {2}idx: idx-/));
});
