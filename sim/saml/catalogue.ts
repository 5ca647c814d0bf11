// The simulated org's catalogue of SAML apps: `apps` custom SAML 2.0 apps beside its Salesforce app, each
// with its Okta ids (0oa... app id, exk... external key), its SP's values in settings.signOn, and its IdP endpoints:
// the SSO URL /app/{name}/{exk}/sso/saml, the public metadata /app/{exk}/sso/saml/metadata, and the Management API's
// copy of it, GET /api/v1/apps/{id}/sso/saml/metadata?kid= (previewSAMLmetadataForApplication). The Management API
// lists them as the spec shapes them (listApplications, listAppLinks, listAssignedApplicationsForGroup:
// okta-management-openapi-spec dist/current/management-minimal.yaml). Every SSO answer counts in one bucket,
// /app/{app}/{key}/sso/saml, 750 a minute (help.okta.com "API rate limits"), reported in X-Rate-Limit-* headers.
// faults.samlCatalogue changes what Okta's settings of some apps would change; the apps share one signing key.
import { X509Certificate } from 'node:crypto';
import { html, oktaError, redirect, withHeaders, type Answer } from '../answer';
import { rateLimitHeaders } from '../rate-limit';
import type { SimRequest, SimState } from '../state';
import type { SamlCatalogueFaults } from './app';
import type { SimUser } from '../users';
import { metadataReply, postedResponse, samlResponseXml } from './messages';

export type { SamlCatalogueFaults } from './app';

/** Okta's default limit a minute of every app's SSO URL together. */
const SSO_BUCKET_LIMIT = 750;

/** The Okta group the catalogue's apps are assigned to (oktaGroupId discovery). */
export const SIM_CATALOGUE_GROUP = '00gsimcatalogue00x7';

const pad = (i: number): string => String(i).padStart(14, '0');

interface CatalogueApp {
  readonly index: number;
  readonly appId: string;
  readonly externalKey: string;
  readonly name: string;
  readonly label: string;
  readonly audience: string;
  readonly recipient: string;
  readonly kid: string;
}

export function catalogueApp(index: number): CatalogueApp {
  return {
    index,
    appId: `0oacat${pad(index)}`,
    externalKey: `exkcat${pad(index)}`,
    name: `oktasim_cat${index}_1`,
    label: `Catalogue app ${String(index).padStart(4, '0')}`,
    audience: `https://sp${index}.acme.example/saml`,
    recipient: `https://sp${index}.acme.example/saml/acs`,
    kid: `kidCat${pad(index)}`,
  };
}

export const catalogueSsoUrl = (orgUrl: string, app: CatalogueApp): string =>
  `${orgUrl}/app/${app.name}/${app.externalKey}/sso/saml`;
export const catalogueMetadataUrl = (orgUrl: string, app: CatalogueApp): string =>
  `${orgUrl}/app/${app.externalKey}/sso/saml/metadata`;
const entityId = (app: CatalogueApp): string => `http://www.okta.com/${app.externalKey}`;

const has = (list: readonly number[] | undefined, index: number): boolean => list?.includes(index) === true;

/** The catalogue's apps under `faults` (none without it). */
export function catalogueApps(faults: SamlCatalogueFaults | undefined): CatalogueApp[] {
  return Array.from({ length: faults?.apps ?? 0 }, (_, i) => catalogueApp(i));
}

/**
 * The key the app signs with now (credentials.signing.kid): activating a new signing certificate in Okta makes its
 * key the app's, so a rotated app has another kid; the old key's metadata still answers, with the old certificate.
 */
export const currentKid = (app: CatalogueApp, faults: SamlCatalogueFaults | undefined): string =>
  faults?.rotated === true ? `${app.kid}Rot` : app.kid;

/** The Recipient in the app's settings (and its assertions): its ACS URL unless faults say otherwise. */
function catalogueRecipient(app: CatalogueApp, faults: SamlCatalogueFaults | undefined): string {
  if (has(faults?.recipientDiffers, app.index)) return `https://sp${app.index}.acme.example/saml/recipient`;
  if (has(faults?.recipientNotUrl, app.index)) return 'sp-recipient (see runbook)';
  return app.recipient;
}

