// A page is a page and its subresources, and whose fault is told as the API journeys tell it: Chromium walks the
// simulator's hosted page (the real Sign-In Widget) with a frame of another origin (a bot protection's challenge, a
// chat widget), a report-only CSP, a refused password, an unregistered redirect_uri, an unknown client and a port
// nobody listens on. A frame is never the tab leaving, a report-only violation never a block, the sign-in API's own
// 400 never a failed asset, and our network never the org's page.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { type BrowserIo } from '../../../../functions/probe/sign-in/flows/browser/io';
import { pkce } from '../../../../functions/probe/okta/pkce';
import { verdictOf } from '../../../../functions/plan/verdict';
import { startSimulator, type Simulator } from '../../../../sim/server';
import type { ScenarioName } from '../../../../sim/scenarios';

type Result = Awaited<ReturnType<typeof browserSignIn>>;

const sims: Simulator[] = [];
afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
});

/** The workforce app's /authorize on the simulator, as the journey builds it, and the walk's io. */
function ioFor(
  sim: Simulator,
  over: { clientId?: string; redirectUri?: string; password?: string; base?: string } = {},
): BrowserIo {
  const { workforce, pageUser } = sim.clients.signIn;
  const base = over.base ?? sim.url;
  const { challenge } = pkce();
  const url = new URL(`${base}/oauth2/${sim.clients.custom.serverId}/v1/authorize`);
  url.search = new URLSearchParams({
    client_id: over.clientId ?? workforce.clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: over.redirectUri ?? workforce.redirectUri,
    state: 'state-of-this-walk',
    nonce: 'nonce-of-this-walk',
    ...challenge,
  }).toString();
  const password = over.password ?? pageUser.password;
  return {
    chromium: findChromium(),
    authorizeUrl: url.toString(),
    redirectUri: workforce.redirectUri,
    pageOrigins: [new URL(base).origin],
    username: pageUser.username,
    password,
    hasTotpSecret: false,
    // Generous: a shared, loaded machine renders the widget in seconds; what is judged here is never the time.
    renderBudgetMs: 20_000,
    stepMs: 5000,
    totp: () => Promise.reject(new Error('no TOTP in these scenarios')),
    totpAnswer: () => undefined,
    passwordStep: () => undefined,
    secrets: () => [password],
  };
}

async function walkOn(scenario: ScenarioName, over?: Parameters<typeof ioFor>[1]): Promise<Result> {
  const sim = await startSimulator({ scenario, port: 0 });
  sims.push(sim);
  return browserSignIn(ioFor(sim, over));
}

const codeOf = (result: Result): string | null =>
  'verdict' in result ? (result.verdict.diagnosis?.code ?? null) : null;
const detailOf = (result: Result): string => ('verdict' in result ? (result.verdict.diagnosis?.detail ?? '') : '');

const results = new Map<string, Result>();

beforeAll(async () => {
  const runs: [string, () => Promise<Result>][] = [
    ['captcha', () => walkOn('sign-in-page-captcha')],
    ['chat', () => walkOn('sign-in-page-chat-frame')],
    ['report-only', () => walkOn('sign-in-page-report-only-csp')],
    ['wrong-password', () => walkOn('sign-in-page', { password: 'Not-The-Password-1' })],
    ['redirect-uri', () => walkOn('sign-in-page', { redirectUri: 'https://app.example.com/not-registered' })],
    ['client', () => walkOn('sign-in-page', { clientId: '0oaNoSuchClient' })],
  ];
  // Two at a time: a Chromium each, on a shared machine.
  const queue = [...runs];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) results.set(next[0], await next[1]());
  };
  await Promise.all([worker(), worker()]);
}, 300_000);

describe('frames of other origins are subresources of the page', () => {
  it("a chat widget's frame, navigating inside itself, is never the tab leaving: the walk signs in beside it", () => {
    const result = results.get('chat')!;
    expect(codeOf(result), detailOf(result)).toBeNull();
    expect('landed' in result && result.landed.searchParams.get('code')).toMatch(/.+/);
  });

  it("a bot protection's challenge on screen is SIGN_IN_PAGE_CAPTCHA, the org's, naming the frame", () => {
    const result = results.get('captcha')!;
    expect(codeOf(result), detailOf(result)).toBe('SIGN_IN_PAGE_CAPTCHA');
    expect(detailOf(result)).toMatch(/http:\/\/localhost:\d+\/recaptcha\/api2\/bframe/);
    expect(verdictOf('sign-in', 'SIGN_IN_PAGE_CAPTCHA')).toMatchObject({ owner: 'org', state: 'failing' });
  });
});

describe('only enforced CSP blocks count', () => {
  it('a Content-Security-Policy-Report-Only violation is never counted as blocked, and the walk signs in', () => {
    const result = results.get('report-only')!;
    expect(codeOf(result), detailOf(result)).toBeNull();
    expect(result.page.counts.csp).toBe(0);
    expect(result.page.csp).toEqual([]);
  });
});

describe("the sign-in API's answers are answers, not assets", () => {
  it("a refused password's 4xx from /idp/idx is SIGN_IN_REJECTED, with no failed asset counted", () => {
    const result = results.get('wrong-password')!;
    expect(codeOf(result), detailOf(result)).toBe('SIGN_IN_REJECTED');
    expect(result.page.counts.assets).toBe(0);
  });
});

describe("Okta's answer to /authorize gets the code the idx journey gives it", () => {
  it("an unregistered redirect_uri (Okta's HTML 400 page) is REDIRECT_URI_MISMATCH, not a failed asset", () => {
    const result = results.get('redirect-uri')!;
    expect(codeOf(result), detailOf(result)).toBe('REDIRECT_URI_MISMATCH');
    expect(detailOf(result)).toMatch(/\/authorize answered 400: .*redirect_uri/);
    expect(result.page.counts.assets).toBe(0);
  });

  it('an unknown client_id is UNKNOWN_CLIENT_ID', () => {
    expect(codeOf(results.get('client')!), detailOf(results.get('client')!)).toBe('UNKNOWN_CLIENT_ID');
  });
});

describe('our own network, and our own Chromium, are ours', () => {
  it('a port nobody listens on is NETWORK_ERROR, ours as the API journeys say, never "open a case"', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const sim = await startSimulator({ scenario: 'sign-in-page', port: 0 });
    sims.push(sim);
    const result = await browserSignIn(ioFor(sim, { base: `http://127.0.0.1:${closed}` }));
    expect(codeOf(result), detailOf(result)).toBe('NETWORK_ERROR');
    expect(detailOf(result)).toMatch(/could not be reached: .*ECONNREFUSED/);
    expect(verdictOf('sign-in', 'NETWORK_ERROR')).toMatchObject({ owner: 'probe', state: 'unknown' });
  }, 60_000);

  it('a Chromium that will not start is BROWSER_UNAVAILABLE: ours, a warning, never a page', async () => {
    const sim = await startSimulator({ scenario: 'sign-in-page', port: 0 });
    sims.push(sim);
    const result = await browserSignIn({ ...ioFor(sim), chromium: '/bin/false' });
    expect(codeOf(result), detailOf(result)).toBe('BROWSER_UNAVAILABLE');
    expect(verdictOf('sign-in', 'BROWSER_UNAVAILABLE')).toEqual({ state: 'unknown', owner: 'probe', severity: 'warn' });
  }, 60_000);
});
