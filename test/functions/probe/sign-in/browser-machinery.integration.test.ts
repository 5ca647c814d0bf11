// Our machinery's failures are ours: a Chromium that cannot start, and a full /tmp, are never the org's page. A
// Chromium whose profile cannot be made (its temp dir gone) would not start: BROWSER_UNAVAILABLE, the probe's, a
// warning. A /tmp with no room left (a tmpfs of the child's own, filled to ENOSPC, in a mount namespace of its own:
// nothing of the machine's /tmp is touched): Debian's Chromium still signs in on the simulator's page, or is ours; the
// browser function's Chromium (@sparticuz/chromium) cannot be unpacked, and the journey is BROWSER_UNAVAILABLE.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdictOf } from '../../../../functions/plan/verdict';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { startSimulator, type Simulator } from '../../../../sim/server';
import type { DiagnosisCode } from '../../../../functions/contract';

const ROOT = join(__dirname, '../../../..');
/** The Node the project runs on (the node@24 devDependency): the machine's own may be older. */
const NODE24 = join(ROOT, 'node_modules/node/bin/node');

interface Told {
  readonly code: DiagnosisCode | null;
  readonly detail: string;
}
let full: { filled: number; local: Told; unpacked: string | null; packaged: Told };
let noProfile: Told;
const mountPoint = mkdtempSync(join(tmpdir(), 'okta-synthetics-full-tmp-'));
let sim: Simulator;

beforeAll(async () => {
  expect(findChromium(), 'Chromium (apt-get install chromium)').toBeDefined();
  // Root mounts in a mount namespace of its own; anyone else in a user namespace too.
  const unshare = process.getuid?.() === 0 ? ['-m'] : ['-rm'];
  const tsx = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const out = execFileSync(
    'unshare',
    [
      ...unshare,
      'sh',
      '-c',
      `mount -t tmpfs -o size=2m tmpfs "${mountPoint}" && TMPDIR="${mountPoint}" exec "${NODE24}" "${tsx}" ` +
        `"${join(ROOT, 'test/support/full-tmp-walk.ts')}" "${findChromium()!}"`,
    ],
    { encoding: 'utf8', timeout: 240_000, cwd: ROOT },
  );
  full = JSON.parse(out.trim().split('\n').at(-1)!) as typeof full;

  sim = await startSimulator({ scenario: 'sign-in-page', port: 0 });
  const before = process.env.TMPDIR;
  // A temp dir that is not there: Playwright cannot make Chromium's profile in it, so Chromium never starts.
  process.env.TMPDIR = join(mountPoint, 'gone');
  try {
    const result = await browserSignIn({
      chromium: findChromium(),
      authorizeUrl: `${sim.url}/oauth2/default/v1/authorize?client_id=c`,
      redirectUri: `${sim.url}/callback`,
      pageOrigins: [sim.url],
      username: 'page.user@example.com',
      password: 'Not-Used-1',
      hasTotpSecret: false,
      renderBudgetMs: 4000,
      stepMs: 5000,
      totp: () => Promise.reject(new Error('no TOTP here')),
      totpAnswer: () => undefined,
      passwordStep: () => undefined,
      secrets: () => ['Not-Used-1'],
    });
    noProfile =
      'verdict' in result
        ? { code: result.verdict.diagnosis?.code ?? null, detail: result.verdict.diagnosis?.detail ?? '' }
        : { code: null, detail: 'landed' };
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}, 300_000);
afterAll(async () => {
  await sim?.close();
  rmSync(mountPoint, { recursive: true, force: true });
});

/** The probe's own warning, as the registry tells it to every view. */
const OURS = { state: 'unknown', owner: 'probe', severity: 'warn' };

describe('a Chromium that cannot start', () => {
  it('is BROWSER_UNAVAILABLE, saying it would not start: ours, a warning, never the page', () => {
    expect(noProfile.code, noProfile.detail).toBe('BROWSER_UNAVAILABLE');
    expect(noProfile.detail).toMatch(/would not start/);
    expect(verdictOf('sign-in', 'BROWSER_UNAVAILABLE')).toEqual(OURS);
  });
});

describe('a full /tmp', () => {
  it('was full: its tmpfs filled until a write failed', () => {
    expect(full.filled).toBeGreaterThan(0);
  });

  it("leaves Debian's Chromium signing in, or tells it as ours: never a finding of the org's page", () => {
    if (full.local.code !== null) expect(verdictOf('sign-in', full.local.code), full.local.detail).toEqual(OURS);
  });

  it("keeps the browser function's Chromium from unpacking: BROWSER_UNAVAILABLE, ours, a warning", () => {
    expect(full.unpacked).toMatch(/^the function's Chromium \(@sparticuz\/chromium\) could not be unpacked: /);
    expect(full.packaged.code, full.packaged.detail).toBe('BROWSER_UNAVAILABLE');
    expect(full.packaged.detail).toBe(full.unpacked);
    expect(verdictOf('sign-in', 'BROWSER_UNAVAILABLE')).toEqual(OURS);
  });
});
