// `npm run bench:saml`: a catalogue of SAML apps at 1, 100 and 1,000 apps, each as the portal journey's
// default group of listed apps against the simulator's catalogue on 127.0.0.1 (never another address):
//   - what deploying it costs a month (functions/cost/, the benchmarked run profile), against one app;
//   - what the stack synthesizes: resources and bytes of each template, dashboard widgets, alarms and metrics;
//   - the requests a minute it sends to Okta (functions/plan/saml-load.ts), and those one journey's session sent;
//   - one run's duration and peak memory: the synthesized Lambda asset (bundled as the stack bundles it, its config
//     file beside it) invoked in a fresh Node 24 process at the CPU share Lambda gives 256 MB when a cgroup can be
//     made, its AWS calls to the loopback fake (DynamoDB included); and the CLI, once as a cron run (--history: a
//     session's share) and once checking every app (a one-off run, the simulator's SSO bucket at 2,500 a minute, so
//     that the whole catalogue fits under the half the probe leaves the org).
// The simulator answers after LATENCY_MS. Writes its section of BENCHMARKS.md (npm run bench keeps it); prints it.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { CONFIG_FILE, NAMESPACE_ENV, RUN_LOG_MESSAGE, SAML_APPS_TABLE_ENV } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import { BENCHMARKED_PROFILE } from '../../functions/cli/cost';
import { estimateCost } from '../../functions/cost/estimate';
import { plannedMetrics } from '../../functions/plan/checks';
import { samlLoad, type SamlLoad } from '../../functions/plan/saml-load';
import { buildApp } from '../../lib/build-app';
import { simulatorConfigJson, writeSimulatorConfig } from '../../sim/config';
import { listed } from '../../sim/saml/catalogue-scenarios';
import { startSimulator, type Simulator } from '../../sim/server';
import { startAwsFake } from '../../test/support/aws-fake';
import { samlCatalogueConfig, TEST_ENV, writeConfig } from '../../test/support/configs';
import { lambdaConfigEnv } from '../../test/support/server-configs';
import { dashboardBody, flatTemplate } from '../../test/lib/helpers';
import { lambdaBuildOptions, LOAD_NODE } from './bundle';
import { SAML_CATALOGUE_HEADING as HEADING, withSection } from './doc-section';
import { fakeAwsEnv } from './first-invocation';
import { makeCgroup, type CpuLimit } from './worst-case/cgroup';
import { FUNCTION_TIMEOUT_MS, MEMORY_MB } from './worst-case/settings';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const exec = promisify(execFile);

const SIZES = [1, 100, 1000] as const;
/** Before every simulator answer: Okta from another region. */
const LATENCY_MS = 100;
/**
 * The simulator's SSO bucket for the run that checks every app: /app/template_saml_2_0/{key}/sso/saml's 2,500 a minute.
 */
const WHOLE_SSO_LIMIT = 2500;
const SERVER_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench/default-AbCdEf';
const PORTAL_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench/portal-AbCdEf';
const TABLE = 'bench-saml-apps';

interface Deployed {
  readonly monthly: number;
  readonly synthetics: number;
  readonly metrics: number;
  readonly alarms: number;
  readonly mainResources: number;
  readonly mainBytes: number;
  readonly nested: number;
  readonly nestedMaxResources: number;
  readonly widgets: number;
  readonly load: SamlLoad;
}

interface RunMeasure {
  /** The run's own duration (its run line's or report's durationMs). */
  readonly durationMs: number;
  /** The process from start to exit, module load included. */
  readonly wallMs: number;
  readonly maxRssKb: number;
  /** The heap after the run and a full collection. */
  readonly heapKb: number;
  readonly sso: number;
  readonly metadata: number;
  readonly other: number;
  readonly outcome: string;
}

