// `npm run bench:worst-case`: the probe Lambda at the most the stack allows (90 servers, timeoutMs 60000) in the
// worst conditions, at the CPU share Lambda gives its configured 256 MB, against its 50 s timeout and 256 MB.
//
// The handler is bundled as the stack bundles it (scripts/bench/bundle.ts), its config file written beside it, and
// invoked once in a fresh Node 24 process (Lambda's major) whose AWS calls go through AWS_ENDPOINT_URL to the
// loopback fake of the deploy tests. Two runs:
//   hang   every Okta answer held for minutes (the simulator's latency), PutMetricData held past the client's
//          timeout: every check runs into the deadline, every publish batch times out, then EMF and the run line.
//   large  every Okta answer 512 KB to 4 MB (the simulator's own answers padded by a loopback proxy that also
//          maps the 90 servers onto its one custom AS): the peak memory of a run against 256 MB.
// The child runs in a cgroup v1 cpu controller limited to 256/1769 of one CPU (needs root; without it the run is
// unlimited and says so). Traffic goes only to 127.0.0.1. Writes section h of BENCHMARKS.md; prints it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, platform, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { CONFIG_FILE, DEFAULTS, MAINTENANCE_PARAMETER_ENV, maintenanceParameterName, NAMESPACE_ENV, RUN_LOG_MESSAGE } from '../../functions/contract';
import { parseConfig } from '../../functions/config/parse';
import { plannedChecks } from '../../functions/plan/checks';
import { finishMarginMs } from '../../functions/lambda/probe';
import { PUBLISH_TIMEOUT_MS } from '../../functions/lambda/metrics-sink';
import { MAX_SERVERS } from '../../functions/plan/deploy-rules';
import { startSimulator, type Simulator } from '../../sim/server';
import { startAwsFake } from '../../test/support/aws-fake';
import { lambdaBuildOptions, LOAD_NODE } from './bundle';
import { fakeAwsEnv } from './first-invocation';
import { withSection, WORST_CASE_HEADING as HEADING } from './doc-section';
import { round } from './stats';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The stack's function: lib/probe-function.ts defaults. */
const FUNCTION_TIMEOUT_MS = 50_000;
const MEMORY_MB = 256;
/** Lambda gives one full vCPU at 1,769 MB, a proportional share below. */
const FULL_VCPU_MB = 1769;
const CFS_PERIOD_US = 100_000;
const CFS_QUOTA_US = Math.ceil((CFS_PERIOD_US * MEMORY_MB) / FULL_VCPU_MB);
/** The largest per-request timeout the config accepts (functions/config/parse.ts). */
const TIMEOUT_MS = 60_000;
/** "Okta hangs": longer than the whole invocation. */
const HANG_MS = 10 * 60_000;
/** PutMetricData held this long: far past the client's own timeout (PUBLISH_TIMEOUT_MS). */
const CLOUDWATCH_HOLD_MS = 60_000;
/** Sizes of the padded answers in the large run. */
const LARGE_MIN_BYTES = 512 * 1024;
const LARGE_MAX_BYTES = 4 * 1024 * 1024;
/** Added before each padded answer, so that the requests of a run overlap as they would with a far Okta. */
const LARGE_LATENCY_MS = 200;
const NAMESPACE = 'OktaSyntheticsBench';
const PREFIX = 'bench';

const secretArn = (i: number): string => `arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-synthetics/s${i}-AbCdEf`;
/** Server ids: the Org AS first, then custom servers s02..s90. */
const serverId = (i: number): string => (i === 1 ? 'org' : `s${String(i).padStart(2, '0')}`);

/** The Lambda's config file (the stack's shape: credentials by secret) for MAX_SERVERS servers at `orgUrl`. */
function lambdaConfig(sim: Simulator, orgUrl: string, statusPageUrl: string): Record<string, unknown> {
  const { org, custom, web } = sim.clients;
  const servers = Array.from({ length: MAX_SERVERS }, (_, k) => {
    const i = k + 1;
    const authorize = { clientId: web.clientId, redirectUri: web.redirectUri, scopes: i === 1 ? ['openid'] : ['openid', ...custom.scopes] };
    if (i === 1) {
      return { id: 'org', clientId: org.clientId, keyId: org.keyId, scopes: org.scopes, managementApi: true, authorize, secretName: secretArn(i), authMethod: 'private_key_jwt' };
    }
    // Half the servers sign an assertion (the CPU-heavy method), half send a secret.
    const byKey = i % 2 === 0;
    return {
      id: serverId(i),
      clientId: byKey ? org.clientId : custom.clientId,
      ...(byKey ? { keyId: org.keyId } : {}),
      scopes: custom.scopes,
      audience: custom.audience,
      requiredClaims: custom.requiredClaims,
      authorize,
      secretName: secretArn(i),
      authMethod: byKey ? 'private_key_jwt' : 'client_secret_basic',
    };
  });
  return { orgUrl, statusPageUrl, timeoutMs: TIMEOUT_MS, namespace: NAMESPACE, prefix: PREFIX, servers };
}

