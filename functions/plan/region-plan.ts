// One region's alarm plan: every alarm its stack deploys (the probe's checks and gauges, the deployment's own, the
// page and warn composites, and with the fast path the latch and the backstop), which topic each notifies, which the
// probe withholds while a maintenance window is open, and how soon a failure pages. The stack (lib/), the notifier's
// routes, `plan`, `status`, `cost`, the Lambda's maintenance rules and the docs' figures all read this one plan, so
// what people are told and what is deployed cannot differ: `plan` once listed 37 alarms of the example where its
// stack deployed 41 (the latch and backstop were a list apart), and the Lambda withheld data of alarms that, as
// deployed with the fast path, only warn. It is built once (alarms.ts alarmSpecs), the quorum asked as each composite
// is built, so each alarm's severity is its composite's.
import { DIMENSIONS, METRICS } from '../contract';
import type { ResolvedConfig } from '../config/resolved';
import type { AlarmSpec, PlannedAlarm, ProbeMetricAlarm } from './alarm-spec';
import { alarmTiming, type AlarmTiming } from './alarm-timing';
import {
  alarmSpecs,
  maintenanceWithheld,
  notificationRoutes,
  unpagedTargets,
  type NotificationRoute,
  type PlannedConfig,
} from './alarms';
import { deploymentMetrics, plannedMetrics } from './checks';
import { configOfRegion } from './journey-region';
import { deploysPreview, previewMetrics } from './preview';
import { fastPathTiming, isHome, type PageTiming } from './quorum';
import { quorumAlarmsOf, quorumMetrics, type QuorumAlarm, type RegionMetric } from './quorum-alarms';

/**
 * What one region's plan counts, in the words `plan`, `cost` and the README share (cli/cost.ts countsText): `plan`
 * lists the metrics and alarms, `cost` bills the same ones, so each count is taken here once. A metric is a name and
 * dimension set of the namespace; CloudWatch bills an alarm per metric it reads (an "alarm metric").
 */
export interface PlanCounts {
  /** Metrics the stack's functions publish in the namespace, as `plan` lists them. */
  readonly metrics: number;
  /**
   * Of them, the Lambda's published only at times (MaintenanceWindow while a window is open, CredentialsNotPut while
   * a secret is not put): billed only in the hours they are published, so `cost` leaves them out.
   */
  readonly metricsAtTimes: number;
  /** Of them, the fast path's: each backstop's QuorumFailing a region, QuorumHealthy a region ("Quorum:" in `cost`). */
  readonly fastPathMetrics: number;
  /** Every alarm the stack deploys, metric and composite. */
  readonly alarms: number;
  readonly compositeAlarms: number;
  /**
   * The metric alarms as CloudWatch bills them, one alarm metric per metric each reads: an anomaly band's three (the
   * metric and its two bounds), a backstop's two a region (QuorumFailing and QuorumHealthy), one otherwise.
   */
  readonly alarmMetrics: number;
  /** Of them, the fast path's latches (one each) and backstops: `cost`'s "Quorum:" lines. */
  readonly latchAlarmMetrics: number;
  readonly backstopAlarmMetrics: number;
}

/** What one alarm bills as: alarm metrics, one per metric it reads (CloudWatch pricing, "Alarms"). */
function alarmMetricsOf(spec: AlarmSpec, quorumRegions: number): number {
  if (spec.kind === 'composite') return 0;
  if (spec.source === 'backstop') return 2 * quorumRegions;
  if ('excludingAlias' in spec && spec.excludingAlias !== undefined) return 2;
  return 'comparison' in spec && spec.comparison === 'lessThanLowerBand' ? 3 : 1;
}

function planCounts(
  specs: readonly AlarmSpec[],
  metrics: { readonly probe: number; readonly atTimes: number; readonly fastPath: number },
  quorumRegions: number,
): PlanCounts {
  const billed = (source: string): number =>
    specs
      .filter((s) => s.kind === 'metric' && s.source === source)
      .reduce((n, s) => n + alarmMetricsOf(s, quorumRegions), 0);
  return {
    metrics: metrics.probe + metrics.atTimes + metrics.fastPath,
    metricsAtTimes: metrics.atTimes,
    fastPathMetrics: metrics.fastPath,
    alarms: specs.length,
    compositeAlarms: specs.filter((s) => s.kind === 'composite').length,
    alarmMetrics: specs.reduce((n, s) => n + alarmMetricsOf(s, quorumRegions), 0),
    latchAlarmMetrics: billed('latch'),
    backstopAlarmMetrics: billed('backstop'),
  };
}

