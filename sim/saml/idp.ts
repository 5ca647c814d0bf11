// The simulated IdP of the org's SAML app: its metadata at /app/{externalKey}/sso/saml/metadata, and
// its SSO URL /app/{appName}/{externalKey}/sso/saml answering a signed-in user Okta's auto-posting form (the shape
// saml2aws reads: form#appForm to the ACS URL, hidden SAMLResponse and RelayState, the action and values written with
// ESAPI-style character references), and otherwise what each engine answers:
// - Classic (the session's `sid`): "403 App Not Assigned" to an unassigned user, a redirect to /login/login.htm
//   without a session, to /login/step-up/redirect?stateToken=... when the app's sign-on rule wants more;
// - Identity Engine (the session's `idx`): "the app intent links location hosts the widget/sign-in experience"
//   (okta-developer-docs concepts/oie-intro): a 200 sign-in page whose state token the widget introspects
//   (POST /idp/idx/introspect {stateToken}, okta-auth-js introspect.ts), answered here (samlPageState) with the
//   widget mocks' shapes: failure-redirect with idx.error.code.user_not_assigned (error-with-failure-redirect.json),
//   select-authenticator-authenticate for a step-up, identify for an unrecognised session.
// On the way, Classic's redirect through the generic app SSO endpoint, or an auto-submitted RelayState form
// (saml2aws follow()). faults.saml changes what Okta's app settings would change.
import { html, redirect, type Answer } from '../answer';
import { opaque } from '../ids';
import type { SimFaults } from '../faults';
import type { SimRequest, SimState } from '../state';
import type { SimUser } from '../users';
import { SIM_SAML_APP, SIM_SAML_APP_ID, samlEntityId, samlGenericSsoUrl, samlSsoUrl } from './app';
import { escapeXml, idpMetadata, postedResponse, references, samlResponseXml, type ResponseSpec } from './messages';
import { catalogueAppAt, catalogueMetadata, catalogueSso } from './catalogue';
import { tenantSaml, tenantSamlAt } from './tenant-apps';
import { spAppSso, spSsoPath } from '../app-saml-sp';

export const SAML_PATH = /^\/app\/(?:[^/]+\/)?[^/]+\/sso\/saml(?:\/metadata)?$/;

/** What the app's settings would change: faults.saml. */
type SamlFaults = NonNullable<SimFaults['saml']>;

/** The sign-in pages' transactions, by state token: what their state says. */
type PageState = 'not-assigned' | 'step-up' | 'identify';
const pageStates = new WeakMap<SimState, Map<string, { readonly state: PageState; readonly exp: number }>>();

export function samlIdp(state: SimState, request: SimRequest): Answer {
  const path = request.url.pathname;
  // The SAML app whose SP runs beside the simulator (a journey's "app"): Okta's side of it.
  if (path === spSsoPath()) return spAppSso(state, request, state.sp);
  // A tenant's apps (sim --config), and the catalogue's, have endpoints of their own.
  const tenantApp = tenantSamlAt(state, path);
  if (tenantApp !== undefined) return tenantSaml(state, request, tenantApp.app, tenantApp.metadata);
  const catalogue = state.faults().samlCatalogue;
  const inCatalogue = catalogueAppAt(path, catalogue);
  if (inCatalogue !== undefined)
    return inCatalogue.metadata
      ? catalogueMetadata(state, inCatalogue.app, catalogue)
      : catalogueSso(state, request, inCatalogue.app, catalogue);
  const faults = state.faults().saml ?? {};
  if (path.endsWith('/metadata')) return metadataAnswer(state, path, faults);
  const ssoPath = new URL(samlSsoUrl(state.baseUrl)).pathname;
  const genericPath = new URL(samlGenericSsoUrl(state.baseUrl)).pathname;
  if (path !== ssoPath && path !== genericPath)
    return html(404, 'Not Found', 'The page you are looking for cannot be found.');
  const cookies = String(request.headers.cookie ?? '');
  const cookie = /(?:^|;\s*)(sid|idx)=([^;]+)/.exec(cookies);
  const session = cookie?.[2] === undefined ? undefined : state.signIn.sessions.get(cookie[2]);
  const user =
    session !== undefined && session.exp > request.now / 1000 ? state.signIn.byId(session.userId) : undefined;
  const identityEngine = cookie?.[1] === 'idx';
  if (user === undefined) return redirect(`${state.baseUrl}/login/login.htm?fromURI=${encodeURIComponent(path)}`);
  if (faults.sessionRefused === true)
    return identityEngine
      ? signInPage(state, request, 'identify')
      : redirect(`${state.baseUrl}/login/login.htm?fromURI=${encodeURIComponent(path)}`);
  // A refused user goes to the app's custom error page when it has one, whatever refused it.
  if ((faults.notAssigned === true || faults.policyDenied === true) && faults.errorRedirectUrl !== undefined)
    return redirect(faults.errorRedirectUrl);
  if (faults.notAssigned === true) {
    if (identityEngine) return signInPage(state, request, 'not-assigned');
    return html(
      403,
      '403 App Not Assigned',
      `Sorry, you cannot access ${SIM_SAML_APP.label} because you are not assigned this app in Okta. If ` +
        `you're wondering why this is happening, please contact your administrator.`,
    );
  }
  if (faults.stepUp === true)
    return identityEngine
      ? signInPage(state, request, 'step-up')
      : redirect(`${state.baseUrl}/login/step-up/redirect?stateToken=00${opaque(30)}`);
  // Classic's intermediate redirect to the generic app SSO endpoint, or a RelayState form posted back to the SSO URL.
  if (faults.intermediate === 'redirect' && path === ssoPath) return redirect(samlGenericSsoUrl(state.baseUrl));
  if (faults.intermediate === 'form' && request.method !== 'POST') return resumeForm(samlSsoUrl(state.baseUrl));
  if (faults.errorPage === true) return html(200, 'Error', 'An error has occurred. Please contact your administrator.');
  return assertionForm(state, request, user, faults);
}

