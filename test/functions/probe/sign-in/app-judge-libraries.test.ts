// The app check's judge on the messages real relying-party and SAML SP libraries give, top level and nested, in their
// own words (each cited by library and file): a cause is named only where the run's facts show it, the same words
// with facts that contradict it are a refusal told with all that Okta gave (or the cause the facts do show), and a
// message that names no cause is a refusal, never a guess.
import { describe, expect, it } from 'vitest';
import { judgeAppSignIn, type AppVisit, type IdTokenFacts } from '../../../../functions/probe/sign-in/app-judge';
import type { AppConfig } from '../../../../functions/types';
import type { DiagnosisCode } from '../../../../functions/contract';

const OIDC: AppConfig = {
  name: 'Expenses',
  protocol: 'oidc',
  loginUrl: 'http://127.0.0.1:1/login',
  success: { path: '/home' },
  claims: [],
};
const SAML: AppConfig = { ...OIDC, name: 'Wiki', protocol: 'saml' };

/** The journey's ID token for the app's client, issued just after the app's answer; its access token's aud. */
const ISSUED = Date.parse('2026-11-29T16:00:10Z') / 1000;
const ID_TOKEN: IdTokenFacts = {
  aud: '0oaExpenses',
  claims: ['ver', 'iss', 'aud', 'iat', 'exp', 'sub', 'email', 'nonce'],
  sub: '00uSynthetic1',
  iat: ISSUED,
  exp: ISSUED + 3600,
  kid: 'kidRotated2026',
  accessAud: 'api://default',
};
/** The assertion Okta posted, valid five minutes; the walk's clock mid-way through it. */
const ASSERTION = {
  audience: 'https://wiki.example/sp',
  recipient: 'http://127.0.0.1:1/acs',
  nameId: 'wiki.synthetic@example.com',
  notBefore: '2026-11-28T07:00:00Z',
  notOnOrAfter: '2026-11-28T07:05:00Z',
  certificate: 'AB:CD:EF',
  attributes: ['email', 'firstName'],
};
const OIDC_ANSWER_AT = Date.parse('2026-11-29T16:00:00Z');
const SAML_ANSWER_AT = Date.parse('2026-11-28T07:02:30Z');

/** The run's facts a row is judged with: how the app's clock stands, and what Okta gave. */
interface Facts {
  /** The app's Date header against the walk's clock, seconds (positive: ahead); absent: no Date header. */
  readonly appAhead?: number;
  /** The client the app sent to /authorize. */
  readonly clientId?: string;
  readonly idToken?: Partial<IdTokenFacts>;
  readonly assertion?: Partial<typeof ASSERTION>;
}

function judge(app: AppConfig, words: string, facts: Facts, status = 401) {
  const at = app.protocol === 'saml' ? SAML_ANSWER_AT : OIDC_ANSWER_AT;
  const clock =
    facts.appAhead === undefined
      ? {}
      : { clock: { date: new Date(at + facts.appAhead * 1000).toUTCString(), receivedAt: at } };
  const handOff: NonNullable<AppVisit['handOff']> =
    app.protocol === 'saml'
      ? { kind: 'post', assertion: { ...ASSERTION, ...facts.assertion } }
      : { kind: 'redirect', code: true, clientId: facts.clientId ?? '0oaExpenses' };
  const visit: AppVisit = { handOff, answer: { status, path: '/callback', words, cookies: [], ...clock } };
  const judgement = judgeAppSignIn(app, visit, { ...ID_TOKEN, ...facts.idToken });
  if ('notRun' in judgement || judgement.diagnosis === null) throw new Error('expected a failure');
  return { code: judgement.diagnosis.code, detail: judgement.diagnosis.detail ?? '' };
}

interface Row {
  /** The library and file the words are from. */
  readonly source: string;
  readonly app: AppConfig;
  readonly words: string;
  readonly facts: Facts;
  readonly code: DiagnosisCode;
  /** What the detail names: the value that shows the cause, or why the words were not taken for one. */
  readonly names: string;
}

