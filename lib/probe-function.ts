// The probe Lambda, its secrets, its schedule and its dead-letter queue. Every default is explicit: runtime,
// architecture, memory, timeout, log retention, concurrency. Runs never overlap (timeout below the schedule
// period) and a run that fails or cannot be delivered lands in the DLQ.
import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, Token, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { defaultSecretName, toLambdaConfigJson, type LoadedConfig } from '../functions/config/parse';
import { deadLetterQueue, LAMBDA_DEFAULTS, lambdaEntry } from './lambda-defaults';
import { CONFIG_FILE, MAINTENANCE_PARAMETER_ENV, maintenanceParameterName, NAMESPACE_ENV, probeLogGroupName, SECRET_PLACEHOLDER } from '../functions/contract';

/** Environment variable through which the config JSON reaches the bundling step that writes it beside the handler. */
const BUNDLED_CONFIG_ENV = 'OKTA_SYNTHETICS_BUNDLED_CONFIG';

export interface ProbeFunctionProps {
  readonly config: LoadedConfig;
  /**
   * Memory of the function, MB. More memory also means more CPU (faster RSA signing and TLS).
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Hard limit of one run. Must stay below the schedule period so runs never overlap.
   * @default Duration.seconds(50)
   */
  readonly timeout?: Duration;
  /**
   * Retention of the function's log group.
   * @default the config's runLogRetentionDays (400 days): the availability report reads a month from it
   */
  readonly logRetention?: RetentionDays;
}

/** A server's credential secret: created by the stack (placeholder value) or an existing one. */
export interface ProbeSecret {
  readonly serverId: string;
  readonly secret: ISecret;
  /** What the Lambda passes as SecretId: the name of a created secret, else the name or ARN the config gives. */
  readonly secretId: string;
  readonly created: boolean;
}

