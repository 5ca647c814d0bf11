// What an app's words speak of, read from the messages of the libraries relying parties and SAML service providers
// verify with, in their own words (each cited by its library and file). The words only say what the app refused;
// whether that is the cause is the run's facts' to show (app-evidence.ts). A message that names none of these (a
// library's generic top level, "Something went wrong", a 404 page, a lost state cookie) speaks of nothing.

/** What the app's refusal is about, as its words say. */
export type Topic = 'audience' | 'signature' | 'clock' | 'user' | 'claim';

/** Each topic's messages, matched in this order: the first that matches is what the words speak of. */
const SPOKEN: readonly { readonly topic: Topic; readonly words: readonly RegExp[] }[] = [
  {
    topic: 'audience',
    // openid-client 5 lib/client.js ("aud mismatch, expected %s, got: %s", "aud is missing the client_id, ...");
    // oauth4webapi src/index.ts, openid-client 6 ('unexpected JWT "aud" (audience) claim value'); Microsoft.
    // IdentityModel.Tokens LogMessages.cs ("IDX10214: Audience validation failed", IDX10206, IDX10208); PyJWT
    // jwt/api_jwt.py ("Audience doesn't match", "Invalid audience"); python-jose jose/jwt.py ("Invalid audience");
    // authlib jose/errors.py ('invalid_claim: Invalid claim "aud"'); node-saml src/saml.ts ("SAML assertion
    // audience mismatch. Expected: ... Received: ..."); OpenSAML AudienceRestrictionConditionValidator.java ("None of
    // the audiences within Assertion '%s' matched the list of valid audiances"), as Spring Security's
    // OpenSaml4AuthenticationProvider.java wraps it ("Invalid assertion [%s] for SAML response [%s]: Condition
    // '{...}AudienceRestriction' ..."); OneLogin python3-saml/php-saml ("Invalid audience for this Response").
    words: [
      /\baud mismatch\b|\baud is missing the client_id\b|unexpected JWT "aud"/i,
      /audience validation failed|\bIDX102(?:06|08|14)\b|audience doesn't match|invalid audience/i,
      /invalid claim:? ["']aud["']|audience mismatch|AudienceRestriction|none of the audiences/i,
    ],
  },
  {
    topic: 'clock',
    // openid-client 5 lib/client.js ("JWT expired, now %i, exp %i", "JWT not active yet, now %i, nbf %i", "JWT
    // issued in the future, now %i, iat %i"); oauth4webapi src/index.ts ('unexpected JWT "exp" (expiration time)
    // claim value, expiration is past current timestamp', '... "nbf" (not before) claim value'); Microsoft.
    // IdentityModel.Tokens LogMessages.cs ("IDX10222: Lifetime validation failed. The token is not yet valid",
    // "IDX10223: Lifetime validation failed. The token is expired"); PyJWT ("Signature has expired", "The token is
    // not yet valid"); authlib ("expired_token: The token is expired"); node-saml src/saml.ts ("SAML assertion not
    // yet valid", "SAML assertion expired: clocks skewed too much"); OpenSAML SAML20AssertionValidator.java
    // ("Assertion '%s' with NotOnOrAfter condition of '%s' is no longer valid"); OneLogin python3-saml
    // ("Could not validate timestamp: expired. Check system clock.").
    words: [
      /\bJWT expired\b|\bJWT not active yet\b|\bJWT issued in the future\b|unexpected JWT "(?:exp|nbf|iat)"/i,
      /lifetime validation failed|\bIDX1022[23]\b|signature has expired|token is (?:expired|not (?:yet )?valid)/i,
      /SAML assertion (?:not yet valid|expired)|(?:NotOnOrAfter|NotBefore) condition of|could not validate timestamp/i,
    ],
  },
  {
    topic: 'signature',
    // openid-client 5 lib/client.js ("failed to validate JWT signature") and lib/helpers/issuer.js ("no valid key
    // found in issuer's jwks_uri"); oauth4webapi src/index.ts ("JWT signature verification failed", "no applicable
    // keys found"); Microsoft.IdentityModel.Tokens LogMessages.cs ("IDX10501: Signature validation failed. Unable to
    // match key", IDX10503, IDX10511); PyJWT and python-jose ("Signature verification failed"); node-saml
    // src/saml.ts ("Invalid signature", "Invalid document signature"); Spring Security OpenSamlVerificationUtils.java
    // ("Invalid signature for object [%s]"); OneLogin python3-saml ("Signature validation failed. SAML Response
    // rejected").
    words: [
      /invalid (?:document )?signature|signature (?:validation|verification) failed|failed to validate JWT signature/i,
      /no valid key found|no applicable keys found|unable to match (?:key|'kid')|\bIDX105(?:01|03|11)\b/i,
    ],
  },
  {
    topic: 'user',
    // The app's own lookup, not a library's: Django's ORM ("User matching query does not exist."), Spring
    // Security's JdbcDaoImpl ("Username %s not found"), and the pages apps write for it.
    words: [
      /unknown user|no (?:such )?(?:user|account)\b|user (?:was )?not found|username \S+ not found/i,
      /user matching query does not exist|not provisioned/i,
    ],
  },
];

/**
 * A claim the words say is missing, by its name: openid-client 5 lib/client.js ("missing required JWT property
 * %s"); oauth4webapi src/index.ts ('JWT "%s" (%s) claim missing'); authlib jose/errors.py ('missing_claim: Missing
 * "%s" claim'); and an app's own "required claim email is missing", "missing attribute email". A message that names
 * no claim ("checks.state argument is missing", node-saml's "InResponseTo is missing from response") names none.
 */
const CLAIM_MISSING: readonly RegExp[] = [
  /missing required JWT property (\w+)/i,
  /JWT "(\w+)" \([^)]*\) claim missing/i,
  /missing "(\w+)" claim/i,
  /\b(?:claim|attribute)s? ["']?([\w:./-]+?)["']? (?:is |was )?missing\b/i,
  /\bmissing (?:required )?(?:claim|attribute)s?:? ["']?([\w:./-]+)/i,
];

/** What the app's words speak of, and the claim they say is missing (by its name), if any. */
export function spokenOf(words: string): { readonly topic?: Topic; readonly claim?: string } {
  const topic = SPOKEN.find((s) => s.words.some((w) => w.test(words)))?.topic;
  if (topic !== undefined) return { topic };
  const claim = CLAIM_MISSING.map((p) => p.exec(words)?.[1]).find((c) => c !== undefined);
  return claim === undefined ? {} : { topic: 'claim', claim };
}

/**
 * The audience the words say the app expects, where they name it: node-saml's "Expected: X Received:", openid-client
 * 5's "expected X, got" and "expected X to be included", OneLogin's "(expected 'X', got", Microsoft.IdentityModel's
 * "ValidAudience: 'X'" (unless its PII is hidden: "[PII of type ... is hidden").
 */
export function expectedAudience(words: string): string | undefined {
  const named = [
    /\bExpected: (\S+) Received:/,
    /\baud mismatch, expected (\S+?),? got/i,
    /\bexpected (\S+) to be included\b/i,
    /\(expected '([^']+)', got/i,
    /ValidAudiences?: '([^']+)'/,
  ]
    .map((p) => p.exec(words)?.[1])
    .find((value) => value !== undefined);
  return named === undefined || named.startsWith('[PII') || named === 'null' ? undefined : named;
}
