// A discovered catalogue read from Okta's answers, as the Management API spec shapes them: the active SAML
// 2.0 apps with their signing key and the SP's values Okta holds, and nothing else; an answer of another shape is
// judged on what it has, never a crash; Okta's refusal is named once, with its own code.
import { describe, expect, it } from 'vitest';
import { discoveryFinding, emptyReason, readSamlApps } from '../../../../../functions/probe/saml/group/discover';
import { itemName } from '../../../../../functions/probe/saml/group/apps';

/** The spec's example of a custom SAML 2.0 app (management-minimal.yaml, ListAppsExample), in part. */
const customSaml = {
  id: '0oa1gjh63g214q0Hq0g4',
  name: 'testorgone_customsaml20app_1',
  label: 'Custom Saml 2.0 App',
  status: 'ACTIVE',
  signOnMode: 'SAML_2_0',
  credentials: {
    userNameTemplate: { template: '${fn:substringBefore(source.login, "@")}', type: 'BUILT_IN' },
    signing: { kid: 'mXtzOtml09Dg1ZCeKxTRBo3KrQuBWFkJ5oxhVagjTzo' },
  },
  settings: {
    signOn: {
      ssoAcsUrl: 'https://{yourOktaDomain}',
      audience: 'https://example.com/tenant/123',
      recipient: 'https://recipient.okta.com',
      destination: 'https://destination.okta.com',
    },
  },
};

