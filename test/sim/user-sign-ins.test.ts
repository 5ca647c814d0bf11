// The simulated org's real users: hundreds of people, several apps, about 3 % failures, in Okta's event shapes, the
// same events for the same range (so Okta's `after` cursor finds its place), and each scenario's fault where it says.
import { describe, expect, it } from 'vitest';
import { asksForSignIns, SIM_FACTORS, SIM_IDP, SIM_USER_APPS, userSignInEvents } from '../../sim/user-sign-ins';

const T0 = Date.UTC(2026, 10, 25, 9, 0);
const window = (fault?: Parameters<typeof userSignInEvents>[0]) =>
  userSignInEvents(fault, ['portal.user@acme.example'], T0, T0 + 15 * 60_000);

describe("the simulator's real users", () => {
  it('are hundreds of people signing in to several apps, about 3 % of Okta sign-ins failing', () => {
    const events = window();
    const people = new Set(events.map((e) => e.actor.id));
    expect(people.size).toBeGreaterThan(200);
    const apps = new Set(
      events.flatMap((e) => (e.target ?? []).filter((t) => t.type === 'AppInstance').map((t) => t.id)),
    );
    expect([...apps].sort()).toEqual(SIM_USER_APPS.map((a) => a.id).sort());
    const starts = events.filter((e) => e.eventType === 'user.session.start');
    const failed = starts.filter((e) => e.outcome.result === 'FAILURE');
    expect(failed.length / starts.length).toBeGreaterThan(0.01);
    expect(failed.length / starts.length).toBeLessThan(0.06);
    expect(failed.every((e) => e.outcome.reason === 'INVALID_CREDENTIALS')).toBe(true);
  });

  it("carry Okta's shapes: the factor in debugData, the IdP as a target, the app as an AppInstance", () => {
    const events = window();
    const mfa = events.find((e) => e.eventType === 'user.authentication.auth_via_mfa');
    expect(SIM_FACTORS).toContain(mfa?.debugContext.debugData.factor);
    const idp = events.find((e) => e.eventType === 'user.authentication.auth_via_IDP');
    expect(idp?.target?.[0]).toMatchObject({ type: 'IdentityProvider', displayName: SIM_IDP.name });
    const sso = events.find((e) => e.eventType === 'user.authentication.sso');
    expect(sso).toMatchObject({ actor: { type: 'User' }, client: { ipAddress: expect.any(String) } });
  });

  it('are the same events, uuids included, for the same range, and unique', () => {
    const a = window().map((e) => e.uuid);
    expect(window().map((e) => e.uuid)).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });

  it('fail where each fault says', () => {
    const denied = window('app-denied').filter(
      (e) => e.eventType === 'policy.evaluate_sign_on' && e.outcome.result === 'DENY',
    );
    expect(new Set(denied.map((e) => e.target?.[0]?.displayName))).toEqual(new Set(['Workday']));
    const idp = window('idp-failing').filter((e) => e.eventType === 'user.authentication.auth_via_IDP');
    expect(idp.every((e) => e.outcome.result === 'FAILURE')).toBe(true);
    const hammer = window('one-user').filter((e) => e.actor.alternateId === 'pat.jones@acme.example');
    expect(hammer.length).toBeGreaterThanOrEqual(200);
    const synthetic = window('synthetic-failing').filter((e) => e.actor.alternateId === 'portal.user@acme.example');
    expect(synthetic.length).toBe(150);
    expect(window('quiet').length).toBeLessThan(100);
  });

  it('are made only for a query that asks for sign-in types', () => {
    expect(asksForSignIns('eventType eq "user.session.start"')).toBe(true);
    expect(asksForSignIns('eventType sw "system.org.rate_limit"')).toBe(false);
    expect(asksForSignIns(null)).toBe(false);
  });
});