export class ProbeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly deadLetterQueue: Queue;
  readonly schedule: Schedule;
  readonly secrets: readonly ProbeSecret[];
  /** The configuration JSON written beside the handler in its asset (okta-synthetics.config.json): no secrets. */
  readonly bundledConfig: string;

  constructor(scope: Construct, id: string, props: ProbeFunctionProps) {
    super(scope, id);
    const { config } = props;
    const { deploy } = config;
    const periodSeconds = deploy.scheduleMinutes * 60;
    const timeout = props.timeout ?? Duration.seconds(50);
    if (timeout.toSeconds() >= periodSeconds) {
      throw new Error(`ProbeFunction: timeout ${timeout.toSeconds()} s must be below the schedule period (${periodSeconds} s) so runs never overlap`);
    }

    this.secrets = config.probe.servers.map((server) => this.serverSecret(server.id, server.credential, config));

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: probeLogGroupName(deploy.prefix),
      // The availability report reads the month from here: kept runLogRetentionDays (a value CloudWatch Logs accepts).
      retention: props.logRetention ?? (deploy.runLogRetentionDays as RetentionDays),
      // The name is fixed: a retained group would block the next deployment of the same prefix.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.deadLetterQueue = deadLetterQueue(this, `${deploy.prefix}-probe-dlq`, 'the schedule and of the function\'s async invocations');

    // Our own role: no AWSLambdaBasicExecutionRole (its logs:* reach every log group in the account).
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `okta-synthetics probe (${deploy.prefix}): its log group, its secrets, PutMetricData to ${deploy.namespace}`,
    });
    this.logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['cloudwatch:PutMetricData'],
        // PutMetricData has no resource-level permissions; the namespace condition is its only scope.
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': deploy.namespace } },
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudwatch:PutMetricData supports no resource-level permissions; the statement is scoped by the cloudwatch:namespace condition.' +
        (deploy.vpc !== null ? ' With vpc set, the EC2 network-interface actions Lambda needs to attach the function take no resource-level permissions either (as in AWSLambdaVPCAccessExecutionRole).' : ''),
    });

    this.bundledConfig = toLambdaConfigJson(config, new Map(this.secrets.map((s) => [s.serverId, s.secretId])));
    if (Token.isUnresolved(this.bundledConfig)) {
      throw new Error('ProbeFunction: the probe configuration holds a CloudFormation token; it is written into the bundle at synth and must be plain text');
    }

    this.function = new NodejsFunction(this, 'Function', {
      functionName: `${deploy.prefix}-probe`,
      description: `okta-synthetics: probes ${config.probe.orgUrl} every ${deploy.scheduleMinutes} min`,
      ...LAMBDA_DEFAULTS,
      entry: lambdaEntry('probe'),
      // The configuration is a file in the asset, not an environment variable (Lambda caps those at 4 KB, about a
      // dozen servers). The asset hash covers the bundle's output, so a configuration change updates the code.
      bundling: {
        ...LAMBDA_DEFAULTS.bundling,
        environment: { [BUNDLED_CONFIG_ENV]: this.bundledConfig },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [writeConfigCommand(outputDir)],
        },
      },
      memorySize: props.memorySize ?? 256,
      timeout,
      role,
      logGroup: this.logGroup,
      // Opt-in (config reservedConcurrency): reserving fails the deploy in accounts with a concurrency quota below
      // 100 + the reservation. Without it, exhausted account concurrency shows as Throttles and pages probe-down.
      ...(deploy.reservedConcurrency !== null ? { reservedConcurrentExecutions: deploy.reservedConcurrency } : {}),
      // A failed run is not retried (the next scheduled run is the retry); it goes to the DLQ instead.
      retryAttempts: 0,
      maxEventAge: Duration.seconds(Math.max(60, periodSeconds)),
      onFailure: new SqsDestination(this.deadLetterQueue),
      environment: {
        [NAMESPACE_ENV]: deploy.namespace,
        [MAINTENANCE_PARAMETER_ENV]: maintenanceParameterName(deploy.prefix),
      },
    });
    if (deploy.vpc !== null) this.inVpc(deploy.vpc);
    for (const s of this.secrets) s.secret.grantRead(this.function);
    for (const arn of this.secrets.flatMap((s) => (s.created ? [] : ambiguousSecretArns(s.secretId)))) {
      this.function.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [arn] }));
    }
    this.maintenanceSilence(deploy.prefix);

    // Our own role rather than the stack-wide singleton, so its one finding is acknowledged where it arises.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `okta-synthetics (${deploy.prefix}): lets EventBridge Scheduler invoke the probe and dead-letter to its queue`,
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: 'lambda:InvokeFunction on the versions and aliases of the probe function only (ARN:*), as Function.grantInvoke writes it.',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: `${deploy.prefix}-probe`,
      description: `Runs the okta-synthetics probe every ${deploy.scheduleMinutes} min`,
      schedule: ScheduleExpression.rate(Duration.minutes(deploy.scheduleMinutes)),
      target: new LambdaInvoke(this.function, {
        role: schedulerRole,
        // Retries only cover delivery (Lambda API throttling or faults); a run older than one period is stale.
        retryAttempts: 2,
        maxEventAge: Duration.seconds(Math.max(60, periodSeconds)),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }

  /**
   * Runs the function in the configured subnets: the VpcConfig Lambda needs, and the network-interface
   * permissions it uses to attach the function (those of AWSLambdaVPCAccessExecutionRole, on our own role).
   */
  private inVpc(vpc: NonNullable<LoadedConfig['deploy']['vpc']>): void {
    (this.function.node.defaultChild as CfnFunction).addPropertyOverride('VpcConfig', { SubnetIds: [...vpc.subnetIds], SecurityGroupIds: [...vpc.securityGroupIds] });
    const policy = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      // These EC2 actions take no resource-level permissions (AWS's own AWSLambdaVPCAccessExecutionRole uses *).
      resources: ['*'],
    });
    this.function.addToRolePolicy(policy);
  }

  /**
   * The maintenance silence: the function may read one SSM parameter, which the stack does not create (a deploy
   * must never reset an open window); outputs give the commands that open and close a window.
   */
  private maintenanceSilence(prefix: string): void {
    const stack = Stack.of(this);
    const name = maintenanceParameterName(prefix);
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ssm:GetParameter'],
        resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) })],
      }),
    );
    new CfnOutput(this, 'MaintenanceStart', {
      description: 'Silences pages and warnings until the time given (at most 24 h ahead), for Okta maintenance or a planned change',
      value: `aws ssm put-parameter --region ${stack.region} --type String --overwrite --name ${name} --value "2030-01-01T15:00:00Z reason"`,
    });
    new CfnOutput(this, 'MaintenanceEnd', {
      description: 'Ends a maintenance silence early (it also ends by itself at the time it names)',
      value: `aws ssm delete-parameter --region ${stack.region} --name ${name}`,
    });
  }

  private serverSecret(serverId: string, credential: LoadedConfig['probe']['servers'][number]['credential'], config: LoadedConfig): ProbeSecret {
    if (credential.kind !== 'secrets_manager') {
      throw new Error(`ProbeFunction: server "${serverId}" has a local credential; load the configuration in deploy mode`);
    }
    const logicalId = `Secret-${serverId.replace(/[^A-Za-z0-9]/g, '')}`;
    const what =
      credential.secretKind === 'private_key_jwt'
        ? 'the PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----") of the Okta app'
        : 'the client secret of the Okta app';
    if (credential.secretId === undefined) {
      const secretName = defaultSecretName(config.deploy.prefix, serverId);
      const secret = new Secret(this, logicalId, {
        secretName,
        description: `okta-synthetics: ${what} used to probe the "${serverId}" authorization server of ${config.probe.orgUrl} (${credential.secretKind}). Put it with put-secret-value.`,
        // Not a secret: a marker the probe recognizes and reports as SECRETS_UNAVAILABLE until replaced.
        secretStringValue: SecretValue.unsafePlainText(SECRET_PLACEHOLDER),
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The value is an Okta app credential (client secret or private key): it is rotated in Okta by an operator, then put here; a Secrets Manager rotation Lambda cannot change it on the Okta side.',
      });
      const file = credential.secretKind === 'private_key_jwt' ? `${serverId}-private-key.pem` : `${serverId}-client-secret.txt`;
      new CfnOutput(this, `${logicalId}-Name`, {
        description: `Secret of the "${serverId}" server: ${what}`,
        value: secretName,
      });
      new CfnOutput(this, `${logicalId}-Put`, {
        description: `Command that stores the "${serverId}" credential (keep the file out of version control)`,
        value: `aws secretsmanager put-secret-value --region ${Stack.of(this).region} --secret-id ${secretName} --secret-string file://${file}`,
      });
      // By name: the configuration is written into the bundle at synth, before any ARN exists.
      return { serverId, secret, secretId: secretName, created: true };
    }
    const existing = credential.secretId;
    const secret = existing.startsWith('arn:')
      ? COMPLETE_ARN_SUFFIX.test(existing)
        ? Secret.fromSecretCompleteArn(this, logicalId, existing)
        : Secret.fromSecretPartialArn(this, logicalId, existing)
      : Secret.fromSecretNameV2(this, logicalId, existing);
    return { serverId, secret, secretId: existing, created: false };
  }
}

/**
 * A complete secret ARN ends in "-" and six random characters, but so may a partial ARN whose name ends like
 * that ("okta-synthetics/prod-server"): read as complete, its grant would miss the real ARN. For such an ARN
 * the grant also covers the name plus a suffix, so either reading works. Other ARNs need nothing extra.
 */
export function ambiguousSecretArns(secretId: string): string[] {
  return secretId.startsWith('arn:') && COMPLETE_ARN_SUFFIX.test(secretId) ? [`${secretId}-??????`] : [];
}

const COMPLETE_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * The bundling step that writes the configuration beside the handler: Node, which bundling already needs, copies
 * it from the bundling environment into the output directory (local bundling runs it with bash -c, or cmd /c on
 * Windows).
 */
export function writeConfigCommand(outputDir: string, platform: NodeJS.Platform = process.platform): string {
  const script = `require('node:fs').writeFileSync(process.argv[1], process.env.${BUNDLED_CONFIG_ENV})`;
  const command = `"${process.execPath}" -e "${script}" "${join(outputDir, CONFIG_FILE)}"`;
  // cmd /c drops the first and the last quote of a line that starts with one: one more pair keeps ours intact.
  return platform === 'win32' ? `"${command}"` : command;
}
