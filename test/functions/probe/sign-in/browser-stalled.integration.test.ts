// A sign-in page whose widget truly never renders, in real Chromium: its head loads the org's script from a host that
// takes the request and never answers, after a fetch that never answers either. The walk waits while the page still
// works, then names what it was waiting for: each request in flight, by URL and type, and the script that holds the
// page's rendering said so (Chromium's own render-blocking behaviour). Never a bare "blank". And a tab that crashes
// while the walk waits is our machinery's, never a blank page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { RENDER_PATIENCE_MS } from '../../../../functions/probe/sign-in/render-wait';

let server: Server;
let origin = '';
let result: Awaited<ReturnType<typeof browserSignIn>>;
let crashed: Awaited<ReturnType<typeof browserSignIn>>;
let tookMs = 0;

/** The walk's io on the server's page, which never renders the widget. */
const ioOf = (): Parameters<typeof browserSignIn>[0] => ({
  chromium: findChromium(),
  authorizeUrl: `${origin}/oauth2/default/v1/authorize?client_id=c`,
  redirectUri: `${origin}/callback`,
  pageOrigins: [origin],
  username: 'page.user@example.com',
  password: 'Not-Used-1',
  hasTotpSecret: false,
  renderBudgetMs: 1000,
  stepMs: 2000,
  totp: () => Promise.reject(new Error('no TOTP here')),
  totpAnswer: () => undefined,
  passwordStep: () => undefined,
  secrets: () => ['Not-Used-1'],
});

beforeAll(async () => {
  server = createServer((req, res) => {
    // Taken and never answered: the host of a custom asset that hangs.
    if (req.url?.startsWith('/hang/') === true) return;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      '<!doctype html><html><head><title>Sign In</title>' +
        "<script>fetch('/hang/introspect', { method: 'POST' });</script>" +
        '<script src="/hang/brand.js"></script></head>' +
        '<body><div id="okta-sign-in"></div></body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const started = performance.now();
  result = await browserSignIn(ioOf());
  tookMs = performance.now() - started;
  // Chromium's own crash page, opened in the tab while the walk waits for the widget.
  crashed = await browserSignIn({
    ...ioOf(),
    watcher: {
      watch: (tab) => void setTimeout(() => void tab.goto('chrome://crash').catch(() => undefined), 3000),
      settle: () => Promise.resolve(),
    },
  });
}, 240_000);
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('a widget that never renders, its page still waiting', () => {
  it('is SIGN_IN_PAGE_STALLED, naming each request in flight by URL and type, the render-blocking one said so', () => {
    const diagnosis = 'verdict' in result ? result.verdict.diagnosis : null;
    expect(diagnosis?.code, diagnosis?.detail).toBe('SIGN_IN_PAGE_STALLED');
    expect(diagnosis?.detail).toMatch(
      /^the Sign-In Widget never rendered within \d+ s: the page was still waiting for /,
    );
    expect(diagnosis?.detail).toContain(`${origin}/hang/brand.js (script, blocks rendering)`);
    expect(diagnosis?.detail).toContain(`${origin}/hang/introspect (fetch)`);
  });

  it('was waited for while it worked, within the patience and a step', () => {
    expect(tookMs).toBeGreaterThan(RENDER_PATIENCE_MS - 1000);
    expect(tookMs).toBeLessThan(RENDER_PATIENCE_MS + 30_000);
  });
});

describe('a tab that crashes while the walk waits', () => {
  it("is BROWSER_UNAVAILABLE, our machinery's: never a blank page of the org", () => {
    const diagnosis = 'verdict' in crashed ? crashed.verdict.diagnosis : null;
    expect(diagnosis?.code, diagnosis?.detail).toBe('BROWSER_UNAVAILABLE');
    expect(diagnosis?.detail).toMatch(/crashed/);
  });
});
