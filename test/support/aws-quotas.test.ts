// The fake refuses what AWS refuses: calls past CloudWatch's and SSM's rates, and a PutMetricData past its size.
import { CloudWatchClient, PutMetricDataCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsFake, type AwsFake } from './aws-fake';
import { awsQuotas, CALLS_PER_SECOND, PUT_METRIC_DATA_MAX_DATUMS } from './aws-quotas';

const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' };

describe("the fake's request quotas", () => {
  let fake: AwsFake;
  beforeAll(async () => {
    fake = await startAwsFake({
      serve: ({ operation }) => (operation === 'cloudwatch.SetAlarmState' ? { body: {} } : undefined),
    });
  });
  afterAll(async () => fake.close());

  it('throttles SetAlarmState past 3 calls a second in one region, and not in another region', () => {
    let now = 1_000_000;
    const gate = awsQuotas(() => now);
    const call = (region: string) => gate({ operation: 'cloudwatch.SetAlarmState', input: {}, region });
    for (let i = 0; i < 3; i += 1) expect(call('eu-west-1')).toBeUndefined();
    expect(call('eu-west-1')).toMatchObject({ type: 'ThrottlingException' });
    expect(call('us-east-1')).toBeUndefined();
    now += 1_001;
    expect(call('eu-west-1')).toBeUndefined();
  });

  it('throttles a DynamoDB partition past 1,000 write units a second (1 KB each), and not another partition', () => {
    let now = 7_000;
    const gate = awsQuotas(() => now);
    const put = (journey: string, bytes: number) =>
      gate({
        operation: 'dynamodb.PutItem',
        input: { TableName: 't', Item: { journey: { S: journey }, item: { S: 'state' }, s: { S: 'x'.repeat(bytes) } } },
        region: 'eu-west-1',
      });
    // Each item just over 2 KB: 3 write units; 333 fit in a second (999 units), the 334th does not.
    const answers = Array.from({ length: 334 }, () => put('portal', 2100));
    expect(answers.filter((a) => a === undefined)).toHaveLength(333);
    expect(answers.at(-1)).toMatchObject({
      status: 400,
      type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    });
    expect(put('mobile', 10)).toBeUndefined();
    now += 1_001;
    expect(put('portal', 2100)).toBeUndefined();
  });

  it('throttles DescribeAlarms past 9 and PutParameter past 3 calls a second', () => {
    const gate = awsQuotas(() => 5_000);
    for (const operation of ['cloudwatch.DescribeAlarms', 'ssm.PutParameter']) {
      const limit = CALLS_PER_SECOND[operation] ?? 0;
      const answers = Array.from({ length: limit + 1 }, () => gate({ operation, input: {}, region: 'eu-west-1' }));
      expect(answers.filter((a) => a === undefined)).toHaveLength(limit);
      expect(answers.at(-1)).toMatchObject({ type: 'ThrottlingException' });
    }
  });

  it('answers ThrottlingException to an SDK client that sends SetAlarmState faster than AWS allows', async () => {
    const client = new CloudWatchClient({ endpoint: fake.url, region: 'eu-west-1', credentials, maxAttempts: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        client.send(new SetAlarmStateCommand({ AlarmName: 'a', StateValue: 'ALARM', StateReason: 'r' })),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([
      expect.stringMatching(/ThrottlingException|Rate exceeded/),
      expect.stringMatching(/ThrottlingException|Rate exceeded/),
    ]);
  });

  it('a throttled PutParameter wrote nothing', async () => {
    const client = new SSMClient({ endpoint: fake.url, region: 'eu-west-1', credentials, maxAttempts: 1 });
    const put = (i: number) =>
      client.send(new PutParameterCommand({ Name: '/p', Value: String(i), Type: 'String', Overwrite: true }));
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(put));
    const written = results.filter((r) => r.status === 'fulfilled').length;
    expect(written).toBe(3);
    expect(fake.ssmParameters.get('/p')?.version).toBe(written);
  });

  it('refuses a PutMetricData of more than 1,000 datums whole', async () => {
    const client = new CloudWatchClient({ endpoint: fake.url, region: 'eu-west-1', credentials, maxAttempts: 1 });
    const datums = (n: number) => Array.from({ length: n }, (_, i) => ({ MetricName: `m${i}`, Value: 1 }));
    await expect(
      client.send(new PutMetricDataCommand({ Namespace: 'n', MetricData: datums(PUT_METRIC_DATA_MAX_DATUMS) })),
    ).resolves.toBeDefined();
    await expect(
      client.send(new PutMetricDataCommand({ Namespace: 'n', MetricData: datums(PUT_METRIC_DATA_MAX_DATUMS + 1) })),
    ).rejects.toThrow(/greater than 1000/);
  });
});
