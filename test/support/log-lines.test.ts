// The guard that keeps `npm test` free of the handlers' log lines from passing tests (test/support/log-lines.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { heldLogLines, JSON_LOG_LINE } from './log-lines';

describe("the handlers' JSON log lines in tests", () => {
  it('are held for the test (printed only if it fails); other console output is untouched', () => {
    const seen = vi.spyOn(console, 'warn');
    console.warn(JSON.stringify({ level: 'ERROR', message: 'notification failed' }));
    console.warn('a plain warning');
    // A test that spies the console still sees every call.
    expect(seen).toHaveBeenCalledTimes(2);
    seen.mockRestore();
    expect(heldLogLines().lines).toEqual(['{"level":"ERROR","message":"notification failed"}']);
    expect(JSON_LOG_LINE.test('a plain warning')).toBe(false);
  });

  it('start empty in each test', () => {
    expect(heldLogLines().lines).toEqual([]);
  });

  it('are held in every lane: the setup is the root config, and every project extends it', () => {
    const config = readFileSync(new URL('../../vitest.config.ts', import.meta.url), 'utf8');
    expect(config).toContain("setupFiles: ['test/support/log-lines.ts']");
    const projects = config.match(/\bname: '[a-z-]+'/g) ?? [];
    expect(projects.length).toBeGreaterThan(0);
    expect(config.match(/extends: true/g)?.length).toBe(projects.length);
  });
});
