// `okta-synthetics status --config FILE`: the deployed probe as it is now, without the console: each server's alarm
// states, the last run with its failures, and each check's latency over the last hour. With --invoke, the smoke
// check after a deploy: each deployed function is invoked once first (the probe runs, and that run is the one shown;
// the browser journeys' function, where deployed, runs its journeys and its verdicts are shown too; the notifier is
// sent a change it never notifies, so it reads its configuration and sends nothing), and a function
// that fails, or cannot read its configuration, fails the command. Read-only apart from the invocations; needs the
// AWS credentials of the stack's account.
import { terminalSafe } from '../text/terminal';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LoadedConfig } from '../config/schema';
import {
  METRICS,
  previewAlarmNames,
  probeLogGroupName,
  quorumLatchAlarmName,
  SEVERITIES,
  STATUS_SERVER,
  type InvocationVerdict,
  type ProbeInvocationResult,
  type RunLogLine,
} from '../contract';
import { redact } from '../text/redact';
import { checkRow } from '../plan/check-table';
import { readRecentRuns } from '../report/run-log';
import { planOfRegion } from '../plan/region-plan';
import { browserFunctionName } from '../plan/browser-part';
import { alarmOwner } from '../plan/alarm-names';
import { plannedChecks } from '../plan/checks';
import { loadOrExplain } from './load-config';
import {
  AWS_REGIONS_HELP,
  AWS_OPTIONS,
  awsTargets,
  clientConfig,
  couldNotRunOr,
  requireAwsCredentials,
  type AwsTarget,
} from './aws';
import { wrap } from './render';
import { EXIT, parseCommandArgs, runCommand, UsageError, type CommandIo, type Options } from './frame';

interface StatusDeps {
  readonly cloudWatch?: (region: string, profile?: string) => CloudWatchClient;
  readonly logs?: (region: string, profile?: string) => CloudWatchLogsClient;
  readonly lambda?: (region: string, profile?: string) => LambdaClient;
  readonly now?: () => number;
}

