// docs/deploying.md's IAM row names every action the probe's role is granted, for a config with everything that adds
// one (journeys, groups of SAML apps, the quorum, provisioning, the status page, a VPC): the row once listed the
// journeys' table alone, leaving out the kept records, the status page's bucket and the other tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { provisioningConfig, richestConfig } from '../support/configs';
import { resources, synthTemplate } from './helpers';

/** The IAM row of the stack's table in docs/deploying.md. */
function iamRow(): string {
  const text = readFileSync(join(import.meta.dirname, '../../docs/deploying.md'), 'utf8');
  return text.split('\n').find((line) => line.startsWith('| IAM |')) ?? '';
}

describe("docs/deploying.md's IAM row", () => {
  it("names every action of the probe's role, with every feature that adds one on", () => {
    const config = {
      ...richestConfig(),
      provisioning: provisioningConfig().provisioning,
      statusPage: { allowFrom: ['203.0.113.0/24'] },
      vpc: { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] },
    };
    const actions = new Set<string>();
    for (const [id, policy] of resources(synthTemplate(config), 'AWS::IAM::Policy')) {
      if (!id.startsWith('ProbeRole')) continue;
      const { Statement } = policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] };
      for (const statement of Statement) for (const action of [statement.Action].flat()) actions.add(action);
    }
    expect([...actions].filter((a) => /^(s3|ssm|ec2|kms):/.test(a)).length).toBeGreaterThan(10);
    const row = iamRow();
    // Named whole (`ssm:PutParameter`), or by its name after the first of its service (`GetItem`/`PutItem`).
    const unnamed = [...actions].filter((action) => {
      const name = action.split(':')[1] ?? action;
      return !row.includes(`\`${action}\``) && !new RegExp(`[/\`]${name}[\`/]`).test(row);
    });
    expect(unnamed).toEqual([]);
  });
});
