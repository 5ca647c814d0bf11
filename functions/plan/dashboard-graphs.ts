// The dashboard's graphs as data, pure and without CDK: each row's graphs, each graph's metrics (namespace, name,
// dimensions, statistic, period, label), its axis and its threshold lines. The CloudWatch dashboard (lib/dashboard.ts)
// and the Grafana dashboard (scripts/grafana-dashboard.ts, for Grafana's CloudWatch data source) both draw these, so
// the two show the same numbers. Which graphs a config gets comes from the check registry's outputs (outputs.ts).
import type { LoadedConfig } from '../config/parse';
import {
  DIMENSIONS,
  LATENCY_ALARM,
  MAINTENANCE_SERVER,
  METRICS,
  PREVIEW_SERVER,
  STATUS_SERVER,
  type CheckName,
} from '../contract';
import { latencyThreshold } from '../config/latency';
import { alarmTiming } from './alarm-timing';
import type { Gauge } from './check-row';
import { plannedChecks } from './checks';
import { PREVIEW_METRICS } from './preview';
import { gaugeThreshold } from './member-alarms';
import { gaugesOf, publishes } from './outputs';
import { targetLabel } from './subject';

/** One metric of a graph. `percent`: CheckSuccess's Average shown as a rate, times 100, under the math id `id`. */
export interface GraphMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly label?: string;
  readonly percent?: { readonly id: string };
}

/** A line across a graph at a threshold, shaded on the side that alarms. */
export interface GraphLine {
  readonly value: number;
  readonly label: string;
  /** page: red; warn: orange (CloudWatch's and Grafana's colours alike). */
  readonly severity: 'page' | 'warn';
  readonly fill: 'above' | 'below';
}

export interface GraphSpec {
  readonly title: string;
  /** Columns of the dashboards' 24. */
  readonly width: number;
  readonly height?: number;
  readonly left: readonly GraphMetric[];
  /** A second axis, 0-100 (a gauge's feed's readability beside it). */
  readonly right?: readonly GraphMetric[];
  readonly leftMin?: number;
  readonly leftMax?: number;
  readonly rightMin?: number;
  readonly rightMax?: number;
  /** Axes show their units (the probe's health: counts and ms); the probe's own graphs are bare numbers. */
  readonly units?: boolean;
  readonly lines: readonly GraphLine[];
}

/** The probe function's and its dead-letter queue's names, as lib/probe-function.ts gives them. */
export function probeFunctionName(prefix: string): string {
  return `${prefix}-probe`;
}
export function probeDeadLetterQueueName(prefix: string): string {
  return `${prefix}-probe-dlq`;
}

/** The planned checks of each target, in plan order. */
export function checksPerTarget(config: LoadedConfig): Map<string, CheckName[]> {
  const checksByServer = new Map<string, CheckName[]>();
  for (const { server, check } of plannedChecks(config.probe)) {
    checksByServer.set(server, [...(checksByServer.get(server) ?? []), check]);
  }
  return checksByServer;
}

/** The graphs of one dashboard, drawn by both dashboards. */
export class DashboardGraphs {
  private readonly periodSeconds: number;

  constructor(private readonly config: LoadedConfig) {
    this.periodSeconds = config.deploy.scheduleMinutes * 60;
  }

  metric(
    metricName: string,
    dimensions: Record<string, string>,
    statistic: string,
    label?: string,
    periodSeconds = this.periodSeconds,
  ): GraphMetric {
    return {
      namespace: this.config.deploy.namespace,
      metricName,
      dimensions,
      statistic,
      periodSeconds,
      ...(label !== undefined && { label }),
    };
  }

  /** CheckSuccess is 1 or 0 per run: its Average over a period, times 100, is the success rate. */
  successRate(dimensions: Record<string, string>, label: string): GraphMetric {
    // Ids must be unique within a graph and look like identifiers: "rate-limit" becomes "s_rate_limit".
    const id = `s_${label.replace(/[^A-Za-z0-9]/g, '_')}`;
    return { ...this.metric(METRICS.CheckSuccess.name, dimensions, 'Average', label), percent: { id } };
  }

