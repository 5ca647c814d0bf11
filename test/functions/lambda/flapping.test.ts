// Flap damping as the deployed handler does it: a page check failing every other run keeps its alarm in
// ALARM through the spell; its passes are held back and the run line says so.
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import type { RunLogLine } from '../../../functions/contract';
import { lambdaConfig, useLambdaHarness } from '../../support/lambda-harness';

describe('the probe Lambda with a page check that flaps', () => {
  const NAMESPACE = 'OktaSyntheticsFlapping';
  const { sim, cloudwatch, invoke, runLogs } = useLambdaHarness({
    namespace: NAMESPACE,
    config: (s) => lambdaConfig(s, { namespace: NAMESPACE }),
  });
  /** default/validate's CheckSuccess values published so far, in order. */
  const validate = (): number[] =>
    cloudwatch()
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? [])
      .filter(
        (d) =>
          d.MetricName === 'CheckSuccess' &&
          d.Dimensions?.some((x) => x.Name === 'Server' && x.Value === 'default') &&
          d.Dimensions.some((x) => x.Name === 'Check' && x.Value === 'validate'),
      )
      .map((d) => d.Value ?? -1);

  it(
    "publishes the first spell's pass, then holds the passes once failures begin a second time, and names them " +
      'in the run line',
    async () => {
      for (const scenario of [
        'audience-mismatch',
        'healthy',
        'audience-mismatch',
        'healthy',
        'audience-mismatch',
        'healthy',
      ] as const) {
        sim().scenario = scenario;
        await invoke();
      }
      // Fail, pass (one spell: a clean outage's OK), fail, held, fail, held.
      expect(validate()).toEqual([0, 1, 0, 0]);
      const lines = runLogs() as unknown as RunLogLine[];
      expect(lines.map((line) => line.flapping ?? [])).toEqual([
        [],
        [],
        [],
        ['default/validate'],
        [],
        ['default/validate'],
      ]);
    },
  );
});
