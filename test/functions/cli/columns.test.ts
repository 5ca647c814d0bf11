// Every command and subcommand of the CLI, as a new user meets them on a pipe, prints nothing wider than 80 columns:
// help, plan, cost, config and usage errors, a run against the simulator with real users' sign-ins, passkey enroll,
// sim --config's printed command, demo --list, provisioning ack's errors. A could-not-run message (exit 3: status
// without AWS) stays one line on a pipe, for a cron's log and a grep (could-not-run.test.ts), and wraps at 80 on a
// terminal (could-not-run-width.test.ts), so it is not held here; status-page wraps its own (status-page.test.ts).
// `plan --json` and `run --json` are JSON, read by programs, and exempt. A word longer than 80
// columns (a URL, a path, a variable set from a long path) cannot be broken without breaking it: it may stand alone
// on its line (indented, and with a shell's " \" continuation after it), and nothing else may.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../functions/cli/main';
import { runSimulatorCli } from '../../../functions/cli/sim';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';
import { writeSimulatorConfig } from '../../../sim/config';
import { startSimulator, type Simulator } from '../../../sim/server';
import { startAwsFake, type AwsFake } from '../../support/aws-fake';
import { buildOnce, runCli } from './helpers';

const WIDTH = 80;
/**
 * A line that is one unbreakable word, indented or not, perhaps a shell's continuation after it: a word as the shell
 * reads it (a variable set from a long path, quoted, is one).
 */
const ONE_WORD = /^ *(\w+="\$\(cat [^)]+\)"|\S+)( \\)?$/;

/** The lines of `text` wider than 80 columns that are not one unbreakable word. */
const tooWide = (text: string): string[] =>
  text.split('\n').filter((line) => line.length > WIDTH && !ONE_WORD.test(line));

let dir: string;
let aws: AwsFake;
let signIns: Simulator;
let signInsConfig: string;

beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-columns-'));
  aws = await startAwsFake();
  signIns = await startSimulator({ scenario: 'user-sign-ins-app-denied', port: 0 });
  mkdirSync(join(dir, 'sign-ins'));
  signInsConfig = await writeSimulatorConfig(signIns, join(dir, 'sign-ins'));
  // A config with unknown fields at the top and in a server: the message lists every known field.
  writeFileSync(
    join(dir, 'unknown-fields.json'),
    JSON.stringify({ orgUrl: 'https://acme.okta.com', servers: [{ id: 'default', clientId: 'x', bogus: 1 }], oops: 2 }),
  );
  writeFileSync(join(dir, 'exists.json'), '{}');
});
afterAll(async () => {
  await aws.close();
  await signIns.close();
  rmSync(dir, { recursive: true, force: true });
});

/** No AWS credentials anywhere the SDK looks; AWS is the loopback fake, so nothing leaves the machine. */
const noAws = (): NodeJS.ProcessEnv => ({
  AWS_ENDPOINT_URL: aws.url,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
  AWS_REGION: 'us-east-1',
});

/** Each command's and subcommand's help, from the command table: a new command is held to 80 columns at once. */
const helps: string[][] = [['--help'], ['--version'], ...COMMANDS.map((c) => [c.name, '--help'])];
const subcommandHelps = [
  ['secrets', 'put', '--help'],
  ['passkey', 'enroll', '--help'],
  ['provisioning', 'ack', '--help'],
];

describe('every command within 80 columns on a pipe', () => {
  it.each([...helps, ...subcommandHelps].map((args) => [args.join(' '), args] as const))('%s', async (_name, args) => {
    const { stdout, stderr } = await runCli([...args]);
    expect(stdout.length + stderr.length).toBeGreaterThan(0);
    expect(tooWide(stdout)).toEqual([]);
    expect(tooWide(stderr)).toEqual([]);
  });

  it.each([
    ['plan of the example', () => ['plan', '--config', EXAMPLE_CONFIG_PATH]],
    ['cost of the example', () => ['cost', '--config', EXAMPLE_CONFIG_PATH]],
    ['demo --list', () => ['demo', '--list']],
    ['an unknown scenario', () => ['demo', '--scenario', 'no-such-scenario']],
    ['an unknown option', () => ['init', '--bogus']],
    ['init over a file', () => ['init', '--out', join(dir, 'exists.json')]],
    ['init writing one', () => ['init', '--org', 'https://acme.okta.com', '--out', join(dir, 'starter.json')]],
    [
      'init writing one with a Preview org',
      () => ['init', '--preview-org', 'https://acme.oktapreview.com', '--out', join(dir, 'preview-starter.json')],
    ],
    ['run of unknown fields', () => ['run', '--config', join(dir, 'unknown-fields.json')]],
    ['plan of unknown fields', () => ['plan', '--config', join(dir, 'unknown-fields.json')]],
    ['run with userSignIns', () => ['run', '--config', signInsConfig]],
    ['passkey enroll', () => ['demo', '--scenario', 'idx-passkey-enroll']],
    ['a failing demo', () => ['demo', '--scenario', 'saml-catalogue-one-failing']],
    ['provisioning ack without --app', () => ['provisioning', 'ack', '--history', dir]],
    ['provisioning ack with both ledgers', () => ['provisioning', 'ack', '--app', 'x', '--history', dir, '--stack']],
    ['report of no history', () => ['report', '--history', join(dir, 'none'), '--month', '2026-10']],
  ])('%s', async (_what, args) => {
    const { stdout, stderr } = await runCli(args(), noAws());
    expect(stdout.length + stderr.length).toBeGreaterThan(0);
    expect(tooWide(stdout)).toEqual([]);
    expect(tooWide(stderr)).toEqual([]);
  });

  it("sim --config's notes and printed commands", async () => {
    // The simulator's own config stands for one's own: a config with credentials for the CLI, as sim --config needs.
    const config = join(dir, 'sign-ins', 'acme.json');
    copyFileSync(signInsConfig, config);
    const controller = new AbortController();
    let out = '';
    let ready: () => void = () => undefined;
    const serving = new Promise<void>((resolve) => (ready = resolve));
    const print = (text: string) => {
      out += text;
      if (out.includes('Press Ctrl+C')) ready();
    };
    const exit = runSimulatorCli(
      ['--config', config],
      { stdout: print, stderr: print, env: {} },
      {
        signal: controller.signal,
      },
    );
    await Promise.race([serving, exit]);
    controller.abort();
    await exit;
    expect(out).toContain('run --config');
    expect(tooWide(out)).toEqual([]);
  });
});
