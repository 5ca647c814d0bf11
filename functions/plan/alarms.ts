// Which alarms a configuration produces, without CDK: the stack builds exactly these (lib/alarms.ts) and the
// cost command prices exactly these. Members come from member-alarms.ts, the deployment's own from
// deployment-alarms.ts, timings from alarm-timing.ts, names from alarm-names.ts; this file joins each server's
// members into its page and warn composites.
import { METRICS, ORG_SERVER_ID, SEVERITIES, STATUS_SERVER, type Severity } from '../contract';
import { alarmStatesRoute, type MetricStreamSettings } from '../config/metric-stream-shape';
import type { ResolvedConfig } from '../config/resolved';
import { compositeAlarmName } from './alarm-names';
import { browserEveryMinutes, browserJourneys } from './browser-part';
import type { AlarmSpec, CompositeAlarmSpec, ProbeMetricAlarm } from './alarm-spec';
import { alarmTiming, browserAlarmTiming, type AlarmTiming } from './alarm-timing';
import { truncate } from './alarm-text';
import { deploymentAlarms } from './deployment-alarms';
import { memberAlarms, unpagedAlarm } from './member-alarms';
import { deploysPreview, previewAlarms } from './preview';
import { isDeploymentHome } from './quorum';
import { regionQuorum } from './quorum-alarms';
import { targetSubject } from './subject';

/**
 * The configuration a plan is made of: the probe Lambda's (ResolvedConfig, without metricStream, which its maintenance
 * rules do not need), or the whole one the stack and the CLI load, whose metricStream adds its alarm states' alarm.
 */
export type PlannedConfig = ResolvedConfig & {
  readonly deploy: { readonly metricStream?: MetricStreamSettings | null };
};

/** What this region's stack deploys besides the probe whose dead letters are alarmed. */
function deployedHere(config: PlannedConfig, region: string | undefined) {
  const stream = config.deploy.metricStream ?? null;
  return {
    alarmStates: stream !== null && alarmStatesRoute(stream) !== null,
    // The sign-ins' stream lives in the deployment's home region only (lib/stack.ts), its dead-letter queue with it.
    signInsStream:
      config.probe.servers.some((s) => s.id === ORG_SERVER_ID && s.userSignIns?.eventSource !== undefined) &&
      isDeploymentHome(config, region),
    preview: deploysPreview(config, region),
    browserEveryMinutes: browserEveryMinutes(config.probe),
  };
}

/**
 * Every alarm of one region's stack, with what CDK needs to build it, members before the composites using them: the
 * one alarm plan (region-plan.ts reads it). `region`: the stack's region (undefined: the configuration names none);
 * the journeys another region runs are already taken out of `config` (journey-region.ts configOfRegion). With the
 * quorum, each member's composite is the one the quorum gives it here (quorum-alarms.ts), asked as the composites
 * are built, and the latch and backstop are members of the page composite like any other alarm.
 */
export function alarmSpecs(config: PlannedConfig, region?: string): AlarmSpec[] {
  const { probe, deploy } = config;
  const prefix = deploy.prefix;
  const timing = alarmTiming(deploy.scheduleMinutes);
  const quorum = regionQuorum(config, region);
  const { specs, members, takenOver } = placedMembers(config, timing, quorum);
  const here = deployedHere(config, region);
  // A "browser" journey is muted by its own function's liveness and maintenance alone (deployment-alarms.ts).
  const browser = new Set(browserJourneys(probe).map((journey) => journey.id));
  const timingOf = targetTiming(browser, here.browserEveryMinutes, timing);
  specs.push(...unpagedMembers(config, members, specs, timingOf));
  const { specs: deployment, silence, browserSilence } = deploymentAlarms(prefix, timing, quorum?.probeDownWarns, here);
  specs.push(...deployment);
  // The Preview org's: warn-only, each notifying by itself, no member of any composite (plan/preview.ts).
  if (config.preview !== undefined && deploysPreview(config, region))
    specs.push(...previewAlarms(prefix, config.preview));
  const suppressor = suppressorOf(browserSilence !== undefined ? { browser, browserSilence } : null, silence, timing);

  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  for (const [server, bySeverity] of members) {
    const quorumHere = quorum !== null && takenOver(server) ? quorum : null;
    // The page composite the quorum takes over holds the target's latch (and backstop), whatever else it holds.
    const latched = quorumHere?.alarms(server) ?? [];
    specs.push(...latched);
    for (const severity of SEVERITIES) {
      const list = [...bySeverity[severity], ...(severity === 'page' ? latched.map((a) => a.name) : [])];
      if (list.length === 0) continue;
      const [only] = list;
      const single = list.length === 1 && only !== undefined ? byName.get(only) : undefined;
      if (server === STATUS_SERVER && single?.kind === 'metric' && single.source === 'probe') {
        // The status feed's one member (major incidents): it notifies itself, a composite around it would add
        // nothing but its monthly price (an org's maintenance window does not mute Okta's own incidents). Any
        // other server or journey keeps its composite even for one member: the composite's name is what the
        // notifier parses into server and severity, and its suppressor is what a maintenance window mutes.
        const notifying = { ...single, notifies: severity };
        specs[specs.indexOf(single)] = quorum === null ? notifying : quorum.placeStatus(notifying);
        continue;
      }
      specs.push({
        name: compositeAlarmName(prefix, server, severity),
        kind: 'composite',
        server,
        severity,
        notifies: severity,
        members: list,
        suppressor: suppressor(server, severity),
        description:
          quorumHere === null
            ? compositeText(targetSubject(probe, server), severity, list, prefix, timingOf(server), browser.has(server))
            : severity === 'page'
              ? quorumHere.pageText(server, bySeverity.page)
              : quorumHere.warnText(server, list),
      });
    }
  }
  return specs;
}

