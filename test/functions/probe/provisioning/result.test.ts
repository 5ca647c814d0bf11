// What the provisioning-health check tells of each app, in the report's item, its fields (--json) and the run line:
// the figure behind "works", an app never seen provisioning said so, a disabled connection said so, and one user's
// data refused counted on the app without ever naming the user.
import { describe, expect, it } from 'vitest';
import type { RunLogLine } from '../../../../functions/contract';
import { readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning/app-features';
import {
  isSkipped,
  readProvisioningEvent,
  type ProvisioningEvent,
} from '../../../../functions/probe/provisioning/events';
import { judgeProvisioning } from '../../../../functions/probe/provisioning/judge';
import { applyEvents, emptyLedger } from '../../../../functions/probe/provisioning/ledger';
import { provisioningJudged } from '../../../../functions/probe/provisioning/result';
import { asRunLine } from '../../../../functions/report/run-line-shape';
import { runLogLine } from '../../../../functions/report/run-line';
import { foldRunLine } from '../../../../functions/status-page/fold';
import type { CheckItem, CheckResult, Report } from '../../../../functions/types';
import { MIN, T0, hash, rawApp, rawEvent, type RawOptions } from './fixtures';

const SNOW = '0oa1snow0000000000a';
const BOX = '0oa1box00000000000a';
const SLACK = '0oa1slack000000000a';
const HR = '0oa1legacyhr000000a';
const PUSHES = ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION'];
const apps: ProvisioningApp[] = [
  readProvisioningApp(rawApp(SNOW, 'Snowflake', PUSHES)) as ProvisioningApp,
  readProvisioningApp(rawApp(BOX, 'Box', PUSHES)) as ProvisioningApp,
  { ...(readProvisioningApp(rawApp(SLACK, 'Slack', PUSHES)) as ProvisioningApp), connection: 'disabled' },
  readProvisioningApp(rawApp(HR, 'Legacy HR Portal', ['PUSH_NEW_USERS'])) as ProvisioningApp,
];
const LOGIN = 'pat.toolong@example.com';
const USER_ID = '00u1toolong00000000a';

const ev = (type: string, o: RawOptions): ProvisioningEvent => {
  const got = readProvisioningEvent(rawEvent(type, o), hash);
  if (isSkipped(got)) throw new Error(got.skipped);
  return got;
};
const PUSH = 'application.provision.user.push';

/** The check's result of `events` on the apps `list`, judged at `now` over the hour before it. */
function judgedOf(
  events: readonly ProvisioningEvent[],
  list: readonly ProvisioningApp[],
  now: number,
): ReturnType<typeof provisioningJudged> {
  const ledger = applyEvents(emptyLedger(), events, list);
  const judgement = judgeProvisioning({ events, apps: list, ledger, now, window: { start: now - 60 * MIN, end: now } });
  return provisioningJudged(judgement, {
    now,
    secrets: [],
    settings: { pageOnLeavers: false, lookbackHours: 24 },
    read: {
      events: events.length,
      skipped: new Map(),
      complete: true,
      apps: { apps: list, skipped: 0, requests: 1 },
      written: undefined,
    },
  });
}

/** An hour of an org: Snowflake pushed to and deactivating, Box refusing one person's login, Slack's connection off. */
function judged(): ReturnType<typeof provisioningJudged> {
  const events = [
    ...[1, 2, 3].map((n) => ev(PUSH, { app: SNOW, at: T0 - n * MIN, user: `00u1snow${n}000000000a` })),
    ev('application.provision.user.deactivate', { app: SNOW, at: T0 - 4 * MIN, user: '00u1leaver0000000a' }),
    ev(PUSH, { app: BOX, label: 'Box', at: T0 - 5 * MIN, user: '00u1boxok00000000a' }),
    ...[6, 7].map((n) =>
      ev(PUSH, {
        app: BOX,
        label: 'Box',
        at: T0 - n * MIN,
        result: 'FAILURE',
        user: USER_ID,
        login: LOGIN,
        reason: `Bad Request. Errors reported by remote server: long_username (user=${LOGIN})`,
      }),
    ),
    ev(PUSH, { app: SLACK, label: 'Slack', at: T0 - 8 * MIN, user: '00u1slack00000000a' }),
    // Legacy HR Portal: only an admin's act in Okta this hour, which never reaches the app.
    ev('application.user_membership.add', { app: HR, label: 'Legacy HR Portal', at: T0 - 9 * MIN }),
  ];
  return judgedOf(events, apps, T0);
}

const itemOf = (items: readonly CheckItem[], id: string): CheckItem => items.find((i) => i.provisioningApp?.id === id)!;

function lineOf(items: readonly CheckItem[], observed: CheckResult['observed']): RunLogLine {
  const check: CheckResult = {
    server: 'org',
    check: 'provisioning-health',
    latencyMs: null,
    status: 'pass',
    diagnosis: null,
    items,
    ...(observed !== undefined && { observed }),
  };
  const report: Report = {
    startedAt: new Date(T0).toISOString(),
    durationMs: 1,
    orgUrl: 'https://acme.okta.com',
    checks: [check],
    metrics: [],
  };
  return runLogLine(report);
}

describe("the provisioning-health check's items", () => {
  it('gives a working app its figure, in the text and as fields', () => {
    const { items } = judged();
    const snow = itemOf(items!, SNOW);
    expect(snow.item).toBe(`Snowflake (${SNOW}): works (3 pushes, 1 deactivation in 60 minutes)`);
    expect(snow.status).toBe('pass');
    expect(snow.provisioningApp).toEqual({ label: 'Snowflake', id: SNOW, state: 'works', pushes: 3, deactivations: 1 });
  });

  it('says an app with push features and no call to it "no provisioning seen", never "works"', () => {
    const hr = itemOf(judged().items!, HR);
    expect(hr.item).toBe(`Legacy HR Portal (${HR}): no provisioning seen`);
    expect(hr.status).toBe('n/a');
    expect(hr.provisioningApp).toMatchObject({ state: 'no provisioning seen', pushes: 0, deactivations: 0 });
  });

  it('says calls that all failed for one user "no provisioning seen to succeed", never "works"', () => {
    const list = [readProvisioningApp(rawApp(BOX, 'Box', PUSHES)) as ProvisioningApp];
    const events = [
      ev(PUSH, { app: BOX, label: 'Box', at: T0 - MIN, result: 'FAILURE', user: USER_ID, reason: 'Bad Request. x' }),
    ];
    const { items } = judgedOf(events, list, T0);
    expect(items![0]!.item).toBe(
      `Box (${BOX}): no provisioning seen to succeed (1 push, 0 deactivations in 60 minutes; 1 user's data refused)`,
    );
    expect(items![0]!.provisioningApp).toMatchObject({ state: 'no provisioning seen', usersRefused: 1 });
  });

  it('says a disabled connection so, never failing nor working, whatever its events', () => {
    const slack = itemOf(judged().items!, SLACK);
    expect(slack.item).toBe(`Slack (${SLACK}): connection disabled`);
    expect(slack.status).toBe('n/a');
    expect(slack.provisioningApp?.state).toBe('connection disabled');
  });

  it("counts one user's data refused on the app, and names no one", () => {
    const { items, judgement } = judged();
    const box = itemOf(items!, BOX);
    expect(box.item).toBe(`Box (${BOX}): works (3 pushes, 0 deactivations in 60 minutes; 1 user's data refused)`);
    expect(box.provisioningApp).toMatchObject({ state: 'works', usersRefused: 1 });
    expect(judgement).toMatchObject({ diagnosis: null });
    for (const never of [LOGIN, USER_ID, 'long_username', 'Bad Request'])
      expect(JSON.stringify(items)).not.toContain(never);
  });
});

describe("the run line's provisioningHealth", () => {
  it('carries each app as fields: label, id, state, cause and figure, and the apps not seen', () => {
    const { items, judgement } = judged();
    const line = lineOf(items!, judgement.observed);
    expect(line.provisioningHealth).toEqual({
      appsFailing: 0,
      openLeavers: 0,
      appsNotSeen: 1,
      appsDisabled: 1,
      apps: [
        { label: 'Slack', id: SLACK, state: 'connection disabled', status: 'n/a', pushes: 1, deactivations: 0 },
        { label: 'Box', id: BOX, state: 'works', status: 'pass', pushes: 3, deactivations: 0, usersRefused: 1 },
      ],
    });
    expect(asRunLine(JSON.parse(JSON.stringify(line)))).toEqual(line);
    for (const never of [LOGIN, USER_ID, 'long_username']) expect(JSON.stringify(line)).not.toContain(never);
  });

  it('names a failing app with its cause as a field, and reads back a line of the older text form', () => {
    const failing: CheckItem = {
      item: `Snowflake (${SNOW}): failing (credential; 0 pushes, 0 deactivations in 60 minutes)`,
      status: 'fail',
      code: 'PROVISIONING_CREDENTIAL_FAILED',
      lastChecked: null,
      carried: false,
      provisioningApp: {
        label: 'Snowflake',
        id: SNOW,
        state: 'failing',
        cause: 'credential',
        pushes: 0,
        deactivations: 0,
      },
    };
    const line = lineOf([failing], { appsFailing: 1, openLeavers: 0 });
    expect(line.provisioningHealth?.apps).toEqual([
      { ...failing.provisioningApp, status: 'fail', code: 'PROVISIONING_CREDENTIAL_FAILED' },
    ]);
    const older = { appsFailing: 1, openLeavers: 0, apps: [{ app: 'Snowflake (0oa1): failing', status: 'fail' }] };
    expect(asRunLine({ ...line, provisioningHealth: older })).toBeDefined();
    for (const torn of [
      { status: 'fail' },
      { label: 'Snowflake', status: 'fail' },
      { label: 'S', id: SNOW, status: 'ok' },
    ])
      expect(
        asRunLine({ ...line, provisioningHealth: { ...older, apps: [torn] } }),
        JSON.stringify(torn),
      ).toBeUndefined();
  });

  it("is what the status page reads: a failing app's label field, whatever its label holds", () => {
    // A label that reads like the report's own sentence: the page names it whole, nothing parsed out of it.
    const label = 'HR (EU) (0oa9): works';
    const list = [readProvisioningApp(rawApp(SNOW, label, PUSHES)) as ProvisioningApp];
    const events = [ev('application.integration.authentication_failure', { app: SNOW, label, result: 'FAILURE' })];
    const { items, judgement: verdict } = judgedOf(events, list, T0 + MIN);
    expect(items![0]!.item).toBe(`${label} (${SNOW}): failing (credential; 0 pushes, 0 deactivations in 60 minutes)`);
    const line = lineOf(items!, verdict.observed);
    const part = foldRunLine(undefined, line).parts.find((p) => p.kind === 'provisioning');
    expect(part).toMatchObject({
      state: 'failing',
      apps: [{ label, fault: { code: 'PROVISIONING_CREDENTIAL_FAILED' } }],
    });
  });
});

describe("the provisioning-health check's observed facts", () => {
  it("says how many apps' closings the ledger's bound of apps left out, and nothing when none were", () => {
    const judgement = judgeProvisioning({
      events: [],
      apps,
      ledger: emptyLedger(),
      now: T0,
      window: { start: T0, end: T0 },
    });
    const read = { events: 0, skipped: new Map(), complete: true, apps: { apps, skipped: 0, requests: 1 } };
    const context = { now: T0, secrets: [], settings: { pageOnLeavers: false, lookbackHours: 24 } };
    const told = provisioningJudged(judgement, { ...context, read: { ...read, written: undefined, appsNotKept: 3 } });
    expect(told.judgement.observed).toMatchObject({ ledgerAppsNotKept: 3 });
    const quiet = provisioningJudged(judgement, { ...context, read: { ...read, written: undefined } });
    expect(quiet.judgement.observed).not.toHaveProperty('ledgerAppsNotKept');
  });
});
