// The Preview section of `run`'s text: a release failing several checks in Preview tells each check's own finding,
// and the sentences they all end with (when Production follows, which release) once, not once a check.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../functions/contract';
import { previewText } from '../../../functions/cli/preview-run';
import { checkRow } from '../../../functions/plan/check-table';
import type { PreviewComparison } from '../../../functions/report/preview-pair';

const TAIL =
  'A weekly build reaches Production about 7 days after Preview: around 2026-12-04, if this is a release; release ' +
  'not known: preview.releaseNotesUrl is null, so the release notes are never read';

/** An authorization server's checks, from the registry: a server's pairs are these. */
const SERVER_CHECKS = CHECKS.filter((check) => checkRow(check).target === 'server');

/** `n` checks failing in Preview alone since the same run, as aheadText words them. */
function ahead(n: number): PreviewComparison {
  const checks = SERVER_CHECKS;
  return {
    orgUrl: 'https://acme.oktapreview.com',
    pairs: checks.slice(0, n).map((check) => ({
      target: 'default',
      check,
      production: 'pass',
      preview: 'fail',
      verdict: 'preview-ahead',
      code: 'INVALID_CLIENT',
      text:
        'Fails in Preview since 2026-11-27T10:00:00.000Z: Production next. ' +
        `default ${check}: INVALID_CLIENT: The client was refused. ${TAIL}`,
    })),
  } as PreviewComparison;
}

describe("run's Preview section", () => {
  it('tells the sentences every failing check shares once, below their own findings, within the width', () => {
    const n = SERVER_CHECKS.length;
    expect(n).toBeGreaterThan(2);
    const text = previewText(ahead(n), 80);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat.split('A weekly build reaches Production').length - 1).toBe(1);
    expect(flat).toContain(`Each of these ${n}: ${TAIL}`);
    for (const check of SERVER_CHECKS)
      expect(flat).toContain(`default ${check}: INVALID_CLIENT: The client was refused`);
    expect(text.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });

  it('keeps a lone check whole', () => {
    const flat = previewText(ahead(1), 80).replace(/\s+/g, ' ');
    expect(flat).toContain(`INVALID_CLIENT: The client was refused. ${TAIL}`);
    expect(flat).not.toContain('Each of these');
  });
});
