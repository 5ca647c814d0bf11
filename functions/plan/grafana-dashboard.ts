// The CloudWatch dashboard as a Grafana dashboard for Grafana's CloudWatch data source: the same rows, graphs and
// metrics (dashboard-graphs.ts draws both), and the same Logs Insights tables (dashboard-tables.ts), read by Grafana
// from CloudWatch itself, so no stream is needed for it. The alarm status widget has no Grafana panel (the data
// source reads metrics, logs and alarm history, not alarm states): the alarms' state changes are the table both
// dashboards draw from the notifier's log group, and they mark every graph as the data source's logs annotations
// (`annotationType: "logs"`: a Logs Insights expression on log groups, grafana
// public/app/plugins/datasource/cloudwatch/guards.ts isLogsAnnotationQuery, query-runner/
// CloudWatchAnnotationQueryRunner.ts) on that same log group. Not the data source's alarm (metrics) annotation: it
// lists at most 100 metric alarms of a prefix (DescribeAlarms), drops every alarm whose statistic differs from the
// query's, never a composite, and Grafana's editor skips a prefix query without an action prefix (grafana
// pkg/tsdb/cloudwatch/annotation_query.go, annotationSupport.ts). The notifier's own two alarms (its errors, its
// dead-letter queue) notify the topics directly, never through the notifier, so its log holds none of their changes:
// each is its own alarm annotation, by its one metric (prefix matching off: DescribeAlarmsForMetric on that metric and
// statistic, then each alarm's history), which is what that annotation can show. The text beside a row is left out.
// docs/integrations.md says the same.
import type { LoadedConfig } from '../config/parse';
import {
  alarmStateAnnotationQuery,
  ANNOTATED_ALARM_STATES,
  notifierDeadLetterQueueName,
  notifierFunctionName,
  notifierLogGroupName,
  probeLogGroupName,
} from '../contract';
import { alarmTiming } from './alarm-timing';
import { deploymentAlarms } from './deployment-alarms';
import { DashboardGraphs, type GraphLine, type GraphMetric, type GraphSpec } from './dashboard-graphs';
import { logTables, previewTable, type LogTable } from './dashboard-tables';
import { previewDeployment } from './preview';

/** Grafana's grid is 24 columns, as CloudWatch's: a widget's width and height carry over as they are. */
const GRAFANA_ROWS_PER_CLOUDWATCH_ROW = 1;
/** The height of a graph CloudWatch gives when a widget names none. */
const DEFAULT_HEIGHT = 6;

/** The data source and region variables, as Grafana's CloudWatch plugin reads a query's. */
const DATASOURCE = { type: 'cloudwatch', uid: '${datasource}' } as const;

interface GrafanaTarget {
  readonly refId: string;
  readonly datasource: typeof DATASOURCE;
  readonly queryMode: 'Metrics';
  /** The importer's region variable; the home region for the Preview row, which runs there alone. */
  readonly region: string;
  readonly id: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly statistic?: string;
  readonly period?: string;
  readonly matchExact?: true;
  readonly metricEditorMode: 0 | 1;
  readonly metricQueryType: 0;
  readonly expression?: string;
  readonly label?: string;
  readonly hide?: boolean;
}

/** A Logs Insights query, as the data source's Logs mode takes it (the log group by name: no account is known). */
interface GrafanaLogsTarget {
  readonly refId: 'A';
  readonly datasource: typeof DATASOURCE;
  readonly queryMode: 'Logs';
  readonly region: string;
  readonly id: '';
  readonly logGroupNames: readonly string[];
  readonly expression: string;
}

type GridPos = { readonly x: number; readonly y: number; readonly w: number; readonly h: number };

export interface GrafanaPanel {
  readonly id: number;
  readonly type: 'timeseries';
  readonly title: string;
  readonly datasource: typeof DATASOURCE;
  readonly gridPos: GridPos;
  readonly targets: readonly GrafanaTarget[];
  readonly fieldConfig: Record<string, unknown>;
}

export interface GrafanaTablePanel {
  readonly id: number;
  readonly type: 'table';
  readonly title: string;
  readonly datasource: typeof DATASOURCE;
  readonly gridPos: GridPos;
  readonly targets: readonly [GrafanaLogsTarget];
}