/** The deployment of `n` listed apps in a group: its cost, its templates, its dashboard. */
function deployed(n: number): Deployed {
  const path = writeConfig(samlCatalogueConfig(n));
  const loaded = loadConfigFile(path, 'deploy', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const estimate = estimateCost(loaded.config, BENCHMARKED_PROFILE);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const built = buildApp(app, { configPath: path, env: TEST_ENV });
  if (!built.ok) throw new Error(built.errors.join('; '));
  const stack = built.stacks[0] as Stack & { alarms: { alarms: ReadonlyMap<string, unknown> } };
  const main = Template.fromStack(stack).toJSON() as { Resources: Record<string, unknown> };
  const nested = stack.node
    .findAll()
    .filter((c): c is NestedStack => NestedStack.isNestedStack(c))
    .map((c) => Template.fromStack(c).toJSON() as { Resources: Record<string, unknown> });
  return {
    monthly: estimate.total,
    synthetics: estimate.peers[0]?.monthly ?? NaN,
    metrics: plannedMetrics(loaded.config.probe).length,
    alarms: stack.alarms.alarms.size,
    mainResources: Object.keys(main.Resources).length,
    mainBytes: JSON.stringify(main).length,
    nested: nested.length,
    nestedMaxResources: Math.max(0, ...nested.map((t) => Object.keys(t.Resources).length)),
    widgets: dashboardBody(flatTemplate(stack)).widgets.length,
    load: samlLoad(loaded.config.probe, loaded.config.deploy.scheduleMinutes),
  };
}

/** The simulator's requests since its last reset, by kind. */
function counted(sim: Simulator): Pick<RunMeasure, 'sso' | 'metadata' | 'other'> {
  const paths = sim.requests.map((r) => r.path);
  const sso = paths.filter((p) => /\/sso\/saml$/.test(p)).length;
  const metadata = paths.filter((p) => /\/sso\/saml\/metadata$/.test(p)).length;
  return { sso, metadata, other: paths.length - sso - metadata };
}

/** Runs `node args` in a fresh process (in the cgroup when there is one), with the runner's marks on stderr. */
async function fresh(
  script: readonly string[],
  env: NodeJS.ProcessEnv,
  limit?: CpuLimit,
  heapMb?: number,
): Promise<{ stdout: string; done: Record<string, unknown> }> {
  const args = ['--expose-gc', ...(heapMb !== undefined ? [`--max-old-space-size=${heapMb}`] : []), ...script];
  const child =
    limit?.dir === undefined
      ? spawn(LOAD_NODE, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `echo $$ > ${limit.dir}/cgroup.procs && exec "$0" "$@"`, LOAD_NODE, ...args], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => void (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const done = stderr.split('\n').find((l) => l.startsWith('{"bench"'));
  if (done === undefined) throw new Error(`the process exited ${code} without its marks: ${stderr.slice(-1500)}`);
  return { stdout, done: JSON.parse(done) as Record<string, unknown> };
}

/**
 * Prints the process's peak memory and time once its work is done, and the heap the run left behind after a full
 * collection (the child runs with --expose-gc): what the run keeps, apart from what the collector had not yet freed.
 * The peak is the process's own (VmHWM, of its memory since exec): Linux carries getrusage's maxRSS across the exec
 * from the forked copy of this process, so a child lighter than the bench (which grows with each size's synth) read
 * the bench's own memory, the same MB run after run.
 */
const MARKS =
  'const u = process.resourceUsage(); globalThis.gc?.(); const heapKb = ' +
  'Math.round(process.memoryUsage().heapUsed / 1024); ' +
  ('let hwm; try { hwm = ' +
    "Number(/VmHWM:\\s*(\\d+)/.exec(process.getBuiltinModule('node:fs').readFileSync('/proc/self/status', " +
    "'utf8'))?.[1]); } catch {} ") +
  ("process.stderr.write(JSON.stringify({ bench: 'done', maxRssKb: hwm || u.maxRSS, heapKb, wallMs: " +
    "Date.now() - started, outcome }) + '\\n');");

/**
 * The Lambda child's heap limit, MB: what a 256 MB function leaves the heap after the runtime and the process's own
 * code (Lambda's Node sets no limit of its own: a run that needs more is killed at 256 MB). A run that fits here fits.
 */
const LAMBDA_HEAP_MB = 200;

/** Lambda sessions and CLI cron runs run for each size: the one of the median peak memory is reported. */
const LAMBDA_RUNS = 3;

/** The run of the median peak memory of `runs`: a process's peak varies by tens of MB with when V8 collects. */
function medianRun(runs: readonly RunMeasure[]): RunMeasure {
  return [...runs].sort((a, b) => a.maxRssKb - b.maxRssKb)[Math.floor(runs.length / 2)] as RunMeasure;
}

/**
 * The simulator's config for `n` apps: the portal journey, the server it signs in through, and its group of listed
 * apps.
 */
function portalOnly(file: ReturnType<typeof simulatorConfigJson>, n: number): ReturnType<typeof simulatorConfigJson> {
  const withApps = listed(n)(file);
  const portal = withApps.signIn?.find((j) => j.id === 'portal');
  if (portal === undefined) throw new Error('the simulator config has no portal journey');
  return {
    ...withApps,
    statusPageUrl: null,
    servers: withApps.servers.filter((s) => s.id === portal.server),
    signIn: [portal],
    samlApps: (withApps.samlApps ?? []).filter((a) => a.group !== undefined),
  };
}

/**
 * The deploy config of the Lambda's run for `n` apps, resolved as the stack resolves it: the portal journey, its server
 * and its group, credentials by secret.
 */
function lambdaConfig(sim: Simulator, n: number): Record<string, unknown> {
  const file = portalOnly(simulatorConfigJson(sim, 'unused.pem'), n);
  const [custom] = file.servers;
  const [portal] = file.signIn ?? [];
  if (custom === undefined || portal === undefined) throw new Error('the simulator config has no portal journey');
  const { clientSecret: _secret, ...server } = custom;
  const { secretsFile: _file, ...journey } = portal;
  return {
    ...file,
    servers: [{ ...server, secretName: SERVER_SECRET, authMethod: 'client_secret_basic' }],
    signIn: [{ ...journey, secretName: PORTAL_SECRET }],
    namespace: 'OktaSyntheticsBench',
    prefix: 'bench',
  };
}

/** The handler bundled as the stack bundles it, in `out`: its config file is written beside it for each run. */
async function bundled(out: string): Promise<void> {
  await build({
    ...lambdaBuildOptions(join(root, 'functions/lambda/probe.ts'), join(out, 'index.mjs')),
    metafile: false,
  });
}

/** One cold invocation of the bundled handler in `out` for `n` apps: a session of the group (the journey is due). */
async function lambdaRun(sim: Simulator, out: string, n: number, limit: CpuLimit): Promise<RunMeasure> {
  await writeFile(join(out, CONFIG_FILE), lambdaConfigEnv(lambdaConfig(sim, n)));
  const runner = join(out, 'invoke.mjs');
  await writeFile(
    runner,
    'const started = Date.now();\n' +
      `const mod = await import(${JSON.stringify(pathToFileURL(join(out, 'index.mjs')).href)});\n` +
      (`const invokedAt = Date.now(); let outcome; try { outcome = JSON.stringify(await mod.handler({}, { ` +
        `getRemainingTimeInMillis: () => ${FUNCTION_TIMEOUT_MS} - (Date.now() - invokedAt) })); } catch (e) { ` +
        `outcome = 'threw ' + e.message; }\n`) +
      `${MARKS}\nprocess.stdout.write('', () => process.exit(0));\n`,
  );
  const { portalUser } = sim.clients.signIn;
  const aws = await startAwsFake({
    secrets: new Map([
      [SERVER_SECRET, sim.clients.custom.clientSecret],
      [PORTAL_SECRET, JSON.stringify({ password: portalUser.password, totpSecret: portalUser.totpSecret })],
    ]),
  });
  try {
    sim.resetRequests();
    const env = {
      ...fakeAwsEnv(aws.url),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB),
      [NAMESPACE_ENV]: 'OktaSyntheticsBench',
      [SAML_APPS_TABLE_ENV]: TABLE,
    };
    const { stdout, done } = await fresh([runner], env, limit, LAMBDA_HEAP_MB);
    const line = stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE));
    const run = JSON.parse(line ?? '{}') as { durationMs?: number };
    return {
      durationMs: Number(run.durationMs),
      wallMs: Number(done.wallMs),
      maxRssKb: Number(done.maxRssKb),
      heapKb: Number(done.heapKb),
      ...counted(sim),
      outcome: String(done.outcome),
    };
  } finally {
    await aws.close();
  }
}

