// The simulator on loopback for the tests of one file (or one describe block): started before them, closed
// after them.
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim/server';
import { createPrivateKey } from 'node:crypto';
import type { PasskeySecret, ServerConfig, SignInConfig, UserCredential } from '../../functions/types';
import type { Exchange, ServerContext } from '../../functions/probe/context';
import { serverEndpoints } from '../../functions/probe/endpoints';
import { relatedRpId } from '../../sim/endpoints/webauthn-well-known';
import { SCENARIOS } from '../../sim/scenarios';

/** Registers the hooks that start and close the simulator; the returned function gives it once started. */
export function useSimulator(options: SimulatorOptions = {}): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (sim === undefined) throw new Error('the simulator is not started yet: use it from a hook or a test');
    return sim;
  };
}

/**
 * A journey of the simulator's users as the probe is given it, without a config file: the portal user over the
 * Authentication API, or the workforce user over IDX, on the default server; with the user's credential.
 */
export function simJourney(
  sim: Simulator,
  flow: 'authn' | 'idx',
): { readonly signIn: SignInConfig; readonly credential: UserCredential } {
  const { portal, portalUser, workforce, workforceUser } = sim.clients.signIn;
  const [app, user] = flow === 'authn' ? [portal, portalUser] : [workforce, workforceUser];
  const signIn: SignInConfig = {
    id: flow === 'authn' ? 'portal' : 'workforce',
    server: 'default',
    flow,
    clientId: app.clientId,
    redirectUri: app.redirectUri,
    username: user.username,
    secrets: { from: 'env', passwordEnv: 'UNUSED' },
    confidential: false,
    scopes: ['openid', 'profile', 'email'],
    requiredClaims: ['email'],
    everyMinutes: 5,
  };
  return { signIn, credential: { kind: 'user', password: user.password, totpSecret: user.totpSecret } };
}

/** The simulator's default server as a journey's checks are given it, its requests through `exchange`. */
export function simServerContext(sim: Simulator, exchange: Exchange): ServerContext {
  return {
    server: { id: 'default' } as ServerConfig,
    orgServer: false,
    endpoints: serverEndpoints(sim.url, 'default'),
    credential: undefined,
    exchange,
    now: () => Date.now(),
  };
}

/**
 * The workforce user's seeded passkey as its passkey file gives it to the probe, bound to the simulator's host (or to
 * the custom domain of a related-origins scenario).
 */
export function simPasskey(sim: Simulator): PasskeySecret {
  const { credentialId, privateJwk } = sim.clients.signIn.workforceUser.passkey;
  return {
    credentialId,
    privateKeyPem: createPrivateKey({ key: privateJwk as Record<string, string>, format: 'jwk' })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    rpId: relatedRpId(SCENARIOS[sim.scenario].faults?.signIn) ?? new URL(sim.url).hostname,
  };
}
