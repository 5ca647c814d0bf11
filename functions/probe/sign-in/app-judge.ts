// The `app-sign-in` check's judge, pure: what the app a journey signed in to answered, judged by what the config says
// success looks like, and whose fault a refusal is in the order of Okta's article on a 401 "returned by a third-party
// Service Provider": first that Okta's part succeeded (the browser left Okta for the app with a code or an
// assertion), then what the app said (its status and words, scrubbed before they reach here), then what Okta gave it
// that the app may have refused (the ID token's aud and the claims the config says the app needs; the assertion's
// audience, recipient, signing certificate and clock; the user).
import type { AppConfig } from '../../types';
import { APP_NOT_ASSIGNED_PAGE } from '../classify';
import { fail, pass, skip, withFoundRequest, type Judgement, type Observed, type Verdict } from '../verdict';
import { redirectError } from './judge';

/**
 * How the browser left Okta for the app: Okta's part, proven or not. `requestId` is the X-Okta-Request-Id of Okta's
 * answer that handed off (the authorize hop's redirect, the SAML app link's page), `clientId` the app's client as the
 * authorize hop named it: what the System Log's events of Okta's part are found by.
 */
export type OktaHandOff = (
  | {
      readonly kind: 'redirect';
      readonly code: boolean;
      readonly error?: string;
      /** Okta's error_description beside its error, scrubbed. */
      readonly description?: string;
      /** Handed off by Okta's posted form (response_mode=form_post), not on the redirect's query. */
      readonly posted?: true;
    }
  | { readonly kind: 'post'; readonly assertion?: AssertionFacts }
) & { readonly requestId?: string; readonly clientId?: string };

/** What the assertion Okta posted to the app says (the ACS's form, read as the app reads it); never a signature. */
export interface AssertionFacts {
  readonly audience?: string;
  readonly recipient?: string;
  readonly nameId?: string;
  readonly notBefore?: string;
  readonly notOnOrAfter?: string;
  /** The signing certificate's SHA-256 fingerprint, as the assertion carries it. */
  readonly certificate?: string;
  readonly attributes: readonly string[];
  /** An EncryptedAssertion: its audience, user and attributes could not be read, so none is told missing. */
  readonly encrypted?: true;
}

/** What the ID token Okta issued for the same app holds: its aud, and the names of its claims (never their values). */
export interface IdTokenFacts {
  readonly aud: string;
  readonly claims: readonly string[];
  readonly sub?: string;
}

/** The app's last answer, as the browser got it: its status, where it landed, its words and cookies' names. */
interface AppAnswer {
  readonly status: number;
  readonly path: string;
  /** The page's text, scrubbed and bounded. */
  readonly words: string;
  readonly cookies: readonly string[];
}

/** The walk into the app: how Okta handed off, and the app's answer, or why there is none. */
export interface AppVisit {
  readonly handOff?: OktaHandOff;
  readonly answer?: AppAnswer;
  /** No answer at all (a refused connection, a timeout), in words. */
  readonly noAnswer?: string;
  /** The third origin the app sent the browser to, not followed. */
  readonly away?: string;
  /** Why the walk into the app did not happen (no session, no browser): the app is not judged. */
  readonly notRun?: string;
  /**
   * Okta's own error page where the walk expected the app's (a SAML app's link answering "403 App Not Assigned"): its
   * status and words, scrubbed, and its X-Okta-Request-Id.
   */
  readonly oktaPage?: { readonly status: number; readonly words: string; readonly requestId?: string };
}

/** The app's words quoted in a finding, characters at most. */
const WORDS_SHOWN = 160;

/** The app's words that name its cause, matched in this order; the detail's first words are the matched cause. */
const CAUSES = [
  { code: 'APP_AUDIENCE_MISMATCH', words: /\baud(ience)?\b/i },
  { code: 'APP_CERTIFICATE_PINNED', words: /\bsignature\b|\bcertificate\b|\bsigning key\b/i },
  { code: 'APP_CLOCK_SKEW', words: /not ?yet valid|\bexpired\b|\bclock\b|NotBefore|NotOnOrAfter|\bskew\b/i },
  { code: 'APP_UNKNOWN_USER', words: /unknown user|no (such )?(user|account)|user not found|not provisioned/i },
  { code: 'APP_CLAIM_MISSING', words: /\bclaim\b|\battribute\b|\bmissing\b/i },
] as const;

