import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NAMESPACE, DEFAULTS } from '../../../functions/contract';
import {
  defaultSecretName,
  didYouMean,
  formatConfigErrors,
  loadConfigFile,
  parseConfig,
  type ConfigMode,
} from '../../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES as credentialFiles } from '../../../functions/credentials/local';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { resolvedOf } from '../../support/server-configs';

let dir: string;
let pkcs8: string;
let pkcs1: string;
const SECRET = 'sup3r-s3cret-value-never-printed';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-config-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  writeFileSync(join(dir, 'probe.pem'), pkcs8);
  writeFileSync(join(dir, 'rsa.pem'), pkcs1);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const orgServer = () => ({ id: 'org', clientId: '0oa-org', scopes: ['okta.users.read'], privateKeyFile: 'probe.pem' });
const customServer = () => ({
  id: 'default',
  clientId: '0oa-custom',
  scopes: ['probe'],
  audience: 'api://default',
  clientSecretEnv: 'OKTA_SECRET',
});
const base = (servers: unknown[] = [orgServer(), customServer()]) => ({ orgUrl: 'https://acme.okta.com/', servers });
const env = { OKTA_SECRET: SECRET };

function parse(raw: unknown, mode: ConfigMode = 'cli') {
  return parseConfig(raw, { mode, baseDir: dir, env, credentialFiles });
}
function errorsOf(raw: unknown, mode: ConfigMode = 'cli'): string[] {
  const result = parse(raw, mode);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
}

describe('parseConfig: a valid CLI config', () => {
  it('fills defaults, strips the trailing slash and resolves the key file beside the config', () => {
    const result = parse(base());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { probe, deploy } = result.config;
    expect(probe.orgUrl).toBe('https://acme.okta.com');
    expect(probe.statusPageUrl).toBe(DEFAULTS.statusPageUrl);
    expect(probe.timeoutMs).toBe(DEFAULTS.timeoutMs);
    // Read and judged once, here: the resolver takes the judged key instead of reading the file again.
    expect(probe.servers[0]?.credential).toEqual({
      kind: 'private_key_jwt',
      from: 'file',
      privateKeyFile: join(dir, 'probe.pem'),
      judgedPem: pkcs8,
    });
    expect(probe.servers[1]?.credential).toEqual({
      kind: 'client_secret_basic',
      from: 'env',
      clientSecretEnv: 'OKTA_SECRET',
    });
    expect(probe.servers[1]?.requiredClaims).toEqual([]);
    expect(deploy).toEqual({
      alarmEmails: [],
      scheduleMinutes: 1,
      regions: [],
      namespace: DEFAULT_NAMESPACE,
      prefix: 'okta-synthetics',
      reservedConcurrency: null,
      memoryMb: null,
      alarmEndpoints: { page: [], warn: [] },
      chat: { slack: [], teams: [] },
      vpc: null,
      runLogRetentionDays: 400,
      harRetentionDays: 14,
      slaTargetPercent: 99.99,
      // The fast path is on by default at a one-minute schedule, one region agreeing (config/quorum.ts).
      quorum: { agree: 1, checkEverySeconds: 7.5, freshSeconds: 45, regions: [] },
      // No status page for the help desk unless statusPage names its networks.
      statusPage: null,
      metricStream: null,
    });
  });

  it('accepts http only for loopback hosts, and null disables the status check', () => {
    for (const orgUrl of ['http://127.0.0.1:4000', 'http://localhost:8080', 'http://[::1]:9000']) {
      expect(parse({ ...base(), orgUrl, statusPageUrl: null }).ok, orgUrl).toBe(true);
    }
    const result = parse({ ...base(), statusPageUrl: null });
    expect(result.ok && result.config.probe.statusPageUrl).toBeNull();
  });

  it('does not reject a custom scope or a client secret on the Org AS: the probe diagnoses those at Okta', () => {
    const server = { id: 'org', clientId: 'x', scopes: ['my.custom.scope'], clientSecret: SECRET };
    expect(parse(base([server])).ok).toBe(true);
  });
});

