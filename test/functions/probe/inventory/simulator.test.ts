// The inventory's fetch halves end to end against the simulator on loopback: every inventory scenario
// gives what it promises on its kind and nothing on the others, and a healthy inventory's requests are counted at
// the simulator (the BENCHMARKS.md figure).
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { INVENTORY, INVENTORY_KINDS, type CheckName, type InventoryKind } from '../../../../functions/contract';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { runProbe } from '../../../../functions/probe/engine';
import type { ServerContext } from '../../../../functions/probe/context';
import type { ProbeCache } from '../../../../functions/types';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import { send } from '../../../../functions/probe/http';
import { HOOK_DELIVERY_FILTER } from '../../../../functions/probe/inventory/event-hooks';
import { STREAM_DEACTIVATE_FILTER } from '../../../../functions/probe/inventory/log-streams';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import type { KeptStore } from '../../../../functions/kept-state';
import { KIND_READS } from '../../../../functions/probe/inventory/fetch';
import type { KindResult } from '../../../../functions/probe/okta/item';
import { InventorySession, kindsOf } from '../../../../functions/probe/inventory/session';
import { LogSession } from '../../../../functions/probe/okta/log-session';
import { writeSimulatorConfig } from '../../../../sim/config';
import { INVENTORY_SCENARIOS } from '../../../../sim/inventory-scenarios';
import type { ScenarioName } from '../../../../sim/scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-inventory-sim-');
afterEach(() => {
  sim().scenario = 'healthy';
});

/** One inventory of `scenario`, as the org server's config asks: every kind, the hooks' failures from the log. */
async function inventory(
  scenario: ScenarioName,
  kept: KeptStore = createMemoryKeptStore(),
  cache?: ProbeCache,
): Promise<{ kinds: Map<InventoryKind, KindResult>; requests: { method: string; path: string }[]; ms: number }> {
  sim().scenario = scenario;
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const { probe } = loaded.config;
  const server = probe.servers.find((s) => s.id === 'org')!;
  const ctx: ServerContext = {
    server,
    orgServer: true,
    endpoints: serverEndpoints(probe.orgUrl, 'org'),
    credential: resolveLocalCredentials(probe, {}).get('org'),
    exchange: (req) => send({ ...req, timeoutMs: probe.timeoutMs }),
    now: Date.now,
    kept,
    ...(cache !== undefined && { cache }),
  };
  const session = new InventorySession(ctx, probe);
  const log = new LogSession({ ...ctx, server: { ...server, scopes: [...server.scopes, 'okta.logs.read'] } });
  const now = Date.now();
  const hookDeliveries = () =>
    log.read({
      filter: HOOK_DELIVERY_FILTER,
      since: new Date(now - INVENTORY.hookLookbackMinutes * 60_000).toISOString(),
      until: new Date(now).toISOString(),
    });
  // Who deactivated a stream, read only by a server with "systemLog" (run.ts): the scenario's config says.
  const streamDeactivations =
    server.systemLog === true
      ? (since: string) => log.read({ filter: STREAM_DEACTIVATE_FILTER, since, until: new Date(now).toISOString() })
      : undefined;
  sim().resetRequests();
  const started = performance.now();
  const results = await Promise.all(
    kindsOf(server.scopes).map(
      async (kind) =>
        [
          kind,
          await KIND_READS[kind](session, {
            now,
            hookDeliveries,
            ...(streamDeactivations !== undefined && { streamDeactivations }),
          }),
        ] as const,
    ),
  );
  return {
    kinds: new Map(results),
    requests: sim().requests.map(({ method, path }) => ({ method, path })),
    ms: performance.now() - started,
  };
}

const codesOf = (result: KindResult | undefined): string[] =>
  result === undefined ? [] : 'unavailable' in result ? [result.unavailable.code] : result.findings.map((f) => f.code);

