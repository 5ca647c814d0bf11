// `npm run bench:sign-in-stream`: Okta's Log Streaming through the stack's aggregator. A day of the simulator's real
// users (sim/user-sign-ins.ts: Okta's event shapes) at 10k, 100k and 1M events a day, each event in its EventBridge
// envelope as the SQS body, fed to the aggregator (functions/lambda/sign-ins-aggregator.ts `aggregate`) a minute's
// batch at a time, as the event source mapping's 60-second window delivers them, into a store that keeps only the
// items' sizes. In one process: events per second (median of runs), the heap a batch allocates and the process's peak
// RSS, the DynamoDB write units the parts cost; then a month at 100k sign-ins a day through EventBridge and by polling,
// and the time from an app breaking to the warning in each mode, derived. Writes section z of BENCHMARKS.md.
import { readFile, writeFile } from 'node:fs/promises';
import { AGGREGATOR_MEMORY_MB, SYSTEM_LOG, USER_SIGN_INS } from '../../functions/contract';
import { PRICES } from '../../functions/cost/prices';
import { aggregate } from '../../functions/lambda/sign-ins-aggregator';
import { alarmTiming } from '../../functions/plan/alarm-timing';
import { userSignInEvents } from '../../sim/user-sign-ins';
import { memoryTallyStore } from '../../test/support/sign-in-stream';
import { SIGN_IN_STREAM_HEADING, USER_SIGN_INS_HEADING, sectionOf, withSection } from './doc-section';
import { median, round } from './stats';

const PER_DAY = [10_000, 100_000, 1_000_000] as const;
const RUNS = 3;
/** Batches of a day whose heap is measured. */
const HEAP_SAMPLES = 20;
const DAY0 = Date.UTC(2026, 0, 5);
const LAMBDA_GB = 0.5;
const MONTH_DAYS = 30;
const SIGN_INS_A_DAY = 100_000;

/** The simulator's events, `count` of them, re-stamped into `minute` with fresh uuids (a day is many minutes). */
function minuteBodies(pool: readonly Record<string, unknown>[], minute: number, count: number, offset: number) {
  return Array.from({ length: count }, (_, i) => {
    const event = pool[(offset + i) % pool.length] ?? {};
    const published = new Date(minute * 60_000 + Math.floor((i * 60_000) / Math.max(1, count))).toISOString();
    const detail = { ...event, uuid: `${minute}-${i}`, published };
    const envelope = { version: '0', id: `${minute}-${i}`, 'detail-type': 'SystemLog', source: 'bench', detail };
    return { messageId: `${minute}-${i}`, body: JSON.stringify(envelope) };
  });
}

interface DayRun {
  ms: number;
  items: number;
  writeUnits: number;
  itemBytes: number;
  peakBatchHeap: number;
}

/** A day through the aggregator, a minute's batch at a time; only the aggregation is timed. */
async function day(pool: readonly Record<string, unknown>[], perDay: number): Promise<DayRun> {
  const run: DayRun = { ms: 0, items: 0, writeUnits: 0, itemBytes: 0, peakBatchHeap: 0 };
  // The tallies table in memory with the DynamoDB store's rules, billed as DynamoDB bills its transactions.
  const { store, use } = memoryTallyStore();
  const log = console.log;
  console.log = () => undefined;
  try {
    for (let m = 0, sent = 0; m < 1440; m += 1) {
      const count = Math.round(((m + 1) * perDay) / 1440) - sent;
      if (count === 0) continue;
      const minute = Math.floor(DAY0 / 60_000) + m;
      const records = minuteBodies(pool, minute, count, sent);
      sent += count;
      // The batches of a day are alike: the first ones' heap is measured (a gc before each), the rest run freely.
      const measuring = m < HEAP_SAMPLES;
      if (measuring) global.gc?.();
      const heap = process.memoryUsage().heapUsed;
      const started = performance.now();
      await aggregate({ Records: records }, store, (minute + 1) * 60_000);
      Object.assign(run, { items: use.items, itemBytes: use.itemBytes, writeUnits: use.writeUnits });
      run.ms += performance.now() - started;
      if (measuring) run.peakBatchHeap = Math.max(run.peakBatchHeap, process.memoryUsage().heapUsed - heap);
    }
  } finally {
    console.log = log;
  }
  return run;
}

