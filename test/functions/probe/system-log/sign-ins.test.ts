// The user-sign-ins aggregation on events in Okta's shapes (read through readEvents, as the probe reads a page):
// per app, factor and IdP, over distinct users; synthetic users excluded; quiet apps never judged; one user's many
// failures never an app's; hostile input bounded.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../../../functions/probe/okta/log-events';
import { SIGN_IN_EVENT_TYPES } from '../../../../functions/contract';
import { OKTA_SIGN_IN, signInRecord } from '../../../../functions/probe/system-log/sign-in-events';
import { judgeSignIns } from '../../../../functions/probe/system-log/sign-in-judge';
import { windowOf } from '../../../../functions/probe/okta/log-events';
import {
  HAMMER_FAILURES,
  signInHealth,
  type SignInThresholds,
} from '../../../../functions/probe/system-log/sign-in-tally';

const T: SignInThresholds = { minEvents: 20, failureRate: 0.2 };
let n = 0;

interface Raw {
  type?: string;
  user?: number | string;
  result?: string;
  reason?: string;
  app?: { id: string; name: string } | null;
  target?: unknown;
  debug?: Record<string, string>;
}

/** One event as Okta writes it (System Log reference, LogEvent), with only the fields a sign-in has. */
function raw(e: Raw): Record<string, unknown> {
  n += 1;
  const app = e.app === undefined ? { id: '0oaWorkday', name: 'Workday' } : e.app;
  return {
    uuid: `uuid-${n}`,
    published: new Date(1_700_000_000_000 + n).toISOString(),
    eventType: e.type ?? 'user.authentication.sso',
    actor: { id: `00u${e.user ?? 1}`, type: 'User', alternateId: `User${e.user ?? 1}@Acme.example` },
    outcome: { result: e.result ?? 'SUCCESS', ...(e.reason !== undefined && { reason: e.reason }) },
    target:
      e.target ??
      (app === null ? [] : [{ id: app.id, type: 'AppInstance', alternateId: app.name, displayName: app.name }]),
    debugContext: { debugData: e.debug ?? {} },
  };
}

const judge = (events: Raw[], excluded: string[] = [], t = T) =>
  signInHealth(
    readEvents(events.map(raw)).map((e) => signInRecord(e, new Set(excluded))),
    t,
  );

/** `users` people signing in once each, the first `failing` of them refused with `reason`. */
function traffic(users: number, failing: number, fail: Partial<Raw> = {}, app?: Raw['app']): Raw[] {
  return Array.from({ length: users }, (_, i) =>
    i < failing
      ? { user: i, result: 'FAILURE', reason: 'INVALID_CREDENTIALS', app, ...fail }
      : { user: i, result: 'SUCCESS', app },
  );
}

