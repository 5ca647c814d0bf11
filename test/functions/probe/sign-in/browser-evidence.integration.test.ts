// What a failed browser journey leaves beside its HAR, on a page that plants the run's secrets everywhere it can: a
// customization that echoes every field to the console and into request paths and queries, sets a cookie and logs
// it, and logs a JWT; then hides the button once the TOTP code is typed, so the journey stops with the identifier and
// the code still in their fields. The trace holds none of them, and the screenshot is taken with the fields emptied
// and masked: the page screenshotted with the code in its field is, pixel for pixel, the page with the field empty.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { type BrowserIo } from '../../../../functions/probe/sign-in/flows/browser/io';
import { type PageFacts } from '../../../../functions/probe/sign-in/flows/browser/page-facts';
import {
  maskedScreenshot,
  PAGE_TRACE_MAX_BYTES,
  PageRecorder,
  pageTrace,
  pngSize,
} from '../../../../functions/probe/sign-in/flows/browser/evidence';
import { revealsSecret } from '../../../../functions/text/redact';
import { harErrors } from '../../../support/har-schema';

const USERNAME = 'synthetic.user@acme.example';
// Characters a URL and a form encode, so the secret is echoed in more than one form.
const PASSWORD = 'Correct Horse+Battery/9&x';
const CODE = '492039';
const COOKIE = 'c0ffee5ecretCookieValue77';
const JWT = [
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0',
  'eyJzdWIiOiIwMHUxIiwiaXNzIjoiaHR0cHM6Ly9hY21lLm9rdGEuY29tIn0',
  'c2lnbmF0dXJlc2lnbmF0dXJl',
].join('.');

/** Okta's IDX answers, as the Sign-In Widget's playground mocks them (test/data/okta-idx-responses.json). */
const IDX = JSON.parse(readFileSync(new URL('../../../data/okta-idx-responses.json', import.meta.url), 'utf8')) as {
  responses: Record<string, { readonly body: unknown }>;
};
const GOOGLE_CHALLENGE = 'authenticator-verification-google-authenticator';

/** A widget-shaped form (the journey's selectors) whose customization leaks everything it is given. */
const LEAKY_PAGE = `<!DOCTYPE html><html><head><title>Sign In</title></head><body>
<div id="okta-sign-in"><form>
  <div class="identifier-container"><span class="identifier" data-se="identifier">${USERNAME}</span></div>
  <input name="identifier" type="text">
  <div id="second"><input name="credentials.passcode" type="password"></div>
  <div class="o-form-button-bar"><input type="submit" value="Next"></div>
  <div class="o-form-error-container"></div>
</form></div>
<script>
  document.cookie = 'leak=${COOKIE}; path=/';
  console.log('session ' + document.cookie + ' token ${JWT}');
  const form = document.querySelector('form');
  form.addEventListener('input', (e) => {
    console.log('typed ' + e.target.value);
    fetch('/echo/' + encodeURIComponent(e.target.value) + '?value=' + encodeURIComponent(e.target.value)).catch(() => {});
  });
  // The IDX answers the widget would receive: the walk reads the page by them.
  fetch('/idp/idx/introspect', { method: 'POST' }).catch(() => {});
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const password = form.querySelector('[type=password]');
    if (password) {
      fetch('/echo/' + document.cookie.split('=')[1] + '/${JWT}').catch(() => {});
      document.getElementById('second').innerHTML = '<input name="credentials.passcode" type="text">';
      fetch('/idp/idx/identify', { method: 'POST' }).catch(() => {});
      return;
    }
    console.error('code ' + form.querySelector('[name="credentials.passcode"]').value);
    document.querySelector('.o-form-button-bar').style.display = 'none';
  });
</script></body></html>`;

