// `sim --config F` with a "preview" block plays both orgs: a second simulator as the Preview org, the written config's
// block pointed at it with the simulator's credentials (never the real Preview org's), and run telling each pair.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, runCli } from './helpers';
import { secretVariables, serve } from './own-config';

/** Production's two servers and an idx journey, and the Preview org's own apps, user and cell. */
const TWO_ORGS = {
  orgUrl: 'https://acme.okta.com',
  oktaCell: 'OK6',
  servers: [
    {
      id: 'org',
      clientId: '0oa8f5j3ecb5w3dF35d7',
      privateKeyEnv: 'ACME_ORG_KEY',
      keyId: 'probe-key-2025',
      scopes: ['okta.users.read'],
    },
    {
      id: 'aus1orders',
      clientId: '0oa8f5m7q2RsT4uV35d7',
      clientSecretEnv: 'ACME_ORDERS_SECRET',
      scopes: ['orders.read'],
      audience: 'api://orders',
    },
  ],
  signIn: [
    {
      id: 'workforce',
      server: 'aus1orders',
      flow: 'idx',
      clientId: '0oa8w0rkf0rceZ9aB35d7',
      redirectUri: 'https://portal.acme.example/login/callback',
      username: 'probe@acme.example',
      passwordEnv: 'ACME_PROBE_PASSWORD',
      totpSecretEnv: 'ACME_PROBE_TOTP',
    },
  ],
  preview: {
    orgUrl: 'https://acme.oktapreview.com',
    oktaCell: 'OP1 Preview Cell (US)',
    servers: {
      org: { clientId: '0oaPREVIEWorg0000x7', privateKeyEnv: 'ACME_PREVIEW_ORG_KEY' },
      aus1orders: {
        authorizationServerId: 'ausPREVIEWorders0x7',
        clientId: '0oaPREVIEWorders0x7',
        clientSecretEnv: 'ACME_PREVIEW_ORDERS_SECRET',
      },
    },
    signIn: {
      workforce: {
        clientId: '0oaPREVIEWwork000x7',
        redirectUri: 'https://preview-portal.acme.example/login/callback',
        username: 'probe@preview.acme.example',
        passwordEnv: 'ACME_PREVIEW_PASSWORD',
        totpSecretEnv: 'ACME_PREVIEW_TOTP',
      },
    },
  },
};

interface Written {
  readonly orgUrl: string;
  readonly preview: {
    readonly orgUrl: string;
    readonly releaseNotesUrl: string;
    readonly oktaCell: string;
    readonly servers: Record<string, Record<string, unknown>>;
    readonly signIn: Record<string, Record<string, unknown>>;
  };
}
interface PreviewJson {
  readonly preview: {
    readonly unavailable?: string;
    readonly pairs: readonly { target: string; check: string; verdict: string; text?: string }[];
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-preview-config-'));
  await buildOnce();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `sim --config` of TWO_ORGS under `scenario`, then `run --config` of what it wrote, with the variables it prints. */
async function playBoth(scenario: string): Promise<{ written: Written; run: PreviewJson; code: number | null }> {
  const folder = await mkdtemp(join(dir, `${scenario}-`));
  const file = join(folder, 'acme.json');
  await writeFile(file, JSON.stringify(TWO_ORGS));
  const sim = await serve(['--config', file, '--scenario', scenario]);
  try {
    const written = JSON.parse(await readFile(join(folder, 'acme.sim.json'), 'utf8')) as Written;
    const env = await secretVariables(sim.stdout);
    const { code, stdout, stderr } = await runCli(['run', '--config', join(folder, 'acme.sim.json'), '--json'], env);
    expect(stdout, stderr).toMatch(/^\{/);
    return { written, run: JSON.parse(stdout) as PreviewJson, code };
  } finally {
    await sim.stop();
  }
}

describe('sim --config with a "preview" block', () => {
  it('plays the Preview org on a second loopback simulator, never the real one; a broken release is told', async () => {
    const { written, run, code } = await playBoth('preview-scope-broken');
    const preview = written.preview;
    expect(preview.orgUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(preview.orgUrl).not.toBe(written.orgUrl);
    expect(preview.releaseNotesUrl).toBe(`${written.orgUrl}/oie/en-us/rss/preview.xml`);
    expect(preview.oktaCell).toBe('OP1 Preview Cell (US)');
    // The Preview org's ids, apps and user kept; its credentials the simulator's, in files beside the written config.
    expect(preview.servers.aus1orders).toMatchObject({
      authorizationServerId: 'ausPREVIEWorders0x7',
      clientId: '0oaPREVIEWorders0x7',
      clientSecretEnv: 'OKTA_SIM_PREVIEW_SECRET_AUSPREVIEWORDERS0X7',
    });
    expect(preview.servers.org).toMatchObject({ privateKeyFile: 'acme.sim-secrets/preview-probe-key.pem' });
    expect(preview.servers.org).not.toHaveProperty('privateKeyEnv');
    expect(preview.signIn.workforce).toMatchObject({
      username: 'probe@preview.acme.example',
      secretsFile: 'acme.sim-secrets/preview-signin-0-workforce.json',
    });
    expect(JSON.stringify(written)).not.toContain('oktapreview.com');
    // Production passes; the Preview org's custom scope is broken: "Production next", naming the release.
    expect(code).toBe(0);
    const validate = run.preview.pairs.find((pair) => pair.target === 'aus1orders' && pair.check === 'validate');
    expect(validate).toMatchObject({ verdict: 'preview-ahead' });
    expect(validate?.text).toMatch(/^Fails in Preview since \S+: Production next\. aus1orders validate: MISSING_SCOPE/);
    expect(validate?.text).toMatch(/release 2026\.48\.0 \(Okta's Preview release notes, \d{4}-\d\d-\d\d\)/);
  });

  it("Okta's incident on the Preview cell: Preview unavailable, told as Okta's", async () => {
    const { run, code } = await playBoth('preview-cell-incident');
    expect(run.preview.unavailable).toMatch(/^Preview unavailable: Okta reports an incident on OP1 Preview Cell/);
    expect(run.preview.pairs).toEqual([]);
    expect(code).toBe(0);
  });

  it('sim --scenario of two orgs without --config: the config names the Preview org it also plays', async () => {
    const folder = await mkdtemp(join(dir, 'plain-'));
    const sim = await serve(['--scenario', 'preview-edge-down', '--config-dir', folder]);
    try {
      expect(sim.stdout).toMatch(/Its Preview org \(the config's "preview" block\): http:\/\/127\.0\.0\.1:\d+/);
      const { code, stdout } = await runCli(['run', '--config', join(folder, 'okta-synthetics.json'), '--json']);
      expect((JSON.parse(stdout) as PreviewJson).preview.unavailable).toMatch(/^Preview unavailable: /);
      expect(code).toBe(0);
    } finally {
      await sim.stop();
    }
  });
});
