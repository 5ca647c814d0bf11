// What the app's SSO URL answers a signed-in user, judged one answer at a time: Okta's auto-posting form with the
// SAMLResponse, a step to follow on the org, or why not. Pure; the fetch half (saml.ts) follows. Okta's form
// (Versent/saml2aws pkg/provider/okta reads the same): <form id="appForm" action="{ACS URL}" method="POST"> <input
// name="SAMLResponse" type="hidden" value="PD94...&#x2b;...&#x3d;"/><input name="RelayState" type="hidden" value=""/>
// The page is read as a browser reads it (page.ts): the first form, its controls, its action against the page's base
// URL. Its action is where every user's browser posts the assertion, so it must be the SP's https ACS URL. What else
// the SSO URL answers, from Okta's sources:
// - Classic, unassigned: "403 App Not Assigned" (Okta support article "App Sign-on Error 403");
// - Classic, no session: a redirect to /login/login.htm; an app sign-on rule wanting more: the step-up page
//   (/login/step-up/redirect?stateToken=..., "Extra Verification", okta-developer-docs reference/api/authn "Step-up
//   authentication with Okta session"; saml2aws authWithSession looks for "/login/step-up/");
// - Identity Engine: "the app intent links location hosts the widget/sign-in experience for the app"
//   (okta-developer-docs concepts/oie-intro, App intent links): a 200 sign-in page whose state the widget reads with
//   POST /idp/idx/introspect {stateToken} (okta-auth-js lib/idx/introspect.ts). Its state tells an unassigned user
//   (failure-redirect, idx.error.code.user_not_assigned: the widget's mock error-with-failure-redirect.json), a step-up
//   (an authenticator to challenge) and no session (identify) apart;
// - on the way, redirects on the org and intermediate auto-submitted forms (saml2aws follow(): a SAMLRequest or
//   RelayState form is posted on), which are followed on the org only: the session cookie never leaves it.
import { APP_NOT_ASSIGNED_PAGE } from '../classify';
import { header, parseJsonBody, type HttpResponse } from '../http';
import { readIdxState } from '../okta/idx-state';
import { MAX_SSO_PAGE_BYTES, readSsoPage, type PageForm } from './page';
import { failAnswer, jsonObject, signInError, type Verdict } from '../verdict';
import type { Landing } from './assignment';

export interface SsoExpectation {
  /** The org's origin: only answers there are followed. */
  readonly orgUrl: string;
  /**
   * Where the form must post the assertion, and the config field that says so; absent: no form is accepted (nothing
   * binds it).
   */
  readonly acsUrl?: string;
  readonly acsField: 'acsUrl' | 'recipient';
  /** The app's custom error page (accessibility.errorRedirectUrl), when known: a redirect there is a refusal. */
  readonly errorRedirectUrl?: string;
}

/** A request the browser would make next: on the org, with the session. */
export interface SsoStep {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly form?: Readonly<Record<string, string>>;
  /** For the report: what was followed. */
  readonly why: string;
}

/** The SAMLResponse stays in memory, for the judge only: never observed, logged or reported (the user's attributes). */
type SsoAnswer =
  | { readonly kind: 'form'; readonly samlResponse: string; readonly action: string }
  | { readonly kind: 'follow'; readonly step: SsoStep }
  /** The sign-in widget's page: its state token, to read the state the widget would show (a secret). */
  | { readonly kind: 'introspect'; readonly stateToken: string }
  /** `landing`: an error page, where only the user's assignment tells an unassigned user from another refusal. */
  | { readonly kind: 'failed'; readonly verdict: Verdict; readonly landing?: Landing };

const failed = (verdict: Verdict, landing?: Landing): SsoAnswer => ({
  kind: 'failed',
  verdict,
  ...(landing !== undefined && { landing }),
});
const NOT_ASSIGNED = APP_NOT_ASSIGNED_PAGE;

