// No false failure from the group's own ways: a certificate activated since the metadata was kept is read
// again and the same answer judged once more, never a SAML_SIGNATURE_INVALID; a run short of time leaves apps for
// the next and reports no TIMEOUT for an app it never asked; a catalogue larger than a page of the Management API is
// listed page by page (Link rel="next"), and the listing's apps are judged as Okta's settings say.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../../functions/credentials/user-secrets';
import { runProbe } from '../../../../../functions/probe/engine';
import { createMemoryCatalogueStore } from '../../../../../functions/probe/kept-store';
import { createMemoryStateStore } from '../../../../../functions/probe/sign-in/store';
import type { ProbeConfig, Report } from '../../../../../functions/types';
import { simulatorConfigJson, writeSimulatorConfig } from '../../../../../sim/config';
import { listed, SIM_SAML_GROUP } from '../../../../../sim/saml/catalogue-scenarios';
import { startSimulator, type Simulator } from '../../../../../sim/server';
import { createMemoryCache } from '../../../../../functions/cache/read-through';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ catalogue: { apps: 30 } });
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-no-false-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The portal journey, the server it signs in through, and a group: `n` listed apps, or the catalogue discovered. */
async function config(
  patch: (cfg: ReturnType<typeof simulatorConfigJson>) => ReturnType<typeof simulatorConfigJson>,
): Promise<ProbeConfig> {
  const path = await writeSimulatorConfig(sim, dir);
  const { writeFile, readFile } = await import('node:fs/promises');
  const file = patch(JSON.parse(await readFile(path, 'utf8')) as ReturnType<typeof simulatorConfigJson>);
  await writeFile(path, JSON.stringify(file));
  const loaded = loadConfigFile(path, 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const { probe } = loaded.config;
  const discovers = probe.samlGroups?.some((g) => g.discover !== undefined) === true;
  return {
    ...probe,
    statusPageUrl: null,
    servers: discovers ? probe.servers.filter((s) => s.id === 'org') : [],
    signIn: probe.signIn?.filter((j) => j.id === 'portal'),
    samlApps: probe.samlApps?.filter((a) => a.group !== undefined),
  };
}
const run = (probe: ProbeConfig, cache = createMemoryCache(), deadline?: number): Promise<Report> =>
  runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache,
    catalogueState: createMemoryCatalogueStore(),
    journeyState: createMemoryStateStore(),
    everySamlApp: true,
    ...(deadline !== undefined && { deadline }),
  });
const group = (report: Report) => report.checks.find((c) => c.server === SIM_SAML_GROUP && c.check === 'saml-apps');

