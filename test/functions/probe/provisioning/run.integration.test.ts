// The provisioning-health check end to end: the probe's engine, the simulator's org server issuing the tokens
// (okta.logs.read and okta.apps.read, each asked on its own), and Okta-shaped /api/v1/logs and /api/v1/apps answers
// from a loopback org serving the provisioning events of the core's fixtures (the dispatcher sends those two paths
// there, everything else to the simulator). It proves what the check tells: an expired credential named on its app
// with its leavers counted; one user's bad data not failing the app; an app's rate limit never told as Okta's; a
// closed leaver staying closed across runs; one filter a read, refused by Okta's 400 E0000031 as a diagnosis; and no
// login, user id or reason text in the report, its JSON, the run line or the metrics.
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { createDispatcher } from '../../../../functions/probe/http';
import { routedToOrg } from '../../../support/routed-dispatcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import type { ConfigFileJson } from '../../../../functions/config/schema';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../../../functions/credentials/local';
import { runProbe } from '../../../../functions/probe/engine';
import { createMemoryKeptStore, createMemoryProvisioningStore } from '../../../../functions/probe/kept-store';
import { PROVISIONING_FILTER } from '../../../../functions/probe/provisioning/run';
import { KEPT_KEYS, type CheckName } from '../../../../functions/contract';
import { renderReport } from '../../../../functions/cli/render';
import { runLogLine } from '../../../../functions/report/run-line';
import type { CheckResult, ProbeCache, ProbeConfig } from '../../../../functions/types';
import type { KeptStore, ProvisioningStore } from '../../../../functions/kept-state';
import { writeSimulatorConfig } from '../../../../sim/config';
import { parseFilter } from '../../../../sim/system-log';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { rawApp, rawEvent } from './fixtures';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-provisioning-');
const MIN = 60_000;

const SNOWFLAKE = '0oa1snow0000000000a';
const SLACK = '0oa1slack000000000a';
const ZOOM = '0oa1zoom0000000000a';
const BOX = '0oa1box00000000000a';
/** The people in the events: their logins and ids must appear nowhere in what the probe tells. */
const PEOPLE = [1, 2, 3, 4, 5, 6].map((n) => ({
  user: `00u1person${n}00000000a`,
  login: `pat.leaver${n}@example.com`,
}));
type Person = (typeof PEOPLE)[number];

/** The org's log: what the loopback org serves at /api/v1/logs, in the order Okta committed it. */
let log: Record<string, unknown>[] = [];
let apps: unknown[] = [];
/** Reads of the app listing the loopback org answered. */
let listings = 0;
let filters: string[] = [];
/** The `after` of each read of the provisioning events: null for a read that starts at its `since`, not a cursor. */
let afters: (string | null)[] = [];
/** Answers /api/v1/logs with Okta's 400 E0000031 for a filter, as Okta answers one it cannot parse. */
let refuseFilter = false;

function oktaOrg(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization?.startsWith('Bearer ') !== true) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"errorCode":"E0000011"}');
      return;
    }
    if (url.pathname === '/api/v1/apps') {
      listings += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(apps));
      return;
    }
    const filter = url.searchParams.get('filter') ?? '';
    filters.push(filter);
    if (filter === PROVISIONING_FILTER) afters.push(url.searchParams.get('after'));
    if (refuseFilter || parseFilter(filter) === null) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"errorCode":"E0000031","errorSummary":"Invalid search criteria.","errorCauses":[]}');
      return;
    }
    const after = url.searchParams.get('after');
    const start = after === null ? 0 : log.findIndex((e) => e.uuid === after) + 1;
    const page = log.slice(start, start + Number(url.searchParams.get('limit') ?? 100));
    const next = new URLSearchParams(url.searchParams);
    next.set('after', String(page.at(-1)?.uuid ?? after ?? ''));
    // A polling answer always has a next link, on Okta's own origin (the simulator's, where the probe sends).
    res
      .writeHead(200, {
        'content-type': 'application/json',
        link: `<${sim().url}/api/v1/logs?${next.toString()}>; rel="next"`,
        'x-rate-limit-limit': '120',
        'x-rate-limit-remaining': '119',
        'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 60),
      })
      .end(JSON.stringify(page));
  });
}

let org: Server;
let orgUrl = '';
beforeAll(async () => {
  org = oktaOrg();
  await new Promise<void>((resolve) => org.listen(0, '127.0.0.1', resolve));
  const address = org.address();
  orgUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => org.close(() => resolve())));

