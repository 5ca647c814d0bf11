import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { restoreEnv } from './env';

const NAME = 'OKTA_SYNTHETICS_ENV_TEST';

afterEach(() => {
  vi.unstubAllEnvs();
  delete process.env[NAME];
});

/** Every TypeScript file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('restoring the environment a test changed', () => {
  it('brings back the saved values on the same object, so a later vi.stubEnv(name, undefined) still unsets it', () => {
    const before = process.env;
    const saved = { ...process.env };
    process.env[NAME] = 'leaked';
    restoreEnv(saved);
    expect(process.env).toBe(before);
    expect(process.env[NAME]).toBeUndefined();
    process.env[NAME] = 'set by an earlier test';
    vi.stubEnv(NAME, undefined);
    expect(process.env[NAME]).toBeUndefined();
  });

  it('is the only way a test restores it: no test file assigns process.env a new object', () => {
    const root = join(__dirname, '..');
    const swaps = sources(root).filter((file) => /process\.env\s*=[^=]/.test(readFileSync(file, 'utf8')));
    expect(swaps.map((file) => file.slice(root.length + 1))).toEqual([]);
  });
});
