// The walk into a journey's app (signIn[].app) and its hand-over to the judge: after the journey signed in on the
// hosted page, the same browser session opens the app as a person does (its login URL, where it makes its own state
// and PKCE; or, for a SAML app, Okta's app link, whose assertion the browser posts to the app), follows Okta's
// redirect or POST into the app, and reads the app's answer: its status, where it landed, its words (scrubbed, bounded)
// and its cookies' names, never their values. Another origin than the app's and the org's is named, never followed.
// Nothing of the app is kept beyond the finding: the app's tab is closed and its cookies cleared.
import { within } from '../../deadline';
import type { AppConfig, SignInConfig } from '../../types';
import type { DiagnosisCode } from '../../contract';
import { codesWhere } from '../../diagnosis/registry';
import { fail, failedStep, judged, pass, passed, skip, type Judged, type Judgement, type Observed } from '../verdict';
import { judgeAppSignIn, type AppVisit, type AssertionFacts, type IdTokenFacts, type OktaHandOff } from './app-judge';
import type { AppAnswer } from './app-facts';

type Page = import('playwright-core').Page;
type BrowserContext = import('playwright-core').BrowserContext;

/** The journey's run as this check reads it: its judgement, the visit and the ID token's facts. */
interface RunWithApp extends Judged {
  readonly app?: AppVisit;
  readonly idToken?: IdTokenFacts;
}

/**
 * The `app-sign-in` check: the visit judged, or, on a run between the journey's, the app's verdict its last run kept,
 * as last known; else why the app was not judged (the sign-in's own failure first).
 */
export function judgeAppOf(signIn: Pick<SignInConfig, 'app'>, run: RunWithApp): Judged {
  const app = signIn.app;
  if (app === undefined) return judged(skip('the journey names no "app"'));
  // A sign-in whose page was slow still visited the app: the visit is judged whenever there is one.
  if (run.app !== undefined) return judged(judgeAppSignIn(app, run.app, run.idToken));
  if (!passed(run)) return judged(skip(failedStep('sign-in', run)));
  const last = run.carried !== undefined ? lastKnown(app, run) : undefined;
  return judged(last ?? skip('the journey did not visit the app this run'));
}

/**
 * The codes a kept verdict may hold, a stored one being hostile: the app's answer's, or the org's configuration and
 * our setup where Okta refused the app's own request by its catalogue (app-judge.ts oktaRefusal); never Okta's service.
 */
const KEPT_CODES: ReadonlySet<string> = new Set(
  codesWhere((row) => row.answeredBy === 'app' || row.layer === 'configuration' || row.layer === 'setup'),
);

/** The facts of the journey's kept run (LastRun.observed) that hold its app's verdict: a code or "pass", and why. */
const KEPT_VERDICT = 'appVerdict';
const KEPT_DETAIL = 'appDetail';

/**
 * The journey's run as it is kept between its runs, with its app's verdict in its facts: the runs in between repeat
 * it (lastKnown), as they repeat the sign-in's. Only a verdict on a visit is kept, never a skip.
 */
export function withKeptApp<R extends RunWithApp>(signIn: Pick<SignInConfig, 'app'>, run: R): R {
  if (signIn.app === undefined || run.app === undefined) return run;
  const j = judgeAppOf(signIn, run).judgement;
  if ('notRun' in j) return run;
  const facts =
    j.diagnosis === null
      ? { [KEPT_VERDICT]: 'pass' }
      : { [KEPT_VERDICT]: j.diagnosis.code, [KEPT_DETAIL]: j.diagnosis.detail ?? '' };
  return { ...run, judgement: { ...run.judgement, observed: { ...run.judgement.observed, ...facts } } };
}

/**
 * The app's verdict the journey's last run kept, repeated as what was last known and when (the run carried from the
 * store: hostile, so only a code the registry knows is taken); undefined when that run kept none.
 */
