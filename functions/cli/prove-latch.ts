// `okta-synthetics prove-latch --config FILE`: shows whether this account keeps a state set with SetAlarmState on a
// metric nobody publishes, which the fast path's latch relies on. AWS documents SetAlarmState as temporary ("Metric
// alarms return to their actual state quickly, often within seconds") and its missing-data table as keeping an
// `ignore` alarm's state, without saying which wins for a set state. The command builds a throwaway alarm of the
// latch's exact shape (LATCH_SHAPE), in no composite and with no action, sets it to ALARM, watches it, and deletes
// it: nothing pages (docs/decisions/latch-state.md).
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { LATCH_SHAPE, latchDimensions } from '../plan/latch-shape';
import { loadOrExplain } from './load-config';
import { EXIT, parseCommandArgs, runCommand, UsageError, type CommandIo, type Options } from './frame';
import {
  AWS_HELP,
  AWS_OPTIONS,
  awsTarget,
  clientConfig,
  couldNotRunOr,
  describeAwsFailure,
  requireAwsCredentials,
} from './aws';
import { pause } from '../deadline';

interface ProveLatchDeps {
  /** The CloudWatch client of a region and profile (tests point it at a loopback fake). */
  readonly client?: (region: string, profile?: string) => CloudWatchClient;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The throwaway alarm's target: no server is named so, and its metric is never published. */
const PROOF_TARGET = 'latch-proof';
const POLL_MS = 15_000;
/** How long the alarm is watched without --hold, seconds: long past CloudWatch's first re-evaluations. */
export const HOLD_DEFAULT_SECONDS = 600;

const USAGE = `Usage: okta-synthetics prove-latch --config FILE [--region R]
         [--profile NAME] [--hold SECONDS]

Shows whether CloudWatch keeps the fast path's latch on this account: creates
the alarm <prefix>-latch-proof with the latch's exact shape (on a metric
nobody publishes, missing data ignored, no action, in no composite), sets it
to ALARM with SetAlarmState, reads it every 15 s for --hold seconds, and
deletes it. Nothing is paged. Run it once after the first deploy in each
region. Needs AWS credentials allowed cloudwatch:PutMetricAlarm,
SetAlarmState, DescribeAlarms and DeleteAlarms.

  -c, --config FILE     the configuration the stack was deployed with
      --hold SECONDS    how long to watch (default ${HOLD_DEFAULT_SECONDS}, 60 to 3600)
${AWS_HELP}

Exit codes: 0 the state held, 1 CloudWatch moved it (the fast path then sets
it again each round: a second page for one outage) or the alarm could not be
made, 2 usage or configuration error, 3 could not run (no AWS credentials,
AWS unreachable, a permission missing).
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  ...AWS_OPTIONS,
  hold: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function runProveLatch(argv: string[], io: CommandIo, deps: ProveLatchDeps = {}): Promise<number> {
  return runCommand(io, () => proveLatch(argv, io, deps));
}

async function proveLatch(argv: string[], io: CommandIo, deps: ProveLatchDeps): Promise<number> {
  const values = parseCommandArgs('prove-latch', argv, OPTIONS);
  const usage = (message: string): UsageError => new UsageError(`prove-latch: ${message}`, 'prove-latch');
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (values.config === undefined)
    throw usage('--config FILE is required (the configuration the stack was deployed with)');
  const hold = values.hold === undefined ? HOLD_DEFAULT_SECONDS : Number(values.hold);
  if (!Number.isInteger(hold) || hold < 60 || hold > 3600)
    throw usage(`--hold must be whole seconds from 60 to 3600, got "${values.hold}"`);
  const loaded = loadOrExplain(values.config, io);
  if (loaded === null) return EXIT.usage;
  const { deploy } = loaded.config;
  const target = await awsTarget('prove-latch', values, deploy, io);
  const client = deps.client?.(target.region, target.profile) ?? new CloudWatchClient(clientConfig(target));
  await requireAwsCredentials('prove-latch', client, target);
  const sleep = deps.sleep ?? pause;
  const name = `${deploy.prefix}-latch-proof`;
  try {
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        AlarmDescription: 'okta-synthetics prove-latch: a throwaway copy of the latch alarm, deleted by the command.',
        Namespace: deploy.namespace,
        MetricName: LATCH_SHAPE.metricName,
        Dimensions: Object.entries(latchDimensions(PROOF_TARGET)).map(([Name, Value]) => ({ Name, Value })),
        Statistic: LATCH_SHAPE.statistic,
        Period: LATCH_SHAPE.periodSeconds,
        Threshold: LATCH_SHAPE.threshold,
        ComparisonOperator: LATCH_SHAPE.comparisonOperator,
        EvaluationPeriods: LATCH_SHAPE.evaluationPeriods,
        TreatMissingData: LATCH_SHAPE.treatMissingData,
        ActionsEnabled: false,
      }),
    );
  } catch (error) {
    io.stderr(`prove-latch: ${couldNotRunOr('prove-latch', error, target, '; nothing was made').text}\n`);
    return EXIT.checksFailed;
  }
  try {
    return await watch(client, name, hold, sleep, io);
  } catch (error) {
    io.stderr(`prove-latch: ${describeAwsFailure(error, target)}\n`);
    return EXIT.checksFailed;
  } finally {
    await client.send(new DeleteAlarmsCommand({ AlarmNames: [name] })).catch((error: unknown) => {
      io.stderr(
        `prove-latch: could not delete ${name} (${describeAwsFailure(error, target)}); it has no action and ` +
          `pages nothing. Delete it: aws cloudwatch delete-alarms --region ${target.region} --alarm-names ${name}\n`,
      );
    });
  }
}

/** Sets the alarm to ALARM and reads it every POLL_MS for `hold` seconds: 0 when it stayed, 1 when it moved. */
async function watch(
  client: CloudWatchClient,
  name: string,
  hold: number,
  sleep: (ms: number) => Promise<void>,
  io: CommandIo,
): Promise<number> {
  await client.send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'okta-synthetics prove-latch' }),
  );
  io.stdout(`Set ${name} to ALARM; reading it every ${POLL_MS / 1000} s for ${hold} s...\n`);
  for (let waited = 0; waited < hold * 1000; ) {
    const step = Math.min(POLL_MS, hold * 1000 - waited);
    await sleep(step);
    waited += step;
    const answer = await client.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm'] }));
    const state = answer.MetricAlarms?.[0]?.StateValue ?? 'missing';
    if (state !== 'ALARM') {
      io.stdout(
        `CloudWatch moved it to ${state} after ${Math.round(waited / 1000)} s: on this account a latch does not hold ` +
          'by itself. The fast path reads its latch back each round and sets it again, so an outage still pages, ' +
          "but may page twice. To page from each region's own alarms instead (minutes, not seconds), set " +
          '"quorum": false.\n',
      );
      return EXIT.checksFailed;
    }
  }
  io.stdout(`It stayed in ALARM for ${hold} s: the latch holds on this account.\n`);
  return EXIT.ok;
}
