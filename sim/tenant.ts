// Someone's own org played by the simulator (`sim --config`): the authorization servers their config names (the Org
// AS and each custom id, with its audience and scopes), an app per client id holding the simulator's credentials, a
// user per journey login, and their SAML apps. Okta's answers stay the simulator's: only the org's settings change.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { INVENTORY_SCOPES } from '../functions/contract';
import type { AuthServer } from './auth-server';
import { MFA_OTP_GRANT, OIDC_SCOPES, type RegisteredClient } from './clients';
import { alnum, oktaId } from './ids';
import { KeyRing, tenantKeyIndices } from './keys';
import { createUser, type SimUser } from './users';
import type { SignInFaults } from './faults';

/** One of the config's servers: its id ("org" or a custom AS id) and what its checks ask of Okta. */
export interface TenantServerSpec {
  readonly id: string;
  readonly clientId: string;
  readonly auth: 'private_key_jwt' | 'client_secret_basic';
  /** Custom AS: the `aud` of its access tokens. */
  readonly audience?: string;
  /** Every scope asked of the server: client credentials, /authorize and the journeys through it. */
  readonly scopes: readonly string[];
  /** Access-token claims the config requires beyond Okta's own (custom AS: an admin's custom claims). */
  readonly claims: readonly string[];
  readonly authorize?: { readonly clientId: string; readonly redirectUri: string };
}

/**
 * The second factor a journey's config says its user answers: a TOTP code (the seed the config names, of the
 * authenticator it names), or a passkey. Absent: the password alone.
 */
export type TenantFactor =
  | { readonly kind: 'totp'; readonly authenticator?: 'google-authenticator' | 'okta-verify' }
  | { readonly kind: 'passkey' };

/** One journey: its app (its flow's grants) and its user. */
interface TenantJourneySpec {
  readonly flow: 'authn' | 'direct' | 'idx' | 'browser';
  readonly clientId: string;
  readonly redirectUri?: string;
  readonly username: string;
  readonly confidential: boolean;
  readonly factor?: TenantFactor;
}

/** One SAML app, as the SP expects its assertion; served on the paths its ssoUrl and metadataUrl name. */
export interface TenantSamlAppSpec {
  readonly label: string;
  readonly externalKey: string;
  readonly ssoPath: string;
  readonly metadataPath: string;
  /** The journey's login: the only user assigned to the app. */
  readonly username: string;
  readonly audience: string;
  readonly recipient: string;
  readonly destination?: string;
  readonly acsUrl?: string;
  readonly nameIdFormat: string;
  readonly attributes: readonly string[];
}

/**
 * A journey's app behind Okta (signIn[].app), played by a simulated app on loopback (sim/app-tenant.ts): an OIDC app
 * signing in through the journey's server as the journey's client, or a SAML SP behind Okta's app link on the org.
 */
export interface TenantAppSpec {
  /** The journey's index in signIn[]: what the rewritten config's block is found by. */
  readonly journey: number;
  readonly name: string;
  /** What the config says success looks like: the app answers so. */
  readonly success: {
    readonly path?: string;
    readonly status?: number;
    readonly text?: string;
    readonly cookie?: string;
  };
  /** The claims (OIDC) or attributes (SAML) the app reads: the ones the simulator can give. */
  readonly claims: readonly string[];
  readonly username: string;
  readonly kind:
    | { readonly protocol: 'oidc'; readonly server: string; readonly clientId: string }
    | {
        readonly protocol: 'saml';
        /** Okta's app link's path (its SSO URL) and the app's external key. */
        readonly ssoPath: string;
        readonly externalKey: string;
        /** The samlApps[] entry whose SSO URL the link is: that app's settings are the SP's. */
        readonly samlApp?: number;
      };
}

/** A journey's app as served: where the rewritten config points its app block. */
export interface TenantAppServed {
  readonly journey: number;
  readonly protocol: 'oidc' | 'saml';
  /** The app's own origin. */
  readonly url: string;
  /** The OIDC app's login URL, or the SAML app's link on the org. */
  readonly loginUrl: string;
  readonly logoutUrl: string;
}

