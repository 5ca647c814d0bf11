// A region's place in the minute: the probe Lambda waits its START_OFFSET_MS (set by the stack for each region after
// the first, plan/concurrency.ts) before it sends anything, unless the invocation has too little time for its run.
// In the integration lane: it waits in real time.
import { describe, expect, it } from 'vitest';
import { lambdaConfig, useLambdaHarness } from '../../support/lambda-harness';

const NAMESPACE = 'OktaSyntheticsTest';
const { sim, invoke, lastReport } = useLambdaHarness({
  namespace: NAMESPACE,
  config: () => lambdaConfig(sim(), { namespace: NAMESPACE, prefix: 'okta-synthetics' }),
});

describe('the probe Lambda in a region after the first', () => {
  it(
    "waits its region's start offset (START_OFFSET_MS) before it sends anything, and skips it when the " +
      'invocation has too little time left',
    async () => {
      process.env.START_OFFSET_MS = '400';
      try {
        const invoked = Date.now();
        await invoke();
        expect(Date.parse(lastReport().startedAt) - invoked).toBeGreaterThanOrEqual(390);
        // 20 s left: a run matters more than its place in the minute.
        const short = Date.now();
        await invoke(20_000);
        expect(Date.parse(lastReport().startedAt) - short).toBeLessThan(390);
      } finally {
        delete process.env.START_OFFSET_MS;
      }
    },
  );
});
