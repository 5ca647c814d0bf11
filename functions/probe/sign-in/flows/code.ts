// The authorization code's two ends, shared by the flows that take one (authn, browser): the /authorize request of
// the app (a fresh state, nonce and PKCE pair) and the code exchanged with its verifier.
import { pkce, randomToken } from '../../okta/pkce';
import { type TokenAnswer } from '../judge';
import { fail, type Verdict } from '../../verdict';
import type { JourneyKit } from './kit';

/** The authorization code exchanged with its PKCE verifier (kept secret, as the code is). */
export async function exchangeCode(
  kit: JourneyKit,
  code: string,
  { redirectUri, verifier, nonce }: { redirectUri: string; verifier: string; nonce: string },
): Promise<{ tokens: Extract<TokenAnswer, { kind: 'tokens' }>; nonce: string } | { verdict: Verdict }> {
  kit.secrets.push(code);
  const exchanged = await kit.token('token (code)', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  if (exchanged.kind === 'tokens') return { tokens: exchanged, nonce };
  return {
    verdict:
      exchanged.kind === 'failed' ? exchanged.verdict : fail('UNEXPECTED_RESPONSE', 'the code exchange asked for MFA'),
  };
}

/** An /authorize request of the app with a fresh state, nonce and PKCE pair (its verifier kept secret). */
export function authorizeRequest(
  kit: JourneyKit,
  extra: Record<string, string>,
): {
  url: URL;
  redirectUri: string;
  state: string;
  nonce: string;
  verifier: string;
} {
  const { signIn, server } = kit.ctx;
  const redirectUri = signIn.redirectUri ?? '';
  const state = randomToken();
  const nonce = randomToken();
  const { verifier, challenge } = pkce();
  kit.secrets.push(verifier);
  const url = new URL(server.endpoints.authorize);
  url.search = new URLSearchParams({
    client_id: signIn.clientId,
    response_type: 'code',
    scope: signIn.scopes.join(' '),
    redirect_uri: redirectUri,
    state,
    nonce,
    ...challenge,
    ...extra,
  }).toString();
  return { url, redirectUri, state, nonce, verifier };
}
