// The events Okta writes when its part of a sign-in to an app succeeds, and the SAML app's key rotation: its sign-on
// policy's verdict on the request (policy.evaluate_sign_on, outcome ALLOW: "ALLOW (user is authenticated to access the
// resource)", data/event-types.json; an outcome beside SUCCESS that a reader must take as a success), the code
// its /authorize issued (app.oauth2.as.authorize.code), the ID token its /token granted
// (app.oauth2.as.token.grant.id_token) and the single sign-on to a SAML app (user.authentication.sso), each with the
// X-Okta-Request-Id of the request that caused it as its transaction.id and debugData.requestId ("transaction.id:
// Identifies events that have occurred together as part of an operation (for example, a request to the Okta
// servers)": okta-developer-docs reference/system-log-query, "Correlating events"); and app.keys.rotate ("Application
// signing key rotated.": okta-developer-docs data/event-types.json) for the app whose key Okta rotated. Event types as
// data/event-types.json names them. Built by the log's own builder (system-log.ts `event`) and served in Okta's size
// (log-event-shape.ts).
import type { SimFaults } from './faults';
import { event, SIM_ADMIN, type SimLogEvent } from './system-log';

/** Who and what one of these events is about: the request that caused it, the app's client and the user. */
interface Caused {
  readonly requestId: string;
  readonly now: number;
  /** The OIDC app's client id (Okta's app instance id), or the SAML app's. */
  readonly appId: string;
  readonly appName: string;
  readonly user: { readonly id: string; readonly login: string };
  /** The path of the request, as debugData.requestUri. */
  readonly path: string;
}

const userActor = (user: Caused['user']): SimLogEvent['actor'] => ({
  id: user.id,
  type: 'User',
  alternateId: user.login,
  displayName: user.login,
});

const appTarget = (c: Pick<Caused, 'appId' | 'appName'>): NonNullable<SimLogEvent['target']>[number] => ({
  id: c.appId,
  type: 'AppInstance',
  alternateId: c.appName,
  displayName: c.appName,
  detailEntry: null,
});

function succeeded(
  c: Caused,
  eventType: string,
  displayMessage: string,
  extra: Record<string, string>,
  result: 'SUCCESS' | 'ALLOW' = 'SUCCESS',
): SimLogEvent {
  return event({
    published: new Date(c.now).toISOString(),
    eventType,
    displayMessage,
    actor: userActor(c.user),
    outcome: { result, reason: null },
    target: [appTarget(c)],
    transaction: { type: 'WEB', id: c.requestId, detail: {} },
    debugContext: { debugData: { requestId: c.requestId, requestUri: c.path, ...extra } },
  });
}

/** The app's sign-on policy let the signed-in user through to the app, on the request that handed off. */
export const signOnAllowedEvent = (c: Caused): SimLogEvent =>
  succeeded(c, 'policy.evaluate_sign_on', 'Evaluation of sign-on policy', {}, 'ALLOW');

/** /authorize redirected to the app with a code. */
export const authorizeCodeEvent = (c: Caused): SimLogEvent =>
  succeeded(c, 'app.oauth2.as.authorize.code', 'OAuth2 authorization code request', { responseType: 'code' });

/** /token granted an ID token for a code (the app's own back-channel request). */
export const idTokenGrantEvent = (c: Caused): SimLogEvent =>
  succeeded(c, 'app.oauth2.as.token.grant.id_token', 'OAuth2 id token is granted', {
    grantType: 'authorization_code',
  });

/** The SAML app's SSO URL answered the signed-in user its assertion. */
export const ssoEvent = (c: Caused): SimLogEvent =>
  succeeded(c, 'user.authentication.sso', 'User single sign on to app', {});

/** How long before the look-up Okta rotated the SAML app's signing key under app-stale-certificate, ms. */
const SP_ROTATED_MS_AGO = 2 * 24 * 3_600_000;

/**
 * The SAML app's key rotation, in a scenario where the app still pins the certificate Okta rotated away from: an admin
 * rotated it two days before `now` (the same instant whoever asks, so its uuid names one event).
 */
export function keyRotationEvents(
  faults: SimFaults,
  now: number,
  app: Pick<Caused, 'appId' | 'appName'>,
): SimLogEvent[] {
  if (faults.app !== 'stale-certificate') return [];
  const at = Math.floor((now - SP_ROTATED_MS_AGO) / 60_000) * 60_000;
  return [
    event({
      uuid: `51a1ke75-0000-11f0-9a00-${(at / 1000).toString(16).padStart(12, '0')}`,
      published: new Date(at).toISOString(),
      eventType: 'app.keys.rotate',
      displayMessage: 'Application signing key rotated',
      actor: { id: '00u1simadmin00000x7', type: 'User', alternateId: SIM_ADMIN, displayName: SIM_ADMIN },
      outcome: { result: 'SUCCESS', reason: null },
      target: [appTarget(app)],
      transaction: { type: 'WEB', id: 'reqSimKeyRotate000001', detail: {} },
      debugContext: { debugData: { requestId: 'reqSimKeyRotate000001' } },
    }),
  ];
}
