// The sign-in flows' steps against the simulator: when idx tells the journey's state the password
// was accepted, what it tells password-expiry when it stops at MFA, and authn's one TOTP code a run.
import { afterEach, describe, expect, it } from 'vitest';
import { judgePasswordExpiry, runSignIn, type SignInContext } from '../../../../functions/probe/sign-in/journey';
import type { ServerContext } from '../../../../functions/probe/context';
import { send } from '../../../../functions/probe/http';
import { createMemoryStateStore } from '../../../../functions/probe/sign-in/store';
import type { JourneyStateStore } from '../../../../functions/journey-state';
import { simJourney, simServerContext, useSimulator } from '../../../support/simulator';

const sim = useSimulator();
afterEach(() => {
  sim().scenario = 'healthy';
});

type Exchange = ServerContext['exchange'];
const toSim: Exchange = (req) => send({ ...req, timeoutMs: 5_000 });

/**
 * The workforce user's idx journey (or the portal user's authn one), its requests through `exchange`, its state in
 * `store`.
 */
function workforce(exchange: Exchange, store: JourneyStateStore, flow: 'authn' | 'idx' = 'idx'): SignInContext {
  const { signIn, credential } = simJourney(sim(), flow);
  const server: ServerContext = simServerContext(sim(), exchange);
  // No wait for the next TOTP step: these tests never need Okta to accept the code (the healthy run with MFA, whose
  // passwordExpiresInDays is null, is in sign-in.integration.test.ts).
  return { signIn, orgUrl: sim().url, server, credential, journeyState: store, sleep: async () => true };
}

/** The request that carries the TOTP code: an IDX answer of the challenge that is not the password's. */
const carriesCode = (req: Parameters<Exchange>[0]): boolean =>
  req.url.endsWith('/idp/idx/challenge/answer') &&
  !JSON.stringify(req.json).includes(sim().clients.signIn.workforceUser.password);

describe('the idx journey tells the password step as soon as Okta answers it', () => {
  it(
    'marks the password accepted in the lease before the TOTP code goes out, so a run dying in that step never ' +
      'holds it',
    async () => {
      sim().scenario = 'sign-in-mfa';
      const store = createMemoryStateStore();
      let acceptedWhenCodeSent: number | undefined;
      let codes = 0;
      // The run dies in the TOTP step: the code's request never gets an answer.
      const exchange: Exchange = async (req) => {
        if (!carriesCode(req)) return toSim(req);
        codes += 1;
        acceptedWhenCodeSent = (await store.read('workforce')).state?.lease?.accepted;
        return { ok: false, failure: { kind: 'timeout', message: 'the run died', timings: { total: 0 } } };
      };
      const run = await runSignIn(workforce(exchange, store));

      expect(codes).toBe(1);
      expect(acceptedWhenCodeSent).toEqual(expect.any(Number));
      expect(run.judgement).toMatchObject({ diagnosis: { code: 'TIMEOUT' } });
    },
  );

  it(
    'a TOTP code Okta refuses: the password was accepted, its expiry unknown, so password-expiry skips and ' +
      'says why',
    async () => {
      sim().scenario = 'totp-rejected';
      const run = await runSignIn(workforce(toSim, createMemoryStateStore()));

      expect(run.judgement).toMatchObject({ diagnosis: { code: 'TOTP_REJECTED' } });
      // Okta warns of an expiring password after MFA: a run stopped at MFA cannot say "not expiring".
      expect(run.passwordExpiresInDays).toBeUndefined();
      expect(judgePasswordExpiry(run).judgement).toMatchObject({
        notRun: 'skip',
        reason: expect.stringContaining('TOTP_REJECTED'),
      });
    },
  );
});

describe('the authn journey sends one TOTP code a run', () => {
  it(
    'MFA asked again after an accepted code ends the run as ' + 'a failure that says so, never with a second code',
    async () => {
      sim().scenario = 'sign-in-mfa';
      let mfaRequired: Awaited<ReturnType<Exchange>> | undefined;
      let verifies = 0;
      // Okta answers the code with MFA_REQUIRED again (a policy wanting another factor): the first answer replayed.
      const exchange: Exchange = async (req) => {
        const outcome = await toSim(req);
        if (req.url.endsWith('/api/v1/authn')) mfaRequired = outcome;
        if (!req.url.endsWith('/verify')) return outcome;
        verifies += 1;
        return mfaRequired ?? outcome;
      };
      const run = await runSignIn(workforce(exchange, createMemoryStateStore(), 'authn'));

      expect(verifies).toBe(1);
      expect(run.judgement).toMatchObject({
        diagnosis: {
          code: 'UNEXPECTED_RESPONSE',
          detail: expect.stringMatching(
            /^Okta asked for MFA again .* after the TOTP code it accepted: the probe sends one code per run/,
          ),
        },
      });
    },
  );
});