describe('user sign-ins per app', () => {
  it('counts sign-ins, distinct users and those who never got in, per app (AppInstance id and label)', () => {
    const health = judge([
      ...traffic(40, 12, {
        type: 'policy.evaluate_sign_on',
        result: 'DENY',
        reason: 'Sign-on policy evaluation resulted in DENY',
      }),
      // Two of the refused users try again and get in: they are not failing users.
      { user: 0, result: 'SUCCESS' },
      { user: 1, result: 'SUCCESS' },
    ]);
    const app = health.subjects.find((s) => s.id === '0oaWorkday')!;
    expect(app).toMatchObject({ label: 'Workday', signIns: 42, failures: 12, users: 40, failingUsers: 10 });
    expect(app.failureRate).toBeCloseTo(0.25);
    expect(app.verdict).toBe('failing');
    expect(app.topReasons).toEqual([
      { kind: 'policy', reason: 'Sign-on policy evaluation resulted in DENY', count: 12 },
    ]);
  });

  it('classifies the reasons: policy DENY, network zone, IdP, MFA factor, other', () => {
    const all = judge([
      { user: 1, result: 'FAILURE', reason: 'Access denied by sign-on policy' },
      { user: 2, result: 'FAILURE', reason: 'Blocked by network zone Blocklist-1' },
      { user: 3, result: 'FAILURE', reason: 'Federation with the identity provider failed' },
      { user: 4, result: 'FAILURE', reason: 'MFA verification failed' },
      { user: 5, result: 'FAILURE', reason: 'LOCKED_OUT' },
    ]).subjects[0]!;
    expect(Object.fromEntries(all.topReasons.map((r) => [r.reason, r.kind]))).toMatchObject({
      'Access denied by sign-on policy': 'policy',
      'Blocked by network zone Blocklist-1': 'network zone',
      'Federation with the identity provider failed': 'idp',
    });
    // Top three only: the two others are counted in failures.
    expect(all.failures).toBe(5);
    const mfa = judge([{ user: 4, result: 'FAILURE', reason: 'MFA verification failed' }]).subjects[0]!;
    expect(mfa.topReasons[0]!.kind).toBe('mfa');
    const other = judge([{ user: 5, result: 'FAILURE', reason: 'LOCKED_OUT' }]).subjects[0]!;
    expect(other.topReasons[0]!.kind).toBe('other');
  });

  it('keeps an app below minEvents "not enough data", never failing, even when every sign-in failed', () => {
    const health = judge(traffic(19, 19));
    expect(health.subjects[0]!.verdict).toBe('not enough data');
    expect(health.failing).toBe(0);
    expect(judge(traffic(20, 19)).subjects[0]!.verdict).toBe('failing');
  });

  it('never fails an app for one user: 200 failures of one person are a warning naming the count', () => {
    const events = [
      ...traffic(60, 0),
      ...Array.from({ length: 200 }, () => ({ user: 'hammer', result: 'FAILURE', reason: 'INVALID_CREDENTIALS' })),
    ];
    const health = judge(events);
    const app = health.subjects[0]!;
    expect(app).toMatchObject({ verdict: 'healthy', failingUsers: 1, users: 61, hammering: 200 });
    const judged = judgeSignIns(health, { failureRate: 0.2, judgedAt: 0 });
    const verdict = judged.judgement as { diagnosis: { code: string; detail: string } };
    expect(verdict.diagnosis.code).toBe('USER_SIGN_INS_ONE_USER');
    expect(verdict.diagnosis.detail).toContain('failed 200 times');
    expect(verdict.diagnosis.detail).not.toContain('hammer');
    // Even with no one else: one person is never enough data to fail an app.
    const alone = judge(events.slice(60));
    expect(alone.subjects[0]!.verdict).toBe('not enough data');
    expect(alone.subjects[0]!.hammering).toBe(200);
  });

  it('does not warn of a user below the count: a few mistypes are life', () => {
    const events = [
      ...traffic(30, 0),
      ...Array.from({ length: HAMMER_FAILURES - 1 }, () => ({ user: 'x', result: 'FAILURE' })),
    ];
    expect(judge(events).subjects[0]!.hammering).toBeUndefined();
  });

  it('passes an app with about 3 % background failures under the default threshold', () => {
    const health = judge(traffic(300, 9));
    expect(health.subjects[0]!.verdict).toBe('healthy');
    expect(health.failureRate).toBeCloseTo(0.03);
  });

  it("leaves the product's own synthetic users out, by login, whatever the case Okta wrote it in", () => {
    const events = traffic(30, 0).concat(
      Array.from({ length: 30 }, (_, i) => ({ user: `syn${i % 3}`, result: 'FAILURE', reason: 'INVALID_CREDENTIALS' })),
    );
    const health = judge(events, ['usersyn0@acme.example', 'usersyn1@acme.example', 'usersyn2@acme.example']);
    expect(health.subjects[0]!.users).toBe(30);
    expect(health.ignored).toBe(30);
  });
});

