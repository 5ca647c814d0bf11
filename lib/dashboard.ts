// One CloudWatch dashboard: a row per server (success rate per check, latency, rate-limit headroom, clock skew) and per
// sign-in journey (its success, latency, days to password expiry, and whom it signs in), each graph a check's output
// from its registry row (plan/outputs.ts); the status feed, every alarm's state, the latest failures with their
// remedies, and the probe's own health. Metric names and dimensions come from the contract and the plan: nothing here
// is emitted by no one.
import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
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
import {
  AVAILABILITY_QUERY,
  DIMENSIONS,
  LATENCY_ALARM,
  LATEST_FAILURES_QUERY,
  PENDING_QUERY,
  SAML_APPS_QUERY,
  PROVISIONING_QUERY,
  SIGN_INS_QUERY,
  WHAT_EXPIRES_NEXT_QUERY,
  MAINTENANCE_SERVER,
  maintenanceParameterName,
  METRICS,
  STATUS_SERVER,
  type CheckName,
} from '../functions/contract';
import { alarmTiming } from '../functions/plan/alarm-timing';
import { gaugeThreshold } from '../functions/plan/member-alarms';
import { latencyThreshold } from '../functions/config/latency';
import { plannedChecks } from '../functions/plan/checks';
import type { Gauge } from '../functions/plan/check-row';
import { gaugesOf, publishes } from '../functions/plan/outputs';
import { journeySubject, samlGroupSubject, samlSubject, targetLabel } from '../functions/plan/subject';
import { samlGroupWidgets } from './dashboard-saml';

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
  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: ProbeDashboardProps) {
    super(scope, id);
    this.props = props;
    const { config } = props;
    this.period = Duration.minutes(config.deploy.scheduleMinutes);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: dashboardName(config.deploy.prefix),
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(headerWidget(config));
    const alarmChunks = this.alarmChunks();
    const checksByServer = checksPerServer(config);
    for (const [server, checks] of checksByServer) {
      if (server === STATUS_SERVER) continue;
      this.dashboard.addWidgets(...this.serverRow(server, checks));
    }
    this.addStatusRows(checksByServer.has(STATUS_SERVER), alarmChunks);
    this.dashboard.addWidgets(...this.maintenanceRow());
    this.dashboard.addWidgets(...this.logTables());
  }

  private metric(
    name: string,
    dimensions: Record<string, string>,
    statistic: string,
    label?: string,
    over = this.period,
  ): Metric {
    return new Metric({
      namespace: this.props.config.deploy.namespace,
      metricName: name,
      dimensionsMap: dimensions,
      statistic,
      period: over,
      ...(label ? { label } : {}),
    });
  }

  /**
   * A gauge's graph with a line at each of its alarm thresholds (both signs when the alarm is on the absolute value).
   */
  private gaugeWidget(
    server: string,
    gauge: Gauge,
    width: number,
    right: IMetric[] = [],
    extra: readonly HorizontalAnnotation[] = [],
  ): GraphWidget {
    const { probe } = this.props.config;
    return new GraphWidget({
      title:
        server === STATUS_SERVER ? gauge.dashboard.title : `${targetLabel(probe, server)}: ${gauge.dashboard.title}`,
      left: [
        this.metric(
          METRICS[gauge.metric].name,
          { [DIMENSIONS.Server]: server },
          gauge.alarms[0]?.statistic ?? 'Average',
          gauge.dashboard.label,
        ),
      ],
      leftYAxis: {
        ...(gauge.dashboard.min !== undefined ? { min: gauge.dashboard.min } : {}),
        ...(gauge.dashboard.max !== undefined ? { max: gauge.dashboard.max } : {}),
        showUnits: false,
      },
      leftAnnotations: [...extra, ...alarmThresholdLines(gauge, probe)],
      ...(right.length > 0 ? { right, rightYAxis: { min: 0, max: 100, showUnits: false } } : {}),
      width,
    });
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

  /** One server's row: its group's counts, or its success rate, latency and gauges and whom it concerns. */
  private serverRow(server: string, checks: readonly CheckName[]): IWidget[] {
    const { probe } = this.props.config;
    // A group of SAML apps: its counts, never a graph per app; the apps themselves are in the table below.
    const group = probe.samlGroups?.find((g) => g.id === server);
    if (group !== undefined) {
      return samlGroupWidgets(
        group,
        checks.flatMap(gaugesOf),
        (gauge, width, extra) => this.gaugeWidget(server, gauge, width, [], extra),
        probe.expiryWarnDays,
        samlGroupSubject(group),
      );
    }
    const graphs: IWidget[] = [
      this.successRateGraph(server, checks),
      this.latencyGraph(server, checks),
      ...checks.flatMap(gaugesOf).map((gauge) => this.gaugeWidget(server, gauge, 4)),
    ];
    graphs.push(...subjectTexts(this.props.config, server, graphs));
    return graphs;
  }

  private successRateGraph(server: string, checks: readonly CheckName[]): GraphWidget {
    return new GraphWidget({
      title: `${targetLabel(this.props.config.probe, server)}: success rate per check (%)`,
      left: checks
        .filter((check) => publishes(check, 'success'))
        .map((check) =>
          successRate(this.metric(METRICS.CheckSuccess.name, perCheck(server, check), 'Average'), check, this.period),
        ),
      leftYAxis: { min: 0, max: 100, showUnits: false },
      width: 8,
    });
  }

  private latencyGraph(server: string, checks: readonly CheckName[]): GraphWidget {
    const { probe, deploy } = this.props.config;
    // One run per period gives one sample: percentiles need a longer window to mean anything.
    const latencyPeriod = Duration.minutes(Math.max(15, 3 * deploy.scheduleMinutes));
    const { steady } = alarmTiming(deploy.scheduleMinutes);
    const serverConfig = probe.servers.find((s) => s.id === server);
    const latencyWarn = serverConfig === undefined ? null : latencyThreshold(probe, serverConfig);
    return new GraphWidget({
      title: `${targetLabel(probe, server)}: latency p50 / p90 (ms)`,
      left: [
        ...checks
          .filter((check) => publishes(check, 'latency'))
          .flatMap((check) => [
            this.metric(METRICS.CheckLatency.name, perCheck(server, check), 'p50', `${check} p50`, latencyPeriod),
            this.metric(METRICS.CheckLatency.name, perCheck(server, check), 'p90', `${check} p90`, latencyPeriod),
          ]),
        // What the latency alarm evaluates: the server's p90 per run, against its threshold.
        ...(latencyWarn === null
          ? []
          : [
              this.metric(
                METRICS.ServerLatency.name,
                { [DIMENSIONS.Server]: server },
                LATENCY_ALARM.statistic,
                `server ${LATENCY_ALARM.statistic} per run`,
              ),
            ]),
      ],
      leftYAxis: { min: 0, showUnits: false },
      ...(latencyWarn === null
        ? {}
        : {
            leftAnnotations: [
              {
                value: latencyWarn,
                color: Color.ORANGE,
                fill: Shading.ABOVE,
                label:
                  `${LATENCY_ALARM.severity}: ${LATENCY_ALARM.name} (server p90 > ${latencyWarn} ms in ${steady.datapointsToAlarm} ` +
                  `of ${steady.evaluationPeriods} runs)`,
              },
            ],
          }),
      width: 8,
    });
  }

  /** The status feed's gauges (when it is probed), the probe's own health, and every alarm's state. */
  private addStatusRows(statusProbed: boolean, alarmChunks: readonly IAlarm[][]): void {
    const [firstAlarms = [], ...moreAlarms] = alarmChunks;
    const statusWidgets: IWidget[] = statusProbed ? this.statusGauges() : [];
    statusWidgets.push(
      this.probeHealthGraph(statusWidgets.length === 0 ? 12 : 8),
      alarmWidget({ alarms: firstAlarms, index: 0, count: alarmChunks.length }, statusWidgets.length === 1 ? 12 : 8),
    );
    this.dashboard.addWidgets(...statusWidgets);
    // An alarm status widget takes at most 100 alarms: a large deployment gets more widgets, not a rejected deploy.
    if (moreAlarms.length > 0)
      this.dashboard.addWidgets(
        ...moreAlarms.map((alarms, i) => alarmWidget({ alarms, index: i + 1, count: alarmChunks.length }, 12)),
      );
  }

  private statusGauges(): IWidget[] {
    const statusWidgets: IWidget[] = [];
    const perServer = { [DIMENSIONS.Server]: STATUS_SERVER };
    const [first, ...rest] = gaugesOf('status');
    // The feed's own readability shares the first status gauge's graph: a flat 0 means nothing if the feed was
    // unreadable.
    if (first !== undefined) {
      statusWidgets.push(
        this.gaugeWidget(STATUS_SERVER, first, 8, [
          successRate(
            this.metric(METRICS.CheckSuccess.name, { ...perServer, [DIMENSIONS.Check]: 'status' }, 'Average'),
            'feed readable',
            this.period,
          ),
        ]),
      );
    }
    statusWidgets.push(...rest.map((gauge) => this.gaugeWidget(STATUS_SERVER, gauge, 4)));
    return statusWidgets;
  }

  private probeHealthGraph(width: number): GraphWidget {
    const { period } = this;
    return new GraphWidget({
      title: 'Probe health',
      left: [
        this.props.function.metricInvocations({ period, statistic: 'Sum' }),
        this.props.function.metricErrors({ period, statistic: 'Sum' }),
        this.props.function.metricThrottles({ period, statistic: 'Sum' }),
        this.props.deadLetterQueue.metricNumberOfMessagesSent({
          period: Duration.minutes(5),
          statistic: 'Sum',
          label: 'new dead letters',
        }),
      ],
      right: [this.props.function.metricDuration({ period, statistic: 'Maximum' })],
      width,
    });
  }

  private maintenanceRow(): IWidget[] {
    const parameter = maintenanceParameterName(this.props.config.deploy.prefix);
    return [
      new GraphWidget({
        title: 'Maintenance window (1 = pages silenced)',
        left: [
          this.metric(
            METRICS.MaintenanceWindow.name,
            { [DIMENSIONS.Server]: MAINTENANCE_SERVER },
            'Maximum',
            'silenced',
          ),
        ],
        leftYAxis: { min: 0, max: 1, showUnits: false },
        width: 8,
        height: 4,
      }),
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

  /** The Logs Insights tables: failures, what expires next, SAML apps, sign-ins, pending credentials, availability. */
  private logTables(): LogQueryWidget[] {
    const { config, logGroup } = this.props;
    /** A Logs Insights table of the probe's log group, the dashboard's full width. */
    const tableWidget = ([title, queryLines, height]: LogTable): LogQueryWidget =>
      new LogQueryWidget({
        title,
        logGroupNames: [logGroup.logGroupName],
        queryLines: [...queryLines],
        view: LogQueryVisualizationType.TABLE,
        width: FULL_WIDTH,
        height,
      });
    return [
      ['Latest failures (diagnosis, remedy, Okta request id)', LATEST_FAILURES_QUERY, 8] as const,
      ...optionalTables(config),
      [
        'Waiting for a credential (put-secret-value not run yet: their checks are N/A and do not page)',
        PENDING_QUERY,
        3,
      ] as const,
      [
        `Availability per server and month, % of runs up (target ${config.deploy.slaTargetPercent} %; set ` +
          `the time range to the month; "okta-synthetics report" splits the downtime by cause)`,
        AVAILABILITY_QUERY,
        6,
      ] as const,
    ].map(tableWidget);
  }
}

/** A Logs Insights table: its title, its query, its height. */
type LogTable = readonly [string, readonly string[], number];

/** The tables of what the config watches: the inventory, SAML groups, provisioning, journeys. */
function optionalTables(config: LoadedConfig): LogTable[] {
  const { probe } = config;
  const tables: [boolean, LogTable][] = [
    [
      probe.servers.some((s) => s.inventory === true),
      [
        "What expires next: the org inventory's latest finding per item (days left or down since, fix; " +
          'a fixed item keeps the time it was last seen)',
        WHAT_EXPIRES_NEXT_QUERY,
        6,
      ],
    ],
    [
      (probe.samlGroups ?? []).length > 0,
      [
        "SAML apps that fail or expire soonest: each group's latest finding per app (its code, failing " +
          'since or days left, fix; a fixed app keeps the time it was last seen)',
        SAML_APPS_QUERY,
        8,
      ],
    ],
    [
      probe.servers.some((s) => s.provisioning !== undefined),
      [
        "Provisioning: each app's latest finding (a refused credential, the app unreachable, leavers who may " +
          "keep an account, counted with the oldest one's age; fix). Leavers are never named",
        PROVISIONING_QUERY,
        6,
      ],
    ],
    [
      (probe.signIn ?? []).length > 0,
      [
        'How each journey signs in: runs per authenticator that answered Okta (a passkey journey with a ' +
          'password row still signs in the old way), the last steps with their times, ms',
        SIGN_INS_QUERY,
        4,
      ],
    ],
  ];
  return tables.filter(([wanted]) => wanted).map(([, table]) => table);
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

/** The planned checks of each server, in plan order. */
function checksPerServer(config: LoadedConfig): Map<string, CheckName[]> {
  const checksByServer = new Map<string, CheckName[]>();
  for (const { server, check } of plannedChecks(config.probe)) {
    checksByServer.set(server, [...(checksByServer.get(server) ?? []), check]);
  }
  return checksByServer;
}

function perCheck(server: string, check: CheckName): Record<string, string> {
  return { [DIMENSIONS.Server]: server, [DIMENSIONS.Check]: check };
}

/** A line per alarm threshold of a gauge: both signs when the alarm is on the absolute value. */
function alarmThresholdLines(gauge: Gauge, probe: LoadedConfig['probe']): HorizontalAnnotation[] {
  return gauge.alarms.flatMap((alarm) => {
    const value = gaugeThreshold(alarm, probe);
    const line = {
      color: alarm.severity === 'page' ? Color.RED : Color.ORANGE,
      label: `${alarm.severity}: ${alarm.name}`,
    };
    const fill = alarm.comparison === 'lessThan' ? Shading.BELOW : Shading.ABOVE;
    return alarm.absolute === true
      ? [
          { ...line, value, fill: Shading.ABOVE },
          { ...line, value: -value, fill: Shading.BELOW },
        ]
      : [{ ...line, value, fill }];
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

/** CheckSuccess is 1 or 0 per run: its Average over a period, times 100, is the success rate. */
function successRate(success: Metric, label: string, period: Duration): IMetric {
  // Ids must be unique within a graph and look like identifiers: "rate-limit" becomes "s_rate_limit".
  const id = `s_${label.replace(/[^A-Za-z0-9]/g, '_')}`;
  return new MathExpression({ expression: `${id} * 100`, usingMetrics: { [id]: success }, label, period });
}