/** What every annotation of the CloudWatch data source holds beside its query. */
interface GrafanaAnnotationBase {
  readonly name: string;
  readonly enable: true;
  readonly iconColor: string;
  readonly datasource: typeof DATASOURCE;
}

/** A logs annotation of the CloudWatch data source, as its annotation editor saves one. */
interface GrafanaAnnotation extends GrafanaAnnotationBase {
  readonly target: {
    readonly refId: string;
    readonly queryMode: 'Annotations';
    readonly annotationType: 'logs';
    readonly region: '$region';
    readonly expression: string;
    readonly logGroupNames: readonly string[];
  };
}

/** A metric alarm annotation of the CloudWatch data source: one alarm's state history, found by its metric. */
interface GrafanaAlarmAnnotation extends GrafanaAnnotationBase {
  readonly target: {
    readonly refId: string;
    readonly queryMode: 'Annotations';
    readonly region: '$region';
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, string>>;
    readonly statistic: string;
    readonly period: string;
    readonly prefixMatching: false;
    readonly actionPrefix: '';
    readonly alarmNamePrefix: '';
  };
}

/**
 * The alarms that notify the topics directly (the notifier's own), each as an alarm annotation on its metric: their
 * changes never reach the notifier's log, which the logs annotations read.
 */
export function directAlarmAnnotations(prefix: string, scheduleMinutes: number): GrafanaAlarmAnnotation[] {
  const where = {
    notifier: { namespace: 'AWS/Lambda', dimensions: { FunctionName: notifierFunctionName(prefix) } },
    'notifier-dlq': { namespace: 'AWS/SQS', dimensions: { QueueName: notifierDeadLetterQueueName(prefix) } },
  } as const;
  return deploymentAlarms(prefix, alarmTiming(scheduleMinutes)).specs.flatMap((spec) => {
    if (
      spec.kind !== 'metric' ||
      spec.direct !== true ||
      !(spec.source === 'notifier' || spec.source === 'notifier-dlq')
    )
      return [];
    return [
      {
        name: `Alarm ${spec.name}`,
        enable: true as const,
        iconColor: spec.severity === 'page' ? 'red' : 'orange',
        datasource: DATASOURCE,
        target: {
          refId: spec.name,
          queryMode: 'Annotations' as const,
          region: '$region' as const,
          ...where[spec.source],
          metricName: spec.metric,
          statistic: spec.statistic,
          period: String(spec.periodMinutes * 60),
          prefixMatching: false as const,
          actionPrefix: '' as const,
          alarmNamePrefix: '' as const,
        },
      },
    ];
  });
}

/** The colour of a change's mark: red for ALARM, green for OK. */
const ANNOTATION_COLOURS: Record<(typeof ANNOTATED_ALARM_STATES)[number], string> = { ALARM: 'red', OK: 'green' };

/**
 * Every notifying alarm's change to ALARM, and to OK, marked on every graph: the lines the "Alarm state changes"
 * table reads on the notifier's log group, one annotation per state so each has its colour and can be switched off.
 */
export function alarmAnnotations(prefix: string): GrafanaAnnotation[] {
  return ANNOTATED_ALARM_STATES.map((state) => ({
    name: `Alarms to ${state}`,
    enable: true,
    iconColor: ANNOTATION_COLOURS[state],
    datasource: DATASOURCE,
    target: {
      refId: `Alarms${state}`,
      queryMode: 'Annotations',
      annotationType: 'logs',
      region: '$region',
      expression: alarmStateAnnotationQuery(state),
      logGroupNames: [notifierLogGroupName(prefix)],
    },
  }));
}

