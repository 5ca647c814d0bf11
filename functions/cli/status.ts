// `okta-synthetics status --config FILE`: the deployed probe as it is now, without the console: each server's alarm
// states, the last run with its failures, and each check's latency over the last hour; with --invoke, the probe is
// run once first and that run is the one shown. Read-only apart from the invocation; needs the AWS credentials of
// the stack's account.
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LoadedConfig } from '../config/schema';
import { METRICS, probeLogGroupName, STATUS_SERVER, type RunLogLine } from '../contract';
import { checkRow } from '../plan/check-table';
import { readRecentRuns } from '../report/run-log';
import { plannedAlarms } from '../plan/alarms';
import { alarmOwner } from '../plan/alarm-names';
import { plannedChecks } from '../plan/checks';
import { loadOrExplain } from './load-config';
import { AWS_HELP, AWS_OPTIONS, awsTarget, clientConfig, couldNotRunOr, requireAwsCredentials, type AwsTarget } from './aws';
import { wrap } from './render';
import { EXIT, parseCommandArgs, runCommand, UsageError, type CommandIo, type Options } from './frame';

export interface StatusDeps {
  readonly cloudWatch?: (region: string, profile?: string) => CloudWatchClient;
  readonly logs?: (region: string, profile?: string) => CloudWatchLogsClient;
  readonly lambda?: (region: string, profile?: string) => LambdaClient;
  readonly now?: () => number;
}