export interface RegionPlan {
  /** The region of this stack; undefined: the stack's own, the configuration naming none. */
  readonly region: string | undefined;
  /** Whether this region is the quorum's home (always, without a quorum or with one region). */
  readonly home: boolean;
  readonly timing: AlarmTiming;
  readonly page: PageTiming;
  /**
   * Every alarm the region's stack deploys, members before the composites holding them (lib/alarms.ts builds them in
   * order), the fast path's latch and backstop among them.
   */
  readonly specs: readonly AlarmSpec[];
  /** The fast path's latch and backstop of `specs`, as the quorum's IAM and cost name them. */
  readonly quorum: readonly QuorumAlarm[];
  /** Every alarm the region's stack deploys, as people are told of them, each with its composite's severity. */
  readonly alarms: readonly PlannedAlarm[];
  /**
   * The metrics of the deployment's namespace in this region: each check's and gauge's, the deployment's own, and
   * with the fast path at home every region's QuorumFailing and QuorumHealthy (the probes publish them there), and
   * each latch's, which its alarm watches and nobody publishes.
   */
  readonly metrics: readonly RegionMetric[];
  /** The metrics and alarms counted, as `plan` and `cost` say them. */
  readonly counts: PlanCounts;
  /** Which alarm changes reach the notifier, per severity. */
  readonly routes: readonly NotificationRoute[];
  /** The probe alarms whose failing data the probe withholds in a maintenance window. */
  readonly maintenance: readonly ProbeMetricAlarm[];
  /** The targets whose failures the probe judges by their pageFor before it publishes (alarms.ts unpagedTargets). */
  readonly unpaged: readonly string[];
}

/** How a stack's region is named when the configuration names none: only the deploy knows it (CDK_DEFAULT_REGION). */
export const STACK_REGION_LABEL = '(stack region)';

/** The regions a configuration deploys to, normalised once: always at least one (undefined: the stack's own). */
function planRegions(config: ResolvedConfig): (string | undefined)[] {
  return config.deploy.regions.length > 0 ? [...config.deploy.regions] : [undefined];
}

/**
 * The plan of the stack in `awsRegion` (the region a Lambda runs in, or a command names): that region's when the
 * configuration deploys there, the first region's otherwise.
 */
export function planOfRegion(config: PlannedConfig, awsRegion: string | undefined): RegionPlan {
  const regions = planRegions(config);
  return regionPlan(config, awsRegion !== undefined && regions.includes(awsRegion) ? awsRegion : regions[0]);
}

/** Each UnpagedFailure, published by the Lambda beside a run's checks for the targets it judges (probe/unpaged.ts). */
function unpagedMetrics(targets: readonly string[]) {
  return targets.map((server) => ({ name: METRICS.UnpagedFailure.name, dimensions: { [DIMENSIONS.Server]: server } }));
}

/** One region's plan; by default the first region the configuration deploys to (the home region). */
export function regionPlan(deployed: PlannedConfig, region: string | undefined = planRegions(deployed)[0]): RegionPlan {
  // The journeys another region runs have no alarm here (journey-region.ts).
  const config = configOfRegion(deployed, region);
  const timing = alarmTiming(config.deploy.scheduleMinutes);
  const settings = config.deploy.quorum;
  const specs = alarmSpecs(config, region);
  const home = settings === null || isHome(settings, region);
  const listed = (spec: AlarmSpec): PlannedAlarm => ({
    name: spec.name,
    kind: spec.kind,
    severity: spec.severity,
    notifies: spec.notifies,
    ...(spec.kind === 'metric' ? { metric: spec.metric } : {}),
    description: spec.description,
  });
  // The quorum's region dimension names the stack's region, which only the deploy knows when the configuration names
  // none: counted, and labelled so.
  const quorumRegions =
    settings === null ? [] : settings.regions.length > 0 ? settings.regions : [region ?? STACK_REGION_LABEL];
  // The Preview run's totals are the same function's, published in the home region alone.
  const unpaged = unpagedTargets(specs);
  const probeMetrics = [...plannedMetrics(config.probe), ...unpagedMetrics(unpaged)];
  if (deploysPreview(config, region)) probeMetrics.push(...previewMetrics());
  const atTimes = deploymentMetrics();
  const fastPath = settings === null ? [] : quorumMetrics(specs, home, quorumRegions);
  return {
    region,
    home,
    timing,
    page:
      settings === null
        ? {
            pageWithinSeconds: timing.pageWithinMinutes * 60,
            configPageWithinSeconds: timing.pageWithinMinutes * 60,
            okWithinSeconds: timing.okWithinMinutes * 60,
            by: 'check alarms',
          }
        : fastPathTiming(settings.checkEverySeconds),
    specs,
    quorum: quorumAlarmsOf(specs),
    alarms: specs.map(listed),
    metrics: [...[...probeMetrics, ...atTimes].map((m) => ({ ...m, published: true })), ...fastPath],
    counts: planCounts(
      specs,
      {
        probe: probeMetrics.length,
        atTimes: atTimes.length,
        fastPath: fastPath.filter((m) => m.published).length,
      },
      quorumRegions.length,
    ),
    routes: notificationRoutes(specs),
    maintenance: maintenanceWithheld(specs),
    unpaged,
  };
}
