// okta-synthetics run: probe the servers of a config once, with local credentials or the ones the deployed probe
// reads from Secrets Manager, and print the report. probeAndReport is shared with demo.
import { progressWanted, startProgress } from './progress';
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { didYouMean, loadConfigFile } from '../config/parse';
import { errnoText } from '../read-file';
import { junitReport } from './junit';
import { harFolder, writeHarFiles } from './har-files';
import { HarCapture, PAGE_SCREENSHOT_SUFFIX, PAGE_TRACE_SUFFIX } from '../har/capture';
import { CHECKS, ORG_SERVER_ID, STATUS_SERVER, type CheckName, type RunLogCoverage } from '../contract';
import { checksWithPrerequisites, plannedChecks } from '../plan/checks';
import { checkRow } from '../plan/check-table';
import { runFails, type FailOn } from '../probe/results';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../credentials/local';
import { resolveLocalUsers } from '../credentials/user-secrets';
import { runProbe } from '../probe/engine';
import { holdYoungGeneration } from '../probe/young-generation';
import {
  displayNames,
  jsonReport,
  pageBesideApiText,
  pagesBesideReport,
  renderConfigErrors,
  renderConfigWarnings,
  renderReport,
  renderWidth,
  wrap,
} from './render';
import {
  CouldNotRunError,
  EXIT,
  NAME,
  parseCommandArgs,
  selfCommand,
  terminalColumns,
  useColor,
  UsageError,
  type CommandIo,
  type Options,
} from './frame';
import type { CredentialResult, ProbeConfig, ProbeOptions, Report, UserCredentialResult } from '../types';
import { previewSecretName, type LoadedConfig } from '../config/schema';
import { secretValues, userSecretValues } from '../credentials/secret-values';
import { pendingServers, runLogLine } from '../report/run-line';
import { defaultStateDir, historyWriter, openStateDir, readRepeat, repeatRuns, type HistoryWriter } from './history';
import { keepRunConfig } from './run-config-file';
import { wrapBlock } from '../text/wrap';
import { localNotifier, type LocalNotifier } from './local-notify';
import { cliJourneyState } from './journey-state-home';
import { folderProblem } from './private-folder';
import type { JourneyStateStore } from '../probe/sign-in/store';
import { createFileKeptStore } from './kept-state-file';
import { createMemoryKeptStore } from '../probe/kept-store';
import type { CatalogueStore, KeptStore, ProvisioningStore } from '../kept-state';
import { createFileCatalogueStore } from './catalogue-file';
import { createFileProvisioningStore } from './provisioning-state-file';
import { createMemoryCatalogueStore, createMemoryProvisioningStore } from '../probe/kept-store';
import { awsTarget, type AwsTarget } from './aws';
import { previewDeployment } from '../plan/preview';
import type { AwsSecretRead, AwsSecrets } from './aws-secrets';
import { previewComparison, previewText, probePreview, type PreviewRun } from './preview-run';
import type { PreviewComparison } from '../report/preview-pair';
import type { PageApp } from '../plan/page-beside-api';
import { textLogger } from '../text/logger';

