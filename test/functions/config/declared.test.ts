// Each level of the config file is declared once (functions/config/schema.ts): its JSON Schema, its file-JSON type
// and the rules its reader applies come from that declaration. This holds the rest to it: every declared field is
// read by the level's reader and the reader reads no other (an entry built from the declaration, each read
// recorded), and the validated types of the levels read by their declaration name the declared fields only.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  AuthMethod,
  AuthorizeConfig,
  ResourceConfig,
  SamlDiscovery,
  SamlGroupConfig,
  SignInConfig,
  SignInFlow,
  TotpAuthenticator,
  UserSignInsConfig,
} from '../../../functions/types';
import { parseConfig, readVpc } from '../../../functions/config/parse';
import { readQuorum } from '../../../functions/config/quorum';
import { readAlarmEndpoints, readChat } from '../../../functions/config/routing';
import { Problems, readDeclared, readLevel, type Ctx, type Json } from '../../../functions/config/readers';
import { readSamlApps } from '../../../functions/config/samlApps';
import { readSamlGroups } from '../../../functions/config/samlGroups';
import {
  SAML_APP_SCHEMA,
  SAML_GROUP_SCHEMA,
  SERVER_SCHEMA,
  SIGN_IN_SCHEMA,
  TOP_SCHEMA,
  VPC_SUBNETS,
  type ConfigFileJson,
  type FieldSchema,
  type ServerFileJson,
} from '../../../functions/config/schema';
import type { FromSchema } from '../../../functions/config/schema-type';
import { QUORUM_SCHEMA } from '../../../functions/config/quorum-shape';
import { readServers } from '../../../functions/config/servers';
import { readSignIns } from '../../../functions/config/sign-in';
import { USER_SIGN_INS_BLOCK } from '../../../functions/config/user-sign-ins';
import { withOrgBlock } from '../../../functions/config/org-block';

type Fields = Readonly<Record<string, FieldSchema>>;

/** A value of the declared type, the first the declaration allows: enough for a reader to read the field. */
function sampleOf(schema: FieldSchema): unknown {
  if (Array.isArray(schema.oneOf)) return sampleOf(schema.oneOf[0] as FieldSchema);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') return 'sample';
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [sampleOf((schema.items ?? { type: 'string' }) as FieldSchema)];
  return {};
}

/** Every declared field with a value, and the names a reader asks of it (`raw.x`, `'x' in raw`) as it reads. */
function recordingEntry(fields: Fields): { entry: Json; read: Set<string> } {
  const read = new Set<string>();
  const target = Object.fromEntries(Object.keys(fields).map((key) => [key, sampleOf(fields[key] ?? {})]));
  const entry = new Proxy(target, {
    get: (object, key, receiver) => {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(object, key, receiver) as unknown;
    },
    has: (object, key) => {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(object, key);
    },
  });
  return { entry, read };
}

/** What a reader must read: every declared field but the comment, which is for people. */
const expected = (fields: Fields): string[] => Object.keys(fields).filter((key) => key !== '_comment');
const sorted = (keys: Iterable<string>): string[] => [...keys].sort();

const ctx = (problems: Problems, mode: Ctx['mode']): Ctx => ({
  mode,
  baseDir: '/tmp',
  env: {},
  readCredentials: false,
  credentialFiles: undefined,
  problems,
});

const journey = { id: 'portal', server: 'org', flow: 'authn', clientId: '0oa1', username: 'u', everyMinutes: 5 };
const orgServer = { id: 'org', clientId: '0oa-org', scopes: ['okta.apps.read'], authMethod: 'private_key_jwt' };