/** The CASB's values for an app behind it (faults.casbOverride): what Okta posts to and asserts for instead. */
function casbOf(
  app: CatalogueApp,
  faults: SamlCatalogueFaults | undefined,
): { readonly acs: string; readonly audience: string } | undefined {
  return has(faults?.casbOverride, app.index)
    ? { acs: `https://casb.acme.example/sp${app.index}/saml/acs`, audience: `https://casb.acme.example/sp${app.index}` }
    : undefined;
}

/** An app's custom error page (faults.errorPage), off the org as admins set it, or undefined. */
function errorPageOf(app: CatalogueApp, faults: SamlCatalogueFaults | undefined): string | undefined {
  return has(faults?.errorPage, app.index) ? `https://help.acme.example/okta/no-access/sp${app.index}` : undefined;
}

/** A catalogue app as the Management API lists it (Application, SAML 2.0: settings.signOn, credentials.signing). */
export function catalogueAppJson(state: SimState, app: CatalogueApp): unknown {
  return {
    id: app.appId,
    name: app.name,
    label: app.label,
    status: 'ACTIVE',
    signOnMode: 'SAML_2_0',
    created: '2024-03-01T10:00:00.000Z',
    // Application.features, "Enabled app features" (okta-sdk-nodejs oas-spec/management.yaml): `[]` for an app
    // without provisioning, as the spec's SAML examples list it; the To App pushes where Create Users is on.
    features: has(state.faults().samlCatalogue?.provisioning, app.index)
      ? ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION']
      : [],
    credentials: {
      signing: { kid: currentKid(app, state.faults().samlCatalogue) },
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
    },
    // The spec's example lists accessibility with nulls where nothing is set.
    accessibility: {
      selfService: false,
      errorRedirectUrl: errorPageOf(app, state.faults().samlCatalogue) ?? null,
      loginRedirectUrl: null,
    },
    settings: {
      app: {},
      signOn: {
        ssoAcsUrl: app.recipient,
        idpIssuer: 'http://www.okta.com/${org.externalKey}',
        audience: app.audience,
        recipient: catalogueRecipient(app, state.faults().samlCatalogue),
        destination: app.recipient,
        ...overridesJson(casbOf(app, state.faults().samlCatalogue)),
        subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        responseSigned: true,
        assertionSigned: true,
        signatureAlgorithm: 'RSA_SHA256',
        digestAlgorithm: 'SHA256',
      },
    },
    _links: {
      metadata: { href: `${state.baseUrl}/api/v1/apps/${app.appId}/sso/saml/metadata`, type: 'application/xml' },
      appLinks: [
        {
          name: `${app.name}_link`,
          href: `${state.baseUrl}/home/${app.name}/${app.appId}/aln${pad(app.index)}`,
          type: 'text/html',
        },
      ],
    },
  };
}

/** The override fields as the Apps API gives them: null when unset (the spec's examples), the CASB's URLs when set. */
function overridesJson(casb: ReturnType<typeof casbOf>): Record<string, string | null> {
  return {
    ssoAcsUrlOverride: casb?.acs ?? null,
    audienceOverride: casb?.audience ?? null,
    recipientOverride: casb?.acs ?? null,
    destinationOverride: casb?.acs ?? null,
  };
}

/** The user's link to a catalogue app (AssignedAppLink). */
export function catalogueAppLink(state: SimState, app: CatalogueApp, userId: string): unknown {
  return {
    id: userId,
    label: app.label,
    linkUrl: `${state.baseUrl}/home/${app.name}/${app.appId}/aln${pad(app.index)}`,
    appName: app.name,
    appInstanceId: app.appId,
    appAssignmentId: `0ua${pad(app.index)}x7`,
    credentialsSetup: false,
    hidden: false,
    sortOrder: app.index,
  };
}

