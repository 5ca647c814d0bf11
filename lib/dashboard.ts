// One CloudWatch dashboard: a row per server (success rate per check, latency, rate-limit headroom, clock
// skew), the status feed, every alarm's state, the latest failures with their remedies, and the probe's own
// health. Metric names and dimensions come from the contract and the plan: nothing here is emitted by no one.
import { Aws, Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Color,
  Dashboard,
  GraphWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  Shading,
  TextWidget,
  type IAlarm,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import { DIMENSIONS, METRICS, STATUS_SERVER, TIMED_CHECKS, type CheckName } from '../functions/contract';
import { plannedChecks } from '../functions/plan/checks';

export interface ProbeDashboardProps {
  readonly config: LoadedConfig;
  readonly alarms: readonly IAlarm[];
  readonly function: IFunction;
  readonly logGroup: ILogGroup;
  readonly deadLetterQueue: IQueue;
}

/** The Logs Insights query behind "Latest failures": one row per failing check, newest first. */
export const LATEST_FAILURES_QUERY = [
  'fields jsonParse(@message) as run',
  '| filter run.failed > 0',
  '| unnest run.failures into f',
  '| display @timestamp, f.server, f.check, f.code, f.remedy, f.requestId, f.detail',
  '| sort @timestamp desc',
  '| limit 50',
];

const FULL_WIDTH = 24;

export class ProbeDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ProbeDashboardProps) {
    super(scope, id);
    const { config } = props;
    const { namespace, prefix, scheduleMinutes } = config.deploy;
    const period = Duration.minutes(scheduleMinutes);
    // One run per period gives one sample: percentiles need a longer window to mean anything.
    const latencyPeriod = Duration.minutes(Math.max(15, 3 * scheduleMinutes));
    const metric = (name: string, dimensions: Record<string, string>, statistic: string, label?: string, over = period): Metric =>
      new Metric({ namespace, metricName: name, dimensionsMap: dimensions, statistic, period: over, ...(label ? { label } : {}) });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      // Dashboards are global to the account: the region keeps one stack per region from colliding.
      dashboardName: `${prefix}-${Aws.REGION}`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          `# Okta synthetics: ${config.probe.orgUrl}\n` +
          `A probe run every ${scheduleMinutes} min. A composite alarm per server pages once per incident; ` +
          'the failures table below gives each failing check its diagnosis, remedy and X-Okta-Request-Id.',
        width: FULL_WIDTH,
        height: 2,
      }),
    );

    const checksByServer = new Map<string, CheckName[]>();
    for (const { server, check } of plannedChecks(config.probe)) {
      checksByServer.set(server, [...(checksByServer.get(server) ?? []), check]);
    }

    for (const [server, checks] of checksByServer) {
      if (server === STATUS_SERVER) continue;
      const perCheck = (check: CheckName): Record<string, string> => ({ [DIMENSIONS.Server]: server, [DIMENSIONS.Check]: check });
      const perServer = { [DIMENSIONS.Server]: server };
      const timed = checks.filter((check) => TIMED_CHECKS.includes(check));
      this.dashboard.addWidgets(
        new GraphWidget({
          title: `${server}: success rate per check (%)`,
          left: checks.map((check) => successRate(metric(METRICS.CheckSuccess.name, perCheck(check), 'Average'), check, period)),
          leftYAxis: { min: 0, max: 100, showUnits: false },
          width: 8,
        }),
        new GraphWidget({
          title: `${server}: latency p50 / p90 (ms)`,
          left: timed.flatMap((check) => [
            metric(METRICS.CheckLatency.name, perCheck(check), 'p50', `${check} p50`, latencyPeriod),
            metric(METRICS.CheckLatency.name, perCheck(check), 'p90', `${check} p90`, latencyPeriod),
          ]),
          leftYAxis: { min: 0, showUnits: false },
          width: 8,
        }),
        new GraphWidget({
          title: `${server}: rate-limit headroom (%)`,
          left: [metric(METRICS.RateLimitHeadroom.name, perServer, 'Minimum', 'headroom')],
          leftYAxis: { min: 0, max: 100, showUnits: false },
          leftAnnotations: [{ value: config.probe.rateLimitWarnPercent, color: Color.RED, fill: Shading.BELOW, label: 'alarm' }],
          width: 4,
        }),
        new GraphWidget({
          title: `${server}: clock skew (s)`,
          left: [metric(METRICS.ClockSkew.name, perServer, 'Average', 'Okta minus probe')],
          leftYAxis: { showUnits: false },
          leftAnnotations: [
            { value: config.probe.clockSkewWarnSeconds, color: Color.RED, label: 'alarm' },
            { value: -config.probe.clockSkewWarnSeconds, color: Color.RED },
          ],
          width: 4,
        }),
      );
    }

    const statusWidgets: IWidget[] = [];
    if (checksByServer.has(STATUS_SERVER)) {
      const perServer = { [DIMENSIONS.Server]: STATUS_SERVER };
      statusWidgets.push(
        new GraphWidget({
          title: 'Okta status feed (0 none, 1 minor, 2 major, 3 critical)',
          left: [metric(METRICS.StatusPageIndicator.name, perServer, 'Maximum', 'indicator')],
          right: [successRate(metric(METRICS.CheckSuccess.name, { ...perServer, [DIMENSIONS.Check]: 'status' }, 'Average'), 'feed readable', period)],
          leftYAxis: { min: 0, max: 3, showUnits: false },
          rightYAxis: { min: 0, max: 100, showUnits: false },
          width: 8,
        }),
      );
    }
    statusWidgets.push(
      new GraphWidget({
        title: 'Probe health',
        left: [
          props.function.metricErrors({ period, statistic: 'Sum' }),
          props.function.metricThrottles({ period, statistic: 'Sum' }),
          props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum', label: 'DLQ messages' }),
        ],
        right: [props.function.metricDuration({ period, statistic: 'Maximum' })],
        width: statusWidgets.length === 0 ? 12 : 8,
      }),
      new AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.alarms],
        width: statusWidgets.length === 1 ? 12 : 8,
        height: 6,
      }),
    );
    this.dashboard.addWidgets(...statusWidgets);
    this.dashboard.addWidgets(
      new LogQueryWidget({
        title: 'Latest failures (diagnosis, remedy, Okta request id)',
        logGroupNames: [props.logGroup.logGroupName],
        queryLines: LATEST_FAILURES_QUERY,
        view: LogQueryVisualizationType.TABLE,
        width: FULL_WIDTH,
        height: 8,
      }),
    );
  }
}

/** CheckSuccess is 1 or 0 per run: its Average over a period, times 100, is the success rate. */
function successRate(success: Metric, label: string, period: Duration): IMetric {
  // Ids must be unique within a graph and look like identifiers: "rate-limit" becomes "s_rate_limit".
  const id = `s_${label.replace(/[^A-Za-z0-9]/g, '_')}`;
  return new MathExpression({ expression: `${id} * 100`, usingMetrics: { [id]: success }, label, period });
}
