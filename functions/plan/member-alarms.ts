// The alarms that watch one server or journey: each check's, as its registry row's outputs say (a CheckSuccess
// alarm, the gauges' alarms), and the latency alarm. Each feeds that server's page or warn composite (alarms.ts).
import { DIMENSIONS, LATENCY_ALARM, METRICS, UNPAGED_ALARM } from '../contract';
import type { ProbeConfig, ServerConfig } from '../types';
import type { ResolvedConfig } from '../config/resolved';
import { latencyThreshold } from '../config/latency';
import { plannedChecks } from './checks';
import { memberAlarmName } from './alarm-names';
import type { GaugeAlarm, ThresholdSetting } from './check-row';
import { checkOutputs, outputDimensions, type CheckOutput } from './outputs';
import type { ProbeMetricAlarm } from './alarm-spec';
import { browserAlarmTiming, type AlarmTiming } from './alarm-timing';
import { browserEveryMinutes, browserJourneys } from './browser-part';
import { checkDescription, likelyCauses, truncate } from './alarm-text';

/** A member alarm, with the server (or journey) whose composites it feeds. */
export type MemberAlarm = ProbeMetricAlarm & { readonly server: string };

/** Where a gauge's alarms go: the server whose check publishes it, under the dimensions it publishes with. */
interface GaugeTarget {
  readonly config: ResolvedConfig;
  /** What every member alarm shares: a probe metric that notifies no one, in the steady window. */
  readonly member: {
    readonly kind: 'metric';
    readonly source: 'probe';
    readonly notifies: null;
  } & AlarmTiming['steady'];
  /** The target's timing: a `sustained` gauge window is its runs'. */
  readonly timing: AlarmTiming;
  readonly server: string;
  readonly dimensions: Record<string, string>;
}

/** The deployed threshold of a gauge alarm: fixed, or read from the probe setting the table names. */
export function gaugeThreshold(alarm: GaugeAlarm, probe: Pick<ProbeConfig, ThresholdSetting>): number {
  if (typeof alarm.threshold === 'number') return alarm.threshold;
  return probe[alarm.threshold.setting];
}

/**
 * The timing of each target's alarms: the probe's schedule, but for a "browser" journey, which the browser function
 * runs at its own cadence (browser-part.ts) and publishes once a run of it.
 */
function timingOf(probe: ProbeConfig, timing: AlarmTiming): (target: string) => AlarmTiming {
  const every = browserEveryMinutes(probe);
  if (every === undefined) return () => timing;
  const browser = new Set(browserJourneys(probe).map((journey) => journey.id));
  const ofBrowser = browserAlarmTiming(every);
  return (target) => (browser.has(target) ? ofBrowser : timing);
}

/** Every member alarm of a deployment, in the order the checks run, then the latency alarms. */
export function memberAlarms(config: ResolvedConfig, probeTiming: AlarmTiming): MemberAlarm[] {
  const { probe } = config;
  const prefix = config.deploy.prefix;
  const alarms: MemberAlarm[] = [];
  const timingFor = timingOf(probe, probeTiming);

  for (const { server, check } of plannedChecks(probe)) {
    const timing = timingFor(server);
    const member = { kind: 'metric', source: 'probe', notifies: null, ...timing.steady } as const;
    for (const output of checkOutputs(check)) {
      const dimensions = outputDimensions(output, server, check);
      // A check that ran but did not pass publishes 0 (after its in-run retry); one skipped after a failed step
      // publishes nothing, and neither does a lost run: that keeps the alarm's state (the failed step pages).
      if (output.kind === 'success') {
        const { severity, runbook } = output.alarm;
        const checkWindow = severity === 'page' ? timing.page : timing.steady;
        alarms.push({
          ...member,
          ...checkWindow,
          name: memberAlarmName(prefix, server, check),
          severity,
          metric: METRICS.CheckSuccess.name,
          server,
          dimensions,
          description: checkDescription(server, check, runbook, checkWindow, timing, timing !== probeTiming),
          statistic: 'Minimum',
          comparison: 'lessThan',
          threshold: 1,
          missingData: 'ignore',
        });
      }
      if (output.kind === 'gauge') alarms.push(...gaugeAlarms({ config, member, timing, server, dimensions }, output));
    }
  }

  for (const server of probe.servers) {
    const alarm = latencyAlarm(config, server, probeTiming);
    if (alarm !== null) alarms.push(alarm);
  }

  return alarms;
}

/** A gauge alarm's meaning with its deployed threshold and window filled in. */
const meaning = (alarm: GaugeAlarm, threshold: number, runs: string): string =>
  alarm.runbook.meaning.replaceAll('{threshold}', String(threshold)).replaceAll('{window}', runs);

