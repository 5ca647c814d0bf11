// A config's apps behind Okta (signIn[].app), played for `sim --config` as the simulator plays its own Expenses and
// Wiki: each OIDC app a relying party on loopback signing in through the journey's server as the journey's client, each
// SAML app an SP on loopback behind Okta's app link on the org. Each answers as the config says success looks like (its
// landing path, status, text and cookie) and reads the claims or attributes the config names; a scenario's `app` fault
// changes them as it changes the simulator's own apps, never Okta.
import { startOidcApp, type OidcAppSettings, type RunningApp } from './app-oidc';
import { spEntityId, startSamlSp, type SpSettings } from './app-saml-sp';
import type { AppFault } from './faults';
import type { SimState, SpEndpoint } from './state';
import type { TenantAppServed, TenantAppSpec, TenantAppsStarted, TenantSamlAppSpec, TenantSpec } from './tenant';

/** Where an app lands once signed in when its config names no path. */
const HOME = '/home';
/** Okta's default NameID format for a SAML app (its "Name ID format" Unspecified is the email address here). */
const EMAIL_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
/** The scopes an OIDC app asks for: the ID token's profile and email claims come with them (sim/tokens.ts). */
const OIDC_APP_SCOPES = ['openid', 'profile', 'email'];

/** What the apps read of the running simulator: who has an account, the scenario's fault, Okta's certificates. */
interface AppsDeps {
  readonly knows: (email: string) => boolean;
  readonly fault: () => AppFault | undefined;
  readonly active: () => string;
  readonly retired: () => string;
}

/** The simulator's state as the apps read it, once it is built (they read it only once a browser reaches them). */
export const appsDepsOf = (state: () => SimState): AppsDeps => ({
  knows: (email) => state().signIn.byUsername(email) !== undefined,
  fault: () => state().faults().app,
  active: () => state().saml.certificate,
  retired: () => state().saml.rotatedCertificate,
});

/** A name fit for a cookie, from the app's name: "Acme Expenses" is acme_expenses. */
const cookieName = (name: string, index: number): string =>
  `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || `app${index}`
  }_session`;

/**
 * Starts each of the spec's apps on 127.0.0.1, any free port: what they bring to the org (callbacks, SAML apps) and
 * what they serve, and their closers. An app that fails to start closes the ones started before it.
 */
export async function startTenantApps(
  spec: TenantSpec,
  baseUrl: string,
  deps: AppsDeps,
): Promise<TenantAppsStarted & { readonly running: readonly RunningApp[] }> {
  const running: RunningApp[] = [];
  const served: TenantAppServed[] = [];
  const callbacks: { clientId: string; redirectUri: string }[] = [];
  const samlApps: TenantSamlAppSpec[] = [...spec.samlApps];
  try {
    for (const app of spec.apps ?? []) {
      const started =
        app.kind.protocol === 'oidc'
          ? await startOidc(app, app.kind, baseUrl, deps)
          : await startSaml(app, app.kind, spec, baseUrl, deps, samlApps);
      running.push(started.app);
      served.push(started.served);
      if (started.callback !== undefined) callbacks.push(started.callback);
    }
  } catch (error) {
    await Promise.all(running.map((app) => app.close()));
    throw error;
  }
  return { served, callbacks, samlApps, running };
}

/** One app started: its closer, what it serves, and an OIDC app's callback for its client. */
interface Started {
  readonly app: RunningApp;
  readonly served: TenantAppServed;
  readonly callback?: { readonly clientId: string; readonly redirectUri: string };
}

/** The success a config's app answers with: its landing path, cookie, text and status. */
function successOf(app: TenantAppSpec, index: number) {
  const { path, cookie, text, status } = app.success;
  return {
    name: app.name,
    home: path ?? HOME,
    cookie: cookie ?? cookieName(app.name, index),
    ...(text !== undefined && { text }),
    ...(status !== undefined && { status }),
  };
}

/** An OIDC app through the journey's server: the Org AS's endpoints are /oauth2/v1, a custom server's its issuer's. */
async function startOidc(
  app: TenantAppSpec,
  kind: { readonly server: string; readonly clientId: string },
  baseUrl: string,
  deps: AppsDeps,
): Promise<Started> {
  const org = kind.server === 'org';
  const issuer = org ? baseUrl : `${baseUrl}/oauth2/${kind.server}`;
  const own = successOf(app, app.journey);
  const settings: OidcAppSettings = {
    ...own,
    scopes: OIDC_APP_SCOPES,
    requiredClaims: app.claims,
    otherAudience: `api://${own.cookie.replace(/_session$/, '')}`,
    transactionCookie: `${own.cookie}_tx`,
  };
  const running = await startOidcApp({
    issuer,
    endpoints: org ? `${baseUrl}/oauth2/v1` : `${issuer}/v1`,
    clientId: kind.clientId,
    knows: deps.knows,
    fault: deps.fault,
    settings,
  });
  return {
    app: running,
    served: servedAt(app, 'oidc', running.url, `${running.url}/login`),
    callback: { clientId: kind.clientId, redirectUri: `${running.url}/callback` },
  };
}

/**
 * A SAML SP behind Okta's app link: the org's SAML app at the link's path, assigned to the journey's user, posting to
 * the SP's ACS. A link that is a samlApps[] entry's SSO URL is that app: the SP accepts its audience and recipient.
 */
async function startSaml(
  app: TenantAppSpec,
  kind: { readonly ssoPath: string; readonly externalKey: string; readonly samlApp?: number },
  spec: TenantSpec,
  baseUrl: string,
  deps: AppsDeps,
  samlApps: TenantSamlAppSpec[],
): Promise<Started> {
  const listed = kind.samlApp === undefined ? undefined : spec.samlApps[kind.samlApp];
  const settings: SpSettings = {
    ...successOf(app, app.journey),
    attributes: app.claims,
    ...(listed !== undefined && { audience: listed.audience, recipient: listed.recipient }),
  };
  const endpoint: SpEndpoint = {};
  const running = await startSamlSp({ ...deps, settings }, endpoint);
  const acsUrl = endpoint.acsUrl ?? `${running.url}/acs`;
  if (listed !== undefined && kind.samlApp !== undefined) samlApps[kind.samlApp] = { ...listed, acsUrl };
  else
    samlApps.push({
      label: app.name,
      externalKey: kind.externalKey,
      ssoPath: kind.ssoPath,
      metadataPath: `/app/${kind.externalKey}/sso/saml/metadata`,
      username: app.username,
      audience: spEntityId(running.url),
      recipient: acsUrl,
      acsUrl,
      nameIdFormat: EMAIL_NAME_ID,
      attributes: app.claims,
    });
  return { app: running, served: servedAt(app, 'saml', running.url, baseUrl + kind.ssoPath) };
}

const servedAt = (app: TenantAppSpec, protocol: 'oidc' | 'saml', url: string, loginUrl: string): TenantAppServed => ({
  journey: app.journey,
  protocol,
  url,
  loginUrl,
  logoutUrl: `${url}/logout`,
});