const RUN_HELP = `Usage: ${NAME} run --config FILE [--server ID ...] [--check NAME ...]
         [--secrets local|aws [--region R] [--profile NAME]] [--compact]
         [--json] [--junit FILE] [--har DIR]
         [--history DIR [--every SECONDS [--count N]]]

Probes every server, sign-in journey and SAML app in FILE once (the JSON
configuration described in docs/configuration.md) and prints a report, or with
--json the report as one JSON document.

  -c, --config FILE   the configuration file; key files in it are relative to it
  -s, --server ID     only this server (repeat for more); "${STATUS_SERVER}" is Okta's
                      status feed
      --check NAME    only this check (repeat for more), with the checks it
                      needs (validate: token, keys); one of
${wrap(CHECKS.join(', '), 80, ' '.repeat(22)).join('\n')}
      --secrets aws   read each server's credential and each signIn user's
                      secrets from Secrets Manager, where the deployed probe
                      reads them, with your AWS credentials; default local:
                      privateKeyFile, privateKeyEnv, clientSecretEnv,
                      passwordEnv, totpSecretEnv, secretsFile
      --region R      the region of those secrets (default: the config's first
                      region, else AWS_REGION, AWS_DEFAULT_REGION, the
                      profile's region)
      --profile NAME  the AWS CLI profile to read them with (default:
                      AWS_PROFILE, else the standard chain)
      --compact       one line per check, then each distinct problem once
      --json          JSON report on stdout
      --junit FILE    also write the report as JUnit XML (one test case per
                      check) for a CI pipeline
      --har DIR       write the HTTP trace of each failed check to DIR (HAR
                      1.2, one file each, 0600), sanitized as Okta Support
                      asks: passwords, codes, secrets, tokens, SAML messages,
                      cookies and state handles replaced, names kept; a
                      failed browser journey's screenshot (fields masked)
                      and page trace beside it
      --fail-on warn  warnings fail the run too (exit 1, JUnit failures); by
                      default a warning (a check whose alarm warns, never
                      pages) is reported as WARN and exits 0
      --history DIR   keep each run's line in DIR/YYYY-MM-DD.jsonl for
                      "${NAME} report --history DIR", and send the
                      config's localNotifications once per change of
                      state. The journeys' state (a refused password, a
                      back-off, the last TOTP step) is the machine's,
                      with or without --history: in the user's state
                      folder, $XDG_STATE_HOME/${NAME}/ (default
                      ~/.local/state/${NAME}/), one folder per org, so
                      no run, one-off or cron, tries a refused password
                      twice or reuses a TOTP step (with no home in the
                      environment: in DIR/journey-state/)
      --every SECONDS run again every SECONDS (at least 10) until stopped
                      (Ctrl-C, SIGTERM); --count N stops after N
`;

