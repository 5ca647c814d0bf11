// The person's click when the button shows but the click does not finish within its step: Playwright's call log
// decides whose that is. Nothing of the page in it is tried once more, then told as our browser's stall; a click
// performed is never sent twice; the page's evidence is the page's at once. The tab is a stand-in whose locator
// answers as Playwright does (the log lines are its own words, as test/functions/probe/sign-in/
// browser-action.integration.test.ts reads them from real Chromium).
import { describe, expect, it } from 'vitest';
import type { BrowserIo } from '../../../../functions/probe/sign-in/flows/browser/io';
import type { PageFacts } from '../../../../functions/probe/sign-in/flows/browser/page-facts';
import { Person } from '../../../../functions/probe/sign-in/flows/browser/person';

const log = (...lines: string[]): Error =>
  new Error(`locator.click: Timeout 5000ms exceeded.\nCall log:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
/** A click the browser never got to: the element resolved, then no word of it before the deadline. */
const STALLED = log(
  'waiting for locator(\'#okta-sign-in form [type="submit"]\')',
  '  locator resolved to <input type="submit" value="Verify"/>',
  'attempting click action',
  '  waiting for element to be visible, enabled and stable',
);
const PERFORMED = log('attempting click action', '  performing click action');
const COVERED = log('attempting click action', '  <div class="overlay"></div> intercepts pointer events');

/** A person at a tab whose button shows, and whose clicks answer `answers` in turn (an Error rejects). */
function personClicking(answers: readonly (Error | undefined)[]) {
  let clicks = 0;
  const locator = {
    first: () => locator,
    filter: () => locator,
    innerText: () => Promise.resolve('Verify with your password'),
    waitFor: () => Promise.resolve(),
    count: () => Promise.resolve(1),
    click: () => {
      const answer = answers[clicks++];
      return answer === undefined ? Promise.resolve() : Promise.reject(answer);
    },
  };
  const tab = { locator: () => locator } as unknown as import('playwright-core').Page;
  const io = { stepMs: 5000, secrets: () => [] } as unknown as BrowserIo;
  const person = new Person(tab, io, {} as PageFacts, () => 0);
  return { person, clicks: () => clicks };
}

describe("a click that does not finish within its step, by Playwright's log", () => {
  it('nothing of the page, twice: our browser stalled (BROWSER_UNAVAILABLE), never the form blocked', async () => {
    const { person, clicks } = personClicking([STALLED, STALLED]);
    const verdict = await person.click('[type="submit"]', 'the Verify button');
    expect([verdict?.diagnosis?.code, clicks()]).toEqual(['BROWSER_UNAVAILABLE', 2]);
    expect(verdict?.diagnosis?.detail).toBe(
      'Chromium stalled: the Verify button was not clicked within 2 steps of 5 s, though the page showed it ' +
        'visible, enabled, still and uncovered. The host running the browser was too busy, and the rest of the ' +
        'page was not judged',
    );
  });

  it('nothing of the page, then clicked on the second try: clicked, no finding', async () => {
    const { person, clicks } = personClicking([STALLED, undefined]);
    expect([await person.click('[type="submit"]', 'the Verify button'), clicks()]).toEqual([undefined, 2]);
  });

  it('performed, its navigation not ended: clicked once, never sent twice', async () => {
    const { person, clicks } = personClicking([PERFORMED]);
    expect([await person.click('[type="submit"]', 'the Verify button'), clicks()]).toEqual([undefined, 1]);
  });

  it("covered: the page's at once, not tried again", async () => {
    const { person, clicks } = personClicking([COVERED]);
    const verdict = await person.click('[type="submit"]', 'the Verify button');
    expect([verdict?.diagnosis?.code, verdict?.diagnosis?.detail, clicks()]).toEqual([
      'SIGN_IN_PAGE_FORM_BLOCKED',
      'the Verify button is covered by another element of the page',
      1,
    ]);
  });
});
