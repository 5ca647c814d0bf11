// vpc: the probe runs in the configured subnets (a NAT with a fixed IP for Okta network zones).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/parse';
import { OWN_SUBNETS_ENV } from '../../functions/contract';
import { EC2Client } from '@aws-sdk/client-ec2';
import { readOwnVpc } from '../../functions/lambda/own-vpc';
import { fakeClientConfig, startAwsFake } from '../support/aws-fake';
import type { CfnResource } from '../support/cfn-values';
import { iamGate, roleStatements } from '../support/iam-policy';
import { exampleConfig, resources, synthTemplate } from './helpers';

const VPC = {
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  securityGroupIds: ['sg-0123456789abcdef0'],
};

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
});
