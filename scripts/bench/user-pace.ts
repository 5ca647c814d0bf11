// `npm run bench:user-pace`: one synthetic user's pace under Identity Engine's per-user limit (20 requests per user
// per 5 s). Against the simulator, which counts that limit (scenario idx-saml-burst-paced): the workforce journey with
// MFA, then its group's 50 SAML apps in its session, through the probe's own engine: the wall time, the requests, the
// user's busiest 5 s and the 429s. Then, on a fake clock, the time the pace gives a session's share and a catalogue of
// 1,000 apps after the journey. Writes section u of BENCHMARKS.md.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPS_PER_WINDOW, USER_PACE } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import { resolveLocalCredentials } from '../../functions/credentials/local';
import { resolveLocalUsers } from '../../functions/credentials/user-secrets';
import { runProbe } from '../../functions/probe/engine';
import { UserPace } from '../../functions/probe/user-pace';
import { samlLoad } from '../../functions/plan/saml-load';
import type { ProbeConfig } from '../../functions/types';
import { writeSimulatorConfig } from '../../sim/config';
import { IDX_JOURNEY } from '../../sim/idx-scenarios';
import { startSimulator } from '../../sim/server';
import { SIM_IDX_GROUP } from '../../sim/user-limit-scenarios';
import { USER_PACE_HEADING, withSection } from './doc-section';
import { createMemoryCache } from '../../functions/cache/read-through';

/** The requests the simulator counts for the user: the IDX API after identify, and those in the user's session. */
const userRequest = (r: { readonly method: string; readonly path: string }): boolean =>
  /^\/idp\/idx\/challenge(\/answer)?$/.test(r.path) ||
  /\/sso\/saml$/.test(r.path) ||
  (r.method === 'DELETE' && r.path === '/api/v1/sessions/me');

const busiest = (times: readonly number[]): number =>
  Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + USER_PACE.windowMs).length));

/** The seconds until the pace gives `apps` slots, after a journey's `journey` requests sent at once (a fake clock). */
async function paceSeconds(apps: number, journey: number): Promise<number> {
  const clock = { t: 0, now: () => clock.t, sleep: (ms: number) => ((clock.t += ms), Promise.resolve()) };
  const pace = new UserPace(clock);
  for (let i = 0; i < journey; i++) pace.note();
  for (let i = 0; i < apps; i++) await pace.take();
  return clock.t / 1000;
}

/** The simulator's config with the workforce journey and its SAML apps alone. */
function idxJourneyOnly(full: ProbeConfig): ProbeConfig {
  return {
    ...full,
    servers: [],
    statusPageUrl: null,
    signIn: full.signIn?.filter((j) => j.id === IDX_JOURNEY),
    samlApps: full.samlApps?.filter((a) => a.signIn === IDX_JOURNEY),
  };
}

/** What `plan` says of a 1,000-app catalogue discovered in the journey's session, an hour apart. */
function catalogueLoad(probe: ProbeConfig) {
  return samlLoad(
    {
      ...probe,
      samlGroups: [
        { id: 'catalogue', signIn: IDX_JOURNEY, everyMinutes: 60, concurrency: 4, discover: { kind: 'assigned' } },
      ],
      samlApps: [],
      timeoutMs: 5000,
    },
    1,
    1000,
  ).groups[0]!;
}

async function main(): Promise<void> {
  const sim = await startSimulator({ scenario: 'idx-saml-burst-paced', port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-user-pace-'));
  try {
    const loaded = loadConfigFile(await writeSimulatorConfig(sim, dir), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const probe = idxJourneyOnly(loaded.config.probe);
    sim.resetRequests();
    const started = performance.now();
    const report = await runProbe(probe, {
      credentials: resolveLocalCredentials(probe, {}),
      users: resolveLocalUsers(probe, {}),
      cache: createMemoryCache(),
      everySamlApp: true,
    });
    const wallMs = Math.round(performance.now() - started);
    const sent = sim.requests;
    const user = sent.filter(userRequest).map((r) => r.at);
    const group = report.checks.find((c) => c.server === SIM_IDX_GROUP)?.observed ?? {};
    const failures = report.checks.filter((c) => c.diagnosis !== null).length;
    const journey = sent.filter(
      (r) => !r.path.includes('/sso/saml') && !r.path.endsWith('/revoke') && r.path !== '/api/v1/sessions/me',
    ).length;
    const load = catalogueLoad(probe);
    const share = await paceSeconds(load.share, journey);
    const thousand = await paceSeconds(1000, journey);
    const section = [
      USER_PACE_HEADING,
      '',
      `\`npm run bench:user-pace\` (scripts/bench/user-pace.ts), ${new Date().toISOString().slice(0, 10)}. ` +
        `Okta's Identity Engine allows 20 requests per user per 5 s; the probe keeps ${USER_PACE.perWindow}, ` +
        `its SAML apps ${APPS_PER_WINDOW} after the journey's (docs/decisions/per-user-pacing.md).`,
      '',
      '| Against the simulator, which counts the limit (idx-saml-burst-paced) | |',
      '|---|---|',
      `| The workforce journey with MFA, then its group's 50 apps in its session | ${wallMs} ms wall time, ${sent.length} ` +
        `requests to Okta, ${user.length} of them the user's |`,
      `| The user's busiest 5 s | ${busiest(user)} requests (Okta's limit 20) |`,
      `| Apps checked; failures (a 429 would leave apps or fail the journey) | ${String(group.checked)} of ${String(group.apps)}; ${failures} ` +
        `|`,
      `| The apps' wait for their slots (userPaceWaitMs) | ${String(group.userPaceWaitMs)} ms in all, four ` +
        `apps at a time |`,
      '',
      `On a fake clock, after a journey of ${journey} requests: a session's share of a 1,000-app catalogue (${load.share} ` +
        `apps, everyMinutes 60, a journey every 5 minutes) has its last slot at ${share} s, beside the ${load.userPace.runSeconds} ` +
        `s a run leaves its apps (\`plan\`: at most ${load.userPace.appsPerSession} a session, the catalogue ` +
        `in ${load.userPace.catalogueMinutes} min); all 1,000 at once would take ${thousand} s (250 s at ` +
        `Okta's own 4 a second).`,
      '',
    ].join('\n');
    const file = join(import.meta.dirname, '..', '..', 'BENCHMARKS.md');
    await writeFile(file, withSection(await readFile(file, 'utf8'), USER_PACE_HEADING, section));
    process.stdout.write(`${section}\n`);
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
