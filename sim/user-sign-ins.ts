// Real users signing in to the simulated org, as the System Log records them: 400 people, five apps, a tenth of them
// federated through an AD FS and a tenth through a partner's SAML IdP, each sign-in a chain of Okta's own event
// types (okta-developer-docs data/event-types.json): user.session.start ("User login to Okta") or
// user.authentication.auth_via_IDP ("Authenticate user via IDP"), user.authentication.auth_via_mfa
// (debugData.factor, UserFactorDebugData), policy.evaluate_sign_on (outcome ALLOW or DENY, the app as its
// AppInstance target) and user.authentication.sso ("fired when a user performs a single sign-on (SSO) to an app
// instance"). About 3 % of people mistype their password (outcome FAILURE, reason INVALID_CREDENTIALS: the reason
// data/event-types.json names for a failed factor verification, user.mfa.okta_verify.deny_push). Events are made per
// minute from the minute itself, so every query of the same range gets the same events and uuids: Okta's `after`
// cursor finds its place again. Made only for a query whose filter asks for these types: only the user-sign-ins
// check asks, and nothing else pays for them.
import type { SignInVolume, UserSignInFault } from './faults';
import { seeded } from './seeded';
import type { SimLogEvent } from './system-log';

/** The org's apps real people use (AppInstance ids in Okta's 0oa form). */
export const SIM_USER_APPS = [
  { id: '0oa1workday00000x7', label: 'Workday', weight: 3 },
  { id: '0oa1salesforce00x7', label: 'Salesforce', weight: 3 },
  { id: '0oa1slack0000000x7', label: 'Slack', weight: 4 },
  { id: '0oa1zoom00000000x7', label: 'Zoom', weight: 2 },
  { id: '0oa1github000000x7', label: 'GitHub', weight: 1 },
] as const;

/** The federated IdP a tenth of the people (employees) sign in through. */
export const SIM_IDP = { id: '0oa1adfs00000000x7', name: 'Contoso AD FS' } as const;
/** A partner's SAML IdP another tenth (contractors) sign in through, written by Okta with its own actor. */
export const SIM_PARTNER_IDP = { id: '0oa1fabrikam0000x7', name: 'Fabrikam contractors' } as const;
/**
 * Okta's SystemPrincipal, the actor of a federated sign-in as a real org's event has it (SEKOIA-IO/automation-library
 * Okta/tests/test_system_log_trigger.py: "Okta System", system@okta.com, type SystemPrincipal).
 */
const OKTA_SYSTEM = { id: '0oa1oktasystem00x7', type: 'SystemPrincipal', alternateId: 'system@okta.com' } as const;
/**
 * The factors: SOFT_TOKEN is a UserFactorDebugData.factor example of data/event-types.json; OKTA_VERIFY_PUSH is the
 * value real events carry for a push (unconfirmed by a schema example).
 */
export const SIM_FACTORS = ['OKTA_VERIFY_PUSH', 'SOFT_TOKEN'] as const;
/** The one person failing again and again in the one-user scenario: 14 failures a minute. */
const HAMMER = { id: '00u1hammer0000000x7', login: 'pat.jones@acme.example', perMinute: 14 } as const;

/** The org's people and their sign-ins a minute, unless a bench sizes them (SimulatorOptions.signInVolume). */
const VOLUME: SignInVolume = { people: 400, perMinute: 40 };
const TYPO_RATE = 0.03;
/** The oldest minute a query gets events of: a long demo's cursor never makes a query of days. */
const OLDEST_MINUTES = 120;
const SYNTHETIC_FAILURES_PER_MINUTE = 10;

interface Person {
  readonly id: string;
  readonly login: string;
  readonly name: string;
}

const person = (n: number): Person => ({
  id: `00u1user${String(n).padStart(4, '0')}00x7`,
  login: `user${n}@acme.example`,
  name: `User ${n}`,
});

interface Step {
  readonly type: string;
  readonly message: string;
  readonly result: string;
  readonly reason: string | null;
  readonly target: SimLogEvent['target'];
  readonly debug?: Record<string, string>;
  /** Okta wrote it with its SystemPrincipal as the actor and the person as a User target, not as the actor. */
  readonly byOkta?: boolean;
}

function appTarget(app: (typeof SIM_USER_APPS)[number]): NonNullable<SimLogEvent['target']>[number] {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: null };
}

function pickApp(r: number): (typeof SIM_USER_APPS)[number] {
  const total = SIM_USER_APPS.reduce((sum, a) => sum + a.weight, 0);
  let left = r * total;
  for (const app of SIM_USER_APPS) {
    left -= app.weight;
    if (left < 0) return app;
  }
  return SIM_USER_APPS[0];
}