async function probeConfig(block: Record<string, unknown> = {}): Promise<ProbeConfig> {
  const path = await writeSimulatorConfig(sim(), dir());
  const json = JSON.parse(readFileSync(path, 'utf8')) as ConfigFileJson & Record<string, unknown>;
  const servers = json.servers.map((s) =>
    s.id === 'org'
      ? { ...s, systemLog: true, scopes: [...new Set([...s.scopes, 'okta.logs.read', 'okta.apps.read'])] }
      : s,
  );
  writeFileSync(path, JSON.stringify({ ...json, servers, provisioning: block }));
  const loaded = loadConfigFile(path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config.probe;
}

interface Stores {
  readonly kept: KeptStore;
  readonly ledger: ProvisioningStore;
  /** The process's memory: a new one each run unless given (a warm probe keeps its own). */
  readonly cache?: ProbeCache;
}

async function run(
  stores: Stores = { kept: createMemoryKeptStore(), ledger: createMemoryProvisioningStore() },
  checks: readonly CheckName[] = ['provisioning-health'],
) {
  sim().resetRateLimits();
  const probe = await probeConfig();
  const dispatcher = routedToOrg(createDispatcher(), () => orgUrl);
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    cache: stores.cache ?? createMemoryCache(),
    keptState: stores.kept,
    provisioningState: stores.ledger,
    checks: new Set(checks),
    dispatcher,
  });
  await dispatcher.close();
  const check = report.checks.find((c) => c.check === 'provisioning-health') as CheckResult;
  return { report, check, stores };
}

const codes = (check: CheckResult): string[] =>
  check.status === 'fail' ? [check.diagnosis.code, ...(check.also ?? []).map((d) => d.code)] : [];
const detailOf = (check: CheckResult, code: string): string =>
  check.status === 'fail' ? ([check.diagnosis, ...(check.also ?? [])].find((d) => d.code === code)?.detail ?? '') : '';

/** The org of the scenario: Snowflake's token expired (its pushes and deactivations refused), Slack refusing one
 * user's data among successes, Zoom's own 429s, Box healthy. */
