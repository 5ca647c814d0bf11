// The samlGroups list: groups of SAML apps, listed or discovered through the Management API, each field
// a contract; every problem names the field and the fix, and a discovery is refused before it can fail in a run
// (no "org" server, a scope it needs missing, a client secret where the Management API takes none).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';

const env = { OKTA_SECRET: 'server-secret-0000000000', OKTA_PROBE_PASSWORD: 'Corr3ct-H0rse' };

const app = (extra: Record<string, unknown> = {}) => ({
  id: 'salesforce',
  signIn: 'portal',
  ssoUrl: 'https://acme.okta.com/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml',
  metadataUrl: 'https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata',
  audience: 'https://saml.salesforce.com',
  recipient: 'https://acme.my.salesforce.com/',
  ...extra,
});
const journey = (id: string, flow = 'authn', everyMinutes = 5) => ({
  id,
  server: 'org',
  flow,
  clientId: `0oa${id}`,
  ...(flow !== 'direct' && { redirectUri: 'https://portal.acme.example/callback' }),
  username: `synthetic.${id}@acme.example`,
  everyMinutes,
});
const org = (scopes: string[], extra: Record<string, unknown> = {}) => ({
  id: 'org',
  clientId: '0oa-org',
  scopes,
  authMethod: 'private_key_jwt',
  ...extra,
});
const config = (extra: Record<string, unknown>) => ({
  orgUrl: 'https://acme.okta.com',
  servers: [org(['okta.apps.read', 'okta.users.read', 'okta.groups.read'])],
  signIn: [journey('portal'), journey('api', 'direct')],
  ...extra,
});
const parse = (extra: Record<string, unknown>) => parseConfig(config(extra), { mode: 'deploy', baseDir: '/tmp', env });
const errorsOf = (extra: Record<string, unknown>): string[] => {
  const result = parse(extra);
  return result.ok ? [] : result.errors;
};