const RUN_OPTIONS = {
  config: { type: 'string', short: 'c' },
  server: { type: 'string', short: 's', multiple: true },
  check: { type: 'string', multiple: true },
  secrets: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  compact: { type: 'boolean' },
  json: { type: 'boolean' },
  junit: { type: 'string' },
  har: { type: 'string' },
  'fail-on': { type: 'string' },
  history: { type: 'string' },
  every: { type: 'string' },
  count: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export async function runRun(args: string[], io: CommandIo): Promise<number> {
  const values = parseCommandArgs('run', args, RUN_OPTIONS);
  if (values.help) {
    io.stdout(RUN_HELP);
    return EXIT.ok;
  }
  if (values.config === undefined) {
    throw new UsageError(
      `run: --config FILE is required (the probe configuration: "${selfCommand(io.env)} init" writes a ` +
        `starter, docs/configuration.md explains it; or try "${selfCommand(io.env)} demo")`,
    );
  }
  // Before the config is read: a catalogue's config is the first fast allocation (functions/probe/young-generation.ts).
  holdYoungGeneration();
  const repeat = readRepeat(values.every, values.count);
  const failOn = readFailOn(values['fail-on']);
  const secrets = secretsSource(values);
  // With --secrets aws the file is read as the stack reads it: local credentials are the CLI's, not needed here.
  const loaded = loadConfigFile(values.config, secrets === 'aws' ? 'deploy' : 'cli', io.env, {
    credentialFiles: LOCAL_CREDENTIAL_FILES,
  });
  if (!loaded.ok) {
    printConfigErrors(loaded.errors, { file: values.config, secrets }, io);
    return EXIT.usage;
  }
  io.stderr(renderConfigWarnings(loaded.warnings, values.config, { color: useColor(io, 'stderr') }));
  const oneOff = values.history === undefined && repeat === undefined;
  const probe = journeysNow(onlyServers(loaded.config.probe, values.server), oneOff);
  const checks = onlyChecks(probe, values.check, io);
  const covered = coverage(probe, values.server, checks);
  const notifier = localNotifier(loaded.config, values.history, io);
  const state = values.history ?? userStateDir(loaded.config.probe, io);
  const history = await keepConfigBeside(values.history, values.config, secrets, io);
  const run = {
    json: values.json ?? false,
    compact: values.compact ?? false,
    failOn,
    ...(checks !== undefined ? { checks } : {}),
    ...(covered !== undefined ? { covered } : {}),
    ...(values.junit !== undefined ? { junit: junitTarget(values.junit) } : {}),
    ...(values.har !== undefined ? { har: harFolder(values.har) } : {}),
    ...(history !== undefined ? { history: historyWriter(history, io.stderr) } : {}),
    ...(notifier !== undefined ? { notifier } : {}),
    // One journey state for every cycle of this process, and for every process on this machine: in the user's state
    // folder (else beside --history), so no run, one-off or cron, tries a refused password again or reuses a TOTP step.
    journeyState: cliJourneyState(loaded.config.probe, { history: values.history, userDir: state, env: io.env }),
    ...keptStores(state, values.history),
    // A one-off run, with no run before or after it to share a catalogue with, checks every app (Okta's buckets and
    // the run's time still bound it).
    everySamlApp: oneOff,
    ...previewOf(loaded.config.preview, { servers: values.server, oneOff, history }, io),
  };
  if (secrets === 'local') return repeatRuns(repeat, () => probeAndReport(probe, io, run));
  const target = await awsTarget('run --secrets aws', values, loaded.config.deploy, io);
  const aws = await readStackSecrets(loaded.config, probe, target, io);
  const both = await withPreviewSecrets(run, loaded.config, target, io);
  return repeatRuns(repeat, () => probeAndReport(probe, io, both, aws.credentials, aws.users));
}

/** `run --secrets aws`: Production's secrets where the deployed probe reads them, and which were read, on stderr. */
async function readStackSecrets(
  config: LoadedConfig,
  probe: ProbeConfig,
  target: AwsTarget,
  io: CommandIo,
): Promise<AwsSecrets> {
  const { readAwsSecrets } = await import('./aws-secrets');
  const aws = await readAwsSecrets(config, probe.servers, target, probe.signIn);
  io.stderr(secretsReadLines(aws));
  return aws;
}

/**
 * `run --secrets aws` with a Preview org: its credentials and users' secrets read where its deployed schedule reads
 * them, the secrets the stack creates under `<prefix>/preview/<id>` (or each entry's secretName), in the home region.
 */
async function withPreviewSecrets<T extends { readonly preview?: PreviewRun }>(
  run: T,
  config: LoadedConfig,
  target: AwsTarget,
  io: CommandIo,
): Promise<T> {
  if (run.preview === undefined) return run;
  const { readAwsSecrets } = await import('./aws-secrets');
  const { servers, signIn } = run.preview.config.probe;
  // The stack creates them in the home region alone, whichever region Production's are read in.
  const home = { ...target, region: previewDeployment(config)?.region ?? target.region };
  const read = await readAwsSecrets(config, servers, home, signIn, { secretName: previewSecretName });
  io.stderr(secretsReadLines(read, 'Preview org: '));
  return { ...run, preview: { ...run.preview, secrets: { credentials: read.credentials, users: read.users } } };
}

/**
 * What checks remember across cycles and processes: what the inventory remembers (the API tokens it saw expiring)
 * and the open leavers beside the log's cursors in the state folder (a cursor kept without its ledger would lose
 * them), each group of SAML apps' verdicts beside --history; this process's memory without them.
 */
function keptStores(
  state: string | undefined,
  history: string | undefined,
): Pick<RunChoices, 'keptState' | 'provisioningState' | 'catalogueState'> {
  return {
    keptState: state !== undefined ? createFileKeptStore(state) : createMemoryKeptStore(),
    provisioningState: state !== undefined ? createFileProvisioningStore(state) : createMemoryProvisioningStore(),
    catalogueState: history !== undefined ? createFileCatalogueStore(history) : createMemoryCatalogueStore(),
  };
}

/** Where the run reads its secrets from (--secrets), and the options that only go with AWS refused without it. */
function secretsSource(values: {
  readonly secrets?: string | undefined;
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
}): 'local' | 'aws' {
  const secrets = values.secrets ?? 'local';
  if (secrets !== 'local' && secrets !== 'aws')
    throw new UsageError(`run: --secrets must be "local" or "aws", got "${secrets}"`, 'run');
  if (values.region !== undefined && secrets !== 'aws')
    throw new UsageError('run: --region applies only with --secrets aws (the region of the secrets)', 'run');
  if (values.profile !== undefined && secrets !== 'aws')
    throw new UsageError(
      'run: --profile applies only with --secrets aws (the AWS account the secrets are read from)',
      'run',
    );
  return secrets;
}

/** The config's errors, and for a local credential it could not read, that the deployed secrets can be used instead. */
function printConfigErrors(
  errors: readonly string[],
  { file, secrets }: { readonly file: string; readonly secrets: 'local' | 'aws' },
  io: CommandIo,
): void {
  io.stderr(renderConfigErrors(errors, file, { color: useColor(io, 'stderr') }));
  if (secrets === 'local' && errors.some((e) => /\.(privateKeyFile|privateKeyEnv|clientSecretEnv): /.test(e))) {
    io.stderr(
      `Once the stack is deployed and its secrets are put, --secrets aws probes with what the deployed ` +
        `probe reads.\n`,
    );
  }
}

/**
 * What --har wrote, for stderr: the files for a case with Okta Support, the resource check's apart (its trace is of
 * the admin's own API, nothing Okta Support reads), and any it could not write. A file a line under its heading,
 * within `width`: joined on one line, the files of a failing run ran to 751 columns. A path is never cut (one longer
 * than the line stays whole, to copy).
 */
export function harLines(
  files: { readonly written: readonly string[]; readonly failed: readonly string[] },
  width: number,
): string {
  const own = files.written.filter((file) => file.endsWith('-resource.har'));
  const page = files.written.filter(
    (file) => file.endsWith(PAGE_SCREENSHOT_SUFFIX) || file.endsWith(PAGE_TRACE_SUFFIX),
  );
  const okta = files.written.filter((file) => !own.includes(file) && !page.includes(file));
  const listed = (heading: string, paths: readonly string[]): string[] =>
    paths.length === 0 ? [] : [...wrap(heading, width, ''), ...paths.map((path) => `  ${path}`)];
  return [
    ...listed('HTTP traces (sanitized HAR) for Okta Support:', okta),
    ...listed("HTTP traces (sanitized HAR) of your own API's answers, not Okta's:", own),
    ...listed('The sign-in page at its failure (a screenshot, its fields masked, and the sanitized page trace):', page),
    ...listed('Could not write:', files.failed),
  ]
    .map((line) => `${line}\n`)
    .join('');
}

/** What was read from Secrets Manager, and what was not: never "from Secrets Manager" for a read that failed. */
function secretsReadLines(aws: AwsSecrets, whose = ''): string {
  const kind = (id: string) => (aws.credentials.get(id) ?? aws.users.get(id))?.kind;
  const where = (r: AwsSecretRead) => `${r.server} <- ${r.secretId} (${r.region})`;
  const groups = [
    [
      'Credentials from AWS Secrets Manager',
      aws.read.filter((r) => kind(r.server) !== 'unavailable' && kind(r.server) !== 'not-configured'),
    ],
    [
      'Still the placeholder the stack put (N/A until put)',
      aws.read.filter((r) => kind(r.server) === 'not-configured'),
    ],
    [
      'Could not read from AWS Secrets Manager (SECRETS_UNAVAILABLE below)',
      aws.read.filter((r) => kind(r.server) === 'unavailable'),
    ],
  ] as const;
  return groups
    .filter(([, reads]) => reads.length > 0)
    .map(([head, reads]) => `${whose}${head}: ${reads.map(where).join(', ')}\n`)
    .join('');
}

interface RunChoices {
  readonly json: boolean;
  readonly compact: boolean;
  /** Whether warnings fail the run (--fail-on warn); default only failures do. */
  readonly failOn?: FailOn;
  readonly checks?: ReadonlySet<CheckName>;
  /** Where to write the report as JUnit XML too. */
  readonly junit?: string;
  /** --har DIR: the folder for each failed check's sanitized HTTP trace. */
  readonly har?: string;
  /** --history DIR: where the run's line is kept for the availability report. */
  readonly history?: HistoryWriter;
  /** localNotifications: told each run's line (with --history). */
  readonly notifier?: LocalNotifier;
  /** The sign-in journeys' state across cycles and processes; default: this cycle only. */
  readonly journeyState?: JourneyStateStore;
  /** What checks remember across cycles and processes (the inventory's expiring tokens); default: this cycle only. */
  readonly keptState?: KeptStore;
  /** What a run limited by --server or --check covers, for its run line; undefined for a full run. */
  readonly covered?: RunLogCoverage;
  /** Each group of SAML apps' verdicts across cycles and processes; default: this cycle only. */
  readonly catalogueState?: CatalogueStore;
  /** The open leavers and their hashing key across cycles and processes; default: this cycle only. */
  readonly provisioningState?: ProvisioningStore;
  /** Every app of each group this run, not its share (a one-off run). */
  readonly everySamlApp?: boolean;
  /** The config's Preview org, probed beside Production; never in the exit code, JUnit or the history. */
  readonly preview?: PreviewRun;
}

/** What the engine is handed for a run: its secrets, the run's own lists and trace, the checks and the stores asked. */
function probeOptions(
  choices: RunChoices,
  credentials: ReadonlyMap<string, CredentialResult>,
  users: ReadonlyMap<string, UserCredentialResult>,
  run: Pick<ProbeOptions, 'scrubbed' | 'har' | 'onProgress'>,
): ProbeOptions {
  const { checks, everySamlApp, journeyState, keptState, catalogueState, provisioningState } = choices;
  return {
    credentials,
    users,
    scrubbed: run.scrubbed,
    ...(run.har !== undefined && { har: run.har }),
    onProgress: run.onProgress,
    ...(checks !== undefined && { checks }),
    // Where the run's checks keep their state across cycles: this cycle only when not given.
    ...(journeyState !== undefined && { journeyState }),
    ...(keptState !== undefined && { keptState }),
    ...(catalogueState !== undefined && { catalogueState }),
    ...(provisioningState !== undefined && { provisioningState }),
    ...(everySamlApp === true && { everySamlApp }),
  };
}

/** One probe cycle of `probe`, its report on stdout (text or JSON), and the exit code it earns. */
export async function probeAndReport(
  probe: ProbeConfig,
  io: CommandIo,
  choices: RunChoices,
  credentials: ReadonlyMap<string, CredentialResult> = resolveLocalCredentials(probe, io.env),
  users: ReadonlyMap<string, UserCredentialResult> = resolveLocalUsers(probe, io.env),
): Promise<number> {
  const { json, compact, failOn = 'fail', checks, junit, har, history, notifier, covered, preview } = choices;
  // The run's logger, its secrets registered once: the list the engine grows (the SAML apps' SSO secrets, the tokens it
  // obtains), and each output below scrubs with the same list.
  const log = textLogger(io.stderr);
  log.registerSecrets([...secretValues(credentials), ...userSecretValues(users)]);
  // On a terminal, a long run says what it is doing; never with --json, never on a pipe.
  const progress = startProgress(io.stderr, progressWanted(io, json));
  // Kept only with --har: a run without it records no exchange.
  const capture = har === undefined ? undefined : new HarCapture();
  // Beside Production's, at once: the same engine on the Preview org's derived config.
  const previewRun = probePreview(preview, io.env, checks);
  const run = { scrubbed: log.secrets, har: capture, onProgress: progress.told };
  const report = await runProbe(probe, probeOptions(choices, credentials, users, run)).finally(() => progress.stop());
  log.appendKeys({ runId: report.startedAt });
  const { secrets, compared } = await previewComparison(report, await previewRun, log);
  const names = displayNames(probe);
  io.stdout(reportText(report, io, { json, compact, secrets, names, preview: compared, journeys: probe.signIn ?? [] }));
  if (capture !== undefined && har !== undefined)
    log.info(harLines(writeHarFiles(report, capture, secrets, har), renderWidth(terminalColumns(io))));
  // After the report: a history that cannot be written loses this run's line, never its report.
  if (history !== undefined || notifier !== undefined) {
    const line = runLogLine(report, {
      secrets,
      pending: [...pendingServers(credentials), ...pendingServers(users)],
      ...(covered !== undefined ? { covered } : {}),
    });
    history?.keep(line);
    await notifier?.afterRun(line);
  }
  if (junit !== undefined) {
    writeFileSync(junit, junitReport(report, failOn, secrets));
    log.info(`JUnit report: ${junit}\n`);
  }
  return exitCodeOf(report, failOn);
}

/** The report as stdout gets it: JSON, or text for the terminal's width and colour; scrubbed of `secrets`. */
function reportText(
  report: Report,
  io: CommandIo,
  how: {
    readonly json: boolean;
    readonly compact: boolean | undefined;
    readonly secrets: readonly string[];
    readonly names: ReadonlyMap<string, string>;
    readonly preview: PreviewComparison | undefined;
    /** The config's journeys: a browser journey's page told beside an API journey of its app. */
    readonly journeys: readonly PageApp[];
  },
): string {
  if (how.json) {
    const beside = pagesBesideReport(report, how.journeys, { secrets: how.secrets, names: how.names });
    return jsonReport(report, how.secrets, {
      ...(beside.length > 0 && { pageBesideApi: beside }),
      ...(how.preview !== undefined && { preview: how.preview }),
    });
  }
  const width = renderWidth(terminalColumns(io));
  const text = renderReport(report, {
    color: useColor(io, 'stdout'),
    width,
    compact: how.compact,
    secrets: how.secrets,
    names: how.names,
  });
  const beside = pageBesideApiText(report, how.journeys, { secrets: how.secrets, names: how.names, width });
  return how.preview === undefined ? `${text}${beside}` : `${text}${beside}\n${previewText(how.preview, width)}`;
}

/**
 * The Preview org for this run, limited as --server limits Production (by Production's ids), its journeys' state
 * its own: the Preview org's users are not Production's, nor are their refused passwords and TOTP steps.
 */
function previewOf(
  config: LoadedPreview,
  how: {
    readonly servers: readonly string[] | undefined;
    readonly oneOff: boolean;
    readonly history: string | undefined;
  },
  io: CommandIo,
): { preview?: PreviewRun } {
  if (config === undefined) return {};
  const { servers } = how;
  const named = (id: string): boolean =>
    servers === undefined || servers.length === 0 || servers.includes(config.pairs[id] ?? id);
  // A one-off run signs the Preview user in now, as Production's; repeated runs keep each journey's everyMinutes.
  const probe = journeysNow(
    {
      ...config.probe,
      servers: config.probe.servers.filter((server) => named(server.id)),
      signIn: (config.probe.signIn ?? []).filter((journey) => named(journey.id)),
    },
    how.oneOff,
  );
  if (probe.servers.length === 0 && (probe.signIn ?? []).length === 0) return {};
  const stateDir = userStateDir(probe, io);
  const journeyState = cliJourneyState(probe, { history: undefined, userDir: stateDir, env: io.env });
  const kept = {
    ...(stateDir !== undefined && { stateDir }),
    ...(how.history !== undefined && { history: how.history }),
  };
  return { preview: { config: { ...config, probe }, journeyState, ...kept } };
}

type LoadedPreview = LoadedConfig['preview'];

/** The --junit path, its folder created now: a path that cannot be written is refused before anything is probed. */
function junitTarget(path: string): string {
  const file = resolve(path);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '', { flag: 'a' });
  } catch (error) {
    throw new UsageError(`run: --junit ${path}: cannot write it (${errnoText(error)})`, 'run');
  }
  return file;
}

