// The org's hosted sign-in page as a browser meets it: /authorize without a session answers the page, which loads the
// real Okta Sign-In Widget (@okta/okta-signin-widget from npm) from a CDN-like path of the simulator, the org's own
// script and style, under the Content Security Policy Okta sends. The widget drives the simulator's own IDX API with
// the page's stateToken (its transaction's stateHandle) and, at success, follows Okta's success-redirect to
// /login/token/redirect, which lands on the app's redirect URI with an authorization code. Each fault breaks the page
// as customized pages break (shared/okta-behaviour.md, "The hosted sign-in page"), while every API still answers.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { notFromOkta, type Answer } from '../answer';
import type { AuthServer } from '../auth-server';
import type { SignInPageFault, SignInWidget } from '../faults';
import type { IdxTransaction } from '../idx-store';
import { parseScopes } from '../scopes';
import type { SimRequest, SimState } from '../state';
import { CAPTCHA_VENDOR_PATH, captchaPage, captchaVendor } from './page-captcha';

/** Okta's CDN path of a widget version (ok14static.oktacdn.com/assets/js/sdk/okta-signin-widget/7.49.0/js/...). */
export const WIDGET_ASSET_PATH =
  /^\/assets\/js\/sdk\/okta-signin-widget\/([0-9.]+)\/((?:js|css|font|img|labels)\/[A-Za-z0-9_./-]+)$/;

/** The widget's files by extension: text sent as is, the rest as bytes. */
const TYPES: Readonly<Record<string, { readonly type: string; readonly binary: boolean }>> = {
  js: { type: 'application/javascript', binary: false },
  json: { type: 'application/json', binary: false },
  css: { type: 'text/css', binary: false },
  woff2: { type: 'font/woff2', binary: true },
  woff: { type: 'font/woff', binary: true },
  png: { type: 'image/png', binary: true },
  svg: { type: 'image/svg+xml', binary: false },
  gif: { type: 'image/gif', binary: true },
};
/**
 * Each generation's script and stylesheet in the package's dist (Okta's hosted page loads the same files from its
 * CDN): Gen2's okta-sign-in.min.js, Gen3's okta-sign-in.next.js (okta-developer-docs
 * guides/custom-widget-migration-gen3), and Classic Engine's okta-sign-in.classic.js, over /api/v1/authn.
 */
const BUNDLES: Readonly<Record<SignInWidget, { readonly js: string; readonly css: string }>> = {
  gen2: { js: 'okta-sign-in.min.js', css: 'okta-sign-in.min.css' },
  gen3: { js: 'okta-sign-in.next.js', css: 'okta-sign-in.next.css' },
  classic: { js: 'okta-sign-in.classic.min.js', css: 'okta-sign-in.min.css' },
};

/** The org's own script and style of its customized page. */
export const CUSTOM_ASSET_PATH = /^\/custom\/(brand\.js|brand\.css)$/;
/**
 * The frames of other origins a page carries (served on the simulator's second origin, localhost for 127.0.0.1):
 * reCAPTCHA's invisible anchor and its challenge frame (the paths Google serves them on), a chat widget's frame.
 */
export const THIRD_PARTY_FRAME_PATH = /^\/(recaptcha\/api2\/(anchor|bframe)|chat\/frame\.html)$/;

/** A version the admin pinned that the CDN does not hold: the asset-missing fault's 404s. */
const UNSERVED_VERSION = '7.21.0';
/**
 * The version the old-widget fault pins: the last release of the major before the newest. Only one widget package is
 * installed (7.x from npm), so the simulator's CDN serves that package's files under this version's path: the page
 * signs in as it does on 7.x, and the journey, which reads the version from the path the page pins as on Okta's CDN,
 * sees the old one.
 */
export const OLD_WIDGET_VERSION = '6.9.0';
/**
 * The hosted page loads the widget's script from the CDN path of its pinned version (developer.okta.com
 * style-okta-hosted, the guide the asset-missing scenario cites): a CDN or custom-domain edge that takes that request
 * and never answers leaves the page waiting. How long a fault holds the widget's script, ms: the slow one 5 s; the
 * stalled one past any walk (its render patience and the browser function's timeout), so the page is still waiting
 * when the walk gives up (the simulator's close ends the hold).
 */
const WIDGET_SCRIPT_HOLD_MS: Partial<Record<SignInPageFault, number>> = { slow: 5000, stalled: 10 * 60_000 };