function expiredSnowflakeOrg(now: number): void {
  apps = [
    rawApp(SNOWFLAKE, 'Snowflake', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION', 'PUSH_PROFILE_UPDATES']),
    rawApp(SLACK, 'Slack', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION']),
    rawApp(ZOOM, 'Zoom', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION', 'NOT_A_FEATURE_OF_OKTA']),
    rawApp(BOX, 'Box', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION']),
  ];
  const at = (minutesAgo: number): number => now - minutesAgo * MIN;
  const [p1, p2, p3, p4, p5, p6] = PEOPLE as [Person, Person, Person, Person, Person, Person];
  const refused = 'Unauthorized. Errors reported by remote server: Invalid OAuth access token (user=';
  log = [
    rawEvent('application.integration.authentication_failure', {
      app: SNOWFLAKE,
      label: 'Snowflake',
      at: at(30),
      result: 'FAILURE',
      reason: `${refused}${p1.login})`,
      ...p1,
    }),
    ...[p1, p2, p3].map((p, i) =>
      rawEvent('application.provision.user.deactivate', {
        app: SNOWFLAKE,
        label: 'Snowflake',
        at: at(25 - i),
        result: 'FAILURE',
        reason: `${refused}${p.login})`,
        ...p,
      }),
    ),
    rawEvent('application.provision.user.push', {
      app: SLACK,
      label: 'Slack',
      at: at(20),
      result: 'FAILURE',
      reason: `Bad Request. Errors reported by remote server: attribute 'title' is invalid for user ${p4.login}`,
      ...p4,
    }),
    ...[p5, p6].map((p, i) =>
      rawEvent('application.provision.user.push', { app: SLACK, label: 'Slack', at: at(19 - i), ...p }),
    ),
    rawEvent('application.integration.rate_limit_exceeded', {
      app: ZOOM,
      label: 'Zoom',
      at: at(15),
      result: 'SUCCESS',
      reason: 'Too Many Requests. Errors reported by remote server: rate limit exceeded',
      ...p5,
    }),
    rawEvent('application.provision.user.push', { app: BOX, label: 'Box', at: at(10), ...p6 }),
  ];
}

describe('provisioning health on the simulator', () => {
  it(
    "names the expired credential on its app with its leavers counted; one user's data fails no app; the app's " +
      "rate limit is never Okta's",
    async () => {
      filters = [];
      expiredSnowflakeOrg(Date.now());
      const { check } = await run();
      expect(check.status).toBe('fail');
      expect(codes(check)).toContain('PROVISIONING_CREDENTIAL_FAILED');
      expect(detailOf(check, 'PROVISIONING_CREDENTIAL_FAILED')).toContain(`"Snowflake" (${SNOWFLAKE})`);
      expect(detailOf(check, 'PROVISIONING_LEAVERS_OPEN')).toMatch(/"Snowflake" \(0oa1snow0000000000a\): 3 leavers/);
      expect(check.observed).toMatchObject({ openLeavers: 3 });
      // Slack refused one person's data among successes: listed on Slack, never Slack failing.
      const slack = (check.items ?? []).find((i) => i.item.startsWith('Slack'));
      expect(slack?.status).not.toBe('fail');
      expect(codes(check).filter((c) => detailOf(check, c).includes(SLACK))).toEqual([]);
      // Zoom's 429s are the app's: no diagnosis of Okta's rate limit anywhere.
      expect(codes(check)).not.toContain('RATE_LIMITED');
      expect(codes(check)).not.toContain('SYSTEM_LOG_THROTTLED');
      const zoom = JSON.stringify([check.status === 'fail' ? [check.diagnosis, check.also] : [], check.items]);
      expect(zoom).not.toMatch(/Okta's rate limit|org's rate limit/i);
      // One filter a read, Okta's SCIM form: every read of provisioning events asks this one (the system-log check it
      // rides on reads its own rate-limit events with another).
      const ours = filters.filter((f) => f.includes('application.provision'));
      expect(ours.length).toBeGreaterThan(0);
      expect(new Set(ours)).toEqual(new Set([PROVISIONING_FILTER]));
    },
    30_000,
  );

  it('tells no login, user id or reason text in the report, its JSON, the run line or the metrics', async () => {
    expiredSnowflakeOrg(Date.now());
    const { report } = await run();
    const outputs = [
      renderReport(report, { color: false }),
      JSON.stringify(report),
      JSON.stringify(runLogLine(report, { secrets: [] })),
      JSON.stringify(report.metrics),
    ].join('\n');
    for (const person of PEOPLE) {
      expect(outputs).not.toContain(person.login);
      expect(outputs).not.toContain(person.user);
    }
    expect(outputs).not.toContain('Invalid OAuth access token');
    expect(outputs).not.toContain("attribute 'title'");
    // Totals only are published, with no app or user dimension.
    const ours = report.metrics.filter((m) => m.name.startsWith('Provisioning'));
    expect(ours.map((m) => m.name).sort()).toEqual(['ProvisioningAppsFailing', 'ProvisioningOpenLeavers']);
    for (const m of ours) expect(Object.keys(m.dimensions)).toEqual(['Server']);
    const line = runLogLine(report, { secrets: [] });
    expect(line.provisioningHealth).toMatchObject({ openLeavers: 3 });
    expect(line.provisioningHealth?.apps.map((a) => a.id)).toContain(SNOWFLAKE);
  }, 30_000);

  it('keeps a closed leaver closed, and counts a leaver read twice once', async () => {
    const now = Date.now();
    expiredSnowflakeOrg(now);
    const stores = { kept: createMemoryKeptStore(), ledger: createMemoryProvisioningStore() };
    const first = await run(stores);
    expect(first.check.observed).toMatchObject({ openLeavers: 3 });
    // The same window again, from a lost cursor: still three.
    const again = await run({ kept: createMemoryKeptStore(), ledger: stores.ledger });
    expect(again.check.observed).toMatchObject({ openLeavers: 3 });
    // The first leaver is deactivated by hand later: closed; the others stay open.
    const [p1] = PEOPLE as [(typeof PEOPLE)[number]];
    log = [
      ...log,
      rawEvent('application.provision.user.deactivate', { app: SNOWFLAKE, label: 'Snowflake', at: now - MIN, ...p1 }),
    ];
    const closed = await run(stores);
    expect(closed.check.observed).toMatchObject({ openLeavers: 2 });
    // Read from the start again (a lost cursor), the old failure does not reopen it.
    const reread = await run({ kept: createMemoryKeptStore(), ledger: stores.ledger });
    expect(reread.check.observed).toMatchObject({ openLeavers: 2 });
  }, 60_000);

  it('still names the failing app in a new process seconds later: the judged hour is read again', async () => {
    const now = Date.now();
    expiredSnowflakeOrg(now);
    const stores = { kept: createMemoryKeptStore(), ledger: createMemoryProvisioningStore() };
    expect(codes((await run(stores)).check)).toContain('PROVISIONING_CREDENTIAL_FAILED');
    // A second CLI run (a cold Lambda): the same kept cursor and ledger, no memory of the first run's window. Only a
    // healthy Box push came since.
    const [, , , , , p6] = PEOPLE as [Person, Person, Person, Person, Person, Person];
    log = [...log, rawEvent('application.provision.user.push', { app: BOX, label: 'Box', at: now - 1_000, ...p6 })];
    afters = [];
    const cache = createMemoryCache();
    const cold = (await run({ ...stores, cache })).check;
    expect(codes(cold), JSON.stringify(cold).slice(0, 1500)).toContain('PROVISIONING_CREDENTIAL_FAILED');
    expect(detailOf(cold, 'PROVISIONING_CREDENTIAL_FAILED')).toContain(`"Snowflake" (${SNOWFLAKE})`);
    // On from the cursor first (a backlog older than the hour is never skipped), then the hour from its start.
    expect(afters[0]).not.toBeNull();
    expect(afters).toContain(null);
    // The hour applied again counts each leaver once; the cursor kept is the first read's, on past the last event.
    expect(cold.observed).toMatchObject({ openLeavers: 3 });
    const cursor = (await stores.kept.read(KEPT_KEYS.provisioning)) as { next: string };
    expect(new URL(cursor.next).searchParams.get('after')).toBe(log.at(-1)!.uuid);
    // The window the process now holds has each event of the hour once, though both reads returned it.
    const held = cache.get<{ uuid: string }[]>('provisioning-health:window', Date.now()) ?? [];
    expect(held.length).toBeGreaterThan(0);
    expect(new Set(held.map((e) => e.uuid)).size).toBe(held.length);
  }, 60_000);

  it('a warm probe reads on from its cursor, never the hour again, and still names the failing app', async () => {
    expiredSnowflakeOrg(Date.now());
    const stores = {
      kept: createMemoryKeptStore(),
      ledger: createMemoryProvisioningStore(),
      cache: createMemoryCache(),
    };
    expect(codes((await run(stores)).check)).toContain('PROVISIONING_CREDENTIAL_FAILED');
    afters = [];
    const warm = (await run(stores)).check;
    expect(codes(warm)).toContain('PROVISIONING_CREDENTIAL_FAILED');
    expect(afters.length).toBeGreaterThan(0);
    expect(afters).not.toContain(null);
    expect(warm.observed).toMatchObject({ openLeavers: 3 });
  }, 60_000);

  it("fails this check alone when okta.apps.read is not granted: the log's own check still passes", async () => {
    expiredSnowflakeOrg(Date.now());
    sim().scenario = 'inventory-scope-apps';
    try {
      const { report, check } = await run(undefined, ['system-log', 'provisioning-health']);
      expect(check.status).toBe('fail');
      expect(codes(check)).toEqual(['ORG_SCOPE_NOT_GRANTED']);
      expect(report.checks.find((c) => c.check === 'system-log')?.status).toBe('pass');
    } finally {
      sim().scenario = 'healthy';
    }
  }, 30_000);

  it('a warm probe reads the app listing once an hour, not every run', async () => {
    expiredSnowflakeOrg(Date.now());
    listings = 0;
    const stores = {
      kept: createMemoryKeptStore(),
      ledger: createMemoryProvisioningStore(),
      cache: createMemoryCache(),
    };
    await run(stores);
    await run(stores);
    expect(listings).toBe(1);
    await run({ ...stores, cache: createMemoryCache() });
    expect(listings).toBe(2);
  }, 30_000);

  it("tells Okta's 400 E0000031 for the filter as the log's diagnosis, never a crash", async () => {
    expiredSnowflakeOrg(Date.now());
    refuseFilter = true;
    try {
      const { check } = await run();
      expect(check.status).not.toBe('pass');
      expect(JSON.stringify(check)).not.toContain('pat.leaver');
    } finally {
      refuseFilter = false;
    }
  }, 30_000);
});
