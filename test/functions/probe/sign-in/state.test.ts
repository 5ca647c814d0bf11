// The journey state's rules, pure: how many password attempts a secret version can ever cost, when a run
// may sign in, and the lease as a compare-and-set in each store (memory; SSM through the loopback AWS fake).
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterStaleLease,
  BACKOFF_MS,
  carefulState,
  LOCKOUT_WINDOW_MS,
  fingerprintOf,
  gate,
  LEASE_MS,
  refusalAfter,
  safest,
  secretFingerprint,
  stepFingerprints,
  type JourneyState,
  type PasswordOutcome,
} from '../../../../functions/probe/sign-in/state';
import { outcomeOfCode, totpOutcomeOfCode } from '../../../../functions/probe/sign-in/state';
import { createMemoryStateStore, type JourneyStateStore } from '../../../../functions/probe/sign-in/store';
import { createSsmStateStore, fitted } from '../../../../functions/lambda/journey-state-ssm';
import { createDynamoStateStore } from '../../../../functions/lambda/journey-state-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fitted as fittedVerdicts } from '../../../../functions/probe/saml/scope';
import { forgetUsedSteps, openJourney, type GuardContext } from '../../../../functions/probe/sign-in/guard';
import type { ServerContext } from '../../../../functions/probe/context';
import type { SignInConfig, UserCredential } from '../../../../functions/types';
import { fakeClientConfig, startAwsFake, type AwsFake } from '../../../support/aws-fake';
import { fail, pass } from '../../../../functions/probe/verdict';
import { toFailure } from '../../../../functions/probe/http/failure';
import { signInsPerHour } from '../../../../functions/cli/plan';
import { failureSeverity } from '../../../../functions/plan/outputs';
import { DIAGNOSES, FAULTS } from '../../../../functions/diagnosis';

const FPS = { password: 'fp', totp: 'fp-totp' };

const T0 = Date.parse('2026-11-23T02:00:00Z');
const MIN = 60_000;

/** Runs every `every` minutes for `minutes`, each run's password step answered `answer`: the attempts sent. */
function attempts(answer: Exclude<PasswordOutcome, 'accepted'>, minutes: number, every = 1, everyMinutes = 5): number {
  let state: JourneyState = {};
  let sent = 0;
  for (let t = T0; t < T0 + minutes * MIN; t += every * MIN) {
    if (gate(state, t, everyMinutes, 'fp').kind !== 'run') continue;
    sent += 1;
    state = { last: { at: t, code: 'TIMEOUT' }, refusal: refusalAfter(state.refusal, answer, 'TIMEOUT', 'fp', t) };
  }
  return sent;
}

