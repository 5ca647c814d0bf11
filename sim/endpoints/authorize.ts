// /v1/authorize without a user. Okta checks client and redirect URI first and shows an HTML error page
// when either is wrong (it must not redirect to an unverified URI); every later error is a redirect.
import { CLEARED_SID, escapeHtml, html, redirect, withCookies, type Answer } from '../answer';
import { parseScopes, judgeScopes } from '../scopes';
import type { AuthServer } from '../auth-server';
import type { SignInPageFault } from '../faults';
import { classicConsentPage, hostedPage } from './hosted-page';
import { authorizeCodeEvent, signOnAllowedEvent } from '../app-log-events';
import { sessionUser } from '../saml/catalogue';
import type { SimRequest, SimState } from '../state';

/** A state/nonce value Okta would accept. */
const hasValue = (v: string | null): v is string => v !== null && v !== '';

export function authorize(
  state: SimState,
  server: AuthServer,
  request: SimRequest,
  loginPage: boolean,
  pageFault?: SignInPageFault,
): Answer {
  const query = request.url.searchParams;
  const client = state.registry.get(query.get('client_id') ?? '');
  if (!client) return html(400, 'Bad Request', "Invalid value for 'client_id' parameter.");
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri)) {
    return html(
      400,
      'Bad Request',
      `The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: ${state.baseUrl}/admin/app/oidc_client/instance/${client.clientId}#tab-general`,
    );
  }
  const back = (error: string, description: string): Answer => {
    const stateParam = query.get('state');
    return toApp(request, redirectUri, {
      error,
      error_description: description,
      ...(stateParam !== null && { state: stateParam }),
    });
  };
  if (query.get('response_type') !== 'code') {
    return back(
      'unsupported_response_type',
      'The response type is not supported by the authorization server. Configured response types: [code].',
    );
  }
  const broken = state.faults().customScopesBroken === true;
  const judged = judgeScopes(server, client, parseScopes(query.get('scope')), false, broken);
  if (!judged.ok) return back('invalid_scope', judged.description);
  if (!hasValue(query.get('state')))
    return back('invalid_request', "The authentication request has an invalid 'state' parameter.");
  // PKCE is required only by apps with "Require PKCE as additional verification"; a challenge that is sent
  // must use S256 (catalogue: pkce_missing_challenge, pkce_unsupported_code_challenge_method).
  const challenge = query.get('code_challenge');
  if (client.requirePkce && !hasValue(challenge))
    return back('invalid_request', 'PKCE code challenge is required by the application.');
  if (hasValue(challenge) && (query.get('code_challenge_method') ?? 'plain') !== 'S256') {
    return back('invalid_request', 'PKCE code challenge method is not supported. Valid values: [S256]');
  }
  const sessionToken = query.get('sessionToken');
  if (sessionToken !== null)
    return withSessionToken(state, server, request, sessionToken, client.clientId, redirectUri, back);
  const silent = silentSignIn(state, server, request, client.clientId, redirectUri);
  if (silent !== undefined) return silent;
  if (query.get('prompt') === 'none' && !loginPage) {
    return back('login_required', 'The client specified not to prompt, but the user is not logged in.');
  }
  // A browser without a session: the org's hosted page, the real Sign-In Widget in it.
  return hostedPage(state, server, request, pageFault);
}

/**
 * /authorize with the Authentication API's one-time session token: Okta opens a session (Classic's `sid` cookie;
 * Identity Engine's `idx`: "The use of the session ID cookie (sid) isn't supported in Identity Engine",
 * guides/oie-upgrade-sessions-api) and, when the user may use the app, redirects with a code; an unusable token gets
 * the sign-in page.
 */
function withSessionToken(
  state: SimState,
  server: AuthServer,
  request: SimRequest,
  sessionToken: string,
  clientId: string,
  redirectUri: string,
  back: (error: string, description: string) => Answer,
): Answer {
  const nowSeconds = Math.floor(request.now / 1000);
  const session = state.signIn.openSession(sessionToken, nowSeconds);
  if (session === undefined) return signInPage();
  const faults = state.faults().signIn ?? {};
  // Identity Engine clears sid beside the idx it sets (CLEARED_SID): first, as in Okta's capture.
  const cookie =
    faults.engine === 'identity-engine'
      ? [CLEARED_SID, `idx=${session.sid}; Path=/; Secure; HttpOnly`]
      : [`sid=${session.sid}; Path=/; Secure; HttpOnly`];
  if (faults.user === 'not-assigned')
    return withCookies(back('access_denied', 'User is not assigned to the client application.'), cookie);
  if (faults.policyDenied === true)
    return withCookies(
      back('access_denied', 'Policy evaluation failed for this request, please check the policy configurations.'),
      cookie,
    );
  // An app whose consent is required (okta-developer-docs guides/request-user-consent: the app's consent_method
  // REQUIRED, a scope's consent REQUIRED): Okta asks before any code. On a Classic Engine org the widget shows it
  // from a consent transaction; only the Classic page's run meets it here (the Identity Engine pages meet the IDX
  // consent form), so the authn journeys of the other scenarios keep their code.
  if (faults.idxAnswer === 'consent' && faults.pageWidget === 'classic')
    return withCookies(
      classicConsentPage(state, state.signIn.startTransaction(session.userId, 'consent', nowSeconds)),
      cookie,
    );
  return withCookies(codeRedirect(state, server, request, { clientId, redirectUri, userId: session.userId }), cookie);
}

