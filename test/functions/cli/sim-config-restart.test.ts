// `sim --config F` through the built CLI, as a newcomer runs it: a scenario failed on purpose on one's own config,
// the printed command run exactly as printed, and a restart that keeps the credentials a run already holds.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, runCli, runShell } from './helpers';
import { heldSecrets, printedRun, startSim as startOwnSim } from './sim-process';
import { OWN_CONFIG } from './own-config';

/** A custom server with a client secret, one with a key, and a journey's user: every credential the sim makes. */
const [, ORDERS, BILLING] = OWN_CONFIG.servers;
const CONFIG = {
  orgUrl: OWN_CONFIG.orgUrl,
  statusPageUrl: null,
  servers: [ORDERS, BILLING],
  signIn: OWN_CONFIG.signIn,
};

let dir: string;
let state: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-restart-'));
  state = await mkdtemp(join(tmpdir(), 'sim-restart-state-'));
  await buildOnce();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(state, { recursive: true, force: true });
});

/** `sim` in a process of its own, keeping its runs' state in the test's folder. */
const startSim = (args: string[]) => startOwnSim(args, state);

describe('sim --config, through the built CLI', () => {
  it("plays a scenario on one's own config; the command it prints runs as printed", async () => {
    const file = join(dir, 'acme.json');
    await writeFile(file, JSON.stringify(CONFIG));
    const sim = await startSim(['--config', file, '--scenario', 'no-access-policy']);
    try {
      expect(sim.printed).toContain('Scenario: no-access-policy');
      const command = printedRun(sim.printed);
      // okta-synthetics is on no PATH here: the bare name answered "command not found".
      expect(command).toMatch(/^(\w+="\$\(cat [^)]+\)" )*npx --no-install okta-synthetics run --config /);
      const ran = await runShell(command, { XDG_STATE_HOME: state });
      expect(ran.stdout).toMatch(/aus1orders[\s\S]*NO_ACCESS_POLICY/);
      expect(ran.stdout).toMatch(/aus1billing[\s\S]*NO_ACCESS_POLICY/);
      // A check failed: exit 1, never the usage or could-not-run codes.
      expect(ran.code).toBe(1);
    } finally {
      await sim.stop();
    }
  });

  it.each([
    [
      "a scenario that is only a change of the simulator's own config, naming the change",
      'invalid-scope',
      `only changes the simulator's own config (servers["default"].scopes), not the org`,
    ],
    [
      "a fault of the simulator's own SAML app, which it never serves for a config (the run would pass), naming demo",
      'saml-audience',
      `--scenario saml-audience is a fault of the simulator's own SAML app ("salesforce"), which --config does not ` +
        "serve: your config's SAML apps would be answered healthy and the run would pass; " +
        '"demo --scenario saml-audience" shows the fault',
    ],
  ])('refuses %s', async (_, scenario, said) => {
    const file = join(dir, `${scenario}.json`);
    await writeFile(file, JSON.stringify(CONFIG));
    const refused = await runCli(['sim', '--config', file, '--scenario', scenario]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.replace(/\s+/g, ' ')).toContain(said);
  });

  it('keeps its credentials across a restart: a run still holding the old ones passes', async () => {
    const file = join(dir, 'kept.json');
    await writeFile(file, JSON.stringify(CONFIG));
    const out = join(dir, 'kept.sim.json');
    const folder = join(dir, 'kept.sim-secrets');
    const first = await startSim(['--config', file]);
    const held = await heldSecrets(first.printed);
    const key = await readFile(join(folder, 'probe-key.pem'), 'utf8');
    const user = await readFile(join(folder, 'signin-0-portal.json'), 'utf8');
    expect(Object.keys(held)).toEqual(['OKTA_SIM_SECRET_AUS1ORDERS']);
    await first.stop();
    const second = await startSim(['--config', file]);
    try {
      expect(await readFile(join(folder, 'probe-key.pem'), 'utf8')).toBe(key);
      expect(await readFile(join(folder, 'signin-0-portal.json'), 'utf8')).toBe(user);
      // The variables a shell set before the restart: the run passes with them.
      const ran = await runCli(['run', '--json', '--config', out], held);
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      // Kept where only the owner reads them.
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
      expect((await stat(join(folder, 'simulator-credentials.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await second.stop();
    }
  });

  it('refuses a secrets folder others may write to, rather than play credentials planted there', async () => {
    const file = join(dir, 'open.json');
    await writeFile(file, JSON.stringify(CONFIG));
    const first = await startSim(['--config', file]);
    await first.stop();
    await chmod(join(dir, 'open.sim-secrets'), 0o777);
    const refused = await runCli(['sim', '--config', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/others may write to\s+\S*open\.sim-secrets \(mode 777\)/);
  });
});
