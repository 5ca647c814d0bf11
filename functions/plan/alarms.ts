// Which alarms a configuration produces, without CDK: the stack builds exactly these (lib/alarms.ts) and the
// cost command prices exactly these. Members come from member-alarms.ts, the deployment's own from
// deployment-alarms.ts, timings from alarm-timing.ts, names from alarm-names.ts; this file joins each server's
// members into its page and warn composites.
import { SEVERITIES, STATUS_SERVER, type Severity } from '../contract';
import type { ResolvedConfig } from '../config/resolved';
import { compositeAlarmName } from './alarm-names';
import type { AlarmSpec, CompositeAlarmSpec, ProbeMetricAlarm } from './alarm-spec';
import { alarmTiming } from './alarm-timing';
import { truncate } from './alarm-text';
import { deploymentAlarms } from './deployment-alarms';
import { memberAlarms } from './member-alarms';
import { targetSubject } from './subject';

/** Every alarm of a deployment, with what CDK needs to build it. Members come before the composites using them. */
export function alarmSpecs(config: ResolvedConfig): AlarmSpec[] {
  const { probe, deploy } = config;
  const prefix = deploy.prefix;
  const timing = alarmTiming(deploy.scheduleMinutes);
  const specs: AlarmSpec[] = [];
  /** Members of each server's composites, by server then severity, in the order the checks run. */
  const members = new Map<string, Record<Severity, string[]>>();
  for (const alarm of memberAlarms(config, timing)) {
    specs.push(alarm);
    const byServer = members.get(alarm.server) ?? { page: [], warn: [] };
    byServer[alarm.severity].push(alarm.name);
    members.set(alarm.server, byServer);
  }
  const { specs: own, silence } = deploymentAlarms(prefix, timing);
  specs.push(...own);
  const suppressor = (severity: Severity): CompositeAlarmSpec['suppressor'] => ({
    name: silence.name,
    waitMinutes: severity === 'page' ? timing.pageSuppressorWaitMinutes : timing.warnSuppressorWaitMinutes,
    extensionMinutes: timing.suppressorExtensionMinutes,
  });

  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  for (const [server, bySeverity] of members) {
    for (const severity of SEVERITIES) {
      const list = bySeverity[severity];
      if (list.length === 0) continue;
      const [only] = list;
      const single = list.length === 1 && only !== undefined ? byName.get(only) : undefined;
      if (server === STATUS_SERVER && single?.kind === 'metric') {
        // The status feed's one member (major incidents): it notifies itself, a composite around it would add
        // nothing but its monthly price (an org's maintenance window does not mute Okta's own incidents). Any
        // other server or journey keeps its composite even for one member: the composite's name is what the
        // notifier parses into server and severity, and its suppressor is what a maintenance window mutes.
        specs[specs.indexOf(single)] = { ...single, notifies: severity };
        continue;
      }
      const subject = targetSubject(probe, server);
      specs.push({
        name: compositeAlarmName(prefix, server, severity),
        kind: 'composite',
        server,
        severity,
        notifies: severity,
        members: list,
        suppressor: suppressor(severity),
        description: truncate(
          `${subject}: ${severity === 'page' ? 'unavailable' : 'a warning'} (any of: ${list.map((m) => m.slice(prefix.length + 1)).join(', ')}). ` +
            'Pages and warnings have their own composites and topics, so a stuck warning never hides a page. ' +
            (`${severity === 'page' ? `Pages within ${timing.pageWithinMinutes}` : `Warns within ${timing.warnWithinMinutes}`} ` +
              `min of the failure's start, tells OK within ${severity === 'page' ? timing.okWithinMinutes : timing.warnOkWithinMinutes} ` +
              `min of the fix. `) +
            ('Muted while the probe itself is down or a maintenance window is open. First steps: open the ' +
              'member in ALARM for its runbook.'),
        ),
      });
    }
  }
  return specs;
}

/**
 * The probe alarms whose breaching datapoints the probe withholds while a maintenance window is open: the members of
 * the page composites the silence mutes. Withheld, a failure first seen in the run that opens a window cannot race
 * the maintenance alarm (both would reach CloudWatch together), so those composites need no suppressor wait. Not a
 * page alarm that notifies by itself (a major incident on Okta's status feed): a window never silences it, so its
 * data stay. Warn members keep publishing: muted, they still show, and their composites keep the wait.
 */
export function maintenanceWithheld(specs: readonly AlarmSpec[]): ProbeMetricAlarm[] {
  const muted = new Set(
    specs.flatMap((spec) =>
      spec.kind === 'composite' && spec.severity === 'page' && spec.suppressor !== undefined ? spec.members : [],
    ),
  );
  return specs.filter(
    (spec): spec is ProbeMetricAlarm => spec.kind === 'metric' && spec.source === 'probe' && muted.has(spec.name),
  );
}

/**
 * Which alarm changes the notifier receives, per severity: every notifying alarm of one region's `specs`
 * (alarmSpecs, or regionAlarmSpecs with the quorum) by its exact name (a wildcard such as `${prefix}-*-page` would
 * also catch a deployment whose prefix extends ours). Direct alarms are left out: they reach people without the
 * notifier.
 */
export interface NotificationRoute {
  readonly severity: Severity;
  readonly names: readonly string[];
}

export function notificationRoutes(specs: readonly AlarmSpec[]): NotificationRoute[] {
  const notifying = specs.filter((spec) => spec.notifies !== null && spec.direct !== true);
  return SEVERITIES.map((severity) => ({
    severity,
    names: notifying.filter((spec) => spec.notifies === severity).map((spec) => spec.name),
  }));
}
