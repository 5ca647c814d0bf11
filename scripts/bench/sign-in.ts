// (h) The sign-in journey: its latency against its network floor, its dependent round trips, and its
// requests per run, for each flow, against the simulator on 127.0.0.1 with a fixed latency before every answer.
// Without MFA: a TOTP code is good once per 30-second step, so repeated journeys with MFA would measure the wait.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES } from '../../functions/credentials/local';
import { resolveLocalUsers } from '../../functions/credentials/user-secrets';
import { runProbe } from '../../functions/probe/engine';
import { createDispatcher } from '../../functions/probe/http';
import { writeSimulatorConfig } from '../../sim/config';
import { startSimulator } from '../../sim/server';
import { median, p90, round } from './stats';
import type { CheckResult } from '../../functions/types';
import { createMemoryCache } from '../../functions/cache/read-through';

/** Dependent round trips before the verdict (revocation and the session's end go out after it, together). */
// idx: interact, introspect, identify, the password's answer, the code exchange, then /userinfo and /keys together.
// saml: a SAML app's step in the portal journey's session, its metadata and SSO URL fetched together.
export const JOURNEY_FLOOR_TRIPS = { authn: 4, direct: 2, idx: 6, saml: 1 } as const;

export interface JourneySample {
  /** A journey's flow, or 'saml': a SAML app's step in the portal journey's session. */
  readonly flow: 'authn' | 'direct' | 'idx' | 'saml';
  readonly latencyMs: number;
  readonly requests: number;
  readonly passed: boolean;
}

/** A journey's or an app's check as a sample measures it: its latency, its requests, whether it passed. */
export function measuredOf(check: CheckResult | undefined): Omit<JourneySample, 'flow'> {
  return {
    latencyMs: check?.latencyMs ?? NaN,
    requests: Number(check?.observed?.requests ?? NaN),
    passed: check?.status === 'pass',
  };
}

export async function benchSignIn(latencyMs: number, runs: number): Promise<JourneySample[]> {
  const sim = await startSimulator({ latencyMs });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-sign-in-'));
  try {
    const loaded = loadConfigFile(
      await writeSimulatorConfig(sim, dir),
      'cli',
      {},
      { credentialFiles: LOCAL_CREDENTIAL_FILES },
    );
    if (!loaded.ok) throw new Error(`simulator config rejected: ${loaded.errors.join('; ')}`);
    // The journeys alone: the servers' own checks are sections a-c.
    const probe = { ...loaded.config.probe, servers: [], statusPageUrl: null };
    const users = resolveLocalUsers(probe, {});
    const samples: JourneySample[] = [];
    for (let i = 0; i < runs; i++) {
      const dispatcher = createDispatcher();
      sim.resetRequests();
      const report = await runProbe(probe, { credentials: new Map(), users, cache: createMemoryCache(), dispatcher });
      await dispatcher.close();
      for (const signIn of probe.signIn ?? []) {
        const check = report.checks.find((c) => c.server === signIn.id && c.check === 'sign-in');
        samples.push({ flow: signIn.flow as JourneySample['flow'], ...measuredOf(check) });
      }
      for (const app of probe.samlApps ?? []) {
        const check = report.checks.find((c) => c.server === app.id && c.check === 'saml');
        samples.push({ flow: 'saml', ...measuredOf(check) });
      }
    }
    return samples;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function signInSection(samples: readonly JourneySample[], latencyMs: number): string[] {
  const rows = (['authn', 'direct', 'idx', 'saml'] as const).map((flow) => {
    const of = samples.filter((s) => s.flow === flow);
    const floor = JOURNEY_FLOOR_TRIPS[flow] * latencyMs;
    const mid = median(of.map((s) => s.latencyMs));
    return (
      `| ${flow} | ${of.length} | ${round(mid)} ms | ${round(p90(of.map((s) => s.latencyMs)))} ms | ${JOURNEY_FLOOR_TRIPS[flow]} ` +
      `x ${latencyMs} = ${floor} ms | ${round(mid / floor, 2)}x | ${round(median(of.map((s) => s.requests)))} ` +
      `| ${of.every((s) => s.passed) ? 'yes' : 'no'} |`
    );
  });
  return [
    '## k. The sign-in journey',
    '',
    `Each flow of the simulator config (\`portal\`: authn through the custom server; \`mobile\`: direct ` +
      `through the Org server; \`workforce\`: idx through the custom server), journeys only, fresh cache and ` +
      `connections each run, simulator latency ${latencyMs} ms before every answer, no MFA. ` +
      ('Floor = the dependent round trips before the verdict: authn = /api/v1/authn, /authorize, /token, then ' +
        '/userinfo beside the JWKS; direct = /token, then /userinfo beside the JWKS; idx = /v1/interact, ' +
        "/idp/idx/introspect, identify, the password's answer, /token, then /userinfo beside the JWKS. MFA " +
        'adds one (the factor verify, or the mfa-otp grant; idx two: the authenticator chosen, then its code). ') +
      ('Requests = every request of the journey, the JWKS read and the cleanup (revocation, and for authn and ' +
        "idx the session's end, sent together after the verdict; one JWKS read a run serves both journeys of " +
        'the custom server) included.'),
    '',
    '| flow | runs | median | p90 | floor | median / floor | requests | all passed |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'A journey runs every `everyMinutes` (default 5), not every run: the runs between repeat its verdict ' +
      'without a request.',
    '',
    "saml: the SAML app of the simulator config, in the portal journey's session (inside the authn journey, " +
      'after its verdict, not counted in its latency or requests). Floor = one round trip: the metadata and ' +
      'the SSO URL are fetched at once; requests = those two. The XML signature check (two RSA-SHA256 ' +
      'verifications with xml-crypto, exc-c14n) is CPU after the fetch and not in this latency: measured apart ' +
      'on 2026-11-23, 25 runs on loopback, its median was 166 ms and p90 313 ms at a load average of 19.6 on 2 ' +
      'cores (other work running; expect a fraction of that on a quiet machine). ' +
      ('Bundle: the SAML library (xml-crypto 6 with @xmldom/xmldom 0.8, xpath and @xmldom/is-dom-node) adds ' +
        "196,372 bytes to the Lambda bundle, and the probe's SAML code about 36 KB: 1,375,235 bytes on main at " +
        "403e22b against 1,607,765 bytes with the SAML app (measured with scripts/bench/bundle.ts's options; " +
        '@node-saml/node-saml alone would have added 569 KB minified).'),
  ];
}
