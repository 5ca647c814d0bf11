import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../../functions/contract';
import { readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning/app-features';
import {
  isSkipped,
  readProvisioningEvent,
  type ProvisioningEvent,
} from '../../../../functions/probe/provisioning/events';
import {
  LEDGER_LIMITS,
  acknowledge,
  applyEvents,
  emptyLedger,
  type LeaverLedger,
} from '../../../../functions/probe/provisioning/ledger';
import { readLedger } from '../../../../functions/probe/provisioning/ledger-bounds';
import { RATE_LIMITED_LEAVER } from '../../../../functions/probe/provisioning/outcomes';
import { MIN, T0, hash, rawApp, rawEvent, type RawOptions } from './fixtures';

const SNOW = '0oa1snow0000000000a';
const HR = '0oa1hr000000000000a';
const apps: ProvisioningApp[] = [
  rawApp(SNOW, 'Snowflake', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION']),
  rawApp(HR, 'Legacy HR', ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES']),
].map((raw) => readProvisioningApp(raw) as ProvisioningApp);

const ev = (type: string, o: RawOptions = {}): ProvisioningEvent => {
  const got = readProvisioningEvent(rawEvent(type, o), hash);
  if (isSkipped(got)) throw new Error(got.skipped);
  return got;
};
const DEACTIVATE = 'application.provision.user.deactivate';
const failed = (o: RawOptions = {}): ProvisioningEvent => ev(DEACTIVATE, { result: 'FAILURE', ...o });
const openOf = (ledger: LeaverLedger, app = SNOW): number => ledger.apps[app]?.open.length ?? 0;
const USER = hash('00u1user0000000000a');
const HOUR = 60 * MIN;
const tooMany = (at: number): ProvisioningEvent =>
  failed({ at, reason: 'Too Many Requests. Errors reported by remote server: slow down' });

describe('the leavers ledger', () => {
  it('opens a leaver on a failed deactivation and on a revoke from an app that never deactivates', () => {
    const revokeHr = ev('application.user_membership.revoke', { app: HR, label: 'Legacy HR' });
    const revokeSnow = ev('application.user_membership.revoke');
    const ledger = applyEvents(emptyLedger(), [failed(), revokeHr, revokeSnow], apps);
    expect(ledger.apps[SNOW]!.open).toEqual([
      { user: hash('00u1user0000000000a'), since: T0, kind: 'failed_deactivation' },
    ]);
    expect(ledger.apps[HR]!.open.map((l) => l.kind)).toEqual(['never_deactivates']);
  });

  it.each([
    ['a later successful deactivation', () => ev(DEACTIVATE, { result: 'SUCCESS', at: T0 + MIN })],
    [
      'a deprovision',
      () => ev('application.provision.user.deprovision', { at: T0 + MIN, resolution: 'Manually Deprovisioned' }),
    ],
    ['a revoked user deprovisioned', () => ev('application.user_membership.deprovision', { at: T0 + MIN })],
    ['the same user assigned again', () => ev('application.user_membership.add', { at: T0 + MIN })],
  ])('closes on %s, and a closed finding stays closed when the same events are applied again', (_, closer) => {
    const events = [failed(), closer()];
    const once = applyEvents(emptyLedger(), events, apps);
    expect(openOf(once)).toBe(0);
    expect(applyEvents(once, events, apps)).toEqual(once);
    expect(openOf(applyEvents(once, [events[0]!], apps))).toBe(0);
  });

  it("opens none for a deactivation refused by the app's rate limit while Okta retries it", () => {
    const limited = failed({ reason: 'Too Many Requests. Errors reported by remote server: slow down' });
    const ledger = applyEvents(emptyLedger(), [limited], apps, T0 + HOUR);
    expect(openOf(ledger)).toBe(0);
    expect(ledger.apps[SNOW]!.retrying).toEqual([{ user: USER, since: T0, last: T0, refusals: 1 }]);
  });

  it("opens a leaver at the 10th refusal with 429: Okta's last attempt if its 10 include the first call", () => {
    // concepts/scim: "a maximum of 10 attempts. If the 10th attempt also fails ... the task fails permanently"; whether
    // the 10 include the first call it does not say, and the 10th refusal is the reading that never misses a leaver.
    const refusals = Array.from({ length: 10 }, (_, i) => tooMany(T0 + 5 * i * MIN));
    const allButLast = applyEvents(emptyLedger(), refusals.slice(0, -1), apps);
    expect(openOf(allButLast)).toBe(0);
    // Applied again (a window read twice), the same refusals count once: still one short.
    expect(openOf(applyEvents(allButLast, refusals.slice(0, -1), apps))).toBe(0);
    const last = applyEvents(allButLast, refusals, apps);
    expect(last.apps[SNOW]!.open).toEqual([{ user: USER, since: T0, kind: 'failed_deactivation' }]);
    expect(last.apps[SNOW]!.retrying).toBeUndefined();
  });

  it('counts as a leaver a deactivation an earlier version kept retrying at its 10th refusal', () => {
    const kept = { user: USER, since: T0, last: T0 + 45 * MIN, refusals: 10 };
    const read = readLedger(
      { version: 1, apps: { [SNOW]: { open: [], closed: [], full: false, retrying: [kept] } } },
      T0 + HOUR,
    );
    expect(read).not.toHaveProperty('damaged');
    const next = applyEvents(read as LeaverLedger, [], apps, T0 + HOUR);
    expect(next.apps[SNOW]!.open).toEqual([{ user: USER, since: T0, kind: 'failed_deactivation' }]);
  });

  it("opens a leaver once Okta's default schedule has run out with no success, whatever refusals were seen", () => {
    // 10 attempts, 5 minutes doubled over the 9 waits between them: 2,555 minutes, and an hour for the log.
    expect(RATE_LIMITED_LEAVER.afterMs).toBe((2_555 + 60) * MIN);
    const first = applyEvents(emptyLedger(), [tooMany(T0)], apps, T0 + HOUR);
    expect(openOf(applyEvents(first, [], apps, T0 + RATE_LIMITED_LEAVER.afterMs - 1))).toBe(0);
    const late = applyEvents(first, [], apps, T0 + RATE_LIMITED_LEAVER.afterMs);
    expect(late.apps[SNOW]!.open).toEqual([{ user: USER, since: T0, kind: 'failed_deactivation' }]);
    // A deactivation Okta's retry got through closes it, and the refusals read again never reopen it.
    const through = ev(DEACTIVATE, { result: 'SUCCESS', at: T0 + 2 * HOUR });
    const fixed = applyEvents(first, [tooMany(T0), through], apps, T0 + 3 * HOUR);
    expect(fixed.apps[SNOW]!.retrying).toBeUndefined();
    expect(openOf(applyEvents(fixed, [tooMany(T0)], apps, T0 + 200 * HOUR))).toBe(0);
  });

  it('opens a leaver at once for a refusal that is not a 429 after some that were', () => {
    const events = [tooMany(T0), failed({ at: T0 + 10 * MIN, reason: 'Forbidden. Errors reported by remote server' })];
    expect(applyEvents(emptyLedger(), events, apps).apps[SNOW]!.open).toEqual([
      { user: USER, since: T0, kind: 'failed_deactivation' },
    ]);
  });

  it('opens a leaver on a removal from an app that never deactivates, and on a granular delete that failed', () => {
    const removed = ev('application.user_membership.remove', { app: HR, label: 'Legacy HR' });
    const deleteFailed = ev('application.provision.user.delete', { result: 'FAILURE', user: '00u2' });
    const ledger = applyEvents(emptyLedger(), [removed, deleteFailed], apps);
    expect(ledger.apps[HR]!.open.map((l) => l.kind)).toEqual(['never_deactivates']);
    expect(ledger.apps[SNOW]!.open).toEqual([{ user: hash('00u2'), since: T0, kind: 'failed_deactivation' }]);
  });

  it.each([
    ['a granular delete', 'application.provision.user.delete'],
    ['a removal of entitlements', 'application.provision.user.remove_entitlements'],
  ])('closes a leaver on %s that worked', (_, type) => {
    const events = [failed(), ev(type, { result: 'SUCCESS', at: T0 + MIN })];
    expect(openOf(applyEvents(emptyLedger(), events, apps))).toBe(0);
    expect(openOf(applyEvents(emptyLedger(), [failed(), ev(type, { result: 'FAILURE', at: T0 + MIN })], apps))).toBe(1);
  });

  it('closes a leaver on a deprovision whose app and user are only in its detailEntry', () => {
    const raw = rawEvent('application.provision.user.deprovision', { at: T0 + MIN });
    const onlyDetails = {
      ...raw,
      target: [
        {
          id: '0ua1appuser00000000a',
          type: 'AppUser',
          detailEntry: {
            user_id: '00u1user0000000000a',
            app_user_id: '0ua1appuser00000000a',
            app_instance_id: SNOW,
            resolution: 'Manually Deprovisioned',
          },
        },
      ],
    };
    const deprovisioned = readProvisioningEvent(onlyDetails, hash);
    expect(deprovisioned).toMatchObject({ appId: SNOW, user: USER, resolution: 'deprovisioned' });
    expect(openOf(applyEvents(emptyLedger(), [failed(), deprovisioned as ProvisioningEvent], apps))).toBe(0);
  });

  it('closes nothing on a success for another app or another user, or one before the failure', () => {
    const events = [
      failed(),
      ev(DEACTIVATE, { result: 'SUCCESS', at: T0 + MIN, app: HR }),
      ev(DEACTIVATE, { result: 'SUCCESS', at: T0 + MIN, user: '00u2other000000000a' }),
      ev(DEACTIVATE, { result: 'SUCCESS', at: T0 - MIN }),
    ];
    expect(openOf(applyEvents(emptyLedger(), events, apps))).toBe(1);
  });

  it('counts the same window twice once, and keeps the first time a leaver was seen', () => {
    const window = [failed(), failed({ at: T0 + 5 * MIN })];
    const once = applyEvents(emptyLedger(), window, apps);
    const twice = applyEvents(once, window, apps);
    expect(twice).toEqual(once);
    expect(twice.apps[SNOW]!.open).toHaveLength(1);
    expect(twice.apps[SNOW]!.open[0]!.since).toBe(T0);
  });

  it('acknowledges an app fixed by hand: the same events never reopen it, a later failure does', () => {
    const first = applyEvents(emptyLedger(), [failed()], apps);
    const { ledger, acknowledged } = acknowledge(first, SNOW, T0 + MIN);
    expect(acknowledged).toBe(1);
    expect(openOf(applyEvents(ledger, [failed()], apps))).toBe(0);
    expect(openOf(applyEvents(ledger, [failed({ at: T0 + 2 * MIN })], apps))).toBe(1);
    expect(acknowledge(first, 'nope', T0).acknowledged).toBe(0);
    expect(acknowledge(first, '__proto__', T0).acknowledged).toBe(0);
  });

  it('keeps 300 acknowledged leavers of one app closed when the events that opened them are read again', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      failed({ user: `00u${i.toString().padStart(17, '0')}`, at: T0 + i }),
    );
    const opened = applyEvents(emptyLedger(), many, apps);
    expect(openOf(opened)).toBe(300);
    const { ledger, acknowledged } = acknowledge(opened, SNOW, T0 + HOUR);
    expect(acknowledged).toBe(300);
    const stored = readLedger(JSON.parse(JSON.stringify(ledger)), T0 + HOUR);
    expect(openOf(applyEvents(stored as LeaverLedger, many, apps))).toBe(0);
  });

  it('folds the closings past its bound into a time: none reopens, and a later failure still opens', () => {
    const users = Array.from(
      { length: LEDGER_LIMITS.closedPerApp + 5 },
      (_, i) => `00u${i.toString().padStart(17, '0')}`,
    );
    // Each closed at once, so the app's open leavers never reach their own cap.
    const failures = users.map((user, i) => failed({ user, at: T0 + 2 * i }));
    const fixes = users.map((user, i) => ev(DEACTIVATE, { result: 'SUCCESS', user, at: T0 + 2 * i + 1 }));
    const ledger = applyEvents(emptyLedger(), [...failures, ...fixes], apps);
    expect(ledger.apps[SNOW]!.closed).toHaveLength(LEDGER_LIMITS.closedPerApp);
    // The five oldest closings, at T0 + 1, 3, 5, 7 and 9, folded into the newest of them.
    expect(ledger.apps[SNOW]!.foldedThrough).toBe(T0 + 9);
    expect(openOf(applyEvents(ledger, failures, apps))).toBe(0);
    expect(openOf(applyEvents(ledger, [failed({ user: users[0], at: T0 + 3 * HOUR })], apps))).toBe(1);
    expect(readLedger(JSON.parse(JSON.stringify(ledger)), T0 + DAY_MS)).toEqual(ledger);
  });

  it('says "at least" for an app whose failure read late falls behind the fold, never a count told whole', () => {
    const users = Array.from({ length: LEDGER_LIMITS.closedPerApp + 5 }, (_, i) => `00u${String(i).padStart(17, '0')}`);
    const failures = users.map((user, i) => failed({ user, at: T0 + 2 * i }));
    const fixes = users.map((user, i) => ev(DEACTIVATE, { result: 'SUCCESS', user, at: T0 + 2 * i + 1 }));
    const ledger = applyEvents(emptyLedger(), [...failures, ...fixes], apps);
    expect(ledger.apps[SNOW]!.full).toBe(false);
    // A leaver no run has seen, whose failure arrives late, dated before the fold: it cannot be told from a closed one.
    const late = applyEvents(ledger, [failed({ user: '00uNEVERSEENBEFORE01', at: T0 + 4 })], apps);
    expect(openOf(late)).toBe(0);
    expect(late.apps[SNOW]!.full).toBe(true);
  });

  it("keeps an app at every bound within one DynamoDB item (400 KB), the deployed store's unit", () => {
    const at = T0 + 400 * DAY_MS;
    const app = {
      open: Array.from({ length: LEDGER_LIMITS.openPerApp }, (_, i) => ({
        user: hash(`open${i}`),
        since: at,
        kind: 'failed_deactivation',
      })),
      closed: Array.from({ length: LEDGER_LIMITS.closedPerApp }, (_, i) => ({ user: hash(`closed${i}`), at })),
      full: true,
      retrying: Array.from({ length: LEDGER_LIMITS.retryingPerApp }, (_, i) => ({
        user: hash(`retrying${i}`),
        since: at,
        last: at,
        refusals: RATE_LIMITED_LEAVER.refusals - 1,
      })),
      foldedThrough: at,
    };
    expect(readLedger({ version: 1, apps: { [SNOW]: app } }, at)).not.toHaveProperty('damaged');
    // The item's record attribute is the app's JSON; its keys and the TTL attribute are a few dozen bytes more.
    expect(Buffer.byteLength(JSON.stringify(app)) + 200).toBeLessThan(400 * 1024);
  });

  it("keeps a leaver's app when 1,000 apps someone was assigned to sort before it, and makes them no entry", () => {
    const held = applyEvents(emptyLedger(), [failed({ app: 'zzz1leaver', label: 'Z' })], apps);
    // One window: 1,000 SSO-only apps (in no listing of apps Okta pushes to), each with an assignment.
    const assigned = Array.from({ length: 1_000 }, (_, i) =>
      ev('application.user_membership.add', { app: `0oa${String(i).padStart(6, '0')}sso`, at: T0 + MIN }),
    );
    const after = applyEvents(held, assigned, apps);
    expect(Object.keys(after.apps)).toEqual(['zzz1leaver']);
    expect(openOf(after, 'zzz1leaver')).toBe(1);
  });

  it('keeps every app holding a leaver past the bound of apps, leaves out the stalest others and counts them', () => {
    const others = LEDGER_LIMITS.apps;
    const closings = Object.fromEntries(
      Array.from({ length: others }, (_, i) => [
        `0oa${String(i).padStart(6, '0')}`,
        { open: [], closed: [{ user: hash(`c${i}`), at: T0 - DAY_MS + i }], full: false },
      ]),
    );
    const before: LeaverLedger = { version: 1, apps: closings };
    const after = applyEvents(before, [failed({ app: 'zzz1leaver', label: 'Z' })], apps);
    expect(Object.keys(after.apps)).toHaveLength(LEDGER_LIMITS.apps);
    expect(openOf(after, 'zzz1leaver')).toBe(1);
    // The stalest closing left out, and said.
    expect(after.apps['0oa000000']).toBeUndefined();
    expect(after.appsNotKept).toBe(1);
    expect(readLedger(JSON.parse(JSON.stringify({ ...after, appsNotKept: undefined })), T0)).not.toHaveProperty(
      'damaged',
    );
  });

  it('keeps an app to its cap and says "at least"', () => {
    const many = Array.from({ length: LEDGER_LIMITS.openPerApp + 3 }, (_, i) =>
      failed({ user: `00u${i.toString().padStart(17, '0')}`, at: T0 + i }),
    );
    const ledger = applyEvents(emptyLedger(), many, apps);
    expect(ledger.apps[SNOW]).toMatchObject({ full: true });
    expect(ledger.apps[SNOW]!.open).toHaveLength(LEDGER_LIMITS.openPerApp);
  });
});

describe('readLedger: a stored ledger read back as hostile input', () => {
  const good = applyEvents(
    emptyLedger(),
    [failed(), ev(DEACTIVATE, { result: 'SUCCESS', at: T0 + MIN, user: '00u2' }), failed({ user: '00u2', at: T0 })],
    apps,
  );
  const now = T0 + DAY_MS;
  type Loose = Record<string, unknown>;
  type App = { open: Loose[]; closed: Loose[]; full?: unknown };
  type Copy = { version: unknown; apps: Record<string, App> };
  const forge = (edit: (copy: Copy, app: App, leaver: Loose) => void): unknown => {
    const copy = JSON.parse(JSON.stringify(good)) as Copy;
    edit(copy, copy.apps[SNOW]!, copy.apps[SNOW]!.open[0]!);
    return copy;
  };

  it('reads back what applyEvents wrote, and nothing a forger added', () => {
    expect(readLedger(JSON.parse(JSON.stringify(good)), now)).toEqual(good);
    const extra = forge((_c, _a, l) => (l.login = 'pat@example.com'));
    expect(JSON.stringify(readLedger(extra, now))).not.toContain('pat@example.com');
  });

  it.each([
    ['not an object', () => 'x', 'the ledger is not an object'],
    ['another version', () => forge((c, _a, _l) => (c.version = 2)), 'version is not 1'],
    ['a time in the future', () => forge((_c, _a, l) => (l.since = now + DAY_MS)), 'min past the latest'],
    ['a closing in the future', () => forge((_c, a, _l) => (a.closed[0]!.at = now + DAY_MS)), 'min past the latest'],
    ['a user that is no hash', () => forge((_c, _a, l) => (l.user = 'pat@example.com')), "not a user's hash"],
    ['an unknown kind', () => forge((_c, _a, l) => (l.kind = 'other')), "not a leaver's kind"],
    ['a user twice', () => forge((_c, a, l) => a.open.push(l)), 'names a user twice'],
    [
      'too many leavers in an app',
      () => forge((_c, a, l) => (a.open = Array.from({ length: LEDGER_LIMITS.openPerApp + 1 }, () => l))),
      `holds more than ${LEDGER_LIMITS.openPerApp}`,
    ],
    ['an app id that is no id', () => forge((c, a, _l) => (c.apps['a b'] = a)), 'not an app id'],
    [
      'a prototype key',
      () => JSON.parse(`{"version":1,"apps":{"__proto__":{"open":[],"closed":[],"full":false}}}`),
      'apps is not an object',
    ],
    ['a missing flag', () => forge((_c, a, _l) => delete a.full), 'full is not true or false'],
  ])('refuses %s', (_, raw, why) => {
    const read = readLedger(raw(), now);
    expect(read).toHaveProperty('damaged');
    expect((read as { damaged: string }).damaged).toContain(why);
  });

  it('reads back the deactivations Okta retries and a folded time, and refuses them out of bounds', () => {
    const retrying = applyEvents(emptyLedger(), [tooMany(T0), tooMany(T0 + MIN)], apps, T0 + HOUR);
    const kept = { ...retrying, apps: { [SNOW]: { ...retrying.apps[SNOW]!, foldedThrough: T0 } } };
    expect(readLedger(JSON.parse(JSON.stringify(kept)), now)).toEqual(kept);
    const bad = (edit: (app: Record<string, unknown>, entry: Record<string, unknown>) => void): string => {
      const copy = JSON.parse(JSON.stringify(kept)) as { apps: Record<string, Record<string, unknown>> };
      const app = copy.apps[SNOW]!;
      edit(app, (app.retrying as Record<string, unknown>[])[0]!);
      return (readLedger(copy, now) as { damaged: string }).damaged;
    };
    expect(bad((_a, r) => (r.refusals = RATE_LIMITED_LEAVER.refusals + 1))).toContain("up to Okta's last attempt");
    expect(bad((_a, r) => (r.last = T0 - MIN))).toContain('not a time from since on');
    expect(bad((_a, r) => (r.user = 'pat@example.com'))).toContain("not a user's hash");
    expect(bad((a) => (a.foldedThrough = now + DAY_MS))).toContain('min past the latest');
    expect(bad((a) => (a.foldedThrough = 'yesterday'))).toContain('foldedThrough is not a time');
  });

  it('refuses more open leavers in total than the cap', () => {
    const apps: Record<string, unknown> = {};
    const per = LEDGER_LIMITS.openPerApp;
    for (let a = 0; a * per <= LEDGER_LIMITS.openTotal; a += 1)
      apps[`0oa${a}`] = {
        open: Array.from({ length: per }, (_, i) => ({
          user: hash(`${a}-${i}`),
          since: T0,
          kind: 'failed_deactivation',
        })),
        closed: [],
        full: false,
      };
    expect(readLedger({ version: 1, apps }, now)).toEqual({
      damaged: `apps hold more than ${LEDGER_LIMITS.openTotal} open leavers`,
    });
  });
});
