// Every two-org scenario of the simulator (sim/preview-scenarios.ts), through the built CLI: Production on one loopback
// simulator, the Preview org on another playing the scenario's Preview side, and `run` telling each pair as the
// scenario promises: Production next, Preview passes, not mirrored, or Preview unavailable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTwoOrgConfig } from '../../../sim/config';
import { SCENARIO_NAMES, SCENARIOS } from '../../../sim/scenarios';
import { startSimulator } from '../../../sim/server';
import { buildOnce, runCli } from './helpers';

interface PreviewJson {
  readonly preview: {
    readonly unavailable?: string;
    readonly pairs: readonly { target: string; check: string; verdict: string; code?: string; text?: string }[];
  };
  readonly checks: readonly { server: string; check: string; status: string }[];
}

const TWO_ORGS = SCENARIO_NAMES.filter((name) => SCENARIOS[name].preview !== undefined);
let dir: string;

beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-preview-scenarios-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the simulator plays two orgs, and run tells each pair as the scenario promises', () => {
  it('has the scenarios of the issue: each verdict of the table, the Preview cell, a new IDX remediation', () => {
    expect(TWO_ORGS).toEqual([
      'preview-scope-broken',
      'preview-okta-verify-split',
      'preview-new-remediation',
      'preview-own-user',
      'preview-edge-down',
      'preview-cell-incident',
      'preview-production-down',
      'preview-not-mirrored',
    ]);
  });

  it.each(TWO_ORGS)('%s', async (name) => {
    const side = SCENARIOS[name].preview!;
    const production = await startSimulator({ scenario: name, port: 0 });
    const preview = await startSimulator({ scenario: name, port: 0, side: 'preview' });
    try {
      const config = await writeTwoOrgConfig(production, preview, mkdtempSync(join(dir, `${name}-`)));
      const { code, stdout, stderr } = await runCli(['run', '--config', config, '--json']);
      expect(stdout, stderr).toMatch(/^\{/);
      const report = JSON.parse(stdout) as PreviewJson;
      // Preview never pages: the exit code is Production's alone.
      const productionFails = SCENARIOS[name].expect.length > 0;
      expect(code, stderr).toBe(productionFails ? 1 : 0);
      if (side.unavailable !== undefined) {
        expect(report.preview.unavailable).toMatch(side.unavailable);
        expect(report.preview.pairs).toEqual([]);
        return;
      }
      expect(report.preview.unavailable).toBeUndefined();
      for (const { says, ...promised } of side.pairs)
        expect(report.preview.pairs, JSON.stringify(report.preview.pairs, null, 1)).toContainEqual(
          expect.objectContaining({ ...promised, ...(says !== undefined && { text: expect.stringContaining(says) }) }),
        );
      // Nothing told beyond the promise but the same verdict on a check that follows from it.
      const verdicts = new Set(side.pairs.map((pair) => pair.verdict));
      const told = report.preview.pairs.filter((pair) => pair.text !== undefined);
      expect(told.filter((pair) => !verdicts.has(pair.verdict as never))).toEqual([]);
    } finally {
      await Promise.all([production.close(), preview.close()]);
    }
  });
});
