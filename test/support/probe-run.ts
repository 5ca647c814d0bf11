// The simulator's healthy org as one CLI run of the probe meets it, for the tests that run the whole engine with a
// browser journey beside the servers' checks: no Chromium (a unit test launches none: the browser journey is
// BROWSER_UNAVAILABLE once it starts, and sends nothing), and the org server reading the System Log, provisioning and
// integration health.
import { afterAll, beforeAll, vi } from 'vitest';
import { loadConfigFile } from '../../functions/config/parse';
import { INVENTORY_SCOPES, ORG_SERVER_ID } from '../../functions/contract';
import { CHROMIUM_ENV } from '../../functions/probe/sign-in/flows/browser/chromium';
import type { ProbeConfig } from '../../functions/types';
import { writeSimulatorConfig } from '../../sim/config';
import type { Simulator } from '../../sim/server';
import { useSimulator } from './simulator';
import { useTempDir } from './temp-dir';

type Server = ProbeConfig['servers'][number];
type Journey = NonNullable<ProbeConfig['signIn']>[number];

/** The run's simulator, and its config with the org server's settings and a browser journey added. */
interface ProbeRun {
  readonly sim: () => Simulator;
  /** The simulator's config, its org server reading the System Log, provisioning, integration health and `org`. */
  config(org?: Partial<Server>): Promise<ProbeConfig>;
}

/** Registers the hooks of one file's runs: the simulator started, a directory for its config, Chromium taken away. */
export function useProbeRun(prefix: string): ProbeRun {
  const sim = useSimulator();
  const dir = useTempDir(prefix);
  beforeAll(() => {
    vi.stubEnv(CHROMIUM_ENV, '/nonexistent/chromium');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  const config = async (more: Partial<Server> = {}): Promise<ProbeConfig> => {
    const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const { probe } = loaded.config;
    const org = (s: Server): Server => ({
      ...s,
      scopes: [...new Set([...s.scopes, 'okta.logs.read', 'okta.apps.read', ...Object.values(INVENTORY_SCOPES)])],
      systemLog: true as const,
      provisioning: { pageOnLeavers: false, lookbackHours: 24 },
      integrationHealth: {},
      ...more,
    });
    return { ...probe, servers: probe.servers.map((s) => (s.id === ORG_SERVER_ID ? org(s) : s)) };
  };
  return { sim, config };
}

/** A browser journey of the config's workforce app (its user and settings), named `id`, with `more` set. */
export function browserJourney(probe: ProbeConfig, id: string, more: Partial<Journey> = {}): Journey {
  const workforce = probe.signIn?.find((j) => j.id === 'workforce');
  if (workforce === undefined) throw new Error('the simulator config has no workforce journey');
  return { ...workforce, id, flow: 'browser' as const, ...more };
}
