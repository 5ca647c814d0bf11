// The okta-synthetics command: run (probe a real org), demo (probe the built-in simulator), sim (serve the
// simulator). Returns the exit code instead of exiting, so tests and the bin share one path; every failure
// ends as one clear line on stderr, never as a stack trace (OKTA_SYNTHETICS_DEBUG=1 shows it).
import { realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isScenarioName, SCENARIOS, SCENARIO_NAMES } from '../../sim/scenarios';
import { writeSimulatorConfig } from '../../sim/config';
import { runSimulatorCli } from './sim';
import { startSimulator } from '../../sim/server';
import { didYouMean, loadConfigFile } from '../config/parse';
import { CHECKS, STATUS_SERVER, type CheckName } from '../contract';
import { checksWithPrerequisites, plannedChecks } from '../plan/checks';
import { runCost } from './cost';
import { runNotifyTest } from './notify-test';
import { runPlan } from './plan';
import { runInit } from './init';
import { resolveLocalCredentials } from '../credentials/local';
import { resolveLocalUsers } from '../credentials/user-secrets';
import { runProbe } from '../probe/engine';
import { jsonReport, renderConfigErrors, renderReport, renderWidth } from './render';
import { EXIT, NAME, parseCommandArgs, UsageError, type CommandIo, type Options } from './frame';

export { EXIT } from './frame';
import type { CredentialResult, ProbeConfig, Report, UserCredentialResult } from '../types';
import pkg from '../../package.json';

export interface CliStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: NodeJS.ProcessEnv;
}

const DEFAULT_SCENARIO = 'healthy';

const USAGE = `Usage: ${NAME} <command> [options]

Synthetic monitoring for Okta authorization servers: discovery, keys, token, validation, introspection,
authorize, rate-limit headroom, clock skew and Okta's status feed, with a diagnosis and a fix for each failure.

Commands:
  run --config FILE [--server ID] [--check NAME] [--secrets aws] [--json]
                                     probe the servers in FILE (or only those named) once and report
  demo [--scenario NAME] [--json]    one probe cycle against the built-in Okta simulator (what "npm start" runs)
  demo --list                        list the simulator's scenarios
  sim [--scenario NAME] [--port N]   serve the Okta simulator in the foreground and print a config for "run"
      [--latency MS] [--config-dir DIR]
  cost --config FILE [--json]        monthly AWS cost of deploying FILE, beside CloudWatch Synthetics, Datadog, Checkly
  init [--org URL] [--out FILE]      write a starter config with a comment on every part
  plan --config FILE [--json]        what deploying FILE creates: checks, metrics, alarms, where notifications go, cost
  notify-test --config FILE          send a test notification through the deployed stack (e-mail, chat, pager)
  help                               this text

Options:
  --json       print the report as one JSON document on stdout, nothing else
  --version    print the version

Exit codes: 0 every check passed, 1 a check failed or was skipped, 2 usage or configuration error,
70 internal error.
`;

const RUN_HELP = `Usage: ${NAME} run --config FILE [--server ID ...] [--check NAME ...] [--secrets local|aws] [--region R] [--json]

Probes every server in FILE once (the JSON configuration described in README.md, "Configuring a real org")
and prints a report, or with --json the report as one JSON document.

  -c, --config FILE   the configuration file; key files in it are relative to it
  -s, --server ID     only this server (repeat for more); "${STATUS_SERVER}" is Okta's status feed
      --check NAME    only this check (repeat for more), with the checks it needs (validate: token, keys);
                      ${CHECKS.join(', ')}
      --secrets aws   read each server's credential from Secrets Manager, where the deployed probe reads it
                      (its secretName, or the secret the stack created), with your AWS credentials;
                      default local: privateKeyFile, privateKeyEnv, clientSecretEnv
      --region R      the region of those secrets (default: the config's first region, else AWS_REGION)
      --compact       one line per check, then each distinct problem once with its fix
      --json          JSON report on stdout
`;

const DEMO_HELP = `Usage: ${NAME} demo [--scenario NAME] [--json]

Starts the built-in Okta simulator on 127.0.0.1, runs one probe cycle against it and stops it.

  -s, --scenario NAME  a simulated fault (default ${DEFAULT_SCENARIO}); e.g. --scenario rate-limited
      --list           list the scenarios
      --json           JSON report on stdout
`;


