// A group's run around its store and its credential (review): a store that cannot be read is never written
// over with blank records, and a problem of the probe's own credential leaves an app for the next run, never a
// failing app. The group's scope is run whole, its exchange a stub: no network.
import { reportMetrics } from '../../../../../functions/probe/metrics';
import { describe, expect, it } from 'vitest';
import type { CatalogueStore } from '../../../../../functions/kept-state';
import { createMemoryCatalogueStore, StoreError } from '../../../../../functions/probe/kept-store';
import type { Exchange } from '../../../../../functions/probe/context';
import type { JourneySession } from '../../../../../functions/probe/session';
import type { KeptApp } from '../../../../../functions/probe/saml/group/apps';
import {
  samlGroupScope,
  type GroupScopeDeps,
  type PlannedGroup,
} from '../../../../../functions/probe/saml/group/scope';
import type { SamlAppConfig, SamlGroupConfig, SignInConfig, Timings } from '../../../../../functions/types';
import { UserPace } from '../../../../../functions/probe/user-pace';
import { USER_PACE } from '../../../../../functions/contract';
import { createMemoryCache } from '../../../../../functions/cache/read-through';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const app = (id: string): SamlAppConfig => ({
  id,
  signIn: 'portal',
  ssoUrl: `https://acme.okta.com/app/a/${id}/sso/saml`,
  metadataUrl: `https://acme.okta.com/app/${id}/sso/saml/metadata`,
  audience: 'https://sp',
  recipient: 'https://sp/acs',
  requiredAttributes: [],
  group: 'g',
});
const signIn = { id: 'portal', everyMinutes: 5 } as unknown as SignInConfig;
const group = (extra: Partial<SamlGroupConfig> = {}): SamlGroupConfig => ({
  id: 'g',
  signIn: 'portal',
  everyMinutes: 60,
  concurrency: 1,
  ...extra,
});
/** No TLS to anywhere: a verdict of the app's own (NETWORK_ERROR, tried once more), so each app asked is checked. */
const noTls: Exchange = () =>
  Promise.resolve({
    ok: false,
    failure: { kind: 'tls', message: 'certificate has expired', timings: { total: 1 } as Timings },
  });

