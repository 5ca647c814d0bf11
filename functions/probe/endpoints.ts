// The URLs of an Okta authorization server, built from the org URL and the server id.
// The probe calls these known paths directly rather than those a discovery document advertises, so that
// /token need not wait for discovery: the discovery check then verifies the document agrees with them.
import { ORG_SERVER_ID } from '../contract';

export interface ServerEndpoints {
  /** The `iss` the server puts in its tokens and discovery document. */
  readonly issuer: string;
  readonly discovery: string;
  readonly token: string;
  readonly introspect: string;
  readonly authorize: string;
  readonly keys: string;
  /** A user's claims, with the user's access token (the sign-in journey). */
  readonly userinfo: string;
  readonly revoke: string;
}

/**
 * Org AS: issuer is the org itself and endpoints live under /oauth2/v1.
 * Custom AS `id`: issuer is `${org}/oauth2/${id}` and endpoints live under `${issuer}/v1`.
 */
export function serverEndpoints(orgUrl: string, serverId: string, expectedIssuer?: string): ServerEndpoints {
  const org = orgUrl.replace(/\/+$/, '');
  const derived = serverId === ORG_SERVER_ID ? org : `${org}/oauth2/${encodeURIComponent(serverId)}`;
  const base = serverId === ORG_SERVER_ID ? `${org}/oauth2/v1` : `${derived}/v1`;
  return {
    // A configured issuer only changes what iss must read; every call still goes to orgUrl.
    issuer: expectedIssuer ?? derived,
    discovery: `${derived}/.well-known/openid-configuration`,
    token: `${base}/token`,
    introspect: `${base}/introspect`,
    authorize: `${base}/authorize`,
    keys: `${base}/keys`,
    userinfo: `${base}/userinfo`,
    revoke: `${base}/revoke`,
  };
}