describe('the active SAML 2.0 apps of a Management API answer', () => {
  it(
    "reads the spec's custom SAML app: its id, label, " +
      'signing key, Audience, Recipient, Destination and ACS ' +
      'URL',
    () => {
      expect(readSamlApps([customSaml])).toEqual([
        {
          appId: '0oa1gjh63g214q0Hq0g4',
          label: 'Custom Saml 2.0 App',
          kid: 'mXtzOtml09Dg1ZCeKxTRBo3KrQuBWFkJ5oxhVagjTzo',
          audience: 'https://example.com/tenant/123',
          recipient: 'https://recipient.okta.com',
          destination: 'https://destination.okta.com',
          acsUrl: 'https://{yourOktaDomain}',
        },
      ]);
    },
  );

  it(
    "reads from the listing's own features whether assigning a user creates an account in the app (PUSH_NEW_USERS), " +
      'and nothing from a features field of another shape',
    () => {
      const read = (features: unknown) => readSamlApps([{ ...customSaml, features }])[0]?.provisions;
      expect(read(['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION'])).toEqual(['PUSH_NEW_USERS']);
      expect(read(['PUSH_PENDING_USERS', 'PUSH_NEW_USERS', 'PUSH_NEW_USERS'])).toEqual([
        'PUSH_NEW_USERS',
        'PUSH_PENDING_USERS',
      ]);
      // The spec's SAML examples list `features: []`; an import-only app creates nothing in the SP.
      for (const none of [[], ['IMPORT_NEW_USERS', 'GROUP_PUSH'], 'PUSH_NEW_USERS', { 0: 'PUSH_NEW_USERS' }, null])
        expect(read(none)).toBeUndefined();
      // A list far longer than the spec's enum is not Okta's: only its start is read.
      expect(read([...Array<string>(10_000).fill('SSO'), 'PUSH_NEW_USERS'])).toBeUndefined();
    },
  );

  it(
    'leaves out what a group cannot judge: inactive apps, other sign-on modes, items without an id or with a ' +
      'hostile one',
    () => {
      const apps = readSamlApps([
        { ...customSaml, status: 'INACTIVE' },
        { ...customSaml, id: '0oaoidc00000000000x7', signOnMode: 'OPENID_CONNECT' },
        { ...customSaml, id: '0oawsfed000000000x7', signOnMode: 'WS_FEDERATION' },
        { ...customSaml, id: undefined },
        { ...customSaml, id: '../../api/v1/users' },
        'not an app',
        null,
      ]);
      expect(apps).toEqual([]);
      expect(readSamlApps({ not: 'a list' })).toEqual([]);
    },
  );

  it(
    'judges an OIN app on what Okta\'s settings hold: no audience or recipient is "not checked", ssoAcsUrl ' +
      'stands for the recipient',
    () => {
      const oin = {
        ...customSaml,
        id: '0oasalesforce0000x7',
        label: 'Salesforce',
        settings: { signOn: { defaultRelayState: '' } },
      };
      const acsOnly = {
        ...customSaml,
        id: '0oaacsonly00000000x7',
        settings: { signOn: { ssoAcsUrl: 'https://sp.example/acs' } },
      };
      const unlabelled = { ...customSaml, id: '0oanolabel00000000x7', label: undefined };
      expect(readSamlApps([oin, acsOnly, unlabelled])).toEqual([
        { appId: '0oasalesforce0000x7', label: 'Salesforce', kid: customSaml.credentials.signing.kid },
        {
          appId: '0oaacsonly00000000x7',
          label: 'Custom Saml 2.0 App',
          kid: customSaml.credentials.signing.kid,
          recipient: 'https://sp.example/acs',
          acsUrl: 'https://sp.example/acs',
        },
        {
          appId: '0oanolabel00000000x7',
          label: '0oanolabel00000000x7',
          kid: customSaml.credentials.signing.kid,
          audience: 'https://example.com/tenant/123',
          recipient: 'https://recipient.okta.com',
          destination: 'https://destination.okta.com',
          acsUrl: 'https://{yourOktaDomain}',
        },
      ]);
    },
  );

  it(
    'follows the CASB overrides where set (SamlApplicationSettingsSignOn), and names them; null overrides ' +
      'change nothing',
    () => {
      const base = customSaml.settings.signOn;
      const casb = {
        ...customSaml,
        settings: {
          signOn: {
            ...base,
            ssoAcsUrlOverride: 'https://casb.example/acs',
            audienceOverride: 'https://casb.example',
            recipientOverride: null,
            destinationOverride: 'https://casb.example/dest',
          },
        },
      };
      expect(readSamlApps([casb])[0]).toMatchObject({
        acsUrl: 'https://casb.example/acs',
        audience: 'https://casb.example',
        recipient: 'https://recipient.okta.com',
        destination: 'https://casb.example/dest',
        overrides: ['ssoAcsUrlOverride', 'audienceOverride', 'destinationOverride'],
      });
      // No recipient of its own: the Recipient follows where Okta posts, the ACS URL's override.
      const { recipient: _r, ...noRecipient } = casb.settings.signOn;
      expect(readSamlApps([{ ...casb, settings: { signOn: noRecipient } }])[0]?.recipient).toBe(
        'https://casb.example/acs',
      );
      const unset = {
        ...customSaml,
        settings: {
          signOn: {
            ...base,
            ssoAcsUrlOverride: null,
            audienceOverride: null,
            recipientOverride: null,
            destinationOverride: null,
          },
        },
      };
      expect(readSamlApps([unset])).toEqual(readSamlApps([customSaml]));
    },
  );

  it("keeps the app's custom error page (accessibility.errorRedirectUrl) when it is a URL, and nothing else", () => {
    const withPage = (errorRedirectUrl: unknown) => ({
      ...customSaml,
      accessibility: { selfService: false, errorRedirectUrl, loginRedirectUrl: null },
    });
    expect(readSamlApps([withPage('https://help.acme.example/no-access')])[0]?.errorRedirectUrl).toBe(
      'https://help.acme.example/no-access',
    );
    for (const hostile of [null, 42, 'not a url', 'x'.repeat(5000), ['https://a.example']])
      expect(readSamlApps([withPage(hostile)])[0]).not.toHaveProperty('errorRedirectUrl');
  });

  it("names a discovered app by Okta's label and id, one line, bounded: the label is Okta's text", () => {
    expect(itemName({ id: 'x', found: { appId: '0oa1', label: 'Payroll\r\n  (EU)' } })).toBe('Payroll (EU) (0oa1)');
    expect(itemName({ id: 'x', found: { appId: '0oa1', label: 'x'.repeat(500) } })).toHaveLength(80 + ' (0oa1)'.length);
  });

  it("words Okta's refusal once, after what was asked, and keeps Okta's code", () => {
    expect(
      discoveryFinding(
        { code: 'INVENTORY_ROLE_MISSING', requestId: 'r1', detail: 'the active apps: You do not have permission' },
        'the active apps',
      ),
    ).toEqual({
      code: 'SAML_DISCOVERY_FAILED',
      requestId: 'r1',
      detail: 'the active apps: You do not have permission (INVENTORY_ROLE_MISSING)',
    });
    expect(discoveryFinding({ code: 'SCOPE_REQUIRES_CONSENT', requestId: null }, 'a token for okta.apps.read')).toEqual(
      { code: 'SAML_DISCOVERY_FAILED', requestId: null, detail: 'a token for okta.apps.read: SCOPE_REQUIRES_CONSENT' },
    );
  });

  it(
    'says why a discovery found no app, by its rule, with what Okta listed and the role that limits what it ' + 'sees',
    () => {
      expect(emptyReason({ kind: 'labelPrefix', labelPrefix: 'Acme ' }, 'probe@acme.com', 0)).toMatch(
        /^the group checks no app: no active SAML 2\.0 app's label starts with "Acme " .*\(Okta listed none\); check samlGroups\[\]\.discover.*Read-only Administrator/,
      );
      expect(emptyReason({ kind: 'assigned' }, 'probe@acme.com', 3)).toContain(
        'assigned to the synthetic user p***@acme.com (Okta listed 3, none an active SAML 2.0 app)',
      );
      // The login is masked as everywhere else: this reason reaches the terminal and the run line the Lambda keeps.
      expect(emptyReason({ kind: 'assigned' }, 'synthetic.probe@acme.com', 0)).not.toContain('synthetic.probe');
      expect(emptyReason({ kind: 'oktaGroupId', oktaGroupId: '00g1' }, 'u', undefined)).toMatch(
        /Okta group 00g1 is assigned no active SAML 2\.0 app; check/,
      );
    },
  );
});