/** The alarms of a gauge a server's check publishes, each at the threshold the probe's settings give it. */
function gaugeAlarms(target: GaugeTarget, output: Extract<CheckOutput, { kind: 'gauge' }>): MemberAlarm[] {
  const { config, member, timing, server, dimensions } = target;
  const { probe } = config;
  const prefix = config.deploy.prefix;
  const carrier = probe.servers.find((s) => s.id === server);
  return output.gauge.alarms.map((alarm) => {
    const threshold = gaugeThreshold(alarm, probe);
    const window = alarm.window === 'sustained' ? timing.sustained : alarm.window;
    const runs = window === undefined ? '' : `${window.datapointsToAlarm} of the last ${window.evaluationPeriods} runs`;
    return {
      ...member,
      name: memberAlarmName(prefix, server, alarm.name),
      // A setting of the config may make a warning page (provisioning.pageOnLeavers).
      severity: carrier !== undefined && alarm.pagesWhen?.(carrier) === true ? 'page' : alarm.severity,
      metric: METRICS[output.metric].name,
      server,
      dimensions,
      description: truncate(
        `${server}: ${meaning(alarm, threshold, runs)} ` +
          `Likely causes: ${likelyCauses(alarm.runbook.causes)}. First steps: ${alarm.runbook.firstSteps}`,
      ),
      statistic: alarm.statistic,
      ...(alarm.absolute === true ? { absolute: true } : {}),
      ...window,
      comparison: alarm.comparison,
      threshold,
      // A missing reading keeps the state: a silent probe neither clears nor raises a gauge alarm.
      missingData: 'ignore',
    };
  });
}

/**
 * The warn alarm on a server's latency: ServerLatency's p90 per run above the threshold in the steady
 * window (2 of the last 3 runs), so one slow run never warns. Each run is one period: a run makes 2 to 6 requests
 * of a server (discovery and keys are cached across warm runs), so its p90 is about its slowest request, and a
 * longer period would let one slow run (all of its requests slow) fill a third of the samples and warn alone.
 * CloudWatch calls fewer than 100 samples too few for a p90 (10/(1-0.9)) and would hold the state with
 * EvaluateLowSampleCountPercentile "ignore": the stack sets "evaluate". A run without an answered request (a lost
 * run, an outage that times out) keeps the state, like every probe alarm.
 */
function latencyAlarm(config: ResolvedConfig, server: ServerConfig, timing: AlarmTiming): MemberAlarm | null {
  const threshold = latencyThreshold(config.probe, server);
  if (threshold === null) return null;
  const window = timing.steady;
  return {
    kind: 'metric',
    source: 'probe',
    notifies: null,
    ...window,
    name: memberAlarmName(config.deploy.prefix, server.id, LATENCY_ALARM.name),
    severity: LATENCY_ALARM.severity,
    metric: METRICS.ServerLatency.name,
    server: server.id,
    dimensions: { Server: server.id },
    statistic: LATENCY_ALARM.statistic,
    comparison: 'greaterThan',
    threshold,
    missingData: 'ignore',
    description: truncate(
      `${server.id}: Okta is slow for this server: the p90 of its requests' latency (ServerLatency, every ` +
        `answered request of its checks in a run) ` +
        (`was above ${threshold} ms in ${window.datapointsToAlarm} of the last ${window.evaluationPeriods} ` +
          `runs (warns within ${timing.warnWithinMinutes} min; one slow run never warns). `) +
        ("Okta still answers: not an outage yet. Likely causes: Okta degraded in the org's cell " +
          '(status.okta.com may post it only later); ') +
        ("the network path (a proxy, the NAT gateway or VPC endpoints of the probe's subnets, DNS); the " +
          "probe's region far from the org's cell (every request pays the distance: a standing offset, not a " +
          'change). ') +
        ("First steps: the dashboard's latency graph: one check slow (token: an inline hook or claim " +
          'expression; authorize) or all of them (Okta or the path); ') +
        '`okta-synthetics run` from another network splits Okta from the path; latencyWarnMs sets the threshold.',
    ),
  };
}

/**
 * The warn member of a target whose page composite holds its own check alarms (alarms.ts asks it of each): a page
 * check failed for a cause the target's pageFor leaves out, in 1 of 1 run as the page check's own window (`timing`:
 * the target's). The probe withholds that failure from the page alarm and publishes UnpagedFailure 1 instead
 * (probe/unpaged.ts), as the fast path's latch leaves it to the warn composite for the targets it takes over.
 */
export function unpagedAlarm(prefix: string, server: string, timing: AlarmTiming, subject: string): MemberAlarm {
  return {
    kind: 'metric',
    source: 'probe',
    notifies: null,
    ...timing.page,
    name: memberAlarmName(prefix, server, UNPAGED_ALARM.name),
    severity: UNPAGED_ALARM.severity,
    metric: METRICS.UnpagedFailure.name,
    server,
    dimensions: { [DIMENSIONS.Server]: server },
    statistic: 'Maximum',
    comparison: 'greaterThanOrEqual',
    threshold: 1,
    // A run whose page checks published nothing keeps the state, as those checks' alarms do.
    missingData: 'ignore',
    description: truncate(
      `${subject}: a page check failed for a cause its pageFor leaves out, so it warns and does not page: the ` +
        "probe's own credentials or synthetic user (a TOTP seed, an expired password) unless pageFor names " +
        '"probe", the app\'s refusal unless it names "app". The failing datapoint is kept from the page alarm, which ' +
        "keeps its state. First steps: the warn composite's message and the run line's failure name the code and " +
        'its remedy; add the cause to pageFor to page for it.',
    ),
  };
}
