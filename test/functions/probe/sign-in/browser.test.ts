// The browser flow's pure half: what a hostile page says is bounded and scrubbed, the cause of a broken page is
// picked from what the browser told, whose fault a failure is (our network and Chromium ours, as the API journeys
// say), a page that signed in only warns of what it did wrong, and a machine without Chromium is a warning of ours.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import {
  challengeFirst,
  PAGE_TEXT_MAX,
  pageCause,
  pageText,
  type PageFacts,
} from '../../../../functions/probe/sign-in/flows/browser/page-facts';
import { CHROMIUM_ENV, findChromium, NO_CHROMIUM } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { thrownVerdict, unreachedVerdict } from '../../../../functions/probe/sign-in/flows/browser/thrown';
import { type BrowserIo } from '../../../../functions/probe/sign-in/flows/browser/io';
import { verdictOf } from '../../../../functions/plan/verdict';
import { fail } from '../../../../functions/probe/verdict';

const PASSWORD = 'Correct-Horse-Battery-9';
const CODE = '492039';
const COOKIE = 'sid=102abcDEFghiJKLmnoPQRstuVWXyz0123456789';
const TOKEN = [
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0',
  'eyJzdWIiOiIwMHUxIiwiaXNzIjoiaHR0cHM6Ly9hY21lLm9rdGEuY29tIn0',
  'c2lnbmF0dXJlc2lnbmF0dXJl',
].join('.');

describe('pageText', () => {
  it('never keeps the password, the code, a cookie or a token a page planted in its message', () => {
    const said = `Error: login failed for ${PASSWORD} code ${CODE} cookie ${COOKIE} bearer ${TOKEN}`;
    const kept = pageText(said, [PASSWORD, CODE, COOKIE.split('=')[1]!]);
    for (const secret of [PASSWORD, CODE, COOKIE.split('=')[1]!, TOKEN]) expect(kept).not.toContain(secret);
  });

  it('drops markup, control characters and the query of a URL (a stateToken rides there), and is bounded', () => {
    const kept = pageText(
      `<img src=x onerror=alert(1)>\u001b]52;c;evil\u0007 at https://acme.okta.com/authorize?stateToken=02abc&x=1\n` +
        'x'.repeat(1000),
      [],
    );
    expect([...kept].some((c) => c === '<' || c === '>' || c.charCodeAt(0) < 0x20)).toBe(false);
    expect(kept).toContain('https://acme.okta.com/authorize');
    expect(kept).not.toContain('stateToken');
    expect(kept.length).toBeLessThanOrEqual(PAGE_TEXT_MAX);
  });
});

describe('pageCause', () => {
  const facts = (over: Partial<PageFacts>): PageFacts => ({
    csp: [],
    scriptErrors: [],
    assets: [],
    counts: { csp: 0, scriptErrors: 0, assets: 0 },
    ...over,
  });
  it('tells a blocked script before the error it causes, a failed asset before a script error, else blank', () => {
    const blocked = facts({ csp: ['blocked http://x/a.js'], scriptErrors: ['a is not defined'] });
    expect(pageCause(blocked, 'never rendered').diagnosis?.code).toBe('SIGN_IN_PAGE_CSP_BLOCKED');
    const missing = facts({ assets: ['http://x/w.js answered 404'], scriptErrors: ['OktaSignIn is not defined'] });
    expect(pageCause(missing, 'never rendered').diagnosis?.code).toBe('SIGN_IN_PAGE_ASSET_FAILED');
    expect(pageCause(facts({ scriptErrors: ['boom'] }), 'x').diagnosis?.code).toBe('SIGN_IN_PAGE_SCRIPT_ERROR');
    expect(pageCause(facts({}), 'x').diagnosis?.code).toBe('SIGN_IN_PAGE_BLANK');
  });
});