const USAGE = `Usage: okta-synthetics status --config FILE [--region R] [--profile NAME]
         [--invoke] [--json]

The deployed probe now: each server's alarm states, the last run and its
failures, and each check's p90 latency over the last hour; in every region
the config deploys to, or only in --region R.

  -c, --config FILE   the configuration the stack was deployed with
${AWS_REGIONS_HELP}
      --invoke        invoke each deployed function once now (the smoke
                      check after a deploy): the probe's run is shown,
                      check by check, and the browser journeys' function's
                      where deployed; the notifier reads its configuration
                      and sends nothing
      --json          the status as one JSON document

Needs AWS credentials allowed cloudwatch:DescribeAlarms and GetMetricData,
logs:FilterLogEvents on the probe's log group, and for --invoke
lambda:InvokeFunction on <prefix>-probe, <prefix>-notifier:page and, with a
"browser" journey, <prefix>-browser. Exit 0
when every alarm is OK and the last run failed nothing, 1 otherwise (with
--invoke, also when a function failed or could not read its configuration),
2 usage or configuration error, 3 could not run (no AWS credentials, AWS
unreachable, a permission missing).
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

interface ServerStatus {
  readonly server: string;
  /** Alarm name -> state (OK, ALARM, INSUFFICIENT_DATA); absent from the account: "missing". */
  readonly alarms: Readonly<Record<string, string>>;
  /** Check -> p90 latency over the last hour, ms (null: no datapoint). */
  readonly latencyP90Ms: Readonly<Record<string, number | null>>;
}

interface StatusReport {
  readonly region: string;
  readonly servers: readonly ServerStatus[];
  /** The deployment's own alarms (probe down, heartbeat, DLQ, notifier, silence). */
  readonly deployment: Readonly<Record<string, string>>;
  /**
   * The Preview org's warn-only alarms, in the home region (plan/preview.ts); never in the exit code: a Preview
   * finding is a warning for the morning. Absent where this region runs no Preview org.
   */
  readonly preview?: { readonly orgUrl: string; readonly alarms: Readonly<Record<string, string>> };
  readonly lastRun: RunLogLine | null;
  /** The probe's invocation (--invoke), when it returned: its counts and each check's verdict. */
  readonly invoked?: {
    readonly passed: number;
    readonly failed: number;
    readonly skipped: number;
    readonly checks: readonly InvocationVerdict[];
  };
  /** Each function invoked (--invoke), in order, with what it answered. */
  readonly functions?: readonly InvokedFunction[];
}

/** What one deployed function answered `status --invoke`. */
interface InvokedFunction {
  /** Its name, with the alias invoked ("okta-synthetics-notifier:page"). */
  readonly function: string;
  /** It returned; false: it threw, timed out, or its runtime exited (Lambda's FunctionError). */
  readonly ok: boolean;
  /** What it answered, in words: its result, or Lambda's error type and message (scrubbed). */
  readonly said: string;
  /** The browser journeys' function's run, when it returned (the probe's is the report's `invoked`). */
  readonly run?: StatusReport['invoked'];
}

/** Longest error message kept from a function's answer, characters. */
const ERROR_CHARS = 400;

/**
 * The change the notifier is sent by --invoke: INSUFFICIENT_DATA, which it never notifies. It reads its whole
 * configuration first (functions/lambda/notifier.ts), then skips: nothing reaches anyone.
 */
function smokeAlarmChange(prefix: string, now: number): Record<string, unknown> {
  const at = new Date(now).toISOString();
  return {
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    time: at,
    detail: {
      alarmName: `${prefix}-status-invoke`,
      state: {
        value: 'INSUFFICIENT_DATA',
        reason: 'okta-synthetics status --invoke: a smoke check, nothing to send',
        timestamp: at,
      },
      previousState: { value: 'INSUFFICIENT_DATA' },
    },
  };
}

/** One synchronous invocation, its answer read as Lambda gives it: a payload, and FunctionError when it failed. */
async function invokeOnce(
  lambda: LambdaClient,
  name: string,
  qualifier: string | undefined,
  payload: unknown,
): Promise<{ readonly fn: InvokedFunction; readonly result?: unknown }> {
  const label = qualifier === undefined ? name : `${name}:${qualifier}`;
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: name,
      ...(qualifier !== undefined ? { Qualifier: qualifier } : {}),
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const text = new TextDecoder().decode(out.Payload ?? new Uint8Array());
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = text;
  }
  if (out.FunctionError !== undefined) {
    const error = (answer ?? {}) as { errorType?: unknown; errorMessage?: unknown };
    const message =
      typeof error.errorMessage === 'string'
        ? `${String(error.errorType ?? 'Error')}: ${error.errorMessage}`
        : String(text);
    return { fn: { function: label, ok: false, said: redact(message).slice(0, ERROR_CHARS) } };
  }
  return { fn: { function: label, ok: true, said: '' }, result: answer };
}

/** A run of the probe's handler (the probe's, the browser function's), invoked: its counts in words, its verdicts. */
async function invokeRun(
  lambda: LambdaClient,
  name: string,
): Promise<{ readonly fn: InvokedFunction; readonly run?: StatusReport['invoked'] }> {
  const { fn, result: answer } = await invokeOnce(lambda, name, undefined, {});
  if (!fn.ok) return { fn };
  const result = (answer ?? {}) as Partial<ProbeInvocationResult>;
  const counts = {
    passed: Number(result.passed ?? 0),
    failed: Number(result.failed ?? 0),
    skipped: Number(result.skipped ?? 0),
  };
  return {
    fn: { ...fn, said: `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` },
    run: { ...counts, checks: Array.isArray(result.checks) ? result.checks : [] },
  };
}

/**
 * Invokes each function of the stack once: the probe, the browser journeys' function where `browser` says the stack
 * has one, then the notifier through its page alias (EventBridge's path).
 */
async function invokeEach(
  lambda: LambdaClient,
  prefix: string,
  now: number,
  browser: boolean,
): Promise<{ readonly functions: InvokedFunction[]; readonly invoked?: StatusReport['invoked'] }> {
  const { fn: probeFn, run: invoked } = await invokeRun(lambda, `${prefix}-probe`);
  const browserFn = browser ? await invokeRun(lambda, browserFunctionName(prefix)) : undefined;
  const browserRun =
    browserFn === undefined
      ? []
      : [browserFn.run === undefined ? browserFn.fn : { ...browserFn.fn, run: browserFn.run }];
  const notifier = await invokeOnce(lambda, `${prefix}-notifier`, SEVERITIES[0], smokeAlarmChange(prefix, now));
  const answered = (notifier.result ?? {}) as { skipped?: unknown };
  const notifierFn = notifier.fn.ok
    ? {
        ...notifier.fn,
        said: `read its configuration, sent nothing${typeof answered.skipped === 'string' ? ` (${answered.skipped})` : ''}`,
      }
    : notifier.fn;
  return { functions: [probeFn, ...browserRun, notifierFn], ...(invoked !== undefined ? { invoked } : {}) };
}

export function runStatus(argv: string[], io: CommandIo, deps: StatusDeps = {}): Promise<number> {
  return runCommand(io, async () => {
    const values = parseCommandArgs('status', argv, OPTIONS);
    if (values.help === true) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    if (values.config === undefined)
      throw new UsageError(
        'status: --config FILE is required (the configuration the stack was deployed with)',
        'status',
      );
    const loaded = loadOrExplain(values.config, io);
    if (loaded === null) return EXIT.usage;
    // Every region the config deploys to, unless --region names one: each region's stack is a deployment of its own.
    const targets = await awsTargets('status', values, loaded.config.deploy, io);
    const statuses: StatusReport[] = [];
    for (const target of targets) {
      try {
        statuses.push(await readStatus(loaded.config, target, values.invoke === true, deps));
      } catch (error) {
        io.stderr(`status: ${couldNotRunOr('status', error, target).text}\n`);
        return EXIT.checksFailed;
      }
    }
    // Okta's words and the alarms' reasons reach the terminal as text, never as its escape sequences.
    const texts = statuses.map((status) =>
      targets.length > 1
        ? `Region ${status.region}\n${renderStatus(status, loaded.config)}`
        : renderStatus(status, loaded.config),
    );
    const json = statuses.length === 1 ? statuses[0] : { regions: statuses };
    io.stdout(values.json === true ? `${JSON.stringify(json, null, 2)}\n` : terminalSafe(texts.join('\n')));
    return statuses.every((status) => healthy(status, loaded.config.deploy.prefix)) ? EXIT.ok : EXIT.checksFailed;
  });
}

/** `--invoke`: the region's functions, its browser function among them exactly where its plan alarms one. */
function invokeDeployed(
  plan: ReturnType<typeof planOfRegion>,
  target: AwsTarget,
  prefix: string,
  started: number,
  deps: StatusDeps,
): ReturnType<typeof invokeEach> {
  const browser = plan.specs.some((s) => s.kind === 'metric' && s.source === 'browser-function');
  const lambda = deps.lambda?.(target.region, target.profile) ?? new LambdaClient(clientConfig(target));
  return invokeEach(lambda, prefix, started, browser);
}

async function readStatus(
  config: LoadedConfig,
  target: AwsTarget,
  invoke: boolean,
  deps: StatusDeps,
): Promise<StatusReport> {
  const { prefix } = config.deploy;
  const { region, profile } = target;
  const now = deps.now ?? Date.now;
  const cloudWatch = deps.cloudWatch?.(region, profile) ?? new CloudWatchClient(clientConfig(target));
  // No request goes out without credentials: "could not run", not a failed status.
  await requireAwsCredentials('status', cloudWatch, target);
  const started = now();
  // This region's stack, as deployed: its latch and backstop included (a fresh latch sits in INSUFFICIENT_DATA).
  const plan = planOfRegion(config, region);
  const smoke = invoke ? await invokeDeployed(plan, target, prefix, started, deps) : undefined;

  const names = plan.alarms.map((a) => a.name);
  const states = await alarmStates(cloudWatch, names);
  const timed = plannedChecks(config.probe).filter((p) => checkRow(p.check).timed);
  const latency = await p90Latencies(cloudWatch, config.deploy.namespace, timed, now());

  const logs = deps.logs?.(region, profile) ?? new CloudWatchLogsClient(clientConfig(target));
  const runs = (await readRecentRuns(logs, probeLogGroupName(prefix), now())).filter(
    (r) => Date.parse(r.startedAt) >= now() - LOOKBACK_MS,
  );
  const newest =
    runs
      .filter((r) => !invoke || Date.parse(r.startedAt) >= started - 1000)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null;

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
    latencyP90Ms: Object.fromEntries(
      timed.filter((t) => t.server === server).map((t) => [t.check, latency.get(`${t.server}/${t.check}`) ?? null]),
    ),
  }));
  return {
    region,
    servers,
    ...deploymentAlarms(
      config,
      names.filter((n) => owner(n) === undefined),
      states,
    ),
    lastRun: newest,
    ...(smoke?.invoked !== undefined ? { invoked: smoke.invoked } : {}),
    ...(smoke !== undefined ? { functions: smoke.functions } : {}),
  };
}

/** The deployment's own alarms' states, and the Preview org's apart (warn-only, never in the exit code). */
function deploymentAlarms(
  config: LoadedConfig,
  names: readonly string[],
  states: ReadonlyMap<string, string>,
): Pick<StatusReport, 'deployment' | 'preview'> {
  const previewNames = new Set<string>(Object.values(previewAlarmNames(config.deploy.prefix)));
  const stateOf = (n: string): [string, string] => [n, states.get(n) ?? 'missing'];
  const previewAlarms = names.filter((n) => previewNames.has(n));
  return {
    deployment: Object.fromEntries(names.filter((n) => !previewNames.has(n)).map(stateOf)),
    ...(config.preview !== undefined &&
      previewAlarms.length > 0 && {
        preview: { orgUrl: config.preview.probe.orgUrl, alarms: Object.fromEntries(previewAlarms.map(stateOf)) },
      }),
  };
}

/** Each named alarm's state, by its name; an alarm not deployed is not in it. */
async function alarmStates(cloudWatch: CloudWatchClient, names: readonly string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (let i = 0; i < names.length; i += 100) {
    const batch = names.slice(i, i + 100);
    const out = await cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNames: batch, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 }),
    );
    for (const alarm of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
      if (alarm.AlarmName !== undefined) states.set(alarm.AlarmName, alarm.StateValue ?? 'INSUFFICIENT_DATA');
    }
  }
  return states;
}

async function p90Latencies(
  client: CloudWatchClient,
  namespace: string,
  timed: readonly { server: string; check: string }[],
  now: number,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (let i = 0; i < timed.length; i += 500) {
    const batch = timed.slice(i, i + 500);
    const queries: MetricDataQuery[] = batch.map((t, j) => ({
      Id: `q${i + j}`,
      MetricStat: {
        Metric: {
          Namespace: namespace,
          MetricName: METRICS.CheckLatency.name,
          Dimensions: [
            { Name: 'Server', Value: t.server },
            { Name: 'Check', Value: t.check },
          ],
        },
        Period: 3600,
        Stat: 'p90',
      },
    }));
    const out = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(now - LOOKBACK_MS),
        EndTime: new Date(now),
      }),
    );
    for (const series of out.MetricDataResults ?? []) {
      const index = Number((series.Id ?? '').slice(1)) - i;
      const value = series.Values?.[0];
      const target = batch[index];
      if (target !== undefined && value !== undefined)
        result.set(`${target.server}/${target.check}`, Math.round(value));
    }
  }
  return result;
}

/**
 * Whether an alarm's state is a healthy one. A latch's metric is never published and its missing data is ignored
 * (LATCH_SHAPE): only the probe's SetAlarmState moves it, so a fresh deployment's latches sit in INSUFFICIENT_DATA
 * until the first outage, as healthy as OK (their composite reads them as not in ALARM).
 */
function settled(status: StatusReport, prefix: string): (name: string, state: string) => boolean {
  const latches = new Set(status.servers.map((s) => quorumLatchAlarmName(prefix, s.server)));
  return (name, state) => state === 'OK' || (state === 'INSUFFICIENT_DATA' && latches.has(name));
}

/** The Preview org's alarms, apart: warnings only, never in the exit code. */
function previewStatusLines(preview: StatusReport['preview']): string[] {
  if (preview === undefined) return [];
  const entries = Object.entries(preview.alarms);
  const bad = entries.filter(([, state]) => state !== 'OK');
  const head = `Preview org ${terminalSafe(preview.orgUrl)} (warnings only, never a page, not in the exit code)`;
  return [
    '',
    ...wrap(bad.length === 0 ? `${head}: OK (${entries.length} alarms)` : `${head}:`, WIDTH, ''),
    ...bad.map(([name, state]) => `  ${state.padEnd(17)} ${name}`),
  ];
}

function healthy(status: StatusReport, prefix: string): boolean {
  const alarms = [...status.servers.flatMap((s) => Object.entries(s.alarms)), ...Object.entries(status.deployment)];
  const fine = settled(status, prefix);
  return (
    alarms.every(([name, state]) => fine(name, state)) &&
    (status.lastRun?.failed ?? 0) === 0 &&
    (status.invoked?.failed ?? 0) === 0 &&
    (status.functions ?? []).every((f) => f.ok && (f.run?.failed ?? 0) === 0)
  );
}

function renderStatus(status: StatusReport, config: LoadedConfig): string {
  const fine = settled(status, config.deploy.prefix);
  const out: string[] = [
    ...wrap(
      `okta-synthetics status: ${config.deploy.prefix} in ${status.region}, probing ${config.probe.orgUrl}`,
      WIDTH,
      '',
    ),
    '',
  ];
  const width = Math.max(...status.servers.map((s) => s.server.length), 10);
  for (const server of status.servers) {
    const entries = Object.entries(server.alarms);
    const bad = entries.filter(([name, state]) => !fine(name, state));
    const summary =
      entries.length === 0
        ? 'no alarms'
        : bad.length === 0
          ? `OK (${entries.length} alarms)`
          : `${bad.length} of ${entries.length} alarms not OK`;
    out.push(`${server.server.padEnd(width)}  ${summary}`);
    for (const [name, state] of bad) out.push(`  ${state.padEnd(17)} ${name}`);
    const latency = Object.entries(server.latencyP90Ms).map(
      ([check, ms]) => `${check} ${ms === null ? '-' : `${ms} ms`}`,
    );
    if (latency.length > 0) out.push(...wrap(`p90 last hour: ${latency.join(', ')}`, WIDTH, '  '));
  }
  const deploymentBad = Object.entries(status.deployment).filter(([, state]) => state !== 'OK');
  out.push(
    '',
    deploymentBad.length === 0
      ? `Deployment alarms: OK (${Object.keys(status.deployment).length})`
      : 'Deployment alarms not OK:',
  );
  for (const [name, state] of deploymentBad) out.push(`  ${state.padEnd(17)} ${name}`);
  out.push(...previewStatusLines(status.preview));
  out.push('');
  if (status.functions !== undefined) out.push(...renderInvoked(status));
  out.push(...lastRunLines(status));
  out.push('');
  return out.join('\n');
}

/** The last run in words: its counts and each failure with its fix, or why there is none to show. */
function lastRunLines(status: StatusReport): string[] {
  const run = status.lastRun;
  if (run === null)
    return [
      status.invoked !== undefined
        ? 'Its run line is not in the log yet: try status again in a minute.'
        : 'No run in the last hour: is the probe scheduled? (the probe-down alarm says)',
    ];
  const lines = [
    `Last run ${run.startedAt}: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped${
      run.pending !== undefined && run.pending.length > 0
        ? `; waiting for a ` + `credential: ${run.pending.join(', ')}`
        : ''
    }.`,
  ];
  for (const failure of run.failures) {
    const head = wrap(
      `FAIL ${failure.server}/${failure.check} ${failure.code}: ${failure.summary}${failure.detail !== undefined ? ` (${failure.detail})` : ''}`,
      WIDTH,
      '    ',
    );
    lines.push(...head.map((line, i) => (i === 0 ? line.slice(2) : line)));
    lines.push(...wrap(`Fix: ${failure.remedy}`, WIDTH, '    '));
    if (failure.requestId !== null) lines.push(`    Okta request id: ${failure.requestId}`);
    // The sanitized HTTP trace the probe kept for Okta Support (its s3:// address checked when the line was read).
    if (failure.har !== undefined) lines.push(`    HTTP trace: aws s3 cp ${failure.har} . --region ${status.region}`);
  }
  return lines;
}

/** Each function invoked: what it answered, and the probe's verdicts, one line per server. */
function renderInvoked(status: StatusReport): string[] {
  const out: string[] = [];
  for (const fn of status.functions ?? []) {
    if (!fn.ok) {
      out.push(
        ...wrap(`FAILED ${fn.function}: ${fn.said}`, WIDTH, '    ').map((line, i) => (i === 0 ? line.slice(2) : line)),
      );
      out.push(
        ...wrap(`Its log: aws logs tail /aws/lambda/${fn.function.split(':')[0] ?? ''} --since 15m`, WIDTH, '    '),
      );
      continue;
    }
    out.push(`Invoked ${fn.function} now: ${fn.said}.`);
    const run = fn.run ?? (fn.function.endsWith('-probe') ? status.invoked : undefined);
    if (run !== undefined) {
      const servers = [...new Set(run.checks.map((c) => c.server))];
      for (const server of servers) {
        const verdicts = run.checks
          .filter((c) => c.server === server)
          .map(
            (c) =>
              `${c.check} ${c.outcome.toUpperCase()}${c.code !== undefined ? ` ${c.code}` : ''}${c.carried === true ? ' (carried)' : ''}`,
          );
        out.push(
          ...wrap(`${server}: ${verdicts.join(', ')}`, WIDTH, '    ').map((line, i) =>
            i === 0 ? `  ${line.trimStart()}` : line,
          ),
        );
      }
    }
  }
  out.push('');
  return out;
}
