// The human side of the diagnosis codes: what went wrong and what an Okta administrator does about it.
// Kept apart from the logic (classify.ts, the checks) so the text can be reviewed and reworded in one place;
// the Record type makes a new code in contract.ts fail to compile until it is explained here.
import { CERTIFICATE_WARN_DAYS, type DiagnosisCode } from './contract';
import { redact } from './redact';
import { requestIdIn } from './probe/request-id';
import type { Diagnosis } from './types';

export interface DiagnosisText {
  /** A few words, for a dashboard cell or an alarm name suffix. */
  readonly title: string;
  /** One line: the cause. */
  readonly summary: string;
  /** What to do, in the Admin Console's own words. */
  readonly remedy: string;
}

/** Where support starts for anything on Okta's side. */
const SUPPORT =
  'Check https://status.okta.com, then open a case with Okta Support quoting the X-Okta-Request-Id and the time (UTC).';

export const DIAGNOSES: Readonly<Record<DiagnosisCode, DiagnosisText>> = {
  CUSTOM_AS_UNLICENSED: {
    title: 'Custom authorization server not licensed',
    summary: 'Okta answered E0000015: this org lacks the API Access Management feature, so custom authorization servers (including "default") are unavailable.',
    remedy:
      'Use the Org Authorization Server instead: https://<org>/oauth2/v1/... (discovery at https://<org>/.well-known/openid-configuration) rather than https://<org>/oauth2/{id}/v1/.... If you need custom scopes, claims or audiences, ask your Okta account manager for API Access Management. Without it, Security > API has no Authorization Servers tab.',
  },
  ADMIN_ROLE_MISSING: {
    title: 'Service app has no admin role',
    summary: 'Okta issued the Org-AS token with its okta.* scope, but the Management API answered 403 E0000006: the service app holds no admin role that covers the call, so every API call it makes is refused.',
    remedy:
      'In Applications > Applications > [the API Services app] > Admin roles, Edit assignments and grant a role that covers the scope (Read-only Administrator for okta.*.read scopes, or a custom role), then Save changes. Scopes alone are not enough: a service app needs both the granted okta.* scope and an admin role.',
  },
  TLS_CERT_EXPIRING: {
    title: 'Org certificate about to expire',
    summary: `The TLS certificate the org URL presents expires within ${CERTIFICATE_WARN_DAYS} days: when it does, every sign-in, token request and API call to the org fails the TLS handshake.`,
    remedy:
      'For a custom domain with your own certificate: Customizations > Brands > [brand] > Domains > [domain], upload the renewed certificate and chain. For an Okta-managed certificate, find what blocks its renewal: a CAA record that does not allow Let\'s Encrypt, or the domain\'s CNAME no longer pointing at Okta. On an *.okta.com address, open a case with Okta Support.',
  },
  AUTH_SERVER_NOT_FOUND: {
    title: 'Authorization server not found',
    summary: 'Okta answered E0000007: no custom authorization server has this id in this org.',
    remedy:
      'In the Admin Console open Security > API > Authorization Servers and copy the server\'s ID (or use "default"); the URLs are https://<org>/oauth2/{id}/v1/.... Check the org URL too: a preview org (oktapreview.com) has different server ids.',
  },
  CUSTOM_SCOPE_ON_ORG_AS: {
    title: 'Custom scope on the Org authorization server',
    summary: 'The Org Authorization Server rejected a scope (invalid_scope): it accepts only OIDC scopes and okta.* scopes, never custom ones.',
    remedy:
      'Request only okta.* scopes from https://<org>/oauth2/v1/token, and grant them under Applications > [app] > Okta API Scopes > Grant. For your own API\'s scopes, point the client at a custom authorization server: https://<org>/oauth2/default/v1/... or https://<org>/oauth2/{id}/v1/... (needs API Access Management).',
  },
  INVALID_SCOPE: {
    title: 'Scope not allowed',
    summary: 'The authorization server rejected a requested scope (invalid_scope): it is not defined on the server, it is a user scope (openid, profile, *.self) requested with client credentials, or it may not be combined with the others.',
    remedy:
      'On a custom server, add each requested scope in Security > API > Authorization Servers > [server] > Scopes, or remove it from the request. Client credentials tokens carry no user: do not request openid, profile, email or okta.*.self scopes with them (okta.users.read, not okta.users.read.self). The description in the detail names the scope.',
  },
  ORG_SCOPE_NOT_GRANTED: {
    title: 'Okta API scope not granted',
    summary: 'The Org Authorization Server answered consent_required "You are not allowed any of the requested scopes.": the okta.* scopes requested are not granted to this app.',
    remedy:
      'In Applications > Applications > [app] > Okta API Scopes, click Grant beside each scope the probe requests (e.g. okta.users.read), or request only scopes already granted there. A scope that was revoked there fails the same way.',
  },
  SCOPE_REQUIRES_CONSENT: {
    title: 'Scope requires user consent',
    summary: 'The custom authorization server answered consent_required: a requested scope requires user consent, which a client credentials request (no user) can never give.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Scopes > [scope] > Edit, set User consent to Implicit (clear "Require user consent for this scope"), or give the probe a scope without consent. The description in the detail names the scope.',
  },
  NO_ACCESS_POLICY: {
    title: 'No access policy matched',
    summary: 'Okta answered access_denied "Policy evaluation failed": no access policy rule of this authorization server matches this client with the Client Credentials grant.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Access Policies, add a policy assigned to this app (or All clients) and a rule whose Grant type is Client Credentials (under Advanced) for the requested scopes. A rule that exists but lacks the Client Credentials grant does not match.',
  },
  SCOPE_DENIED_BY_POLICY: {
    title: 'Scope denied by access policy',
    summary: 'Okta answered access_denied: a policy rule matched, but it does not allow some (scope_denied) or all (no_scope_allowed) of the requested scopes. Okta issues no token with fewer scopes than requested.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Access Policies > [policy] > [rule] > Edit, under "And the following scopes", add the scopes named in the detail (or choose Any scopes), or stop requesting them.',
  },
  NETWORK_ZONE_DENIED: {
    title: 'Outside the allowed network zones',
    summary: 'Okta answered 403 access_denied "The request is made from outside the client\'s permitted network zones.": the probe\'s egress IP is not in a zone this app or policy allows.',
    remedy:
      'Add the probe\'s public egress IPs (the NAT gateway Elastic IPs of each region it runs in) to the network zone in Security > Networks, or widen the zone condition of the app / access policy rule that restricts it. Expect this after moving the probe to a new region, VPC or NAT IP.',
  },
  CLAIM_EVALUATION_FAILED: {
    title: 'Custom claim could not be evaluated',
    summary: 'Okta answered server_error while building the token: a claim expression of this authorization server could not be evaluated, or a groups claim matches too many groups. This is the org\'s claim configuration, not an Okta outage.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Claims, fix the claim named in the detail: test its expression in the Token Preview tab for this client and the Client Credentials grant (client credentials tokens have no user, so user.* expressions fail), or narrow a groups filter. Then request a new token.',
  },
  INLINE_HOOK_FAILED: {
    title: 'Token inline hook failed',
    summary: 'Okta answered server_error because the token inline hook of this authorization server returned an error or an invalid response. This is the org\'s hook service, not an Okta outage.',
    remedy:
      'Check the hook service named in Workflow > Inline Hooks (its logs, certificate, and that it answers within 3 seconds with valid commands), and the System Log for inline_hook events with the X-Okta-Request-Id. To unblock tokens, remove the hook from the access policy rule in Security > API > Authorization Servers > [server] > Access Policies > [rule] > Edit.',
  },
  UNKNOWN_CLIENT_ID: {
    title: 'Client id not found',
    summary: 'Okta does not know this client id in this org ("Invalid value for \'client_id\' parameter." or an assertion whose issuer is not a valid client_id): a typo, a deleted or deactivated app, or another org\'s id.',
    remedy:
      'In Applications > Applications, find the app (also under the Inactive filter) and copy the Client ID from its General tab; reactivate it if it is inactive. Check that orgUrl is the org the app lives in (a preview org, oktapreview.com, has different ids).',
  },
  INVALID_CLIENT: {
    title: 'Client authentication failed',
    summary: 'Okta answered invalid_client: the client secret or signing key does not match the app, or the app uses another authentication method.',
    remedy:
      'In Applications > [app] > General, copy the Client ID again. Under General > Client Credentials, check the authentication method: for a client secret, re-enter or rotate it; for Public key / Private key, make sure the app lists the public key matching the probe\'s private key (and its kid, if you set one), and that the key is Active.',
  },
  CLIENT_AUTH_MALFORMED: {
    title: 'Client authentication not usable',
    summary: 'Okta could not use the client authentication as it arrived: no or unreadable credentials, several at once, or a client assertion whose audience, lifetime or jti it refuses. The credential itself was not judged.',
    remedy:
      'Something between the probe and Okta changes the request: a proxy stripping the Authorization header or replaying requests, or an orgUrl other than the address the request reaches (the assertion\'s aud must be the exact URL invoked, custom URL domain included). Call Okta directly or fix the proxy; set orgUrl to the domain the probe calls.',
  },
  ORG_AS_REQUIRES_PRIVATE_KEY_JWT: {
    title: 'Org server needs a private key',
    summary: 'The Org Authorization Server refused client_secret_basic: client credentials requests to it must use private_key_jwt.',
    remedy:
      'In Applications > [app] > General > Client Credentials, choose Public key / Private key, add the probe\'s public key (JWK or PEM), save, and give the probe the matching private key. Or use a custom authorization server, which accepts client secrets.',
  },
  NOT_A_SERVICE_APP: {
    title: 'Not an API Services app',
    summary: 'The Org Authorization Server grants client credentials only to apps with application_type "service" (API Services apps), and this client is another kind of app.',
    remedy:
      'Create the probe\'s app in Applications > Applications > Create App Integration > API Services, with Client authentication Public key / Private key, and grant its okta.* scopes under Okta API Scopes. A Web or SPA app cannot get Org-AS client credentials tokens.',
  },
  UNAUTHORIZED_CLIENT: {
    title: 'Grant type not allowed for the app',
    summary: 'Okta answered unauthorized_client: the app is not allowed to use this grant type.',
    remedy:
      'In Applications > [app] > General > General Settings > Edit, tick Client Credentials under Grant type (only API Services and Web apps offer it) and save. For /authorize, use a Web or SPA app (not API Services) that allows Authorization Code. "This client cannot use a custom authorization server" means the app is limited to the Org Authorization Server: use another app.',
  },
  UNSUPPORTED_GRANT_TYPE: {
    title: 'Grant type not supported',
    summary: 'Okta answered unsupported_grant_type: this authorization server or app type does not support the grant requested.',
    remedy:
      'Use an API Services (or Web) app for client credentials, and check in Security > API > Authorization Servers > [server] > Access Policies > [rule] that the Client Credentials grant is enabled.',
  },
  DPOP_REQUIRED: {
    title: 'DPoP proof required',
    summary: 'Okta rejected the request for lack of a valid DPoP proof (invalid_dpop_proof / use_dpop_nonce): the app requires DPoP-bound tokens.',
    remedy:
      'The probe does not send DPoP proofs. Use a dedicated monitoring app without DPoP, or turn off Applications > [app] > General > "Require Demonstrating Proof of Possession (DPoP) header in token requests" if nothing relies on it.',
  },
  REQUEST_REJECTED: {
    title: 'Request rejected as invalid',
    summary: 'Okta answered invalid_request: it found the probe\'s request itself malformed (a parameter missing, duplicated or not allowed).',
    remedy:
      'The probe sends what Okta documents, so check what changes the request on the way (a proxy adding or duplicating parameters, a rewritten body) and the description in the detail. If the request reaches Okta unchanged, report it with the X-Okta-Request-Id.',
  },
  REDIRECT_URI_MISMATCH: {
    title: 'Redirect URI not registered',
    summary: '/authorize answered with an error page instead of a redirect: the redirect_uri is not a Sign-in redirect URI of the app.',
    remedy:
      'In Applications > [app] > General > Login, add the exact URI (scheme, host, port, path, no trailing-slash difference) to Sign-in redirect URIs, or configure the probe with one already listed there.',
  },
  AUTHORIZE_UNEXPECTED: {
    title: 'Unexpected /authorize answer',
    summary: '/authorize did not answer with the expected login_required redirect carrying our state.',
    remedy:
      'Read the error and error_description of the redirect in the detail. Check Applications > [app] > Assignments and Sign On policy, the requested scopes, and that nothing (a proxy, an inline hook) rewrites the redirect. If the state differs, report it: the redirect may not come from this request.',
  },
  AUDIENCE_MISMATCH: {
    title: 'Audience mismatch',
    summary: 'The access token\'s aud claim is not the audience the API behind this server expects.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Settings > Edit, set Audience to the value the API validates (or fix the expected audience in the probe and the API). A token issued before the change keeps its old aud until it expires.',
  },
  MISSING_CLAIMS: {
    title: 'Required claims missing',
    summary: 'The access token lacks claims the API behind this server needs.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Claims, add each missing claim with Token type Access Token, Include in "Any scope" (or a requested scope). Check with the Token Preview tab, for this client and the Client Credentials grant.',
  },
  MISSING_SCOPE: {
    title: 'Granted scope missing',
    summary: 'The token\'s scopes (scp) do not include every scope requested. Okta refuses a client credentials request it cannot grant in full (scope_denied), so a token like this was changed after Okta or came from elsewhere.',
    remedy:
      'Look for what rewrites tokens between Okta and the probe (a proxy or token cache handing out another token). If the token comes straight from Okta, compare Security > API > Authorization Servers > [server] > Access Policies > [rule] scopes with the request, and report it to Okta Support with the X-Okta-Request-Id.',
  },
  ISSUER_MISMATCH: {
    title: 'Issuer mismatch',
    summary: 'The iss of the discovery document or token is not this authorization server\'s issuer.',
    remedy:
      'Use the issuer shown in Security > API > Authorization Servers > [server] (https://<org>/oauth2/{id} for a custom server, https://<org> for the Org server). With a custom domain, the issuer follows Settings > Issuer (Okta URL or custom URL): configure the probe and the API with the same one.',
  },
  UNKNOWN_SIGNING_KEY: {
    title: 'Unknown signing key',
    summary: 'The token\'s kid is not in the server\'s JWKS, even after refetching it.',
    remedy:
      'Okta rotates signing keys several times a year and publishes new keys ahead of use; an unknown kid after a refetch means the token came from another server or an emergency rotation. Compare the issuer, check Security > API > Authorization Servers > [server] > Signing Keys, and make the API refetch its JWKS on an unknown kid.',
  },
  NO_SIGNING_KEYS: {
    title: 'No signing keys',
    summary: 'The JWKS endpoint returned no usable signing key.',
    remedy:
      `Open https://<org>/oauth2/{id}/v1/keys (Org server: https://<org>/oauth2/v1/keys) in a browser: it must list RSA keys. If it is empty, rotate keys in Security > API > Authorization Servers > [server] > Signing Keys. ${SUPPORT}`,
  },
  SIGNATURE_INVALID: {
    title: 'Token signature invalid',
    summary: 'The access token\'s signature does not verify with the key its kid names.',
    remedy:
      `Make sure nothing between the probe and Okta rewrites tokens, and that the JWKS comes from the token's own issuer. If the JWKS and the token are both from Okta, this is Okta's fault: ${SUPPORT}`,
  },
  TOKEN_EXPIRED: {
    title: 'Token expired or not yet valid',
    summary: 'A freshly issued token is already expired, or its iat/nbf is in the future, beyond the allowed clock tolerance.',
    remedy:
      'Sync the clocks with NTP on the probe and on every API host (Okta\'s verifiers allow 2 minutes of skew; 5 minutes breaks most). Check the token lifetime in Security > API > Authorization Servers > [server] > Access Policies > [rule] (access token lifetime).',
  },
  CLOCK_SKEW: {
    title: 'Clock skew',
    summary: 'The local clock differs from Okta\'s by more than the allowed threshold: seen in the Date header, or Okta rejected the client assertion as issued in the future or already expired.',
    remedy:
      'Sync the clock with NTP (on Lambda, report it: AWS keeps it synced). Client assertions (private_key_jwt) are stamped with the local clock, so Okta refuses them as issued in the future or expired when the clocks drift; hosts that validate tokens with a skewed clock reject valid tokens as expired or not yet valid. Okta\'s verifiers allow 2 minutes, 5 minutes breaks most.',
  },
  TOKEN_INACTIVE: {
    title: 'Token inactive',
    summary: 'Introspection reported a token Okta just issued as inactive (or Okta answered E0000011 invalid token).',
    remedy:
      'Introspect at the same authorization server that issued the token (https://<org>/oauth2/v1/introspect for the Org server, https://<org>/oauth2/{id}/v1/introspect for a custom one), authenticated as the same client. If it still fails, the token was revoked or the server deactivated: check Security > API > Authorization Servers and the System Log.',
  },
  TOKEN_CLIENT_MISMATCH: {
    title: 'Token issued to another client',
    summary: 'The token\'s cid/client_id is not the client the probe authenticated as.',
    remedy:
      'Check the probe\'s client id against Applications > [app] > General > Client ID, and that no proxy or cache hands out tokens of another app. Report it to Okta Support if the token came straight from Okta.',
  },
  SIGN_IN_REJECTED: {
    title: 'Sign-in rejected',
    summary: 'Okta refused the synthetic user\'s username and password (401 E0000004 "Authentication failed", or invalid_grant at /token): a wrong or changed password, an unknown username, or a user that is suspended or deactivated (Okta answers all of them alike, so as not to reveal which users exist).',
    remedy:
      'In Directory > People, search for the username: a Suspended user needs More Actions > Unsuspend, a Deactivated one Activate; a Locked out one Unlock. If the user is Active, reset the password (Reset Password) and put the new one in the probe\'s secret or variable. The probe makes at most one password attempt per run, so it cannot lock the user out by retrying, but check Reports > System Log (user.session.start, outcome FAILURE) for other attempts.',
  },
  PASSWORD_EXPIRED: {
    title: 'Password expired',
    summary: 'The synthetic user\'s password is expired (PASSWORD_EXPIRED, or "Password has expired." at /token): every sign-in now stops at the change-password step.',
    remedy:
      'Set a new password in Directory > People > [user] > Reset Password (or sign in once and change it), and update the probe\'s secret. To keep it from recurring, put the user in a group whose password policy never expires it: Security > Authentication > Password (Classic) or Security > Authenticators > Password > Actions > Edit (Identity Engine), "Password expires after" 0 days, with the policy ranked above the default.',
  },
  PASSWORD_EXPIRING: {
    title: 'Password expiring soon',
    summary: 'Okta warned that the synthetic user\'s password expires soon (PASSWORD_WARN): the journey still signs in, but it will fail once the password expires.',
    remedy:
      'Change the password before it expires (Directory > People > [user] > Reset Password) and update the probe\'s secret, or exclude the user from expiry: a password policy for its group with "Password expires after" 0 days (Security > Authentication > Password, or Security > Authenticators > Password on Identity Engine). The detail gives the days left.',
  },
  USER_LOCKED_OUT: {
    title: 'User locked out',
    summary: 'Okta reports the synthetic user locked out (LOCKED_OUT, or E0000069 "User Locked"): too many failed sign-ins under the password policy\'s lockout rule.',
    remedy:
      'In Directory > People > [user], click Unlock (Identity Engine: More Actions > Unlock user). Then find who failed to sign in (Reports > System Log, user.account.lock and user.session.start with outcome FAILURE): the probe sends at most one password per run, so repeated failures mean a wrong password in its secret (fix it first) or someone else using the account.',
  },
  MFA_FACTOR_UNAVAILABLE: {
    title: 'No usable TOTP factor',
    summary: 'Okta demands MFA for this sign-in, but the probe cannot answer it: the user has no TOTP factor (token:software:totp) enrolled, only push or another factor the probe cannot use, or the probe was given no TOTP secret.',
    remedy:
      'Enroll a TOTP factor for the synthetic user (Okta Verify or Google Authenticator: sign in as the user, Settings > Security Methods, or reset its factors in Directory > People > [user] > More Actions > Reset Multifactor and enroll again), keep the base32 secret shown under "Can\'t scan?", and give it to the probe (totpSecretEnv, or "totpSecret" in its secret). If MFA should not be required, check the app\'s sign-on rules (Applications > [app] > Sign On, or Security > Authentication Policies on Identity Engine).',
  },
  MFA_ENROLLMENT_REQUIRED: {
    title: 'MFA enrollment demanded',
    summary: 'Okta asks the synthetic user to enroll a factor before signing in (MFA_ENROLL, or "The required authenticator cannot be used" for Direct Authentication): a factor enrollment policy now requires a factor the user does not have, or its factor was reset.',
    remedy:
      'Enroll the required factor for the user (TOTP, so the probe can answer it) and give the probe its secret. Review Security > Multifactor > Factor Enrollment (Classic) or Security > Authenticators > Enrollment (Identity Engine) for the policy that applies to the user\'s groups, and Directory > People > [user] for a factor reset.',
  },
  TOTP_REJECTED: {
    title: 'TOTP code rejected',
    summary: 'Okta refused the probe\'s TOTP code (403 E0000068 "Invalid Passcode/Answer", or direct_auth_invalid_otp): the user\'s TOTP factor was reset or re-enrolled with a new secret, or the probe\'s clock is off by more than a step.',
    remedy:
      'Check the clock first (the clock check of the same run; TOTP allows about 30 s). If it is right, the factor was reset: Directory > People > [user] shows the factor\'s enrollment date; re-enroll TOTP and give the probe the new base32 secret. A code is never sent twice in one 30 s step, but two probes (two regions) signing in as one user within a step collide: give each its own user.',
  },
  SIGN_IN_NOT_ALLOWED: {
    title: 'Sign-in not allowed for the app',
    summary: 'Okta refused the sign-in itself for this app: a sign-on or authentication policy denies it (direct_auth_policy_denied, password_auth_denied_policy), or the grant the flow needs is not enabled for the app or the authorization server (unauthorized_client, no matching access policy rule).',
    remedy:
      'For "direct": in Applications > [app] > General > General Settings > Edit > Grant type > Advanced, tick Resource Owner Password and MFA OTP (a Super Admin must), and on a custom server add them to an access policy rule (Security > API > Authorization Servers > [server] > Access Policies > [rule] > Edit > Advanced > Okta direct auth API grants). For "authn", allow Authorization Code on the app. Then check the app\'s sign-on rules (Applications > [app] > Sign On, or Security > Authentication Policies) for a Deny rule or a network zone matching the probe.',
  },
  USER_NOT_ASSIGNED: {
    title: 'User not assigned to the app',
    summary: 'Okta answered "User is not assigned to the client application.": the synthetic user signed in, but the app is not assigned to it (or to a group it is in), so no tokens are issued; users removed from the group fail the same way.',
    remedy:
      'In Applications > Applications > [app] > Assignments, click Assign > Assign to People (or Assign to Groups with a group the user is in) and add the synthetic user. Check whether a group rule or a directory import removed it.',
  },
  ID_TOKEN_MISSING_CLAIMS: {
    title: 'ID token lacks a claim the SP reads',
    summary: 'The synthetic user\'s ID token lacks a claim the service provider reads (requiredClaims): the SP then answers 401 or cannot match the user. In the code flow Okta issues a thin ID token, and /userinfo may hold the claim the token lacks.',
    remedy:
      'On a custom server, open Security > API > Authorization Servers > [server] > Claims and set the claim (e.g. email) to Include in token type "ID Token" with "Always" (not only at /userinfo), or add a custom claim with that name; check with the Token Preview tab for this app and user. On the Org server, request the scope that carries it (email, profile) or map it in Directory > Profile Editor. The detail says whether /userinfo had it.',
  },
  ID_TOKEN_AUDIENCE_MISMATCH: {
    title: 'ID token audience not the SP\'s',
    summary: 'The synthetic user\'s ID token has an aud other than the one the service provider expects (its client id, or the configured audience): the SP rejects it as meant for another app.',
    remedy:
      'An ID token\'s aud is always the client id of the app that asked for it: make the SP validate against Applications > [app] > General > Client ID, or point the SP (and the probe\'s clientId) at the app its users sign in to. If a proxy or an IdP routing rule sends users through another app, fix that app\'s assignment instead.',
  },
  ID_TOKEN_NONCE_MISMATCH: {
    title: 'ID token nonce mismatch',
    summary: 'The ID token\'s nonce is not the one this sign-in sent: the token belongs to another transaction (a replay, or a cache or proxy answering with someone else\'s token).',
    remedy:
      'Okta echoes the nonce of the /authorize request it answers, so look for what stands between the probe and Okta (a caching proxy, a gateway rewriting /authorize or /token). If the answer came from Okta directly, open a case with Okta Support quoting the X-Okta-Request-Id.',
  },
  RATE_LIMITED: {
    title: 'Rate limited',
    summary: 'Okta answered 429 (E0000047): a rate limit bucket for this endpoint is exhausted (Limit 0 means a concurrency limit).',
    remedy:
      'Back off until X-Rate-Limit-Reset (epoch seconds) or Retry-After, and cache tokens until shortly before they expire. Find the consumer in the rate limit dashboard (Reports > Rate Limits) and the System Log; raise the app\'s share under Applications > [app] > Application Rate Limits (50 % of a bucket by default), or ask Okta Support for a higher limit.',
  },
  RATE_LIMIT_HEADROOM_LOW: {
    title: 'Rate limit headroom low',
    summary: 'X-Rate-Limit-Remaining is below the warning threshold of X-Rate-Limit-Limit for this server\'s /token bucket (the Org AS /oauth2/v1/token and each custom server\'s /oauth2/{id}/v1/token are separate buckets).',
    remedy:
      'Find the top consumer in Reports > Rate Limits and the System Log (eventType system.org.rate_limit.warning). Cache tokens instead of requesting one per call, spread batch jobs, and ask Okta Support for a higher limit if the load is legitimate.',
  },
  OKTA_SERVER_ERROR: {
    title: 'Okta server error',
    summary: 'Okta answered with a 5xx, or a server_error / temporarily_unavailable error that is not the org\'s own claim or inline hook: the fault is on Okta\'s side.',
    remedy: `Retry with backoff. ${SUPPORT}`,
  },
  OKTA_STATUS_DEGRADED: {
    title: 'Okta status degraded',
    summary: 'Okta\'s status feed lists an open incident (not yet Resolved).',
    remedy:
      'Read the incident at https://status.okta.com and check whether your cell (shown in Settings > Account > Org information or in the incident text, e.g. "US Cell 6") is affected. Subscribe to updates there; failures of other checks during the incident are likely Okta\'s.',
  },
  MALFORMED_RESPONSE: {
    title: 'Malformed response',
    summary: 'Okta answered with a success status but a body that is not the JSON document the endpoint defines.',
    remedy:
      `Check that the URL points at Okta (https://<org>/oauth2/v1/... or /oauth2/{id}/v1/...), not a proxy, captive portal or custom domain serving something else. If the answer came from Okta: ${SUPPORT}`,
  },
  UNEXPECTED_RESPONSE: {
    title: 'Unexpected response',
    summary: 'Okta answered with an error status or error code this probe does not recognise.',
    remedy:
      `Read Okta's error code and description in the detail, and look it up in the Okta error code reference. Search the System Log for the X-Okta-Request-Id. If it persists: ${SUPPORT}`,
  },
  TIMEOUT: {
    title: 'Timeout',
    summary: 'Okta did not answer completely within the timeout.',
    remedy:
      'Check https://status.okta.com for your cell, and the probe\'s network path (VPC NAT gateway, proxy, DNS). A single timeout is noise; repeated ones mean users wait too. If Okta is slow for you only, open a case with Okta Support with the times (UTC).',
  },
  NETWORK_ERROR: {
    title: 'Network or TLS error',
    summary: 'The connection to Okta failed: DNS, refused or reset connection, or a TLS certificate the probe does not trust.',
    remedy:
      'Check the org URL (https://<org>.okta.com, oktapreview.com or your custom domain) resolves and is reachable from where the probe runs (VPC routes, NAT gateway, security groups, proxy). A certificate error usually means a TLS-inspecting proxy: trust its CA, never disable certificate checks.',
  },
  SECRETS_UNAVAILABLE: {
    title: 'Credential unavailable',
    summary: 'The probe could not read its client credential from AWS Secrets Manager.',
    remedy:
      'Check that the secret exists in the probe\'s region, has a current value (the PEM private key or the client secret, per the server\'s secretKind), and that the function\'s role may call secretsmanager:GetSecretValue on it (and kms:Decrypt with a customer-managed key). Then wait for the next run.',
  },
  SYSTEM_LOG_SCOPE_NOT_GRANTED: {
    title: 'System Log scope not granted',
    summary: 'The probe cannot read the System Log: Okta refused the scope okta.logs.read to the Org-AS app (consent_required, or 403 insufficient_scope). Every other check runs as before; only Okta\'s reasons and the org\'s rate-limit events are missing.',
    remedy:
      'In Applications > Applications > [the API Services app] > Okta API Scopes, click Grant beside okta.logs.read. Or remove "systemLog" from the "org" server of the configuration.',
  },
  SYSTEM_LOG_ROLE_MISSING: {
    title: 'No admin role to read the System Log',
    summary: 'Okta issued the okta.logs.read token but /api/v1/logs answered 403 E0000006: the service app holds no admin role that may read the System Log. Every other check runs as before.',
    remedy:
      'In Applications > Applications > [the API Services app] > Admin roles, Edit assignments and add Read-only Administrator (or Report Administrator), then Save changes. A scope alone is not enough: a service app needs the granted scope and an admin role.',
  },
  SYSTEM_LOG_THROTTLED: {
    title: 'System Log look-up held back',
    summary: 'The /api/v1/logs rate-limit bucket is exhausted (429) or below the half the probe leaves to the org\'s other log readers (a SIEM): the probe stopped reading the log this run. Every other check runs as before.',
    remedy:
      'Usually transient. If it lasts, find who reads the log in Reports > Rate Limits (the /api/v1/logs bucket): a SIEM polling too often, or several log readers at once. Raise the org\'s limit with Okta Support, or set Applications > [app] > Application Rate Limits for the heavy reader.',
  },
  ORG_RATE_LIMIT_VIOLATION: {
    title: 'Org rate limit exceeded',
    summary: 'Okta\'s System Log reports a rate-limit violation (system.org.rate_limit.violation, system.operation.rate_limit.violation or core.concurrency.org.limit.violation): requests to the endpoints named in the detail were refused with 429, for every app and user of the org, not only the probe.',
    remedy:
      'Open Reports > Rate Limits for each URL pattern in the detail and find the client that used the bucket (Reports > System Log, eventType eq "system.org.rate_limit.violation", then the transaction\'s requestApiTokenId or client). Throttle or fix that client, cap it under Applications > [app] > Application Rate Limits, and ask Okta Support for a higher limit if the load is legitimate.',
  },
  ORG_RATE_LIMIT_WARNING: {
    title: 'Org rate limit nearly reached',
    summary: 'Okta\'s System Log reports a rate-limit warning (system.org.rate_limit.warning or .burst, system.operation.rate_limit.warning, app.oauth2.client_id_rate_limit_warning): an endpoint named in the detail used most of its bucket. Okta e-mails super admins once a day per bucket; this comes within minutes.',
    remedy:
      'Open Reports > Rate Limits for each URL pattern in the detail and see which client drives it. Spread that client\'s calls or cache its tokens before the bucket is exhausted; the warning threshold itself is under Reports > Rate Limits > Settings.',
  },
};