/** --fail-on warn|fail. */
function readFailOn(text: string | undefined): FailOn {
  if (text === undefined || text === 'fail' || text === 'warn') return text ?? 'fail';
  throw new UsageError(
    `run: --fail-on must be "warn" (warnings fail the run too) or "fail" (the default: only failures do), ` +
      `got "${text}"`,
    'run',
  );
}

/**
 * The --history folder (historyTarget), if any, with which config the runs use kept in it for `status-page`; not kept,
 * said, and the run goes on.
 */
async function keepConfigBeside(
  dir: string | undefined,
  config: string,
  secrets: 'local' | 'aws',
  io: CommandIo,
): Promise<string | undefined> {
  if (dir === undefined) return undefined;
  const history = historyTarget(dir);
  // Read with --secrets aws as the stack reads it: no local credential asked.
  const unkept = await keepRunConfig(history, { config, mode: secrets === 'aws' ? 'deploy' : 'cli' });
  if (unkept === undefined) return history;
  const said =
    `run: --history ${history}: which config the runs use was not kept (${unkept}): "status-page" names ` +
    'things by their ids unless given --config';
  io.stderr(`${wrapBlock(said, 80)}\n`);
  return history;
}

/**
 * The --history folder, created now and judged writable before anything is probed: a run whose line cannot be kept
 * is a gap in the availability report nobody sees. Could not run (exit 3), naming the cause.
 */
