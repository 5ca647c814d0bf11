// One region's alarm plan: every alarm its stack deploys (the probe's checks and gauges, the deployment's own, the
// page and warn composites, and with the fast path the latch and the backstop), which topic each notifies, which the
// probe withholds while a maintenance window is open, and how soon a failure pages. The stack (lib/), the notifier's
// routes, `plan`, `status`, `cost`, the Lambda's maintenance rules and the docs' figures all read this one plan, so
// what people are told and what is deployed cannot differ: `plan` once listed 37 alarms of the example where its
// stack deployed 41 (the latch and backstop were a list apart), and the Lambda withheld data of alarms that, as
// deployed with the fast path, only warn.
import type { ResolvedConfig } from '../config/resolved';
import type { AlarmSpec, PlannedAlarm, ProbeMetricAlarm } from './alarm-spec';
import { alarmTiming, type AlarmTiming } from './alarm-timing';
import { maintenanceWithheld, notificationRoutes, type NotificationRoute } from './alarms';
import { configOfRegion } from './journey-region';
import { isHome, quorumAlarms, regionAlarmSpecs, type QuorumAlarm } from './quorum';
import { QUORUM_FAILING_METRIC, QUORUM_LATCH_METRIC } from '../contract';

/** How soon one region's page composites tell a failure and a fix. */
interface PageTiming {
  /** Seconds from an outage's start to the page, at worst: 60 with the fast path, the schedule's alarms without. */
  readonly pageWithinSeconds: number;
  /** Seconds from the fix to OK, at worst. */
  readonly okWithinSeconds: number;
  /** Whether the fast path pages (the latch), or each page check's own alarm. */
  readonly by: 'fast path' | 'check alarms';
}

interface RegionPlan {
  /** The region of this stack; undefined: the stack's own, the configuration naming none. */
  readonly region: string | undefined;
  /** Whether this region is the quorum's home (always, without a quorum or with one region). */
  readonly home: boolean;
  readonly timing: AlarmTiming;
  readonly page: PageTiming;
  /** The alarms built from specs, members before the composites holding them (lib/alarms.ts builds them in order). */
  readonly specs: readonly AlarmSpec[];
  /** The fast path's latch and backstop, members of the page composites (lib/quorum.ts builds them). */
  readonly quorum: readonly QuorumAlarm[];
  /** Every alarm the region's stack deploys, as people are told of them: specs, then latch and backstop. */
  readonly alarms: readonly PlannedAlarm[];
  /** Which alarm changes reach the notifier, per severity. */
  readonly routes: readonly NotificationRoute[];
  /** The probe alarms whose failing data the probe withholds in a maintenance window. */
  readonly maintenance: readonly ProbeMetricAlarm[];
}

/** The regions a configuration deploys to, normalised once: always at least one (undefined: the stack's own). */
function planRegions(config: ResolvedConfig): (string | undefined)[] {
  return config.deploy.regions.length > 0 ? [...config.deploy.regions] : [undefined];
}

/**
 * The plan of the stack in `awsRegion` (the region a Lambda runs in, or a command names): that region's when the
 * configuration deploys there, the first region's otherwise.
 */
export function planOfRegion(config: ResolvedConfig, awsRegion: string | undefined): RegionPlan {
  const regions = planRegions(config);
  return regionPlan(config, awsRegion !== undefined && regions.includes(awsRegion) ? awsRegion : regions[0]);
}

/** The fast path's promise (docs/decisions/multi-region-quorum.md): a page within 60 s, OK within 90 s. */
const FAST_PATH: PageTiming = { pageWithinSeconds: 60, okWithinSeconds: 90, by: 'fast path' };

/** One region's plan; by default the first region the configuration deploys to (the home region). */
export function regionPlan(
  deployed: ResolvedConfig,
  region: string | undefined = planRegions(deployed)[0],
): RegionPlan {
  // The journeys another region runs have no alarm here (journey-region.ts).
  const config = configOfRegion(deployed, region);
  const timing = alarmTiming(config.deploy.scheduleMinutes);
  const settings = config.deploy.quorum;
  const specs = regionAlarmSpecs(config, region);
  const quorum = quorumAlarms(config, region);
  const listed = (spec: AlarmSpec): PlannedAlarm => ({
    name: spec.name,
    kind: spec.kind,
    severity: spec.severity,
    notifies: spec.notifies,
    ...(spec.kind === 'metric' ? { metric: spec.metric } : {}),
    description: spec.description,
  });
  // A latch and a backstop notify no one themselves: each is a member of its target's page composite.
  const member = (alarm: QuorumAlarm): PlannedAlarm => ({
    name: alarm.name,
    kind: 'metric',
    severity: 'page',
    notifies: null,
    metric: alarm.kind === 'latch' ? QUORUM_LATCH_METRIC : QUORUM_FAILING_METRIC,
    description: alarm.description,
  });
  return {
    region,
    home: settings === null || isHome(settings, region),
    timing,
    page:
      settings === null
        ? {
            pageWithinSeconds: timing.pageWithinMinutes * 60,
            okWithinSeconds: timing.okWithinMinutes * 60,
            by: 'check alarms',
          }
        : FAST_PATH,
    specs,
    quorum,
    alarms: [...specs.map(listed), ...quorum.map(member)],
    routes: notificationRoutes(specs),
    maintenance: maintenanceWithheld(specs),
  };
}
