// The folder list is the architecture (CONTRIBUTING.md "Where things are"); these rules keep the arrows pointing
// one way, so synth never loads the Lambda handler and the probe never loads CDK.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

/** Every relative import of a file, as a path from the repository root. */
function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) =>
    relative(root, resolve(join(root, dirname(file)), m[1]!)),
  );
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
