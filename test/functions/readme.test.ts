// The README documents every diagnosis code: a code added to the contract without a row in the
// "Diagnosis codes" table fails here, and so does any generated block that differs from `npm run docs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_CODES } from '../../functions/contract';
import { GENERATED, generatedBlock, regenerate } from '../../scripts/docs';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

describe('README.md', () => {
  it('has a row in the diagnosis table for every DiagnosisCode', () => {
    const section = readme.split(/^## /m).find((s) => s.startsWith('Diagnosis codes')) ?? '';
    const documented = new Set([...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
    expect(DIAGNOSIS_CODES.filter((code) => !documented.has(code))).toEqual([]);
  });

  it.each(Object.keys(GENERATED).map((name) => [name]))('carries the current generated block %s (regenerate: npm run docs)', (name) => {
    expect(generatedBlock(readme, name), `README.md has no generated:${name} markers`).toBeDefined();
    expect(generatedBlock(readme, name), `the ${name} block is stale: npm run docs`).toBe(GENERATED[name]!());
  });

  it('npm run docs leaves a current README as it is', () => {
    expect(regenerate(readme)).toBe(readme);
  });

  it('starts with the two commands a newcomer needs', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test ');
    expect(readme.indexOf('npm install && npm start')).toBeLessThan(readme.indexOf('\n## '));
  });
});
