// `npm run bench:har`: what the HTTP traces cost. Against the simulator, through the probe's own engine, the same
// config run alternately without a recorder and with one (ProbeOptions.har), a healthy org and failing ones: the CPU
// of a run, the traces built and their bytes, the time to build them, and the heap the recorder and the traces hold,
// each read after a full collection (node --expose-gc) so that garbage not yet collected is never counted. Writes
// section x of BENCHMARKS.md.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../functions/config/parse';
import { resolveLocalCredentials } from '../../functions/credentials/local';
import { secretValues, userSecretValues } from '../../functions/credentials/secret-values';
import { resolveLocalUsers } from '../../functions/credentials/user-secrets';
import { harOf } from '../../functions/har/build';
import { HarCapture } from '../../functions/har/capture';
import { createMemoryCatalogueStore } from '../../functions/probe/kept-store';
import { runProbe } from '../../functions/probe/engine';
import { createMemoryStateStore } from '../../functions/probe/sign-in/store';
import type { ProbeConfig } from '../../functions/types';
import type { CheckName } from '../../functions/contract';
import { plannedChecks } from '../../functions/plan/checks';
import { writeSimulatorConfig } from '../../sim/config';
import type { ScenarioName } from '../../sim/scenarios';
import { startSimulator, type Simulator } from '../../sim/server';
import { HAR_HEADING, withSection } from './doc-section';
import { median } from './stats';
import { createMemoryCache } from '../../functions/cache/read-through';

const PAIRS = 12;

interface Sample {
  readonly cpuMs: number;
  readonly traces: number;
  readonly bytes: number;
  readonly buildMs: number;
  /** The heap the run's report (and, with one, its recorder) holds at its end, after a full collection, KB. */
  readonly runHeldKb: number;
  /** What the built traces hold on top of that, after a full collection, KB. */
  readonly tracesHeldKb: number;
}

/** A full collection: the heap read after it holds only what is still referenced. */
const collect: () => void = (() => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:har does): heap figures need it');
  return gc;
})();

/**
 * The heap still referenced, KB: read once the run's loose ends (sockets closing, timers) have settled, after two
 * collections (the first may leave what finalizers freed).
 */
async function heldKb(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  collect();
  collect();
  return process.memoryUsage().heapUsed / 1024;
}

async function runOnce(sim: Simulator, probe: ProbeConfig, record: boolean): Promise<Sample> {
  const credentials = resolveLocalCredentials(probe, {});
  const users = resolveLocalUsers(probe, {});
  const scrubbed: string[] = [];
  const capture = record ? new HarCapture() : undefined;
  sim.resetRateLimits();
  // Each run a TOTP step later, on the probe's clock and the simulated org's alike: the journeys never wait for a
  // fresh code (a real schedule runs a minute apart).
  sim.clockOffsetMs += 31_000;
  const offset = sim.clockOffsetMs;
  const base = await heldKb();
  const cpu = process.cpuUsage();
  const report = await runProbe(probe, {
    credentials,
    users,
    scrubbed,
    cache: createMemoryCache(),
    journeyState: createMemoryStateStore(),
    // As a one-off CLI run: a group keeps its catalogue here and checks every app, so each run traces the same.
    catalogueState: createMemoryCatalogueStore(),
    everySamlApp: true,
    now: () => Date.now() + offset,
    checks: withoutClock(probe),
    ...(capture !== undefined && { har: capture }),
  });
  const cpuOfRun = process.cpuUsage(cpu);
  const afterRun = await heldKb();
  const cpuOfBuild = process.cpuUsage();
  const building = performance.now();
  const secrets = [...secretValues(credentials), ...userSecretValues(users), ...scrubbed];
  const texts =
    capture === undefined
      ? []
      : report.checks.flatMap((c) => {
          const har = harOf(c, capture, secrets);
          return har === undefined ? [] : [JSON.stringify(har)];
        });
  const buildMs = performance.now() - building;
  const built = process.cpuUsage(cpuOfBuild);
  const afterBuild = await heldKb();
  // Read after the collections: what the report, the recorder and the texts hold is still referenced here.
  const held = { report: report.checks.length, capture, texts: texts.length };
  return {
    cpuMs: (cpuOfRun.user + cpuOfRun.system + built.user + built.system) / 1000,
    traces: held.texts,
    bytes: texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0),
    buildMs,
    runHeldKb: afterRun - base,
    tracesHeldKb: afterBuild - afterRun,
  };
}

