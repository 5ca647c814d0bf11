// /.well-known/openid-configuration and /.well-known/oauth-authorization-server, with Okta's fields.
import { json, type Answer } from '../answer';
import { OIDC_SCOPES } from '../clients';
import type { AuthServer } from '../auth-server';

export type DiscoveryKind = 'openid-configuration' | 'oauth-authorization-server';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];
const JWS_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

const RESPONSE_TYPES = ['code', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'];
const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'password',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code',
];
const ID_TOKEN_CLAIMS = [
  'iss',
  'ver',
  'sub',
  'aud',
  'iat',
  'exp',
  'jti',
  'auth_time',
  'amr',
  'idp',
  'nonce',
  'name',
  'email',
  'email_verified',
  'at_hash',
  'c_hash',
];

/** What only the OIDC document carries, fresh each time: what only makes sense with ID tokens and users. */
const idTokenFields = (): Record<string, unknown> => ({
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
  claims_supported: [...ID_TOKEN_CLAIMS],
});

function discoveryDocument(server: AuthServer, kind: DiscoveryKind, orgUrl: string): Record<string, unknown> {
  const v1 = server.endpointBase;
  // The OIDC document adds what only makes sense with ID tokens and users.
  const oidc = kind === 'openid-configuration';
  return {
    issuer: server.issuer,
    authorization_endpoint: `${v1}/authorize`,
    token_endpoint: `${v1}/token`,
    ...(oidc ? { userinfo_endpoint: `${v1}/userinfo` } : {}),
    // Dynamic client registration is org-wide, whichever server is asked.
    registration_endpoint: `${orgUrl}/oauth2/v1/clients`,
    jwks_uri: `${v1}/keys`,
    response_types_supported: [...RESPONSE_TYPES],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: [...GRANT_TYPES],
    ...(oidc ? idTokenFields() : {}),
    scopes_supported: [
      ...OIDC_SCOPES,
      ...(server.kind === 'org' ? ['okta.users.read', 'okta.apps.read'] : server.scopes),
    ],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint: `${v1}/introspect`,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint: `${v1}/revoke`,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    end_session_endpoint: `${v1}/logout`,
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: ['HS256', 'HS384', 'HS512', ...JWS_ALGS],
    device_authorization_endpoint: `${v1}/device/authorize`,
    dpop_signing_alg_values_supported: JWS_ALGS,
  };
}

export const discovery = (server: AuthServer, kind: DiscoveryKind, orgUrl: string): Answer =>
  json(200, discoveryDocument(server, kind, orgUrl));
