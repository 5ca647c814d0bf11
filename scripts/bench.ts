// `npm run bench`: the performance and cost numbers of okta-synthetics, measured on this machine against
// the built-in simulator on 127.0.0.1 (never another address), printed and written to BENCHMARKS.md.
// Medians of several runs; about three minutes on 2 cores. Rerun to reproduce.
import { reportSection } from './bench/report';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_LOG_MESSAGE, type RunLogLine } from '../functions/contract';
import { loadConfigFile } from '../functions/config/parse';
import { BENCHMARKED_PROFILE } from '../functions/cli/cost';
import { costSection, exampleEstimate } from './bench/cost-section';
import { estimateCost, type RunProfile } from '../functions/cost/estimate';
import { build } from 'esbuild';
import { benchBundle, bundleSection, lambdaBuildOptions, type BundleBench } from './bench/bundle';
import {
  benchFirstCycle,
  firstCycleSection,
  type FirstCycleBench,
  type FirstInvocationBench,
} from './bench/first-cycle';
import { benchFirstInvocation } from './bench/first-invocation';
import { benchCycles, type CycleBench, type CycleSample } from './bench/cycles';
import { benchSignIn, signInSection } from './bench/sign-in';

/** Journeys of each flow measured for section h. */
const SIGN_IN_RUNS = 10;
import {
  benchProcess,
  memoryPlans,
  memorySection,
  PUT_METRIC_DATA_MS,
  recommendation,
  type MemoryPlan,
  type ProcessSample,
} from './bench/memory';
import { benchSystemLog, systemLogSection } from './bench/system-log';
import { benchInventory, inventoryCost, inventorySection } from './bench/inventory';
import { benchUnitLoop, unitLoopSection } from './bench/unit-loop';
import { benchSaml, samlSection } from './bench/saml';
import { median, ms, p90, pass, round } from './bench/stats';
import {
  COLD_START_HEADING,
  MEMORY_HEADING,
  MEMORY_HELD_HEADING,
  FAULTS_HEADING,
  HOSTILE_SAML_HEADING,
  QUORUM_DEPLOY_HEADING,
  QUORUM_PARTIAL_HEADING,
  QUORUM_HEADING,
  SAML_CATALOGUE_HEADING,
  sectionOf,
  SUITE_HEADING,
  withEverySection,
  USER_PACE_HEADING,
  HAR_HEADING,
  USER_SIGN_INS_HEADING,
  SIGN_IN_STREAM_HEADING,
  ORG_VOLUME_HEADING,
  BROWSER_HEADING,
  PASSKEY_HEADING,
  CLI_CYCLE_HEADING,
  CLI_DOUBLE_HEADING,
  WORST_CASE_HEADING,
} from './bench/doc-section';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Injected before every simulator answer: a plausible Okta round trip from another continent. */
const LATENCY_MS = 150;
/** Cycles per cold/warm series. */
const CYCLES = 15;
/** Fresh processes for module load and memory. */
const PROCESSES = 12;
const MEMORY_PROCESSES = 7;
/** Goals. */
const GOALS = {
  cycleOverFloor: 1.5,
  latencyOverMs: 25,
} as const;
/** A /token bucket's limit used for the share figure (per minute; each server's /token is a bucket of its own). */
const ORG_BUCKET_PER_MINUTE = 600;
/** Per-client /authorize bucket (per minute, per client id + IP). */
const AUTHORIZE_BUCKET_PER_MINUTE = 60;
/** Lambda's START, END and REPORT lines of one invocation, bytes (typical lengths). */
const PLATFORM_LOG_BYTES = 330;

