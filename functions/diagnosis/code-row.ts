// The shape of a row of the code registry (registry.ts): what one diagnosis code means, read by every view (the
// report, the CLI's outcome, JUnit, the run line, the notifier, the local alarms, the status page, the availability
// report, the quorum, the Preview comparison, plan). Types only; the rows are in codes/, one file per family.
import type { DiagnosisCode, FaultOwner } from '../contract';
import type { DiagnosisText } from './text';

/**
 * Where in the chain a failure with this code sits:
 * - `service`: Okta's service answering wrong (a key it does not publish, a 5xx of its own, read-only mode);
 * - `edge`: the exchange refused or dropped before Okta's service answered (no connection, a timeout, a proxy or
 *   Okta's edge answering 5xx or 403): it says nothing of the org or of a release;
 * - `setup`: the probe's own setup (its app, its grants, its credential, its synthetic user, its store);
 * - `configuration`: the org's configuration, what stops its users too;
 * - `reading`: a reading of ours (our clock, our bucket, our reading of the System Log, the inventory, the feed).
 */
export type CodeLayer = 'service' | 'edge' | 'setup' | 'configuration' | 'reading';

/**
 * How the severity of a failure with this code is decided:
 * - `alarm`: fixed, the severity of the alarm the plan rows give it (the gauge alarm whose runbook names it, else the
 *   check's CheckSuccess alarm);
 * - `setting`: the alarm's, unless a setting of the failing server makes it page (provisioning.pageOnLeavers);
 * - `per finding`: the judge says per finding from its figure (a provider's failing share, a hook that blocks): two
 *   alarms name the code, and the finding's severity picks one;
 * - `never`: Okta's announced operations: news, never a page, whatever `pageFor` says.
 */
export type SeverityRule = 'alarm' | 'setting' | 'per finding' | 'never';

/**
 * What of the probe's own setup a code is about, whoever owns the failure: its app, the app's grants (scopes, role,
 * grant types), its credential, its synthetic user, its own store; `issuer`: the issuer the entry expects; `ids`: the
 * ids of the org's objects the config names (an access assertion's app, user, groups, zone). A Preview entry sets its
 * own app, grants, credential and user, and the Preview org takes Production's ids as written, so a Preview failure
 * about one of them is the Preview org's own setup (previewOwnSetup), never Okta's next release.
 */
export type CodeSubject = 'app' | 'grant' | 'credential' | 'user' | 'store' | 'issuer' | 'ids';

/**
 * What one code means, and its texts (title, summary, remedy: DiagnosisText), written in the row beside the rest; the
 * table of texts (table.ts) is derived from the rows.
 */
