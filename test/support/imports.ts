// The import graph the architecture and lane rules read: every module specifier of a file (static imports and
// re-exports, type-only ones too, and dynamic imports), resolved as the bundler does, and what a file reaches
// through any chain of them.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The repository's root: every path here is relative to it. */
export const root = resolve(import.meta.dirname, '../..');

/** The files under `dir` whose names match `pattern`, as paths from the root. */
export function sources(dir: string, pattern = /\.ts$/): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports (type-only ones too) and dynamic imports. */
export function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  // Statements, not any "from '": a prose string that ends in "from " beside a quote is no import.
  const statements = /^\s*(?:import|export)\s[^;]*?\bfrom\s*'([^']+)'/gm;
  const bare = /^\s*import\s*'([^']+)'/gm;
  const dynamic = /\bimport\(\s*'([^']+)'\s*\)/g;
  return [statements, bare, dynamic].flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!));
}

/** Every relative import of a file, as a path from the repository root. */
export function imports(file: string): string[] {
  return specifiers(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(root, resolve(join(root, dirname(file)), spec)));
}

/**
 * The file a relative import loads (moduleResolution Bundler: the path, with .ts or .mjs, or its folder's index.ts).
 */
export function resolved(path: string): string | undefined {
  return [path, `${path}.ts`, `${path}.mjs`, join(path, 'index.ts')].find(
    (candidate) => existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile(),
  );
}

/** Each file's relative imports that load another file of `files`. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => [
      file,
      imports(file)
        .map(resolved)
        .filter((target): target is string => target !== undefined && known.has(target)),
    ]),
  );
}

/**
 * Every file `from` reaches through any chain of imports, each with one shortest chain that gets there
 * ("a -> b -> c"): a rule on what a folder may load holds only if it holds for what its imports load.
 */
export function reach(from: readonly string[], edges: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const chains = new Map<string, string>(from.map((file) => [file, file]));
  const queue = [...from];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const next of edges.get(file) ?? []) {
      if (chains.has(next)) continue;
      chains.set(next, `${chains.get(file)!} -> ${next}`);
      queue.push(next);
    }
  }
  return chains;
}