/** Okta's part in every row: the code Okta handed off, or the assertion it posted. */
const IN_SYNC: Facts = { appAhead: 0 };

const OIDC_ROWS: readonly Row[] = [
  {
    source: 'openid-client 5, lib/client.js (validateJWT)',
    app: OIDC,
    words: 'RPError: aud mismatch, expected api://expenses, got: 0oaExpenses',
    facts: IN_SYNC,
    code: 'APP_AUDIENCE_MISMATCH',
    names:
      'aud "0oaExpenses", the client Expenses sent to /authorize, and the access token aud "api://default"; ' +
      'it expects "api://expenses"',
  },
  {
    source: 'oauth4webapi, src/index.ts (openid-client 6), nested under its error code',
    app: OIDC,
    words: 'OperationProcessingError: OAUTH_JWT_CLAIM_COMPARISON_FAILED: unexpected JWT "aud" (audience) claim value',
    facts: IN_SYNC,
    code: 'APP_AUDIENCE_MISMATCH',
    names: 'the access token aud "api://default"',
  },
  {
    source: 'Microsoft.IdentityModel.Tokens, LogMessages.cs (IDX10214), its values hidden as PII by default',
    app: OIDC,
    words:
      "SecurityTokenInvalidAudienceException: IDX10214: Audience validation failed. Audiences: '[PII of type " +
      "'System.String' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]'. Did not match: " +
      "validationParameters.ValidAudience: '[PII of type 'System.String' is hidden.'",
    facts: IN_SYNC,
    code: 'APP_AUDIENCE_MISMATCH',
    names: 'the ID token Okta issues for the app has aud "0oaExpenses"',
  },
  {
    source: 'authlib, jose/errors.py (InvalidClaimError)',
    app: OIDC,
    words: 'invalid_claim: Invalid claim "aud"',
    facts: IN_SYNC,
    code: 'APP_AUDIENCE_MISMATCH',
    names: 'aud "api://default"',
  },
  {
    source: "openid-client 5, lib/client.js: the same words, the journey's client not the one the app sent",
    app: OIDC,
    words: 'RPError: aud mismatch, expected 0oaWiki, got: 0oaExpenses',
    facts: { ...IN_SYNC, clientId: '0oaWiki' },
    code: 'APP_SIGN_IN_REFUSED',
    names: 'not the client Expenses sent to /authorize ("0oaWiki"): the journey\'s clientId is not the app\'s',
  },
  {
    source: 'openid-client 5, lib/client.js: issued in the future, the app a minute behind',
    app: OIDC,
    words: 'RPError: JWT issued in the future, now 1764431950, iat 1764432010',
    facts: { appAhead: -60 },
    code: 'APP_CLOCK_SKEW',
    names: "Expenses's clock (its answer's Date header) is 60 s behind the walk's",
  },
  {
    source: 'Microsoft.IdentityModel.Tokens, LogMessages.cs (IDX10223)',
    app: OIDC,
    words:
      'SecurityTokenExpiredException: IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): ' +
      "'11/29/2026 17:00:10', Current time (UTC): '11/29/2026 18:00:10'.",
    facts: { appAhead: 7200 },
    code: 'APP_CLOCK_SKEW',
    names: '7200 s ahead of',
  },
  {
    source: "oauth4webapi, src/index.ts: no Date header to read the app's clock by",
    app: OIDC,
    words:
      'OAUTH_JWT_TIMESTAMP_CHECK_FAILED: unexpected JWT "exp" (expiration time) claim value, expiration is past ' +
      'current timestamp',
    facts: {},
    code: 'APP_SIGN_IN_REFUSED',
    names: "Expenses's answer carried no Date header to read its clock by",
  },
  {
    source: 'openid-client 5, lib/client.js (validateJWT)',
    app: OIDC,
    words: 'RPError: failed to validate JWT signature',
    facts: IN_SYNC,
    code: 'APP_SIGN_IN_REFUSED',
    names: 'an app that cached the keys before Okta rotated them does not know it',
  },
  {
    source: 'openid-client 5, lib/client.js (missing required JWT property): a claim the ID token lacks',
    app: OIDC,
    words: 'RPError: missing required JWT property email',
    facts: { ...IN_SYNC, idToken: { claims: ['iss', 'aud', 'sub', 'iat', 'exp'] } },
    code: 'APP_CLAIM_MISSING',
    names: 'The app needs "email", which the ID token lacks',
  },
  {
    source: 'oauth4webapi, src/index.ts (JWT "%s" (%s) claim missing): Okta issues it for the app\'s client',
    app: OIDC,
    words: 'OAUTH_INVALID_RESPONSE: JWT "email" (Email Address) claim missing',
    facts: IN_SYNC,
    code: 'APP_CLAIM_MISSING',
    names: "the app's own request leaves out its scope",
  },
  {
    source: 'openid-client 5, lib/client.js: a claim Okta puts in every ID token, and the token holds',
    app: OIDC,
    words: 'RPError: missing required JWT property sub',
    facts: IN_SYNC,
    code: 'APP_SIGN_IN_REFUSED',
    names: 'it says "sub" is missing, which Okta puts in every ID token',
  },
];