let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/authorize')) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(LEAKY_PAGE);
      return;
    }
    // Okta's own answers (the Sign-In Widget's mocks), their forms posting to this origin.
    const idx = { '/idp/idx/introspect': 'identify-with-password', '/idp/idx/identify': GOOGLE_CHALLENGE }[
      req.url ?? ''
    ];
    if (idx !== undefined) {
      const body = JSON.stringify(IDX.responses[idx]?.body).replaceAll('http://localhost:3000', origin);
      res.writeHead(200, { 'content-type': 'application/ion+json; okta-version=1.0.0' }).end(body);
      return;
    }
    if (req.url?.startsWith('/field')) {
      const value = new URL(req.url, 'http://x').searchParams.get('value') ?? '';
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<html><body><input id="f" value="${value}" style="font-size:40px;width:600px"></body></html>`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('a failed browser journey on a page that plants every secret', () => {
  let result: Awaited<ReturnType<typeof browserSignIn>>;
  let trace = '';
  let screenshot: Uint8Array | undefined;

  beforeAll(async () => {
    const secrets = [PASSWORD];
    const recorder = new PageRecorder(() => secrets, 1500);
    const io: BrowserIo = {
      chromium: findChromium(),
      authorizeUrl: `${origin}/authorize?client_id=x&state=s`,
      redirectUri: `${origin}/callback`,
      pageOrigins: [origin],
      username: USERNAME,
      password: PASSWORD,
      hasTotpSecret: true,
      renderBudgetMs: 4000,
      stepMs: 1500,
      totp: () => {
        // The journey keeps the code among its secrets before it types it.
        secrets.push(CODE);
        return Promise.resolve({ code: CODE });
      },
      passwordStep: () => undefined,
      totpAnswer: () => undefined,
      secrets: () => secrets,
      watcher: recorder,
    };
    result = await browserSignIn(io);
    const finding = 'verdict' in result ? result.verdict.diagnosis : null;
    const evidence = recorder.evidence('page/sign-in', finding ?? { code: 'NONE' }, result.page);
    trace = evidence?.trace ?? '';
    screenshot = evidence?.screenshot;
  }, 60_000);

  it('stops on the page (the code typed, the button hidden), and keeps a screenshot of the viewport', () => {
    expect('verdict' in result && result.verdict.diagnosis?.code).toMatch(/^SIGN_IN_PAGE_/);
    expect(screenshot).toBeDefined();
    expect(Buffer.from(screenshot!).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(screenshot!)).toEqual({ width: 1280, height: 900 });
  });

  it('empties the identifier and code fields before the screenshot, and says what it masked', () => {
    const shot = (JSON.parse(trace) as { log: { _screenshot: Record<string, unknown> } }).log._screenshot;
    expect(shot).toMatchObject({ kept: true, width: 1280, height: 900, fields: { emptied: 2, holdingValue: 0 } });
    expect(shot.masked).toContain('input:not([type="hidden"])');
    expect(shot.masked).toContain('[data-se="identifier"]');
  });

  it('keeps none of the password, the code, the cookie value or the JWT in the trace', () => {
    for (const secret of [PASSWORD, CODE, COOKIE, JWT]) expect(trace).not.toContain(secret);
    expect(revealsSecret(trace, [PASSWORD, CODE, COOKIE, JWT])).toBe(false);
    // What the page did is still there: its echo requests (paths scrubbed, queries gone), its console, its failure.
    const log = (JSON.parse(trace) as { log: { entries: { request: { url: string } }[]; _console: unknown[] } }).log;
    expect(log.entries.some((e) => e.request.url.startsWith(`${origin}/echo/%5BREDACTED%5D`))).toBe(true);
    expect(log.entries.every((e) => !e.request.url.includes('?'))).toBe(true);
    expect(log._console.length).toBeGreaterThanOrEqual(3);
    expect(trace).toContain('[REDACTED]');
  });

  it('is a HAR 1.2 document a HAR viewer opens', () => {
    expect(harErrors(JSON.parse(trace))).toEqual([]);
  });
});

describe('the masked screenshot', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
  }, 30_000);
  afterAll(async () => {
    await browser.close();
  });

  const shotOf = async (value: string) => {
    const context = await browser.newContext({ viewport: { width: 640, height: 200 } });
    const tab = await context.newPage();
    await tab.goto(`${origin}/field?value=${encodeURIComponent(value)}`);
    const shot = await maskedScreenshot(tab, 5000);
    const held = await tab.locator('#f').inputValue();
    await context.close();
    return { shot, held };
  };

  it('shows a field holding the code exactly as the same field empty, and leaves it empty', async () => {
    const filled = await shotOf(CODE);
    const empty = await shotOf('');
    expect('png' in filled.shot && 'png' in empty.shot).toBe(true);
    if (!('png' in filled.shot) || !('png' in empty.shot)) return;
    expect(filled.shot.fields).toEqual({ emptied: 1, holdingValue: 0 });
    expect(filled.held).toBe('');
    expect(filled.shot.png.equals(empty.shot.png)).toBe(true);
  });
});

describe('the page trace', () => {
  const facts: PageFacts = { csp: [], scriptErrors: [], assets: [], counts: { csp: 0, scriptErrors: 0, assets: 0 } };
  const traceOf = (over: Partial<Parameters<typeof pageTrace>[0]>): string =>
    pageTrace({
      label: 'page/sign-in',
      finding: { code: 'SIGN_IN_PAGE_SLOW', detail: 'slow' },
      facts,
      started: Date.now(),
      requests: [],
      console: [],
      navigations: [],
      seen: { requests: 0, console: 0, navigations: 0 },
      screenshot: { why: 'none taken' },
      secrets: [],
      ...over,
    });

  it('withholds an entry that still reveals a secret once scrubbed, keeping it a HAR entry', () => {
    // The code is six digits: a request that took as many milliseconds shows it where no text is scrubbed.
    const request = { at: Date.now(), method: 'GET', url: 'https://acme.okta.com/app.js', type: 'script', status: 200 };
    const text = traceOf({ requests: [{ ...request, time: Number(CODE) }], secrets: [CODE] });
    expect(text).not.toContain(CODE);
    const log = (JSON.parse(text) as { log: { entries: { request: { url: string } }[] } }).log;
    expect(log.entries[0]?.request.url).toBe('http://withheld.invalid/');
    expect(text).toContain('withheld, it still held a secret after sanitizing');
    expect(harErrors(JSON.parse(text))).toEqual([]);
  });
  it('is held to its cap, and says what it dropped', () => {
    const requests = Array.from({ length: 5000 }, (_, i) => ({
      at: Date.now(),
      method: 'GET',
      url: `https://acme.okta.com/${'asset/'.repeat(30)}${i}.js`,
      type: 'script',
      status: 200,
      time: 5,
    }));
    const text = traceOf({ requests, seen: { requests: 5000, console: 0, navigations: 0 } });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(PAGE_TRACE_MAX_BYTES);
    const log = (JSON.parse(text) as { log: { comment: string; entries: unknown[] } }).log;
    expect(log.entries.length).toBeLessThan(5000);
    expect(log.comment).toContain(`requests were dropped to hold the trace to ${PAGE_TRACE_MAX_BYTES} bytes`);
  });
});
