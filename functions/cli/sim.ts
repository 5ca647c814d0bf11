// `okta-synthetics sim`: run the simulator in the foreground with a ready-made probe config.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { didYouMean } from '../config/parse';
import { writeSimulatorConfig } from '../../sim/config';
import { isScenarioName, SCENARIO_NAMES, SCENARIOS } from '../../sim/scenarios';
import { startSimulator } from '../../sim/server';
import { EXIT, parseCommandArgs, runCommand, selfCommand, UsageError, type CommandIo, type Options } from './frame';

type SimCliIo = Pick<CommandIo, 'stdout' | 'stderr'> & { readonly env?: NodeJS.ProcessEnv };

interface SimCliOptions {
  /** Stops the simulator when aborted, like SIGINT/SIGTERM do (tests, embedding). */
  readonly signal?: AbortSignal;
}

const USAGE = `Usage: okta-synthetics sim [--scenario NAME] [--port N] [--latency MS]
         [--config-dir DIR]

Serves the built-in Okta simulator on 127.0.0.1 until Ctrl-C, and writes a
probe config for it, so "okta-synthetics run --config FILE" can probe it.

  -s, --scenario NAME   a simulated fault (default healthy); the list:
                        okta-synthetics demo --list
      --port N          the port to listen on (default 0: any free port)
      --latency MS      delay every answer by MS milliseconds (default 0)
      --config-dir DIR  where to write the config (default: a temp folder)`;

const OPTIONS = {
  scenario: { type: 'string', short: 's' },
  port: { type: 'string' },
  latency: { type: 'string' },
  'config-dir': { type: 'string' },
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
  const scenario = values.scenario ?? 'healthy';
  if (!isScenarioName(scenario)) {
    const hint = didYouMean(scenario, SCENARIO_NAMES);
    throw usage(
      `Unknown scenario "${scenario}"${hint ? ` (did you mean ${hint}?)` : ''}; the scenarios are: ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  const port = parseNonNegativeInt(values.port ?? '0');
  const latencyMs = parseNonNegativeInt(values.latency ?? '0');
  if (port === undefined || port > 65_535)
    throw usage(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  if (latencyMs === undefined) throw usage(`--latency must be a non-negative integer (ms), got "${values.latency}"`);

  let sim: Awaited<ReturnType<typeof startSimulator>>;
  try {
    sim = await startSimulator({ scenario, port, latencyMs });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const why = code === 'EADDRINUSE' ? 'is already in use (another simulator?)' : 'needs privileges to listen on';
      throw usage(`--port ${port} ${why}: pick another port, or --port 0 for any free one`);
    }
    throw error;
  }
  try {
    const dir = values['config-dir'] ?? (await mkdtemp(join(tmpdir(), 'okta-sim-')));
    const configPath = await writeSimulatorConfig(sim, dir);
    io.stdout(
      [
        `Okta simulator listening on ${sim.url}`,
        `Scenario: ${scenario}: ${SCENARIOS[scenario].description}`,
        `Probe config: ${configPath}`,
        `Run a probe against it: ${selfCommand(io.env ?? {})} run --config ${configPath}`,
        `Other scenarios (--scenario NAME): ${SCENARIO_NAMES.join(', ')}`,
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    await untilStopped(options.signal);
  } finally {
    await sim.close();
  }
  io.stdout('Simulator stopped.\n');
  return EXIT.ok;
}

function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}

function parseNonNegativeInt(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
