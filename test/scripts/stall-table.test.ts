// The never-healing stall is measured at CloudWatch's default evaluation second and apart at its worst: each table
// keeps its own heading, and rewriting section w (the partial run) keeps both.
import { describe, expect, it } from 'vitest';
import { QUORUM_PARTIAL_HEADING, subsectionOf, withSection, withSubsection } from '../../scripts/bench/doc-section';
import {
  STALL_SUBHEADING,
  keptStallTables,
  stallSubheading,
  stallTable,
  type StallRow,
} from '../../scripts/bench/stall-table';

const row = (fixUtcS: number, okS: number): StallRow => ({
  faultUtcS: 40,
  fixUtcS,
  pageS: 100,
  okS,
  pages: 1,
  firstClean: { 'us-east-1': 1 },
});

describe('the stall tables of section w', () => {
  it('names the evaluation second in the heading and in the command that rewrites it', () => {
    const at59 = stallTable([row(59, 120), row(50, 69)], 29, 59);
    expect(at59.split('\n')[0]).toBe('### A stall that never heals, CloudWatch evaluating at second 59');
    expect(at59).toContain('`npm run bench:quorum-stall -- --evaluation-second=59`');
    expect(at59).toContain('CloudWatch evaluates the backstop 59 s after each minute ends');
    expect(at59).toContain('**Worst case:** OK 120.0 s after the fix (goal 90 s: met in 1 of 2 phases).');
    expect(stallTable([row(59, 81)], 23).split('\n')[0]).toBe(STALL_SUBHEADING);
  });

  it('keeps every stall table when the partial run rewrites the section', () => {
    const doc = [
      QUORUM_PARTIAL_HEADING,
      '',
      'old partial table',
      '',
      stallTable([row(59, 81)], 23),
      '',
      stallTable([row(59, 120)], 29, 59),
      '',
      '## x. next',
      '',
    ].join('\n');
    const kept = keptStallTables(doc, QUORUM_PARTIAL_HEADING);
    expect(kept.map(([h]) => h)).toEqual([STALL_SUBHEADING, stallSubheading(59)]);
    const rewritten = kept.reduce(
      (d, [h, sub]) => withSubsection(d, QUORUM_PARTIAL_HEADING, h, sub),
      withSection(doc, QUORUM_PARTIAL_HEADING, `${QUORUM_PARTIAL_HEADING}\n\nnew partial table`),
    );
    expect(rewritten).toContain('new partial table');
    expect(rewritten).not.toContain('old partial table');
    expect(subsectionOf(rewritten, QUORUM_PARTIAL_HEADING, stallSubheading(59))).toContain('120.0');
    expect(subsectionOf(rewritten, QUORUM_PARTIAL_HEADING, STALL_SUBHEADING)).toContain('81.0');
    expect(rewritten).toContain('## x. next');
  });
});