export interface TenantSpec {
  readonly servers: readonly TenantServerSpec[];
  readonly journeys: readonly TenantJourneySpec[];
  readonly samlApps: readonly TenantSamlAppSpec[];
  /** The journeys' apps behind Okta. @default none */
  readonly apps?: readonly TenantAppSpec[];
  /** The credentials an earlier simulator of the same config made, played again: a run holding them still passes. */
  readonly kept?: TenantCredentials;
}

/**
 * The credentials a tenant's runs hold: the key of its private_key_jwt apps, the client secrets, the journeys'
 * users' passwords and TOTP seeds. `sim --config` keeps them across restarts (functions/cli/sim-config-file.ts).
 */
export interface TenantCredentials {
  /** The private_key_jwt apps' key pair: PKCS#8 PEM and its kid. */
  readonly clientKey: { readonly pem: string; readonly kid: string };
  /** By client id. */
  readonly clientSecrets: Readonly<Record<string, string>>;
  /** By username. */
  readonly users: Readonly<Record<string, { readonly password: string; readonly totpSecret: string }>>;
}

/** What the simulator made for the tenant: the secrets the rewritten config points at. */
export interface TenantServed {
  /** The client secret of each app that authenticates with one, by client id. */
  readonly clientSecrets: ReadonlyMap<string, string>;
  /** The user of each journey login. */
  readonly users: ReadonlyMap<string, SimUser>;
  readonly samlApps: readonly TenantSamlAppSpec[];
  /** The journeys' apps behind Okta, each on a loopback port of its own. */
  readonly apps: readonly TenantAppServed[];
  /**
   * The sign-on policy each journey's user meets, by user id: MFA with the TOTP authenticator its config names, or
   * the passkey promotion for one that signs in with a passkey. Okta's policies are per app and group; one user per
   * journey makes them per user here.
   */
  readonly policies: ReadonlyMap<string, SignInFaults>;
  /** The users that hold no passkey yet: a passkey journey's, which `passkey enroll` enrolls as in the org. */
  readonly withoutPasskey: ReadonlySet<string>;
  /** Every credential above with the apps' key, as `sim --config` keeps them for its next start. */
  readonly credentials: TenantCredentials;
}

/** The tenant's part of the simulator's state. */
export interface TenantState {
  readonly served: TenantServed;
  readonly clients: ReadonlyMap<string, RegisteredClient>;
  readonly customServers: readonly AuthServer[];
}

/**
 * The Okta API scopes a service app needs for the checks the probe runs on the Org AS: granted as an admin grants
 * them (Admin Console > Applications > the app > Okta API Scopes).
 */
const ORG_CHECK_SCOPES = ['okta.users.read', 'okta.apps.read', 'okta.logs.read', ...Object.values(INVENTORY_SCOPES)];

/**
 * What the journeys' apps started beside the simulator bring to the org (sim/app-tenant.ts): each OIDC app's callback
 * on its client, and the SAML apps in place of the spec's (those whose link is an app's, with its ACS).
 */
export interface TenantAppsStarted {
  readonly served: readonly TenantAppServed[];
  readonly callbacks: readonly { readonly clientId: string; readonly redirectUri: string }[];
  readonly samlApps: readonly TenantSamlAppSpec[];
}

/**
 * Builds the tenant's apps, users and custom servers; `made` is the key pair every private_key_jwt app holds, unless
 * the spec keeps one; `apps`, the journeys' apps already started.
 */