describe('the journey state: what one secret version can cost at Okta', () => {
  it('a refused password: 1 attempt in a year of runs a minute apart', () => {
    expect(attempts('refused', 365 * 1440, 60)).toBe(1);
    expect(attempts('refused', 1440)).toBe(1);
  });

  it("no readable answer: 1 attempt, 30 minutes' back-off, 1 more, then none: 2 in a week", () => {
    expect(attempts('uncertain', 7 * 1440)).toBe(2);
  });

  it('a definite answer not about the password (locked out): one attempt each 30 minutes, never each run', () => {
    expect(attempts('blocked', 24 * 60)).toBe(48);
  });

  it('a 429 between two unanswered attempts resets nothing: the second is the last, whatever came between', () => {
    const first = refusalAfter(undefined, 'uncertain', 'TIMEOUT', 'fp', T0);
    const limited = refusalAfter(first, 'blocked', 'RATE_LIMITED', 'fp', T0 + BACKOFF_MS);
    expect(limited).toMatchObject({ outcome: 'blocked', spent: 1, until: T0 + 2 * BACKOFF_MS });
    expect(refusalAfter(limited, 'uncertain', 'TIMEOUT', 'fp', T0 + 2 * BACKOFF_MS)).toMatchObject({
      spent: 2,
      until: null,
    });
    // A refusal written before the count was kept: its outcome says how many it spent.
    const { spent: _old, ...legacy } = first;
    expect(
      refusalAfter(
        refusalAfter(legacy, 'blocked', 'RATE_LIMITED', 'fp', T0 + BACKOFF_MS),
        'uncertain',
        'TIMEOUT',
        'fp',
        T0 + 2 * BACKOFF_MS,
      ).until,
    ).toBeNull();
  });

  it('timeouts and 429s at random over a week: at most 2 attempts Okta may count, never 10', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let state: JourneyState = {};
    let counted = 0;
    for (let t = T0; t < T0 + 7 * 1440 * MIN; t += 5 * MIN) {
      if (gate(state, t, 5, 'fp').kind !== 'run') continue;
      const roll = random();
      // No definite refusal: a hidden wrong password answered with timeouts, between 429s.
      const [outcome, code] = roll < 0.5 ? (['blocked', 'RATE_LIMITED'] as const) : (['uncertain', 'TIMEOUT'] as const);
      if (outcome !== 'blocked') counted += 1;
      state = { last: { at: t, code }, refusal: refusalAfter(state.refusal, outcome, code, 'fp', t) };
    }
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(2);
  });

  it(
    'a lost state is replaced by the most careful one: no attempt for a lockout window whatever the secret, ' +
      'then one',
    () => {
      const careful = carefulState(T0, 'garbage');
      expect(gate(careful, T0 + LEASE_MS, 5, 'any-secret').kind).toBe('held');
      expect(gate(careful, T0 + LOCKOUT_WINDOW_MS - 1, 5, 'fp').kind).toBe('held');
      expect(gate(careful, T0 + LOCKOUT_WINDOW_MS, 5, 'fp').kind).toBe('run');
      // One attempt counts as spent already: the next that Okta may count holds the secret for good.
      expect(refusalAfter(careful.refusal, 'uncertain', 'TIMEOUT', 'fp', T0 + LOCKOUT_WINDOW_MS).until).toBeNull();
      // No TOTP code of the window is used: a run that was in flight may have used any.
      expect(careful.totpStep).toBeGreaterThanOrEqual(Math.floor((T0 + LOCKOUT_WINDOW_MS) / 30_000));
    },
  );

  it("classifies the password step's failures: refused, blocked, or uncertain for anything it cannot read", () => {
    expect(
      [
        'SIGN_IN_REJECTED',
        'USER_LOCKED_OUT',
        'PASSWORD_EXPIRED',
        'OKTA_SERVER_ERROR',
        'TIMEOUT',
        'MALFORMED_RESPONSE',
        'UNEXPECTED_RESPONSE',
      ].map((c) => outcomeOfCode(c as never)),
    ).toEqual(['refused', 'blocked', 'blocked', 'uncertain', 'uncertain', 'uncertain', 'uncertain']);
  });

  it('a new secret version is tried at once; the same one is held', () => {
    const refusal = refusalAfter(undefined, 'refused', 'SIGN_IN_REJECTED', 'old', T0);
    expect(gate({ refusal, last: { at: T0, code: 'SIGN_IN_REJECTED' } }, T0 + MIN, 5, 'new').kind).toBe('run');
    expect(gate({ refusal, last: { at: T0, code: 'SIGN_IN_REJECTED' } }, T0 + 10 * MIN, 5, 'old').kind).toBe('held');
  });

  it('a lease held by another run makes this one stand aside; an expired one counts as an unanswered attempt', () => {
    const lease = { holder: 'other', since: T0, until: T0 + LEASE_MS };
    expect(gate({ lease }, T0 + MIN, 5, undefined).kind).toBe('busy');
    const after = afterStaleLease({ lease }, T0 + LEASE_MS + 1, FPS);
    expect(after.lease).toBeUndefined();
    expect(after.refusal).toMatchObject({ outcome: 'uncertain', at: T0, until: T0 + BACKOFF_MS });
  });

  it(
    'an expired lease whose holder wrote that Okta accepted the password counts nothing, and ends an older ' +
      'back-off',
    () => {
      const lease = { holder: 'other', since: T0, until: T0 + LEASE_MS, accepted: T0 + 2000 };
      const refusal = refusalAfter(undefined, 'uncertain', 'TIMEOUT', 'fp', T0 - 40 * MIN);
      expect(afterStaleLease({ lease, refusal }, T0 + LEASE_MS + 1, FPS)).toEqual({
        last: {
          at: T0,
          code: 'TIMEOUT',
          detail: expect.stringMatching(/stopped before it ended.*after Okta accepted its password/),
        },
      });
    },
  );

  it(
    'an expired lease whose holder was sending a TOTP code counts that code as an uncertain MFA attempt, under ' +
      'the TOTP secret',
    () => {
      const lease = { holder: 'other', since: T0, until: T0 + LEASE_MS, accepted: T0 + 2000, totpSent: T0 + 3000 };
      expect(afterStaleLease({ lease }, T0 + LEASE_MS + 1, FPS).refusal).toEqual({
        fingerprint: 'fp-totp',
        outcome: 'uncertain',
        code: 'TIMEOUT',
        at: T0 + 3000,
        until: T0 + 3000 + BACKOFF_MS,
        spent: 1,
        step: 'totp',
      });
      // A second code lost so, after the back-off: never again with this TOTP secret.
      const first = refusalAfter(undefined, 'uncertain', 'TIMEOUT', 'fp-totp', T0 - 40 * MIN, 'totp');
      expect(afterStaleLease({ lease, refusal: first }, T0 + LEASE_MS + 1, FPS).refusal).toMatchObject({
        step: 'totp',
        until: null,
      });
    },
  );

  it(
    "an expired lease whose holder got the password accepted and sent no code keeps a TOTP code's refusal: " +
      "only a successful MFA resets Okta's count",
    () => {
      const lease = { holder: 'other', since: T0, until: T0 + LEASE_MS, accepted: T0 + 2000 };
      const refusal = refusalAfter(undefined, 'uncertain', 'TIMEOUT', 'fp-totp', T0 - 40 * MIN, 'totp');
      expect(afterStaleLease({ lease, refusal }, T0 + LEASE_MS + 1, FPS)).toEqual({
        refusal,
        last: expect.objectContaining({ at: T0, code: 'TIMEOUT' }),
      });
    },
  );

  it(
    "keeps a TOTP code's refusal under the TOTP secret alone: a new password does not send a stale seed's code " +
      'again',
    async () => {
      const user = { password: 'Corr3ct-H0rse', totpSecret: 'JBSWY3DPEHPK3PXP' };
      const who = 'https://acme.okta.com a@acme.example';
      const before = await stepFingerprints(user, who);
      const after = await stepFingerprints({ ...user, password: 'N3w-H0rse' }, who);
      const reseeded = await stepFingerprints({ ...user, totpSecret: 'KRSXG5CTMVRXEZLU' }, who);
      const refusal = refusalAfter(undefined, 'refused', 'TOTP_REJECTED', fingerprintOf(before, 'totp'), T0, 'totp');

      expect(after.password).not.toBe(before.password);
      expect(gate({ refusal }, T0 + 10 * MIN, 5, fingerprintOf(after, refusal.step)).kind).toBe('held');
      expect(gate({ refusal }, T0 + 10 * MIN, 5, fingerprintOf(reseeded, refusal.step)).kind).toBe('run');
    },
  );

  it(
    'a journey run early because the org fails is due now, ' + 'yet a back-off or a refused password still holds it',
    () => {
      const last = { at: T0, code: null } as const;
      expect(gate({ last }, T0 + MIN, 5, undefined).kind).toBe('not-due');
      expect(gate({ last }, T0 + MIN, 0, undefined).kind).toBe('run');
      const refusal = refusalAfter(undefined, 'refused', 'SIGN_IN_REJECTED', 'fp', T0);
      expect(gate({ last, refusal }, T0 + MIN, 0, 'fp').kind).toBe('held');
      expect(
        gate({ last, lease: { holder: 'other', since: T0, until: T0 + LEASE_MS } }, T0 + MIN, 0, undefined).kind,
      ).toBe('busy');
    },
  );

  it(
    'holds a TOTP code as a password: rejected never again, ' + 'suspended backs off, ambiguous once more then never',
    () => {
      expect(totpOutcomeOfCode('TOTP_REJECTED')).toBe('refused');
      expect(totpOutcomeOfCode('TOTP_SUSPENDED')).toBe('blocked');
      // Classic answers a lockout at the verify step: backed off, so an admin's unlock resumes without a new secret.
      expect(totpOutcomeOfCode('USER_LOCKED_OUT')).toBe('blocked');
      // A code Okta saw used in its step is no stale seed: backed off, then one more.
      expect(totpOutcomeOfCode('TOTP_CODE_REUSED')).toBe('uncertain');
      expect(totpOutcomeOfCode('RATE_LIMITED')).toBe('uncertain');
      expect(totpOutcomeOfCode('OKTA_SERVER_ERROR')).toBe('uncertain');
      expect(refusalAfter(undefined, 'refused', 'TOTP_REJECTED', 'fp', T0, 'totp')).toMatchObject({
        step: 'totp',
        until: null,
      });
      const first = refusalAfter(undefined, 'uncertain', 'OKTA_SERVER_ERROR', 'fp', T0, 'totp');
      expect(first.until).toBe(T0 + BACKOFF_MS);
      // Two ambiguous codes in all per secret version: Okta's limit is 5 in a row.
      expect(refusalAfter(first, 'uncertain', 'TIMEOUT', 'fp', T0 + BACKOFF_MS, 'totp').until).toBeNull();
      // A password's back-off before it is not the code's: the code gets its own one more try.
      expect(
        refusalAfter(
          refusalAfter(undefined, 'uncertain', 'TIMEOUT', 'fp', T0),
          'uncertain',
          'TIMEOUT',
          'fp',
          T0 + BACKOFF_MS,
          'totp',
        ).until,
      ).toBe(T0 + 2 * BACKOFF_MS);
    },
  );

  it('merges two views of the state keeping what protects the user: the later journey, step and refusal', () => {
    const a: JourneyState = { totpStep: 10, last: { at: T0, code: null } };
    const b: JourneyState = {
      totpStep: 9,
      refusal: refusalAfter(undefined, 'refused', 'SIGN_IN_REJECTED', 'fp', T0 + 1),
    };
    expect(safest(a, b)).toMatchObject({ totpStep: 10, last: { at: T0 }, refusal: { outcome: 'refused' } });
  });

  it('fingerprints a secret without the secret in it, differently per user and per TOTP secret', async () => {
    const user = { password: 'Corr3ct-H0rse', totpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' };
    const print = await secretFingerprint(user, 'https://acme.okta.com a@acme.example');
    expect(print).not.toContain(user.password);
    expect(await secretFingerprint(user, 'https://acme.okta.com a@acme.example')).toBe(print);
    expect(await secretFingerprint(user, 'https://acme.okta.com b@acme.example')).not.toBe(print);
    expect(
      await secretFingerprint({ ...user, totpSecret: 'JBSWY3DPEHPK3PXP' }, 'https://acme.okta.com a@acme.example'),
    ).not.toBe(print);
  });
});