describe('whose fault, as the API journeys tell it', () => {
  const facts = { chromium: '/usr/bin/chromium', launched: true, crashed: false, url: 'https://acme.okta.com/x' };
  const code = (verdict: { diagnosis: { code: string } | null }): string | undefined => verdict.diagnosis?.code;

  it.each([
    ['our DNS (Playwright, Node)', 'route.fetch: getaddrinfo ENOTFOUND acme.okta.com', 'NETWORK_ERROR'],
    ['our DNS (Chromium)', 'page.goto: net::ERR_NAME_NOT_RESOLVED at https://acme.okta.com/x', 'NETWORK_ERROR'],
    ['a refused port', 'route.fetch: connect ECONNREFUSED 127.0.0.1:9', 'NETWORK_ERROR'],
    ['no route', 'page.goto: net::ERR_ADDRESS_UNREACHABLE', 'NETWORK_ERROR'],
    ['a TLS handshake', 'page.goto: net::ERR_CERT_AUTHORITY_INVALID', 'NETWORK_ERROR'],
    ['no answer in time', 'page.goto: net::ERR_CONNECTION_TIMED_OUT', 'TIMEOUT'],
  ])('%s is %s, never UNEXPECTED_RESPONSE', (_what, message, expected) => {
    const verdict = thrownVerdict(message, facts, undefined);
    expect(code(verdict)).toBe(expected);
    expect(verdict.diagnosis?.detail).toContain('could not be reached');
  });

  it("a DNS failure in the browser journey is the probe's, unknown on the status page, as the API journeys say", () => {
    const verdict = unreachedVerdict(
      'getaddrinfo ENOTFOUND acme.okta.com',
      'https://acme.okta.com/oauth2/v1/authorize',
    );
    expect(code(verdict!)).toBe('NETWORK_ERROR');
    expect(verdictOf('sign-in', 'NETWORK_ERROR')).toMatchObject({ owner: 'probe', state: 'unknown' });
    expect(unreachedVerdict('the widget said hello', 'https://x/')).toBeUndefined();
  });

  it('Chromium crashing, or anything else the machinery throws, is BROWSER_UNAVAILABLE: ours, a warning', () => {
    expect(code(thrownVerdict('page.click: Target crashed', facts, undefined))).toBe('BROWSER_UNAVAILABLE');
    expect(code(thrownVerdict('something odd', { ...facts, crashed: true }, undefined))).toBe('BROWSER_UNAVAILABLE');
    expect(code(thrownVerdict('browserType.launch: spawn ENOMEM', { ...facts, launched: false }, undefined))).toBe(
      'BROWSER_UNAVAILABLE',
    );
    expect(code(thrownVerdict('locator.fill: an error of its own', facts, undefined))).toBe('BROWSER_UNAVAILABLE');
  });

  it("a challenge on screen retells a finding of the page as SIGN_IN_PAGE_CAPTCHA; Okta's answers stay theirs", () => {
    const blocked = fail('SIGN_IN_PAGE_FORM_BLOCKED', 'the page showed "Sign In"');
    const told = challengeFirst(blocked, 'https://www.google.com/recaptcha/api2/bframe');
    expect(told.diagnosis).toMatchObject({ code: 'SIGN_IN_PAGE_CAPTCHA' });
    expect(told.diagnosis?.detail).toMatch(/recaptcha\/api2\/bframe.*the page showed "Sign In"/);
    const rejected = fail('SIGN_IN_REJECTED', 'the page said: wrong');
    expect(challengeFirst(rejected, 'https://www.google.com/recaptcha/api2/bframe')).toBe(rejected);
    expect(challengeFirst(blocked, undefined)).toBe(blocked);
  });
});

describe('no Chromium', () => {
  it('finds none where the named one is absent', () => {
    expect(findChromium({ [CHROMIUM_ENV]: '/nonexistent/chromium' })).toBeUndefined();
  });

  it("finds the newest Chromium Playwright downloaded under PLAYWRIGHT_BROWSERS_PATH, after the system's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-playwright-'));
    try {
      const chrome = (revision: string, os: string): string => {
        mkdirSync(join(dir, `chromium-${revision}`, os), { recursive: true });
        writeFileSync(join(dir, `chromium-${revision}`, os, 'chrome'), '');
        return join(dir, `chromium-${revision}`, os, 'chrome');
      };
      chrome('999', 'chrome-linux');
      const newest = chrome('1140', 'chrome-linux64');
      const env = { PLAYWRIGHT_BROWSERS_PATH: dir };
      expect(findChromium(env, ['/nonexistent/chromium'])).toBe(newest);
      // Debian's (or another system path) comes first; none at all where neither is.
      expect(findChromium(env, [newest.replace('1140', '999').replace('chrome-linux64', 'chrome-linux')])).toMatch(
        /chromium-999/,
      );
      expect(findChromium({ PLAYWRIGHT_BROWSERS_PATH: join(dir, 'none') }, ['/nonexistent/chromium'])).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is BROWSER_UNAVAILABLE, ours, a warning that never pages, with how to get one; sends nothing', async () => {
    let asked = false;
    const io: BrowserIo = {
      chromium: undefined,
      authorizeUrl: 'https://acme.okta.com/oauth2/v1/authorize',
      redirectUri: 'https://app.example.com/callback',
      pageOrigins: ['https://acme.okta.com'],
      username: 'u',
      password: PASSWORD,
      hasTotpSecret: false,
      renderBudgetMs: 4000,
      stepMs: 1000,
      totp: () => {
        asked = true;
        return Promise.resolve({ code: CODE });
      },
      passwordStep: () => {
        asked = true;
      },
      totpAnswer: () => {
        asked = true;
      },
      secrets: () => [],
    };
    const result = await browserSignIn(io);
    expect(result).toMatchObject({ verdict: { diagnosis: { code: 'BROWSER_UNAVAILABLE', detail: NO_CHROMIUM } } });
    expect(verdictOf('sign-in', 'BROWSER_UNAVAILABLE')).toEqual({ state: 'unknown', owner: 'probe', severity: 'warn' });
    expect(NO_CHROMIUM).toBe('no Chromium (apt-get install chromium, or set OKTA_SYNTHETICS_CHROMIUM)');
    expect(asked).toBe(false);
  });
});
