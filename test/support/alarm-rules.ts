// Reads the alarms of a synthesized template and evaluates them the way CloudWatch does, so tests can ask what
// a given set of member states does: which composites are in ALARM, which notify which topic, which are muted.
// CloudWatch's rule grammar: ALARM("x") | OK("x") | INSUFFICIENT_DATA("x") | TRUE | FALSE, combined with
// NOT, AND, OR and parentheses (AWS docs, "Creating a composite alarm"). Alarms are named by ARN in the template
// (Fn::GetAtt); here each reference becomes the referenced alarm's name.
import type { Template } from 'aws-cdk-lib/assertions';

type State = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
type Expr =
  | { readonly op: 'state'; readonly state: State; readonly alarm: string }
  | { readonly op: 'const'; readonly value: boolean }
  | { readonly op: 'not'; readonly arg: Expr }
  | { readonly op: 'and' | 'or'; readonly args: readonly Expr[] };

export interface CompositeModel {
  readonly name: string;
  readonly rule: string;
  readonly expr: Expr;
  readonly suppressor?: string;
  readonly waitSeconds?: number;
  readonly extensionSeconds?: number;
  /** Logical ids of the topics its ALARM actions publish to. */
  readonly topics: readonly string[];
}

export interface AlarmModel {
  /** Metric alarms by name, with the topics they notify themselves. */
  readonly metricAlarms: ReadonlyMap<string, readonly string[]>;
  readonly composites: ReadonlyMap<string, CompositeModel>;
}

type Resource = { Properties: Record<string, unknown> };

/** Every alarm of the template; composite rules flattened to the string CloudWatch receives, names for ARNs. */
export function alarmModel(template: Template): AlarmModel {
  const metric = template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;
  const composite = template.findResources('AWS::CloudWatch::CompositeAlarm') as Record<string, Resource>;
  const nameOf = new Map<string, string>();
  for (const [id, r] of [...Object.entries(metric), ...Object.entries(composite)])
    nameOf.set(id, r.Properties.AlarmName as string);
  const ref = (value: unknown): string => {
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    const name = getAtt && nameOf.get(getAtt[0]);
    if (name === undefined) throw new Error(`not an alarm reference: ${JSON.stringify(value)}`);
    return name;
  };
  const topics = (actions: unknown): string[] => ((actions as { Ref: string }[] | undefined) ?? []).map((a) => a.Ref);
  const flatten = (rule: unknown): string => {
    if (typeof rule === 'string') return rule;
    const [separator, parts] = (rule as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map((part) => (typeof part === 'string' ? part : ref(part))).join(separator);
  };
  const composites = new Map<string, CompositeModel>();
  for (const r of Object.values(composite)) {
    const p = r.Properties;
    const rule = flatten(p.AlarmRule);
    composites.set(p.AlarmName as string, {
      name: p.AlarmName as string,
      rule,
      expr: parseRule(rule),
      ...(p.ActionsSuppressor !== undefined
        ? {
            suppressor: ref(p.ActionsSuppressor),
            waitSeconds: p.ActionsSuppressorWaitPeriod as number,
            extensionSeconds: p.ActionsSuppressorExtensionPeriod as number,
          }
        : {}),
      topics: topics(p.AlarmActions),
    });
  }
  return {
    metricAlarms: new Map(
      Object.values(metric).map((r) => [r.Properties.AlarmName as string, topics(r.Properties.AlarmActions)]),
    ),
    composites,
  };
}

export function parseRule(rule: string): Expr {
  const tokens = rule.match(/ALARM|OK|INSUFFICIENT_DATA|TRUE|FALSE|NOT|AND|OR|\(|\)|"(?:[^"\\]|\\.)*"/g) ?? [];
  if (tokens.join('').replace(/\s/g, '') !== rule.replace(/\s/g, '')) throw new Error(`unparsable rule: ${rule}`);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected))
      throw new Error(`rule ${rule}: expected ${expected ?? 'more'} at token ${at}`);
    return token;
  };
  const binary = (op: 'OR' | 'AND', next: () => Expr): Expr => {
    const args = [next()];
    while (peek() === op) {
      take(op);
      args.push(next());
    }
    return args.length === 1 ? (args[0] as Expr) : { op: op === 'OR' ? 'or' : 'and', args };
  };
  const or = (): Expr => binary('OR', and);
  const and = (): Expr => binary('AND', unary);
  const unary = (): Expr => {
    const token = take();
    if (token === 'NOT') return { op: 'not', arg: unary() };
    if (token === 'TRUE' || token === 'FALSE') return { op: 'const', value: token === 'TRUE' };
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (token === 'ALARM' || token === 'OK' || token === 'INSUFFICIENT_DATA') {
      take('(');
      const quoted = take();
      take(')');
      return { op: 'state', state: token, alarm: JSON.parse(quoted) as string };
    }
    throw new Error(`rule ${rule}: unexpected ${token}`);
  };
  const expr = or();
  if (at !== tokens.length) throw new Error(`rule ${rule}: trailing ${tokens.slice(at).join(' ')}`);
  return expr;
}

