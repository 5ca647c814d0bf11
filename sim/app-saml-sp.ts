// The simulated org's SAML service provider (a journey's "app"): a wiki on loopback whose SAML app in the simulated org
// posts it the user's assertion. Okta's side is the app's SSO URL on the org (its App Embed Link), answering a
// signed-in user Okta's auto-posting form to the SP's ACS URL, as sim/saml/idp.ts answers for the org's other SAML
// app. The SP validates the assertion as its admin configured it: the certificate it pins, its entity ID (the
// Audience), its ACS URL (the Recipient), its own clock against Conditions' NotBefore and NotOnOrAfter, and an account
// for the NameID (no just-in-time provisioning). A scenario's `app` fault changes the SP, never Okta: Okta keeps
// signing with its active certificate, stamping its own time and naming the user as before.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer } from './answer';
import { signOnAllowedEvent, ssoEvent } from './app-log-events';
import { closeServer, cookiesOf, redirectTo, reply, type RunningApp } from './app-oidc';
import type { AppFault } from './faults';
import { notAssigned, sessionUser, toSignIn } from './saml/catalogue';
import { selfSignedCertificate } from './saml/certificate';
import { withEncryptedAssertion } from './saml/encrypt';
import { postedResponse, samlResponseXml } from './saml/messages';
import type { SimRequest, SimState, SpEndpoint } from './state';

/** The SP's settings in Okta and its own, as healthy. */
export const SIM_SP_APP = {
  name: 'Wiki',
  appName: 'oktasim_wiki',
  externalKey: 'exk1sim5p4pp0id1x7',
  /** Its entity ID: the Audience its admin set in both places. */
  audience: 'https://wiki.sim.example/saml',
  nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  cookie: 'wiki_session',
  home: '/wiki',
  /** How far ahead the SP's clock runs under app-clock-skew, seconds. */
  skewSeconds: 600,
} as const;

let spEncryption: string | undefined;

/**
 * The encryption certificate the SP once uploaded to its app in Okta (SAML Settings > Encryption Certificate), made
 * once per process: under app-encrypted-assertion Okta encrypts to it, and the SP, which rotated its own key since,
 * cannot decrypt.
 */
function spEncryptionCertificate(now: number): string {
  spEncryption ??= selfSignedCertificate({
    privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    commonName: 'wiki.sim.example',
    notBefore: now - 86_400_000,
    notAfter: now + 365 * 86_400_000,
  });
  return spEncryption;
}

/** The app's SSO URL on the org (its App Embed Link): what a journey's app.loginUrl names. */
export const spSsoPath = (): string => `/app/${SIM_SP_APP.appName}/${SIM_SP_APP.externalKey}/sso/saml`;

const pemBody = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/**
 * Okta's side of the app: a signed-in user gets the auto-posting form with a signed assertion for the SP, Okta's
 * active key and its certificate, Okta's time; no session, the sign-in page.
 */
export function spAppSso(state: SimState, request: SimRequest, sp: SpEndpoint): Answer {
  const user = sessionUser(state, request);
  if (user === undefined) return toSignIn(state, request);
  // The user not assigned the app: Okta's own 403 page on the link (Classic), never a post to the SP.
  if (sp.acsUrl === undefined || state.faults().app === 'not-assigned') return notAssigned(SIM_SP_APP.name);
  const xml = samlResponseXml({
    issuer: `http://www.okta.com/${SIM_SP_APP.externalKey}`,
    destination: sp.acsUrl,
    recipient: sp.acsUrl,
    audience: SIM_SP_APP.audience,
    nameId: user.email,
    nameIdFormat: SIM_SP_APP.nameIdFormat,
    attributes: { email: [user.email] },
    now: request.now,
    key: state.saml.key,
    certificate: state.saml.certificate,
    // Assertion Encryption on: the signed Assertion encrypted to the SP's certificate, the Response signed over it.
    ...(state.faults().app === 'encrypted-assertion' && {
      edit: { response: (xml: string) => withEncryptedAssertion(xml, spEncryptionCertificate(request.now)) },
    }),
  });
  // Okta logs the single sign-on under this request's id: what a journey's app-sign-in reads to prove Okta's part.
  const caused = {
    requestId: request.requestId,
    now: request.now,
    appId: SIM_SP_APP.externalKey,
    appName: SIM_SP_APP.name,
    user: { id: user.id, login: user.username },
    path: request.url.pathname,
  };
  state.systemLog.record([signOnAllowedEvent(caused), ssoEvent(caused)]);
  return postedResponse(sp.acsUrl, xml);
}

