// Section h of BENCHMARKS.md from the two runs: what held against the timeout and the memory size, and why.
import { cpus, platform, release } from 'node:os';
import { DEFAULTS, RUN_LOG_MESSAGE } from '../../../functions/contract';
import { PUBLISH_TIMEOUT_MS } from '../../../functions/lambda/metrics-sink';
import { MAX_SERVERS } from '../../../functions/plan/deploy-rules';
import { LOAD_NODE } from '../bundle';
import { WORST_CASE_HEADING as HEADING } from '../doc-section';
import { FULL_VCPU_MB } from '../memory';
import { round } from '../stats';
import type { CpuLimit } from './cgroup';
import type { InvocationResult } from './invoke';
import {
  CLOUDWATCH_HOLD_MS,
  FUNCTION_TIMEOUT_MS,
  HANG_MS,
  LARGE_LATENCY_MS,
  LARGE_MAX_BYTES,
  LARGE_MIN_BYTES,
  MEMORY_MB,
  TIMEOUT_MS,
} from './settings';

export const s = (ms: number | undefined): string => (ms === undefined ? 'never' : `${round(ms / 1000, 1)} s`);
export const mb = (kb: number): string => `${round(kb / 1024)} MB`;
const held = (ok: boolean): string => (ok ? 'holds' : '**does not hold**');

function codes(run: Record<string, unknown> | undefined): string {
  const failures = (run?.failures ?? []) as Array<{ code: string }>;
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || 'none'
  );
}

export function section(
  hang: InvocationResult,
  large: InvocationResult,
  proxy: { sentBytes: number; answers: number },
  limit: CpuLimit,
  seconds: number,
  load: number[],
): string {
  return [
    ...setup({ hang, large, limit, seconds, load }),
    ...hangTable(hang),
    ...largeTable(large, proxy),
    ...meaning(hang, large),
  ].join('\n');
}

const metricsOf = (r: InvocationResult): Record<string, unknown> =>
  (r.runLine?.metrics ?? {}) as Record<string, unknown>;

const LIMIT_KB = MEMORY_MB * 1024;

/** Whether the run line of the hang run was out before Lambda's kill. */
const inTime = (hang: InvocationResult): boolean =>
  hang.runLineAtMs !== undefined && hang.runLineAtMs <= FUNCTION_TIMEOUT_MS;

/** When and where it was measured, and what was invoked. */
function setup({
  hang,
  large,
  limit,
  seconds,
  load,
}: {
  hang: InvocationResult;
  large: InvocationResult;
  limit: CpuLimit;
  seconds: number;
  load: number[];
}): string[] {
  return [
    HEADING,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:worst-case\` ` +
      `(scripts/bench/worst-case.ts, as root for the CPU limit) in ${round(seconds)} s; ` +
      ('rerun it to reproduce: it rewrites this section only (and `npm run bench` keeps it). Traffic goes ' +
        'only to 127.0.0.1.'),
    '',
    `Machine: ${platform()} ${release()}, ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores shared ` +
      `with other work (load average ${load.map((l) => round(l, 1)).join(' / ')} ` +
      (`at the start), Node ${LOAD_NODE === process.execPath ? process.version : '24'} for the handler. CPU: ${limit.note}. ` +
        `The child got ${round(100 * hang.cpuShare, 1)} % and `) +
      (`${round(100 * large.cpuShare, 1)} % of one CPU over its life, waits included (the quota is ${round((100 * MEMORY_MB) / FULL_VCPU_MB, 1)} ` +
        `%).`),
    '',
    `The handler bundled as the stack bundles it, its config file beside it: ${MAX_SERVERS} servers (the ` +
      `most the stack allows, functions/plan/deploy-rules.ts: the Org AS with management and authorize, ` +
      (`89 custom servers with authorize, half by private_key_jwt, half by client secret), timeoutMs ${TIMEOUT_MS} ` +
        `(the most the config allows), ${hang.plannedChecks} planned checks. `) +
      (`One invocation in a fresh process with AWS_LAMBDA_FUNCTION_MEMORY_SIZE=${MEMORY_MB}, its context ` +
        `counting down from the stack's ${FUNCTION_TIMEOUT_MS / 1000} s timeout; `) +
      (`Secrets Manager, SSM and CloudWatch are the deploy tests' loopback fake. finishMarginMs(${hang.plannedChecks}, ${MEMORY_MB}) ` +
        `keeps back ${s(hang.marginMs)}, so the checks' deadline is `) +
      `${s(FUNCTION_TIMEOUT_MS - hang.marginMs)} after the start.`,
    '',
  ];
}