/** One answer of the SSO URL (or of a step followed from it, `pageUrl`). */
export function judgeSsoAnswer(expected: SsoExpectation, pageUrl: string, res: HttpResponse): SsoAnswer {
  if (res.status === 403 && NOT_ASSIGNED.test(res.body))
    return failed(
      failAnswer('SAML_USER_NOT_ASSIGNED', res, `the SSO URL answered HTTP ${res.status}: "App Not Assigned"`),
    );
  if (res.status >= 300 && res.status < 400) return redirected(expected, pageUrl, res);
  const error = signInError(res);
  if (error !== null) return failed(error);
  const bytes = Buffer.byteLength(res.body, 'utf8');
  if (res.bodyTruncated || bytes > MAX_SSO_PAGE_BYTES) {
    return failed(
      failAnswer(
        'SAML_RESPONSE_MISSING',
        res,
        `the SSO page is ${res.bodyTruncated ? 'larger than the answer cap' : `${bytes} bytes`}, more than ` +
          `the ${MAX_SSO_PAGE_BYTES} an SSO page with the largest SAMLResponse the probe reads takes: not read`,
      ),
    );
  }
  const page = readSsoPage(res.body, pageUrl);
  if (page.refused !== undefined)
    return failed(failAnswer('SAML_RESPONSE_MISSING', res, `the SSO page: ${page.refused}`));
  const form = page.form;
  const responses = form?.controls.filter((c) => c.name === 'SAMLResponse') ?? [];
  if (form !== undefined && responses.length > 0) return responseForm(expected, { pageUrl, res, form, responses });
  if (form !== undefined && page.autoSubmit) {
    const step = intermediateForm(expected, form);
    if (step !== undefined) return { kind: 'follow', step };
    const where = originOf(form.url);
    const what = form.controls.some((c) => c.name === 'SAMLRequest')
      ? 'a SAMLRequest (to another identity provider: an IdP routing rule?)'
      : 'a form';
    return failed(
      failAnswer(
        'SAML_SESSION_REFUSED',
        res,
        `the SSO page posts ${what} to ${where}, off the org: not followed (the session stays on the org)`,
      ),
    );
  }
  return withoutForm(res, page);
}

/** Where the SSO answer was read: the page's URL, Okta's answer, and the page's first form. */
interface AnsweredForm {
  readonly pageUrl: string;
  readonly res: HttpResponse;
  readonly form: PageForm;
  /** The form's SAMLResponse controls: one or more. */
  readonly responses: readonly { readonly value: string }[];
}

/** A form with a SAMLResponse: the one answer a browser would post, to the app's ACS URL. */
function responseForm(expected: SsoExpectation, { pageUrl, res, form, responses }: AnsweredForm): SsoAnswer {
  if (responses.length > 1)
    return failed(
      failAnswer(
        'SAML_RESPONSE_MISSING',
        res,
        `the page's first form carries ${responses.length} SAMLResponse values: which one an SP reads is ` +
          `not defined, so none is judged`,
      ),
    );
  const samlResponse = responses[0]?.value ?? '';
  if (res.status !== 200 || samlResponse === '')
    return failed(failAnswer('SAML_RESPONSE_MISSING', res, `HTTP ${res.status}: the form's SAMLResponse is empty`));
  const wrong = actionProblem(expected, form);
  if (wrong !== undefined) return failed(failAnswer('SAML_ACS_URL_MISMATCH', res, wrong));
  return { kind: 'form', samlResponse, action: form.url ?? pageUrl };
}

