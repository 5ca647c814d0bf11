// What each code of the client family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';
import { CERTIFICATE_WARN_DAYS, grantAdvice, MANAGEMENT_PATHS, NEVER_FOR_MONITORING } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// The client: its app, its credentials and how it authenticates, its grants and roles, the org URL's certificate and
// the /authorize requests it makes.

export const CLIENT_CODES = {
  UNKNOWN_CLIENT_ID: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'app',
    password: 'blocked',
    title: 'Client id not found',
    summary:
      'Okta does not know this client id in this org ("Invalid value for \'client_id\' parameter." or an ' +
      'assertion whose issuer is not a valid client_id): a typo, a deleted or deactivated app, or another ' +
      "org's id.",
    remedy:
      'In Applications > Applications, find the app (also under the Inactive filter) and copy the Client ID ' +
      'from its General tab; reactivate it if it is inactive. Check that orgUrl is the org the app lives in ' +
      '(a preview org, oktapreview.com, has different ids).',
  },
  // Okta refusing the probe's own secret or key (rotated, expired, unreadable): it measured nothing of the org, and
  // stopped no user, so unmeasured, as the probe's side.
  INVALID_CLIENT: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['token', 'introspect'],
    subject: 'credential',
    password: 'blocked',
    title: 'Client authentication failed',
    summary:
      'Okta answered invalid_client: the client secret or signing key does not match the app, or the app ' +
      'uses another authentication method.',
    remedy:
      'In Applications > [app] > General, copy the Client ID again. Under General > Client Credentials, ' +
      'check the authentication method: for a client secret, re-enter or rotate it; for Public key / Private ' +
      "key, make sure the app lists the public key matching the probe's private key (and its kid, if you set " +
      'one), and that the key is Active.',
  },
  // A proxy or a wrong orgUrl changes the probe's own request: ours, never Okta's.
  CLIENT_AUTH_MALFORMED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'credential',
    password: 'blocked',
    title: 'Client authentication not usable',
    summary:
      'Okta could not use the client authentication as it arrived: no or unreadable credentials, several at ' +
      'once, or a client assertion whose audience, lifetime or jti it refuses. The credential itself was not ' +
      'judged.',
    remedy:
      'Something between the probe and Okta changes the request: a proxy stripping the Authorization header ' +
      "or replaying requests, or an orgUrl other than the address the request reaches (the assertion's aud " +
      'must be the exact URL invoked, custom URL domain included). Call Okta directly or fix the proxy; set ' +
      'orgUrl to the domain the probe calls.',
  },
  ORG_AS_REQUIRES_PRIVATE_KEY_JWT: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['token'],
    subject: 'credential',
    title: 'Org server needs a private key',
    summary:
      'The Org Authorization Server refused client_secret_basic: client credentials requests to it must use ' +
      'private_key_jwt.',
    remedy:
      'In Applications > [app] > General > Client Credentials, choose Public key / Private key, add the ' +
      "probe's public key (JWK or PEM), save, and give the probe the matching private key. Or use a custom " +
      'authorization server, which accepts client secrets.',
  },
  NOT_A_SERVICE_APP: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'app',
    title: 'Not an API Services app',
    summary:
      'The Org Authorization Server grants client credentials only to apps with application_type "service" ' +
      '(API Services apps), and this client is another kind of app.',
    remedy:
      "Create the probe's app in Applications > Applications > Create App Integration > API Services, with " +
      'Client authentication Public key / Private key, and grant its okta.* scopes under Okta API Scopes. A ' +
      'Web or SPA app cannot get Org-AS client credentials tokens.',
  },
  // Okta's answer to the probe's own client (its admin role, scopes, grants, type, redirect URI): the probe's app.
  ADMIN_ROLE_MISSING: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['management'],
    subject: 'grant',
    refusal: 'role',
    title: 'Service app has no admin role',
    summary:
      'Okta issued the Org-AS token with its okta.* scope, but the Management API answered 403 E0000006: the ' +
      'service app holds no admin role that covers the call, so every API call it makes is refused.',
    remedy: `In Applications > Applications > [the API Services app] > Admin roles, Edit assignments and give the narrowest role that reads what the scope covers (${Object.keys(
      MANAGEMENT_PATHS,
    )
      .map((scope) => `${scope}: ${grantAdvice(scope)}`)
      .join(
        '; ',
      )}), then Save changes. Scopes alone are not enough: a service app needs both the granted okta.* scope and an admin role. Never ${NEVER_FOR_MONITORING.join(' or ')} for a monitoring key.`,
  },
  TLS_CERT_EXPIRING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['certificate-expiry'],
    title: 'Org certificate about to expire',
    summary:
      `The TLS certificate the org URL presents expires within ${CERTIFICATE_WARN_DAYS} days: when it does, ` +
      `every sign-in, token request and API call to the org fails the TLS handshake.`,
    remedy:
      'For a custom domain with your own certificate: Customizations > Brands > [brand] > Domains > ' +
      '[domain], upload the renewed certificate and chain. For an Okta-managed certificate, find what blocks ' +
      "its renewal: a CAA record that does not allow Let's Encrypt, or the domain's CNAME no longer pointing " +
      'at Okta. On an *.okta.com address, open a case with Okta Support.',
  },
  UNAUTHORIZED_CLIENT: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'grant',
    password: 'blocked',
    title: 'Grant type not allowed for the app',
    summary: 'Okta answered unauthorized_client: the app is not allowed to use this grant type.',
    remedy:
      'In Applications > [app] > General > General Settings > Edit, tick Client Credentials under Grant type ' +
      '(only API Services and Web apps offer it) and save. For /authorize, use a Web or SPA app (not API ' +
      'Services) that allows Authorization Code. "This client cannot use a custom authorization server" ' +
      'means the app is limited to the Org Authorization Server: use another app.',
  },
  UNSUPPORTED_GRANT_TYPE: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'grant',
    title: 'Grant type not supported',
    summary:
      'Okta answered unsupported_grant_type: this authorization server or app type does not support the ' +
      'grant requested.',
    remedy:
      'Use an API Services (or Web) app for client credentials, and check in Security > API > Authorization ' +
      'Servers > [server] > Access Policies > [rule] that the Client Credentials grant is enabled.',
  },
  DPOP_REQUIRED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'app',
    title: 'DPoP proof required',
    summary:
      'Okta rejected the request for lack of a valid DPoP proof (invalid_dpop_proof / use_dpop_nonce): the ' +
      'app requires DPoP-bound tokens.',
    remedy:
      'The probe does not send DPoP proofs. Use a dedicated monitoring app without DPoP, or turn off ' +
      'Applications > [app] > General > "Require Demonstrating Proof of Possession (DPoP) header in token ' +
      'requests" if nothing relies on it.',
  },
  REQUEST_REJECTED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    generic: true,
    title: 'Request rejected as invalid',
    summary:
      "Okta answered invalid_request: it found the probe's request itself malformed (a parameter missing, " +
      'duplicated or not allowed).',
    remedy:
      'The probe sends what Okta documents, so check what changes the request on the way (a proxy adding or ' +
      'duplicating parameters, a rewritten body) and the description in the detail. If the request reaches ' +
      'Okta unchanged, report it with the X-Okta-Request-Id.',
  },
  REDIRECT_URI_MISMATCH: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['authorize'],
    subject: 'app',
    title: 'Redirect URI not registered',
    summary:
      '/authorize answered with an error page instead of a redirect: the redirect_uri is not a Sign-in ' +
      'redirect URI of the app.',
    remedy:
      'In Applications > [app] > General > Login, add the exact URI (scheme, host, port, path, no ' +
      'trailing-slash difference) to Sign-in redirect URIs, or configure the probe with one already listed ' +
      'there.',
  },
  AUTHORIZE_UNEXPECTED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['authorize'],
    title: 'Unexpected /authorize answer',
    summary: '/authorize did not answer with the expected login_required redirect carrying our state.',
    remedy:
      'Read the error and error_description of the redirect in the detail. Check Applications > [app] > ' +
      'Assignments and Sign On policy, the requested scopes, and that nothing (a proxy, an inline hook) ' +
      'rewrites the redirect. If the state differs, report it: the redirect may not come from this request.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
