// Shared by the CLI integration tests: build dist/ once per test run, and spawn the real bin.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'bin/okta-synthetics.mjs');
const DIST = join(ROOT, 'dist');

export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node scripts/build.mjs` once per vitest run. Test files run in parallel worker processes that share
 * the vitest parent, so a stamp named after the parent pid tells a later file the build is fresh, and a
 * lock directory keeps two files from rewriting dist/cli.mjs while another is running it.
 */
export async function buildOnce(): Promise<void> {
  mkdirSync(DIST, { recursive: true });
  const lock = join(DIST, '.test-build-lock');
  const stamp = join(DIST, `.test-build-${process.ppid}`);
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 60_000) rmSync(lock, { recursive: true, force: true }); // a crashed run's lock
      await sleep(100);
    }
  }
  try {
    if (existsSync(stamp)) return;
    const outcome = await spawnNode([join(ROOT, 'scripts/build.mjs')], {});
    if (outcome.code !== 0) throw new Error(`build failed:\n${outcome.stderr}`);
    for (const file of readdirSync(DIST))
      if (file.startsWith('.test-build-') && file !== '.test-build-lock') rmSync(join(DIST, file), { force: true });
    writeFileSync(stamp, '');
  } finally {
    rmdirSync(lock);
  }
}

/** Runs the built CLI the way a user does: node bin/okta-synthetics.mjs ARGS. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  return spawnNode([BIN, ...args], env);
}

/** Runs dist/cli.mjs directly, as `npm start` does. */
export function runDist(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  return spawnNode([join(DIST, 'cli.mjs'), ...args], env);
}

/**
 * Each spawned run's own state folder (every run keeps its journeys' state in the user's): a run remembers nothing of
 * another test's run against the same simulator, as before, and never writes to the real home. Runs of one --history
 * folder are one machine's: they share one, as a cron's runs do.
 */
const stateHomes = new Map<string, string>();
function freshStateHome(args: readonly string[]): string {
  const at = args.indexOf('--history');
  const history = at < 0 ? undefined : args[at + 1];
  const home =
    (history !== undefined && stateHomes.get(history)) || mkdtempSync(join(tmpdir(), 'okta-synthetics-cli-state-'));
  if (history !== undefined) stateHomes.set(history, home);
  return home;
}

/**
 * Runs a command line in a shell, in the clone, as a person who pasted it there: what a command the CLI prints does
 * when run exactly as printed.
 */
export function runShell(command: string, env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  return spawnIn('sh', ['-c', command], env);
}

function spawnNode(args: string[], env: NodeJS.ProcessEnv): Promise<CliOutcome> {
  return spawnIn(process.execPath, args, env);
}

function spawnIn(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        XDG_STATE_HOME: freshStateHome(args),
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Stack-trace lines ("    at fn (file:1:2)") must never reach a user. */
export const STACK_LINE = /^\s{4}at /m;

/** An in-process CommandIo whose stdout and stderr are kept as text. */
export function captureIo(
  env: NodeJS.ProcessEnv = {},
): import('../../../functions/cli/frame').CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (c: string) => void (out += c),
    stderr: (c: string) => void (err += c),
    env,
    out: () => out,
    err: () => err,
  };
}
