// The samlApps list: the issue's field names as a contract, each problem naming the field and the fix, ids
// unique across servers, journeys and SAML apps, and a "direct" journey refused because it opens no session.
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigMode } from '../../../functions/config/parse';
import { resolvedOf } from '../../support/server-configs';

const env = { OKTA_SECRET: 'server-secret-0000000000', OKTA_PROBE_PASSWORD: 'Corr3ct-H0rse' };

/** The issue's example, field for field. */
const salesforce = (extra: Record<string, unknown> = {}) => ({
  id: 'salesforce',
  signIn: 'portal',
  ssoUrl: 'https://acme.okta.com/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml',
  metadataUrl: 'https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata',
  audience: 'https://saml.salesforce.com',
  recipient: 'https://acme.my.salesforce.com/',
  requiredAttributes: ['email'],
  nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  ...extra,
});
const journey = (id: string, flow: string) => ({
  id,
  server: 'default',
  flow,
  clientId: `0oa${id}`,
  ...(flow === 'authn' && { redirectUri: 'https://portal.acme.example/callback' }),
  username: `synthetic.${id}@acme.example`,
  passwordEnv: 'OKTA_PROBE_PASSWORD',
});
const config = (samlApps: unknown, extra: Record<string, unknown> = {}) => ({
  orgUrl: 'https://acme.okta.com',
  servers: [
    {
      id: 'default',
      clientId: '0oa-custom',
      scopes: ['probe'],
      audience: 'api://default',
      clientSecretEnv: 'OKTA_SECRET',
      authMethod: 'client_secret_basic',
    },
  ],
  signIn: [journey('portal', 'authn'), journey('api', 'direct')],
  samlApps,
  ...extra,
});
const parse = (samlApps: unknown, extra: Record<string, unknown> = {}, mode: ConfigMode = 'cli') =>
  parseConfig(config(samlApps, extra), { mode, baseDir: '/tmp', env });
const errorsOf = (samlApps: unknown, extra: Record<string, unknown> = {}): string[] => {
  const result = parse(samlApps, extra);
  return result.ok ? [] : result.errors;
};

describe("samlApps: the contract's fields", () => {
  it(
    "reads the issue's example as written, counted in its journey's default group, and expiryWarnDays 30 by " +
      'default',
    () => {
      const result = parse([salesforce()]);
      if (!result.ok) throw new Error(result.errors.join('; '));
      expect(result.config.probe.samlApps).toEqual([salesforce({ group: 'portal-saml' })]);
      expect(result.config.probe.samlGroups).toEqual([
        { id: 'portal-saml', signIn: 'portal', everyMinutes: 60, concurrency: 4 },
      ]);
      expect(result.config.probe.expiryWarnDays).toBe(30);
    },
  );

  it('reads a group of the wrong type beside an ownAlarm of the wrong type, and judges neither further', () => {
    // A refused ownAlarm once ended the app's read: its group was never read, whatever it held.
    expect(errorsOf([salesforce({ ownAlarm: 'yes', group: 7 })])).toEqual([
      'samlApps[0].ownAlarm: expected true or false, got a string',
      'samlApps[0].group: expected a non-empty string, got a number',
    ]);
    // A group of the right type waits for a valid ownAlarm: its rules need to know whether the app has its own.
    expect(errorsOf([salesforce({ ownAlarm: 'yes', group: 'nowhere' })])).toEqual([
      'samlApps[0].ownAlarm: expected true or false, got a string',
    ]);
  });

  it('gives an app with "ownAlarm": true no group: its own alarms, as before groups existed', () => {
    const result = parse([salesforce({ ownAlarm: true })]);
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.samlApps).toEqual([salesforce()]);
    expect(result.config.probe.samlGroups).toBeUndefined();
  });

  it('defaults requiredAttributes to none and leaves nameIdFormat unchecked when absent', () => {
    const { requiredAttributes: _r, nameIdFormat: _n, ...bare } = salesforce();
    const result = parse([bare]);
    expect(result.ok && result.config.probe.samlApps?.[0]).toEqual({
      ...bare,
      requiredAttributes: [],
      group: 'portal-saml',
    });
  });

  it('reads expiryWarnDays and refuses one out of range', () => {
    const result = parse([salesforce()], { expiryWarnDays: 45 });
    expect(result.ok && result.config.probe.expiryWarnDays).toBe(45);
    expect(errorsOf([salesforce()], { expiryWarnDays: 0 })).toEqual([expect.stringContaining('expiryWarnDays')]);
  });

  it('names each missing field with where to copy it from', () => {
    const errors = errorsOf([{ id: 'salesforce', signIn: 'portal' }]);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^samlApps\[0\]\.ssoUrl: required: .*Single Sign-On URL/),
        expect.stringMatching(/^samlApps\[0\]\.metadataUrl: required: .*Metadata URL/),
        expect.stringMatching(/^samlApps\[0\]\.audience: required: .*Audience URI \(SP Entity ID\)/),
        expect.stringMatching(/^samlApps\[0\]\.recipient: required: .*Assertion Consumer Service URL/),
      ]),
    );
  });

  it(
    'reads destination and acsUrl apart from recipient when ' + 'given (Okta keeps Recipient and Destination apart)',
    () => {
      const apart = salesforce({
        destination: 'https://acme.my.salesforce.com/dest',
        acsUrl: 'https://acme.my.salesforce.com/?so=00D',
      });
      const result = parse([apart]);
      expect(result.ok && result.config.probe.samlApps?.[0]).toEqual({ ...apart, group: 'portal-saml' });
      expect(errorsOf([salesforce({ destination: 'dest' })])).toEqual([
        expect.stringMatching(/^samlApps\[0\]\.destination: "dest" is not an absolute URL/),
      ]);
    },
  );

  it('refuses an ACS URL in clear: acsUrl, or recipient standing for it, must be https', () => {
    expect(errorsOf([salesforce({ acsUrl: 'http://acme.my.salesforce.com/' })])).toEqual([
      expect.stringMatching(
        /^samlApps\[0\]\.acsUrl: "http:\/\/acme\.my\.salesforce\.com\/" is not https: Okta would post every user's assertion to it in clear/,
      ),
    ]);
    expect(errorsOf([salesforce({ recipient: 'http://acme.my.salesforce.com/' })])).toEqual([
      expect.stringMatching(/^samlApps\[0\]\.recipient: .* is not https: .*set acsUrl/),
    ]);
    expect(
      errorsOf([
        salesforce({ recipient: 'http://acme.my.salesforce.com/', acsUrl: 'https://acme.my.salesforce.com/' }),
      ]),
    ).toEqual([]);
  });

  it('suggests the field meant for a misspelt one', () => {
    expect(errorsOf([salesforce({ nameIDFormat: 'x' })])).toEqual([
      expect.stringContaining('samlApps[0].nameIDFormat: unknown field (did you mean nameIdFormat?)'),
    ]);
  });
});

