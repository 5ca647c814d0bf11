// The folder list is the architecture (CONTRIBUTING.md "Where things are"); these rules keep the arrows pointing
// one way, so synth never loads the Lambda handler and the probe never loads CDK, and keep each file to one job.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');

/** The shipped source folders: what the line cap and the cycle rule cover. */
const SHIPPED = ['functions', 'lib', 'sim', 'scripts', 'bin'];

function sources(dir: string, pattern = /\.ts$/): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports (type-only ones too) and dynamic imports. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
}

/** Every relative import of a file, as a path from the repository root. */
function imports(file: string): string[] {
  return specifiers(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(root, resolve(join(root, dirname(file)), spec)));
}

/** The file a relative import loads (moduleResolution Bundler: the path, with .ts or .mjs, or its folder's index.ts). */
function resolved(path: string): string | undefined {
  return [path, `${path}.ts`, `${path}.mjs`, join(path, 'index.ts')].find((candidate) => existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile());
}

describe('architecture', () => {
  it('nothing under functions/ imports lib/ (CDK stays out of the Lambda and the CLI)', () => {
    const offenders = sources('functions').flatMap((f) => imports(f).filter((i) => i.startsWith('lib/')).map((i) => `${f} -> ${i}`));
    expect(offenders).toEqual([]);
  });

  it('lib/ never loads a Lambda entry, the CLI or a credentials reader at synth', () => {
    const offenders = sources('lib').flatMap((f) =>
      imports(f)
        .filter((i) => /^functions\/(lambda|cli|credentials|probe)\//.test(i))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the probe engine does not reach into the CLI, the Lambda or cost', () => {
    const offenders = sources('functions/probe').flatMap((f) =>
      imports(f)
        .filter((i) => /^functions\/(lambda|cli|cost)\//.test(i) || i.startsWith('sim/'))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('sim/ is the simulator only: it uses the shared contract, never the probe, the CLI or the Lambda', () => {
    const offenders = sources('sim').flatMap((f) =>
      imports(f)
        .filter((i) => /^functions\/(probe|cli|lambda|credentials|cost)\//.test(i) || i.startsWith('lib/') || i.startsWith('test/'))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});

/** The most lines a shipped source file may have: past it, a file holds more than one job. */
const MAX_LINES = 450;
/** Files over the cap, each with why it is allowed for now. */
const OVER_THE_CAP: Readonly<Record<string, string>> = {};

const lineCount = (file: string): number => {
  const text = readFileSync(join(root, file), 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
};

/** Each file's relative imports that load another file of `files`. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(files.map((file) => [file, imports(file).map(resolved).filter((target): target is string => target !== undefined && known.has(target))]));
}

/** One cycle through each strongly connected set of files, as "a -> b -> a"; none when the graph is a DAG. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('one job per file', () => {
  const shipped = SHIPPED.flatMap((dir) => sources(dir, /\.(ts|mjs)$/));

  it(`keeps every shipped source file to ${MAX_LINES} lines; an exception leaves the list once it is under`, () => {
    expect(shipped.length).toBeGreaterThan(100); // the walk reads the tree it claims to
    const over = shipped.filter((file) => !(file in OVER_THE_CAP) && lineCount(file) > MAX_LINES).map((file) => `${file}: ${lineCount(file)} lines`);
    expect(over).toEqual([]);
    const stale = Object.keys(OVER_THE_CAP).filter((file) => !existsSync(join(root, file)) || lineCount(file) <= MAX_LINES);
    expect(stale).toEqual([]);
  });

  it('finds a cycle where there is one, type-only imports included', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual(['a -> b -> c -> a']);
    expect(cycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
    expect(importGraph(['sim/state.ts', 'sim/tokens.ts', 'sim/auth-server.ts']).get('sim/state.ts')).toContain('sim/tokens.ts'); // `import type`
  });

  it('has no import cycles among the shipped sources', () => {
    expect(cycles(importGraph(shipped))).toEqual([]);
  });

  it('keeps the contract import-free: its files import only each other', () => {
    const contract = sources('functions/contract');
    expect(contract).toContain('functions/contract/index.ts');
    const inside = (file: string, spec: string): boolean => spec.startsWith('.') && (resolved(relative(root, resolve(join(root, dirname(file)), spec))) ?? '').startsWith('functions/contract/');
    const outside = contract.flatMap((file) => specifiers(file).filter((spec) => !inside(file, spec)).map((spec) => `${file} -> ${spec}`));
    expect(outside).toEqual([]);
  });

  it('lets only functions/probe/http/ load undici (others may name its types, as ProbeOptions does)', () => {
    const loadsUndici = (file: string): boolean => {
      const text = readFileSync(join(root, file), 'utf8');
      return /^import\s+(?!type\s)[^;]*?from\s+'undici(?:\/[^']*)?'/m.test(text) || /import\(\s*'undici(?:\/[^']*)?'\s*\)(?!\.)/.test(text) || /require\(\s*'undici/.test(text);
    };
    expect(shipped.filter((file) => file.startsWith('functions/probe/http/') && loadsUndici(file)).length).toBeGreaterThan(0);
    expect(shipped.filter((file) => !file.startsWith('functions/probe/http/') && loadsUndici(file))).toEqual([]);
  });
});
