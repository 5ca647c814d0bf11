// `okta-synthetics sim`: run the simulator in the foreground with a ready-made probe config, or playing the org of
// the user's own config (--config).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../config/parse';
import type { Json } from '../config/readers';
import { simulatorConfigJson, writeSimulatorConfig, writeTwoOrgConfig } from '../../sim/config';
import { isScenarioName, SCENARIO_NAMES, SCENARIOS, type ScenarioName } from '../../sim/scenarios';
import { SIM_SAML_ID } from '../../sim/saml/scenarios';
import { startSimulator, type Simulator } from '../../sim/server';
import type { TenantSpec } from '../../sim/tenant';
import type { ProbeConfig } from '../types';
import {
  EXIT,
  parseCommandArgs,
  runCommand,
  selfCommand,
  terminalColumns,
  UsageError,
  useColor,
  type CommandIo,
  type Options,
} from './frame';
import { PIPED_WIDTH, renderConfigErrors, renderConfigWarnings } from './render';
import { wrap } from '../text/wrap';
import { shellWord, wrapCommand } from '../text/shell-word';
import { appFaultPlan, discoveryCatalogue, tenantPlan } from './sim-config';
import { defaultStateDir } from './history';
import { scenarioGroups, unknownScenario } from './demo-list';
import {
  defaultSimConfigPath,
  readKeptCredentials,
  rewriteConfig,
  rewritePreviewBlock,
  secretsFolder,
  writeSimConfig,
  type SecretVariable,
} from './sim-config-file';

type SimCliIo = Pick<CommandIo, 'stdout' | 'stderr'> &
  Partial<Pick<CommandIo, 'terminal'>> & { readonly env?: NodeJS.ProcessEnv };

interface SimCliOptions {
  /** Stops the simulator when aborted, like SIGINT/SIGTERM do (tests, embedding). */
  readonly signal?: AbortSignal;
}

const USAGE = `Usage: okta-synthetics sim [--scenario NAME] [--port N] [--latency MS]
         [--config-dir DIR]
       okta-synthetics sim --config FILE [--scenario NAME] [--out FILE]
         [--port N] [--latency MS]

Serves the built-in Okta simulator on 127.0.0.1 until Ctrl-C, and writes a
probe config for it, so "okta-synthetics run --config FILE" can probe it.

  -s, --scenario NAME   a simulated fault (default healthy); the list:
                        okta-synthetics demo --list
      --port N          the port to listen on (default 0: any free port)
      --latency MS      delay every answer by MS milliseconds (default 0)
      --config-dir DIR  where to write the config (default: a temp folder)
      --config FILE     play the org of your own config instead: its servers,
                        journeys' users and apps, and SAML apps, with the
                        simulator's keys and secrets (yours are never read,
                        and kept for the next start); never contacts your org
      --out FILE        where --config writes your config rewritten for the
                        simulator (default: FILE.sim.json beside it), its
                        secrets in a folder beside that`;

