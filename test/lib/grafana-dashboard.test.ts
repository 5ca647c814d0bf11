// The Grafana dashboard equals the CloudWatch one: every metric graph of the synthesized CloudWatch dashboard is a
// Grafana panel of the same title querying the same metrics (namespace, name, dimensions, statistic, period), and
// the same math for a success rate; every Logs Insights table a Grafana table of the same title and query on the
// same log group; the alarm status widget's alarms the annotations' (by their prefix); nothing more.
import { describe, expect, it } from 'vitest';
import { grafanaDashboard, type GrafanaPanel, type GrafanaTablePanel } from '../../functions/plan/grafana-dashboard';
import { loadConfigFile } from '../../functions/config/parse';
import { exampleConfig, richestConfig, writeConfig } from '../support/configs';
import { resources, synthTemplate } from './helpers';

/** A metric as both dashboards name it: CloudWatch's defaults (Average, 300 s) filled in. */
type Key = string;
const key = (ns: string, name: string, dims: Record<string, string>, stat: string, period: number): Key =>
  JSON.stringify([ns, name, Object.entries(dims).sort(), stat, period]);

type Widget = { type: string; properties: Record<string, unknown> };

/** The CloudWatch dashboard's widgets, a log group's Ref read as its name, every other token as TOKEN. */
function cloudWatchWidgets(config: Record<string, unknown>): Widget[] {
  const template = synthTemplate(config);
  const [[, dashboard]] = resources(template, 'AWS::CloudWatch::Dashboard') as [
    [string, { Properties: { DashboardBody: string | { 'Fn::Join': [string, unknown[]] } } }],
  ];
  const logGroups = new Map(
    resources(template, 'AWS::Logs::LogGroup').map(([id, r]) => [id, r.Properties.LogGroupName]),
  );
  const body = dashboard.Properties.DashboardBody;
  const part = (p: unknown): string => {
    if (typeof p === 'string') return p;
    const name = logGroups.get((p as { Ref?: string }).Ref ?? '');
    return typeof name === 'string' ? name : 'TOKEN';
  };
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map(part).join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

/** The CloudWatch dashboard's metric widgets: title, its metric keys, its math expressions. */
function cloudWatchGraphs(widgets: readonly Widget[]): Map<string, { metrics: Key[]; math: string[] }> {
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
  const panels = (grafanaDashboard(loaded.config).panels as GrafanaPanel[]).filter((p) => p.type === 'timeseries');
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
  const widgets = cloudWatchWidgets(config);
  const cloudWatch = cloudWatchGraphs(widgets);
  const grafana = grafanaGraphs(config);
  const loaded = loadConfigFile(writeConfig(config), 'deploy');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const dashboard = grafanaDashboard(loaded.config) as {
    panels: (GrafanaPanel | GrafanaTablePanel)[];
    annotations: { list: { target: Record<string, unknown> }[] };
  };

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

  it('has a table for every Logs Insights table, of the same title, log group and query, in the same order', () => {
    const logs = widgets
      .filter((w) => w.type === 'log')
      .map((w) => ({ title: String(w.properties.title), query: String(w.properties.query) }));
    const tables = dashboard.panels.filter((p): p is GrafanaTablePanel => p.type === 'table');
    expect(logs.length).toBeGreaterThan(2);
    expect(tables.map((t) => t.title)).toEqual(logs.map((l) => l.title));
    for (const [i, table] of tables.entries()) {
      const [target] = table.targets;
      expect(target.queryMode).toBe('Logs');
      // CloudWatch's widget names its sources in the query; Grafana's query names them apart.
      expect(`${target.logGroupNames.map((g) => `SOURCE '${g}'`).join(' | ')} | ${target.expression}`).toBe(
        logs[i]?.query,
      );
    }
  });

  it("shows the alarm status widget's alarms as annotations, by their one prefix", () => {
    const names = widgets
      .filter((w) => w.type === 'alarm')
      .flatMap((w) => (w.properties.alarms as string[]).map((arn) => arn.slice(arn.indexOf(':alarm:') + 7)));
    expect(names.length).toBeGreaterThan(5);
    const [annotation] = dashboard.annotations.list;
    expect(annotation?.target).toMatchObject({ queryMode: 'Annotations', prefixMatching: true, region: '$region' });
    const prefix = String(annotation?.target.alarmNamePrefix);
    expect(prefix).toBe(`${loaded.config.deploy.prefix}-`);
    for (const name of names) expect(name.startsWith(prefix), name).toBe(true);
  });
});
