// A CLI run holds V8's young generation at its first size, as the Lambda does: without it, V8 doubled the new space
// under the garbage of a 1,000-app catalogue's assertions, and the CLI's peak was 1.67x a one-app run's while the
// heap the run kept stayed flat (docs/decisions/young-generation.md; BENCHMARKS.md section p measures the peak). The
// built bin runs as a user runs it, with a preload that records every V8 flag the process sets.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_FLAG } from '../../../functions/probe/young-generation';
import { buildOnce, ROOT } from './helpers';

const run = promisify(execFile);
const MARK = '\n@@v8-flags ';
/** Wraps node:v8's setFlagsFromString before the bin loads, so the bin's ESM import of it gets the wrapper. */
const RECORDER = `
import v8 from 'node:v8';
import { syncBuiltinESMExports } from 'node:module';
const set = [];
const original = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => { set.push(flags); original(flags); };
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write(${JSON.stringify(MARK)} + JSON.stringify(set) + '\\n'));
`;

let scratch: string;

beforeAll(async () => {
  await buildOnce();
  scratch = mkdtempSync(join(tmpdir(), 'okta-synthetics-young-'));
  writeFileSync(join(scratch, 'recorder.mjs'), RECORDER);
});

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

/** The V8 flags the bin set for `args`, in order. */
async function flagsSet(args: readonly string[]): Promise<string[]> {
  const child = await run(
    process.execPath,
    ['--import', pathToFileURL(join(scratch, 'recorder.mjs')).href, join(ROOT, 'bin/okta-synthetics.mjs'), ...args],
    { cwd: scratch, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } },
  ).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }));
  const at = child.stderr.lastIndexOf(MARK);
  expect(at).toBeGreaterThanOrEqual(0);
  return JSON.parse(child.stderr.slice(at + MARK.length)) as string[];
}

describe('the CLI holds the young generation for a run', () => {
  it('sets the flag before it reads the config: a catalogue config is the first fast allocation', async () => {
    // The file does not exist: the run stops at reading it, after the flag is set.
    expect(await flagsSet(['run', '--config', join(scratch, 'missing.json')])).toEqual([YOUNG_GENERATION_FLAG]);
  });

  it('leaves V8 as it is for a command that runs no probe', async () => {
    expect(await flagsSet(['--version'])).toEqual([]);
  });
});
