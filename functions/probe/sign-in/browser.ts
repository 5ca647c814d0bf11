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
import { classifyFailure } from '../classify';
import { codeRow } from '../../diagnosis/registry';
import { errorVerdict, fail, type Observed, type Verdict } from '../verdict';
import type { PasswordAnswer } from './guard';
import { typeCode, type PagePerson, type TotpIo } from './browser-totp';
import {
  field,
  PageAnswers,
  PageReading,
  remediationNames,
  WIDGET,
  type PageControl,
  type WalkTold,
} from './browser-idx';
import type { IdxSubmit } from './idx-move';
import { redirectError } from './judge';
import { chromiumArgs } from './chromium-args';
import { awaitWidget, neverRendered, PageRequests, tabLook } from './render-wait';
import { reachForm, type SwitchingPerson } from './browser-switch';
import { edgeChallenge, edgeChallengeVerdict } from './browser-edge';
import { integrityRefused } from './browser-integrity';

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
  /** The bot protection's challenge frame the page showed the synthetic user (its origin and path), if it did. */
  captcha?: string;
  /** The first script or stylesheet the browser refused by its integrity hash (its URL), if any. */
  integrity?: string;
  renderMs?: number;
  submitMs?: number;
  redirectMs?: number;
}

export interface BrowserIo extends TotpIo, WalkTold {
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
  /**
   * Handed the tab once the walk landed at the redirect URI, the browser still open: a journey's app is visited in
   * the same session (app-sign-in.ts), in a context of its own. The sign-in's verdict is decided by then.
   */
  readonly afterSignIn?: (tab: Page) => Promise<void>;
}

/** Watches the tab from its opening; settled at the walk's end, the browser still open (`failed`: not a clean walk). */
export interface PageWatcher {
  watch(tab: import('playwright-core').Page): void;
  settle(failed: boolean): Promise<void>;
}

type BrowserResult =
  | { readonly landed: URL; readonly page: PageFacts }
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
    ...(page.captcha !== undefined && { captchaChallenge: page.captcha }),
  };
}

/**
 * A walk that stopped on the page while the bot protection's challenge was on screen: the challenge is why (a person
 * solves it, the probe cannot), whatever the page's form then looked like. Only a finding of the page is retold: a
 * refused password or an answer Okta's catalogue names stays what it is.
 */
export function challengeFirst(verdict: Verdict, captcha: string | undefined): Verdict {
  const code = verdict.diagnosis?.code;
  if (captcha === undefined || code === undefined || code === 'SIGN_IN_PAGE_CAPTCHA') return verdict;
  if (codeRow(code).hostedPage === undefined) return verdict;
  return fail(
    'SIGN_IN_PAGE_CAPTCHA',
    `the page showed a bot protection challenge to the synthetic user (${captcha}); the walk stopped there ` +
      `(${verdict.diagnosis?.detail ?? code})`,
    verdict.observed,
  );
}

/** A connection never made or dropped, in Chromium's words (net::ERR_*) and in Node's (Playwright's route.fetch). */
const NETWORK_FAILURES: readonly RegExp[] = [
  /ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED/,
  /ERR_CONNECTION_(REFUSED|RESET|CLOSED|FAILED)|ERR_NETWORK_CHANGED|ERR_EMPTY_RESPONSE/,
  /ERR_PROXY_CONNECTION_FAILED|ERR_TUNNEL_CONNECTION_FAILED/,
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|EPIPE)\b|socket hang up/,
];

/** How a transport failure reads in Chromium's (net::ERR_*) or Playwright's (Node's codes) words, or undefined. */
function transportKind(text: string): 'timeout' | 'tls' | 'network' | undefined {
  if (/ERR_(CONNECTION_)?TIMED_OUT|\bETIMEDOUT\b|UND_ERR_CONNECT_TIMEOUT/.test(text)) return 'timeout';
  if (/ERR_CERT_|ERR_SSL_|ERR_BAD_SSL|certificate|\bSSL\b|\bTLS\b/i.test(text)) return 'tls';
  if (NETWORK_FAILURES.some((failure) => failure.test(text))) return 'network';
  return undefined;
}