/**
 * Whose fault a failure is, for the availability report (functions/report/): Okta's (what Okta's SLA covers),
 * the org's configuration (the org's own settings, keys, claims, hooks: not Okta's downtime), or the probe's own
 * environment (its secrets, its network, its clock), which measured nothing about Okta and is counted as unknown.
 */
export type Fault = 'okta' | 'org' | 'probe';

/**
 * One fault per code, beside the texts so a new code is placed here when it is explained. The report reads this
 * table only, never the summaries. Where a code can be either side, the comment says why it is placed where it is.
 */
export const FAULTS: Readonly<Record<DiagnosisCode, Fault>> = {
  CUSTOM_AS_UNLICENSED: 'org',
  ADMIN_ROLE_MISSING: 'org',
  TLS_CERT_EXPIRING: 'org',
  AUTH_SERVER_NOT_FOUND: 'org',
  CUSTOM_SCOPE_ON_ORG_AS: 'org',
  INVALID_SCOPE: 'org',
  ORG_SCOPE_NOT_GRANTED: 'org',
  SCOPE_REQUIRES_CONSENT: 'org',
  NO_ACCESS_POLICY: 'org',
  SCOPE_DENIED_BY_POLICY: 'org',
  NETWORK_ZONE_DENIED: 'org',
  CLAIM_EVALUATION_FAILED: 'org',
  INLINE_HOOK_FAILED: 'org',
  UNKNOWN_CLIENT_ID: 'org',
  INVALID_CLIENT: 'org',
  // A proxy or a wrong orgUrl changes the request: the org's side, never Okta's.
  CLIENT_AUTH_MALFORMED: 'org',
  ORG_AS_REQUIRES_PRIVATE_KEY_JWT: 'org',
  NOT_A_SERVICE_APP: 'org',
  UNAUTHORIZED_CLIENT: 'org',
  UNSUPPORTED_GRANT_TYPE: 'org',
  DPOP_REQUIRED: 'org',
  REQUEST_REJECTED: 'org',
  REDIRECT_URI_MISMATCH: 'org',
  AUTHORIZE_UNEXPECTED: 'org',
  AUDIENCE_MISMATCH: 'org',
  MISSING_CLAIMS: 'org',
  MISSING_SCOPE: 'org',
  ISSUER_MISMATCH: 'org',
  // Okta signs with keys it publishes: a kid missing after a refetch, no keys or a bad signature is Okta's.
  UNKNOWN_SIGNING_KEY: 'okta',
  NO_SIGNING_KEYS: 'okta',
  SIGNATURE_INVALID: 'okta',
  // Judged with the probe's clock (its remedy is NTP): the probe's side, like CLOCK_SKEW.
  TOKEN_EXPIRED: 'probe',
  // The probe's clock (or a host's) drifted: nothing Okta did.
  CLOCK_SKEW: 'probe',
  // Okta denies a token it has just issued, to the client it issued it to.
  TOKEN_INACTIVE: 'okta',
  TOKEN_CLIENT_MISMATCH: 'okta',
  // A bucket the org's own clients exhaust: the org's load, not Okta's outage.
  RATE_LIMITED: 'org',
  RATE_LIMIT_HEADROOM_LOW: 'org',
  OKTA_SERVER_ERROR: 'okta',
  OKTA_STATUS_DEGRADED: 'okta',
  MALFORMED_RESPONSE: 'okta',
  UNEXPECTED_RESPONSE: 'okta',
  // A connection was made and Okta did not finish answering in time.
  TIMEOUT: 'okta',
  // No connection at all: from one place this cannot be told from the probe's own network (NAT, DNS, proxy).
  NETWORK_ERROR: 'probe',
  SECRETS_UNAVAILABLE: 'probe',
  // A synthetic user's sign-in (issue 18): the user's, the app's and the policies' settings are the org's.
  SIGN_IN_REJECTED: 'org',
  PASSWORD_EXPIRED: 'org',
  PASSWORD_EXPIRING: 'org',
  USER_LOCKED_OUT: 'org',
  MFA_FACTOR_UNAVAILABLE: 'org',
  MFA_ENROLLMENT_REQUIRED: 'org',
  // A rejected code is the probe's clock or a reset factor: placed with the org, whose factor reset is the usual cause.
  TOTP_REJECTED: 'org',
  SIGN_IN_NOT_ALLOWED: 'org',
  USER_NOT_ASSIGNED: 'org',
  ID_TOKEN_MISSING_CLAIMS: 'org',
  ID_TOKEN_AUDIENCE_MISMATCH: 'org',
  // A nonce that does not match is Okta answering another request: Okta's.
  ID_TOKEN_NONCE_MISMATCH: 'okta',
  // The System Log read for the probe's own account: the app's grant or role (the org's settings), its bucket.
  SYSTEM_LOG_SCOPE_NOT_GRANTED: 'org',
  SYSTEM_LOG_ROLE_MISSING: 'org',
  SYSTEM_LOG_THROTTLED: 'org',
  // The org's clients exhausting Okta's limits: the org's doing, as RATE_LIMITED is.
  ORG_RATE_LIMIT_VIOLATION: 'org',
  ORG_RATE_LIMIT_WARNING: 'org',
};

