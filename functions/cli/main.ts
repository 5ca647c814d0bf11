// The okta-synthetics command: its help and the dispatcher to each command's own file (run.ts, demo.ts, sim.ts, ...),
// all given one CommandIo. Returns the exit code instead of exiting, so tests and the bin share one path; every failure
// ends as one clear line on stderr, never as a stack trace (OKTA_SYNTHETICS_DEBUG=1 shows it). Each command's file is
// imported when it runs: --version and --help load none of them, nor the probe's engine (dist/ is split at each
// import()).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { didYouMean } from '../text/did-you-mean';
import { commandFailure, EXIT, NAME, UsageError, type CommandIo } from './frame';
import pkg from '../../package.json';

export { EXIT } from './frame';

const USAGE = `Usage: ${NAME} <command> [options]

Synthetic monitoring for Okta: its authorization servers (discovery, keys,
token, validation, introspection, authorize, rate-limit headroom, clock), a
synthetic user's sign-in, SAML apps' assertions, what will break next (API
tokens, certificates, log streams, event hooks, agents) and Okta's status
feed, with a diagnosis and a fix for each failure.

Commands:
  run --config FILE [--server ID] [--check NAME] [--secrets aws
      [--region R] [--profile NAME]] [--compact] [--json] [--junit FILE]
      [--har DIR] [--fail-on warn] [--history DIR] [--every SECONDS [--count N]]
                                probe the servers in FILE (or only those
                                named) once and report
  demo [--scenario NAME] [--json] [--har DIR]
                                one probe cycle against the built-in Okta
                                simulator (what "npm start" runs)
  demo --list                   list the simulator's scenarios
  sim [--scenario NAME] [--port N] [--latency MS] [--config-dir DIR]
                                serve the Okta simulator in the foreground
                                and print a config for "run"
  sim --config FILE [--out FILE] [--port N]
                                serve the org of your own config (its
                                servers, journeys, SAML apps) with the
                                simulator's keys; writes FILE.sim.json
  init [--org URL] [--out FILE] write a starter config, with a _comment on
                                the file and on each server
  plan --config FILE [--json] [--discovered-apps N]
      [--history DIR]           what deploying FILE creates: checks, metrics,
                                alarms, where notifications go, cost
  cost --config FILE [--json] [--duration-ms N] [--memory-mb N]
      [--discovered-apps N]     monthly AWS cost of deploying FILE, beside
                                CloudWatch Synthetics, Datadog, Checkly
  notify-test --config FILE [--severity warn|page] [--server ID]
      [--hold SECONDS] [--region R] [--profile NAME]
                                send a test notification through the
                                deployed stack (e-mail, chat, pager)
  prove-latch --config FILE [--hold SECONDS] [--region R] [--profile NAME]
                                show whether CloudWatch keeps the fast
                                path's latch on this account (run once
                                after the first deploy; pages nothing)
  status --config FILE [--region R] [--profile NAME] [--invoke] [--json]
                                the deployed probe now: alarm states, last
                                run, failures, latency (--invoke: each
                                deployed function run once, the smoke
                                check after a deploy)
  secrets put --config FILE [--only ID] [--region R] [--profile NAME]
                                put every secret the deployed stack waits
                                for, from keys/ files or prompts (no echo)
  passkey enroll --config FILE --journey ID [--out FILE] [--force] [--json]
                                enroll a software passkey for the journey's
                                user (password and TOTP, then attestation
                                "none"); writes its file 0600
  report (--month YYYY-MM | --since DATE [--until DATE])
      (--config FILE [--region R] [--profile NAME] | --history DIR)
      [--sla PERCENT] [--json] [--html FILE]
                                availability per server against the SLA:
                                Okta's vs the org's downtime, incidents
  help                          this text

Options:
  --json       print the report as one JSON document on stdout, nothing else
  --version    print the version

Exit codes: 0 done (every check passed or only warned), 1 a check failed,
2 usage or configuration error (nothing probed), 3 could not run (no AWS
credentials, AWS unreachable, a history folder it cannot write), 70 a bug.
`;

const COMMANDS = [
  'run',
  'demo',
  'sim',
  'init',
  'cost',
  'plan',
  'notify-test',
  'prove-latch',
  'status',
  'secrets',
  'passkey',
  'report',
  'help',
] as const;

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
  const [command, ...args] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return EXIT.ok;
    case '--version':
    case '-v':
      io.stdout(`${pkg.version}\n`);
      return EXIT.ok;
    case 'run':
      return (await import('./run')).runRun(args, io);
    case 'demo':
      return (await import('./demo')).runDemo(args, io);
    case 'sim':
      return (await import('./sim')).runSimulatorCli(args, io);
    case 'cost':
      return (await import('./cost')).runCost(args, io);
    case 'plan':
      return (await import('./plan')).runPlan(args, io);
    case 'init':
      return (await import('./init')).runInit(args, io);
    case 'notify-test':
      return (await import('./notify-test')).runNotifyTest(args, io);
    case 'prove-latch':
      return (await import('./prove-latch')).runProveLatch(args, io);
    case 'status':
      return (await import('./status')).runStatus(args, io);
    case 'report':
      return (await import('./report')).runReport(args, io);
    case 'secrets':
      return (await import('./secrets')).runSecrets(args, io);
    case 'passkey':
      return (await import('./passkey')).runPasskey(args, io);
    default:
      if (command.startsWith('-')) {
        const known = ['--help', '--version'];
        const hint = didYouMean(command, known);
        const options = ['--config', '--json', '--scenario', '-c', '-s'];
        const misplaced = options.includes(command.split('=')[0] ?? '')
          ? `; options go after the command, e.g. "${NAME} run ${command} ..."`
          : '';
        throw new UsageError(`unknown option ${command}${hint ? ` (did you mean ${hint}?)` : misplaced}`);
      }
      {
        const hint = didYouMean(command, COMMANDS);
        throw new UsageError(
          `unknown command "${command}"${hint ? ` (did you mean ${hint}?)` : `; the commands are ${COMMANDS.join(', ')}`}`,
        );
      }
  }
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