describe('factors, federated IdPs and Okta itself', () => {
  it('names a failing factor from auth_via_mfa (debugData.factor), not an app', () => {
    const events = traffic(30, 10, {}, null).map((e) => ({
      ...e,
      type: 'user.authentication.auth_via_mfa',
      debug: { factor: 'OKTA_VERIFY_PUSH' },
      reason: e.result === 'FAILURE' ? 'INVALID_CREDENTIALS' : undefined,
    }));
    const health = judge(events);
    expect(health.subjects).toHaveLength(1);
    expect(health.subjects[0]).toMatchObject({ subject: 'factor', id: 'OKTA_VERIFY_PUSH', verdict: 'failing' });
    expect(health.subjects[0]!.topReasons[0]!.kind).toBe('mfa');
    // A factor's step is part of a sign-in, not one more: the totals count apps and Okta's sign-in.
    expect(health.signIns).toBe(0);
  });

  it('names a failing federated IdP from auth_via_IDP (its target, else debugData.idp_display_name)', () => {
    const byTarget = traffic(30, 10, {}, null).map((e) => ({
      ...e,
      type: 'user.authentication.auth_via_IDP',
      target: [{ id: '0oaIdp', type: 'IdentityProvider', displayName: 'Contoso AD FS' }],
    }));
    expect(judge(byTarget).subjects[0]).toMatchObject({ subject: 'idp', label: 'Contoso AD FS', verdict: 'failing' });
    const byDebug = byTarget.map((e) => ({ ...e, target: [], debug: { idp_display_name: 'Google' } }));
    expect(judge(byDebug).subjects[0]).toMatchObject({ subject: 'idp', label: 'Google' });
  });

  it(
    "counts a federated sign-in Okta writes with its SystemPrincipal as the actor: the IdP its AppInstance target's " +
      'name, the person its User target, each person once whichever actor Okta wrote',
    () => {
      // SEKOIA-IO/automation-library Okta/tests/test_system_log_trigger.py: a real org's auth_via_IDP.
      const partner = { id: '0oaPartner', type: 'AppInstance', alternateId: 'Fabrikam', displayName: 'SAML 2.0 IdP' };
      const okta = { id: '2pHxOkta', type: 'SystemPrincipal', alternateId: 'system@okta.com' };
      const events = traffic(30, 10, { reason: 'Unable to validate incoming SAML Assertion' }, null).map((e, i) => ({
        ...e,
        type: 'user.authentication.auth_via_IDP',
        target: [partner, { id: `00u${i}`, type: 'User', alternateId: `user${i}@acme.example` }],
      }));
      const rows = readEvents(events.map(raw).map((r, i) => (i % 2 === 0 ? { ...r, actor: okta } : r)));
      const health = signInHealth(
        rows.map((e) => signInRecord(e, new Set())),
        T,
      );
      expect(health.subjects).toHaveLength(1);
      expect(health.subjects[0]).toMatchObject({ subject: 'idp', label: 'Fabrikam', verdict: 'failing' });
      expect(health.subjects[0]!.topReasons[0]!.kind).toBe('idp');
      const records = rows.map((e) => signInRecord(e, new Set()));
      expect(new Set(records.map((r) => r?.user)).size).toBe(30);
      // A synthetic user is left out by the User target's login, whoever the actor is.
      expect(signInRecord(rows[0]!, new Set(['user0@acme.example']))).toBeUndefined();
    },
  );

  it("counts no event of Okta's own (a SystemPrincipal actor and no User target) as anyone's sign-in", () => {
    const okta = { id: '2pHxOkta', type: 'SystemPrincipal', alternateId: 'system@okta.com' };
    const rows = readEvents(
      traffic(25, 25, {}, null)
        .map((e) => ({ ...e, type: 'user.authentication.auth_via_IDP', target: [] }))
        .map(raw)
        .map((r) => ({ ...r, actor: okta })),
    );
    expect(rows.map((e) => signInRecord(e, new Set())).every((r) => r === undefined)).toBe(true);
  });

  it("counts user.session.start as Okta's own sign-in", () => {
    const health = judge(traffic(25, 0, {}, null).map((e) => ({ ...e, type: 'user.session.start' })));
    expect(health.subjects[0]).toMatchObject({ subject: 'okta', id: OKTA_SIGN_IN.id, verdict: 'healthy' });
    expect(health.signIns).toBe(25);
  });

  it(
    'counts no MFA of an enrollment or a recovery (debugData.factorIntent, camel or snake case): an Okta ' +
      'Verify rollout moves no sign-in figure',
    () => {
      const campaign = traffic(30, 30, {}, null).map(
        (e, i): Raw => ({
          ...e,
          type: 'user.authentication.auth_via_mfa',
          reason: 'INVALID_CREDENTIALS',
          debug:
            i % 2 === 0
              ? { factor: 'OKTA_VERIFY_PUSH', factorIntent: 'CREDENTIAL_ENROLLMENT' }
              : { factor: 'OKTA_VERIFY_PUSH', factor_intent: 'CREDENTIAL_RECOVERY' },
        }),
      );
      const health = judge(campaign);
      expect(health.subjects).toEqual([]);
      expect(health.ignored).toBe(30);
      // A sign-in's own MFA (AUTHENTICATION) still counts.
      const signIn = campaign.map((e) => ({
        ...e,
        debug: { factor: 'OKTA_VERIFY_PUSH', factorIntent: 'AUTHENTICATION' },
      }));
      expect(judge(signIn).subjects[0]).toMatchObject({ subject: 'factor', verdict: 'failing' });
    },
  );

  it("tells user.session.start's VERIFICATION_ERROR as a username or directory problem, not an MFA factor", () => {
    const events = traffic(30, 10, {}, null).map((e) => ({
      ...e,
      type: 'user.session.start',
      reason: e.result === 'FAILURE' ? 'VERIFICATION_ERROR' : undefined,
    }));
    const okta = judge(events).subjects[0]!;
    expect(okta.topReasons[0]).toMatchObject({ kind: 'directory', reason: 'VERIFICATION_ERROR' });
  });

  it("reads application.policy.sign_on.deny_access: the app's sign-on policy shutting people out", () => {
    const events = traffic(30, 10).map((e) => ({
      ...e,
      type: e.result === 'FAILURE' ? 'application.policy.sign_on.deny_access' : e.type,
      result: e.result === 'FAILURE' ? 'DENY' : e.result,
    }));
    const app = judge(events).subjects[0]!;
    expect(app).toMatchObject({ subject: 'app', id: '0oaWorkday', verdict: 'failing' });
    expect(app.topReasons[0]!.kind).toBe('policy');
  });

  it('ignores policy steps that are not a refusal (ALLOW, CHALLENGE)', () => {
    const health = judge([
      { type: 'policy.evaluate_sign_on', result: 'ALLOW' },
      { type: 'policy.evaluate_sign_on', result: 'CHALLENGE' },
    ]);
    expect(health.subjects).toEqual([]);
    expect(health.ignored).toBe(2);
  });
});

