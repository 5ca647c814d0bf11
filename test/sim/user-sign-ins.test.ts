// The simulated org's real users: hundreds of people, several apps, about 3 % failures, in Okta's event shapes, the
// same events for the same range (so Okta's `after` cursor finds its place), and each scenario's fault where it says.
import { describe, expect, it } from 'vitest';
import { oktaShaped } from '../../sim/log-event-shape';
import {
  asksForSignIns,
  SIM_FACTORS,
  SIM_IDP,
  SIM_PARTNER_IDP,
  SIM_USER_APPS,
  userSignInEvents,
} from '../../sim/user-sign-ins';

const T0 = Date.UTC(2026, 10, 25, 9, 0);
const window = (fault?: Parameters<typeof userSignInEvents>[0]) =>
  userSignInEvents(fault, ['portal.user@acme.example'], T0, T0 + 15 * 60_000);

describe("the simulator's real users", () => {
  it("are served in Okta's size and shape: every field of a LogEvent, 1.7 KB and up, a page of 1,000 past 1 MB", () => {
    // okta/okta-sdk-nodejs api-docs/LogEvent.md (from Okta's management OpenAPI), and `device` (LogDevice).
    const FIELDS = [
      'actor',
      'authenticationContext',
      'client',
      'debugContext',
      'device',
      'displayMessage',
      'eventType',
      'legacyEventType',
      'outcome',
      'published',
      'request',
      'securityContext',
      'severity',
      'target',
      'transaction',
      'uuid',
      'version',
    ];
    const served = window().map(oktaShaped);
    for (const event of served) expect(Object.keys(event).sort()).toEqual(FIELDS);
    const sizes = served.map((e) => Buffer.byteLength(JSON.stringify(e))).sort((a, b) => a - b);
    expect(sizes[0]).toBeGreaterThanOrEqual(1700);
    expect(sizes[sizes.length >> 1]).toBeGreaterThanOrEqual(2000);
    expect(Buffer.byteLength(JSON.stringify(served.slice(0, 1000)))).toBeGreaterThan(1024 * 1024);
    // The same event, the same bytes: Okta's `after` cursor and a test's expectations rely on it.
    expect(JSON.stringify(window().map(oktaShaped))).toBe(JSON.stringify(served));
  });

  it('size the org as a bench asks: 10,000 people, hundreds of sign-ins a minute', () => {
    const events = userSignInEvents(undefined, [], T0, T0 + 60_000, { people: 10_000, perMinute: 400 });
    expect(events.length).toBeGreaterThan(1400);
    expect(new Set(events.map((e) => e.actor.id)).size).toBeGreaterThan(350);
  });

  it('are hundreds of people signing in to several apps, about 3 % of Okta sign-ins failing', () => {
    const events = window();
    const people = new Set(events.map((e) => e.actor.id));
    expect(people.size).toBeGreaterThan(200);
    const apps = new Set(
      events.flatMap((e) => (e.target ?? []).filter((t) => t.type === 'AppInstance').map((t) => t.id)),
    );
    // The partner's SAML IdP is an AppInstance too, as Okta writes it, but of auth_via_IDP only.
    expect([...apps].sort()).toEqual([...SIM_USER_APPS.map((a) => a.id), SIM_PARTNER_IDP.id].sort());
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
    const idp = events.find(
      (e) => e.eventType === 'user.authentication.auth_via_IDP' && e.target?.[0]?.type === 'IdentityProvider',
    );
    expect(idp?.target?.[0]).toMatchObject({ type: 'IdentityProvider', displayName: SIM_IDP.name });
    const sso = events.find((e) => e.eventType === 'user.authentication.sso');
    expect(sso).toMatchObject({ actor: { type: 'User' }, client: { ipAddress: expect.any(String) } });
  });

  it(
    "write a partner IdP's sign-ins in both of Okta's shapes: Okta's SystemPrincipal as the actor and the person a " +
      'User target, or the person as the actor; the IdP an AppInstance "SAML 2.0 IdP"',
    () => {
      const partner = (fault?: Parameters<typeof userSignInEvents>[0]) =>
        window(fault).filter(
          (e) => e.eventType === 'user.authentication.auth_via_IDP' && e.target?.[0]?.id === SIM_PARTNER_IDP.id,
        );
      const healthy = partner();
      expect(healthy.length).toBeGreaterThan(20);
      for (const e of healthy) {
        expect(e.actor).toMatchObject({ type: 'SystemPrincipal', alternateId: 'system@okta.com' });
        expect(e.target).toEqual([
          expect.objectContaining({
            type: 'AppInstance',
            displayName: 'SAML 2.0 IdP',
            alternateId: SIM_PARTNER_IDP.name,
          }),
          expect.objectContaining({ type: 'User', alternateId: expect.stringMatching(/@acme\.example$/) }),
        ]);
        expect(e.outcome.result).toBe('SUCCESS');
      }
      const rotated = partner('partner-idp-rotated');
      expect(rotated.every((e) => e.outcome.reason === 'Unable to validate incoming SAML Assertion')).toBe(true);
      const asUser = partner('partner-idp-rotated-user-actor');
      expect(asUser.length).toBe(rotated.length);
      expect(asUser.every((e) => e.actor.type === 'User' && e.outcome.result === 'FAILURE')).toBe(true);
    },
  );

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
    const idp = window('idp-failing').filter(
      (e) => e.eventType === 'user.authentication.auth_via_IDP' && e.target?.[0]?.id === SIM_IDP.id,
    );
    expect(idp.length).toBeGreaterThan(20);
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
