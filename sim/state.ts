// Everything the endpoints share: the org's apps, keys, issued tokens, rate-limit buckets, and the faults
// of the scenario running now.
import type { AuthServer } from './auth-server';
import type { RegisteredClient, SimClients } from './clients';
import type { SimFaults } from './faults';
import type { RsaKey } from './keys';
import type { RateLimiter } from './rate-limit';
import type { SystemLog } from './system-log';
import type { TokenStore } from './tokens';
import type { SimSamlKeys } from './saml/app';
import type { SignInStore } from './users';
import type { TenantServed } from './tenant';

/** A request as the endpoints see it: body already read and parsed. */
export interface SimRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: import('node:http').IncomingHttpHeaders;
  /** The form body of a POST; empty for GET. */
  readonly form: URLSearchParams;
  /** The raw body (the Authentication API takes JSON). */
  readonly body: string;
  readonly remoteAddress: string;
  /** Epoch ms at arrival. */
  readonly now: number;
  /** The X-Okta-Request-Id the answer will carry (the System Log's transaction.id). */
  readonly requestId: string;
}

/** Where the SAML service provider behind Okta takes its assertions (sim/app-saml-sp.ts), once it listens. */
export interface SpEndpoint {
  acsUrl?: string;
}

export interface SimState {
  readonly baseUrl: string;
  readonly clients: SimClients;
  readonly registry: ReadonlyMap<string, RegisteredClient>;
  readonly org: AuthServer;
  /**
   * Custom authorization servers by id ("default" and a tenant's): any other id answers 404 E0000007 "Not found:
   * Resource not found: {id} (AuthorizationServer)", as Okta does for an unknown custom server (developer.okta.com
   * error codes reference).
   */
  readonly customServers: ReadonlyMap<string, AuthServer>;
  /** A key that signs but was never published: tokens signed with it have an unknown kid. */
  readonly unpublishedKey: RsaKey;
  readonly tokens: TokenStore;
  /** Client assertion jti values seen, with the epoch second after which they may be forgotten. */
  readonly usedJtis: Map<string, number>;
  readonly rateLimiter: RateLimiter;
  /** The org's System Log: failed grants as they happen. */
  readonly systemLog: SystemLog;
  /** The synthetic user and its transactions, sessions and codes. */
  readonly signIn: SignInStore;
  /** Someone's own org the simulator plays besides its own (`sim --config`): its apps' secrets, users, SAML apps. */
  readonly tenant?: TenantServed;
  /** The SAML app's signing keys and certificates. */
  readonly saml: SimSamlKeys;
  /** The SAML service provider behind Okta (sim/app-saml-sp.ts): where Okta posts its assertions, once it listens. */
  readonly sp: SpEndpoint;
  /** Faults of the scenario in force at the moment of the call. */
  faults(): SimFaults;
  /** The client timeout of the config the simulator writes, ms: a held answer waits a multiple of it. */
  readonly timeoutMs: number;
}

/**
 * Per-minute limit of each /token bucket: /oauth2/v1/token and every /oauth2/{id}/v1/token are buckets of
 * their own (Okta's rate-limit reference; the old Enterprise default; Workforce orgs get more).
 */
export const TOKEN_BUCKET_LIMIT = 600;
/**
 * Per-minute limit of each server's bucket for its other /oauth2 endpoints (/introspect, /revoke): /oauth2/{id}/v1/*.
 */
export const OAUTH2_OTHER_BUCKET_LIMIT = 600;
/** Per-minute limit of the Management API's /api/v1/users bucket (Okta's rate-limit reference: 100 / 600 / 600). */
export const MANAGEMENT_BUCKET_LIMIT = 600;
/** Per-minute limit of the /api/v1/logs bucket (Okta: 20 to 120 by plan). */
export const LOGS_BUCKET_LIMIT = 60;
/** /authorize bucket, per client id and IP. */
export const AUTHORIZE_BUCKET_LIMIT = 60;
