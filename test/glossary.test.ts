// CONTRIBUTING.md's glossary defines the house's own words. A word the house stops using would stay defined there and
// mislead a newcomer, so each term must still be used somewhere in the code or the docs other than the glossary.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, sources } from './support/imports';

/** The glossary's terms: each bullet's bold word, from `## Glossary` to the next heading. */
function glossaryTerms(): string[] {
  const text = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
  const section = /^## Glossary\n([\s\S]*?)^## /m.exec(text)?.[1] ?? '';
  return [...section.matchAll(/^- \*\*([^*]+)\*\*:/gm)].map((m) => m[1]!);
}

/** Every file a term may be used in: the shipped code, the simulator, the scripts, the docs and the README. */
function corpus(): string {
  const files = [
    ...['functions', 'lib', 'sim', 'scripts'].flatMap((dir) => sources(dir, /\.ts$/)),
    ...sources('docs', /\.md$/),
    ...['README.md'].filter((file) => existsSync(join(root, file))),
  ];
  return files.map((file) => readFileSync(join(root, file), 'utf8')).join('\n');
}

/** A term is used when each of its words (`page/warn`: page and warn) appears as a word, in any case. */
function used(term: string, text: string): boolean {
  return term.split('/').every((part) => {
    const escaped = part.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^\\w])${escaped}($|[^\\w])`, 'i').test(text);
  });
}

describe("CONTRIBUTING.md's glossary", () => {
  const terms = glossaryTerms();

  it('defines about forty terms, each once', () => {
    expect(terms.length).toBeGreaterThanOrEqual(40);
    expect(terms.filter((term, i) => terms.indexOf(term) !== i)).toEqual([]);
  });

  it('defines only terms the code or the docs still use', () => {
    const text = corpus();
    expect(terms.filter((term) => !used(term, text))).toEqual([]);
  });

  it('would notice a term used nowhere', () => {
    expect(used('quorum', 'a page needs quorum')).toBe(true);
    expect(used('quorum', 'a page needs quorums')).toBe(false);
    expect(used('page/warn', 'it pages')).toBe(false);
  });
});
