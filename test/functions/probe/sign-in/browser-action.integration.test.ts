// A field or button the walk cannot use, in real Chromium, told by what Playwright saw of it: missing, hidden,
// covered, disabled, read-only or forever moving is the page's (SIGN_IN_PAGE_FORM_BLOCKED, naming how); a renderer
// that no longer answers (its JavaScript paused, as on a host too busy to run it) is our browser's stall
// (BROWSER_UNAVAILABLE), never the page's. A click performed stands, whatever its navigation then does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { actionStop } from '../../../../functions/probe/sign-in/flows/browser/action-log';
import type { BrowserIo } from '../../../../functions/probe/sign-in/flows/browser/io';
import type { PageFacts } from '../../../../functions/probe/sign-in/flows/browser/page-facts';
import { Person } from '../../../../functions/probe/sign-in/flows/browser/person';
import { launchChromium } from '../../../support/browser';

const STEP_MS = 1500;
const SUBMIT = '#okta-sign-in form [type="submit"]';
const BUTTON = "the password form's submit button";
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** A tab showing the widget's form holding `inner`, and a person at it whose steps last STEP_MS. */
async function personAt(inner: string, style = ''): Promise<{ readonly tab: Page; readonly person: Person }> {
  const tab = await browser.newPage();
  await tab.setContent(
    `<style>${style}</style><div id="okta-sign-in"><form onsubmit="event.preventDefault(); document.title = 'sent'">` +
      `<h2 data-se="o-form-head">Sign In</h2>${inner}</form></div>`,
  );
  const io = { stepMs: STEP_MS, secrets: () => [] } as unknown as BrowserIo;
  return { tab, person: new Person(tab, io, {} as PageFacts, () => 0) };
}

/** What the person's click (or, given a field's name, typing) came to, and the page's title after it. */
async function tried(inner: string, options: { style?: string; fill?: string } = {}) {
  const { tab, person } = await personAt(inner, options.style);
  try {
    const verdict =
      options.fill === undefined
        ? await person.click(SUBMIT, BUTTON)
        : await person.fill(options.fill, 'Typed-Secret-1', 'the password field');
    return { code: verdict?.diagnosis?.code, detail: verdict?.diagnosis?.detail, title: await tab.title() };
  } finally {
    await tab.close();
  }
}

/** The tab's renderer paused, as a host too busy to run its JavaScript: `resume` runs it again. */
async function pauseRenderer(tab: Page): Promise<{ readonly resume: () => Promise<unknown> }> {
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.pause');
  return { resume: () => cdp.send('Debugger.resume') };
}

/** Playwright's own error of a click on `selector` within a step, or '' when the click finished. */
const clickError = (tab: Page, selector: string): Promise<string> =>
  tab
    .locator(selector)
    .click({ timeout: STEP_MS })
    .then(
      () => '',
      (error: unknown) => (error as Error).message,
    );

describe("what the page keeps from the person: the page's, named", () => {
  it.each([
    [
      'covered by another element',
      '<input type="submit" value="Verify"><div style="position:fixed;inset:0;opacity:.01;z-index:9"></div>',
      '',
      `${BUTTON} is covered by another element of the page`,
    ],
    ['disabled', '<input type="submit" value="Verify" disabled>', '', `${BUTTON} is disabled on the page`],
    [
      'never still (an endless animation)',
      '<input type="submit" value="Verify" class="spin">',
      '@keyframes spin { to { transform: translateX(300px) } } .spin { animation: spin 0.2s linear infinite }',
      `${BUTTON} never stops moving (an animation of the page)`,
    ],
    [
      'hidden by a style',
      '<input type="submit" value="Verify" class="gone">',
      '.gone { display: none }',
      `${BUTTON} is hidden (a style of the page hides it)`,
    ],
    ['missing', '<p>no button</p>', '', `${BUTTON} is missing from the widget's form`],
  ])('a button %s', async (_, inner, style, detail) => {
    expect(await tried(inner, { style })).toEqual({ code: 'SIGN_IN_PAGE_FORM_BLOCKED', detail, title: '' });
  });

  it('a read-only field: never typed into, and the value never in the finding', async () => {
    const seen = await tried('<input name="credentials.passcode" readonly>', { fill: 'credentials.passcode' });
    expect(seen).toEqual({
      code: 'SIGN_IN_PAGE_FORM_BLOCKED',
      detail: 'the password field is read-only on the page',
      title: '',
    });
  });
});