describe('hostile input', () => {
  it('ignores unknown event types, events without a target, a user or an outcome, never throwing', () => {
    const events = readEvents([
      raw({ type: 'user.lifecycle.create' }),
      raw({ app: null }),
      raw({ target: [{ type: 'AppInstance' }] }),
      { ...raw({}), actor: null },
      { ...raw({}), outcome: 'weird' },
      raw({ result: 'UNKNOWN' }),
      null,
      42,
      { uuid: 'no-date', eventType: 'user.authentication.sso' },
    ]);
    const health = signInHealth(
      events.map((e) => signInRecord(e, new Set())),
      T,
    );
    expect(health.subjects).toEqual([]);
    expect(health.ignored).toBe(6);
  });

  it('bounds a huge page: thousands of apps and users, a name of a megabyte', () => {
    const huge = 'x'.repeat(1_000_000);
    const events: Raw[] = Array.from({ length: 20_000 }, (_, i) => ({
      user: i,
      app: { id: `0oa${i % 2000}`, name: i === 0 ? huge : `App ${i % 2000}` },
      result: i % 2 === 0 ? 'FAILURE' : 'SUCCESS',
      reason: `reason ${i}`,
    }));
    const health = judge(events);
    expect(health.subjects.length).toBeLessThanOrEqual(500);
    expect(health.dropped).toBeGreaterThan(0);
    expect(Math.max(...health.subjects.map((s) => s.label.length))).toBeLessThanOrEqual(1000);
    expect(Math.max(...health.subjects.map((s) => s.topReasons.length))).toBeLessThanOrEqual(3);
  });
});