const SAML_ROWS: readonly Row[] = [
  {
    source: 'node-saml, src/saml.ts (checkAudienceValidityError)',
    app: SAML,
    words:
      'Error: SAML assertion audience mismatch. Expected: https://wiki.example/saml Received: https://wiki.example/sp',
    facts: IN_SYNC,
    code: 'APP_AUDIENCE_MISMATCH',
    names: 'the assertion\'s Audience is "https://wiki.example/sp"; it expects "https://wiki.example/saml"',
  },
  {
    source:
      'Spring Security, OpenSaml4AuthenticationProvider.java, nesting OpenSAML AudienceRestrictionConditionValidator',
    app: SAML,
    words:
      'Saml2AuthenticationException: Invalid assertion [id4a1] for SAML response [id9f2]: Condition ' +
      "'{urn:oasis:names:tc:SAML:2.0:assertion}AudienceRestriction' of type 'null' in assertion 'id4a1' was not " +
      "valid.: None of the audiences within Assertion 'id4a1' matched the list of valid audiances",
    facts: IN_SYNC,
    code: 'APP_AUDIENCE_MISMATCH',
    names: 'the assertion\'s Audience is "https://wiki.example/sp"',
  },
  {
    source: 'OneLogin python3-saml, response.py: the audience it says it expects is the one Okta posted',
    app: SAML,
    words: "Invalid audience for this Response (expected 'https://wiki.example/sp', got 'https://wiki.example/old')",
    facts: IN_SYNC,
    code: 'APP_SIGN_IN_REFUSED',
    names: 'the audience it says it expects, "https://wiki.example/sp", is the assertion\'s Audience',
  },
  {
    source: 'node-saml, src/saml.ts (validatePostResponseAsync)',
    app: SAML,
    words: 'Error: Invalid signature',
    facts: IN_SYNC,
    code: 'APP_CERTIFICATE_PINNED',
    names: 'Okta signs with the certificate SHA-256 AB:CD:EF',
  },
  {
    source: 'OneLogin python3-saml, response.py: an encrypted assertion, its certificate not read',
    app: SAML,
    words: 'Signature validation failed. SAML Response rejected',
    facts: { ...IN_SYNC, assertion: { certificate: undefined } },
    code: 'APP_SIGN_IN_REFUSED',
    names: "the certificate the assertion is signed with could not be read (an encrypted assertion's is not)",
  },
  {
    source: 'node-saml, src/saml.ts (checkTimestampsValidityError): the app ten minutes ahead',
    app: SAML,
    words: 'Error: SAML assertion expired: clocks skewed too much',
    facts: { appAhead: 600 },
    code: 'APP_CLOCK_SKEW',
    names:
      "Wiki's clock (its answer's Date header) is 600 s ahead of the walk's, and the assertion is valid from " +
      '2026-11-28T07:00:00Z to 2026-11-28T07:05:00Z',
  },
  {
    source: "node-saml, src/saml.ts: the same words, the app's clock with the walk's",
    app: SAML,
    words: 'Error: SAML assertion expired: clocks skewed too much',
    facts: IN_SYNC,
    code: 'APP_SIGN_IN_REFUSED',
    names: "Wiki's clock (its answer's Date header) is 0 s ahead of the walk's, within the validity",
  },
  {
    source: 'Spring Security, nesting OpenSAML SAML20AssertionValidator (NotOnOrAfter): the app ten minutes ahead',
    app: SAML,
    words:
      "Invalid assertion [id4a1] for SAML response [id9f2]: Assertion 'id4a1' with NotOnOrAfter condition of " +
      "'2026-11-28T07:05:00Z' is no longer valid",
    facts: { appAhead: 600 },
    code: 'APP_CLOCK_SKEW',
    names: '600 s ahead of',
  },
  {
    source: "OneLogin python3-saml, response.py: no Date header to read the app's clock by",
    app: SAML,
    words: 'Could not validate timestamp: expired. Check system clock.',
    facts: {},
    code: 'APP_SIGN_IN_REFUSED',
    names: "Wiki's answer carried no Date header to read its clock by",
  },
  {
    source: 'OneLogin python3-saml: an attribute the assertion Okta posted holds',
    app: SAML,
    words: 'Missing attribute email',
    facts: IN_SYNC,
    code: 'APP_SIGN_IN_REFUSED',
    names: 'it says "email" is missing, which the assertion Okta posted to it holds',
  },
];