function lastKnown(app: AppConfig, run: RunWithApp): Judgement | undefined {
  const facts = 'notRun' in run.judgement ? undefined : run.judgement.observed;
  const verdict = facts?.[KEPT_VERDICT];
  const when = typeof facts?.lastJourney === 'string' ? facts.lastJourney : 'an earlier run';
  const observed: Observed = { app: app.name, protocol: app.protocol, lastJourney: when };
  if (verdict === 'pass') return pass(observed);
  if (typeof verdict !== 'string' || !KEPT_CODES.has(verdict)) return undefined;
  const detail = typeof facts?.[KEPT_DETAIL] === 'string' ? facts[KEPT_DETAIL] : '';
  return fail(verdict as DiagnosisCode, `Last known, at the journey's run of ${when}: ${detail}`, observed);
}

/** Redirects followed from one navigation, at most: more is a loop. */
const MAX_HOPS = 10;
/** The app's words kept, characters: enough for its error message. */
const WORDS_MAX = 300;

/** What the walk into the app needs of the journey. */
export interface AppIo {
  readonly app: AppConfig;
  /** The org's origins (the org's and its custom domain's): Okta's part of the walk. */
  readonly oktaOrigins: readonly string[];
  /** One step's wait, ms: the whole walk is bounded by four of them. */
  readonly stepMs: number;
  /** A page's text made fit to keep: scrubbed of the run's secrets, bounded (browser.ts pageText). */
  readonly told: (text: string) => string;
  /**
   * The SAML checks' one reader of an assertion (saml/assertion-facts.ts), handed in by the engine: the posted
   * SAMLResponse's facts, or undefined when it cannot be read. Absent: a SAML app's assertion is told unread.
   */
  readonly readAssertion?: (samlResponse: string) => Promise<AssertionFacts | undefined>;
}

/** The app's origins as configured: its login and logout URLs' (a SAML app's ACS is added as it is posted to). */
function appOrigins(app: AppConfig): string[] {
  return [
    ...new Set([app.loginUrl, ...(app.logoutUrl !== undefined ? [app.logoutUrl] : [])].map((u) => new URL(u).origin)),
  ];
}

/**
 * Opens the app in a tab of its own beside the sign-in's, in the same browser context (Okta's session is there), so
 * the app's pages never mix with the sign-in page's findings (those are the sign-in tab's); walks it, reads its
 * answer, logs out where the config says how, and closes the tab with the app's cookies. Never another context: the
 * browser function's Chromium runs in one process (--single-process), where a second context's page, or its close,
 * ends the whole browser, and the sign-in's screenshot and trace with it. Never throws, never waits unbounded.
 */
export async function visitApp(signedIn: Page, io: AppIo): Promise<AppVisit> {
  const context = signedIn.context();
  if (context.browser()?.isConnected() !== true) return { notRun: 'the browser that signed in is gone' };
  let tab: Page | undefined;
  try {
    tab = await context.newPage();
    await tab.setViewportSize({ width: 1280, height: 900 });
    const opened = tab;
    return await within(walkApp(opened, context, io), 4 * io.stepMs, () => ({
      ...lastSeen.get(opened),
      noAnswer: `no answer within ${(4 * io.stepMs) / 1000} s`,
    }));
  } catch (error) {
    return {
      notRun: `the app's page could not be opened: ${io.told(error instanceof Error ? error.message : String(error))}`,
    };
  } finally {
    if (tab !== undefined) await closeApp(tab, context, io);
  }
}

/**
 * The app's tab closed and its cookies cleared, each bounded by a step: a route still fetching when the walk's bound
 * ended is dropped (its errors ignored), never waited on, so nothing of the app holds the journey.
 */
async function closeApp(tab: Page, context: BrowserContext, io: AppIo): Promise<void> {
  const bounded = (work: Promise<unknown>): Promise<unknown> =>
    within(
      work.catch(() => undefined),
      io.stepMs,
      () => undefined,
    );
  await bounded(tab.unrouteAll({ behavior: 'ignoreErrors' }));
  await bounded(tab.close());
  await bounded(forgetApp(context, io));
}