/**
 * The page's own address not reached (its name not resolved, its port refused, no route, a TLS handshake that failed,
 * no answer in time), as the API journeys tell the same failure (NETWORK_ERROR, ours from one place; TIMEOUT): never
 * a finding of the page. Undefined when the text tells no transport failure.
 */
export function unreachedVerdict(text: string, url: string): Verdict | undefined {
  const kind = transportKind(text);
  if (kind === undefined) return undefined;
  const said = kind === 'tls' ? `TLS handshake failed: ${text}` : text;
  return fail(classifyFailure({ kind }), `the sign-in page ${url} could not be reached: ${said}`);
}

/** A sign of Chromium itself gone (crashed, killed, out of memory), in Playwright's words. */
const CHROMIUM_GONE = new RegExp(
  [
    'Target crashed',
    'Target (page, context or browser )?(has been )?closed',
    'Browser (has been )?closed',
    'browser has disconnected',
    'Page crashed',
  ].join('|'),
  'i',
);

/**
 * Why the browser run ended in an error, whose it is: the page's address not reached (ours, as the API journeys say),
 * Chromium that would not start or crashed (ours: BROWSER_UNAVAILABLE), or anything else the browser's machinery
 * threw (ours too: the page's own failures are findings of the walk, never a throw).
 */
export function thrownVerdict(
  message: string,
  facts: { readonly chromium: string; readonly launched: boolean; readonly crashed: boolean; readonly url: string },
  unreached: Verdict | undefined,
): Verdict {
  if (unreached !== undefined) return unreached;
  if (!facts.launched) return fail('BROWSER_UNAVAILABLE', `Chromium at ${facts.chromium} would not start: ${message}`);
  if (facts.crashed || CHROMIUM_GONE.test(message))
    return fail('BROWSER_UNAVAILABLE', `Chromium crashed or was closed during the walk: ${message}`);
  const transport = unreachedVerdict(message, facts.url);
  if (transport !== undefined) return transport;
  // Playwright's own deadline on the page's first answer: the org's page did not answer in time.
  if (/^(page\.goto: )?Timeout \d+ms exceeded/.test(message))
    return fail('TIMEOUT', `the sign-in page ${facts.url} did not answer in time: ${message}`);
  return fail('BROWSER_UNAVAILABLE', `the browser failed during the walk: ${message}`);
}

/**
 * Why the widget could not be used, from what the browser told: a blocked resource first (it explains the script
 * error it causes), then a failed asset, then a script error; else a blank page.
 */
