// The apps registered in the simulated org: a service app with a key pair (Org AS), a service app with
// a secret (custom AS) and a web app for /authorize. Credentials are generated at start.
import type { KeyObject } from 'node:crypto';
import type { RsaKey } from './keys';
import { DOMAINS_SCOPE, INLINE_HOOKS_SCOPE, INVENTORY_SCOPES, POLICIES_SCOPE } from '../functions/contract';
import { alnum, oktaId } from './ids';
import { createUser, type SimUser } from './users';

export interface SimClientOrg {
  clientId: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  keyId: string;
  scopes: string[];
}
export interface SimClientCustom {
  serverId: string;
  clientId: string;
  clientSecret: string;
  audience: string;
  scopes: string[];
  requiredClaims: string[];
}
export interface SimClientWeb {
  clientId: string;
  redirectUri: string;
}
/**
 * The synthetic users' apps: a browser app signed in to through the Authentication API, a native app through Direct
 * Authentication, and an Identity Engine app signed in to as the Sign-In Widget does, over IDX.
 */
interface SimClientSignIn {
  /** Public web app (PKCE, no secret): Authorization Code. */
  portal: SimClientWeb;
  /** Public native app: Resource Owner Password and MFA OTP. */
  mobile: { clientId: string };
  /** Public SPA: Interaction Code only (and the Authorization Code the widget's redirect would use). */
  workforce: SimClientWeb;
  /** One user per journey: two journeys of one user would send TOTP codes of the same step, which Okta refuses. */
  portalUser: SimUser;
  mobileUser: SimUser;
  workforceUser: SimUser;
  /** The hosted sign-in page's "browser" journey (sim/page-scenarios.ts): the workforce app, a user of its own. */
  pageUser: SimUser;
  /**
   * The org's OIDC web app behind Okta (sim/app-oidc.ts), a confidential app's shape made public with PKCE: its
   * callback is on its own loopback port. Absent when no app runs beside the simulator.
   */
  expenses?: SimClientWeb;
  /** The SAML app journey's user (sim/app-saml-sp.ts): a browser journey of its own, so a user of its own. */
  wikiUser: SimUser;
}
/** The SAML app journey's synthetic user. */
export const WIKI_USERNAME = 'wiki.synthetic@example.com';
/** The "browser" journey's synthetic user. */
export const PAGE_USERNAME = 'page.synthetic@example.com';

export interface SimClients {
  org: SimClientOrg;
  custom: SimClientCustom;
  web: SimClientWeb;
  signIn: SimClientSignIn;
}

/** An app as the authorization server sees it. */
export interface RegisteredClient {
  readonly clientId: string;
  readonly secret?: string;
  /** The public key registered for private_key_jwt, with its kid. */
  readonly publicKey?: { readonly kid: string; readonly key: KeyObject };
  readonly redirectUris: readonly string[];
  /** Okta API scopes granted to the app (Admin Console > app > Okta API Scopes). */
  readonly oktaScopes: readonly string[];
  /** API Services apps are "service"; only they get client credentials from the Org AS. */
  readonly applicationType: 'service' | 'web';
  /** "Require PKCE as additional verification": /authorize refuses a request without code_challenge. */
  readonly requirePkce: boolean;
  /** A public client (token_endpoint_auth_method none): it names itself with client_id and holds no secret. */
  readonly publicClient?: boolean;
  /** The user grants the app allows at /token besides client_credentials. */
  readonly userGrants?: readonly string[];
}

/** The custom AS of the simulated org. */
export const DEFAULT_SERVER = {
  id: 'default',
  audience: 'api://default',
  /** Scopes defined on the server besides the OIDC ones. */
  scopes: ['probe.read', 'probe.write', 'probe.consent'],
  /** Scopes with "Require user consent": never granted to client credentials. */
  consentScopes: ['probe.consent'],
} as const;

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups'] as const;

/** Okta's Direct Authentication MFA OTP grant type. */
export const MFA_OTP_GRANT = 'http://auth0.com/oauth/grant-type/mfa-otp';

interface ClientSetup {
  readonly clients: SimClients;
  readonly registry: ReadonlyMap<string, RegisteredClient>;
}