/** The state of every alarm when exactly `inAlarm` of the metric alarms are in ALARM (the others OK). */
export function evaluate(model: AlarmModel, inAlarm: ReadonlySet<string>): Map<string, State> {
  for (const name of inAlarm) if (!model.metricAlarms.has(name)) throw new Error(`no metric alarm named ${name}`);
  const states = new Map<string, State>(
    [...model.metricAlarms.keys()].map((name) => [name, inAlarm.has(name) ? 'ALARM' : 'OK']),
  );
  const stateOf = (name: string, visiting: readonly string[]): State => {
    const known = states.get(name);
    if (known !== undefined) return known;
    const composite = model.composites.get(name);
    if (composite === undefined) throw new Error(`rule names unknown alarm ${name}`);
    if (visiting.includes(name)) throw new Error(`composite cycle: ${[...visiting, name].join(' -> ')}`);
    const holds = (e: Expr): boolean => {
      switch (e.op) {
        case 'state':
          return stateOf(e.alarm, [...visiting, name]) === e.state;
        case 'const':
          return e.value;
        case 'not':
          return !holds(e.arg);
        case 'and':
          return e.args.every(holds);
        case 'or':
          return e.args.some(holds);
      }
    };
    const state: State = holds(composite.expr) ? 'ALARM' : 'OK';
    states.set(name, state);
    return state;
  };
  for (const name of model.composites.keys()) stateOf(name, []);
  return states;
}

export interface Notification {
  readonly step: number;
  readonly alarm: string;
  readonly state: State;
  readonly topics: readonly string[];
}

/**
 * Plays a timeline, one step per probe period: the metric alarms in ALARM at each step. Returns what reaches
 * the topics. A composite's transition is muted while its suppressor is in ALARM, when the suppressor enters
 * ALARM within the wait period (the next step, if the wait covers a period), or left it within the extension;
 * a muted transition is delivered once the muting ends if the composite is still in that state (CloudWatch
 * "performs its actions" after the wait or extension).
 */
export function play(model: AlarmModel, periodSeconds: number, steps: readonly (readonly string[])[]): Notification[] {
  const timeline = steps.map((names) => evaluate(model, new Set(names)));
  const sent: Notification[] = [];
  const inAlarm = (step: number, name: string): boolean => timeline[step]?.get(name) === 'ALARM';
  const topicsOf = (name: string): readonly string[] =>
    model.composites.get(name)?.topics ?? model.metricAlarms.get(name) ?? [];
  const muted = (composite: CompositeModel | undefined, step: number): boolean => {
    if (composite?.suppressor === undefined) return false;
    const reach = (seconds: number | undefined): number => Math.floor((seconds ?? 0) / periodSeconds);
    for (let k = step - reach(composite.extensionSeconds); k <= step + reach(composite.waitSeconds); k += 1) {
      if (k >= 0 && inAlarm(k, composite.suppressor)) return true;
    }
    return false;
  };
  const names = [...model.metricAlarms.keys(), ...model.composites.keys()];
  for (const name of names) {
    if (topicsOf(name).length === 0) continue;
    const composite = model.composites.get(name);
    let delivered: State = 'OK';
    for (let step = 0; step < timeline.length; step += 1) {
      const state = timeline[step]?.get(name) ?? 'OK';
      if (state === delivered || muted(composite, step)) continue;
      delivered = state;
      sent.push({ step, alarm: name, state, topics: topicsOf(name) });
    }
  }
  return sent.sort((a, b) => a.step - b.step || a.alarm.localeCompare(b.alarm));
}

