// Runs without --history keep the journeys' state in the user's state folder, so the README's promise (a refused
// password is tried once, then not again until the secret changes) holds for one-off runs from the shell too. Every
// home here is a temporary folder: the tests never touch the real one.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../functions/cli/main';
import { forgetUsedSteps } from '../../../functions/probe/sign-in/guard';
import { defaultStateDir } from '../../../functions/cli/history';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';
import { captureIo } from './helpers';

const sim = useSimulator();
let dir: string;
let configPath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-state-folder-'));
  configPath = await writeSimulatorConfig(sim(), dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
  sim().scenario = 'healthy';
});

/**
 * A one-off run of one journey, no --history (unless `history`), in the environment `env` (stderr a terminal with
 * `terminal`). A new process each: what this one remembers of the TOTP steps it used is forgotten.
 */
async function once(
  env: NodeJS.ProcessEnv,
  terminal = false,
  history?: string,
): Promise<{ report: Report; stderr: string }> {
  forgetUsedSteps();
  const io = { ...captureIo(env), ...(terminal && { terminal: { stdout: false, stderr: true } }) };
  const more = history === undefined ? [] : ['--history', history];
  await main(['run', '--config', configPath, '--server', 'portal', '--json', ...more], io);
  return { report: JSON.parse(io.out()) as Report, stderr: io.err() };
}
const signInOf = (report: Report) => report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in');
const passwords = (): number => sim().requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/authn').length;

describe('the default state folder', () => {
  it('is $XDG_STATE_HOME/okta-synthetics/<org host>, else ~/.local/state/okta-synthetics/<org host>, else none', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/a' }, 'https://acme.okta.com')).toBe(
      '/x/state/okta-synthetics/acme.okta.com',
    );
    expect(defaultStateDir({ HOME: '/home/a' }, 'http://127.0.0.1:4000')).toBe(
      '/home/a/.local/state/okta-synthetics/127.0.0.1_4000',
    );
    // A relative XDG_STATE_HOME is invalid by the XDG spec and ignored.
    expect(defaultStateDir({ XDG_STATE_HOME: 'state', HOME: '/home/a' }, 'https://acme.okta.com')).toBe(
      '/home/a/.local/state/okta-synthetics/acme.okta.com',
    );
    expect(defaultStateDir({}, 'https://acme.okta.com')).toBeUndefined();
  });

  it('two one-off runs after a refused password, no --history: the password is sent once in all', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    sim().scenario = 'sign-in-rejected';
    sim().resetRequests();
    const first = await once({ HOME: home });
    const second = await once({ HOME: home });
    expect(passwords()).toBe(1);
    expect(first.stderr).not.toMatch(/no state folder/);
    expect(second.report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')?.diagnosis).toMatchObject({
      code: 'SIGN_IN_REJECTED',
    });
    const org = readdirSync(join(home, '.local', 'state', 'okta-synthetics'));
    expect(org).toHaveLength(1);
    // One record per journey (org, user, flow, app), named without the username.
    const records = readdirSync(join(home, '.local', 'state', 'okta-synthetics', org[0] ?? '', 'journey-state'));
    expect(records.filter((name) => name.endsWith('.json'))).toEqual([
      expect.stringMatching(/^authn-[0-9a-f]{16}\.json$/),
    ]);
  });

  it('a one-off run minutes after another signs in again: never the earlier verdict, carried', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    sim().scenario = 'healthy';
    sim().resetRequests();
    const signIn = (report: Report) => report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in');
    const first = await once({ HOME: home });
    const second = await once({ HOME: home });
    expect(passwords()).toBe(2);
    expect(signIn(first.report)?.status).toBe('pass');
    expect(signIn(second.report)).toMatchObject({ status: 'pass' });
    expect(signIn(second.report)?.carried).toBeUndefined();
    expect(signIn(first.report)?.carried).toBeUndefined();
  });

  it('XDG_STATE_HOME wins over HOME', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const state = mkdtempSync(join(dir, 'xdg-'));
    sim().scenario = 'sign-in-rejected';
    sim().resetRequests();
    await once({ HOME: home, XDG_STATE_HOME: state });
    await once({ HOME: home, XDG_STATE_HOME: state });
    expect(passwords()).toBe(1);
    expect(readdirSync(join(state, 'okta-synthetics'))).toHaveLength(1);
    expect(existsSync(join(home, '.local'))).toBe(false);
  });

  it(
    'no home at all (said at a terminal only), or one that cannot be written: said once on stderr, and the run ' +
      'still reports',
    async () => {
      sim().scenario = 'healthy';
      expect((await once({})).stderr).toBe('');
      const none = await once({}, true);
      expect(none.stderr).toMatch(/no state folder \(none: neither XDG_STATE_HOME nor HOME is set\).*--history DIR/);
      expect(none.report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')?.status).toBe('pass');
      const file = join(dir, 'not-a-folder');
      writeFileSync(file, '');
      const blocked = await once({ XDG_STATE_HOME: file });
      expect(blocked.stderr).toMatch(/no state folder \(.*not-a-folder\/okta-synthetics\/.*: /);
    },
    60_000,
  );
});