export interface DiagnosisFacts {
  readonly requestId?: string | null;
  /** Observed specifics; redacted here, whatever the caller passes. */
  readonly detail?: string;
  readonly httpStatus?: number;
  readonly oktaError?: string;
}

/**
 * Where a diagnosis is read: the org probed, the host a request went to, and the values this run must never
 * print (its credentials, the tokens it obtained). A hostile or broken server can echo what it was sent in words
 * no pattern recognises, in its description or as its error id itself: both are scrubbed of those values.
 */
export interface DiagnosisPlace {
  readonly orgUrl: string;
  /** The host the failing request went to: the status feed's for the status check, the org's for every other. */
  readonly host: string;
  readonly secrets: readonly string[];
}

/**
 * A Diagnosis for `code`, with this run's facts. Absent facts stay absent (no undefined-valued keys). With a
 * place, the remedy names this org instead of `https://<org>`, and a connection that failed or timed out starts
 * with the host it went to, so a 3 a.m. reader checks the right one.
 */
export function diagnose(code: DiagnosisCode, facts: DiagnosisFacts = {}, place?: DiagnosisPlace): Diagnosis {
  const { summary } = DIAGNOSES[code];
  const secrets = place?.secrets ?? [];
  return {
    code,
    summary,
    remedy: place === undefined ? DIAGNOSES[code].remedy : addressedRemedy(code, place),
    requestId: requestIdIn(facts.requestId ?? null, secrets),
    ...(facts.detail !== undefined && { detail: redact(facts.detail, secrets) }),
    ...(facts.httpStatus !== undefined && { httpStatus: facts.httpStatus }),
    ...(facts.oktaError !== undefined && { oktaError: redact(facts.oktaError, secrets) }),
  };
}

function addressedRemedy(code: DiagnosisCode, { orgUrl, host }: DiagnosisPlace): string {
  const remedy = DIAGNOSES[code].remedy.replaceAll('https://<org>.okta.com', orgUrl).replaceAll('https://<org>', orgUrl);
  return code === 'NETWORK_ERROR' || code === 'TIMEOUT' ? `The request went to ${host}. ${remedy}` : remedy;
}