describe("samlGroups: the contract's fields", () => {
  it('reads each way of finding apps, with the cadence and concurrency defaults', () => {
    const result = parse({
      samlGroups: [
        { id: 'assigned', signIn: 'portal', discover: 'assigned' },
        { id: 'hr', signIn: 'portal', discover: { labelPrefix: 'HR ' }, everyMinutes: 120, concurrency: 2 },
        { id: 'sales', signIn: 'portal', discover: { oktaGroupId: '00g1a2b3c4d5e6f7g8h9' } },
      ],
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.samlGroups).toEqual([
      { id: 'assigned', signIn: 'portal', everyMinutes: 60, concurrency: 4, discover: { kind: 'assigned' } },
      {
        id: 'hr',
        signIn: 'portal',
        everyMinutes: 120,
        concurrency: 2,
        discover: { kind: 'labelPrefix', labelPrefix: 'HR ' },
      },
      {
        id: 'sales',
        signIn: 'portal',
        everyMinutes: 60,
        concurrency: 4,
        discover: { kind: 'oktaGroupId', oktaGroupId: '00g1a2b3c4d5e6f7g8h9' },
      },
    ]);
  });

  it("counts a listed app in the group it names, and one without a group in its journey's default group", () => {
    const result = parse({
      samlGroups: [{ id: 'finance', signIn: 'portal' }],
      samlApps: [app({ group: 'finance' }), app({ id: 'jira' })],
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.samlApps?.map((a) => [a.id, a.group])).toEqual([
      ['salesforce', 'finance'],
      ['jira', 'portal-saml'],
    ]);
    expect(result.config.probe.samlGroups?.map((g) => g.id)).toEqual(['finance', 'portal-saml']);
  });

  it("lets a samlGroups entry configure the journey's default group", () => {
    const result = parse({
      samlGroups: [{ id: 'portal-saml', signIn: 'portal', everyMinutes: 240 }],
      samlApps: [app()],
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.samlGroups).toEqual([
      { id: 'portal-saml', signIn: 'portal', everyMinutes: 240, concurrency: 4 },
    ]);
  });

  it('refuses a discovery the "org" server cannot read, naming the scope to add and grant', () => {
    const errors = parseConfig(
      config({ servers: [org(['okta.apps.read'])], samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned' }] }),
      { mode: 'deploy', baseDir: '/tmp', env },
    ).ok;
    expect(errors).toBe(false);
    const result = parseConfig(
      config({
        servers: [org(['okta.apps.read'])],
        samlGroups: [{ id: 'g', signIn: 'portal', discover: { oktaGroupId: '00g1a2b3c4d5e6f7g8h9' } }],
      }),
      { mode: 'deploy', baseDir: '/tmp', env },
    );
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(/^samlGroups\[0\]\.discover: .*add "okta\.groups\.read" to servers\[0\]\.scopes/),
    ]);
  });

  it('refuses a discovery without an "org" server, and one whose "org" server sends a client secret', () => {
    const custom = {
      id: 'default',
      clientId: '0oa-custom',
      scopes: ['probe'],
      audience: 'api://default',
      authMethod: 'client_secret_basic',
    };
    const noOrg = parseConfig(
      {
        ...config({ samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned' }] }),
        servers: [custom],
        signIn: [{ ...journey('portal'), server: 'default' }],
      },
      { mode: 'deploy', baseDir: '/tmp', env },
    );
    expect(noOrg.ok ? [] : noOrg.errors).toEqual([
      expect.stringMatching(/^samlGroups\[0\]\.discover: .*add a servers\[\] entry with id "org" \(private_key_jwt\)/),
    ]);
    const secret = parseConfig(
      config({
        servers: [org(['okta.apps.read', 'okta.users.read'], { authMethod: 'client_secret_basic' })],
        samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned' }],
      }),
      { mode: 'deploy', baseDir: '/tmp', env },
    );
    expect(secret.ok ? [] : secret.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^samlGroups\[0\]\.discover: the "org" server \(servers\[0\]\) must use private_key_jwt/),
      ]),
    );
  });

  it('names only the typo of an "org" entry that is written but refused, never "add an org server"', () => {
    const { clientId, ...rest } = org(['okta.apps.read', 'okta.users.read']);
    const errors = errorsOf({
      servers: [{ ...rest, clientID: clientId }],
      samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned' }],
    });
    expect(errors).toEqual([
      expect.stringMatching(/^servers\[0\]\.clientID: unknown field \(did you mean clientId\?\)/),
    ]);
  });

  it('names a journey with a problem of its own once, at the journey, never also "not a valid signIn[] entry"', () => {
    const portal = { ...journey('portal'), redirectUri: 'portal.acme.example/callback' };
    expect(
      errorsOf({
        signIn: [portal, journey('api', 'direct')],
        samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned' }],
      }),
    ).toEqual([
      expect.stringMatching(/^signIn\[0\]\.redirectUri: "portal\.acme\.example\/callback" is not an absolute URL/),
    ]);
    // Its secret's variable missing, as a first run on a new machine has it (the CLI reads the variables).
    const cli = parseConfig(config({ samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned' }] }), {
      mode: 'cli',
      baseDir: '/tmp',
      env: { OKTA_SECRET: env.OKTA_SECRET },
      readCredentials: false,
    });
    expect(cli.ok ? [] : cli.errors.filter((e) => e.startsWith('samlGroups'))).toEqual([]);
  });

  it('names each wrong field with its fix', () => {
    expect(errorsOf({ samlGroups: [{ id: 'g', signIn: 'portal', discover: 'everything' }] })).toEqual([
      expect.stringMatching(
        /^samlGroups\[0\]\.discover: expected "assigned", \{ "labelPrefix": "\.\.\." \} or \{ "oktaGroupId": "00g\.\.\." \}/,
      ),
    ]);
    expect(
      errorsOf({
        samlGroups: [
          { id: 'g', signIn: 'portal', discover: { labelPrefix: 'HR', oktaGroupId: '00g1a2b3c4d5e6f7g8h9' } },
        ],
      }),
    ).toEqual([expect.stringMatching(/^samlGroups\[0\]\.discover: give exactly one of/)]);
    expect(errorsOf({ samlGroups: [{ id: 'g', signIn: 'portal', discover: { oktaGroupId: 'sales' } }] })).toEqual([
      expect.stringMatching(/^samlGroups\[0\]\.discover\.oktaGroupId: "sales" is not an Okta group id/),
    ]);
    expect(errorsOf({ samlGroups: [{ id: 'g', signIn: 'api', discover: 'assigned' }] })).toEqual([
      expect.stringMatching(/^samlGroups\[0\]\.signIn: "api" is a "direct" journey/),
    ]);
    expect(errorsOf({ samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned', everyMinutes: 3 }] })).toEqual([
      expect.stringMatching(/^samlGroups\[0\]\.everyMinutes: 3 is out of range/),
    ]);
    expect(
      errorsOf({
        signIn: [journey('portal', 'authn', 90)],
        samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned', everyMinutes: 60 }],
      }),
    ).toEqual([
      expect.stringMatching(
        /^samlGroups\[0\]\.everyMinutes: 60 is shorter than the journey's own cadence .*use at least 90/,
      ),
    ]);
    expect(errorsOf({ samlGroups: [{ id: 'g', signIn: 'portal', discover: 'assigned', concurrency: 50 }] })).toEqual([
      expect.stringMatching(/^samlGroups\[0\]\.concurrency: 50 is out of range/),
    ]);
    expect(errorsOf({ samlGroups: [{ id: 'g', signIn: 'portal' }] })).toEqual([
      expect.stringMatching(/^samlGroups\[0\]: the group "g" has no app: give it "discover"/),
    ]);
  });

  it("refuses a listed app's unknown group, another journey's group, and a group with ownAlarm", () => {
    const groups = [
      { id: 'finance', signIn: 'portal' },
      { id: 'ops', signIn: 'other', discover: 'assigned' },
    ];
    const signIn = [journey('portal'), journey('other')];
    expect(errorsOf({ signIn, samlGroups: groups, samlApps: [app({ group: 'financ' })] })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^samlApps\[0\]\.group: "financ" is not the id of any samlGroups\[\] entry; use one of "finance", "ops"/,
        ),
      ]),
    );
    expect(
      errorsOf({ signIn, samlGroups: groups, samlApps: [app({ group: 'ops' }), app({ id: 'x', group: 'finance' })] }),
    ).toEqual([
      expect.stringMatching(
        /^samlApps\[0\]\.group: the group "ops" is judged in the sessions of journey "other", and this app in those of "portal"/,
      ),
    ]);
    expect(errorsOf({ samlApps: [app({ group: 'portal-saml', ownAlarm: true })] })).toEqual([
      expect.stringMatching(/^samlApps\[0\]\.group: an app with "ownAlarm": true has alarms of its own/),
    ]);
  });

  it("keeps every id unique: a group's, and the default group's, against the servers', journeys' and apps'", () => {
    expect(errorsOf({ samlGroups: [{ id: 'portal', signIn: 'portal', discover: 'assigned' }] })).toEqual([
      expect.stringMatching(/^samlGroups\[0\]\.id: "portal" is already used by signIn\[0\]\.id/),
    ]);
    expect(errorsOf({ samlApps: [app({ id: 'portal-saml', ownAlarm: true }), app({ id: 'jira' })] })).toEqual([
      expect.stringMatching(
        /^samlApps\[1\]\.group: the journey's default group "portal-saml" clashes with samlApps\[0\]\.id/,
      ),
    ]);
  });
});