export function pageCause(page: PageFacts, what: string): Verdict {
  const more = (n: number, kept: number): string => (n > kept ? ` (and ${n - kept} more)` : '');
  // A resource refused by its hash explains the script errors that follow it: the widget never defined.
  if (page.integrity !== undefined)
    return fail(
      'SIGN_IN_PAGE_INTEGRITY_FAILED',
      `${what}: ${page.integrity} was refused by the browser: its content does not match the page's integrity hash`,
    );
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
/** Said of a step once Okta's answer sent the page on to the app (success-redirect, Classic's SUCCESS). */
const SUCCEEDED = ', once Okta said the sign-in succeeded';
/** Enough for identify, password, select, code, an expiry warning, an optional enrollment, "Stay signed in". */
const MAX_FORMS = 10;

/**
 * The widget rendered its first form: the identifier field, by its input name in every generation (Gen2's and Gen3's
 * `identifier`, Classic's `username`).
 */
const RENDERED = `${WIDGET} form :is(input[name="identifier"], input[name="username"])`;
/** The form's submit, `type=submit` in every generation (Gen2's input, Gen3's button). */
const SUBMIT = `${WIDGET} form [type="submit"]`;
/** A Classic Engine widget's first form: the username and the password together. */
const CLASSIC_USERNAME = `${WIDGET} form input[name="username"]`;
/** The form's title, by the data-se Gen2 and Gen3 both give it. */
const FORM_HEAD = `${WIDGET} [data-se="o-form-head"]`;

/** The sign-in page, walked as a person walks it. Never throws; the browser is closed whatever happens. */
export async function browserSignIn(io: BrowserIo): Promise<BrowserResult> {
  const page: PageFacts = { csp: [], scriptErrors: [], assets: [], counts: { csp: 0, scriptErrors: 0, assets: 0 } };
  // Our own machinery, never the org's: a warning of ours that judges nothing of the page (the registry's row).
  if (io.chromium === undefined)
    return {
      verdict: fail(
        'BROWSER_UNAVAILABLE',
        packaged !== undefined && 'problem' in packaged ? packaged.problem : NO_CHROMIUM,
      ),
      page,
    };
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
      args: chromiumArgs(
        packaged !== undefined && 'path' in packaged && packaged.path === io.chromium ? packaged.args : undefined,
      ),
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

function keep(list: string[], key: 'csp' | 'scriptErrors' | 'assets', page: PageFacts, text: string): void {
  page.counts[key] += 1;
  if (list.length < PAGE_FINDINGS_MAX && !list.includes(text)) list.push(text);
}

/**
 * Whether an origin is on loopback (the simulator, a test's server). The route fulfils the tab's page itself, so
 * Chromium knows no address for it and takes it as public: a frame of another loopback origin is then a local network
 * access it blocks (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS). A page on loopback is loopback's own, as it would be
 * had Chromium fetched it: there the access is granted. A page on the internet keeps Chromium's checks, as people's.
 */
function isLoopback(origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const host = new URL(origin).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
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
  /** The answer whose redirect landed the walk (its status and Okta's request id), when the walk's route saw it. */
  landedBy: { readonly status: number; readonly requestId: string | null } | undefined;
  away: string | undefined;
  /** The tab's own page answered an error Okta's catalogue names (an unregistered redirect_uri, an unknown client). */
  refused: Verdict | undefined;
  /** The tab's own page could not be reached (its name, its port, its TLS): ours, as the API journeys say. */
  unreached: Verdict | undefined;
  /** Chromium's tab crashed. */
  crashed: boolean;
  /** The bot protection's challenge frame on screen now (its origin and path), or undefined. */
  challenge: () => Promise<string | undefined>;
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
  return {
    landed: undefined,
    landedBy: undefined,
    away: undefined,
    refused: undefined,
    unreached: undefined,
    crashed: false,
    challenge: () => Promise.resolve(undefined),
    stopped: new Set(),
    answered: new Set(),
    arrived,
    landing,
  };
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

/**
 * The redirect URI is never loaded: its URL (the code and state) is kept, the request aborted. Okta sends the browser
 * there by a 302, which a route never sees, so each page the tab navigates to is fetched here without following
 * redirects, and a redirect to the app stops the walk. Another origin than the org's is named, never followed. A
 * frame's navigation is the page's subresource (bot protection's hCaptcha or reCAPTCHA, a chat widget, a tag
 * manager: okta-behaviour.md, "Bot protection"), loaded as the page asks, never the tab leaving.
 */
async function routeNavigations(
  context: import('playwright-core').BrowserContext,
  io: BrowserIo,
  state: Walk,
  answers: PageAnswers,
) {
  await context.route('**/*', async (route) => {
    const request = route.request();
    const stop = async (url: string): Promise<void> => {
      state.stopped.add(request);
      state.landed = new URL(url);
      state.arrived();
      await route.abort('aborted');
    };
    if (isLanding(request.url(), io.redirectUri)) return stop(request.url());
    if (!request.isNavigationRequest() && isPageAnswer(request.url(), io)) return readAnswer(route, io, answers);
    if (!request.isNavigationRequest() || !ofTab(request)) return route.continue();
    const target = URL.canParse(request.url()) ? new URL(request.url()) : undefined;
    if (target === undefined || !io.pageOrigins.includes(target.origin)) {
      state.away ??= target === undefined ? 'an address that is not a URL' : `${target.origin}${target.pathname}`;
      return route.abort('blockedbyclient');
    }
    let response: import('playwright-core').APIResponse;
    try {
      response = await route.fetch({ maxRedirects: 0, timeout: 4 * io.stepMs });
    } catch (error) {
      const said = pageText(
        error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
        io.secrets(),
      );
      state.unreached ??= unreachedVerdict(said, `${target.origin}${target.pathname}`);
      return route.abort('failed');
    }
    const location = response.headers()['location'];
    if (response.status() >= 300 && response.status() < 400 && location !== undefined) {
      const next = new URL(location, request.url()).toString();
      if (isLanding(next, io.redirectUri)) {
        state.landedBy = { status: response.status(), requestId: response.headers()['x-okta-request-id'] ?? null };
        return stop(next);
      }
    }
    const edge = edgeChallenge(response.headers());
    if (edge !== undefined)
      state.refused ??= edgeChallengeVerdict(
        pageText(`${target.origin}${target.pathname}`, io.secrets()),
        response.status(),
        edge,
      );
    else if (response.status() >= 400) state.refused ??= await refusal(target, response, io);
    return route.fulfill({ response });
  });
}

/** Whether a request asks the org's sign-in API (on the page's own origins) for the widget's next state. */
const isPageAnswer = (url: string, io: BrowserIo): boolean =>
  PageAnswers.isAnswer(url) && io.pageOrigins.includes(new URL(url).origin);

/**
 * One answer of the sign-in API, fetched by the walk and handed to the widget once kept. Read from the response the
 * page is given, not after it: a widget that follows a failure redirect at once (a user not assigned) navigates the
 * tab away, and Chromium then drops the body a response listener would read, leaving a 403 read as empty (a network
 * zone's answer). A request that fails is failed for the widget too, never sent twice.
 */
async function readAnswer(route: import('playwright-core').Route, io: BrowserIo, answers: PageAnswers) {
  let response: import('playwright-core').APIResponse;
  try {
    response = await route.fetch({ timeout: 4 * io.stepMs });
  } catch {
    return route.abort('failed');
  }
  await answers.take(response);
  return route.fulfill({ response });
}

/** Whether a request is the tab's own (its main frame's), not a frame's inside the page. */
function ofTab(request: import('playwright-core').Request): boolean {
  try {
    return request.frame().parentFrame() === null;
  } catch {
    // A service worker's request has no frame: never the tab's navigation.
    return false;
  }
}

/**
 * The tab's own page answered an error: what Okta's catalogue names it, as the API journeys read the same answer
 * (/authorize's HTML 400 page for an unregistered redirect_uri or an unknown client_id: okta-behaviour.md), with the
 * page's own words, scrubbed and bounded. Its body is read only to classify it, never kept whole.
 */
async function refusal(
  target: URL,
  response: import('playwright-core').APIResponse,
  io: BrowserIo,
): Promise<Verdict | undefined> {
  const body = await response.text().catch(() => '');
  const headers = response.headers();
  const endpoint = /\/authorize$/.test(target.pathname) ? 'authorize' : 'sign-in';
  const verdict = errorVerdict(
    {
      status: response.status(),
      headers,
      body,
      bodyTruncated: false,
      requestId: headers['x-okta-request-id'] ?? null,
      timings: { total: 0 },
      receivedAt: Date.now(),
    },
    { endpoint, orgServer: false },
  );
  if (verdict?.diagnosis === null || verdict === null) return undefined;
  const said = pageText(verdict.diagnosis.detail ?? body, io.secrets());
  const where = pageText(`${target.origin}${target.pathname}`, io.secrets());
  return { ...verdict, diagnosis: { ...verdict.diagnosis, detail: `${where} answered ${response.status()}: ${said}` } };
}

/** The resource types a page's assets are: an answer of the sign-in API (xhr, fetch) is read by the walk instead. */
const ASSET_TYPES: ReadonlySet<string> = new Set(['script', 'stylesheet', 'font']);

/**
 * A page's request that failed, told as a failed asset, or undefined: only the page's scripts, stylesheets and fonts
 * count, and a request the CSP blocked is told as the violation. An http: asset on the https: page is blocked by every
 * person's browser (mixed content; Chromium's failure says `mixed-content`): said in words, as the asset that failed.
 */
export function failedAsset(url: string, resourceType: string, why: string): string | undefined {
  if (why === 'csp' || why.includes('ERR_BLOCKED_BY') || !ASSET_TYPES.has(resourceType)) return undefined;
  if (why === 'mixed-content')
    return `${url} failed (mixed content: an http: ${resourceType} on the https: page, which browsers block)`;
  return `${url} failed (${why})`;
}

/**
 * The challenge frames of the bot protections a sign-in page carries (okta-developer-docs reference/api/captchas:
 * hCaptcha and reCAPTCHA v2, both invisible until their risk analysis asks for a challenge; Cloudflare's on a custom
 * domain behind it): reCAPTCHA's challenge is its bframe, hCaptcha's the frame named #frame=challenge.
 */
const CHALLENGE_FRAME =
  /\/recaptcha\/(api2|enterprise)\/bframe|hcaptcha\.html#frame=challenge|^https:\/\/challenges\.cloudflare\.com\//;

/** A frame smaller than this (px, either side) asks nothing of a person: an invisible CAPTCHA's own anchor frame. */
const CHALLENGE_MIN_PX = 30;

/** The first challenge frame on screen now: its origin and path. */
async function challengeShown(tab: Page): Promise<string | undefined> {
  for (const frame of tab.frames()) {
    if (frame === tab.mainFrame() || !CHALLENGE_FRAME.test(frame.url())) continue;
    const element = await frame.frameElement().catch(() => undefined);
    const box = element === undefined ? null : await element.boundingBox().catch(() => null);
    const visible = element === undefined ? false : await element.isVisible().catch(() => false);
    if (visible && box !== null && box.width >= CHALLENGE_MIN_PX && box.height >= CHALLENGE_MIN_PX) {
      const url = new URL(frame.url());
      return `${url.origin}${url.pathname}`;
    }
  }
  return undefined;
}

/** The CSP violations the page's policy enforced, as the page's own document tells them (securitypolicyviolation). */
async function listenCsp(
  context: import('playwright-core').BrowserContext,
  page: PageFacts,
  told: (text: string) => string,
): Promise<void> {
  await context.exposeBinding(
    '__syntheticsCsp',
    (_source, directive: unknown, blocked: unknown, disposition: unknown) => {
      // Content-Security-Policy-Report-Only blocks nothing (its disposition is "report"): never a cause.
      if (disposition === 'report') return;
      keep(
        page.csp,
        'csp',
        page,
        told(`Content Security Policy directive "${String(directive)}" blocked ${String(blocked)}`),
      );
    },
  );
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (globalThis as unknown as { __syntheticsCsp: (d: string, b: string, p: string) => void })
        .__syntheticsCsp;
      report(e.effectiveDirective, e.blockedURI, e.disposition);
    });
  });
}

