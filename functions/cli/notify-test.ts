// `okta-synthetics notify-test --config FILE`: proves the deployed path from alarm to inbox, chat and pager. It
// sets one server's composite to ALARM with a reason the notifier recognizes (its message then says TEST), holds
// it, and sets it back to OK (a recovery message follows). CloudWatch re-evaluates a composite only when a member
// changes, so leaving it in ALARM would hide a real page: the OK is sent even when interrupted.
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { didYouMean, type LoadedConfig } from '../config/parse';
import { liveness, SEVERITIES } from '../contract';
import { NOTIFY_TEST_REASON } from '../notify/message';
import type { AlarmSpec } from '../plan/alarm-spec';
import { planOfRegion } from '../plan/region-plan';
import { within } from '../deadline';
import { loadOrExplain } from './load-config';
import { EXIT, parseCommandArgs, runCommand, UsageError, type CommandIo, type Options } from './frame';
import {
  AWS_REGIONS_HELP,
  AWS_OPTIONS,
  awsTargets,
  clientConfig,
  type AwsTarget,
  couldNotRunOr,
  describeAwsFailure,
  requireAwsCredentials,
} from './aws';

interface NotifyTestDeps {
  /** The CloudWatch client of a region and profile (tests point it at a loopback fake). */
  readonly client?: (region: string, profile?: string) => CloudWatchClient;
  readonly sleep?: (ms: number) => Promise<void>;
}

