// The guard that keeps `npm test` free of the handlers' log lines from passing tests (test/support/log-lines.ts).
import { describe, expect, it, vi } from 'vitest';
import config from '../../vitest.config';
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
    const test = config.test ?? {};
    expect(test.setupFiles).toContain('test/support/log-lines.ts');
    expect(test.projects?.length).toBeGreaterThan(0);
    for (const project of test.projects ?? []) expect(project).toMatchObject({ extends: true });
  });
});
