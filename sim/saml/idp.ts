// The simulated IdP of the org's SAML app (issue 28): its metadata at /app/{externalKey}/sso/saml/metadata, and its
// SSO URL /app/{appName}/{externalKey}/sso/saml answering a signed-in user Okta's auto-posting form (the shape
// saml2aws reads: form#appForm to the ACS URL, hidden SAMLResponse and RelayState, '+' and '=' as character
// references), "403 App Not Assigned" to an unassigned one, and the sign-in page's redirect to anyone without a
// session. faults.saml changes what Okta's app settings would change.
import { html, redirect, type Answer } from '../answer';
import type { SimRequest, SimState } from '../state';
import { SIM_SAML_APP, samlEntityId, samlSsoUrl } from './app';
import { autoPostForm, escapeXml, idpMetadata, samlResponseXml, type ResponseSpec } from './messages';
import { catalogueAppAt, catalogueMetadata, catalogueSso } from './catalogue';

export const SAML_PATH = /^\/app\/(?:[^/]+\/)?[^/]+\/sso\/saml(?:\/metadata)?$/;

export function samlIdp(state: SimState, request: SimRequest): Answer {
  const path = request.url.pathname;
  // The catalogue's apps (issue 37) have endpoints of their own.
  const catalogue = state.faults().samlCatalogue;
  const inCatalogue = catalogueAppAt(path, catalogue);
  if (inCatalogue !== undefined) return inCatalogue.metadata ? catalogueMetadata(state, inCatalogue.app, catalogue) : catalogueSso(state, request, inCatalogue.app, catalogue);
  const faults = state.faults().saml ?? {};
  const keys = state.saml;
  if (path.endsWith('/metadata')) {
    if (faults.metadataMissing === true || path !== `/app/${SIM_SAML_APP.externalKey}/sso/saml/metadata`) return html(404, 'Not Found', 'The page you are looking for cannot be found.');
    const certificate = faults.certificateExpiring === true ? keys.expiringCertificate : keys.certificate;
    return { kind: 'reply', status: 200, headers: { 'Content-Type': 'application/xml;charset=utf-8' }, body: idpMetadata({ entityId: samlEntityId(), certificates: [certificate], ssoUrl: samlSsoUrl(state.baseUrl) }) };
  }
  if (path !== new URL(samlSsoUrl(state.baseUrl)).pathname) return html(404, 'Not Found', 'The page you are looking for cannot be found.');
  const cookies = String(request.headers.cookie ?? '');
  const sid = /(?:^|;\s*)(?:sid|idx)=([^;]+)/.exec(cookies)?.[1];
  const session = sid === undefined ? undefined : state.signIn.sessions.get(sid);
  const user = session !== undefined && session.exp > request.now / 1000 ? state.signIn.byId(session.userId) : undefined;
  if (user === undefined || faults.sessionRefused === true) return redirect(`${state.baseUrl}/login/login.htm?fromURI=${encodeURIComponent(path)}`);
  if (faults.notAssigned === true) {
    return html(403, '403 App Not Assigned', `Sorry, you cannot access ${SIM_SAML_APP.label} because you are not assigned this app in Okta. If you're wondering why this is happening, please contact your administrator.`);
  }
  if (faults.errorPage === true) return html(200, 'Error', 'An error has occurred. Please contact your administrator.');
  const attributes: Record<string, string[]> = { email: [user.email], firstName: ['Synthetic'], groups: ['Everyone', 'Sales'] };
  for (const name of faults.omitAttributes ?? []) delete attributes[name];
  const rotated = faults.rotatedKey === true;
  const spec: ResponseSpec = {
    issuer: faults.issuer ?? samlEntityId(),
    destination: faults.recipient ?? SIM_SAML_APP.recipient,
    recipient: faults.recipient ?? SIM_SAML_APP.recipient,
    audience: faults.audience ?? SIM_SAML_APP.audience,
    nameId: user.email,
    nameIdFormat: faults.nameIdFormat ?? SIM_SAML_APP.nameIdFormat,
    attributes,
    now: request.now - (faults.clockBehindSeconds ?? 0) * 1000,
    key: rotated ? keys.rotatedKey : keys.key,
    certificate: rotated ? keys.rotatedCertificate : keys.certificate,
    ...(faults.unsigned === true && { signResponse: false, signAssertion: false }),
    ...(faults.wrapped === true && { signResponse: false }),
    ...(faults.statusCode !== undefined && { statusCode: faults.statusCode }),
  };
  let xml = samlResponseXml(spec);
  if (faults.wrapped === true) {
    // XSW: the signed assertion moved into Extensions, a forged copy (another NameID) where an SP reads.
    const signed = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(xml)?.[0] ?? '';
    const forged = signed.replace(`>${escapeXml(user.email)}</saml2:NameID>`, '>ceo@acme.example</saml2:NameID>');
    xml = xml.replace(signed, forged).replace('<saml2p:Status>', `<saml2p:Extensions>${signed}</saml2p:Extensions><saml2p:Status>`);
  }
  if (faults.xxe === true) xml = xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>');
  return { kind: 'reply', status: 200, headers: { 'Content-Type': 'text/html;charset=utf-8' }, body: autoPostForm(Buffer.from(xml).toString('base64'), SIM_SAML_APP.recipient) };
}