// ---------------------------------------------------------------------------------------------------------------
// A simulator of CloudWatch over time, minute by minute, from the synthesized alarm properties: each metric alarm's
// Period, EvaluationPeriods, DatapointsToAlarm, TreatMissingData, ComparisonOperator and Threshold, each
// composite's rule, actions and ActionsSuppressor wait/extension.
//
// Model (AWS docs: "Evaluating an alarm", "Configuring how CloudWatch alarms treat missing data", "Composite
// alarms"), with the same worst cases as alarmTiming():
// - A run at minute t publishes datapoints stamped t (its start): they fall in the period containing t.
// - A period is evaluated once it has closed, at the next once-a-minute evaluation: period [q*P, (q+1)*P) is
//   first seen at minute (q+1)*P + 1.
// - M of N with every datapoint present: ALARM when at least M breach, else OK. Missing datapoints are filled by
//   TreatMissingData: breaching counts them as breaching, notBreaching as not; ignore keeps the current state
//   unless the real datapoints alone decide (M of them breach: ALARM; too few could breach even with every gap
//   breaching: OK). The extra look-back CloudWatch takes beyond N periods is not modelled (it only ever reuses
//   older real datapoints).
// - Every alarm starts OK, periods before minute 0 count as healthy (a deployment in steady state).
// - A composite acts on a transition to ALARM after its ActionsSuppressor wait, unless the suppressor was in
//   ALARM during the previous extension; a suppressor entering ALARM in the very minute the composite does counts
//   only with a wait (evaluation order within a minute is not guaranteed): with a wait of 0 (the page composites)
//   the composite acts at once, so a failure published beside the window's first datum would page, which is why
//   the probe withholds it. A muted transition is delivered once the muting ends if the composite is still in that
//   state (AWS: after the wait or the extension "the composite alarm performs its actions"). OK transitions are not
//   delayed by the wait.

/** What one metric alarm needs to be evaluated. */
export interface MetricAlarmSettings {
  readonly name: string;
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: 'breaching' | 'notBreaching' | 'ignore' | 'missing';
  readonly comparison: string;
  readonly threshold: number;
  /** Statistic or ExtendedStatistic (a percentile such as p90). */
  readonly statistic: string;
  readonly topics: readonly string[];
}

export interface Simulation {
  readonly rules: AlarmModel;
  readonly metric: ReadonlyMap<string, MetricAlarmSettings>;
}

export function simulation(template: Template): Simulation {
  const metric = template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;
  const settings = new Map<string, MetricAlarmSettings>();
  for (const r of Object.values(metric)) {
    const p = r.Properties;
    // A math expression (ABS) carries its period on the metric stat, not on the alarm.
    const metrics = p.Metrics as { MetricStat?: { Period: number } }[] | undefined;
    const period = (p.Period as number | undefined) ?? metrics?.find((m) => m.MetricStat)?.MetricStat?.Period;
    if (period === undefined) throw new Error(`alarm ${String(p.AlarmName)} has no period`);
    settings.set(p.AlarmName as string, {
      name: p.AlarmName as string,
      periodMinutes: period / 60,
      evaluationPeriods: p.EvaluationPeriods as number,
      datapointsToAlarm: (p.DatapointsToAlarm as number | undefined) ?? (p.EvaluationPeriods as number),
      treatMissingData: ((p.TreatMissingData as string | undefined) ??
        'missing') as MetricAlarmSettings['treatMissingData'],
      comparison: p.ComparisonOperator as string,
      threshold: p.Threshold as number,
      statistic: (p.ExtendedStatistic as string | undefined) ?? (p.Statistic as string | undefined) ?? 'math',
      topics: ((p.AlarmActions as { Ref: string }[] | undefined) ?? []).map((a) => a.Ref),
    });
  }
  return { rules: alarmModel(template), metric: settings };
}

export function breaches(alarm: MetricAlarmSettings, value: number): boolean {
  switch (alarm.comparison) {
    case 'LessThanThreshold':
      return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.threshold;
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    default:
      throw new Error(`alarm ${alarm.name}: comparison ${alarm.comparison} not modelled`);
  }
}

/** A value of the alarm's metric that breaches (or not) its threshold. */
export function valueFor(alarm: MetricAlarmSettings, breaching: boolean): number {
  const below = alarm.comparison.startsWith('LessThan');
  const value = breaching === below ? alarm.threshold - 1 : alarm.threshold + 1;
  if (breaches(alarm, value) !== breaching) throw new Error(`alarm ${alarm.name}: no value found`);
  return value;
}

/**
 * The datapoints published at one minute, by the alarm that watches them; an alarm absent got none. Several values:
 * one run's samples of a percentile alarm's metric (ServerLatency: each answered request of the server).
 */
export type Minute = ReadonlyMap<string, number | readonly number[]>;

/**
 * A percentile of a period's samples, as CloudWatch defines it ("p95: 95 percent of the data within the period is
 * lower than this value"): the nearest rank, ceil(p * n). CloudWatch's own figure is an approximation of it; with
 * fewer samples than 10/(1-p) it is not significant, and evaluated anyway under EvaluateLowSampleCountPercentile
 * "evaluate" (the only setting the stack uses).
 */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const value = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  if (value === undefined) throw new Error('percentile of no samples');
  return value;
}

export interface TimedNotification {
  readonly minute: number;
  readonly alarm: string;
  readonly state: State;
  readonly topics: readonly string[];
}

/**
 * Plays minutes of datapoints (index = minute), then `tail` minutes without any; returns what reached which topic,
 * when.
 */
