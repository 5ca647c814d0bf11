// The Grafana dashboard equals the CloudWatch one: every metric graph of the synthesized CloudWatch dashboard is a
// Grafana panel of the same title querying the same metrics (namespace, name, dimensions, statistic, period), and
// the same math for a success rate; nothing more.
import { describe, expect, it } from 'vitest';
import { grafanaDashboard, type GrafanaPanel } from '../../functions/plan/grafana-dashboard';
import { loadConfigFile } from '../../functions/config/parse';
import { exampleConfig, richestConfig, writeConfig } from '../support/configs';
import { resources, synthTemplate } from './helpers';

/** A metric as both dashboards name it: CloudWatch's defaults (Average, 300 s) filled in. */
type Key = string;
const key = (ns: string, name: string, dims: Record<string, string>, stat: string, period: number): Key =>
  JSON.stringify([ns, name, Object.entries(dims).sort(), stat, period]);

/** The CloudWatch dashboard's metric widgets: title, its metric keys, its math expressions. */
function cloudWatchGraphs(config: Record<string, unknown>): Map<string, { metrics: Key[]; math: string[] }> {
  const template = synthTemplate(config);
  const [[, dashboard]] = resources(template, 'AWS::CloudWatch::Dashboard') as [
    [string, { Properties: { DashboardBody: string | { 'Fn::Join': [string, unknown[]] } } }],
  ];
  const body = dashboard.Properties.DashboardBody;
  const text =
    typeof body === 'string' ? body : body['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  const widgets = (JSON.parse(text) as { widgets: { type: string; properties: Record<string, unknown> }[] }).widgets;
  const graphs = new Map<string, { metrics: Key[]; math: string[] }>();
  for (const w of widgets.filter((w) => w.type === 'metric' && Array.isArray(w.properties.metrics))) {
    const metrics: Key[] = [];
    const math: string[] = [];
    for (const row of w.properties.metrics as unknown[][]) {
      const options = (typeof row.at(-1) === 'object' ? row.at(-1) : {}) as Record<string, unknown>;
      if (typeof options.expression === 'string') {
        math.push(`${options.expression} ${String(options.label)}`);
        continue;
      }
      const [ns, name, ...rest] = row.filter((c) => typeof c === 'string') as string[];
      const dims: Record<string, string> = {};
      for (let i = 0; i + 1 < rest.length; i += 2) dims[rest[i] as string] = rest[i + 1] as string;
      metrics.push(
        key(ns ?? '', name ?? '', dims, (options.stat as string) ?? 'Average', (options.period as number) ?? 300),
      );
    }
    graphs.set(String(w.properties.title), { metrics, math });
  }
  return graphs;
}

function grafanaGraphs(config: Record<string, unknown>): Map<string, { metrics: Key[]; math: string[] }> {
  const loaded = loadConfigFile(writeConfig(config), 'deploy');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const panels = grafanaDashboard(loaded.config).panels as GrafanaPanel[];
  return new Map(
    panels.map((p) => [
      p.title,
      {
        metrics: p.targets
          .filter((t) => t.expression === undefined)
          .map((t) =>
            key(t.namespace ?? '', t.metricName ?? '', { ...t.dimensions }, t.statistic ?? '', Number(t.period)),
          ),
        math: p.targets.filter((t) => t.expression !== undefined).map((t) => `${t.expression} ${String(t.label)}`),
      },
    ]),
  );
}

describe.each([
  ['the example', exampleConfig()],
  ['the richest config', richestConfig()],
])('the Grafana dashboard of %s', (_name, config) => {
  const cloudWatch = cloudWatchGraphs(config);
  const grafana = grafanaGraphs(config);

  it('has a panel for every CloudWatch graph, and no other', () => {
    expect([...grafana.keys()].sort()).toEqual([...cloudWatch.keys()].sort());
    expect(cloudWatch.size).toBeGreaterThan(5);
  });

  it('queries the same metrics, statistics and periods, and the same success-rate math, graph by graph', () => {
    for (const [title, graph] of cloudWatch) {
      expect(grafana.get(title)?.metrics.sort(), title).toEqual(graph.metrics.sort());
      expect(grafana.get(title)?.math.sort(), title).toEqual(graph.math.sort());
    }
  });
});
