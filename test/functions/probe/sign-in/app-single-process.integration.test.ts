// The app's visit in the browser function's Chromium: one process (@sparticuz/chromium's --single-process, kept by
// chromium-args.ts), where a second browser context's page, or its close, ends the whole browser. The visit opens the
// app in a tab beside the sign-in's, in the same context, and closes only that tab: the one Chromium survives, the
// sign-in tab can still be read and shot (its evidence), and the app's cookies leave with its tab. Debian's Chromium,
// given the package's flags, as chromium-args.integration.test.ts runs it. And the app's tab is the app's: a CSP
// violation of the app's page, in the same context as the sign-in, is never counted on the sign-in page.
import chromium from '@sparticuz/chromium';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium as pw, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitApp } from '../../../../functions/probe/sign-in/app-sign-in';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { startSimulator } from '../../../../sim/server';
import type { AppVisit } from '../../../../functions/probe/sign-in/app-judge';
import { chromiumArgs } from '../../../../functions/probe/sign-in/flows/browser/chromium-args';
import { CHROMIUM } from '../../../support/browser';

const servers: Server[] = [];
/** A server answering `page` for every path, with `cookie` set when given. */
async function serve(page: string, cookie?: string): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', ...(cookie !== undefined && { 'set-cookie': cookie }) });
    res.end(page);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let browser: Browser;
let signedIn: Page;
let visit: AppVisit;
let okta = '';
let app = '';

beforeAll(async () => {
  okta = await serve('<!doctype html><title>Okta</title><p>signed in</p>', 'sid=okta-session; Path=/');
  // Another host than Okta's (cookies are a host's, whatever the port).
  app = (
    await serve('<!doctype html><title>Wiki</title><p>Welcome to the wiki</p>', 'wiki_session=s1; Path=/')
  ).replace('127.0.0.1', 'localhost');
  browser = await pw.launch({ executablePath: CHROMIUM, args: chromiumArgs(chromium.args), timeout: 60_000 });
  const context = await browser.newContext();
  signedIn = await context.newPage();
  await signedIn.goto(`${okta}/signed-in`);
  visit = await visitApp(signedIn, {
    app: {
      name: 'wiki',
      protocol: 'oidc',
      loginUrl: `${app}/login`,
      success: { status: 200, text: 'Welcome' },
      claims: [],
    },
    oktaOrigins: [okta],
    stepMs: 10_000,
    told: (text) => text,
  });
}, 120_000);
afterAll(async () => {
  await browser?.close().catch(() => undefined);
  for (const server of servers) server.close();
});

describe("the app's visit in a single-process Chromium", () => {
  it('runs with --single-process, as the browser function does', () => {
    expect(chromiumArgs(chromium.args)).toContain('--single-process');
  });

  it("reads the app's answer", () => {
    expect(visit.notRun).toBeUndefined();
    expect(visit.answer).toMatchObject({ status: 200, path: '/login', cookies: ['wiki_session'] });
    expect(visit.answer?.words).toContain('Welcome to the wiki');
  });

  it('leaves the one Chromium running: the sign-in tab is read and shot after the visit', async () => {
    expect(browser.isConnected()).toBe(true);
    expect(await signedIn.locator('p').innerText({ timeout: 10_000 })).toBe('signed in');
    expect((await signedIn.screenshot({ timeout: 10_000 })).length).toBeGreaterThan(0);
  });

  it("closes the app's tab and clears its cookies; Okta's session stays the sign-in's", async () => {
    expect(signedIn.context().pages()).toEqual([signedIn]);
    const names = (await signedIn.context().cookies()).map((c) => c.name);
    expect(names).toContain('sid');
    expect(names).not.toContain('wiki_session');
  });
});

describe("the app's tab beside the sign-in's", () => {
  it("keeps the app page's CSP violations off the sign-in page's findings", async () => {
    const cspApp = await serve(
      '<!doctype html><meta http-equiv="Content-Security-Policy" content="script-src \'none\'">' +
        "<p>Welcome</p><script>document.title = 'ran';</script>",
    );
    const sim = await startSimulator({ scenario: 'sign-in-page', port: 0 });
    try {
      const { workforce, pageUser } = sim.clients.signIn;
      const query = new URLSearchParams({
        client_id: workforce.clientId,
        response_type: 'code',
        scope: 'openid profile email',
        redirect_uri: workforce.redirectUri,
        state: 'state-1',
        nonce: 'nonce-1',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      });
      let appVisit: AppVisit | undefined;
      const walked = await browserSignIn({
        chromium: findChromium(),
        authorizeUrl: `${sim.url}/oauth2/default/v1/authorize?${query.toString()}`,
        redirectUri: workforce.redirectUri,
        pageOrigins: [sim.url],
        username: pageUser.username,
        password: pageUser.password,
        hasTotpSecret: false,
        renderBudgetMs: 20_000,
        stepMs: 10_000,
        totp: () => Promise.reject(new Error('no TOTP here')),
        totpAnswer: () => undefined,
        passwordStep: () => undefined,
        secrets: () => [pageUser.password],
        afterSignIn: async (tab) => {
          appVisit = await visitApp(tab, {
            app: { name: 'csp', protocol: 'oidc', loginUrl: `${cspApp}/login`, success: {}, claims: [] },
            oktaOrigins: [sim.url],
            stepMs: 10_000,
            told: (text) => text,
          });
        },
      });
      expect('landed' in walked, 'verdict' in walked ? walked.verdict.diagnosis?.detail : '').toBe(true);
      expect(appVisit?.answer?.words).toContain('Welcome');
      expect(walked.page.counts.csp).toBe(0);
    } finally {
      await sim.close();
    }
  }, 180_000);
});
