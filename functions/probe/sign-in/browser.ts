// The "browser" flow's fetch half: the org's hosted sign-in page, loaded in headless Chromium as a person loads it.
// It opens the app's /authorize, waits for the Sign-In Widget to render, fills the identifier, the password and the
// TOTP code through the widget's own fields and buttons, and stops at the redirect to the app's redirect URI, which is
// never loaded (the journey exchanges its code with PKCE). What the page does wrong on the way (a CSP violation, a
// script error, an asset failing, a form a person cannot complete, a blank page) is recorded as the browser tells it,
// bounded and scrubbed: a page is hostile input. The browser is always closed.
import { constants, existsSync, readdirSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terminalSafe } from '../../text/terminal';
import { redact } from '../../text/redact';
import { within } from '../../deadline';
import { fail, type Observed, type Verdict } from '../verdict';
import type { PasswordAnswer } from './guard';
import { AFTER_PASSWORD, totpSteps, type PagePerson, type TotpIo } from './browser-totp';
import { chromiumArgs } from './chromium-args';

/** Where the journey looks for Chromium when OKTA_SYNTHETICS_CHROMIUM names none: Debian's and others' paths. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'] as const;
/** The environment variable that names another Chromium. */
export const CHROMIUM_ENV = 'OKTA_SYNTHETICS_CHROMIUM';
/** Said, in one line, wherever a browser journey cannot run for want of a browser. */
export const NO_CHROMIUM = `no Chromium (apt-get install chromium, or set ${CHROMIUM_ENV})`;

/**
 * The widget must render within this, ms: a person waits on a blank page until then. Measured at the CPU Lambda gives
 * the browser function (1.16 vCPU at 2,048 MB, a cgroup limit: BENCHMARKS.md section af), the simulator's page went
 * from its request to the widget's identify POST (rendered, filled and submitted, so more than the render) in 2.1 s at
 * worst, cold: this is nearly twice that, the rest for an org's page, whose widget comes over the internet.
 */
export const PAGE_RENDER_BUDGET_MS = 4000;

/** At most this many of each kind of page finding are kept, each at most PAGE_TEXT_MAX characters. */
const PAGE_FINDINGS_MAX = 5;
export const PAGE_TEXT_MAX = 200;

/** The package the browser function holds Chromium in: decompressed into /tmp by its executablePath(). */
const CHROMIUM_PACKAGE = '@sparticuz/chromium';

/**
 * The Chromium of the deployed browser function, once unpacked: its path and the flags that package needs in Lambda
 * (one process, no sandbox, no zygote: Lambda allows no new namespaces), or why it could not be unpacked.
 */
let packaged: { readonly path: string; readonly args: readonly string[] } | { readonly problem: string } | undefined;

/**
 * Unpacks the Chromium the browser function holds (its brotli files decompressed into /tmp, once a sandbox: a warm
 * run finds it there). What went wrong is returned, and kept: the journey is then "not run", never run with another
 * Chromium. It is ours, never Okta's: the handler fails the invocation with it (functions/lambda/probe.ts).
 */
export async function unpackChromium(timeoutMs = UNPACK_TIMEOUT_MS): Promise<string | undefined> {
  if (packaged !== undefined && 'path' in packaged) return undefined;
  try {
    // Asked first: the package's tar extraction emits a write failure on a stream nobody listens to, which ends the
    // process (the whole invocation) instead of rejecting.
    await access(tmpdir(), constants.W_OK);
    const { default: chromium } = (await import(CHROMIUM_PACKAGE)) as {
      default: { executablePath: () => Promise<string>; args: string[] };
    };
    // Bounded: an extraction that never settles (a /tmp it cannot write to) must not hold the run to its timeout.
    const path = await within(chromium.executablePath(), timeoutMs, () => {
      throw new Error(`not done after ${timeoutMs / 1000} s`);
    });
    packaged = { path, args: chromium.args };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    packaged = { problem: `the function's Chromium (${CHROMIUM_PACKAGE}) could not be unpacked: ${message}` };
  }
  return 'problem' in packaged ? packaged.problem : undefined;
}