/** Each level, and how to run its reader over one entry of it. */
const LEVELS: Record<string, { fields: Fields; read: (entry: Json) => void }> = {
  'servers[]': {
    fields: SERVER_SCHEMA,
    read: (entry) => {
      for (const mode of ['cli', 'deploy'] as const) readServers({ servers: [entry] }, ctx(new Problems(), mode), 'p');
    },
  },
  'servers[].authorize': {
    fields: SERVER_SCHEMA.authorize.properties,
    read: (entry) => readServers({ servers: [{ ...orgServer, authorize: entry }] }, ctx(new Problems(), 'deploy'), 'p'),
  },
  'servers[].managementApi': {
    fields: SERVER_SCHEMA.managementApi.oneOf[1].properties,
    read: (entry) =>
      readServers({ servers: [{ ...orgServer, managementApi: entry }] }, ctx(new Problems(), 'deploy'), 'p'),
  },
  'servers[].resources[]': {
    fields: SERVER_SCHEMA.resources.items.properties,
    read: (entry) =>
      readServers(
        { servers: [{ ...orgServer, id: 'custom', resources: [entry] }] },
        ctx(new Problems(), 'deploy'),
        'p',
      ),
  },
  'signIn[]': {
    fields: TOP_SCHEMA.signIn.items.properties,
    read: (entry) => {
      for (const mode of ['cli', 'deploy'] as const) readSignIns({ signIn: [entry] }, ctx(new Problems(), mode), []);
    },
  },
  'samlApps[]': {
    fields: SAML_APP_SCHEMA,
    read: (entry) =>
      readSamlApps({ signIn: [journey], samlApps: [entry] }, ctx(new Problems(), 'deploy'), 'https://acme.okta.com'),
  },
  'samlGroups[]': {
    fields: SAML_GROUP_SCHEMA,
    read: (entry) => readSamlGroups({ samlGroups: [entry] }, ctx(new Problems(), 'deploy'), [], [], new Map()),
  },
  // The discover object's two forms, read as one level: the reader asks for both, to refuse an object giving both.
  'samlGroups[].discover': {
    fields: { ...SAML_GROUP_SCHEMA.discover.oneOf[1].properties, ...SAML_GROUP_SCHEMA.discover.oneOf[2].properties },
    read: (entry) => {
      const groups = { samlGroups: [{ id: 'g', signIn: 'portal', discover: entry }] };
      readSamlGroups(groups, ctx(new Problems(), 'deploy'), [], [], new Map());
    },
  },
  vpc: {
    fields: VPC_SUBNETS.properties,
    read: (entry) => readVpc({ vpc: entry }, new Problems()),
  },
  'alarmEndpoints.page[] (by secret)': {
    fields: TOP_SCHEMA.alarmEndpoints.properties.page.items.oneOf[1].properties,
    read: (entry) => readAlarmEndpoints({ alarmEndpoints: { page: [entry] } }, new Problems()),
  },
  'chat.slack[]': {
    fields: TOP_SCHEMA.chat.properties.slack.items.properties,
    read: (entry) => readChat({ chat: { slack: [entry] } }, new Problems()),
  },
  'chat.teams[]': {
    fields: TOP_SCHEMA.chat.properties.teams.items.properties,
    read: (entry) => readChat({ chat: { teams: [entry] } }, new Problems()),
  },
  userSignIns: {
    fields: TOP_SCHEMA.userSignIns.properties,
    read: (entry) => withOrgBlock({ userSignIns: entry }, [], new Problems(), USER_SIGN_INS_BLOCK),
  },
  quorum: {
    fields: QUORUM_SCHEMA.properties,
    read: (entry) => readQuorum({ quorum: entry }, ['us-east-1', 'us-west-2'], 1, new Problems()),
  },
};

