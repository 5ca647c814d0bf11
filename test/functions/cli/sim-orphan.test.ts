// The simulator stops when the process that started it dies: killing `npx` left it serving its port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildOnce, ROOT } from './helpers';

beforeAll(buildOnce);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('stops serving once its parent is killed, as npx is', async () => {
  // A shell stands for npx: it starts the simulator, prints its pid, and waits.
  const cli = join(ROOT, 'bin', 'okta-synthetics.mjs');
  const shell = spawn('sh', ['-c', `"${process.execPath}" "${cli}" sim --port 0 >/dev/null & echo $!; wait`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = await new Promise<number>((resolve) => shell.stdout.once('data', (d: Buffer) => resolve(Number(d))));
  // Serving: the CLI's own start is done once it wrote its config; a second is ample on a loaded machine.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(alive(pid)).toBe(true);
  shell.kill('SIGKILL');
  const deadline = Date.now() + 20_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  const stillAlive = alive(pid);
  if (stillAlive) process.kill(pid, 'SIGKILL');
  expect(stillAlive).toBe(false);
});
