// The Identity Engine flow ("idx") as a peer of the others: what idx.ts's flow borrows from the journey (FlowIo),
// lent from the run's kit, the journey's passkey among it.
import { fail } from '../../verdict';
import type { FlowIo } from '../idx';
import { passkeyAnswer } from '../passkey';
import type { JourneyKit } from './kit';

/** What a flow written in its own file (sign-in-idx.ts) borrows from the journey. */
export function flowIo(kit: JourneyKit): FlowIo {
  const { signIn, orgUrl, server } = kit.ctx;
  return {
    signIn,
    orgUrl,
    tokenUrl: server.endpoints.token,
    password: kit.credential.password,
    clientSecret: signIn.confidential ? kit.credential.clientSecret : undefined,
    hasTotpSecret: kit.credential.totpSecret !== undefined,
    ...passkeyIo(kit),
    ...(kit.ctx.enrollPasskey !== undefined && { attest: kit.ctx.enrollPasskey }),
    send: (step, req, answers) => kit.send(step, req, answers),
    token: (step, form) => kit.token(step, form),
    totp: () => kit.totp(),
    keep: (secret) => void kit.secrets.push(secret),
    // The journey's state and password-expiry hear of the password step as they do for authn.
    passwordStep: (answer) => kit.passwordJudged(answer),
    ...kit.idxHeard(),
    totpAnswer: (answer) => kit.ctx.journey.totpAnswer(answer),
    wantsSession: kit.ctx.handOver !== undefined,
    session: (cookie, how) => {
      kit.sessionCookie = cookie;
      kit.session = { how };
    },
    noSession: (why) => {
      kit.session = { why };
    },
  };
}

/** The journey's passkey, lent to the IDX flow: what it knows of it, and its assertion for Okta's challenge. */
function passkeyIo(kit: JourneyKit): Pick<FlowIo, 'passkey' | 'assert'> {
  const passkey = kit.credential.passkey;
  const facts = kit.ctx.journey;
  return {
    ...(passkey !== undefined && {
      passkey: { credentialId: passkey.credentialId, accepted: facts.passkeyAccepted() },
    }),
    assert: (challenge) =>
      passkey === undefined
        ? Promise.resolve({ verdict: fail('PASSKEY_UNAVAILABLE', 'the journey has no passkey') })
        : passkeyAnswer(passkey, challenge, {
            orgUrl: kit.ctx.orgUrl,
            counter: () => facts.passkeyCounter(),
            wellKnown: (url) =>
              kit.send('related origins (/.well-known/webauthn)', {
                method: 'GET',
                url,
                headers: { accept: 'application/json' },
              }),
          }),
  };
}
