// `npm run bench:provisioning`: provisioning health at an org's size. The probe's engine runs the provisioning-health
// check with the simulator's org server issuing its tokens, and a loopback org answering /api/v1/logs and
// /api/v1/apps (the undici dispatcher sends those two paths there): 200 apps of Okta's listing size, 10,000 people, and
// 1,000 provisioning events an hour of Okta's full LogEvent size (about 1.7 KB each, client, request, security and
// debug context filled), 5 % of them failing on one app whose token expired. A first run reads a day back (bounded at
// PROVISIONING.pagesPerRun pages), then steady runs every 5 minutes of events. Reports requests a run by path, the
// share of the /api/v1/logs and /api/v1/apps buckets, the heap and time a run takes, and the cost a month the block
// adds (functions/cost). Writes section ad of BENCHMARKS.md.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../functions/config/parse';
import type { ConfigFileJson } from '../../functions/config/schema';
import { APPS_SCOPE, PROVISIONING, PROVISIONING_STREAM, SYSTEM_LOG, USER_SIGN_INS } from '../../functions/contract';
import { readEvents } from '../../functions/probe/okta/log-events';
import { readProvisioningEvent, userHasher } from '../../functions/probe/provisioning/events';
import { signInRecord } from '../../functions/probe/system-log/sign-in-events';
import { oktaShaped } from '../../sim/log-event-shape';
import { userSignInEvents } from '../../sim/user-sign-ins';
import { resolveLocalCredentials } from '../../functions/credentials/local';
import { BENCHMARKED_PROFILE } from '../../functions/cli/cost';
import { estimateCost } from '../../functions/cost/estimate';
import { runProbe } from '../../functions/probe/engine';
import { createDispatcher } from '../../functions/probe/http';
import { routedToOrg } from '../../test/support/routed-dispatcher';
import { createMemoryKeptStore, createMemoryProvisioningStore } from '../../functions/probe/kept-store';
import { startSimulator } from '../../sim/server';
import { PROVISIONING_HEADING, withSection } from './doc-section';
import { readingOrg, simLogProbe, startLogOrg } from './log-org';
import { round } from './stats';
import { createMemoryCache } from '../../functions/cache/read-through';

const APPS = 200;
const PEOPLE = 10_000;
const PER_HOUR = 1_000;
const STEADY_RUNS = 6;
const SCHEDULE_MINUTES = 5;
/** Okta's buckets a minute (Workforce): /api/v1/logs 20 to 120 by plan, /api/v1/apps 100. */
const LOGS_BUCKET = { least: 20, most: 120 };
const APPS_BUCKET = 100;

const pad = (n: number): string => 'x'.repeat(n);