export interface CodeRow extends Partial<DiagnosisText> {
  /** Whose fault it is: Okta's, the org's, or our probe's (its credentials, its user, its network or DNS). */
  readonly owner: FaultOwner;
  readonly layer: CodeLayer;
  readonly severity: SeverityRule;
  readonly subject?: CodeSubject;
  /**
   * Whose answer a failure with this code reads when it is not Okta's: the organisation's own API (`api`, the resource
   * check) or the app a journey signed in to (`app`, its `app` block). A report says "Your API" or "The app" answered,
   * and looks for no X-Okta-Request-Id in it; absent: Okta answered (or failed to).
   */
  readonly answeredBy?: 'api' | 'app';
  /**
   * What the help desk reads to a caller when this code says more than its owner does (Okta's maintenance, an
   * incident on its feed, one person failing): the status page's sentence for a part failing with it, in place of its
   * owner's (status-page/caller.ts), unless the failure is our monitoring's.
   */
  readonly caller?: string;
  /**
   * What callers are told of one app Okta cannot provision accounts in because of this code, `{app}` its label
   * (status-page/caller.ts); absent: the provisioning default.
   */
  readonly callerOfApp?: string;
  /**
   * The alarms whose description names this code among its likely causes, by key: a check's name for its CheckSuccess
   * alarm, a gauge alarm's name (plan/rows) for that alarm. plan/outputs.ts derives each alarm's `causes` from these;
   * the failure's severity follows (a gauge alarm naming the code decides it, else the check's CheckSuccess alarm).
   */
  readonly alarms?: readonly string[];
  /** Okta refusing our reading: a scope not granted, an admin role missing, a bucket throttled. */
  readonly refusal?: 'scope' | 'role' | 'throttled';
  /**
   * One more try after a short pause may pass, so a timed check and a SAML app's walk try once more (probe/engine.ts,
   * saml/group/check-app.ts read this and nothing else): no answer at all (a timeout, a connection refused or reset),
   * or a 5xx of a node that the next request may not meet. Never a 429 (a retry spends the bucket it says is empty),
   * Okta's read-only mode (its maintenance lasts minutes to hours), a body that is not what the endpoint defines (a
   * proxy or captive portal answers the same way again), nor an answer of the org's configuration.
   */
  readonly transient?: true;
  /** No answer at all: no connection, or none in time (its time is the limit we set, not Okta's latency). */
  readonly noAnswer?: true;
  /**
   * Whose it is when several regions see it: from one place a refused connection cannot be told from our own network,
   * from several it is Okta's outage.
   */
  readonly severalRegions?: FaultOwner;
  /**
   * The check could not judge its target with it this run (a SAML app with no session to be judged in), not that the
   * target failed: never up, never down. A warning in the report, the run line and the dashboard; no CheckSuccess is
   * published for it (the page alarm sees no data), and the availability report counts it on the probe's side.
   */
  readonly unjudged?: true;
  /** The factor a sign-in code is about, where it is not the TOTP's. */
  readonly factor?: 'passkey';
  /**
   * What a sign-in journey's failed password step with this code says of the password (sign-in/state.ts); absent:
   * uncertain (Okta may have counted the attempt: 30 minutes, then one more):
   * - `refused`: Okta refused the password itself: never again with this secret version;
   * - `account`: the user cannot sign in whatever its password (locked, not active, its password expired or never
   *   set, no such user): what a refused password is retold as once the user's status is read (lockout.ts); backed
   *   off, so that an admin's fix resumes the journey without a new secret;
   * - `blocked`: a definite answer not about the password (a policy, the app, our client, a throttled bucket): backed
   *   off likewise.
   */
  readonly password?: 'refused' | 'account' | 'blocked';
  /**
   * What a failed TOTP (or passkey) step with this code says of the factor's secret; absent: uncertain (Okta may
   * have counted the code): `refused` (a stale seed, a refused passkey: never again with this secret version),
   * `blocked` (the factor or the account stopped: an admin's reset resumes the journey).
   */
  readonly totp?: 'refused' | 'blocked';
  /**
   * A refusal at the password or the username that the user's status, read after it, may tell as what it is (a
   * hidden lockout, a user not active: sign-in/lockout.ts `judgeRefusal`).
   */
  readonly toldByStatus?: true;
  /**
   * Okta's word on the password or the account it opens, whenever in the flow it comes: a failure past the MFA step
   * counts against the password only with it.
   */
  readonly aboutThePassword?: true;
  /**
   * Okta answered before it judged any secret, and the answer ends by itself: no attempt was counted against the
   * user's lockout, so the journey tries again at its next due run, never held for good.
   */
  readonly secretUnjudged?: true;
  /**
   * The OAuth `error` this code shares with others one HTTP answer cannot tell apart (each with its own remedy): the
   * System Log event of the request decides among them (system-log/reasons.ts).
   */
  readonly sharedAnswer?: 'server_error' | 'access_denied' | 'invalid_scope' | 'consent_required';
  /**
   * The HTTP classification's catch-all (an error it does not recognise, a generic invalid_request, a 5xx): the
   * System Log event of the request may name any more specific code in its place.
   */
  readonly generic?: true;
  /**
   * A finding of the org's hosted sign-in page, which no API sees (the "browser" journey's): beside an API journey of
   * the same app that passed, the page is broken while Okta's APIs answer. `oktaAsset`: whose it is when the asset
   * that failed is Okta's own (the Sign-In Widget from Okta's CDN), not the org's page.
   */
  readonly hostedPage?: { readonly oktaAsset?: FaultOwner };
  /** Okta's own word that its service is failing (an incident on its feed): a page failing meanwhile is Okta's. */
  readonly oktaSays?: true;
  /**
   * An IDX answer the idx flow tells with this code when it carries a form but no error (a 2xx): on the hosted page it
   * is a form a person would answer and the walk does not, named as SIGN_IN_PAGE_FORM_BLOCKED.
   */
  readonly formNotAnswered?: true;
  /**
   * The code an answer with this code is told with when it carries no X-Okta-Request-Id: Okta's router sends one on
   * every answer of the org, so an answer without it did not come from Okta (a proxy, a captive portal, our network)
   * and is never told, nor paged, as Okta's.
   */
  readonly withoutRequestId?: DiagnosisCode;
  /**
   * The one code an app's failure becomes once Okta's System Log shows Okta refused the app's own token request (its
   * back channel: a grant event of the app's client with outcome FAILURE), whatever the app then showed: its page
   * speaks of its service or of nothing, the log of its credentials.
   */
  readonly backChannelRefused?: true;
}
