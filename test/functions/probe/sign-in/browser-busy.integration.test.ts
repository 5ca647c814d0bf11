// A healthy page on a busy host: the simulator's hosted page walked in real Chromium while 16 busy loops hold the
// machine's cores (load about 20 on 2 cores, beside whatever else runs), with a new user's settings: the default
// render budget and the default step. On every widget bundle the walk supports (Gen2 okta-sign-in.min.js, Gen3
// okta-sign-in.next.js, Classic okta-sign-in.classic.js) it signs in, or tells a slow render as the warning it is:
// never a blank page, never a failed sign-in. The loops are bounded by `timeout` and stopped when the test ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../../functions/contract/settings';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import {
  PAGE_RENDER_BUDGET_MS,
  pageObserved,
  type PageFacts,
} from '../../../../functions/probe/sign-in/flows/browser/page-facts';
import { pageAfterSignIn } from '../../../../functions/probe/sign-in/widget-version';
import type { SignInWidget } from '../../../../sim/faults';
import { startSimulator } from '../../../../sim/server';
import { codeAt, stepOf } from '../../../../sim/totp';

/** Busy loops: 8 a core of a 2-core machine, a load of about 20 with the rest of the machine's work. */
const BUSY_LOOPS = 16;
/** The 1-minute load the walks wait for, and what the last test holds them to. */
const BUSY_LOAD = 8;
/** How long the loops are given to raise the load before the walks, ms: an idle 2-core host reaches 8 in about 40 s. */
const LOAD_CLIMB_MS = 120_000;
/** The loops' own bound, s: they end by themselves should the test be killed before its afterAll. */
const BUSY_SECONDS = 600;

const loops: ChildProcess[] = [];
const startLoops = (): void => {
  for (let i = 0; i < BUSY_LOOPS; i++)
    loops.push(spawn('timeout', [String(BUSY_SECONDS), 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }));
};
const stopLoops = (): void => {
  // Each loop by the id of the `timeout` that runs it, which passes the signal on to its shell.
  for (const loop of loops.splice(0)) loop.kill('SIGTERM');
};

interface Walked {
  readonly code: string | null;
  readonly detail: string;
  readonly page: PageFacts;
  /** The host's 1-minute load when the walk ended. */
  readonly load: number;
}

async function walkHealthy(widget: SignInWidget): Promise<Walked> {
  const sim = await startSimulator({ scenario: 'sign-in-page', port: 0, signInPage: { widget } });
  try {
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
    const walked = await browserSignIn({
      chromium: findChromium(),
      authorizeUrl: `${sim.url}/oauth2/default/v1/authorize?${query.toString()}`,
      redirectUri: app.redirectUri,
      pageOrigins: [sim.url],
      username: user.username,
      password: user.password,
      hasTotpSecret: true,
      // A new user's settings: nothing raised for the busy host.
      renderBudgetMs: PAGE_RENDER_BUDGET_MS,
      stepMs: DEFAULTS.timeoutMs,
      totp: () => Promise.resolve({ code: codeAt(user.totpSecret, stepOf(Date.now())) }),
      passwordStep: () => undefined,
      totpAnswer: () => undefined,
      secrets: () => [user.password],
    });
    const diagnosis = 'verdict' in walked ? walked.verdict.diagnosis : null;
    return { code: diagnosis?.code ?? null, detail: diagnosis?.detail ?? '', page: walked.page, load: loadavg()[0]! };
  } finally {
    await sim.close();
  }
}

const WIDGETS = ['gen2', 'gen3', 'classic'] as const;
const walks = new Map<SignInWidget, Walked>();

beforeAll(async () => {
  expect(findChromium(), 'Chromium (apt-get install chromium)').toBeDefined();
  startLoops();
  try {
    // The 1-minute average climbs toward the loops over tens of seconds: the walks start once it is there (bounded),
    // so a quick walk on an otherwise idle host is still a walk on a busy one.
    for (let waited = 0; loadavg()[0]! <= BUSY_LOAD && waited < LOAD_CLIMB_MS; waited += 1000)
      await new Promise((resolve) => setTimeout(resolve, 1000));
    // One Chromium at a time: the load is the loops', not the test's own.
    for (const widget of WIDGETS) walks.set(widget, await walkHealthy(widget));
  } finally {
    stopLoops();
  }
}, 600_000);
afterAll(stopLoops);

describe('a healthy page on a host at load 20', () => {
  it.each(WIDGETS)('%s: signs in, or warns that its widget rendered late; never blank, never failed', (widget) => {
    const walked = walks.get(widget)!;
    const told = `load ${walked.load.toFixed(1)}, rendered in ${walked.page.renderMs ?? '-'} ms: ${walked.detail}`;
    expect(walked.code, told).toBeNull();
    expect(walked.page.renderMs, told).toBeDefined();
    const afterSignIn = pageAfterSignIn(pageObserved(walked.page, PAGE_RENDER_BUDGET_MS));
    if ((walked.page.renderMs ?? 0) <= PAGE_RENDER_BUDGET_MS) expect(afterSignIn, told).toBeUndefined();
    else
      expect(afterSignIn, told).toMatchObject({
        diagnosis: { code: 'SIGN_IN_PAGE_SLOW', severity: 'warn', detail: expect.stringContaining(' ms') },
      });
  });

  it('ran while the host was busy', () => {
    // The loops alone make 16 runnable processes on 2 cores; the 1-minute average climbs toward them.
    for (const walked of walks.values()) expect(walked.load).toBeGreaterThan(BUSY_LOAD);
  });
});