/**
 * What the browser tells of the page: CSP violations the policy enforced, script errors, the page's scripts,
 * stylesheets and fonts that failed, the widget version asked for, Chromium crashing, a challenge frame.
 */
async function listen(
  context: import('playwright-core').BrowserContext,
  tab: Page,
  io: BrowserIo,
  page: PageFacts,
  state: Walk,
): Promise<void> {
  const told = (text: string): string => pageText(text, io.secrets());
  await listenCsp(context, page, told);
  tab.on('crash', () => {
    state.crashed = true;
  });
  state.challenge = () => challengeShown(tab);
  tab.on('console', (message) => {
    const refused = integrityRefused(message.type(), message.text());
    if (refused !== undefined) page.integrity ??= told(refused);
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
      if (ASSET_TYPES.has(response.request().resourceType()))
        keep(page.assets, 'assets', page, told(`${url} answered ${response.status()}`));
    }
  });
  tab.on('requestfailed', (request) => {
    // The redirect URI's abort is the journey's own; one that answered an error is told by its status already.
    if (state.stopped.has(request) || state.answered.has(request)) return;
    const failed = failedAsset(request.url(), request.resourceType(), request.failure()?.errorText ?? 'failed');
    if (failed !== undefined) keep(page.assets, 'assets', page, told(failed));
  });
}

