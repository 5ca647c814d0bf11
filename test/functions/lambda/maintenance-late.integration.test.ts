// The maintenance read when its answer is slow: at 90 servers and 256 MB's CPU share the answer came
// after a 2 s cap on the exchange, so an open window was ignored. The read now has until the checks' deadline,
// and the publish waits a bounded time for it, then says in the run line why pages were not silenced. A real
// 2.6 s wait on the loopback AWS fake: the integration lane (test/lanes.ts).
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMaintenanceReader, maintenanceAtPublish, type Maintenance } from '../../../functions/lambda/maintenance';
import { startAwsFake, type AwsFake } from '../../support/aws-fake';

const PARAMETER = '/okta-synthetics/maintenance';
/** Later than the 2 s the exchange was once capped at. */
const SLOW_ANSWER_MS = 2600;

describe('the maintenance read, answered late', () => {
  let aws: AwsFake;
  let client: SSMClient;
  const until = new Date(Date.now() + 3_600_000).toISOString();
  beforeAll(async () => {
    aws = await startAwsFake({
      parameters: new Map([[PARAMETER, `${until} release 42`]]),
      holdMs: (op) => (op === 'ssm.GetParameter' ? SLOW_ANSWER_MS : 0),
    });
    client = new SSMClient({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await aws.close();
  });

  it("honours the window when SSM answers before the checks' deadline, however late", async () => {
    const window = await createMaintenanceReader(PARAMETER, { client }).read(Date.now() + 10_000);
    expect(window).toEqual({ active: true, until, reason: 'release 42' });
    expect(aws.calls.filter((c) => c.operation === 'ssm.GetParameter')).toHaveLength(1);
  });

  it(
    'the publish waits a bounded time, then goes on without a window and says why (never a silence it could ' +
      'not read)',
    async () => {
      const never = new Promise<Maintenance>(() => undefined);
      const started = Date.now();
      const window = await maintenanceAtPublish(never, PARAMETER, 100);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(window).toEqual({
        active: false,
        ignored:
          `GetParameter ${PARAMETER} had not answered 100 ms after the checks ended: pages not silenced this ` + `run`,
      });
      // An answer in time is what the publish uses.
      expect(
        await maintenanceAtPublish(Promise.resolve({ active: true, until, reason: 'r' }), PARAMETER, 100),
      ).toMatchObject({ active: true });
    },
  );
});