function historyTarget(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const why =
      statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false
        ? 'it is a file, not a folder'
        : errnoText(error);
    throw new CouldNotRunError(
      `run: --history ${dir}: cannot keep runs there (${why}); name a folder this user can write, e.g. ` +
        `--history ${join(homedir(), '.okta-synthetics', 'history')}`,
    );
  }
  // Checked before anything is read from it or sent: the journeys' state and the alarms' live there.
  const unsafe = folderProblem(dir);
  if (unsafe !== undefined) throw new CouldNotRunError(`run: --history ${dir}: not a private folder (${unsafe})`);
  return dir;
}

/**
 * The user's state folder for a run without --history (see defaultStateDir); undefined when there is none, said on
 * stderr when the config has sign-in journeys, whose lockout memory is then this process's only. An environment
 * with no home at all (a bare service, a test harness) is said only to a person at a terminal: there is no folder
 * anyone chose, and --history is the way to name one.
 */
export function userStateDir(probe: ProbeConfig, io: CommandIo): string | undefined {
  const dir = defaultStateDir(io.env, probe.orgUrl);
  if (dir === undefined && io.terminal?.stderr !== true) return undefined;
  const opened = dir === undefined ? { problem: 'neither XDG_STATE_HOME nor HOME is set' } : openStateDir(dir);
  if ('dir' in opened) return opened.dir;
  if ((probe.signIn ?? []).length > 0) {
    io.stderr(
      `run: no state folder (${dir ?? 'none'}: ${opened.problem}): a refused password is remembered only ` +
        `while this process runs; name one with --history DIR\n`,
    );
  }
  return undefined;
}