/**
 * Each composite's suppressor: a "browser" journey's is its own silence (its function down, or maintenance:
 * deployment-alarms.ts), every other target's the probe's.
 */
function suppressorOf(
  own: { readonly browser: ReadonlySet<string>; readonly browserSilence: CompositeAlarmSpec } | null,
  silence: CompositeAlarmSpec,
  timing: AlarmTiming,
): (server: string, severity: Severity) => CompositeAlarmSpec['suppressor'] {
  return (server, severity) => ({
    name: (own !== null && own.browser.has(server) ? own.browserSilence : silence).name,
    waitMinutes: severity === 'page' ? timing.pageSuppressorWaitMinutes : timing.warnSuppressorWaitMinutes,
    extensionMinutes: timing.suppressorExtensionMinutes,
  });
}

/** Each target's timing: a "browser" journey's is its own function's cadence (alarm-timing.ts browserAlarmTiming). */
function targetTiming(
  browser: ReadonlySet<string>,
  browserEveryMinutes: number | undefined,
  timing: AlarmTiming,
): (server: string) => AlarmTiming {
  return (server) =>
    browserEveryMinutes !== undefined && browser.has(server) ? browserAlarmTiming(browserEveryMinutes) : timing;
}

/**
 * pageFor where no latch judges: a target whose page composite holds its own check alarms warns, through its
 * unpaged-failure member (added to its warn members here), of a failure whose cause its pageFor leaves out
 * (probe/unpaged.ts withholds it from the page alarm).
 */
function unpagedMembers(
  config: ResolvedConfig,
  members: ReadonlyMap<string, Record<Severity, string[]>>,
  specs: readonly AlarmSpec[],
  timingOf: (server: string) => AlarmTiming,
): AlarmSpec[] {
  const added: AlarmSpec[] = [];
  for (const [server, bySeverity] of members) {
    const ownChecks = specs.some(
      (s) => s.kind === 'metric' && s.metric === METRICS.CheckSuccess.name && bySeverity.page.includes(s.name),
    );
    if (!ownChecks) continue;
    const unpaged = unpagedAlarm(config.deploy.prefix, server, timingOf(server), targetSubject(config.probe, server));
    added.push(unpaged);
    bySeverity.warn.push(unpaged.name);
  }
  return added;
}

/**
 * Each target's member alarms, in the composite the quorum gives each here (their own severity's without it), and
 * the targets whose page composite the quorum takes over: decided by the members' own severities.
 */
function placedMembers(config: ResolvedConfig, timing: AlarmTiming, quorum: ReturnType<typeof regionQuorum>) {
  const own = memberAlarms(config, timing);
  const pages = new Set(own.filter((m) => m.severity === 'page').map((m) => m.server));
  const takenOver = (server: string): boolean => quorum?.takesOver(server, pages.has(server)) === true;
  const specs: AlarmSpec[] = [];
  /** Members of each server's composites, by server then severity, in the order the checks run. */
  const members = new Map<string, Record<Severity, string[]>>();
  for (const alarm of own.map((m) => (quorum !== null && takenOver(m.server) ? quorum.place(m) : m))) {
    specs.push(alarm);
    const byServer = members.get(alarm.server) ?? { page: [], warn: [] };
    byServer[alarm.severity].push(alarm.name);
    members.set(alarm.server, byServer);
  }
  return { specs, members, takenOver };
}

/** A page or warn composite's words without the quorum: its members, and how soon it tells a failure and a fix. */
function compositeText(
  subject: string,
  severity: Severity,
  list: readonly string[],
  prefix: string,
  timing: AlarmTiming,
  browser: boolean,
): string {
  return truncate(
    `${subject}: ${severity === 'page' ? 'unavailable' : 'a warning'} (any of: ${list.map((m) => m.slice(prefix.length + 1)).join(', ')}). ` +
      'Pages and warnings have their own composites and topics, so a stuck warning never hides a page. ' +
      (`${severity === 'page' ? `Pages within ${timing.pageWithinMinutes}` : `Warns within ${timing.warnWithinMinutes}`} ` +
        `min of the failure's start, tells OK within ${severity === 'page' ? timing.okWithinMinutes : timing.warnOkWithinMinutes} ` +
        `min of the fix. `) +
      `Muted while ${browser ? 'its own browser function' : 'the probe itself'} is down or a maintenance window ` +
      'is open. ' +
      'First steps: open the member in ALARM for its runbook.',
  );
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
 * (alarmSpecs) by its exact name (a wildcard such as `${prefix}-*-page` would
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

/**
 * The targets whose warn composite holds an UnpagedFailure alarm (member-alarms.ts unpagedAlarm): those whose failures
 * the probe judges by their pageFor before it publishes (probe/unpaged.ts), and the only ones it publishes
 * UnpagedFailure for.
 */
export function unpagedTargets(specs: readonly AlarmSpec[]): string[] {
  return specs.flatMap((spec) =>
    spec.kind === 'metric' &&
    spec.source === 'probe' &&
    spec.metric === METRICS.UnpagedFailure.name &&
    spec.server !== undefined
      ? [spec.server]
      : [],
  );
}
