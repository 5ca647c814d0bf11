// The listed SAML apps found in the inventory's app listing: what their URLs carry of Okta's side (hostile text:
// only the org's own URLs of Okta's exact forms), and how an app of the listing is told to be the listed one.
import { describe, expect, it } from 'vitest';
import {
  listedProvisioning,
  listedRecord,
  matchListedApps,
  readListedRecord,
  type ListingApp,
} from '../../../../functions/probe/inventory/listed-apps';
import { oktaRefs } from '../../../../functions/probe/okta/app-refs';
import type { SamlAppConfig } from '../../../../functions/types';
import { STORED_SKEW_MS } from '../../../../functions/contract';

const ORG = 'https://acme.okta.com';
const SSO = `${ORG}/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml`;
const METADATA = `${ORG}/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata`;

const listedApp = (over: Partial<SamlAppConfig> = {}): SamlAppConfig => ({
  id: 'salesforce',
  signIn: 'portal',
  ssoUrl: SSO,
  metadataUrl: METADATA,
  audience: 'https://saml.salesforce.com',
  recipient: 'https://acme.my.salesforce.com/',
  requiredAttributes: [],
  ...over,
});

const app = (over: Partial<ListingApp> = {}): ListingApp => ({
  id: '0oa1salesforce00000x7',
  label: 'Salesforce',
  name: 'acme_salesforce_1',
  signOnMode: 'SAML_2_0',
  audience: 'https://saml.salesforce.com',
  provisions: [],
  ...over,
});

describe('oktaRefs', () => {
  it("takes the SSO URL's app name and key, and the metadata URL's id, from Okta's forms on the org", () => {
    expect(oktaRefs(listedApp(), ORG)).toEqual({ name: 'acme_salesforce_1', ids: ['exk1a2b3c4d5e6f7g8h9'] });
    expect(oktaRefs(listedApp({ metadataUrl: `${ORG}/app/0oa1salesforce00000x7/sso/saml/metadata` }), ORG)).toEqual({
      name: 'acme_salesforce_1',
      ids: ['exk1a2b3c4d5e6f7g8h9', '0oa1salesforce00000x7'],
    });
  });

  it.each([
    ['another host', `https://evil.example/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml`],
    ['a look-alike host', `https://acme.okta.com.evil.example/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml`],
    ['another scheme', `http://acme.okta.com/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml`],
    ['a user in the authority', `https://x@acme.okta.com/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml`],
    ['a dot segment', `${ORG}/app/../app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml`],
    ['an encoded dot segment', `${ORG}/app/%2e%2e/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml`],
    ['an encoded slash in the key', `${ORG}/app/acme_salesforce_1/exk1a2b3%2Fc4d5e6f7g8h9/sso/saml`],
    ['an over-long key', `${ORG}/app/acme_salesforce_1/exk${'a'.repeat(60)}/sso/saml`],
    ['a key of other characters', `${ORG}/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h!/sso/saml`],
    ['a path of another form', `${ORG}/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml/extra`],
    ['not a URL', 'exk1a2b3c4d5e6f7g8h9'],
  ])('refuses an SSO URL on %s', (_what, ssoUrl) => {
    const refs = oktaRefs(listedApp({ ssoUrl, metadataUrl: 'https://evil.example/x' }), ORG);
    expect(refs.ids).toEqual([]);
    expect(refs.name).toBeUndefined();
  });

  it('refuses an app name with a character no Okta name has', () => {
    expect(oktaRefs(listedApp({ ssoUrl: `${ORG}/app/a%20b/exk1a2b3c4d5e6f7g8h9/sso/saml` }), ORG).name).toBeUndefined();
  });

  it('refuses a metadata URL on another host, or a traversal, keeping the SSO URL', () => {
    for (const metadataUrl of [
      'https://evil.example/app/0oa1salesforce00000x7/sso/saml/metadata',
      `${ORG}/app/0oa1salesforce00000x7/sso/saml/../../x/sso/saml/metadata`,
    ])
      expect(oktaRefs(listedApp({ metadataUrl }), ORG).ids).toEqual(['exk1a2b3c4d5e6f7g8h9']);
  });
});