/**
 * Okta's own sign-in (user.session.start), refused for a wrong password or accepted; or refused with
 * VERIFICATION_ERROR, the username not found or not verified in the directory (support.okta.com "Common Okta Login
 * Failures"; a JIT-provisioned user's directory agent down).
 */
const sessionStart = (failed: boolean, reason = 'INVALID_CREDENTIALS'): Step => ({
  type: 'user.session.start',
  message: 'User login to Okta',
  result: failed ? 'FAILURE' : 'SUCCESS',
  reason: failed ? reason : null,
  target: null,
});

/** The share of Okta sign-ins the directory cannot verify in the directory-error scenario. */
const DIRECTORY_ERROR_RATE = 0.4;

/** A verification against one target (an IdP, a factor): a FAILURE with `failure` as its reason, else a SUCCESS. */
function verifies(
  type: string,
  message: string,
  v: { failure: string | null; target: NonNullable<SimLogEvent['target']>[number]; debug: Record<string, string> },
): Step {
  return {
    type,
    message,
    result: v.failure === null ? 'SUCCESS' : 'FAILURE',
    reason: v.failure,
    target: [v.target],
    debug: v.debug,
  };
}

/** The employees' AD FS sign-in: the person as the actor, the IdP an IdentityProvider target. */
function employeeIdpStep(fault: UserSignInFault | undefined): Step {
  const idp = { id: SIM_IDP.id, type: 'IdentityProvider', alternateId: null, displayName: SIM_IDP.name };
  return verifies('user.authentication.auth_via_IDP', 'Authenticate user via IDP', {
    failure: fault === 'idp-failing' ? 'The IdP assertion signature is not valid' : null,
    target: { ...idp, detailEntry: null },
    debug: { idp_display_name: SIM_IDP.name },
  });
}

/**
 * A contractor's sign-in through the partner's SAML IdP, shaped as a real org's auth_via_IDP
 * (SEKOIA-IO/automation-library Okta/tests/test_system_log_trigger.py): the IdP an AppInstance target whose
 * displayName is its kind ("SAML 2.0 IdP") and alternateId its name, no debugData, and Okta's SystemPrincipal as the
 * actor with the person a User target; or, in the other shape rules read (panther-labs/panther-analysis
 * Okta.Identity.Provider.SignIn), the person as the actor. When the partner rotated its signing certificate, Okta
 * refuses every assertion: "Authenticate user via IDP FAILURE: Unable to validate incoming SAML Assertion"
 * (support.okta.com "The digital signature in the SAML response did not validate with the Identity Provider's
 * certificate"; "concurrent-certificates-for-inbound-saml-sso": Okta trusts one IdP certificate at a time).
 */
function contractorIdpStep(fault: UserSignInFault | undefined): Step {
  const rotated = fault === 'partner-idp-rotated' || fault === 'partner-idp-rotated-user-actor';
  const idp = { id: SIM_PARTNER_IDP.id, type: 'AppInstance', alternateId: SIM_PARTNER_IDP.name };
  return {
    ...verifies('user.authentication.auth_via_IDP', 'Authenticate user via IDP', {
      failure: rotated ? 'Unable to validate incoming SAML Assertion' : null,
      target: { ...idp, displayName: 'SAML 2.0 IdP', detailEntry: null },
      debug: {},
    }),
    byOkta: fault !== 'partner-idp-rotated-user-actor',
  };
}

/** The first step: Okta's own sign-in, or a federated IdP's. */
function firstStep(n: number, r: number, fault: UserSignInFault | undefined): Step {
  if (n % 10 === 0) return employeeIdpStep(fault);
  if (n % 10 === 5) return contractorIdpStep(fault);
  if (fault === 'directory-error' && r >= TYPO_RATE && r < TYPO_RATE + DIRECTORY_ERROR_RATE)
    return sessionStart(true, 'VERIFICATION_ERROR');
  return sessionStart(r < TYPO_RATE);
}

function mfaStep(n: number, fault: UserSignInFault | undefined): Step {
  const factor = SIM_FACTORS[n % SIM_FACTORS.length] ?? 'SOFT_TOKEN';
  const enrollment = { id: `mfa${n}`, type: 'AuthenticatorEnrollment', alternateId: null, displayName: factor };
  return verifies('user.authentication.auth_via_mfa', 'Authentication of user via MFA', {
    failure: fault === 'factor-failing' && factor === 'OKTA_VERIFY_PUSH' ? 'INVALID_CREDENTIALS' : null,
    target: { ...enrollment, detailEntry: null },
    debug: { factor },
  });
}