describe('a group of SAML apps never fails for its own ways', () => {
  it(
    'reads the metadata again when a new certificate signs, and judges the same answer once more: no failure, ' +
      'one SSO request an app',
    async () => {
      sim.catalogue = { apps: 30 };
      const probe = await config(listed(5));
      const cache = createMemoryCache();
      expect(group(await run(probe, cache))?.status).toBe('pass');
      sim.catalogue = { apps: 30, rotated: true };
      sim.resetRequests();
      const after = group(await run(probe, cache));
      expect(after?.status).toBe('pass');
      expect(sim.requests.filter((r) => r.path.endsWith('/sso/saml'))).toHaveLength(5);
      expect(sim.requests.filter((r) => r.path.endsWith('/sso/saml/metadata'))).toHaveLength(5);
      // The certificate kept is the new one.
      expect(after?.items?.every((i) => i.daysToExpiry !== undefined && i.daysToExpiry > 3000)).toBe(true);
      sim.catalogue = { apps: 30 };
    },
  );

  it(
    'reads a discovered app again when a new certificate changed its kid, then its metadata: no ' +
      'SAML_SIGNATURE_INVALID from the listing kept an hour',
    async () => {
      sim.catalogue = { apps: 30 };
      const probe = await config((cfg) => ({
        ...cfg,
        servers: cfg.servers.map((s) =>
          s.id === 'org' ? { ...s, scopes: [...new Set([...s.scopes, 'okta.apps.read', 'okta.users.read'])] } : s,
        ),
        samlGroups: [{ id: SIM_SAML_GROUP, signIn: 'portal', discover: { labelPrefix: 'Catalogue app 000' } }],
      }));
      const cache = createMemoryCache();
      expect(group(await run(probe, cache))?.observed).toMatchObject({ apps: 10, checked: 10, failing: 0 });
      // Activating a new certificate in Okta gives the app a new credentials.signing.kid: the listing kept names the
      // old one.
      sim.catalogue = { apps: 30, rotated: true };
      sim.resetRequests();
      const after = group(await run(probe, cache));
      expect(after?.status).toBe('pass');
      expect(after?.observed).toMatchObject({ checked: 10, failing: 0 });
      expect(sim.requests.filter((r) => /^\/api\/v1\/apps\/[^/]+$/.test(r.path))).toHaveLength(10);
      expect(sim.requests.filter((r) => r.path.endsWith('/sso/saml/metadata'))).toHaveLength(10);
      expect(after?.items?.every((i) => i.daysToExpiry !== undefined && i.daysToExpiry > 3000)).toBe(true);
      sim.catalogue = { apps: 30 };
    },
  );

  it(
    "posts a discovered app's form to its ssoAcsUrl, not its Recipient, and skips an app whose Recipient is no " +
      'URL without failing the group',
    async () => {
      sim.catalogue = { apps: 30, recipientDiffers: [2], recipientNotUrl: [4] };
      const probe = await config((cfg) => ({
        ...cfg,
        servers: cfg.servers.map((s) =>
          s.id === 'org' ? { ...s, scopes: [...new Set([...s.scopes, 'okta.apps.read', 'okta.users.read'])] } : s,
        ),
        samlGroups: [{ id: SIM_SAML_GROUP, signIn: 'portal', discover: { labelPrefix: 'Catalogue app 000' } }],
      }));
      const result = group(await run(probe));
      // Before: app 2 a false SAML_ACS_URL_MISMATCH, and app 4's `new URL` threw out of the group: a probe error.
      expect(result?.status).toBe('pass');
      expect(result?.observed).toMatchObject({ apps: 10, checked: 10, failing: 0 });
      expect(result?.items?.find((i) => i.item.includes('Catalogue app 0002'))).toMatchObject({ status: 'pass' });
      expect(result?.items?.find((i) => i.item.includes('Catalogue app 0004'))).toMatchObject({ status: 'skip' });
      sim.catalogue = { apps: 30 };
    },
  );

  it('starts no app it could not finish before the deadline: the rest are left, none is a TIMEOUT', async () => {
    sim.catalogue = { apps: 30 };
    const probe = await config(listed(30));
    // Time for the journey (100 ms a request), and for no app: each needs two timeouts, the write and the session's
    // close before the deadline, which leaves 200 ms.
    sim.latencyMs = 100;
    const deadline = Date.now() + 2 * probe.timeoutMs + 4000 + 200;
    const report = await run(probe, createMemoryCache(), deadline).finally(() => {
      sim.latencyMs = 0;
    });
    const result = group(report);
    expect(report.checks.filter((c) => c.status === 'fail' && c.diagnosis.code === 'TIMEOUT')).toEqual([]);
    // Nothing checked and no verdict to carry: not a failure, and never a PASS either.
    expect(result?.status).toBe('skip');
    expect(result?.status === 'skip' ? result.skipReason : '').toMatch(/no app of the group has been checked yet/);
    expect(result?.observed).toMatchObject({ apps: 30, checked: 0, left: 30 });
    expect(result?.observed?.leftBecause).toMatch(/the run's time ran out/);
    expect(result?.items?.filter((i) => i.status === 'fail')).toEqual([]);
  });

  it(
    'lists a catalogue past one page of the Management API by its Link rel="next", and judges each app as ' +
      "Okta's settings say",
    async () => {
      sim.catalogue = { apps: 450, audienceChanged: [] };
      const probe = await config((cfg) => ({
        ...cfg,
        servers: cfg.servers.map((s) =>
          s.id === 'org' ? { ...s, scopes: [...new Set([...s.scopes, 'okta.apps.read', 'okta.users.read'])] } : s,
        ),
        samlGroups: [{ id: SIM_SAML_GROUP, signIn: 'portal', discover: { labelPrefix: 'Catalogue app 04' } }],
      }));
      sim.resetRequests();
      const result = group(await run(probe));
      // "Catalogue app 0400" to "0449": 50 of the 450, found on the pages the q search answered.
      expect(result?.observed).toMatchObject({ apps: 50, checked: 50, failing: 0 });
      expect(sim.requests.filter((r) => r.path === '/api/v1/apps').length).toBeGreaterThanOrEqual(1);
      sim.catalogue = { apps: 450 };
      const all = await config((cfg) => ({
        ...cfg,
        servers: cfg.servers.map((s) =>
          s.id === 'org' ? { ...s, scopes: [...new Set([...s.scopes, 'okta.apps.read', 'okta.users.read'])] } : s,
        ),
        samlGroups: [{ id: SIM_SAML_GROUP, signIn: 'portal', discover: 'assigned', everyMinutes: 60 }],
      }));
      sim.resetRequests();
      const assigned = group(await run(all));
      expect(assigned?.observed).toMatchObject({ apps: 450, failing: 0 });
      // The apps of the org beyond the catalogue (its Salesforce, an OIDC app) and three pages of 200.
      expect(sim.requests.filter((r) => r.path === '/api/v1/apps')).toHaveLength(3);
      sim.catalogue = { apps: 30 };
    },
  );
});