const USAGE = `Usage: okta-synthetics status --config FILE [--region R] [--profile NAME]
         [--invoke] [--json]

The deployed probe now: each server's alarm states, the last run and its
failures, and each check's p90 latency over the last hour.

  -c, --config FILE   the configuration the stack was deployed with
${AWS_HELP}
      --invoke        run the deployed probe once now, and show that run
      --json          the status as one JSON document

Needs AWS credentials allowed cloudwatch:DescribeAlarms and GetMetricData,
logs:FilterLogEvents on the probe's log group, and for --invoke
lambda:InvokeFunction on <prefix>-probe. Exit 0 when every alarm is OK and
the last run failed nothing, 1 otherwise, 2 usage or configuration error, 3
could not run (no AWS credentials, AWS unreachable, a permission missing).
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  ...AWS_OPTIONS,
  invoke: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** How far back the last run and the latency are looked for. */
const LOOKBACK_MS = 60 * 60 * 1000;
const WIDTH = 80;

export interface ServerStatus {
  readonly server: string;
  /** Alarm name -> state (OK, ALARM, INSUFFICIENT_DATA); absent from the account: "missing". */
  readonly alarms: Readonly<Record<string, string>>;
  /** Check -> p90 latency over the last hour, ms (null: no datapoint). */
  readonly latencyP90Ms: Readonly<Record<string, number | null>>;
}

export interface StatusReport {
  readonly region: string;
  readonly servers: readonly ServerStatus[];
  /** The deployment's own alarms (probe down, heartbeat, DLQ, notifier, silence). */
  readonly deployment: Readonly<Record<string, string>>;
  readonly lastRun: RunLogLine | null;
  readonly invoked?: { readonly passed: number; readonly failed: number; readonly skipped: number };
}

export function runStatus(argv: string[], io: CommandIo, deps: StatusDeps = {}): Promise<number> {
  return runCommand(io, async () => {
    const values = parseCommandArgs('status', argv, OPTIONS);
    if (values.help === true) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    if (values.config === undefined) throw new UsageError('status: --config FILE is required (the configuration the stack was deployed with)', 'status');
    const loaded = loadOrExplain(values.config, io);
    if (loaded === null) return EXIT.usage;
    const target = await awsTarget('status', values, loaded.config.deploy, io);
    let status: StatusReport;
    try {
      status = await readStatus(loaded.config, target, values.invoke === true, deps);
    } catch (error) {
      io.stderr(`status: ${couldNotRunOr('status', error, target).text}\n`);
      return EXIT.checksFailed;
    }
    io.stdout(values.json === true ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status, loaded.config));
    return healthy(status) ? EXIT.ok : EXIT.checksFailed;
  });
}

export async function readStatus(config: LoadedConfig, target: AwsTarget, invoke: boolean, deps: StatusDeps): Promise<StatusReport> {
  const { prefix } = config.deploy;
  const { region, profile } = target;
  const now = deps.now ?? Date.now;
  const cloudWatch = deps.cloudWatch?.(region, profile) ?? new CloudWatchClient(clientConfig(target));
  // No request goes out without credentials: "could not run", not a failed status.
  await requireAwsCredentials('status', cloudWatch, target);
  let invoked: StatusReport['invoked'];
  const started = now();
  if (invoke) {
    const lambda = deps.lambda?.(region, profile) ?? new LambdaClient(clientConfig(target));
    const out = await lambda.send(new InvokeCommand({ FunctionName: `${prefix}-probe`, InvocationType: 'RequestResponse' }));
    const payload = JSON.parse(new TextDecoder().decode(out.Payload ?? new Uint8Array())) as unknown;
    if (out.FunctionError !== undefined) throw new Error(`the probe function failed (${out.FunctionError}): ${JSON.stringify(payload).slice(0, 300)}`);
    invoked = payload as NonNullable<StatusReport['invoked']>;
  }

  const names = plannedAlarms(config).map((a) => a.name);
  const states = new Map<string, string>();
  for (let i = 0; i < names.length; i += 100) {
    const batch = names.slice(i, i + 100);
    const out = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: batch, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 }));
    for (const alarm of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
      if (alarm.AlarmName !== undefined) states.set(alarm.AlarmName, alarm.StateValue ?? 'INSUFFICIENT_DATA');
    }
  }
  const timed = plannedChecks(config.probe).filter((p) => checkRow(p.check).timed);
  const latency = await p90Latencies(cloudWatch, config.deploy.namespace, timed, now());

  const logs = deps.logs?.(region, profile) ?? new CloudWatchLogsClient(clientConfig(target));
  const runs = (await readRecentRuns(logs, probeLogGroupName(prefix), now())).filter((r) => Date.parse(r.startedAt) >= now() - LOOKBACK_MS);
  const newest = runs.filter((r) => !invoke || Date.parse(r.startedAt) >= started - 1000).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null;

  const ids = [
    ...config.probe.servers.map((s) => s.id),
    ...(config.probe.signIn ?? []).map((s) => s.id),
    ...(config.probe.samlApps ?? []).map((s) => s.id),
    ...(config.probe.statusPageUrl !== null ? [STATUS_SERVER] : []),
  ];
  const owner = (name: string): string | undefined => alarmOwner(name, prefix, ids);
  const servers = ids.map((server) => ({
    server,
    alarms: Object.fromEntries(names.filter((n) => owner(n) === server).map((n) => [n, states.get(n) ?? 'missing'])),
    latencyP90Ms: Object.fromEntries(timed.filter((t) => t.server === server).map((t) => [t.check, latency.get(`${t.server}/${t.check}`) ?? null])),
  }));
  const deployment = Object.fromEntries(names.filter((n) => owner(n) === undefined).map((n) => [n, states.get(n) ?? 'missing']));
  return { region, servers, deployment, lastRun: newest, ...(invoked !== undefined ? { invoked } : {}) };
}

async function p90Latencies(client: CloudWatchClient, namespace: string, timed: readonly { server: string; check: string }[], now: number): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (let i = 0; i < timed.length; i += 500) {
    const batch = timed.slice(i, i + 500);
    const queries: MetricDataQuery[] = batch.map((t, j) => ({
      Id: `q${i + j}`,
      MetricStat: {
        Metric: { Namespace: namespace, MetricName: METRICS.CheckLatency.name, Dimensions: [{ Name: 'Server', Value: t.server }, { Name: 'Check', Value: t.check }] },
        Period: 3600,
        Stat: 'p90',
      },
    }));
    const out = await client.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(now - LOOKBACK_MS), EndTime: new Date(now) }));
    for (const series of out.MetricDataResults ?? []) {
      const index = Number((series.Id ?? '').slice(1)) - i;
      const value = series.Values?.[0];
      const target = batch[index];
      if (target !== undefined && value !== undefined) result.set(`${target.server}/${target.check}`, Math.round(value));
    }
  }
  return result;
}

function healthy(status: StatusReport): boolean {
  const states = [...status.servers.flatMap((s) => Object.values(s.alarms)), ...Object.values(status.deployment)];
  return states.every((s) => s === 'OK') && (status.lastRun?.failed ?? 0) === 0 && (status.invoked?.failed ?? 0) === 0;
}

export function renderStatus(status: StatusReport, config: LoadedConfig): string {
  const out: string[] = [...wrap(`okta-synthetics status: ${config.deploy.prefix} in ${status.region}, probing ${config.probe.orgUrl}`, WIDTH, ''), ''];
  const width = Math.max(...status.servers.map((s) => s.server.length), 10);
  for (const server of status.servers) {
    const entries = Object.entries(server.alarms);
    const bad = entries.filter(([, state]) => state !== 'OK');
    const summary = entries.length === 0 ? 'no alarms' : bad.length === 0 ? `OK (${entries.length} alarms)` : `${bad.length} of ${entries.length} alarms not OK`;
    out.push(`${server.server.padEnd(width)}  ${summary}`);
    for (const [name, state] of bad) out.push(`  ${state.padEnd(17)} ${name}`);
    const latency = Object.entries(server.latencyP90Ms).map(([check, ms]) => `${check} ${ms === null ? '-' : `${ms} ms`}`);
    if (latency.length > 0) out.push(...wrap(`p90 last hour: ${latency.join(', ')}`, WIDTH, '  '));
  }
  const deploymentBad = Object.entries(status.deployment).filter(([, state]) => state !== 'OK');
  out.push('', deploymentBad.length === 0 ? `Deployment alarms: OK (${Object.keys(status.deployment).length})` : 'Deployment alarms not OK:');
  for (const [name, state] of deploymentBad) out.push(`  ${state.padEnd(17)} ${name}`);
  out.push('');
  if (status.invoked !== undefined) {
    out.push(`Invoked ${config.deploy.prefix}-probe now: ${status.invoked.passed} passed, ${status.invoked.failed} failed, ${status.invoked.skipped} skipped.`);
  }
  const run = status.lastRun;
  if (run === null) out.push(status.invoked !== undefined ? 'Its run line is not in the log yet: try status again in a minute.' : 'No run in the last hour: is the probe scheduled? (the probe-down alarm says)');
  else {
    out.push(`Last run ${run.startedAt}: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped${run.pending !== undefined && run.pending.length > 0 ? `; waiting for a credential: ${run.pending.join(', ')}` : ''}.`);
    for (const failure of run.failures) {
      const head = wrap(`FAIL ${failure.server}/${failure.check} ${failure.code}: ${failure.summary}${failure.detail !== undefined ? ` (${failure.detail})` : ''}`, WIDTH, '    ');
      out.push(...head.map((line, i) => (i === 0 ? line.slice(2) : line)));
      out.push(...wrap(`Fix: ${failure.remedy}`, WIDTH, '    '));
      if (failure.requestId !== null) out.push(`    Okta request id: ${failure.requestId}`);
    }
  }
  out.push('');
  return out.join('\n');
}