describe('parseConfig: problems name the field and the fix', () => {
  it('refuses plain http for a non-loopback org and a path on orgUrl', () => {
    expect(errorsOf({ ...base(), orgUrl: 'http://acme.okta.com' })[0]).toMatch(
      /^orgUrl: must use https.*"https:\/\/acme\.okta\.com"/,
    );
    expect(errorsOf({ ...base(), orgUrl: 'https://acme.okta.com/oauth2/default' })[0]).toMatch(
      /^orgUrl: .*without a path.*servers\[\]\.id/,
    );
    expect(errorsOf({ ...base(), orgUrl: 'https://acme-admin.okta.com' })[0]).toContain(
      'use the org address https://acme.okta.com',
    );
    expect(errorsOf({ ...base(), orgUrl: 'acme.okta.com' })[0]).toContain('did you mean "https://acme.okta.com"');
  });

  it(
    'refuses a run log retention CloudWatch Logs does not offer, naming the two nearest, and an SLA target ' +
      'below 90 %',
    () => {
      expect(errorsOf({ ...base(), runLogRetentionDays: 100 })).toEqual([
        'runLogRetentionDays: expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, ' +
          '1096, 1827, 2192, 2557, 2922, 3288, 3653 (the days CloudWatch Logs keeps logs; use 90 or 120), got 100',
      ]);
      expect(errorsOf({ ...base(), runLogRetentionDays: '400' })).toEqual([
        expect.stringMatching(
          /^runLogRetentionDays: expected one of 1, 3, .* \(write 400 without quotes\), got "400"$/,
        ),
      ]);
      expect(errorsOf({ ...base(), slaTargetPercent: 9999 })[0]).toMatch(
        /^slaTargetPercent: 9999 is out of range: use a number from 90 to 100/,
      );
    },
  );

  it('suggests the closest field for a typo, once: the field it meant is not also "required"', () => {
    const server = { ...orgServer(), clientID: 'x' };
    delete (server as { clientId?: string }).clientId;
    expect(errorsOf(base([server]))).toEqual(['servers[0].clientID: unknown field (did you mean clientId?)']);
  });

  it('reports a servers[0] typo as its own cause, never as a journey naming a server that is not there', () => {
    const journey = {
      id: 'portal',
      server: 'org',
      flow: 'direct',
      clientId: '0oa8f5q1MoB1Le9X35d7',
      username: 'u@acme.example',
    };
    const misspelledId = { ...orgServer(), iid: 'org' };
    delete (misspelledId as { id?: string }).id;
    // Deploy form: the journey's secrets are the stack's, so only the servers' mistakes can be reported.
    expect(errorsOf({ ...base([misspelledId]), signIn: [journey] }, 'deploy')).toEqual([
      'servers[0].iid: unknown field (did you mean id?)',
    ]);
    // "orgg" is read as a custom server, which would also need an audience: the id is the one mistake.
    expect(errorsOf({ ...base([{ ...orgServer(), id: 'orgg' }]), signIn: [journey] }, 'deploy')).toEqual([
      'servers[0].id: "orgg" is not "org", which signIn[0].server names (did you mean "org"?)',
    ]);
    // A journey naming a server that is really absent is still said.
    expect(
      errorsOf({ ...base([orgServer()]), signIn: [{ ...journey, server: 'payments' }] }, 'deploy').some((e) =>
        e.startsWith('signIn[0].server: "payments" is not the id of any servers[] entry'),
      ),
    ).toBe(true);
  });

  it('requires the audience on a custom server and refuses it on the Org AS', () => {
    const custom = customServer() as Record<string, unknown>;
    delete custom.audience;
    expect(errorsOf(base([orgServer(), custom]))).toEqual([
      'servers[1].audience: required for a custom server (the aud your API expects, e.g. api://default)',
    ]);
    expect(errorsOf(base([{ ...orgServer(), audience: 'api://x' }]))[0]).toMatch(
      /^servers\[0\]\.audience: not allowed for the Org AS/,
    );
  });

  it('collects every problem instead of stopping at the first', () => {
    const errors = errorsOf({
      orgUrl: 'ftp://x',
      timeoutMs: 5,
      scheduleMinutes: 1.5,
      alarmEmails: ['ops@example.com', 'not-an-address'],
      regions: ['Europe'],
      servers: [{ id: 'bad id!', scopes: 'okta.users.read okta.apps.read' }, customServer(), customServer()],
    });
    const paths = errors.map((e) => e.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'orgUrl',
        'timeoutMs',
        'scheduleMinutes',
        'alarmEmails[1]',
        'regions[0]',
        'servers[0].id',
        'servers[0].clientId',
        'servers[0].scopes',
        'servers[0]',
        'servers[2].id',
      ]),
    );
    expect(errors.find((e) => e.startsWith('servers[0].scopes'))).toContain(
      'write ["okta.users.read", "okta.apps.read"]',
    );
    expect(errors.find((e) => e.startsWith('servers[2].id'))).toContain('already used by servers[1]');
  });

  it('takes reservedConcurrency as a positive integer or null, and says how to turn it off', () => {
    const ok = parse({ ...base(), reservedConcurrency: 1 });
    expect(ok.ok && ok.config.deploy.reservedConcurrency).toBe(1);
    const off = parse({ ...base(), reservedConcurrency: null });
    expect(off.ok && off.config.deploy.reservedConcurrency).toBeNull();
    expect(errorsOf({ ...base(), reservedConcurrency: 0 })).toEqual([
      expect.stringMatching(/^reservedConcurrency: .*1 to 1000.*or null for none/),
    ]);
  });

  it('names the key file problem: missing, PKCS#1, public key', () => {
    expect(errorsOf(base([{ ...orgServer(), privateKeyFile: 'keys/missing.pem' }]))).toEqual([
      `servers[0].privateKeyFile: cannot read keys/missing.pem (ENOENT: no such file at ${join(dir, 'keys/missing.pem')}; ` +
        `the path is relative to the config file)`,
    ]);
    expect(errorsOf(base([{ ...orgServer(), privateKeyFile: 'rsa.pem' }]))[0]).toBe(
      'servers[0].privateKeyFile: rsa.pem: not a PKCS#8 PEM private key (convert with: openssl pkcs8 -topk8 ' +
        '-nocrypt -in key.pem -out key-pkcs8.pem)',
    );
  });

  it('requires exactly one credential and lists the accepted fields', () => {
    const none = { id: 'org', clientId: 'x', scopes: ['okta.users.read'] };
    expect(errorsOf(base([none]))[0]).toMatch(
      /^servers\[0\]: no credential for the CLI: set one of privateKeyFile or privateKeyEnv .*; or run with --secrets aws to read the secret okta-synthetics\/org from Secrets Manager/,
    );
    const both = { ...orgServer(), clientSecretEnv: 'OKTA_SECRET' };
    expect(errorsOf(base([both]))[0]).toMatch(
      /^servers\[0\]: more than one credential \(privateKeyFile, clientSecretEnv\)/,
    );
  });

  it('requires environment variables to be set, and never echoes a secret pasted in place of a name', () => {
    expect(errorsOf(base([{ ...customServer(), clientSecretEnv: 'UNSET_VAR' }]))[0]).toContain(
      'clientSecretEnv: the environment variable UNSET_VAR is not set: export UNSET_VAR=... before running',
    );
    const errors = errorsOf(base([{ ...customServer(), clientSecretEnv: 'abc/def+ghi==' }]));
    expect(errors[0]).toContain('must be the NAME of an environment variable');
    expect(errors.join('\n')).not.toContain('abc/def+ghi==');
    const pasted = 'Xk9fQ2pLmN7rT4vW8yZ1aB3cD5eF6gH0';
    const alnum = errorsOf(base([{ ...customServer(), clientSecretEnv: pasted }]));
    expect(alnum[0]).toContain('must be the NAME of an environment variable');
    expect(alnum.join('\n')).not.toContain(pasted);
  });

  it("a server with only the stack's secretName: the CLI names that secret and --secrets aws", () => {
    const errors = errorsOf(
      base([
        {
          id: 'org',
          clientId: 'x',
          scopes: ['okta.users.read'],
          authMethod: 'private_key_jwt',
          secretName: 'okta/org',
        },
      ]),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^servers\[0\]: no credential for the CLI: .*or run with --secrets aws to read the secret okta\/org from Secrets Manager/,
      ),
    ]);
  });

  it("a server with a local credential and the stack's secretName: the CLI uses the local one", () => {
    const result = parse(base([{ ...orgServer(), authMethod: 'private_key_jwt', secretName: 'okta/org' }]));
    expect(result.ok && result.config.probe.servers[0]?.credential).toMatchObject({
      kind: 'private_key_jwt',
      from: 'file',
    });
  });
});