/** The words of where the walk is, after a move: the finding's "after the password". */
function afterMove(move: IdxSubmit): string {
  if (move.step === 'identify') return move.secret === undefined ? 'after the identifier' : 'after the password';
  if (move.step === 'password') return 'after the password';
  if (move.step === 'totp') return 'after the TOTP code';
  if (move.step === 'select') return `after choosing ${move.label}`;
  return `after the ${move.label}`;
}

/**
 * The sign-in, answer by answer: each answer the widget received is judged as the idx flow judges it, and the form
 * it asks for answered on the page (the identifier, the password, the authenticator whose seed the journey holds, its
 * code, "Don't stay signed in", a skip). 'landed' at the app, or the verdict that stopped the walk.
 */
async function signInSteps(
  person: Person,
  io: BrowserIo,
  landing: Promise<void>,
  answers: PageAnswers,
  reading: PageReading,
): Promise<'landed' | Verdict> {
  let seen = 0;
  let when = 'at the first form';
  // A Classic Engine page asks for the username and password before any answer: its widget has no transaction yet.
  const classic = answers.count === 0 && (await person.shows(CLASSIC_USERNAME));
  let pending: { readonly move: IdxSubmit; readonly control: PageControl } | undefined = classic
    ? reading.classicSignIn()
    : undefined;
  for (let forms = 0; forms <= MAX_FORMS; forms++) {
    if (pending === undefined) {
      const answer = await answers.after(seen, 2 * io.stepMs, landing);
      if (answer === 'landed') {
        reading.landed();
        return 'landed';
      }
      if (answer === undefined) return person.stopped(when, answers);
      const judged = classic ? reading.judgeClassic(answer, when) : reading.judge(answer, when);
      if (judged.kind === 'failed') return judged.verdict;
      if (judged.kind === 'form') return person.formBlocked(when, judged.names);
      if (judged.kind === 'landing') {
        // Okta's redirect may show another of its pages before the app's: the consent screen of an app whose consent
        // is required (okta-developer-docs guides/request-user-consent), a Classic org's widget handed its
        // transaction. Its answer is judged as any other; the landing ends the wait as before.
        seen = answers.count;
        if (!when.endsWith(SUCCEEDED)) when = `${when}${SUCCEEDED}`;
        continue;
      }
      pending = judged;
    }
    const { move, control } = pending;
    pending = undefined;
    const filled = await fillForm(person, io, control);
    if (filled !== undefined) return filled;
    // Counted before the press: the answer to it is the next one.
    seen = answers.count;
    const pressed = control.press === 'submit' ? await person.submit(control.what) : await person.press(control);
    if (pressed !== undefined) return pressed;
    reading.acted(move);
    when = afterMove(move);
  }
  return fail('UNEXPECTED_RESPONSE', `the page kept asking for more after ${MAX_FORMS} forms`);
}

