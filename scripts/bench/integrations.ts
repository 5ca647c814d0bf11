// `npm run bench:integrations`: integration health at a real org's size. 10,000 people, 20 inline hooks, 100,000 SMS
// and 200,000 e-mails a day, and the hooks' executions (the telephony hook once an SMS), spread over the day with a
// busy hour, every event in Okta's full LogEvent size (sim/log-event-shape.ts).
// - Polled: the probe's engine runs the integration-health check, the simulator issuing its tokens and a loopback org
//   answering /api/v1/logs with Okta's filter (eq, sw, or) and `since`. A cold start in the busy hour (the hour read
//   again from its start), then a run a minute for BUSY_RUNS minutes, each after a busy minute's events: requests,
//   events read, whether the run read to the log's end, heap kept, time.
// - Streamed: the busy hour's events in EventBridge envelopes through the sign-ins aggregator (`aggregate`, the
//   integration check's reader), a minute's batch at a time, into a memory table with the DynamoDB store's rules; then
//   the table's counts read back and judged, as a run on the stream path reads them.
// The day's requests to /api/v1/logs of both paths follow from the measured pages a run and the day's profile. Cost a
// month from functions/cost's prices. Writes section ae of BENCHMARKS.md.
import { readFile, writeFile } from 'node:fs/promises';
import { INTEGRATION_HEALTH, PROVISIONING_STREAM, SYSTEM_LOG } from '../../functions/contract';
import { PRICES } from '../../functions/cost/prices';
import { resolveLocalCredentials } from '../../functions/credentials/local';
import { aggregate, integrationReader } from '../../functions/lambda/sign-ins-aggregator';
import { runProbe } from '../../functions/probe/engine';
import { createDispatcher } from '../../functions/probe/http';
import { judgeIntegrations } from '../../functions/probe/integrations/judge';
import { storedIntegrationCounts } from '../../functions/probe/integrations/stream';
import { createMemoryKeptStore } from '../../functions/probe/kept-store';
import { oktaShaped } from '../../sim/log-event-shape';
import { startSimulator } from '../../sim/server';
import type { SimLogEvent } from '../../sim/system-log';
import { routedToOrg } from '../../test/support/routed-dispatcher';
import { memoryTallyStore, streamMessage } from '../../test/support/sign-in-stream';
import { INTEGRATIONS_HEADING, withSection } from './doc-section';
import { simLogProbe, startLogOrg } from './log-org';
import { median, round } from './stats';
import { createMemoryCache } from '../../functions/cache/read-through';

const PEOPLE = 10_000;
const SMS_A_DAY = 100_000;
const EMAILS_A_DAY = 200_000;
/** Token and SAML hooks' calls a day: about four sign-ins a person, each through one of the org's 16 such hooks. */
const CLAIM_HOOK_CALLS_A_DAY = 40_000;
/** The day's share of each hour (UTC), a working day: quiet nights, a 9 o'clock peak. Sums to 1. */
const HOURS = [
  0.006, 0.005, 0.005, 0.005, 0.006, 0.01, 0.025, 0.06, 0.1, 0.12, 0.09, 0.075, 0.065, 0.07, 0.075, 0.07, 0.06, 0.045,
  0.03, 0.025, 0.02, 0.015, 0.01, 0.008,
];
const BUSY_SHARE = Math.max(...HOURS);
/** Runs of the busy hour measured after the cold one, one a minute. */
const BUSY_RUNS = 20;
/** Okta's /api/v1/logs bucket, a minute (developer.okta.com reference/rl-global-mgmt): 20 to 120 by plan. */
const BUCKET = { least: 20, most: 120 } as const;
const PROBE_GB = 0.25;
const AGGREGATOR_GB = 0.5;
const MONTH_DAYS = 30.4;
const MONTH_RUNS = 60 * 24 * MONTH_DAYS;