/** A page that neither carries a SAMLResponse nor posts itself on: what Okta showed instead, or nothing to go on. */
function withoutForm(res: HttpResponse, page: ReturnType<typeof readSsoPage>): SsoAnswer {
  if (res.body.includes('/login/step-up/') || /Extra Verification/i.test(page.title ?? '')) {
    return failed(
      failAnswer(
        'SAML_STEP_UP_REQUIRED',
        res,
        `the SSO URL answered the step-up page${page.title === undefined ? '' : ` "${page.title}"`} instead ` +
          `of the form: the app's sign-on rule asks for more than the journey's session`,
      ),
    );
  }
  if (NOT_ASSIGNED.test(page.title ?? ''))
    return failed(failAnswer('SAML_USER_NOT_ASSIGNED', res, `the SSO URL answered "${page.title ?? ''}"`));
  if (page.stateToken !== undefined) return { kind: 'introspect', stateToken: page.stateToken };
  if (page.signInWidget || /Sign In/i.test(page.title ?? '')) {
    return failed(
      failAnswer(
        'SAML_SESSION_REFUSED',
        res,
        'the SSO URL answered the sign-in page: the session was not accepted for this app',
      ),
    );
  }
  const title = page.title === undefined || page.title === '' ? '' : `, page "${page.title}"`;
  return failed(
    failAnswer(
      'SAML_RESPONSE_MISSING',
      res,
      `HTTP ${res.status}${title}: no form with a SAMLResponse${
        page.forms > 0 ? ` (${page.forms} ` + `form(s) without one)` : ''
      }`,
    ),
  );
}

/** A 3xx from the SSO URL or a step: followed on the org, judged when it says what it is. */
function redirected(expected: SsoExpectation, pageUrl: string, res: HttpResponse): SsoAnswer {
  const location = header(res, 'location') ?? '';
  const target = resolve(location, pageUrl);
  if (target === undefined)
    return failed(
      failAnswer(
        'SAML_SESSION_REFUSED',
        res,
        `the SSO URL redirected (HTTP ${res.status}) to ${location === '' ? '(no Location)' : 'an unreadable Location'} ` +
          `instead of answering the form`,
      ),
    );
  const url = new URL(target);
  if (url.origin !== new URL(expected.orgUrl).origin) return offOrg(expected, url, res);
  if (url.pathname.startsWith('/login/step-up/')) {
    return failed(
      failAnswer(
        'SAML_STEP_UP_REQUIRED',
        res,
        `the SSO URL redirected (HTTP ${res.status}) to ${url.pathname}: the app's sign-on rule asks for ` +
          `more than the journey's session`,
      ),
    );
  }
  if (/^\/login\/(login\.htm|default)$/.test(url.pathname) || url.pathname === '/') {
    return failed(
      failAnswer(
        'SAML_SESSION_REFUSED',
        res,
        `the SSO URL redirected (HTTP ${res.status}) to ${url.pathname} instead of answering the form`,
      ),
    );
  }
  return {
    kind: 'follow',
    step: { method: 'GET', url: url.href, why: `redirect (HTTP ${res.status}) to ${url.pathname}` },
  };
}

/**
 * A redirect off the org, never followed: an error page. The app's custom error page (accessibility.errorRedirectUrl:
 * Okta sends a user the app refuses there, an unassigned one among them) is the app refusing the user; anywhere else
 * is a sign-in elsewhere (an IdP routing rule) or that same error page when the Management API did not tell it (a
 * listed app). Which, the user's assignment tells (assignment.ts), asked only here; without it, both are named.
 */
function offOrg(expected: SsoExpectation, url: URL, res: HttpResponse): SsoAnswer {
  const errorPage = expected.errorRedirectUrl === undefined ? undefined : new URL(expected.errorRedirectUrl);
  const said = `redirected (HTTP ${res.status}) to ${url.origin}${url.pathname}, off the org`;
  if (errorPage !== undefined && errorPage.origin === url.origin && errorPage.pathname === url.pathname)
    return failed(
      failAnswer(
        'SAML_USER_NOT_ASSIGNED',
        res,
        `the SSO URL redirected (HTTP ${res.status}) to the app's custom error page ${url.origin}${url.pathname} ` +
          `(accessibility.errorRedirectUrl): Okta refused the user for this app, most often because the user is ` +
          `not assigned to it; not followed`,
      ),
      { said: `${said}, to the app's custom error page (accessibility.errorRedirectUrl)`, kind: 'error page' },
    );
  const which =
    errorPage === undefined
      ? "an IdP routing rule; or the app's custom error page (accessibility.errorRedirectUrl), where Okta sends " +
        "a user the app refuses, an unassigned one among them: the app's General tab shows which, and the " +
        'System Log records a refused user as app.generic.unauth_app_access_attempt'
      : `an IdP routing rule, or a sign-in page elsewhere: not the app's custom error page (${errorPage.origin})`;
  return failed(
    failAnswer(
      'SAML_SESSION_REFUSED',
      res,
      `the SSO URL redirected (HTTP ${res.status}) to ${url.origin}, off the org (${which}): not followed`,
    ),
    errorPage === undefined ? { said, kind: 'off the org' } : undefined,
  );
}

