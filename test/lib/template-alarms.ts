// What a synthesized template deploys, read as CloudWatch would: each alarm with its composite's members and the
// topics it notifies, and every metric the alarms and the dashboard watch. Read by the tests that hold the plan and
// the contract to the stack.
import type { Template } from 'aws-cdk-lib/assertions';
import { dashboardBody, resources } from './helpers';

interface Deployed {
  readonly name: string;
  readonly composite: boolean;
  readonly members: string[];
  readonly topics: string[];
}

/** Each alarm of a template: its members (a composite's rule) and the topics its alarm actions name. */
export function deployedAlarms(template: Template): Map<string, Deployed> {
  const out = new Map<string, Deployed>();
  const topicOf = (action: unknown): string => {
    const ref = (action as { Ref?: string }).Ref ?? '';
    if (/^AlarmTopicWarnTopic/.test(ref)) return 'warn';
    if (/^AlarmTopic[0-9A-F]{8}$/.test(ref)) return 'page';
    return 'other';
  };
  const byId = new Map<string, string>();
  const all: [string, string, { AlarmName: string; AlarmRule?: unknown; AlarmActions?: unknown[] }][] = [];
  for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
    for (const [id, resource] of Object.entries(template.findResources(type)) as [
      string,
      { Properties: { AlarmName: string; AlarmRule?: unknown; AlarmActions?: unknown[] } },
    ][]) {
      byId.set(id, resource.Properties.AlarmName);
      all.push([id, type, resource.Properties]);
    }
  }
  for (const [, type, properties] of all) {
    // A member is named by its ARN (Fn::GetAtt of its resource) or, across stacks, by an ARN built with its name.
    const rule = JSON.stringify(properties.AlarmRule ?? '');
    const members = [
      ...[...rule.matchAll(/"Fn::GetAtt":\["([^"]+)","Arn"\]/g)].map((m) => byId.get(m[1]!) ?? `?${m[1]}`),
      ...[...rule.matchAll(/:alarm:([^"\\)]+)/g)].map((m) => m[1]!),
    ];
    out.set(properties.AlarmName, {
      name: properties.AlarmName,
      composite: type.endsWith('CompositeAlarm'),
      members: members.sort(),
      topics: [...new Set((properties.AlarmActions ?? []).map(topicOf))].filter((t) => t !== 'other'),
    });
  }
  return out;
}

interface Watched {
  readonly where: string;
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
}

type Dimension = { Name: string; Value: string };
type MetricStat = { Metric: { Namespace: string; MetricName: string; Dimensions?: Dimension[] } };

export function fromAlarms(template: Template): Watched[] {
  const watched: Watched[] = [];
  const dims = (list: Dimension[] | undefined): Record<string, string> =>
    Object.fromEntries((list ?? []).map((d) => [d.Name, d.Value]));
  for (const [id, alarm] of resources(template, 'AWS::CloudWatch::Alarm')) {
    const p = alarm.Properties as {
      Namespace?: string;
      MetricName?: string;
      Dimensions?: Dimension[];
      Metrics?: { MetricStat?: MetricStat }[];
    };
    if (p.MetricName !== undefined && p.Namespace !== undefined) {
      watched.push({ where: id, namespace: p.Namespace, name: p.MetricName, dimensions: dims(p.Dimensions) });
    }
    for (const m of p.Metrics ?? []) {
      if (m.MetricStat) {
        const { Namespace, MetricName, Dimensions } = m.MetricStat.Metric;
        watched.push({ where: id, namespace: Namespace, name: MetricName, dimensions: dims(Dimensions) });
      }
    }
  }
  return watched;
}

export function fromDashboard(template: Template): Watched[] {
  const watched: Watched[] = [];
  for (const [index, widget] of dashboardBody(template).widgets.entries()) {
    for (const row of widget.properties.metrics ?? []) {
      if (typeof row[0] !== 'string') continue; // a math expression row
      const [namespace, name, ...rest] = row as [string, string, ...unknown[]];
      const pairs = rest.filter((x): x is string => typeof x === 'string');
      const dimensions: Record<string, string> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i] as string] = pairs[i + 1] as string;
      watched.push({ where: `dashboard widget ${index}`, namespace, name, dimensions });
    }
  }
  return watched;
}

export const metricKey = (name: string, dimensions: Readonly<Record<string, string>>): string =>
  `${name} ${JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)))}`;
