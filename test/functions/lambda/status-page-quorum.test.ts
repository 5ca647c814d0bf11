// With several regions the deployed page tells what the quorum decided: before it publishes, the home region's probe
// reads the regions' items (DynamoDB BatchGetItem on its replica) and its latches (DescribeAlarms), and decides as a
// round does, changing nothing. A region alone reads nothing; a table that does not answer leaves the page its run.
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import {
  QUORUM_REGION_ENV,
  QUORUM_TABLE,
  QUORUM_TABLE_ENV,
  quorumLatchAlarmName,
  type RunLogLine,
} from '../../../functions/contract';
import { readQuorumView } from '../../../functions/lambda/quorum-handler';
import type { RegionVerdicts } from '../../../functions/quorum/decide';
import { buildStatusPage } from '../../../functions/status-page/page';
import { twoServerConfig, writeConfig } from '../../support/configs';
import { goodRunLine } from '../../support/run-line-fixture';

const dynamo = mockClient(DynamoDBClient);
const cloudwatch = mockClient(CloudWatchClient);
const env = { ...process.env };
// The unit lane shares a worker between files: no stub and no variable is left to the next file.
afterAll(() => {
  dynamo.restore();
  cloudwatch.restore();
});
beforeEach(() => {
  process.env[QUORUM_TABLE_ENV] = 'okta-synthetics-quorum';
  process.env[QUORUM_REGION_ENV] = 'us-east-1';
});
afterEach(() => {
  dynamo.reset();
  cloudwatch.reset();
  for (const key of [QUORUM_TABLE_ENV, QUORUM_REGION_ENV]) {
    if (env[key] === undefined) delete process.env[key];
    else process.env[key] = env[key];
  }
});

const config = (regions: readonly string[]) => {
  const read = loadConfigFile(writeConfig(twoServerConfig(regions)), 'deploy');
  if (!read.ok) throw new Error(read.errors.join('; '));
  return read.config;
};

const NOW = Date.now();
/** A region's item as the table holds it. */
const item = (region: string, verdicts: RegionVerdicts['verdicts']) => ({
  [QUORUM_TABLE.partitionKey]: { S: region },
  [QUORUM_TABLE.verdicts]: { S: JSON.stringify(verdicts) },
  [QUORUM_TABLE.writtenAt]: { N: String(NOW - 1_000) },
});
const down = { state: 'down', code: 'OKTA_SERVER_ERROR', at: NOW - 1_000, until: NOW + 60_000 } as const;
const up = { state: 'up', at: NOW - 1_000, until: NOW + 60_000, upSince: NOW - 600_000 } as const;

/** The home region's run: `default` failing with Okta's 5xx, the Org server up. */
const homeRun: RunLogLine = {
  ...goodRunLine,
  startedAt: new Date(NOW - 2_000).toISOString(),
  servers: [
    { id: 'org', up: 1, ms: 90 },
    { id: 'default', up: 0, ms: 90 },
  ],
  failures: goodRunLine.failures.map((f) => ({ ...f, server: 'default', code: 'OKTA_SERVER_ERROR' })),
};

const pageWith = async (regions: readonly string[]) => {
  const quorum = await readQuorumView(config(regions), 'Okta/Synthetics');
  const page = buildStatusPage({ lines: [homeRun], at: new Date(NOW), quorum });
  return { quorum, part: page?.model.parts.find((p) => p.kind === 'server' && p.id === 'default') };
};

describe("the deployed page reads the quorum's decision", () => {
  it('tells a 5xx only the home region sees as UNKNOWN, ours, when its peer sees the server up', async () => {
    dynamo.on(BatchGetItemCommand).resolves({
      Responses: {
        'okta-synthetics-quorum': [item('us-east-1', { default: down }), item('eu-west-1', { default: up })],
      },
    });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const { quorum, part } = await pageWith(['us-east-1', 'eu-west-1']);
    expect(quorum?.decisions.find((d) => d.target === 'default')).toMatchObject({ latch: false });
    expect(part).toMatchObject({ state: 'unknown', fault: { code: 'OKTA_SERVER_ERROR', owner: 'probe' } });
  });

  it("tells it FAILING, Okta's, once the latch holds: the regions agreed", async () => {
    dynamo.on(BatchGetItemCommand).resolves({
      Responses: {
        'okta-synthetics-quorum': [item('us-east-1', { default: down }), item('eu-west-1', { default: down })],
      },
    });
    const latch = quorumLatchAlarmName('okta-synthetics', 'default');
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: latch, StateValue: 'ALARM' }] });
    const { part } = await pageWith(['us-east-1', 'eu-west-1']);
    expect(part).toMatchObject({ state: 'failing', fault: { code: 'OKTA_SERVER_ERROR', owner: 'okta' } });
  });

  it('reads nothing for a region alone, and leaves the page its run when the table does not answer', async () => {
    const { quorum } = await pageWith(['us-east-1']);
    expect(quorum).toBeUndefined();
    expect(dynamo.calls()).toHaveLength(0);
    dynamo.on(BatchGetItemCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const refused = await pageWith(['us-east-1', 'eu-west-1']);
    expect(refused.quorum).toBeUndefined();
    expect(refused.part).toMatchObject({ state: 'failing', fault: { owner: 'okta' } });
  });
});
