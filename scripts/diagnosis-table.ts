// Prints the "Diagnosis codes" table from functions/diagnosis/ (with --scenarios the "Simulator scenarios" table
// from sim/scenarios.ts, with --catalogue the "Okta's error catalogue" table from the checks' judgement of each
// catalogue entry), so the docs say what the code says: `npm run docs` (scripts/docs.ts) writes them into docs/.
// test/functions/docs.integration.test.ts fails when a code is missing from docs/diagnosis-codes.md or a table is
// stale.
import { pathToFileURL } from 'node:url';
import {
  DIAGNOSIS_CODES,
  METRICS,
  RUN_LOG_MESSAGE,
  type DiagnosisCode,
  type FaultOwner,
  type RunLogFailure,
  type RunLogLine,
} from '../functions/contract';
import { DIAGNOSES, FAULTS } from '../functions/diagnosis';
import { SCENARIOS } from '../sim/scenarios';
import { judgeEntry, readCatalogue, type Target } from './catalogue';
import { alarmKindName, everyAlarmConfig } from './reference';
import { regionPlan } from '../functions/plan/region-plan';
import { alarmTiming, browserAlarmTiming } from '../functions/plan/alarm-timing';
import { MAX_EVENT_AGE_MINUTES } from '../functions/plan/deploy-rules';
import { dashboardUrl, insightsUrl } from '../functions/notify/links';
import { buildMessage } from '../functions/notify/message';

/** One Markdown table cell: pipes and "<" escaped (GitHub drops "<org>" as HTML), one line. */
const cell = (text: string): string =>
  text
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\s*\n\s*/g, ' ');

export function diagnosisTable(): string {
  const rows = DIAGNOSIS_CODES.map((code) => {
    const { summary, remedy } = DIAGNOSES[code];
    return `| \`${code}\` | ${cell(summary)} | ${cell(remedy)} |`;
  });
  return ['| Code | Cause | Remedy |', '| --- | --- | --- |', ...rows].join('\n');
}

export function scenarioTable(): string {
  const rows = Object.entries(SCENARIOS).map(([name, scenario]) => {
    const expected = scenario.expect.map(({ server, check, code }) => `\`${code}\` on ${server}/${check}`);
    return (
      `| \`${name}\` | ${cell(scenario.description)} | ${expected.length > 0 ? [...new Set(expected)].join(', ') : 'every check passes'} ` +
      `|`
    );
  });
  return ['| Scenario | What the simulated org does | The probe reports |', '| --- | --- | --- |', ...rows].join('\n');
}

/** "token (org, custom), authorize (custom)". */
function requests(targets: readonly Target[]): string {
  const byEndpoint = new Map<string, string[]>();
  for (const target of targets) {
    const [endpoint = '', kind = ''] = target.split(':');
    byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), kind]);
  }
  return [...byEndpoint]
    .map(
      ([endpoint, kinds]) =>
        `${endpoint === 'authorize-page' ? 'authorize (HTML page)' : endpoint} (${kinds.join(', ')})`,
    )
    .join(', ');
}