/** The org's 20 hooks (Workflow > Inline Hooks), by type, and their share of the claim hooks' calls. */
const HOOKS = [
  { id: 'cal1telephony00000x7', name: 'Twilio telephony', type: 'com.okta.telephony.provider' },
  { id: 'cal1signup0000000x7', name: 'Sign-up checker', type: 'com.okta.user.pre-registration' },
  { id: 'cal1pwimport00000x7', name: 'Legacy password import', type: 'com.okta.user.credential.password.import' },
  { id: 'cal1usrimport0000x7', name: 'HR import transform', type: 'com.okta.import.transform' },
  ...Array.from({ length: 12 }, (_, i) => ({
    id: `cal1token${String(i).padStart(9, '0')}x7`,
    name: `Claims for app ${i + 1}`,
    type: 'com.okta.oauth2.tokens.transform',
  })),
  ...Array.from({ length: 4 }, (_, i) => ({
    id: `cal1saml${String(i).padStart(10, '0')}x7`,
    name: `SAML roles ${i + 1}`,
    type: 'com.okta.saml.tokens.transform',
  })),
] as const;

/** Events of the org a day, by what makes them: an SMS is its send, its status and its telephony hook call. */
const EVENTS_A_DAY = 3 * SMS_A_DAY + EMAILS_A_DAY + CLAIM_HOOK_CALLS_A_DAY + 2_000;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => round(bytes / 1_048_576, 1);

/** A person, whose phone, address and login Okta's events carry and nothing may keep. */
const person = (n: number) => ({
  id: `00u${String(n % PEOPLE).padStart(17, '0')}`,
  login: `member${n % PEOPLE}@acme.example`,
  phone: `+1555${String(n % PEOPLE).padStart(7, '0')}`,
});

