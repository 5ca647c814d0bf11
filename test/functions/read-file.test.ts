// The one reader of files a user names: regular files only, never more than the cap, read to the end.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegularFile } from '../../functions/read-file';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TEN = { maxBytes: 10, what: 'a test file' } as const;

describe('readRegularFile', () => {
  it('reads a file of exactly the cap whole, and refuses one byte more, saying the cap', () => {
    writeFileSync(join(dir, 'ten'), '0123456789');
    writeFileSync(join(dir, 'eleven'), '0123456789A');
    expect(readRegularFile(join(dir, 'ten'), TEN)).toMatchObject({ bytes: Buffer.from('0123456789') });
    expect(readRegularFile(join(dir, 'eleven'), TEN)).toEqual({
      problem: 'larger than the 10 bytes a test file may hold',
    });
  });

  it('reads to the end a regular file whose size says 0 (/proc), not to the size', () => {
    const read = readRegularFile('/proc/self/status', { maxBytes: 64 * 1024, what: 'a test file' });
    expect('bytes' in read && read.bytes.toString('utf8')).toMatch(/^Name:[\s\S]*\nPid:/);
  });

  it(
    'refuses what is not a regular file without opening it for long: a directory, a FIFO, a device; says ' +
      'ENOENT for nothing',
    () => {
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      expect(readRegularFile(dir, TEN)).toEqual({ problem: 'EISDIR: it is a directory' });
      expect(readRegularFile(join(dir, 'fifo'), TEN)).toEqual({
        problem: 'not a regular file but a FIFO (named pipe)',
      });
      expect(readRegularFile('/dev/zero', TEN)).toEqual({
        problem: 'not a regular file but a character device (like /dev/zero)',
      });
      expect(readRegularFile(join(dir, 'missing'), TEN)).toEqual({ problem: 'ENOENT: no such file' });
    },
  );
});
