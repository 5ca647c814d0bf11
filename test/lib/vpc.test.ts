// vpc: the probe runs in the configured subnets (a NAT with a fixed IP for Okta network zones).
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../functions/config/parse';
import { deployProblems, deployRegions } from '../../functions/plan/deploy-rules';
import { OWN_SUBNETS_ENV } from '../../functions/contract';
import { EC2Client } from '@aws-sdk/client-ec2';
import { readOwnVpc } from '../../functions/lambda/own-vpc';
import { fakeClientConfig, startAwsFake } from '../support/aws-fake';
import type { CfnResource } from '../support/cfn-values';
import { iamGate, roleStatements } from '../support/iam-policy';
import { browserJourneyConfig } from '../support/configs';
import { build, exampleConfig, flatTemplate, resources, synthTemplate, TEST_ENV, writeConfig } from './helpers';

const VPC = {
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  securityGroupIds: ['sg-0123456789abcdef0'],
};

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
/** Each region's own VPC: ids that differ by region, as AWS's do. */
const subnetsOf = (index: number) => ({
  subnetIds: [`subnet-0${index}23456789abcdef0`],
  securityGroupIds: [`sg-0${index}23456789abcdef0`],
});
const BY_REGION = Object.fromEntries(REGIONS.map((region, i) => [region, subnetsOf(i + 1)]));

/** What plan's deploy rules say of a config, and what the synth refuses of it. */
function refusals(config: unknown): { plan: string[]; synth: readonly string[] } {
  const loaded = loadConfigFile(writeConfig(config), 'deploy');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const { result } = build(config);
  return {
    plan: deployProblems(loaded.config, deployRegions(loaded.config, TEST_ENV)),
    synth: result.ok ? [] : result.errors,
  };
}

/** Each function's name and VpcConfig in every template of a multi-region config, by region. */
function vpcConfigs(config: unknown): Record<string, Record<string, unknown>> {
  const { result } = build(config);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return Object.fromEntries(
    result.stacks.map((stack) => [
      stack.region,
      Object.fromEntries(
        resources(flatTemplate(stack), 'AWS::Lambda::Function').flatMap(([, r]) => {
          const props = r.Properties as { FunctionName: string; VpcConfig?: unknown };
          return props.VpcConfig === undefined ? [] : [[props.FunctionName, props.VpcConfig]];
        }),
      ),
    ]),
  );
}