/**
 * application.policy.sign_on.deny_access (data/event-types.json: "Deny user access due to app sign on policy ... app
 * assurance being evaluated as unsatisfiable", its target the app): a phishing-resistant rule on Workday that half
 * its people's authenticators cannot satisfy. Its outcome is unconfirmed by an example: DENY, as policy events say.
 */
const denyAccess = (app: (typeof SIM_USER_APPS)[number]): Step => ({
  type: 'application.policy.sign_on.deny_access',
  message: 'Deny user access due to app sign on policy',
  result: 'DENY',
  reason: null,
  target: [appTarget(app)],
});

/** The policy's verdict on the app, and the SSO when it allows it. */
function appSteps(app: (typeof SIM_USER_APPS)[number], r: number, fault: UserSignInFault | undefined): Step[] {
  if (fault === 'deny-access' && app.label === 'Workday' && r < 0.5) return [denyAccess(app)];
  const denied =
    (fault === 'app-denied' && app.label === 'Workday' && r < 0.5) ||
    ((fault === 'zone-blocked' || fault === 'quiet') && app.label === 'Workday');
  const reason =
    fault === 'zone-blocked' ? 'Access denied: request from a blocklisted network zone' : 'Denied by sign-on policy';
  const policy: Step = {
    type: 'policy.evaluate_sign_on',
    message: 'Evaluation of sign-on policy',
    result: denied ? 'DENY' : 'ALLOW',
    reason: denied ? reason : null,
    target: [appTarget(app)],
  };
  if (denied) return [policy];
  return [
    policy,
    {
      type: 'user.authentication.sso',
      message: 'User single sign on to app',
      result: 'SUCCESS',
      reason: null,
      target: [appTarget(app)],
    },
  ];
}

/** One person's sign-in to one app: its steps until the first that fails. */
function signInSteps(n: number, rng: () => number, fault: UserSignInFault | undefined): Step[] {
  const first = firstStep(n, rng(), fault);
  const app = pickApp(rng());
  const appR = rng();
  if (first.result === 'FAILURE') return [first];
  const mfa = mfaStep(n, fault);
  if (mfa.result === 'FAILURE') return [first, mfa];
  return [first, mfa, ...appSteps(app, appR, fault)];
}

function logEvent(uuid: string, at: number, who: Person, step: Step): SimLogEvent {
  return {
    uuid,
    published: new Date(at).toISOString(),
    eventType: step.type,
    displayMessage: step.message,
    severity: step.result === 'SUCCESS' || step.result === 'ALLOW' ? 'INFO' : 'WARN',
    actor:
      step.byOkta === true
        ? { ...OKTA_SYSTEM, displayName: 'Okta System' }
        : { id: who.id, type: 'User', alternateId: who.login, displayName: who.name },
    // A person's IP, as real events carry: the probe must drop it.
    client: { ipAddress: '203.0.113.77' },
    outcome: { result: step.result, reason: step.reason },
    target:
      step.byOkta === true
        ? [
            ...(step.target ?? []),
            { id: who.id, type: 'User', alternateId: who.login, displayName: who.name, detailEntry: null },
          ]
        : step.target,
    transaction: { type: 'WEB', id: `Xu${uuid.slice(0, 18)}`, detail: {} },
    debugContext: { debugData: step.debug ?? {} },
  };
}

const uuidOf = (minute: number, i: number, step: number): string =>
  `5e1f${(minute % 0xffff).toString(16).padStart(4, '0')}-${i.toString(16).padStart(4, '0')}-11f0-` +
  `8a00-${step.toString(16).padStart(4, '0')}${minute.toString(16).padStart(8, '0').slice(-8)}`;

/** The people who fail on purpose in a scenario: the one user, or the synthetic users (excluded by the probe). */
function extraFailures(
  minute: number,
  fault: UserSignInFault | undefined,
  synthetic: readonly string[],
): SimLogEvent[] {
  const who: Person[] =
    fault === 'one-user'
      ? Array.from({ length: HAMMER.perMinute }, () => ({ id: HAMMER.id, login: HAMMER.login, name: 'Pat Jones' }))
      : fault === 'synthetic-failing'
        ? Array.from({ length: SYNTHETIC_FAILURES_PER_MINUTE }, (_, i) => {
            const login = synthetic[i % Math.max(1, synthetic.length)] ?? 'probe@acme.example';
            return { id: `00u1synthetic${i % Math.max(1, synthetic.length)}x7`, login, name: 'Synthetic user' };
          })
        : [];
  const step = sessionStart(true);
  return [
    ...who.map((p, i) => logEvent(uuidOf(minute, 0xf000 + i, 0), minute * 60_000 + 500 + i * 3000, p, step)),
    ...(fault === 'enrollment-campaign' ? campaignEvents(minute) : []),
  ];
}

