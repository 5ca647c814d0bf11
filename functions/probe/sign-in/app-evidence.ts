// The run's facts weighed for each cause an app's refusal may have: a cause is named only where what Okta gave and
// what the app answered show it, with the values on each side; where the facts contradict it, or the run holds none
// to weigh it by, it is not named, and why is said. The app's words (app-words.ts) pick which cause is weighed; they
// never name one alone. One fact names its cause whatever the words: a claim the config says the app needs that Okta
// did not give. An app's clock outside the validity of what Okta gave is told beside any refusal, and named only
// where the app's words speak of a time: a 404 page or a lost session is not its clock's
// (docs/decisions/app-cause-by-evidence.md).
import type { AppConfig } from '../../types';
import { maskedUsername } from '../../plan/subject';
import { parseHttpDate } from '../clock';
import type { AppEvidence, AssertionFacts } from './app-facts';
import { expectedAudience, type Topic } from './app-words';

/** A cause weighed: named, with the sentence that shows it; or not, with why. */
type Weighed = { readonly code: Cause; readonly why: string } | { readonly code?: undefined; readonly unnamed: string };

/** The codes a refusal's cause is named by (the app family's, diagnosis/codes/app.ts). */
export type Cause =
  | 'APP_AUDIENCE_MISMATCH'
  | 'APP_CERTIFICATE_PINNED'
  | 'APP_CLOCK_SKEW'
  | 'APP_UNKNOWN_USER'
  | 'APP_CLAIM_MISSING';

/**
 * How far a clock may read outside a validity before it is called off, ms: the Date header is whole seconds, and the
 * app's own token was issued moments before its answer, where the journey's was issued moments after.
 */
const CLOCK_MARGIN_MS = 5000;

/** The claims Okta puts in every ID token (Okta's ID token reference: the reserved claims of its payload). */
const ALWAYS_ISSUED = ['iss', 'sub', 'aud', 'iat', 'exp'];

const assertionIn = (e: AppEvidence): AssertionFacts | undefined =>
  e.handOff.kind === 'post' ? e.handOff.assertion : undefined;
const saml = (e: AppEvidence): boolean => e.app.protocol === 'saml';

/** The synthetic user's name as every finding shows it: masked (docs/sign-in.md, the username's one rule). */
export const shownUser = (user: string): string => maskedUsername(user);

/** Text with a user's name masked wherever it appears, in any case (a login's case is not its own). */
export function userMasked(text: string, user: string | undefined): string {
  if (user === undefined || user.trim() === '') return text;
  const escaped = user.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(escaped, 'gi'), shownUser(user));
}

/** The user Okta named to the app: the assertion's NameID, or the ID token's sub. */
export const userNamed = (e: AppEvidence): string | undefined => (saml(e) ? assertionIn(e)?.nameId : e.idToken?.sub);

/** The cause the words speak of, weighed by the run's facts. */
export function weigh(topic: Topic, e: AppEvidence, claim?: string): Weighed {
  switch (topic) {
    case 'audience':
      return saml(e) ? samlAudience(e) : oidcAudience(e);
    case 'signature':
      return signature(e);
    case 'clock':
      return clock(e);
    case 'user': {
      const user = userNamed(e);
      return user === undefined
        ? { unnamed: 'Okta named no user this run could read' }
        : {
            code: 'APP_UNKNOWN_USER',
            why: `It has no account for the user Okta named (${shownUser(user)}) and creates none`,
          };
    }
    case 'claim':
      return claimSaid(e, claim);
  }
}

function samlAudience(e: AppEvidence): Weighed {
  const audience = assertionIn(e)?.audience;
  if (audience === undefined) return { unnamed: "the assertion's Audience could not be read" };
  const expected = expectedAudience(e.answer.words);
  if (expected === audience)
    return { unnamed: `the audience it says it expects, "${expected}", is the assertion's Audience` };
  const expects = expected === undefined ? '' : `; it expects "${expected}"`;
  return {
    code: 'APP_AUDIENCE_MISMATCH',
    why: `It expects another audience than Okta's: the assertion's Audience is "${audience}"${expects}`,
  };
}

/**
 * Both tokens' audiences, where the app's words name one: an app's API often checks the access token's (a custom
 * authorization server's audience), the app itself the ID token's (its client ID). The ID token read this run is the
 * app's only when the journey's client is the one the app sent to /authorize.
 */
