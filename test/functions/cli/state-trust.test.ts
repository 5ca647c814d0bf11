// The CLI's state read back as hostile input: a folder others may write to is refused before anything is read or
// sent, a link planted in a state file's place (or in a temporary file's) is never followed, and a forged count is
// damage, never more attempts. Every folder here is a temporary one, with no home in the environment, so the
// journeys' state lives beside --history where the tests plant things.
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { createFileKeptStore } from '../../../functions/cli/kept-state-file';
import { folderProblem } from '../../../functions/cli/private-folder';
import { forgetUsedSteps } from '../../../functions/probe/sign-in/guard';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';
import { captureIo } from './helpers';

const sim = useSimulator();
let dir: string;
let configPath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-state-trust-'));
  configPath = await writeSimulatorConfig(sim(), dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  sim().scenario = 'healthy';
});

const VICTIM_TEXT = 'a file of the user that the probe must never read nor write\n';
const passwords = (): number => sim().requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/authn').length;

async function cron(history: string): Promise<{ code: number; report?: Report; stderr: string }> {
  forgetUsedSteps();
  const io = captureIo({});
  const code = await main(['run', '--config', configPath, '--server', 'portal', '--json', '--history', history], io);
  return { code, ...(io.out() !== '' && { report: JSON.parse(io.out()) as Report }), stderr: io.err() };
}
const signIn = (report: Report | undefined) =>
  report?.checks.find((c) => c.server === 'portal' && c.check === 'sign-in');
/** Every file under `folder`, with its content. */
const contents = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));