/** The app's cookies (its origins as configured), cleared from the shared context; Okta's stay the sign-in's. */
async function forgetApp(context: BrowserContext, io: AppIo): Promise<void> {
  for (const origin of appOrigins(io.app)) {
    const { hostname } = new URL(origin);
    if (io.oktaOrigins.some((o) => new URL(o).hostname === hostname)) continue;
    await context.clearCookies({ domain: hostname });
  }
}

/** What a walk cut short by its bound had learnt: Okta's hand-off, told even when the app never answered. */
const lastSeen = new WeakMap<Page, Pick<AppVisit, 'handOff'>>();

/** What the walk into the app learns as the page runs. */
interface AppWalk {
  /** The origins the walk may send to: the app's as configured, Okta's, and a SAML app's ACS once posted to. */
  readonly allowed: Set<string>;
  away?: string;
  handOff?: OktaHandOff;
  /** Okta's last answer on the walk: its X-Okta-Request-Id, and the client its authorize hop named. */
  okta?: { readonly requestId?: string; readonly clientId?: string };
  /** The app's own page, once the browser got it: its status, its URL after the redirects, and its Date header. */
  document?: { readonly status: number; readonly url: string; readonly clock?: AppAnswer['clock'] };
  /** The URL of the last answer handed to the tab: what it shows, whatever its location says. */
  shown?: string;
  /** Okta's own error page where the app's was expected (a SAML app's link: "403 App Not Assigned"). */
  oktaPage?: { readonly status: number; readonly requestId?: string };
  /** Settles the walk: the app's page loaded, or the browser was stopped from leaving. */
  readonly settle: () => void;
}

async function walkApp(tab: Page, context: BrowserContext, io: AppIo): Promise<AppVisit> {
  const { app } = io;
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const walk: AppWalk = { allowed: new Set([...appOrigins(app), ...io.oktaOrigins]), settle };
  await tab.route('**/*', (route) => routeHop(route, tab, context, io, walk));
  tab.on('load', () => {
    if (walk.document !== undefined || walk.oktaPage !== undefined) walk.settle();
  });
  await tab.goto(app.loginUrl, { waitUntil: 'commit', timeout: 2 * io.stepMs }).catch(() => undefined);
  await settled;
  const handOff = walk.handOff !== undefined ? { handOff: walk.handOff } : {};
  if (walk.away !== undefined) return { ...handOff, away: io.told(walk.away) };
  if (walk.document === undefined && walk.oktaPage !== undefined)
    return { ...handOff, oktaPage: { ...walk.oktaPage, words: await wordsOf(tab, io) } };
  if (walk.document === undefined) return { ...handOff, noAnswer: 'no page from the app' };
  const answer = await answerOf(tab, context, io, await settledAt(tab, io, walk.document));
  // The app's session ended where the config says how; its outcome changes nothing of the verdict.
  if (app.logoutUrl !== undefined)
    await tab.goto(app.logoutUrl, { waitUntil: 'commit', timeout: io.stepMs }).catch(() => undefined);
  return { ...handOff, answer };
}

/**
 * One navigation of the app's tab. A redirect the route answers is followed by the browser unrouted: so each hop is
 * fetched here, its origin judged before it is sent, and only the last answer handed to the page.
 */