function oidcAudience(e: AppEvidence): Weighed {
  const token = e.idToken;
  if (token === undefined) return { unnamed: 'no ID token of the app was read this run' };
  const client = e.handOff.clientId;
  if (client !== undefined && !token.aud.split(' ').includes(client))
    return {
      unnamed:
        `the ID token read this run has aud "${token.aud}", not the client ${e.app.name} sent to /authorize ` +
        `("${client}"): the journey's clientId is not the app's`,
    };
  const expected = expectedAudience(e.answer.words);
  if (expected !== undefined && expected === token.aud && expected === token.accessAud)
    return { unnamed: `the audience it says it expects, "${expected}", is both tokens' aud` };
  const sent = client !== undefined ? `, the client ${e.app.name} sent to /authorize` : '';
  const access = token.accessAud !== undefined ? `aud "${token.accessAud}"` : 'no aud this run could read';
  return {
    code: 'APP_AUDIENCE_MISMATCH',
    why:
      `It expects another audience than Okta's: the ID token Okta issues for the app has aud "${token.aud}"${sent}, ` +
      `and the access token ${access}${expected !== undefined ? `; it expects "${expected}"` : ''}`,
  };
}

/**
 * A refused signature. A SAML app's is the certificate it pins (named by Okta's, the one the assertion is signed
 * with); an OIDC app checks the ID token with the authorization server's keys, which no certificate setting of the app
 * in Okta changes: told with the key Okta signed with, never as a pinned certificate.
 */
function signature(e: AppEvidence): Weighed {
  if (!saml(e)) {
    const kid = e.idToken?.kid;
    const key = kid !== undefined ? `kid "${kid}"` : '(kid not read)';
    return {
      unnamed:
        `Okta signs the ID token with the authorization server's key ${key}, published at its keys endpoint: an ` +
        'app that cached the keys before Okta rotated them does not know it',
    };
  }
  const certificate = assertionIn(e)?.certificate;
  return certificate === undefined
    ? { unnamed: "the certificate the assertion is signed with could not be read (an encrypted assertion's is not)" }
    : {
        code: 'APP_CERTIFICATE_PINNED',
        why:
          `It pins a certificate Okta no longer signs with: Okta signs with the certificate SHA-256 ${certificate}` +
          (assertionIn(e)?.encrypted === true
            ? " (the Response's signature: the assertion itself is encrypted to the app's own key)"
            : ''),
      };
}

/** A claim the words say is missing, by its name, against the claims (attributes) Okta gave. */
function claimSaid(e: AppEvidence, claim: string | undefined): Weighed {
  if (assertionIn(e)?.encrypted === true)
    return { unnamed: "the assertion is encrypted to the app's own key: its attributes could not be read here" };
  const held = saml(e) ? assertionIn(e)?.attributes : e.idToken?.claims;
  if (claim === undefined || held === undefined)
    return { unnamed: `no ${saml(e) ? 'assertion' : 'ID token'} of the app was read this run` };
  if (!held.includes(claim))
    return {
      code: 'APP_CLAIM_MISSING',
      why: `The app needs "${claim}", which ${saml(e) ? "the assertion's attributes lack" : 'the ID token lacks'}`,
    };
  // The assertion the app refused is the one Okta posted: an attribute it holds was given.
  if (saml(e)) return { unnamed: `it says "${claim}" is missing, which the assertion Okta posted to it holds` };
  if (ALWAYS_ISSUED.includes(claim))
    return { unnamed: `it says "${claim}" is missing, which Okta puts in every ID token` };
  // Okta issues the claim to the journey's own request for the app's client: the app asks for less than it needs.
  return {
    code: 'APP_CLAIM_MISSING',
    why:
      `It says a claim it needs is missing ("${claim}"), which Okta issues when asked: ` +
      "the app's own request leaves out its scope",
  };
}

/** The claims the config says the app needs that Okta did not give, when that is known. */
export function lackingClaims(app: AppConfig, e: AppEvidence): string[] {
  // An encrypted assertion's attributes are unread, never missing.
  if (assertionIn(e)?.encrypted === true) return [];
  const held = saml(e) ? assertionIn(e)?.attributes : e.idToken?.claims;
  return held === undefined ? [] : app.claims.filter((claim) => !held.includes(claim));
}