/** What the SP is given: the certificates it may pin, the people it knows, the scenario's fault. */
interface SamlSpDeps {
  /** Okta's active signing certificate (PEM), which the healthy SP pins. */
  readonly active: () => string;
  /** A certificate Okta no longer signs with (PEM): what the SP pins under app-stale-certificate. */
  readonly retired: () => string;
  readonly knows: (email: string) => boolean;
  readonly fault: () => AppFault | undefined;
  /** Its admin's settings: the simulator's own Wiki's (SIM_SP_APP) when absent. */
  readonly settings?: SpSettings;
}

/**
 * What an SP's admin configured, when it is not the simulator's own Wiki: a config's SAML app (signIn[].app) played
 * for `sim --config` (sim/app-tenant.ts), with the success its config looks for.
 */
export interface SpSettings {
  readonly name: string;
  readonly cookie: string;
  readonly home: string;
  /** What its home page says once signed in, and the status it answers with (200 when absent). */
  readonly text?: string;
  readonly status?: number;
  /** Its entity ID, the Audience it accepts: its own metadata URL (`<its origin>/saml/metadata`) when absent. */
  readonly audience?: string;
  /** The Recipient it accepts: its ACS URL when absent. */
  readonly recipient?: string;
  /** The attributes it reads to find its user. */
  readonly attributes: readonly string[];
}

/** The running SP: its settings, its ACS URL and its sessions. */
interface SamlSp {
  readonly deps: SamlSpDeps;
  readonly url: string;
  readonly sessions: Map<string, string>;
  /** The Audience and Recipient it accepts. */
  readonly audience: string;
  readonly recipient: string;
}

/** An SP's settings: its own or the simulator's Wiki's. */
const spSettingsOf = (deps: SamlSpDeps): SpSettings => deps.settings ?? { ...SIM_SP_APP, attributes: [] };

/** Starts the SP on 127.0.0.1, any free port; `endpoint` learns its ACS URL. */
export async function startSamlSp(deps: SamlSpDeps, endpoint: SpEndpoint, host = '127.0.0.1'): Promise<RunningApp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  const audience = deps.settings === undefined ? SIM_SP_APP.audience : (deps.settings.audience ?? spEntityId(url));
  const recipient = deps.settings?.recipient ?? `${url}/acs`;
  const sp: SamlSp = { deps, url, sessions: new Map(), audience, recipient };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void answer(sp, req, res).catch(() => reply(res, 500, 'Internal Server Error'));
  });
  endpoint.acsUrl = `${url}/acs`;
  return { url, close: () => closeServer(server) };
}

/** An SP's entity ID when its admin named none: its metadata URL, as SPs commonly publish it. */
export const spEntityId = (origin: string): string => `${origin}/saml/metadata`;

