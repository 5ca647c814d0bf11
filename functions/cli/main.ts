// The okta-synthetics command: one table of its commands (COMMANDS: each one's name, the help's lines for it and its
// code) and the dispatcher to each command's own file (run.ts, demo.ts, sim.ts, ...), all given one CommandIo. A new
// command is one row. Returns the exit code instead of exiting, so tests and the bin share one path; every failure
// ends as one clear line on stderr, never as a stack trace (OKTA_SYNTHETICS_DEBUG=1 shows it). Each command's file is
// imported when it runs: --version and --help load none of them, nor the probe's engine, nor the config reader
// (dist/ is split at each import(); the suggestion for a mistyped command is text/did-you-mean.ts, not the reader's).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { didYouMean } from '../text/did-you-mean';
import { commandFailure, EXIT, NAME, UsageError, type CommandIo } from './frame';
import pkg from '../../package.json';

export { EXIT } from './frame';

/** One form of a command as the help shows it. */
interface Usage {
  /** What follows the name, one string per help line (the first on the name's line). */
  readonly options: readonly string[];
  /** What it does, one string per help line. */
  readonly does: readonly string[];
}

/** A command: its name, its forms in the help, and its code, imported only when it runs. */
export interface Command {
  readonly name: string;
  readonly usage: readonly Usage[];
  readonly run: (args: string[], io: CommandIo) => Promise<number>;
}

/** The commands, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'run',
    usage: [
      {
        options: [
          '--config FILE [--server ID] [--check NAME] [--secrets aws',
          '[--region R] [--profile NAME]] [--compact] [--json] [--junit FILE]',
          '[--har DIR] [--fail-on warn] [--history DIR] [--every SECONDS [--count N]]',
        ],
        does: ['probe the servers in FILE (or only those', 'named) once and report'],
      },
    ],
    run: async (args, io) => (await import('./run')).runRun(args, io),
  },
  {
    name: 'demo',
    usage: [
      {
        options: ['[--scenario NAME] [--json] [--har DIR]'],
        does: ['one probe cycle against the built-in Okta', 'simulator (what "npm start" runs)'],
      },
      { options: ['--list'], does: ["list the simulator's scenarios"] },
    ],
    run: async (args, io) => (await import('./demo')).runDemo(args, io),
  },
  {
    name: 'sim',
    usage: [
      {
        options: ['[--scenario NAME] [--port N] [--latency MS] [--config-dir DIR]'],
        does: ['serve the Okta simulator in the foreground', 'and print a config for "run"'],
      },
      {
        options: ['--config FILE [--scenario NAME] [--out FILE] [--port N]'],
        does: [
          'serve the org of your own config (its',
          'servers, journeys, SAML apps) with the',
          "simulator's keys, kept across restarts;",
          'writes FILE.sim.json',
        ],
      },
    ],
    run: async (args, io) => (await import('./sim')).runSimulatorCli(args, io),
  },
  {
    name: 'init',
    usage: [
      {
        options: ['[--org URL] [--preview-org URL] [--out FILE]'],
        does: [
          'write a starter config, with a _comment on',
          'the file and on each server; --preview-org adds',
          'a preview block of what may differ there',
        ],
      },
    ],
    run: async (args, io) => (await import('./init')).runInit(args, io),
  },
  {
    name: 'plan',
    usage: [
      {
        options: [
          '--config FILE [--json] [--discovered-apps N]',
          '[--history DIR] [--org [--secrets local|aws',
          '[--region R] [--profile NAME]]]',
        ],
        does: [
          'what deploying FILE creates: checks, metrics,',
          'alarms, where notifications go, cost; --org also',
          "asks the org for the access assertions' ids",
        ],
      },
    ],
    run: async (args, io) => (await import('./plan')).runPlan(args, io),
  },
  {
    name: 'cost',
    usage: [
      {
        options: ['--config FILE [--json] [--duration-ms N] [--memory-mb N]', '[--discovered-apps N]'],
        does: ['monthly AWS cost of deploying FILE, beside', 'CloudWatch Synthetics, Datadog, Checkly'],
      },
    ],
    run: async (args, io) => (await import('./cost')).runCost(args, io),
  },
  {
    name: 'provisioning',
    usage: [
      {
        options: [
          'ack --app APPID [--before TIME]',
          '(--history DIR | --config FILE --stack [--region R]',
          '[--profile NAME])',
        ],
        does: ["close an app's leavers fixed by hand", '(provisioning health; never sent to Okta)'],
      },
    ],
    run: async (args, io) => (await import('./provisioning-ack')).runProvisioningCommand(args, io),
  },
  {
    name: 'notify-test',
    usage: [
      {
        options: [
          '--config FILE [--severity warn|page] [--server ID]',
          '[--hold SECONDS] [--region R] [--profile NAME]',
        ],
        does: ['send a test notification through the', 'deployed stack (e-mail, chat, pager)'],
      },
    ],
    run: async (args, io) => (await import('./notify-test')).runNotifyTest(args, io),
  },
  {
    name: 'prove-latch',
    usage: [
      {
        options: ['--config FILE [--hold SECONDS] [--region R] [--profile NAME]'],
        does: [
          'show whether CloudWatch keeps the fast',
          "path's latch on this account (run once",
          'after the first deploy; pages nothing)',
        ],
      },
    ],
    run: async (args, io) => (await import('./prove-latch')).runProveLatch(args, io),
  },
  {
    name: 'status',
    usage: [
      {
        options: ['--config FILE [--region R] [--profile NAME] [--invoke] [--json]'],
        does: [
          'the deployed probe now: alarm states, last',
          'run, failures, latency (--invoke: each',
          'deployed function run once, the smoke',
          'check after a deploy)',
        ],
      },
    ],
    run: async (args, io) => (await import('./status')).runStatus(args, io),
  },
  {
    name: 'secrets',
    usage: [
      {
        options: ['put --config FILE [--only ID] [--region R] [--profile NAME]'],
        does: ['put every secret the deployed stack waits', 'for, from keys/ files or prompts (no echo)'],
      },
    ],
    run: async (args, io) => (await import('./secrets')).runSecrets(args, io),
  },
  {
    name: 'passkey',
    usage: [
      {
        options: [
          'enroll --config FILE --journey ID [--out FILE] [--force] [--json]',
          '[--har DIR] [--stack [--region R] [--profile NAME]]',
        ],
        does: [
          "enroll a software passkey for the journey's",
          'user (password and TOTP, then attestation',
          '"none"); writes its file 0600',
        ],
      },
    ],
    run: async (args, io) => (await import('./passkey')).runPasskey(args, io),
  },
  {
    name: 'report',
    usage: [
      {
        options: [
          '(--month YYYY-MM | --since DATE [--until DATE])',
          '(--config FILE [--region R] [--profile NAME] | --history DIR)',
          '[--sla PERCENT] [--json] [--html FILE]',
        ],
        does: ['availability per server against the SLA:', "Okta's vs the org's downtime, incidents"],
      },
    ],
    run: async (args, io) => (await import('./report')).runReport(args, io),
  },
  {
    name: 'status-page',
    usage: [
      {
        options: ['--history DIR --out DIR [--at TIME] [--config FILE]'],
        does: ["the help desk's status page from kept runs:", "each app's state, whose fault,", 'what to tell callers'],
      },
    ],
    run: async (args, io) => (await import('./status-page')).runStatusPage(args, io),
  },
  {
    name: 'help',
    usage: [{ options: [], does: ['this text'] }],
    run: async (_args, io) => printHelp(io),
  },
];

const ABOUT = `Usage: ${NAME} <command> [options]

Synthetic monitoring for Okta: its authorization servers (discovery, keys,
token, validation, introspection, authorize, rate-limit headroom, clock), a
synthetic user's sign-in, SAML apps' assertions, what will break next (API
tokens, certificates, log streams, event hooks, agents) and Okta's status
feed, with a diagnosis and a fix for each failure.
`;

const OPTIONS = `Options:
  --json       print the report as one JSON document on stdout, nothing else
  --version    print the version

Exit codes: 0 done (every check passed or only warned), 1 a check failed,
2 usage or configuration error (nothing probed), 3 could not run (no AWS
credentials, AWS unreachable, a history folder it cannot write), 70 a bug.
`;

/** The column where what a command does starts; its options' lines go on past it when they must. */
const DOES_COLUMN = 32;