describe('vpc', () => {
  it('puts the probe (not the notifier) in the subnets, with the network-interface permissions Lambda needs', () => {
    const template = synthTemplate({ ...exampleConfig(), vpc: VPC });
    const fns = resources(template, 'AWS::Lambda::Function').map(
      ([, r]) => r.Properties as { FunctionName: string; VpcConfig?: unknown },
    );
    expect(fns.find((f) => f.FunctionName === 'okta-synthetics-probe')?.VpcConfig).toEqual({
      SubnetIds: VPC.subnetIds,
      SecurityGroupIds: VPC.securityGroupIds,
    });
    expect(fns.find((f) => f.FunctionName === 'okta-synthetics-notifier')?.VpcConfig).toBeUndefined();
    const policies = JSON.stringify(
      resources(template, 'AWS::IAM::Policy')
        .filter(([id]) => id.startsWith('ProbeRole'))
        .map(([, r]) => r.Properties),
    );
    expect(policies).toContain('ec2:CreateNetworkInterface');
    expect(policies).toContain('ec2:DeleteNetworkInterface');
  });

  it("tells the probe its subnets and lets it read its VPC's ranges, which the hooks' TLS read never enters", () => {
    const template = synthTemplate({ ...exampleConfig(), vpc: VPC });
    const probe = resources(template, 'AWS::Lambda::Function')
      .map(([, r]) => r.Properties as { FunctionName: string; Environment?: { Variables?: Record<string, unknown> } })
      .find((f) => f.FunctionName === 'okta-synthetics-probe');
    expect(probe?.Environment?.Variables?.[OWN_SUBNETS_ENV]).toBe(VPC.subnetIds.join(','));
    const statements = resources(template, 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('ProbeRole'))
      .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement);
    expect(statements.filter((s) => [s.Action].flat().includes('ec2:DescribeVpcs'))).toEqual([
      { Effect: 'Allow', Action: 'ec2:DescribeVpcs', Resource: '*' },
    ]);
    // Without vpc: neither.
    const without = JSON.stringify(synthTemplate(exampleConfig()));
    expect([without.includes(OWN_SUBNETS_ENV), without.includes('ec2:DescribeVpcs')]).toEqual([false, false]);
  });

  it("lets the probe's role read its VPC's ranges through EC2's protocol; a role that may not is told", async () => {
    const template = synthTemplate({ ...exampleConfig(), vpc: VPC });
    const place = {
      account: '123456789012',
      region: 'us-east-1',
      resources: template.toJSON().Resources as Record<string, CfnResource>,
    };
    const statements = roleStatements(place, (id) => id.startsWith('ProbeRole'));
    const ec2 = {
      subnets: VPC.subnetIds.map((id, i) => ({ id, vpcId: 'vpc-0aaa1111bbbb2222c', cidr: `198.51.100.${i * 64}/26` })),
      vpcs: [{ id: 'vpc-0aaa1111bbbb2222c', cidrs: ['198.51.100.0/24'], ipv6: ['2001:db8:1200::/56'] }],
    };
    const aws = await startAwsFake({ ec2, iam: iamGate(statements, { account: place.account }) });
    // The same role without the DescribeVpcs grant: the read is told unread, never "no ranges".
    const withoutVpcs = statements.filter((s) => ![s.Action].flat().includes('ec2:DescribeVpcs'));
    const refusing = await startAwsFake({ ec2, iam: iamGate(withoutVpcs, { account: place.account }) });
    try {
      expect(await readOwnVpc(VPC.subnetIds, new EC2Client(fakeClientConfig(aws)))).toEqual({
        cidrs: ['198.51.100.0/24', '2001:db8:1200::/56', '198.51.100.0/26', '198.51.100.64/26'],
      });
      expect(aws.calls.map((c) => [c.operation, c.input])).toEqual([
        ['ec2.DescribeSubnets', { SubnetIds: VPC.subnetIds }],
        ['ec2.DescribeVpcs', { VpcIds: ['vpc-0aaa1111bbbb2222c'] }],
      ]);
      expect(await readOwnVpc(VPC.subnetIds, new EC2Client(fakeClientConfig(refusing)))).toEqual({
        unread: 'UnauthorizedOperation',
      });
    } finally {
      await Promise.all([aws.close(), refusing.close()]);
    }
  });

  it('is off by default', () => {
    const template = synthTemplate(exampleConfig());
    expect(
      resources(template, 'AWS::Lambda::Function').some(
        ([, r]) => (r.Properties as { VpcConfig?: unknown }).VpcConfig !== undefined,
      ),
    ).toBe(false);
  });

  it('names a wrong id and the missing field, with the fix', () => {
    const result = parseConfig(
      { ...exampleConfig(), vpc: { subnetIds: ['vpc-0123456789abcdef0'] } },
      { mode: 'deploy', baseDir: '.' },
    );
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(
        /^vpc\.subnetIds\[0\]: "vpc-0123456789abcdef0" is not a subnet id \(like subnet-0123456789abcdef0\)/,
      ),
      expect.stringMatching(/^vpc\.securityGroupIds: required: security groups that allow outbound https/),
    ]);
  });

  it("with several regions, runs each region's probe and browser function in that region's own subnets", () => {
    const configs = vpcConfigs({ ...browserJourneyConfig(), regions: REGIONS, vpc: BY_REGION });
    const asDeployed = (i: number) => ({
      SubnetIds: subnetsOf(i).subnetIds,
      SecurityGroupIds: subnetsOf(i).securityGroupIds,
    });
    // The browser journey runs in the first region alone (its "region" defaults to the first of "regions").
    expect(configs).toEqual({
      'us-east-1': { 'okta-synthetics-probe': asDeployed(1), 'okta-synthetics-browser': asDeployed(1) },
      'eu-west-1': { 'okta-synthetics-probe': asDeployed(2) },
      'ap-southeast-2': { 'okta-synthetics-probe': asDeployed(3) },
    });
  });

  it("takes one region's map as its single object", () => {
    const configs = vpcConfigs({ ...exampleConfig(), vpc: { 'us-east-1': VPC } });
    expect(configs['us-east-1']?.['okta-synthetics-probe']).toEqual({
      SubnetIds: VPC.subnetIds,
      SecurityGroupIds: VPC.securityGroupIds,
    });
  });

  it('refuses one vpc for three regions, in plan as in the synth, with the map as the fix', () => {
    const { plan, synth } = refusals({ ...exampleConfig(), regions: REGIONS, vpc: VPC });
    expect(plan).toEqual([
      expect.stringMatching(
        new RegExp(
          '^vpc: one set of subnets and security groups for 3 regions \\(us-east-1, eu-west-1, ap-southeast-2\\), ' +
            'but a VPC belongs to one region.*write vpc as a map',
        ),
      ),
    ]);
    expect(synth).toEqual(plan);
  });

  it('refuses a map missing a region deployed, or naming one not deployed, naming the region and the fix', () => {
    const { 'eu-west-1': _left, ...twoOfThree } = BY_REGION;
    const config = { ...exampleConfig(), regions: REGIONS, vpc: { ...twoOfThree, 'eu-west-2': subnetsOf(4) } };
    const { plan, synth } = refusals(config);
    expect(plan).toEqual([
      expect.stringMatching(
        /^vpc: no entry for eu-west-1, a region the stack deploys to \(regions\); add "eu-west-1": \{ "subnetIds"/,
      ),
      'vpc.eu-west-2: eu-west-2 is not a region this deployment goes to (us-east-1, eu-west-1, ap-southeast-2) ' +
        '(did you mean eu-west-1?); remove the entry, or add eu-west-2 to "regions"',
    ]);
    expect(synth).toEqual(plan);
  });

  it("names a wrong id in a region's entry by its region", () => {
    const result = parseConfig(
      { ...exampleConfig(), vpc: { 'us-east-1': { ...VPC, securityGroupIds: ['subnet-0123456789abcdef0'] } } },
      { mode: 'deploy', baseDir: '.' },
    );
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(/^vpc\.us-east-1\.securityGroupIds\[0\]: "subnet-0123456789abcdef0" is not a sg id/),
    ]);
  });
});
