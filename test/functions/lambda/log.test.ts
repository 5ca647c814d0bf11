// The Lambdas' one structured logger (functions/lambda/log.ts): a line is one JSON object on stdout, its level and
// message first, then its invocation's keys, every text in it scrubbed inside the logger of the secrets the run
// registered, whether the call thinks of them or not; and no Lambda writes a log line of its own beside it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invocationLogger } from '../../../functions/lambda/log';
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

describe('the invocation logger', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlLXBhcnQ';

  it('writes one JSON line: level, message, the invocation keys, then the fields, every text scrubbed', () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'okta-synthetics-probe');
    const log = invocationLogger({ awsRequestId: 'req-1' });
    log.registerSecrets(['hunter2-secret-value']);
    const [line, ...more] = written(() =>
      log.error('tallies not written', {
        error: `refused with hunter2-secret-value and ${jwt}`,
        nested: { list: ['hunter2-secret-value'] },
        n: 3,
      }),
    );
    vi.unstubAllEnvs();
    expect(more).toEqual([]);
    expect(line).toMatch(/^\{"level":"ERROR","message":"tallies not written","requestId":"req-1",.*\}\n$/);
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain(jwt);
    expect(JSON.parse(line!)).toMatchObject({
      functionName: 'okta-synthetics-probe',
      region: 'eu-west-1',
      n: 3,
      nested: { list: ['[REDACTED]'] },
    });
  });

  it('prints neither the client secret nor the token the run holds, in a call that passes no secrets', () => {
    const clientSecret = 'cs-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    const token = 'opaque-access-token-5f6e7d8c9b0a1f2e3d4c';
    const log = invocationLogger({ awsRequestId: 'req-2' });
    log.registerSecrets([clientSecret]);
    // As the engine does with ProbeOptions.scrubbed: the token it obtained joins the same list mid-run.
    log.secrets.push(token);
    const lines = written(() => {
      log.warn('status page not published', { problem: `AccessDenied for ${clientSecret}, bearer ${token}` });
      log.info(`a message quoting ${token}`);
    });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(clientSecret);
      expect(line).not.toContain(token);
      expect(line).toContain('[REDACTED]');
    }
  });
});

describe('the Lambdas log through it alone', () => {
  it('writes no JSON log line nor console call of its own in functions/lambda or functions/notify', () => {
    const files = [...sources('functions/lambda', /\.ts$/), ...sources('functions/notify', /\.ts$/)];
    expect(files).toContain('functions/lambda/log.ts');
    const own = files.filter((file) => {
      const code = readFileSync(join(root, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      // An object with a level is a log line of its own; a declaration taking a line apart is not.
      const ownLine = /(?<!(?:const|let)\s+)\{\s*level[:,]/;
      return (
        file !== 'functions/lambda/log.ts' && (/console\.(log|warn|error|info)\(/.test(code) || ownLine.test(code))
      );
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
    const log = invocationLogger({ awsRequestId: 'req-3' });
    log.registerSecrets(['hunter2-secret-value']);
    const lines = await written(() => keepProductionVerdicts(config, report, kept, log));
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: "Production's verdicts not kept for the Preview run",
        requestId: 'req-3',
        problem: 'Error: AccessDeniedException: not authorized, token [REDACTED]',
      }),
    ]);
    expect(stderr).not.toHaveBeenCalled();
  });
});