/** One CLI run for `n` apps: with --history (a cron's run: its session's share), or one-off (every app). */
async function cliRun(sim: Simulator, dir: string, n: number, history: boolean, round: number): Promise<RunMeasure> {
  const runDir = join(dir, `cli-${n}-${history ? 'cron' : 'once'}-${round}`);
  const path = await writeSimulatorConfig(sim, runDir);
  await writeFile(
    path,
    JSON.stringify(portalOnly(JSON.parse(await readFile(path, 'utf8')) as ReturnType<typeof simulatorConfigJson>, n)),
  );
  const runner = join(runDir, 'cli.mjs');
  const args = ['run', '--config', path, '--json', ...(history ? ['--history', join(runDir, 'history')] : [])];
  await writeFile(
    runner,
    'const started = Date.now();\n' +
      `const { main } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/cli.mjs')).href)});\n` +
      `const outcome = 'exit ' + await main(${JSON.stringify(args)});\n${MARKS}\n`,
  );
  sim.resetRequests();
  const { stdout, done } = await fresh([runner], { PATH: process.env.PATH ?? '', NO_COLOR: '1' });
  const report = JSON.parse(stdout) as { durationMs: number };
  return {
    durationMs: report.durationMs,
    wallMs: Number(done.wallMs),
    maxRssKb: Number(done.maxRssKb),
    heapKb: Number(done.heapKb),
    ...counted(sim),
    outcome: String(done.outcome),
  };
}

