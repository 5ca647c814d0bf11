// Client secrets with the characters where Okta's way of sending Basic credentials (base64 of id:secret as
// they are) and RFC 6749 §2.3.1's (each half form-urlencoded first) differ, through the probe's own client
// authentication and the simulator's. Okta allows printable ASCII in secrets; the last case is outside that
// and shows that the probe still sends UTF-8 rather than mangling it.
import { describe, expect, it } from 'vitest';
import { authenticateClient } from '../../functions/probe/client-auth';
import { useSimulator } from '../support/simulator';
import { customUrls, post } from './helpers';

const SECRETS = {
  'tilde, bang, plus and space': 'Ab1~Cd2!Ef3+Gh4 Ij5-Kl6_Mn7',
  'percent escapes and a colon': 'Ab1%41Cd2%2BEf3:Gh4=Ij5&Kl6',
  'non-ASCII': 'Ab1-Cd2-Ef3-Gh4-ÿ-é-ü-€-日本',
} as const;

describe.each(Object.entries(SECRETS))('a client secret with %s', (_name, secret) => {
  const sim = useSimulator({ customClientSecret: secret });

  it("gets a token and introspects it with the probe's Basic credentials", async () => {
    const { clientId } = sim().clients.custom;
    const urls = customUrls(sim());
    const credential = { kind: 'client_secret_basic', clientSecret: secret } as const;
    const auth = await authenticateClient({ clientId, credential, audience: urls.token, now: Date.now() });
    if (!auth.ok) throw new Error(auth.detail);

    const token = await post(
      urls.token,
      { grant_type: 'client_credentials', scope: 'probe.read' },
      { ...auth.auth.headers },
    );
    expect(token.status, token.text).toBe(200);
    const introspected = await post(
      urls.introspect,
      { token: token.json<{ access_token: string }>().access_token },
      { ...auth.auth.headers },
    );
    expect(introspected.json()).toMatchObject({ active: true, client_id: clientId });
  });

  it('is refused when sent form-urlencoded the RFC 6749 way, since Okta reads it as sent', async () => {
    const { clientId } = sim().clients.custom;
    const rfc = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);
    const authorization = `Basic ${Buffer.from(`${rfc(clientId)}:${rfc(secret)}`).toString('base64')}`;
    const res = await post(
      customUrls(sim()).token,
      { grant_type: 'client_credentials', scope: 'probe.read' },
      { authorization },
    );
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'The client secret supplied for a confidential client is invalid.',
    });
  });
});
