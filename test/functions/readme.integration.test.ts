// The README documents every diagnosis code: a code added to the contract without a row in the
// "Diagnosis codes" table fails here, and so does any generated block that differs from `npm run docs`. What the
// CDK CLI and a synth really say is checked in readme-cdk.integration.test.ts (the integration lane).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_CODES } from '../../functions/contract';
import { formatConfigErrors, loadConfigFile } from '../../functions/config/parse';
import { figureValue, GENERATED, generatedBlock, regenerate } from '../../scripts/docs';
import { FIGURES } from '../../scripts/figures';

const ROOT = join(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = (title: string): string => readme.split(/^## /m).find((s) => s.startsWith(title)) ?? '';

describe('README.md', () => {
  it('has a row in the diagnosis table for every DiagnosisCode', () => {
    const section = readme.split(/^## /m).find((s) => s.startsWith('Diagnosis codes')) ?? '';
    const documented = new Set([...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    expect(DIAGNOSIS_CODES.filter((code) => !documented.has(code))).toEqual([]);
  });

  it.each(Object.keys(GENERATED).map((name) => [name]))('carries the current generated block %s (regenerate: npm run docs)', (name) => {
    expect(generatedBlock(readme, name), `README.md has no generated:${name} markers`).toBeDefined();
    expect(generatedBlock(readme, name), `the ${name} block is stale: npm run docs`).toBe(GENERATED[name]!());
  });

  // The figures that drifted (issue 31): "some forty" codes for 61, a 1-month log group kept 400 days, a 1.05 MB
  // bundle of 1.37 MB. Each is now written by npm run docs from the code, the bundle built as cdk synth builds it.
  it.each(Object.keys(FIGURES).map((name) => [name]))('carries the current figure %s (regenerate: npm run docs)', (name) => {
    expect(figureValue(readme, name), `README.md has no figure:${name} markers`).toBeDefined();
    expect(figureValue(readme, name), `the ${name} figure is stale: npm run docs`).toBe(FIGURES[name]!());
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

describe('README.md deploy steps (issue 22)', () => {
  it('shows the problems the CLI really prints for its example with clientID mistyped and audience left out', () => {
    const configuring = section('Configuring a real org');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(configuring)?.[1] ?? '') as { servers: Record<string, unknown>[] };
    const [org = {}, custom = {}] = example.servers;
    const { clientId, ...orgRest } = org;
    const { audience: _audience, ...customRest } = custom;
    const broken = { ...example, servers: [{ ...orgRest, clientID: clientId }, customRest] };
    const shown = /```\n(okta-synthetics\.json: \d+ problems?\n(?: {2}- .*\n)+)```/.exec(configuring)?.[1];
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-readme-'));
    try {
      const file = join(dir, 'okta-synthetics.json');
      writeFileSync(file, JSON.stringify(broken));
      const loaded = loadConfigFile(file, 'cli', {}, { readCredentials: false });
      expect(loaded.ok).toBe(false);
      expect(shown).toBe(`${formatConfigErrors(loaded.ok ? [] : loaded.errors, 'okta-synthetics.json')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the AWS CLI among what deploying needs, before the first step', () => {
    const deploying = section('Deploying to AWS');
    expect(deploying.indexOf('AWS CLI')).toBeGreaterThan(-1);
    expect(deploying.indexOf('AWS CLI')).toBeLessThan(deploying.indexOf('\n1. '));
  });
});

describe('README.md Node story, against package.json and the stack (issue 22)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
  const defaults = readFileSync(join(ROOT, 'lib/lambda-defaults.ts'), 'utf8');

  it('states the engines floor, and no end-of-life Node 20', () => {
    const floor = /^>=(\d+)\.(\d+)\.\d+$/.exec(pkg.engines.node);
    expect(floor, pkg.engines.node).not.toBeNull();
    expect(section('Development')).toContain(`**${floor?.[1] ?? ''}.${floor?.[2] ?? ''} or later: 22 and 24**`);
    expect(Number(floor?.[1])).toBeGreaterThanOrEqual(22);
    expect(readme).not.toMatch(/Node 20\.18\+|Node 20\.18 or later/);
  });

  it('tests the Lambda under its own major: the runtime, the bundle target and the node devDependency agree', () => {
    const runtime = /Runtime\.NODEJS_(\d+)_X/.exec(defaults)?.[1];
    const target = /target: 'node(\d+)'/.exec(defaults)?.[1];
    const dev = /\^?(\d+)\./.exec(pkg.devDependencies.node ?? '')?.[1];
    expect([runtime, target, dev]).toEqual(['24', '24', '24']);
    expect(section('Development')).toContain(`**${runtime ?? ''}** (\`nodejs${runtime ?? ''}.x\``);
  });
});