/** The dashboard's JSON, for Grafana's "Import dashboard". */
export function grafanaDashboard(config: LoadedConfig): Record<string, unknown> {
  const { panels, height } = graphPanels(config);
  const tables = tablePanels(config, panels.length + 1, height);
  const bottom = tables.reduce((y, table) => Math.max(y, table.gridPos.y + table.gridPos.h), height);
  const { prefix } = config.deploy;
  const regions = config.deploy.regions;
  return {
    title: `Okta synthetics: ${config.probe.orgUrl} (${prefix})`,
    uid: `okta-synthetics-${prefix}`.slice(0, 40),
    description:
      `okta-synthetics' CloudWatch dashboard for ${prefix}, generated by \`npm run grafana-dashboard\` ` +
      '(docs/integrations.md): the same graphs, metrics and log tables, read from CloudWatch.',
    tags: ['okta-synthetics'],
    editable: true,
    schemaVersion: 39,
    time: { from: 'now-3h', to: 'now' },
    refresh: '1m',
    templating: {
      list: [
        { type: 'datasource', name: 'datasource', label: 'CloudWatch', query: 'cloudwatch' },
        {
          type: 'custom',
          name: 'region',
          label: 'Region',
          query: regions.length > 0 ? regions.join(',') : 'default',
          current: { text: regions[0] ?? 'default', value: regions[0] ?? 'default' },
        },
      ],
    },
    annotations: {
      list: [...alarmAnnotations(prefix), ...directAlarmAnnotations(prefix, config.deploy.scheduleMinutes)],
    },
    panels: [...panels, ...tables, ...previewPanels(config, panels.length + tables.length + 1, bottom)],
  };
}

/**
 * The Preview org's row below the tables, as the CloudWatch dashboard ends with it: its totals' graph and its
 * findings table. The Preview run is in the home region alone, so its panels read that region whatever the
 * importer's region variable says (the variable when the config names no region).
 */
function previewPanels(config: LoadedConfig, firstId: number, top: number): (GrafanaPanel | GrafanaTablePanel)[] {
  const graph = new DashboardGraphs(config).previewGraph();
  const table = previewTable(config);
  if (graph === undefined || table === undefined) return [];
  const region = previewDeployment(config)?.region ?? '$region';
  const graphPanel = panel(firstId, graph, { x: 0, y: top, w: graph.width, h: graph.height ?? DEFAULT_HEIGHT });
  return [
    { ...graphPanel, targets: graphPanel.targets.map((target) => ({ ...target, region })) },
    tablePanel(
      firstId + 1,
      table,
      config.deploy.prefix,
      { x: graph.width, y: top, w: 24 - graph.width, h: table[2] },
      region,
    ),
  ];
}

/**
 * The Logs Insights tables below the graphs, each the full width, querying the probe's log group as CloudWatch's
 * widget does (its query lines joined by "\n| ", as aws-cdk-lib's LogQueryWidget joins them).
 */
function tablePanels(config: LoadedConfig, firstId: number, top: number): GrafanaTablePanel[] {
  let y = top;
  return logTables(config).map((table, i) => {
    const gridPos = { x: 0, y, w: 24, h: table[2] };
    y += table[2];
    return tablePanel(firstId + i, table, config.deploy.prefix, gridPos, '$region');
  });
}

/** One Logs Insights table, on the probe's or the notifier's log group. */
function tablePanel(id: number, table: LogTable, prefix: string, gridPos: GridPos, region: string): GrafanaTablePanel {
  const [title, queryLines, , source] = table;
  const logGroup = source === 'probe' ? probeLogGroupName(prefix) : notifierLogGroupName(prefix);
  return {
    id,
    type: 'table',
    title,
    datasource: DATASOURCE,
    gridPos,
    targets: [
      {
        refId: 'A',
        datasource: DATASOURCE,
        queryMode: 'Logs',
        region,
        id: '',
        logGroupNames: [logGroup],
        expression: queryLines.join('\n| '),
      },
    ],
  };
}

/** The graphs, row by row, and the height they take. */
function graphPanels(config: LoadedConfig): { panels: GrafanaPanel[]; height: number } {
  const rows = new DashboardGraphs(config).rows();
  const panels: GrafanaPanel[] = [];
  let y = 0;
  for (const row of rows) {
    let x = 0;
    let height = 0;
    for (const graph of row) {
      // CloudWatch starts a new row when a widget does not fit; so does this.
      if (x + graph.width > 24) {
        y += height;
        x = 0;
        height = 0;
      }
      const h = (graph.height ?? DEFAULT_HEIGHT) * GRAFANA_ROWS_PER_CLOUDWATCH_ROW;
      panels.push(panel(panels.length + 1, graph, { x, y, w: graph.width, h }));
      x += graph.width;
      height = Math.max(height, h);
    }
    y += height;
  }
  return { panels, height: y };
}

