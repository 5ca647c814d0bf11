// Bad input: each broken configuration or command line makes the spawned CLI exit 2 with a message naming
// the field, and no stack trace; the same validator makes the CDK app refuse the same broken deploy config.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/build-app';
import { buildOnce, runCli } from '../functions/cli/helpers';
import { STACK_LINE, testPrivateKeyPem } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-bad-input-'));
const KEY = 'key.pem';

beforeAll(async () => {
  await buildOnce();
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const orgServer = (patch: Json = {}): Json => ({
  id: 'org',
  clientId: '0oaOrg000000000000x1',
  privateKeyFile: KEY,
  scopes: ['okta.users.read'],
  ...patch,
});
const customServer = (patch: Json = {}): Json => ({
  id: 'default',
  clientId: '0oaCustom0000000000x2',
  clientSecret: 'a-client-secret-that-is-long-enough-0000',
  scopes: ['probe.read'],
  audience: 'api://default',
  ...patch,
});
const valid = (patch: Json = {}): Json => ({
  orgUrl: 'https://acme.okta.com',
  statusPageUrl: null,
  servers: [orgServer(), customServer()],
  ...patch,
});
const without = (object: Json, key: string): Json =>
  Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

/** Broken CLI configs: the file content, and what stderr must name. */
const BROKEN: { name: string; content: string | Json; names: RegExp }[] = [
  {
    name: 'a config that is not JSON',
    content: '{ "orgUrl": "https://acme.okta.com", servers: [] }',
    names: /okta-synthetics\.json:1:\d+: invalid JSON/,
  },
  { name: 'a JSON array instead of an object', content: '[]', names: /must be a JSON object/ },
  { name: 'orgUrl missing', content: without(valid(), 'orgUrl'), names: /orgUrl: required/ },
  { name: 'orgUrl mistyped as a number', content: valid({ orgUrl: 42 }), names: /orgUrl: expected a URL string/ },
  {
    name: 'plain http to a non-loopback host',
    content: valid({ orgUrl: 'http://acme.okta.com' }),
    names: /orgUrl: must use https/,
  },
  {
    name: 'a plain-http status page',
    content: valid({ statusPageUrl: 'http://status.example.com/feed' }),
    names: /statusPageUrl: must use https/,
  },
  { name: 'timeoutMs as a string', content: valid({ timeoutMs: '5000' }), names: /timeoutMs: expected an integer/ },
  { name: 'servers missing', content: without(valid(), 'servers'), names: /servers: required/ },
  {
    name: 'a server without clientId',
    content: valid({ servers: [without(orgServer(), 'clientId')] }),
    names: /servers\[0\]\.clientId: required/,
  },
  {
    name: 'scopes as a string',
    content: valid({ servers: [orgServer({ scopes: 'okta.users.read okta.apps.read' })] }),
    names: /servers\[0\]\.scopes: expected an array of strings/,
  },
  {
    name: 'a custom server without audience',
    content: valid({ servers: [without(customServer(), 'audience')] }),
    names: /servers\[0\]\.audience: required/,
  },
  {
    name: 'both credential kinds on one server',
    content: valid({ servers: [orgServer({ clientSecret: 'and-a-secret-too-000000000000000' })] }),
    names: /servers\[0\]: more than one credential \(privateKeyFile, clientSecret\)/,
  },
  {
    name: 'no credential at all',
    content: valid({ servers: [without(orgServer(), 'privateKeyFile')] }),
    names: /servers\[0\]: no credential/,
  },
  {
    name: 'a key file that does not exist',
    content: valid({ servers: [orgServer({ privateKeyFile: 'missing.pem' })] }),
    names: /servers\[0\]\.privateKeyFile: cannot read missing\.pem \(ENOENT/,
  },
  {
    name: 'a key file that cannot be read (a directory)',
    content: valid({ servers: [orgServer({ privateKeyFile: 'a-directory.pem' })] }),
    names: /servers\[0\]\.privateKeyFile: cannot read a-directory\.pem \(EISDIR/,
  },
  {
    name: 'an invalid PEM',
    content: valid({ servers: [orgServer({ privateKeyFile: 'not-a-key.pem' })] }),
    names: /servers\[0\]\.privateKeyFile: .*does not parse/,
  },
  {
    name: 'a public key instead of the private key',
    content: valid({ servers: [orgServer({ privateKeyFile: 'public.pem' })] }),
    names: /servers\[0\]\.privateKeyFile: .*public key/,
  },
  {
    name: 'an unknown field',
    content: valid({ servers: [orgServer({ scope: ['x'] })] }),
    names: /servers\[0\]\.scope: unknown field \(did you mean scopes\?\)/,
  },
  {
    name: 'privateKeyEnv naming an unset variable',
    content: valid({ servers: [without(orgServer({ privateKeyEnv: 'OKTA_PROBE_KEY_UNSET' }), 'privateKeyFile')] }),
    names:
      /servers\[0\]\.privateKeyEnv: the environment variable OKTA_PROBE_KEY_UNSET is not set: export OKTA_PROBE_KEY_UNSET=\.\.\. before running/,
  },
];

describe('broken configurations through the spawned CLI', () => {
  it.each(BROKEN)(
    '$name: exits 2 naming the field, without a stack trace, and probes nothing',
    async ({ name, content, names }) => {
      // Beside the config: a good key, a damaged one, a public one and a directory where a key should be.
      const caseDir = join(dir, name.replace(/\W+/g, '-'));
      mkdirSync(join(caseDir, 'a-directory.pem'), { recursive: true });
      writeFileSync(join(caseDir, KEY), testKey(), { mode: 0o600 });
      writeFileSync(
        join(caseDir, 'not-a-key.pem'),
        '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n',
      );
      writeFileSync(join(caseDir, 'public.pem'), '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n');
      const path = join(caseDir, 'okta-synthetics.json');
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));

      const cli = await runCli(['run', '--config', path, '--json']);

      expect(cli.code).toBe(2);
      expect(cli.stderr.replace(/\s+/g, ' ')).toMatch(names);
      expect(cli.stderr).not.toMatch(STACK_LINE);
      expect(cli.stdout).toBe('');
    },
  );
});

let cachedKey: string | undefined;
const testKey = (): string => (cachedKey ??= testPrivateKeyPem());

describe('bad command lines', () => {
  const cases: { args: string[]; names: RegExp }[] = [
    { args: ['run', '--jsn'], names: /run: unknown option --jsn \(did you mean --json\?\)/ },
    { args: ['run', '--config'], names: /--config needs a value/ },
    { args: ['run'], names: /--config FILE is required/ },
    {
      args: ['run', '--config', join(dir, 'nowhere.json')],
      names: /nowhere\.json: cannot read the configuration file \(ENOENT/,
    },
    { args: ['run', 'okta-synthetics.json'], names: /unexpected argument "okta-synthetics\.json"/ },
    { args: ['rnu'], names: /unknown command "rnu" \(did you mean run\?\)/ },
  ];
  it.each(cases)('$args: exits 2 with a one-line reason, no stack trace', async ({ args, names }) => {
    const cli = await runCli(args);
    expect(cli.code).toBe(2);
    expect(cli.stderr.replace(/\s+/g, ' ')).toMatch(names);
    expect(cli.stderr).not.toMatch(STACK_LINE);
  });
});

describe('the same validator guards synth', () => {
  const deployServer = (patch: Json = {}): Json => ({
    id: 'org',
    clientId: '0oaOrg000000000000x1',
    authMethod: 'private_key_jwt',
    scopes: ['okta.users.read'],
    ...patch,
  });
  const deploy = (patch: Json = {}): Json => ({
    orgUrl: 'https://acme.okta.com',
    statusPageUrl: null,
    servers: [deployServer()],
    ...patch,
  });
  const cases: { name: string; config: Json; names: RegExp }[] = [
    { name: 'orgUrl missing', config: without(deploy(), 'orgUrl'), names: /^orgUrl: required/ },
    {
      name: 'plain http to a non-loopback host',
      config: deploy({ orgUrl: 'http://acme.okta.com' }),
      names: /^orgUrl: must use https/,
    },
    { name: 'timeoutMs as a string', config: deploy({ timeoutMs: '5000' }), names: /^timeoutMs: expected an integer/ },
    {
      name: 'scopes as a string',
      config: deploy({ servers: [deployServer({ scopes: 'okta.users.read' })] }),
      names: /^servers\[0\]\.scopes: expected an array/,
    },
    {
      name: 'a server without clientId',
      config: deploy({ servers: [without(deployServer(), 'clientId')] }),
      names: /^servers\[0\]\.clientId: required/,
    },
    {
      name: 'a secret in a deploy config',
      config: deploy({ servers: [deployServer({ clientSecret: 'do-not-deploy-me-000000000000' })] }),
      names: /^servers\[0\]\.clientSecret: an inline secret never belongs in a file you deploy from/,
    },
  ];

  it(
    'accepts the valid deploy config the broken ones are made from (the refusals below are about the fields ' +
      'alone)',
    () => {
      const path = join(dir, 'deploy-valid.json');
      writeFileSync(path, JSON.stringify(deploy()));
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const result = buildApp(app, {
        configPath: path,
        env: { CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '123456789012' },
      });
      expect(result.ok).toBe(true);
    },
  );

  it.each(cases)('$name: buildApp refuses it, naming the field, and creates no stack', ({ name, config, names }) => {
    const path = join(dir, `deploy-${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(path, JSON.stringify(config));
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });

    const result = buildApp(app, {
      configPath: path,
      env: { CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '123456789012' },
    });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(
      result.errors.some((error) => names.test(error)),
      result.errors.join('\n'),
    ).toBe(true);
    expect(app.node.children).toHaveLength(0);
  });
});
