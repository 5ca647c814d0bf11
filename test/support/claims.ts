// A doc's claims, each held by a test: a claim is the doc's own words, the test the one that fails when the code stops
// doing it. A claim reworded or removed from its doc fails until its row follows; a test renamed or removed fails until
// the claim finds another or goes. A named test must assert (an `expect`), and a row may name what ties the test to
// its sentence (`ties`: the function under test, the literal value the sentence states), which the test's own body
// must reference: a title alone proves a test exists, not that it checks the sentence. A sentence no test can hold
// (how to read a picture, what a section is for) is marked documentation only, with why, never pointed at a test that
// checks something else. A sentence about the outside world (what Datadog or CloudFront does) cannot be tested here:
// it is kept only with its source, and its row names the words of the doc that cite it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';

export const ROOT = join(import.meta.dirname, '../..');

/** A file of the repository, by its path from the root. */
export const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** A doc's prose as one line of words: no figure markers, no line breaks. */
export const words = (text: string): string => text.replace(/<!--[^>]*-->/g, '').replace(/\s+/g, ' ');

/** A claim the project's code makes true, and the test that fails when it stops. */
export interface HeldClaim {
  /** The doc's words. */
  readonly says: string;
  /** The test file, and the start of the title of the test in it that holds the claim. */
  readonly heldBy: readonly [file: string, title: string];
  /**
   * What the test's own body must reference for it to check this sentence: the function or module under test, or
   * the literal value the sentence states (`'50'`). Each is matched as written, whitespace aside.
   */
  readonly ties?: readonly string[];
  readonly docOnly?: undefined;
}

/** A sentence no test can hold (a reading guide, a section's purpose): kept as the doc's words, with why. */
export interface DocOnlyClaim {
  readonly says: string;
  /** Why no test holds it: what it is instead of a behaviour. */
  readonly docOnly: string;
  readonly heldBy?: undefined;
}

export type Claim = HeldClaim | DocOnlyClaim;

