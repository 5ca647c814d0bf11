// The notifier's AWS calls as its synthesized role lets them through: the loopback AWS fake enforces the template's
// policy (iam-policy.ts), so a narrower grant than AWS requires fails here as it would on an account.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentAlarm } from '../../functions/lambda/notifier';
import { startAwsFake, type AwsFake } from '../support/aws-fake';
import type { CfnResource } from '../support/cfn-values';
import { iamGate, roleStatements, type IamStatement } from '../support/iam-policy';
import { exampleConfig, synthTemplate } from './helpers';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const PAGE = 'okta-synthetics-default-page';

function client(fake: AwsFake): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: fake.url,
    region: REGION,
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
  });
}

describe("the notifier's reads, as its synthesized role allows them", () => {
  let statements: IamStatement[];
  const fakes: AwsFake[] = [];
  const fakeFor = async (allowed: readonly IamStatement[]): Promise<AwsFake> => {
    const fake = await startAwsFake({ iam: iamGate(allowed, { account: ACCOUNT }) });
    fakes.push(fake);
    fake.alarms.set(PAGE, { state: 'OK', since: Date.parse('2026-11-22T03:12:00.000Z') });
    return fake;
  };
  beforeAll(() => {
    const resources = synthTemplate(exampleConfig()).toJSON().Resources as Record<string, CfnResource>;
    statements = roleStatements({ account: ACCOUNT, region: REGION, resources }, (id) => id.startsWith('NotifierRole'));
  });
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });

  it('reads the page composite\'s state: DescribeAlarms is granted on "*", as composites require', async () => {
    const fake = await fakeFor(statements);
    const state = await currentAlarm(client(fake), PAGE, Date.now() + 10_000);
    // Read, so a change that arrives after the recovery is recognised as stale and not sent.
    expect(state).toEqual({ state: 'OK', since: Date.parse('2026-11-22T03:12:00.000Z') });
  });

  it('a grant scoped to the alarms named after the deployment cannot read a composite (AWS refuses it)', async () => {
    const narrow = statements.map((s) =>
      [s.Action].flat().includes('cloudwatch:DescribeAlarms')
        ? { ...s, Resource: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:okta-synthetics-*` }
        : s,
    );
    const fake = await fakeFor(narrow);
    const state = await currentAlarm(client(fake), PAGE, Date.now() + 10_000);
    expect(state).toEqual({ error: expect.stringMatching(/^AccessDeniedException: .*cloudwatch:DescribeAlarms/) });
  });
});
