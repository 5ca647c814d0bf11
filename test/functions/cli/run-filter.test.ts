// run --server: probe only some servers of a config, in-process against the simulator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { captureIo } from './helpers';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';

const sim = useSimulator();
let dir: string;
let config: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-filter-'));
  config = await writeSimulatorConfig(sim(), dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('run --server', () => {
  it('probes only the named servers; "okta" is the status feed', async () => {
    const io = captureIo();
    expect(await main(['run', '--config', config, '--server', 'default', '--server', 'okta', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as Report;
    expect([...new Set(report.checks.map((c) => c.server))]).toEqual(['default', 'okta']);
  });

  it('refuses an id the config does not have, with a did-you-mean, exit 2, nothing probed', async () => {
    const io = captureIo();
    expect(await main(['run', '--config', config, '--server', 'defualt'], io)).toBe(2);
    expect(io.err()).toMatch(/run: --server "defualt" is not in the config \(did you mean default\?\); the servers are org, default, okta/);
    expect(io.out()).toBe('');
  });
});
