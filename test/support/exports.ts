// Exports nothing else names: an `export` of a shipped file (functions/, lib/, sim/) whose name appears in no other
// file of the repository. Each one widens a module's surface for nobody; the architecture test keeps their count at
// zero. A name is "used" when any other file says it (an import, a re-export, a dynamic import's member), which is
// generous: a word in a comment elsewhere keeps an export, never the other way round.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, sources } from './imports';

const DECLARED = /^export (?:async )?(?:function|const|class|interface|type|enum) (\w+)/gm;

/** Every file whose text may name an export: sources, tests, scripts, the simulator, the bin. */
function everyFile(): Map<string, string> {
  const files = ['functions', 'lib', 'sim', 'scripts', 'test', 'bin'].flatMap((dir) => sources(dir, /\.(ts|mjs)$/));
  return new Map(files.map((file) => [file, readFileSync(join(root, file), 'utf8')]));
}

/** `file: name` of each shipped export no other file names. */
export function unusedExports(): string[] {
  const texts = everyFile();
  // Each file's words (runs of \w), and how many files say each: `\bname\b` finds a name in a text exactly when one
  // of its words is the name, so one pass over the files answers every export, not a pass per export.
  const words = new Map([...texts].map(([file, text]) => [file, new Set(text.match(/\w+/g) ?? [])]));
  const saying = new Map<string, number>();
  for (const set of words.values()) for (const word of set) saying.set(word, (saying.get(word) ?? 0) + 1);
  const shipped = [...texts.keys()].filter((f) => /^(functions|lib|sim)\//.test(f) && !f.endsWith('.test.ts'));
  const unused: string[] = [];
  for (const file of shipped) {
    for (const [, name] of (texts.get(file) ?? '').matchAll(DECLARED)) {
      const others = (saying.get(name!) ?? 0) - (words.get(file)?.has(name!) === true ? 1 : 0);
      if (others === 0) unused.push(`${file}: ${name}`);
    }
  }
  return unused;
}