describe('run --history DIR trusts only a private folder', () => {
  it('a folder others may write to is refused before any password is sent', async () => {
    const history = mkdtempSync(join(dir, 'open-'));
    chmodSync(history, 0o757);
    sim().resetRequests();
    const run = await cron(history);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/not a private folder \(others may write to .* \(mode 757\): chmod go-w/);
    expect(passwords()).toBe(0);
  });

  it("a group-writable folder is the user's only when the group is the user's own", () => {
    const folder = mkdtempSync(join(dir, 'group-'));
    chmodSync(folder, 0o770);
    // mkdtemp gives the folder the user's primary group: a user-private group, as umask 002 systems make.
    expect(folderProblem(folder)).toBeUndefined();
    expect(folderProblem(join(folder, 'not-yet'))).toBeUndefined();
    const link = join(folder, 'link');
    symlinkSync(folder, link);
    expect(folderProblem(link)).toBeUndefined();
    expect(folderProblem(link, 'refuse')).toMatch(/is a symbolic link, never followed/);
    // Another group: only root can give the folder one here (the tests run as root in CI's containers).
    if (process.getuid?.() === 0) {
      chownSync(folder, 0, 4242);
      expect(folderProblem(folder)).toMatch(/the group 4242 may write to .* \(mode 770\): chmod g-w/);
    }
  });

  it("a link planted in a journey's state file is never followed: its target is neither read nor copied", async () => {
    const history = mkdtempSync(join(dir, 'planted-'));
    const victim = join(mkdtempSync(join(dir, 'victim-')), 'notes.txt');
    writeFileSync(victim, VICTIM_TEXT);
    mkdirSync(join(history, 'journey-state'), { mode: 0o700 });
    symlinkSync(victim, join(history, 'journey-state', 'portal.json'));
    sim().resetRequests();
    const run = await cron(history);
    expect(signIn(run.report)?.diagnosis).toMatchObject({
      code: 'JOURNEY_STATE_UNAVAILABLE',
      detail: expect.stringMatching(/a symbolic link \(never followed\)/),
    });
    expect(passwords()).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect(contents(history).filter((text) => text.includes(VICTIM_TEXT))).toEqual([]);
  });

  it('a link planted in a journey-state folder of its own is refused, and nothing is sent', async () => {
    const history = mkdtempSync(join(dir, 'planted-folder-'));
    const elsewhere = mkdtempSync(join(dir, 'elsewhere-'));
    symlinkSync(elsewhere, join(history, 'journey-state'));
    sim().resetRequests();
    const run = await cron(history);
    expect(signIn(run.report)?.diagnosis).toMatchObject({
      code: 'JOURNEY_STATE_UNAVAILABLE',
      detail: expect.stringMatching(/journey-state is a symbolic link, never followed/),
    });
    expect(passwords()).toBe(0);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("a link planted in a kept record's temporary file is never written through", async () => {
    const history = mkdtempSync(join(dir, 'kept-'));
    const victim = join(mkdtempSync(join(dir, 'victim-')), 'notes.txt');
    writeFileSync(victim, VICTIM_TEXT);
    mkdirSync(join(history, 'kept'), { mode: 0o700 });
    // The name a temporary file had: the record's, then the process id.
    symlinkSync(victim, join(history, 'kept', `tokens.json.${process.pid}.tmp`));
    await createFileKeptStore(history).write('tokens', { seen: 1 });
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect(JSON.parse(readFileSync(join(history, 'kept', 'tokens.json'), 'utf8'))).toEqual({ seen: 1 });
  });

  it('a negative refusal.spent is damage: the most careful state, never more attempts', async () => {
    const history = mkdtempSync(join(dir, 'forged-'));
    mkdirSync(join(history, 'journey-state'), { mode: 0o700 });
    const now = Date.now();
    const refusal = { fingerprint: '*', outcome: 'uncertain', code: 'TIMEOUT', at: now - 3_600_000, until: now - 1 };
    writeFileSync(
      join(history, 'journey-state', 'portal.json'),
      JSON.stringify({ version: 3, state: { refusal: { ...refusal, spent: -50 } } }),
      { mode: 0o600 },
    );
    sim().scenario = 'sign-in-rejected';
    sim().resetRequests();
    const run = await cron(history);
    expect(signIn(run.report)?.diagnosis).toMatchObject({
      code: 'JOURNEY_STATE_UNAVAILABLE',
      detail: expect.stringMatching(/refusal\.spent is not a count from 0 to 100/),
    });
    expect(passwords()).toBe(0);
  });

  // Forged once each, read through the real file store: each is damage, replaced by the most careful state, and no
  // password leaves, though Okta would refuse it (so a trusted forgery would spend an attempt toward the lockout).
  it.each([
    ['a version past any count of writes', { version: 2 ** 53 }, /holds no version/],
    ['a negative version', { version: -3 }, /holds no version/],
    ['a version that is text', { version: '7' }, /holds no version/],
    ['a prototype key inside the refusal', { state: JSON.parse('{"refusal": {"__proto__": {"spent": -9}}}') }, /proto/],
    ['a refusal that ends before it began', { state: { refusal: { ...REFUSAL, until: 1 } } }, /before refusal\.at/],
    [
      'a lease that ends before it began',
      { state: { lease: { holder: 'h', since: 5000, until: 1000 } } },
      /before lease/,
    ],
  ])('%s is damage, and no password is sent', async (_what, forged, why) => {
    const history = mkdtempSync(join(dir, 'forged-'));
    mkdirSync(join(history, 'journey-state'), { mode: 0o700 });
    writeFileSync(join(history, 'journey-state', 'portal.json'), JSON.stringify({ version: 3, state: {}, ...forged }), {
      mode: 0o600,
    });
    sim().scenario = 'sign-in-rejected';
    sim().resetRequests();
    const run = await cron(history);
    expect(signIn(run.report)?.diagnosis).toMatchObject({
      code: 'JOURNEY_STATE_UNAVAILABLE',
      detail: expect.stringMatching(why),
    });
    expect(passwords()).toBe(0);
  });
});

/** A refusal an honest run could have written an hour ago, whose back-off is over. */
const REFUSAL = { fingerprint: '*', outcome: 'uncertain', code: 'TIMEOUT', at: 1_000_000, until: 2_000_000, spent: 1 };
