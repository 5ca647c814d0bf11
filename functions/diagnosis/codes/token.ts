// What each code of the token family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';
import { SUPPORT } from '../text';

// Its texts, in each row (title, summary, remedy):
// A token's content, as the API behind the server would judge it: audience, claims, scopes, issuer, signature,
// lifetime, and what /introspect says of it.

export const TOKEN_CODES = {
  AUDIENCE_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['validate'],
    title: 'Audience mismatch',
    summary: "The access token's aud claim is not the audience the API behind this server expects.",
    remedy:
      'In Security > API > Authorization Servers > [server] > Settings > Edit, set Audience to the value the ' +
      'API validates (or fix the expected audience in the probe and the API). A token issued before the ' +
      'change keeps its old aud until it expires.',
  },
  MISSING_CLAIMS: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['validate'],
    title: 'Required claims missing',
    summary: 'The access token lacks claims the API behind this server needs.',
    remedy:
      'In Security > API > Authorization Servers > [server] > Claims, add each missing claim with Token type ' +
      'Access Token, Include in "Any scope" (or a requested scope). Check with the Token Preview tab, for ' +
      'this client and the Client Credentials grant.',
  },
  MISSING_SCOPE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['validate'],
    title: 'Granted scope missing',
    summary:
      "The token's scopes (scp) do not include every scope requested. Okta refuses a client credentials " +
      'request it cannot grant in full (scope_denied), so a token like this was changed after Okta or came ' +
      'from elsewhere.',
    remedy:
      'Look for what rewrites tokens between Okta and the probe (a proxy or token cache handing out another ' +
      'token). If the token comes straight from Okta, compare Security > API > Authorization Servers > ' +
      '[server] > Access Policies > [rule] scopes with the request, and report it to Okta Support with the ' +
      'X-Okta-Request-Id.',
  },
  ISSUER_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['validate'],
    subject: 'issuer',
    title: 'Issuer mismatch',
    summary: "The iss of the discovery document or token is not this authorization server's issuer.",
    remedy:
      'Use the issuer shown in Security > API > Authorization Servers > [server] (https://<org>/oauth2/{id} ' +
      'for a custom server, https://<org> for the Org server). With a custom domain, the issuer follows ' +
      'Settings > Issuer (Okta URL or custom URL): configure the probe and the API with the same one.',
  },
  // Okta signs with keys it publishes: a kid missing after a refetch, no keys or a bad signature is Okta's.
  UNKNOWN_SIGNING_KEY: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['validate'],
    title: 'Unknown signing key',
    summary: "The token's kid is not in the server's JWKS, even after refetching it.",
    remedy:
      'Okta rotates signing keys several times a year and publishes new keys ahead of use; an unknown kid ' +
      'after a refetch means the token came from another server or an emergency rotation. Compare the ' +
      'issuer, check Security > API > Authorization Servers > [server] > Signing Keys, and make the API ' +
      'refetch its JWKS on an unknown kid.',
  },
  NO_SIGNING_KEYS: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['keys'],
    title: 'No signing keys',
    summary: 'The JWKS endpoint returned no usable signing key.',
    remedy:
      `Open https://<org>/oauth2/{id}/v1/keys (Org server: https://<org>/oauth2/v1/keys) in a browser: it must ` +
      `list RSA keys. If it is empty, rotate keys in Security > API > Authorization Servers > [server] > ` +
      `Signing Keys. ${SUPPORT}`,
  },
  SIGNATURE_INVALID: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    title: 'Token signature invalid',
    summary: "The access token's signature does not verify with the key its kid names.",
    remedy:
      `Make sure nothing between the probe and Okta rewrites tokens, and that the JWKS comes from the token's ` +
      `own issuer. If the JWKS and the token are both from Okta, this is Okta's fault: ${SUPPORT}`,
  },
  // Judged with the probe's clock (its remedy is NTP): the probe's side, like CLOCK_SKEW.
  TOKEN_EXPIRED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    title: 'Token expired or not yet valid',
    summary:
      'A freshly issued token is already expired, or its iat/nbf is in the future, beyond the allowed clock tolerance.',
    remedy:
      "Sync the clocks with NTP on the probe and on every API host (Okta's verifiers allow 2 minutes of " +
      'skew; 5 minutes breaks most). Check the token lifetime in Security > API > Authorization Servers > ' +
      '[server] > Access Policies > [rule] (access token lifetime).',
  },
  // The probe's clock (or a host's) drifted: nothing Okta did.
  CLOCK_SKEW: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['validate', 'clock-skew'],
    title: 'Clock skew',
    summary:
      "The local clock differs from Okta's by more than the allowed threshold: seen in the Date header, or " +
      'Okta rejected the client assertion as issued in the future or already expired.',
    remedy:
      'Sync the clock with NTP (on Lambda, report it: AWS keeps it synced). Client assertions ' +
      '(private_key_jwt) are stamped with the local clock, so Okta refuses them as issued in the future or ' +
      'expired when the clocks drift; hosts that validate tokens with a skewed clock reject valid tokens as ' +
      "expired or not yet valid. Okta's verifiers allow 2 minutes, 5 minutes breaks most.",
  },
  // Okta denies a token it has just issued, to the client it issued it to.
  TOKEN_INACTIVE: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['introspect', 'management'],
    title: 'Token inactive',
    summary: 'Introspection reported a token Okta just issued as inactive (or Okta answered E0000011 invalid token).',
    remedy:
      'Introspect at the same authorization server that issued the token (https://<org>/oauth2/v1/introspect ' +
      'for the Org server, https://<org>/oauth2/{id}/v1/introspect for a custom one), authenticated as the ' +
      'same client. If it still fails, the token was revoked or the server deactivated: check Security > API ' +
      '> Authorization Servers and the System Log.',
  },
  TOKEN_CLIENT_MISMATCH: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['introspect'],
    title: 'Token issued to another client',
    summary: "The token's cid/client_id is not the client the probe authenticated as.",
    remedy:
      "Check the probe's client id against Applications > [app] > General > Client ID, and that no proxy or " +
      'cache hands out tokens of another app. Report it to Okta Support if the token came straight from Okta.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