/** The org's apps; `orgClientKey` is the key pair of the Org-AS service app. */
export async function createClients(
  baseUrl: string,
  orgClientKey: Promise<RsaKey>,
  customClientSecret?: string,
  expenses?: SimClientWeb,
): Promise<ClientSetup> {
  const key = await orgClientKey;
  const org: SimClientOrg = {
    clientId: oktaId('0oa'),
    privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: key.kid,
    scopes: ['okta.users.read'],
  };
  const custom: SimClientCustom = {
    serverId: DEFAULT_SERVER.id,
    clientId: oktaId('0oa'),
    clientSecret: customClientSecret ?? alnum(40),
    audience: DEFAULT_SERVER.audience,
    scopes: ['probe.read'],
    requiredClaims: ['sub', 'cid'],
  };
  // Never called by anything: the probe only reads the redirect. It points back at the simulator so
  // that a client which wrongly follows it still stays on loopback.
  const web: SimClientWeb = { clientId: oktaId('0oa'), redirectUri: `${baseUrl}/authorization-code/callback` };
  const registry = registerServiceApps(key, { org, custom, web });
  const signIn: SimClientSignIn = {
    portal: { clientId: oktaId('0oa'), redirectUri: `${baseUrl}/portal/callback` },
    mobile: { clientId: oktaId('0oa') },
    workforce: { clientId: oktaId('0oa'), redirectUri: `${baseUrl}/workforce/callback` },
    portalUser: createUser('portal.synthetic@example.com'),
    mobileUser: createUser('mobile.synthetic@example.com'),
    workforceUser: createUser('workforce.synthetic@example.com'),
    pageUser: createUser(PAGE_USERNAME),
    wikiUser: createUser(WIKI_USERNAME),
    ...(expenses !== undefined && { expenses }),
  };
  registerSignInApps(registry, signIn);
  return { clients: { org, custom, web, signIn }, registry };
}

/** The service apps the probe's servers use, and the web app whose redirect it reads. */
function registerServiceApps(
  key: RsaKey,
  { org, custom, web }: { org: SimClientOrg; custom: SimClientCustom; web: SimClientWeb },
): Map<string, RegisteredClient> {
  return new Map<string, RegisteredClient>([
    [
      org.clientId,
      {
        clientId: org.clientId,
        publicKey: { kid: key.kid, key: key.publicKey },
        redirectUris: [],
        oktaScopes: [
          'okta.users.read',
          'okta.apps.read',
          // What `plan --org` asks of the access assertions' groups and zones.
          'okta.groups.read',
          'okta.networkZones.read',
          'okta.logs.read',
          INLINE_HOOKS_SCOPE,
          ...Object.values(INVENTORY_SCOPES),
          DOMAINS_SCOPE,
          POLICIES_SCOPE,
        ],
        applicationType: 'service',
        requirePkce: false,
      },
    ],
    [
      custom.clientId,
      {
        clientId: custom.clientId,
        secret: custom.clientSecret,
        redirectUris: [],
        oktaScopes: [],
        applicationType: 'service',
        requirePkce: false,
      },
    ],
    [
      web.clientId,
      {
        clientId: web.clientId,
        secret: alnum(40),
        redirectUris: [web.redirectUri],
        oktaScopes: [],
        applicationType: 'web',
        requirePkce: false,
      },
    ],
  ]);
}

/** The journeys' apps: public clients, each allowed the grants of its flow. */
function registerSignInApps(registry: Map<string, RegisteredClient>, signIn: SimClientSignIn): void {
  registry.set(signIn.portal.clientId, {
    clientId: signIn.portal.clientId,
    redirectUris: [signIn.portal.redirectUri],
    oktaScopes: [],
    applicationType: 'web',
    requirePkce: true,
    publicClient: true,
    userGrants: ['authorization_code'],
  });
  registry.set(signIn.workforce.clientId, {
    clientId: signIn.workforce.clientId,
    redirectUris: [signIn.workforce.redirectUri],
    oktaScopes: [],
    applicationType: 'web',
    requirePkce: true,
    publicClient: true,
    userGrants: ['authorization_code', 'interaction_code'],
  });
  // The Expenses app: Authorization Code with PKCE from its own login, and the Interaction Code the hosted page's
  // widget uses when a browser journey signs in to it.
  if (signIn.expenses !== undefined)
    registry.set(signIn.expenses.clientId, {
      clientId: signIn.expenses.clientId,
      redirectUris: [signIn.expenses.redirectUri],
      oktaScopes: [],
      applicationType: 'web',
      requirePkce: true,
      publicClient: true,
      userGrants: ['authorization_code', 'interaction_code'],
    });
  registry.set(signIn.mobile.clientId, {
    clientId: signIn.mobile.clientId,
    redirectUris: [],
    oktaScopes: [],
    applicationType: 'web',
    requirePkce: false,
    publicClient: true,
    userGrants: ['password', MFA_OTP_GRANT],
  });
}
