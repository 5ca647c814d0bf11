// vpc: the probe runs in the configured subnets (a NAT with a fixed IP for Okta network zones).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/parse';
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
