// `passkey enroll` against the simulator's relying party: the workforce user, who has no passkey, signs in with its
// password and TOTP code and enrolls a software passkey; the file it writes (0600) then signs three runs in a row, each
// assertion's counter above the last and accepted by the simulator. A refusal (an AAGUID allowlist, an attestation
// requirement) writes nothing; a file already there is never replaced without --force.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../functions/cli/main';
import { createFileStateStore } from '../../../functions/cli/journey-state-file';
import { PROBE_AAGUID } from '../../../functions/credentials/attestation';
import { readPasskeyFile } from '../../../functions/credentials/passkey';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { IDX_JOURNEY } from '../../../sim/idx-scenarios';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { captureIo } from './helpers';

const sim = useSimulator({ scenario: 'idx-passkey-enroll' });
const temp = useTempDir('okta-synthetics-passkey-enroll-');
afterEach(() => vi.useRealTimers());

const enroll = async (config: string, ...more: string[]) => enrollIn({}, config, ...more);
/** `passkey enroll` with `env`: a state home (XDG_STATE_HOME) it shares with the runs, say. */
const enrollIn = async (env: NodeJS.ProcessEnv, config: string, ...more: string[]) => {
  const io = captureIo(env);
  const code = await main(['passkey', 'enroll', '--config', config, '--journey', IDX_JOURNEY, ...more], io);
  return { code, out: io.out(), err: io.err() };
};

/** The simulator's config in a folder of its own, for `scenario`: its users have no passkey there yet. */
async function configFor(
  scenario: 'idx-passkey-enroll' | 'idx-passkey-enroll-aaguid' | 'idx-passkey-enroll-attestation',
) {
  sim().scenario = scenario;
  const dir = mkdtempSync(join(temp(), 'cfg-'));
  return { dir, config: await writeSimulatorConfig(sim(), dir) };
}

/** `passkey enroll --json` offered no enrollment: exit 1, PASSKEY_ENROLLMENT_NOT_OFFERED, no file written. */
async function offeredNothing(config: string, file: string, env: NodeJS.ProcessEnv = {}) {
  const refused = await enrollIn(env, config, '--out', file, '--json');
  expect(refused.code).toBe(1);
  const report = JSON.parse(refused.out) as Report & { readonly promotionSkips?: unknown };
  const signIn = report.checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in');
  expect(signIn?.diagnosis?.code).toBe('PASSKEY_ENROLLMENT_NOT_OFFERED');
  expect(existsSync(file)).toBe(false);
  return { signIn, report, text: refused.out };
}

/** The config with the workforce journey signing in with the passkey in `file`. */
function withPasskey(config: string, file: string): string {
  const json = JSON.parse(readFileSync(config, 'utf8')) as { signIn: Array<Record<string, unknown>> };
  for (const s of json.signIn)
    if (s.id === IDX_JOURNEY) Object.assign(s, { authenticator: 'passkey', passkeyFile: file });
  const out = config.replace(/\.json$/, '-passkey.json');
  writeFileSync(out, JSON.stringify(json));
  return out;
}