export function simulate(sim: Simulation, minutes: readonly Minute[], tail = 0): TimedNotification[] {
  const end = minutes.length + tail;
  const metricStates = new Map<string, State[]>();
  for (const alarm of sim.metric.values()) {
    const p = alarm.periodMinutes;
    const rank = /^p(\d+(?:\.\d+)?)$/.exec(alarm.statistic);
    /**
     * The period's datapoint: a percentile alarm's percentile of every sample in it; otherwise the worst value
     * published in it (the other statistics used here are Minimum/Maximum/Sum of one run).
     */
    const datapoint = (q: number): number | undefined => {
      const values: number[] = [];
      for (let t = q * p; t < (q + 1) * p && t < minutes.length; t += 1) {
        const value = minutes[t]?.get(alarm.name);
        if (value !== undefined) values.push(...(typeof value === 'number' ? [value] : value));
      }
      if (values.length === 0) return undefined;
      if (rank?.[1] !== undefined) return percentile(values, Number(rank[1]));
      return values.find((v) => breaches(alarm, v)) ?? values[0];
    };
    const states: State[] = [];
    let state: State = 'OK';
    for (let m = 0; m < end; m += 1) {
      const last = Math.floor((m - 1) / p) - 1; // the newest period closed and evaluated by minute m
      if (last >= 0 && (m - 1) % p === 0) {
        // Before minute 0 the deployment was in steady state: those periods count as present and not breaching.
        const window = Array.from({ length: alarm.evaluationPeriods }, (_, i) => last - i);
        const real = window.map((q) => (q < 0 ? valueFor(alarm, false) : datapoint(q)));
        const present = real.filter((v): v is number => v !== undefined);
        const breaching = present.filter((v) => breaches(alarm, v)).length;
        const gaps = alarm.evaluationPeriods - present.length;
        const needed = alarm.datapointsToAlarm;
        if (gaps === 0 || alarm.treatMissingData === 'breaching' || alarm.treatMissingData === 'notBreaching') {
          const counted = breaching + (alarm.treatMissingData === 'breaching' ? gaps : 0);
          state = counted >= needed ? 'ALARM' : 'OK';
        } else if (breaching >= needed) state = 'ALARM';
        else if (breaching + gaps < needed) state = 'OK';
        else if (alarm.treatMissingData === 'missing' && present.length === 0) state = 'INSUFFICIENT_DATA';
        // ignore (and missing with some data): the current state is maintained.
      }
      states.push(state);
    }
    metricStates.set(alarm.name, states);
  }
  const stateAt = (m: number): Map<string, State> => {
    const rules = sim.rules;
    const inAlarm = new Set([...metricStates].filter(([, s]) => s[m] === 'ALARM').map(([name]) => name));
    return evaluate(rules, inAlarm);
  };
  const timeline = Array.from({ length: end }, (_, m) => stateAt(m));
  const sent: TimedNotification[] = [];
  for (const [name, alarm] of sim.metric) {
    if (alarm.topics.length === 0) continue;
    let delivered: State = 'OK';
    for (let m = 0; m < end; m += 1) {
      const state = timeline[m]?.get(name) ?? 'OK';
      if (state === delivered) continue;
      delivered = state;
      sent.push({ minute: m, alarm: name, state, topics: alarm.topics });
    }
  }
  for (const composite of sim.rules.composites.values()) {
    if (composite.topics.length === 0) continue;
    const wait = Math.ceil((composite.waitSeconds ?? 0) / 60);
    const extension = Math.ceil((composite.extensionSeconds ?? 0) / 60);
    const suppressorIn = (m: number): boolean =>
      composite.suppressor !== undefined && timeline[m]?.get(composite.suppressor) === 'ALARM';
    const muted = (m: number, since: number): boolean => {
      if (composite.suppressor === undefined) return false;
      for (let k = Math.max(0, m - extension); k < m; k += 1) if (suppressorIn(k)) return true;
      // In the minute the composite changed, a suppressor changing too is seen only with a wait.
      return suppressorIn(m) && (m > since || wait > 0 || suppressorIn(m - 1));
    };
    let delivered: State = 'OK';
    let since = 0;
    for (let m = 0; m < end; m += 1) {
      const state = timeline[m]?.get(composite.name) ?? 'OK';
      if (state !== (timeline[m - 1]?.get(composite.name) ?? 'OK')) since = m;
      if (state === delivered) continue;
      if (state === 'ALARM' && m < since + wait) continue;
      if (muted(m, since)) continue;
      delivered = state;
      sent.push({ minute: m, alarm: composite.name, state, topics: composite.topics });
    }
  }
  return sent.sort((a, b) => a.minute - b.minute || a.alarm.localeCompare(b.alarm));
}
