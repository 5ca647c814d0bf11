import { describe, expect, it } from 'vitest';
import { CHECKS, METRICS } from '../../../functions/contract';
import { checkOutputs, outputDimensions } from '../../../functions/plan/outputs';
import { createFlapDamper, dampFlapping, flapWindowRuns, flapWindows } from '../../../functions/probe/flap';
import { withholdBreaches, withheldChecks, type BreachRule } from '../../../functions/probe/metrics';
import type { MetricDatum } from '../../../functions/types';

/** Every page alarm a check's outputs declare (its CheckSuccess alarm, its gauges' page alarms), on server "org". */
function pageRules(): BreachRule[] {
  return CHECKS.flatMap((check) =>
    checkOutputs(check).flatMap((output): BreachRule[] => {
      const dimensions = outputDimensions(output, 'org', check);
      const metric = METRICS[output.metric].name;
      if (output.kind === 'success')
        return output.alarm.severity === 'page' ? [{ metric, dimensions, comparison: 'lessThan', threshold: 1 }] : [];
      if (output.kind !== 'gauge') return [];
      return output.gauge.alarms
        .filter((alarm) => alarm.severity === 'page' && typeof alarm.threshold === 'number')
        .map((alarm) => ({ metric, dimensions, comparison: alarm.comparison, threshold: alarm.threshold as number }));
    }),
  );
}

/** A datum of the rule's alarm that breaches it (`breach`) or not. */
function datumOf(rule: BreachRule, breach: boolean): MetricDatum {
  const value =
    rule.comparison === 'lessThan'
      ? breach
        ? rule.threshold - 1
        : rule.threshold
      : breach
        ? rule.threshold + 1
        : rule.threshold - 1;
  return { name: rule.metric as MetricDatum['name'], unit: 'None', dimensions: rule.dimensions, value };
}

/** The decisions for a sequence of runs: F fails, P passes. */
function decisions(runs: string, window = 15): string {
  const damper = createFlapDamper(window);
  return [...runs].map((run) => (damper.decide('k', run === 'F') === 'publish' ? run : 'h')).join('');
}

describe('flap damping', () => {
  it('publishes every run of a clean outage, its first pass included (the 3-min OK stays)', () => {
    expect(decisions('PPPFFFFFPPP')).toBe('PPPFFFFFPPP');
  });

  it('holds the passes of a check whose failures began twice within the window, and publishes every failure', () => {
    expect(decisions('FPFPFPFP')).toBe('FPFhFhFh');
  });

  it('publishes passes again once the window holds one failure spell', () => {
    // Window 5: the spells start at runs 0 and 2; from run 5 on, the one at 0 has left the window.
    expect(decisions('FPFPPPPP', 5)).toBe('FPFhhPPP');
  });

  it('remembers 15 minutes of runs, at least 3', () => {
    expect([1, 5, 15, 60].map(flapWindowRuns)).toEqual([15, 3, 3, 3]);
  });

  it("counts a journey's window in its own runs, not the schedule's: at 10 min a fix's first pass goes out", () => {
    const windows = flapWindows({ signIn: [{ id: 'portal', everyMinutes: 10 }] }, 1);
    expect([windows('org'), windows('portal'), windows(undefined)]).toEqual([15, 3, 15]);
    // One damper for the run, as the handler keeps: the server's window stays 15 runs, the journey's is 3.
    const damper = createFlapDamper(flapWindowRuns(1));
    const run = (key: string, server: string, runs: string) =>
      [...runs].map((r) => (damper.decide(key, r === 'F', windows(server)) === 'publish' ? r : 'h')).join('');
    expect(run('journey', 'portal', 'FPFPFPP')).toBe('FPFPFPP');
    expect(run('server', 'org', 'FPFPFPP')).toBe('FPFhFhh');
  });

  it('holds back only the datapoints of the rules given, by their exact dimensions, and names the held checks', () => {
    const rule: BreachRule = {
      metric: 'CheckSuccess',
      dimensions: { Server: 'org', Check: 'token' },
      comparison: 'lessThan',
      threshold: 1,
    };
    const datum = (check: string, value: number): MetricDatum => ({
      name: 'CheckSuccess',
      unit: 'None',
      dimensions: { Server: 'org', Check: check },
      value,
    });
    const damper = createFlapDamper(15);
    const runs = [0, 1, 0, 1].map((value) =>
      dampFlapping(damper, [datum('token', value), datum('keys', value)], [rule]),
    );
    expect(runs.map((r) => r.metrics.length)).toEqual([2, 2, 2, 1]);
    expect(runs[3]?.metrics).toEqual([datum('keys', 1)]);
    expect([...(runs[3]?.held ?? [])]).toEqual(['org/token']);
  });

  it(
    'names a held datum as maintenance withholding names it: one alarm, one name in the run line (a gauge by ' +
      'its check)',
    () => {
      const rules = pageRules();
      // A gauge's page alarm is among them.
      expect(rules.some((rule) => rule.dimensions.Check === undefined)).toBe(true);
      const damper = createFlapDamper(15);
      for (const breach of [true, false, true])
        dampFlapping(
          damper,
          rules.map((rule) => datumOf(rule, breach)),
          rules,
        );
      const held = dampFlapping(
        damper,
        rules.map((rule) => datumOf(rule, false)),
        rules,
      ).held;
      const withheld = withheldChecks(
        withholdBreaches(
          rules.map((rule) => datumOf(rule, true)),
          rules,
        ).withheld,
      );
      expect([...held].sort()).toEqual([...withheld].sort());
    },
  );
});