/** A command's lines in the help: each form's options, then what it does, beside the last line when it fits. */
function commandLines({ name, usage }: Command): string[] {
  return usage.flatMap(({ options, does }) => {
    const lines = [[`  ${name}`, ...options.slice(0, 1)].join(' '), ...options.slice(1).map((line) => `      ${line}`)];
    const last = lines[lines.length - 1] ?? '';
    const [first = '', ...rest] = does;
    const tail =
      last.length < DOES_COLUMN
        ? [`${last.padEnd(DOES_COLUMN)}${first}`]
        : [last, `${' '.repeat(DOES_COLUMN)}${first}`];
    return [...lines.slice(0, -1), ...tail, ...rest.map((line) => `${' '.repeat(DOES_COLUMN)}${line}`)];
  });
}

function printHelp(io: CommandIo): number {
  io.stdout(`${ABOUT}\nCommands:\n${COMMANDS.flatMap(commandLines).join('\n')}\n\n${OPTIONS}`);
  return EXIT.ok;
}

export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const code = commandFailure(error, io);
    if (code !== undefined) return code;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`${NAME}: internal error: ${message} (please report)\n`);
    if (io.env.OKTA_SYNTHETICS_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.internal;
  }
}

async function dispatch(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') return printHelp(io);
  if (name === '--version' || name === '-v') {
    io.stdout(`${pkg.version}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command !== undefined) return command.run(args, io);
  throw unknown(name);
}

/** What the user typed that is no command, said with the nearest one. */
function unknown(name: string): UsageError {
  if (name.startsWith('-')) {
    const hint = didYouMean(name, ['--help', '--version']);
    const options = ['--config', '--json', '--scenario', '-c', '-s'];
    const misplaced = options.includes(name.split('=')[0] ?? '')
      ? `; options go after the command, e.g. "${NAME} run ${name} ..."`
      : '';
    return new UsageError(`unknown option ${name}${hint ? ` (did you mean ${hint}?)` : misplaced}`);
  }
  const names = COMMANDS.map((c) => c.name);
  const hint = didYouMean(name, names);
  return new UsageError(
    `unknown command "${name}"${hint ? ` (did you mean ${hint}?)` : `; the commands are ${names.join(', ')}`}`,
  );
}

function processIo(): CommandIo {
  const { stdout, stderr } = process;
  // `... | head` closes the pipe early: what was read is all the reader wanted, not a crash with a stack trace.
  // Later output is dropped and the command finishes (and cleans up) as it would have.
  let closed = false;
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return {
    stdout: (text) => void (closed || stdout.write(text)),
    stderr: (text) => void stderr.write(text),
    env: process.env,
    terminal: {
      stdout: stdout.isTTY === true,
      stderr: stderr.isTTY === true,
      ...(stdout.columns !== undefined ? { columns: stdout.columns } : {}),
    },
  };
}

/** True when this module is the process entry (`node dist/cli.mjs`, what `npm start` runs), not imported by the bin. */
function isEntry(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntry()) process.exitCode = await main(process.argv.slice(2));
