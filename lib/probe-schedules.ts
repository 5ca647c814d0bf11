// What invokes the probe: Production's schedule every period and, in the home region with a "preview" block, the
// Preview org's on its own cadence, both through one scheduler role and dead-lettering to the probe's queue.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, type CfnFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import { PREVIEW_ALIAS, PREVIEW_EVENT, previewScheduleName } from '../functions/contract';

interface ProbeSchedulesProps {
  readonly deploy: LoadedConfig['deploy'];
  /** The probe function both schedules invoke. */
  readonly function: IFunction;
  /** Where a run that cannot be delivered goes. */
  readonly deadLetterQueue: IQueue;
  /**
   * The Preview org's cadence, minutes.
   * @default undefined: no Preview schedule (no "preview" block, or not the home region)
   */
  readonly previewEveryMinutes?: number;
}

/**
 * The probe's schedules. Their resources are made in `scope` (the ProbeFunction), not in this construct: their
 * logical ids stay those they had before the split, so a deployed stack updates in place
 * (docs/decisions/construct-library.md).
 */
export class ProbeSchedules extends Construct {
  readonly schedule: Schedule;
  /** The Preview org's schedule; none without one. */
  readonly previewSchedule?: Schedule;

  constructor(scope: Construct, id: string, props: ProbeSchedulesProps) {
    super(scope, id);
    const role = schedulerRole(scope, props);
    this.schedule = scheduleRuns(scope, props, role);
    if (props.previewEveryMinutes !== undefined)
      this.previewSchedule = schedulePreview(scope, props, role, props.previewEveryMinutes);
  }
}

/** The role EventBridge Scheduler invokes the probe with: one for both schedules. */
function schedulerRole(scope: Construct, { deploy, function: fn }: ProbeSchedulesProps): Role {
  // Our own role rather than the stack-wide singleton, so its one finding is acknowledged where it arises.
  const stack = Stack.of(scope);
  const role = new Role(scope, 'SchedulerRole', {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    description:
      `okta-synthetics (${deploy.prefix}): lets EventBridge Scheduler invoke the probe and dead-letter to ` +
      `its queue`,
  });
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
    reason:
      'lambda:InvokeFunction on the versions and aliases of the probe function only (ARN:*), as ' +
      'Function.grantInvoke writes it.',
  });
  return role;
}

/** The schedule that invokes the probe every period, dead-lettering what it cannot deliver. */
function scheduleRuns(scope: Construct, props: ProbeSchedulesProps, role: Role): Schedule {
  const { deploy } = props;
  const periodSeconds = deploy.scheduleMinutes * 60;
  return new Schedule(scope, 'Schedule', {
    scheduleName: `${deploy.prefix}-probe`,
    description: `Runs the okta-synthetics probe every ${deploy.scheduleMinutes} min`,
    schedule: ScheduleExpression.rate(Duration.minutes(deploy.scheduleMinutes)),
    target: new LambdaInvoke(props.function, {
      role,
      // Retries only cover delivery (Lambda API throttling or faults); a run older than one period is stale.
      retryAttempts: 2,
      maxEventAge: Duration.seconds(Math.max(60, periodSeconds)),
      deadLetterQueue: props.deadLetterQueue,
    }),
  });
}

/**
 * The Preview org's schedule: the same function every `everyMinutes`, its event asking for the Preview run
 * (PREVIEW_EVENT). The same role and dead-letter queue as Production's schedule; a run older than its period is
 * stale, as Production's.
 */
function schedulePreview(scope: Construct, props: ProbeSchedulesProps, role: Role, everyMinutes: number): Schedule {
  // Through an alias of $LATEST (the same code and settings as Production's runs): Lambda counts its invocations
  // apart (dimension Resource), so the heartbeat counts Production's schedule alone (plan/deployment-alarms.ts).
  // An alias has its own asynchronous settings, so it repeats the function's: no retry, failures to the queue.
  const alias = new Alias(scope, 'PreviewAlias', {
    aliasName: PREVIEW_ALIAS,
    version: props.function.latestVersion,
    description: "The Preview org's runs (their schedule invokes this alias), counted apart from Production's",
    retryAttempts: 0,
    maxEventAge: Duration.seconds(Math.max(60, everyMinutes * 60)),
    onFailure: new SqsDestination(props.deadLetterQueue),
  });
  return new Schedule(scope, 'PreviewSchedule', {
    scheduleName: previewScheduleName(props.deploy.prefix),
    description: `Runs the okta-synthetics probe on the Preview org every ${everyMinutes} min (warnings only)`,
    schedule: ScheduleExpression.rate(Duration.minutes(everyMinutes)),
    target: new LambdaInvoke(alias, {
      role,
      input: ScheduleTargetInput.fromObject(PREVIEW_EVENT),
      retryAttempts: 2,
      maxEventAge: Duration.seconds(Math.max(60, everyMinutes * 60)),
      deadLetterQueue: props.deadLetterQueue,
    }),
  });
}
