import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator';
import { runSimulatorCli } from '../../functions/cli/sim';
import { writeSimulatorConfig, type SimConfigJson } from '../../sim/config';

const sim = useSimulator();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-config-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeSimulatorConfig', () => {
  it('writes a config whose key file (0600, relative path) is the org client key', async () => {
    const path = await writeSimulatorConfig(sim(), join(dir, 'healthy'));
    const config = JSON.parse(await readFile(path, 'utf8')) as SimConfigJson;
    expect(config).toMatchObject({
      orgUrl: sim().url,
      statusPageUrl: sim().statusFeedUrl,
      timeoutMs: sim().timeoutMs,
      rateLimitWarnPercent: 10,
    });
    const [org, custom] = config.servers;
    expect(org).toMatchObject({
      id: 'org',
      clientId: sim().clients.org.clientId,
      privateKeyFile: 'probe-key.pem',
      keyId: sim().clients.org.keyId,
    });
    expect(custom).toMatchObject({
      id: 'default',
      clientSecret: sim().clients.custom.clientSecret,
      audience: 'api://default',
      requiredClaims: ['sub', 'cid'],
    });
    expect(custom?.authorize).toEqual({
      clientId: sim().clients.web.clientId,
      redirectUri: sim().clients.web.redirectUri,
      scopes: ['openid', 'probe.read'],
    });
    const keyPath = join(dirname(path), org?.privateKeyFile ?? '');
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    expect(createPrivateKey(await readFile(keyPath, 'utf8')).asymmetricKeyType).toBe('rsa');
  });

  it("applies the current scenario's config patch", async () => {
    sim().scenario = 'org-secret';
    try {
      const config = JSON.parse(
        await readFile(await writeSimulatorConfig(sim(), join(dir, 'org-secret')), 'utf8'),
      ) as SimConfigJson;
      expect(config.servers[0]).not.toHaveProperty('privateKeyFile');
      expect(config.servers[0]?.clientSecret).toEqual(expect.any(String));
    } finally {
      sim().scenario = 'healthy';
    }
  });
});

describe('runSimulatorCli', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) } };
  };

  it('refuses an unknown scenario with the closest names, where the rest are listed, and exit code 2', async () => {
    const { err, io } = capture();
    expect(await runSimulatorCli(['--scenario', 'token-expird'], io)).toBe(2);
    const said = err.join('').replace(/\s+/g, ' ');
    expect(said).toContain('unknown scenario "token-expird" (did you mean token-expired');
    expect(said).toContain('demo --list" lists all');
  });

  it('refuses a bad --port with exit code 2', async () => {
    const { err, io } = capture();
    expect(await runSimulatorCli(['--port', 'eighty'], io)).toBe(2);
    expect(err.join('')).toContain('--port');
  });

  it('refuses a --port already in use with exit code 2 and a way out, not an internal error', async () => {
    const { err, io } = capture();
    const busy = Number(new URL(sim().url).port);
    expect(await runSimulatorCli(['--port', String(busy)], io)).toBe(2);
    expect(err.join('')).toContain(`--port ${busy} is already in use`);
    expect(err.join('')).toContain('--port 0');
  });

  it('serves the scenario, writes the config into --config-dir, and stops with 0 when told to', async () => {
    const { out, io } = capture();
    const stop = new AbortController();
    const configDir = join(dir, 'cli');
    const running = runSimulatorCli(
      ['--scenario', 'no-signing-keys', '--latency', '5', '--config-dir', configDir],
      io,
      { signal: stop.signal },
    );
    await expect.poll(() => out.join(''), { timeout: 10_000 }).toContain('Probe config:');
    const url = /listening on (\S+)/.exec(out.join(''))?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/oauth2/v1/keys`)).json()).toEqual({ keys: [] });
    const config = JSON.parse(await readFile(join(configDir, 'okta-synthetics.json'), 'utf8')) as SimConfigJson;
    expect(config.orgUrl).toBe(url);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/oauth2/v1/keys`)).rejects.toThrow();
  });
});