// Before the tests that move the clock: the simulator here keeps what they stamped in the future.
describe("Okta's passkey promotion (enroll-authenticator-promotion and its sibling skip)", () => {
  const run = async (config: string, history: string) => {
    const io = captureIo({});
    const code = await main(['run', '--config', config, '--server', IDX_JOURNEY, '--json', '--history', history], io);
    const report = JSON.parse(io.out()) as Report;
    return { code, signIn: report.checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in'), io };
  };

  it('the TOTP journey answers "Maybe later" and passes, every run, exiting 0', async () => {
    sim().scenario = 'idx-passkey-promotion';
    const dir = mkdtempSync(join(temp(), 'cfg-'));
    const config = await writeSimulatorConfig(sim(), dir);
    // A history of its own each round: each run is due, with no clock moved under the simulator.
    for (let round = 0; round < 2; round += 1) {
      const skips = sim().requests.filter((r) => r.path === '/idp/idx/skip').length;
      const { code, signIn, io } = await run(config, join(dir, `history-${round}`));
      expect(signIn, io.out()).toMatchObject({ status: 'pass', diagnosis: null });
      expect(code).toBe(0);
      expect(sim().requests.filter((r) => r.path === '/idp/idx/skip').length).toBe(skips + 1);
    }
  });

  it('`passkey enroll` answers the promotion with the attestation; the passkey then signs the journey in', async () => {
    sim().scenario = 'idx-passkey-promotion-enroll';
    const dir = mkdtempSync(join(temp(), 'cfg-'));
    const config = await writeSimulatorConfig(sim(), dir);
    const file = join(dir, 'keys', 'promoted-passkey.json');
    const skips = sim().requests.filter((r) => r.path === '/idp/idx/skip').length;
    const enrolled = await enroll(config, '--out', file);
    expect(enrolled.code, enrolled.out + enrolled.err).toBe(0);
    expect(readPasskeyFile(file, 'the new passkey')).toHaveProperty('passkey');
    // No skip was taken: the promotion itself carried the passkey.
    expect(sim().requests.filter((r) => r.path === '/idp/idx/skip').length).toBe(skips);
    // The org now requires the passkey: the journey signs in with it, and exits 0.
    sim().scenario = 'idx-passkey';
    const { code, signIn, io } = await run(withPasskey(config, file), join(dir, 'history'));
    expect(signIn, io.out()).toMatchObject({ status: 'pass', diagnosis: null });
    expect(code, io.out()).toBe(0);
  });
});

describe('passkey enroll', () => {
  it('enrolls a passkey the next three runs sign in with, each counter above the last, its file 0600', async () => {
    const { dir, config } = await configFor('idx-passkey-enroll');
    const file = join(dir, 'keys', 'new-passkey.json');
    const enrolled = await enroll(config, '--out', file);
    expect(enrolled.code, enrolled.out + enrolled.err).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    const read = readPasskeyFile(file, 'the new passkey');
    expect(read).toHaveProperty('passkey.rpId', new URL(sim().url).hostname);
    const key = JSON.parse(readFileSync(file, 'utf8')) as { privateKey: { d: string }; credentialId: string };
    expect(key.credentialId).not.toBe(sim().clients.signIn.workforceUser.passkey.credentialId);
    // What the admin must allow, our AAGUID among it; never the private key.
    expect(enrolled.out).toContain(PROBE_AAGUID);
    expect(enrolled.out).toMatch(/authenticator enrollment policy/);
    expect(enrolled.out + enrolled.err).not.toContain(key.privateKey.d);

    // The org now requires the passkey (a phishing-resistant policy): three runs, six minutes apart, one state folder.
    sim().scenario = 'idx-passkey';
    const runConfig = withPasskey(config, file);
    const history = join(dir, 'history');
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const accepted: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      vi.setSystemTime(start + run * 6 * 60_000);
      const io = captureIo({});
      const code = await main(
        ['run', '--config', runConfig, '--server', IDX_JOURNEY, '--json', '--history', history],
        io,
      );
      const report = JSON.parse(io.out()) as Report;
      const signIn = report.checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in');
      expect(signIn, io.out()).toMatchObject({ status: 'pass', diagnosis: null });
      expect(code).toBe(0);
      // The counter the simulator accepted, as the journey's state kept it.
      const kept = await createFileStateStore(history).read(IDX_JOURNEY);
      accepted.push((kept.state as { passkeyAccepted?: { counter: number } }).passkeyAccepted?.counter ?? -1);
    }
    expect(accepted[0]!).toBeGreaterThan(0);
    expect(accepted[1]!).toBeGreaterThan(accepted[0]!);
    expect(accepted[2]!).toBeGreaterThan(accepted[1]!);
  });

  it.each([
    ['idx-passkey-enroll-aaguid', /AllowList is setup that does not allow this factor's aaguid/],
    ['idx-passkey-enroll-attestation', /unable to use a Security key/],
  ] as const)("%s: PASSKEY_ENROLLMENT_REFUSED in Okta's words, our AAGUID named, no file", async (scenario, words) => {
    const { dir, config } = await configFor(scenario);
    const file = join(dir, 'keys', 'refused-passkey.json');
    const refused = await enroll(config, '--out', file, '--json');
    expect(refused.code).toBe(1);
    const report = JSON.parse(refused.out) as Report;
    const signIn = report.checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in');
    expect(signIn?.diagnosis?.code).toBe('PASSKEY_ENROLLMENT_REFUSED');
    expect(signIn?.diagnosis?.detail).toMatch(words);
    expect(signIn?.diagnosis?.detail).toContain(PROBE_AAGUID);
    expect(existsSync(file)).toBe(false);
  });

  it('never replaces a passkey file without --force, sending nothing; with it, the new file is 0600', async () => {
    const { dir, config } = await configFor('idx-passkey-enroll');
    const file = join(dir, 'old-passkey.json');
    writeFileSync(file, 'the old passkey');
    chmodSync(file, 0o644);
    const sent = sim().requests.length;
    const kept = await enroll(config, '--out', file);
    expect(kept.code).toBe(2);
    expect(kept.err).toMatch(/already there: nothing was sent.*--force/s);
    expect(readFileSync(file, 'utf8')).toBe('the old passkey');
    expect(sim().requests.length).toBe(sent);
    const forced = await enroll(config, '--out', file, '--force');
    expect(forced.code, forced.out + forced.err).toBe(0);
    expect(readPasskeyFile(file, 'the new passkey')).toHaveProperty('passkey');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a journey that is not "idx", naming the flow, before anything is sent', async () => {
    const { config } = await configFor('idx-passkey-enroll');
    const io = captureIo({});
    expect(await main(['passkey', 'enroll', '--config', config, '--journey', 'portal'], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toMatch(/flow "authn".*"flow": "idx"/);
  });
});

// The whole sequence on one org, the promotion on throughout: no scenario changed under the runs.
describe('one org with the passkey promotion on: TOTP runs, then `passkey enroll`, then passkey runs', () => {
  it('passes every TOTP run, enrolls from the promotion, then signs in with the passkey and exits 0', async () => {
    sim().scenario = 'idx-passkey-promotion';
    const dir = mkdtempSync(join(temp(), 'cfg-'));
    const config = await writeSimulatorConfig(sim(), dir);
    const history = join(dir, 'history');
    // After the clocks the tests above moved: the simulator keeps the TOTP steps they used.
    const start = Date.now() + 60 * 60_000;
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const runOnce = async (cfg: string, minutes: number) => {
      vi.setSystemTime(start + minutes * 60_000);
      const io = captureIo({});
      const code = await main(['run', '--config', cfg, '--server', IDX_JOURNEY, '--json', '--history', history], io);
      const checks = (JSON.parse(io.out()) as Report).checks.filter((c) => c.server === IDX_JOURNEY);
      return { code, checks, out: io.out() };
    };
    const answers = () => sim().requests.filter((r) => r.path === '/idp/idx/challenge/answer').length;
    const skips = () => sim().requests.filter((r) => r.path === '/idp/idx/skip').length;

    // Three TOTP runs in a row: each meets the promotion, answers "Maybe later", passes and exits 0.
    for (const minutes of [0, 6, 12]) {
      const before = skips();
      const run = await runOnce(config, minutes);
      expect(
        run.checks.find((c) => c.check === 'sign-in'),
        run.out,
      ).toMatchObject({ status: 'pass', diagnosis: null });
      expect(run.code, run.out).toBe(0);
      expect(skips()).toBe(before + 1);
    }

    // `passkey enroll` on the same org: the promotion is offered still, and answered with the attestation.
    vi.setSystemTime(start + 18 * 60_000);
    const file = join(dir, 'keys', 'workforce-passkey.json');
    const enrolled = await enroll(config, '--out', file);
    expect(enrolled.code, enrolled.out + enrolled.err).toBe(0);

    // Then the journey with "authenticator": "passkey": the passkey answers, no TOTP code is sent, the run exits 0.
    const passkeyConfig = withPasskey(config, file);
    const accepted: number[] = [];
    for (const minutes of [24, 30]) {
      const selects = sim().requests.filter((r) => r.path === '/idp/idx/challenge').length;
      const before = answers();
      const run = await runOnce(passkeyConfig, minutes);
      expect(
        run.checks.find((c) => c.check === 'sign-in'),
        run.out,
      ).toMatchObject({ status: 'pass', diagnosis: null });
      expect(
        run.checks.filter((c) => c.status === 'fail' || c.status === 'skip'),
        run.out,
      ).toEqual([]);
      expect(run.code, run.out).toBe(0);
      // One choice and two answers (the password, then the assertion Okta accepted, its counter kept): no TOTP code.
      expect(sim().requests.filter((r) => r.path === '/idp/idx/challenge').length).toBe(selects + 1);
      expect(answers()).toBe(before + 2);
      const kept = await createFileStateStore(history).read(IDX_JOURNEY);
      accepted.push((kept.state as { passkeyAccepted?: { counter: number } }).passkeyAccepted?.counter ?? -1);
    }
    expect(accepted[0]!).toBeGreaterThan(0);
    expect(accepted[1]!).toBeGreaterThan(accepted[0]!);
  });
});

describe('a passkey promotion with a skip limit, spent by the TOTP runs', () => {
  it('the runs pass and spend it; `passkey enroll` then says to lift the limit or require Passkeys', async () => {
    sim().scenario = 'idx-passkey-promotion-limited';
    const dir = mkdtempSync(join(temp(), 'cfg-'));
    const config = await writeSimulatorConfig(sim(), dir);
    const history = join(dir, 'history');
    // The user's state home, as HOME gives it: the runs' state is kept there beside --history, and `passkey enroll`
    // reads it.
    const env = { XDG_STATE_HOME: join(dir, 'state') };
    const start = Date.now() + 3 * 60 * 60_000;
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const skipsTaken: number[] = [];
    for (const minutes of [0, 6, 12]) {
      vi.setSystemTime(start + minutes * 60_000);
      const before = sim().requests.filter((r) => r.path === '/idp/idx/skip').length;
      const io = captureIo(env);
      const code = await main(['run', '--config', config, '--server', IDX_JOURNEY, '--json', '--history', history], io);
      const signIn = (JSON.parse(io.out()) as Report).checks.find(
        (c) => c.server === IDX_JOURNEY && c.check === 'sign-in',
      );
      expect(signIn, io.out()).toMatchObject({ status: 'pass', diagnosis: null });
      expect(code).toBe(0);
      skipsTaken.push(sim().requests.filter((r) => r.path === '/idp/idx/skip').length - before);
    }
    // skipCount 2: two "Maybe later", then Okta stops showing it.
    expect(skipsTaken).toEqual([1, 1, 0]);
    vi.setSystemTime(start + 18 * 60_000);
    const file = join(dir, 'keys', 'never-offered.json');
    const { signIn, report } = await offeredNothing(config, file, env);
    // The org's own count, from the journey's state: the two "Maybe later" its runs answered, since the first run.
    expect(report.promotionSkips).toEqual({ count: 2, since: new Date(start).toISOString().slice(0, 10) });
    expect(signIn?.diagnosis?.detail).toMatch(/skipCount 0 and cooldown BY_SIGN_IN/);
    expect(signIn?.diagnosis?.detail).toMatch(
      /Passkeys with no grace period .*MFA_ENROLLMENT_REQUIRED until it enrolls\); nothing was written$/,
    );
  });
});

// Okta prompts for an optional authenticator only after a required one is enrolled (help.okta.com, "Authenticator
// enrollment policies"; support.okta.com mfa-enrollment-policy-optional-factors): Passkeys Optional alone is no offer.
describe('Passkeys optional, without the promotion', () => {
  it('a TOTP run meets no offer and passes; `passkey enroll` is offered nothing and says what to change', async () => {
    sim().scenario = 'idx-passkey-enroll-optional';
    const dir = mkdtempSync(join(temp(), 'cfg-'));
    const config = await writeSimulatorConfig(sim(), dir);
    const start = Date.now() + 5 * 60 * 60_000;
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const sent = sim().requests.length;
    const io = captureIo({});
    const code = await main(
      ['run', '--config', config, '--server', IDX_JOURNEY, '--json', '--history', join(dir, 'history')],
      io,
    );
    const run = (JSON.parse(io.out()) as Report).checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in');
    expect(run, io.out()).toMatchObject({ status: 'pass', diagnosis: null });
    expect(code).toBe(0);
    vi.setSystemTime(start + 6 * 60_000);
    const file = join(dir, 'keys', 'never-offered.json');
    const { signIn, report } = await offeredNothing(config, file);
    expect(report.promotionSkips).toBeUndefined();
    expect(signIn?.diagnosis?.detail).toMatch(/^Okta offered no passkey enrollment/);
    expect(signIn?.diagnosis?.detail).toMatch(
      /require Passkeys with no grace period for a group of only the synthetic/,
    );
    // Neither the run nor the command met an enrollment or a skip.
    const paths = sim()
      .requests.slice(sent)
      .map((r) => r.path);
    expect(paths).not.toContain('/idp/idx/skip');
    expect(paths).not.toContain('/idp/idx/credential/enroll');
  });
});