function secrets(sim: Simulator): Map<string, string> {
  return new Map(Array.from({ length: MAX_SERVERS }, (_, k) => [secretArn(k + 1), (k + 1) % 2 === 0 || k === 0 ? sim.clients.org.privateKeyPem : sim.clients.custom.clientSecret]));
}

// ---------------------------------------------------------------------------------------------------
// The CPU limit

interface CpuLimit {
  /** The cgroup's directory, or undefined when it could not be made (then the run is unlimited). */
  readonly dir?: string;
  readonly note: string;
}

async function makeCgroup(name: string): Promise<CpuLimit> {
  const dir = `/sys/fs/cgroup/cpu/${name}`;
  try {
    await mkdir(dir);
    await writeFile(join(dir, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
    await writeFile(join(dir, 'cpu.cfs_quota_us'), String(CFS_QUOTA_US));
    // A high weight, so that a busy machine still gives the child its whole quota, as Lambda would.
    await writeFile(join(dir, 'cpu.shares'), '8192');
    return { dir, note: `cgroup v1 cpu controller: cfs_quota_us ${CFS_QUOTA_US} per cfs_period_us ${CFS_PERIOD_US} (${MEMORY_MB}/${FULL_VCPU_MB} of one CPU), cpu.shares 8192` };
  } catch (error) {
    await rmdir(dir).catch(() => undefined);
    return { note: `NO CPU LIMIT: the cgroup ${dir} could not be made (${(error as Error).message}); the child ran with the whole machine` };
  }
}

// ---------------------------------------------------------------------------------------------------
// One invocation in a child process

export interface InvocationResult {
  readonly scenario: string;
  readonly plannedChecks: number;
  readonly marginMs: number;
  /** Times after the invocation started, ms (the child's clock: Date.now() just before handler()). */
  readonly runLineAtMs: number | undefined;
  /** When the checks ended (the run line's startedAt + durationMs), after the invocation started, ms. */
  readonly checksEndedAtMs: number | undefined;
  readonly firstEmfAtMs: number | undefined;
  readonly lastEmfAtMs: number | undefined;
  readonly emfLines: number;
  readonly emfLinesBeforeTimeout: number;
  readonly handlerReturnedAtMs: number | undefined;
  readonly runLine: Record<string, unknown> | undefined;
  readonly runLineBytes: number;
  readonly maxRssKb: number;
  readonly initMs: number;
  /** The child's CPU time over its wall time from its start: the share it got. */
  readonly cpuShare: number;
  readonly outcome: string;
  /** CPU the child spent from the checks' end to the run line, and its share of one CPU in that window. */
  readonly finishCpu: { cpuMs: number; share: number };
  /** The cgroup's cpu.stat at the end (nr_periods, nr_throttled, throttled_time), when limited. */
  readonly cpuStat: string;
  readonly putMetricDataCalls: number;
  /** The maintenance window open in SSM during the run, as the run line saw it: honoured, or why not. */
  readonly maintenance: string;
  readonly stderr: string;
}

const RUNNER = `
const started = Date.now();
const mod = await import(process.argv[2]);
const initMs = Date.now() - started;
const timeout = Number(process.env.BENCH_FUNCTION_TIMEOUT_MS);
const invokedAt = Date.now();
process.stderr.write(JSON.stringify({ bench: 'invoke', at: invokedAt }) + '\\n');
let outcome;
try {
  const summary = await mod.handler({}, { getRemainingTimeInMillis: () => timeout - (Date.now() - invokedAt) });
  outcome = 'returned ' + JSON.stringify(summary);
} catch (error) {
  outcome = 'threw ' + String(error && error.message);
}
const returnedAt = Date.now();
const usage = process.resourceUsage();
process.stderr.write(JSON.stringify({ bench: 'done', returnedAt, initMs, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, wallMs: returnedAt - started, outcome }) + '\\n');
// A line longer than the pipe's buffer is written in parts: exit only once all of it is out.
process.stdout.write('', () => process.exit(0));
`;

/** Handler processes still running: ended if the bench fails, so that none outlives it in the cgroup. */
const live = new Set<ChildProcess>();

interface Sample {
  readonly at: number;
  readonly cpuMs: number;
  readonly rssKb: number;
}

/** utime + stime (clock ticks of 10 ms) and VmRSS of a live process, or undefined once it is gone. */
function procSample(pid: number | undefined): Sample | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
    return { at: Date.now(), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, rssKb };
  } catch {
    return undefined;
  }
}