function hangTable(hang: InvocationResult): string[] {
  return [
    `**Okta hangs, CloudWatch hangs.** Every simulator answer held ${HANG_MS / 60_000} minutes; ` +
      `PutMetricData held ${CLOUDWATCH_HOLD_MS / 1000} s, past the client's ${PUBLISH_TIMEOUT_MS / 1000} s ` +
      `timeout.`,
    '',
    '| measure | value | against |',
    '|---|---|---|',
    `| checks ended (all TIMEOUT at the deadline; the run line's startedAt + durationMs) | ${s(hang.checksEndedAtMs)} ` +
      `| ${s(FUNCTION_TIMEOUT_MS - hang.marginMs)} deadline |`,
    `| first EMF line | ${s(hang.firstEmfAtMs)} | |`,
    `| last EMF line | ${s(hang.lastEmfAtMs)} (${hang.emfLinesBeforeTimeout} of ${hang.emfLines} lines ` +
      `before ${FUNCTION_TIMEOUT_MS / 1000} s) | ${FUNCTION_TIMEOUT_MS / 1000} s timeout |`,
    `| run line (${RUN_LOG_MESSAGE}) | **${s(hang.runLineAtMs)}** (${round(hang.runLineBytes / 1024)} KB) | ${FUNCTION_TIMEOUT_MS / 1000} ` +
      `s timeout: ${held(inTime(hang))} |`,
    `| handler returned | ${s(hang.handlerReturnedAtMs)} | |`,
    `| CPU from the checks' end to the run line | ${round(hang.finishCpu.cpuMs)} ms, ${round(100 * hang.finishCpu.share, 1)} ` +
      `% of one CPU over that time | finishMarginMs counts ${round(hang.plannedChecks * 1.5)} ms at a full CPU ` +
      `|`,
    `| PutMetricData calls (each timed out) | ${hang.putMetricDataCalls} | |`,
    `| metrics in the run line | published ${String(metricsOf(hang).published)}, EMF ${String(metricsOf(hang).emf)} | |`,
    `| diagnoses | ${codes(hang.runLine)} | |`,
    `| maintenance window open in SSM (read with the secrets under this load) | ${hang.maintenance} | |`,
    `| peak RSS (maxRSS) | ${mb(hang.maxRssKb)} | ${MEMORY_MB} MB: ${held(hang.maxRssKb <= LIMIT_KB)} |`,
    `| init (module load + HTTP warm-up), not in the timeout | ${s(hang.initMs)} | |`,
    '',
  ];
}

