// openid-client v6 (panva), a certified OIDC client nobody here wrote, against both simulated servers.
import { importPKCS8, type CryptoKey } from 'jose';
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator';

const sim = useSimulator();

const insecure = { execute: [oidc.allowInsecureRequests] };

/**
 * Okta wants the assertion's aud to be the exact endpoint invoked; openid-client puts the issuer there by
 * default (panva/oauth4webapi#169). The body tells which endpoint is being called.
 */
function oktaPrivateKeyJwt(key: CryptoKey, kid: string): oidc.ClientAuth {
  return (as, client, body, headers) =>
    oidc.PrivateKeyJwt(
      { key, kid },
      {
        [oidc.modifyAssertion]: (_header, payload) => {
          payload.aud = body.has('grant_type') ? as.token_endpoint : as.introspection_endpoint;
        },
      },
    )(as, client, body, headers);
}

describe('openid-client v6 against the Org AS (private_key_jwt)', () => {
  it('discovers, gets a token with client credentials and introspects it', async () => {
    const { clientId, keyId, privateKeyPem } = sim().clients.org;
    const key = await importPKCS8(privateKeyPem, 'RS256');
    const config = await oidc.discovery(
      new URL(sim().url),
      clientId,
      undefined,
      oktaPrivateKeyJwt(key, keyId),
      insecure,
    );
    expect(config.serverMetadata().issuer).toBe(sim().url);

    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'okta.users.read' });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expiresIn()).toBeGreaterThan(3500);
    expect(tokens.scope).toBe('okta.users.read');

    const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspection).toMatchObject({
      active: true,
      client_id: clientId,
      iss: sim().url,
      scope: 'okta.users.read',
    });
  });

  it("is refused with invalid_client when it sends the issuer as the assertion's aud, as Okta refuses it", async () => {
    const { clientId, keyId, privateKeyPem } = sim().clients.org;
    const key = await importPKCS8(privateKeyPem, 'RS256');
    const config = await oidc.discovery(
      new URL(sim().url),
      clientId,
      undefined,
      oidc.PrivateKeyJwt({ key, kid: keyId }),
      insecure,
    );
    const error = await oidc.clientCredentialsGrant(config, { scope: 'okta.users.read' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(oidc.ResponseBodyError);
    expect((error as oidc.ResponseBodyError).error).toBe('invalid_client');
    expect((error as oidc.ResponseBodyError).error_description).toBe(
      'The audience claim for client_assertion must be the endpoint invoked for the request.',
    );
  });
});

describe('openid-client v6 against the custom AS (client_secret_basic)', () => {
  it('discovers, gets a JWT access token with client credentials and introspects it', async () => {
    const { clientId, clientSecret } = sim().clients.custom;
    const issuer = `${sim().url}/oauth2/default`;
    const config = await oidc.discovery(
      new URL(issuer),
      clientId,
      undefined,
      oidc.ClientSecretBasic(clientSecret),
      insecure,
    );
    expect(config.serverMetadata().issuer).toBe(issuer);

    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'probe.read' });
    expect(tokens.access_token.split('.')).toHaveLength(3);

    const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspection).toMatchObject({
      active: true,
      client_id: clientId,
      aud: 'api://default',
      iss: issuer,
      token_type: 'Bearer',
    });
  });

  it('surfaces Okta invalid_scope as a ResponseBodyError', async () => {
    const { clientId, clientSecret } = sim().clients.custom;
    const config = await oidc.discovery(
      new URL(`${sim().url}/oauth2/default`),
      clientId,
      undefined,
      oidc.ClientSecretBasic(clientSecret),
      insecure,
    );
    const error = await oidc.clientCredentialsGrant(config, { scope: 'probe.admin' }).catch((e: unknown) => e);
    expect((error as oidc.ResponseBodyError).error).toBe('invalid_scope');
    expect((error as oidc.ResponseBodyError).status).toBe(400);
  });
});