/** The control's form made ready and its fields filled (the code only where typeCode allows); or why not. */
async function fillForm(person: Person, io: BrowserIo, control: PageControl): Promise<Verdict | undefined> {
  const ready = await person.prepare(control);
  if (ready !== undefined) return ready;
  for (const { field, value, within } of control.fill) {
    const filled =
      value === 'totp'
        ? await typeCode(person, io, field, within)
        : await person.fill(
            field,
            value === 'username' ? io.username : io.password,
            value === 'username' ? 'the identifier field' : 'the password field',
            within,
          );
    if (filled !== undefined) return filled;
  }
  return undefined;
}

/** A person at the page: fills what is visible, clicks what can be clicked, and says what stopped them. */
class Person implements PagePerson, SwitchingPerson {
  constructor(
    private readonly tab: Page,
    private readonly io: BrowserIo,
    private readonly page: PageFacts,
    private readonly since: () => number,
  ) {}

  /**
   * The control's form made ready: the form it must show (the factor the answer named) waited for, else named; its
   * revealing link clicked when shown.
   */
  async prepare(control: PageControl): Promise<Verdict | undefined> {
    const target = control.showing?.selector ?? (control.press === 'submit' ? undefined : control.press.join(', '));
    if (control.elsewhere !== undefined && target !== undefined) {
      const reached = await reachForm(this, target, control.elsewhere, this.io.stepMs);
      if (reached !== undefined) return reached;
    }
    if (control.showing !== undefined) {
      const shown = await this.tab
        .locator(control.showing.selector)
        .first()
        .waitFor({ state: 'visible', timeout: this.io.stepMs })
        .then(() => true)
        .catch(() => false);
      if (!shown)
        return fail(
          'SIGN_IN_PAGE_FORM_BLOCKED',
          `the page does not show ${control.showing.what}, where the answer asks for its code: no code typed`,
        );
    }
    if (control.reveal !== undefined && (await this.shows(control.reveal)))
      return this.click(control.reveal, `the link that shows ${control.what}'s field`);
    return undefined;
  }