/** CPU ms the child spent between two times (the samples nearest them), and that over the wall time. */
function cpuBetween(samples: readonly Sample[], from: number, to: number): { cpuMs: number; share: number } {
  const at = (t: number): Sample | undefined => samples.reduce<Sample | undefined>((best, x) => (best === undefined || Math.abs(x.at - t) < Math.abs(best.at - t) ? x : best), undefined);
  const a = at(from);
  const b = at(to);
  if (a === undefined || b === undefined || b.at <= a.at) return { cpuMs: NaN, share: NaN };
  return { cpuMs: b.cpuMs - a.cpuMs, share: (b.cpuMs - a.cpuMs) / (b.at - a.at) };
}

interface Stamped {
  readonly at: number;
  readonly line: string;
}

async function invokeOnce(bundleFile: string, runner: string, limit: CpuLimit, env: NodeJS.ProcessEnv): Promise<{ stdout: Stamped[]; samples: Sample[]; invokedAt: number; done: Record<string, unknown>; stderr: string }> {
  const args = [runner, pathToFileURL(bundleFile).href];
  // The shell joins the cgroup, then becomes node: the whole process, init included, runs at the limited share.
  const child =
    limit.dir === undefined
      ? spawn(LOAD_NODE, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `echo $$ > ${limit.dir}/cgroup.procs && exec "$0" "$@"`, LOAD_NODE, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.on('close', () => live.delete(child));
  const stdout: Stamped[] = [];
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const at = Date.now();
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      stdout.push({ at, line: pending.slice(0, nl) });
      pending = pending.slice(nl + 1);
    }
  });
  // The child's CPU time and RSS every 250 ms, read from /proc: where in the run the CPU and the memory went.
  const samples: Sample[] = [];
  const sampler = setInterval(() => {
    const sample = procSample(child.pid);
    if (sample !== undefined) samples.push(sample);
  }, 250);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => void (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const marks = stderr
    .split('\n')
    .filter((l) => l.startsWith('{"bench"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const invoke = marks.find((m) => m.bench === 'invoke');
  const done = marks.find((m) => m.bench === 'done');
  if (invoke === undefined || done === undefined) throw new Error(`the handler process exited ${code} without finishing: ${stderr.slice(-2000)}`);
  return { stdout, samples, invokedAt: Number(invoke.at), done, stderr: stderr.split('\n').filter((l) => !l.startsWith('{"bench"')).join('\n') };
}

async function runScenario(
  scenario: string,
  dir: string,
  config: Record<string, unknown>,
  awsSecrets: Map<string, string>,
  limit: CpuLimit,
): Promise<InvocationResult> {
  const out = join(dir, scenario);
  const bundleFile = join(out, 'index.mjs');
  await build(lambdaBuildOptions(join(root, 'functions/lambda/probe.ts'), bundleFile));
  // Beside the handler, as the stack's afterBundling hook writes it.
  await writeFile(join(out, CONFIG_FILE), JSON.stringify(config));
  const runner = join(out, 'invoke.mjs');
  await writeFile(runner, RUNNER);
  // A maintenance window open for the whole run: the read must honour it under the run's load.
  const window = `${new Date(Date.now() + 3_600_000).toISOString()} worst-case bench`;
  const aws = await startAwsFake({ secrets: awsSecrets, parameters: new Map([[maintenanceParameterName(PREFIX), window]]), holdMs: (op) => (scenario === 'hang' && op === 'cloudwatch.PutMetricData' ? CLOUDWATCH_HOLD_MS : 0) });
  const parsed = parseConfig(config, { mode: 'lambda', baseDir: out });
  if (!parsed.ok) throw new Error(`the bench config is invalid: ${parsed.errors.join('; ')}`);
  const planned = plannedChecks(parsed.config.probe).length;
  const env: NodeJS.ProcessEnv = {
    ...fakeAwsEnv(aws.url),
    // What Lambda and the stack set.
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB),
    [NAMESPACE_ENV]: NAMESPACE,
    [MAINTENANCE_PARAMETER_ENV]: maintenanceParameterName(PREFIX),
    BENCH_FUNCTION_TIMEOUT_MS: String(FUNCTION_TIMEOUT_MS),
  };
  try {
    const { stdout, samples, invokedAt, done, stderr } = await invokeOnce(bundleFile, runner, limit, env);
    // What the function logged, each line after its time since the invocation: kept for a look after the run.
    const log = join(tmpdir(), `okta-synthetics-worst-case-${scenario}.log`);
    await writeFile(log, stdout.map((l) => `${l.at - invokedAt}\t${l.line}`).join('\n'));
    process.stderr.write(`worst-case: ${scenario}: the function's stdout is in ${log}\n`);
    const after = (s: Stamped): number => s.at - invokedAt;
    const json = stdout.flatMap((s) => {
      try {
        return [{ ...s, value: JSON.parse(s.line) as Record<string, unknown> }];
      } catch {
        return [];
      }
    });
    const emf = json.filter((s) => s.value._aws !== undefined);
    const run = json.find((s) => s.value.message === RUN_LOG_MESSAGE);
    return {
      scenario,
      plannedChecks: planned,
      marginMs: finishMarginMs(planned, MEMORY_MB),
      runLineAtMs: run === undefined ? undefined : after(run),
      checksEndedAtMs: run === undefined ? undefined : Date.parse(String(run.value.startedAt)) + Number(run.value.durationMs) - invokedAt,
      firstEmfAtMs: emf[0] === undefined ? undefined : after(emf[0]),
      lastEmfAtMs: emf.at(-1) === undefined ? undefined : after(emf.at(-1) as Stamped),
      emfLines: emf.length,
      emfLinesBeforeTimeout: emf.filter((s) => after(s) <= FUNCTION_TIMEOUT_MS).length,
      handlerReturnedAtMs: Number(done.returnedAt) - invokedAt,
      runLine: run?.value,
      runLineBytes: run === undefined ? 0 : Buffer.byteLength(run.line),
      maxRssKb: Number(done.maxRssKb),
      initMs: Number(done.initMs),
      cpuShare: Number(done.cpuMs) / Number(done.wallMs),
      outcome: String(done.outcome),
      finishCpu:
        run === undefined
          ? { cpuMs: NaN, share: NaN }
          : cpuBetween(samples, Date.parse(String(run.value.startedAt)) + Number(run.value.durationMs), run.at),
      cpuStat: limit.dir === undefined ? '' : (await readFile(join(limit.dir, 'cpu.stat'), 'utf8').catch(() => '')).trim().split('\n').join(', '),
      putMetricDataCalls: aws.calls.filter((c) => c.operation === 'cloudwatch.PutMetricData').length,
      maintenance:
        run?.value.maintenance !== undefined
          ? 'honoured'
          : `**ignored**: ${String(run?.value.maintenanceIgnored ?? (run === undefined ? 'no run line' : 'no reason given'))}`,
      stderr: stderr.slice(0, 2000),
    };
  } finally {
    await aws.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// The large-answer proxy

export interface PaddingProxy {
  readonly url: string;
  /** Body bytes sent to the probe. */
  readonly sentBytes: () => number;
  readonly answers: () => number;
  close(): Promise<void>;
}

/** Size of the n-th padded answer: spread evenly over LARGE_MIN_BYTES..LARGE_MAX_BYTES, the same every run. */
const paddedSize = (n: number): number => LARGE_MIN_BYTES + ((n * 2654435761) % 4294967296) % (LARGE_MAX_BYTES - LARGE_MIN_BYTES + 1);

/**
 * Forwards to the simulator, mapping every custom server id onto its one custom AS ("default") and back, and pads
 * every answer to paddedSize(n): JSON objects with an extra field (still valid), other bodies with trailing
 * whitespace. An answer under the per-answer cap stays usable, so the checks after it still run.
 */
async function startPaddingProxy(sim: Simulator): Promise<PaddingProxy> {
  const target = new URL(sim.url);
  let sent = 0;
  let answers = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').replace(/^\/oauth2\/(s\d\d)(?=\/)/, '/oauth2/default');
    const id = /^\/oauth2\/(s\d\d)\//.exec(req.url ?? '')?.[1];
    const headers: IncomingHttpHeaders = { ...req.headers, host: target.host };
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        let text = Buffer.concat(chunks).toString('utf8').split(sim.url).join(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        if (id !== undefined) text = text.split('/oauth2/default').join(`/oauth2/${id}`);
        const size = paddedSize(++answers);
        const room = Math.max(0, size - Buffer.byteLength(text));
        const trimmed = text.trimEnd();
        const body =
          trimmed.startsWith('{') && trimmed.endsWith('}')
            ? `${trimmed.slice(0, -1)}${trimmed === '{}' ? '' : ','}"x_bench_padding":"${'a'.repeat(Math.max(0, room - 24))}"}`
            : `${text}${' '.repeat(room)}`;
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) out[name] = value;
        }
        if (typeof out.location === 'string') out.location = out.location.split(sim.url).join(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        out['content-length'] = String(Buffer.byteLength(body));
        setTimeout(() => {
          res.writeHead(answer.statusCode ?? 502, out);
          res.end(body);
          sent += Buffer.byteLength(body);
        }, LARGE_LATENCY_MS);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sentBytes: () => sent,
    answers: () => answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------------
// The report

const s = (ms: number | undefined): string => (ms === undefined ? 'never' : `${round(ms / 1000, 1)} s`);
const mb = (kb: number): string => `${round(kb / 1024)} MB`;
const held = (ok: boolean): string => (ok ? 'holds' : '**does not hold**');

function codes(run: Record<string, unknown> | undefined): string {
  const failures = (run?.failures ?? []) as Array<{ code: string }>;
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
}

function section(hang: InvocationResult, large: InvocationResult, proxy: { sentBytes: number; answers: number }, limit: CpuLimit, seconds: number, load: number[]): string {
  const metrics = (r: InvocationResult): Record<string, unknown> => (r.runLine?.metrics ?? {}) as Record<string, unknown>;
  const inTime = hang.runLineAtMs !== undefined && hang.runLineAtMs <= FUNCTION_TIMEOUT_MS;
  const limitKb = MEMORY_MB * 1024;
  return [
    HEADING,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:worst-case\` (scripts/bench/worst-case.ts, as root for the CPU limit) in ${round(seconds)} s; ` +
      'rerun it to reproduce: it rewrites this section only (and `npm run bench` keeps it). Traffic goes only to 127.0.0.1.',
    '',
    `Machine: ${platform()} ${release()}, ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores shared with other work (load average ${load.map((l) => round(l, 1)).join(' / ')} ` +
      `at the start), Node ${LOAD_NODE === process.execPath ? process.version : '24'} for the handler. CPU: ${limit.note}. The child got ${round(100 * hang.cpuShare, 1)} % and ` +
      `${round(100 * large.cpuShare, 1)} % of one CPU over its life, waits included (the quota is ${round((100 * MEMORY_MB) / FULL_VCPU_MB, 1)} %).`,
    '',
    `The handler bundled as the stack bundles it, its config file beside it: ${MAX_SERVERS} servers (the most the stack allows, functions/plan/deploy-rules.ts: the Org AS with management and authorize, ` +
      `89 custom servers with authorize, half by private_key_jwt, half by client secret), timeoutMs ${TIMEOUT_MS} (the most the config allows), ${hang.plannedChecks} planned checks. ` +
      `One invocation in a fresh process with AWS_LAMBDA_FUNCTION_MEMORY_SIZE=${MEMORY_MB}, its context counting down from the stack's ${FUNCTION_TIMEOUT_MS / 1000} s timeout; ` +
      `Secrets Manager, SSM and CloudWatch are the deploy tests' loopback fake. finishMarginMs(${hang.plannedChecks}, ${MEMORY_MB}) keeps back ${s(hang.marginMs)}, so the checks' deadline is ` +
      `${s(FUNCTION_TIMEOUT_MS - hang.marginMs)} after the start.`,
    '',
    `**Okta hangs, CloudWatch hangs.** Every simulator answer held ${HANG_MS / 60_000} minutes; PutMetricData held ${CLOUDWATCH_HOLD_MS / 1000} s, past the client's ${PUBLISH_TIMEOUT_MS / 1000} s timeout.`,
    '',
    '| measure | value | against |',
    '|---|---|---|',
    `| checks ended (all TIMEOUT at the deadline; the run line's startedAt + durationMs) | ${s(hang.checksEndedAtMs)} | ${s(FUNCTION_TIMEOUT_MS - hang.marginMs)} deadline |`,
    `| first EMF line | ${s(hang.firstEmfAtMs)} | |`,
    `| last EMF line | ${s(hang.lastEmfAtMs)} (${hang.emfLinesBeforeTimeout} of ${hang.emfLines} lines before ${FUNCTION_TIMEOUT_MS / 1000} s) | ${FUNCTION_TIMEOUT_MS / 1000} s timeout |`,
    `| run line (${RUN_LOG_MESSAGE}) | **${s(hang.runLineAtMs)}** (${round(hang.runLineBytes / 1024)} KB) | ${FUNCTION_TIMEOUT_MS / 1000} s timeout: ${held(inTime)} |`,
    `| handler returned | ${s(hang.handlerReturnedAtMs)} | |`,
    `| CPU from the checks' end to the run line | ${round(hang.finishCpu.cpuMs)} ms, ${round(100 * hang.finishCpu.share, 1)} % of one CPU over that time | finishMarginMs counts ${round(hang.plannedChecks * 1.5)} ms at a full CPU |`,
    `| PutMetricData calls (each timed out) | ${hang.putMetricDataCalls} | |`,
    `| metrics in the run line | published ${String(metrics(hang).published)}, EMF ${String(metrics(hang).emf)} | |`,
    `| diagnoses | ${codes(hang.runLine)} | |`,
    `| maintenance window open in SSM (read with the secrets under this load) | ${hang.maintenance} | |`,
    `| peak RSS (maxRSS) | ${mb(hang.maxRssKb)} | ${MEMORY_MB} MB: ${held(hang.maxRssKb <= limitKb)} |`,
    `| init (module load + HTTP warm-up), not in the timeout | ${s(hang.initMs)} | |`,
    '',
    `**Every Okta answer large.** The simulator's answers padded to ${LARGE_MIN_BYTES / 1024} KB - ${LARGE_MAX_BYTES / 1024 / 1024} MB each (JSON stays valid, so an answer under the ` +
      `${DEFAULTS.maxBodyBytes / 1024 / 1024} MB per-answer cap is used and the checks after it run), ${LARGE_LATENCY_MS} ms before each, the 89 custom servers mapped onto the ` +
      `simulator's one custom AS. ${proxy.answers} answers, ${round(proxy.sentBytes / 1024 / 1024)} MB sent; the run's body budget (DEFAULTS.maxRunBodyBytes) is ` +
      `${DEFAULTS.maxRunBodyBytes / 1024 / 1024} MB.`,
    '',
    '| measure | value | against |',
    '|---|---|---|',
    `| peak RSS (maxRSS) | **${mb(large.maxRssKb)}** | ${MEMORY_MB} MB: ${held(large.maxRssKb <= limitKb)} (${round((100 * large.maxRssKb) / limitKb)} %) |`,
    `| run line | ${s(large.runLineAtMs)} (${round(large.runLineBytes / 1024)} KB) | ${FUNCTION_TIMEOUT_MS / 1000} s timeout: ${held(large.runLineAtMs !== undefined && large.runLineAtMs <= FUNCTION_TIMEOUT_MS)} |`,
    `| metrics in the run line | published ${String(metrics(large).published)}, EMF ${String(metrics(large).emf)} | |`,
    `| diagnoses | ${codes(large.runLine)} | |`,
    `| maintenance window open in SSM | ${large.maintenance} | |`,
    '',
    '**What it means.** ' +
      (inTime
        ? `With Okta and CloudWatch both hanging, the run line of the largest config is out ${s(FUNCTION_TIMEOUT_MS - (hang.runLineAtMs ?? 0))} before Lambda's kill, ` +
          `every datum as EMF: the finish margin holds at ${MEMORY_MB} MB. `
        : `With Okta and CloudWatch both hanging, the run line of the largest config comes ${s((hang.runLineAtMs ?? 0) - FUNCTION_TIMEOUT_MS)} after Lambda's kill: ` +
          'on Lambda it would be lost, with the EMF lines after 50 s, and the run would be an error: the finish margin does not hold. ') +
      `The checks end ${s((hang.checksEndedAtMs ?? NaN) - (FUNCTION_TIMEOUT_MS - hang.marginMs))} after their deadline (settling ${hang.plannedChecks} checks at the CPU share); ` +
      `the rest is the publish timeout and writing ${hang.emfLines} EMF lines and a ${round(hang.runLineBytes / 1024)} KB run line. ` +
      `Memory: ${mb(Math.max(hang.maxRssKb, large.maxRssKb))} at the peak against ${MEMORY_MB} MB` +
      (large.maxRssKb <= 0.9 * limitKb
        ? '. '
        : `: it holds, with ${round(100 - (100 * large.maxRssKb) / limitKb)} % to spare when every answer is large, too little to add work per server without measuring again. `) +
      'Lines are timed when they leave the process (a pipe, as on Lambda): a write longer than the pipe\'s 64 KB buffer is finished by the event loop, ' +
      'so CPU work after it delays it. History of the large run\'s peak, by the run\'s body budget (2026-11-23, one run each unless said, ' +
      'the same machine and limit): 32 MB 209, 238 and 257 MB (257 MB is past the 256 MB Lambda kills at); 16 MB 219 MB; 12 MB 168, 175, 195 and 203 MB; ' +
      '8 MB 143, 165 and 167 MB. The budget ' +
      'bounds the answers a run keeps, but each byte read is held about three times over (the chunks, their text, the parsed JSON) until a ' +
      'collection, so the peak follows it, noisily. History: on main at 6f9cc02 (before `redact` kept each secret\'s encoded forms) the hang run wrote its run line at 85.0 s, ' +
      'its checks ended at 47.5 s, and 5.3 s of CPU went from the checks\' end to the run line: encoding 90 PEMs and secrets anew for every text redacted ' +
      '(a CPU profile put 11 s of 16 s busy in it).',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  if (platform() !== 'linux') process.stderr.write('worst-case: not Linux: no cgroup, the run is unlimited\n');
  const started = performance.now();
  const load = loadavg();
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-worst-'));
  const limit = await makeCgroup(`okta-synthetics-bench-${process.pid}`);
  process.stderr.write(`worst-case: ${limit.note}\n`);
  const sim = await startSimulator({ latencyMs: HANG_MS });
  try {
    process.stderr.write(`worst-case: hang (${MAX_SERVERS} servers, Okta and CloudWatch hanging), about a minute\n`);
    const hang = await runScenario('hang', dir, lambdaConfig(sim, sim.url, sim.statusFeedUrl), secrets(sim), limit);
    process.stderr.write(`worst-case: hang done: run line at ${s(hang.runLineAtMs)}, peak ${mb(hang.maxRssKb)}\n`);
    sim.latencyMs = 0;
    const proxy = await startPaddingProxy(sim);
    let large: InvocationResult;
    try {
      process.stderr.write(`worst-case: large (every answer ${LARGE_MIN_BYTES / 1024} KB - ${LARGE_MAX_BYTES / 1024 / 1024} MB)\n`);
      large = await runScenario('large', dir, lambdaConfig(sim, proxy.url, `${proxy.url}${new URL(sim.statusFeedUrl).pathname}`), secrets(sim), limit);
    } finally {
      await proxy.close();
    }
    const text = section(hang, large, { sentBytes: proxy.sentBytes(), answers: proxy.answers() }, limit, (performance.now() - started) / 1000, load);
    const file = join(root, 'BENCHMARKS.md');
    await writeFile(file, withSection(await readFile(file, 'utf8'), HEADING, text));
    process.stdout.write(`${text}\n`);
    if (hang.stderr.trim() !== '' || large.stderr.trim() !== '') process.stderr.write(`worst-case: the handler's stderr:\n${hang.stderr}\n${large.stderr}\n`);
    process.stderr.write(`worst-case: raw ${JSON.stringify({ hang: { ...hang, runLine: undefined }, large: { ...large, runLine: undefined } })}\n`);
  } finally {
    for (const child of live) child.kill('SIGKILL');
    await sim.close();
    if (limit.dir !== undefined) await rmdir(limit.dir).catch((error: Error) => process.stderr.write(`worst-case: could not remove ${limit.dir}: ${error.message}\n`));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