const usd = (v: number): string => `$${v.toFixed(2)}`;
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
const int = (v: number): string => v.toLocaleString('en-US');
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
/** `kb` over `one`'s, as 1.23x. */
const ratio = (kb: number, one = NaN): string => `${(kb / one).toFixed(2)}x`;

type CatalogueRow = { n: number; d: Deployed; lambda: RunMeasure; cron: RunMeasure; once: RunMeasure };

function section(rows: readonly CatalogueRow[], limit: CpuLimit, seconds: number): string {
  return [
    HEADING,
    '',
    `\`npm run bench:saml\` (scripts/bench/saml-catalogue.ts), ${new Date().toISOString().slice(0, 10)}, ${seconds.toFixed(0)} ` +
      `s: the portal journey's default group holding 1, 100 and 1,000 listed apps of the ` +
      (`simulator's catalogue, the simulator answering after ${LATENCY_MS} ms. The issue measured the design ` +
        `before it at $31.38, $239.28 and $2,130.57 a month, `) +
      ("678 widgets at 160 apps (over CloudWatch's 500), 400 requests a minute at 1,000 apps, and 1,000 apps " +
        'failing 353 checks in one run at 490 MB.'),
    '',
    ...catalogueTable(rows, limit),
    '',
    ...catalogueNotes(rows, limit),
    '',
  ].join('\n');
}

/** One row per measure, one column per catalogue size. */
function columns(rows: readonly CatalogueRow[], f: (r: CatalogueRow) => string): string {
  return rows.map(f).join(' | ');
}

