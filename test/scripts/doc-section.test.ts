// `npm run bench` rewrites BENCHMARKS.md from the sections it measures and those it was told to keep; every other
// bench writes a section of its own into the same file. A rewrite once dropped two such sections it had no name
// for: whatever it does not hold, it now carries over from the file it replaces, in that file's order.
import { describe, expect, it } from 'vitest';
import { sectionOf, withEverySection } from '../../scripts/bench/doc-section';

const previous = [
  '# Benchmarks',
  '',
  '## a. Cycle',
  '',
  'old cycle',
  '',
  '## ad. Provisioning',
  '',
  'kept by its own bench',
  '',
  '## ae. Integration health',
  '',
  'kept too',
  '',
].join('\n');

describe('withEverySection', () => {
  it('carries over every section the rewrite does not hold, and never the ones it rewrote', () => {
    const doc = withEverySection('# Benchmarks\n\n## a. Cycle\n\nnew cycle\n', previous);
    expect(sectionOf(doc, '## a. Cycle')).toBe('## a. Cycle\n\nnew cycle');
    expect(sectionOf(doc, '## ad. Provisioning')).toBe('## ad. Provisioning\n\nkept by its own bench');
    expect(sectionOf(doc, '## ae. Integration health')).toBe('## ae. Integration health\n\nkept too');
    expect(doc.indexOf('## ad.')).toBeLessThan(doc.indexOf('## ae.'));
    expect(doc.match(/^## a\. /gm)).toHaveLength(1);
  });

  it('leaves a rewrite that holds every section as it is', () => {
    expect(withEverySection(previous, previous)).toBe(previous);
  });
});
