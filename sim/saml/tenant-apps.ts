// A tenant's SAML apps (sim/tenant.ts), served as the simulator serves its own: the public metadata at the path of
// their metadataUrl, the SSO URL at their ssoUrl's path answering the assigned user's session Okta's auto-posting
// form (saml2aws's shape: sim/saml/idp.ts), an unassigned user "403 App Not Assigned", no session the sign-in page.
// Every SSO answer counts in Okta's one bucket of /app/{app}/{key}/sso/saml, 750 a minute (help.okta.com "API rate
// limits"), reported in X-Rate-Limit-* headers.
import { withHeaders, type Answer } from '../answer';
import { notAssigned, sessionUser, toSignIn } from './catalogue';
import { rateLimitHeaders } from '../rate-limit';
import type { SimRequest, SimState } from '../state';
import type { TenantSamlAppSpec } from '../tenant';
import type { SimUser } from '../users';
import { metadataReply, postedResponse, samlResponseXml } from './messages';

/** Okta's default limit a minute of every app's SSO URL together. */
const SSO_BUCKET_LIMIT = 750;

/** The tenant's app a SAML path names, and whether it is its metadata. */
export function tenantSamlAt(
  state: SimState,
  path: string,
): { readonly app: TenantSamlAppSpec; readonly metadata: boolean } | undefined {
  for (const app of state.tenant?.samlApps ?? []) {
    if (path === app.metadataPath) return { app, metadata: true };
    if (path === app.ssoPath) return { app, metadata: false };
  }
  return undefined;
}

const entityId = (app: TenantSamlAppSpec): string => `http://www.okta.com/${app.externalKey}`;

export function tenantSaml(state: SimState, request: SimRequest, app: TenantSamlAppSpec, metadata: boolean): Answer {
  if (metadata)
    return metadataReply({
      entityId: entityId(app),
      certificates: [state.saml.certificate],
      ssoUrl: state.baseUrl + app.ssoPath,
    });
  const bucket = state.rateLimiter.hit('saml-sso', SSO_BUCKET_LIMIT, request.now);
  return withHeaders(ssoAnswer(state, request, app), rateLimitHeaders(bucket));
}

function ssoAnswer(state: SimState, request: SimRequest, app: TenantSamlAppSpec): Answer {
  const user = sessionUser(state, request);
  if (user === undefined) return toSignIn(state, request);
  if (user.username !== app.username) return notAssigned(app.label);
  const xml = samlResponseXml({
    issuer: entityId(app),
    destination: app.destination ?? app.recipient,
    recipient: app.recipient,
    audience: app.audience,
    nameId: user.email,
    nameIdFormat: app.nameIdFormat,
    attributes: attributeStatements(user, app.attributes),
    now: request.now,
    key: state.saml.key,
    certificate: state.saml.certificate,
  });
  return postedResponse(app.acsUrl ?? app.recipient, xml);
}

/**
 * The app's attribute statements (its SAML Settings > Attribute Statements): an admin maps each attribute to a
 * profile expression; the simulator maps the ones it knows to the user's profile and the rest to user.login.
 */
function attributeStatements(user: SimUser, names: readonly string[]): Record<string, string[]> {
  const profile: Record<string, string> = { email: user.email, firstName: 'Synthetic', lastName: 'User' };
  return Object.fromEntries(names.map((name) => [name, [profile[name] ?? user.username]]));
}
