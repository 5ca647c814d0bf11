// Every event type of the outcomes table, read, judged and applied to the ledger: the table is the one place an event
// type's meaning is written, so each row is exercised through the reader, the judge and the ledger, and the rows
// that decide a security finding are also written out here by hand, from Okta's catalogue.
import { describe, expect, it } from 'vitest';
import {
  PROVISIONING_EVENT_TYPES,
  SIGN_IN_EVENT_TYPES,
  type ProvisioningEventType,
} from '../../../../functions/contract';
import { readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning/app-features';
import {
  isSkipped,
  readProvisioningEvent,
  type ProvisioningEvent,
} from '../../../../functions/probe/provisioning/events';
import { judgeProvisioning, type AppVerdict } from '../../../../functions/probe/provisioning/judge';
import { applyEvents, emptyLedger, type LeaverLedger } from '../../../../functions/probe/provisioning/ledger';
import { OUTCOMES, provisioningFilter } from '../../../../functions/probe/provisioning/outcomes';
import { MIN, T0, hash, rawApp, rawEvent, type RawOptions } from './fixtures';

const SNOW = '0oa1snow0000000000a';
const HR = '0oa1hr000000000000a';
const apps: ProvisioningApp[] = [
  rawApp(SNOW, 'Snowflake', ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION']),
  rawApp(HR, 'Legacy HR', ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES']),
].map((raw) => readProvisioningApp(raw) as ProvisioningApp);

const ev = (type: string, o: RawOptions = {}): ProvisioningEvent => {
  const got = readProvisioningEvent(rawEvent(type, o), hash);
  if (isSkipped(got)) throw new Error(`${type}: ${got.skipped}`);
  return got;
};
const TYPES = Object.keys(OUTCOMES) as ProvisioningEventType[];
const AUTH_FAILURE = 'application.integration.authentication_failure';
const DEACTIVATE = 'application.provision.user.deactivate';
const window = { start: T0 - 60 * MIN, end: T0 + 60 * MIN };

function verdict(events: ProvisioningEvent[], app = SNOW): AppVerdict {
  const ledger = applyEvents(emptyLedger(), events, apps);
  return judgeProvisioning({ events, apps, ledger, now: T0 + 30 * MIN, window }).apps.find((a) => a.appId === app)!
    .verdict;
}
const openOf = (ledger: LeaverLedger, app = SNOW): string[] => (ledger.apps[app]?.open ?? []).map((l) => l.kind);

/** The types whose success is the app's own answer (application.provision.user.*, Okta's calls to the app). */
const PROVES = [
  'application.provision.user.push',
  'application.provision.user.push_profile',
  'application.provision.user.reactivate',
  'application.provision.user.sync',
  'application.provision.user.verify_exists',
  'application.provision.user.push_password',
  'application.provision.user.push_okta_password',
  'application.provision.user.deactivate',
  'application.provision.user.delete',
  'application.provision.user.remove_entitlements',
];

describe('the outcomes table', () => {
  it('has a row for each type the System Log filter asks for, and the filter asks for each type and no other', () => {
    expect(new Set(TYPES)).toEqual(new Set(PROVISIONING_EVENT_TYPES));
    const filter = provisioningFilter(PROVISIONING_EVENT_TYPES);
    const clauses = filter.split(' or ').map((c) => /^eventType (eq|sw) "([^"]+)"$/.exec(c)!);
    const asked = (type: string): boolean =>
      clauses.some(([, op, value]) => (op === 'eq' ? type === value : type.startsWith(value!)));
    for (const type of TYPES) expect(asked(type), type).toBe(true);
    const unread = [
      'application.provision.user.import_profile',
      'application.provision.user.delete.schedule',
      'application.user_membership.update',
    ];
    for (const other of unread) expect(asked(other), other).toBe(false);
    // A polling `next` link carries the filter: with Okta's URL around it, it stays within a kept cursor's 2,048.
    const next =
      'https://dev-12345678.okta.com/api/v1/logs?since=2026-03-02T10%3A00%3A00.000Z&limit=1000' +
      `&filter=${encodeURIComponent(filter)}&after=1772445600000_1234567890abcdefghijklmnop`;
    expect(next.length).toBeLessThanOrEqual(2048);
    // The stream's EventBridge rule matches the same types beside the sign-ins': EventBridge's default quota on one
    // pattern is 2,048 characters.
    const pattern = { detail: { eventType: [...SIGN_IN_EVENT_TYPES, ...PROVISIONING_EVENT_TYPES] } };
    expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
  });

  it('only a call to the app proves it recovered: the successes of these types alone clear a failing app', () => {
    const proving = TYPES.filter((type) => {
      const failure = ev(AUTH_FAILURE, { result: 'FAILURE', at: T0 });
      const success = ev(type, { result: 'SUCCESS', at: T0 + MIN, resolution: 'Manually Deprovisioned' });
      return verdict([failure, success]).state === 'works';
    });
    expect(proving.sort()).toEqual([...PROVES].sort());
  });

  it.each(TYPES)('%s: read, judged and applied to the ledger as its row says', (type) => {
    const row = OUTCOMES[type];
    const failure = ev(type, { result: 'FAILURE', at: T0, reason: 'Bad Gateway. Errors reported by remote server: x' });
    const success = ev(type, { result: 'SUCCESS', at: T0 + MIN, resolution: 'Auto Deprovisioned' });
    // Read: the action from the row; an error fails whatever its result, an act in Okta neither fails nor succeeds.
    expect(failure.action).toBe(row.action);
    expect([failure.failed, failure.succeeded]).toEqual(row.judged === 'act' ? [false, false] : [true, false]);
    expect([success.failed, success.succeeded]).toEqual(
      row.judged === 'call' ? [false, true] : row.judged === 'error' ? [true, false] : [false, false],
    );
    // Judged: a failure fails the app unless Okta says it retries it; an act fails nothing.
    const failing = verdict([failure]).state === 'failing';
    expect(failing).toBe(row.judged !== 'act' && row.retried !== 'always');
    // The ledger: a failed deprovisioning call opens a leaver; an unassignment opens one on an app that never
    // deactivates; a success or an act closes one as the row says.
    expect(openOf(applyEvents(emptyLedger(), [failure], apps))).toEqual(
      row.opens === 'failure' ? ['failed_deactivation'] : [],
    );
    expect(openOf(applyEvents(emptyLedger(), [ev(type, { app: HR, label: 'Legacy HR' })], apps), HR)).toEqual(
      row.opens === 'unassign' ? ['never_deactivates'] : [],
    );
    const opened = ev(DEACTIVATE, { result: 'FAILURE', at: T0 - MIN });
    const closed = openOf(applyEvents(emptyLedger(), [opened, success], apps)).length === 0;
    expect(closed).toBe(row.closes === 'always' || (row.closes === 'success' && row.judged === 'call'));
  });

  describe("the password and membership events, by Okta's catalogue (data/event-types.json)", () => {
    const EXPIRED = 'Unauthorized. Errors reported by remote server: The access token expired';
    const PASSWORD_ISSUE = 'application.provision.user.password';

    it('reads "Issue pushing user password to external application." as an error, never as the app working', () => {
      const issue = ev(PASSWORD_ISSUE, { result: 'SUCCESS', at: T0 + MIN });
      expect([issue.failed, issue.succeeded]).toEqual([true, false]);
      expect(verdict([ev(AUTH_FAILURE, { result: 'FAILURE', at: T0 }), issue]).state).toBe('failing');
    });

    it.each(['application.provision.user.push_password', 'application.provision.user.push_okta_password'])(
      "reads Okta's password push %s: its success clears the password issue, a profile push's does not",
      (push) => {
        const issue = ev(PASSWORD_ISSUE, { result: 'FAILURE', at: T0, reason: EXPIRED });
        const profile = ev('application.provision.user.push_profile', { result: 'SUCCESS', at: T0 + MIN });
        expect(verdict([issue, profile])).toMatchObject({ state: 'failing', cause: 'credential' });
        const pushed = ev(push, { result: 'SUCCESS', at: T0 + 2 * MIN });
        expect([pushed.action, pushed.succeeded]).toEqual(['account', true]);
        expect(verdict([issue, profile, pushed]).state).toBe('works');
        // Refused for the expired credential, the push fails the app itself.
        expect(verdict([ev(push, { result: 'FAILURE', at: T0, reason: EXPIRED })]).state).toBe('failing');
      },
    );

    it("closes a leaver on the same user's app membership activated again, never on an activation that failed", () => {
      const opened = ev(DEACTIVATE, { result: 'FAILURE', at: T0 - MIN });
      const activate = (result: string) => ev('application.provision.user.activate', { result, at: T0 });
      expect(openOf(applyEvents(emptyLedger(), [opened, activate('FAILURE')], apps))).toEqual(['failed_deactivation']);
      expect(openOf(applyEvents(emptyLedger(), [opened, activate('SUCCESS')], apps))).toEqual([]);
    });

    it('reads an import by its name: refused it fails the app, working it proves nothing, no leaver moves', () => {
      const imported = (result: string, reason?: string) =>
        ev('application.provision.user.import', { result, at: T0, ...(reason !== undefined && { reason }) });
      expect(verdict([imported('FAILURE', EXPIRED)])).toMatchObject({ state: 'failing', cause: 'credential' });
      expect(imported('SUCCESS').action).toBe('import');
      expect(verdict([imported('SUCCESS')]).state).toBe('unknown');
      const opened = ev(DEACTIVATE, { result: 'FAILURE', at: T0 - MIN });
      expect(openOf(applyEvents(emptyLedger(), [opened, imported('SUCCESS')], apps))).toEqual(['failed_deactivation']);
    });
  });
});