describe('one journey, two state folders (a one-off run, then --history DIR)', () => {
  // 400 ms before a TOTP step ends: every run of a test is within that step, and a run that must wait for the next
  // one waits 300 ms of real time (the simulator reads the same faked Date). A step of its own for each test: the
  // simulator remembers the last step each user used.
  let STEP_END = Date.parse('2026-11-23T05:00:30Z');
  beforeEach(() => {
    STEP_END += 10 * 60_000;
  });
  const totpCodes = (): number =>
    sim().requests.filter((r) => r.method === 'POST' && /^\/api\/v1\/authn\/factors\/[^/]+\/verify$/.test(r.path))
      .length;

  it('a one-off run, then the first cron run 100 ms later: the step is not used twice, no TOTP_REJECTED', async () => {
    const env = { XDG_STATE_HOME: mkdtempSync(join(dir, 'xdg-')) };
    const history = mkdtempSync(join(dir, 'history-'));
    sim().scenario = 'sign-in-mfa';
    sim().resetRequests();
    vi.useFakeTimers({ toFake: ['Date'], now: STEP_END - 400 });
    const first = await once(env);
    vi.setSystemTime(STEP_END - 300);
    const cron = await once(env, false, history);
    expect(signInOf(first.report)).toMatchObject({ status: 'pass' });
    // The cron run finds the journey just run on this machine: it repeats that verdict rather than sign in again.
    expect(signInOf(cron.report)).toMatchObject({ status: 'pass', diagnosis: null });
    expect(signInOf(cron.report)?.carried).toBeDefined();
    expect(passwords()).toBe(1);
    expect(totpCodes()).toBe(1);
  });

  it('a cron run, then a one-off run within the same step: the one-off waits for the next step', async () => {
    const env = { XDG_STATE_HOME: mkdtempSync(join(dir, 'xdg-')) };
    const history = mkdtempSync(join(dir, 'history-'));
    sim().scenario = 'sign-in-mfa';
    sim().resetRequests();
    vi.useFakeTimers({ toFake: ['Date'], now: STEP_END - 400 });
    const cron = await once(env, false, history);
    vi.setSystemTime(STEP_END - 300);
    const oneOff = await once(env);
    expect(signInOf(cron.report)).toMatchObject({ status: 'pass' });
    expect(signInOf(oneOff.report)).toMatchObject({ status: 'pass', diagnosis: null });
    expect(signInOf(oneOff.report)?.carried).toBeUndefined();
    expect(passwords()).toBe(2);
    expect(totpCodes()).toBe(2);
  });

  it('a refusal kept beside --history before the record was per machine still holds a one-off run', async () => {
    const env = { XDG_STATE_HOME: mkdtempSync(join(dir, 'xdg-')) };
    const history = mkdtempSync(join(dir, 'history-'));
    sim().scenario = 'sign-in-rejected';
    sim().resetRequests();
    // As an earlier version kept it: beside --history only (no home in the cron's environment).
    await once({}, false, history);
    expect(existsSync(join(history, 'journey-state', 'portal.json'))).toBe(true);
    await once(env, false, history);
    await once(env);
    expect(passwords()).toBe(1);
  });
});

describe('the reset the held journey advises', () => {
  it.each([
    ['the user state folder', false],
    ['--history DIR, no home', true],
  ])('deleting the file it names (%s) tries the password again at once', async (_where, history) => {
    const env = history ? {} : { XDG_STATE_HOME: mkdtempSync(join(dir, 'xdg-')) };
    const folder = history ? mkdtempSync(join(dir, 'history-')) : undefined;
    sim().scenario = 'sign-in-rejected';
    sim().resetRequests();
    // Each run due: a cron run minutes after the one before.
    const start = Date.parse('2026-11-23T07:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    await once(env, false, folder);
    vi.setSystemTime(start + 10 * 60_000);
    const held = signInOf((await once(env, false, folder)).report)?.diagnosis?.detail ?? '';
    const file = /or delete the file (\S+), to try again at once/.exec(held)?.[1];
    expect(file, held).toBeDefined();
    expect(passwords()).toBe(1);
    rmSync(file!);
    vi.setSystemTime(start + 20 * 60_000);
    await once(env, false, folder);
    expect(passwords()).toBe(2);
  });
});
