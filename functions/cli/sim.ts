// `okta-synthetics sim`: run the simulator in the foreground with a ready-made probe config.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSimulatorConfig } from '../../sim/config';
import { isScenarioName, SCENARIO_NAMES, SCENARIOS } from '../../sim/scenarios';
import { startSimulator } from '../../sim/server';

export interface SimCliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface SimCliOptions {
  /** Stops the simulator when aborted, like SIGINT/SIGTERM do (tests, embedding). */
  readonly signal?: AbortSignal;
}

const USAGE = 'Usage: okta-synthetics sim [--scenario NAME] [--port N] [--latency MS] [--config-dir DIR]';

export async function runSimulatorCli(argv: string[], io: SimCliIo, options: SimCliOptions = {}): Promise<number> {
  let values: { scenario?: string; port?: string; latency?: string; 'config-dir'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { scenario: { type: 'string' }, port: { type: 'string' }, latency: { type: 'string' }, 'config-dir': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const scenario = values.scenario ?? 'healthy';
  if (!isScenarioName(scenario)) {
    io.stderr(`Unknown scenario "${scenario}". Valid scenarios:\n${SCENARIO_NAMES.map((n) => `  ${n}`).join('\n')}\n`);
    return 2;
  }
  const port = parseNonNegativeInt(values.port ?? '0');
  const latencyMs = parseNonNegativeInt(values.latency ?? '0');
  if (port === undefined || port > 65_535) return usageError(io, `--port must be an integer from 0 to 65535, got "${values.port}"`);
  if (latencyMs === undefined) return usageError(io, `--latency must be a non-negative integer (ms), got "${values.latency}"`);

  let sim: Awaited<ReturnType<typeof startSimulator>>;
  try {
    sim = await startSimulator({ scenario, port, latencyMs });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const why = code === 'EADDRINUSE' ? 'is already in use (another simulator?)' : 'needs privileges to listen on';
      return usageError(io, `--port ${port} ${why}: pick another port, or --port 0 for any free one`);
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
        `Run a probe against it: npx okta-synthetics run --config ${configPath}`,
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
  return 0;
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

function usageError(io: SimCliIo, message: string): number {
  io.stderr(`${message}\n${USAGE}\n`);
  return 2;
}
