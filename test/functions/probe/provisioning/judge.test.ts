import { describe, expect, it } from 'vitest';
import { DIAGNOSES } from '../../../../functions/diagnosis';
import { readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning/app-features';
import {
  isSkipped,
  readProvisioningEvent,
  type ProvisioningEvent,
} from '../../../../functions/probe/provisioning/events';
import { CAUSE_CODES, ageText, provisioningFindings } from '../../../../functions/probe/provisioning/findings';
import { SEVERAL_USERS, judgeProvisioning, type AppVerdict } from '../../../../functions/probe/provisioning/judge';
import { applyEvents, emptyLedger } from '../../../../functions/probe/provisioning/ledger';
import { MIN, T0, hash, rawApp, rawEvent, type RawOptions } from './fixtures';

const SNOW = '0oa1snow0000000000a';
const apps: ProvisioningApp[] = [
  rawApp(SNOW, 'Snowflake', ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION']),
  rawApp('0oa1wiki0000000000a', 'Wiki', ['SSO']),
].map((raw) => readProvisioningApp(raw) as ProvisioningApp);

const ev = (type: string, o: RawOptions = {}): ProvisioningEvent => {
  const got = readProvisioningEvent(rawEvent(type, o), hash);
  if (isSkipped(got)) throw new Error(got.skipped);
  return got;
};
const PUSH = 'application.provision.user.push';
const window = { start: T0 - 60 * MIN, end: T0 + 60 * MIN };

function verdict(events: ProvisioningEvent[], list: ProvisioningApp[] = apps): AppVerdict {
  const ledger = applyEvents(emptyLedger(), events, list);
  const judged = judgeProvisioning({ events, apps: list, ledger, now: T0 + 30 * MIN, window });
  return judged.apps.find((a) => a.appId === SNOW)!.verdict;
}

describe('judgeProvisioning', () => {
  it('judges only apps Okta pushes to, and one with no event as unknown', () => {
    const judged = judgeProvisioning({ events: [], apps, ledger: emptyLedger(), now: T0, window });
    expect(judged.apps.map((a) => [a.label, a.verdict.state])).toEqual([['Snowflake', 'unknown']]);
  });

  it('fails the connection from one authentication failure', () => {
    const events = [
      ev(PUSH, { result: 'SUCCESS', at: T0 - 10 * MIN, user: '00u2' }),
      ev('application.integration.authentication_failure', { result: 'FAILURE', at: T0 }),
    ];
    expect(verdict(events)).toMatchObject({ state: 'failing', cause: 'credential', failures: 1, transient: false });
  });

  it("tells the app's rate limit as transient, never the org's Okta limit", () => {
    const v = verdict([ev('application.integration.rate_limit_exceeded', { result: 'SUCCESS' })]);
    expect(v).toMatchObject({ state: 'failing', cause: 'app_rate_limit', transient: true });
    const [found] = provisioningFindings(
      judgeProvisioning({
        events: [ev('application.integration.rate_limit_exceeded', { result: 'SUCCESS' })],
        apps,
        ledger: emptyLedger(),
        now: T0,
        window,
      }),
    );
    expect(found!.code).toBe('PROVISIONING_APP_RATE_LIMITED');
    expect(found!.code).not.toMatch(/^(RATE_LIMITED|ORG_RATE_LIMIT)/);
  });

  it("does not fail the app for one user's bad data, but does for several users", () => {
    const bad = (user: string, at: number): ProvisioningEvent =>
      ev(PUSH, { result: 'FAILURE', user, at, reason: 'Bad Request. Errors reported by remote server: schema' });
    const ok = ev(PUSH, { result: 'SUCCESS', user: '00u9', at: T0 });
    expect(verdict([ok, bad('00u1', T0 + MIN), bad('00u1', T0 + 2 * MIN)]).state).toBe('works');
    const several = Array.from({ length: SEVERAL_USERS }, (_, i) => bad(`00u${i}`, T0 + i * MIN));
    expect(verdict([ok, ...several])).toMatchObject({ state: 'failing', cause: 'user_data', users: SEVERAL_USERS });
    expect(verdict([bad('00u1', T0), bad('00u2', T0 + MIN)])).toMatchObject({ cause: 'user_data' });
  });

  it.each([
    ['assigns a user', 'application.user_membership.add'],
    ['restores an assignment', 'application.user_membership.restore'],
    ['revokes a user', 'application.user_membership.revoke'],
    ['removes a user', 'application.user_membership.remove'],
    ['marks a deprovisioning task done', 'application.provision.user.deprovision'],
    ['deprovisions a revoked user', 'application.user_membership.deprovision'],
  ])(
    'leaves the app failing when an admin %s after an authentication failure: no act in Okta calls the app',
    (_, type) => {
      const expired = ev('application.integration.authentication_failure', { result: 'FAILURE', at: T0 });
      const act = ev(type, { result: 'SUCCESS', at: T0 + MIN, resolution: 'Manually Deprovisioned' });
      expect(verdict([expired, act])).toMatchObject({ state: 'failing', cause: 'credential' });
      // Only the app's own answer clears it: a push that reached it.
      expect(verdict([expired, act, ev(PUSH, { result: 'SUCCESS', at: T0 + 2 * MIN })]).state).toBe('works');
    },
  );

  it("counts an admin's acts as no success of the app: two users' bad data with only acts beside is the app's", () => {
    const bad = (user: string, at: number): ProvisioningEvent =>
      ev(PUSH, { result: 'FAILURE', user, at, reason: 'Bad Request. Errors reported by remote server: schema' });
    const assigned = ev('application.user_membership.add', { result: 'SUCCESS', user: '00u9', at: T0 });
    expect(verdict([assigned, bad('00u1', T0 + MIN), bad('00u2', T0 + 2 * MIN)])).toMatchObject({
      state: 'failing',
      cause: 'user_data',
    });
  });

  it('lets a later success clear an unreachable app', () => {
    const down = ev(PUSH, {
      result: 'FAILURE',
      at: T0,
      reason: 'Service Unavailable. Errors reported by remote server: x',
    });
    expect(verdict([down])).toMatchObject({ state: 'failing', cause: 'unreachable' });
    expect(verdict([down, ev(PUSH, { result: 'SUCCESS', at: T0 + MIN })]).state).toBe('works');
  });

  it('keeps a configuration refusal of deactivations failing when only other calls succeed later', () => {
    const refused = ev('application.provision.user.deactivate', {
      result: 'FAILURE',
      at: T0,
      reason: 'Not Found. Errors reported by remote server: Matching user not found',
    });
    const later = ev('application.provision.user.push_profile', { result: 'SUCCESS', at: T0 + MIN });
    expect(verdict([refused, later])).toMatchObject({ state: 'failing', cause: 'configuration' });
  });

  it('says an inactive app or a disabled connection as such, never failing', () => {
    const events = [ev('application.integration.authentication_failure', { result: 'FAILURE' })];
    const inactive = apps.map((a) => (a.id === SNOW ? { ...a, status: 'INACTIVE' as const } : a));
    const disabled = apps.map((a) => (a.id === SNOW ? { ...a, connection: 'disabled' as const } : a));
    expect(verdict(events, inactive)).toEqual({ state: 'disabled', why: 'app inactive' });
    expect(verdict(events, disabled)).toEqual({ state: 'disabled', why: 'connection disabled' });
  });

  it('a retried group push fails nothing by itself; one that cannot be retried does', () => {
    const retried = ev('application.provision.group_push.mapping.update.or.delete.failed');
    const final = ev('application.provision.group_push.mapping.update.or.delete.failed.with.error');
    expect(verdict([retried]).state).toBe('unknown');
    expect(verdict([final]).state).toBe('failing');
  });

  it("works only on a call to the app that succeeded: an admin's acts alone are no provisioning seen", () => {
    const acts = [
      ev('application.user_membership.add', { result: 'SUCCESS', at: T0, user: '00u3' }),
      ev('application.user_membership.revoke', { result: 'SUCCESS', at: T0 + MIN, user: '00u4' }),
    ];
    expect(verdict(acts).state).toBe('unknown');
    expect(verdict([...acts, ev(PUSH, { result: 'SUCCESS', at: T0 + 2 * MIN, user: '00u5' })]).state).toBe('works');
  });

  it("carries each app's figure: the pushes and deactivations Okta sent it in the window, and one user's data", () => {
    const events = [
      ev(PUSH, { result: 'SUCCESS', at: T0, user: '00u1' }),
      ev('application.provision.user.push_profile', { result: 'SUCCESS', at: T0 + MIN, user: '00u2' }),
      ev(PUSH, { result: 'FAILURE', at: T0 + 2 * MIN, user: '00u3', reason: 'Bad Request. x: attribute title' }),
      ev('application.provision.user.deactivate', { result: 'SUCCESS', at: T0 + 3 * MIN, user: '00u4' }),
      ev('application.user_membership.revoke', { result: 'SUCCESS', at: T0 + 3 * MIN, user: '00u4' }),
      // Outside the window: not counted.
      ev(PUSH, { result: 'SUCCESS', at: T0 - 2 * 60 * MIN, user: '00u5' }),
    ];
    const ledger = applyEvents(emptyLedger(), events, apps);
    const [snow] = judgeProvisioning({ events, apps, ledger, now: T0 + 30 * MIN, window }).apps;
    expect(snow).toMatchObject({ verdict: { state: 'works' }, pushes: 3, deactivations: 1, oneUserData: 1 });
  });

  it('counts leavers per app with the oldest age, and every cause has a code and a text', () => {
    const events = [ev('application.provision.user.deactivate', { result: 'FAILURE', at: T0 - 20 * MIN })];
    const ledger = applyEvents(emptyLedger(), events, apps);
    const judged = judgeProvisioning({ events, apps, ledger, now: T0, window });
    expect(judged.totals).toMatchObject({ openLeavers: 1, appsWithLeavers: 1, oldestLeaverMs: 20 * MIN });
    expect(provisioningFindings(judged).map((f) => f.code)).toContain('PROVISIONING_LEAVERS_OPEN');
    expect(ageText(20 * MIN)).toBe('20 minutes');
    expect(ageText(13 * 24 * 60 * MIN)).toBe('13 days');
    for (const code of Object.values(CAUSE_CODES)) expect(DIAGNOSES[code].remedy.length).toBeGreaterThan(40);
  });
});