/** The redirect back to the app: a code for this request's PKCE challenge, nonce and scopes, and its state. */
function codeRedirect(
  state: SimState,
  server: AuthServer,
  request: SimRequest,
  who: { readonly clientId: string; readonly redirectUri: string; readonly userId: string },
): Answer {
  const query = request.url.searchParams;
  const code = state.signIn.issueCode(
    {
      clientId: who.clientId,
      redirectUri: who.redirectUri,
      challenge: query.get('code_challenge'),
      nonce: query.get('nonce'),
      scopes: parseScopes(query.get('scope')),
      serverId: server.id,
      userId: who.userId,
    },
    Math.floor(request.now / 1000),
  );
  // Okta logs the code it issued under this request's id: what a journey's app-sign-in reads to prove Okta's part.
  const user = state.signIn.byId(who.userId);
  if (user !== undefined) {
    const caused = {
      requestId: request.requestId,
      now: request.now,
      appId: who.clientId,
      appName: who.clientId,
      user: { id: user.id, login: user.username },
      path: request.url.pathname,
    };
    // The policy's ALLOW first, as Okta evaluates it before it issues the code.
    state.systemLog.record([signOnAllowedEvent(caused), authorizeCodeEvent(caused)]);
  }
  return toApp(request, who.redirectUri, { code, state: query.get('state') ?? '' });
}

/**
 * The authorization response handed to the app: on its redirect URI's query, or, for response_mode=form_post (OAuth
 * 2.0 Form Post Response Mode; okta-developer-docs reference/api/oidc, /authorize "response_mode": "form_post", ASP.NET
 * Core's default), as the values of a form Okta's page posts to the redirect URI on load.
 */
function toApp(request: SimRequest, redirectUri: string, values: Readonly<Record<string, string>>): Answer {
  if (request.url.searchParams.get('response_mode') === 'form_post') {
    const inputs = Object.entries(values)
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>`)
      .join('');
    return {
      kind: 'reply',
      status: 200,
      headers: { 'Content-Type': 'text/html;charset=utf-8' },
      body:
        '<!DOCTYPE html><html><head><title>Okta</title></head><body onload="document.forms[0].submit()">' +
        `<form method="post" action="${escapeHtml(redirectUri)}">${inputs}</form></body></html>`,
    };
  }
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(values)) target.searchParams.set(name, value);
  return redirect(target.toString());
}

/**
 * A browser that signed in already gets its code, as an app behind Okta does when a person opens it after Okta: "The
 * default behavior when a session exists is to silently authenticate the user without a sign-in prompt ... you can
 * configure this by passing in the prompt=login parameter" (okta-developer-docs guides/shared-sso-android-ios).
 * Undefined without a live session, or with prompt=login.
 */
function silentSignIn(
  state: SimState,
  server: AuthServer,
  request: SimRequest,
  clientId: string,
  redirectUri: string,
): Answer | undefined {
  const user = request.url.searchParams.get('prompt') === 'login' ? undefined : sessionUser(state, request);
  if (user === undefined) return undefined;
  return codeRedirect(state, server, request, { clientId, redirectUri, userId: user.id });
}

/** What a browser without an Okta session gets: the sign-in page, 200. */
function signInPage(): Answer {
  const body =
    '<!DOCTYPE html>\n<html><head><title>Okta - Sign In</title></head>\n<body><div id="okta-sign-in" ' +
    'class="auth-container main-container"><form id="form1" action="/idp/idx/identify" method="post"><label ' +
    'for="identifier">Username</label><input id="identifier" name="identifier"></form></div></body></html>\n';
  return { kind: 'reply', status: 200, headers: { 'Content-Type': 'text/html;charset=utf-8' }, body };
}