function catalogueTable(rows: readonly CatalogueRow[], limit: CpuLimit): string[] {
  const one = rows[0]?.d.monthly ?? NaN;
  const col = (f: (r: CatalogueRow) => string): string => columns(rows, f);
  const head = `| | ${rows.map((r) => `${int(r.n)} app${r.n === 1 ? '' : 's'}`).join(' | ')} |`;
  const rule = `|---|${rows.map(() => '---').join('|')}|`;
  return [
    head,
    rule,
    `| \`cost\` a month | ${col((r) => usd(r.d.monthly))} |`,
    `| over one app | ${col((r) => usd(r.d.monthly - one))} |`,
    `| vs CloudWatch Synthetics (${usd(rows[0]?.d.synthetics ?? NaN)}) | ${col((r) => `${(r.d.monthly / r.d.synthetics).toFixed(2)}x`)} ` +
      `|`,
    `| metrics / alarms | ${col((r) => `${r.d.metrics} / ${r.d.alarms}`)} |`,
    `| main template: resources, bytes | ${col((r) => `${r.d.mainResources}, ${int(r.d.mainBytes)}`)} |`,
    `| nested alarm stacks (most resources in one) | ${col((r) => `${r.d.nested} (${r.d.nestedMaxResources})`)} |`,
    `| dashboard widgets (limit 500) | ${col((r) => String(r.d.widgets))} |`,
    `| Okta requests a minute, planned (average; at most in one run; share of the 750-a-minute SSO bucket) | ${col(
      (r) => `${r.d.load.perMinute}; ${r.d.load.peakPerRun}; ${r.d.load.ssoBucketPercent} ` + `%`,
    )} ` + `|`,
    `| Lambda session, Node 24${limit.dir === undefined ? '' : ', 256 MB CPU share'}: SSO + metadata ` +
      `requests | ${col((r) => `${r.lambda.sso} + ${r.lambda.metadata}`)} |`,
    `| Lambda session: run (process) | ${col((r) => `${s(r.lambda.durationMs)} (${s(r.lambda.wallMs)})`)} |`,
    `| Lambda session: peak memory, median of ${LAMBDA_RUNS} (of ${MEMORY_MB} MB; heap limited to ${LAMBDA_HEAP_MB} ` +
      `MB); heap kept after the run | ${col((r) => `${mb(r.lambda.maxRssKb)}; ${mb(r.lambda.heapKb)}`)} |`,
    `| CLI cron run (--history): SSO + metadata; run; peak memory, median of ${LAMBDA_RUNS}; heap kept | ${col((r) => `${r.cron.sso} + ${r.cron.metadata}; ${s(r.cron.durationMs)}; ${mb(r.cron.maxRssKb)}; ${mb(r.cron.heapKb)}`)} ` +
      `|`,
    `| CLI one-off run, every app: SSO + metadata; run; peak memory; heap kept | ${col((r) => `${r.once.sso} + ${r.once.metadata}; ${s(r.once.durationMs)}; ${mb(r.once.maxRssKb)}; ${mb(r.once.heapKb)}`)} ` +
      `|`,
  ];
}

