// The provisioning core on the simulator's Okta-shaped events (full LogEvent size, targets in no set order, reasons
// holding logins): each scenario's promise, judged without a network.
import { describe, expect, it } from 'vitest';
import { PROVISIONING_EVENT_TYPES } from '../../../../functions/contract';
import {
  readConnection,
  readProvisioningApp,
  type ProvisioningApp,
} from '../../../../functions/probe/provisioning/app-features';
import {
  isSkipped,
  readProvisioningEvent,
  type ProvisioningEvent,
} from '../../../../functions/probe/provisioning/events';
import { provisioningFindings } from '../../../../functions/probe/provisioning/findings';
import { judgeProvisioning, type ProvisioningJudgement } from '../../../../functions/probe/provisioning/judge';
import { applyEvents, emptyLedger, type LeaverLedger } from '../../../../functions/probe/provisioning/ledger';
import { provisioningFilter } from '../../../../functions/probe/provisioning/outcomes';
import type { ProvisioningFault } from '../../../../sim/faults';
import { oktaShaped } from '../../../../sim/log-event-shape';
import {
  SIM_PROVISIONING_APPS,
  asksForProvisioning,
  connectionJson,
  provisioningAppJson,
  provisioningEvents,
} from '../../../../sim/provisioning';
import { PROVISIONING_SCENARIOS } from '../../../../sim/provisioning-scenarios';
import { parseFilter } from '../../../../sim/system-log';
import { hash } from './fixtures';

const MIN = 60_000;
/** A run's end; the finding-closes scenario began at it, so its failure and its closing lie in the half hour before. */
const END = Date.parse('2026-03-02T10:15:00.000Z');

function appsOf(fault: ProvisioningFault): ProvisioningApp[] {
  return SIM_PROVISIONING_APPS.map((app) => {
    const read = readProvisioningApp(provisioningAppJson(app)) as ProvisioningApp;
    return { ...read, connection: readConnection(connectionJson(app.id, fault)) };
  });
}

/** What a query filtered on the provisioning types gets (an unassignment's user_membership.remove is not asked). */
function served(fault: ProvisioningFault, since: number, until: number): unknown[] {
  return provisioningEvents(fault, since, until, undefined, END)
    .filter((e) => (PROVISIONING_EVENT_TYPES as readonly string[]).includes(e.eventType))
    .map(({ persistedAt: _p, ...e }) => oktaShaped(e));
}

function run(
  fault: ProvisioningFault,
  ledger: LeaverLedger = emptyLedger(),
  window = { start: END - 30 * MIN, end: END },
): { judgement: ProvisioningJudgement; ledger: LeaverLedger; raw: unknown[] } {
  const raw = served(fault, window.start, window.end);
  const events = raw.map((r) => readProvisioningEvent(r, hash)).filter((r): r is ProvisioningEvent => !isSkipped(r));
  expect(events).toHaveLength(raw.length);
  const apps = appsOf(fault);
  const next = applyEvents(ledger, events, apps);
  return { judgement: judgeProvisioning({ events, apps, ledger: next, now: window.end, window }), ledger: next, raw };
}

const stateOf = (j: ProvisioningJudgement, label: string): string => {
  const app = j.apps.find((a) => a.label === label)!;
  return app.verdict.state === 'failing' ? `failing ${app.verdict.cause}` : app.verdict.state;
};

