// The fake's IAM decides as IAM does: allow only what a statement allows, deny wins, composites need "*".
import { describe, expect, it } from 'vitest';
import { allows, iamGate, type IamStatement } from './iam-policy';

const ARN = 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:';

describe("the fake's IAM", () => {
  it('refuses a composite read to DescribeAlarms scoped to alarm names, and allows it on "*"', () => {
    const call = {
      operation: 'cloudwatch.DescribeAlarms',
      input: { AlarmNames: ['p-page'], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] },
      region: 'eu-west-1',
    };
    const narrow: IamStatement[] = [{ Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: `${ARN}p-*` }];
    expect(iamGate(narrow, { account: '111111111111' })(call)).toMatchObject({ type: 'AccessDeniedException' });
    // A metric alarm alone is read under the narrow grant.
    expect(
      iamGate(narrow, { account: '111111111111' })({ ...call, input: { AlarmNames: ['p-latch'] } }),
    ).toBeUndefined();
    const wide: IamStatement[] = [{ Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: '*' }];
    expect(iamGate(wide, { account: '111111111111' })(call)).toBeUndefined();
  });

  it('lets an explicit Deny win, and matches actions without case', () => {
    const statements: IamStatement[] = [
      { Effect: 'Allow', Action: 'CloudWatch:SetAlarm*', Resource: `${ARN}*` },
      { Effect: 'Deny', Action: 'cloudwatch:SetAlarmState', Resource: `${ARN}p-page` },
    ];
    expect(allows(statements, { action: 'cloudwatch:SetAlarmState', resource: `${ARN}p-latch` })).toBe(true);
    expect(allows(statements, { action: 'cloudwatch:SetAlarmState', resource: `${ARN}p-page` })).toBe(false);
  });

  it('holds every key of a write to the LeadingKeys it allows', () => {
    const statements: IamStatement[] = [
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: 'arn:aws:dynamodb:eu-west-1:1:table/t',
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['eu-west-1'] } },
      },
    ];
    const request = (key: string) => ({
      action: 'dynamodb:PutItem',
      resource: 'arn:aws:dynamodb:eu-west-1:1:table/t',
      leadingKeys: [key],
    });
    expect(allows(statements, request('eu-west-1'))).toBe(true);
    expect(allows(statements, request('us-east-1'))).toBe(false);
  });
});