describe('one declaration per level: the schema, the file type, the reader and the validated type agree', () => {
  it.each(Object.keys(LEVELS))('%s: the reader reads every declared field, and no other', (name) => {
    const level = LEVELS[name]!;
    const { entry, read } = recordingEntry(level.fields);
    level.read(entry);
    expect(sorted(read)).toEqual(sorted(expected(level.fields)));
  });

  it('catches a reader that skips a declared field, or reads one never declared', () => {
    // The recording itself, proven on a reader that reads one declared field and one undeclared.
    const { entry, read } = recordingEntry({ a: { type: 'string' }, b: { type: 'string' } });
    void entry.a;
    void entry.c;
    expect(sorted(read)).not.toEqual(sorted(expected({ a: {}, b: {} })));
    expect(sorted(read)).toEqual(['a', 'c']);
  });

  it('derives the file types from the declarations: each declared field, and only those', () => {
    expectTypeOf<keyof ServerFileJson>().toEqualTypeOf<keyof typeof SERVER_SCHEMA>();
    expectTypeOf<keyof ConfigFileJson>().toEqualTypeOf<keyof typeof TOP_SCHEMA>();
    expectTypeOf<ServerFileJson['resources']>().toEqualTypeOf<
      | readonly {
          readonly _comment?: string;
          readonly url: string;
          readonly method?: 'GET' | 'HEAD' | 'POST';
          readonly expectStatus?: number;
        }[]
      | undefined
    >();
    // At run time: the required fields of the schema editors read are the ones the type makes required.
    const servers = TOP_SCHEMA.servers.items;
    expect(servers.required).toEqual(['id', 'clientId', 'scopes']);
    const server: ServerFileJson = { id: 'org', clientId: '0oa1', scopes: ['okta.users.read'] };
    expect(Object.keys(server).every((key) => key in servers.properties)).toBe(true);
  });

  it('validates into types that name declared fields only, for the levels read by their declaration', () => {
    type Declared<F> = Exclude<keyof F, '_comment'>;
    expectTypeOf<keyof AuthorizeConfig>().toEqualTypeOf<Declared<typeof SERVER_SCHEMA.authorize.properties>>();
    expectTypeOf<keyof ResourceConfig>().toEqualTypeOf<Declared<typeof SERVER_SCHEMA.resources.items.properties>>();
    expectTypeOf<keyof UserSignInsConfig>().toEqualTypeOf<Declared<typeof TOP_SCHEMA.userSignIns.properties>>();
    expectTypeOf<keyof SamlGroupConfig>().toEqualTypeOf<Declared<typeof SAML_GROUP_SCHEMA>>();
    expectTypeOf<ResourceConfig['method']>().toEqualTypeOf<
      FromSchema<typeof SERVER_SCHEMA.resources.items.properties.method>
    >();
    expectTypeOf<Extract<SamlDiscovery, { kind: 'assigned' }>['kind']>().toEqualTypeOf<
      FromSchema<(typeof SAML_GROUP_SCHEMA.discover.oneOf)[0]>
    >();
    // At run time: the resource methods the validator accepts are the declared ones.
    expect(SERVER_SCHEMA.resources.items.properties.method.enum).toEqual(['GET', 'HEAD', 'POST']);
    const resource: ResourceConfig = { url: 'https://api.example.com/', method: 'HEAD' };
    expect(SERVER_SCHEMA.resources.items.properties.method.enum).toContain(resource.method);
  });

  it('holds a field read with `what` required whatever its declared type, and a list to its declared values', () => {
    // An enum, a number and a boolean once passed absent: only a string or a list read `what` as required.
    const fields = {
      mode: { enum: ['a', 'b'] },
      count: { type: 'integer', minimum: 1, maximum: 9 },
      on: { type: 'boolean' },
      label: { type: 'string' },
    } as const;
    const problems = new Problems();
    for (const key of ['mode', 'count', 'on', 'label'] as const) {
      const value = readDeclared({}, fields, key, problems, { parent: 'x', what: `the ${key}`, unit: 'things' });
      expect(value).toBeUndefined();
    }
    expect(problems.list).toEqual([
      'x.mode: required: the mode',
      'x.count: required: the count',
      'x.on: required: the on',
      'x.label: required: the label',
    ]);
    // A list of declared values refuses any other, with or without advice; it once took any string.
    const list = { kinds: { type: 'array', items: { enum: ['page', 'warn'] } } } as const;
    expect(readDeclared({ kinds: ['page', 'sms'] }, list, 'kinds', problems, { parent: 'x' })).toBeUndefined();
    expect(problems.list.at(-1)).toBe('x.kinds[1]: expected one of page, warn, got "sms"');
    // Without `what` an absent field is no problem, and a present one is read as declared.
    const quiet = new Problems();
    expect(readDeclared({ mode: 'b', on: false }, fields, 'mode', quiet, { parent: 'x' })).toBe('b');
    expect(readDeclared({ mode: 'b', on: false }, fields, 'on', quiet, { parent: 'x' })).toBe(false);
    expect(readDeclared({}, fields, 'count', quiet, { parent: 'x', unit: 'things' })).toBeUndefined();
    expect(quiet.list).toEqual([]);
  });

  it('reads a level in one call: undeclared keys refused, each field by its table, in its order', () => {
    const fields = {
      _comment: { type: 'string' },
      mode: { enum: ['a', 'b'] },
      count: { type: 'integer', minimum: 1, maximum: 9 },
      label: { type: 'string', pattern: '^[a-z]+$' },
      nested: { type: 'object' },
    } as const;
    const problems = new Problems();
    const raw = { _comment: 7, mode: 'c', count: 20, label: 'A', nested: 'x', mdoe: 'a' };
    const level = readLevel(raw, fields, problems, {
      parent: 'x',
      fields: {
        label: { advice: () => 'lower-case letters', what: 'a label' },
        count: { unit: 'things' },
        nested: 'own',
      },
    });
    expectTypeOf(level).toEqualTypeOf<{ mode?: 'a' | 'b'; count?: number; label?: string }>();
    expect(level).toEqual({});
    // The unknown key first, then the table's fields in its order, then the rest in the declaration's; the comment
    // and the field the level reads itself are never read.
    expect(problems.list).toEqual([
      'x.mdoe: unknown field (did you mean mode?)',
      'x.label: lower-case letters',
      'x.count: 20 is out of range: use an integer from 1 to 9 (things)',
      'x.mode: expected one of a, b, got "c"',
    ]);
    const quiet = new Problems();
    expect(
      readLevel({ mode: 'b', count: 2 }, fields, quiet, {
        parent: 'x',
        fields: {
          count: { unit: 'things', refuse: (v) => (v === 2 ? 'not two' : undefined) },
          label: { advice: () => 'lower-case letters' },
          nested: 'own',
        },
      }),
    ).toEqual({ mode: 'b' });
    expect(quiet.list).toEqual(['x.count: not two']);
    // A table that leaves out a number's unit or a pattern's advice does not compile: a message would lack them.
    const forgetful = {
      parent: 'x',
      fields: { label: { advice: () => 'lower-case letters' }, nested: 'own' },
    } as const;
    // @ts-expect-error count's unit is missing
    expect(readLevel({}, fields, quiet, forgetful)).toEqual({});
    // @ts-expect-error label's advice is missing
    expect(readLevel({}, fields, quiet, { parent: 'x', fields: { count: { unit: 'things' }, nested: 'own' } })).toEqual(
      {},
    );
  });

  it('reads a field of several forms by the form of its value, and refuses a value of none with the forms', () => {
    // readDeclared once threw on a oneOf: managementApi's `true` was read by hand beside its declaration.
    const fields = { call: SERVER_SCHEMA.managementApi } as const;
    const problems = new Problems();
    const read = (call: unknown) =>
      readDeclared({ call }, fields, 'call', problems, { parent: 'x', advice: () => 'like { "path": ... }' });
    expect(read(true)).toBe(true);
    expect(read(false)).toBe(false);
    expect(read({ path: '/api/v1/users' })).toEqual({ path: '/api/v1/users' });
    expect(problems.list).toEqual([]);
    expect(read('yes')).toBeUndefined();
    expect(read(1)).toBeUndefined();
    expect(problems.list).toEqual([
      'x.call: expected true or false, or an object like { "path": ... }, got a string',
      'x.call: expected true or false, or an object like { "path": ... }, got a number',
    ]);
    // The object form's path: its whole rule declared, the characters an API path and query use.
    const path = new RegExp(SERVER_SCHEMA.managementApi.oneOf[1].properties.path.pattern, 'u');
    expect(['/api/v1/users?limit=1', '/api/v1/groups?q=a%20b&limit=1'].every((p) => path.test(p))).toBe(true);
    expect(['/api/v1/users limit', '/api/v1/', 'https://acme.okta.com/api/v1/users'].some((p) => path.test(p))).toBe(
      false,
    );
  });

  it('validates into the values the declarations accept, where a validated type names them again', () => {
    // types.ts imports no declaration (schema.ts names its types): the two are held equal here.
    expectTypeOf<FromSchema<typeof SERVER_SCHEMA.authMethod>>().toEqualTypeOf<AuthMethod>();
    expectTypeOf<FromSchema<typeof SIGN_IN_SCHEMA.flow>>().toEqualTypeOf<SignInFlow>();
    expectTypeOf<FromSchema<typeof SIGN_IN_SCHEMA.totpAuthenticator>>().toEqualTypeOf<TotpAuthenticator>();
    expectTypeOf<SignInConfig['authenticator']>().toEqualTypeOf<
      FromSchema<typeof SIGN_IN_SCHEMA.authenticator> | undefined
    >();
    // At run time: each is read through its declaration, so a value outside it is refused whatever the type says.
    const journeyOf = (extra: Record<string, unknown>): string[] => {
      const config = { orgUrl: 'https://acme.okta.com', servers: [orgServer], signIn: [{ ...journey, ...extra }] };
      const result = parseConfig(config, { mode: 'deploy', baseDir: '/tmp', env: {} });
      return result.ok ? [] : result.errors;
    };
    expect(journeyOf({ flow: 'oidc' })).toEqual([
      'signIn[0].flow: expected one of idx, authn, direct, browser, got "oidc"',
    ]);
    expect(journeyOf({ flow: 'idx', redirectUri: 'https://a.example/cb', authenticator: 'webauthn' })).toEqual([
      'signIn[0].authenticator: expected one of passkey (or left out for a TOTP code), got "webauthn"',
    ]);
  });

  it("reads a server's credential fields by their declaration, with the fix each needs", () => {
    const errorsOf = (server: Record<string, unknown>): string[] => {
      const config = { orgUrl: 'https://acme.okta.com', servers: [{ ...orgServer, ...server }] };
      const result = parseConfig(config, { mode: 'deploy', baseDir: '/tmp', env: {} });
      return result.ok ? [] : result.errors;
    };
    expect(errorsOf({ authMethod: 'client_secret_post' })).toEqual([
      'servers[0].authMethod: expected one of private_key_jwt, client_secret_basic (client_secret_post works at ' +
        'Okta too, but the probe sends client_secret_basic), got "client_secret_post"',
    ]);
    expect(errorsOf({ authMethod: 'jwt' })).toEqual([
      'servers[0].authMethod: expected one of private_key_jwt, client_secret_basic, got "jwt"',
    ]);
    const notASecret =
      'servers[0].secretName: expected a Secrets Manager secret name (letters, digits and /_+=.@-) or a secret ' +
      'ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)';
    expect(errorsOf({ secretName: 'okta probe' })).toEqual([notASecret]);
    expect(errorsOf({ secretName: 'arn:aws:secretsmanager:eu-west-1:12345:secret:x' })).toEqual([notASecret]);
    expect(errorsOf({ secretName: 'x'.repeat(513) })).toEqual([notASecret]);
    expect(errorsOf({ secretName: 7 })).toEqual(['servers[0].secretName: expected a non-empty string, got a number']);
    // A blank key file was taken as a path before; it is refused as the declaration's non-empty string.
    expect(errorsOf({ privateKeyFile: '  ' })).toEqual([
      'servers[0].privateKeyFile: expected a non-empty string, got a string',
    ]);
    // What the declarations accept still passes: a name, an ARN, a key file beside the stack's secret.
    expect(errorsOf({ secretName: 'okta/prod/org' })).toEqual([]);
    expect(
      errorsOf({
        secretName: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta/org-AbCdEf',
        privateKeyFile: 'k.pem',
      }),
    ).toEqual([]);
  });

  it("holds a SAML app's acsUrl to its declared https://, the reader saying why", () => {
    const app = {
      id: 'crm',
      signIn: 'portal',
      ssoUrl: 'https://acme.okta.com/app/acme_crm_1/exk1/sso/saml',
      metadataUrl: 'https://acme.okta.com/app/exk1/sso/saml/metadata',
      audience: 'https://sp.example',
      recipient: 'https://sp.example/acs',
    };
    const problemsOf = (acsUrl: string): string[] => {
      const problems = new Problems();
      const config = { signIn: [journey], samlApps: [{ ...app, acsUrl }] };
      readSamlApps(config, ctx(problems, 'deploy'), 'https://acme.okta.com');
      return problems.list;
    };
    expect(problemsOf('http://sp.example/acs')).toEqual([
      expect.stringMatching(/^samlApps\[0\]\.acsUrl: "http:\/\/sp\.example\/acs" is not https: Okta would post/),
    ]);
    expect(problemsOf('sp.example/acs')).toEqual([
      expect.stringMatching(/^samlApps\[0\]\.acsUrl: "sp\.example\/acs" is not an absolute URL; use the SP's ACS URL/),
    ]);
    // Accepted before, as the URL parser lowers the scheme; the declaration editors read refused it.
    expect(problemsOf('HTTPS://sp.example/acs')).toEqual([
      'samlApps[0].acsUrl: must begin with "https://", got "HTTPS://sp.example/acs"',
    ]);
    expect(problemsOf('https://sp.example/acs')).toEqual([]);
  });

  it("declares a server's whole issuer rule, the one its reader applied by hand", () => {
    // The reader's rule before it moved into the declaration, kept here as the reference.
    const handRule = (v: string): boolean => /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v) && !v.endsWith('/');
    const declared = new RegExp(SERVER_SCHEMA.issuer.pattern, 'u');
    const samples = [
      'https://login.acme.com',
      'https://login.acme.com/oauth2/default',
      'https://a.b//x',
      'https://a.b/x/',
    ];
    const more = ['https://a.b/', 'https://a.b?x=1', 'https://a.b/x#f', 'http://a.b', 'https://', 'https://a b/x', 'x'];
    for (const value of [...samples, ...more]) expect(declared.test(value), value).toBe(handRule(value));
  });

  it('refuses what the declaration refuses, each naming the field and the fix', () => {
    // The first three the validator let through before it read these fields by their declaration.
    const org = { id: 'org', clientId: '0oa1', scopes: ['okta.users.read'], authMethod: 'private_key_jwt' };
    const custom = {
      id: 'default',
      clientId: '0oa2',
      scopes: ['s'],
      audience: 'api://default',
      authMethod: 'private_key_jwt',
    };
    const journey = {
      id: 'portal',
      server: 'org',
      flow: 'authn',
      clientId: '0oa3',
      username: 'u',
      redirectUri: 'https://a.example/cb',
    };
    const errorsOf = (config: Record<string, unknown>): string[] => {
      const result = parseConfig(
        { orgUrl: 'https://acme.okta.com', ...config },
        { mode: 'deploy', baseDir: '/tmp', env: {} },
      );
      return result.ok ? [] : result.errors;
    };
    expect(errorsOf({ servers: [{ ...org, id: 'x'.repeat(65) }] })).toEqual([
      expect.stringMatching(/^servers\[0\]\.id: use 1-64 letters, digits, "_" or "-": "org" for the Org AS/),
    ]);
    expect(errorsOf({ servers: [org], signIn: [{ ...journey, region: 'Mars' }] })).toEqual([
      'signIn[0].region: "Mars" is not an AWS region name (like eu-west-1)',
    ]);
    expect(
      errorsOf({ servers: [{ ...custom, resources: [{ url: 'https://api.example.com/x', method: null }] }] }),
    ).toEqual([
      expect.stringMatching(/^servers\[0\]\.resources\[0\]\.method: expected one of GET, HEAD, POST .*, got null$/),
    ]);
    // An empty list stays refused: the declaration now says so too (minItems), so readDeclared does not allow it.
    expect(errorsOf({ servers: [{ ...org, authorize: { redirectUri: 'https://a.example/cb', scopes: [] } }] })).toEqual(
      ['servers[0].authorize.scopes: must not be empty'],
    );
    expect(errorsOf({ servers: [org], vpc: { subnetIds: ['subnet-1'], securityGroupIds: [] } })).toEqual([
      'vpc.subnetIds[0]: "subnet-1" is not a subnet id (like subnet-0123456789abcdef0)',
      'vpc.securityGroupIds: must not be empty',
    ]);
    expect(errorsOf({ servers: [org], vpc: { subnetIds: ['subnet-0123456789abcdef0'] } })).toEqual([
      expect.stringMatching(/^vpc\.securityGroupIds: required: security groups that allow outbound https/),
    ]);
    // And what it accepts still passes: the same fields, within the declaration.
    expect(
      errorsOf({ servers: [org, custom], signIn: [{ ...journey, region: 'eu-west-1' }], regions: ['eu-west-1'] }),
    ).toEqual([]);
  });
});