/** A store whose reads fail (a throttled table) and whose writes are recorded. */
function unreadable(): CatalogueStore & { writes: Map<string, unknown>[]; forgotten: string[][] } {
  const writes: Map<string, unknown>[] = [];
  const forgotten: string[][] = [];
  return {
    writes,
    forgotten,
    where: () => 'the DynamoDB table t',
    read: () =>
      Promise.reject(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' })),
    write(_group, changed, gone) {
      writes.push(new Map(changed));
      forgotten.push([...gone]);
      return Promise.resolve();
    },
  };
}

function deps(store: CatalogueStore, extra: Partial<GroupScopeDeps> = {}): GroupScopeDeps {
  return {
    store,
    exchange: () => noTls,
    now: () => NOW,
    timeoutMs: 5000,
    orgUrl: 'https://acme.okta.com',
    expiryWarnDays: 30,
    secrets: [],
    discovery: () => ({ unavailable: 'no credential yet' }),
    retryPause: () => Promise.resolve(),
    ...extra,
  };
}

/** The group's check after its journey handed over `session`. */
async function runGroup(planned: PlannedGroup, d: GroupScopeDeps, session: JourneySession) {
  const scope = samlGroupScope([planned], d);
  const taking = scope.taker(planned.signIn)?.(session);
  const judged = await scope.report(planned, () => Promise.resolve());
  await taking;
  return judged;
}

describe('a group whose kept records cannot be read', () => {
  it('writes no blank record over an app it did not check, and says the kept records could not be read', async () => {
    const store = unreadable();
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a'), app('b'), app('c')] };
    const judged = await runGroup(planned, deps(store), { kind: 'none', why: 'the sign-in failed', signedIn: false });
    // Before the fix every app was new: three blank records replaced the table's, losing since, certificate and
    // verdict.
    expect(store.writes.flatMap((w) => [...w.keys()])).toEqual([]);
    expect(judged.judgement.observed).toMatchObject({ keptUnread: true });
    // Nor are its counts published: a count of this run's share would read as the group recovering.
    expect(
      reportMetrics([
        {
          server: 'g',
          check: 'saml-apps',
          status: 'pass',
          latencyMs: null,
          diagnosis: null,
          observed: judged.judgement.observed ?? {},
        },
      ]),
    ).toEqual([]);
    expect(String(judged.judgement.observed?.note)).toMatch(
      /could not be read \(ProvisionedThroughputExceededException\).*only the apps checked this run are written/,
    );
  });

  it('still writes the apps it checked, and only those', async () => {
    const store = unreadable();
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a'), app('b'), app('c')] };
    // The clock passes the run's last start after the first app: the others are left, unchecked.
    let t = NOW;
    const d = deps(store, {
      whole: true,
      now: () => t,
      deadline: NOW + 60_000,
      exchange: () => (req) => ((t = NOW + 60_000), noTls(req)),
    });
    const judged = await runGroup(planned, d, { kind: 'open', cookie: 'sid=x' });
    expect(judged.judgement.observed).toMatchObject({ checked: 1, left: 2, keptUnread: true });
    expect(store.writes.flatMap((w) => [...w.keys()])).toEqual(['a']);
    expect(store.forgotten.flat()).toEqual([]);
  });

  it("uses this process's last copy of the verdicts, read back checked, while the store cannot be read", async () => {
    const cache = createMemoryCache();
    const store = createMemoryCatalogueStore();
    const since = NOW - DAY;
    const failing: KeptApp = {
      at: NOW - 60_000,
      first: since,
      seen: NOW - 60_000,
      code: 'SAML_AUDIENCE_MISMATCH',
      since,
    };
    await store.write('g', new Map([['a', failing]]), []);
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a'), app('b')] };
    const none: JourneySession = { kind: 'none', why: 'the sign-in failed', signedIn: false };
    await runGroup(planned, deps(store, { cache }), none);
    const judged = await runGroup(planned, deps(unreadable(), { cache }), none);
    expect(String(judged.judgement.observed?.note)).toMatch(/this process's last copy is used/);
    // The app the first run kept carries its verdict; the one it never checked stays unchecked.
    expect(judged.judgement.observed).toMatchObject({ carried: 1, unchecked: 1 });
    // What the cache holds under the group's key and is no list of verdicts is no copy: refused, never iterated.
    const other = createMemoryCache();
    other.set('saml-group-kept:g', { a: failing }, NOW + DAY);
    const refused = await runGroup(planned, deps(unreadable(), { cache: other }), none);
    expect(String(refused.judgement.observed?.note)).toMatch(/the verdicts kept before are unknown this run/);
  });

  it("keeps every app's record, as before, when the store can be read", async () => {
    const store = createMemoryCatalogueStore();
    const since = NOW - DAY;
    await store.write(
      'g',
      new Map<string, KeptApp>([
        ['a', { at: NOW - 60_000, first: since, seen: NOW - 60_000, code: 'SAML_AUDIENCE_MISMATCH', since }],
      ]),
      [],
    );
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a'), app('b')] };
    const judged = await runGroup(planned, deps(store), { kind: 'none', why: 'the sign-in failed', signedIn: false });
    expect(judged.judgement.observed).toMatchObject({ failing: 1 });
    expect(judged.judgement.observed?.keptUnread).toBeUndefined();
    const kept = await store.read('g');
    expect(kept.get('a')).toMatchObject({ since, code: 'SAML_AUDIENCE_MISMATCH' });
    expect(kept.get('b')).toMatchObject({ first: NOW });
  });
});

describe('a group whose kept records cannot be written', () => {
  it("tells the store's own reason (the items a write gave up, and why), not only that it failed", async () => {
    const why = "t: 1 item(s) not written: the run ends in 150 ms, before retry 2's pause of 200 ms is over";
    const store: CatalogueStore = {
      ...createMemoryCatalogueStore(),
      where: () => 'the DynamoDB table t',
      write: () => Promise.reject(new StoreError(why)),
    };
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a')] };
    const judged = await runGroup(planned, deps(store), { kind: 'open', cookie: 'sid=x' });
    expect(judged.judgement.observed).toMatchObject({ checked: 1 });
    expect(String(judged.judgement.observed?.note)).toContain(
      `the DynamoDB table t could not be written (${why}): the apps checked this run are checked again next run`,
    );
  });
});

describe('a kept record dated ahead of the clock', () => {
  it('is no record: the app is unchecked, never a verdict carried for good; a skew of minutes is kept', async () => {
    const store = createMemoryCatalogueStore();
    const YEAR = 365 * DAY;
    await store.write(
      'g',
      new Map<string, KeptApp>([
        // A host whose clock once ran a year ahead checked it: never overdue, so never picked again.
        ['a', { at: NOW + YEAR, first: NOW - DAY, seen: NOW + YEAR, code: null }],
        // A failure "since" next year: its age, and the page's "failing since", would be false.
        [
          'b',
          { at: NOW - 60_000, first: NOW - DAY, seen: NOW - 60_000, code: 'SAML_AUDIENCE_MISMATCH', since: NOW + YEAR },
        ],
        // A peer's clock two minutes ahead: an honest record.
        ['c', { at: NOW + 120_000, first: NOW - DAY, seen: NOW + 120_000, code: null }],
      ]),
      [],
    );
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a'), app('b'), app('c')] };
    const judged = await runGroup(planned, deps(store), { kind: 'none', why: 'the sign-in failed', signedIn: false });
    const status = Object.fromEntries((judged.items ?? []).map((i) => [i.item, i.status]));
    expect(status).toEqual({ a: 'unchecked', b: 'unchecked', c: 'pass' });
  });
});

describe("a discovered app whose metadata needs the probe's own credential", () => {
  it(
    'is left for the next run when the "org" credential is not there yet, and the group warns once: no app ' + 'fails',
    async () => {
      const store = createMemoryCatalogueStore();
      const found = (appId: string) => ({
        appId,
        label: `App ${appId}`,
        kid: `kid${appId}`,
        acsUrl: 'https://sp.example/acs',
        recipient: 'https://sp.example/acs',
      });
      // Two apps found by an earlier run, one of them failing: a cold start checks them before listing again.
      const before = new Map<string, KeptApp>([
        [
          '0oaone000001',
          { at: NOW - 60_000, first: NOW - DAY, seen: NOW - 60_000, code: null, found: found('0oaone000001') },
        ],
        [
          '0oatwo000002',
          {
            at: NOW - 60_000,
            first: NOW - DAY,
            seen: NOW - 60_000,
            code: 'SAML_AUDIENCE_MISMATCH',
            since: NOW - DAY,
            found: found('0oatwo000002'),
          },
        ],
      ]);
      await store.write('g', before, []);
      const planned: PlannedGroup = { group: group({ discover: { kind: 'assigned' } }), signIn, listed: [] };
      const judged = await runGroup(planned, deps(store, { whole: true }), { kind: 'open', cookie: 'sid=x' });
      const { judgement } = judged;
      // Before the fix each app's verdict was SAML_DISCOVERY_FAILED, counted in SamlAppsFailing: a page for the probe's
      // own problem.
      expect(judgement.observed).toMatchObject({ apps: 2, checked: 0, left: 2, failing: 1 });
      expect(String(judgement.observed?.leftBecause)).toMatch(/no Management API token.*no credential yet/);
      const codes =
        'diagnosis' in judgement ? [judgement.diagnosis, ...(judgement.also ?? [])].map((d) => d?.code) : [];
      expect(codes.filter((c) => c === 'SAML_DISCOVERY_FAILED')).toHaveLength(1);
      expect(judged.items?.find((i) => i.item.includes('0oaone000001'))).toMatchObject({
        status: 'pass',
        carried: true,
      });
      // The failing app's record is kept as it was: its code and since.
      expect((await store.read('g')).get('0oatwo000002')).toMatchObject({
        code: 'SAML_AUDIENCE_MISMATCH',
        since: NOW - DAY,
      });
    },
  );
});

describe('an app whose check throws', () => {
  it('is that app\'s "not checked", with why: the others are judged and the group is not a probe error', async () => {
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a'), app('b')] };
    const exchange: Exchange = (req) =>
      req.url.includes('/a/') ? Promise.reject(new TypeError('Invalid URL')) : noTls(req);
    const judged = await runGroup(
      planned,
      deps(createMemoryCatalogueStore(), { whole: true, exchange: () => exchange }),
      { kind: 'open', cookie: 'sid=x' },
    );
    expect(judged.judgement.observed).toMatchObject({ checked: 2 });
    expect(judged.items?.find((i) => i.item === 'a')).toMatchObject({ status: 'skip' });
    expect(judged.items?.find((i) => i.item === 'b')).toMatchObject({ status: 'fail' });
  });
});

describe("a group cut by the run's deadline", () => {
  it(
    "leaves an app whose answer the deadline cut off for the next run: never a TIMEOUT of Okta's kept against " + 'it',
    async () => {
      const store = createMemoryCatalogueStore();
      const planned: PlannedGroup = { group: group(), signIn, listed: [app('a')] };
      let t = NOW;
      const deadline = NOW + 60_000;
      // The run's deadline passes while Okta has not answered: the exchange ends as the run's does.
      const cut: Exchange = () => (
        (t = deadline),
        Promise.resolve({
          ok: false,
          failure: {
            kind: 'timeout',
            message: 'run deadline reached before Okta answered',
            timings: { total: 1 } as Timings,
          },
        })
      );
      const judged = await runGroup(
        planned,
        deps(store, { whole: true, now: () => t, deadline, exchange: () => cut }),
        {
          kind: 'open',
          cookie: 'sid=x',
        },
      );

      expect(judged.judgement.observed).toMatchObject({
        checked: 0,
        left: 1,
        leftBecause: "the run's deadline came before Okta answered",
      });
      expect(((await store.read('g')).get('a') as KeptApp | undefined)?.code ?? null).toBeNull();
    },
  );
});

describe("a group in an Identity Engine session: its journey's user's pace", () => {
  /** A fake clock for the pace: nothing waits in real time. */
  const paceClock = (at: () => number) => ({ now: at, sleep: () => Promise.resolve() });

  it(
    "leaves every app for the next run when the user's pace has no slot before the run's time for apps ends: " +
      'none is asked, none fails',
    async () => {
      const pace = new UserPace(paceClock(() => NOW));
      // The journey has just sent a window's worth of the user's requests.
      for (let i = 0; i < USER_PACE.perWindow; i++) pace.note();
      let asked = 0;
      const planned: PlannedGroup = { group: group(), signIn, listed: [app('a'), app('b'), app('c')] };
      // stopAt = deadline - 2 x timeoutMs - store - clean-up: 3 s from now, before the user's next slot in 5 s.
      const d = deps(createMemoryCatalogueStore(), {
        whole: true,
        deadline: NOW + 17_000,
        pace: () => pace,
        exchange: () => (req) => ((asked += 1), noTls(req)),
      });
      const judged = await runGroup(planned, d, { kind: 'open', cookie: 'idx=session' });
      expect(asked).toBe(0);
      expect(judged.judgement.observed).toMatchObject({ checked: 0, left: 3, failing: 0, userPaceWaitMs: 0 });
      expect(String(judged.judgement.observed?.leftBecause)).toMatch(
        /per-user limit \(the apps send at most 12 requests per 5 s\)/,
      );
    },
  );

  it('does not pace a Classic session (sid): Okta documents no per-user limit for its SSO URL', async () => {
    const pace = new UserPace(paceClock(() => NOW));
    for (let i = 0; i < USER_PACE.perWindow; i++) pace.note();
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a'), app('b')] };
    const d = deps(createMemoryCatalogueStore(), { whole: true, deadline: NOW + 17_000, pace: () => pace });
    const judged = await runGroup(planned, d, { kind: 'open', cookie: 'sid=session' });
    expect(judged.judgement.observed).toMatchObject({ checked: 2 });
    expect(judged.judgement.observed?.userPaceWaitMs).toBeUndefined();
  });
});

describe("a SAML app's retry reads the registry's `transient`, as a timed check's does", () => {
  const answer =
    (status: number, body: object): Exchange =>
    () =>
      Promise.resolve({
        ok: true,
        response: {
          status,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          requestId: 'req-1',
          timings: { total: 1 } as Timings,
          bodyTruncated: false,
          receivedAt: NOW,
        },
      }) as unknown as ReturnType<Exchange>;
  it.each([
    ["Okta's 502 (OKTA_SERVER_ERROR, transient)", answer(502, { errorCode: 'E0000009' }), 2],
    ['no TLS (NETWORK_ERROR, transient)', noTls, 2],
    ['a 429 (RATE_LIMITED: a retry spends the bucket)', answer(429, { errorCode: 'E0000047' }), 1],
    ["Okta's read-only mode (503 E0000010: its maintenance lasts)", answer(503, { errorCode: 'E0000010' }), 1],
  ])('%s: the metadata is asked as often as its row says', async (_what, exchange, times) => {
    const urls: string[] = [];
    const planned: PlannedGroup = { group: group(), signIn, listed: [app('a')] };
    const d = deps(createMemoryCatalogueStore(), { exchange: () => (req) => (urls.push(req.url), exchange(req)) });
    await runGroup(planned, d, { kind: 'open', cookie: 'idx=session' });
    expect(urls.filter((url) => url.includes('/sso/saml/metadata'))).toHaveLength(times);
  });
});
