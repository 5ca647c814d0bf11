// `npm run bench:org-volume`: an org of 10,000 people, about 100,000 sign-in events an hour, in Okta's event size and
// shape (sim/log-event-shape.ts), read both ways the user-sign-ins check reads it.
// - Polled: the simulator (signInVolume) in a process of its own on loopback; the probe's own engine (runProbe, the
//   user-sign-ins check only, its HTTP client, its cursor kept between runs) in this one, run after run with no wait,
//   so each run reads its full share (USER_SIGN_INS.pagesPerRun pages of 1,000), as a minute's runs do at this rate.
//   Events a second, this process's peak RSS (the simulator's memory is not in it) and the heap the window keeps,
//   requests a run, bytes a page, the share of Okta's /api/v1/logs bucket, and the cost a month.
// - Streamed: an hour of the same events, each in its EventBridge envelope as an SQS body, through the aggregator
//   (`aggregate`), a minute's batch at a time, into a memory table that keeps the counted uuids for the next batch.
// Writes section ac of BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfigFile } from '../../functions/config/parse';
import type { ConfigFileJson } from '../../functions/config/schema';
import { USER_SIGN_INS } from '../../functions/contract';
import { PRICES } from '../../functions/cost/prices';
import { streamCostPerMillion } from '../../functions/cost/stream';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../functions/credentials/local';
import { resolveLocalUsers } from '../../functions/credentials/user-secrets';
import { memoryTallyStore } from '../../test/support/sign-in-stream';
import { aggregate } from '../../functions/lambda/sign-ins-aggregator';
import { runProbe } from '../../functions/probe/engine';
import { createMemoryKeptStore } from '../../functions/probe/kept-store';
import { oktaShaped } from '../../sim/log-event-shape';
import { USER_SIGN_IN_SCENARIOS } from '../../sim/user-sign-in-scenarios';
import { userSignInEvents } from '../../sim/user-sign-ins';
import { ORG_VOLUME_HEADING, withSection } from './doc-section';
import { median, round } from './stats';
import { createMemoryCache } from '../../functions/cache/read-through';

const PEOPLE = 10_000;
const EVENTS_AN_HOUR = 100_000;
const RUNS = 6;
/** Okta's /api/v1/logs bucket, a minute, by plan (the smallest and the largest; functions/cost/estimate.ts). */
const BUCKET = { least: 20, most: 120 } as const;
const PROBE_GB = 0.25;
const AGGREGATOR_GB = 0.5;
const MONTH_HOURS = 730;

const mb = (bytes: number) => round(bytes / 1_048_576, 1);
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Sign-ins a minute that make EVENTS_AN_HOUR events: the simulator's chain is about 3.5 events a sign-in. */
function perMinute(): { perMinute: number; eventsPerSignIn: number; eventBytes: number } {
  const at = Date.UTC(2026, 0, 5);
  const sample = userSignInEvents(undefined, [], at, at + 10 * 60_000, { people: PEOPLE, perMinute: 100 });
  const eventsPerSignIn = sample.length / 1000;
  const sizes = sample.map((e) => Buffer.byteLength(JSON.stringify(oktaShaped(e)))).sort((a, b) => a - b);
  return {
    perMinute: Math.round(EVENTS_AN_HOUR / 60 / eventsPerSignIn),
    eventsPerSignIn,
    eventBytes: sizes[sizes.length >> 1] ?? 0,
  };
}

/** The simulator in its own process; its config's path and a stop. */
async function simulator(dir: string, rate: number): Promise<{ path: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./org-volume-sim.ts', import.meta.url).pathname, dir, String(PEOPLE), String(rate)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  return { path: String(first.value), stop: () => child.stdin.end() };
}

