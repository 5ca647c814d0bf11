// The claims checker itself (test/support/claims.ts): a row is held only by a named test that asserts and, where the
// row says what ties it to its sentence, references it; a title alone, over a test of something else, is not enough.
import { describe, expect, it } from 'vitest';
import { asserts, bodyIn, claimGaps, docOnly, heldGaps, type HeldClaim } from '../support/claims';

const FILE = 'test/functions/sample.test.ts';

const SOURCE = `
const judgeWithin = (n: number) => {
  expect(n).toBeLessThan(51);
};
describe('domains', () => {
  it('keeps at most the bound of domains', () => {
    const bound = LIMITS.maxDomains; // a constant's test: its value, never the reader's
    expect(bound).toBeGreaterThan(0);
  });

  it('stops at 50 domains and says so', () => {
    // Brackets in strings, templates and patterns never end a test early: ) } ]
    const note = \`\${'past the first'} \${50}: not judged )\`;
    expect(readDomainList(note)).toMatch(/past the first 50\\)?/);
  });

  it('reads the list', () => {
    readDomainList('ok');
  });

  it('judges with a helper that asserts', () => {
    judgeWithin(150);
  });

  it.each([[1], [2]])('judges case %s', (n) => {
    expect(n).toBeGreaterThan(0);
  });
});
`;

const row = (title: string, ...ties: string[]): HeldClaim => ({
  says: 'At most 50 domains are judged',
  heldBy: [FILE, title],
  ...(ties.length > 0 && { ties }),
});

describe('the claims checker', () => {
  it('finds a test by the start of its title, its whole body and no more, whatever brackets its strings hold', () => {
    const body = bodyIn(SOURCE, 'stops at 50 domains');
    expect(body?.startsWith("it('stops at 50 domains and says so'")).toBe(true);
    expect(body?.endsWith('/past the first 50\\)?/);\n  })')).toBe(true);
    expect(bodyIn(SOURCE, 'judges case %s')).toContain('toBeGreaterThan(0)');
    expect(bodyIn(SOURCE, 'no such test')).toBeUndefined();
  });

  it('refuses a named test that asserts nothing, and follows a helper of its own file that does', () => {
    expect(heldGaps(row('reads the list'), SOURCE)).toEqual([`${FILE}: "reads the list..." asserts nothing`]);
    expect(heldGaps(row('judges with a helper'), SOURCE)).toEqual([]);
    expect(asserts("template.hasResourceProperties('AWS::SQS::Queue', {})")).toBe(true);
  });

  it("refuses a test of a constant for a sentence about the reader: the row's ties are not in its body", () => {
    expect(heldGaps(row('keeps at most the bound', 'readDomainList', '50'), SOURCE)).toEqual([
      `${FILE}: "keeps at most the bound..." does not reference readDomainList, which ties it to the sentence`,
      `${FILE}: "keeps at most the bound..." does not reference 50, which ties it to the sentence`,
    ]);
    expect(heldGaps(row('stops at 50 domains', 'readDomainList', '50'), SOURCE)).toEqual([]);
    // A tie is matched whole: 50 is not found in 150.
    expect(heldGaps(row('judges with a helper', '50'), SOURCE)).toHaveLength(1);
  });

  it('names a test that is not there', () => {
    expect(heldGaps(row('stops at 60 domains'), SOURCE)).toEqual([
      `${FILE} has no test titled "stops at 60 domains..."`,
    ]);
  });

  it('takes a sentence as documentation only with a reason, never with an empty marker', () => {
    expect(claimGaps(docOnly('Read the graph left to right.', 'a reading guide to a picture: no behaviour'))).toEqual(
      [],
    );
    expect(claimGaps(docOnly('Read the graph left to right.', 'n/a'))).toEqual([
      '"Read the graph left to right.": docOnly needs a reason, in words',
    ]);
  });
});