function cycleSection(c: CycleBench): string[] {
  const floor = 2 * c.latencyMs;
  const goal = GOALS.cycleOverFloor * floor;
  const row = (name: string, samples: readonly CycleSample[]): string => {
    const d = samples.map((s) => s.durationMs);
    const serial = samples.map((s) => s.serialSumMs);
    return (
      `| ${name} | ${samples.length} | ${ms(median(d))} | ${ms(p90(d))} | ${round(median(d) / floor, 2)}x | ${ms(median(serial))} ` +
      `| ${samples.every((s) => s.allPassed) ? 'yes' : 'NO'} |`
    );
  };
  const warmMedian = median(c.warm.map((s) => s.durationMs));
  const coldMedian = median(c.cold.map((s) => s.durationMs));
  return [
    '## a. Cycle time against the network floor',
    '',
    `One full cycle (Org AS + custom AS "default", both with authorize, + the status feed: ${c.firstInProcess.checks.length} ` +
      `timed checks) via \`runProbe\`, ` +
      (`simulator latency ${c.latencyMs} ms before every answer. Floor = 2 dependent round trips (token, then ` +
        `introspect) = ${ms(floor)}; goal <= ${GOALS.cycleOverFloor} x floor = ${ms(goal)}. `) +
      ("Cold = fresh cache and fresh connections every cycle (a Lambda cold start's cycle, minus process " +
        'start); warm = one cache and one keep-alive pool across cycles. ') +
      '"Serial sum" adds every timed check\'s latency: what one request at a time would take.',
    '',
    '| series | cycles | median | p90 | median / floor | serial sum (median) | all checks passed |',
    '|---|---|---|---|---|---|---|',
    `| first cycle in the process (JIT, key import) | 1 | ${ms(c.firstInProcess.durationMs)} | | ${round(c.firstInProcess.durationMs / floor, 2)}x ` +
      `| ${ms(c.firstInProcess.serialSumMs)} | ${c.firstInProcess.allPassed ? 'yes' : 'NO'} |`,
    row('cold', c.cold),
    row('warm', c.warm),
    '',
    `Goal (<= ${ms(goal)}): cold ${pass(coldMedian <= goal)} (${ms(coldMedian)}), warm ${pass(warmMedian <= goal)} ` +
      `(${ms(warmMedian)}).`,
    '',
  ];
}

/** Section a's goal seen from a fresh process and from Lambda's CPU share (numbers from section e). */
function cycleInContext(c: CycleBench, p: readonly ProcessSample[], plans: readonly MemoryPlan[]): string[] {
  const goal = GOALS.cycleOverFloor * 2 * c.latencyMs;
  const fresh = median(p.map((s) => s.coldMs));
  const at256 = plans.find((m) => m.mb === 256);
  return [
    `In a fresh process (section e, the real cold start minus Lambda's init) the first cycle takes ${ms(fresh)}: ` +
      `goal ${pass(fresh <= goal)}. ` +
      (at256 === undefined
        ? ''
        : `On Lambda at 256 MB the CPU share stretches a warm run to about ${ms(at256.warmMs - PUT_METRIC_DATA_MS)} ` +
          `before publishing (an upper bound, section e): ` +
          `goal ${pass(at256.warmMs - PUT_METRIC_DATA_MS <= goal)} there${
            at256.warmMs - PUT_METRIC_DATA_MS <= goal
              ? ''
              : '; 512 MB or hiding CPU behind the ' + 'network waits would close it'
          }.`),
    '',
  ];
}

function requestSection(c: CycleBench): string[] {
  const coldReq = median(c.cold.map((s) => s.requests));
  const warmReq = median(c.warm.map((s) => s.requests));
  const bucket = median(c.warm.map((s) => s.bucketRequests));
  const authorize = median(c.warm.map((s) => s.authorizeRequests));
  // One request a timed check, cold: the cache saves discovery and the keys when warm, and a check added to the
  // cycle (the resource check) brings its own request, not a regression.
  const goalReq = c.firstInProcess.checks.length;
  return [
    '## b. Okta requests per cycle',
    '',
    'Counted at the simulator (`sim.requests`), every request of the cycle.',
    '',
    '| series | requests (median) | min | max | /token + /introspect | /authorize |',
    '|---|---|---|---|---|---|',
    ...(['cold', 'warm'] as const).map((name) => {
      const s = c[name];
      const r = s.map((x) => x.requests);
      return (
        `| ${name} | ${median(r)} | ${Math.min(...r)} | ${Math.max(...r)} | ${median(s.map((x) => x.bucketRequests))} ` +
        `| ${median(s.map((x) => x.authorizeRequests))} |`
      );
    }),
    '',
    `Goal (<= one a timed check, ${goalReq} cold): ${pass(coldReq <= goalReq)} (${coldReq} cold, ${warmReq} ` +
      `warm: discovery and JWKS come from the cache).`,
    '',
    `Rate-limit budget at one cycle a minute: ${bucket} /token + /introspect calls a minute = ${round((100 * bucket) / ORG_BUCKET_PER_MINUTE, 2)} ` +
      `% of one ${ORG_BUCKET_PER_MINUTE}/min bucket ` +
      (`if they all counted in one; in fact /oauth2/v1/token, each /oauth2/{id}/v1/token and each server's ` +
        `other /oauth2 endpoints are separate buckets; ${authorize} /authorize calls a minute, ${round((100 * authorize) / AUTHORIZE_BUCKET_PER_MINUTE, 1)} ` +
        `% of the ${AUTHORIZE_BUCKET_PER_MINUTE}/min per-client bucket `) +
      'when both servers share one web client, as the simulator config does. Discovery and /keys are not rate-limited.',
    '',
  ];
}

