// (l) What the org inventory costs: the requests a healthy inventory sends, counted at the simulator;
// the latency it adds to a run when it is due (every inventoryEveryMinutes) and when it is not (the runs in
// between repeat the last read); and the dollars it adds to the example config's bill. Warm runs (one cache and
// keep-alive pool per series), interleaved, against the simulator on 127.0.0.1.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INVENTORY_SCOPES, ORG_SERVER_ID } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import type { ConfigFileJson } from '../../functions/config/schema';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../functions/credentials/local';
import { estimateCost, type RunProfile } from '../../functions/cost/estimate';
import { runProbe } from '../../functions/probe/engine';
import { createDispatcher } from '../../functions/probe/http';
import { LAST_KEY } from '../../functions/probe/inventory/run';
import type { ProbeConfig } from '../../functions/types';
import { writeSimulatorConfig } from '../../sim/config';
import { startSimulator } from '../../sim/server';
import { median } from './stats';
import { createMemoryCache } from '../../functions/cache/read-through';

export interface InventorySeries {
  readonly name: string;
  readonly durationsMs: readonly number[];
  /** Requests the run sent to the Management API (/api/v1/..., the System Log's included), the most of any run. */
  readonly apiRequests: number;
  /** All requests the run sent to the simulator, the most of any run. */
  readonly allRequests: number;
  /** Runs whose checks did not all pass (expected 0: the org is healthy). */
  readonly unhealthy: number;
}

export interface InventoryBench {
  readonly latencyMs: number;
  readonly runs: number;
  readonly series: readonly InventorySeries[];
}

interface Case {
  readonly name: string;
  readonly inventory: boolean;
  readonly systemLog: boolean;
  /** The inventory is due every run (its last read forgotten before each), or read once and then repeated. */
  readonly due: boolean;
}

const CASES: readonly Case[] = [
  { name: 'without inventory', inventory: false, systemLog: false, due: false },
  { name: 'inventory due', inventory: true, systemLog: false, due: true },
  { name: 'inventory not due (the runs in between)', inventory: true, systemLog: false, due: false },
  { name: 'systemLog, without inventory', inventory: false, systemLog: true, due: false },
  { name: "systemLog, inventory due (hooks' deliveries read)", inventory: true, systemLog: true, due: true },
];

/** The org server of the simulator's config as a case wants it: the six scopes and "inventory", "systemLog". */
function orgServer(json: ConfigFileJson, c: Case): ConfigFileJson {
  const servers = json.servers.map((s) => {
    if (s.id !== ORG_SERVER_ID) return s;
    const scopes = [
      ...s.scopes,
      ...(c.inventory ? Object.values(INVENTORY_SCOPES) : []),
      ...(c.systemLog ? ['okta.logs.read'] : []),
    ];
    return { ...s, scopes: [...new Set(scopes)], inventory: c.inventory, systemLog: c.systemLog };
  });
  return { ...json, servers };
}