/**
 * How long unpacking Chromium may take, ms: about 2 s on a loaded 2-core machine (BENCHMARKS.md, "The browser
 * journey in Lambda"); ten times that is a /tmp that will not take it.
 */
const UNPACK_TIMEOUT_MS = 20_000;

/** Where Playwright keeps the browsers it downloaded, when set: its chromium-<revision>/chrome-linux64/chrome. */
const PLAYWRIGHT_ENV = 'PLAYWRIGHT_BROWSERS_PATH';

/**
 * The Chromium to launch: the browser function's own once it tried to unpack it, else OKTA_SYNTHETICS_CHROMIUM when
 * set and present, else the first path found, else the newest Chromium Playwright downloaded under
 * PLAYWRIGHT_BROWSERS_PATH.
 */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  paths: readonly string[] = CHROMIUM_PATHS,
): string | undefined {
  // The browser function's own, or none: never a Chromium it happens to find beside it.
  if (packaged !== undefined) return 'path' in packaged ? packaged.path : undefined;
  const named = env[CHROMIUM_ENV];
  if (named !== undefined && named !== '') return existsSync(named) ? named : undefined;
  return paths.find((path) => existsSync(path)) ?? playwrightChromium(env[PLAYWRIGHT_ENV]);
}

function playwrightChromium(dir: string | undefined): string | undefined {
  if (dir === undefined || dir === '') return undefined;
  let revisions: number[];
  try {
    revisions = readdirSync(dir)
      .flatMap((name) => /^chromium-(\d{1,9})$/.exec(name)?.[1] ?? [])
      .map(Number);
  } catch {
    return undefined;
  }
  return revisions
    .sort((a, b) => b - a)
    .flatMap((revision) =>
      ['chrome-linux64', 'chrome-linux'].map((os) => join(dir, `chromium-${revision}`, os, 'chrome')),
    )
    .find((path) => existsSync(path));
}

/**
 * A text from the page made fit to keep: markup and control characters gone, the run's secrets and anything shaped
 * like a token redacted, a URL's query and fragment dropped (a stateToken or code rides there), bounded.
 */
