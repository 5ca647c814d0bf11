// (aa) The passkey journey beside the TOTP journey: the workforce journey over IDX, each way of answering MFA, against
// the simulator on 127.0.0.1 with a fixed latency before every answer; its latency against its floor, the dependent
// round trips before the verdict. Both with MFA: a TOTP code is good once per 30-second step, so the process clock is
// moved on a step between runs (the simulator and the probe share it), and neither measures a wait.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES } from '../../functions/credentials/local';
import { resolveLocalUsers } from '../../functions/credentials/user-secrets';
import { runProbe } from '../../functions/probe/engine';
import { createDispatcher } from '../../functions/probe/http';
import type { ProbeConfig } from '../../functions/types';
import { writeSimulatorConfig } from '../../sim/config';
import { IDX_JOURNEY, WORKFORCE_PASSKEY_FILE } from '../../sim/idx-scenarios';
import { startSimulator, type ScenarioName } from '../../sim/server';
import { PASSKEY_HEADING, withSection } from './doc-section';
import { median, p90, round } from './stats';
import { measuredOf } from './sign-in';
import { createMemoryCache } from '../../functions/cache/read-through';

const LATENCY_MS = 150;
const RUNS = 10;
/**
 * Dependent round trips before the verdict, both ways: /v1/interact, introspect, identify, the password's answer, the
 * authenticator chosen, its answer (the TOTP code, or the passkey's assertion), /token, then /userinfo beside the JWKS.
 */
const FLOOR_TRIPS = 8;

const realNow = Date.now.bind(Date);
let skewMs = 0;
// One TOTP step (and one passkey counter second) further each run: the journeys' process memory and the simulator's
// used steps both read this clock.
Date.now = () => realNow() + skewMs;

type Sample = ReturnType<typeof measuredOf>;

async function journeys(way: 'totp' | 'passkey'): Promise<Sample[]> {
  const scenario: ScenarioName = way === 'passkey' ? 'idx-passkey' : 'totp-both-offered';
  const sim = await startSimulator({ scenario, latencyMs: LATENCY_MS });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-passkey-'));
  try {
    const loaded = loadConfigFile(
      await writeSimulatorConfig(sim, dir),
      'cli',
      {},
      {
        credentialFiles: LOCAL_CREDENTIAL_FILES,
      },
    );
    if (!loaded.ok) throw new Error(`simulator config rejected: ${loaded.errors.join('; ')}`);
    const workforce = (loaded.config.probe.signIn ?? []).filter((s) => s.id === IDX_JOURNEY);
    const signIn =
      way === 'passkey'
        ? workforce.map((s) => ({
            ...s,
            authenticator: 'passkey' as const,
            passkeyFile: join(dir, WORKFORCE_PASSKEY_FILE),
          }))
        : workforce.map((s) => ({ ...s, totpAuthenticator: 'google-authenticator' as const }));
    // The journey alone: the servers' own checks are sections a-c.
    const probe: ProbeConfig = {
      ...loaded.config.probe,
      servers: [],
      statusPageUrl: null,
      signIn,
      samlApps: [],
      samlGroups: [],
    };
    const users = resolveLocalUsers(probe, {});
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      skewMs += 31_000;
      const dispatcher = createDispatcher();
      const report = await runProbe(probe, { credentials: new Map(), users, cache: createMemoryCache(), dispatcher });
      await dispatcher.close();
      samples.push(measuredOf(report.checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in')));
    }
    return samples;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function row(way: string, samples: readonly Sample[]): string {
  const floor = FLOOR_TRIPS * LATENCY_MS;
  const mid = median(samples.map((s) => s.latencyMs));
  return (
    `| ${way} | ${samples.length} | ${round(mid)} ms | ${round(p90(samples.map((s) => s.latencyMs)))} ms | ` +
    `${FLOOR_TRIPS} x ${LATENCY_MS} = ${floor} ms | ${(mid / floor).toFixed(2)}x | ` +
    `${median(samples.map((s) => s.requests))} | ${samples.every((s) => s.passed) ? 'yes' : 'no'} |`
  );
}

async function main(): Promise<void> {
  const totp = await journeys('totp');
  const passkey = await journeys('passkey');
  const section = [
    PASSKEY_HEADING,
    '',
    `\`npm run bench:passkey\` (scripts/bench/passkey.ts), ${new Date().toISOString().slice(0, 10)}. The workforce ` +
      `journey (idx, through the custom server) alone, MFA required, fresh cache and connections each run, ` +
      `simulator latency ${LATENCY_MS} ms before every answer: with a TOTP code (Google Authenticator, scenario ` +
      '`totp-both-offered`) and with its passkey (scenario `idx-passkey`, an ES256 assertion whose counter is ' +
      "written ahead in the journey's state). Floor = the dependent round trips before the verdict, the same for " +
      'both: /v1/interact, introspect, identify, the password, the authenticator chosen, its answer, /token, then ' +
      '/userinfo beside the JWKS. The clock is moved one TOTP step between runs, so no run waits for a step.',
    '',
    '| MFA answer | runs | median | p90 | floor | median / floor | requests | all passed |',
    '|---|---|---|---|---|---|---|---|',
    row('TOTP code', totp),
    row('passkey', passkey),
    '',
    'The passkey costs no round trip more than the code; its extra work is local (an ECDSA P-256 signature, and a ' +
      "state write of the counter before the assertion, here in memory; the CLI's file store and the Lambda's " +
      'DynamoDB store add their own write).',
    '',
  ].join('\n');
  const file = join(import.meta.dirname, '..', '..', 'BENCHMARKS.md');
  await writeFile(file, withSection(await readFile(file, 'utf8'), PASSKEY_HEADING, section));
  process.stdout.write(`${section}\n`);
}

await main();
