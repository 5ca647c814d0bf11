// /v1/keys: the server's public signing keys.
import { json, type Answer } from '../answer';
import type { AuthServer } from '../auth-server';

/**
 * How long clients may cache the JWKS, seconds: the example in Okta's OAuth spec (okta-sdk-nodejs oas-spec/oauth.yaml).
 */
const JWKS_MAX_AGE_S = 3_832_304;

export function keys(server: AuthServer, empty: boolean): Answer {
  return json(200, empty ? { keys: [] } : server.keys.jwks, {
    'Cache-Control': `max-age=${JWKS_MAX_AGE_S}, must-revalidate`,
  });
}