function accuracySection(c: CycleBench): string[] {
  const names = c.firstInProcess.checks.map((x) => x.name);
  const over = (
    samples: readonly CycleSample[],
    name: string,
    pick: (x: CycleSample['checks'][number]) => number | undefined,
  ): number[] =>
    samples
      .flatMap((s) => s.checks.filter((x) => x.name === name).map(pick))
      .filter((v): v is number => v !== undefined);
  const rows = names.map((name) => {
    const coldOver = over(c.cold, name, (x) => x.latencyMs - c.latencyMs);
    const warmOver = over(c.warm, name, (x) => x.latencyMs - c.latencyMs);
    const connect = over(c.cold, name, (x) => x.connect);
    const ttfb = over(c.warm, name, (x) => x.ttfb);
    return { name, coldOver, warmOver, connect, ttfb };
  });
  // Discovery and keys come from the cache in warm cycles: no exchange, nothing to compare.
  const worst = (values: number[]): number => Math.max(...values.filter(Number.isFinite));
  const worstWarm = worst(rows.map((r) => median(r.warmOver)));
  const worstCold = worst(rows.map((r) => median(r.coldOver)));
  const cell = (values: number[]): string =>
    values.length > 0 ? `${ms(median(values))} / ${ms(p90(values))}` : 'cached';
  return [
    '## c. Latency accuracy',
    '',
    `Each timed check's reported \`latencyMs\` minus the injected ${c.latencyMs} ms (the check's own ` +
      `exchange; on the loopback the rest is our overhead). ` +
      "Connect (cold cycles: a new connection) and TTFB (warm cycles) from the report's `timings`.",
    '',
    '| check | over, cold (median / p90) | over, warm (median / p90) | connect, cold (median) | TTFB, warm (median) |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${cell(r.coldOver)} | ${cell(r.warmOver)} | ` +
        `${r.connect.length > 0 ? ms(median(r.connect)) : 'n/a'} | ${r.ttfb.length > 0 ? ms(median(r.ttfb)) : 'n/a'} |`,
    ),
    '',
    `Goal (within ${GOALS.latencyOverMs} ms above, per check median): warm ${pass(worstWarm <= GOALS.latencyOverMs)} ` +
      `(worst ${ms(worstWarm)}), ` +
      (`cold ${pass(worstCold <= GOALS.latencyOverMs)} (worst ${ms(worstCold)}; includes the new connection, ` +
        `reported apart as connect).`),
    '',
  ];
}

function healthyLogLineBytes(c: CycleBench): number {
  // The handler's one JSON line for a healthy run (functions/lambda/probe.ts logReport): no failures.
  const line: RunLogLine = {
    level: 'INFO',
    message: RUN_LOG_MESSAGE,
    startedAt: new Date().toISOString(),
    durationMs: Math.round(median(c.warm.map((s) => s.durationMs))),
    orgUrl: 'https://acme.okta.com',
    passed: 16,
    failed: 0,
    skipped: 0,
    failures: [],
    metrics: { published: 30, emf: 0 },
  };
  return JSON.stringify(line).length + 1;
}

/** Fresh CLI processes for the first-cycle series (each a real cold start of the CLI). */
const FIRST_CYCLE_RUNS = 15;

/** What the series run against the cycles bench's simulator measured. */
interface SimulatorBench {
  readonly cycles: CycleBench;
  readonly processes: ProcessSample[];
  readonly bundle: BundleBench;
  readonly firstCycle: FirstCycleBench;
  readonly firstCycleCold: FirstCycleBench;
  readonly firstInvocation: FirstInvocationBench;
}

/**
 * The series that share the simulator the cycles bench starts: it must stay up until the first invocation has run
 * against it, and be stopped even when a series fails.
 */