/** Which success conditions the answer meets and misses, in the config's words. */
function missed(app: AppConfig, answer: AppAnswer): string[] {
  const { path, status, text, cookie } = app.success;
  return [
    ...(path !== undefined && answer.path !== path ? [`landed on ${answer.path}, not ${path}`] : []),
    ...(status !== undefined && answer.status !== status ? [`answered ${answer.status}, not ${status}`] : []),
    ...(status === undefined && (answer.status < 200 || answer.status > 299) ? [`answered ${answer.status}`] : []),
    ...(text !== undefined && !answer.words.toLowerCase().includes(text.toLowerCase())
      ? [`its page does not say "${text}"`]
      : []),
    ...(cookie !== undefined && !answer.cookies.includes(cookie) ? [`set no cookie named ${cookie}`] : []),
  ];
}

/** Okta's part in words: the seed's first step, proven before the app is blamed. */
function oktaPart(handOff: OktaHandOff): string {
  if (handOff.kind === 'redirect' && handOff.posted === true)
    return "Okta's part succeeded (its form posted a code to the app: response_mode=form_post)";
  return handOff.kind === 'redirect'
    ? "Okta's part succeeded (its redirect with a code left Okta for the app)"
    : "Okta's part succeeded (its assertion was posted to the app)";
}

/** What Okta gave the app, in words: the evidence a refusal is weighed against. */
function gave(handOff: OktaHandOff, idToken: IdTokenFacts | undefined): string {
  if (handOff.kind === 'redirect')
    return idToken === undefined
      ? 'no ID token of the app was read this run'
      : `the ID token Okta issues for the app has aud "${idToken.aud}" and claims ${idToken.claims.join(', ')}`;
  const a = handOff.assertion;
  if (a === undefined) return 'the assertion could not be read';
  if (a.encrypted === true) return encryptedSaid(a);
  return [
    `the assertion's Audience is "${a.audience ?? '(none)'}"`,
    `its Recipient ${a.recipient ?? '(none)'}`,
    `it is signed with the certificate SHA-256 ${a.certificate ?? '(none)'}`,
    `valid from ${a.notBefore ?? '(unset)'} to ${a.notOnOrAfter ?? '(unset)'}`,
    `for the user ${a.nameId ?? '(none)'}`,
  ].join(', ');
}

/**
 * An encrypted assertion in words: encrypted to the app's own key, so its audience, user and attributes are unread
 * (never missing), and the certificate Okta signed its envelope with, where the Response is signed.
 */
const encryptedSaid = (a: AssertionFacts): string =>
  "the assertion is encrypted (an EncryptedAssertion, to the app's own key): its audience, user and attributes " +
  'could not be read here' +
  (a.certificate !== undefined ? `; the Response is signed with the certificate SHA-256 ${a.certificate}` : '');

/** The claims (or attributes) the app needs that Okta did not give, when that is known: never an encrypted one's. */
function missingClaims(app: AppConfig, handOff: OktaHandOff, idToken: IdTokenFacts | undefined): string[] {
  if (handOff.kind === 'post' && handOff.assertion?.encrypted === true) return [];
  const held = handOff.kind === 'redirect' ? idToken?.claims : handOff.assertion?.attributes;
  return held === undefined ? [] : app.claims.filter((claim) => !held.includes(claim));
}

/** What a refusal is weighed with: the app's answer, Okta's hand-off and the ID token Okta issues for the app. */
interface Evidence {
  readonly app: AppConfig;
  readonly answer: AppAnswer;
  readonly handOff: OktaHandOff;
  readonly idToken: IdTokenFacts | undefined;
}

type Cause = (typeof CAUSES)[number]['code'];
const assertionIn = (e: Evidence): AssertionFacts | undefined =>
  e.handOff.kind === 'post' ? e.handOff.assertion : undefined;