export function pageText(text: string, secrets: readonly string[]): string {
  const plain = terminalSafe(text.replace(/<[^>]*>?/g, ''))
    .replace(/[\n\t]+/g, ' ')
    .replace(/\b(https?:\/\/[^\s?#'"]+)[?#][^\s'"]*/g, '$1');
  const scrubbed = redact(plain, secrets).trim();
  return scrubbed.length > PAGE_TEXT_MAX ? `${scrubbed.slice(0, PAGE_TEXT_MAX - 1)}…` : scrubbed;
}

/** What the browser saw of the page, each list bounded (its count kept whole). */
export interface PageFacts {
  readonly csp: string[];
  readonly scriptErrors: string[];
  readonly assets: string[];
  /** How many of each were seen, beyond those kept. */
  readonly counts: { csp: number; scriptErrors: number; assets: number };
  widgetVersion?: string;
  browserVersion?: string;
  renderMs?: number;
  submitMs?: number;
  redirectMs?: number;
}

export interface BrowserIo extends TotpIo {
  readonly chromium: string | undefined;
  readonly authorizeUrl: string;
  readonly redirectUri: string;
  /** The origins the page may be on: the org's and its custom domain's. */
  readonly pageOrigins: readonly string[];
  readonly username: string;
  readonly password: string;
  /** The widget must render within this; the wait for it is longer, so a slow page is told from a blank one. */
  readonly renderBudgetMs: number;
  /** One step's wait (a field, a button, the next form). */
  readonly stepMs: number;
  readonly passwordStep: (answer: PasswordAnswer) => void;
  /** The run's secrets so far (the password, the code, cookies): never kept in a finding. */
  readonly secrets: () => readonly string[];
  /** Told of the page as it runs and at its end (browser-evidence.ts: a failure's screenshot and trace). */
  readonly watcher?: PageWatcher;
}

/** Watches the tab from its opening; settled at the walk's end, the browser still open (`failed`: not a clean walk). */
export interface PageWatcher {
  watch(tab: import('playwright-core').Page): void;
  settle(failed: boolean): Promise<void>;
}

type BrowserResult =
  | { readonly landed: URL; readonly page: PageFacts }
  /** Not run: no browser here, which says nothing of the org (never a pass). */
  | { readonly notRun: string; readonly page: PageFacts }
  | { readonly verdict: Verdict; readonly page: PageFacts };

/** The page's facts as the journey's observed values (its findings counted, the first of each quoted). */
export function pageObserved(page: PageFacts, budgetMs: number): Observed {
  return {
    ...(page.widgetVersion !== undefined && { widgetVersion: page.widgetVersion }),
    ...(page.browserVersion !== undefined && { browserVersion: page.browserVersion }),
    ...(page.renderMs !== undefined && { widgetRenderedMs: page.renderMs }),
    ...(page.submitMs !== undefined && { submittedMs: page.submitMs }),
    ...(page.redirectMs !== undefined && { redirectedMs: page.redirectMs }),
    renderBudgetMs: budgetMs,
    cspViolations: page.counts.csp,
    scriptErrors: page.counts.scriptErrors,
    failedAssets: page.counts.assets,
    ...(page.csp[0] !== undefined && { firstCspViolation: page.csp[0] }),
    ...(page.scriptErrors[0] !== undefined && { firstScriptError: page.scriptErrors[0] }),
    ...(page.assets[0] !== undefined && { firstFailedAsset: page.assets[0] }),
  };
}

/**
 * Why the widget could not be used, from what the browser told: a blocked resource first (it explains the script
 * error it causes), then a failed asset, then a script error; else a blank page.
 */
export function pageCause(page: PageFacts, what: string): Verdict {
  const more = (n: number, kept: number): string => (n > kept ? ` (and ${n - kept} more)` : '');
  if (page.csp[0] !== undefined)
    return fail('SIGN_IN_PAGE_CSP_BLOCKED', `${what}: ${page.csp[0]}${more(page.counts.csp, 1)}`);
  if (page.assets[0] !== undefined)
    return fail('SIGN_IN_PAGE_ASSET_FAILED', `${what}: ${page.assets[0]}${more(page.counts.assets, 1)}`);
  if (page.scriptErrors[0] !== undefined)
    return fail('SIGN_IN_PAGE_SCRIPT_ERROR', `${what}: ${page.scriptErrors[0]}${more(page.counts.scriptErrors, 1)}`);
  return fail('SIGN_IN_PAGE_BLANK', `${what}: the browser reported no blocked resource, script error or failed asset`);
}

type Pw = typeof import('playwright-core');
type Page = import('playwright-core').Page;

// Named, not written in import(): the Lambda's bundler leaves it out. The browser function holds it (and Chromium's
// package) in its asset's node_modules, copied there whole (lib/browser-function.ts).
const PLAYWRIGHT = 'playwright-core';

/** How long the form a walk stopped on is read for its name: it is on the page already, or there is none. */
const FORM_READ_MS = 500;

/** The widget's fields and buttons (Sign-In Widget 7, Identity Engine). */
const FORM = '#okta-sign-in form';
const IDENTIFIER = `${FORM} input[name="identifier"]`;
const PASSWORD = `${FORM} input[name="credentials.passcode"][type="password"]`;
const SUBMIT = `${FORM} .o-form-button-bar [type="submit"]`;
const FIELD_ERROR = `${FORM} .o-form-input-error`;
const ERROR = `${FORM} .o-form-error-container .okta-form-infobox-error, ${FIELD_ERROR}`;

/** The sign-in page, walked as a person walks it. Never throws; the browser is closed whatever happens. */
export async function browserSignIn(io: BrowserIo): Promise<BrowserResult> {
  const page: PageFacts = { csp: [], scriptErrors: [], assets: [], counts: { csp: 0, scriptErrors: 0, assets: 0 } };
  if (io.chromium === undefined)
    return { notRun: packaged !== undefined && 'problem' in packaged ? packaged.problem : NO_CHROMIUM, page };
  let pw: Pw;
  try {
    pw = (await import(PLAYWRIGHT)) as Pw;
  } catch {
    return { notRun: 'playwright-core is not installed beside the probe (npm install playwright-core)', page };
  }
  let browser: import('playwright-core').Browser | undefined;
  try {
    browser = await pw.chromium.launch({
      executablePath: io.chromium,
      timeout: 4 * io.stepMs,
      // Never a flag that switches off what a person's browser enforces (chromium-args.ts).
      args: chromiumArgs(
        packaged !== undefined && 'path' in packaged && packaged.path === io.chromium ? packaged.args : undefined,
      ),
    });
    page.browserVersion = pageText(`Chromium ${browser.version()}`, []);
    const walked = await walk(browser, io, page);
    // A walk that stopped, or rendered past its budget, is a failure of the page: seen while the browser is open.
    await io.watcher?.settle(!('landed' in walked) || (page.renderMs ?? 0) > io.renderBudgetMs);
    return walked;
  } catch (error) {
    await io.watcher?.settle(true);
    const message = pageText(
      error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
      io.secrets(),
    );
    return browser === undefined
      ? { verdict: fail('BROWSER_UNAVAILABLE', `Chromium at ${io.chromium} would not start: ${message}`), page }
      : { verdict: fail('UNEXPECTED_RESPONSE', `the browser failed: ${message}`), page };
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

function keep(list: string[], key: 'csp' | 'scriptErrors' | 'assets', page: PageFacts, text: string): void {
  page.counts[key] += 1;
  if (list.length < PAGE_FINDINGS_MAX && !list.includes(text)) list.push(text);
}

/** Is this URL the app's redirect URI (its origin and path), where the walk stops? */
function isLanding(url: string, redirectUri: string): boolean {
  if (!URL.canParse(url)) return false;
  const a = new URL(url);
  const b = new URL(redirectUri);
  return a.origin === b.origin && a.pathname === b.pathname;
}

/** What the walk learns as the page runs: where it landed or went, and the requests it told apart. */
interface Walk {
  landed: URL | undefined;
  away: string | undefined;
  /** The requests the walk itself aborted (the one that would load the app). */
  readonly stopped: Set<import('playwright-core').Request>;
  /** The requests that answered an error status. */
  readonly answered: Set<import('playwright-core').Request>;
  readonly arrived: () => void;
  readonly landing: Promise<void>;
}

function newWalk(): Walk {
  let arrived: () => void = () => undefined;
  const landing = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  return { landed: undefined, away: undefined, stopped: new Set(), answered: new Set(), arrived, landing };
}

async function walk(
  browser: import('playwright-core').Browser,
  io: BrowserIo,
  page: PageFacts,
): Promise<BrowserResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  io.watcher?.watch(tab);
  const state = newWalk();
  await routeNavigations(context, io, state);
  await listen(context, tab, io, page, state);
  const started = performance.now();
  const since = (): number => Math.round(performance.now() - started);
  await tab.goto(io.authorizeUrl, { waitUntil: 'commit', timeout: 4 * io.stepMs });
  // Rendered: the widget's identifier field is on the page. The wait is longer than the budget, to tell slow from
  // never.
  const rendered = await tab
    .locator(IDENTIFIER)
    .first()
    .waitFor({ state: 'attached', timeout: Math.max(2 * io.renderBudgetMs, io.stepMs) })
    .then(() => true)
    .catch(() => false);
  if (state.away !== undefined) return { verdict: wentAway(state.away, io), page };
  if (!rendered) {
    // Let the page's last errors arrive before judging it.
    await tab.waitForLoadState('load', { timeout: io.stepMs }).catch(() => undefined);
    return { verdict: pageCause(page, 'the Sign-In Widget never rendered'), page };
  }
  page.renderMs = since();
  const person = new Person(tab, io, page, since);
  const stoppedAt = await signInSteps(person, tab, io, state.landing);
  if (typeof stoppedAt !== 'string' && stoppedAt !== undefined) return { verdict: stoppedAt, page };
  if (stoppedAt === 'landed' && state.landed !== undefined) {
    page.redirectMs = since();
    return { landed: state.landed, page };
  }
  if (state.away !== undefined) return { verdict: wentAway(state.away, io), page };
  return { verdict: await person.stopped(stoppedAt, 'before the redirect to the app'), page };
}

const wentAway = (away: string, io: BrowserIo): Verdict =>
  fail('SIGN_IN_PAGE_REDIRECTED', `the page went to ${pageText(away, io.secrets())}`);

/**
 * The redirect URI is never loaded: its URL (the code and state) is kept, the request aborted. Okta sends the browser
 * there by a 302, which a route never sees, so each page the browser navigates to is fetched here without following
 * redirects, and a redirect to the app stops the walk. Another origin than the org's is named, never followed.
 */
async function routeNavigations(context: import('playwright-core').BrowserContext, io: BrowserIo, state: Walk) {
  await context.route('**/*', async (route) => {
    const request = route.request();
    const stop = async (url: string): Promise<void> => {
      state.stopped.add(request);
      state.landed = new URL(url);
      state.arrived();
      await route.abort('aborted');
    };
    if (isLanding(request.url(), io.redirectUri)) return stop(request.url());
    if (!request.isNavigationRequest()) return route.continue();
    const target = URL.canParse(request.url()) ? new URL(request.url()) : undefined;
    if (target === undefined || !io.pageOrigins.includes(target.origin)) {
      state.away ??= target === undefined ? 'an address that is not a URL' : `${target.origin}${target.pathname}`;
      return route.abort('blockedbyclient');
    }
    let response: import('playwright-core').APIResponse;
    try {
      response = await route.fetch({ maxRedirects: 0 });
    } catch {
      return route.abort('failed');
    }
    const location = response.headers()['location'];
    if (response.status() >= 300 && response.status() < 400 && location !== undefined) {
      const next = new URL(location, request.url()).toString();
      if (isLanding(next, io.redirectUri)) return stop(next);
    }
    return route.fulfill({ response });
  });
}

/** What the browser tells of the page: CSP violations, script errors, failed assets, the widget version asked for. */
async function listen(
  context: import('playwright-core').BrowserContext,
  tab: Page,
  io: BrowserIo,
  page: PageFacts,
  state: Walk,
): Promise<void> {
  const told = (text: string): string => pageText(text, io.secrets());
  await context.exposeBinding('__syntheticsCsp', (_source, directive: unknown, blocked: unknown) => {
    keep(
      page.csp,
      'csp',
      page,
      told(`Content Security Policy directive "${String(directive)}" blocked ${String(blocked)}`),
    );
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (globalThis as unknown as { __syntheticsCsp: (d: string, b: string) => void }).__syntheticsCsp;
      report(e.effectiveDirective, e.blockedURI);
    });
  });
  tab.on('pageerror', (error) => {
    const where = /(https?:\/\/[^\s()]+?):\d+:\d+/.exec(error.stack ?? '')?.[1]?.split(/[?#]/)[0];
    keep(
      page.scriptErrors,
      'scriptErrors',
      page,
      told(`${error.message}${where === undefined ? '' : ` (in ${where})`}`),
    );
  });
  tab.on('response', (response) => {
    const url = response.url();
    const version = /okta-signin-widget\/([0-9]+\.[0-9]+(?:\.[0-9]+)?)\/js\//.exec(url)?.[1];
    // The version the page asks for, loaded or not: a pinned version the CDN lacks is told too.
    if (version !== undefined) page.widgetVersion = version;
    if (response.status() >= 400 && !isLanding(url, io.redirectUri)) {
      state.answered.add(response.request());
      keep(page.assets, 'assets', page, told(`${url} answered ${response.status()}`));
    }
  });
  tab.on('requestfailed', (request) => {
    const why = request.failure()?.errorText ?? 'failed';
    // A request the CSP blocked is told as the violation; the redirect URI's abort is the journey's own; one that
    // answered an error is told by its status already.
    if (state.stopped.has(request) || state.answered.has(request) || why === 'csp' || why.includes('ERR_BLOCKED_BY'))
      return;
    keep(page.assets, 'assets', page, told(`${request.url()} failed (${why})`));
  });
}

/**
 * The identifier, the password and the TOTP code, as a person gives them: what showed last ('landed' at the app), or
 * the verdict that stopped the walk.
 */
async function signInSteps(
  person: Person,
  tab: Page,
  io: BrowserIo,
  landing: Promise<void>,
): Promise<string | undefined | Verdict> {
  const filled = await person.fill(IDENTIFIER, io.username, 'the identifier field');
  if (filled !== undefined) return filled;
  // Identifier and password on one form, or the password on the next.
  if (!(await tab.locator(PASSWORD).first().isVisible())) {
    const next = await person.submit();
    if (next !== undefined) return next;
    const shown = await person.next([PASSWORD, ERROR], landing);
    if (shown !== PASSWORD) return person.stopped(shown, 'after the identifier');
  }
  const password = (await person.fill(PASSWORD, io.password, 'the password field')) ?? (await person.submit());
  if (password !== undefined) return password;
  const shown = await person.next([...AFTER_PASSWORD, ERROR], landing);
  // The one password attempt is told to the journey's state: refused (an error on the form) or accepted.
  if (shown === ERROR) {
    const verdict = await person.stopped(ERROR, 'after the password');
    io.passwordStep({ accepted: false, verdict });
    return verdict;
  }
  io.passwordStep({ accepted: true });
  return shown === undefined || !AFTER_PASSWORD.includes(shown) ? shown : totpSteps(person, io, shown, landing, ERROR);
}

/** A person at the page: fills what is visible, clicks what can be clicked, and says what stopped them. */
class Person implements PagePerson {
  constructor(
    private readonly tab: Page,
    private readonly io: BrowserIo,
    private readonly page: PageFacts,
    private readonly since: () => number,
  ) {}

  async fill(selector: string, value: string, what: string): Promise<Verdict | undefined> {
    const field = this.tab.locator(selector).first();
    if (!(await field.isVisible().catch(() => false)))
      return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is missing or hidden on the widget's form`);
    try {
      await field.fill(value, { timeout: this.io.stepMs });
      return undefined;
    } catch {
      return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} could not be typed into`);
    }
  }

  async submit(): Promise<Verdict | undefined> {
    const verdict = await this.click(SUBMIT, "the form's submit button");
    this.page.submitMs ??= this.since();
    return verdict;
  }

  async click(selector: string, what: string): Promise<Verdict | undefined> {
    const button = this.tab.locator(selector).first();
    if ((await button.count()) === 0) return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is missing`);
    if (!(await button.isVisible().catch(() => false)))
      return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is hidden (a style of the page hides it)`);
    try {
      await button.click({ timeout: this.io.stepMs });
      return undefined;
    } catch (error) {
      const text = error instanceof Error ? error.message : '';
      const covered = /intercepts pointer events/.exec(text) !== null;
      return fail(
        'SIGN_IN_PAGE_FORM_BLOCKED',
        covered ? `${what} is covered by another element of the page` : `${what} could not be clicked`,
      );
    }
  }

  /**
   * Which of the selectors shows first, or the landing; undefined when nothing did within the step. Bounded whatever
   * the page does: the landing never comes on a page that shows a form the walk does not know.
   */
  async next(selectors: readonly string[], landing: Promise<void>): Promise<string | undefined> {
    const waitMs = 2 * this.io.stepMs;
    const shown = selectors.map((s) =>
      this.tab
        .locator(s)
        .first()
        .waitFor({ state: 'visible', timeout: waitMs })
        .then(() => s),
    );
    const landed = landing.then(() => 'landed');
    // The landing may never come: once every selector's wait has failed, nothing showed.
    const none = Promise.allSettled(shown).then(() => undefined);
    const first = Promise.any([...shown, landed, none]).catch(() => undefined);
    return within(first, waitMs, () => undefined);
  }

  async visible(selector: string): Promise<boolean> {
    return this.tab
      .locator(selector)
      .first()
      .isVisible()
      .catch(() => false);
  }

  async names(selector: string): Promise<string[]> {
    const names = await this.tab
      .locator(selector)
      .evaluateAll((els) => els.slice(0, PAGE_FINDINGS_MAX).map((e) => e.getAttribute('data-se') ?? ''))
      .catch(() => []);
    return names.map((n) => pageText(n, this.io.secrets())).filter((n) => n !== '');
  }

  async said(): Promise<string> {
    // A field's own message first: the form's banner above it only says that the form has errors.
    const read = (selector: string): Promise<string[]> =>
      this.tab
        .locator(selector)
        .allInnerTexts()
        .then((all) => all.filter((t) => t.trim() !== ''))
        .catch(() => []);
    const fields = await read(FIELD_ERROR);
    const texts = fields.length > 0 ? fields : await read(ERROR);
    return pageText(texts.slice(0, PAGE_FINDINGS_MAX).join('; '), this.io.secrets());
  }

  /** What stopped the walk: Okta's own message on the form, or the page's cause. */
  async stopped(shown: string | undefined, when: string): Promise<Verdict> {
    if (shown === ERROR) {
      const said = await this.tab
        .locator(ERROR)
        .first()
        .innerText({ timeout: this.io.stepMs })
        .catch(() => '');
      const text = pageText(said, this.io.secrets());
      return /password|incorrect|authentication failed/i.test(text)
        ? fail('SIGN_IN_REJECTED', `the page said: ${text}`)
        : fail('UNEXPECTED_RESPONSE', `the page said, ${when}: ${text}`);
    }
    const what = `nothing the journey can answer came ${when}`;
    const form = await this.formShown();
    // A widget that works and shows a form the walk cannot answer is that form's finding, named; else the page's.
    const quiet = this.page.counts.csp + this.page.counts.assets + this.page.counts.scriptErrors === 0;
    return quiet && form !== undefined
      ? fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what}: the page showed ${form}, which the journey cannot answer`)
      : pageCause(this.page, what);
  }

  /** The form the widget shows: its title and its view's name (the IDX remediation it renders), scrubbed. */
  private async formShown(): Promise<string | undefined> {
    const read = async (selector: string, how: (l: import('playwright-core').Locator) => Promise<string | null>) =>
      how(this.tab.locator(selector).first()).catch(() => null);
    const title = await read(`${FORM} .o-form-head`, (l) => l.innerText({ timeout: FORM_READ_MS }));
    const view = await read('#okta-sign-in .siw-main-view', (l) => l.getAttribute('class', { timeout: FORM_READ_MS }));
    const name = view?.split(/\s+/).find((c) => c !== '' && c !== 'siw-main-view');
    if ((title ?? '') === '' && name === undefined) return undefined;
    const titled = title !== null && title !== '' ? `"${pageText(title, this.io.secrets())}"` : 'a form';
    return name === undefined ? titled : `${titled} (${pageText(name, this.io.secrets())})`;
  }
}
