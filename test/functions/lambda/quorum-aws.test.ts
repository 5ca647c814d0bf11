// The Lambda's backstop publisher (quorum-aws.ts createFailingPublisher) on the real driver and a fake clock:
// the PutMetricData calls CloudWatch gets from a run's rounds, counted at the SDK client.
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createFailingPublisher } from '../../../functions/lambda/quorum-aws';
import { runQuorum } from '../../../functions/lambda/quorum-loop';
import type { QuorumPorts } from '../../../functions/lambda/quorum-ports';
import type { RegionVerdicts } from '../../../functions/quorum/decide';
import type { CheckResult } from '../../../functions/types';
import { THREE_REGIONS } from '../../support/quorum-settings';

const cloudwatch = mockClient(CloudWatchClient);
// The unit lane shares a worker between files (vitest.config.ts): a stub left on a client's prototype would answer the
// next file's calls.
afterAll(() => cloudwatch.restore());

/** A minute of the wall clock (the epoch's 1,000th): a run starting 5 s past it keeps its rounds within it. */
const M = 60_000_000;

const discovery = (down: boolean): CheckResult[] =>
  [
    down
      ? {
          server: 'org',
          check: 'discovery',
          status: 'fail',
          diagnosis: { code: 'OKTA_SERVER_ERROR', summary: 'OKTA_SERVER_ERROR', detail: '' },
          latencyMs: 5,
        }
      : { server: 'org', check: 'discovery', status: 'pass', diagnosis: null, latencyMs: 5 },
  ] as unknown as CheckResult[];

/** One region's runs on a fake clock, its peers up and fresh, its checks `down(now)`; the publisher is the Lambda's. */
function ports(down: (now: number) => boolean) {
  const clock = { now: M };
  const items = new Map<string, RegionVerdicts>();
  const peer = (region: string): RegionVerdicts => ({
    region,
    writtenAt: clock.now - 2_000,
    verdicts: { org: { state: 'up', at: clock.now - 2_000, until: clock.now + 43_000, upSince: M - 600_000 } },
  });
  const client = new CloudWatchClient({ region: 'us-east-1' });
  const quorumPorts: QuorumPorts = {
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
    check: async () => discovery(down(clock.now)),
    table: {
      write: async (item) => void items.set(item.region, item),
      read: async (regions) =>
        regions.flatMap((r) => (r === 'us-east-1' ? [...(items.has(r) ? [items.get(r)!] : [])] : [peer(r)])),
    },
    latch: { latched: async () => new Set<string>(), set: async () => undefined },
    publishFailing: createFailingPublisher('Okta/Synthetics', 'us-east-1', client),
  };
  const run = (startedAt: number) => {
    clock.now = startedAt;
    return runQuorum(
      {
        settings: THREE_REGIONS,
        region: 'us-east-1',
        checks: discovery(down(startedAt)),
        startedAt,
        fastTargets: ['org'],
        deadline: startedAt + 47_000,
        roundBudgetMs: 6_000,
      },
      quorumPorts,
    );
  };
  return { run };
}

/** The calls' QuorumFailing values of org, one per PutMetricData call, with each call's minute. */
const sentFailing = () =>
  cloudwatch.commandCalls(PutMetricDataCommand).map((call) => {
    const data = call.args[0].input.MetricData ?? [];
    const failing = data.find((d) => d.MetricName === 'QuorumFailing');
    return { minute: Math.floor((failing?.Timestamp?.getTime() ?? 0) / 60_000) - M / 60_000, org: failing?.Value };
  });

beforeEach(() => {
  cloudwatch.reset();
  cloudwatch.on(PutMetricDataCommand).resolves({});
});

describe("the Lambda's backstop publisher on the driver", () => {
  it('sends one PutMetricData in a healthy minute, however many rounds it holds, and one the next minute', async () => {
    const { run } = ports(() => false);
    const first = await run(M + 5_000);
    expect(first.errors).toEqual([]);
    // Every round of the minute used to send its own call.
    expect(first.rounds).toBeGreaterThanOrEqual(3);
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(1);
    // A warm environment's next run, in the next minute: that minute's first round is sent.
    await run(M + 65_000);
    expect(sentFailing()).toEqual([
      { minute: 0, org: 0 },
      { minute: 1, org: 0 },
    ]);
  });

  it('sends at once the round whose value changes in the minute, then nothing more while it holds', async () => {
    // Okta fails from 20 s past the minute: the round at 20 s judges org down.
    const { run } = ports((now) => now >= M + 20_000);
    const result = await run(M + 5_000);
    expect(result.rounds).toBeGreaterThanOrEqual(3);
    expect(sentFailing()).toEqual([
      { minute: 0, org: 0 },
      { minute: 0, org: 1 },
    ]);
  });

  it('sends the next round again when CloudWatch refused a call, and says the refusal in the run', async () => {
    cloudwatch.on(PutMetricDataCommand).rejectsOnce(new Error('Rate exceeded')).resolves({});
    const { run } = ports(() => false);
    const result = await run(M + 5_000);
    expect(result.errors).toEqual([expect.stringContaining('publish QuorumFailing')]);
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(2);
  });
});