async function main(): Promise<void> {
  const pool: Record<string, unknown>[] = [];
  for (let from = DAY0; pool.length < 50_000; from += 60 * 60_000)
    pool.push(...(userSignInEvents(undefined, [], from, from + 60 * 60_000) as unknown as Record<string, unknown>[]));
  // Events per sign-in: the simulator's chain (session start or IdP, factor, policy, SSO) per person signing in.
  const sessions = pool.filter((e) => e.eventType === 'user.authentication.sso').length;
  const eventsPerSignIn = pool.length / Math.max(1, sessions);
  const rows: string[] = [];
  const measured = new Map<number, DayRun & { eventsPerSecond: number }>();
  for (const perDay of PER_DAY) {
    const runs: DayRun[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await day(pool, perDay));
    const ms = median(runs.map((r) => r.ms));
    const last = runs.at(-1) as DayRun;
    const eventsPerSecond = perDay / (ms / 1000);
    measured.set(perDay, { ...last, ms, eventsPerSecond });
    rows.push(
      `| ${perDay.toLocaleString('en-US')} | ${Math.round(perDay / 1440)} | ` +
        `${Math.round(eventsPerSecond).toLocaleString('en-US')} | ${round(ms)} ms | ` +
        `${round(last.peakBatchHeap / 1024)} KB | ${last.items} | ${round(last.itemBytes / last.items / 1024, 1)} KB | ` +
        `${last.writeUnits.toLocaleString('en-US')} |`,
    );
  }
  const rss = process.memoryUsage().rss;
  const month = monthly(measured, eventsPerSignIn);
  const delay = delays();
  const section = [
    SIGN_IN_STREAM_HEADING,
    '',
    "`npm run bench:sign-in-stream`. The simulator's real users in Okta's event shapes, each in its EventBridge " +
      "envelope as an SQS body, fed to the aggregator's `aggregate` a minute's batch at a time (the event source " +
      "mapping's 60 s window: at these rates a batch never reaches 10,000), into a store that keeps only the items' " +
      `sizes. One process, Node ${process.versions.node}, this machine (2 cores, shared); median of ${RUNS} days. ` +
      `Batch heap: what one batch allocated before gc (its garbage included), the most of the day's first ${HEAP_SAMPLES}.`,
    '',
    '| Events a day | A batch (events a minute) | Events per second | A day aggregated | Batch heap, most | ' +
      'Items a day | Item, mean | Write units a day |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Peak RSS of the whole benchmark process: ${round(rss / 1_048_576)} MB ` +
      `(the aggregator runs in ${AGGREGATOR_MEMORY_MB} MB).`,
    '',
    ...month,
    '',
    ...delay,
  ].join('\n');
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  const doc = await readFile(file, 'utf8');
  const placed = sectionOf(doc, SIGN_IN_STREAM_HEADING) === undefined ? afterSignIns(doc, section) : doc;
  await writeFile(file, withSection(placed, SIGN_IN_STREAM_HEADING, section));
  process.stdout.write(`${section}\n`);
}