describe('a button that is fine', () => {
  it('is clicked, and the form is sent', async () => {
    expect(await tried('<input type="submit" value="Verify">')).toEqual({
      code: undefined,
      detail: undefined,
      title: 'sent',
    });
  });

  it('in a renderer that no longer answers (its JavaScript paused): our stall, bounded, never the page', async () => {
    const { tab, person } = await personAt('<input type="submit" value="Verify">');
    const renderer = await pauseRenderer(tab);
    try {
      const started = performance.now();
      const verdict = await person.click(SUBMIT, BUTTON);
      const tookMs = performance.now() - started;
      expect(verdict?.diagnosis?.code, verdict?.diagnosis?.detail).toBe('BROWSER_UNAVAILABLE');
      expect(verdict?.diagnosis?.detail).toMatch(/^Chromium stalled: waiting 1\.5 s for the password form's submit /);
      // The title's read, a step and the count's read: bounded, never held by the renderer.
      expect(tookMs).toBeLessThan(STEP_MS + 2 * 500 + 2000);
    } finally {
      await renderer.resume();
      await tab.close();
    }
  });
});

describe("Playwright's call log, in its own words", () => {
  it('of a renderer that never answered: nothing of the element, a stall', async () => {
    const tab = await browser.newPage();
    await tab.setContent('<input type="submit" value="Verify">');
    const renderer = await pauseRenderer(tab);
    try {
      const message = await clickError(tab, '[type="submit"]');
      expect(message).toContain('Call log:');
      expect(actionStop(message)).toEqual({ kind: 'stalled' });
    } finally {
      await renderer.resume();
      await tab.close();
    }
  });

  it('of a click performed whose navigation had not ended: done', async () => {
    const tab = await browser.newPage();
    // The link's address answers late, after the click's own deadline: Playwright waits on the navigation.
    await tab.route('**/late', (route) => {
      setTimeout(() => void route.fulfill({ body: 'late' }).catch(() => undefined), 2 * STEP_MS);
    });
    await tab.setContent('<a href="http://127.0.0.1:9/late">go</a>');
    try {
      const message = await clickError(tab, 'a');
      // Chromium may let the click end before the navigation is scheduled; when it throws, the log says performed.
      expect(message === '' ? 'finished' : actionStop(message).kind).toMatch(/^(finished|done)$/);
    } finally {
      await tab.close();
    }
  });

  /** A line of the log as Playwright prints it: dimmed by ANSI escapes. */
  const dimmed = (line: string): string => `\u001b[2m  - ${line}\u001b[22m`;

  it("across its retries the last lack it saw stands, and a later 'performing' makes it done", () => {
    const log = (...lines: string[]) =>
      `locator.click: Timeout 1500ms exceeded.\nCall log:\n${lines.map(dimmed).join('\n')}\n`;
    const retried = log(
      'attempting click action',
      '  2 × waiting for element to be visible, enabled and stable',
      '  element is not enabled',
      'retrying click action',
      '  waiting 500ms',
      'waiting for element to be visible, enabled and stable',
    );
    expect(actionStop(retried)).toEqual({ kind: 'page', said: 'is disabled on the page' });
    expect(actionStop(log('  element is not enabled', 'retrying click action', '  performing click action'))).toEqual({
      kind: 'done',
    });
    expect(actionStop('locator.click: Target page, context or browser has been closed')).toEqual({ kind: 'stalled' });
  });
});
