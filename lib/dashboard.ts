// One CloudWatch dashboard: a row per server (success rate per check, latency, rate-limit headroom, clock skew) and per
// sign-in journey (its success, latency, days to password expiry, and whom it signs in), each graph a check's output
// from its registry row (plan/outputs.ts); the status feed, every alarm's state, the latest failures with their
// remedies, and the probe's own health. Metric names and dimensions come from the contract and the plan: nothing here
// is emitted by no one.
import { ArnFormat, Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  AlarmStatusWidgetSortBy,
  Color,
  Dashboard,
  GraphWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  Shading,
  TextWidget,
  type HorizontalAnnotation,
  type IAlarm,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import { maintenanceParameterName, notifierLogGroupName, STATUS_SERVER, type CheckName } from '../functions/contract';
import { deploysPreview } from '../functions/plan/preview';
import {
  checksPerTarget,
  DashboardGraphs,
  type GraphLine,
  type GraphMetric,
  type GraphSpec,
} from '../functions/plan/dashboard-graphs';
import { logTables, previewTable } from '../functions/plan/dashboard-tables';
import { journeySubject, samlGroupSubject, samlSubject } from '../functions/plan/subject';
import { samlGroupText } from './dashboard-saml';

interface ProbeDashboardProps {
  readonly config: LoadedConfig;
  /** Every alarm's name, most important first (composites and deployment-wide alarms, then per-check ones). */
  readonly alarmNames: readonly string[];
  readonly function: IFunction;
  readonly logGroup: ILogGroup;
  readonly deadLetterQueue: IQueue;
}

const FULL_WIDTH = 24;

/** CloudWatch's limit for one alarm status widget (Dashboard Body Structure: "1-100 ARNs"). */
const MAX_ALARMS_PER_WIDGET = 100;

/** Dashboards are global to the account: the region keeps one stack per region from colliding. */
export function dashboardName(prefix: string): string {
  return `${prefix}-${Aws.REGION}`;
}

export class ProbeDashboard extends Construct {
  readonly dashboard: Dashboard;
  private readonly props: ProbeDashboardProps;
  /** The graphs, as the Grafana dashboard draws them too (functions/plan/dashboard-graphs.ts). */
  private readonly graphs: DashboardGraphs;

  constructor(scope: Construct, id: string, props: ProbeDashboardProps) {
    super(scope, id);
    this.props = props;
    const { config } = props;
    this.graphs = new DashboardGraphs(config);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: dashboardName(config.deploy.prefix),
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(headerWidget(config));
    const alarmChunks = this.alarmChunks();
    const checksByServer = checksPerTarget(config);
    for (const [server, checks] of checksByServer) {
      if (server === STATUS_SERVER) continue;
      this.dashboard.addWidgets(...this.serverRow(server, checks));
    }
    this.addStatusRows(checksByServer.has(STATUS_SERVER), alarmChunks);
    this.dashboard.addWidgets(...this.maintenanceRow());
    this.dashboard.addWidgets(...this.logTables());
    this.dashboard.addWidgets(...this.previewRow());
  }

  /**
   * The Preview org's row, in the home region (plan/preview.ts): its totals, and its latest findings from the Preview
   * run's own log line, as the Grafana dashboard draws them too. Nothing else of the dashboard reads a Preview run.
   */
  private previewRow(): IWidget[] {
    const { config, logGroup } = this.props;
    const region = Stack.of(this).region;
    const graph = this.graphs.previewGraph();
    const table = previewTable(config);
    if (graph === undefined || table === undefined) return [];
    if (!deploysPreview(config, Token.isUnresolved(region) ? undefined : region)) return [];
    const [title, queryLines, height] = table;
    return [
      graphWidget(graph),
      new LogQueryWidget({
        title,
        logGroupNames: [logGroup.logGroupName],
        queryLines: [...queryLines],
        view: LogQueryVisualizationType.TABLE,
        width: FULL_WIDTH - graph.width,
        height,
      }),
    ];
  }

  /** Every alarm the dashboard names, in chunks of what one alarm status widget takes. */
  private alarmChunks(): IAlarm[][] {
    // By name, not by reference: each server's alarms live in its own nested stack, and an ARN built from the name
    // needs no output per alarm. The dashboard is created after them (stack.ts), so every alarm it names exists.
    const stack = Stack.of(this);
    const alarmOf = (name: string): IAlarm =>
      Alarm.fromAlarmArn(
        this,
        `Alarm-${name}`,
        stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: name,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      );
    const alarmChunks: IAlarm[][] = [];
    for (let at = 0; at < this.props.alarmNames.length; at += MAX_ALARMS_PER_WIDGET) {
      alarmChunks.push(this.props.alarmNames.slice(at, at + MAX_ALARMS_PER_WIDGET).map(alarmOf));
    }
    return alarmChunks;
  }

  /** One target's row: its graphs, then what it concerns (a group's apps, a journey's user, an app's SP). */
  private serverRow(server: string, checks: readonly CheckName[]): IWidget[] {
    const { config } = this.props;
    const graphs: IWidget[] = this.graphs.rowGraphs(server, checks).map(graphWidget);
    // A group of SAML apps: its counts, never a graph per app; the apps themselves are in the table below.
    const group = config.probe.samlGroups?.find((g) => g.id === server);
    if (group !== undefined) return [...graphs, samlGroupText(group, graphs.length, samlGroupSubject(group))];
    graphs.push(...subjectTexts(config, server, graphs));
    return graphs;
  }

  /** The status feed's gauges (when it is probed), the probe's own health, and every alarm's state. */
  private addStatusRows(statusProbed: boolean, alarmChunks: readonly IAlarm[][]): void {
    const [firstAlarms = [], ...moreAlarms] = alarmChunks;
    const statusWidgets: IWidget[] = statusProbed ? this.graphs.statusGauges().map(graphWidget) : [];
    statusWidgets.push(
      graphWidget(this.graphs.probeHealth(statusWidgets.length === 0 ? 12 : 8)),
      alarmWidget({ alarms: firstAlarms, index: 0, count: alarmChunks.length }, statusWidgets.length === 1 ? 12 : 8),
    );
    this.dashboard.addWidgets(...statusWidgets);
    // An alarm status widget takes at most 100 alarms: a large deployment gets more widgets, not a rejected deploy.
    if (moreAlarms.length > 0)
      this.dashboard.addWidgets(
        ...moreAlarms.map((alarms, i) => alarmWidget({ alarms, index: i + 1, count: alarmChunks.length }, 12)),
      );
  }

  private maintenanceRow(): IWidget[] {
    const parameter = maintenanceParameterName(this.props.config.deploy.prefix);
    return [
      graphWidget(this.graphs.maintenance()),
      new TextWidget({
        markdown:
          '### Maintenance silence\n' +
          (`Silence every server alarm until a time (at most 24 h ahead): \`aws ssm put-parameter --type ` +
            `String --overwrite --name ${parameter} --value "2030-01-01T15:00:00Z reason"\`. `) +
          `It ends by itself at that time; end it early with \`aws ssm delete-parameter --name ${parameter}\`. ` +
          'Takes effect at the next probe run; "the probe is not running" is never silenced.',
        width: 16,
        height: 4,
      }),
    ];
  }

  /** The Logs Insights tables (functions/plan/dashboard-tables.ts), each the dashboard's full width. */
  private logTables(): LogQueryWidget[] {
    const { config, logGroup } = this.props;
    return logTables(config).map(
      ([title, queryLines, height, source]) =>
        new LogQueryWidget({
          title,
          logGroupNames: [source === 'probe' ? logGroup.logGroupName : notifierLogGroupName(config.deploy.prefix)],
          queryLines: [...queryLines],
          view: LogQueryVisualizationType.TABLE,
          width: FULL_WIDTH,
          height,
        }),
    );
  }
}

function headerWidget(config: LoadedConfig): TextWidget {
  return new TextWidget({
    markdown:
      `# Okta synthetics: ${config.probe.orgUrl}\n` +
      (`A probe run every ${config.deploy.scheduleMinutes} min. Per server, a page composite (unavailable) and a warn ` +
        `composite (capacity, hygiene) notify once per incident; `) +
      'the failures table below gives each failing check its diagnosis, remedy and X-Okta-Request-Id.',
    width: FULL_WIDTH,
    height: 2,
  });
}

/** The text that ends a journey's or SAML app's row, in what the row's graphs leave of its width. */
function subjectTexts(config: LoadedConfig, server: string, graphs: readonly IWidget[]): TextWidget[] {
  const texts: TextWidget[] = [];
  // A journey's row ends with whom it signs in, where and how often: its graphs alone would read as a server's.
  const journey = config.probe.signIn?.find((signIn) => signIn.id === server);
  const used = graphs.reduce((sum, widget) => sum + widget.width, 0);
  if (journey !== undefined && used < FULL_WIDTH) {
    texts.push(
      new TextWidget({
        markdown:
          `**${journeySubject(journey)}**\n\nSigns in every ${journey.everyMinutes} min (flow "${journey.flow}"); ` +
          `the runs between repeat its last verdict.`,
        width: FULL_WIDTH - used,
        height: 6,
      }),
    );
  }
  // A SAML app's row says whose session gets its assertion and what its SP expects.
  const app = config.probe.samlApps?.find((s) => s.id === server);
  const left = FULL_WIDTH - [...graphs, ...texts].reduce((sum, widget) => sum + widget.width, 0);
  if (app !== undefined && left > 0) {
    texts.push(
      new TextWidget({
        markdown:
          `**${samlSubject(app)}**\n\nSSO URL ${app.ssoUrl}; the SP expects audience ${app.audience} and ` +
          `recipient ${app.recipient}.`,
        width: left,
        height: 6,
      }),
    );
  }
  return texts;
}

function alarmWidget(
  chunk: { readonly alarms: IAlarm[]; readonly index: number; readonly count: number },
  width: number,
): AlarmStatusWidget {
  return new AlarmStatusWidget({
    title: chunk.count === 1 ? 'Alarms' : `Alarms (${chunk.index + 1} of ${chunk.count})`,
    alarms: chunk.alarms,
    sortBy: AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
    width,
    height: 6,
  });
}

/** A graph of the plan's, as CloudWatch draws it. */
function graphWidget(spec: GraphSpec): GraphWidget {
  const axis = (min: number | undefined, max: number | undefined) => ({
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(spec.units === true ? {} : { showUnits: false }),
  });
  return new GraphWidget({
    title: spec.title,
    left: spec.left.map(cloudWatchMetric),
    ...(spec.units === true && spec.leftMin === undefined ? {} : { leftYAxis: axis(spec.leftMin, spec.leftMax) }),
    ...(spec.lines.length > 0 ? { leftAnnotations: spec.lines.map(annotation) } : {}),
    ...(spec.right !== undefined
      ? {
          right: spec.right.map(cloudWatchMetric),
          ...(spec.rightMin !== undefined ? { rightYAxis: axis(spec.rightMin, spec.rightMax) } : {}),
        }
      : {}),
    width: spec.width,
    ...(spec.height !== undefined ? { height: spec.height } : {}),
  });
}

/** A metric of the plan's; a success rate as its math (the Average of 1s and 0s, times 100). */
function cloudWatchMetric(m: GraphMetric): IMetric {
  const metric = new Metric({
    namespace: m.namespace,
    metricName: m.metricName,
    dimensionsMap: { ...m.dimensions },
    statistic: m.statistic,
    period: Duration.seconds(m.periodSeconds),
    ...(m.label !== undefined && m.percent === undefined ? { label: m.label } : {}),
  });
  if (m.percent === undefined) return metric;
  const { id } = m.percent;
  return new MathExpression({
    expression: `${id} * 100`,
    usingMetrics: { [id]: metric },
    ...(m.label !== undefined ? { label: m.label } : {}),
    period: Duration.seconds(m.periodSeconds),
  });
}

function annotation(line: GraphLine): HorizontalAnnotation {
  return {
    value: line.value,
    label: line.label,
    color: line.severity === 'page' ? Color.RED : Color.ORANGE,
    fill: line.fill === 'above' ? Shading.ABOVE : Shading.BELOW,
  };
}
