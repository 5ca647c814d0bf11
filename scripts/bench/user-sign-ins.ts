// `npm run bench:user-sign-ins`: the user-sign-ins aggregator's throughput and memory. The simulator's real users
// (sim/user-sign-ins.ts: Okta's event shapes, about 3 % failures) serialized as /api/v1/logs pages of 1000, then read
// as the probe reads a page (readEvents), reduced (signInRecord), windowed (windowOf) and judged
// (signInHealth), in one process as one Lambda would: events per second (median of runs), the heap a quarter hour's
// window holds, and the Lambda compute a million events costs by polling. At 10k, 100k and 1M events a day. Writes
// section y of BENCHMARKS.md.
import { readFile, writeFile } from 'node:fs/promises';
import { USER_SIGN_INS } from '../../functions/contract';
import { PRICES } from '../../functions/cost/prices';
import { readEvents, windowOf } from '../../functions/probe/okta/log-events';
import { signInRecord, type SignInRecord } from '../../functions/probe/system-log/sign-in-events';
import { signInHealth } from '../../functions/probe/system-log/sign-in-tally';
import { userSignInEvents } from '../../sim/user-sign-ins';
import { USER_SIGN_INS_HEADING, withSection } from './doc-section';
import { median, round } from './stats';

const PER_DAY = [10_000, 100_000, 1_000_000] as const;
const RUNS = 3;
const PAGE = 1000;
const LAMBDA_GB = 0.25;

/** `count` events in Okta's shapes, as JSON pages of 1000 (what the probe's HTTP client hands readEvents). */
function pages(count: number): string[] {
  const events = [];
  // The simulator makes about 140 events a minute: enough minutes for `count`.
  for (let from = Date.UTC(2026, 0, 1); events.length < count; from += 60 * 60_000)
    events.push(...userSignInEvents(undefined, [], from, from + 60 * 60_000));
  const out: string[] = [];
  for (let i = 0; i < count; i += PAGE) out.push(JSON.stringify(events.slice(i, Math.min(count, i + PAGE))));
  return out;
}

/** The whole pipeline over `bodies`, ms. */
function aggregate(bodies: readonly string[]): { ms: number; records: SignInRecord[] } {
  const started = performance.now();
  const excluded = new Set<string>();
  const fresh: SignInRecord[] = [];
  for (const body of bodies)
    for (const event of readEvents(JSON.parse(body) as unknown)) {
      const record = signInRecord(event, excluded);
      if (record !== undefined) fresh.push(record);
    }
  // Once, as a run does: the window kept, then what the run read.
  const records = windowOf([], fresh, -Infinity, Infinity);
  signInHealth(records, { minEvents: USER_SIGN_INS.minEvents, failureRate: USER_SIGN_INS.failureRate });
  return { ms: performance.now() - started, records };
}

function heapOf(make: () => unknown): number {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  global.gc?.();
  const after = process.memoryUsage().heapUsed;
  return Math.max(0, after - before) + (kept === undefined ? 0 : 0);
}

async function main(): Promise<void> {
  const rows: string[] = [];
  let perMillionMs = 0;
  for (const perDay of PER_DAY) {
    const bodies = pages(perDay);
    const times = Array.from({ length: RUNS }, () => aggregate(bodies).ms);
    const eventsPerSecond = perDay / (median(times) / 1000);
    const windowEvents = Math.ceil((perDay / 1440) * USER_SIGN_INS.windowMinutes);
    const windowHeap = heapOf(() => aggregate(pages(windowEvents)).records);
    perMillionMs = (median(times) / perDay) * 1_000_000;
    rows.push(
      `| ${perDay.toLocaleString('en-US')} | ${Math.round(eventsPerSecond).toLocaleString('en-US')} | ` +
        `${round(median(times))} ms | ${windowEvents.toLocaleString('en-US')} | ${round(windowHeap / 1024)} KB |`,
    );
  }
  const gcNote = global.gc ? 'after gc' : 'without --expose-gc: rough';
  const costPerMillion = (perMillionMs / 1000) * LAMBDA_GB * PRICES.lambdaArmGbSecond.usd;
  const section = [
    USER_SIGN_INS_HEADING,
    '',
    "`npm run bench:user-sign-ins`. The simulator's real users in Okta's event shapes, as pages of 1000 read the " +
      'way the probe reads one (JSON parse, readEvents, signInRecord, the window, signInHealth), in one process as ' +
      `one Lambda: a day's events aggregated at once (median of ${RUNS} runs), and the heap the ` +
      `${USER_SIGN_INS.windowMinutes}-minute window holds at that rate (${gcNote}).`,
    '',
    "| Events a day | Events per second | A day's events | Window events | Window heap |",
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Polling, the aggregation costs about ${round(perMillionMs)} ms of a ${LAMBDA_GB * 1024} MB arm64 Lambda a ` +
      `million events: $${costPerMillion.toFixed(5)} a million at $${PRICES.lambdaArmGbSecond.usd} a GB-second, ` +
      "on top of the probe's own run; the requests to Okta cost nothing but its bucket (`plan`, `cost`).",
    'Not measured: the time from an app breaking to the warning (polling, it is at least the next run after Okta ' +
      'commits the events, then as long as the failing people take to reach the rate and minEvents); the ' +
      "EventBridge path's cost and time are section z's.",
  ].join('\n');
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  await writeFile(file, withSection(await readFile(file, 'utf8'), USER_SIGN_INS_HEADING, section));
  process.stdout.write(`${section}\n`);
}

await main();