async function polled(rate: number) {
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-org-volume-'));
  const sim = await simulator(dir, rate);
  try {
    const json = JSON.parse(await readFile(sim.path, 'utf8')) as ConfigFileJson;
    await writeFile(sim.path, JSON.stringify(USER_SIGN_IN_SCENARIOS['user-sign-ins-healthy'].config(json)));
    const loaded = loadConfigFile(sim.path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const probe = loaded.config.probe;
    const cache = createMemoryCache();
    const kept = createMemoryKeptStore();
    const runs: { ms: number; logs: number; read: number; status: string; judged: boolean }[] = [];
    global.gc?.();
    const baseHeap = process.memoryUsage().heapUsed;
    for (let i = 0; i < RUNS; i += 1) {
      let logs = 0;
      const started = performance.now();
      const report = await runProbe(probe, {
        credentials: resolveLocalCredentials(probe, {}),
        users: resolveLocalUsers(probe, {}),
        cache,
        keptState: kept,
        checks: new Set(['user-sign-ins']),
        onRequest: (r) => {
          if (r.url.includes('/api/v1/logs')) logs += 1;
        },
      });
      const check = report.checks.find((c) => c.check === 'user-sign-ins');
      const observed = (check as { observed?: Record<string, unknown> } | undefined)?.observed ?? {};
      runs.push({
        ms: performance.now() - started,
        logs,
        read: Number(observed.eventsRead ?? 0),
        status: check?.status ?? 'missing',
        judged: check?.status === 'pass' || check?.status === 'fail',
      });
    }
    global.gc?.();
    const keptHeap = process.memoryUsage().heapUsed - baseHeap;
    return { runs, keptHeap, peakRss: process.resourceUsage().maxRSS * 1024 };
  } finally {
    sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The tallies table in memory with the DynamoDB store's rules, counting what the aggregator asks of it. */
const table = () => memoryTallyStore();

async function streamed(rate: number) {
  const start = Date.UTC(2026, 0, 5, 9);
  const { store, use } = table();
  let ms = 0;
  let events = 0;
  let peakBatchHeap = 0;
  const log = console.log;
  console.log = () => undefined;
  try {
    for (let m = 0; m < 60; m += 1) {
      const from = start + m * 60_000;
      const records = userSignInEvents(undefined, [], from, from + 60_000, { people: PEOPLE, perMinute: rate }).map(
        (e, n) => ({
          messageId: `${m}-${n}`,
          body: JSON.stringify({ version: '0', id: `${m}-${n}`, 'detail-type': 'SystemLog', detail: oktaShaped(e) }),
        }),
      );
      events += records.length;
      global.gc?.();
      const heap = process.memoryUsage().heapUsed;
      const started = performance.now();
      await aggregate({ Records: records }, store, from + 60_000);
      ms += performance.now() - started;
      peakBatchHeap = Math.max(peakBatchHeap, process.memoryUsage().heapUsed - heap);
    }
  } finally {
    console.log = log;
  }
  return { ms, events, peakBatchHeap, use };
}

/** The streamed half of the section. */
function streamText(stream: Awaited<ReturnType<typeof streamed>>): string[] {
  const perSecond = (n: number, ms: number): string => int(n / (ms / 1000));
  const streamMonth = ((EVENTS_AN_HOUR * MONTH_HOURS) / 1e6) * streamCostPerMillion(1, EVENTS_AN_HOUR * 24).total;
  return [
    `**Streamed** (an hour: 60 batches of a minute's events in EventBridge envelopes through \`aggregate\`, the ` +
      'counted uuids kept for the next batch):',
    '',
    '| Events | Aggregated in | Events a second | Batch heap, most | DynamoDB puts | Write units | Queries |',
    '|---|---|---|---|---|---|---|',
    `| ${int(stream.events)} | ${round(stream.ms)} ms | ${perSecond(stream.events, stream.ms)} | ` +
      `${mb(stream.peakBatchHeap)} MB | ${int(stream.use.items)} | ${int(stream.use.writeUnits)} | ` +
      `${int(stream.use.queries)} |`,
    '',
    `No request to /api/v1/logs for sign-ins. Cost a month at ${int(EVENTS_AN_HOUR)} events an hour ` +
      `(${int((EVENTS_AN_HOUR * MONTH_HOURS) / 1e6)} million): $${round(streamMonth, 2)} (EventBridge's partner ` +
      `events most of it; functions/cost/stream.ts), the aggregator at ${AGGREGATOR_GB * 1024} MB.`,
    `Peak RSS of the whole process after both: ${mb(process.resourceUsage().maxRSS * 1024)} MB.`,
  ];
}

async function main(): Promise<void> {
  const { perMinute: rate, eventsPerSignIn, eventBytes } = perMinute();
  const eventsAMinute = rate * eventsPerSignIn;
  const poll = await polled(rate);
  const full = poll.runs.filter((r) => r.read > 0);
  const runMs = median(full.map((r) => r.ms));
  const readPerRun = median(full.map((r) => r.read));
  const logsPerRun = median(poll.runs.map((r) => r.logs));
  const stream = await streamed(rate);
  const perRunUsd = (runMs / 1000) * PROBE_GB * PRICES.lambdaArmGbSecond.usd;
  const pollMonth = perRunUsd * 60 * MONTH_HOURS;
  const share = (perMinute: number, bucket: number): string => `${round((perMinute / (bucket / 2)) * 100, 1)} %`;
  const capacity = USER_SIGN_INS.pagesPerRun * 1000;
  const spare = round((1 - eventsAMinute / capacity) * 100);
  const judged = poll.runs.filter((r) => r.judged).length;
  const perSecond = (n: number, ms: number): string => int(n / (ms / 1000));
  const section = [
    ORG_VOLUME_HEADING,
    '',
    `\`npm run bench:org-volume\`. ${int(PEOPLE)} people making ${rate} sign-ins a minute, ` +
      `${round(eventsPerSignIn, 2)} events each: ${int(eventsAMinute)} events a minute, ` +
      `${int(eventsAMinute * 60)} an hour, every event in Okta's ` +
      `size and shape (median ${round(eventBytes / 1024, 2)} KB, a page of 1,000 about ${mb(eventBytes * 1000)} MB). ` +
      `One process, Node ${process.versions.node}, this machine (2 cores, shared).`,
    '',
    "**Polled** (the simulator on loopback in a process of its own; the probe's engine, the `user-sign-ins` check " +
      `only, ${RUNS} runs back to back from one kept cursor, each reading its full share):`,
    '',
    '| Runs judged | Events a run | Requests to /api/v1/logs a run | A run | Events a second | ' +
      'Heap the window keeps | Peak RSS |',
    '|---|---|---|---|---|---|---|',
    `| ${judged} of ${RUNS} | ${int(readPerRun)} | ${logsPerRun} | ${round(runMs)} ms | ` +
      `${perSecond(readPerRun, runMs)} | ${mb(poll.keptHeap)} MB | ${mb(poll.peakRss)} MB |`,
    '',
    `A run reads at most ${USER_SIGN_INS.pagesPerRun} pages (${int(capacity)} events): at ` +
      `${int(eventsAMinute)} events a minute a run a minute keeps up with ${spare} % to spare, and a backlog (a ` +
      `first run, an outage) is read ${int(capacity - eventsAMinute)} events a minute faster than it grows. ` +
      `Its ${logsPerRun} requests a minute (the look-up's rate-limit read and ${USER_SIGN_INS.pagesPerRun} pages of ` +
      `sign-ins) are ${share(logsPerRun, BUCKET.least)} of the half of the smallest /api/v1/logs bucket ` +
      `(${BUCKET.least} a minute) one app may use, ${share(logsPerRun, BUCKET.most)} of the largest ` +
      `(${BUCKET.most}). ` +
      `A run's time includes the simulator making and serving the pages: the probe's own compute is less. Cost a ` +
      `month, that time taken as compute (an upper bound), ${round(runMs)} ms at ${PROBE_GB * 1024} MB, ` +
      `${int(60 * MONTH_HOURS)} runs: $${round(pollMonth, 2)} (Okta's answers cost no AWS transfer in). Peak RSS ` +
      "is this process's (the probe with tsx's compiler loaded), not the simulator's.",
    '',
    ...streamText(stream),
  ].join('\n');
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  await writeFile(file, withSection(await readFile(file, 'utf8'), ORG_VOLUME_HEADING, section));
  process.stdout.write(`${section}\n`);
}

await main();