const RUN_OPTIONS = {
  config: { type: 'string', short: 'c' },
  server: { type: 'string', short: 's', multiple: true },
  check: { type: 'string', multiple: true },
  secrets: { type: 'string' },
  region: { type: 'string' },
  compact: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

const DEMO_OPTIONS = {
  scenario: { type: 'string', short: 's' },
  compact: { type: 'boolean' },
  list: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

const COMMANDS = ['run', 'demo', 'sim', 'init', 'cost', 'plan', 'notify-test', 'help'] as const;

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${NAME}: ${error.message}\nRun "${NAME}${error.command !== undefined ? ` ${error.command}` : ''} --help" for usage.\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${NAME}: internal error: ${message} (please report)\n`);
    if (io.env.OKTA_SYNTHETICS_DEBUG === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.internal;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(USAGE);
      return EXIT.ok;
    case '--version':
    case '-v':
      io.stdout.write(`${pkg.version}\n`);
      return EXIT.ok;
    case 'run':
      return runCommand(args, io);
    case 'demo':
      return demoCommand(args, io);
    case 'sim':
      return runSimulatorCli(args, writers(io));
    case 'cost':
      return runCost(args, writers(io));
    case 'plan':
      return runPlan(args, writers(io));
    case 'init':
      return runInit(args, writers(io));
    case 'notify-test':
      return runNotifyTest(args, writers(io));
    default:
      if (command.startsWith('-')) {
        const known = ['--help', '--version'];
        const hint = didYouMean(command, known);
        const options = ['--config', '--json', '--scenario', '-c', '-s'];
        const misplaced = options.includes(command.split('=')[0] ?? '') ? `; options go after the command, e.g. "${NAME} run ${command} ..."` : '';
        throw new UsageError(`unknown option ${command}${hint ? ` (did you mean ${hint}?)` : misplaced}`);
      }
      {
        const hint = didYouMean(command, COMMANDS);
        throw new UsageError(`unknown command "${command}"${hint ? ` (did you mean ${hint}?)` : `; the commands are ${COMMANDS.join(', ')}`}`);
      }
  }
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs('run', args, RUN_OPTIONS);
  if (values.help) {
    io.stdout.write(RUN_HELP);
    return EXIT.ok;
  }
  if (values.config === undefined) {
    throw new UsageError(
      'run: --config FILE is required (the probe configuration; see README.md "Configuring a real org", or try "npx okta-synthetics demo")',
    );
  }
  const secrets = values.secrets ?? 'local';
  if (secrets !== 'local' && secrets !== 'aws') throw new UsageError(`run: --secrets must be "local" or "aws", got "${secrets}"`, 'run');
  if (values.region !== undefined && secrets !== 'aws') throw new UsageError('run: --region applies only with --secrets aws (the region of the secrets)', 'run');
  // With --secrets aws the file is read as the stack reads it: local credentials are the CLI's, not needed here.
  const loaded = loadConfigFile(values.config, secrets === 'aws' ? 'deploy' : 'cli', io.env);
  if (!loaded.ok) {
    io.stderr.write(renderConfigErrors(loaded.errors, values.config, { color: useColor(io.stderr, io.env) }));
    if (secrets === 'local' && loaded.errors.some((e) => /\.(privateKeyFile|privateKeyEnv|clientSecretEnv): /.test(e))) {
      io.stderr.write(`Or probe with the credentials the deployed probe reads: npx ${NAME} run --config ${values.config} --secrets aws\n`);
    }
    return EXIT.usage;
  }
  const probe = onlyServers(loaded.config.probe, values.server);
  const checks = onlyChecks(probe, values.check, io);
  const run = { json: values.json ?? false, compact: values.compact ?? false, ...(checks !== undefined ? { checks } : {}) };
  if (secrets === 'local') return probeAndReport(probe, io, run);
  const { readAwsSecrets } = await import('./aws-secrets');
  const aws = await readAwsSecrets(loaded.config, probe.servers, values.region !== undefined ? { region: values.region } : {});
  if (aws.read.length > 0) {
    io.stderr.write(`Credentials from AWS Secrets Manager: ${aws.read.map((r) => `${r.server} <- ${r.secretId} (${r.region})`).join(', ')}\n`);
  }
  return probeAndReport(probe, io, run, aws.credentials);
}

async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs('demo', args, DEMO_OPTIONS);
  if (values.help) {
    io.stdout.write(DEMO_HELP);
    return EXIT.ok;
  }
  const names: readonly string[] = SCENARIO_NAMES;
  if (values.list) {
    const width = Math.max(...names.map((n) => n.length));
    io.stdout.write(names.map((name) => `${name.padEnd(width)}  ${scenarioDescription(name)}`).join('\n') + '\n');
    return EXIT.ok;
  }
  const scenario = values.scenario ?? DEFAULT_SCENARIO;
  if (!isScenarioName(scenario)) {
    const hint = didYouMean(scenario, names);
    throw new UsageError(`demo: unknown scenario "${scenario}"${hint ? ` (did you mean ${hint}?)` : ''}; the scenarios are: ${names.join(', ')}`);
  }

  const sim = await startSimulator({ scenario, port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-demo-'));
  try {
    const configPath = await writeSimulatorConfig(sim, dir);
    const loaded = loadConfigFile(configPath, 'cli', io.env);
    if (!loaded.ok) throw new Error(`the simulator wrote a configuration the loader rejects: ${loaded.errors.join('; ')}`);
    const banner = `Ran one probe cycle against the built-in Okta simulator at ${sim.url}, scenario "${scenario}": ${scenarioDescription(scenario)}\n`;
    const json = values.json ?? false;
    // With --json, stdout carries the report alone; the banner goes to stderr.
    if (json) io.stderr.write(banner);
    else io.stdout.write(`${banner}\n`);
    const code = await probeAndReport(loaded.config.probe, io, { json, compact: values.compact ?? false });
    if (!json) {
      io.stdout.write(
        `\nThis was the simulator. Other scenarios: npx ${NAME} demo --list (npm start -- --scenario NAME).\n` +
          `To probe your own org: npx ${NAME} run --config okta-synthetics.json (README.md, "Configuring a real org").\n`,
      );
    }
    return code;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface RunChoices {
  readonly json: boolean;
  readonly compact: boolean;
  readonly checks?: ReadonlySet<CheckName>;
}

async function probeAndReport(
  probe: ProbeConfig,
  io: CliIo,
  { json, compact, checks }: RunChoices,
  credentials: ReadonlyMap<string, CredentialResult> = resolveLocalCredentials(probe, io.env),
  users?: ReadonlyMap<string, UserCredentialResult>,
): Promise<number> {
  const report = await runProbe(probe, { credentials, users: users ?? resolveLocalUsers(probe, io.env), ...(checks !== undefined ? { checks } : {}) });
  if (json) io.stdout.write(jsonReport(report));
  else io.stdout.write(renderReport(report, { color: useColor(io.stdout, io.env), width: renderWidth(io.stdout.isTTY === true ? io.stdout.columns : undefined), compact }));
  return exitCodeOf(report);
}

/** The probe config narrowed to the servers named with --server ("okta" keeps the status feed); all without it. */
function onlyServers(probe: ProbeConfig, ids: readonly string[] | undefined): ProbeConfig {
  if (ids === undefined || ids.length === 0) return probe;
  const journeys = probe.signIn ?? [];
  const known = [...probe.servers.map((s) => s.id), ...journeys.map((s) => s.id), ...(probe.statusPageUrl !== null ? [STATUS_SERVER] : [])];
  for (const id of ids) {
    if (!known.includes(id)) {
      const hint = didYouMean(id, known);
      throw new UsageError(`run: --server "${id}" is not in the config${hint ? ` (did you mean ${hint}?)` : ''}; the servers are ${known.join(', ')}`, 'run');
    }
  }
  const signIn = journeys.filter((s) => ids.includes(s.id));
  return { ...probe, servers: probe.servers.filter((s) => ids.includes(s.id)), signIn, statusPageUrl: ids.includes(STATUS_SERVER) ? probe.statusPageUrl : null };
}

/**
 * The checks named with --check, refused when unknown or when no server of the run has them; what else they need
 * is said on stderr, since it is probed and reported too. undefined: every check.
 */
function onlyChecks(probe: ProbeConfig, names: readonly string[] | undefined, io: CliIo): ReadonlySet<CheckName> | undefined {
  if (names === undefined || names.length === 0) return undefined;
  const known: readonly string[] = CHECKS;
  const planned = new Set(plannedChecks(probe).map((p) => p.check));
  for (const name of names) {
    if (!known.includes(name)) {
      const hint = didYouMean(name, known);
      throw new UsageError(`run: --check "${name}" is not a check${hint ? ` (did you mean ${hint}?)` : ''}; the checks are ${CHECKS.join(', ')}`, 'run');
    }
    if (!planned.has(name as CheckName)) {
      throw new UsageError(`run: --check ${name}: no server of this run has it (${CHECK_AVAILABILITY[name as CheckName] ?? 'see README.md, "Checks"'})`, 'run');
    }
  }
  const named = new Set(names as CheckName[]);
  const added = [...checksWithPrerequisites(named)].filter((check) => !named.has(check) && planned.has(check));
  if (added.length > 0) io.stderr.write(`--check: also probing ${added.join(', ')}, which ${[...named].join(', ')} ${named.size === 1 ? 'needs' : 'need'}\n`);
  return named;
}

/** Why a check may be absent from a run. */
const CHECK_AVAILABILITY: Partial<Record<CheckName, string>> = {
  validate: 'custom authorization servers only: Org AS tokens are opaque and checked by introspection',
  authorize: 'servers with "authorize" in the config',
  management: 'servers with "managementApi" in the config',
  certificate: 'the first server of the run',
  status: 'statusPageUrl is null, or --server leaves the status feed out',
  'sign-in': 'journeys listed in "signIn" in the config',
  'password-expiry': 'signIn journeys with flow "authn" (only the Authentication API warns of an expiring password)',
};

/** 0 only when every check passed: a skipped check means one it depends on failed. */
export function exitCodeOf(report: Report): number {
  return report.checks.every((check) => check.ok) ? EXIT.ok : EXIT.checksFailed;
}

function scenarioDescription(name: string): string {
  return isScenarioName(name) ? SCENARIOS[name].description : '';
}

function writers(io: CliIo): CommandIo {
  return { stdout: (text) => void io.stdout.write(text), stderr: (text) => void io.stderr.write(text), env: io.env };
}

function useColor(stream: CliStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
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
