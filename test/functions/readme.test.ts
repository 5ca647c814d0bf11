// The README documents every diagnosis code: a code added to the contract without a row in the
// "Diagnosis codes" table (regenerate it with `npx tsx scripts/diagnosis-table.ts`) fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_CODES } from '../../functions/contract';
import { alarmTimingTable, catalogueTable, diagnosisTable, faultList, metricTable, sampleNotification, scenarioTable } from '../../scripts/diagnosis-table';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

describe('README.md', () => {
  it('has a row in the diagnosis table for every DiagnosisCode', () => {
    const section = readme.split(/^## /m).find((s) => s.startsWith('Diagnosis codes')) ?? '';
    const documented = new Set([...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
    expect(DIAGNOSIS_CODES.filter((code) => !documented.has(code))).toEqual([]);
  });

  it('carries the current diagnosis, scenario and catalogue tables (regenerate: npx tsx scripts/diagnosis-table.ts [--scenarios | --catalogue])', () => {
    expect(readme.includes(diagnosisTable()), 'the Diagnosis codes table is stale').toBe(true);
    expect(readme.includes(scenarioTable()), 'the Simulator scenarios table is stale').toBe(true);
    expect(readme.includes(catalogueTable()), "the Okta's error catalogue table is stale (--catalogue)").toBe(true);
    expect(readme.includes(alarmTimingTable()), 'the Alarms timing table is stale (--alarm-timing)').toBe(true);
    expect(readme.includes(sampleNotification()), 'the sample notification is stale (--sample-notification)').toBe(true);
    expect(readme.includes(metricTable()), 'the Metrics table is stale (--metrics)').toBe(true);
    expect(readme.includes(faultList()), "the availability report's fault list is stale (--faults)").toBe(true);
  });

  it('starts with the two commands a newcomer needs', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test ');
    expect(readme.indexOf('npm install && npm start')).toBeLessThan(readme.indexOf('\n## '));
  });
});
