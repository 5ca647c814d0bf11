// Runs without --history keep the journeys' state in the user's state folder, so the README's promise (a refused
// password is tried once, then not again until the secret changes) holds for one-off runs from the shell too. Every
// home here is a temporary folder: the tests never touch the real one.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
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
  sim().scenario = 'healthy';
});

/** A one-off run of one journey, no --history, in the environment `env` (stderr a terminal with `terminal`). */
async function once(env: NodeJS.ProcessEnv, terminal = false): Promise<{ report: Report; stderr: string }> {
  const io = { ...captureIo(env), ...(terminal && { terminal: { stdout: false, stderr: true } }) };
  await main(['run', '--config', configPath, '--server', 'portal', '--json'], io);
  return { report: JSON.parse(io.out()) as Report, stderr: io.err() };
}
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
    expect(
      existsSync(join(home, '.local', 'state', 'okta-synthetics', org[0] ?? '', 'journey-state', 'portal.json')),
    ).toBe(true);
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