describe("the SSM store: the state within a parameter's 4 KB", () => {
  const long = (n: number): string => 'x'.repeat(n);
  const verdict = (at: number) => ({
    at,
    code: 'SAML_ATTRIBUTE_MISSING' as const,
    detail: long(290),
    observed: { certificate: long(95), attributes: long(200), nameIdFormat: long(60) },
  });

  it('writes a small state whole', () => {
    const state: JourneyState = { totpStep: 7, last: { at: T0, code: null, observed: { flow: 'authn' } } };
    expect(JSON.parse(fitted(state))).toEqual(state);
  });

  it("gives way least needed first: the journey's facts, then its detail, and never what protects the user", () => {
    const refusal = refusalAfter(undefined, 'refused', 'SIGN_IN_REJECTED', 'fp', T0);
    const state: JourneyState = {
      totpStep: 9,
      refusal,
      last: { at: T0, code: 'SIGN_IN_REJECTED', detail: long(2000), observed: { steps: long(2500) } },
    };
    expect(JSON.stringify(state).length).toBeGreaterThan(4096);

    const kept = JSON.parse(fitted(state)) as JourneyState;
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(4096);
    expect(kept).toEqual({ totpStep: 9, refusal, last: { at: T0, code: 'SIGN_IN_REJECTED', detail: long(2000) } });
  });

  it(
    "keeps the SAML apps' verdicts in a kept record of 4 KB: " + 'their facts give way, then their details, then all',
    () => {
      const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`app${i}`, verdict(T0)]));
      expect(JSON.stringify(six).length).toBeGreaterThan(4096);
      const kept = fittedVerdicts(six);
      expect(JSON.stringify(kept).length).toBeLessThanOrEqual(4096);
      expect(Object.values(kept).map((v) => [v.code, v.detail, v.observed])).toEqual(
        Object.keys(six).map(() => ['SAML_ATTRIBUTE_MISSING', long(290), undefined]),
      );

      const forty = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`app${i}`, verdict(T0)]));
      expect(Object.values(fittedVerdicts(forty)).map((v) => [v.code, v.detail, v.observed])).toEqual(
        Object.keys(forty).map(() => ['SAML_ATTRIBUTE_MISSING', undefined, undefined]),
      );
      // More than 4 KB even bare: none kept, and the apps are judged afresh at the journey's next session.
      const hundreds = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`app${i}`, verdict(T0)]));
      expect(fittedVerdicts(hundreds)).toEqual({});
    },
  );
});

