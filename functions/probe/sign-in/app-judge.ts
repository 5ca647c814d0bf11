// The `app-sign-in` check's judge, pure: what the app a journey signed in to answered, judged by what the config says
// success looks like, and whose fault a refusal is in the order of Okta's article on a 401 "returned by a third-party
// Service Provider": first that Okta's part succeeded (the browser left Okta for the app with a code or an
// assertion), then what the app said (its status and words, scrubbed before they reach here), then what Okta gave it
// that the app may have refused (the ID token's aud and the claims the config says the app needs; the assertion's
// audience, recipient, signing certificate and clock; the user).
import type { AppConfig } from '../../types';
import { APP_NOT_ASSIGNED_PAGE } from '../classify';
import { fail, pass, skip, withFoundRequest, type Judgement, type Observed, type Verdict } from '../verdict';
import { clockSeen, lackingClaims, shownUser, userMasked, userNamed, weigh } from './app-evidence';
import type { AppAnswer, AppEvidence, AppVisit, AssertionFacts, IdTokenFacts, OktaHandOff } from './app-facts';
import { spokenOf, type Topic } from './app-words';
import { redirectError } from './judge';

export type { AppVisit, AssertionFacts, IdTokenFacts, OktaHandOff } from './app-facts';

/** The app's words quoted in a finding, characters at most. */
const WORDS_SHOWN = 160;

/** What the app's words spoke of, in a sentence that says it was weighed and not shown. */
const TOPIC_NOUN: Readonly<Record<Topic, string>> = {
  audience: 'an audience',
  signature: 'a signature',
  clock: 'a time (an expiry or a validity)',
  user: 'an unknown user',
  claim: 'a missing claim',
};

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

/** The app's clock against the validity of what Okta gave, where its answer told it: said after all that Okta gave. */
function clockNote(e: AppEvidence, told: boolean): string {
  const seen = told ? clockSeen(e) : undefined;
  return seen === undefined ? '' : `; ${seen}`;
}

/**
 * An encrypted assertion in words: encrypted to the app's own key, so its audience, user and attributes are unread
 * (never missing), and the certificate Okta signed its envelope with, where the Response is signed.
 */
const encryptedSaid = (a: AssertionFacts): string =>
  "the assertion is encrypted (an EncryptedAssertion, to the app's own key): its audience, user and attributes " +
  'could not be read here' +
  (a.certificate !== undefined ? `; the Response is signed with the certificate SHA-256 ${a.certificate}` : '');

/** What Okta gave the app, in words: the evidence a refusal is weighed against, the user's name masked. */
function gave(e: AppEvidence, withClock = true): string {
  const user = userNamed(e);
  const forUser = `for the user ${user === undefined ? '(none)' : shownUser(user)}`;
  if (e.handOff.kind === 'redirect') {
    const t = e.idToken;
    if (t === undefined) return 'no ID token of the app was read this run';
    return (
      `the ID token Okta issues for the app has aud "${t.aud}" and claims ${t.claims.join(', ')}, ${forUser}` +
      `, signed with the key ${t.kid !== undefined ? `kid "${t.kid}"` : '(kid not read)'}; ` +
      `the access token has ${t.accessAud !== undefined ? `aud "${t.accessAud}"` : 'no aud this run could read'}` +
      clockNote(e, withClock)
    );
  }
  const a = e.handOff.assertion;
  if (a === undefined) return 'the assertion could not be read';
  if (a.encrypted === true) return encryptedSaid(a);
  return (
    [
      `the assertion's Audience is "${a.audience ?? '(none)'}"`,
      `its Recipient ${a.recipient ?? '(none)'}`,
      `it is signed with the certificate SHA-256 ${a.certificate ?? '(none)'}`,
      `valid from ${a.notBefore ?? '(unset)'} to ${a.notOnOrAfter ?? '(unset)'}`,
      forUser,
    ].join(', ') + clockNote(e, withClock)
  );
}

/** The app's words as a finding quotes them: the user's name masked, bounded so the value that names the cause fits. */
function quoted(words: string, e?: AppEvidence): string {
  const shown = userMasked(words, e === undefined ? undefined : userNamed(e));
  return `"${shown.length > WORDS_SHOWN ? `${shown.slice(0, WORDS_SHOWN - 1)}…` : shown}"`;
}

/**
 * A refusal by its cause, named only where the run's facts show it, in the seed's order after Okta's part: the app's
 * words, then what Okta gave it. The words pick the cause weighed (app-words.ts); the facts name it or not
 * (app-evidence.ts). A claim the config says the app needs and Okta did not give is named whatever the words. Else
 * the answer's misses and all that Okta gave (the app's clock against it among them), with what the words spoke of
 * that the facts did not show.
 */
function refusal(e: AppEvidence, okta: string, misses: readonly string[], seen: Observed): Verdict {
  const { app, answer } = e;
  const said = `${app.name} answered ${answer.status} at ${answer.path}: ${quoted(answer.words, e)}`;
  const spoken = spokenOf(answer.words);
  const weighed = spoken.topic === undefined ? undefined : weigh(spoken.topic, e, spoken.claim);
  if (weighed?.code !== undefined && weighed.code !== 'APP_CLAIM_MISSING')
    return fail(weighed.code, `${okta}; ${said}. ${weighed.why}`, seen);
  const lacking = lackingClaims(app, e);
  if (lacking.length > 0) {
    const held = e.handOff.kind === 'redirect' ? 'the ID token lacks' : "the assertion's attributes lack";
    const needs = lacking.map((c) => `"${c}"`).join(', ');
    return fail('APP_CLAIM_MISSING', `${okta}; ${said}. The app needs ${needs}, which ${held}`, seen);
  }
  if (weighed?.code !== undefined) return fail(weighed.code, `${okta}; ${said}. ${weighed.why}`, seen);
  const unshown =
    spoken.topic === undefined || weighed?.unnamed === undefined
      ? ''
      : `Its words speak of ${TOPIC_NOUN[spoken.topic]}, which the run's facts do not show: ${weighed.unnamed}. `;
  const refused = `${app.name} ${misses.join('; ')}: ${quoted(answer.words, e)}`;
  const given = gave(e, spoken.topic !== 'clock');
  return fail('APP_SIGN_IN_REFUSED', `${okta}; ${refused}. ${unshown}Okta gave it: ${given}`, seen);
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
  const words = quoted(answer.words, handOff === undefined ? undefined : { app, answer, handOff, idToken });
  if (answer.status >= 500)
    return fail('APP_UNAVAILABLE', `${before}; ${app.name} answered ${answer.status}: ${words}`, seen);
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