/** Each cause's sentence: the value Okta gave that the app refused, named. */
const WHY: Readonly<Record<Cause, (e: Evidence) => string>> = {
  APP_AUDIENCE_MISMATCH: (e) =>
    "It expects another audience than Okta's: " +
    (e.handOff.kind === 'redirect'
      ? `the ID token Okta issues for the app has aud "${e.idToken?.aud ?? '(not read this run)'}"`
      : `the assertion's Audience is "${assertionIn(e)?.audience ?? '(none)'}"`),
  APP_CERTIFICATE_PINNED: (e) => {
    const a = assertionIn(e);
    return (
      'It pins a certificate Okta no longer signs with: Okta signs with the certificate ' +
      `SHA-256 ${a?.certificate ?? '(not read)'}${a?.encrypted === true ? ` (${encryptedSaid(a)})` : ''}`
    );
  },
  APP_CLOCK_SKEW: (e) =>
    `Its clock is off from Okta's: the assertion is valid from ${assertionIn(e)?.notBefore ?? '(unset)'} to ` +
    `${assertionIn(e)?.notOnOrAfter ?? '(unset)'}`,
  APP_UNKNOWN_USER: (e) => {
    const user = e.handOff.kind === 'post' ? assertionIn(e)?.nameId : e.idToken?.sub;
    return `It has no account for the user Okta named (${user ?? 'unnamed'}) and creates none`;
  },
  // Okta issues the claim to the journey's own request: the app asks for less than it needs (its scopes).
  APP_CLAIM_MISSING: (e) => {
    const named = e.app.claims.filter((claim) => e.answer.words.includes(claim));
    const claims = (named.length > 0 ? named : e.app.claims).map((c) => `"${c}"`).join(', ');
    return (
      `It says a claim it needs is missing${claims === '' ? '' : ` (${claims})`}, which Okta issues when asked: ` +
      "the app's own request leaves out its scope"
    );
  },
};

/** The app's words as a finding quotes them: bounded, so the value that names the cause fits after them. */
const quoted = (words: string): string =>
  `"${words.length > WORDS_SHOWN ? `${words.slice(0, WORDS_SHOWN - 1)}…` : words}"`;

/**
 * A refusal by its cause, in the seed's order after Okta's part: the app's words, then what Okta gave it. A claim the
 * config says the app needs and Okta did not give is named whatever the app's words; else the app's words name the
 * cause; else the answer's misses and all that Okta gave.
 */
function refusal(e: Evidence, okta: string, misses: readonly string[], seen: Observed): Verdict {
  const { app, answer, handOff } = e;
  const said = `${app.name} answered ${answer.status} at ${answer.path}: ${quoted(answer.words)}`;
  const lacking = missingClaims(app, handOff, e.idToken);
  const cause = CAUSES.find((c) => c.words.test(answer.words))?.code;
  if (lacking.length > 0 && (cause === undefined || cause === 'APP_CLAIM_MISSING')) {
    const held = handOff.kind === 'redirect' ? 'the ID token lacks' : "the assertion's attributes lack";
    const needs = lacking.map((c) => `"${c}"`).join(', ');
    return fail('APP_CLAIM_MISSING', `${okta}; ${said}. The app needs ${needs}, which ${held}`, seen);
  }
  if (cause !== undefined) return fail(cause, `${okta}; ${said}. ${WHY[cause](e)}`, seen);
  const refused = `${app.name} ${misses.join('; ')}: ${quoted(answer.words)}`;
  return fail('APP_SIGN_IN_REFUSED', `${okta}; ${refused}. ${gave(handOff, e.idToken)}`, seen);
}

/** Why Okta's part handed nothing to the app: an error on its redirect, or no hand-off at all. */
const noHandOff = (app: AppConfig, handOff: OktaHandOff | undefined): string =>
  `Okta did not hand the sign-in to ${app.name}: ` +
  (handOff?.kind === 'redirect'
    ? `its redirect carried ${handOff.error ?? 'no code'}`
    : 'the browser never left Okta for the app');

/**
 * The app's answer judged: a pass when every success condition holds; the app's failure (its 5xx or no answer) as
 * the app's; a refusal by its cause, named with Okta's value beside the app's words. Not judged when the walk into
 * the app did not happen, or Okta's part did not hand off: then the sign-in's checks say why.
 */
