// What each code of the resource family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// The token at the organisation's own API (servers[].resources): what that API answered when the probe called it
// with the token the server just issued. Okta issued the token; these say what the API made of it, in the voice of
// Okta's article on a service provider's 401 ("confirm with the Service Provider ... the audience ... the claim").

export const RESOURCE_CODES = {
  // The organisation's own API and what it accepts: never Okta's downtime, even when the API answers 5xx.
  RESOURCE_TOKEN_REJECTED: {
    owner: 'org',
    answeredBy: 'api',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['resource'],
    title: 'API refused the token',
    summary:
      'Your API answered 401 invalid_token to the access token Okta issued: it does not accept the token as it ' +
      'is (most often its aud, its iss, or a claim it needs).',
    remedy:
      "Compare the token's aud, scp, cid and sub (shown beside the API's words) with what the API validates. " +
      'For aud: set Security > API > Authorization Servers > [server] > Settings > Audience to the value the API ' +
      'expects, or change the API. For iss: configure the API with the issuer shown on that page. For a claim: ' +
      'add it under [server] > Claims with Token type Access Token and check it in the Token Preview tab.',
  },
  RESOURCE_SCOPE_INSUFFICIENT: {
    owner: 'org',
    answeredBy: 'api',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['resource'],
    title: 'API wants another scope',
    summary: "Your API answered 403 insufficient_scope: the token's scp lacks a scope the API requires.",
    remedy:
      'Add the scope the API names to the server\'s "scopes" in the probe config and to Security > API > ' +
      'Authorization Servers > [server] > Scopes, and allow it for this client in [server] > Access Policies > ' +
      '[rule]. Real clients of the API need the same grant.',
  },
  RESOURCE_CLAIM_MISSING: {
    owner: 'org',
    answeredBy: 'api',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['resource'],
    title: 'API needs a missing claim',
    summary: 'Your API refused the token because it lacks a claim the API needs; the claim is named.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Claims, add the claim with Token type Access ' +
      'Token, Include in "Any scope" (or a scope this client requests), and check it in the Token Preview tab for ' +
      'this client and the Client Credentials grant. Add it to the server\'s "requiredClaims" so the validate ' +
      'check watches it too.',
  },
  RESOURCE_REDIRECTED: {
    owner: 'org',
    answeredBy: 'api',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['resource'],
    title: 'API redirected',
    summary:
      'Your API answered with a redirect instead of the resource. The probe never follows it: the token is sent ' +
      'only to the URL in the config.',
    remedy:
      'Put the final URL in "resources" (https, the path the API serves). A redirect to a sign-in page means the ' +
      'API (or a gateway before it) did not see or accept a bearer token: check that it reads the Authorization ' +
      'header.',
  },
  RESOURCE_UNEXPECTED_STATUS: {
    owner: 'org',
    answeredBy: 'api',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['resource'],
    title: 'API answered unexpectedly',
    summary: 'Your API answered with a status other than the one expected, and not a bearer-token error.',
    remedy:
      'Check the URL and method in "resources" and what the API logs for this request. A 401 or 403 without a ' +
      'WWW-Authenticate Bearer error comes from something before the API (a gateway, WAF or proxy). Set ' +
      '"expectStatus" when the resource answers another success status.',
  },
  // The API's 5xx, or no answer from it: one more try may pass, as for Okta's own.
  RESOURCE_UNAVAILABLE: {
    owner: 'org',
    answeredBy: 'api',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['resource'],
    transient: true,
    title: 'API unavailable',
    summary:
      "Your API failed (a 5xx, a reset connection or no answer in time). This is the API's failure, not Okta's: " +
      "Okta's checks in the same run say whether Okta is fine.",
    remedy:
      "Look at the API's own health and logs for the time shown. If the token and introspect checks passed in " +
      'the same run, Okta issued a good token and the fault is on the API side.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