/**
 * Why the form's action is not where the assertion must go, or undefined when it is: https, the ACS URL exactly,
 * POSTed (the HTTP-POST binding; a GET would put the assertion in the SP's logs and the browser's history).
 */
function actionProblem(expected: SsoExpectation, form: PageForm): string | undefined {
  const action = form.url;
  const wanted = expected.acsUrl === undefined ? undefined : new URL(expected.acsUrl);
  const shown = form.action === undefined ? '(no action: the SSO page itself)' : `"${form.action}"`;
  const against =
    expected.acsUrl === undefined
      ? "the app's settings in Okta name no ACS URL"
      : `the SP's ACS URL (${expected.acsField}) is "${expected.acsUrl}"`;
  if (action === undefined) return `the SSO page's form posts the assertion to ${shown}, not a URL; ${against}`;
  // Never "any https URL": with nothing to bind the destination to, the form is not taken as the SP's.
  if (wanted === undefined)
    return `the SSO page's form posts every user's assertion to ${shown}, and nothing names where it should go: ${against}`;
  const url = new URL(action);
  const how: string[] = [];
  if (url.protocol !== 'https:') how.push(`over ${url.protocol.replace(':', '')}, in clear`);
  if (wanted !== undefined && url.host !== wanted.host) how.push(`to another host (${url.host})`);
  else if (wanted !== undefined && url.href !== wanted.href) how.push("to another URL on the SP's host");
  if (form.method !== 'post') how.push(`by ${form.method.toUpperCase()} (the assertion in a URL)`);
  if (how.length === 0) return undefined;
  return (
    `the SSO page's form posts every user's assertion ${how.join(', ')}: its action is ${shown}, ${against}; ` +
    `Okta's "Single sign-on URL" is where to change it`
  );
}

/**
 * An auto-submitted form without a SAMLResponse that posts on the org: the next step, as saml2aws's follow() takes it.
 */
function intermediateForm(expected: SsoExpectation, form: PageForm): SsoStep | undefined {
  const action = form.url;
  if (action === undefined || new URL(action).origin !== new URL(expected.orgUrl).origin) return undefined;
  const fields = Object.fromEntries(form.controls.map((c) => [c.name, c.value]));
  const what = form.controls.map((c) => c.name).join(', ') || 'no fields';
  if (form.method === 'post')
    return {
      method: 'POST',
      url: action,
      form: fields,
      why: `auto-submitted form (${what}) to ${new URL(action).pathname}`,
    };
  const url = new URL(action);
  for (const c of form.controls) url.searchParams.append(c.name, c.value);
  return { method: 'GET', url: url.href, why: `auto-submitted form (${what}) to ${url.pathname}` };
}

/**
 * The sign-in widget's state, from POST /idp/idx/introspect {stateToken}: what an Identity Engine app intent link
 * shows instead of the form. Unassigned (failure-redirect with idx.error.code.user_not_assigned, or the older
 * idx.error.user.not.assigned.to.app), a step-up (an authenticator to verify) or no session (identify).
 */
