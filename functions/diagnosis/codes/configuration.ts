// What each code of the configuration family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// The org's authorization servers, licence and scopes, its access policies and network zones, and its own
// token customisation (claims, inline hooks): the org's configuration, never an Okta outage.

/** A scope refused to the probe's app, answered consent_required: its grant, ours. */
const SCOPE_REFUSED_AS_CONSENT = {
  owner: 'probe',
  layer: 'setup',
  severity: 'alarm',
  subject: 'grant',
  refusal: 'scope',
  sharedAnswer: 'consent_required',
} as const satisfies CodeRow;

export const CONFIGURATION_CODES = {
  CUSTOM_AS_UNLICENSED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['discovery'],
    title: 'Custom authorization server not licensed',
    summary:
      'Okta answered E0000015: this org lacks the API Access Management feature, so custom authorization ' +
      'servers (including "default") are unavailable.',
    remedy:
      'Use the Org Authorization Server instead: https://<org>/oauth2/v1/... (discovery at ' +
      'https://<org>/.well-known/openid-configuration) rather than https://<org>/oauth2/{id}/v1/.... If you ' +
      'need custom scopes, claims or audiences, ask your Okta account manager for API Access Management. ' +
      'Without it, Security > API has no Authorization Servers tab.',
  },
  AUTH_SERVER_NOT_FOUND: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['discovery'],
    title: 'Authorization server not found',
    summary: 'Okta answered E0000007: no custom authorization server has this id in this org.',
    remedy:
      "In the Admin Console open Security > API > Authorization Servers and copy the server's ID (or use " +
      '"default"); the URLs are https://<org>/oauth2/{id}/v1/.... Check the org URL too: a preview org ' +
      '(oktapreview.com) has different server ids.',
  },
  CUSTOM_SCOPE_ON_ORG_AS: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['token', 'authorize'],
    sharedAnswer: 'invalid_scope',
    title: 'Custom scope on the Org authorization server',
    summary:
      'The Org Authorization Server rejected a scope (invalid_scope): it accepts only OIDC scopes and okta.* ' +
      'scopes, never custom ones.',
    remedy:
      'Request only okta.* scopes from https://<org>/oauth2/v1/token, and grant them under Applications > ' +
      "[app] > Okta API Scopes > Grant. For your own API's scopes, point the client at a custom " +
      'authorization server: https://<org>/oauth2/default/v1/... or https://<org>/oauth2/{id}/v1/... (needs ' +
      'API Access Management).',
  },
  INVALID_SCOPE: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['token', 'authorize'],
    subject: 'grant',
    refusal: 'scope',
    password: 'blocked',
    sharedAnswer: 'invalid_scope',
    title: 'Scope not allowed',
    summary:
      'The authorization server rejected a requested scope (invalid_scope): it is not defined on the server, ' +
      'it is a user scope (openid, profile, *.self) requested with client credentials, or it may not be ' +
      'combined with the others.',
    remedy:
      'On a custom server, add each requested scope in Security > API > Authorization Servers > [server] > ' +
      'Scopes, or remove it from the request. Client credentials tokens carry no user: do not request ' +
      'openid, profile, email or okta.*.self scopes with them (okta.users.read, not okta.users.read.self). ' +
      'The description in the detail names the scope.',
  },
  // Okta's API refusing a scope to the probe's app (not granted, or a custom scope needing consent): both answer
  // consent_required, and the request's System Log event tells them apart.
  ORG_SCOPE_NOT_GRANTED: {
    ...SCOPE_REFUSED_AS_CONSENT,
    alarms: ['token'],
    title: 'Okta API scope not granted',
    summary:
      'The Org Authorization Server answered consent_required "You are not allowed any of the requested ' +
      'scopes.": the okta.* scopes requested are not granted to this app.',
    remedy:
      'In Applications > Applications > [app] > Okta API Scopes, click Grant beside each scope the probe ' +
      'requests (e.g. okta.users.read), or request only scopes already granted there. A scope that was ' +
      'revoked there fails the same way.',
  },
  SCOPE_REQUIRES_CONSENT: {
    ...SCOPE_REFUSED_AS_CONSENT,
    title: 'Scope requires user consent',
    summary:
      'The custom authorization server answered consent_required: a requested scope requires user consent, ' +
      'which a client credentials request (no user) can never give.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Scopes > [scope] > Edit, set User consent to ' +
      'Implicit (clear "Require user consent for this scope"), or give the probe a scope without consent. ' +
      'The description in the detail names the scope.',
  },
  NO_ACCESS_POLICY: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['token'],
    sharedAnswer: 'access_denied',
    title: 'No access policy matched',
    summary:
      'Okta answered access_denied "Policy evaluation failed": no access policy rule of this authorization ' +
      'server matches this client with the Client Credentials grant.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Access Policies, add a policy assigned to this ' +
      'app (or All clients) and a rule whose Grant type is Client Credentials (under Advanced) for the ' +
      'requested scopes. A rule that exists but lacks the Client Credentials grant does not match.',
  },
  SCOPE_DENIED_BY_POLICY: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['token'],
    sharedAnswer: 'access_denied',
    title: 'Scope denied by access policy',
    summary:
      'Okta answered access_denied: a policy rule matched, but it does not allow some (scope_denied) or all ' +
      '(no_scope_allowed) of the requested scopes. Okta issues no token with fewer scopes than requested.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Access Policies > [policy] > [rule] > Edit, ' +
      'under "And the following scopes", add the scopes named in the detail (or choose Any scopes), or stop ' +
      'requesting them.',
  },
  // A zone that blocks the probe's network blocks only ours.
  NETWORK_ZONE_DENIED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['token'],
    password: 'blocked',
    sharedAnswer: 'access_denied',
    title: 'Outside the allowed network zones',
    summary:
      'Okta answered 403 access_denied "The request is made from outside the client\'s permitted network ' +
      'zones.", or 403 "Access denied by network policy" with its own X-Okta-Request-Id: the probe\'s egress ' +
      'IP is not in a zone this app or policy allows, or a blocklist zone holds it.',
    remedy:
      "Add the probe's public egress IPs (the NAT gateway Elastic IPs of each region it runs in) to the " +
      'network zone in Security > Networks, or widen the zone condition of the app / access policy rule that ' +
      'restricts it. If a Blocklist zone (or a dynamic zone blocking anonymizers, a cloud provider or a ' +
      'country) matches those IPs, take them out of it. Expect this after moving the probe to a new region, ' +
      'VPC or NAT IP.',
  },
  CLAIM_EVALUATION_FAILED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    sharedAnswer: 'server_error',
    title: 'Custom claim could not be evaluated',
    summary:
      'Okta answered server_error while building the token: a claim expression of this authorization server ' +
      "could not be evaluated, or a groups claim matches too many groups. This is the org's claim " +
      'configuration, not an Okta outage.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Claims, fix the claim named in the detail: ' +
      'test its expression in the Token Preview tab for this client and the Client Credentials grant (client ' +
      'credentials tokens have no user, so user.* expressions fail), or narrow a groups filter. Then request ' +
      'a new token.',
  },
  INLINE_HOOK_FAILED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    sharedAnswer: 'server_error',
    title: 'Token inline hook failed',
    summary:
      'Okta answered server_error because the token inline hook of this authorization server returned an ' +
      "error or an invalid response. This is the org's hook service, not an Okta outage.",
    remedy:
      'Check the hook service named in Workflow > Inline Hooks (its logs, certificate, and that it answers ' +
      'within 3 seconds with valid commands), and the System Log for inline_hook events with the ' +
      'X-Okta-Request-Id. To unblock tokens, remove the hook from the access policy rule in Security > API > ' +
      'Authorization Servers > [server] > Access Policies > [rule] > Edit.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
