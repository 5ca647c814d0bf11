// The new user's walk on the simulator, in one process as a newcomer's shell runs it: their own config (Preview, a
// custom domain's scope, the three hooks' lists, the Twilio telephony hook among them, SCIM provisioning, the status
// page, Datadog EU1's metric stream) played by `sim --config`, then `run` on what it wrote, with nothing but the
// variables the printed command sets: no NODE_EXTRA_CA_CERTS, no extra certificate. Integration health is green, in
// Production and in Preview.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import type { Report } from '../../../functions/types';
import { captureIo } from './helpers';
import { OWN_CONFIG, secretVariables, serve } from './own-config';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-walk-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The walk's config: the shared own config with the walk's blocks and the org server's advised scopes. */
const WALK = {
  ...OWN_CONFIG,
  integrationHealth: {},
  preview: {
    orgUrl: 'https://acme.oktapreview.com',
    servers: {
      org: { clientId: '0oaP1org000000000x7', privateKeyEnv: 'ACME_PREVIEW_ORG_KEY' },
      aus1orders: { clientId: '0oaP1orders0000000x7', clientSecretEnv: 'ACME_PREVIEW_ORDERS_SECRET' },
      aus1billing: { clientId: '0oaP1billing000000x7', privateKeyEnv: 'ACME_PREVIEW_BILLING_KEY' },
    },
    signIn: {
      portal: {
        clientId: '0oaP1portal0000000x7',
        username: 'probe@acme.example',
        passwordEnv: 'ACME_PREVIEW_PASSWORD',
        totpSecretEnv: 'ACME_PREVIEW_TOTP',
      },
    },
  },
  provisioning: { pageOnLeavers: false, lookbackHours: 24 },
  statusPage: { allowFrom: ['203.0.113.0/24'] },
  metricStream: {
    to: 'datadog',
    endpointUrl: 'https://awsmetrics-intake.datadoghq.eu/v1/input',
    secret: 'okta-synthetics/datadog',
  },
  servers: OWN_CONFIG.servers.map((server) =>
    server.id === 'org'
      ? {
          ...server,
          systemLog: true,
          scopes: [
            ...server.scopes,
            'okta.logs.read',
            'okta.domains.read',
            'okta.inlineHooks.read',
            'okta.eventHooks.read',
          ],
        }
      : server,
  ),
};

describe("the new user's walk on sim --config", () => {
  it('runs integration health green with the hook lists and domains read, without extra certificates', async () => {
    const file = join(dir, 'walk.json');
    await writeFile(file, `${JSON.stringify(WALK, null, 2)}\n`);
    const sim = await serve(['--config', file]);
    try {
      const env = await secretVariables(sim.stdout);
      const io = captureIo({ ...env, XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1' });
      const code = await main(['run', '--json', '--config', join(dir, 'walk.sim.json')], io);
      const report = JSON.parse(io.out()) as Report & { preview?: { pairs?: { check: string; preview: string }[] } };
      // Preview was probed beside Production, its integration health paired with Production's.
      expect(report.preview?.pairs?.filter((p) => p.check === 'integration-health').map((p) => p.preview)).toEqual([
        'pass',
      ]);
      const health = report.checks.find((c) => c.server === 'org' && c.check === 'integration-health');
      expect([health?.status, health?.diagnosis?.code ?? null, health?.diagnosis?.detail ?? null]).toEqual([
        'pass',
        null,
        null,
      ]);
      const items = (health?.items ?? []).map((i) => `${i.status} ${i.item}`);
      expect(items).toContainEqual(expect.stringMatching(/^pass certificate of 127\.0\.0\.1:\d+: valid/));
      expect(items.join('\n')).not.toMatch(/not trusted|SELF_SIGNED/);
      expect(code, io.err()).toBe(0);
    } finally {
      expect(await sim.stop()).toBe(0);
    }
  }, 120_000);
});
