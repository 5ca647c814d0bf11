// What the walk into a journey's app learnt, as the app check's judge weighs it: how Okta handed off, what it gave
// (the assertion, the ID token for the app's client) and what the app answered, with its clock. Facts only: the app's
// words are read in app-words.ts, weighed in app-evidence.ts, judged in app-judge.ts.
import type { AppConfig } from '../../types';

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

/**
 * What the ID token Okta issued for the same app holds: its aud, the names of its claims (never their values), its
 * times (epoch seconds) and the key it is signed with; and the access token's aud, where that token is a JWT.
 */
export interface IdTokenFacts {
  readonly aud: string;
  readonly claims: readonly string[];
  readonly sub?: string;
  readonly iat?: number;
  readonly nbf?: number;
  readonly exp?: number;
  /** The header's kid: the authorization server's key Okta signed it with. */
  readonly kid?: string;
  /** The access token's aud (a custom authorization server's audience): what an API of the app checks. */
  readonly accessAud?: string;
}

/** The app's last answer, as the browser got it: its status, where it landed, its words and cookies' names. */
export interface AppAnswer {
  readonly status: number;
  readonly path: string;
  /** The page's text, scrubbed and bounded. */
  readonly words: string;
  readonly cookies: readonly string[];
  /** The app's clock as its answer's Date header tells it, and the walk's when that answer came (epoch ms). */
  readonly clock?: { readonly date: string; readonly receivedAt: number };
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

/** What a refusal is weighed with: the app's answer, Okta's hand-off and the ID token Okta issues for the app. */
export interface AppEvidence {
  readonly app: AppConfig;
  readonly answer: AppAnswer;
  readonly handOff: OktaHandOff;
  readonly idToken: IdTokenFacts | undefined;
}
