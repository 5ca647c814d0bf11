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

  it("opens none for a deactivation refused by the app's rate limit: Okta retries it", () => {
    const limited = failed({ reason: 'Too Many Requests. Errors reported by remote server: slow down' });
    expect(openOf(applyEvents(emptyLedger(), [limited], apps))).toBe(0);
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