/** The n-th event of the org's mix at `at`, in Okta's size and shape. */
function orgEvent(n: number, at: number): Record<string, unknown> {
  const who = person(n);
  const user = [{ id: who.id, type: 'User', alternateId: who.login, displayName: `Member ${n}`, detailEntry: null }];
  const slot = n % Math.round(EVENTS_A_DAY / 1000);
  const share = (count: number) => Math.round(count / 1000);
  const [sms, mail, claims] = [share(SMS_A_DAY), share(EMAILS_A_DAY), share(CLAIM_HOOK_CALLS_A_DAY)];
  let made: Pick<SimLogEvent, 'eventType' | 'target' | 'displayMessage'> & { debug: Record<string, string> };
  const hookCall = (hook: (typeof HOOKS)[number]) => ({
    eventType: 'inline_hook.response.processed',
    target: [{ id: hook.id, type: 'InlineHook', alternateId: hook.name, displayName: hook.name, detailEntry: null }],
    displayMessage: 'Inline hook response processed',
    debug: { inline_hook_type: hook.type },
  });
  const common = { sms_telephony_provider: 'TWILIO', phone_number: who.phone, country_code_iso2: 'US' };
  if (slot < sms)
    made = {
      eventType: 'system.sms.send_factor_verify_message',
      target: user,
      displayMessage: 'Send second factor auth SMS',
      debug: { ...common, is_sms_hook_failover: 'false' },
    };
  else if (slot < 2 * sms)
    made = {
      eventType: 'system.sms.receive_status',
      target: user,
      displayMessage: 'SMS status received',
      debug: { ...common, provider_status: n % 50 === 0 ? 'Sms Failed' : 'Sms Delivered' },
    };
  else if (slot < 3 * sms) made = hookCall(HOOKS[0]);
  else if (slot < 3 * sms + mail)
    made = {
      eventType: 'system.email.delivery',
      target: user,
      displayMessage: 'Email delivery status updated',
      debug: { category: n % 200 === 0 ? 'Bounce' : 'Delivered', email_provider: 'SES', user_id: who.id },
    };
  else if (slot < 3 * sms + mail + claims) made = hookCall(HOOKS[4 + (n % 16)]!);
  else made = hookCall(HOOKS[1 + (n % 3)]!);
  const uuid = `c0ffee${String(n).padStart(10, '0')}-0000-11f0-8a00-000000000000`.slice(0, 36);
  return oktaShaped({
    uuid,
    published: new Date(at).toISOString(),
    eventType: made.eventType,
    displayMessage: made.displayMessage,
    severity: 'INFO',
    actor: { id: '0oa1oktasystem00x7', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta' },
    client: { ipAddress: '198.51.100.31' },
    outcome: { result: 'SUCCESS', reason: null },
    target: made.target,
    transaction: { type: 'WEB', id: uuid.slice(0, 20), detail: {} },
    debugContext: { debugData: { requestId: uuid.slice(0, 27), ...made.debug } },
  });
}

/** Events of one minute of an hour with this share of the day. */
const perMinute = (share: number): number => Math.round((EVENTS_A_DAY * share) / 60);

interface RunFigures {
  readonly logs: number;
  readonly ms: number;
  readonly heapMb: number;
  readonly eventsRead: number;
  readonly inWindow: number;
  readonly readAll: boolean;
}

/** The polled path: a cold run in the busy hour, then a run a minute, each after a busy minute's events. */
async function polled(): Promise<{ cold: RunFigures; busy: RunFigures[]; eventBytes: number }> {
  const sim = await startSimulator();
  const org = await startLogOrg(() => sim.url);
  const probe = await simLogProbe(sim, [], { integrationHealth: {} });
  const credentials = resolveLocalCredentials(probe, {});
  const cache = createMemoryCache();
  const kept = createMemoryKeptStore();
  const dispatcher = routedToOrg(createDispatcher(), () => org.url);
  const rate = perMinute(BUSY_SHARE);
  let n = 0;
  const now = Date.now();
  // The busy hour so far: what a cold start reads again from its start.
  for (let m = 60; m > 0; m -= 1)
    for (let i = 0; i < rate; i += 1) org.log.push(orgEvent((n += 1), now - m * 60_000 + (i * 60_000) / rate));
  const sizes = org.log.slice(0, 2000).map((e) => Buffer.byteLength(JSON.stringify(e)));
  const perEvent = heapPerEvent();
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  const atBase = org.log.length;
  const runOnce = async (): Promise<RunFigures> => {
    sim.resetRateLimits();
    let logs = 0;
    const started = performance.now();
    const report = await runProbe(probe, {
      credentials,
      cache,
      keptState: kept,
      checks: new Set(['integration-health']),
      dispatcher,
      onRequest: (r) => void (new URL(r.url).pathname === '/api/v1/logs' && (logs += 1)),
    });
    const ms = performance.now() - started;
    global.gc?.();
    // What the process holds after the run beyond the loopback org's log (grown since): the window in the cache.
    const held = process.memoryUsage().heapUsed - base - (org.log.length - atBase) * perEvent;
    const check = report.checks.find((c) => c.check === 'integration-health');
    return {
      logs,
      ms,
      heapMb: Math.max(0, held) / 1_048_576,
      eventsRead: Number(check?.observed?.eventsRead ?? 0),
      inWindow: Number(check?.observed?.eventsInWindow ?? 0),
      readAll: check?.observed?.readAll === true,
    };
  };
  const cold = await runOnce();
  const busy: RunFigures[] = [];
  for (let run = 0; run < BUSY_RUNS; run += 1) {
    const from = Date.now();
    for (let i = 0; i < rate; i += 1) org.log.push(orgEvent((n += 1), from - 60_000 + (i * 60_000) / rate));
    busy.push(await runOnce());
  }
  await dispatcher.close();
  org.server.close();
  await sim.close();
  return { cold, busy, eventBytes: median(sizes) };
}

/** The heap one of the org's events takes as the loopback org holds it, bytes. */
function heapPerEvent(): number {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const held = Array.from({ length: 2000 }, (_, i) => orgEvent(10_000_000 + i, Date.now()));
  global.gc?.();
  const bytes = (process.memoryUsage().heapUsed - before) / held.length;
  return held.length > 0 ? bytes : 0;
}

/** The streamed path: the busy hour through the aggregator, then the table's counts read back and judged. */
async function streamed() {
  const { store, use } = memoryTallyStore();
  const rate = perMinute(BUSY_SHARE);
  const start = Date.UTC(2026, 0, 5, 9);
  let ms = 0;
  let peakBatchHeap = 0;
  let n = 0;
  const log = console.log;
  console.log = () => undefined;
  try {
    for (let m = 0; m < 60; m += 1) {
      const from = start + m * 60_000;
      const records = Array.from({ length: rate }, (_, i) =>
        streamMessage(orgEvent((n += 1), from + (i * 60_000) / rate), n),
      );
      global.gc?.();
      const heap = process.memoryUsage().heapUsed;
      const started = performance.now();
      await aggregate({ Records: records }, store, from + 60_000, integrationReader);
      ms += performance.now() - started;
      peakBatchHeap = Math.max(peakBatchHeap, process.memoryUsage().heapUsed - heap);
    }
  } finally {
    console.log = log;
  }
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const readStarted = performance.now();
  const { items } = await store.others(Math.floor(start / 60_000), Math.floor(start / 60_000) + 61);
  const counts = storedIntegrationCounts(items);
  const judged = judgeIntegrations(counts.events, start + 3_600_000);
  const readMs = performance.now() - readStarted;
  global.gc?.();
  const readHeap = process.memoryUsage().heapUsed - before;
  const storedBytes = Buffer.byteLength(JSON.stringify(items));
  return { events: n, ms, peakBatchHeap, use, rows: items.length, storedBytes, readMs, readHeap, judged, counts };
}

/**
 * Requests to /api/v1/logs a run reading `arriving` events a minute from a cursor behind by `backlog`: pages of 1,000
 * while full, at most pagesPerRun, and one at least (a poll always asks).
 */
function pagesOf(backlog: number): number {
  return Math.min(INTEGRATION_HEALTH.pagesPerRun, Math.max(1, Math.ceil((backlog + 1) / SYSTEM_LOG.pageLimit)));
}

/** Events a run reads from a backlog: its pages', or what the measured runs read within the log's budget. */
const readBy = (pages: number, capacity: number): number =>
  pages < INTEGRATION_HEALTH.pagesPerRun ? pages * SYSTEM_LOG.pageLimit : capacity;

/**
 * A day's requests: polled, a run a minute from the check's cursor; streamed, only provisioning's backfill rule (a
 * process's first run, then once an hour, and every run until a backfill reads to the log's end), from the same
 * cursor. A run's pages read what arrived since the last and what a backlog left.
 */
function dayRequests(capacity: number): { polled: number; streamed: number; busyPolled: number; busyStreamed: number } {
  let backlogPolled = 0;
  let backlogStreamed = 0;
  let draining = true;
  let sinceBackfill = 0;
  const out = { polled: 0, streamed: 0, busyPolled: 0, busyStreamed: 0 };
  for (let minute = 0; minute < 2 * 1440; minute += 1) {
    const share = HOURS[Math.floor(minute / 60) % 24] ?? 0;
    const arriving = perMinute(share);
    const busy = share === BUSY_SHARE && minute >= 1440;
    backlogPolled += arriving;
    const polledPages = pagesOf(backlogPolled);
    backlogPolled = Math.max(0, backlogPolled - readBy(polledPages, capacity));
    backlogStreamed += arriving;
    sinceBackfill += 1;
    let streamedPages = 0;
    if (draining || sinceBackfill >= PROVISIONING_STREAM.backfillEveryMinutes) {
      streamedPages = pagesOf(backlogStreamed);
      backlogStreamed = Math.max(0, backlogStreamed - readBy(streamedPages, capacity));
      draining = backlogStreamed > 0;
      sinceBackfill = 0;
    }
    // The second day: the first's cold start is past.
    if (minute < 1440) continue;
    out.polled += polledPages;
    out.streamed += streamedPages;
    if (busy) {
      out.busyPolled += polledPages;
      out.busyStreamed += streamedPages;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const poll = await polled();
  const stream = await streamed();
  // What a run reads of a backlog, measured: its pages within the log's budget (SYSTEM_LOG.budgetMs).
  const capacity = median(poll.busy.filter((r) => !r.readAll).map((r) => r.eventsRead));
  const perRun = capacity || INTEGRATION_HEALTH.pagesPerRun * SYSTEM_LOG.pageLimit;
  await writeSection(poll, stream, dayRequests(perRun), perRun);
}

type Polled = Awaited<ReturnType<typeof polled>>;
type Streamed = Awaited<ReturnType<typeof streamed>>;

function costs(poll: Polled, stream: Streamed) {
  const runMs = median(poll.busy.map((r) => r.ms));
  const polledMonth = (runMs / 1000) * PROBE_GB * PRICES.lambdaArmGbSecond.usd * MONTH_RUNS;
  const monthEvents = EVENTS_A_DAY * MONTH_DAYS;
  const perEvent = (usd: number) => usd * (monthEvents / stream.events);
  const eventBridge = (monthEvents / PRICES.eventBridgePartnerEvent.per) * PRICES.eventBridgePartnerEvent.usd;
  // SQS: EventBridge's send per event; Lambda's receive and delete of up to 10 messages each.
  const sqs = ((monthEvents * 1.2) / PRICES.sqsRequest.per) * PRICES.sqsRequest.usd;
  const lambda = perEvent(
    (stream.ms / 1000) * AGGREGATOR_GB * PRICES.lambdaArmGbSecond.usd +
      (60 / PRICES.lambdaRequest.per) * PRICES.lambdaRequest.usd,
  );
  // Each batch reads its minutes' counted uuids (strongly consistent, a unit per 4 KB); a run reads its new rows.
  const writes = perEvent((stream.use.writeUnits / PRICES.dynamoWriteRequest.per) * PRICES.dynamoWriteRequest.usd);
  const reads = perEvent(
    ((stream.use.queries + (stream.storedBytes / 4096) * 0.5 * 3) / PRICES.dynamoReadRequest.per) *
      PRICES.dynamoReadRequest.usd,
  );
  const readMonth = (stream.readMs / 1000 / 60) * PROBE_GB * PRICES.lambdaArmGbSecond.usd * MONTH_RUNS;
  return { runMs, polledMonth, eventBridge, sqs, lambda, dynamo: writes + reads, readMonth };
}

/** A share of Okta's /api/v1/logs bucket a minute, percent. */
const share = (perMinute: number, bucket: number): string => `${round((perMinute / bucket) * 100, 1)} %`;

/** The requests to /api/v1/logs of both paths. */
function requestLines(day: ReturnType<typeof dayRequests>, busyLogs: number): string[] {
  return [
    '**Requests to /api/v1/logs** (Okta documents the bucket per minute, 20 on the smallest plans to 120 on ' +
      "Workforce: developer.okta.com `reference/rl-global-mgmt`; the probe leaves half of it to the org's other " +
      "readers, and shares its own half with the System Log's other checks: the rate-limit read, real users' " +
      'sign-ins, provisioning):',
    '',
    '| path | busy minute | busy hour | a day | share of the bucket, busy minute (20 / 120) |',
    '| --- | --- | --- | --- | --- |',
    `| polled, a run a minute | ${busyLogs} | ${int(day.busyPolled)} | ${int(day.polled)} | ` +
      `${share(busyLogs, BUCKET.least)} / ${share(busyLogs, BUCKET.most)} |`,
    `| streamed, backfill as provisioning's | ${round(day.busyStreamed / 60, 1)} (mean) | ` +
      `${int(day.busyStreamed)} | ${int(day.streamed)} | ${share(day.busyStreamed / 60, BUCKET.least)} / ` +
      `${share(day.busyStreamed / 60, BUCKET.most)} |`,
    '',
    `The streamed row follows provisioning's rule for its backfill (a process's first run, then every ` +
      `${PROVISIONING_STREAM.backfillEveryMinutes} minutes, and every run until a backfill reads to the log's end) ` +
      "with the polled runs' measured reads. " +
      (day.streamed < day.polled
        ? "After an hour unread, the busy hour's backlog takes many of the next hour's runs to drain, so in the " +
          'busy hour the stream path asks nearly as much of the bucket as polling; over the day it asks less. '
        : 'Here a run reads fewer events than the busy minute brings, so a backfill started in the busy hour never ' +
          'reads to the end until the evening, and the stream path asks as much of the bucket as polling, or more: ' +
          "provisioning's backfill rule does not fit integrations' volume (docs/integration-health.md). ") +
      "The stream's own reads are of the table, never of Okta.",
  ];
}

/** The streamed path's measured figures. */
function streamLines(stream: Streamed): string[] {
  return [
    "**Streamed** (the busy hour's events in EventBridge envelopes through the sign-ins aggregator with the " +
      "integration check's reader, a minute's batch at a time; then the hour's counts read back and judged):",
    '',
    '| events | aggregated in | batch heap, most | rows stored (counts) | bytes stored | write units | ' +
      'read and judged in | heap of the read |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${int(stream.events)} | ${round(stream.ms)} ms | ${mb(stream.peakBatchHeap)} MB | ${int(stream.rows)} | ` +
      `${int(stream.storedBytes)} | ${int(stream.use.writeUnits)} | ${round(stream.readMs)} ms | ` +
      `${mb(stream.readHeap)} MB |`,
    '',
    `The table keeps a count per minute and integration: ${int(stream.rows)} rows for ${int(stream.events)} ` +
      "events, whatever the messages' number; the write units are mostly each event's 13-byte hashed uuid that " +
      'counts a redelivered event once (sign-ins-aggregator.ts). The judged hour from the counts: ' +
      `${stream.judged.totals.hooks} hooks, ${stream.judged.totals.providers} provider(s), ` +
      `${stream.judged.told.length} findings, ${stream.counts.damaged} damaged rows.`,
  ];
}

/** The cost a month of both paths. */
function costLines(c: ReturnType<typeof costs>, streamMonth: number): string[] {
  return [
    '**Cost a month** (functions/cost/prices.ts; 30.4 days, a run a minute):',
    '',
    '| path | Lambda | EventBridge | SQS | DynamoDB | total |',
    '| --- | --- | --- | --- | --- | --- |',
    `| polled (${round(c.runMs)} ms a busy run at ${PROBE_GB * 1024} MB, an upper bound: every run taken as busy) | ` +
      `$${round(c.polledMonth, 2)} | - | - | - | $${round(c.polledMonth, 2)} |`,
    `| streamed (aggregator at ${AGGREGATOR_GB * 1024} MB; the probe's read of the counts) | ` +
      `$${round(c.lambda + c.readMonth, 2)} | $${round(c.eventBridge, 2)} | $${round(c.sqs, 2)} | ` +
      `$${round(c.dynamo, 2)} | $${round(streamMonth, 2)} |`,
    '',
    `EventBridge bills each partner event ($${PRICES.eventBridgePartnerEvent.usd} a million), and "Okta sends all ` +
      'System Log events to a configured log stream target. No event filtering is supported" (help.okta.com, ' +
      '"Log Streaming"): an org that streams its sign-ins pays that line for these events already. What integration ' +
      `health adds on the stream is SQS, the aggregator and DynamoDB: ` +
      `$${round(c.sqs + c.lambda + c.dynamo + c.readMonth, 2)} ` +
      'a month. The stream path buys the busy hour judged whole and no page of the bucket between backfills.',
  ];
}

/** The polled path's measured runs, and what they mean for the busy hour. */
function polledLines(poll: Polled, capacity: number): string[] {
  const rate = perMinute(BUSY_SHARE);
  const caughtUp = poll.busy.findIndex((r) => r.readAll);
  const row = (label: string, r: RunFigures): string =>
    `| ${label} | ${int(r.eventsRead)} | ${r.logs} | ${String(r.readAll)} | ${int(r.inWindow)} | ` +
    `${round(r.heapMb, 1)} | ${round(r.ms)} |`;
  const mean = (pick: (r: RunFigures) => number) => poll.busy.reduce((s, r) => s + pick(r), 0) / poll.busy.length;
  const busyMean: RunFigures = {
    logs: mean((r) => r.logs),
    ms: median(poll.busy.map((r) => r.ms)),
    heapMb: Math.max(...poll.busy.map((r) => r.heapMb)),
    eventsRead: mean((r) => r.eventsRead),
    inWindow: Math.max(...poll.busy.map((r) => r.inWindow)),
    readAll: poll.busy.every((r) => r.readAll),
  };
  const keepsUp = rate < capacity;
  const windowCut = rate * 60 > INTEGRATION_HEALTH.maxWindowEvents;
  return [
    "**Polled** (the probe's engine, the `integration-health` check only, the simulator issuing its tokens and a " +
      "loopback org answering /api/v1/logs with the check's filter; a cold start in the busy hour, then " +
      `${BUSY_RUNS} runs, one per busy minute of events):`,
    '',
    '| run | events read | /api/v1/logs | read to the end | events in the window | heap kept MB | ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row('cold start (the hour read again)', poll.cold),
    row(`busy minute (mean of ${BUSY_RUNS}; window: most)`, busyMean),
    '',
    `A run reads at most ${INTEGRATION_HEALTH.pagesPerRun} pages of 1,000, each part of the log's reads within ` +
      `${SYSTEM_LOG.budgetMs} ms (SYSTEM_LOG.budgetMs): here a run read ${int(capacity)} events of a backlog (the ` +
      `median), its last page cut by that budget. The busy minute's ${int(rate)} events ${
        keepsUp
          ? `fit a run, but a backlog drains only by the ${int(capacity - rate)} events a run has to spare`
          : 'are more than a run reads: the polled path falls behind in the busy hour, and a backlog grows'
      }: a cold start in the busy hour (the hour read again from its start) ${
        caughtUp >= 0
          ? `read to the log's end after ${caughtUp + 1} runs`
          : `had not read to the log's end after ${BUSY_RUNS} runs (${
              keepsUp
                ? `about ${int(Math.ceil((rate * 60) / (capacity - rate)))} runs at this pace`
                : 'nor will it before the busy hour ends'
            }), judging events that old all the while`
      }. ${
        windowCut
          ? `The window keeps at most ${int(INTEGRATION_HEALTH.maxWindowEvents)} reduced events ` +
            `(INTEGRATION_HEALTH.maxWindowEvents): the busy hour's ${int(rate * 60)} do not fit, so the polled ` +
            `path judges the last ${round(INTEGRATION_HEALTH.maxWindowEvents / rate)} minutes of it, not the hour. `
          : ''
      }` +
      "Heap kept is what the process held after a run beyond the loopback org's own log (the window in the cache). " +
      "A run's time includes the loopback org serving the pages. **In the busy hour the polled path does not keep " +
      'up once behind, and cannot judge the whole hour: prefer the stream path.**',
    '',
  ];
}

async function writeSection(
  poll: Polled,
  stream: Streamed,
  day: ReturnType<typeof dayRequests>,
  capacity: number,
): Promise<void> {
  const rate = perMinute(BUSY_SHARE);
  const busyLogs = median(poll.busy.map((r) => r.logs));
  const c = costs(poll, stream);
  const streamMonth = c.eventBridge + c.sqs + c.lambda + c.dynamo + c.readMonth;
  const section = [
    INTEGRATIONS_HEADING,
    '',
    `\`npm run bench:integrations\` (scripts/bench/integrations.ts). ${int(PEOPLE)} people, ${HOOKS.length} inline ` +
      `hooks, ${int(SMS_A_DAY)} SMS and ${int(EMAILS_A_DAY)} e-mails a day: an SMS is three events (its send, its ` +
      "delivery status, the telephony hook's call), an e-mail one, and the 16 token and SAML hooks are called " +
      `${int(CLAIM_HOOK_CALLS_A_DAY)} times: ${int(EVENTS_A_DAY)} events a day, each in Okta's full LogEvent size ` +
      `(median ${round(poll.eventBytes / 1024, 2)} KB; a page of 1,000 about ${mb(poll.eventBytes * 1000)} MB). ` +
      `The busy hour (9 o'clock) carries ${round(BUSY_SHARE * 100)} % of the day: ${int(rate)} events a minute, ` +
      `${int(rate * 60)} in the hour. Node ${process.versions.node}, this machine (2 cores, shared).`,
    '',
    ...polledLines(poll, capacity),
    ...requestLines(day, busyLogs),
    '',
    ...streamLines(stream),
    '',
    ...costLines(c, streamMonth),
  ].join('\n');
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  await writeFile(file, withSection(await readFile(file, 'utf8'), INTEGRATIONS_HEADING, section));
  process.stdout.write(`${section}\n`);
}

await main();