describe('the verdict', () => {
  it('names the failing app, its rate and its reasons, and publishes totals only', () => {
    const health = judge(traffic(40, 12, { type: 'policy.evaluate_sign_on', result: 'DENY', reason: 'DENY' }));
    const judged = judgeSignIns(health, { failureRate: 0.2, judgedAt: 0 });
    const verdict = judged.judgement as { diagnosis: { code: string; detail: string; item: string }; observed: object };
    expect(verdict.diagnosis.code).toBe('USER_SIGN_INS_APP_FAILING');
    expect(verdict.diagnosis.detail).toMatch(
      /app 'Workday' \(0oaWorkday\): 12 of 40 people could not sign in \(30\.0 %/,
    );
    expect(verdict.diagnosis.detail).toContain('sign-on policy DENY: DENY (12)');
    expect(verdict.observed).toEqual({ signIns: 40, failureRatePercent: 30, failing: 1, judged: 1, notEnoughData: 0 });
    expect(JSON.stringify(verdict.observed)).not.toMatch(/Workday|user/);
    expect(judged.items?.[0]).toMatchObject({ status: 'fail', code: 'USER_SIGN_INS_APP_FAILING' });
  });

  it('tells every count as a floor when the window was read in part, and only then', () => {
    const health = judge([...traffic(40, 12), ...traffic(30, 1, {}, { id: '0oaQuiet', name: 'Quiet' })]);
    const partial = judgeSignIns(health, { failureRate: 0.2, judgedAt: 0, extra: { readAll: false } });
    const cut = partial.judgement as { diagnosis: { detail: string } };
    expect(cut.diagnosis.detail).toMatch(/at least 12 of 40 people could not sign in .*the window was read in part\)/);
    expect(partial.items?.map((i) => i.item).every((item) => item.includes('at least'))).toBe(true);
    const whole = judgeSignIns(health, { failureRate: 0.2, judgedAt: 0, extra: { readAll: true } });
    expect(JSON.stringify(whole)).not.toContain('at least');
    expect(JSON.stringify(whole)).not.toContain('read in part');
  });

  it('passes with each subject in the items, "not enough data" as n/a; skips when the log was not read', () => {
    const judged = judgeSignIns(judge([...traffic(30, 1), { user: 9, app: { id: '0oaQuiet', name: 'Quiet' } }]), {
      failureRate: 0.2,
      judgedAt: 0,
    });
    expect('diagnosis' in judged.judgement && judged.judgement.diagnosis).toBe(null);
    expect(judged.items?.map((i) => i.status)).toEqual(['pass', 'n/a']);
    expect(judged.items?.[1]?.item).toContain('not enough data');
    expect(judgeSignIns(null, { failureRate: 0.2, judgedAt: 0, problem: 'SYSTEM_LOG_THROTTLED' }).judgement).toEqual({
      notRun: 'skip',
      reason: 'system-log failed: SYSTEM_LOG_THROTTLED',
    });
  });
});

describe('the window kept between runs', () => {
  const rec = (uuid: string, published: number) =>
    ({ uuid, published, subject: 'app', id: 'a', label: 'A', user: 'u', ok: true }) as const;

  it('keeps the records inside it, each uuid once, the newest when over the bound', () => {
    const kept = windowOf([rec('old', 10), rec('a', 100), rec('b', 110)], [rec('b', 110), rec('c', 120)], 50, 10);
    expect(kept.map((r) => r.uuid)).toEqual(['a', 'b', 'c']);
    expect(windowOf([], [rec('a', 100), rec('b', 110), rec('c', 120)], 0, 2).map((r) => r.uuid)).toEqual(['b', 'c']);
  });
});

describe('docs/user-sign-ins.md', () => {
  it('names each event type the check reads, in its table', () => {
    const page = readFileSync(new URL('../../../../docs/user-sign-ins.md', import.meta.url), 'utf8');
    const rows = [...page.matchAll(/^\| `([\w.]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...SIGN_IN_EVENT_TYPES]);
  });
});