export function catalogueTable(): string {
  const rows = readCatalogue().entries.map((entry) => {
    const outcomes = [...new Set(entry.reachedBy.flatMap((target) => judgeEntry(entry, target)))];
    const diagnosis = outcomes.map((o) => (o === 'PASS' ? 'passes: the healthy answer' : `\`${o}\``)).join(', ');
    return (
      `| \`${entry.id}\` | ${entry.status} | \`${entry.error}\` | ${cell(entry.description)} | ${requests(entry.reachedBy)} ` +
      `| ${diagnosis} |`
    );
  });
  return [
    "| Catalogue entry | Status | `error` | Description (Okta's catalogue) | Our requests | Diagnosis |",
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Detection and recovery times of the alarm model for the schedules people pick. */
export function alarmTimingTable(schedules: readonly number[] = [1, 5, 15, 60]): string {
  const rows = schedules.map((minutes) => {
    const t = alarmTiming(minutes);
    return (
      `| ${minutes} min | ${t.periodMinutes} min | ${t.page.datapointsToAlarm} of ${t.page.evaluationPeriods} ` +
      `/ ${t.steady.datapointsToAlarm} of ${t.steady.evaluationPeriods} | ` +
      (`${t.pageSuppressorWaitMinutes} / ${t.warnSuppressorWaitMinutes} / ${t.suppressorExtensionMinutes} min ` +
        `| ${t.pageWithinMinutes} min | ${t.okWithinMinutes} min | ${t.warnWithinMinutes} min | ${t.warnOkWithinMinutes} ` +
        `min | ${t.probeDownWithinMinutes} min |`)
    );
  });
  return [
    '| Schedule | Period | Failing runs: page checks / warnings, gauges, liveness | Suppressor wait page / ' +
      'warn, extension | Page within | Page OK within | Warning within | Warning OK within | "Probe down" ' +
      'within |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * The "browser" journeys' alarms for the cadences people pick (their function's `everyMinutes`, 10 by default, at
 * most MAX_EVENT_AGE_MINUTES): a page on one-minute periods, warnings and the function's liveness on its cadence.
 */
export function browserTimingTable(cadences: readonly number[] = [1, 10, 60, MAX_EVENT_AGE_MINUTES]): string {
  const rows = cadences.map((minutes) => {
    const t = browserAlarmTiming(minutes);
    return (
      `| ${minutes} min | ${t.page.datapointsToAlarm} of ${t.page.evaluationPeriods}, ${t.page.periodMinutes}-min ` +
      `periods / ${t.steady.datapointsToAlarm} of ${t.steady.evaluationPeriods}, ` +
      `${t.steady.periodMinutes}-min periods | ` +
      `${t.pageWithinMinutes} min | ${t.okWithinMinutes} min | ${t.warnWithinMinutes} min | ` +
      `${t.warnOkWithinMinutes} min | ${t.probeDownWithinMinutes} min | ` +
      `${t.sustained.datapointsToAlarm} of ${t.sustained.evaluationPeriods} runs, ${t.sustainedWithinMinutes} min |`
    );
  });
  return [
    '| Browser cadence | Failing runs: page / warnings, function liveness | Page within | Page OK within | ' +
      'Warning within | Warning OK within | Heartbeat warns within | A slow page pages: slow runs, within |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * The README's metric reference: every metric, its unit and dimensions, and the alarms (of the example) watching it.
 */
/** The README's list of whose fault each code is, for the availability report (--faults), from FAULTS. */
export function faultList(): string {
  const label: Record<FaultOwner, string> = {
    okta: "Okta's (counted against Okta's SLA)",
    org: "the org's configuration",
    probe: "the probe's side (unknown: never counted up or down)",
    app: "the app's, behind Okta (Okta's part succeeded; never counted against Okta)",
  };
  return (Object.keys(label) as FaultOwner[])
    .map(
      (fault) =>
        `- **${label[fault]}**: ${DIAGNOSIS_CODES.filter((code) => FAULTS[code] === fault)
          .map((code) => `\`${code}\``)
          .join(', ')}`,
    )
    .join('\n');
}

/** The README's summary of whose fault the codes are, with a few of each, from FAULTS. */
export function faultSummary(): string {
  const of = (fault: FaultOwner): DiagnosisCode[] => DIAGNOSIS_CODES.filter((code) => FAULTS[code] === fault);
  const words: Record<FaultOwner, string> = {
    org: "the org's configuration: the remedy is a change in the Admin Console",
    okta: "Okta's: the remedy is a case with Okta Support, with the request id",
    probe: "the probe's own side: its network, secrets or clock",
    app: "the app's behind Okta: Okta's part succeeded and the app refused it",
  };
  return (['org', 'okta', 'probe', 'app'] as const)
    .map(
      (fault) =>
        `- ${of(fault).length} ${words[fault]} (${of(fault)
          .slice(0, 4)
          .map((code) => `\`${code}\``)
          .join(', ')}, ...)`,
    )
    .join('\n');
}

export function metricTable(): string {
  // The deployment that reads everything: a metric only the inventory or a SAML group publishes has its alarms too.
  const every = everyAlarmConfig();
  const named = alarmKindName(every);
  const alarmsOf = (metric: string, config = every): string => {
    const names = regionPlan(config)
      .specs.filter((spec) => spec.kind === 'metric' && spec.source === 'probe' && spec.metric === metric)
      .map((spec) => named(spec.name).replace(/^<prefix>-/, ''));
    // The "org" server's alarm that any server has is written once, as <server>'s; one only "org" has keeps its name.
    const shown = names.filter((n) => !(n.startsWith('org-') && names.includes(`<server>-${n.slice(4)}`)));
    return shown.length > 0 ? [...new Set(shown)].map((n) => `\`${n}\``).join(', ') : 'none (graphed only)';
  };
  // ServerLatency exists only with latencyWarnMs, which that deployment leaves off: its alarm as it would be.
  const latency = { ...every, probe: { ...every.probe, latencyWarnMs: 2000 } };
  const alarmsWith = (metric: string): string =>
    metric === METRICS.ServerLatency.name ? `${alarmsOf(metric, latency)} (with \`latencyWarnMs\`)` : alarmsOf(metric);
  const rows = Object.values(METRICS).map(
    (m) => `| \`${m.name}\` | ${m.unit} | ${m.dimensions} | ${cell(m.meaning)} | ${alarmsWith(m.name)} |`,
  );
  return ['| Metric | Unit | Dimensions | Meaning | Alarms |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/**
 * The README's sample notification: the notifier's real message builder on three runs of a custom server whose
 * tokens carry the wrong audience, as e-mail text and as what Amazon Q shows in Slack.
 */
export function sampleNotification(): string {
  const { summary, remedy } = DIAGNOSES.AUDIENCE_MISMATCH;
  const failure: RunLogFailure = {
    server: 'default',
    check: 'validate',
    code: 'AUDIENCE_MISMATCH',
    summary,
    remedy,
    requestId: 'aGVsbG8tb2t0YS1yZXF1ZXN0',
    detail: 'token aud api://payments, expected api://default',
  };
  const run = (startedAt: string): RunLogLine => ({
    level: 'WARN',
    message: RUN_LOG_MESSAGE,
    startedAt,
    durationMs: 640,
    orgUrl: 'https://acme.okta.com',
    passed: 12,
    failed: 1,
    skipped: 0,
    failures: [failure],
    metrics: { published: 30, emf: 0 },
  });
  const region = 'us-east-1';
  const message = buildMessage({
    change: {
      alarmName: 'okta-synthetics-default-page',
      state: 'ALARM',
      reason: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:okta-synthetics-default-validate transitioned to ALARM',
      timestamp: '2026-11-22T03:10:41.000Z',
      previousTimestamp: '2026-11-21T18:02:11.000Z',
    },
    prefix: 'okta-synthetics',
    runs: ['2026-11-22T03:07:00.000Z', '2026-11-22T03:08:00.000Z', '2026-11-22T03:09:00.000Z'].map(run),
    dashboardUrl: dashboardUrl(region, 'okta-synthetics-us-east-1'),
    insightsUrl: (server) => insightsUrl(region, '/aws/lambda/okta-synthetics-probe', server),
  });
  const { content } = message.chat;
  return [
    '```text',
    `Subject: ${message.subject}`,
    '',
    message.text.trimEnd(),
    '```',
    '',
    `In Slack or Teams, Amazon Q shows the same message as a card titled "${content.title}", with the body above ` +
      `and the same links (${message.text
        .split('\n')
        .filter((l) => /^[A-Z][^:]+: https:/.test(l))
        .map((l) => `"${l.split(': ')[0]}"`)
        .join(', ')}) as plain addresses, which both chat apps turn into links; ` +
      `"Next steps" listing ${content.nextSteps?.length ?? 0} remedy (${(content.nextSteps ?? []).map((n) => `"${n.slice(0, 60)}..."`).join('; ')}), ` +
      (`keywords ${(content.keywords ?? []).map((k) => `\`${k}\``).join(', ')}, and its recovery threaded ` +
        `under it (thread \`${message.chat.metadata.threadId}\`).`),
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flag = process.argv.find((arg) =>
    ['--scenarios', '--catalogue', '--alarm-timing', '--sample-notification', '--metrics', '--faults'].includes(arg),
  );
  console.log(
    flag === '--scenarios'
      ? scenarioTable()
      : flag === '--catalogue'
        ? catalogueTable()
        : flag === '--alarm-timing'
          ? alarmTimingTable()
          : flag === '--sample-notification'
            ? sampleNotification()
            : flag === '--metrics'
              ? metricTable()
              : flag === '--faults'
                ? faultList()
                : diagnosisTable(),
  );
}