function panel(id: number, graph: GraphSpec, gridPos: GrafanaPanel['gridPos']): GrafanaPanel {
  const refs = { next: 0 };
  const targets = [...graph.left, ...(graph.right ?? [])].flatMap((m) => targetsOf(m, refs));
  const rightLabels = (graph.right ?? []).map((m) => m.label ?? m.metricName);
  return {
    id,
    type: 'timeseries',
    title: graph.title,
    datasource: DATASOURCE,
    gridPos,
    targets,
    fieldConfig: {
      defaults: {
        ...(graph.leftMin !== undefined && { min: graph.leftMin }),
        ...(graph.leftMax !== undefined && { max: graph.leftMax }),
        ...(graph.lines.length > 0 && { thresholds: thresholds(graph.lines) }),
        custom: { thresholdsStyle: { mode: graph.lines.length > 0 ? 'line+area' : 'off' } },
      },
      // The second axis, as CloudWatch's right one.
      overrides: rightLabels.map((label) => ({
        matcher: { id: 'byName', options: label },
        properties: [
          { id: 'custom.axisPlacement', value: 'right' },
          ...(graph.rightMin !== undefined ? [{ id: 'min', value: graph.rightMin }] : []),
          ...(graph.rightMax !== undefined ? [{ id: 'max', value: graph.rightMax }] : []),
        ],
      })),
    },
  };
}

/** A metric's query; a success rate as a hidden query and its math, as CloudWatch's expression. */
function targetsOf(m: GraphMetric, refs: { next: number }): GrafanaTarget[] {
  // Grafana's refIds: A to Z, then AA, AB... (a latency graph holds two queries per check).
  const letter = (n: number): string => String.fromCharCode(65 + n);
  const refId = (): string => {
    const n = refs.next++;
    return n < 26 ? letter(n) : `${letter(Math.floor(n / 26) - 1)}${letter(n % 26)}`;
  };
  const query: GrafanaTarget = {
    refId: refId(),
    datasource: DATASOURCE,
    queryMode: 'Metrics',
    region: '$region',
    id: m.percent?.id ?? `m${refs.next}`,
    namespace: m.namespace,
    metricName: m.metricName,
    dimensions: m.dimensions,
    statistic: m.statistic,
    period: String(m.periodSeconds),
    matchExact: true,
    metricEditorMode: 0,
    metricQueryType: 0,
    ...(m.percent === undefined && m.label !== undefined && { label: m.label }),
    ...(m.percent !== undefined && { hide: true }),
  };
  if (m.percent === undefined) return [query];
  return [
    query,
    {
      refId: refId(),
      datasource: DATASOURCE,
      queryMode: 'Metrics',
      region: '$region',
      id: `${m.percent.id}_rate`,
      expression: `${m.percent.id} * 100`,
      period: String(m.periodSeconds),
      metricEditorMode: 1,
      metricQueryType: 0,
      ...(m.label !== undefined && { label: m.label }),
    },
  ];
}

/**
 * A graph's threshold lines as Grafana's thresholds, steps of colour from each value upward: a line that alarms above
 * starts its colour at its value; one that alarms below colours what lies under it and ends at its value.
 */
function thresholds(lines: readonly GraphLine[]): Record<string, unknown> {
  const colour = (line: GraphLine): string => (line.severity === 'page' ? 'red' : 'orange');
  const sorted = [...lines].sort((a, b) => a.value - b.value);
  const lowest = sorted.find((line) => line.fill === 'below');
  return {
    mode: 'absolute',
    steps: [
      { value: null, color: lowest === undefined ? 'transparent' : colour(lowest) },
      ...sorted.map((line) => ({ value: line.value, color: line.fill === 'above' ? colour(line) : 'transparent' })),
    ],
  };
}