/**
 * Every planned check but clock: the runs move the simulated org's clock a TOTP step apart, and clock judges Okta's
 * Date against this machine's own, which does not move.
 */
function withoutClock(probe: ProbeConfig): ReadonlySet<CheckName> {
  return new Set(
    plannedChecks(probe)
      .map((p) => p.check)
      .filter((check) => check !== 'clock'),
  );
}

async function pairs(sim: Simulator, probe: ProbeConfig): Promise<{ off: Sample[]; on: Sample[] }> {
  const off: Sample[] = [];
  const on: Sample[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which goes first, so neither always runs on a warmer process.
    if (i % 2 === 0) {
      off.push(await runOnce(sim, probe, false));
      on.push(await runOnce(sim, probe, true));
    } else {
      on.push(await runOnce(sim, probe, true));
      off.push(await runOnce(sim, probe, false));
    }
  }
  return { off, on };
}

const med = (samples: readonly Sample[], key: keyof Sample): number => median(samples.map((s) => s[key]));
const r1 = (n: number): string => (Math.round(n * 10) / 10).toString();

async function measure(scenario: ScenarioName): Promise<string> {
  const sim = await startSimulator({ scenario, port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-har-'));
  try {
    const loaded = loadConfigFile(await writeSimulatorConfig(sim, dir), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const probe = { ...loaded.config.probe, statusPageUrl: null };
    await runOnce(sim, probe, true); // warm-up: module loads and first signatures
    const { off, on } = await pairs(sim, probe);
    return (
      `| ${scenario} | ${r1(med(off, 'cpuMs'))} ms | ${r1(med(on, 'cpuMs'))} ms | ${med(on, 'traces')} | ` +
      `${r1(med(on, 'bytes') / 1024)} KB | ${r1(med(on, 'buildMs'))} ms | ` +
      `${r1(med(off, 'runHeldKb'))} KB | ${r1(med(on, 'runHeldKb') - med(off, 'runHeldKb'))} KB | ` +
      `${r1(med(on, 'tracesHeldKb'))} KB |`
    );
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = [];
  // A journey, a resource, one SAML app, and a group of 20 apps whose one failing app makes the group's trace hold
  // every app's exchanges.
  for (const scenario of [
    'healthy',
    'totp-rejected',
    'resource-scope',
    'saml-audience',
    'saml-catalogue-casb-override',
  ] as const)
    rows.push(await measure(scenario));
  const section = [
    HAR_HEADING,
    '',
    `\`npm run bench:har\` (scripts/bench/har.ts), ${new Date().toISOString().slice(0, 10)}, ` +
      `Node ${process.version}. The simulator's whole config (both servers with their resource, three journeys, a ` +
      "SAML app; every check but clock, as the runs move the org's clock a TOTP step apart), " +
      `${PAIRS} ` +
      "pairs per scenario run alternately without a recorder and with one, medians. The CPU is the run's and, with " +
      "the recorder, the traces' building too. Each heap figure is read after a full collection (node --expose-gc): " +
      "what the run's report holds at its end, what the recorder holds on top of it (the same run with one, less " +
      'without), and what the built traces hold on top of both until they are written.',
    '',
    '| Scenario | CPU of a run, no recorder | With the recorder, traces built | Traces | Their bytes | ' +
      "Building them | Heap the run holds | The recorder's | The traces' |",
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'A healthy run builds and writes nothing: the recorder keeps a reference per exchange until the run ends, and ' +
      'the CPU of the two columns differs by the noise between runs. A failing run pays for its traces only: each ' +
      "failed check's exchanges sanitized and searched once more for every secret of the run. That search, in every " +
      "encoding the scrubber knows, is most of the building time and grows with the trace's bytes: a group's trace " +
      "holds every app's exchanges, the failing app's and the 19 that passed.",
  ].join('\n');
  const file = join(import.meta.dirname, '../../BENCHMARKS.md');
  await writeFile(file, withSection(await readFile(file, 'utf8'), HAR_HEADING, section));
  process.stdout.write(`${section}\n`);
}

await main();