/** The probe config narrowed to the servers named with --server ("okta" keeps the status feed); all without it. */
/**
 * For a one-off run (no --history, no --every), the config with every journey due now: such a run has no schedule to
 * keep, and someone who runs it from the shell expects a sign-in, not a repeated verdict from a run minutes before (a
 * stale green). The lease and the lockout rules still hold: a held password stays held, and says why and until when.
 */
function journeysNow(probe: ProbeConfig, oneOff: boolean): ProbeConfig {
  return probe.signIn === undefined || !oneOff
    ? probe
    : { ...probe, signIn: probe.signIn.map((journey) => ({ ...journey, everyMinutes: 0 })) };
}

function onlyServers(probe: ProbeConfig, ids: readonly string[] | undefined): ProbeConfig {
  if (ids === undefined || ids.length === 0) return probe;
  const journeys = probe.signIn ?? [];
  const apps = (probe.samlApps ?? []).filter((app) => app.group === undefined);
  const groups = probe.samlGroups ?? [];
  const known = [
    ...probe.servers.map((s) => s.id),
    ...journeys.map((s) => s.id),
    ...apps.map((s) => s.id),
    ...groups.map((g) => g.id),
    ...(probe.statusPageUrl !== null ? [STATUS_SERVER] : []),
  ];
  for (const id of ids) {
    const grouped = probe.samlApps?.find((app) => app.id === id && app.group !== undefined);
    if (grouped !== undefined)
      throw new UsageError(
        `run: --server "${id}" is a SAML app counted in the group "${grouped.group ?? ''}": run the group ` +
          `(--server ${grouped.group ?? ''}), whose report lists each of its apps`,
        'run',
      );
    if (!known.includes(id)) {
      const hint = didYouMean(id, known);
      throw new UsageError(
        `run: --server "${id}" is not in the config${hint ? ` (did you mean ${hint}?)` : ''}; the servers ` +
          `are ${known.join(', ')}`,
        'run',
      );
    }
  }
  // A SAML app (or group) needs its journey's session: the journey runs (and is reported) with it, never a second
  // sign-in; a group that discovers its apps reads the Management API with the "org" server, which runs with it.
  const keptGroups = groups.filter((g) => ids.includes(g.id));
  const kept = [
    ...apps.filter((s) => ids.includes(s.id)),
    ...(probe.samlApps ?? []).filter((app) => keptGroups.some((g) => g.id === app.group)),
  ];
  const sessions = [...kept, ...keptGroups];
  const discovers = keptGroups.some((g) => g.discover !== undefined);
  return {
    ...probe,
    servers: probe.servers.filter((s) => ids.includes(s.id) || (discovers && s.id === ORG_SERVER_ID)),
    signIn: journeys.filter((s) => ids.includes(s.id) || sessions.some((target) => target.signIn === s.id)),
    samlApps: kept,
    samlGroups: keptGroups,
    statusPageUrl: ids.includes(STATUS_SERVER) ? probe.statusPageUrl : null,
  };
}