export async function buildTenant(
  spec: TenantSpec,
  baseUrl: string,
  made: { readonly kid: string; readonly privateKey: KeyObject },
  apps?: TenantAppsStarted,
): Promise<TenantState> {
  const kept = spec.kept;
  const privateKey = kept === undefined ? made.privateKey : createPrivateKey(kept.clientKey.pem);
  const orgKey = { kid: kept?.clientKey.kid ?? made.kid, publicKey: createPublicKey(privateKey) };
  const clients = new Map<string, RegisteredClient>();
  const clientSecrets = new Map<string, string>();
  const secretOf = (clientId: string): string => {
    // Okta's generated client secrets: 40 printable characters (sim/clients.ts).
    const secret = clientSecrets.get(clientId) ?? kept?.clientSecrets[clientId] ?? alnum(40);
    clientSecrets.set(clientId, secret);
    return secret;
  };
  // A journey's app is a public client (sign-in with PKCE, no secret): a server's `authorize` naming the same app, the
  // usual single SPA, asks /authorize of that public app, never of a confidential twin holding a secret.
  const publicApps = new Set(spec.journeys.filter((journey) => !journey.confidential).map((j) => j.clientId));
  for (const server of spec.servers) registerServer(clients, server, orgKey, secretOf, publicApps);
  for (const journey of spec.journeys) registerJourney(clients, journey, secretOf);
  // An app's callback, registered on the journey's app: the app signs in as that client (a public one, with PKCE).
  for (const { clientId, redirectUri } of apps?.callbacks ?? [])
    merge(clients, clientId, { redirectUris: [redirectUri] });
  const users = new Map<string, SimUser>();
  for (const { username } of spec.journeys)
    if (!users.has(username)) users.set(username, { ...createUser(username), ...kept?.users[username] });
  const { policies, withoutPasskey } = journeyPolicies(spec.journeys, users);
  const customServers = await customServersOf(spec.servers, baseUrl);
  const credentials: TenantCredentials = {
    clientKey: { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), kid: orgKey.kid },
    clientSecrets: Object.fromEntries(clientSecrets),
    users: Object.fromEntries(
      [...users].map(([name, u]) => [name, { password: u.password, totpSecret: u.totpSecret }]),
    ),
  };
  return {
    served: {
      clientSecrets,
      users,
      samlApps: apps?.samlApps ?? spec.samlApps,
      apps: apps?.served ?? [],
      policies,
      withoutPasskey,
      credentials,
    },
    clients,
    customServers,
  };
}

/** The config's custom servers, each at its id with its audience, scopes and claims, and keys of its own. */
function customServersOf(servers: readonly TenantServerSpec[], baseUrl: string): Promise<AuthServer[]> {
  const customSpecs = servers.filter((server) => server.id !== 'org');
  return Promise.all(
    customSpecs.map(async (server, index): Promise<AuthServer> => {
      const issuer = `${baseUrl}/oauth2/${server.id}`;
      return {
        kind: 'custom',
        id: server.id,
        issuer,
        endpointBase: `${issuer}/v1`,
        keys: await KeyRing.create(tenantKeyIndices(index)),
        audience: server.audience ?? `api://${server.id}`,
        scopes: server.scopes.filter((scope) => !(OIDC_SCOPES as readonly string[]).includes(scope)),
        consentScopes: [],
        claims: server.claims,
      };
    }),
  );
}

/**
 * A TOTP journey's user is asked for MFA, its seed under the authenticator the config names: Okta Verify's (bothTotp:
 * on Classic provider OKTA, on Identity Engine Okta Verify, beside a Google Authenticator of the user's own), or
 * Google Authenticator's (Classic: the GOOGLE factor alone, googleOnly; Identity Engine's seed is Google
 * Authenticator's already). A passkey journey's user meets MFA with Passkeys enrollable through the promotion
 * ("Prompt users to enroll a passkey"), holding no passkey until `passkey enroll` enrolls one: the org's side of the
 * docs/passkey.md steps, played from the start.
 */
function journeyPolicies(
  journeys: readonly TenantJourneySpec[],
  users: ReadonlyMap<string, SimUser>,
): { policies: Map<string, SignInFaults>; withoutPasskey: Set<string> } {
  const policies = new Map<string, SignInFaults>();
  const withoutPasskey = new Set<string>();
  for (const journey of journeys) {
    const user = users.get(journey.username);
    const factor = journey.factor;
    if (user === undefined || factor === undefined || policies.has(user.id)) continue;
    if (factor.kind === 'passkey') {
      policies.set(user.id, { mfaRequired: true, passkeyPromotion: true });
      withoutPasskey.add(user.id);
    } else if (factor.authenticator === 'okta-verify') policies.set(user.id, { mfaRequired: true, bothTotp: true });
    else if (factor.authenticator === 'google-authenticator' && journey.flow === 'authn')
      policies.set(user.id, { mfaRequired: true, googleOnly: true });
    else policies.set(user.id, { mfaRequired: true });
  }
  return { policies, withoutPasskey };
}