/** The apps assigned to the synthetic user (and to the catalogue's Okta group). */
export function assignedCatalogueApps(faults: SamlCatalogueFaults | undefined): CatalogueApp[] {
  return catalogueApps(faults).filter((app) => !has(faults?.notAssigned, app.index));
}

/** The app a public SAML path names: its SSO URL or its metadata. */
export function catalogueAppAt(
  path: string,
  faults: SamlCatalogueFaults | undefined,
): { app: CatalogueApp; metadata: boolean } | undefined {
  const match = /^\/app\/(?:([^/]+)\/)?(exkcat\d{14})\/sso\/saml(\/metadata)?$/.exec(path);
  if (match === null) return undefined;
  const index = Number(match[2]?.slice(6));
  if (!Number.isInteger(index) || index >= (faults?.apps ?? 0)) return undefined;
  const app = catalogueApp(index);
  const metadata = match[3] !== undefined;
  if (!metadata && match[1] !== app.name) return undefined;
  return { app, metadata };
}

/** The certificate of the app's first key (its kid as created). */
const firstCertificate = (state: SimState, app: CatalogueApp, faults: SamlCatalogueFaults | undefined): string =>
  has(faults?.expiring, app.index) ? state.saml.expiringCertificate : state.saml.certificate;

/** The app's metadata, as its public URL (the active certificate) and the Management API (the kid's) answer it. */
export function catalogueMetadata(
  state: SimState,
  app: CatalogueApp,
  faults: SamlCatalogueFaults | undefined,
  kid = currentKid(app, faults),
): Answer {
  const certificate = kid !== app.kid ? state.saml.rotatedCertificate : firstCertificate(state, app, faults);
  return metadataReply({
    entityId: entityId(app),
    certificates: [certificate],
    ssoUrl: catalogueSsoUrl(state.baseUrl, app),
  });
}

/**
 * The app's SSO URL answering a user: its form with a signed SAMLResponse, or Okta's refusals; every answer counts in
 * the SSO bucket.
 */
export function catalogueSso(
  state: SimState,
  request: SimRequest,
  app: CatalogueApp,
  faults: SamlCatalogueFaults | undefined,
): Answer {
  const bucket = state.rateLimiter.hit('saml-sso', faults?.ssoLimit ?? SSO_BUCKET_LIMIT, request.now);
  const pinned = faults?.ssoRemainingPercent;
  // The org's own users spent the rest of the bucket before the probe's first request of the window.
  const headers = rateLimitHeaders(
    pinned === undefined
      ? bucket
      : { ...bucket, remaining: Math.max(0, bucket.remaining - Math.ceil((bucket.limit * (100 - pinned)) / 100)) },
  );
  return withHeaders(ssoAnswer(state, request, app, faults), headers);
}

/** The user of the request's live session (Classic's `sid` or Identity Engine's `idx` cookie). */
export function sessionUser(state: SimState, request: SimRequest): SimUser | undefined {
  const sid = /(?:^|;\s*)(?:sid|idx)=([^;]+)/.exec(String(request.headers.cookie ?? ''))?.[1];
  const session = sid === undefined ? undefined : state.signIn.sessions.get(sid);
  return session !== undefined && session.exp > request.now / 1000 ? state.signIn.byId(session.userId) : undefined;
}

/** Without a session, Classic sends the SSO URL's visitor to its sign-in page. */
export const toSignIn = (state: SimState, request: SimRequest): Answer =>
  redirect(`${state.baseUrl}/login/login.htm?fromURI=${encodeURIComponent(request.url.pathname)}`);

/** Okta's page for a user the app is not assigned to. */
export const notAssigned = (label: string): Answer =>
  html(
    403,
    '403 App Not Assigned',
    `Sorry, you cannot access ${label} because you are not assigned this app in Okta. If you're ` +
      `wondering why this is happening, please contact your administrator.`,
  );