/** The app's IdP metadata, with the certificate the faults choose; 404 for another app's or when it is withheld. */
function metadataAnswer(state: SimState, path: string, faults: SamlFaults): Answer {
  // The Admin Console's Metadata URL names the app's external key; the Management API's `_links.metadata` its id.
  const own = [SIM_SAML_APP.externalKey, SIM_SAML_APP_ID].map((key) => `/app/${key}/sso/saml/metadata`);
  if (faults.metadataMissing === true || !own.includes(path))
    return html(404, 'Not Found', 'The page you are looking for cannot be found.');
  const certificate = faults.certificateExpiring === true ? state.saml.expiringCertificate : state.saml.certificate;
  return {
    kind: 'reply',
    status: 200,
    headers: { 'Content-Type': 'application/xml;charset=utf-8' },
    body: idpMetadata({ entityId: samlEntityId(), certificates: [certificate], ssoUrl: samlSsoUrl(state.baseUrl) }),
  };
}

/** The auto-posting form with the signed-in user's SAML response, as the app's settings and the faults shape it. */
function assertionForm(state: SimState, request: SimRequest, user: SimUser, faults: SamlFaults): Answer {
  const attributes: Record<string, string[]> = {
    email: [user.email],
    firstName: ['Synthetic'],
    groups: ['Everyone', 'Sales'],
  };
  for (const name of faults.omitAttributes ?? []) delete attributes[name];
  const rotated = faults.rotatedKey === true;
  const spec: ResponseSpec = {
    issuer: faults.issuer ?? samlEntityId(),
    destination: faults.destination ?? SIM_SAML_APP.recipient,
    recipient: faults.recipient ?? SIM_SAML_APP.recipient,
    audience: faults.audience ?? SIM_SAML_APP.audience,
    nameId: user.email,
    nameIdFormat: faults.nameIdFormat ?? SIM_SAML_APP.nameIdFormat,
    attributes,
    now: request.now - (faults.clockBehindSeconds ?? 0) * 1000,
    key: rotated ? state.saml.rotatedKey : state.saml.key,
    certificate: rotated ? state.saml.rotatedCertificate : state.saml.certificate,
    ...(faults.unsigned === true && { signResponse: false, signAssertion: false }),
    ...(faults.wrapped === true && { signResponse: false }),
    ...(faults.statusCode !== undefined && { statusCode: faults.statusCode }),
    ...(faults.sha1 === true && { sha1: true }),
    ...(faults.inResponseTo === true && {
      edit: {
        response: (xml: string) => xml.replace(' Version="2.0"', ` Version="2.0" InResponseTo="id${opaque(12)}"`),
      },
    }),
  };
  let xml = samlResponseXml(spec);
  if (faults.wrapped === true) {
    // XSW: the signed assertion moved into Extensions, a forged copy (another NameID) where an SP reads.
    const signed = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(xml)?.[0] ?? '';
    const forged = signed.replace(`>${escapeXml(user.email)}</saml2:NameID>`, '>ceo@acme.example</saml2:NameID>');
    xml = xml
      .replace(signed, forged)
      .replace('<saml2p:Status>', `<saml2p:Extensions>${signed}</saml2p:Extensions><saml2p:Status>`);
  }
  if (faults.xxe === true)
    xml = xml.replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    );
  return postedResponse(faults.ssoUrl ?? SIM_SAML_APP.recipient, xml);
}

/**
 * POST /idp/idx/introspect {stateToken} for a sign-in page this IdP served: its state, in the widget mocks' shapes.
 * Undefined for any other request, which the IDX API answers.
 */