/**
 * What a limited run covers, for the history: the servers, journeys, SAML apps and groups of SAML apps it
 * probed (a SAML app's journey runs with it), and the checks named with what they need. undefined for a full run.
 */
function coverage(
  probe: ProbeConfig,
  servers: readonly string[] | undefined,
  checks: ReadonlySet<CheckName> | undefined,
): RunLogCoverage | undefined {
  const limited = servers !== undefined && servers.length > 0;
  if (!limited && checks === undefined) return undefined;
  const ids = [...probe.servers, ...(probe.signIn ?? []), ...(probe.samlApps ?? []), ...(probe.samlGroups ?? [])].map(
    (s) => s.id,
  );
  return {
    ...(limited ? { servers: [...ids, ...(probe.statusPageUrl !== null ? [STATUS_SERVER] : [])] } : {}),
    ...(checks !== undefined ? { checks: [...checksWithPrerequisites(checks)] } : {}),
  };
}

/**
 * The checks named with --check, refused when unknown or when no server of the run has them; what else they need
 * is said on stderr, since it is probed and reported too. undefined: every check.
 */
function onlyChecks(
  probe: ProbeConfig,
  names: readonly string[] | undefined,
  io: CommandIo,
): ReadonlySet<CheckName> | undefined {
  if (names === undefined || names.length === 0) return undefined;
  const known: readonly string[] = CHECKS;
  const planned = new Set(plannedChecks(probe).map((p) => p.check));
  for (const name of names) {
    if (!known.includes(name)) {
      const hint = didYouMean(name, known);
      throw new UsageError(
        `run: --check "${name}" is not a check${hint ? ` (did you mean ${hint}?)` : ''}; the checks are ${CHECKS.join(', ')}`,
        'run',
      );
    }
    if (!planned.has(name as CheckName)) {
      throw new UsageError(
        `run: --check ${name}: no server of this run has it (${checkRow(name as CheckName).availability ?? 'see docs/configuration.md'})`,
        'run',
      );
    }
  }
  const named = new Set(names as CheckName[]);
  const added = [...checksWithPrerequisites(named)].filter((check) => !named.has(check) && planned.has(check));
  if (added.length > 0)
    io.stderr(
      `--check: also probing ${added.join(', ')}, which ${[...named].join(', ')} ${named.size === 1 ? 'needs' : 'need'}\n`,
    );
  return named;
}

/** 0 when every check passed or only warned (unless --fail-on warn); a skipped check counts as what stopped it. */
export function exitCodeOf(report: Report, failOn: FailOn = 'fail'): number {
  return runFails(report.checks, failOn) ? EXIT.checksFailed : EXIT.ok;
}