/** People a minute whose Okta Verify enrollment (or recovery) fails in the enrollment-campaign scenario. */
const CAMPAIGN_PER_MINUTE = 30;

/**
 * An Okta Verify rollout: people enrolling (or recovering) a factor fail its verification again and again. Each is a
 * user.authentication.auth_via_mfa FAILURE whose debugData says why the MFA was asked: factorIntent (the camel case
 * live events write) or factor_intent (data/event-types.json's UserFactorDebugData, examples LOGIN,
 * CREDENTIAL_ENROLLMENT, CREDENTIAL_RECOVERY), half each. None is a sign-in: no sign-in figure may move.
 */
function campaignEvents(minute: number): SimLogEvent[] {
  return Array.from({ length: CAMPAIGN_PER_MINUTE }, (_, i) => {
    const who = person(1000 + ((minute * CAMPAIGN_PER_MINUTE + i) % 400));
    const intent = i % 6 === 5 ? 'CREDENTIAL_RECOVERY' : 'CREDENTIAL_ENROLLMENT';
    const step = verifies('user.authentication.auth_via_mfa', 'Authentication of user via MFA', {
      failure: 'INVALID_CREDENTIALS',
      target: {
        id: `mfa-enroll${i}`,
        type: 'AuthenticatorEnrollment',
        alternateId: null,
        displayName: 'OKTA_VERIFY_PUSH',
        detailEntry: null,
      },
      debug: { factor: 'OKTA_VERIFY_PUSH', [i % 2 === 0 ? 'factorIntent' : 'factor_intent']: intent },
    });
    return logEvent(uuidOf(minute, 0xe000 + i, 0), minute * 60_000 + 700 + i * 1900, who, step);
  });
}

function minuteEvents(
  minute: number,
  fault: UserSignInFault | undefined,
  synthetic: readonly string[],
  volume: SignInVolume,
): SimLogEvent[] {
  const rng = seeded(minute);
  const count = fault === 'quiet' ? 1 : volume.perMinute;
  const events: SimLogEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const n = Math.floor(rng() * volume.people);
    const at = minute * 60_000 + Math.floor((i * 60_000) / count);
    signInSteps(n, rng, fault).forEach((step, s) =>
      events.push(logEvent(uuidOf(minute, i, s), at + s * 400, person(n), step)),
    );
  }
  return [...events, ...extraFailures(minute, fault, synthetic)];
}

/**
 * Each minute's events, made once: every poll of a busy org asks for the same minutes again (its `since` stays the
 * first run's), and making 1,700 events a minute anew for every page slowed the simulator past the probe's budget.
 */
const MINUTES = new Map<string, SimLogEvent[]>();
const MINUTES_KEPT = 200;
function minuteEventsKept(
  minute: number,
  fault: UserSignInFault | undefined,
  synthetic: readonly string[],
  volume: SignInVolume,
): SimLogEvent[] {
  const key = `${minute}|${fault ?? ''}|${synthetic.join(',')}|${volume.people}|${volume.perMinute}`;
  let events = MINUTES.get(key);
  if (events === undefined) {
    events = minuteEvents(minute, fault, synthetic, volume);
    MINUTES.set(key, events);
    if (MINUTES.size > MINUTES_KEPT) MINUTES.delete(MINUTES.keys().next().value as string);
  }
  return events;
}

/** Whether a /api/v1/logs filter asks for sign-in events: only then are they made. */
export function asksForSignIns(filter: string | null): boolean {
  return filter !== null && /user\.session\.start|user\.authentication\.|policy\.evaluate_sign_on/.test(filter);
}

/** The real users' events published in [since, until), oldest first. */
export function userSignInEvents(
  fault: UserSignInFault | undefined,
  synthetic: readonly string[],
  since: number,
  until: number,
  volume: SignInVolume = VOLUME,
): SimLogEvent[] {
  const from = Math.max(Math.floor(since / 60_000), Math.floor(until / 60_000) - OLDEST_MINUTES);
  const events: SimLogEvent[] = [];
  for (let minute = from; minute * 60_000 < until; minute += 1)
    for (const event of minuteEventsKept(minute, fault, synthetic, volume)) {
      const at = Date.parse(event.published);
      if (at >= since && at < until) events.push(event);
    }
  return events;
}
