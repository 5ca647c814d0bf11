// docs/integrations.md's lines that write a metric stream's secret, run by bash as printed (the `aws` line apart):
// the key read without echo from standard input, the file only its owner can read, the JSON Firehose reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read } from '../support/claims';
import { useTempDir } from '../support/temp-dir';

const dir = useTempDir('okta-synthetics-secret-file-');

describe('docs/integrations.md, the secret', () => {
  it("writes the secret's file as the doc's lines do: owner-only, the key never in an argument", () => {
    const block = /```sh\n([\s\S]*?)```/.exec(read('docs/integrations.md'))?.[1] ?? '';
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    expect(lines[0]).toMatch(/^umask 077; read -rs KEY/);
    const local = lines.filter((line) => !line.startsWith('aws ') && !line.startsWith('rm '));
    const run = spawnSync('bash', ['-c', `${local.join('\n')}\nstat -c %a key.json`], {
      cwd: dir(),
      input: 'PLANTED-KEY-1234\n',
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('600');
    expect(run.stdout).not.toContain('PLANTED-KEY-1234');
    expect(JSON.parse(readFileSync(join(dir(), 'key.json'), 'utf8'))).toEqual({ api_key: 'PLANTED-KEY-1234' });
    expect(statSync(join(dir(), 'key.json')).mode & 0o077).toBe(0);
    // The key reaches `aws` as a file, never as an argument a process list or the shell's history would show.
    expect(lines.find((line) => line.startsWith('aws '))).toContain('--secret-string file://key.json');
  });
});