async function benchWithSimulator(out: string, log: (text: string) => void): Promise<SimulatorBench> {
  log(`cycles: simulator at ${LATENCY_MS} ms, ${CYCLES} cold + ${CYCLES} warm`);
  const { result: cycles, sim, cleanup } = await benchCycles(LATENCY_MS, CYCLES);
  try {
    log(`bundle: esbuild + ${PROCESSES} module loads (x2)`);
    const bundle = await benchBundle(out, PROCESSES);
    log(`memory: ${MEMORY_PROCESSES} fresh processes`);
    // Memory is measured on the whole probe in one file, every AWS client loaded: the split asset loads its clients
    // with their first call, which these processes, running the engine against the simulator, never make.
    const oneFile = join(out, 'one-file', 'index.mjs');
    await build(lambdaBuildOptions(join(root, 'functions/lambda/probe.ts'), oneFile));
    const processes = await benchProcess(root, out, oneFile, cycles.configPath, MEMORY_PROCESSES);
    log(`first cycle: ${FIRST_CYCLE_RUNS} fresh CLI processes`);
    const firstCycle = await benchFirstCycle(root, cycles.configPath, LATENCY_MS, FIRST_CYCLE_RUNS);
    log(`first cycle without the warm-up: ${FIRST_CYCLE_RUNS} fresh CLI processes`);
    const firstCycleCold = await benchFirstCycle(root, cycles.configPath, LATENCY_MS, FIRST_CYCLE_RUNS, false);
    log(`first invocation: ${FIRST_CYCLE_RUNS} fresh Lambda handler processes`);
    const firstInvocation = await benchFirstInvocation(bundle.file, sim, LATENCY_MS, FIRST_CYCLE_RUNS);
    return { cycles, processes, bundle, firstCycle, firstCycleCold, firstInvocation };
  } finally {
    await cleanup();
  }
}

/** The example config's cost with this run's profile, and whether the cost command's defaults still match it. */
interface ExampleCost {
  readonly profile: RunProfile;
  readonly estimate: ReturnType<typeof estimateCost>;
  readonly drift: string;
}

/**
 * The cost from the 256 MB warm run measured here: the cost command's defaults were taken from a run like this one,
 * so the section says when they have drifted from it.
 */
function exampleCost(cycles: CycleBench, plans: readonly MemoryPlan[]): ExampleCost {
  const chosenPlan = plans.find((m) => m.mb === 256) ?? plans[0];
  const example = loadConfigFile(join(root, 'okta-synthetics.example.json'), 'deploy', {});
  if (!example.ok) throw new Error(`okta-synthetics.example.json: ${example.errors.join('; ')}`);
  const profile: RunProfile = {
    ...BENCHMARKED_PROFILE,
    durationMs: Math.ceil(chosenPlan?.warmMs ?? NaN),
    logBytesPerRun: healthyLogLineBytes(cycles) + PLATFORM_LOG_BYTES,
  };
  const estimate = estimateCost(example.config, profile);
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 0.15 * b;
  const drift =
    !near(BENCHMARKED_PROFILE.durationMs, profile.durationMs) ||
    !near(BENCHMARKED_PROFILE.logBytesPerRun, profile.logBytesPerRun)
      ? `Note: the cost command's defaults (functions/cli/cost.ts BENCHMARKED_PROFILE: ${BENCHMARKED_PROFILE.durationMs} ` +
        `ms, ${BENCHMARKED_PROFILE.logBytesPerRun} log bytes) differ from this run's; update them to ${profile.durationMs} ` +
        `ms and ${profile.logBytesPerRun} bytes.`
      : `The cost command's defaults (functions/cli/cost.ts BENCHMARKED_PROFILE: ${BENCHMARKED_PROFILE.durationMs} ` +
        `ms, ${BENCHMARKED_PROFILE.logBytesPerRun} log bytes) are within 15 % of this run's.`;
  return { profile, estimate, drift };
}