describe('parseConfig: issuer (custom URL domains)', () => {
  it('keeps an https issuer and carries it to the Lambda configuration', () => {
    const result = parse(base([orgServer(), { ...customServer(), issuer: 'https://login.acme.com/oauth2/default' }]));
    expect(result.ok && result.config.probe.servers[1]?.issuer).toBe('https://login.acme.com/oauth2/default');
  });

  it.each(['http://login.acme.com/oauth2/default', 'https://login.acme.com/oauth2/default/', 'login.acme.com'])(
    'refuses %s, naming the field and the form',
    (issuer) => {
      expect(errorsOf(base([orgServer(), { ...customServer(), issuer }]))).toEqual([
        expect.stringMatching(/^servers\[1\]\.issuer: expected an https URL without a trailing slash/),
      ]);
    },
  );
});

describe('parseConfig: server ids that would clash with our own names', () => {
  // "alarm": the alarm states' dead-letter alarm is <prefix>-alarm-states-dlq.
  it.each(['okta', 'DLQ', 'heartbeat', 'silence', 'alarm'])('refuses the reserved id %s, naming the field', (id) => {
    expect(errorsOf(base([orgServer(), { ...customServer(), id }]))).toEqual([
      expect.stringMatching(new RegExp(`^servers\\[1\\]\\.id: "${id}" is reserved`)),
    ]);
  });

  it('refuses two ids that differ only in "-", "_" or case (they would share AWS resources)', () => {
    const errors = errorsOf(base([orgServer(), { ...customServer(), id: 'a-b' }, { ...customServer(), id: 'A_b' }]));
    expect(errors).toEqual([expect.stringMatching(/^servers\[2\]\.id: "A_b" and servers\[1\]\.id differ only in/)]);
  });
});

