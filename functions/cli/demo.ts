// okta-synthetics demo: start the built-in Okta simulator on 127.0.0.1, run one probe cycle against it, stop it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isScenarioName, SCENARIOS, SCENARIO_NAMES, type ScenarioName } from '../../sim/scenarios';
import type { ProbeConfig } from '../types';
import { IDX_JOURNEY } from '../../sim/idx-scenarios';
import { writeSimulatorConfig } from '../../sim/config';
import { startSimulator, type Simulator } from '../../sim/server';
import { LOCAL_CREDENTIAL_FILES } from '../credentials/local';
import { loadConfigFile } from '../config/parse';
import { probeAndReport } from './run';
import { harFolder } from './har-files';
import { wrap } from './render';
import { scenarioList, unknownScenario } from './demo-list';
import { EXIT, NAME, parseCommandArgs, selfCommand, UsageError, type CommandIo, type Options } from './frame';
import { CHROMIUM_ENV, findChromium } from '../probe/sign-in/flows/browser/chromium';

const DEFAULT_SCENARIO = 'healthy';

/** The demo's own lines fit an 80-column terminal; the report between them wraps at the terminal's width. */
const WIDTH = 80;

const DEMO_HELP = `Usage: ${NAME} demo [--scenario NAME] [--json] [--har DIR]

Starts the built-in Okta simulator on 127.0.0.1, runs one probe cycle against
it and stops it.

  -s, --scenario NAME  a simulated fault (default ${DEFAULT_SCENARIO}),
                       e.g. --scenario rate-limited
      --list           list the scenarios
      --json           JSON report on stdout
      --har DIR        write each failed check's sanitized HTTP trace (HAR)
                       to DIR, as run --har does
`;

const DEMO_OPTIONS = {
  scenario: { type: 'string', short: 's' },
  compact: { type: 'boolean' },
  list: { type: 'boolean' },
  json: { type: 'boolean' },
  har: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export async function runDemo(args: string[], io: CommandIo): Promise<number> {
  const values = parseCommandArgs('demo', args, DEMO_OPTIONS);
  if (values.help) {
    io.stdout(DEMO_HELP);
    return EXIT.ok;
  }
  const names: readonly string[] = SCENARIO_NAMES;
  if (values.list) {
    io.stdout(scenarioList(names));
    return EXIT.ok;
  }
  const scenario = values.scenario ?? DEFAULT_SCENARIO;
  if (!isScenarioName(scenario)) {
    throw new UsageError(`demo: ${unknownScenario(scenario, names, `${selfCommand(io.env)} demo --list`)}`, 'demo');
  }

  // Made before the simulator starts: a folder that cannot be made stops the demo with nothing sent.
  const har = values.har === undefined ? undefined : harFolder(values.har);
  const sim = await startSimulator({ scenario, port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-demo-'));
  try {
    const { configPath, probe, missing } = await demoConfig(sim, dir, io);
    // Said only where the demo would have added the journey: a page scenario's own journey tells its own "not run".
    const browser = (probe.signIn ?? []).some((journey) => journey.flow === 'browser');
    const notChecked = browser || missing === undefined ? '' : `${missing}\n`;
    const banner = `${wrap(
      `Ran one probe cycle against the built-in Okta simulator at ${sim.url}, ` +
        `scenario "${scenario}": ${scenarioDescription(scenario)}`,
      WIDTH,
      '',
    ).join('\n')}\n${notChecked}`;
    const json = values.json ?? false;
    // With --json, stdout carries the report alone; the banner goes to stderr.
    if (json) io.stderr(banner);
    else io.stdout(`${banner}\n`);
    const code = await demoCycle(scenario, configPath, probe, io, {
      json,
      compact: values.compact ?? false,
      har,
    });
    if (!json) {
      // Each command on a line of its own, whole, to be copied: `npx --no-install okta-synthetics` unless it is on
      // PATH, too long to share an 80-column line with its sentence.
      const self = selfCommand(io.env);
      io.stdout(
        '\nThis was the simulator. Other scenarios (npm start -- --scenario NAME):\n' +
          `  ${self} demo --list\n` +
          'To probe your own org (docs/configuration.md):\n' +
          `  ${self} init\n` +
          `  ${self} run --config okta-synthetics.json\n`,
      );
    }
    return code;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The simulator's config written into `dir` and loaded as `run` loads it: with a browser journey beside the idx
 * journey wherever the journey could load the hosted sign-in page (a Chromium found, playwright-core installed), else
 * the one line that says why not (`missing`).
 */
async function demoConfig(
  sim: Simulator,
  dir: string,
  io: CommandIo,
): Promise<{ readonly configPath: string; readonly probe: ProbeConfig; readonly missing: string | undefined }> {
  const missing = await noBrowserLine(io.env);
  const configPath = await writeSimulatorConfig(sim, dir, { browser: missing === undefined });
  const loaded = loadConfigFile(configPath, 'cli', io.env, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok)
    throw new Error(`the simulator wrote a configuration the loader rejects: ${loaded.errors.join('; ')}`);
  return { configPath, probe: loaded.config.probe, missing };
}

// Named, not written in import(), as the journey names it: the Lambda's bundler leaves it out.
const PLAYWRIGHT = 'playwright-core';

/**
 * Why the browser journey cannot run here, in one line of at most 80 columns (the page not checked: never a failure,
 * never a pass, and how to get what is missing); undefined when it can. OKTA_SYNTHETICS_CHROMIUM naming no file is to
 * be fixed. An installed package without its devDependencies has no playwright-core.
 */
async function noBrowserLine(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  if (findChromium(env) === undefined) {
    const named = env[CHROMIUM_ENV];
    return named !== undefined && named !== ''
      ? `Sign-in page not checked: fix ${CHROMIUM_ENV}, or apt install chromium`
      : `Sign-in page not checked: apt install chromium, or set ${CHROMIUM_ENV}`;
  }
  try {
    await import(PLAYWRIGHT);
    return undefined;
  } catch {
    return 'Sign-in page not checked: npm install playwright-core';
  }
}

/**
 * One cycle with no history, as `run` without --history: every SAML app of a group, not one session's share. A
 * scenario met by `passkey enroll` is shown through it, on the simulator's idx journey.
 */
async function demoCycle(
  scenario: ScenarioName,
  config: string,
  probe: ProbeConfig,
  io: CommandIo,
  { json, compact, har }: { readonly json: boolean; readonly compact: boolean; readonly har: string | undefined },
): Promise<number> {
  if (SCENARIOS[scenario].command === 'passkey enroll') {
    const args = ['enroll', '--config', config, '--journey', IDX_JOURNEY, ...(json ? ['--json'] : [])];
    return (await import('./passkey')).runPasskey([...args, ...(har !== undefined ? ['--har', har] : [])], io);
  }
  return probeAndReport(probe, io, { json, compact, everySamlApp: true, ...(har !== undefined && { har }) });
}

function scenarioDescription(name: string): string {
  return isScenarioName(name) ? SCENARIOS[name].description : '';
}