/** What a validity is, where it lies on the app's clock and on the walk's, each as ms outside it (0: within). */
interface Timing {
  /** "the assertion" or "the ID token": what the validity is of. */
  readonly what: string;
  readonly from?: number;
  readonly to?: number;
  /** The app's clock when it judged what Okta gave, and the walk's, on the validity's timeline. */
  readonly app: number;
  readonly ours: number;
  /** The app's clock against the walk's, ms: positive when it is ahead. */
  readonly skew: number;
}

/**
 * The validity of what Okta gave and the app's clock against it. The assertion is the one the app read: its
 * NotBefore and NotOnOrAfter against the app's Date at its answer. The ID token the app read is its own, issued
 * moments before its answer: the journey's (same client, same server) gives its lifetime, and the app's clock is
 * placed at the journey's token's issue by the skew its Date shows.
 */
function timing(e: AppEvidence): Timing | string {
  const clockSeen = e.answer.clock;
  const appMs = clockSeen === undefined ? null : parseHttpDate(clockSeen.date);
  if (clockSeen === undefined || appMs === null)
    return `${e.app.name}'s answer carried no Date header to read its clock by`;
  const skew = appMs - Math.floor(clockSeen.receivedAt / 1000) * 1000;
  if (saml(e)) {
    const a = assertionIn(e);
    const from = a?.notBefore !== undefined ? Date.parse(a.notBefore) : Number.NaN;
    const to = a?.notOnOrAfter !== undefined ? Date.parse(a.notOnOrAfter) : Number.NaN;
    if (Number.isNaN(from) && Number.isNaN(to)) return "the assertion's validity could not be read";
    return { what: 'the assertion', from, to, app: appMs, ours: clockSeen.receivedAt, skew };
  }
  const t = e.idToken;
  const issued = t?.nbf ?? t?.iat;
  if (t?.exp === undefined || issued === undefined) return "the ID token's validity could not be read";
  return {
    what: 'the ID token',
    from: issued * 1000,
    to: t.exp * 1000,
    app: issued * 1000 + skew,
    ours: issued * 1000,
    skew,
  };
}

/** How far a time lies outside a validity, ms (0: within, by the margin). */
function outside(at: number, t: Timing): number {
  if (t.from !== undefined && !Number.isNaN(t.from) && at < t.from - CLOCK_MARGIN_MS) return t.from - at;
  if (t.to !== undefined && !Number.isNaN(t.to) && at >= t.to + CLOCK_MARGIN_MS) return at - t.to;
  return 0;
}

const iso = (ms: number | undefined): string =>
  ms === undefined || Number.isNaN(ms) ? '(unset)' : new Date(ms).toISOString().replace('.000Z', 'Z');

/** The app's clock against the walk's, in words. */
function clockSaid(t: Timing, name: string): string {
  const seconds = Math.round(Math.abs(t.skew) / 1000);
  return `${name}'s clock (its answer's Date header) is ${seconds} s ${t.skew >= 0 ? 'ahead of' : 'behind'} the walk's`;
}

/**
 * The app's clock against the walk's, and outside the validity of what Okta gave where it reads so, when its answer
 * told it: part of all that Okta gave, told beside a refusal whose words name no time, never named as its cause.
 */
export function clockSeen(e: AppEvidence): string | undefined {
  const t = timing(e);
  if (typeof t === 'string') return undefined;
  const said = clockSaid(t, e.app.name);
  return outside(t.app, t) === 0
    ? said
    : `${said}, outside the validity: ${t.what} is valid from ${iso(t.from)} to ${iso(t.to)}`;
}

/**
 * The app's clock weighed: off when it reads outside the validity of what Okta gave while the walk's reads within;
 * within, its words of an expiry are not its clock's; both outside, what Okta gave had run out for either.
 */
function clock(e: AppEvidence): Weighed {
  const t = timing(e);
  if (typeof t === 'string') return { unnamed: t };
  const validity = `${t.what} is valid from ${iso(t.from)} to ${iso(t.to)}`;
  const said = clockSaid(t, e.app.name);
  if (outside(t.app, t) === 0) return { unnamed: `${said}, within the validity: ${validity}` };
  if (outside(t.ours, t) !== 0) return { unnamed: `${validity}, and the walk's clock is outside it too` };
  return { code: 'APP_CLOCK_SKEW', why: `Its clock is off from Okta's: ${said}, and ${validity}` };
}