/** When, how long and on what machine: absolute times mean little without them. */
function docHeader(started: number, cpu: string): string[] {
  return [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (scripts/bench.ts) in ${round((performance.now() - started) / 1000)} ` +
      `s. ` +
      ('Rerun it to reproduce: every number below is recomputed and this file rewritten, except section e2 and ' +
        "section e's recommendation (`npm run bench:memory-held`), sections h " +
        '(`npm run bench:worst-case`), n (`npm run bench:suite`), p (`npm run bench:saml`), q (`npm run ' +
        'bench:cold-start`), r (`npm run bench:saml-attacks`), s (`npm run bench:faults`), t (`npm run ' +
        'bench:quorum`), u (`npm run bench:user-pace`), v (`npm run bench:quorum-deploy`), w (`npm run ' +
        'bench:quorum-partial`; its stall table `npm run bench:quorum-stall`), x (`npm run bench:har`), y (`npm run ' +
        'bench:user-sign-ins`), ab (`npm run ' +
        'bench:cli-cycle`), ac (`npm run bench:org-volume`) and ag (`npm run bench:cli-double`). Section m is ' +
        'also rerun alone by `npm run ' +
        'bench:unit-loop`, to time the lane on a quiet machine. Traffic goes only to the simulator on 127.0.0.1.'),
    '',
    `Machine: ${platform()} ${release()}, ${cpu}, ${cpus().length} cores, ${round(totalmem() / 1024 ** 3, 1)} ` +
      `GB, Node ${process.version} ` +
      '(Lambda runs Node 24 on arm64 Graviton: absolute times there differ, the ratios hold).',
    '',
  ];
}

type KeptSection =
  | 'memoryHeld'
  | 'memoryAdvice'
  | 'worstCase'
  | 'suite'
  | 'samlCatalogue'
  | 'coldStart'
  | 'hostileSaml'
  | 'faults'
  | 'quorum'
  | 'userPace'
  | 'quorumDeploy'
  | 'quorumPartial'
  | 'har'
  | 'signIns'
  | 'signInStream'
  | 'passkey'
  | 'cliCycle'
  | 'cliDouble'
  | 'orgVolume'
  | 'browser';

/**
 * The sections other bench scripts write, as BENCHMARKS.md holds them now: each takes minutes, root or half an hour
 * to measure, so this bench keeps them as they were measured instead of running them again.
 */
function keptSections(previous: string): Readonly<Record<KeptSection, string | undefined>> {
  return {
    // Section e2 and section e's recommendation are `npm run bench:memory-held`'s (held quorum runs, 13 minutes).
    memoryHeld: sectionOf(previous, MEMORY_HELD_HEADING),
    memoryAdvice: sectionOf(previous, MEMORY_HEADING)
      ?.split('\n')
      .find((line) => line.startsWith('**Recommendation:') && line.includes('probe-memory.ts')),
    // Section h is `npm run bench:worst-case`'s (root, the CPU limit, two minutes).
    worstCase: sectionOf(previous, WORST_CASE_HEADING),
    // Section n is `npm run bench:suite`'s (the quick lane and the whole suite, minutes).
    suite: sectionOf(previous, SUITE_HEADING),
    // Section p is `npm run bench:saml`'s (three sizes of a SAML catalogue, a few minutes).
    samlCatalogue: sectionOf(previous, SAML_CATALOGUE_HEADING),
    // Section q is `npm run bench:cold-start`'s (the cold start beside the floor, alternating).
    coldStart: sectionOf(previous, COLD_START_HEADING),
    // Section r is `npm run bench:saml-attacks`'s (CPU per hostile SAML answer).
    hostileSaml: sectionOf(previous, HOSTILE_SAML_HEADING),
    // Section s is `npm run bench:faults`'s (simulated days under faults).
    faults: sectionOf(previous, FAULTS_HEADING),
    // Section t is `npm run bench:quorum`'s (the quorum's simulated deployment).
    quorum: sectionOf(previous, QUORUM_HEADING),
    // Section u is `npm run bench:user-pace`'s (one user's pace against the simulator).
    userPace: sectionOf(previous, USER_PACE_HEADING),
    // Section v is `npm run bench:quorum-deploy`'s (the quorum's deployment in real time, half an hour).
    quorumDeploy: sectionOf(previous, QUORUM_DEPLOY_HEADING),
    // Section w is `npm run bench:quorum-partial`'s (partial outages in that deployment, half an hour).
    quorumPartial: sectionOf(previous, QUORUM_PARTIAL_HEADING),
    // Section x is `npm run bench:har`'s (the HTTP traces' cost, healthy and failing).
    har: sectionOf(previous, HAR_HEADING),
    // Section y is `npm run bench:user-sign-ins`'s (the sign-ins aggregator's throughput and memory).
    signIns: sectionOf(previous, USER_SIGN_INS_HEADING),
    // Section z is `npm run bench:sign-in-stream`'s (the EventBridge aggregator, its cost and delay).
    signInStream: sectionOf(previous, SIGN_IN_STREAM_HEADING),
    // Section aa is `npm run bench:passkey`'s (the passkey journey beside the TOTP journey).
    passkey: sectionOf(previous, PASSKEY_HEADING),
    // Section ab is `npm run bench:cli-cycle`'s (fresh CLI processes, builds alternating).
    cliCycle: sectionOf(previous, CLI_CYCLE_HEADING),
    // Section ag is `npm run bench:cli-double`'s (the same cycle against the simulator and an independent double).
    cliDouble: sectionOf(previous, CLI_DOUBLE_HEADING),
    // Section ac is `npm run bench:org-volume`'s (10,000 people's sign-ins, polled and streamed).
    orgVolume: sectionOf(previous, ORG_VOLUME_HEADING),
    browser: sectionOf(previous, BROWSER_HEADING),
  };
}