export function samlPageState(state: SimState, request: SimRequest): Answer | undefined {
  if (request.url.pathname !== '/idp/idx/introspect') return undefined;
  let token: unknown;
  try {
    token = (JSON.parse(request.body) as { stateToken?: unknown }).stateToken;
  } catch {
    return undefined;
  }
  const page = typeof token === 'string' ? pageStates.get(state)?.get(token) : undefined;
  if (page === undefined || typeof token !== 'string' || page.exp < request.now) return undefined;
  const stateHandle = token;
  const hidden = { name: 'stateHandle', required: true, value: stateHandle, visible: false, mutable: false };
  // Status: the widget playground serves error-* mocks with 403 (its convention, not one Okta is confirmed to send).
  const ion = (body: Record<string, unknown>): Answer => ({
    kind: 'reply',
    status: page.state === 'not-assigned' ? 403 : 200,
    headers: { 'Content-Type': 'application/ion+json; okta-version=1.0.0' },
    body: JSON.stringify({ version: '1.0.0', stateHandle, intent: 'LOGIN', ...body }),
  });
  if (page.state === 'not-assigned') {
    return ion({
      messages: {
        type: 'array',
        value: [
          {
            message: 'You are not allowed to access this app. To request access, contact an admin.',
            i18n: { key: 'idx.error.code.user_not_assigned' },
            class: 'ERROR',
          },
        ],
      },
      failure: { name: 'failure-redirect', href: `${state.baseUrl}/error.html?key=idx.error.code.user_not_assigned` },
    });
  }
  if (page.state === 'identify')
    return ion(remediationForm(state.baseUrl, 'identify', [{ name: 'identifier', label: 'Username' }, hidden]));
  return ion(
    remediationForm(state.baseUrl, 'select-authenticator-authenticate', [
      {
        name: 'authenticator',
        type: 'object',
        options: [
          authenticatorOption('Okta Verify', 'okta_verify', 'push'),
          authenticatorOption('Google Authenticator', 'google_otp', 'otp'),
        ],
      },
      hidden,
    ]),
  );
}

/**
 * An IDX remediation with one form: where the page's widget posts it next, in the shape of the Sign-In Widget's IDX
 * mocks (remediation.value[] of named forms with their href and value fields).
 */
function remediationForm(baseUrl: string, name: string, value: unknown[]): Record<string, unknown> {
  return {
    remediation: {
      type: 'array',
      value: [
        {
          rel: ['create-form'],
          name,
          href: `${baseUrl}/idp/idx/${name === 'identify' ? 'identify' : 'challenge'}`,
          method: 'POST',
          produces: 'application/ion+json; okta-version=1.0.0',
          value,
          accepts: 'application/json; okta-version=1.0.0',
        },
      ],
    },
  };
}

function authenticatorOption(label: string, key: string, methodType: string): Record<string, unknown> {
  return {
    label,
    value: {
      form: {
        value: [
          { name: 'id', required: true, value: `aut${key}`, mutable: false },
          { name: 'methodType', required: false, value: methodType, mutable: false },
        ],
      },
    },
  };
}

/** Identity Engine's app intent link hosting the sign-in: the widget's page, its state token in the widget's data. */
function signInPage(state: SimState, request: SimRequest, pageState: PageState): Answer {
  const token = `02.id.${opaque(24)}`;
  const states = pageStates.get(state) ?? new Map();
  pageStates.set(state, states);
  for (const [old, page] of states) if (page.exp < request.now) states.delete(old);
  states.set(token, { state: pageState, exp: request.now + 10 * 60_000 });
  // Okta writes the token into a script with '-' as \x2D (saml2aws getStateTokenFromOktaPageBody undoes it).
  const escaped = token.replace(/-/g, '\\x2D');
  const body =
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Acme - Sign ` +
    `In</title></head>\n<body><div id="okta-sign-in"></div>\n` +
    `<script type="text/javascript">var oktaData = {"signIn":{"stateToken":"${escaped}","baseUrl":"${state.baseUrl.replace(/\//g, '\\/')}"}};</script>\n</body></html>\n`;
  return { kind: 'reply', status: 200, headers: { 'Content-Type': 'text/html;charset=utf-8' }, body };
}

/** An intermediate page that posts itself back to the SSO URL with a RelayState (saml2aws's "resume" form). */
function resumeForm(action: string): Answer {
  const body =
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Okta - Signing in...</title></head>\n' +
    (`<body onload="document.forms[0].submit()"><form id="appForm" action="${references(action)}" ` +
      `method="POST"><input name="RelayState" type="hidden" value="${opaque(8)}"/></form></body></html>\n`);
  return { kind: 'reply', status: 200, headers: { 'Content-Type': 'text/html;charset=utf-8' }, body };
}