describe("the top level's addresses, cell, namespace and e-mail addresses: read by their declarations", () => {
  const server = { id: 'org', clientId: '0oa1', scopes: ['okta.users.read'], authMethod: 'private_key_jwt' };
  const errorsOf = (top: Record<string, unknown>): string[] => {
    const result = parseConfig(
      { orgUrl: 'https://acme.okta.com', servers: [server], ...top },
      { mode: 'deploy', baseDir: '/tmp', env: {} },
    );
    return result.ok ? [] : result.errors;
  };
  const declared = (pattern: string) => (value: string) => new RegExp(pattern, 'u').test(value);

  it.each([
    [
      'orgUrl',
      TOP_SCHEMA.orgUrl.pattern,
      [
        'https://acme.okta.com',
        'https://acme.okta.com/',
        'https://acme.okta.com:8443',
        'http://127.0.0.1:4000',
        'http://localhost:8080/',
        'http://[::1]:9000',
        'acme.okta.com',
        'http://acme.okta.com',
        'ftp://acme.okta.com',
        'https://acme.okta.com/oauth2/default',
        'https://acme.okta.com?x=1',
        'https://acme.okta.com/#f',
        'https://user:pw@acme.okta.com',
      ],
    ],
    [
      'statusPageUrl',
      TOP_SCHEMA.statusPageUrl.pattern,
      [
        'https://feeds.feedburner.com/OktaTrustRSS',
        'https://status.example.com/api/v2/status.json?x=1',
        'http://127.0.0.1:4000/status/feed',
        'http://status.example.com/feed',
        'status.example.com/feed',
        'https://u:p@status.example.com/feed',
      ],
    ],
    ['oktaCell', TOP_SCHEMA.oktaCell.pattern, ['US Cell 6', 'ok6', 'EU Cell 1', 'apac cell 1', 'Cell six', 'OK 6']],
    [
      'namespace',
      TOP_SCHEMA.namespace.pattern,
      ['OktaSynthetics', 'Identity/Okta #1: prod', 'AWS/Lambda', 'bad!', 'a'.repeat(255)],
    ],
  ] as const)(
    '%s: the declared pattern accepts what the validator accepts, and nothing it refuses',
    (field, pattern, samples) => {
      for (const value of samples) {
        const errors = errorsOf({ [field]: value });
        expect(declared(pattern)(value), `${field} ${value}`).toBe(errors.length === 0);
        for (const error of errors) expect(error.startsWith(`${field}: `), error).toBe(true);
      }
    },
  );

  it('holds each alarm e-mail address to the declared pattern, the message unchanged', () => {
    const pattern = declared(TOP_SCHEMA.alarmEmails.items.pattern);
    expect(['ops@example.com', 'on.call@acme.example'].every(pattern)).toBe(true);
    expect(['not-an-address', 'a@b', 'a b@c.d'].some(pattern)).toBe(false);
    expect(errorsOf({ alarmEmails: ['ops@example.com', 'not-an-address'] })).toEqual([
      'alarmEmails[1]: "not-an-address" is not an e-mail address',
    ]);
  });

  it("holds an alarm endpoint's URL to its declared https pattern, each message naming the rule broken", () => {
    // The declaration said only "^https://": editors took a user and password the validator refused, and refused a
    // capital scheme the validator took.
    const pattern = declared(TOP_SCHEMA.alarmEndpoints.properties.page.items.oneOf[0].pattern);
    const endpoint = (url: unknown): string[] => errorsOf({ alarmEndpoints: { page: [url] } });
    const samples = [
      'https://hooks.example.com/okta',
      'https://hooks.example.com/okta?team=ops',
      'https://u:p@hooks.example.com/x',
      'HTTPS://hooks.example.com/x',
      'http://127.0.0.1:9000/x',
      'http://hooks.example.com/x',
      'hooks.example.com/x',
      'https://hooks.example.com/a b',
    ];
    for (const url of samples) {
      const errors = endpoint(url);
      expect(pattern(url), url).toBe(errors.length === 0);
      for (const error of errors) expect(error.startsWith('alarmEndpoints.page[0]: '), error).toBe(true);
    }
    expect(endpoint('https://u:p@hooks.example.com/x')).toEqual([
      'alarmEndpoints.page[0]: must not contain a user name or password',
    ]);
    expect(endpoint('http://127.0.0.1:9000/x')).toEqual([
      'alarmEndpoints.page[0]: SNS delivers only to https endpoints; use the https address of the integration',
    ]);
    expect(endpoint('http://hooks.example.com/x')).toEqual([
      expect.stringMatching(/^alarmEndpoints\.page\[0\]: must use https \(plain http is accepted only for/),
    ]);
    expect(endpoint('HTTPS://hooks.example.com/x')).toEqual([
      'alarmEndpoints.page[0]: write the URL as it is read (did you mean "https://hooks.example.com/x"?)',
    ]);
    // Neither form, or no URL at all: the messages the hand-written reader gave.
    expect(endpoint(7)).toEqual([
      'alarmEndpoints.page[0]: expected a URL string or { "secretName": "..." }, got a number',
    ]);
    expect(endpoint('')).toEqual(['alarmEndpoints.page[0]: "" is not an absolute URL']);
    // What no pattern states stays a check after it: a URL the parser cannot read.
    expect(pattern('https://[x')).toBe(true);
    expect(endpoint('https://[x')).toEqual(['alarmEndpoints.page[0]: "https://[x" is not an absolute URL']);
  });

  it('refuses what the old readers let through: a capital scheme or spaces the URL parser forgave', () => {
    // Editors reading the schema refuse these; the validator now does too, saying what it read.
    expect(errorsOf({ orgUrl: 'HTTPS://acme.okta.com' })).toEqual([
      'orgUrl: write the bare org address (did you mean "https://acme.okta.com"?)',
    ]);
    expect(errorsOf({ orgUrl: ' https://acme.okta.com ' })).toEqual([
      'orgUrl: write the bare org address (did you mean "https://acme.okta.com"?)',
    ]);
    expect(errorsOf({ statusPageUrl: 'HTTPS://status.example.com/feed' })).toEqual([
      'statusPageUrl: write the URL as it is read (did you mean "https://status.example.com/feed"?); or null to ' +
        'skip the status check',
    ]);
  });

  it('keeps the rules no declaration can state as checks after it, each with its fix', () => {
    // The declared pattern takes these; the reader's own checks refuse them.
    for (const value of ['https://acme-admin.okta.com', 'https://[x'])
      expect(declared(TOP_SCHEMA.orgUrl.pattern)(value)).toBe(true);
    expect(errorsOf({ orgUrl: 'https://acme-admin.okta.com' })).toEqual([
      'orgUrl: acme-admin.okta.com is the Admin Console; use the org address https://acme.okta.com',
    ]);
    expect(errorsOf({ orgUrl: 'https://[x' })).toEqual(['orgUrl: "https://[x" is not an absolute URL']);
    // A value of the wrong type names the declared kind: a URL, or null where null is declared.
    expect(errorsOf({ orgUrl: 42 })).toEqual(['orgUrl: expected a URL string, got a number']);
    expect(errorsOf({ statusPageUrl: 7 })).toEqual(['statusPageUrl: expected a URL string or null, got a number']);
    expect(errorsOf({ namespace: 'AWS/Lambda' })).toEqual([
      'namespace: namespaces starting with "AWS/" are reserved for AWS services',
    ]);
  });
});

describe('a scope: one scope-token per entry, by its declaration', () => {
  const errorsOf = (scopes: readonly string[]): string[] => {
    const server = { id: 'org', clientId: '0oa1', scopes, authMethod: 'private_key_jwt' };
    const result = parseConfig(
      { orgUrl: 'https://acme.okta.com', servers: [server] },
      { mode: 'deploy', baseDir: '/tmp', env: {} },
    );
    return result.ok ? [] : result.errors;
  };

  it('refuses several scopes in one string in the editor as in the validator, with the same message', () => {
    // The schema's editors took any non-empty string: a pasted space-separated list passed there and failed here.
    for (const schema of [SERVER_SCHEMA.scopes, SIGN_IN_SCHEMA.scopes]) {
      const declared = new RegExp(schema.items.pattern, 'u');
      for (const scope of ['okta.users.read', 'api:read', 'openid'])
        expect(declared.test(scope), scope).toBe(errorsOf([scope]).length === 0);
      for (const scope of ['okta.users.read okta.apps.read', 'a"b', 'a\\b', 'tab\there'])
        expect(declared.test(scope), scope).toBe(false);
    }
    expect(errorsOf(['okta.users.read okta.apps.read'])).toEqual([
      'servers[0].scopes[0]: "okta.users.read okta.apps.read" is not a valid scope (one scope per array entry, no ' +
        'spaces or quotes)',
    ]);
  });
});
