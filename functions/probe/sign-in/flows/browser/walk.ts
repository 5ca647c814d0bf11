// The "browser" flow's fetch half: the org's hosted sign-in page, loaded in headless Chromium as a person loads it.
// It opens the app's /authorize, waits for the Sign-In Widget to render, fills the identifier, the password and the
// TOTP code through the widget's own fields and buttons, and stops at the redirect to the app's redirect URI, which is
// never loaded (the journey exchanges its code with PKCE). What the page does wrong on the way (a CSP violation, a
// script error, an asset failing, a form a person cannot complete, a blank page) is recorded as the browser tells it,
// bounded and scrubbed: a page is hostile input. The browser is always closed.
import { fail, type Verdict } from '../../../verdict';
import { redirectError } from '../../judge';
import { awaitWidget, neverRendered, PageRequests, tabLook } from '../../render-wait';
import { WIDGET } from './answers';
import { PageAnswers } from './page-answers';
import { PageReading } from './reading';
import { chromiumArgs } from './chromium-args';
import { noChromium, packagedArgs } from './chromium';
import type { BrowserIo, BrowserResult } from './io';
import { listen } from './listen';
import { challengeFirst, pageCause, pageText, type PageFacts } from './page-facts';
import { Person, signInSteps } from './person';
import { isLoopback, newWalk, routeNavigations, type Walk } from './route';
import { thrownVerdict } from './thrown';

type Pw = typeof import('playwright-core');
type Page = import('playwright-core').Page;

// Named, not written in import(): the Lambda's bundler leaves it out. The browser function holds it (and Chromium's
// package) in its asset's node_modules, copied there whole (lib/browser-function.ts).
const PLAYWRIGHT = 'playwright-core';

/**
 * The widget rendered its first form: the identifier field, by its input name in every generation (Gen2's and Gen3's
 * `identifier`, Classic's `username`).
 */
const RENDERED = `${WIDGET} form :is(input[name="identifier"], input[name="username"])`;

/** The sign-in page, walked as a person walks it. Never throws; the browser is closed whatever happens. */
export async function browserSignIn(io: BrowserIo): Promise<BrowserResult> {
  const page: PageFacts = { csp: [], scriptErrors: [], assets: [], counts: { csp: 0, scriptErrors: 0, assets: 0 } };
  // Our own machinery, never the org's: a warning of ours that judges nothing of the page (the registry's row).
  if (io.chromium === undefined) return { verdict: fail('BROWSER_UNAVAILABLE', noChromium()), page };
  let pw: Pw;
  try {
    pw = (await import(PLAYWRIGHT)) as Pw;
  } catch {
    return {
      verdict: fail(
        'BROWSER_UNAVAILABLE',
        'playwright-core is not installed beside the probe (npm install playwright-core)',
      ),
      page,
    };
  }
  const state = newWalk();
  let browser: import('playwright-core').Browser | undefined;
  try {
    browser = await pw.chromium.launch({
      executablePath: io.chromium,
      timeout: 4 * io.stepMs,
      // Never a flag that switches off what a person's browser enforces (chromium-args.ts).
      args: chromiumArgs(packagedArgs(io.chromium)),
    });
    page.browserVersion = pageText(`Chromium ${browser.version()}`, []);
    const walked = await walk(browser, io, page, state);
    // The challenge is read while the browser is open: a frame on screen now, not one the page loaded and hid.
    if ('verdict' in walked) page.captcha = await state.challenge().catch(() => undefined);
    const told = 'verdict' in walked ? { verdict: challengeFirst(walked.verdict, page.captcha), page } : walked;
    // A walk that stopped, or rendered past its budget, is a failure of the page: seen while the browser is open.
    await io.watcher?.settle(!('landed' in told) || (page.renderMs ?? 0) > io.renderBudgetMs);
    return told;
  } catch (error) {
    await io.watcher?.settle(true);
    const message = pageText(
      error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
      io.secrets(),
    );
    const facts = {
      chromium: io.chromium,
      launched: browser !== undefined,
      crashed: state.crashed,
      url: pageText(io.authorizeUrl, io.secrets()),
    };
    return { verdict: thrownVerdict(message, facts, state.unreached), page };
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

async function walk(
  browser: import('playwright-core').Browser,
  io: BrowserIo,
  page: PageFacts,
  state: Walk,
): Promise<BrowserResult> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...(io.pageOrigins.every(isLoopback) && { permissions: ['local-network-access'] }),
  });
  const tab = await context.newPage();
  io.watcher?.watch(tab);
  // The sign-in API's answers the widget receives: what the walk reads the page by.
  const answers = new PageAnswers();
  await routeNavigations(context, io, state, answers);
  await listen(context, tab, io, page, state);
  const reading = new PageReading(io, new URL(io.authorizeUrl).origin);
  const started = performance.now();
  const since = (): number => Math.round(performance.now() - started);
  const seen = await openAndRender(tab, io, state, answers);
  const refused = state.refused ?? landedRefusal(state, io);
  if (refused !== undefined) return { verdict: refused, page };
  if (state.away !== undefined) return { verdict: wentAway(state.away, io), page };
  // Our machinery, never the org's page: a tab that crashed shows nothing of the page.
  if (state.crashed) throw new Error('Target crashed before the Sign-In Widget rendered');
  if (!seen.rendered) {
    // Let the page's last errors arrive before judging it.
    await tab.waitForLoadState('load', { timeout: io.stepMs }).catch(() => undefined);
    // The widget rendered Okta's refusal rather than a form: that answer's finding, as the idx journey tells it.
    const latest = answers.latest();
    const judged = latest === undefined ? undefined : reading.judge(latest, 'the page, before any form');
    if (judged?.kind === 'failed') return { verdict: judged.verdict, page };
    const waited = since();
    return { verdict: neverRendered(pageCause(page, 'the Sign-In Widget never rendered'), seen, waited), page };
  }
  page.renderMs = since();
  const person = new Person(tab, io, page, since);
  const walked = await signInSteps(person, io, state.landing, answers, reading);
  if (walked !== 'landed') return { verdict: walked, page };
  if (state.landed !== undefined) {
    const refusedAtLanding = landedRefusal(state, io);
    if (refusedAtLanding !== undefined) return { verdict: refusedAtLanding, page };
    page.redirectMs = since();
    await io.afterSignIn?.(tab);
    return { landed: state.landed, page };
  }
  if (state.refused !== undefined) return { verdict: state.refused, page };
  if (state.away !== undefined) return { verdict: wentAway(state.away, io), page };
  return { verdict: await person.stopped('before the redirect to the app', answers), page };
}

