// `okta-synthetics notify-test --config FILE`: proves the deployed path from alarm to inbox, chat and pager. It
// sets one server's composite to ALARM with a reason the notifier recognizes (its message then says TEST), holds
// it, and sets it back to OK (a recovery message follows). CloudWatch re-evaluates a composite only when a member
// changes, so leaving it in ALARM would hide a real page: the OK is sent even when interrupted.
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { didYouMean, type LoadedConfig } from '../config/parse';
import { liveness, SEVERITIES } from '../contract';
import { NOTIFY_TEST_REASON } from '../notify/message';
import { planOfRegion } from '../plan/region-plan';
import { loadOrExplain } from './load-config';
import { EXIT, parseCommandArgs, runCommand, UsageError, type CommandIo, type Options } from './frame';
import {
  AWS_HELP,
  AWS_OPTIONS,
  awsTarget,
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
${AWS_HELP}

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
  const { server, alarmName } = chosenAlarm(loaded.config, values, severity);
  const target = await awsTarget('notify-test', values, deploy, io);
  const { region } = target;

  const client = deps.client?.(region, target.profile) ?? new CloudWatchClient(clientConfig(target));
  await requireAwsCredentials('notify-test', client, target);
  const sleep = deps.sleep ?? holdUnlessInterrupted;
  const test: TestAlarm = {
    client,
    target,
    alarmName,
    silence: liveness(deploy.prefix).silence,
    configFile: values.config,
  };
  if (!(await clearToSet(test, io))) return EXIT.checksFailed;
  io.stdout(`Setting ${alarmName} (${region}) to ALARM for ${hold} s...\n`);
  try {
    await client.send(
      new SetAlarmStateCommand({
        AlarmName: alarmName,
        StateValue: 'ALARM',
        StateReason: `${NOTIFY_TEST_REASON}: a test notification, nothing is failing`,
      }),
    );
  } catch (error) {
    io.stderr(
      `notify-test: ${couldNotRunOr('notify-test', error, target, '; nothing was set').text}; nothing was set\n`,
    );
    return EXIT.checksFailed;
  }
  const interrupted = await sleep(hold * 1000).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  if (!(await setBackToOk(test, io))) return EXIT.checksFailed;
  if (interrupted !== undefined) {
    io.stderr(`notify-test: stopped (${interrupted}); ${alarmName} was set back to OK\n`);
    return EXIT.checksFailed;
  }
  io.stdout(whatArrives(deploy.prefix, severity, server, alarmName));
  return EXIT.ok;
}

function usage(message: string): UsageError {
  return new UsageError(`notify-test: ${message}`, 'notify-test');
}

/** The composite the test sets: the server's or journey's one of `severity`, which the config must plan. */
function chosenAlarm(
  config: LoadedConfig,
  asked: { readonly server?: string | undefined; readonly region?: string | undefined },
  severity: string,
): { readonly server: string; readonly alarmName: string } {
  const { probe, deploy } = config;
  // The signIn journeys have composites of their own, named like a server's.
  const ids = [
    ...probe.servers.map((s) => s.id),
    ...(probe.signIn ?? []).map((s) => s.id),
    ...(probe.samlApps ?? []).map((s) => s.id),
  ];
  const server = asked.server ?? ids[0];
  if (server === undefined || !ids.includes(server)) {
    const hint = asked.server === undefined ? undefined : didYouMean(asked.server, ids);
    throw usage(
      `--server "${asked.server ?? ''}" is not in the config${hint ? ` (did you mean ${hint}?)` : ''}; the ` +
        `servers and journeys are ${ids.join(', ')}`,
    );
  }
  const alarmName = `${deploy.prefix}-${server}-${severity}`;
  const composites = planOfRegion(config, asked.region).specs.filter(
    (spec) => spec.kind === 'composite' && spec.server === server,
  );
  if (!composites.some((spec) => spec.name === alarmName)) {
    // A "direct" journey has no password warning, so no warn composite: say so before asking AWS.
    throw usage(
      `--server ${server} has no ${severity} alarm in this configuration; its alarms are ${composites.map((spec) => spec.name).join(', ') || 'none'} ` +
        `(use --severity ${composites[0]?.severity ?? 'page'})`,
    );
  }
  return { server, alarmName };
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
      `notify-test: ${silence} is in ALARM (the probe is down, a run was lost, or a maintenance window is ` +
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
function whatArrives(prefix: string, severity: string, server: string, alarmName: string): string {
  return (
    `Set it back to OK. Within a minute or two, every subscriber of ${severity === 'page' ? 'pages' : 'warnings'} ` +
    `should have:\n` +
    (`  e-mail and chat (topic ${prefix}-${severity}-messages): "TEST ALARM ${prefix}/${server}: ` +
      `..." and its recovery\n`) +
    `  alarm endpoints (topic ${prefix}-${severity}): CloudWatch's ALARM and OK for ${alarmName}\n` +
    (`Nothing arrived? Check the subscriptions are confirmed (SNS console), then the notifier's log group ` +
      `/aws/lambda/${prefix}-notifier.\n`)
  );
}

/** Waits `ms`; Ctrl-C ends the wait early instead of the process, so the OK is still sent. */
function holdUnlessInterrupted(ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      process.off('SIGINT', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    process.once('SIGINT', done);
  });
}
