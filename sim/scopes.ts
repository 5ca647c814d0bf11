// Which scopes an authorization server accepts, with Okta's invalid_scope texts.
import { OIDC_SCOPES, type RegisteredClient } from './clients';
import type { AuthServer } from './state';

export type ScopeJudgement = { readonly ok: true } | { readonly ok: false; readonly description: string };

const isOidc = (scope: string): boolean => (OIDC_SCOPES as readonly string[]).includes(scope);
const isOkta = (scope: string): boolean => scope.startsWith('okta.');

/**
 * Judge requested scopes. `clientCredentials`: no user is involved, so OIDC scopes make no sense.
 * The Org AS issues tokens only for Okta's own APIs (okta.* scopes granted to the app).
 */
export function judgeScopes(server: AuthServer, client: RegisteredClient, requested: readonly string[], clientCredentials: boolean): ScopeJudgement {
  if (requested.length === 0) {
    return { ok: false, description: "The authorization server resource does not have any configured default scopes, 'scope' must be provided." };
  }
  if (clientCredentials && requested.some(isOidc)) return { ok: false, description: "Cannot request 'openid' scopes using client credentials." };
  const custom = requested.filter((scope) => !isOidc(scope));
  if (server.kind === 'org') {
    if (custom.some((scope) => !isOkta(scope))) return { ok: false, description: 'Custom scopes are not allowed for this request.' };
    if (clientCredentials && custom.some((scope) => !client.oktaScopes.includes(scope))) {
      return { ok: false, description: 'The requested scope is invalid, unknown, or malformed.' };
    }
    return { ok: true };
  }
  if (custom.some((scope) => !server.scopes.includes(scope))) {
    return { ok: false, description: 'One or more scopes are not configured for the authorization server resource.' };
  }
  return { ok: true };
}

export const parseScopes = (value: string | null): string[] => (value ?? '').split(' ').filter((s) => s !== '');
