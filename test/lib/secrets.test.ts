// The secrets the stack creates hold an operator's credential once it is put: no stack operation may delete one.
// A changed prefix renames them, which CloudFormation does by replacement, and it deletes a
// replaced or removed secret without a recovery window.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BENCHMARKED_PROFILE } from '../../functions/cli/cost';
import { loadConfigFile } from '../../functions/config/parse';
import { estimateCost } from '../../functions/cost/estimate';
import { configOfRegion } from '../../functions/plan/journey-region';
import { stackSecrets } from '../../functions/plan/stack-secrets';
import { OktaSyntheticsStack } from '../../lib/stack';
import { build, exampleConfig, flatTemplate, resources, synthTemplate, TEST_ENV, writeConfig } from './helpers';
import { journeyConfig, provisioningConfig } from '../support/configs';

type Secrets = Record<string, { Properties: { Name: string }; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

/** The created secrets of a stack whose id does not follow the prefix (as a CDK app embedding the stack has it). */
function secretsOfFixedStack(prefix: string): Secrets {
  const loaded = loadConfigFile(writeConfig({ ...exampleConfig(), prefix, regions: [] }), 'deploy', TEST_ENV);
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new OktaSyntheticsStack(app, 'okta-probe', {
    config: loaded.config,
    env: { account: TEST_ENV.CDK_DEFAULT_ACCOUNT, region: 'eu-west-1' },
  });
  return Template.fromStack(stack).findResources('AWS::SecretsManager::Secret') as Secrets;
}

describe('created secrets survive every stack operation', () => {
  it('are retained on delete and on replacement', () => {
    const template = synthTemplate(exampleConfig());
    const secrets = resources(template, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(2);
    template.allResources('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it(
    'a prefix change renames a secret under the same logical id (a replacement), and the one holding the ' +
      'credential is kept',
    () => {
      const before = secretsOfFixedStack('okta-synthetics');
      const after = secretsOfFixedStack('okta-prod');
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const [id, secret] of Object.entries(before)) {
        expect(after[id]?.Properties.Name).not.toBe(secret.Properties.Name);
        expect(after[id]).toMatchObject({ UpdateReplacePolicy: 'Retain', DeletionPolicy: 'RetainExceptOnCreate' });
      }
    },
  );

  it('the way back to a kept credential: secretName naming the old secret creates none and reads that one', () => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    for (const server of servers) server.secretName = `okta-synthetics/${String(server.id)}`;
    const template = synthTemplate({ ...config, prefix: 'okta-prod' });
    expect(resources(template, 'AWS::SecretsManager::Secret')).toEqual([]);
    const policies = JSON.stringify(resources(template, 'AWS::IAM::Policy'));
    for (const server of servers) expect(policies).toContain(`:secret:okta-synthetics/${String(server.id)}-??????`);
  });
});

describe('the secrets cost bills', () => {
  // Two regions, provisioning, one journey the stack creates a secret for (portal, in the first region only) and one
  // that names its own (mobile): every way the count can differ from servers + journeys.
  const twoRegions = {
    ...provisioningConfig(),
    signIn: (journeyConfig().signIn as Record<string, unknown>[]).map((j) =>
      j.id === 'portal' ? { ...j, region: 'us-east-1' } : j,
    ),
    regions: ['us-east-1', 'eu-west-1'],
    quorum: false,
  };

  // The Preview org's secrets, created in the home region alone: a server's and the portal journey's user.
  const withPreview = {
    ...twoRegions,
    preview: {
      orgUrl: 'https://acme.oktapreview.com',
      servers: {
        org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' },
        default: { clientId: '0oaPDEF', clientSecretEnv: 'OKTA_PREVIEW_SECRET' },
      },
      signIn: { portal: { clientId: '0oaPPORTAL', username: 'synthetic@acme.example' } },
    },
  };

  it.each([
    ['the example', exampleConfig()],
    ['provisioning', provisioningConfig()],
    ['two regions, provisioning and journeys', twoRegions],
    ['two regions with a Preview org', withPreview],
  ])('are the secrets the template creates, region by region: %s', (_, config) => {
    const { result } = build(config);
    if (!result.ok) throw new Error(result.errors.join('; '));
    const loaded = loadConfigFile(writeConfig(config), 'deploy', TEST_ENV);
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const cost = estimateCost(loaded.config, BENCHMARKED_PROFILE);
    for (const stack of result.stacks) {
      const synthesized = resources(flatTemplate(stack), 'AWS::SecretsManager::Secret').map(
        ([, r]) => r.Properties.Name as string,
      );
      const planned = stackSecrets(configOfRegion(loaded.config, stack.region), stack.region).map((s) => s.name);
      expect(planned.sort(), stack.region).toEqual(synthesized.sort());
      const region = cost.regions.find((r) => r.region === stack.region) ?? cost.regions[0];
      const billed = region?.lines.find((l) => l.item === 'Secrets Manager secrets')?.quantity;
      expect(billed, stack.region).toBe(synthesized.length);
    }
  });
});
