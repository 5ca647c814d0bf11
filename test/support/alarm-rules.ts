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
  for (const [id, r] of [...Object.entries(metric), ...Object.entries(composite)]) nameOf.set(id, r.Properties.AlarmName as string);
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
        ? { suppressor: ref(p.ActionsSuppressor), waitSeconds: p.ActionsSuppressorWaitPeriod as number, extensionSeconds: p.ActionsSuppressorExtensionPeriod as number }
        : {}),
      topics: topics(p.AlarmActions),
    });
  }
  return {
    metricAlarms: new Map(Object.values(metric).map((r) => [r.Properties.AlarmName as string, topics(r.Properties.AlarmActions)])),
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
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`rule ${rule}: expected ${expected ?? 'more'} at token ${at}`);
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
  const states = new Map<string, State>([...model.metricAlarms.keys()].map((name) => [name, inAlarm.has(name) ? 'ALARM' : 'OK']));
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
  const topicsOf = (name: string): readonly string[] => model.composites.get(name)?.topics ?? model.metricAlarms.get(name) ?? [];
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
