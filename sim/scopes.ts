// Which scopes an authorization server accepts, with the `error` and description Okta's error catalogue
// (okta-developer-docs data/oauth2-error-codes.json) gives for each refusal.
import { OIDC_SCOPES, type RegisteredClient } from './clients';
import type { AuthServer } from './auth-server';

type ScopeJudgement =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string; readonly description: string };

const isOidc = (scope: string): boolean => (OIDC_SCOPES as readonly string[]).includes(scope);
const isOkta = (scope: string): boolean => scope.startsWith('okta.');
const refuse = (error: string, description: string): ScopeJudgement => ({ ok: false, error, description });

/**
 * Judge requested scopes. `clientCredentials`: no user is involved, so OIDC scopes make no sense.
 * The Org AS issues tokens only for Okta's own APIs (okta.* scopes granted to the app). `customScopesBroken`: a
 * release broke the custom AS's own scopes (SimFaults.customScopesBroken), which it then has none of.
 */
export function judgeScopes(
  server: AuthServer,
  client: RegisteredClient,
  requested: readonly string[],
  clientCredentials: boolean,
  customScopesBroken = false,
): ScopeJudgement {
  if (requested.length === 0) {
    return refuse(
      'invalid_scope',
      "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
    );
  }
  if (clientCredentials && requested.some(isOidc))
    return refuse('invalid_scope', "Cannot request 'openid' scopes using client credentials.");
  const custom = requested.filter((scope) => !isOidc(scope));
  if (server.kind === 'org') {
    if (custom.some((scope) => !isOkta(scope)))
      return refuse('invalid_scope', 'Custom scopes are not allowed for this request.');
    if (clientCredentials && custom.some((scope) => scope.endsWith('.self'))) {
      return refuse(
        'client_credentials_self_scope_requested',
        "The 'client_credentials' grant type may not request .self scopes.",
      );
    }
    // no_org_scopes_granted. Whether Okta says the same when only some of the scopes are granted is not
    // in the catalogue (its text says "any"): confirmed only against the catalogue, not a live org.
    if (clientCredentials && custom.some((scope) => !client.oktaScopes.includes(scope))) {
      return refuse('consent_required', 'You are not allowed any of the requested scopes.');
    }
    return { ok: true };
  }
  if (custom.some((scope) => customScopesBroken || !server.scopes.includes(scope))) {
    return refuse('invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
  }
  const consent = custom.filter((scope) => server.consentScopes.includes(scope));
  if (clientCredentials && consent.length > 0) {
    return refuse(
      'consent_required',
      `The following scopes require user consent and cannot be granted for the client credentials grant ` +
        `type: [${consent.join(', ')}].`,
    );
  }
  return { ok: true };
}

export const parseScopes = (value: string | null): string[] => (value ?? '').split(' ').filter((s) => s !== '');
