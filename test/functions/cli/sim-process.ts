// `sim` through the built CLI in a process of its own, as a person starts it in a terminal: what it printed once it
// serves, the probe command it printed (as a person pastes it), and its stop (Ctrl-C's signal).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './helpers';

/** The built CLI's `sim` in a process of its own (the node that runs the tests, with no okta-synthetics on PATH). */
export async function startSim(
  args: string[],
  state: string,
): Promise<{ readonly printed: string; readonly stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/okta-synthetics.mjs'), 'sim', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_STATE_HOME: state, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('Press Ctrl+C')) resolve();
    });
    void exited.then((code) => reject(new Error(`sim exited ${code}:\n${out}`)));
  });
  return {
    printed: out,
    stop: async () => {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
  };
}

/** The printed command to run the probe, its shell continuations joined: what a person pastes. */
export const printedRun = (printed: string): string => {
  const lines = printed.split('\n');
  const at = lines.indexOf('Run a probe against it:');
  const command: string[] = [];
  for (const line of lines.slice(at + 1)) {
    command.push(line.trim().replace(/ \\$/, ''));
    if (!line.endsWith(' \\')) break;
  }
  return command.join(' ');
};

/** The secret variables the printed command sets, read now from the files it names. */
export async function heldSecrets(printed: string): Promise<Record<string, string>> {
  const held: Record<string, string> = {};
  for (const [, name = '', path = ''] of printedRun(printed).matchAll(/(\w+)="\$\(cat ([^)]+)\)"/g))
    held[name] = await readFile(path, 'utf8');
  return held;
}