async function answer(sp: SamlSp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = new URL(req.url ?? '/', sp.url);
  const fault = sp.deps.fault();
  const { name, home, cookie, text, status } = spSettingsOf(sp.deps);
  if (fault === 'down') return reply(res, 503, `Service Unavailable: ${name} is down for maintenance.`);
  // A server whose clock is off says so on every answer: its Date header is written on that clock (RFC 9110 §6.6.1).
  if (fault === 'clock-skew') res.setHeader('date', new Date(Date.now() + SIM_SP_APP.skewSeconds * 1000).toUTCString());
  const cookies = cookiesOf(req);
  if (at.pathname === '/acs' && req.method === 'POST') {
    const form = new URLSearchParams(await body(req));
    const xml = Buffer.from(form.get('SAMLResponse') ?? '', 'base64').toString('utf8');
    // Its key rotated since it gave Okta its encryption certificate: nothing it holds opens the assertion.
    if (xml.includes('EncryptedAssertion'))
      return reply(res, 403, "403 Forbidden: the encrypted assertion could not be decrypted with this app's key.");
    const judged = judgeAssertion(sp.deps, xml, fault, sp);
    if (typeof judged === 'string') return reply(res, 403, `403 Forbidden: ${judged}`);
    const session = randomBytes(24).toString('base64url');
    sp.sessions.set(session, judged.user);
    return redirectTo(res, `${sp.url}${home}`, [`${cookie}=${session}; Path=/; HttpOnly`]);
  }
  if (at.pathname === home) {
    const who = sp.sessions.get(cookies[cookie] ?? '');
    return who === undefined
      ? reply(res, 401, 'Unauthorized: sign in through Okta first.')
      : reply(res, status ?? 200, `${name} home for ${who}.${text === undefined ? '' : ` ${text}.`} Sign out`);
  }
  if (at.pathname === '/logout') {
    sp.sessions.delete(cookies[cookie] ?? '');
    return reply(res, 200, `Signed out of ${name}.`, [`${cookie}=; Path=/; Max-Age=0`]);
  }
  return reply(res, 404, 'Not Found');
}

/** The assertion as this SP's admin configured it: the user it signs in, or why it refuses. */
function judgeAssertion(
  deps: SamlSpDeps,
  xml: string,
  fault: AppFault | undefined,
  sp: Pick<SamlSp, 'audience' | 'recipient'>,
): { user: string } | string {
  const value = (pattern: RegExp): string | undefined => pattern.exec(xml)?.[1];
  // The SP pins one certificate: an assertion whose signature carries another is not one it trusts.
  const pinned = pemBody(fault === 'stale-certificate' ? deps.retired() : deps.active());
  const signedWith = value(/<(?:\w+:)?X509Certificate>([^<]+)</)?.replace(/\s+/g, '');
  // Refused in the words of node-saml (src/saml.ts), as an SP built on passport-saml shows its error.
  if (signedWith !== pinned) return 'Invalid signature';
  const audience = value(/<(?:\w+:)?Audience>([^<]+)</);
  if (audience !== sp.audience)
    return `SAML assertion audience mismatch. Expected: ${sp.audience} Received: ${audience ?? ''}`;
  const recipient = value(/\bRecipient="([^"]+)"/);
  if (recipient !== sp.recipient) return `the assertion's Recipient ${recipient ?? '(none)'} is not ${sp.recipient}.`;
  const now = Date.now() + (fault === 'clock-skew' ? SIM_SP_APP.skewSeconds * 1000 : 0);
  const notBefore = Date.parse(value(/<(?:\w+:)?Conditions\b[^>]*\bNotBefore="([^"]+)"/) ?? '');
  const notOnOrAfter = Date.parse(value(/<(?:\w+:)?Conditions\b[^>]*\bNotOnOrAfter="([^"]+)"/) ?? '');
  if (now < notBefore) return 'SAML assertion not yet valid';
  if (!(now < notOnOrAfter)) return 'SAML assertion expired: clocks skewed too much';
  const settings = spSettingsOf(deps);
  const named = new Set([...xml.matchAll(/<(?:\w+:)?Attribute\b[^>]*?\bName="([^"]+)"/g)].map((m) => m[1]));
  const lacking = settings.attributes.filter((attribute) => !named.has(attribute));
  if (lacking.length > 0) return `the assertion lacks the attribute ${lacking.join(', ')} this app reads.`;
  const user = value(/<(?:\w+:)?NameID\b[^>]*>([^<]+)</) ?? '';
  if (fault === 'unknown-user' || !deps.knows(user)) return `unknown user ${user}: no account in ${settings.name}.`;
  return { user };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 512 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