/** Messages that name no cause: a lost state cookie, a replayed or unsolicited response, a library's top level. */
const NO_CAUSE: readonly {
  readonly source: string;
  readonly app: AppConfig;
  readonly words: string;
  status?: number;
}[] = [
  // The app lost its own state cookie (a second tab, a cookie without SameSite=None on a cross-site POST).
  {
    source: 'openid-client 5, lib/client.js (callback)',
    app: OIDC,
    words: 'TypeError: checks.state argument is missing',
  },
  {
    source: 'openid-client 5, lib/client.js',
    app: OIDC,
    words: 'RPError: state mismatch, expected af0ifjsldkj, got: x',
  },
  {
    source: 'oauth4webapi, src/index.ts',
    app: OIDC,
    words: 'OperationProcessingError: unexpected "state" response parameter value',
  },
  // Okta's app link is IdP-initiated: no InResponseTo to match.
  {
    source: 'node-saml, src/saml.ts (validatePostResponseAsync)',
    app: SAML,
    words: 'Error: InResponseTo is missing from response',
  },
  { source: 'node-saml, src/saml.ts', app: SAML, words: 'Error: InResponseTo is not valid' },
  { source: 'passport, lib/middleware/authenticate.js (a failed strategy)', app: OIDC, words: 'Unauthorized' },
  { source: 'Express, finalhandler (a 404 page)', app: OIDC, words: 'Cannot GET /callback', status: 404 },
  { source: "an app's own page", app: SAML, words: 'Something went wrong. Please try again later.', status: 400 },
  { source: "an app's own page", app: OIDC, words: 'Your session has expired. Please sign in again.' },
];