export function judgeAppSignIn(app: AppConfig, visit: AppVisit, idToken?: IdTokenFacts): Judgement {
  const judgement = judgeVisit(app, visit, idToken);
  // A failure after Okta handed off carries Okta's request id: the System Log's events of Okta's part are read by it
  // (system-log/app-part.ts), only when the app refused.
  const requestId = visit.handOff?.requestId;
  return 'notRun' in judgement || requestId === undefined ? judgement : withFoundRequest(judgement, { requestId });
}

function judgeVisit(app: AppConfig, visit: AppVisit, idToken?: IdTokenFacts): Judgement {
  const clientId = visit.handOff?.clientId;
  const observed: Observed = { app: app.name, protocol: app.protocol, ...(clientId !== undefined && { clientId }) };
  if (visit.notRun !== undefined) return skip(`the app was not visited: ${visit.notRun}`, observed);
  if (visit.away !== undefined)
    return fail('APP_REDIRECTED_AWAY', `${app.name} sent the browser to ${visit.away}: not followed`, observed);
  // Okta refusing the app's own request is Okta's answer, read by its catalogue: before whatever the app then shows.
  const refused = oktaRefusal(app, visit, observed);
  if (refused !== undefined) return refused;
  const handOff = visit.handOff;
  // The app failing is the app's whether or not it got as far as sending the browser to Okta.
  const before =
    handOff === undefined
      ? `Okta was not reached: ${app.name} failed before sending the browser there`
      : oktaPart(handOff);
  if (visit.answer === undefined)
    return fail('APP_UNAVAILABLE', `${before}; ${app.name} did not answer: ${visit.noAnswer ?? 'no answer'}`, observed);
  const answer = visit.answer;
  const seen: Observed = { ...observed, appStatus: answer.status, appPath: answer.path };
  if (answer.status >= 500)
    return fail('APP_UNAVAILABLE', `${before}; ${app.name} answered ${answer.status}: ${quoted(answer.words)}`, seen);
  if (handOff === undefined || (handOff.kind === 'redirect' && !handOff.code))
    return skip(noHandOff(app, handOff), seen);
  const misses = missed(app, answer);
  if (misses.length === 0) return pass(seen);
  return refusal({ app, answer, handOff, idToken }, oktaPart(handOff), misses, seen);
}

/**
 * Okta refusing the app's own request, which every person opening the app meets: an error on its redirect to the app
 * (error=invalid_scope, access_denied "Policy evaluation failed..." or "User is not assigned to the client
 * application.") read through the catalogue the sign-in's redirect is read with (judge.ts redirectError), or Okta's
 * "App Not Assigned" page on a SAML app's link. The code and its owner are the catalogue's, never the app's.
 */
function oktaRefusal(app: AppConfig, visit: AppVisit, observed: Observed): Verdict | undefined {
  const handOff = visit.handOff;
  const said = `Okta refused ${app.name}'s own sign-in request`;
  if (handOff?.kind === 'redirect' && handOff.error !== undefined) {
    const params = new URLSearchParams({ error: handOff.error });
    if (handOff.description !== undefined) params.set('error_description', handOff.description);
    const verdict = redirectError(params, undefined);
    if (verdict?.diagnosis == null) return undefined;
    const detail = `${said}: its redirect to the app carried ${verdict.diagnosis.detail ?? `error=${handOff.error}`}`;
    return { ...verdict, diagnosis: { ...verdict.diagnosis, detail }, observed };
  }
  const page = visit.oktaPage;
  if (page === undefined) return undefined;
  const shown = `Okta answered ${page.status} on ${app.name}'s link: ${quoted(page.words)}`;
  const verdict = APP_NOT_ASSIGNED_PAGE.test(page.words)
    ? fail(app.protocol === 'saml' ? 'SAML_USER_NOT_ASSIGNED' : 'USER_NOT_ASSIGNED', `${said}. ${shown}`, observed)
    : fail('AUTHORIZE_UNEXPECTED', `${said}. ${shown}`, observed);
  return page.requestId === undefined ? verdict : withFoundRequest(verdict, { requestId: page.requestId });
}
