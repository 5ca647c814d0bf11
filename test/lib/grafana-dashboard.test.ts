// The Grafana dashboard equals the CloudWatch one: every metric graph of the synthesized CloudWatch dashboard is a
// Grafana panel of the same title querying the same metrics (namespace, name, dimensions, statistic, period), and
// the same math for a success rate; every Logs Insights table a Grafana table of the same title and query on the
// same log group; every composite's state changes a table of the notifier's log group; nothing more.
import { describe, expect, it } from 'vitest';
import {
  alarmAnnotations,
  directAlarmAnnotations,
  grafanaDashboard,
  type GrafanaPanel,
  type GrafanaTablePanel,
} from '../../functions/plan/grafana-dashboard';
import { loadConfigFile } from '../../functions/config/parse';
import { ALARM_STATE_CHANGES_QUERY, METRICS, notifierLogGroupName, PREVIEW_SERVER } from '../../functions/contract';
import { exampleConfig, journeyConfig, richestConfig, writeConfig } from '../support/configs';
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

/** A config with a Preview org, deployed to two regions: the Preview row is the home region's alone. */
function previewConfig(regions: readonly string[] = []): Record<string, unknown> {
  return {
    ...journeyConfig(),
    ...(regions.length > 0 && { regions, quorum: false }),
    preview: {
      orgUrl: 'https://acme.oktapreview.com',
      everyMinutes: 10,
      servers: {
        org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' },
        default: { authorizationServerId: 'ausPREVIEW', clientId: '0oaPDEF', clientSecretEnv: 'OKTA_PREVIEW_SECRET' },
      },
      signIn: {
        portal: { clientId: '0oaPPORTAL', username: 'synthetic@acme.example', passwordEnv: 'OKTA_PREVIEW_PW' },
      },
    },
  };
}

describe.each([
  ['the example', exampleConfig()],
  ['the richest config', richestConfig()],
  ['a config with a preview block', previewConfig()],
])('the Grafana dashboard of %s', (_name, config) => {
  const widgets = cloudWatchWidgets(config);
  const cloudWatch = cloudWatchGraphs(widgets);
  const grafana = grafanaGraphs(config);
  const loaded = loadConfigFile(writeConfig(config), 'deploy');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const dashboard = grafanaDashboard(loaded.config) as {
    panels: (GrafanaPanel | GrafanaTablePanel)[];
    annotations?: unknown;
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

  it("shows every composite's state changes: the notifier's log group's table, its rules naming each composite", () => {
    const { prefix } = loaded.config.deploy;
    const tables = dashboard.panels.filter((p): p is GrafanaTablePanel => p.type === 'table');
    const changes = tables.filter((t) => t.targets[0].logGroupNames.includes(notifierLogGroupName(prefix)));
    expect(changes.map((t) => t.targets[0].expression)).toEqual([ALARM_STATE_CHANGES_QUERY.join('\n| ')]);
    // Every composite reaches the notifier (its rules' patterns name it), which writes the line the table reads
    // (test/functions/lambda/notifier.test.ts); so does every alarm of the status widget that notifies.
    const template = synthTemplate(config);
    // Those that notify: each target's page and warn composites (the maintenance silence only mutes the others).
    const composites = resources(template, 'AWS::CloudWatch::CompositeAlarm')
      .filter(([, c]) => ((c.Properties.AlarmActions as unknown[] | undefined) ?? []).length > 0)
      .map(([, c]) => c.Properties.AlarmName);
    expect(composites).toContain(`${prefix}-default-page`);
    expect(composites).toContain(`${prefix}-default-warn`);
    const notified = resources(template, 'AWS::Events::Rule')
      .map(([, r]) => r.Properties.EventPattern as { detail?: { alarmName?: string[]; state?: { value?: string[] } } })
      .filter((p) => JSON.stringify(p.detail?.state?.value) === JSON.stringify(['ALARM', 'OK']))
      .flatMap((p) => p.detail?.alarmName ?? []);
    for (const name of composites) expect(notified, String(name)).toContain(name);
    // Not the alarm (metrics) annotation, which lists at most 100 metric alarms of a prefix and never a composite:
    // logs annotations on the same log group as the table.
    expect(dashboard.annotations).toEqual({
      list: [...alarmAnnotations(prefix), ...directAlarmAnnotations(prefix, loaded.config.deploy.scheduleMinutes)],
    });
    for (const { target } of alarmAnnotations(prefix)) {
      expect(target.annotationType).toBe('logs');
      expect(target.logGroupNames).toEqual(changes[0]?.targets[0].logGroupNames);
    }
  });
});

describe("the Grafana dashboard's Preview row", () => {
  const dashboardOf = (config: Record<string, unknown>) => {
    const loaded = loadConfigFile(writeConfig(config), 'deploy');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    return grafanaDashboard(loaded.config) as { panels: (GrafanaPanel | GrafanaTablePanel)[] };
  };

  it('graphs the Preview totals of the metric contract, Server "preview", in the home region alone', () => {
    const panels = dashboardOf(previewConfig(['eu-west-1', 'us-east-1'])).panels;
    const graph = panels.find((p): p is GrafanaPanel => p.type === 'timeseries' && p.title.startsWith('Preview org'));
    const names = [METRICS.PreviewFailingChecks, METRICS.PreviewAheadOfProduction, METRICS.PreviewUnavailable];
    expect(graph?.targets.map((t) => t.metricName)).toEqual(names.map((m) => m.name));
    for (const target of graph?.targets ?? []) {
      expect(target.dimensions).toEqual({ Server: PREVIEW_SERVER });
      expect(target.statistic).toBe('Maximum');
      // Each Preview run's period (everyMinutes), not Production's schedule.
      expect(target.period).toBe('600');
      // The Preview run is the home region's, whichever region the importer picks.
      expect(target.region).toBe('eu-west-1');
    }
    const table = panels.find((p): p is GrafanaTablePanel => p.type === 'table' && p.title.startsWith('Preview org'));
    expect(table?.targets[0].expression).toContain('filter message = "okta-synthetics preview run"');
    expect(table?.targets[0].region).toBe('eu-west-1');
  });

  it('is absent without a preview block', () => {
    expect(dashboardOf(journeyConfig()).panels.filter((p) => p.title.includes('Preview'))).toEqual([]);
  });
});