describe("judgeAppSignIn on real libraries' messages, weighed by the run's facts", () => {
  it.each([...OIDC_ROWS, ...SAML_ROWS].map((r) => [`${r.code} from ${r.source}`, r] as const))('%s', (_name, row) => {
    const found = judge(row.app, row.words, row.facts);

    expect(found.code).toBe(row.code);
    expect(found.detail).toContain(row.names);
  });

  it.each(NO_CAUSE.map((r) => [`${r.source}: "${r.words}"`, r] as const))(
    'tells %s as APP_SIGN_IN_REFUSED with all that Okta gave, naming no cause',
    (_name, row) => {
      const found = judge(row.app, row.words, IN_SYNC, row.status);

      expect(found.code).toBe('APP_SIGN_IN_REFUSED');
      expect(found.detail).not.toContain('Its words speak of');
      expect(found.detail).toContain(
        row.app.protocol === 'saml'
          ? 'the assertion\'s Audience is "https://wiki.example/sp", its Recipient http://127.0.0.1:1/acs, it ' +
              'is signed with the certificate SHA-256 AB:CD:EF, valid from 2026-11-28T07:00:00Z to ' +
              '2026-11-28T07:05:00Z, for the user w***@example.com'
          : 'the ID token Okta issues for the app has aud "0oaExpenses" and claims ver, iss, aud, iat, exp, sub, ' +
              'email, nonce, for the user 0***, signed with the key kid "kidRotated2026"; the access token has aud ' +
              '"api://default"',
      );
    },
  );

  it('tells openid-client JWT expiry as APP_CLOCK_SKEW only from an app whose clock the facts show off', () => {
    // openid-client 5, lib/client.js (validateJWT): the same words from an app two hours ahead, and one in step.
    const words = 'RPError: JWT expired, now 1764439210, exp 1764435610';
    const ahead = judge(OIDC, words, { appAhead: 7200 });
    const inStep = judge(OIDC, words, IN_SYNC);

    expect(ahead.code).toBe('APP_CLOCK_SKEW');
    expect(ahead.detail).toContain(
      "Expenses's clock (its answer's Date header) is 7200 s ahead of the walk's, and the ID token is valid from " +
        '2026-11-29T16:00:10Z to 2026-11-29T17:00:10Z',
    );
    expect(inStep.code).toBe('APP_SIGN_IN_REFUSED');
    expect(inStep.detail).toContain(
      "Its words speak of a time (an expiry or a validity), which the run's facts do not show: Expenses's clock " +
        "(its answer's Date header) is 0 s ahead of the walk's, within the validity",
    );
  });

  it("tells an OIDC app's refused ID token signature with the key Okta signed with, never a pinned certificate", () => {
    // Microsoft.IdentityModel.Tokens, LogMessages.cs (IDX10501): a key set cached before Okta rotated its keys.
    const words =
      'SecurityTokenSignatureKeyNotFoundException: IDX10501: Signature validation failed. Unable to match key: ' +
      "kid: 'kidRotated2026'.";
    const found = judge(OIDC, words, IN_SYNC);

    expect(found.code).toBe('APP_SIGN_IN_REFUSED');
    expect(found.detail).toContain('Okta signs the ID token with the authorization server\'s key kid "kidRotated2026"');
    expect(found.detail).not.toContain('certificate');
  });

  it('names the claim Okta did not give where the words speak of another cause the facts do not show', () => {
    const claimsApp = { ...OIDC, claims: ['email'] };
    const needs = judge(claimsApp, 'RPError: JWT expired, now 1764432010, exp 1764431950', {
      ...IN_SYNC,
      idToken: { claims: ['iss', 'aud', 'sub'] },
    });

    expect(needs.code).toBe('APP_CLAIM_MISSING');
    expect(needs.detail).toContain('The app needs "email", which the ID token lacks');
  });

  it("tells the app's clock outside the ID token's validity beside words that name no cause, never naming it", () => {
    const found = judge(OIDC, 'Your session has expired. Please sign in again.', { appAhead: 7200 });

    expect(found.code).toBe('APP_SIGN_IN_REFUSED');
    expect(found.detail).toContain(
      "Expenses's clock (its answer's Date header) is 7200 s ahead of the walk's, outside the validity: the ID " +
        'token is valid from 2026-11-29T16:00:10Z to 2026-11-29T17:00:10Z',
    );
  });
});
