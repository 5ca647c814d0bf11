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
  const shipped = [...texts.keys()].filter((f) => /^(functions|lib|sim)\//.test(f) && !f.endsWith('.test.ts'));
  const unused: string[] = [];
  for (const file of shipped) {
    for (const [, name] of (texts.get(file) ?? '').matchAll(DECLARED)) {
      const word = new RegExp(`\\b${name}\\b`);
      const named = [...texts].some(([other, text]) => other !== file && word.test(text));
      if (!named) unused.push(`${file}: ${name}`);
    }
  }
  return unused;
}