/** How the Lambda ran, what a session checks, and how its memory grows with the catalogue. */
function catalogueNotes(rows: readonly CatalogueRow[], limit: CpuLimit): string[] {
  const col = (f: (r: CatalogueRow) => string): string => columns(rows, f);
  return [
    `- The Lambda ran in a fresh process of ${
      LOAD_NODE.includes('node_modules/node') ? 'Node 24 (the node@24 ' + 'devDependency)' : `Node ${process.version}`
    }, ` +
      (`${
        limit.dir === undefined
          ? '**without a CPU limit** (no ' + 'cgroup could be made)'
          : `at ${MEMORY_MB}/1769 of ` + `one CPU (${limit.note})`
      }, ` +
        `its heap limited to ${LAMBDA_HEAP_MB} MB `) +
      (`(--max-old-space-size: what a ${MEMORY_MB} MB function can give it); its session is a cold start ` +
        `(every app of the share reads its metadata), the journey due. `) +
      (`Outcomes: ${col((r) => r.lambda.outcome)}. Its time is CPU: judging an assertion (XML ` +
        `canonicalization and two RSA signatures) takes about 30 ms of a full core, `) +
      (`and ${MEMORY_MB} MB buys a seventh of one; the run stops starting apps in time for its deadline, and ` +
        `a catalogue past a few thousand apps wants more memory or a longer everyMinutes.`),
    '- A session checks its share (the catalogue over the twelve sessions an hour of a journey every 5 ' +
      'minutes), concurrency 4 at a time; a warm session reads the metadata of ' +
      ("about a 24th of it (each app's is kept a day). The one-off run checks every app, still 4 at a time: " +
        'its time grows with the catalogue, the heap it keeps does not ') +
      ("(each app's answers are dropped once judged; its peak grows by the garbage V8 has not yet collected, " +
        `next note). Its simulator's SSO bucket was ${int(WHOLE_SSO_LIMIT)} ` +
        `a minute; at Okta's default 750 the run stops at half and leaves the rest.`),
    `- Requests other than SAML (the journey, the checks of the server it signs in through): Lambda ${col((r) => String(r.lambda.other))}.`,
    `- Lambda peak memory over one app's: ${col((r) => `${(r.lambda.maxRssKb / (rows[0]?.lambda.maxRssKb ?? NaN)).toFixed(2)}x`)} ` +
      `(the aim: at most 1.3x at 1,000 apps). ` +
      ('The heap kept grows by a few MB with the catalogue; what grew with it was V8 doubling its young ' +
        'generation under the garbage of ') +
      ('the assertions a session judges. The handler holds the young generation at its first size ' +
        '(docs/decisions/young-generation.md): ') +
      'before, 133 MB for one app and 205 MB for 1,000 (1.54x), measured 2026-11-24 as here.',
    `- CLI cron run's peak memory over one app's: ${col((r) => ratio(r.cron.maxRssKb, rows[0]?.cron.maxRssKb))} ` +
      `(the aim: at most 1.3x at 1,000 apps); one-off: ${col((r) => ratio(r.once.maxRssKb, rows[0]?.once.maxRssKb))}. ` +
      ("Each CLI run is its own process (the simulator runs in the bench's), its peak its own VmHWM, on a " +
        `${availableParallelism()}-core machine of ${(totalmem() / 2 ** 30).toFixed(0)} GB shared with other work ` +
        `(load average over the last 15 minutes: ${(loadavg()[2] ?? NaN).toFixed(1)}). The CLI kept ` +
        'nothing the Lambda does not: its live heap stays flat (docs/decisions/young-generation.md). ') +
      ('It now holds the young generation as the Lambda does, and scrubbing its report allocates half what it did; ' +
        'before, 119 and 203 MB (1.71x), re-measured 2026-11-27 on this machine at 117 and 194 MB (1.67x). ') +
      ("What remains over one app is promoted garbage V8 collects late: the CLI runs under V8's default heap " +
        "limit, sized from the machine's memory, where Lambda's runtime passes one from MemorySize."),
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-saml-bench-'));
  const limit = await makeCgroup(`okta-synthetics-saml-${process.pid}`);
  const log = (text: string): void => void process.stderr.write(`bench:saml: ${text}\n`);
  log(limit.note);
  await exec(process.execPath, [join(root, 'scripts/build.mjs')]);
  const lambdaDir = join(dir, 'lambda');
  await bundled(lambdaDir);
  const rows = [];
  try {
    for (const n of SIZES) {
      log(`${n} apps: synth and cost`);
      const d = deployed(n);
      const sim = await startSimulator({ latencyMs: LATENCY_MS, catalogue: { apps: n } });
      const wide = await startSimulator({ latencyMs: LATENCY_MS, catalogue: { apps: n, ssoLimit: WHOLE_SSO_LIMIT } });
      try {
        log(`${n} apps: the Lambda asset`);
        // A process's peak varies by tens of MB with when V8 collects: the run of the median peak of a few stands.
        const runs: RunMeasure[] = [];
        for (let i = 0; i < LAMBDA_RUNS; i += 1) runs.push(await lambdaRun(sim, lambdaDir, n, limit));
        const lambda = medianRun(runs);
        log(`${n} apps: the Lambda's peaks ${runs.map((r) => mb(r.maxRssKb)).join(', ')}`);
        log(`${n} apps: the CLI, cron runs and a one-off run`);
        const crons: RunMeasure[] = [];
        for (let i = 0; i < LAMBDA_RUNS; i += 1) crons.push(await cliRun(sim, dir, n, true, i));
        const cron = medianRun(crons);
        log(`${n} apps: the CLI cron runs' peaks ${crons.map((r) => mb(r.maxRssKb)).join(', ')}`);
        const once = await cliRun(wide, dir, n, false, 0);
        rows.push({ n, d, lambda, cron, once });
      } finally {
        await Promise.all([sim.close(), wide.close()]);
      }
    }
    const text = section(rows, limit, (performance.now() - started) / 1000);
    const file = join(root, 'BENCHMARKS.md');
    await writeFile(file, withSection(await readFile(file, 'utf8'), HEADING, text));
    process.stdout.write(`${text}\n`);
    log(`raw ${JSON.stringify(rows.map((r) => ({ n: r.n, lambda: r.lambda, cron: r.cron, once: r.once })))}`);
  } finally {
    if (limit.dir !== undefined)
      await import('node:fs/promises').then((fs) => fs.rmdir(limit.dir ?? '')).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
