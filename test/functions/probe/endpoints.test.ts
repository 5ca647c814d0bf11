import { describe, expect, it } from 'vitest';
import { serverEndpoints } from '../../../functions/probe/endpoints';

describe('serverEndpoints', () => {
  it('derives the issuer from the org URL and the server id', () => {
    expect(serverEndpoints('https://acme.okta.com/', 'org').issuer).toBe('https://acme.okta.com');
    expect(serverEndpoints('https://acme.okta.com', 'default')).toMatchObject({
      issuer: 'https://acme.okta.com/oauth2/default',
      token: 'https://acme.okta.com/oauth2/default/v1/token',
    });
  });

  it('expects a configured issuer (a custom URL domain) while still calling every endpoint under orgUrl', () => {
    const endpoints = serverEndpoints('https://acme.okta.com', 'default', 'https://login.acme.com/oauth2/default');
    expect(endpoints.issuer).toBe('https://login.acme.com/oauth2/default');
    expect(
      Object.entries(endpoints)
        .filter(([name]) => name !== 'issuer')
        .every(([, url]) => url.startsWith('https://acme.okta.com/oauth2/default/')),
    ).toBe(true);
  });
});