/** An app of the listing at Okta's size: settings, credentials, _links and the provisioning features. */
function app(i: number): Record<string, unknown> {
  const id = `0oa${String(i).padStart(17, '0')}`;
  return {
    id,
    name: `scim_app_${i}`,
    label: `App ${i}`,
    status: 'ACTIVE',
    signOnMode: 'SAML_2_0',
    features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', ...(i % 10 === 0 ? [] : ['PUSH_USER_DEACTIVATION'])],
    settings: { app: { baseUrl: `https://app${i}.example.com/scim/v2` }, signOn: { audience: pad(80) } },
    credentials: { signing: { kid: pad(43) }, userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' } },
    _links: { self: { href: pad(90) }, users: { href: pad(96) }, logo: [{ href: pad(120) }] },
  };
}

/** A provisioning event at Okta's full LogEvent size; one app (App 1) refuses every call (its token expired). */
function event(n: number, at: number): Record<string, unknown> {
  const appIndex = n % 20 === 0 ? 1 : 2 + (n % (APPS - 2));
  const failing = appIndex === 1;
  const person = n % PEOPLE;
  const type = n % 7 === 0 ? 'application.provision.user.deactivate' : 'application.provision.user.push_profile';
  return {
    uuid: `${String(n).padStart(8, '0')}-0000-11ee-8000-000000000000`,
    published: new Date(at).toISOString(),
    eventType: type,
    version: '0',
    severity: failing ? 'WARN' : 'INFO',
    displayMessage: 'Push user profile update to external application',
    actor: { id: '0oa1okta', type: 'PublicClientApp', alternateId: 'Okta', displayName: 'Okta' },
    client: { userAgent: { rawUserAgent: pad(120), os: 'Unknown', browser: 'UNKNOWN' }, ipAddress: '10.0.0.1' },
    request: { ipChain: [{ ip: '10.0.0.1', geographicalContext: { city: pad(20), country: pad(20) } }] },
    securityContext: { asNumber: 1, asOrg: pad(30), isp: pad(30), domain: pad(20), isProxy: false },
    authenticationContext: { externalSessionId: pad(25), authenticationStep: 0 },
    outcome: failing
      ? {
          result: 'FAILURE',
          reason: `Unauthorized. Errors reported by remote server: Invalid token (user=p${person}@x)`,
        }
      : { result: 'SUCCESS' },
    transaction: { type: 'JOB', id: pad(20), detail: {} },
    debugContext: { debugData: { AppName: `App ${appIndex}`, requestId: pad(27), url: pad(200) } },
    target: [
      {
        id: `0oa${String(appIndex).padStart(17, '0')}`,
        type: 'AppInstance',
        alternateId: `App ${appIndex}`,
        displayName: `App ${appIndex}`,
      },
      {
        id: `0ua${String(person).padStart(17, '0')}`,
        type: 'AppUser',
        alternateId: `p${person}@example.com`,
        displayName: pad(20),
      },
      {
        id: `00u${String(person).padStart(17, '0')}`,
        type: 'User',
        alternateId: `p${person}@example.com`,
        displayName: pad(20),
      },
    ],
  };
}

interface RunFigures {
  readonly logs: number;
  readonly apps: number;
  readonly token: number;
  readonly ms: number;
  readonly heapMb: number;
  readonly eventsRead: number;
  /** Whether the run said it read the log to its end (its observed readAll). */
  readonly readAll: boolean;
}

async function main(): Promise<void> {
  const sim = await startSimulator();
  const org = await startLogOrg(() => sim.url, { '/api/v1/apps': Array.from({ length: APPS }, (_, i) => app(i + 1)) });
  const probe = await simLogProbe(sim, [APPS_SCOPE], { provisioning: {} });
  const credentials = resolveLocalCredentials(probe, {});
  const cache = createMemoryCache();
  const kept = createMemoryKeptStore();
  const ledger = createMemoryProvisioningStore();
  const dispatcher = routedToOrg(createDispatcher(), () => org.url);
  let n = 0;
  const now = Date.now();
  // A day before the first run, at 1,000 an hour.
  for (let at = now - 24 * 3_600_000; at < now; at += 3_600_000 / PER_HOUR) org.log.push(event((n += 1), at));
  const runOnce = async (): Promise<RunFigures> => {
    sim.resetRateLimits();
    const sent: string[] = [];
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const report = await runProbe(probe, {
      credentials,
      cache,
      keptState: kept,
      provisioningState: ledger,
      checks: new Set(['provisioning-health']),
      dispatcher,
      onRequest: (r) => sent.push(new URL(r.url).pathname),
    });
    const ms = performance.now() - started;
    global.gc?.();
    const heapMb = Math.max(0, process.memoryUsage().heapUsed - before) / 1024 / 1024;
    const check = report.checks.find((c) => c.check === 'provisioning-health');
    const count = (p: RegExp): number => sent.filter((s) => p.test(s)).length;
    return {
      logs: count(/^\/api\/v1\/logs$/),
      apps: count(/^\/api\/v1\/apps$/),
      token: count(/\/token$/),
      ms,
      heapMb,
      eventsRead: Number(check?.observed?.eventsRead ?? 0),
      readAll: check?.observed?.readAll === true,
    };
  };
  const first = await runOnce();
  const steady: RunFigures[] = [];
  for (let run = 0; run < STEADY_RUNS; run += 1) {
    const from = Date.now();
    for (let i = 0; i < (PER_HOUR * SCHEDULE_MINUTES) / 60; i += 1) org.log.push(event((n += 1), from));
    steady.push(await runOnce());
  }
  await dispatcher.close();
  org.server.close();
  await sim.close();
  await writeSection(first, steady, boundsMemory());
}

/** What `count` items `make` builds hold on the heap, MiB, each read from its JSON as a page's element is. */
function heldMib<T>(count: number, make: (n: number) => T | undefined): { mib: number; held: number } {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const held: T[] = [];
  for (let n = 0; held.length < count && n < count * 4; n += 1) {
    const item = make(n);
    if (item !== undefined) held.push(item);
  }
  global.gc?.();
  const mib = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  return { mib, held: held.length };
}

/**
 * The memory the org's volume holds at the bounds (functions/plan/probe-memory.ts's terms): the user-sign-ins check's
 * window of USER_SIGN_INS.maxRecords records, and provisioning's cold read of PROVISIONING_STREAM.maxEvents reductions
 * (the polled window's PROVISIONING.maxWindowEvents are fewer), each from Okta-sized events.
 */
function boundsMemory(): { signIns: { mib: number; held: number }; provisioning: { mib: number; held: number } } {
  const at = Date.UTC(2026, 0, 5, 9);
  // One minute of an org's sign-in events (the simulator keeps each minute it makes: made once), each item of the
  // window one of them with its own uuid and user, so no two records share a string a real window would not share.
  const minute = userSignInEvents(undefined, [], at, at + 60_000, { people: PEOPLE, perMinute: 1000 }).map((e) =>
    JSON.stringify(oktaShaped(e)),
  );
  const signIns = heldMib(USER_SIGN_INS.maxRecords, (n) => {
    const text = minute[n % minute.length] ?? '';
    const uuid = String((JSON.parse(text) as { uuid?: unknown }).uuid);
    const [read] = readEvents([
      JSON.parse(text.replaceAll(uuid, `${uuid.slice(0, 24)}${String(n).padStart(12, '0')}`)),
    ]);
    const record = read === undefined ? undefined : signInRecord(read, new Set());
    return record === undefined ? undefined : { ...record, user: `${record.user.slice(0, 10)}${n}` };
  });
  const hash = userHasher('a bench key of 32 characters or more');
  const provisioning = heldMib(PROVISIONING_STREAM.maxEvents, (n) => {
    const read = readProvisioningEvent(JSON.parse(JSON.stringify(event(n, at + n * 1000))), hash);
    return 'skipped' in read ? undefined : read;
  });
  return { signIns, provisioning };
}

/** The cost the block adds to the example, a month (functions/cost at the benchmarked profile). */
function addedCost(): { without: number; with: number } {
  const root = new URL('../../', import.meta.url);
  const example = JSON.parse(readFileSync(new URL('okta-synthetics.example.json', root), 'utf8')) as ConfigFileJson;
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-bench-cost-'));
  const servers = readingOrg(example.servers, [APPS_SCOPE]);
  const total = (config: unknown): number => {
    const file = join(dir, `c${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(config));
    const loaded = loadConfigFile(file, 'deploy', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    return estimateCost(loaded.config, BENCHMARKED_PROFILE).total;
  };
  return { without: total({ ...example, servers }), with: total({ ...example, servers, provisioning: {} }) };
}

/** What the first run read, and why an earlier version of section ad read nothing. */
function firstRunText(first: RunFigures): string {
  const told = first.readAll ? 'it read the log to its end' : 'the log was not read to its end';
  return (
    `The first run read ${round(first.eventsRead, 0)} events of the day back: its share of ` +
    `${PROVISIONING.pagesPerRun} pages, its report saying ${told} (readAll ${String(first.readAll)}); each ` +
    'later run read on from its cursor, the backlog first, so a day of backlog takes many runs, never a larger ' +
    'share of the bucket. An earlier version of this section read 0 events on the first run and blamed the ' +
    `${SYSTEM_LOG.budgetMs} ms budget: the cause was the system-log check's read of rate-limit events, which ` +
    'provisioning health runs after. The loopback org answered that query with the provisioning events (it now ' +
    "filters by event type, as Okta does), and the read had no page cap of its own: it took all of the run's " +
    `${SYSTEM_LOG.maxRequestsPerRun + PROVISIONING.pagesPerRun} requests to /api/v1/logs, and the provisioning ` +
    'read, finding none left, was skipped (SYSTEM_LOG_THROTTLED). The rate-limit read now stops at ' +
    `${SYSTEM_LOG.rateLimitPages} pages, so an org with a backlog of rate-limit events leaves the readers after ` +
    'it their pages. Heap is the most a run kept after it (garbage collected before and after).'
  );
}

/** The memory table of the bounds (functions/plan/probe-memory.ts's terms). */
function boundsLines(bounds: ReturnType<typeof boundsMemory>): string[] {
  return [
    "What the org's volume holds in the probe's memory at the bounds (functions/plan/probe-memory.ts's terms; " +
      'heap after garbage collection, each item read from the JSON of an Okta-sized event as a page is read):',
    '',
    '| held | items | heap MiB |',
    '| --- | --- | --- |',
    `| the user-sign-ins window (USER_SIGN_INS.maxRecords) | ${bounds.signIns.held.toLocaleString('en')} | ` +
      `${round(bounds.signIns.mib, 1)} |`,
    `| provisioning's cold read of the stream (PROVISIONING_STREAM.maxEvents) | ` +
      `${bounds.provisioning.held.toLocaleString('en')} | ${round(bounds.provisioning.mib, 1)} |`,
  ];
}

async function writeSection(
  first: RunFigures,
  steady: readonly RunFigures[],
  bounds: ReturnType<typeof boundsMemory>,
): Promise<void> {
  const max = (pick: (r: RunFigures) => number): number => Math.max(...steady.map(pick));
  const mean = (pick: (r: RunFigures) => number): number => steady.reduce((s, r) => s + pick(r), 0) / steady.length;
  const share = (requests: number, bucket: number): string => `${round((requests / bucket) * 100, 1)} %`;
  const cost = addedCost();
  const rows = [
    ['first run (a day back)', first],
    [
      `steady run (mean of ${steady.length}, 5 min of events)`,
      {
        ...first,
        logs: mean((r) => r.logs),
        apps: mean((r) => r.apps),
        token: mean((r) => r.token),
        ms: mean((r) => r.ms),
        heapMb: max((r) => r.heapMb),
        eventsRead: mean((r) => r.eventsRead),
      },
    ],
  ] as const;
  const table = rows.map(
    ([label, r]) =>
      `| ${label} | ${round(r.eventsRead, 0)} | ${round(r.logs, 1)} | ${round(r.apps, 1)} | ${round(r.token, 1)} | ` +
      `${share(r.logs, LOGS_BUCKET.least)} to ${share(r.logs, LOGS_BUCKET.most)} | ${share(r.apps, APPS_BUCKET)} | ` +
      `${round(r.heapMb, 1)} | ${round(r.ms, 0)} |`,
  );
  const section = [
    PROVISIONING_HEADING,
    '',
    '`npm run bench:provisioning` (scripts/bench/provisioning.ts): the provisioning-health check run by the ' +
      "probe's engine, the simulator issuing its tokens and a loopback org answering /api/v1/logs and " +
      `/api/v1/apps: ${APPS} apps, ` +
      `${PEOPLE.toLocaleString('en')} people, ${PER_HOUR.toLocaleString('en')} provisioning events an hour of Okta's ` +
      `full LogEvent size, 5 % failing on one app. A run reads at most ${PROVISIONING.pagesPerRun} pages of 1,000 ` +
      `events; the listing is read again after ${PROVISIONING.appsEveryMinutes} min. Bucket shares are of one ` +
      "minute's " +
      'bucket (/api/v1/logs 20 to 120 by plan, /api/v1/apps 100); the probe stops below half of either.',
    '',
    '| run | events read | /api/v1/logs | /api/v1/apps | /token | logs bucket | apps bucket | heap MB | ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...table,
    '',
    firstRunText(first),
    '',
    `Cost a month (functions/cost, the example with the org server reading the log): $${round(cost.without, 2)} ` +
      `without the block, $${round(cost.with, 2)} with it (two gauges, two alarms, one table, one secret, and ` +
      "the probe's memory for the reductions it holds).",
    '',
    ...boundsLines(bounds),
  ].join('\n');
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  await writeFile(file, withSection(await readFile(file, 'utf8'), PROVISIONING_HEADING, section));
  process.stdout.write(`${section}\n`);
}

await main();