function largeTable(large: InvocationResult, proxy: { sentBytes: number; answers: number }): string[] {
  return [
    `**Every Okta answer large.** The simulator's answers padded to ${LARGE_MIN_BYTES / 1024} KB - ${LARGE_MAX_BYTES / 1024 / 1024} ` +
      `MB each (JSON stays valid, so an answer under the ` +
      (`${DEFAULTS.maxBodyBytes / 1024 / 1024} MB per-answer cap is used and the checks after it run), ${LARGE_LATENCY_MS} ` +
        `ms before each, the 89 custom servers mapped onto the `) +
      (`simulator's one custom AS. ${proxy.answers} answers, ${round(proxy.sentBytes / 1024 / 1024)} MB sent; ` +
        `the run's body budget (DEFAULTS.maxRunBodyBytes) is `) +
      `${DEFAULTS.maxRunBodyBytes / 1024 / 1024} MB.`,
    '',
    '| measure | value | against |',
    '|---|---|---|',
    `| peak RSS (maxRSS) | **${mb(large.maxRssKb)}** | ${MEMORY_MB} MB: ${held(large.maxRssKb <= LIMIT_KB)} (${round((100 * large.maxRssKb) / LIMIT_KB)} ` +
      `%) |`,
    `| run line | ${s(large.runLineAtMs)} (${round(large.runLineBytes / 1024)} KB) | ${FUNCTION_TIMEOUT_MS / 1000} ` +
      `s timeout: ${held(large.runLineAtMs !== undefined && large.runLineAtMs <= FUNCTION_TIMEOUT_MS)} |`,
    `| metrics in the run line | published ${String(metricsOf(large).published)}, EMF ${String(metricsOf(large).emf)} | |`,
    `| diagnoses | ${codes(large.runLine)} | |`,
    `| maintenance window open in SSM | ${large.maintenance} | |`,
    '',
  ];
}

function meaning(hang: InvocationResult, large: InvocationResult): string[] {
  return [
    '**What it means.** ' +
      (inTime(hang)
        ? `With Okta and CloudWatch both hanging, the run line of the largest config is out ${s(FUNCTION_TIMEOUT_MS - (hang.runLineAtMs ?? 0))} ` +
          `before Lambda's kill, ` +
          `every datum as EMF: the finish margin holds at ${MEMORY_MB} MB. `
        : `With Okta and CloudWatch both hanging, the run line of the largest config comes ${s((hang.runLineAtMs ?? 0) - FUNCTION_TIMEOUT_MS)} ` +
          `after Lambda's kill: ` +
          ('on Lambda it would be lost, with the EMF lines after 50 s, and the run would be an error: the ' +
            'finish margin does not hold. ')) +
      (`The checks end ${s((hang.checksEndedAtMs ?? NaN) - (FUNCTION_TIMEOUT_MS - hang.marginMs))} after ` +
        `their deadline (settling ${hang.plannedChecks} checks at the CPU share); `) +
      (`the rest is the publish timeout and writing ${hang.emfLines} EMF lines and a ${round(hang.runLineBytes / 1024)} ` +
        `KB run line. `) +
      `Memory: ${mb(Math.max(hang.maxRssKb, large.maxRssKb))} at the peak against ${MEMORY_MB} MB` +
      (large.maxRssKb <= 0.9 * LIMIT_KB
        ? '. '
        : `: it holds, with ${round(100 - (100 * large.maxRssKb) / LIMIT_KB)} % to spare when every answer is ` +
          `large, too little to add work per server without measuring again. `) +
      ("Lines are timed when they leave the process (a pipe, as on Lambda): a write longer than the pipe's 64 " +
        'KB buffer is finished by the event loop, ') +
      ("so CPU work after it delays it. History of the large run's peak, by the run's body budget " +
        '(2026-11-23, one run each unless said, ') +
      ('the same machine and limit): 32 MB 209, 238 and 257 MB (257 MB is past the 256 MB Lambda kills at); ' +
        '16 MB 219 MB; 12 MB 168, 175, 195 and 203 MB; ') +
      '8 MB 143, 165 and 167 MB. The budget ' +
      ('bounds the answers a run keeps, but each byte read is held about three times over (the chunks, their ' +
        'text, the parsed JSON) until a ') +
      ('collection, so the peak follows it, noisily. History: on main at 6f9cc02 (before `redact` kept each ' +
        "secret's encoded forms) the hang run wrote its run line at 85.0 s, ") +
      ("its checks ended at 47.5 s, and 5.3 s of CPU went from the checks' end to the run line: encoding 90 " +
        'PEMs and secrets anew for every text redacted ') +
      '(a CPU profile put 11 s of 16 s busy in it).',
    '',
  ];
}
