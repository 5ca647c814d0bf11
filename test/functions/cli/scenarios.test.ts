// The acceptance test: every simulator scenario, probed through the real CLI, produces the diagnosis the
// scenario promises on the server and check it names; and together the scenarios produce every diagnosis
// code the probe can emit from the outside (SECRETS_UNAVAILABLE needs the Lambda's Secrets Manager).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../../../functions/contract';
import { failureSeverity } from '../../../functions/plan/outputs';
import { diagnosesOf } from '../../../functions/probe/results';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { SCENARIOS, type ScenarioName } from '../../../sim/scenarios';
import { holdsAnswers } from '../../../sim/faults';
import { IDX_JOURNEY } from '../../../sim/idx-scenarios';
import { startSimulator, type Simulator } from '../../../sim/server';
import { revealsSecret } from '../../../functions/text/redact';
import { harErrors } from '../../support/har-schema';
import { buildOnce, runCli, STACK_LINE, type CliOutcome } from './helpers';

const NAMES = Object.keys(SCENARIOS) as ScenarioName[];
/**
 * The client's patience in a scenario that holds no answer, ms. Nothing there is slow on purpose, yet beside the rest
 * of the suite on two busy cores a SAML catalogue's loopback answers outlasted the simulator's own 10 s (four TIMEOUTs
 * in one run, none alone): the scenario then failed for the machine. A run from the shell has no deadline, so only
 * a hung answer waits this long.
 */
const PATIENT_MS = 30_000;
/** Two cores on CI: more parallel CLI processes only queue. */
const CONCURRENCY = 2;

interface Outcome {
  readonly cli: CliOutcome;
  readonly report: Report | undefined;
  /** Each HTTP trace the run wrote (--har): its file name, its HAR 1.2 errors, and whether it reveals a secret. */
  readonly traces: readonly { readonly file: string; readonly errors: readonly string[]; readonly leaks: boolean }[];
}

/** What the simulator's org and its config hold that no trace may: the key, the client secret, the users'. */
function simSecrets(sim: Simulator): string[] {
  const { org, custom, signIn } = sim.clients;
  return [
    org.privateKeyPem,
    custom.clientSecret,
    ...[signIn.portalUser, signIn.mobileUser, signIn.workforceUser].flatMap((u) => [u.password, u.totpSecret]),
    // The passkey scenarios' private key, as its file holds it.
    String(signIn.workforceUser.passkey.privateJwk.d),
  ];
}

function tracesIn(dir: string, secrets: readonly string[]): Outcome['traces'] {
  if (!existsSync(dir)) return [];
  // The HTTP traces and a failed page's own trace (.page.har); the page's screenshot beside them is an image,
  // masked and checked by the sign-in page's own tests.
  return readdirSync(dir)
    .filter((file) => file.endsWith('.har'))
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return { file, errors: harErrors(JSON.parse(text) as unknown), leaks: revealsSecret(text, secrets) };
    });
}
const outcomes = new Map<string, Outcome>();

async function probeScenario(name: ScenarioName): Promise<Outcome> {
  // A scenario that only a second run tells (a token gone from Okta's list) first runs the one it follows, both
  // with --history: the second starts from what the first remembered, as a cron's next run does.
  const first = SCENARIOS[name].after as ScenarioName | undefined;
  const holds = [first ?? name, name].some((n) => holdsAnswers(SCENARIOS[n].faults ?? {}));
  const sim = await startSimulator({ scenario: first ?? name, port: 0, ...(!holds && { timeoutMs: PATIENT_MS }) });
  const dir = mkdtempSync(join(tmpdir(), `okta-synthetics-${name}-`));
  try {
    const config = await writeSimulatorConfig(sim, dir);
    const history = first === undefined ? [] : ['--history', join(dir, 'history')];
    if (first !== undefined) {
      await runCli(['run', '--config', config, '--json', ...history]);
      sim.scenario = name;
    }
    // A scenario met by another command than run (passkey enroll) reports the same way.
    const command =
      SCENARIOS[name].command === 'passkey enroll'
        ? ['passkey', 'enroll', '--config', config, '--journey', IDX_JOURNEY]
        : ['run', '--config', config, ...history];
    const cli = await runCli([...command, '--json', '--har', join(dir, 'har')]);
    let report: Report | undefined;
    try {
      report = JSON.parse(cli.stdout) as Report;
    } catch {
      report = undefined;
    }
    return { cli, report, traces: tracesIn(join(dir, 'har'), simSecrets(sim)) };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  await buildOnce();
  const queue = [...NAMES];
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift())
      outcomes.set(name, await probeScenario(name));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // About 1.7 s a scenario, two at a time beside the rest of the suite: 190 scenarios took 325 s on 2 cores; the
  // stalled page waits out the walk's patience (about 75 s). The limit only guards against a hung run, so it leaves
  // room for a loaded machine and the scenarios still to come: 900 s was passed at load 7 with 305 scenarios.
}, 1_800_000);