async function routeHop(
  route: import('playwright-core').Route,
  tab: Page,
  context: BrowserContext,
  io: AppIo,
  walk: AppWalk,
): Promise<void> {
  const request = route.request();
  if (!request.isNavigationRequest()) return route.continue();
  const okta = (url: URL): boolean => io.oktaOrigins.includes(url.origin);
  // The page the tab shows is the last answer handed to it, wherever the tab's location stands.
  const shown = walk.shown ?? tab.url();
  const fromOkta = URL.canParse(shown) && okta(new URL(shown));
  let url = request.url();
  let response: import('playwright-core').APIResponse | undefined;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const target = URL.canParse(url) ? new URL(url) : undefined;
    // A SAML app's origin is where Okta's own page posts the assertion: the app's ACS, named by the app's settings.
    if (target !== undefined && hop === 0 && fromOkta && samlPost(request)) walk.allowed.add(target.origin);
    if (target === undefined || !walk.allowed.has(target.origin)) {
      walk.away ??= target === undefined ? 'an address that is not a URL' : `${target.origin}${target.pathname}`;
      walk.settle();
      return route.abort('blockedbyclient');
    }
    if (!okta(target) && walk.handOff === undefined)
      walk.handOff = fromWalk(await handOffAt(target, hop === 0 ? request : undefined, io, fromOkta), walk);
    if (walk.handOff !== undefined) lastSeen.set(tab, { handOff: walk.handOff });
    try {
      response =
        hop === 0
          ? await route.fetch({ maxRedirects: 0 })
          : await context.request.get(url, { maxRedirects: 0, timeout: io.stepMs });
    } catch {
      return route.abort('failed');
    }
    if (okta(target)) walk.okta = oktaAnswer(target, response, walk.okta);
    const location = response.headers()['location'];
    const next = location !== undefined && URL.canParse(location, url) ? new URL(location, url) : undefined;
    if (response.status() < 300 || response.status() >= 400 || next === undefined) break;
    url = next.toString();
  }
  if (response === undefined) return route.abort('failed');
  if (request.frame() !== tab.mainFrame()) return route.fulfill({ response });
  lastAnswer(walk, url, response, okta(new URL(url)));
  return route.fulfill({ response, ...(await atItsUrl(request.url(), url, response)) });
}

/** The last answer a hop handed the main frame: the app's own page, or Okta's error page where it was expected. */
function lastAnswer(walk: AppWalk, url: string, response: import('playwright-core').APIResponse, okta: boolean): void {
  walk.shown = url;
  if (!okta) {
    // The app's clock, read beside the walk's at the same answer: what an expiry the app refused is weighed by.
    const date = response.headers()['date'];
    walk.document = {
      status: response.status(),
      url,
      ...(date !== undefined && { clock: { date, receivedAt: Date.now() } }),
    };
    return;
  }
  // Okta's own error page ends the walk as the app's page would: Okta refused before the app was reached.
  const requestId = response.headers()['x-okta-request-id'];
  if (response.status() >= 400)
    walk.oktaPage = { status: response.status(), ...(requestId !== undefined && { requestId }) };
}

/**
 * The answer of hops followed here is handed to the navigation that asked for its first, so the tab's location stays
 * there. A page's script reads its location (a single-page app's callback reads the code from it, as okta-react's
 * LoginCallback does): an HTML page of the same origin is given, before its own scripts, the one line that moves the
 * location where the page came from (history.replaceState, no navigation). Nothing else of the page is changed.
 */
async function atItsUrl(
  asked: string,
  url: string,
  response: import('playwright-core').APIResponse,
): Promise<{ body: string } | Record<string, never>> {
  if (asked === url || new URL(asked).origin !== new URL(url).origin) return {};
  if (!/text\/html/i.test(response.headers()['content-type'] ?? '')) return {};
  const html = await response.text().catch(() => undefined);
  if (html === undefined) return {};
  const where = JSON.stringify(url).replace(/</g, '\\u003c');
  const move = `<script>history.replaceState(history.state, '', ${where});</script>`;
  const head = /<head[^>]*>/i.exec(html);
  return head === null
    ? { body: move + html }
    : { body: html.slice(0, head.index + head[0].length) + move + html.slice(head.index + head[0].length) };
}

/** The app's answer as the browser shows it: its status and path, its words scrubbed, its cookies by name. */
async function answerOf(
  tab: Page,
  context: BrowserContext,
  io: AppIo,
  document: NonNullable<AppWalk['document']>,
): Promise<NonNullable<AppVisit['answer']>> {
  const words = await wordsOf(tab, io);
  // Their names only: a value is the app's session, a secret the check never reads.
  const cookies = (await context.cookies([new URL(document.url).origin])).map((c) => c.name);
  return {
    status: document.status,
    path: new URL(document.url).pathname,
    words,
    cookies: [...new Set(cookies)],
    ...(document.clock !== undefined && { clock: document.clock }),
  };
}