let widgetDir: string | undefined;
/** The installed widget's dist folder, found once. */
function widgetDist(): string {
  widgetDir ??= join(dirname(createRequire(import.meta.url).resolve('@okta/okta-signin-widget/package.json')), 'dist');
  return widgetDir;
}

/** The widget version the simulator's CDN serves: the one installed from npm. */
function servedWidgetVersion(): string {
  const pkg = JSON.parse(readFileSync(join(widgetDist(), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Okta's default CSP on the hosted page, its shape (help.okta.com customizations-configure-csp: 'self', the org,
 * Okta's CDN, inline scripts allowed); the simulator is its own CDN. An origin the admin did not add as trusted is
 * blocked.
 */
function oktaCsp(origin: string, extra: readonly string[] = []): string {
  return [
    ...extra,
    `default-src 'self' ${origin}`,
    `connect-src 'self' ${origin}`,
    `script-src 'unsafe-inline' 'unsafe-eval' 'self' 'report-sample' ${origin}`,
    `style-src 'unsafe-inline' 'self' 'report-sample' ${origin}`,
    `img-src 'self' ${origin} data: blob:`,
    `font-src 'self' ${origin} data:`,
    `frame-ancestors 'self'`,
  ].join('; ');
}

/** /authorize with no session: a transaction for the app's request, and the page that signs into it. */
export function hostedPage(state: SimState, server: AuthServer, request: SimRequest, fault?: SignInPageFault): Answer {
  if (fault === 'edge-challenge') return edgeChallengePage();
  const query = request.url.searchParams;
  const origin = new URL(state.baseUrl).origin;
  const stateHandle = state.signIn.idx.begin(
    {
      clientId: query.get('client_id') ?? '',
      serverId: server.id,
      scopes: parseScopes(query.get('scope')),
      challenge: query.get('code_challenge') ?? '',
      nonce: query.get('nonce'),
      redirectUri: query.get('redirect_uri') ?? '',
      hosted: { state: query.get('state') ?? '' },
    },
    Math.floor(request.now / 1000),
  );
  const version =
    fault === 'asset-missing' ? UNSERVED_VERSION : fault === 'old-widget' ? OLD_WIDGET_VERSION : servedWidgetVersion();
  const signIn = state.faults().signIn;
  // A language tag only: it is written into the page.
  const language = /^[a-z]{2}(?:[-_][A-Za-z]{2})?$/.test(signIn?.pageLanguage ?? '')
    ? (signIn?.pageLanguage ?? 'en')
    : 'en';
  const third = thirdParty(fault, origin);
  const idxAnswer = signIn?.idxAnswer;
  const captcha =
    idxAnswer === 'hcaptcha' || idxAnswer === 'hcaptcha-challenge'
      ? captchaPage(origin, origin.replace('127.0.0.1', 'localhost'), idxAnswer === 'hcaptcha-challenge')
      : undefined;
  return {
    kind: 'reply',
    status: 200,
    headers: {
      'Content-Type': 'text/html;charset=utf-8',
      'Content-Security-Policy': oktaCsp(origin, [...third.csp, ...(captcha?.csp ?? [])]),
      ...third.headers,
    },
    body: pageHtml({
      origin,
      cdn: `${origin}/assets/js/sdk/okta-signin-widget/${version}`,
      widget: signIn?.pageWidget ?? 'gen2',
      language,
      stateHandle,
      authorize: `${request.url.pathname}${request.url.search}`,
      fault,
      thirdParty: third.html,
      ...(captcha !== undefined && { widgetConfig: captcha.config }),
    }),
  };
}

/**
 * A Classic Engine org's consent screen: once the session is open, /authorize of an app whose consent is required
 * answers the hosted page again, its Classic widget handed the consent transaction's stateToken; the widget reads it
 * (POST /api/v1/authn, CONSENT_REQUIRED: authn.ts) and shows the app, its scopes, "Allow Access" and "Don't Allow".
 */
export function classicConsentPage(state: SimState, stateToken: string): Answer {
  const origin = new URL(state.baseUrl).origin;
  return {
    kind: 'reply',
    status: 200,
    headers: { 'Content-Type': 'text/html;charset=utf-8', 'Content-Security-Policy': oktaCsp(origin) },
    body: pageHtml({
      origin,
      cdn: `${origin}/assets/js/sdk/okta-signin-widget/${servedWidgetVersion()}`,
      widget: 'classic',
      language: 'en',
      stateHandle: '',
      // Never reached: the consent is never granted by the probe.
      authorize: '/',
      fault: undefined,
      thirdParty: '',
      classicStateToken: stateToken,
    }),
  };
}

interface PageSetup {
  readonly origin: string;
  /** Where the widget's files are: the simulator's CDN path of the version the page pins. */
  readonly cdn: string;
  readonly widget: SignInWidget;
  readonly language: string;
  /** The IDX transaction's stateHandle: an Identity Engine page's stateToken. */
  readonly stateHandle: string;
  /** The /authorize request the page answers (path and query), which a Classic sign-in returns to. */
  readonly authorize: string;
  readonly fault: SignInPageFault | undefined;
  /** The frames of other origins the page carries, and their scripts (thirdParty). */
  readonly thirdParty: string;
  /** More of the widget's settings (the CAPTCHA vendor's script: page-captcha.ts). */
  readonly widgetConfig?: object;
  /** A Classic Engine page's transaction for the widget to resume (the consent screen's): its stateToken. */
  readonly classicStateToken?: string;
}

/**
 * An integrity attribute of another file (the SHA-384 of an empty file): the browser refuses the widget's script
 * (W3C Subresource Integrity §3.3.5), as it refuses a file whose hash the page pinned before it changed.
 */
const STALE_INTEGRITY =
  ' integrity="sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb" crossorigin="anonymous"';

/** JSON written into a script: no `<` can close the script element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The page: the widget of its generation, the org's own script and style, and the widget rendered into its container.
 * An Identity Engine page hands the widget the transaction's stateToken; a Classic Engine page's widget signs in over
 * /api/v1/authn and, at SUCCESS, returns to /authorize with the session token (okta-developer-docs
 * reference/api/oidc "sessionToken": "An Okta one-time session token", which /authorize exchanges for a session).
 */
function pageHtml(page: PageSetup): string {
  const { origin, cdn, fault } = page;
  // The CSP fault: the org's script is on a host the admin never added as a trusted origin.
  const customOrigin = fault === 'csp' ? origin.replace('127.0.0.1', 'localhost') : origin;
  const classic = page.widget === 'classic';
  // assets.baseUrl: where the widget fetches a language's labels (labels/json/login_<lang>.json), Okta's CDN on a real
  // org; left out, the widget would ask global.oktacdn.com.
  const config = {
    baseUrl: origin,
    // The Classic bundle runs only with useClassicEngine (the widget's src/exports/classic.ts).
    ...(classic
      ? { useClassicEngine: true, ...(page.classicStateToken !== undefined && { stateToken: page.classicStateToken }) }
      : { stateToken: page.stateHandle }),
    brandName: 'Sim Org',
    language: page.language,
    assets: { baseUrl: cdn },
    ...page.widgetConfig,
  };
  const success = classic
    ? `function (res) { if (res.status === 'SUCCESS') location.href = ${scriptJson(page.authorize)} + ` +
      `'&sessionToken=' + encodeURIComponent(res.session.token); }`
    : 'function () {}';
  const bundle = BUNDLES[page.widget];
  const integrity = fault === 'integrity-mismatch' ? STALE_INTEGRITY : '';
  return `<!DOCTYPE html>
<html lang="${page.language}"><head><meta charset="utf-8"><title>Sim Org - Sign In</title>
<link href="${cdn}/css/${bundle.css}" rel="stylesheet" type="text/css">
<link href="${origin}/custom/brand.css" rel="stylesheet" type="text/css">
${fault === 'hidden-submit' ? HIDDEN_SUBMIT_STYLE : ''}
<script src="${cdn}/js/${bundle.js}" type="text/javascript"${integrity}></script>
<script src="${customOrigin}/custom/brand.js" type="text/javascript"></script>
</head><body>
${fault === 'blank' ? '' : '<div id="okta-login-container"></div>'}
<script type="text/javascript">
  var config = ${scriptJson(config)};
  var oktaSignIn = new OktaSignIn(config);
  acmeBrand.theme(config, oktaSignIn);
  if (document.getElementById('okta-login-container'))
    oktaSignIn.renderEl({ el: '#okta-login-container' }, ${success}, function (error) { console.error(error); });
</script>
${page.thirdParty}
</body></html>
`;
}

// ---- Frames and policies from other origins: the bot protection's challenge, a chat widget, a report-only CSP ----

/**
 * What a page with frames of other origins adds (okta-behaviour.md, "Bot protection", "Report-only CSP"): the frames
 * (on the simulator's second origin), the CSP's frame-src allowing them as Okta's CSP allows its CAPTCHA provider's
 * and an admin's trusted origins (help.okta.com customizations-configure-csp), and a report-only policy
 * (Content-Security-Policy-Report-Only) that blocks nothing (support.okta.com
 * Enhanced-Content-Security-Policy-CSP-Headers).
 */
function thirdParty(
  fault: SignInPageFault | undefined,
  origin: string,
): { readonly html: string; readonly csp: readonly string[]; readonly headers: Readonly<Record<string, string>> } {
  const other = origin.replace('127.0.0.1', 'localhost');
  if (fault === 'report-only-csp')
    // Stricter than Okta's enforced policy: the page's inline scripts violate it, and still run.
    return { html: '', csp: [], headers: { 'Content-Security-Policy-Report-Only': `script-src 'self' ${origin}` } };
  const frameSrc = [`frame-src 'self' ${other}`];
  if (fault === 'chat-frame')
    return {
      html:
        `<iframe src="${other}/chat/frame.html" title="Chat with us" ` +
        'style="position:fixed;right:8px;bottom:8px;width:72px;height:72px;border:0"></iframe>',
      csp: frameSrc,
      headers: {},
    };
  if (fault !== 'captcha') return { html: '', csp: [], headers: {} };
  // reCAPTCHA v2 invisible, as Okta's widget renders it: its anchor frame at load; at the first submit its risk
  // analysis asks for a challenge, shown in the bframe over the form, and the form waits for the answer.
  const challenge = `${other}/recaptcha/api2/bframe?k=sim-site-key`;
  return {
    html: `<iframe src="${other}/recaptcha/api2/anchor?k=sim-site-key" title="reCAPTCHA"
  style="position:fixed;right:0;bottom:0;width:256px;height:60px;border:0"></iframe>
<script type="text/javascript">
  (function () {
    var shown = false;
    function challenge(e) {
      var target = e.target instanceof Element ? e.target : null;
      if (shown || target === null || !target.closest('#okta-sign-in [type="submit"], #okta-sign-in form')) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      shown = true;
      var frame = document.createElement('iframe');
      frame.src = ${JSON.stringify(challenge)};
      frame.title = 'recaptcha challenge expires in two minutes';
      frame.style.cssText = 'position:fixed;left:50%;top:50%;width:400px;height:580px;margin:-290px 0 0 -200px;' +
        'border:0;z-index:2000000000;background:#fff';
      document.body.appendChild(frame);
    }
    window.addEventListener('click', challenge, true);
    window.addEventListener('submit', challenge, true);
  })();
</script>`,
    csp: frameSrc,
    headers: {},
  };
}

/** A frame of another origin: reCAPTCHA's anchor and challenge, a chat widget that navigates inside itself once. */
function thirdPartyFrame(path: string): Answer {
  const body = path.endsWith('/bframe')
    ? '<!DOCTYPE html><html><body><p>Select all images with traffic lights</p><button>Verify</button></body></html>'
    : path.endsWith('/anchor')
      ? '<!DOCTYPE html><html><body><p>protected by reCAPTCHA</p></body></html>'
      : '<!DOCTYPE html><html><body><button>Chat</button><script>if (!location.search) ' +
        "location.replace('/chat/frame.html?ready=1');</script></body></html>";
  return { kind: 'reply', status: 200, headers: { 'Content-Type': 'text/html;charset=utf-8' }, body };
}

/**
 * Cloudflare's challenge page in front of the custom domain: its 403 and the `cf-mitigated: challenge` header its
 * challenge answers carry (developers.cloudflare.com cloudflare-challenges, "Detect a challenge page response"); the
 * answer of something in front of Okta, so without Okta's request id.
 */
function edgeChallengePage(): Answer {
  return notFromOkta({
    kind: 'reply',
    status: 403,
    headers: { 'Content-Type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge', Server: 'cloudflare' },
    body:
      '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><p>Verify you are human by ' +
      'completing the action below.</p></body></html>',
  });
}

// ---- end of frames and policies ----

/**
 * Written for another widget's DOM, where the button bar held nothing a person needed: it hides the submit, Gen2's
 * button bar and Gen3's submit button alike (each generation's own markup, so that the scenario breaks both).
 */
const HIDDEN_SUBMIT_STYLE =
  '<style>#okta-sign-in .o-form-button-bar, #okta-sign-in form button[type="submit"] { display: none; }</style>';

/** The org's brand.js: a theme hook; the script-error fault's calls Classic's signIn.session.get, gone in 7.x. */
function brandScript(fault: SignInPageFault | undefined): string {
  const classic =
    fault === 'script-error'
      ? '    signIn.session.get(function (res) { if (res.status === "ACTIVE") location.href = config.redirectUri; });\n'
      : fault === 'redirect-away'
        ? '    location.href = config.baseUrl.replace("127.0.0.1", "localhost") + "/maintenance.html";\n'
        : '';
  const title = '    document.title = config.brandName + " - Sign In";\n';
  return `window.acmeBrand = {\n  theme: function (config, signIn) {\n${classic}${title}  }\n};\n`;
}

/** A widget asset from the installed package, a custom asset of the org, or 404 for a version the CDN lacks. */
export function pageAsset(request: SimRequest, fault: SignInPageFault | undefined): { answer: Answer; holdMs: number } {
  const path = request.url.pathname;
  if (THIRD_PARTY_FRAME_PATH.test(path)) return { answer: thirdPartyFrame(path), holdMs: 0 };
  if (CAPTCHA_VENDOR_PATH.test(path)) {
    const vendor = captchaVendor(path);
    return {
      answer: { kind: 'reply', status: 200, headers: { 'Content-Type': vendor.type }, body: vendor.body },
      holdMs: 0,
    };
  }
  const custom = CUSTOM_ASSET_PATH.exec(path);
  if (custom !== null) {
    const js = custom[1] === 'brand.js';
    return {
      answer: {
        kind: 'reply',
        status: 200,
        headers: { 'Content-Type': js ? 'application/javascript' : 'text/css' },
        body: js ? brandScript(fault) : '#okta-sign-in .okta-sign-in-header { background: #1a1a2e; }\n',
      },
      holdMs: 0,
    };
  }
  const widget = WIDGET_ASSET_PATH.exec(path);
  const [version, file] = [widget?.[1], widget?.[2]];
  const kind = TYPES[file?.split('.').pop() ?? ''];
  const served = version === servedWidgetVersion() || (fault === 'old-widget' && version === OLD_WIDGET_VERSION);
  if (!served || file === undefined || file.includes('..') || kind === undefined)
    return { answer: notFound(), holdMs: 0 };
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(widgetDist(), file));
  } catch {
    return { answer: notFound(), holdMs: 0 };
  }
  return {
    answer: {
      kind: 'reply',
      status: 200,
      headers: { 'Content-Type': kind.type, 'Cache-Control': 'no-store' },
      body: kind.binary ? bytes.toString('base64') : bytes.toString('utf8'),
      ...(kind.binary && { bodyEncoding: 'base64' as const }),
    },
    holdMs: fault !== undefined && file.endsWith('.js') ? (WIDGET_SCRIPT_HOLD_MS[fault] ?? 0) : 0,
  };
}

const notFound = (): Answer => ({
  kind: 'reply',
  status: 404,
  headers: { 'Content-Type': 'text/html' },
  body: '<html><body>Not Found</body></html>',
});

/** Where a hosted transaction lands: the app's redirect URI with an authorization code bound to its PKCE and nonce. */
export function hostedLanding(state: SimState, txn: IdxTransaction, nowSeconds: number): string {
  const target = new URL(txn.redirectUri);
  // Okta's refusal after the sign-in rides the redirect to the app (OIDC Core §3.1.2.6), no code issued.
  if (state.faults().signIn?.authorizationCodeDenied === true) {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set(
      'error_description',
      'Policy evaluation failed for this request, please check the policy configurations.',
    );
    target.searchParams.set('state', txn.hosted?.state ?? '');
    return target.toString();
  }
  const code = state.signIn.issueCode(
    {
      clientId: txn.clientId,
      redirectUri: txn.redirectUri,
      challenge: txn.challenge === '' ? null : txn.challenge,
      nonce: txn.nonce,
      scopes: txn.scopes,
      serverId: txn.serverId,
      userId: txn.userId ?? '',
    },
    nowSeconds,
  );
  target.searchParams.set('code', code);
  target.searchParams.set('state', txn.hosted?.state ?? '');
  return target.toString();
}

/** Okta's IDX success on its hosted page: the widget is sent to /login/token/redirect (success-redirect). */
export function hostedSuccessState(stateHandle: string, base: string): Record<string, unknown> {
  return {
    version: '1.0.0',
    stateHandle,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    intent: 'LOGIN',
    success: {
      name: 'success-redirect',
      href: `${base}/login/token/redirect?stateToken=${encodeURIComponent(stateHandle.split('~')[0] ?? stateHandle)}`,
    },
  };
}