let aws: AwsFake;
beforeAll(async () => {
  // The lease's race is what these tests prove, several puts within a second; SSM's PutParameter throughput (3 a
  // second at the standard tier, the fake's default) is proven in test/support/aws-quotas.test.ts.
  aws = await startAwsFake({ quotas: false });
});
afterAll(async () => {
  await aws.close();
});

describe.each([
  ['memory', (): JourneyStateStore => createMemoryStateStore()],
  [
    'SSM',
    (): JourneyStateStore =>
      createSsmStateStore('/okta-synthetics/journey-state', {
        client: new SSMClient({
          endpoint: aws.url,
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
          maxAttempts: 1,
        }),
      }),
  ],
  [
    'DynamoDB',
    (): JourneyStateStore =>
      createDynamoStateStore('okta-synthetics-journey-state', {
        client: new DynamoDBClient(fakeClientConfig(aws)),
      }),
  ],
])('the %s store: the lease is a compare-and-set', (_name, make) => {
  it("of two runs that read the same version, exactly one claims it; the holder's write ends the lease", async () => {
    const store = make();
    const id = `journey-${Math.random().toString(36).slice(2, 8)}`;
    const first = await store.read(id);
    expect(first).toEqual({ state: undefined, version: 0 });
    const lease = (holder: string): JourneyState => ({ lease: { holder, since: T0, until: T0 + LEASE_MS } });
    const claims = await Promise.all([
      store.claim(id, first.version, lease('a')),
      store.claim(id, first.version, lease('b')),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const final: JourneyState = { totpStep: 7, last: { at: T0 + 1, code: null } };
    await store.write(id, final);
    const after = await store.read(id);
    expect(after.state).toEqual(final);
    expect(await store.claim(id, first.version, lease('c'))).toBe(false);
    expect(await store.claim(id, (await store.read(id)).version, lease('d'))).toBe(true);
  });
});

describe('a run that dies after Okta accepted the password', () => {
  const signIn = {
    id: 'portal',
    flow: 'authn',
    username: 'synthetic.user@acme.example',
    everyMinutes: 5,
  } as SignInConfig;
  const credential: UserCredential = { kind: 'user', password: 'Corr3ct-H0rse' };
  const accepted = {
    ok: true,
    response: {
      status: 200,
      headers: {},
      body: '{"status":"SUCCESS"}',
      bodyTruncated: false,
      requestId: null,
      timings: { total: 1 },
      receivedAt: T0,
    },
  } as const;
  const context = (store: JourneyStateStore, now: number): GuardContext => ({
    signIn,
    orgUrl: 'https://acme.okta.com',
    server: { now: () => now, exchange: () => Promise.resolve(accepted) } as unknown as ServerContext,
    journeyState: store,
  });

  it.each([
    ['after the password was accepted: the next run signs in', true, true],
    ['before Okta answered: the attempt counts as unanswered, and the next run backs off', false, false],
  ])('dies %s', async (_, acceptedFirst, signsIn) => {
    const store = createMemoryStateStore();
    const open = await openJourney(context(store, T0), credential);
    if (!('facts' in open)) throw new Error('the first run must open the journey');
    await open.exchange({
      method: 'POST',
      url: 'https://acme.okta.com/api/v1/authn',
      json: { username: signIn.username, password: credential.password },
    });
    if (acceptedFirst) open.facts.passwordStep({ accepted: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The run dies here (a Lambda timeout in a later step): finish() never runs, the lease expires.
    const next = await openJourney(context(store, T0 + LEASE_MS + 1), credential);
    expect('facts' in next).toBe(signsIn);
    if (!('facts' in next))
      expect(next.judgement).toMatchObject({
        diagnosis: { code: 'TIMEOUT', detail: expect.stringContaining('not sent again before') },
      });
  });

  it.each([
    ['after the password was accepted', true],
    ['before Okta answered', false],
  ])(
    'a Lambda run (its end known) that dies %s is told by the next scheduled run, a minute later, not after ' +
      'its 10-minute lease',
    async (_, acceptedFirst) => {
      const store = createMemoryStateStore();
      // Lambda's timeout: 50 s after the run began, nothing of it runs any more.
      const open = await openJourney({ ...context(store, T0), endsBy: T0 + 50_000 }, credential);
      if (!('facts' in open)) throw new Error('the first run must open the journey');
      await open.exchange({
        method: 'POST',
        url: 'https://acme.okta.com/api/v1/authn',
        json: { username: signIn.username, password: credential.password },
      });
      if (acceptedFirst) open.facts.passwordStep({ accepted: true });
      await new Promise((resolve) => setTimeout(resolve, 0));
      // Still its own while it may live: a run in between stands aside.
      const during = await openJourney({ ...context(store, T0 + 54_000), endsBy: T0 + 104_000 }, credential);
      expect('facts' in during).toBe(false);
      if (!('facts' in during)) expect(during.judgement.observed).toMatchObject({ concurrentRun: true });
      // The next scheduled run: the lease is over, the crash is its verdict (it pages), and nothing is sent.
      const next = await openJourney({ ...context(store, T0 + 60_000), endsBy: T0 + 110_000 }, credential);
      expect('facts' in next).toBe(false);
      if ('facts' in next) return;
      expect(next.judgement).toMatchObject({
        diagnosis: { code: 'TIMEOUT', detail: expect.stringMatching(/stopped before it ended/) },
      });
      expect(failureSeverity('sign-in', 'TIMEOUT')).toBe('page');
      // When due again, a password the dead run may have spent waits its back-off; one Okta accepted is sent again.
      const due = await openJourney({ ...context(store, T0 + 5 * MIN), endsBy: T0 + 5 * MIN + 50_000 }, credential);
      expect('facts' in due).toBe(acceptedFirst);
    },
  );
});

/** The portal journey of the tests below, every 5 minutes, and its user's password. */
const PORTAL = { id: 'portal', flow: 'authn', username: 'synthetic.user@acme.example', everyMinutes: 5 };

describe('a password our own network never let leave', () => {
  const signIn = PORTAL as SignInConfig;
  const credential: UserCredential = { kind: 'user', password: 'Corr3ct-H0rse' };
  const failingWith = (code: string) => {
    const failure = toFailure(Object.assign(new Error(`${code} acme.okta.com`), { code }), { total: 1 });
    return { ok: false, failure } as const;
  };
  const context = (store: JourneyStateStore, now: number, code: string): GuardContext => ({
    signIn,
    orgUrl: 'https://acme.okta.com',
    server: { now: () => now, exchange: () => Promise.resolve(failingWith(code)) } as unknown as ServerContext,
    journeyState: store,
  });
  /** One run whose password request fails with `code`, to its end; then the next run, a minute later. */
  async function runThenNext(code: string) {
    const store = createMemoryStateStore();
    const open = await openJourney(context(store, T0, code), credential);
    if (!('facts' in open)) throw new Error('the first run must open the journey');
    await open.exchange({
      method: 'POST',
      url: 'https://acme.okta.com/api/v1/authn',
      json: { username: signIn.username, password: credential.password },
    });
    await open.finish({ judgement: fail('NETWORK_ERROR', `${code}: acme.okta.com`) }, []);
    return {
      kept: (await store.read(signIn.id)).state,
      next: await openJourney(context(store, T0 + MIN, code), credential),
    };
  }

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED'])(
    '(%s) is no attempt at Okta: nothing held, and the next run sends it, never a carried failure',
    async (code) => {
      const { kept, next } = await runThenNext(code);
      expect(kept?.refusal).toBeUndefined();
      expect('facts' in next).toBe(true);
    },
  );

  it('a connection reset after the request left may have reached Okta: the next run backs off', async () => {
    const { kept, next } = await runThenNext('ECONNRESET');
    expect(kept?.refusal).toMatchObject({ outcome: 'uncertain' });
    expect('facts' in next).toBe(false);
    if (!('facts' in next)) expect(next.carried).toBeDefined();
  });
});

describe('a journey state that cannot be read or written: its own diagnosis, which pages', () => {
  const signIn = {
    id: 'portal',
    flow: 'authn',
    username: 'synthetic.user@acme.example',
    everyMinutes: 5,
  } as SignInConfig;
  const credential: UserCredential = { kind: 'user', password: 'Corr3ct-H0rse' };
  const context = (store: JourneyStateStore): GuardContext => ({
    signIn,
    orgUrl: 'https://acme.okta.com',
    server: {
      now: () => T0,
      exchange: () => Promise.reject(new Error('no request may leave')),
    } as unknown as ServerContext,
    journeyState: store,
  });
  const failing = (method: 'read' | 'claim'): JourneyStateStore => {
    const store = createMemoryStateStore();
    return {
      ...store,
      [method]: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    };
  };

  it.each([
    ['read', /could not be read/],
    ['claim', /lease .* could not be written/],
  ] as const)(
    "a %s that fails: JOURNEY_STATE_UNAVAILABLE, never Secrets Manager's code, and nothing sent",
    async (method, said) => {
      const open = await openJourney(context(failing(method)), credential);
      expect('facts' in open).toBe(false);
      if ('facts' in open) return;
      expect(open.judgement).toMatchObject({
        diagnosis: { code: 'JOURNEY_STATE_UNAVAILABLE', detail: expect.stringMatching(said) },
      });
      expect(failureSeverity('sign-in', 'JOURNEY_STATE_UNAVAILABLE')).toBe('page');
      expect(FAULTS.JOURNEY_STATE_UNAVAILABLE).toBe('probe');
      // Its remedy names where the state lives in each mode, and the role's actions: not Secrets Manager.
      const { remedy } = DIAGNOSES.JOURNEY_STATE_UNAVAILABLE;
      expect(remedy).toMatch(/journey-state.*--history/);
      expect(remedy).toMatch(/<prefix>-journey-state.*dynamodb:GetItem and dynamodb:PutItem/);
      expect(remedy).not.toMatch(/Secrets Manager/);
    },
  );
});

describe('a check of the org failing for good: the sign-ins stay bounded by the plan', () => {
  const signIn = {
    id: 'portal',
    flow: 'authn',
    username: 'synthetic.user@acme.example',
    everyMinutes: 5,
  } as SignInConfig;
  const credential: UserCredential = { kind: 'user', password: 'Corr3ct-H0rse' };

  /** A day of runs a minute apart, each journey passing while `default/token` fails: the journeys each hour. */
  async function journeysPerHour(orgFailing: boolean): Promise<number[]> {
    const store = createMemoryStateStore();
    const perHour: number[] = [];
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      const now = T0 + minute * MIN;
      const ctx: GuardContext = {
        signIn,
        orgUrl: 'https://acme.okta.com',
        server: { now: () => now, exchange: () => Promise.reject(new Error('not sent')) } as unknown as ServerContext,
        journeyState: store,
        orgFailing: () => Promise.resolve(orgFailing ? 'default/token OKTA_SERVER_ERROR' : undefined),
      };
      const open = await openJourney(ctx, credential);
      if (!('facts' in open)) continue;
      open.facts.passwordStep({ accepted: true });
      expect(await open.finish({ judgement: pass() }, [])).toBeUndefined();
      perHour[Math.floor(minute / 60)] = (perHour[Math.floor(minute / 60)] ?? 0) + 1;
    }
    return perHour;
  }

  it(
    'at most one journey an hour before its slot: 13 an ' + 'hour at worst at every 5 minutes, never one a run',
    async () => {
      const healthy = await journeysPerHour(false);
      const failing = await journeysPerHour(true);
      // What `plan` states for this journey: 12 an hour, 13 at worst.
      const planned = signInsPerHour('portal', 5, 1);
      expect(planned).toEqual({ id: 'portal', perHour: 12, worstPerHour: 13 });
      expect(Math.max(...healthy)).toBe(planned.perHour);
      expect(Math.max(...failing)).toBeLessThanOrEqual(planned.worstPerHour);
      // The incident is still measured at once: the first run that sees it signs in.
      expect(failing[0]).toBeGreaterThan(healthy[0]!);
    },
  );
});

describe('a TOTP step the run cannot wait for', () => {
  const signIn = {
    id: 'portal',
    flow: 'authn',
    username: 'synthetic.user@acme.example',
    everyMinutes: 1,
  } as SignInConfig;
  const credential: UserCredential = { kind: 'user', password: 'Corr3ct-H0rse', totpSecret: 'JBSWY3DPEHPK3PXP' };
  const STEP_MS = 30_000;
  // The middle of a TOTP step: the step an earlier run used is the current one.
  const start = Math.floor(T0 / STEP_MS) * STEP_MS + 10_000;

  async function journeyWith(deadlineAfterMs: number) {
    // A process of its own: the step the state holds is the one used, not a later one another file's test used as
    // this user in the process the unit files share.
    forgetUsedSteps();
    const store = createMemoryStateStore();
    await store.write(signIn.id, { totpStep: Math.floor(start / STEP_MS) });
    let now = start;
    const ctx: GuardContext = {
      signIn,
      orgUrl: 'https://acme.okta.com',
      server: {
        now: () => now,
        exchange: () => Promise.reject(new Error('no request in this test')),
      } as unknown as ServerContext,
      journeyState: store,
      // As the engine's: the sleep ends at the run's deadline.
      sleep: (ms) => {
        now += Math.min(ms, deadlineAfterMs);
        return Promise.resolve(ms <= deadlineAfterMs);
      },
    };
    const open = await openJourney(ctx, credential);
    if (!('facts' in open)) throw new Error('the journey must open');
    return { open, store, step: await open.facts.totpStep() };
  }

  it('waits out the used step when the run has time: the next step, written into the state', async () => {
    const { open, store, step } = await journeyWith(60_000);
    expect(step).toBe(Math.floor(start / STEP_MS) + 1);
    await open.finish({ judgement: { diagnosis: null } }, []);
    expect((await store.read(signIn.id)).state?.totpStep).toBe(step);
  });

  it('sends no code when the deadline ends the wait first, and holds nothing against the factor', async () => {
    const { open, store, step } = await journeyWith(5_000);
    expect(step).toBeUndefined();
    await open.finish({ judgement: { notRun: 'skip', reason: 'deadline' } }, []);
    const kept = (await store.read(signIn.id)).state;
    expect(kept?.refusal).toBeUndefined();
    expect(kept?.totpStep).toBe(Math.floor(start / STEP_MS));
    // Not a journey: the next run, a minute later, signs in rather than repeating a skip for everyMinutes.
    expect(kept?.last).toBeUndefined();
  });
});

describe('a TOTP code between runs: never forgotten, never cleared but by a code Okta accepts', () => {
  const signIn = {
    id: 'portal',
    flow: 'authn',
    username: 'synthetic.user@acme.example',
    everyMinutes: 5,
  } as SignInConfig;
  const credential: UserCredential = { kind: 'user', password: 'Corr3ct-H0rse', totpSecret: 'JBSWY3DPEHPK3PXP' };
  const context = (store: JourneyStateStore, now: number): GuardContext => ({
    signIn,
    orgUrl: 'https://acme.okta.com',
    server: {
      now: () => now,
      exchange: () =>
        Promise.resolve({
          ok: true,
          response: {
            status: 200,
            headers: {},
            body: '{}',
            bodyTruncated: false,
            requestId: null,
            timings: { total: 1 },
            receivedAt: now,
          },
        }),
    } as unknown as ServerContext,
    journeyState: store,
    // A step this process used already is waited out at once: the code's step is not what these tests are about.
    sleep: () => Promise.resolve(true),
  });
  const opened = async (store: JourneyStateStore, now: number) => {
    const open = await openJourney(context(store, now), credential);
    if (!('facts' in open)) throw new Error(`the journey must open: ${JSON.stringify(open.judgement)}`);
    await open.exchange({
      method: 'POST',
      url: 'https://acme.okta.com/api/v1/authn',
      json: { username: signIn.username, password: credential.password },
    });
    open.facts.passwordStep({ accepted: true });
    return open;
  };

  it('a run that dies after sending its code leaves an uncertain MFA attempt: the next run backs off', async () => {
    const store = createMemoryStateStore();
    const open = await opened(store, T0);
    expect(await open.facts.totpStep()).toBeTypeOf('number');
    // The code is on its way when the run dies: finish() never runs, the lease expires.
    const next = await openJourney(context(store, T0 + LEASE_MS + 1), credential);
    expect('facts' in next).toBe(false);
    if (!('facts' in next))
      expect(next.judgement).toMatchObject({
        diagnosis: { code: 'TIMEOUT', detail: expect.stringContaining('the TOTP step ended TIMEOUT') },
      });
    // Held, nothing is measured: the verdict is carried from the code's attempt, never a fresh "Okta timed out".
    if (!('facts' in next)) expect(next.carried).toEqual({ judgedAt: T0 });
  });

  it(
    'a run that stops after the password keeps the refusal of an earlier code; one whose code Okta accepts ' +
      'ends it',
    async () => {
      const store = createMemoryStateStore();
      const fps = await stepFingerprints(credential, `https://acme.okta.com ${signIn.username}`);
      const earlier = refusalAfter(undefined, 'uncertain', 'TIMEOUT', fps.totp, T0 - 40 * MIN, 'totp');
      await store.write(signIn.id, { refusal: earlier });

      const stopped = await opened(store, T0);
      await stopped.finish(
        { judgement: fail('OKTA_SERVER_ERROR', 'the /authorize after the password answered 500') },
        [],
      );
      expect((await store.read(signIn.id)).state?.refusal).toEqual(earlier);

      const verified = await opened(store, T0 + 10 * MIN);
      expect(await verified.facts.totpStep()).toBeTypeOf('number');
      verified.facts.totpAnswer({ accepted: true });
      await verified.finish({ judgement: { diagnosis: null } }, []);
      expect((await store.read(signIn.id)).state?.refusal).toBeUndefined();
    },
  );
});

describe('a TOTP code refused while the clock is skewed', () => {
  const signIn = {
    id: 'portal',
    flow: 'authn',
    username: 'synthetic.user@acme.example',
    everyMinutes: 5,
  } as SignInConfig;
  const credential: UserCredential = { kind: 'user', password: 'Corr3ct-H0rse', totpSecret: 'JBSWY3DPEHPK3PXP' };
  const httpDate = (ms: number): string => new Date(ms).toUTCString();
  const journey = async (skewMs: number) => {
    const store = createMemoryStateStore();
    const ctx: GuardContext = {
      signIn,
      orgUrl: 'https://acme.okta.com',
      server: {
        now: () => T0,
        exchange: () =>
          Promise.resolve({
            ok: true,
            response: {
              status: 200,
              headers: { date: httpDate(T0 + skewMs) },
              body: '{}',
              bodyTruncated: false,
              requestId: null,
              timings: { total: 1 },
              receivedAt: T0,
            },
          }),
      } as unknown as ServerContext,
      journeyState: store,
      sleep: () => Promise.resolve(true),
    };
    const open = await openJourney(ctx, credential);
    if (!('facts' in open)) throw new Error('the journey must open');
    await open.exchange({
      method: 'POST',
      url: 'https://acme.okta.com/api/v1/authn',
      json: { username: signIn.username, password: credential.password },
    });
    open.facts.passwordStep({ accepted: true });
    await open.facts.totpStep();
    open.facts.totpAnswer({ accepted: false, verdict: fail('TOTP_REJECTED', 'Invalid Passcode/Answer') });
    const told = await open.finish({ judgement: fail('TOTP_REJECTED', 'Invalid Passcode/Answer') }, []);
    return { told, refusal: (await store.read(signIn.id)).state?.refusal };
  };

  it(
    '45 s ahead: CLOCK_SKEW that says how to fix the clock, counted as one uncertain MFA attempt, never a ' +
      'stale seed held for good',
    async () => {
      const { told, refusal } = await journey(45_000);
      expect(told).toMatchObject({
        diagnosis: {
          code: 'CLOCK_SKEW',
          detail: expect.stringMatching(/45 s ahead .*not of a stale seed.*timedatectl set-ntp true/),
        },
      });
      expect(refusal).toMatchObject({
        code: 'CLOCK_SKEW',
        outcome: 'uncertain',
        step: 'totp',
        spent: 1,
        until: T0 + BACKOFF_MS,
      });
    },
  );

  it('a clock on time: the refused code is a stale seed, held until the secret changes', async () => {
    const { told, refusal } = await journey(2_000);
    expect(told).toBeUndefined();
    expect(refusal).toMatchObject({ code: 'TOTP_REJECTED', outcome: 'refused', until: null });
  });
});
