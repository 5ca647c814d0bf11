// A simulated event served in the size and shape of Okta's own: every field of a LogEvent (okta/okta-sdk-nodejs
// api-docs/LogEvent.md, from Okta's management OpenAPI: actor, authenticationContext, client, debugContext,
// displayMessage, eventType, legacyEventType, outcome, published, request, securityContext, severity, target,
// transaction, uuid, version; and `device`, LogDevice, which the System Log reference shows on Identity Engine
// sign-ins),
// filled as real events fill them (test/data/okta-system-log-events.json: elastic/integrations' anonymized org events):
// a browser's full user agent, the geography of the client and of each hop of request.ipChain, the network's AS and
// ISP, the session ids, and debugData's dtHash, risk and behaviors. A sign-in event comes out at 2.2-2.7 KB of JSON
// (median 2.4 KB), as Okta's are 1.7 KB and up; the simulator's own fields alone were 600 bytes, which let a page of
// 1,000 fit under the 1 MB a real org's page does not. Deterministic from the uuid: the same event, the same bytes.
import { seeded } from './seeded';
import type { SimLogEvent } from './system-log';

/** Real browsers' user agents as Okta records them (client.userAgent: rawUserAgent, os, browser). */
const AGENTS = [
  {
    rawUserAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 ' +
      'Safari/537.36 Edg/130.0.2849.68',
    os: 'Windows 10',
    browser: 'EDGE_CHROMIUM',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 ' +
      'Safari/605.1.15',
    os: 'Mac OS X',
    browser: 'SAFARI',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 ' +
      'Safari/537.36',
    os: 'Windows 10',
    browser: 'CHROME',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
      'Mobile/15E148 OktaVerify/9.27.1',
    os: 'iOS',
    browser: 'UNKNOWN',
  },
] as const;

/** Where people sign in from (client.geographicalContext), documentation's address ranges only. */
const PLACES = [
  { city: 'Dublin', state: 'California', country: 'United States', postalCode: '94568', lat: 37.7201, lon: -121.919 },
  { city: 'Austin', state: 'Texas', country: 'United States', postalCode: '78701', lat: 30.2711, lon: -97.7437 },
  { city: 'London', state: 'England', country: 'United Kingdom', postalCode: 'EC1A', lat: 51.5164, lon: -0.093 },
  { city: 'Toronto', state: 'Ontario', country: 'Canada', postalCode: 'M5H', lat: 43.6532, lon: -79.3832 },
] as const;

/** The network (securityContext: asNumber, asOrg, isp, domain, isProxy). */
const NETWORKS = [
  { asNumber: 7922, asOrg: 'comcast', isp: 'comcast cable communications llc', domain: 'comcast.net' },
  { asNumber: 701, asOrg: 'verizon business', isp: 'verizon', domain: 'verizon.net' },
  { asNumber: 2856, asOrg: 'british telecommunications plc', isp: 'bt', domain: 'bt.com' },
] as const;

/** legacyEventType of the event types the simulator writes (null where Okta has none). */
const LEGACY: Readonly<Record<string, string>> = {
  'user.session.start': 'core.user_auth.login_success',
  'user.authentication.sso': 'app.auth.sso',
  'user.authentication.auth_via_mfa': 'core.user.factor.attempt_success',
  'user.authentication.auth_via_IDP': 'core.user_auth.idp.sso',
  'app.oauth2.as.token.grant': 'app.oauth2.as.token.grant',
  'app.oauth2.token.grant': 'app.oauth2.token.grant',
};

const seedOf = (uuid: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < uuid.length; i += 1) h = Math.imul(h ^ uuid.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length) % list.length] as T;
const hex = (rng: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');
const idOf = (rng: () => number, n: number): string =>
  Array.from(
    { length: n },
    () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789'[Math.floor(rng() * 58)],
  ).join('');

/** A person's device (LogEvent.device, LogDevice), as Identity Engine records it; none for an app's event. */
function deviceOf(rng: () => number, agent: (typeof AGENTS)[number], city: string): Record<string, unknown> {
  const ios = agent.os === 'iOS';
  return {
    id: `guo${idOf(rng, 17)}`,
    name: ios ? 'iPhone' : `${city} laptop`,
    os_platform: ios ? 'IOS' : agent.os === 'Mac OS X' ? 'OSX' : 'WINDOWS',
    os_version: ios ? '18.1.0' : '10.0.22631',
    managed: false,
    registered: true,
    device_integrator: null,
    disk_encryption_type: 'ALL_INTERNAL_VOLUMES',
    screen_lock_type: 'BIOMETRIC',
    jailbreak: null,
    secure_hardware_present: true,
  };
}

/** debugContext.debugData: the simulator's own keys over what every sign-in carries. */
function debugDataOf(rng: () => number, event: Omit<SimLogEvent, 'persistedAt'>): Record<string, string> {
  return {
    requestId: event.debugContext.debugData.requestId ?? event.transaction.id,
    requestUri: '/idp/idx/identify',
    url: '/idp/idx/identify?',
    dtHash: hex(rng, 64),
    risk: '{reasons=Anomalous Location, level=LOW}',
    behaviors:
      '{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE, New State=NEGATIVE, New ' +
      'Country=NEGATIVE, Velocity=NEGATIVE, New City=NEGATIVE}',
    threatSuspected: 'false',
    ...event.debugContext.debugData,
  };
}

/** The event as Okta would serve it: the simulator's fields kept as they are, every other field of Okta's filled. */
export function oktaShaped(event: Omit<SimLogEvent, 'persistedAt'>): Record<string, unknown> {
  const rng = seeded(seedOf(event.uuid));
  const agent = pick(AGENTS, rng());
  const place = pick(PLACES, rng());
  const network = pick(NETWORKS, rng());
  const { lat, lon, ...where } = place;
  const geographicalContext = { ...where, geolocation: { lat, lon } };
  const ip = event.client.ipAddress;
  const session = `idx${idOf(rng, 22)}`;
  const user = event.actor.type === 'User';
  const hop = { ip, geographicalContext, version: 'V4', source: null };
  return {
    actor: { ...event.actor, detailEntry: null },
    client: {
      userAgent: agent,
      zone: 'null',
      device: agent.os === 'iOS' ? 'Mobile' : 'Computer',
      id: user ? null : event.actor.id,
      ipAddress: ip,
      geographicalContext,
    },
    device: user ? deviceOf(rng, agent, place.city) : null,
    authenticationContext: {
      authenticationProvider: event.eventType === 'user.authentication.auth_via_mfa' ? 'FACTOR_PROVIDER' : null,
      ...{ credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0 },
      rootSessionId: session,
      externalSessionId: session,
    },
    displayMessage: event.displayMessage,
    eventType: event.eventType,
    outcome: event.outcome,
    published: event.published,
    securityContext: { ...network, isProxy: false },
    severity: event.severity,
    debugContext: { debugData: debugDataOf(rng, event) },
    legacyEventType: LEGACY[event.eventType] ?? null,
    transaction: event.transaction,
    uuid: event.uuid,
    version: '0',
    // A corporate proxy's hop in half of them, as many orgs' events carry.
    request: { ipChain: rng() < 0.5 ? [hop, { ...hop, ip: '192.0.2.10' }] : [hop] },
    target: (event.target ?? []).map((t) => ({ ...t, detailEntry: t.detailEntry ?? null })),
  };
}