/**
 * Where the app's page ended once it settled: a single-page app's callback finishes in the browser (okta-react's
 * LoginCallback says "Loading...", exchanges the code, then moves with history.replaceState, no navigation), so the
 * page is read once the network is quiet, at most one step's wait, at the URL the tab shows then when it is still the
 * app's document.
 */
async function settledAt(
  tab: Page,
  io: AppIo,
  document: NonNullable<AppWalk['document']>,
): Promise<NonNullable<AppWalk['document']>> {
  await tab.waitForLoadState('networkidle', { timeout: io.stepMs }).catch(() => undefined);
  const now = URL.canParse(tab.url()) ? new URL(tab.url()) : undefined;
  return now !== undefined && now.origin === new URL(document.url).origin
    ? { ...document, url: now.toString() }
    : document;
}

/** The page's words as the browser shows them, scrubbed and bounded. */
async function wordsOf(tab: Page, io: AppIo): Promise<string> {
  const words = await tab
    .locator('body')
    .innerText({ timeout: io.stepMs })
    .catch(() => '');
  return io.told(words).slice(0, WORDS_MAX);
}

/**
 * Okta's hand-off seen on a hop to the app: a SAML app's assertion posted from Okta's page (the navigation's own body,
 * read by the SAML checks' reader), or Okta's redirect with a code or an error; undefined for any other hop.
 */
async function handOffAt(
  target: URL,
  request: import('playwright-core').Request | undefined,
  io: AppIo,
  fromOkta: boolean,
): Promise<OktaHandOff | undefined> {
  const form = request !== undefined && samlPost(request) ? request.postData() : null;
  if (form !== null) {
    const posted = new URLSearchParams(form).get('SAMLResponse');
    const assertion = posted === null ? undefined : await io.readAssertion?.(posted).catch(() => undefined);
    return { kind: 'post', ...(assertion !== undefined && { assertion }) };
  }
  // response_mode=form_post (ASP.NET Core's default): Okta's page posts the code, or its error, to the app.
  const posted = fromOkta && request?.method() === 'POST' ? new URLSearchParams(request.postData() ?? '') : undefined;
  const values = posted !== undefined && (posted.has('code') || posted.has('error')) ? posted : target.searchParams;
  if (values.has('code') || values.has('error'))
    return {
      kind: 'redirect',
      code: values.has('code'),
      ...(values === posted && { posted: true }),
      ...(values.has('error') && { error: io.told(values.get('error') ?? '') }),
      ...(values.has('error_description') && { description: io.told(values.get('error_description') ?? '') }),
    };
  return undefined;
}

/**
 * Okta's answer on a hop of the walk: its X-Okta-Request-Id (the System Log's transaction.id of the events it
 * caused), and the client an authorize hop names, kept from an earlier hop when this one names none.
 */
function oktaAnswer(
  target: URL,
  response: import('playwright-core').APIResponse,
  before: AppWalk['okta'],
): NonNullable<AppWalk['okta']> {
  const requestId = response.headers()['x-okta-request-id'];
  const clientId = target.pathname.endsWith('/authorize') ? target.searchParams.get('client_id') : null;
  return {
    ...(requestId !== undefined && { requestId }),
    ...(clientId !== null ? { clientId } : before?.clientId !== undefined && { clientId: before.clientId }),
  };
}

/** Okta's hand-off with the request id of Okta's answer that made it, and the app's client. */
function fromWalk(handOff: OktaHandOff | undefined, walk: AppWalk): OktaHandOff | undefined {
  if (handOff === undefined) return undefined;
  const { requestId, clientId } = walk.okta ?? {};
  return {
    ...handOff,
    ...(requestId !== undefined && { requestId }),
    ...(clientId !== undefined && { clientId }),
  };
}

/** A form posted with a SAMLResponse: Okta's hand-off to a SAML app. */
function samlPost(request: import('playwright-core').Request): boolean {
  return request.method() === 'POST' && /(?:^|&)SAMLResponse=/.test(request.postData() ?? '');
}