describe('matchListedApps', () => {
  it('finds an app by an id its URLs carry before anything else', () => {
    const listed = listedApp({ metadataUrl: `${ORG}/app/0oa1salesforce00000x7/sso/saml/metadata` });
    const other = app({ id: '0oa2other0000000000x7', label: 'Other', provisions: ['PUSH_NEW_USERS'] });
    expect(matchListedApps([listed], [other, app({ name: 'renamed' })], ORG, true)).toEqual([
      {
        listed: 'salesforce',
        found: { appId: '0oa1salesforce00000x7', label: 'Salesforce', provisions: [] },
        by: 'id',
      },
    ]);
  });

  it("else finds the one active SAML 2.0 app of the SSO URL's name that asserts the listed audience", () => {
    const apps = [
      app({ provisions: ['PUSH_NEW_USERS'] }),
      app({ id: '0oa3sandbox000000000x7', audience: 'https://test.salesforce.com' }),
      app({ id: '0oa4wsfed000000000x7', signOnMode: 'WS_FEDERATION' }),
    ];
    const [match] = matchListedApps([listedApp()], apps, ORG, true);
    expect(match).toEqual({
      listed: 'salesforce',
      found: { appId: '0oa1salesforce00000x7', label: 'Salesforce', provisions: ['PUSH_NEW_USERS'] },
      by: 'name and audience',
    });
    expect(listedProvisioning([match!])).toEqual([
      {
        listed: 'salesforce',
        app: 'Salesforce (0oa1salesforce00000x7)',
        features: ['PUSH_NEW_USERS'],
        by: 'name and audience',
      },
    ]);
  });

  it('chooses none of several apps of one name and audience, and says how to tell them apart', () => {
    const apps = [app({ provisions: ['PUSH_NEW_USERS'] }), app({ id: '0oa5twin000000000000x7' })];
    const [match] = matchListedApps([listedApp()], apps, ORG, true);
    expect(match).toMatchObject({ listed: 'salesforce', why: expect.stringContaining('2 active SAML apps') });
    expect(listedProvisioning([match!])).toEqual([]);
  });

  it('says why an app is not found, and that a listing cut short may hold it', () => {
    expect(matchListedApps([listedApp()], [], ORG, true)).toEqual([
      { listed: 'salesforce', why: expect.stringMatching(/^no active SAML 2.0 app is named "acme_salesforce_1"/) },
    ]);
    expect(matchListedApps([listedApp()], [app({ audience: 'urn:other' })], ORG, false)).toEqual([
      {
        listed: 'salesforce',
        why: expect.stringContaining('another audience than https://saml.salesforce.com (the listing was cut short'),
      },
    ]);
  });
});

describe('the kept record', () => {
  it('reads back what was kept, and drops what is not of its shape', () => {
    const matches = matchListedApps(
      [listedApp(), listedApp({ id: 'gone' })],
      [app({ provisions: ['PUSH_NEW_USERS'] })],
      ORG,
      true,
    );
    const kept = listedRecord(matches, 1_000);
    expect(readListedRecord(JSON.parse(JSON.stringify(kept)), 2_000)).toEqual(kept);
    expect(
      readListedRecord(
        {
          at: 5,
          apps: [
            null,
            { listed: 'a', found: { appId: '../../etc', label: 'x', provisions: ['PUSH_NEW_USERS'] }, by: 'id' },
            {
              listed: 'b',
              found: { appId: '0oa1salesforce00000x7', label: 'x', provisions: ['DELETE_ALL'] },
              by: 'guess',
            },
            {
              listed: 'c',
              found: { appId: '0oa1salesforce00000x7', label: 'x', provisions: ['PUSH_NEW_USERS', 7] },
              by: 'id',
            },
          ],
        },
        2_000,
      ),
    ).toEqual({
      at: 5,
      apps: [
        {
          listed: 'c',
          found: { appId: '0oa1salesforce00000x7', label: 'x', provisions: ['PUSH_NEW_USERS'] },
          by: 'id',
        },
      ],
    });
    expect(readListedRecord('nonsense', 2_000)).toBeUndefined();
  });

  it('refuses a record from the future: its age would be a lie, fresh for ever', () => {
    const kept = JSON.parse(JSON.stringify(listedRecord([], 1_000 + STORED_SKEW_MS + 1)));
    expect(readListedRecord(kept, 1_000)).toBeUndefined();
    expect(readListedRecord({ ...kept, at: 1_000 + STORED_SKEW_MS }, 1_000)).toBeDefined();
    expect(readListedRecord({ ...kept, at: -1 }, 1_000)).toBeUndefined();
  });
});
