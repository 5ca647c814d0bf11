// The Lambdas' one structured logger (functions/lambda/log.ts): a line is one JSON object on stdout, its level and
// message first, every text in it scrubbed inside the logger; and no Lambda writes a log line of its own beside it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logLine } from '../../../functions/lambda/log';
import { keepProductionVerdicts } from '../../../functions/lambda/preview-run';
import type { ResolvedConfig } from '../../../functions/config/resolved';
import type { Report } from '../../../functions/types';
import { root, sources } from '../../support/imports';

afterEach(() => vi.restoreAllMocks());

/** The lines `run` writes to stdout (once it settles, when it is async). */
function written(run: () => void): string[];
function written(run: () => Promise<void>): Promise<string[]>;
function written(run: () => void | Promise<void>): string[] | Promise<string[]> {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  const done = run();
  return done instanceof Promise ? done.then(() => chunks) : chunks;
}

describe('logLine', () => {
  it('writes one JSON line, level then message, every text scrubbed: the secrets given and the patterns', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlLXBhcnQ';
    const [line, ...more] = written(() =>
      logLine(
        'ERROR',
        'tallies not written',
        { error: `refused with hunter2-secret-value and ${jwt}`, nested: { list: ['hunter2-secret-value'] }, n: 3 },
        ['hunter2-secret-value'],
      ),
    );
    expect(more).toEqual([]);
    expect(line).toMatch(/^\{"level":"ERROR","message":"tallies not written",.*\}\n$/);
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain(jwt);
    expect(JSON.parse(line!)).toMatchObject({ n: 3, nested: { list: ['[REDACTED]'] } });
  });
});

describe('the Lambdas log through it alone', () => {
  it('writes no JSON log line nor console call of its own in functions/lambda or functions/notify', () => {
    const files = [...sources('functions/lambda', /\.ts$/), ...sources('functions/notify', /\.ts$/)];
    expect(files).toContain('functions/lambda/log.ts');
    const own = files.filter((file) => {
      const code = readFileSync(join(root, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      return file !== 'functions/lambda/log.ts' && /console\.(log|warn|error|info)\(|\{\s*level[:,]/.test(code);
    });
    expect(own).toEqual([]);
  });
});

describe("Production's verdicts not kept for the Preview run", () => {
  it('are said in one WARN line, scrubbed of the secret the error carried, and nothing on stderr', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const kept = {
      where: (key: string) => `the SSM parameter /okta-synthetics/kept/${key}`,
      read: () => Promise.resolve(undefined),
      write: () => Promise.reject(new Error('AccessDeniedException: not authorized, token hunter2-secret-value')),
    };
    const config = { preview: { pairs: { preview: 'default' } } } as unknown as ResolvedConfig;
    const report = { startedAt: '2026-11-28T01:00:00.000Z', checks: [] } as unknown as Report;
    const lines = await written(() => keepProductionVerdicts(config, report, kept, ['hunter2-secret-value']));
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        level: 'WARN',
        message: "Production's verdicts not kept for the Preview run",
        problem: 'Error: AccessDeniedException: not authorized, token [REDACTED]',
      },
    ]);
    expect(stderr).not.toHaveBeenCalled();
  });
});