describe('the inventory against the simulator', () => {
  it.each(Object.keys(INVENTORY_SCENARIOS) as (keyof typeof INVENTORY_SCENARIOS)[])(
    '%s: reports what the scenario promises, on its kind only',
    async (name) => {
      // A scenario told by a second run: the first under the one it follows, remembering into the same store.
      const kept = createMemoryKeptStore();
      const after = (INVENTORY_SCENARIOS[name] as { after?: string }).after;
      if (after !== undefined) await inventory(after as ScenarioName, kept);
      const { kinds } = await inventory(name, kept);

      expect([...kinds.keys()].sort()).toEqual([...INVENTORY_KINDS].sort());
      const promised: readonly { check: string; code: string }[] = INVENTORY_SCENARIOS[name].expect;
      for (const kind of INVENTORY_KINDS) {
        expect(codesOf(kinds.get(kind)).sort(), `${name}: ${kind}`).toEqual(
          promised
            .filter((p) => p.check === kind)
            .map((p) => p.code)
            .sort(),
        );
      }
    },
  );

  it('names the item, how long, and the scope in the details a person reads', async () => {
    const tokens = (await inventory('api-token-owner-inactive')).kinds.get('api-tokens');
    expect(tokens).toMatchObject({
      findings: [
        {
          detail: expect.stringContaining(
            'token "hr-sync" (owner jane.doe@acme.example): the owner\'s status is DEPROVISIONED',
          ),
        },
      ],
    });
    const pool = (await inventory('agent-pool-down')).kinds.get('agent-pools');
    expect(pool).toMatchObject({
      findings: [
        {
          detail: expect.stringMatching(
            /AD agent pool "acme\.local" has no operational agent .*last agent connection was 9[45] minutes ago/,
          ),
        },
      ],
    });
    const hooks = (await inventory('inventory-scope-event-hooks')).kinds.get('event-hooks');
    expect(hooks).toMatchObject({ unavailable: { detail: expect.stringContaining('okta.eventHooks.read') } });
  });

  it(
    'reads a healthy org in a bounded number of requests: one token, one per list, one key store per SAML app, ' +
      'one owner',
    async () => {
      const { kinds, requests, ms } = await inventory('inventory-healthy');

      const paths = requests.map((r) => r.path).sort();
      expect(paths).toEqual(
        [
          '/api/v1/agentPools',
          '/api/v1/api-tokens',
          '/api/v1/apps',
          '/api/v1/apps/0oaaws000000000000x7/credentials/keys',
          '/api/v1/apps/0oasalesforce0000x7/credentials/keys',
          '/api/v1/eventHooks',
          '/api/v1/idps',
          '/api/v1/idps/credentials/keys',
          '/api/v1/logStreams',
          // The hooks' failed deliveries of the last hour: with "systemLog", through the run's log session (its token
          // is the system-log check's in a real run; this test's session asks its own).
          '/api/v1/logs',
          '/api/v1/users/00usvcokta000000x7',
          '/oauth2/v1/token',
          '/oauth2/v1/token',
        ].sort(),
      );
      expect(kinds.get('app-certificates')).toMatchObject({ observed: { apps: 2, soonestDays: expect.any(Number) } });
      // For BENCHMARKS.md: the requests and the wall time of one healthy inventory on loopback.
      console.info(`inventory-healthy: ${requests.length} requests, ${Math.round(ms)} ms`);
    },
  );

  it('follows Link rel="next" through pages of 200 apps and reads at most inventoryMaxApps key stores', async () => {
    const { requests, kinds } = await inventory('inventory-throttled');
    // 253 active apps: two pages of 200, the second through Okta's next link.
    expect(requests.filter((r) => r.path === '/api/v1/apps')).toHaveLength(2);
    expect(kinds.get('app-certificates')).toMatchObject({
      findings: [
        {
          code: 'INVENTORY_THROTTLED',
          detail: expect.stringContaining('/api/v1/apps/{id}/credentials/keys bucket had 240 of 600 left'),
        },
      ],
    });
    expect(requests.filter((r) => r.path.startsWith('/api/v1/apps/')).length).toBeLessThanOrEqual(
      INVENTORY.concurrency,
    );
  });
  it("a warm probe reads each app's key store once: its expiry kept by kid, the verdict the same", async () => {
    const cache = createMemoryCache();
    const keyStores = (requests: { path: string }[]): number =>
      requests.filter((r) => /^\/api\/v1\/apps\/[^/]+\/credentials\/keys$/.test(r.path)).length;
    const first = await inventory('inventory-healthy', createMemoryKeptStore(), cache);
    const second = await inventory('inventory-healthy', createMemoryKeptStore(), cache);
    expect(keyStores(first.requests)).toBeGreaterThan(0);
    expect(keyStores(second.requests)).toBe(0);
    // The days left are reckoned at each run's time: only what was read is compared.
    expect(second.kinds.get('app-certificates')).toMatchObject({ findings: [], observed: { apps: 2, unread: 0 } });
    expect(first.kinds.get('app-certificates')).toMatchObject({ findings: [], observed: { apps: 2, unread: 0 } });
  });

  it("reads a discovered SAML group's apps' key stores as Okta serves them: the org's certificates pass", async () => {
    sim().catalogue = { apps: 2 };
    try {
      const { kinds } = await inventory('inventory-healthy');
      expect(codesOf(kinds.get('app-certificates'))).toEqual([]);
      expect(kinds.get('app-certificates')).toMatchObject({ observed: { apps: 4, unread: 0 } });
    } finally {
      sim().catalogue = undefined;
    }
  });
});