describe("the simulator's provisioning scenarios, judged", () => {
  it("serves events at Okta's full LogEvent size", () => {
    const { raw } = run('healthy');
    const sizes = raw.map((e) => JSON.stringify(e).length).sort((a, b) => a - b);
    expect(sizes[0]).toBeGreaterThanOrEqual(1_700);
  });

  it('healthy: every provisioning app works, the SSO-only app is not judged, no leaver', () => {
    const { judgement } = run('healthy');
    expect(judgement.apps.map((a) => [a.label, a.verdict.state])).toEqual([
      ['Box', 'works'],
      ['Legacy HR Portal', 'works'],
      ['Slack', 'works'],
      ['Snowflake', 'works'],
    ]);
    expect(judgement.totals).toMatchObject({ failing: 0, openLeavers: 0 });
  });

  it('credential-expired: Snowflake named for its credential, its leavers counted, no login anywhere', () => {
    const { judgement, ledger } = run('credential-expired');
    expect(stateOf(judgement, 'Snowflake')).toBe('failing credential');
    expect(stateOf(judgement, 'Slack')).toBe('works');
    const snow = judgement.apps.find((a) => a.label === 'Snowflake')!;
    expect(snow.leavers.failedDeactivations).toBeGreaterThan(5);
    const codes = provisioningFindings(judgement).map((f) => f.code);
    expect(codes).toEqual(['PROVISIONING_CREDENTIAL_FAILED', 'PROVISIONING_LEAVERS_OPEN']);
    const all = JSON.stringify({ judgement, ledger, findings: provisioningFindings(judgement) });
    expect(all).not.toMatch(/acme\.example|person\d|00u1prov|Errors reported/);
  });

  it("one-user-data: one person's refused login leaves Box working", () => {
    const { judgement } = run('one-user-data');
    expect(stateOf(judgement, 'Box')).toBe('works');
    expect(judgement.apps.find((a) => a.label === 'Box')!.oneUserData).toBe(1);
  });

  it("app-rate-limited: Slack's own rate limit, transient, never the org's Okta limit", () => {
    const { judgement } = run('app-rate-limited');
    expect(stateOf(judgement, 'Slack')).toBe('failing app_rate_limit');
    expect(provisioningFindings(judgement).map((f) => f.code)).toEqual(['PROVISIONING_APP_RATE_LIMITED']);
  });

  it.each([
    ['unreachable', 'Box', 'failing unreachable'],
    ['configuration', 'Snowflake', 'failing configuration'],
    ['connection-disabled', 'Slack', 'disabled'],
    ['several-users-data', 'Box', 'failing user_data'],
    ['general-failure', 'Snowflake', 'failing unknown'],
  ] as const)('%s: %s is %s', (fault, label, state) => {
    expect(stateOf(run(fault).judgement, label)).toBe(state);
  });

  it('no-deactivation: every revoke from Legacy HR Portal is a leaver', () => {
    const { judgement } = run('no-deactivation');
    const hr = judgement.apps.find((a) => a.label === 'Legacy HR Portal')!;
    expect(hr.leavers.neverDeactivates).toBe(10);
    expect(provisioningFindings(judgement).map((f) => f.code)).toEqual(['PROVISIONING_NO_DEACTIVATION']);
  });

  it('finding-closes: the leaver opened by a failed deactivation closes, and stays closed across runs', () => {
    // The failure ten minutes before the scenario began, its closing 20 s before: a run that stops between them sees
    // it open.
    const between = END - 60_000;
    const first = run('finding-closes', emptyLedger(), { start: END - 30 * MIN, end: between });
    expect(first.judgement.totals.openLeavers).toBe(1);
    expect(stateOf(first.judgement, 'Snowflake')).toBe('works');
    const second = run('finding-closes', first.ledger, { start: between, end: END });
    expect(second.judgement.totals.openLeavers).toBe(0);
    // Read again from the start, the failure that opened it opens nothing: closed stays closed.
    const again = run('finding-closes', second.ledger, { start: END - 30 * MIN, end: END });
    expect(again.judgement.totals.openLeavers).toBe(0);
    expect(again.ledger).toEqual(second.ledger);
    expect(provisioningFindings(again.judgement)).toEqual([]);
  });

  it('registers a scenario for each fault', () => {
    expect(Object.values(PROVISIONING_SCENARIOS).map((s) => s.faults.provisioning)).toHaveLength(11);
  });
});

describe("the simulator's /api/v1/logs filter for provisioning", () => {
  const filter = provisioningFilter(PROVISIONING_EVENT_TYPES);

  it('makes provisioning events only for a filter that asks for them, and the filter matches each type', () => {
    expect(asksForProvisioning(filter)).toBe(true);
    expect(asksForProvisioning('eventType eq "user.session.start"')).toBe(false);
    expect(asksForProvisioning(null)).toBe(false);
    const matches = parseFilter(filter)!;
    const made = provisioningEvents('credential-expired', END - 10 * MIN, END);
    // A type of the catalogue the check does not read: a profile imported from the app.
    const events = [...made, { ...made[0]!, eventType: 'application.provision.user.import_profile' }];
    const kept = events.filter((e) => matches(e));
    expect(new Set(kept.map((e) => e.eventType))).toEqual(
      new Set(
        events.map((e) => e.eventType).filter((t) => (PROVISIONING_EVENT_TYPES as readonly string[]).includes(t)),
      ),
    );
    expect(kept.length).toBeLessThan(events.length);
  });
});
