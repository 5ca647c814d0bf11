// The newcomer's path: the probe run against the built-in simulator, as `demo`, `sim` and `npm start` run it, with
// the advised okta.inlineHooks.read and okta.eventHooks.read granted and no NODE_EXTRA_CA_CERTS nor any extra
// certificate handed in. The simulator's hook listeners sign their own certificates: on its loopback host they are
// read as its own, so the healthy org is green and the expiring certificate is told expiring, never "not trusted".
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { INLINE_HOOKS_SCOPE, INVENTORY_SCOPES, ORG_SERVER_ID } from '../../../../functions/contract';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { runProbe } from '../../../../functions/probe/engine';
import { diagnosesOf } from '../../../../functions/probe/results';
import type { ProbeConfig } from '../../../../functions/types';
import { writeSimulatorConfig } from '../../../../sim/config';
import type { ScenarioName } from '../../../../sim/scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-sim-hook-trust-');

/** The scopes the "org" server reads the log and the hook lists with. */
const SCOPES = ['okta.logs.read', INLINE_HOOKS_SCOPE, INVENTORY_SCOPES['event-hooks']];

/** The simulator's config, its "org" server reading the log with the hook lists' advised scopes added. */
async function withHookScopes(): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  const { probe } = (loaded as Extract<typeof loaded, { ok: true }>).config;
  const servers = probe.servers.map((s) =>
    s.id === ORG_SERVER_ID
      ? { ...s, scopes: [...new Set([...s.scopes, ...SCOPES])], systemLog: true as const, integrationHealth: {} }
      : s,
  );
  return { ...probe, servers };
}

async function integrationHealth(scenario: ScenarioName) {
  sim().scenario = scenario;
  sim().resetRateLimits();
  const probe = await withHookScopes();
  // No hookTlsTrust: nothing a newcomer's CLI would not have.
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
    checks: new Set(['integration-health']),
  });
  const check = report.checks.find((c) => c.server === ORG_SERVER_ID && c.check === 'integration-health');
  expect(check).toBeDefined();
  return check!;
}

describe("the simulator's hooks, read as a newcomer's CLI reads them", () => {
  it('judges the healthy org green with the hook lists read: each certificate valid, never "not trusted"', async () => {
    const check = await integrationHealth('healthy');
    expect(diagnosesOf(check).map((d) => `${d.code}: ${d.detail ?? ''}`)).toEqual([]);
    expect(check.status).toBe('pass');
    const items = (check.items ?? []).map((i) => `${i.status} ${i.item}`);
    expect(items).toContainEqual(
      expect.stringMatching(
        new RegExp(
          '^pass certificate of 127\\.0\\.0\\.1:\\d+: valid 29\\d more days, until [\\d-]+, ' +
            'the simulator\'s own certificate, signed by itself \\(token hook "Claims enricher"',
        ),
      ),
    );
    expect(items.join('\n')).not.toMatch(/not trusted|DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  it('tells the expiring certificate expiring, with its days, not expired nor untrusted', async () => {
    const check = await integrationHealth('integration-hook-cert-expiring');
    expect(diagnosesOf(check).map((d) => d.code)).toEqual(['INTEGRATION_HOOK_CERT_EXPIRING']);
    expect(diagnosesOf(check)[0]?.detail).toMatch(/the certificate of 127\.0\.0\.1:\d+ expires in [45] days/);
  });
});
