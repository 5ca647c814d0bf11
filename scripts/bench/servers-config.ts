// The config of the CLI cycle's benches (sections ab and ag): the simulator's servers alone, as section a runs them.
import { readFile, writeFile } from 'node:fs/promises';
import { writeSimulatorConfig } from '../../sim/config';
import type { Simulator } from '../../sim/server';

/**
 * The servers' checks alone, as section a runs them: no journey, no SAML app, no resource (an older CLI lacks it), no
 * access assertion (the independent Okta double serves no policy simulation, and an older CLI reads no such rows).
 */
export async function serversConfig(sim: Simulator, dir: string): Promise<string> {
  const path = await writeSimulatorConfig(sim, dir);
  const {
    signIn: _journeys,
    samlApps: _apps,
    accessAssertions: _access,
    ...config
  } = JSON.parse(await readFile(path, 'utf8')) as {
    servers: Record<string, unknown>[];
  } & Record<string, unknown>;
  const servers = config.servers.map(({ resources: _resources, ...server }) => server);
  await writeFile(path, JSON.stringify({ ...config, servers }));
  return path;
}
