// The browser flow's pure half: what a hostile page says is bounded and scrubbed, the cause of a broken page is
// picked from what the browser told, and a machine without Chromium is "not run", never a pass.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  browserSignIn,
  CHROMIUM_ENV,
  findChromium,
  NO_CHROMIUM,
  PAGE_TEXT_MAX,
  pageCause,
  pageText,
  type BrowserIo,
  type PageFacts,
} from '../../../../functions/probe/sign-in/browser';

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

  it('is "not run" with how to get one, in one line, and sends nothing', async () => {
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
    expect(result).toMatchObject({ notRun: NO_CHROMIUM });
    expect(NO_CHROMIUM).toBe('no Chromium (apt-get install chromium, or set OKTA_SYNTHETICS_CHROMIUM)');
    expect(asked).toBe(false);
  });
});
