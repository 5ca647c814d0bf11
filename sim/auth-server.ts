// One authorization server of the simulated org, as the endpoints and the token minting see it. Its own module
// so that tokens.ts (which mints for a server) and state.ts (which holds the servers and the token store) do not
// import each other.
import type { KeyRing } from './keys';

/** One authorization server of the org, as the endpoints need it. */
export interface AuthServer {
  readonly kind: 'org' | 'custom';
  /** "org" or the custom AS id. */
  readonly id: string;
  readonly issuer: string;
  /** Absolute URL prefix of the server's /v1 endpoints. */
  readonly endpointBase: string;
  readonly keys: KeyRing;
  /** `aud` of its access tokens. */
  readonly audience: string;
  /** Scopes defined on the server (custom AS); the Org AS knows only okta.* and OIDC scopes. */
  readonly scopes: readonly string[];
  /** Scopes with "Require user consent" (custom AS). */
  readonly consentScopes: readonly string[];
  /**
   * Custom claims an admin added to the server's access tokens (Security > API > Authorization Servers > Claims).
   * Their values are the org's expressions; the simulator's is its name's placeholder.
   */
  readonly claims?: readonly string[];
}
