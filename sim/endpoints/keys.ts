// /v1/keys: the server's public signing keys.
import { json, type Answer } from '../answer';
import type { AuthServer } from '../state';

/** How long clients may cache the JWKS, seconds (Okta sends a max-age of up to some hours). */
const JWKS_MAX_AGE_S = 3600;

export function keys(server: AuthServer, empty: boolean): Answer {
  return json(200, empty ? { keys: [] } : server.keys.jwks, { 'Cache-Control': `max-age=${JWKS_MAX_AGE_S}, must-revalidate` });
}