const OPTIONS = {
  scenario: { type: 'string', short: 's' },
  port: { type: 'string' },
  latency: { type: 'string' },
  'config-dir': { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function runSimulatorCli(argv: string[], io: SimCliIo, options: SimCliOptions = {}): Promise<number> {
  return runCommand(io, () => simulate(argv, io, options));
}

async function simulate(argv: string[], io: SimCliIo, options: SimCliOptions): Promise<number> {
  const values = parseCommandArgs('sim', argv, OPTIONS);
  const usage = (message: string): UsageError => new UsageError(`sim: ${message}`, 'sim');
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const port = parseNonNegativeInt(values.port ?? '0');
  const latencyMs = parseNonNegativeInt(values.latency ?? '0');
  if (port === undefined || port > 65_535)
    throw usage(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  if (latencyMs === undefined) throw usage(`--latency must be a non-negative integer (ms), got "${values.latency}"`);
  const scenario = values.scenario ?? 'healthy';
  if (!isScenarioName(scenario)) {
    throw usage(unknownScenario(scenario, SCENARIO_NAMES, `${selfCommand(io.env ?? {})} demo --list`));
  }
  if (values.config !== undefined) {
    // A folder of its own is --out's.
    if (values['config-dir'] !== undefined) throw usage('--config-dir goes without --config; use --out FILE');
    return simulateOwnConfig({ file: values.config, out: values.out, scenario, port, latencyMs }, io, options);
  }
  if (values.out !== undefined) throw usage('--out goes with --config FILE; use --config-dir DIR');
  const sim = await start({ scenario, port, latencyMs });
  // A two-org scenario's Preview org, on a port of its own: the config written names it in its "preview" block.
  const preview =
    SCENARIOS[scenario].preview === undefined
      ? undefined
      : await start({ scenario, port: 0, latencyMs, side: 'preview' }).catch(async (error: unknown) => {
          await sim.close();
          throw error;
        });
  // A folder of our own making is removed at the end; one named with --config-dir is the user's.
  const made: string[] = [];
  return serve(
    sim,
    async () => {
      const dir = values['config-dir'] ?? (await mkdtemp(join(tmpdir(), 'okta-sim-')));
      if (values['config-dir'] === undefined) made.push(dir);
      const configPath =
        preview === undefined ? await writeSimulatorConfig(sim, dir) : await writeTwoOrgConfig(sim, preview, dir);
      return [
        `Okta simulator listening on ${sim.url}`,
        ...(preview === undefined ? [] : [`Its Preview org (the config's "preview" block): ${preview.url}`]),
        `Scenario: ${scenario}: ${SCENARIOS[scenario].description}`,
        `Probe config: ${configPath}`,
        `Run a probe against it: ${selfCommand(io.env ?? {})} run --config ${configPath}`,
        `Other scenarios (--scenario NAME; described by ${selfCommand(io.env ?? {})} demo --list):`,
        ...groupedNames(SCENARIO_NAMES),
      ];
    },
    io,
    options,
    made,
    preview === undefined ? [] : [preview],
  );
}

/**
 * Prints what `describe` says is served, serves until Ctrl-C (or the signal), then closes the simulator and removes
 * what it leaves behind: the folders in `made`, and the state folder the runs against it kept (the user's, named by
 * the org's host and port: a simulator on a new port each time left one per start, 20 after an afternoon). The
 * simulated org is gone with its port; what its runs remembered of it (a refused password, a TOTP step) belongs to
 * no other.
 */
async function serve(
  sim: Simulator,
  describe: () => Promise<readonly string[]>,
  io: SimCliIo,
  options: SimCliOptions,
  made: readonly string[] = [],
  others: readonly Simulator[] = [],
): Promise<number> {
  // Each simulator's org has a state folder of its own: the Preview org's beside Production's.
  const states = [sim, ...others].flatMap((one) =>
    io.env === undefined ? [] : [defaultStateDir(io.env, one.url)].filter((dir) => dir !== undefined),
  );
  // One left by a simulator killed on this port before is another org's memory: gone before any run reads it.
  for (const state of states) await rm(state, { recursive: true, force: true });
  // Listening for the signals before the first word: one sent as soon as "Press Ctrl+C" shows (a script's, a
  // test's) found Node's default action still in place, and killed the process before its clean-up.
  const stopped = untilStopped(options.signal);
  try {
    io.stdout([...(await describe()), 'Press Ctrl+C to stop.', ''].join('\n'));
    await stopped;
  } finally {
    await Promise.all([sim, ...others].map((one) => one.close()));
    for (const dir of [...made, ...states]) await rm(dir, { recursive: true, force: true });
  }
  io.stdout('Simulator stopped.\n');
  return EXIT.ok;
}

/** Each command on lines of its own, cut with the shell's continuation: it pastes whole at any width. */
const commandLines = (words: readonly string[], width: number): string[] =>
  wrapCommand(words, width - 2).map((line) => `  ${line}`);

/** A passkey journey's user holds none yet, as before docs/passkey.md's enrollment: rehearsed first. */
function enrollSteps(probe: ProbeConfig, enroll: readonly string[], width: number): string[] {
  return (probe.signIn ?? [])
    .filter((journey) => journey.authenticator === 'passkey')
    .flatMap((j) => [
      `Enroll journey ${j.id}'s passkey first:`,
      ...commandLines([...enroll, '--journey', j.id], width),
    ]);
}

/** The simulator on `port`, or the usage error that names a port in use. */
async function start(simOptions: Parameters<typeof startSimulator>[0] & { port: number }) {
  try {
    return await startSimulator(simOptions);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const why = code === 'EADDRINUSE' ? 'is already in use (another simulator?)' : 'needs privileges to listen on';
      throw new UsageError(
        `sim: --port ${simOptions.port} ${why}: pick another port, or --port 0 for any free one`,
        'sim',
      );
    }
    throw error;
  }
}

/** `sim --config FILE`'s options. */
interface OwnConfigArgs {
  readonly file: string;
  readonly out: string | undefined;
  readonly scenario: ScenarioName;
  readonly port: number;
  readonly latencyMs: number;
}

/**
 * The user's config read as `run` reads it, else as `run --secrets aws` reads it (the stack's way: each secret in
 * Secrets Manager, no local credential named, as in the committed example): the simulator plays every credential and
 * the rewritten file names its own, so a config either run accepts is rehearsed. Its secrets are never read. A file
 * neither reads gets `run`'s errors.
 */
function loadOwnConfig(file: string, env: NodeJS.ProcessEnv): ReturnType<typeof loadConfigFile> {
  const local = loadConfigFile(file, 'cli', env, { readCredentials: false });
  if (local.ok) return local;
  const stack = loadConfigFile(file, 'deploy', env, { readCredentials: false });
  return stack.ok ? stack : local;
}

/**
 * --config: the user's config read as `run` reads it (its errors alike), but never its secrets; the simulator plays
 * its org, and the config is rewritten to point at it.
 */
async function simulateOwnConfig(args: OwnConfigArgs, io: SimCliIo, options: SimCliOptions): Promise<number> {
  const env = io.env ?? {};
  const color = useColor({ terminal: io.terminal, env }, 'stderr');
  const loaded = loadOwnConfig(args.file, env);
  if (!loaded.ok) {
    io.stderr(renderConfigErrors(loaded.errors, args.file, { color }));
    return EXIT.usage;
  }
  io.stderr(renderConfigWarnings(loaded.warnings, args.file, { color }));
  const raw = JSON.parse((await readFile(args.file, 'utf8')).replace(/^\uFEFF/, '')) as Json;
  const probe = loaded.config.probe;
  const out = args.out ?? defaultSimConfigPath(args.file);
  const plan = tenantPlan(probe);
  const { sim, spec, scenarioNotes } = await startOwn(probe, plan.spec, out, args);
  const preview = await startPreview(loaded.config.preview?.probe, args).catch(async (error: unknown) => {
    await sim.close();
    throw error;
  });
  return serve(
    sim,
    async () => {
      const target = targetOf(sim, spec);
      let notes: readonly string[] = [];
      let variables: readonly SecretVariable[] = [];
      const written = await writeSimConfig(args.file, out, (folder) => {
        const block = previewBlockOf(raw, preview, { releaseNotesUrl: sim.releaseNotesUrl, folder }, args.scenario);
        const rewritten = rewriteConfig(raw, probe, target, folder, block);
        ({ notes, variables } = rewritten);
        return rewritten;
      });
      if ('problem' in written) throw new UsageError(`sim: ${written.problem}`, 'sim');
      // A client secret is read from a variable (never inline in the config): the command sets it from its file.
      const set = variables.map((v) => `${v.name}="$(cat ${shellWord(join(written.folder, v.file))})"`);
      const self = selfCommand(env).split(' ');
      const width = terminalColumns(io) ?? PIPED_WIDTH;
      const command = (words: readonly string[]) => commandLines(words, width);
      const enroll = enrollSteps(probe, [...self, 'passkey', 'enroll', '--config', shellWord(out)], width);
      const prose = (text: string, indent = '') => wrap(text, width, indent);
      return [
        ...prose(`Okta simulator listening on ${sim.url}, playing the org of ${args.file}`),
        ...(args.scenario === 'healthy'
          ? []
          : prose(`Scenario: ${args.scenario}: ${SCENARIOS[args.scenario].description}`)),
        ...[...scenarioNotes, ...plan.notes, ...notes].flatMap((note) =>
          prose(note, '    ').map((l, i) => (i === 0 ? l.slice(2) : l)),
        ),
        ...prose(`Probe config: ${out} (secrets in ${written.folder})`),
        ...enroll,
        'Run a probe against it:',
        ...command([...set, ...self, 'run', '--config', shellWord(out)]),
      ];
    },
    io,
    options,
    [],
    preview === undefined ? [] : [preview.sim],
  );
}

/** The Preview org's simulator, playing the derived Preview config's apps and users: none without a "preview" block. */
async function startPreview(
  previewProbe: ProbeConfig | undefined,
  args: OwnConfigArgs,
): Promise<{ readonly sim: Simulator; readonly spec: TenantSpec; readonly probe: ProbeConfig } | undefined> {
  if (previewProbe === undefined) return undefined;
  const { spec } = tenantPlan(previewProbe);
  // Any free port: --port is Production's, the org a person points a run at.
  const sim = await start({
    scenario: args.scenario,
    port: 0,
    latencyMs: args.latencyMs,
    tenant: spec,
    side: 'preview',
  });
  return { sim, spec, probe: previewProbe };
}

/**
 * The "preview" block pointed at the Preview org's simulator, with the scenario's own Preview block applied; none
 * without a Preview org.
 */
function previewBlockOf(
  raw: Json,
  preview: { readonly sim: Simulator; readonly spec: TenantSpec; readonly probe: ProbeConfig } | undefined,
  { releaseNotesUrl, folder }: { readonly releaseNotesUrl: string; readonly folder: string },
  scenario: ScenarioName,
): ReturnType<typeof rewritePreviewBlock> | undefined {
  if (preview === undefined) return undefined;
  const target = { ...targetOf(preview.sim, preview.spec), releaseNotesUrl };
  const rewritten = rewritePreviewBlock(raw, preview.probe, target, folder);
  const patch = SCENARIOS[scenario].preview?.block;
  if (patch === undefined) return rewritten;
  const block = patch(rewritten.block as Parameters<typeof patch>[0]) as Json;
  const fields = changedFields(rewritten.block, block).map((field) => `preview.${field}`);
  return {
    ...rewritten,
    block,
    notes: [...rewritten.notes, `--scenario ${scenario}: sets ${fields.join(', ')} in the written config`],
  };
}

/**
 * The simulator playing `spec`, with the credentials the last simulator made for the same `out` (a run still holding
 * them passes), and what the scenario plays of it; a scenario refused once the simulator started closes it.
 */
async function startOwn(
  probe: ProbeConfig,
  planned: TenantSpec,
  out: string,
  args: OwnConfigArgs,
): Promise<{ sim: Simulator; spec: TenantSpec; scenarioNotes: string[] }> {
  refuseOwnSamlFault(args.scenario);
  const apps = appFaultPlan(probe, args.scenario);
  if (apps !== undefined && 'problem' in apps) throw new UsageError(`sim: ${apps.problem}`, 'sim');
  const kept = await readKeptCredentials(secretsFolder(out));
  if ('problem' in kept) throw new UsageError(`sim: ${kept.problem}`, 'sim');
  const spec = { ...planned, ...(kept.kept !== undefined && { kept: kept.kept }) };
  const catalogue = discoveryCatalogue(probe);
  const sim = await start({
    scenario: args.scenario,
    port: args.port,
    latencyMs: args.latencyMs,
    tenant: spec,
    ...(catalogue !== undefined && { catalogue }),
  });
  try {
    const note = args.scenario === 'healthy' ? undefined : (apps?.note ?? scenarioNote(sim, args.scenario));
    return { sim, spec, scenarioNotes: note === undefined ? [] : [note] };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

/**
 * The scenarios under the headings of `demo --list` (the family of the check each breaks: scenarioGroups), each group's
 * names wrapped within 80 columns below its heading. Grouped by their first word they made groups of one word's
 * accidents ("others:", a check split across three) that no reader looks for.
 */
export function groupedNames(names: readonly string[]): string[] {
  return scenarioGroups(names).flatMap(({ heading, names: group }) => [
    `  ${heading}:`,
    ...wrap(group.join(', '), 80, '    '),
  ]);
}

function targetOf(sim: Simulator, spec: TenantSpec) {
  const served = sim.tenant;
  if (served === undefined) throw new Error('the simulator was started without the tenant');
  return {
    url: sim.url,
    statusFeedUrl: sim.statusFeedUrl,
    privateKeyPem: served.credentials.clientKey.pem,
    keyId: served.credentials.clientKey.kid,
    spec,
    served,
  };
}

/**
 * What a scenario plays on someone's own config: the org's faults, whatever the config; a scenario that also changes
 * the simulator's own config file (a scope asked that the org refuses, the inventory turned on) changes nothing of
 * theirs, so the fields it changes are named, for the person to set them where they want to see it.
 */
function scenarioNote(sim: Simulator, scenario: ScenarioName): string {
  const { config: patched, faults } = SCENARIOS[scenario];
  if (patched === undefined) return `--scenario ${scenario}: the org's faults, played on your config as it is`;
  const healthy = simulatorConfigJson({ ...sim, scenario: 'healthy' }, KEY_FILE_PLACEHOLDER);
  const fields = changedFields(healthy, patched(healthy)).join(', ');
  if (faults === undefined)
    throw new UsageError(
      `sim: --scenario ${scenario} only changes the simulator's own config (${fields}), not the org: with --config, ` +
        'make that change in your own file',
      'sim',
    );
  return (
    `--scenario ${scenario}: its faults in the org are played on your config; it also changes the simulator's ` +
    `own config (${fields}), which --config leaves as you wrote it: make that change in yours to see all of it`
  );
}

/**
 * A scenario whose faults are all the simulator's own SAML app's (faults.saml): a config's SAML apps and groups are
 * served apart from it (sim/saml/tenant-apps.ts, the catalogue), so with --config the fault is played on nothing and
 * the run passes, a pass that would read as "the probe misses it".
 */
function refuseOwnSamlFault(scenario: ScenarioName): void {
  const faults = SCENARIOS[scenario].faults ?? {};
  if (faults.saml === undefined || Object.keys(faults).some((key) => key !== 'saml')) return;
  throw new UsageError(
    `sim: --scenario ${scenario} is a fault of the simulator's own SAML app ("${SIM_SAML_ID}"), which --config does ` +
      "not serve: your config's SAML apps would be answered healthy and the run would pass; " +
      `"demo --scenario ${scenario}" shows the fault`,
    'sim',
  );
}

/** A key file name the comparison of two simulator configs needs and never reads. */
const KEY_FILE_PLACEHOLDER = 'probe-key.pem';

/** The paths of the fields that differ between two configs: a server by its id, as the config names it. */
function changedFields(before: unknown, after: unknown, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const objects = [before, after].every((v) => typeof v === 'object' && v !== null);
  if (!objects || Array.isArray(before) !== Array.isArray(after) || (Array.isArray(before) && path.endsWith('scopes')))
    return [path];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((key) => {
    const id = (b[key] as { id?: unknown } | undefined)?.id ?? (a[key] as { id?: unknown } | undefined)?.id;
    const at = Array.isArray(before) ? `${path}[${typeof id === 'string' ? `"${id}"` : key}]` : `${path}.${key}`;
    return changedFields(a[key], b[key], at).map((p) => p.replace(/^\./, ''));
  });
}

/** How often the simulator looks whether the process that started it is gone. */
const PARENT_POLL_MS = 1000;
/** The signals that stop the simulator: Ctrl-C, a kill, the terminal closed. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Until Ctrl-C, a kill, the terminal closing, `signal`, or the death of the process that started it: killing `npx`
 * does not pass the signal on, and left the simulator serving its port with no one to stop it. A parent gone shows
 * as another parent id (the child is handed to init or a subreaper).
 */
function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const orphaned = setInterval(() => {
      if (process.ppid !== parent) stop();
    }, PARENT_POLL_MS);
    orphaned.unref();
    const stop = () => {
      clearInterval(orphaned);
      for (const name of STOP_SIGNALS) process.off(name, stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    for (const name of STOP_SIGNALS) process.once(name, stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}

function parseNonNegativeInt(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
