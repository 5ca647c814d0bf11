// The stack with provisioning health: its two alarms on the org's totals (no app or user dimension), warnings by
// default and the leavers' a page with pageOnLeavers; the open leavers' table, retained with point-in-time recovery
// and no TTL; the hashing key a secret CloudFormation generates, never a value in the template; and the probe's role
// allowed exactly Query and BatchWriteItem on that table and GetSecretValue on that secret. Without the block, none.
import { describe, expect, it } from 'vitest';
import { resources, synthTemplate, exampleConfig } from './helpers';
import { provisioningConfig } from '../support/configs';

const P = 'okta-synthetics';

interface AlarmProps {
  AlarmName?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: string }[];
  ComparisonOperator?: string;
  Threshold?: number;
  TreatMissingData?: string;
}

const alarmsOf = (template: ReturnType<typeof synthTemplate>): AlarmProps[] =>
  resources(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as AlarmProps);

const composite = (template: ReturnType<typeof synthTemplate>, name: string): string =>
  JSON.stringify(
    resources(template, 'AWS::CloudWatch::CompositeAlarm').find(([, r]) => r.Properties.AlarmName === name)?.[1]
      .Properties.AlarmRule,
  );

/** Every statement of the probe role's policies, as written in the template. */
function probeStatements(template: ReturnType<typeof synthTemplate>): { Action: unknown; Resource: unknown }[] {
  return resources(template, 'AWS::IAM::Policy')
    .filter(([id]) => id.startsWith('ProbeRole'))
    .flatMap(
      ([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    );
}

describe('the stack with "provisioning": {}', () => {
  const template = synthTemplate(provisioningConfig());

  it('alarms on the two totals of the org server, with no app or user dimension, both warnings', () => {
    const ours = alarmsOf(template).filter((a) => /Provisioning/.test(a.MetricName ?? ''));
    expect(ours.map((a) => [a.AlarmName, a.MetricName]).sort()).toEqual([
      [`${P}-org-provisioning-failing`, 'ProvisioningAppsFailing'],
      [`${P}-org-provisioning-leavers`, 'ProvisioningOpenLeavers'],
    ]);
    for (const alarm of ours) {
      expect(alarm.Dimensions).toEqual([{ Name: 'Server', Value: 'org' }]);
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm.Threshold).toBe(1);
      expect(alarm.TreatMissingData).toBe('ignore');
    }
    const warn = composite(template, `${P}-org-warn`);
    const page = composite(template, `${P}-org-page`);
    expect(warn).toContain('orgprovisioningfailing');
    expect(warn).toContain('orgprovisioningleavers');
    expect(page).not.toContain('orgprovisioning');
  });

  it('keeps the open leavers in a retained table with point-in-time recovery and no expiry', () => {
    const tables = Object.entries(template.toJSON().Resources as Record<string, Record<string, unknown>>).filter(
      ([, r]) =>
        r.Type === 'AWS::DynamoDB::Table' && (r.Properties as { TableName?: string }).TableName === `${P}-provisioning`,
    );
    expect(tables).toHaveLength(1);
    const [[, table] = ['', {}]] = tables;
    expect(table.DeletionPolicy).toBe('RetainExceptOnCreate');
    const props = table.Properties as Record<string, unknown>;
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.TimeToLiveSpecification).toBeUndefined();
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('has CloudFormation generate the hashing key: no value of it in the template', () => {
    const secrets = resources(template, 'AWS::SecretsManager::Secret').filter(
      ([, r]) => r.Properties.Name === `${P}/provisioning-key`,
    );
    expect(secrets).toHaveLength(1);
    const [[, secret] = ['', { Properties: {} }]] = secrets;
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it("lets the probe Query and BatchWriteItem the leavers' table and read the key, nothing more of either", () => {
    const statements = probeStatements(template);
    const text = (value: unknown): string => JSON.stringify(value);
    const onTable = statements.filter((s) => text(s.Resource).includes('ProvisioningLedger'));
    expect(onTable.map((s) => [...(s.Action as string[])].sort())).toEqual([
      ['dynamodb:BatchWriteItem', 'dynamodb:Query'],
    ]);
    const onKey = statements.filter((s) => text(s.Resource).includes('ProvisioningKey'));
    expect(onKey.map((s) => s.Action)).toEqual(['secretsmanager:GetSecretValue']);
    // Nothing of DynamoDB or Secrets Manager on every resource.
    expect(statements.filter((s) => s.Resource === '*' && /dynamodb|secretsmanager/.test(text(s.Action)))).toEqual([]);
  });

  it('gives the function the table and the secret by name, and keeps its own log cursor', () => {
    const [[, fn] = ['', { Properties: {} }]] = resources(template, 'AWS::Lambda::Function').filter(
      ([, r]) => r.Properties.FunctionName === `${P}-probe`,
    );
    const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.PROVISIONING_TABLE).toBe(`${P}-provisioning`);
    expect(env.PROVISIONING_KEY_SECRET).toBe(`${P}/provisioning-key`);
    const ssm = probeStatements(template).filter((s) => JSON.stringify(s.Action).includes('ssm:PutParameter'));
    expect(JSON.stringify(ssm)).toContain('provisioning-cursor');
  });

  it('pages on open leavers with pageOnLeavers, and still only warns for failing apps', () => {
    const paging = synthTemplate(provisioningConfig({ pageOnLeavers: true }));
    expect(composite(paging, `${P}-org-page`)).toContain('orgprovisioningleavers');
    expect(composite(paging, `${P}-org-page`)).not.toContain('orgprovisioningfailing');
    expect(composite(paging, `${P}-org-warn`)).toContain('orgprovisioningfailing');
  });

  it('without the block: no provisioning alarm, table or key', () => {
    const without = synthTemplate(exampleConfig());
    expect(alarmsOf(without).filter((a) => /Provisioning/.test(a.MetricName ?? ''))).toEqual([]);
    const text = JSON.stringify(without.toJSON());
    expect(text).not.toContain('ProvisioningLedger');
    expect(text).not.toContain('provisioning-key');
  });
});