/** Section z right after section y the first time (withSection appends at the end otherwise). */
function afterSignIns(doc: string, section: string): string {
  const y = sectionOf(doc, USER_SIGN_INS_HEADING);
  if (y === undefined) return doc;
  const at = doc.indexOf(y) + y.length;
  return `${doc.slice(0, at).trimEnd()}\n\n${section.split('\n')[0]}\n\n${doc.slice(at).replace(/^\n*/, '')}`;
}

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** A month at SIGN_INS_A_DAY sign-ins a day: the EventBridge path's AWS bill, and polling's, from what was measured. */
function monthly(measured: ReadonlyMap<number, DayRun & { eventsPerSecond: number }>, eventsPerSignIn: number) {
  const perDay = SIGN_INS_A_DAY * eventsPerSignIn;
  // Scale the measured 100k-events day to this many events (items and write units grow with the minute's users).
  const base = measured.get(100_000) as DayRun & { eventsPerSecond: number };
  const scale = perDay / 100_000;
  const events = perDay * MONTH_DAYS;
  const invocations = 1440 * MONTH_DAYS;
  const eventBridge = (events / 1e6) * PRICES.eventBridgePartnerEvent.usd;
  // SendMessage per event (EventBridge's SQS target), and Lambda's pollers' ReceiveMessage and DeleteMessageBatch of
  // up to 10 messages each.
  const sqsRequests = events + 2 * Math.ceil(events / 10);
  const sqs = (sqsRequests / 1e6) * PRICES.sqsRequest.usd;
  const gbSeconds = (base.ms * scale * MONTH_DAYS * LAMBDA_GB) / 1000;
  const lambda = gbSeconds * PRICES.lambdaArmGbSecond.usd + (invocations / 1e6) * PRICES.lambdaRequest.usd;
  const writes = base.writeUnits * scale * MONTH_DAYS;
  // Each run reads the window's items (eventually consistent: half a read unit per 4 KB), a run a minute.
  const meanItem = base.itemBytes / base.items;
  const itemsPerMinute = (base.items * scale) / 1440;
  const readUnits = 0.5 * Math.ceil((itemsPerMinute * meanItem * USER_SIGN_INS.windowMinutes) / 4096) * invocations;
  const dynamo = (writes / 1e6) * PRICES.dynamoWriteRequest.usd + (readUnits / 1e6) * PRICES.dynamoReadRequest.usd;
  const stream = eventBridge + sqs + lambda + dynamo;
  const perMillion = stream / (events / 1e6);
  // Polling: section y's aggregation cost in the probe's own 256 MB run, and one more request a run to Okta.
  const pollMs = (perDay * MONTH_DAYS * 18_760) / 1e6;
  const pollWaitMs = 200 * invocations;
  const polling = ((pollMs + pollWaitMs) / 1000) * 0.25 * PRICES.lambdaArmGbSecond.usd;
  return [
    `A month (${MONTH_DAYS} days) at ${SIGN_INS_A_DAY.toLocaleString('en-US')} sign-ins a day: ` +
      `${round(eventsPerSignIn, 1)} events a sign-in in the simulator's chain, so ` +
      `${Math.round(perDay).toLocaleString('en-US')} events a day, at the list prices of functions/cost/prices.ts:`,
    '',
    '| Mode | EventBridge | SQS | Lambda | DynamoDB | A month | A million events |',
    '|---|---|---|---|---|---|---|',
    `| Log Streaming (EventBridge) | ${usd(eventBridge)} | ${usd(sqs)} (${round(sqsRequests / 1e6, 1)}M requests) | ` +
      `${usd(lambda)} | ${usd(dynamo)} | **${usd(stream)}** | ${usd(perMillion)} |`,
    `| Polling /api/v1/logs | | | ${usd(polling)} | | **${usd(polling)}** | ${usd(polling / (events / 1e6))} |`,
    '',
    "Polling is nearly free in AWS, and costs Okta's bucket instead: one more request to /api/v1/logs a run (60 an " +
      'hour at one run a minute, against 1,200 to 7,200 an hour by plan), and two pages a run read at most 2,000 ' +
      `events a minute (${(2000 * 1440).toLocaleString('en-US')} a day): past that it falls behind, which the ` +
      "stream never does. Polling's Lambda line assumes 200 ms more of each run for the request (an assumption, " +
      "not measured here) and section y's 18,760 ms of aggregation a million events. SQS's first million requests " +
      "a month and Lambda's free tier are not subtracted.",
  ];
}

/** From an app breaking to the warning, derived from the settings (not measured on the simulator). */
function delays(): string[] {
  const timing = alarmTiming(1);
  // All of an app's people failing from t0 on, the failing share of the window's distinct people reaches
  // failureRate after failureRate x windowMinutes minutes (a busy app reaches minEvents and 3 people well before).
  const rateMinutes = USER_SIGN_INS.failureRate * USER_SIGN_INS.windowMinutes;
  const polling = SYSTEM_LOG.lagSeconds / 60 + 1 + rateMinutes + timing.warnWithinMinutes;
  const stream = 60 / 60 + 1 + rateMinutes + timing.warnWithinMinutes;
  return [
    'From an app breaking to the warning, derived at one run a minute, for an app whose every person is refused from ' +
      `t0 and that has at least minEvents (${USER_SIGN_INS.minEvents}) sign-ins in the window:`,
    '',
    `- the judge: the failing share of the ${USER_SIGN_INS.windowMinutes}-minute window's people reaches ` +
      `failureRate (${USER_SIGN_INS.failureRate}) after ${rateMinutes} minutes of failures;`,
    `- polling: Okta's lag the probe leaves (${SYSTEM_LOG.lagSeconds} s) and the next run (up to 1 min) to read it;`,
    "- Log Streaming: Okta's delivery (seconds: not measured, no source gives a figure), the batching window " +
      '(up to 60 s), and the next run (up to 1 min) to read the tallies;',
    `- the warn alarm: ${timing.warnWithinMinutes} min (2 of the last 3 runs failing, and the composite's wait).`,
    '',
    `So about ${round(polling, 1)} minutes polling and ${round(stream, 1)} minutes through EventBridge, at most: ` +
      "the stream is not faster; it is for orgs whose events outgrow polling's two pages a run, and it spares Okta's " +
      'bucket. Not measured end to end on the simulator.',
  ];
}

await main();
