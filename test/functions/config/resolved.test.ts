import { describe, expect, it } from 'vitest';
import { readResolvedConfig, resolvedConfigJson } from '../../../functions/config/resolved';
import type { LoadedConfig } from '../../../functions/config/parse';
import { exampleConfig, richestConfig } from '../../support/configs';
import { expectSameConfig } from '../../support/same-config';
import { lambdaReads, parseDeploy, resolvedJson } from '../../support/server-configs';

function validated(raw: unknown): LoadedConfig {
  const result = parseDeploy(raw);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

const RICHEST = {
  'the richest config, fast path on': richestConfig(),
  'the richest config, fast path off': { ...richestConfig(), quorum: false },
};

describe('the resolved config: what the Lambda runs with is what the stack validated', () => {
  it('the example config, field for field, each server with the secret the stack creates', () => {
    const secrets = new Map([
      ['org', 'okta-synthetics/org'],
      ['default', 'okta-synthetics/default'],
    ]);
    expectSameConfig(lambdaReads(exampleConfig()), validated(exampleConfig()), secrets);
  });

  it.each(Object.entries(RICHEST))('%s, field for field: journeys, SAML apps and groups included', (_, raw) => {
    const config = validated(raw);
    const secrets = new Map([
      ['org', 'okta-synthetics/org'],
      ['default', 'okta-synthetics/default'],
      ['portal', 'okta-synthetics/portal'],
      ['mobile', 'okta/prod/mobile-user'],
    ]);
    const lambda = lambdaReads(raw);
    expectSameConfig(lambda, config, secrets);
    // What the comparison covered, so an emptied fixture cannot pass it.
    expect(lambda.probe.signIn?.map((j) => j.id)).toEqual(['portal', 'mobile']);
    expect(lambda.probe.samlApps?.map((a) => [a.id, a.group])).toEqual([
      ['app-0000', 'portal-saml'],
      ['app-0001', 'portal-saml'],
      ['app-0002', 'portal-saml'],
      ['payroll', undefined],
    ]);
    expect(lambda.probe.samlGroups?.map((g) => [g.id, g.discover])).toEqual([
      ['hr', { kind: 'labelPrefix', labelPrefix: 'HR ' }],
      ['portal-saml', undefined],
    ]);
    expect(lambda.deploy.quorum === null).toBe('quorum' in raw);
  });

  it('carries no local credential and no CLI-only setting into the Lambda', () => {
    const text = resolvedJson({
      ...exampleConfig(),
      localNotifications: [{ kind: 'slack', url: '${SLACK_URL}' }],
      alarmEndpoints: { page: ['https://events.example/hook'] },
    });
    expect(text).not.toMatch(/privateKey|clientSecret|passwordEnv|judged|SLACK_URL|events\.example|alarmEmails/);
  });
});

describe("the Lambda's guard of the envelope", () => {
  const good = (): Record<string, unknown> => JSON.parse(resolvedJson(exampleConfig())) as Record<string, unknown>;
  const problemOf = (value: unknown): string => {
    const read = readResolvedConfig(JSON.stringify(value), 'okta-synthetics.config.json');
    if (!('problem' in read)) throw new Error('read');
    return read.problem;
  };

  it('reads the envelope the stack wrote', () => {
    expect(good()).toMatchObject({ format: 'okta-synthetics/resolved-config', version: 1 });
    expect(readResolvedConfig(JSON.stringify(good()), 'x')).toEqual({ config: good().config });
  });

  it('refuses an envelope of another version, naming both versions and the fix, in one line', () => {
    const problem = problemOf({ ...good(), version: 2 });
    expect(problem).toBe(
      'okta-synthetics.config.json holds a resolved configuration of version 2, and this function reads version ' +
        '1: the stack that wrote it and this function come from different versions of okta-synthetics; deploy the ' +
        'stack and the function from one version (a deployment bug, not an Okta problem)',
    );
  });

  it("refuses a file without the envelope (a user's config, or one an older stack wrote)", () => {
    expect(problemOf(exampleConfig())).toMatch(/^okta-synthetics\.config\.json is not the resolved configuration/);
    expect(problemOf(exampleConfig())).toContain(
      'this function reads (an object with "format": "okta-synthetics/resolved-config", "version": 1): it was ' +
        'written by a stack of another version of okta-synthetics',
    );
    expect(problemOf([good()])).toMatch(/is not the resolved configuration/);
  });

  it('refuses an envelope whose config lacks its top-level parts', () => {
    const { config } = good() as { config: Record<string, unknown> };
    expect(problemOf({ ...good(), config: { deploy: config.deploy } })).toMatch(
      /version 1 without config\.probe \(orgUrl and servers\): redeploy the stack/,
    );
    expect(problemOf({ ...good(), config: { probe: config.probe, deploy: { prefix: 'p' } } })).toMatch(
      /without config\.deploy/,
    );
    expect(problemOf({ ...good(), config: null })).toMatch(/without its "config" object/);
  });

  it('refuses text that is not JSON', () => {
    expect(readResolvedConfig('{"format":', 'OKTA_SYNTHETICS_CONFIG')).toEqual({
      problem: 'OKTA_SYNTHETICS_CONFIG is not valid JSON: redeploy the stack (a deployment bug, not an Okta problem)',
    });
  });
});

describe('the writer refuses what JSON would not carry as it is (a bug of the stack, at synth)', () => {
  const config = validated(exampleConfig());
  const secrets = new Map([
    ['org', 'okta-synthetics/org'],
    ['default', 'okta-synthetics/default'],
  ]);
  const withProbe = (extra: Record<string, unknown>): LoadedConfig =>
    ({ ...config, probe: { ...config.probe, ...extra } }) as LoadedConfig;

  it.each([
    ['a Set', { expiryWarnDays: new Set([1]) }, 'config.probe.expiryWarnDays is a Set'],
    ['a Map', { expiryWarnDays: new Map() }, 'config.probe.expiryWarnDays is a Map'],
    ['a Date', { expiryWarnDays: new Date(0) }, 'config.probe.expiryWarnDays is a Date'],
    ['Infinity', { timeoutMs: Infinity }, 'config.probe.timeoutMs is Infinity'],
    ['a function', { timeoutMs: () => 1 }, 'config.probe.timeoutMs is a function'],
    ['undefined in a list', { samlApps: [undefined] }, 'config.probe.samlApps[0] is undefined'],
    ['undefined as a field: absent, as JSON writes it', { oktaCell: undefined }, undefined],
  ])('%s', (_, extra, problem) => {
    const write = () => resolvedConfigJson(withProbe(extra), secrets);
    if (problem === undefined) expect(write).not.toThrow();
    else expect(write).toThrow(`resolvedConfigJson: ${problem}, which JSON would not carry as it is`);
  });

  it('a server with a local credential, or without a secret: a config not loaded in deploy mode', () => {
    const local = withProbe({
      servers: [
        { ...config.probe.servers[0], credential: { kind: 'client_secret_basic', from: 'env', clientSecretEnv: 'S' } },
      ],
    });
    expect(() => resolvedConfigJson(local, secrets)).toThrow(/server "org" has a local credential/);
    expect(() => resolvedConfigJson(config, new Map())).toThrow(/no secret id given for server "org"/);
  });
});