  /** A gauge's graph, a line at each of its alarm thresholds (both signs when the alarm is on the absolute value). */
  gauge(server: string, gauge: Gauge, width: number, options: GaugeOptions = {}): GraphSpec {
    const { probe } = this.config;
    return {
      title:
        server === STATUS_SERVER ? gauge.dashboard.title : `${targetLabel(probe, server)}: ${gauge.dashboard.title}`,
      width,
      left: [
        this.metric(
          METRICS[gauge.metric].name,
          { [DIMENSIONS.Server]: server },
          gauge.alarms[0]?.statistic ?? 'Average',
          gauge.dashboard.label,
        ),
      ],
      ...(options.right !== undefined && { right: options.right, rightMin: 0, rightMax: 100 }),
      ...(gauge.dashboard.min !== undefined && { leftMin: gauge.dashboard.min }),
      ...(gauge.dashboard.max !== undefined && { leftMax: gauge.dashboard.max }),
      lines: [...(options.extra ?? []), ...alarmThresholdLines(gauge, probe)],
    };
  }

  successRateGraph(server: string, checks: readonly CheckName[]): GraphSpec {
    return {
      title: `${targetLabel(this.config.probe, server)}: success rate per check (%)`,
      width: 8,
      left: checks
        .filter((check) => publishes(check, 'success'))
        .map((check) => this.successRate(perCheck(server, check), check)),
      leftMin: 0,
      leftMax: 100,
      lines: [],
    };
  }

