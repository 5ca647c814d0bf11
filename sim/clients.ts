// The apps registered in the simulated org: a service app with a key pair (Org AS), a service app with
// a secret (custom AS) and a web app for /authorize. Credentials are generated at start.
import type { KeyObject } from 'node:crypto';
import type { RsaKey } from './keys';
import { alnum, oktaId } from './ids';

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
export interface SimClients {
  org: SimClientOrg;
  custom: SimClientCustom;
  web: SimClientWeb;
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

export interface ClientSetup {
  readonly clients: SimClients;
  readonly registry: ReadonlyMap<string, RegisteredClient>;
}

/** The org's apps; `orgClientKey` is the key pair of the Org-AS service app. */
export async function createClients(baseUrl: string, orgClientKey: Promise<RsaKey>, customClientSecret?: string): Promise<ClientSetup> {
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
  const registry = new Map<string, RegisteredClient>([
    [org.clientId, { clientId: org.clientId, publicKey: { kid: key.kid, key: key.publicKey }, redirectUris: [], oktaScopes: ['okta.users.read', 'okta.apps.read', 'okta.logs.read'], applicationType: 'service', requirePkce: false }],
    [custom.clientId, { clientId: custom.clientId, secret: custom.clientSecret, redirectUris: [], oktaScopes: [], applicationType: 'service', requirePkce: false }],
    [web.clientId, { clientId: web.clientId, secret: alnum(40), redirectUris: [web.redirectUri], oktaScopes: [], applicationType: 'web', requirePkce: false }],
  ]);
  return { clients: { org, custom, web }, registry };
}
