// What AWS's own services publish to CloudWatch, and how a synthesized template's metric alarms read it: each alarm's
// metric (or metric math, read from the template and evaluated by metric-math.ts) aggregated over its period by its
// statistic, matching dimensions exactly as CloudWatch does (a metric is its namespace, name and whole set of
// dimensions). The result feeds alarm-rules.ts `simulate`, one datapoint per period, so a test proves an alarm fires
// on the datapoints the service really publishes, not on a value chosen to breach.
import type { Template } from 'aws-cdk-lib/assertions';
import type { Minute } from './alarm-rules';
import { parseMetricMath } from './metric-math';

/** One datapoint as a service publishes it: in `minute` (from the start of the test), under these dimensions. */
export interface Published {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly minute: number;
  readonly value: number;
}

type Json = unknown;
type Resources = Record<string, { Type: string; Properties?: Record<string, Json> }>;
interface MetricRef {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions?: { Name: string; Value: Json }[];
}

/** A template value as deployed: a Ref to a named resource is its name, a Fn::Join its parts joined. */
function resolver(resources: Resources): (value: Json) => string {
  const resolve = (value: Json): string => {
    if (typeof value === 'string') return value;
    const ref = (value as { Ref?: string }).Ref;
    if (ref !== undefined) {
      const p = resources[ref]?.Properties ?? {};
      const name = p.FunctionName ?? p.QueueName ?? p.Name;
      if (typeof name !== 'string') throw new Error(`published-metrics: no name for Ref ${ref}`);
      return name;
    }
    const join = (value as { 'Fn::Join'?: [string, Json[]] })['Fn::Join'];
    if (join !== undefined) return join[1].map(resolve).join(join[0]);
    throw new Error(`published-metrics: cannot resolve ${JSON.stringify(value)}`);
  };
  return resolve;
}

const STATISTICS: Readonly<Record<string, (values: readonly number[]) => number>> = {
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Maximum: (v) => Math.max(...v),
  Minimum: (v) => Math.min(...v),
  Average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  SampleCount: (v) => v.length,
};

/**
 * Each named alarm's datapoints, one a period at the period's first minute (an alarm with none in a period gets
 * none: its TreatMissingData decides), over `minutes` minutes of `published`.
 */
export function alarmMinutes(
  template: Template,
  alarms: readonly string[],
  published: readonly Published[],
  minutes: number,
): Minute[] {
  const resources = template.toJSON().Resources as Resources;
  const resolve = resolver(resources);
  const out: Map<string, number>[] = Array.from({ length: minutes }, () => new Map());
  const series = (metric: MetricRef, statistic: string, from: number, to: number): number | undefined => {
    const wanted = Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name, resolve(d.Value)]));
    const values = published
      .filter(
        (d) =>
          d.namespace === metric.Namespace &&
          d.name === metric.MetricName &&
          d.minute >= from &&
          d.minute < to &&
          JSON.stringify(Object.entries(d.dimensions).sort()) === JSON.stringify(Object.entries(wanted).sort()),
      )
      .map((d) => d.value);
    const aggregate = STATISTICS[statistic];
    if (aggregate === undefined) throw new Error(`published-metrics: statistic ${statistic} not modelled`);
    return values.length === 0 ? undefined : aggregate(values);
  };
  for (const name of alarms) {
    const alarm = Object.values(resources).find(
      (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.AlarmName === name,
    )?.Properties;
    if (alarm === undefined) throw new Error(`published-metrics: no metric alarm ${name}`);
    const math = alarm.Metrics as
      | { Id: string; Expression?: string; MetricStat?: { Metric: MetricRef; Period: number; Stat: string } }[]
      | undefined;
    const period = ((alarm.Period as number | undefined) ?? math?.find((m) => m.MetricStat)?.MetricStat?.Period)!;
    const p = period / 60;
    for (let q = 0; q * p < minutes; q += 1) {
      const [from, to] = [q * p, (q + 1) * p];
      let value: number | undefined;
      if (math === undefined) value = series(alarm as unknown as MetricRef, alarm.Statistic as string, from, to);
      else {
        const values = Object.fromEntries(
          math.flatMap((m) =>
            m.MetricStat === undefined ? [] : [[m.Id, series(m.MetricStat.Metric, m.MetricStat.Stat, from, to)]],
          ),
        );
        const expression = math.find((m) => m.Expression !== undefined)?.Expression;
        if (expression === undefined) throw new Error(`published-metrics: ${name} has metrics but no expression`);
        value = parseMetricMath(expression)(values);
      }
      if (value !== undefined) out[from]?.set(name, value);
    }
  }
  return out;
}

/**
 * Lambda's invocation metrics (Lambda developer guide, "Types of metrics for Lambda functions"; aws-behaviour.md): an
 * invocation counts in Invocations under FunctionName, whatever invoked it, and an invocation of an alias or version
 * counts again under FunctionName and Resource "<function>:<qualifier>".
 */
export function lambdaInvocation(functionName: string, minute: number, qualifier?: string): Published[] {
  const at = { namespace: 'AWS/Lambda', name: 'Invocations', minute, value: 1 };
  return [
    { ...at, dimensions: { FunctionName: functionName } },
    ...(qualifier === undefined
      ? []
      : [{ ...at, dimensions: { FunctionName: functionName, Resource: `${functionName}:${qualifier}` } }]),
  ];
}