describe('parseConfig: deploy and lambda modes', () => {
  const deployServer = {
    id: 'default',
    clientId: 'x',
    scopes: ['probe'],
    audience: 'api://default',
    authMethod: 'private_key_jwt',
  };

  it('deploy: authMethod without secretName means the stack creates the secret', () => {
    const result = parse(base([deployServer]), 'deploy');
    expect(result.ok && result.config.probe.servers[0]?.credential).toEqual({
      kind: 'secrets_manager',
      secretKind: 'private_key_jwt',
    });
  });

  it(
    "deploy: the CLI's key file, key variable or secret variable is accepted, never read, and implies " + 'authMethod',
    () => {
      // The file does not exist: a deploy never opens it (its contents must not reach the template).
      const both = [
        { ...deployServer, authMethod: undefined, privateKeyFile: 'keys/nowhere.pem', secretName: 'existing/default' },
        { id: 'org', clientId: 'y', scopes: ['okta.users.read'], privateKeyEnv: 'OKTA_ORG_KEY' },
        { id: 'aus2', clientId: 'z', scopes: ['probe'], audience: 'api://x', clientSecretEnv: 'UNSET_EVERYWHERE' },
      ];
      const result = parse(base(both), 'deploy');
      if (!result.ok) throw new Error(result.errors.join('\n'));
      expect(result.config.probe.servers.map((s) => s.credential)).toEqual([
        // The key file's path alone, for the put command the stack prints.
        {
          kind: 'secrets_manager',
          secretId: 'existing/default',
          secretKind: 'private_key_jwt',
          keyFile: 'keys/nowhere.pem',
        },
        { kind: 'secrets_manager', secretKind: 'private_key_jwt' },
        { kind: 'secrets_manager', secretKind: 'client_secret_basic' },
      ]);
    },
  );

  it('deploy: a local reference that contradicts authMethod, or two of them, is named', () => {
    expect(errorsOf(base([{ ...deployServer, clientSecretEnv: 'S' }]), 'deploy')).toEqual([
      'servers[0].authMethod: "private_key_jwt" contradicts clientSecretEnv, which means ' +
        'client_secret_basic; remove authMethod or fix it',
    ]);
    expect(errorsOf(base([{ ...deployServer, privateKeyFile: 'k.pem', privateKeyEnv: 'K' }]), 'deploy')[0]).toMatch(
      /^servers\[0\]: more than one local credential \(privateKeyFile, privateKeyEnv\)/,
    );
  });

  it('deploy: refuses an inline secret with the Secrets Manager command, without echoing the secret', () => {
    const errors = errorsOf(base([{ ...customServer(), clientSecretEnv: undefined, clientSecret: SECRET }]), 'deploy');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^servers\[0\]\.clientSecret: an inline secret never belongs in a file you deploy from: for the CLI name an environment variable with clientSecretEnv/,
    );
    expect(errors[0]).toContain(
      `aws secretsmanager put-secret-value --secret-id ${defaultSecretName('okta-synthetics', 'default')}`,
    );
    expect(errors.join()).not.toContain(SECRET);
  });

  it('deploy: a missing authMethod is named', () => {
    const { authMethod: _authMethod, ...noMethod } = deployServer;
    expect(errorsOf(base([noMethod]), 'deploy')[0]).toMatch(/^servers\[0\]\.authMethod: required in a deploy config/);
  });

  it("the stack hands the Lambda each server's secret: the one it created, or the one the config names", () => {
    const deployed = parse(
      base([
        deployServer,
        {
          id: 'org',
          clientId: 'y',
          scopes: ['okta.users.read'],
          authMethod: 'private_key_jwt',
          secretName: 'existing/org',
        },
      ]),
      'deploy',
    );
    if (!deployed.ok) throw new Error(deployed.errors.join('\n'));
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta-synthetics/default-AbCdEf';
    const lambda = resolvedOf(deployed.config, new Map([['default', arn]]));
    expect(lambda.probe.servers.map((s) => s.credential)).toEqual([
      { kind: 'secrets_manager', secretId: arn, secretKind: 'private_key_jwt' },
      { kind: 'secrets_manager', secretId: 'existing/org', secretKind: 'private_key_jwt' },
    ]);
    expect(lambda.deploy.namespace).toBe(DEFAULT_NAMESPACE);
  });
});