const USAGE = `Usage: okta-synthetics notify-test --config FILE [--server ID]
         [--severity warn|page] [--region R] [--profile NAME] [--hold SECONDS]

Sends a test notification through the deployed path: sets the server's
composite alarm to ALARM (reason "${NOTIFY_TEST_REASON}"), waits, and
sets it back to OK. Expect, per subscriber of that severity:
  e-mail and chat: "TEST ALARM <prefix>/<server>: ..." and then its recovery,
    from the notifier;
  alarm endpoints (PagerDuty, Opsgenie, webhooks): CloudWatch's own ALARM and
    OK.
The default severity is warn, so no pager goes off; --severity page tests the
pager path too (tell on-call first). Needs AWS credentials allowed
cloudwatch:DescribeAlarms and cloudwatch:SetAlarmState on the stack's alarms.

  -c, --config FILE     the configuration the stack was deployed with
      --server ID       which server's or signIn journey's composite (default:
                        the first server)
      --severity S      warn (default) or page
      --hold SECONDS    how long the alarm stays in ALARM before the OK
                        (default 60, 5 to 600)
${AWS_REGIONS_HELP}

Exit codes: 0 sent and set back to OK, 1 not sent (the alarm is missing, in
ALARM, muted) or not set back, 2 usage or configuration error, 3 could not
run (no AWS credentials, AWS unreachable, a permission missing).
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  server: { type: 'string' },
  severity: { type: 'string' },
  ...AWS_OPTIONS,
  hold: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function runNotifyTest(argv: string[], io: CommandIo, deps: NotifyTestDeps = {}): Promise<number> {
  return runCommand(io, () => notifyTest(argv, io, deps));
}

async function notifyTest(argv: string[], io: CommandIo, deps: NotifyTestDeps): Promise<number> {
  const values = parseCommandArgs('notify-test', argv, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (values.config === undefined)
    throw usage('--config FILE is required (the configuration the stack was deployed with)');
  const severity = values.severity ?? 'warn';
  if (!(SEVERITIES as readonly string[]).includes(severity))
    throw usage(`--severity must be warn or page, got "${severity}"`);
  const hold = values.hold === undefined ? 60 : Number(values.hold);
  if (!Number.isInteger(hold) || hold < 5 || hold > 600)
    throw usage(`--hold must be whole seconds from 5 to 600, got "${values.hold}"`);

  const loaded = loadOrExplain(values.config, io);
  if (loaded === null) return EXIT.usage;
  const { deploy } = loaded.config;
  const server = chosenServer(loaded.config, values.server);
  const targets = await awsTargets('notify-test', values, deploy, io);
  const tests = await testAlarms(loaded.config, { server, severity, configFile: values.config }, targets, deps);
  if (tests.length === 0) throw usage(noAlarmIn(loaded.config, server, severity, targets));
  for (const test of tests) if (!(await clearToSet(test, io))) return EXIT.checksFailed;
  const code = await holdInAlarm(tests, hold, deps, io);
  if (code === EXIT.ok) io.stdout(whatArrives(deploy.prefix, severity, server, tests));
  return code;
}

/**
 * Sets each region's alarm to ALARM, holds, and sets every one that was set back to OK, even when a region failed
 * or the wait was interrupted: left in ALARM, a composite mutes the next real page.
 */
async function holdInAlarm(
  tests: readonly TestAlarm[],
  hold: number,
  deps: NotifyTestDeps,
  io: CommandIo,
): Promise<number> {
  const set: TestAlarm[] = [];
  let failure: { readonly test: TestAlarm; readonly error: unknown } | undefined;
  for (const test of tests) {
    io.stdout(`Setting ${test.alarmName} (${test.target.region}) to ALARM for ${hold} s...\n`);
    const error = await setToAlarm(test);
    if (error !== undefined) {
      failure = { test, error };
      break;
    }
    set.push(test);
  }
  const interrupted =
    failure !== undefined
      ? undefined
      : await (deps.sleep ?? holdUnlessInterrupted)(hold * 1000).then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
  let allOk = true;
  for (const test of set) allOk = (await setBackToOk(test, io)) && allOk;
  const names = set.map((test) => test.alarmName).join(', ');
  const setBack = `${names} ${set.length === 1 ? 'was' : 'were'} set back to OK`;
  if (failure !== undefined) {
    const after =
      '; nothing was set' + (set.length > 0 ? ` in ${failure.test.target.region}${allOk ? `; ${setBack}` : ''}` : '');
    // The place it runs in (credentials, network, permission) is "could not run", thrown only once all is set back.
    const refused = couldNotRunOr('notify-test', failure.error, failure.test.target, after);
    io.stderr(`notify-test: ${refused.text}${after}\n`);
    return EXIT.checksFailed;
  }
  if (!allOk) return EXIT.checksFailed;
  if (interrupted !== undefined) {
    io.stderr(`notify-test: stopped (${interrupted}); ${setBack}\n`);
    return EXIT.checksFailed;
  }
  return EXIT.ok;
}

/**
 * The composite to set in each target region: the server's or journey's one of `severity`, where that region's plan
 * has it (a journey is watched only in the region that runs it).
 */
async function testAlarms(
  config: LoadedConfig,
  asked: { readonly server: string; readonly severity: string; readonly configFile: string },
  targets: readonly AwsTarget[],
  deps: NotifyTestDeps,
): Promise<TestAlarm[]> {
  const alarmName = `${config.deploy.prefix}-${asked.server}-${asked.severity}`;
  const tests: TestAlarm[] = [];
  for (const target of targets) {
    const composite = compositesIn(config, asked.server, target.region).find((spec) => spec.name === alarmName);
    if (composite === undefined) continue;
    const client = deps.client?.(target.region, target.profile) ?? new CloudWatchClient(clientConfig(target));
    await requireAwsCredentials('notify-test', client, target);
    // The composite's own suppressor: a browser journey's is its function's silence, not the probe's.
    const silence =
      (composite.kind === 'composite' ? composite.suppressor?.name : undefined) ??
      liveness(config.deploy.prefix).silence;
    tests.push({ client, target, alarmName, silence, configFile: asked.configFile });
  }
  return tests;
}

/** Sets the alarm to ALARM with the reason the notifier recognizes as a test; a failure is returned, not thrown. */
async function setToAlarm({ client, alarmName }: TestAlarm): Promise<unknown> {
  try {
    await client.send(
      new SetAlarmStateCommand({
        AlarmName: alarmName,
        StateValue: 'ALARM',
        StateReason: `${NOTIFY_TEST_REASON}: a test notification, nothing is failing`,
      }),
    );
    return undefined;
  } catch (error) {
    return error ?? new Error('SetAlarmState failed');
  }
}

function usage(message: string): UsageError {
  return new UsageError(`notify-test: ${message}`, 'notify-test');
}

/** The server or journey whose composite the test sets (default: the first server). */
function chosenServer(config: LoadedConfig, asked: string | undefined): string {
  const { probe } = config;
  // The signIn journeys have composites of their own, named like a server's.
  const ids = [
    ...probe.servers.map((s) => s.id),
    ...(probe.signIn ?? []).map((s) => s.id),
    ...(probe.samlApps ?? []).map((s) => s.id),
  ];
  const server = asked ?? ids[0];
  if (server === undefined || !ids.includes(server)) {
    const hint = asked === undefined ? undefined : didYouMean(asked, ids);
    throw usage(
      `--server "${asked ?? ''}" is not in the config${hint ? ` (did you mean ${hint}?)` : ''}; the ` +
        `servers and journeys are ${ids.join(', ')}`,
    );
  }
  return server;
}

/** The server's composites in the plan of one region. */
function compositesIn(config: LoadedConfig, server: string, region: string): AlarmSpec[] {
  return planOfRegion(config, region).specs.filter((spec) => spec.kind === 'composite' && spec.server === server);
}

/** Why no target region has the composite: a "direct" journey has no warn composite, a journey runs in one region. */
function noAlarmIn(config: LoadedConfig, server: string, severity: string, targets: readonly AwsTarget[]): string {
  const composites = targets.flatMap((target) => compositesIn(config, server, target.region));
  const where = targets.length > 1 ? ` in ${targets.map((target) => target.region).join(', ')}` : '';
  return (
    `--server ${server} has no ${severity} alarm in this configuration${where}; its alarms${where !== '' ? ' there' : ''} are ` +
    `${[...new Set(composites.map((spec) => spec.name))].join(', ') || 'none'}` +
    (composites.length > 0
      ? ` (use --severity ${composites[0]?.severity ?? 'page'})`
      : ' (use the --region that runs it)')
  );
}

/** The alarm under test, where it is, and the silence composite that would mute it. */
interface TestAlarm {
  readonly client: CloudWatchClient;
  readonly target: AwsTarget;
  readonly alarmName: string;
  readonly silence: string;
  /** The --config file, named in the deploy command when the alarm is missing. */
  readonly configFile: string;
}

/** Whether the alarm may be set: it exists, is not in ALARM for real, and the silence would not mute the test. */
async function clearToSet(
  { client, target, alarmName, silence, configFile }: TestAlarm,
  io: CommandIo,
): Promise<boolean> {
  let states: (name: string) => string | undefined;
  try {
    const found = await client.send(
      new DescribeAlarmsCommand({ AlarmNames: [alarmName, silence], AlarmTypes: ['CompositeAlarm'] }),
    );
    states = (name) => found.CompositeAlarms?.find((a) => a.AlarmName === name)?.StateValue;
  } catch (error) {
    io.stderr(
      `notify-test: ${couldNotRunOr('notify-test', error, target, '; nothing was set').text}; nothing was set\n`,
    );
    return false;
  }
  if (states(alarmName) === undefined) {
    io.stderr(
      `notify-test: no alarm ${alarmName} in ${target.region}: deploy the stack first (npx --no-install cdk deploy ` +
        `--all -c config=${configFile}), or pass the --region it is in\n`,
    );
    return false;
  }
  if (states(alarmName) === 'ALARM') {
    io.stderr(`notify-test: ${alarmName} is in ALARM for real; not touching it (its notification already went out)\n`);
    return false;
  }
  if (states(silence) === 'ALARM') {
    io.stderr(
      `notify-test: ${silence} is in ALARM (the function that runs it is down, or a maintenance window is ` +
        `open), so the test would be muted like a real alarm; try again when it is OK\n`,
    );
    return false;
  }
  return true;
}

/** Sets the alarm back to OK; when that fails, says how to do it by hand. */
async function setBackToOk({ client, target, alarmName }: TestAlarm, io: CommandIo): Promise<boolean> {
  const endReason = `${NOTIFY_TEST_REASON}: end of the test`;
  try {
    await client.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: endReason }));
    return true;
  } catch (error) {
    // Left in ALARM, the composite mutes the next real page: say so loudly, with the command that ends it.
    io.stderr(
      `notify-test: ${alarmName} is still in ALARM: setting it back to OK failed (${describeAwsFailure(error, target)}).\n` +
        'Until it is OK, a real problem on this server sends no new notification. Set it now:\n' +
        (`  aws cloudwatch set-alarm-state --region ${target.region} --alarm-name ${alarmName} --state-value OK ` +
          `--state-reason "${endReason}"\n`),
    );
    return false;
  }
}

/** What each kind of subscriber should have received, and where to look when nothing came. */
function whatArrives(prefix: string, severity: string, server: string, tests: readonly TestAlarm[]): string {
  const alarms = tests.map((test) => `${test.alarmName} (${test.target.region})`).join(', ');
  return (
    `Set it back to OK. Within a minute or two, every subscriber of ${severity === 'page' ? 'pages' : 'warnings'} ` +
    `should have, from each region:\n` +
    (`  e-mail and chat (topic ${prefix}-${severity}-messages): "TEST ALARM ${prefix}/${server}: ` +
      `..." and its recovery\n`) +
    `  alarm endpoints (topic ${prefix}-${severity}): CloudWatch's ALARM and OK for ${alarms}\n` +
    (`Nothing arrived? Check the subscriptions are confirmed (SNS console), then the notifier's log group ` +
      `/aws/lambda/${prefix}-notifier in that region.\n`)
  );
}

/** Waits `ms`; Ctrl-C ends the wait early instead of the process, so the OK is still sent. */
async function holdUnlessInterrupted(ms: number): Promise<void> {
  let interrupted = (): void => undefined;
  const sigint = new Promise<void>((resolve) => {
    interrupted = resolve;
    process.once('SIGINT', interrupted);
  });
  try {
    await within(sigint, ms, () => undefined);
  } finally {
    process.off('SIGINT', interrupted);
  }
}
