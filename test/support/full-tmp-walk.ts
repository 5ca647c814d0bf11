// Run inside its own mount namespace (test/functions/probe/sign-in/browser-machinery.integration.test.ts) with TMPDIR
// on a tmpfs of its own: fills it to ENOSPC, then walks the simulator's healthy page with Debian's Chromium, and
// unpacks the browser function's Chromium (@sparticuz/chromium) into it. Prints one JSON line of what each told.
import { writeSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { browserSignIn } from '../../functions/probe/sign-in/flows/browser/walk';
import { findChromium, unpackChromium } from '../../functions/probe/sign-in/flows/browser/chromium';
import { type BrowserIo } from '../../functions/probe/sign-in/flows/browser/io';
import { startSimulator } from '../../sim/server';

/** Writes zeros into the temp dir until the file system is full: a /tmp with no room left. */
function fill(): number {
  const fd = openSync(join(tmpdir(), 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch {
    return written;
  } finally {
    closeSync(fd);
  }
}

const sim = await startSimulator({ scenario: 'sign-in-page', port: 0 });
const app = sim.clients.signIn.workforce;
const user = sim.clients.signIn.pageUser;
const query = new URLSearchParams({
  client_id: app.clientId,
  response_type: 'code',
  scope: 'openid profile email',
  redirect_uri: app.redirectUri,
  state: 'state-1',
  nonce: 'nonce-1',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
});
const io = (chromium: string | undefined): BrowserIo => ({
  chromium,
  authorizeUrl: `${sim.url}/oauth2/default/v1/authorize?${query.toString()}`,
  redirectUri: app.redirectUri,
  pageOrigins: [sim.url],
  username: user.username,
  password: user.password,
  hasTotpSecret: false,
  renderBudgetMs: 20_000,
  stepMs: 10_000,
  totp: () => Promise.reject(new Error('no TOTP here')),
  totpAnswer: () => undefined,
  passwordStep: () => undefined,
  secrets: () => [user.password],
});
const said = (r: Awaited<ReturnType<typeof browserSignIn>>) =>
  'verdict' in r
    ? { code: r.verdict.diagnosis?.code ?? null, detail: r.verdict.diagnosis?.detail ?? '' }
    : { code: null, detail: 'landed' };

const filled = fill();
const local = said(await browserSignIn(io(process.argv[2])));
const unpacked = await unpackChromium(60_000);
const packaged = said(await browserSignIn(io(findChromium())));
await sim.close();
process.stdout.write(`${JSON.stringify({ filled, local, unpacked: unpacked ?? null, packaged })}\n`);
