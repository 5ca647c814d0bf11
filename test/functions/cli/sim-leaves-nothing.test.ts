// `sim` removes what it and the runs against it left: its config folder in the temp folder, and the state folder the
// runs kept in the user's state home, named by the simulator's host and port (a simulator on a new port each start
// left one folder per start, 20 after an afternoon).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildOnce, ROOT, runCli } from './helpers';

let dir: string;
beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-sim-leaves-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('two runs against sim, then Ctrl-C: no config folder in tmp, no state folder of its org', async () => {
  const env = { XDG_STATE_HOME: join(dir, 'state'), TMPDIR: join(dir, 'tmp') };
  for (const folder of Object.values(env)) mkdirSync(folder);
  const sim = spawn(process.execPath, [join(ROOT, 'bin/okta-synthetics.mjs'), 'sim', '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  sim.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const stopped = new Promise<number | null>((resolve) => sim.on('close', resolve));
  try {
    await expect.poll(() => out, { timeout: 30_000 }).toContain('Press Ctrl+C');
    const config = /Probe config: (\S+)/.exec(out)?.[1] ?? '';
    const url = /listening on (\S+)/.exec(out)?.[1] ?? '';
    expect(config.startsWith(env.TMPDIR)).toBe(true);
    for (const _run of [1, 2]) expect((await runCli(['run', '--config', config], env)).code).toBe(0);
    const org = join(env.XDG_STATE_HOME, 'okta-synthetics', new URL(url).host.replace(':', '_'));
    expect(existsSync(org)).toBe(true);
  } finally {
    sim.kill('SIGINT');
  }
  expect(await stopped).toBe(0);
  expect(readdirSync(env.TMPDIR)).toEqual([]);
  expect(readdirSync(join(env.XDG_STATE_HOME, 'okta-synthetics'))).toEqual([]);
}, 120_000);
