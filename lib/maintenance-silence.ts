// The maintenance silence: one SSM parameter the probe reads, which the stack never creates (a deploy must never
// reset an open window), and the outputs that open and close a window.
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { maintenanceParameterName } from '../functions/contract';

interface MaintenanceSilenceProps {
  readonly prefix: string;
  /** The probe, which reads the window. */
  readonly function: LambdaFunction;
}

/**
 * The grant and the two outputs. Made in `scope` (the ProbeFunction), not in this construct: the outputs keep the
 * logical ids they had before the split (docs/decisions/construct-library.md).
 */
export class MaintenanceSilence extends Construct {
  constructor(scope: Construct, id: string, props: MaintenanceSilenceProps) {
    super(scope, id);
    maintenanceSilence(scope, props.function, props.prefix);
  }
}

/**
 * The maintenance silence: the function may read one SSM parameter, which the stack does not create (a deploy
 * must never reset an open window); outputs give the commands that open and close a window.
 */
function maintenanceSilence(scope: Construct, fn: LambdaFunction, prefix: string): void {
  const stack = Stack.of(scope);
  const name = maintenanceParameterName(prefix);
  grantMaintenanceRead(fn, prefix);
  new CfnOutput(scope, 'MaintenanceStart', {
    description:
      'Silences pages and warnings until the time given (at most 24 h ahead), for Okta maintenance or a ' +
      'planned change',
    value:
      `aws ssm put-parameter --region ${stack.region} --type String --overwrite --name ${name} --value ` +
      `"2030-01-01T15:00:00Z reason"`,
  });
  new CfnOutput(scope, 'MaintenanceEnd', {
    description: 'Ends a maintenance silence early (it also ends by itself at the time it names)',
    value: `aws ssm delete-parameter --region ${stack.region} --name ${name}`,
  });
}

/** Lets `fn` read the maintenance window's parameter, and no other (the probe's and the browser function's). */
export function grantMaintenanceRead(fn: LambdaFunction, prefix: string): void {
  const name = maintenanceParameterName(prefix);
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['ssm:GetParameter'],
      resources: [Stack.of(fn).formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) })],
    }),
  );
}