  latencyGraph(server: string, checks: readonly CheckName[]): GraphSpec {
    const { probe, deploy } = this.config;
    // One run per period gives one sample: percentiles need a longer window to mean anything.
    const latencySeconds = 60 * Math.max(15, 3 * deploy.scheduleMinutes);
    const { steady } = alarmTiming(deploy.scheduleMinutes);
    const serverConfig = probe.servers.find((s) => s.id === server);
    const warn = serverConfig === undefined ? null : latencyThreshold(probe, serverConfig);
    const latency = METRICS.CheckLatency.name;
    return {
      title: `${targetLabel(probe, server)}: latency p50 / p90 (ms)`,
      width: 8,
      left: [
        ...checks
          .filter((check) => publishes(check, 'latency'))
          .flatMap((check) => [
            this.metric(latency, perCheck(server, check), 'p50', `${check} p50`, latencySeconds),
            this.metric(latency, perCheck(server, check), 'p90', `${check} p90`, latencySeconds),
          ]),
        // What the latency alarm evaluates: the server's p90 per run, against its threshold.
        ...(warn === null
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
      leftMin: 0,
      lines:
        warn === null
          ? []
          : [
              {
                value: warn,
                severity: LATENCY_ALARM.severity,
                fill: 'above',
                label:
                  `${LATENCY_ALARM.severity}: ${LATENCY_ALARM.name} (server p90 > ${warn} ms in ` +
                  `${steady.datapointsToAlarm} of ${steady.evaluationPeriods} runs)`,
              },
            ],
    };
  }

  /**
   * One target's graphs: a group of SAML apps' counts (its soonest expiry, which has no alarm of its own, drawn with
   * the horizon expiryWarnDays), else its success rate, latency and gauges.
   */
  rowGraphs(server: string, checks: readonly CheckName[]): GraphSpec[] {
    const { probe } = this.config;
    const gauges = checks.flatMap(gaugesOf);
    if (probe.samlGroups?.some((g) => g.id === server) === true) {
      const horizon: GraphLine = {
        value: probe.expiryWarnDays,
        severity: 'warn',
        fill: 'below',
        label: `expiryWarnDays (${probe.expiryWarnDays})`,
      };
      return gauges.map((gauge) =>
        this.gauge(server, gauge, GROUP_GRAPH_WIDTH, { extra: gauge.alarms.length === 0 ? [horizon] : [] }),
      );
    }
    return [
      this.successRateGraph(server, checks),
      this.latencyGraph(server, checks),
      ...gauges.map((gauge) => this.gauge(server, gauge, 4)),
    ];
  }

  /**
   * Every row of graphs, in the dashboard's order: each target's, then the status feed's gauges beside the probe's
   * health (the CloudWatch dashboard adds its alarms' states there), then the maintenance window.
   */
  rows(): GraphSpec[][] {
    const targets = checksPerTarget(this.config);
    const status = targets.has(STATUS_SERVER) ? this.statusGauges() : [];
    return [
      ...[...targets].filter(([server]) => server !== STATUS_SERVER).map(([s, checks]) => this.rowGraphs(s, checks)),
      [...status, this.probeHealth(status.length === 0 ? 12 : 8)],
      [this.maintenance()],
    ];
  }

  /** The status feed's gauges, the first with the feed's readability on its right axis. */
  statusGauges(): GraphSpec[] {
    const [first, ...rest] = gaugesOf('status');
    const readable = this.successRate(
      { [DIMENSIONS.Server]: STATUS_SERVER, [DIMENSIONS.Check]: 'status' },
      'feed readable',
    );
    return [
      ...(first === undefined ? [] : [this.gauge(STATUS_SERVER, first, 8, { right: [readable] })]),
      ...rest.map((gauge) => this.gauge(STATUS_SERVER, gauge, 4)),
    ];
  }

  /** The probe's own health: its function's invocations, errors and throttles, new dead letters, its duration. */
  probeHealth(width: number): GraphSpec {
    const { prefix } = this.config.deploy;
    const lambda = (metricName: string, statistic: string): GraphMetric => ({
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: probeFunctionName(prefix) },
      statistic,
      periodSeconds: this.periodSeconds,
    });
    return {
      title: 'Probe health',
      width,
      left: [
        lambda('Invocations', 'Sum'),
        lambda('Errors', 'Sum'),
        lambda('Throttles', 'Sum'),
        {
          namespace: 'AWS/SQS',
          metricName: 'NumberOfMessagesSent',
          dimensions: { QueueName: probeDeadLetterQueueName(prefix) },
          statistic: 'Sum',
          periodSeconds: 300,
          label: 'new dead letters',
        },
      ],
      right: [lambda('Duration', 'Maximum')],
      units: true,
      lines: [],
    };
  }

  /**
   * The Preview org's totals (plan/preview.ts), at its own period: the row's graph, beside its findings table
   * (dashboard-tables.ts previewTable). undefined without a `preview` block.
   */
  previewGraph(): GraphSpec | undefined {
    const { preview } = this.config;
    if (preview === undefined) return undefined;
    return {
      title: previewTitle(this.config),
      width: PREVIEW_GRAPH_WIDTH,
      height: 6,
      left: PREVIEW_METRICS.map((name) =>
        this.metric(name, { [DIMENSIONS.Server]: PREVIEW_SERVER }, 'Maximum', undefined, preview.everyMinutes * 60),
      ),
      units: true,
      lines: [],
    };
  }

  maintenance(): GraphSpec {
    return {
      title: 'Maintenance window (1 = pages silenced)',
      width: 8,
      height: 4,
      left: [
        this.metric(METRICS.MaintenanceWindow.name, { [DIMENSIONS.Server]: MAINTENANCE_SERVER }, 'Maximum', 'silenced'),
      ],
      leftMin: 0,
      leftMax: 1,
      lines: [],
    };
  }
}

/** Columns of the Preview row's graph; its findings table takes the rest of the 24. */
const PREVIEW_GRAPH_WIDTH = 8;

/** The Preview row's title, its graph's and (with what it lists) its table's: the org, and that it never pages. */
export function previewTitle(config: Pick<LoadedConfig, 'preview'>): string {
  return `Preview org ${config.preview?.probe.orgUrl ?? ''}: warnings only, never a page`;
}

/** Columns of each count's graph in a group of SAML apps' row; its text takes the rest of the 24. */
export const GROUP_GRAPH_WIDTH = 4;

interface GaugeOptions {
  /** A second axis's metrics. */
  readonly right?: readonly GraphMetric[];
  /** Lines beyond the alarms' (a group's expiry horizon). */
  readonly extra?: readonly GraphLine[];
}

function perCheck(server: string, check: CheckName): Record<string, string> {
  return { [DIMENSIONS.Server]: server, [DIMENSIONS.Check]: check };
}

/** A line per alarm threshold of a gauge: both signs when the alarm is on the absolute value. */
function alarmThresholdLines(gauge: Gauge, probe: LoadedConfig['probe']): GraphLine[] {
  return gauge.alarms.flatMap((alarm): GraphLine[] => {
    const value = gaugeThreshold(alarm, probe);
    const line = { severity: alarm.severity, label: `${alarm.severity}: ${alarm.name}` };
    const fill = alarm.comparison === 'lessThan' ? 'below' : 'above';
    return alarm.absolute === true
      ? [
          { ...line, value, fill: 'above' },
          { ...line, value: -value, fill: 'below' },
        ]
      : [{ ...line, value, fill }];
  });
}