  /** Types into the widget's input of that name once it shows (the widget renders the answer it just received). */
  async fill(name: string, value: string, what: string, within?: string): Promise<Verdict | undefined> {
    const input = this.tab.locator(field(name, within)).first();
    const shown = await input
      .waitFor({ state: 'visible', timeout: this.io.stepMs })
      .then(() => true)
      .catch(() => false);
    if (!shown) return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is missing or hidden on the widget's form`);
    try {
      await input.fill(value, { timeout: this.io.stepMs });
      return undefined;
    } catch {
      return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} could not be typed into`);
    }
  }

  async shows(selector: string): Promise<boolean> {
    return this.tab
      .locator(selector)
      .first()
      .isVisible()
      .catch(() => false);
  }

  async autocomplete(name: string, within?: string): Promise<string> {
    return (
      (await this.tab
        .locator(field(name, within))
        .first()
        .getAttribute('autocomplete', { timeout: FORM_READ_MS })
        .catch(() => null)) ?? ''
    );
  }

  /** The title of the form the walk answered last. */
  #answeredTitle = '';

  async submit(what: string): Promise<Verdict | undefined> {
    const verdict = await this.click(SUBMIT, what);
    this.page.submitMs ??= this.since();
    return verdict;
  }

  /** The first of the control's selectors to show within the step, clicked. */
  async press(control: PageControl): Promise<Verdict | undefined> {
    const selectors = control.press === 'submit' ? [SUBMIT] : control.press;
    const shown = await this.firstShown(selectors, this.io.stepMs);
    return this.click(shown ?? selectors[0] ?? SUBMIT, control.what);
  }

  async firstShown(selectors: readonly string[], waitMs: number): Promise<string | undefined> {
    return Promise.any(
      selectors.map((s) =>
        this.tab
          .locator(s)
          .first()
          .waitFor({ state: 'visible', timeout: waitMs })
          .then(() => s),
      ),
    ).catch(() => undefined);
  }

  async click(selector: string, what: string): Promise<Verdict | undefined> {
    this.#answeredTitle = (
      await this.tab
        .locator(FORM_HEAD)
        .first()
        .innerText({ timeout: FORM_READ_MS })
        .catch(() => '')
    ).trim();
    const button = this.tab.locator(selector).first();
    const shown = await button
      .waitFor({ state: 'visible', timeout: this.io.stepMs })
      .then(() => true)
      .catch(() => false);
    if (!shown && (await button.count().catch(() => 0)) === 0)
      return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is missing`);
    if (!shown) return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is hidden (a style of the page hides it)`);
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
   * A form the page showed that the walk does not answer, named by its title and its remediations: the title of the
   * form the widget renders for the answer, once it replaced the one the walk answered last.
   */
  async formBlocked(when: string, names: string): Promise<Verdict> {
    const head = this.tab.locator(FORM_HEAD);
    const next = this.#answeredTitle === '' ? head : head.filter({ hasNotText: this.#answeredTitle });
    const title = await next
      .first()
      .innerText({ timeout: this.io.stepMs })
      .catch(() => head.first().innerText({ timeout: FORM_READ_MS }))
      .catch(() => '');
    const titled = title.trim() === '' ? 'a form' : `"${pageText(title, this.io.secrets())}"`;
    return fail(
      'SIGN_IN_PAGE_FORM_BLOCKED',
      `nothing the journey can answer came ${when}: the page showed ${titled}${names === '' ? '' : ` (${names})`}, ` +
        'which the journey cannot answer',
    );
  }

  /**
   * Nothing came: the form the widget shows, named, when the page itself is quiet (its latest answer's remediations);
   * else the page's cause.
   */
  async stopped(when: string, answers: PageAnswers): Promise<Verdict> {
    const quiet = this.page.counts.csp + this.page.counts.assets + this.page.counts.scriptErrors === 0;
    const latest = answers.latest();
    const shown = await this.tab
      .locator(FORM_HEAD)
      .first()
      .isVisible()
      .catch(() => false);
    if (quiet && shown) return this.formBlocked(when, latest === undefined ? '' : remediationNames(latest.response));
    return pageCause(this.page, `nothing the journey can answer came ${when}`);
  }
}