describe('loadConfigFile', () => {
  it('names the file, line and column of a trailing comma, where the comma is', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "orgUrl": "https://acme.okta.com",\n  "servers": [],\n}\n');
    const result = loadConfigFile(file, 'cli', env, { credentialFiles });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toMatch(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:16: trailing comma before "}": JSON allows ` +
            `none, remove it$`,
        ),
      );
  });

  it('points at a comment, which JSON does not allow', () => {
    const file = join(dir, 'comment.json');
    writeFileSync(file, '{\n  // my org\n  "orgUrl": "x"\n}');
    const result = loadConfigFile(file, 'cli', env, { credentialFiles });
    expect(!result.ok && result.errors[0]).toMatch(/:2:3: invalid JSON.*use a "_comment" field/);
  });

  it('reports an unreadable file', () => {
    const result = loadConfigFile(join(dir, 'nope.json'), 'cli', env, { credentialFiles });
    expect(!result.ok && result.errors[0]).toMatch(/nope\.json: cannot read the configuration file \(ENOENT/);
  });

  it('resolves privateKeyFile relative to the config file', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(base()));
    expect(loadConfigFile(file, 'cli', env, { credentialFiles }).ok).toBe(true);
  });
});

describe('formatConfigErrors', () => {
  it('heads the list with the file and the count', () => {
    expect(formatConfigErrors(['a: x', 'b: y'], 'c.json')).toBe('c.json: 2 problems\n  - a: x\n  - b: y');
  });
});

describe('resolveLocalCredentials', () => {
  it('reads key files and environment variables, and reports problems as INVALID_CLIENT without the secret', () => {
    const result = parse(base());
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const ok = resolveLocalCredentials(result.config.probe, env);
    expect(ok.get('org')).toEqual({ kind: 'private_key_jwt', privateKeyPem: pkcs8 });
    expect(ok.get('default')).toEqual({ kind: 'client_secret_basic', clientSecret: SECRET });

    const missing = resolveLocalCredentials(result.config.probe, {});
    expect(missing.get('default')).toEqual({
      kind: 'unavailable',
      code: 'INVALID_CLIENT',
      detail: 'the environment variable OKTA_SECRET is not set',
    });
  });

  it('accepts a PEM whose newlines arrived escaped in an environment variable', () => {
    const result = parse(base([{ ...orgServer(), privateKeyFile: undefined, privateKeyEnv: 'KEY' }]), 'cli');
    expect(result.ok).toBe(false); // KEY is not in the parse env
    const withKey = parseConfig(base([{ ...orgServer(), privateKeyFile: undefined, privateKeyEnv: 'KEY' }]), {
      mode: 'cli',
      baseDir: dir,
      env: { KEY: pkcs8.replace(/\n/g, '\\n') },
    });
    if (!withKey.ok) throw new Error(withKey.errors.join('\n'));
    const resolved = resolveLocalCredentials(withKey.config.probe, { KEY: pkcs8.replace(/\n/g, '\\n') });
    expect(resolved.get('org')).toEqual({ kind: 'private_key_jwt', privateKeyPem: pkcs8 });
  });
});

describe('didYouMean', () => {
  it('suggests within a small edit distance, counting a swap of neighbours as one step', () => {
    expect(didYouMean('rnu', ['run', 'demo', 'sim'])).toBe('run');
    expect(didYouMean('--jsn', ['--json', '--config'])).toBe('--json');
    expect(didYouMean('clientID', ['clientId', 'keyId'])).toBe('clientId');
    expect(didYouMean('banana', ['run', 'demo'])).toBeUndefined();
  });
});
