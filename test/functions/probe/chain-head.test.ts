// A run is as long as its longest chain of requests (token, then introspect or the Management API call), and the
// first wave's answers arrive together: the chain's head goes out first, so its answer is read first. Started in plan
// order, the Org AS's token request (its assertion signed on WebCrypto's thread pool) went out last of the wave.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { runProbe } from '../../../functions/probe/engine';
import { serversConfig } from '../../../scripts/bench/servers-config';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-chain-head-');

describe('the first wave of a run', () => {
  it("sends each server's token request before that wave's other requests to the servers", async () => {
    const loaded = loadConfigFile(await serversConfig(sim(), join(dir(), 'config')), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const { probe } = loaded.config;
    const sent: string[] = [];
    const report = await runProbe(probe, {
      credentials: resolveLocalCredentials(probe, {}),
      pause: () => Promise.resolve(),
      onRequest: (r) => sent.push(`${r.server}/${r.check}`),
    });
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    // The servers' requests only: the status feed is no server's and no chain's.
    const servers = sent.filter((s) => !s.startsWith('okta/'));
    expect(servers.slice(0, 2).sort()).toEqual(['default/token', 'org/token']);
    expect(servers).toContain('org/introspect');
  });
});
