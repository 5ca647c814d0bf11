// The walk's route: every request of the tab, its navigations fetched without following redirects (a redirect to the
// app's redirect URI stops the walk, another origin is named and never followed) and the sign-in API's answers read
// as the widget is handed them. What the walk learns as the page runs (Walk) is kept here.
import { errorVerdict, type Verdict } from '../../../verdict';
import { PageAnswers } from './page-answers';
import { edgeChallenge, edgeChallengeVerdict } from './edge';
import type { BrowserIo } from './io';
import { pageText } from './page-facts';
import { unreachedVerdict } from './thrown';

/**
 * Whether an origin is on loopback (the simulator, a test's server). The route fulfils the tab's page itself, so
 * Chromium knows no address for it and takes it as public: a frame of another loopback origin is then a local network
 * access it blocks (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS). A page on loopback is loopback's own, as it would be
 * had Chromium fetched it: there the access is granted. A page on the internet keeps Chromium's checks, as people's.
 */
export function isLoopback(origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const host = new URL(origin).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Is this URL the app's redirect URI (its origin and path), where the walk stops? */
export function isLanding(url: string, redirectUri: string): boolean {
  if (!URL.canParse(url)) return false;
  const a = new URL(url);
  const b = new URL(redirectUri);
  return a.origin === b.origin && a.pathname === b.pathname;
}

/** What the walk learns as the page runs: where it landed or went, and the requests it told apart. */
export interface Walk {
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

export function newWalk(): Walk {
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

/**
 * The redirect URI is never loaded: its URL (the code and state) is kept, the request aborted. Okta sends the browser
 * there by a 302, which a route never sees, so each page the tab navigates to is fetched here without following
 * redirects, and a redirect to the app stops the walk. Another origin than the org's is named, never followed. A
 * frame's navigation is the page's subresource (bot protection's hCaptcha or reCAPTCHA, a chat widget, a tag
 * manager: okta-behaviour.md, "Bot protection"), loaded as the page asks, never the tab leaving.
 */
export async function routeNavigations(
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