/** A fact of the outside world, kept only with its source: the doc's words, and the words there that cite it. */
export interface OutsideFact {
  readonly says: string;
  /** A URL, a standard (RFC 8305) or a page (its link from the doc) that the doc names beside the claim. */
  readonly cites: string;
  /** Words of the cited page that give the source, so a citation cannot point at a page that lacks it. */
  readonly there?: string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');

/** Where `title` starts a test (`it`, `it.each(...)`, `it.skipIf(...)`) in `source`: the index of its `it`. */
function testStart(source: string, title: string): number | undefined {
  const spaced = escape(title).replace(/ /g, '\\s+');
  // A table (`.each(...)`) holds no other test's start: the nearest `it` before the title is its own.
  const table = String.raw`\.(each|skipIf|runIf)\((?:(?!\bit[.(])[\s\S])*?\)`;
  return new RegExp(`\\bit(${table})?\\(\\s*['"\`]${spaced}`).exec(source)?.index;
}

/** Whether `file` has a test (`it`, `it.each(...)`, `it.skipIf(...)`) whose title starts with `title`. */
export function hasTest(file: string, title: string): boolean {
  return testStart(read(file), title) !== undefined;
}

// What may come before a `/` that starts a regular expression rather than divides.
const BEFORE_REGEX = /(?:[(,=:[!&|?{};+\-*%<>~^]|\breturn|\btypeof|\bcase|=>)$/;

/**
 * The end of the call that opens at `open` (an index of `(`): brackets counted outside strings, template literals,
 * comments and regular expressions, which may hold any bracket.
 */
function callEnd(source: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (c === '/' && next === '*') i = source.indexOf('*/', i + 2) + 1;
    else if (c === "'" || c === '"') {
      for (i++; i < source.length && source[i] !== c; i++) if (source[i] === '\\') i++;
    } else if (c === '`') stack.push('`');
    else if (c === '/' && BEFORE_REGEX.test(source.slice(Math.max(0, i - 200), i).trimEnd())) {
      let inClass = false;
      for (i++; i < source.length && (inClass || source[i] !== '/'); i++) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
      }
    } else if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c === ')' || c === ']' || c === '}') {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
    // Inside a template literal: only its end or a `${` matters.
    while (stack.at(-1) === '`' && i + 1 < source.length) {
      i++;
      if (source[i] === '\\') i++;
      else if (source[i] === '`') stack.pop();
      else if (source[i] === '$' && source[i + 1] === '{') {
        stack.push('{');
        i++;
        break;
      }
    }
  }
  return source.length;
}

/** The whole of the test in `source` whose title starts with `title` (its call, title to last line), or undefined. */
export function bodyIn(source: string, title: string): string | undefined {
  const start = testStart(source, title);
  if (start === undefined) return undefined;
  // The call's own `(` is the one just before the title (after any `.each(...)` table).
  const spaced = escape(title).replace(/ /g, '\\s+');
  const open = start + (new RegExp(`\\(\\s*['"\`]${spaced}`).exec(source.slice(start))?.index ?? 0);
  return source.slice(start, callEnd(source, open));
}

/** The whole of the test in `file` whose title starts with `title`, or undefined. */
export const testBody = (file: string, title: string): string | undefined => bodyIn(read(file), title);

// An assertion: vitest's `expect`, node's `assert`, or a CDK template's own (`hasResourceProperties`,
// `resourceCountIs`, `templateMatches`), each of which throws when the template lacks what it names.
const ASSERTION = /\b(expect|assert)\w*\s*[(.]|\.(has[A-Z]\w*|resource(Properties)?CountIs|templateMatches)\(/;

/** The body of a function (`function name(`, `const name = (...) =>`) declared in `source`, or undefined. */
function declared(source: string, name: string): string | undefined {
  const own = escape(name);
  const at = new RegExp(`\\b(function\\s*\\*?\\s*${own}\\s*[(<]|(const|let)\\s+${own}\\s*(:[^=]*)?=)`).exec(source);
  if (at === null) return undefined;
  const open = source.indexOf('{', at.index);
  return open === -1 ? undefined : source.slice(at.index, callEnd(source, open));
}

/**
 * Whether a test's body asserts: an assertion of its own, or a call of a helper its file declares that asserts (a
 * `withinLimits(...)` that expects each limit), followed through the file's own helpers.
 */
export function asserts(body: string, source = '', seen = new Set<string>()): boolean {
  if (ASSERTION.test(body)) return true;
  for (const [, name] of body.matchAll(/\b([A-Za-z_$][\w$]*)\s*\(/g)) {
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    const helper = declared(source, name);
    if (helper !== undefined && asserts(helper, source, seen)) return true;
  }
  return false;
}

/** What of a held claim's row its named test lacks: its absence, no assertion, a tie not referenced. */
export function heldGaps(claim: HeldClaim, source = read(claim.heldBy[0])): string[] {
  const [file, title] = claim.heldBy;
  const body = bodyIn(source, title);
  if (body === undefined) return [`${file} has no test titled "${title}..."`];
  const flat = words(body);
  // A tie that starts or ends with a word character is matched whole: `50` is not found in `150`, nor `judge` in
  // `judged`.
  const references = (tie: string): boolean =>
    new RegExp(
      `${/^[\w$]/.test(tie) ? '(?<![\\w$])' : ''}${escape(words(tie))}${/[\w$]$/.test(tie) ? '(?![\\w$])' : ''}`,
    ).test(flat);
  return [
    ...(asserts(body, source) ? [] : [`${file}: "${title}..." asserts nothing`]),
    ...(claim.ties ?? [])
      .filter((tie) => !references(tie))
      .map((tie) => `${file}: "${title}..." does not reference ${tie}, which ties it to the sentence`),
  ];
}

/** What a row lacks, whichever its kind: a reason of more than three words for documentation only, else heldGaps. */
export function claimGaps(claim: Claim): string[] {
  if (claim.docOnly === undefined) return heldGaps(claim);
  // A reason that says something: not an empty marker to silence the table.
  return claim.docOnly.trim().split(/\s+/).length > 3 ? [] : [`"${claim.says}": docOnly needs a reason, in words`];
}

/** One test per claim: said in `doc` (in its words) and held by a test that asserts, or marked documentation only. */
export function itHoldsClaims(doc: string, claims: readonly Claim[]): void {
  const text = words(read(doc));
  it.each(claims.map((claim) => [claim.says, claim] as const))('"%s" is said, and held', (says, claim) => {
    expect(text).toContain(says);
    expect(claimGaps(claim)).toEqual([]);
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

/**
 * A claim row: the doc's words, the test file and the start of the title of the test that holds them, and what the
 * test's body must reference to be about them (the function under test, the value the sentence states).
 */
export const held = (says: string, file: string, title: string, ...ties: readonly string[]): Claim => ({
  says,
  heldBy: [file, title],
  ...(ties.length > 0 && { ties }),
});

/** A row no test holds: the doc's words, and why they are documentation only. */
export const docOnly = (says: string, why: string): Claim => ({ says, docOnly: why });

/** An outside fact's row: the doc's words, and the source the doc names beside them. */
export const cited = (says: string, cites: string, there?: string): OutsideFact => ({
  says,
  cites,
  ...(there !== undefined && { there }),
});