/**
 * Opens the page and waits for the widget: its identifier field on the page, waited for while the page still works
 * (render-wait.ts), to tell slow from never. An answer refusing the sign-in before any form (a network zone), or a
 * landing on the app's redirect (Okta's refusal carried there), ends the wait.
 */
async function openAndRender(tab: Page, io: BrowserIo, state: Walk, answers: PageAnswers) {
  const requests = await PageRequests.watch(tab, (text) => pageText(text, io.secrets()));
  await openPage(tab, io, state);
  let refusedAnswer = false;
  void answers.refused().then(() => (refusedAnswer = true));
  const over = (): boolean =>
    refusedAnswer ||
    state.refused !== undefined ||
    state.landed !== undefined ||
    state.away !== undefined ||
    state.crashed;
  return awaitWidget(tabLook(tab, RENDERED, requests, over), io.renderBudgetMs, io.stepMs);
}

/** The page opened: a navigation stopped at the redirect URI (Okta refused at /authorize itself) is no error. */
async function openPage(tab: Page, io: BrowserIo, state: Walk): Promise<void> {
  await tab.goto(io.authorizeUrl, { waitUntil: 'commit', timeout: 4 * io.stepMs }).catch((error: unknown) => {
    if (state.landed === undefined) throw error;
  });
}

/**
 * Okta's refusal carried by the redirect the walk landed on (access_denied "Policy evaluation failed...", "User is not
 * assigned to the client application", invalid_scope), read as the authn flow reads its /authorize redirect
 * (judge.ts's redirectError), its description scrubbed as any text of the page; undefined when it carries none. Never
 * a landing: the app is not visited.
 */
function landedRefusal(state: Walk, io: BrowserIo): Verdict | undefined {
  if (state.landed === undefined) return undefined;
  const refused = redirectError(state.landed.searchParams, state.landedBy);
  if (refused?.diagnosis == null) return refused;
  const detail = pageText(refused.diagnosis.detail ?? '', io.secrets());
  return { ...refused, diagnosis: { ...refused.diagnosis, detail: `the redirect to the app carried ${detail}` } };
}

const wentAway = (away: string, io: BrowserIo): Verdict =>
  fail('SIGN_IN_PAGE_REDIRECTED', `the page went to ${pageText(away, io.secrets())}`);