const keptBlock = (...sections: (string | undefined)[]): string[] =>
  sections.flatMap((section) => (section === undefined ? [] : ['', section.trimEnd(), '']));

async function main(): Promise<void> {
  const started = performance.now();
  const out = await mkdtemp(join(tmpdir(), 'okta-synthetics-bundle-'));
  const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);
  try {
    const simulated = await benchWithSimulator(out, log);
    const { cycles, processes, firstCycle, firstInvocation, firstCycleCold } = simulated;
    log(`sign-in: ${SIGN_IN_RUNS} journeys of each flow, simulator at ${LATENCY_MS} ms`);
    const journeys = await benchSignIn(LATENCY_MS, SIGN_IN_RUNS);
    const plans = memoryPlans(processes);
    const advice = recommendation(processes, plans);
    const cost = exampleCost(cycles, plans);
    // 5 runs: the simulated /api/v1/logs bucket (60 a minute) must stay above the half the probe leaves to others.
    const systemLog = await benchSystemLog(LATENCY_MS, 5);
    const inventory = await benchInventory(LATENCY_MS, 5);
    const inventoryDollars = await inventoryCost(join(root, 'okta-synthetics.example.json'), cost.profile);
    // In this process, no network: the SAML judge's worst page and assertion.
    const saml = benchSaml(15);
    // Last, alone on the machine: a fresh vitest process per run, as a contributor runs the lane.
    const unitLoop = await benchUnitLoop(root, 3);
    const cpu = cpus()[0]?.model ?? 'unknown';
    const previous = await readFile(join(root, 'BENCHMARKS.md'), 'utf8').catch(() => '');
    const kept = keptSections(previous);
    const doc = [
      ...docHeader(started, cpu),
      ...cycleSection(cycles),
      ...cycleInContext(cycles, processes, plans),
      ...requestSection(cycles),
      ...accuracySection(cycles),
      ...bundleSection(simulated.bundle),
      ...memorySection(processes, plans),
      // Section e's recommendation is `npm run bench:memory-held`'s (the held quorum run's peak) when it has run.
      ...(kept.memoryAdvice === undefined ? advice.text : [kept.memoryAdvice, '']),
      ...keptBlock(kept.memoryHeld),
      ...costSection(exampleEstimate(root), cost.drift),
      ...firstCycleSection(firstCycle, firstInvocation, firstCycleCold, LATENCY_MS, GOALS.latencyOverMs),
      ...(kept.worstCase === undefined ? [] : [kept.worstCase.trimEnd(), '']),
      ...(await reportSection()),
      ...systemLogSection(systemLog),
      '',
      ...signInSection(journeys, LATENCY_MS),
      '',
      ...inventorySection(inventory, inventoryDollars),
      ...unitLoopSection(unitLoop),
      ...keptBlock(kept.suite),
      ...samlSection(saml),
      ...keptBlock(kept.samlCatalogue),
      ...keptBlock(kept.coldStart),
      ...keptBlock(kept.hostileSaml),
      ...keptBlock(kept.faults),
      ...keptBlock(kept.quorum),
      ...keptBlock(kept.userPace),
      ...keptBlock(kept.quorumDeploy),
      ...keptBlock(kept.quorumPartial),
      ...keptBlock(kept.har),
      ...keptBlock(
        kept.signIns,
        kept.signInStream,
        kept.passkey,
        kept.cliCycle,
        kept.cliDouble,
        kept.orgVolume,
        kept.browser,
      ),
    ].join('\n');
    await writeFile(join(root, 'BENCHMARKS.md'), withEverySection(doc, previous));
    process.stdout.write(doc);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

await main();
