// Prints the README's "Diagnosis codes" table from functions/diagnosis.ts (and with --scenarios the
// "Simulator scenarios" table from sim/scenarios.ts), so the docs say what the code says:
// `npx tsx scripts/diagnosis-table.ts` and paste the output. test/functions/readme.test.ts fails when a
// code is missing from README.md.
import { pathToFileURL } from 'node:url';
import { DIAGNOSIS_CODES } from '../functions/contract';
import { DIAGNOSES } from '../functions/diagnosis';
import { SCENARIOS } from '../sim/scenarios';

/** One Markdown table cell: pipes and "<" escaped (GitHub drops "<org>" as HTML), one line. */
const cell = (text: string): string =>
  text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\s*\n\s*/g, ' ');

export function diagnosisTable(): string {
  const rows = DIAGNOSIS_CODES.map((code) => {
    const { summary, remedy } = DIAGNOSES[code];
    return `| \`${code}\` | ${cell(summary)} | ${cell(remedy)} |`;
  });
  return ['| Code | Cause | Remedy |', '| --- | --- | --- |', ...rows].join('\n');
}

export function scenarioTable(): string {
  const rows = Object.entries(SCENARIOS).map(([name, scenario]) => {
    const expected = scenario.expect.map(({ server, check, code }) => `\`${code}\` on ${server}/${check}`);
    return `| \`${name}\` | ${cell(scenario.description)} | ${expected.length > 0 ? [...new Set(expected)].join(', ') : 'every check passes'} |`;
  });
  return ['| Scenario | What the simulated org does | The probe reports |', '| --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(process.argv.includes('--scenarios') ? scenarioTable() : diagnosisTable());
}