describe('samlApps: the journey that opens the session', () => {
  it('refuses a "direct" journey, saying it opens no session', () => {
    expect(errorsOf([salesforce({ signIn: 'api' })])).toEqual([
      expect.stringMatching(
        /^samlApps\[0\]\.signIn: "api" is a "direct" journey: .*opens no Okta session.*"authn" or "idx"/,
      ),
    ]);
  });

  it('refuses a journey that does not exist, listing those that do', () => {
    expect(errorsOf([salesforce({ signIn: 'portl' })])).toEqual([
      expect.stringContaining('"portl" is not the id of any signIn[] entry; use one of "portal"'),
    ]);
  });

  it('accepts an "idx" journey (the flow as written decides, whatever the journey reader makes of the rest)', () => {
    const raw = { ...config([salesforce({ signIn: 'portal' })]), signIn: [journey('portal', 'idx')] };
    const result = parseConfig(raw, { mode: 'cli', baseDir: '/tmp', env });
    expect(result.ok ? [] : result.errors.filter((e) => e.startsWith('samlApps'))).toEqual([]);
  });
});

describe('samlApps: ids and URLs', () => {
  it('refuses an id used by a server, a journey or another SAML app, even differing in case or "-"', () => {
    expect(errorsOf([salesforce({ id: 'Default' })])).toEqual([
      expect.stringContaining('"Default" is already used by servers[0].id'),
    ]);
    expect(errorsOf([salesforce({ id: 'por-tal' })])).toEqual([
      expect.stringContaining('"por-tal" is already used by signIn[0].id'),
    ]);
    expect(errorsOf([salesforce(), salesforce({ id: 'Sales_force' })])).toEqual([
      expect.stringContaining('samlApps[1].id: "Sales_force" is already used by samlApps[0].id'),
    ]);
  });

  it("refuses URLs off the org, without https, or not the Sign On tab's", () => {
    expect(errorsOf([salesforce({ ssoUrl: 'https://evil.example/app/a/exk1/sso/saml' })])).toEqual([
      expect.stringContaining('must be on the org (https://acme.okta.com)'),
    ]);
    expect(
      errorsOf([salesforce({ metadataUrl: 'http://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata' })]),
    ).toEqual([expect.stringContaining('must use https')]);
    expect(errorsOf([salesforce({ ssoUrl: 'https://acme.okta.com/home/salesforce/0oa1/24' })])).toEqual([
      expect.stringContaining('https://<org>/app/<app name>/<app id>/sso/saml'),
    ]);
  });

  it('refuses an SSO URL and a metadata URL of two different apps', () => {
    expect(errorsOf([salesforce({ metadataUrl: 'https://acme.okta.com/app/exkOTHER/sso/saml/metadata' })])).toEqual([
      expect.stringContaining('names app "exkOTHER" but ssoUrl names app "exk1a2b3c4d5e6f7g8h9"'),
    ]);
  });

  it("refuses a NameID format that is not SAML's, listing the formats", () => {
    expect(errorsOf([salesforce({ nameIdFormat: 'email' })])).toEqual([
      expect.stringContaining('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'),
    ]);
  });

  it('refuses a list that is not one', () => {
    expect(errorsOf({ id: 'salesforce' })).toEqual([expect.stringMatching(/^samlApps: expected an array/)]);
  });
});

describe('samlApps: to the Lambda', () => {
  it('hands the SAML apps and expiryWarnDays to the Lambda as validated: a listed app in its group, one apart', () => {
    const deployed = parse(
      [salesforce(), salesforce({ id: 'mail', ownAlarm: true })],
      { expiryWarnDays: 21 },
      'deploy',
    );
    if (!deployed.ok) throw new Error(deployed.errors.join('; '));
    const ids = new Map([
      ['default', 'okta-synthetics/default'],
      ['portal', 'okta-synthetics/portal'],
      ['api', 'okta-synthetics/api'],
    ]);
    const lambda = resolvedOf(deployed.config, ids);
    expect(lambda.probe.samlApps).toEqual(deployed.config.probe.samlApps);
    expect(lambda.probe.samlGroups).toEqual(deployed.config.probe.samlGroups);
    expect(lambda.probe.samlApps).toEqual([salesforce({ group: 'portal-saml' }), salesforce({ id: 'mail' })]);
    expect(lambda.probe.expiryWarnDays).toBe(21);
  });
});
