// main() in-process: the contract the bin relies on (an exit code, never a throw, never a stack trace).
import { describe, expect, it } from 'vitest';
import { COMMANDS, main } from '../../../functions/cli/main';
import { exitCodeOf } from '../../../functions/cli/run';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { selfCommand, type CommandIo } from '../../../functions/cli/frame';
import type { CheckResult, Report } from '../../../functions/types';
import { STACK_LINE } from './helpers';
import { SCENARIO_NAMES } from '../../../sim/scenarios';

function capture(
  env: NodeJS.ProcessEnv = {},
  failStdout = false,
): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (chunk: string) => {
      if (failStdout) throw new Error('EPIPE: stdout closed');
      out += chunk;
    },
    stderr: (chunk: string) => void (err += chunk),
    env,
    out: () => out,
    err: () => err,
  };
}

describe('main', () => {
  it('turns an unexpected exception into one "internal error" line and exit 70, without a stack trace', async () => {
    const io = capture({}, true);
    expect(await main(['--help'], io)).toBe(70);
    expect(io.err()).toBe('okta-synthetics: internal error: EPIPE: stdout closed (please report)\n');
  });

  it('adds the stack trace only with OKTA_SYNTHETICS_DEBUG=1', async () => {
    const io = capture({ OKTA_SYNTHETICS_DEBUG: '1' }, true);
    expect(await main(['--help'], io)).toBe(70);
    expect(io.err()).toMatch(STACK_LINE);
  });

  it(
    '--help names every option of each command under that ' + "command, as the command's own --help lists them",
    async () => {
      const top = capture();
      await main(['--help'], top);
      // Every command of the table but help itself: a new command is held to this as soon as it is a row.
      const commands = COMMANDS.map((c) => c.name).filter((name) => name !== 'help');
      const lines = top.out().split('\n');
      const missing: string[] = [];
      for (const command of commands) {
        const own = capture();
        expect(await main([command, '--help'], own)).toBe(0);
        // The command's entries in the top help: from its line to the next command's (demo has two).
        const block = lines
          .filter((_, i) => {
            const owner = lines
              .slice(0, i + 1)
              .reverse()
              .find((l) => /^ {2}[a-z-]+( |$)/.test(l));
            return owner?.trim().split(' ')[0] === command;
          })
          .join('\n');
        // Its options: those its own help defines (a line starting with the option), and its Usage line's.
        const defined = [...own.out().matchAll(/^\s*(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1] ?? '');
        const usage = [...(own.out().split('\n\n')[0] ?? '').matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]);
        const options = new Set([...defined, ...usage].filter((o) => o !== '--help'));
        for (const option of options) if (!block.includes(option)) missing.push(`${command} ${option}`);
      }
      expect(missing).toEqual([]);
    },
  );

  it('prints the version from package.json', async () => {
    const io = capture();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('lists the scenarios for demo --list', async () => {
    const io = capture();
    expect(await main(['demo', '--list'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}healthy +Everything works/m);
    expect(io.out()).toMatch(/^ {2}rate-limited +/m);
    // Every scenario the simulator has, the resource checks' own among them, is listed by name.
    const listed = io
      .out()
      .split('\n')
      .map((line) => line.trim().split(' ')[0]);
    expect(SCENARIO_NAMES.filter((name) => !listed.includes(name))).toEqual([]);
    expect(SCENARIO_NAMES).toEqual(expect.arrayContaining(['resource-audience', 'resource-scope', 'resource-down']));
  });
});

describe('exitCodeOf', () => {
  const check = (status: 'pass' | 'skip' | 'n/a'): CheckResult =>
    status === 'pass'
      ? { server: 'org', check: 'token', status, latencyMs: 1, diagnosis: null }
      : { server: 'org', check: 'token', status, skipReason: 'why', latencyMs: 1, diagnosis: null };
  const report = (checks: CheckResult[]): Report => ({ startedAt: '', durationMs: 0, orgUrl: '', checks, metrics: [] });

  it('is 0 only when every check passed; a skipped check counts as not passed', () => {
    expect(exitCodeOf(report([check('pass'), check('n/a')]))).toBe(0);
    expect(exitCodeOf(report([check('pass'), check('skip')]))).toBe(1);
  });

  // One frame for every command: the same parser, the same usage line, the same exit code.
  it.each(['run', 'demo', 'sim', 'init', 'cost', 'plan', 'notify-test'])(
    '%s: an unknown option is one message naming the command, the options and its help, within 80 columns; exit 2',
    async (command) => {
      const io = capture();
      expect(await main([command, '--bogus'], io)).toBe(2);
      expect(io.err()).toMatch(
        new RegExp(`^okta-synthetics: ${command}: unknown option --bogus; the options are\\s+--`),
      );
      const lines = io.err().trimEnd().split('\n');
      // Named as it runs here: no okta-synthetics on this PATH (an empty environment), so through the clone's npx.
      expect(lines.at(-1)).toBe(`Run "npx --no-install okta-synthetics ${command} --help" for usage.`);
      expect(lines.filter((line) => line.length > 80)).toEqual([]);
      expect(io.out()).toBe('');
    },
  );

  it.each(['run', 'demo', 'sim', 'init', 'cost', 'plan', 'notify-test'])(
    '%s --help prints its usage on stdout, exit 0',
    async (command) => {
      const io = capture();
      expect(await main([command, '--help'], io)).toBe(0);
      expect(io.out()).toMatch(new RegExp(`Usage: okta-synthetics ${command}`));
    },
  );
});

// `npx okta-synthetics` outside the clone asks the public registry for a package of that name.
describe('the command a message tells you to type', () => {
  it("is the installed name, or the clone's copy through npx --no-install when npm started the command", () => {
    const bin = mkdtempSync(join(tmpdir(), 'okta-synthetics-path-'));
    try {
      writeFileSync(join(bin, 'okta-synthetics'), '#!/bin/sh\n', { mode: 0o755 });
      expect(selfCommand({ PATH: `/nowhere${delimiter}${bin}` })).toBe('okta-synthetics');
      expect(selfCommand({ PATH: bin, npm_command: 'exec' })).toBe('npx --no-install okta-synthetics');
      expect(selfCommand({ npm_lifecycle_event: 'start' })).toBe('npx --no-install okta-synthetics');
      // Run as `node bin/okta-synthetics.mjs` in a clone, the name is on no PATH: told to type it, a shell answered
      // "command not found".
      expect(selfCommand({ PATH: '/nowhere' })).toBe('npx --no-install okta-synthetics');
      expect(selfCommand({})).toBe('npx --no-install okta-synthetics');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  // `npx cdk` outside the clone runs the registry's "cdk", which is not the AWS CDK.
  it(
    "is never a bare npx, which would fetch a stranger's " + 'package: in every message the CLI and the stack write',
    () => {
      const root = join(import.meta.dirname, '../../..');
      const sources = ['functions', 'lib'].flatMap((folder) =>
        readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.ts'))
          .map((file) => join(folder, file)),
      );
      const code = (file: string): string[] =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line));
      const bare = sources.flatMap((file) =>
        code(file)
          .filter((line) => /npx (?!--no-install)[\w$]/.test(line))
          .map((line) => `${file}: ${line.trim()}`),
      );
      expect(bare).toEqual([]);
    },
  );
});