export function judgeSsoState(res: HttpResponse): Verdict {
  const body = jsonObject(parseJsonBody(res));
  if (body === undefined || (res.status >= 400 && body.remediation === undefined && body.messages === undefined)) {
    // No IDX state (a Classic org has no /idp/idx): the page is the sign-in page, whatever asked for it; Okta's faults
    // stay Okta's.
    const okta = res.status >= 500 || res.status === 429 ? signInError(res) : null;
    return (
      okta ??
      failAnswer(
        'SAML_SESSION_REFUSED',
        res,
        `the SSO URL answered the sign-in page (its state: HTTP ${res.status}): the session was not accepted ` +
          `for this app`,
      )
    );
  }
  const state = readIdxState(body);
  const failure = jsonObject(body.failure)?.name;
  const forms = [...state.forms.map((f) => String(f.name)), ...(typeof failure === 'string' ? [failure] : [])];
  const quoted = state.messages.map((m) => `"${m.message}"${m.key === undefined ? '' : ` (${m.key})`}`).join('; ');
  const with_ = (what: string): string =>
    `${what}${quoted === '' ? '' : `: ${quoted}`} (the sign-in page's state: ${forms.join(', ') || 'no forms'})`;
  const refused = refusedState(res, state.messages, state.forms.length, with_);
  if (refused !== undefined) return refused;
  if (
    forms.some((f) =>
      /^(challenge-authenticator|select-authenticator-authenticate|authenticator-verification-data|challenge-poll|launch-authenticator)$/.test(
        f,
      ),
    )
  ) {
    return failAnswer(
      'SAML_STEP_UP_REQUIRED',
      res,
      with_(
        "the SSO URL answered the sign-in page asking for an authenticator: the app's authentication policy " +
          "wants more than the journey's session",
      ),
    );
  }
  if (forms.some((f) => f === 'identify' || f === 'redirect-idp' || f === 'identify-recovery')) {
    return failAnswer(
      'SAML_SESSION_REFUSED',
      res,
      with_('the SSO URL answered the sign-in page asking who the user is: the session was not accepted for this app'),
    );
  }
  return failAnswer('SAML_RESPONSE_MISSING', res, with_('the SSO URL answered the sign-in page without the form'));
}

/**
 * The sign-in page's state refusing the user for the app: not assigned when Okta says so (failure-redirect with
 * idx.error.code.user_not_assigned, or the older idx.error.user.not.assigned.to.app); a failure-redirect and no
 * form nor reason, the app refusing the user for a reason it does not give (not assigned, or its sign-on policy).
 */
function refusedState(
  res: HttpResponse,
  messages: ReturnType<typeof readIdxState>['messages'],
  forms: number,
  with_: (what: string) => string,
): Verdict | undefined {
  if (
    messages.some(
      (m) =>
        /^idx\.error\.(code\.user_not_assigned|user\.not\.assigned\.to\.app)$/.test(m.key ?? '') ||
        /not (allowed to access|assigned to) this app/i.test(m.message),
    )
  ) {
    return failAnswer(
      'SAML_USER_NOT_ASSIGNED',
      res,
      with_('the SSO URL answered the sign-in page with a failure-redirect'),
    );
  }
  const redirect = failureRedirectOf(res);
  if (redirect === undefined || forms > 0) return undefined;
  return failAnswer(
    'SAML_SESSION_REFUSED',
    res,
    with_(
      `the SSO URL answered the sign-in page with a failure-redirect to ${redirect} and no reason: Okta refused ` +
        "the user for this app (not assigned, or the app's sign-on policy)",
    ),
  );
}

/**
 * Where the sign-in page's state sends the browser on failure (`failure` named failure-redirect, the widget's mock
 * error-with-failure-redirect.json), as origin and path (its query may carry anything); undefined when it sends none.
 */
export function failureRedirectOf(res: HttpResponse): string | undefined {
  const failure = jsonObject(jsonObject(parseJsonBody(res))?.failure);
  if (failure?.name !== 'failure-redirect') return undefined;
  const href = typeof failure.href === 'string' ? resolve(failure.href, 'https://invalid.example/') : undefined;
  return href === undefined ? '(no address)' : `${new URL(href).origin}${new URL(href).pathname}`;
}

/** `href` resolved against the page it came from, as a browser resolves it; undefined when it is no URL. */
function resolve(href: string, base: string): string | undefined {
  if (!URL.canParse(href, base)) return undefined;
  const url = new URL(href, base);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

const originOf = (url: string | undefined): string => (url === undefined ? 'nowhere' : new URL(url).origin);