describe('every simulator scenario, through the CLI', () => {
  it.each(NAMES)('%s: produces the promised diagnoses on the promised server and check', (name) => {
    const outcome = outcomes.get(name);
    expect(outcome).toBeDefined();
    const { cli, report } = outcome!;
    expect(cli.stderr).not.toMatch(STACK_LINE);
    expect(report, `stdout was not one JSON report: ${cli.stdout.slice(0, 300)}\n${cli.stderr}`).toBeDefined();
    const scenario = SCENARIOS[name];
    const expectations = scenario.expect;
    // A check's diagnoses in order: its headline, then one per further item that needs action. A
    // scenario promising several on one check promises them in that order, the most urgent first.
    const codesOf = (server: string, check: string): string[] =>
      report!.checks
        .filter((c) => c.server === server && c.check === check)
        .flatMap((c) => diagnosesOf(c).map((d) => d.code));
    for (const { server, check } of new Map(expectations.map((e) => [`${e.server}/${e.check}`, e])).values()) {
      expect(
        report!.checks.some((c) => c.server === server && c.check === check),
        `${name}: no ${server}/${check} check in the report`,
      ).toBe(true);
      // With no diagnosis to show, the row's status, skip reason and observations say why: a run that left the
      // apps for later, or a sign-in that never opened, fails here with its cause rather than an empty list.
      const details = report!.checks
        .filter((c) => c.server === server && c.check === check)
        .flatMap((c) => [
          `${c.status}${'skipReason' in c ? ` (${String(c.skipReason)})` : ''} ${JSON.stringify(c.observed ?? {}).slice(0, 600)}`,
          // An item that was not a plain pass (an app skipped because its check threw, left, unchecked) says why.
          ...(c.items ?? [])
            .filter((i) => i.status !== 'pass')
            .slice(0, 5)
            .map((i) => JSON.stringify(i).slice(0, 400)),
          ...diagnosesOf(c).map((d) => `${d.code}: ${d.detail ?? ''}`),
        ]);
      expect(codesOf(server, check), `${name}: ${server}/${check}\n${details.join('\n')}`).toEqual(
        expectations.filter((e) => e.server === server && e.check === check).map((e) => e.code),
      );
    }
    // And nothing beyond them: the README's scenario table is generated from these promises.
    const promised = new Set(expectations.map(({ server, check, code }) => `${server}/${check} ${code}`));
    const reported = report!.checks.flatMap((c) => diagnosesOf(c).map((d) => `${c.server}/${c.check} ${d.code}`));
    // The details of what was not promised name the cause when a loaded machine, not the scenario, made it.
    const unpromised = report!.checks.flatMap((c) =>
      diagnosesOf(c)
        .filter((d) => !promised.has(`${c.server}/${c.check} ${d.code}`))
        .map((d) => `${c.server}/${c.check} ${d.code}: ${d.detail ?? ''}`),
    );
    expect(
      reported.filter((r) => !promised.has(r)),
      `${name}: reported but not promised\n${unpromised.join('\n')}`,
    ).toEqual([]);
    // Three outcomes: a failed check whose row warns is "warn"; only a failure, or a skip no warning
    // explains, exits 1. A code whose severity the judge decides per finding carries it, as the stack's alarm reads it.
    const status = (c: { status: string }): string => c.status;
    for (const c of report!.checks.filter((c) => c.diagnosis !== null))
      expect(status(c), `${name}: ${c.server}/${c.check}`).toBe(
        (c.diagnosis?.severity ?? failureSeverity(c.check, c.diagnosis?.code)) === 'warn' ? 'warn' : 'fail',
      );
    const warned = new Set(report!.checks.filter((c) => status(c) === 'warn').map((c) => c.server));
    const failed = report!.checks.some((c) => c.status === 'fail' || (c.status === 'skip' && !warned.has(c.server)));
    expect(cli.code).toBe(failed ? 1 : 0);
    // A scenario that promises no diagnosis fails no check; it may still skip one it could not judge (a group that
    // checked no app is never a PASS), and then exits 1, as the line above checks.
    if (expectations.length === 0) expect(report!.checks.filter((c) => c.status === 'fail')).toEqual([]);
    // Each diagnosis that came from an exchange has its sanitized trace, HAR 1.2, holding no secret of the org's.
    for (const trace of outcome!.traces) {
      expect(trace.errors, `${name}: ${trace.file}`).toEqual([]);
      expect(trace.leaks, `${name}: ${trace.file} reveals a secret`).toBe(false);
    }
    // A "browser" journey's requests are Chromium's, not the probe's exchange: it writes no HAR (its own sanitized
    // screenshot and trace are not kept yet: docs/decisions/browser-journey.md).
    const traced = (c: Report['checks'][number]): boolean => c.observed?.flow !== 'browser';
    if (report!.checks.some((c) => c.diagnosis !== null && c.latencyMs !== null && traced(c)))
      expect(outcome!.traces.length, `${name}: no trace written`).toBeGreaterThan(0);
  });

  it('encrypted-access-token: validation is not applicable (not a failure), introspection proves the token', () => {
    const report = outcomes.get('encrypted-access-token')?.report;
    const validate = report?.checks.find((c) => c.server === 'default' && c.check === 'validate');
    expect(validate).toMatchObject({
      status: 'n/a',
      diagnosis: null,
      observed: { encrypted: true },
      skipReason: expect.stringMatching(/encrypted \(JWE, alg RSA-OAEP-256, enc A256GCM\).*introspect/),
    });
    expect(report?.checks.find((c) => c.server === 'default' && c.check === 'introspect')).toMatchObject({
      status: 'pass',
    });
  });

  it('encrypted-id-token: the journey passes and says the ID token is encrypted, not MALFORMED_RESPONSE', () => {
    const report = outcomes.get('encrypted-id-token')?.report;
    const signIns = report?.checks.filter((c) => c.check === 'sign-in') ?? [];
    expect(signIns.length).toBeGreaterThan(0);
    for (const signIn of signIns)
      expect(signIn).toMatchObject({ status: 'pass', diagnosis: null, observed: { idTokenEncrypted: true } });
  });

  // SAML_APPS_OVERDUE needs two cadences between runs (test/functions/probe/saml/group/simulator.integration.test.ts).
  // JOURNEY_STATE_UNAVAILABLE is the probe's own store of a journey's attempts failing (a full disk, an SSM policy):
  // no answer of Okta's brings it about, so the fault suite fails the store itself
  // (test/functions/probe/sign-in/journey-faults.integration.test.ts). PASSKEY_COUNTER_BEHIND needs a journey that
  // passed one cadence before (test/functions/probe/sign-in/passkey.integration.test.ts). PROVISIONING_STATE_DAMAGED is
  // the probe's own ledger refused (test/functions/cli/provisioning-scenarios.test.ts damages it). BROWSER_UNAVAILABLE
  // is the probe's own Chromium failing to start (no answer of Okta's brings it about).
  it(
    "together produce every diagnosis code except SECRETS_UNAVAILABLE, JOURNEY_STATE_UNAVAILABLE (the probe's " +
      'own store), TLS_CERT_EXPIRING (https only), SAML_APPS_OVERDUE, PASSKEY_COUNTER_BEHIND and ' +
      'PROVISIONING_STATE_DAMAGED (its own ledger) and BROWSER_UNAVAILABLE (its own browser)',
    () => {
      const seen = new Set<DiagnosisCode>();
      for (const { report } of outcomes.values()) {
        // Every diagnosis a check tells, its headline and those after it (open leavers follow an app's failure).
        for (const check of report?.checks ?? []) for (const d of diagnosesOf(check)) seen.add(d.code);
      }
      const missing = DIAGNOSIS_CODES.filter(
        (code) =>
          code !== 'SECRETS_UNAVAILABLE' &&
          code !== 'JOURNEY_STATE_UNAVAILABLE' &&
          code !== 'TLS_CERT_EXPIRING' &&
          code !== 'SAML_APPS_OVERDUE' &&
          code !== 'PASSKEY_COUNTER_BEHIND' &&
          code !== 'PROVISIONING_STATE_DAMAGED' &&
          code !== 'BROWSER_UNAVAILABLE' &&
          !seen.has(code),
      );
      expect(missing).toEqual([]);
    },
  );
});
