import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_DATUMS_PER_CALL,
  PUBLISH_TIMEOUT_MS,
  publishMetrics,
  toEmfLines,
} from '../../../functions/lambda/metrics-sink';
import type { MetricDatum } from '../../../functions/types';

const cloudwatch = mockClient(CloudWatchClient);
// The unit lane shares a worker between files (vitest.config.ts): a stub left on a client's prototype would answer the
// next file's calls.
afterAll(() => cloudwatch.restore());
const client = new CloudWatchClient({ region: 'us-east-1' });
const timestamp = new Date('2025-06-01T12:00:05.000Z');

const success = (server: string, check: string, value: number): MetricDatum => ({
  name: 'CheckSuccess',
  unit: 'Count',
  value,
  dimensions: { Server: server, Check: check },
});

beforeEach(() => {
  cloudwatch.reset();
  cloudwatch.on(PutMetricDataCommand).resolves({});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('publishMetrics', () => {
  it('sends standard-resolution datums stamped with the run start', async () => {
    const result = await publishMetrics([success('org', 'token', 1)], {
      namespace: 'NS',
      timestamp,
      client,
      write: () => {},
    });

    expect(result).toEqual({ published: 1, emf: 0 });
    expect(cloudwatch.commandCalls(PutMetricDataCommand)[0]?.args[0].input).toEqual({
      Namespace: 'NS',
      MetricData: [
        {
          MetricName: 'CheckSuccess',
          Dimensions: [
            { Name: 'Server', Value: 'org' },
            { Name: 'Check', Value: 'token' },
          ],
          Value: 1,
          Unit: 'Count',
          Timestamp: timestamp,
          StorageResolution: 60,
        },
      ],
    });
  });

  it('splits more than 1000 datums into calls of at most 1000', async () => {
    const many = Array.from({ length: MAX_DATUMS_PER_CALL * 2 + 5 }, (_, i) => success(`s${i}`, 'token', 1));

    const result = await publishMetrics(many, { namespace: 'NS', timestamp, client, write: () => {} });

    expect(cloudwatch.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input.MetricData?.length)).toEqual([
      1000, 1000, 5,
    ]);
    expect(result.published).toBe(many.length);
  });

  it('writes only the refused batch as EMF and says why', async () => {
    cloudwatch.on(PutMetricDataCommand).rejectsOnce(new Error('boom')).resolves({});
    const many = Array.from({ length: MAX_DATUMS_PER_CALL + 1 }, (_, i) => success(`s${i}`, 'token', 0));
    const lines: string[] = [];

    const result = await publishMetrics(many, {
      namespace: 'NS',
      timestamp,
      client,
      write: (line) => lines.push(line),
    });

    expect(result).toEqual({ published: 1, emf: MAX_DATUMS_PER_CALL, error: 'Error: boom' });
    expect(lines).toHaveLength(MAX_DATUMS_PER_CALL);
  });

  it("bounds PutMetricData by the run's deadline when it comes before the call's own cap", async () => {
    // The clock injected: the budget is the deadline less now, read from Date, never a wait.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2025-06-01T12:00:50.000Z'));
    const timeouts = vi.spyOn(AbortSignal, 'timeout');
    const options = { namespace: 'NS', timestamp, client, write: () => {} };
    await publishMetrics([success('org', 'token', 1)], { ...options, deadline: Date.now() + 800 });
    await publishMetrics([success('org', 'token', 1)], { ...options, deadline: Date.now() + 60_000 });
    await publishMetrics([success('org', 'token', 1)], options);
    expect(timeouts.mock.calls.map(([ms]) => ms)).toEqual([800, PUBLISH_TIMEOUT_MS, PUBLISH_TIMEOUT_MS]);
  });

  it('sends nothing once the deadline has passed, and writes the datums as EMF instead', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2025-06-01T12:00:59.000Z'));
    const lines: string[] = [];
    const result = await publishMetrics([success('org', 'token', 1)], {
      namespace: 'NS',
      timestamp,
      client,
      write: (line) => lines.push(line),
      deadline: Date.now() - 1,
    });
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
    expect(result).toMatchObject({ published: 0, emf: 1, error: expect.stringMatching(/^DeadlineError/) });
    expect(lines).toHaveLength(1);
  });

  it('does nothing for an empty report', async () => {
    expect(await publishMetrics([], { namespace: 'NS', timestamp, client })).toEqual({ published: 0, emf: 0 });
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });
});

describe('toEmfLines', () => {
  it('writes one line per dimension set with the namespace, dimension names, metric names and units', () => {
    const lines = toEmfLines(
      [
        success('org', 'token', 1),
        { name: 'CheckLatency', unit: 'Milliseconds', value: 87, dimensions: { Server: 'org', Check: 'token' } },
        { name: 'RateLimitHeadroom', unit: 'Percent', value: 42.5, dimensions: { Server: 'org' } },
      ],
      'NS',
      timestamp,
    ).map((line) => JSON.parse(line) as unknown);

    expect(lines).toEqual([
      {
        _aws: {
          Timestamp: timestamp.getTime(),
          CloudWatchMetrics: [
            {
              Namespace: 'NS',
              Dimensions: [['Server', 'Check']],
              Metrics: [
                { Name: 'CheckSuccess', Unit: 'Count', StorageResolution: 60 },
                { Name: 'CheckLatency', Unit: 'Milliseconds', StorageResolution: 60 },
              ],
            },
          ],
        },
        Server: 'org',
        Check: 'token',
        CheckSuccess: 1,
        CheckLatency: 87,
      },
      {
        _aws: {
          Timestamp: timestamp.getTime(),
          CloudWatchMetrics: [
            {
              Namespace: 'NS',
              Dimensions: [['Server']],
              Metrics: [{ Name: 'RateLimitHeadroom', Unit: 'Percent', StorageResolution: 60 }],
            },
          ],
        },
        Server: 'org',
        RateLimitHeadroom: 42.5,
      },
    ]);
  });

  it('keeps two values of one metric and dimension set as an array rather than dropping one', () => {
    const [line] = toEmfLines([success('org', 'token', 1), success('org', 'token', 0)], 'NS', timestamp);
    expect(JSON.parse(line ?? '{}')).toMatchObject({ CheckSuccess: [1, 0] });
  });
});