/** The sign-in faults `user` meets: the scenario's, under the tenant's policy for the user where it has one. */
export function userSignInFaults(
  tenant: TenantServed | undefined,
  user: SimUser | undefined,
  faults: SignInFaults,
): SignInFaults {
  const policy = user === undefined ? undefined : tenant?.policies.get(user.id);
  return policy === undefined ? faults : { ...faults, ...policy };
}

/** One app registration per client id: what two uses of one app ask of it, together. */
function merge(clients: Map<string, RegisteredClient>, clientId: string, add: Partial<RegisteredClient>): void {
  const old = clients.get(clientId);
  const union = (a: readonly string[] | undefined, b: readonly string[] | undefined): string[] => [
    ...new Set([...(a ?? []), ...(b ?? [])]),
  ];
  const secret = add.secret ?? old?.secret;
  const publicKey = add.publicKey ?? old?.publicKey;
  const userGrants = union(old?.userGrants, add.userGrants);
  clients.set(clientId, {
    clientId,
    ...(secret !== undefined && { secret }),
    ...(publicKey !== undefined && { publicKey }),
    redirectUris: union(old?.redirectUris, add.redirectUris),
    oktaScopes: union(old?.oktaScopes, add.oktaScopes),
    applicationType: old?.applicationType === 'service' ? 'service' : (add.applicationType ?? 'web'),
    requirePkce: (old?.requirePkce ?? false) || (add.requirePkce ?? false),
    ...((add.publicClient ?? old?.publicClient) === true && secret === undefined && { publicClient: true }),
    ...(userGrants.length > 0 && { userGrants }),
  });
}

function registerServer(
  clients: Map<string, RegisteredClient>,
  server: TenantServerSpec,
  orgKey: { readonly kid: string; readonly publicKey: KeyObject },
  secretOf: (clientId: string) => string,
  publicApps: ReadonlySet<string>,
): void {
  merge(clients, server.clientId, {
    ...(server.auth === 'private_key_jwt'
      ? { publicKey: { kid: orgKey.kid, key: orgKey.publicKey } }
      : { secret: secretOf(server.clientId) }),
    oktaScopes: server.id === 'org' ? [...server.scopes, ...ORG_CHECK_SCOPES] : [],
    applicationType: 'service',
  });
  const authorize = server.authorize;
  // The web app /authorize is asked about: a confidential web app, never called with its secret by the probe; or the
  // journey's public app when the config shares it.
  if (authorize !== undefined)
    merge(clients, authorize.clientId, {
      ...(authorize.clientId !== server.clientId &&
        !publicApps.has(authorize.clientId) && { secret: secretOf(authorize.clientId) }),
      redirectUris: [authorize.redirectUri],
    });
}

/** The journey's app, allowed the grants of its flow as sim/clients.ts registers the simulator's own. */
function registerJourney(
  clients: Map<string, RegisteredClient>,
  journey: TenantJourneySpec,
  secretOf: (clientId: string) => string,
): void {
  const grants: Record<TenantJourneySpec['flow'], string[]> = {
    authn: ['authorization_code'],
    direct: ['password', MFA_OTP_GRANT],
    idx: ['authorization_code', 'interaction_code'],
    // The hosted page signs in over the IDX API and lands with an authorization code.
    browser: ['authorization_code', 'interaction_code'],
  };
  merge(clients, journey.clientId, {
    ...(journey.confidential ? { secret: secretOf(journey.clientId) } : { publicClient: true }),
    redirectUris: journey.redirectUri === undefined ? [] : [journey.redirectUri],
    requirePkce: journey.flow !== 'direct',
    userGrants: grants[journey.flow],
  });
}

/** A fresh external key for an app whose ssoUrl does not carry one ("exk" and 17 characters, as Okta's). */
export const newExternalKey = (): string => oktaId('exk');