describe('the inventory in a probe run', () => {
  async function run(scenario: ScenarioName, cache = createMemoryCache(), checks?: ReadonlySet<CheckName>) {
    sim().scenario = scenario;
    const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const probe = { ...loaded.config.probe, signIn: [] };
    sim().resetRequests();
    const report = await runProbe(probe, {
      credentials: resolveLocalCredentials(probe, {}),
      cache,
      ...(checks !== undefined && { checks }),
    });
    const inventoryRequests = sim().requests.filter(
      // The access assertions' simulation is asked every run, whatever the inventory's cadence.
      (r) => r.path !== '/api/v1/users' && /^\/api\/v1\/(?!logs|policies\/simulate)/.test(r.path),
    ).length;
    return { report, inventoryRequests };
  }

  it(
    'judges each kind as a check of the org server, publishes one gauge per kind without per-item dimensions, ' +
      'and fails nothing when healthy',
    async () => {
      const { report } = await run('inventory-healthy');

      const kinds = report.checks.filter(
        (c) => c.server === 'org' && (INVENTORY_KINDS as readonly string[]).includes(c.check),
      );
      expect(kinds.map((c) => [c.check, c.status])).toEqual(INVENTORY_KINDS.map((k) => [k, 'pass']));
      expect(report.checks.filter((c) => c.status === 'fail' || c.status === 'skip')).toEqual([]);
      const gauges = report.metrics.filter((m) =>
        [
          'ApiTokenDaysToExpiry',
          'AppCertificateDaysToExpiry',
          'IdpCertificateDaysToExpiry',
          'UnhealthyLogStreams',
          'FailingEventHooks',
          'UnhealthyAgentPools',
          'AgentPoolsDown',
        ].includes(m.name),
      );
      expect(gauges.map((m) => m.name).sort()).toEqual([
        'AgentPoolsDown',
        'ApiTokenDaysToExpiry',
        'AppCertificateDaysToExpiry',
        'FailingEventHooks',
        'IdpCertificateDaysToExpiry',
        'UnhealthyAgentPools',
        'UnhealthyLogStreams',
      ]);
      for (const gauge of gauges) expect(gauge.dimensions).toEqual({ Server: 'org' });
    },
  );

  it(
    'reads the inventory once per inventoryEveryMinutes: ' + 'the runs in between repeat it without a request',
    async () => {
      const cache = createMemoryCache();
      const first = await run('agent-pool-down', cache);
      const second = await run('agent-pool-down', cache);

      expect(first.inventoryRequests).toBeGreaterThan(5);
      expect(second.inventoryRequests).toBe(0);
      for (const { report } of [first, second])
        expect(report.checks.find((c) => c.check === 'agent-pools')?.diagnosis?.code).toBe('AGENT_POOL_DOWN');
    },
  );

  it('a scope not granted warns on its kind alone: the token check and the other kinds pass', async () => {
    const { report } = await run('inventory-scope-idps');

    expect(
      report.checks
        .filter((c) => c.status !== 'pass' && c.status !== 'n/a')
        .map((c) => `${c.server}/${c.check} ${c.diagnosis?.code ?? c.status}`),
    ).toEqual(['org/idp-certificates INVENTORY_SCOPE_NOT_GRANTED']);
  });

  it.each(INVENTORY_KINDS.map((kind) => [kind]))(
    "run --check %s runs the inventory and that kind, and sends only the inventory's requests",
    async (kind) => {
      const warned: string[] = [];
      const onWarning = (warning: Error): void => void warned.push(warning.name);
      process.on('warning', onWarning);
      const { report } = await run('inventory-healthy', createMemoryCache(), new Set([kind])).finally(() =>
        process.off('warning', onWarning),
      );
      // Two checks planned, more requests than that in flight: the run's deadline signal is no leak.
      expect(warned).not.toContain('MaxListenersExceededWarning');

      expect(report.checks.map((c) => `${c.server}/${c.check}`).sort()).toEqual(
        ['org/inventory', `org/${kind}`].sort(),
      );
      expect(sim().requests.filter((r) => !r.path.startsWith('/api/v1/') && r.path !== '/oauth2/v1/token')).toEqual([]);
    },
  );
});