function ssoAnswer(
  state: SimState,
  request: SimRequest,
  app: CatalogueApp,
  faults: SamlCatalogueFaults | undefined,
): Answer {
  const user = sessionUser(state, request);
  if (user === undefined) return toSignIn(state, request);
  if (has(faults?.notAssigned, app.index)) {
    const errorPage = errorPageOf(app, faults);
    if (errorPage !== undefined) return redirect(errorPage);
    return notAssigned(app.label);
  }
  const casb = casbOf(app, faults);
  const xml = samlResponseXml({
    issuer: entityId(app),
    destination: casb?.acs ?? app.recipient,
    recipient: casb?.acs ?? catalogueRecipient(app, faults),
    audience: has(faults?.audienceChanged, app.index) ? `${app.audience}/changed` : (casb?.audience ?? app.audience),
    nameId: user.email,
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    attributes: { email: [user.email] },
    now: request.now,
    key: faults?.rotated === true ? state.saml.rotatedKey : state.saml.key,
    certificate:
      faults?.rotated === true
        ? state.saml.rotatedCertificate
        : has(faults?.expiring, app.index)
          ? state.saml.expiringCertificate
          : state.saml.certificate,
    ...(has(faults?.sha1, app.index) && { sha1: true }),
  });
  return postedResponse(casb?.acs ?? app.recipient, xml);
}

/** GET /api/v1/apps/{id}/sso/saml/metadata?kid=: the metadata of the app's key (previewSAMLmetadataForApplication). */
export function catalogueMetadataPreview(
  state: SimState,
  request: SimRequest,
  appId: string,
  faults: SamlCatalogueFaults | undefined,
): Answer | undefined {
  const app = catalogueApps(faults).find((a) => a.appId === appId);
  if (app === undefined) return undefined;
  const kid = request.url.searchParams.get('kid');
  if (kid === null) return oktaError(400, 'E0000001', 'Api validation failed: kid');
  // The old key is still the app's after a rotation (inactive): its metadata answers, with its old certificate.
  if (kid !== app.kid && kid !== currentKid(app, faults))
    return oktaError(404, 'E0000007', `Not found: Resource not found: ${kid} (JsonWebKey)`);
  return catalogueMetadata(state, app, faults, kid);
}

/** GET /api/v1/apps/{id} (getApplication): a catalogue app as Okta holds it now, its current kid included. */
export function catalogueAppById(state: SimState, appId: string, faults: SamlCatalogueFaults | undefined): unknown {
  const app = catalogueApps(faults).find((a) => a.appId === appId);
  return app === undefined ? undefined : catalogueAppJson(state, app);
}

/**
 * GET /api/v1/apps/{id}/credentials/keys (listApplicationKeys): the app's key store, as Okta lists it for every app
 * it holds (okta-developer-docs guides/updating-saml-cert, "List your apps' keys": created, lastUpdated, expiresAt,
 * x5c, e, n, kid, kty, use, x5t#S256). Its first key, and after a rotation the key generated since; each key's
 * expiresAt is its certificate's own notAfter. Undefined (Okta's 404) for an app the catalogue does not have.
 */
export function catalogueAppKeys(state: SimState, appId: string, faults: SamlCatalogueFaults | undefined): unknown {
  const app = catalogueApps(faults).find((a) => a.appId === appId);
  if (app === undefined) return undefined;
  const key = (kid: string, pem: string) => {
    const certificate = new X509Certificate(pem);
    const created = new Date(certificate.validFrom).toISOString();
    const n = certificate.publicKey.export({ format: 'jwk' }).n ?? '';
    return {
      created,
      lastUpdated: created,
      expiresAt: new Date(certificate.validTo).toISOString(),
      x5c: [certificate.raw.toString('base64')],
      e: 'AQAB',
      n,
      kid,
      kty: 'RSA',
      use: 'sig',
      'x5t#S256': certificate.fingerprint256.replaceAll(':', ''),
    };
  };
  const first = key(app.kid, firstCertificate(state, app, faults));
  const rotated = currentKid(app, faults);
  return rotated === app.kid ? [first] : [first, key(rotated, state.saml.rotatedCertificate)];
}
