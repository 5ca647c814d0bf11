// The multi-region fake refuses to be kinder than DynamoDB: a BatchGetItem may leave keys unprocessed (the probe
// reads them again), and a stalled replication holds a region's item from its peers until it resumes.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { StackQuorum } from '../../functions/config/quorum';
import { createDynamoVerdictTable } from '../../functions/lambda/quorum-aws';
import { startAwsFake, type AwsFake } from './aws-fake';
import { ALARM_MATH_METRICS_MAX, createQuorumAws, type Backstop, type QuorumAws } from './quorum-aws';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const settings = { regions: REGIONS, homeRegion: 'us-east-1', agree: 2 } as unknown as StackQuorum;
const empty = { metricAlarms: new Map(), composites: new Map() };

let fake: AwsFake | undefined;
let quorum: QuorumAws | undefined;
afterEach(async () => {
  quorum?.close();
  await fake?.close();
});

async function start(unprocessed?: (region: string, key: string) => boolean): Promise<QuorumAws> {
  quorum = createQuorumAws({
    settings,
    table: 't',
    models: new Map(REGIONS.map((r) => [r, empty])),
    targets: [],
    backstops: [],
    replicationMs: () => 20,
    ...(unprocessed !== undefined ? { unprocessed } : {}),
  });
  fake = await startAwsFake({ serve: quorum.serve });
  return quorum;
}

const table = (region: string) =>
  createDynamoVerdictTable(
    't',
    new Set(['org']),
    new DynamoDBClient({
      endpoint: fake?.url ?? '',
      region,
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
      maxAttempts: 1,
    }),
  );
const item = (region: string) => ({ region, writtenAt: Date.now(), verdicts: {} });
const settle = () => new Promise((r) => setTimeout(r, 80));

describe('the quorum fake (DynamoDB as documented)', () => {
  it('leaves keys unprocessed, and the probe reads them again', async () => {
    let once = true;
    await start((_region, key) => {
      if (key !== 'ap-southeast-2' || !once) return false;
      once = false;
      return true;
    });
    for (const r of REGIONS) await table(r).write(item(r));
    await settle();
    const read = await table('us-east-1').read(REGIONS);
    expect(read.map((v) => v.region).sort()).toEqual([...REGIONS].sort());
    const reads = fake?.calls.filter((c) => c.operation === 'dynamodb.BatchGetItem') ?? [];
    expect(reads).toHaveLength(2);
  });

  it("carries a run's ended mark to the peers, and no mark where the run said none", async () => {
    await start();
    await table('us-east-1').write({ ...item('us-east-1'), ended: true });
    await table('eu-west-1').write(item('eu-west-1'));
    await settle();
    const read = await table('ap-southeast-2').read(['us-east-1', 'eu-west-1']);
    expect(Object.fromEntries(read.map((r) => [r.region, r.ended]))).toEqual({
      'us-east-1': true,
      'eu-west-1': undefined,
    });
  });

  it('holds replication while stalled: peers read nothing new until it resumes', async () => {
    const q = await start();
    q.stall(true);
    await table('eu-west-1').write(item('eu-west-1'));
    await settle();
    expect(await table('us-east-1').read(['eu-west-1'])).toEqual([]);
    expect(await table('eu-west-1').read(['eu-west-1'])).toHaveLength(1);
    q.stall(false);
    expect(await table('us-east-1').read(['eu-west-1'])).toHaveLength(1);
  });
});

describe('the quorum fake (CloudWatch as documented)', () => {
  const backstop = (metrics: number): Backstop => ({
    alarm: 'okta-synthetics-org-quorum-backstop',
    expression: 'f0',
    inputs: Object.fromEntries(
      Array.from({ length: metrics }, (_, i) => [`f${i}`, { name: 'QuorumFailing', dimensions: `Region=r${i}` }]),
    ),
    threshold: 2,
    comparison: 'GreaterThanOrEqualToThreshold',
  });
  const withBackstop = (metrics: number) => () =>
    createQuorumAws({
      settings,
      table: 't',
      models: new Map(REGIONS.map((r) => [r, empty])),
      targets: [],
      backstops: [backstop(metrics)],
      replicationMs: () => 20,
    }).close();

  it(`refuses a backstop whose metric math names more than ${ALARM_MATH_METRICS_MAX} metrics, as PutMetricAlarm does`, () => {
    expect(withBackstop(ALARM_MATH_METRICS_MAX)).not.toThrow();
    expect(withBackstop(ALARM_MATH_METRICS_MAX + 1)).toThrow(/names 11 metrics; an alarm takes at most 10/);
  });
});
