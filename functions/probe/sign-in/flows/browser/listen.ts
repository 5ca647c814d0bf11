// What the browser tells of the page as it runs: CSP violations the policy enforced, script errors, the page's
// scripts, stylesheets and fonts that failed, the widget version asked for, Chromium crashing, a challenge frame.
import { ASSET_TYPES, failedAsset, keep, pageText, type PageFacts } from './page-facts';
import { integrityRefused } from './integrity';
import type { BrowserIo } from './io';
import { isLanding, type Walk } from './route';

type Page = import('playwright-core').Page;

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

/**
 * The CSP violations the page's policy enforced, as the page's own document tells them (securitypolicyviolation):
 * the sign-in tab's only, never those of the app's tab opened beside it in the same context (app-sign-in.ts).
 */
async function listenCsp(
  context: import('playwright-core').BrowserContext,
  tab: Page,
  page: PageFacts,
  told: (text: string) => string,
): Promise<void> {
  await context.exposeBinding(
    '__syntheticsCsp',
    (source, directive: unknown, blocked: unknown, disposition: unknown) => {
      // Content-Security-Policy-Report-Only blocks nothing (its disposition is "report"): never a cause.
      if (disposition === 'report' || source.page !== tab) return;
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
export async function listen(
  context: import('playwright-core').BrowserContext,
  tab: Page,
  io: BrowserIo,
  page: PageFacts,
  state: Walk,
): Promise<void> {
  const told = (text: string): string => pageText(text, io.secrets());
  await listenCsp(context, tab, page, told);
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
