// `npm ci`'s prepare step: the Node binary check runs on the Node that runs npm, named by npm_node_execpath, on every
// shell. The script line itself names no shell variable, which cmd.exe (npm's script shell on Windows) would leave
// unexpanded, so that a Windows clone could not install.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../support/temp-dir';

const root = join(import.meta.dirname, '../..');
const dir = useTempDir('prepare-');

/** A stand-in for npm's Node: it records what it was asked to run, and exits with `status`. */
function fakeNpmNode(status: number): { path: string; calls: () => string[] } {
  const path = join(dir(), `npm-node-${status}`);
  const log = `${path}.log`;
  writeFileSync(path, `#!/bin/sh\necho "$@" >> '${log}'\nexit ${status}\n`);
  chmodSync(path, 0o755);
  return { path, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

const prepare = (env: Record<string, string | undefined>) =>
  spawnSync(process.execPath, [join(root, 'scripts/prepare.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });

describe('the prepare script', () => {
  it('names no shell variable in its line: cmd.exe expands no $VAR and sh no %VAR%', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.prepare).toBe('node scripts/prepare.mjs');
  });

  it("runs the binary check on npm's Node (npm_node_execpath), and stops the install when it fails", () => {
    const npmNode = fakeNpmNode(1);
    const ran = prepare({ npm_node_execpath: npmNode.path });
    expect(ran.status).toBe(1);
    expect(npmNode.calls()).toEqual([join(root, 'scripts/verify-node-binary.mjs')]);
  });

  it('refuses to run outside npm, rather than check the binary with itself', () => {
    const ran = prepare({ npm_node_execpath: undefined });
    expect(ran.status).toBe(1);
    expect(ran.stderr).toMatch(/npm_node_execpath is not set: run this through npm/);
  });
});
