// A doc's claims, each held by a test: a claim is the doc's own words, the test the one that fails when the code stops
// doing it. A claim reworded or removed from its doc fails until its row follows; a test renamed or removed fails until
// the claim finds another or goes. A sentence about the outside world (what Datadog or CloudFront does) cannot be
// tested here: it is kept only with its source, and its row names the words of the doc that cite it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';

export const ROOT = join(import.meta.dirname, '../..');

/** A file of the repository, by its path from the root. */
export const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** A doc's prose as one line of words: no figure markers, no line breaks. */
export const words = (text: string): string => text.replace(/<!--[^>]*-->/g, '').replace(/\s+/g, ' ');

/** A claim the project's code makes true, and the test that fails when it stops. */
export interface Claim {
  /** The doc's words. */
  readonly says: string;
  /** The test file, and the start of the title of the test in it that holds the claim. */
  readonly heldBy: readonly [file: string, title: string];
}

/** A fact of the outside world, kept only with its source: the doc's words, and the words there that cite it. */
export interface OutsideFact {
  readonly says: string;
  /** A URL, a standard (RFC 8305) or a page (its link from the doc) that the doc names beside the claim. */
  readonly cites: string;
  /** Words of the cited page that give the source, so a citation cannot point at a page that lacks it. */
  readonly there?: string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');

/** Whether `file` has a test (`it`, `it.each(...)`, `it.skipIf(...)`) whose title starts with `title`. */
export function hasTest(file: string, title: string): boolean {
  return new RegExp(`\\bit(\\.(each|skipIf|runIf)\\([\\s\\S]*?\\))?\\( ?['"\`]${escape(title)}`).test(
    words(read(file)),
  );
}

/** One test per claim: said in `doc` (in its words) and held by a test that exists. */
export function itHoldsClaims(doc: string, claims: readonly Claim[]): void {
  const text = words(read(doc));
  it.each(claims.map((claim) => [claim.says, claim.heldBy] as const))('"%s" is said, and held', (says, heldBy) => {
    expect(text).toContain(says);
    const [file, title] = heldBy;
    expect(hasTest(file, title), `${file} has no test titled "${title}..."`).toBe(true);
  });
}

/** One test per outside fact: said in `doc`, its source named there too (a page linked that exists and says it). */
export function itCitesFacts(doc: string, facts: readonly OutsideFact[]): void {
  const text = words(read(doc));
  it.each(facts.map((fact) => [fact.says, fact] as const))('"%s" is said, citing its source', (says, fact) => {
    expect(text).toContain(says);
    expect(text).toContain(fact.cites);
    const page = /^[\w/.-]+\.md(?=#|$)/.exec(fact.cites)?.[0];
    if (page === undefined) return;
    // A link is relative to the doc that holds it.
    const file = join(dirname(doc), page);
    expect(existsSync(join(ROOT, file)), fact.cites).toBe(true);
    if (fact.there !== undefined) expect(words(read(file))).toContain(fact.there);
  });
}

/** A claim row: the doc's words, the test file and the start of the title of the test that holds them. */
export const held = (says: string, file: string, title: string): Claim => ({ says, heldBy: [file, title] });

/** An outside fact's row: the doc's words, and the source the doc names beside them. */
export const cited = (says: string, cites: string, there?: string): OutsideFact => ({
  says,
  cites,
  ...(there !== undefined && { there }),
});