export async function benchInventory(latencyMs: number, runs: number): Promise<InventoryBench> {
  const sim = await startSimulator({ latencyMs, scenario: 'inventory-healthy' });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-inventory-'));
  try {
    const configs = new Map<string, ProbeConfig>();
    for (const c of CASES) {
      const path = await writeSimulatorConfig(sim, dir);
      const json = JSON.parse(await readFile(path, 'utf8')) as ConfigFileJson;
      await writeFile(path, JSON.stringify(orgServer(json, c)));
      const loaded = loadConfigFile(path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
      if (!loaded.ok) throw new Error(`simulator config rejected: ${loaded.errors.join('; ')}`);
      // The servers alone: the journeys are section k's.
      configs.set(c.name, { ...loaded.config.probe, signIn: [], samlApps: [] });
    }
    const state = CASES.map((c) => ({
      ...c,
      cache: createMemoryCache(),
      dispatcher: createDispatcher(),
      durationsMs: [] as number[],
      apiRequests: 0,
      allRequests: 0,
      unhealthy: 0,
    }));
    // One run each to warm caches (tokens, keys, the apps' key expiries) and pools, then interleaved series.
    for (let round = -1; round < runs; round++) {
      for (const s of state) {
        const probe = configs.get(s.name)!;
        if (s.due) s.cache.delete(LAST_KEY);
        sim.resetRequests();
        const report = await runProbe(probe, {
          credentials: resolveLocalCredentials(probe, {}),
          cache: s.cache,
          dispatcher: s.dispatcher,
        });
        if (round < 0) continue;
        s.durationsMs.push(report.durationMs);
        s.apiRequests = Math.max(s.apiRequests, sim.requests.filter((r) => r.path.startsWith('/api/v1/')).length);
        s.allRequests = Math.max(s.allRequests, sim.requests.length);
        if (report.checks.some((check) => check.status === 'fail' || check.status === 'skip')) s.unhealthy += 1;
      }
    }
    await Promise.all(state.map((s) => s.dispatcher.close()));
    return {
      latencyMs,
      runs,
      series: state.map(({ name, durationsMs, apiRequests, allRequests, unhealthy }) => ({
        name,
        durationsMs,
        apiRequests,
        allRequests,
        unhealthy,
      })),
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export interface InventoryCost {
  readonly without: number;
  readonly with: number;
}

/** The example config's monthly estimate with the org server's inventory off (as shipped) and on. */
export async function inventoryCost(examplePath: string, profile: RunProfile): Promise<InventoryCost> {
  const json = JSON.parse(await readFile(examplePath, 'utf8')) as ConfigFileJson;
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-inventory-cost-'));
  try {
    const total = async (inventory: boolean): Promise<number> => {
      const path = join(dir, `example-${inventory}.json`);
      await writeFile(
        path,
        JSON.stringify(
          orgServer(json, {
            name: '',
            inventory,
            systemLog: json.servers.some((s) => s.id === ORG_SERVER_ID && s.systemLog === true),
            due: false,
          }),
        ),
      );
      const loaded = loadConfigFile(path, 'deploy', {});
      if (!loaded.ok) throw new Error(`example config with inventory ${inventory}: ${loaded.errors.join('; ')}`);
      return estimateCost(loaded.config, profile).total;
    };
    return { without: await total(false), with: await total(true) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const dollars = (n: number): string => `$${n.toFixed(2)}`;

/** The BENCHMARKS.md section. */
export function inventorySection(b: InventoryBench, cost: InventoryCost): string[] {
  const find = (name: string): InventorySeries | undefined => b.series.find((s) => s.name === name);
  const med = (name: string): number => median(find(name)?.durationsMs ?? []);
  const delta = (a: string, base: string): string => `${Math.round(med(a) - med(base))} ms`;
  const due = find('inventory due');
  const dueLog = find("systemLog, inventory due (hooks' deliveries read)");
  const base = find('without inventory');
  return [
    '## l. The org inventory',
    '',
    `A healthy org (two API tokens, two SAML apps and an OIDC app, a partner IdP, a log stream, an event ` +
      `hook, an AD pool of two agents), every kind read; ` +
      (`warm runs of the servers' checks (one cache and keep-alive pool per series), ${b.runs} per series, ` +
        `interleaved; simulator latency ${b.latencyMs} ms before every answer. `) +
      ('"Due" forgets the last read before each run, as every `inventoryEveryMinutes` (60); "not due" is each ' +
        'run in between, which repeats the last read. ') +
      ("A due inventory asks a token of its own (its scopes); the apps' key expiries stay cached a day, as in " +
        'a warm Lambda, so the key stores are read on the warm-up run only.'),
    '',
    '| series | median | /api/v1 requests | all requests | runs not all passing |',
    '|---|---|---|---|---|',
    ...b.series.map(
      (s) =>
        `| ${s.name} | ${Math.round(median(s.durationsMs))} ms | ${s.apiRequests} | ${s.allRequests} | ${s.unhealthy} ` +
        `|`,
    ),
    '',
    `A due inventory sends ${due === undefined || base === undefined ? '?' : due.allRequests - base.allRequests} ` +
      `requests more than a run without it ` +
      (`(${dueLog === undefined ? '?' : dueLog.apiRequests} to /api/v1 with systemLog, the hooks' deliveries ` +
        `read through a System Log session of the inventory's own) and adds `) +
      (`${delta('inventory due', 'without inventory')} to the run (its kinds are read together, beside the ` +
        `checks; with systemLog `) +
      (`${delta("systemLog, inventory due (hooks' deliveries read)", 'systemLog, without inventory')}, the ` +
        `hooks' deliveries read after that session's own okta.logs.read token); the runs in between add `) +
      `${delta('inventory not due (the runs in between)', 'without inventory')} and send nothing more.`,
    '',
    `Cost: the example config (okta-synthetics.example.json, the same profile as section f) with ` +
      `\`"inventory": true\` on its org server and the six scopes: ` +
      (`${dollars(cost.without)} -> ${dollars(cost.with)} a month (+${dollars(cost.with - cost.without)}: the ` +
        `kinds' gauges and their alarms; `) +
      'no per-item dimension, so the bill does not grow with the org).',
    '',
  ];
}
