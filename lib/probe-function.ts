// The probe Lambda, its schedule and its dead-letter queue (its secrets: probe-secrets.ts). Every default is explicit:
// runtime, architecture, memory, timeout, log retention, concurrency. Runs' checks never overlap (their part of the
// timeout is below the schedule period; the fast path's rounds after them hold until the next run has written) and a
// run that fails or cannot be delivered lands in the DLQ.
import { probeDeadLetterQueueName, probeFunctionName } from '../functions/plan/dashboard-graphs';
import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  AccountRootPrincipal,
  Effect,
  type IRole,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Alias, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { AttributeType, Billing, BillingMode, Table, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSecretName, type LoadedConfig } from '../functions/config/parse';
import { resolvedConfigJson } from '../functions/config/resolved';
import { deadLetterQueue, expiringTable, LAMBDA_DEFAULTS, lambdaEntry, splitBundleCommand } from './lambda-defaults';
import {
  CONFIG_FILE,
  HAR_BUCKET_ENV,
  HAR_KEY_PREFIX,
  JOURNEY_LEASE_SUFFIX,
  JOURNEY_STATE_ITEM,
  JOURNEY_TABLE,
  JOURNEY_TABLE_ENV,
  journeyTableName,
  JOURNEY_STATE_PATH_ENV,
  journeyStatePath,
  KEPT_KEYS,
  KEPT_STATE_PATH_ENV,
  keptStatePath,
  samlVerdictsKey,
  MAINTENANCE_PARAMETER_ENV,
  maintenanceParameterName,
  NAMESPACE_ENV,
  PROBE_TIMEOUT_SECONDS,
  QUORUM_WATCH_ENV,
  quorumWatchSeconds,
  probeLogGroupName,
  SAML_APPS_TABLE,
  SAML_APPS_TABLE_ENV,
  samlAppsTableName,
  START_OFFSET_ENV,
  PROVISIONING_KEY_SECRET_ENV,
  PROVISIONING_TABLE_ENV,
  provisioningKeySecretName,
  provisioningTableName,
  PREVIEW_EVENT,
  previewJourneyKey,
  previewKeptKey,
  PREVIEW_ALIAS,
  previewScheduleName,
} from '../functions/contract';
import { deploysPreview } from '../functions/plan/preview';
import { regionStartOffsetMs } from '../functions/plan/concurrency';
import { configOfRegion } from '../functions/plan/journey-region';
import { probeMemory } from '../functions/plan/probe-memory';
import { ownAlarmApps, plannedChecks } from '../functions/plan/checks';
import { ProbeSecrets, type ProbeSecret } from './probe-secrets';

interface ProbeFunctionProps {
  readonly config: LoadedConfig;
  /**
   * Memory of the function, MB. More memory also means more CPU (faster RSA signing and TLS).
   * @default the config's memoryMb, else the size functions/plan/probe-memory.ts picks for this region's config
   */
  readonly memorySize?: number;
  /**
   * Hard limit of one run. Its checks' part must stay below the schedule period so runs' checks never overlap (the
   * fast path's rounds after the checks are added to the default, and held until the next run has written).
   * @default Duration.seconds(50)
   */
  readonly timeout?: Duration;
  /**
   * Retention of the function's log group.
   * @default the config's runLogRetentionDays (400 days): the availability report reads a month from it
   */
  readonly logRetention?: RetentionDays;
}

/** What the probe's Lambda function is built from, besides the construct's own queue and log group. */
interface ProbeFunctionSpec {
  readonly config: LoadedConfig;
  readonly role: Role;
  readonly timeout: Duration;
  /** How far into the minute this region's runs start; 0 for the first region. */
  readonly startOffsetMs: number;
  readonly memorySize: number;
}

export class ProbeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly deadLetterQueue: Queue;
  readonly schedule: Schedule;
  /** The Preview org's schedule (preview), in the home region only: the same function in its Preview mode. */
  readonly previewSchedule?: Schedule;
  readonly secrets: readonly ProbeSecret[];
  /** The Preview org's secrets the stack reads (home region, with preview); none otherwise. */
  readonly previewSecrets: readonly ProbeSecret[];
  /** The configuration JSON written beside the handler in its asset (okta-synthetics.config.json): no secrets. */
  readonly bundledConfig: string;
  /** The table of each group of SAML apps' records; none without a group. */
  readonly samlApps?: Table;
  /** The bucket of failed checks' sanitized HTTP traces; none with harRetentionDays null. */
  readonly traces?: Bucket;
  /** The open leavers' table and their hashing key's secret; none without "provisioning". */
  readonly provisioning?: { readonly table: Table; readonly key: Secret };

  constructor(scope: Construct, id: string, props: ProbeFunctionProps) {
    super(scope, id);
    const { config } = props;
    const { deploy } = config;
    const { timeout, watchSeconds } = probeTimeout(deploy, props.timeout);
    const region = Stack.of(this).region;
    const startOffsetMs = Token.isUnresolved(region) ? 0 : regionStartOffsetMs(deploy.regions, region);

    // A journey's user secret and state table exist in its region alone: the others skip it (plan/journey-region.ts).
    const here = Token.isUnresolved(region) ? config : configOfRegion(config, region);
    // "Default" leaves the construct out of the secrets' logical ids: they stay what they were when the secrets
    // lived in this construct, so moving them here replaces nothing (a replaced secret loses its credential).
    const secrets = new ProbeSecrets(this, 'Default', { config: here });
    this.secrets = secrets.secrets;
    // The Preview org runs in the home region alone (plan/preview.ts): its secrets are created there only.
    const preview = deploysPreview(config, Token.isUnresolved(region) ? undefined : region)
      ? config.preview
      : undefined;
    const previewSecrets =
      preview && new ProbeSecrets(this, 'Preview', { config: { ...config, probe: preview.probe }, preview: true });
    this.previewSecrets = previewSecrets?.secrets ?? [];
    this.logGroup = this.runLog(deploy, props.logRetention);

    this.deadLetterQueue = deadLetterQueue(
      this,
      probeDeadLetterQueueName(deploy.prefix),
      "the schedule and of the function's async invocations",
    );

    const role = this.probeRole(deploy);

    this.bundledConfig = bundledConfig(config, secrets.secretIds, previewSecrets?.secretIds);

    // The region's own config: a journey and its SAML apps grow the memory of the region that runs them alone.
    const memorySize = props.memorySize ?? probeMemory(here).mb;
    this.function = this.probeFunction({ config, role, timeout, startOffsetMs, memorySize });
    if (watchSeconds > 0) this.function.addEnvironment(QUORUM_WATCH_ENV, String(watchSeconds * 1000));
    if (deploy.vpc !== null) this.inVpc(deploy.vpc);
    secrets.grantRead(this.function);
    previewSecrets?.grantRead(this.function);
    this.maintenanceSilence(deploy.prefix);
    this.journeyState(
      deploy.prefix,
      (here.probe.signIn ?? []).map((s) => s.id),
      (preview?.probe.signIn ?? []).map((s) => previewJourneyKey(s.id)),
    );
    this.keptState(deploy.prefix, [...keptKeys(config), ...previewKeptKeys(config, preview)]);
    if ((config.probe.samlGroups ?? []).length > 0) this.samlApps = this.samlAppsTable(deploy.prefix);
    if (plannedChecks(config.probe).some((c) => c.check === 'provisioning-health'))
      this.provisioning = this.provisioningLedger(deploy.prefix);
    if (deploy.harRetentionDays !== null) this.traces = this.traceBucket(deploy.harRetentionDays);

    this.schedule = this.scheduleRuns(deploy);
    if (preview !== undefined) this.previewSchedule = this.schedulePreview(deploy, preview.everyMinutes);
  }

  /** The run log: the function's own log group, which the availability report and the notifier read. */
  private runLog(deploy: LoadedConfig['deploy'], retention: RetentionDays | undefined): LogGroup {
    return new LogGroup(this, 'Logs', {
      logGroupName: probeLogGroupName(deploy.prefix),
      // The availability report reads the month from here: kept runLogRetentionDays (a value CloudWatch Logs accepts).
      retention: retention ?? (deploy.runLogRetentionDays as RetentionDays),
      // The name is fixed: a retained group would block the next deployment of the same prefix.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Our own role: no AWSLambdaBasicExecutionRole (its logs:* reach every log group in the account). */
  private probeRole(deploy: LoadedConfig['deploy']): Role {
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        `okta-synthetics probe (${deploy.prefix}): its log ` +
        `group, its secrets, PutMetricData to ${deploy.namespace}`,
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
        'cloudwatch:PutMetricData supports no resource-level permissions; the statement is scoped by the ' +
        'cloudwatch:namespace condition.' +
        (deploy.vpc !== null
          ? ' With vpc set, the EC2 network-interface actions Lambda needs to attach the function take no ' +
            'resource-level permissions either (as in AWSLambdaVPCAccessExecutionRole).'
          : ''),
    });
    return role;
  }

  private probeFunction(spec: ProbeFunctionSpec): NodejsFunction {
    const { config, role, timeout, startOffsetMs } = spec;
    const { deploy } = config;
    const periodSeconds = deploy.scheduleMinutes * 60;
    return new NodejsFunction(this, 'Function', {
      functionName: probeFunctionName(deploy.prefix),
      description: `okta-synthetics: probes ${config.probe.orgUrl} every ${deploy.scheduleMinutes} min`,
      ...LAMBDA_DEFAULTS,
      entry: lambdaEntry('probe'),
      // The configuration is a file in the asset, not an environment variable (Lambda caps those at 4 KB, about a
      // dozen servers). The asset hash covers the bundle's output, so a configuration change updates the code. It
      // reaches the bundling step as a file too: in the step's environment, a thousand SAML apps' configuration (a
      // few hundred KB) was past Linux's 128 KB for one environment string, and the spawn failed with E2BIG.
      bundling: {
        ...LAMBDA_DEFAULTS.bundling,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            splitBundleCommand(lambdaEntry('probe'), outputDir),
            copyConfigCommand(stagedConfig(this.bundledConfig), outputDir),
          ],
        },
      },
      memorySize: spec.memorySize,
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
        // Each region after the first starts a few seconds into the minute: Okta's concurrent limit is the org's.
        ...(startOffsetMs > 0 && { [START_OFFSET_ENV]: String(startOffsetMs) }),
        ...((config.probe.samlGroups ?? []).length > 0 && { [SAML_APPS_TABLE_ENV]: samlAppsTableName(deploy.prefix) }),
      },
    });
  }

  /**
   * The Preview org's schedule: the same function every `everyMinutes`, its event asking for the Preview run
   * (PREVIEW_EVENT). The same role and dead-letter queue as Production's schedule; a run older than its period is
   * stale, as Production's.
   */
  private schedulePreview(deploy: LoadedConfig['deploy'], everyMinutes: number): Schedule {
    // Through an alias of $LATEST (the same code and settings as Production's runs): Lambda counts its invocations
    // apart (dimension Resource), so the heartbeat counts Production's schedule alone (plan/deployment-alarms.ts).
    // An alias has its own asynchronous settings, so it repeats the function's: no retry, failures to the queue.
    const alias = new Alias(this, 'PreviewAlias', {
      aliasName: PREVIEW_ALIAS,
      version: this.function.latestVersion,
      description: "The Preview org's runs (their schedule invokes this alias), counted apart from Production's",
      retryAttempts: 0,
      maxEventAge: Duration.seconds(Math.max(60, everyMinutes * 60)),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    return new Schedule(this, 'PreviewSchedule', {
      scheduleName: previewScheduleName(deploy.prefix),
      description: `Runs the okta-synthetics probe on the Preview org every ${everyMinutes} min (warnings only)`,
      schedule: ScheduleExpression.rate(Duration.minutes(everyMinutes)),
      target: new LambdaInvoke(alias, {
        role: this.schedulerRole(deploy),
        input: ScheduleTargetInput.fromObject(PREVIEW_EVENT),
        retryAttempts: 2,
        maxEventAge: Duration.seconds(Math.max(60, everyMinutes * 60)),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }

  private ownSchedulerRole?: Role;

  /** The role EventBridge Scheduler invokes the probe with: one for both schedules. */
  private schedulerRole(deploy: LoadedConfig['deploy']): Role {
    if (this.ownSchedulerRole !== undefined) return this.ownSchedulerRole;
    // Our own role rather than the stack-wide singleton, so its one finding is acknowledged where it arises.
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description:
        `okta-synthetics (${deploy.prefix}): lets EventBridge Scheduler invoke the probe and dead-letter to ` +
        `its queue`,
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the versions and aliases of the probe function only (ARN:*), as ' +
        'Function.grantInvoke writes it.',
    });
    this.ownSchedulerRole = role;
    return role;
  }

  /** The schedule that invokes the probe every period, dead-lettering what it cannot deliver. */
  private scheduleRuns(deploy: LoadedConfig['deploy']): Schedule {
    const periodSeconds = deploy.scheduleMinutes * 60;
    const schedulerRole = this.schedulerRole(deploy);
    return new Schedule(this, 'Schedule', {
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
    (this.function.node.defaultChild as CfnFunction).addPropertyOverride('VpcConfig', {
      SubnetIds: [...vpc.subnetIds],
      SecurityGroupIds: [...vpc.securityGroupIds],
    });
    const policy = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      // These EC2 actions take no resource-level permissions (AWS's own AWSLambdaVPCAccessExecutionRole uses *).
      resources: ['*'],
    });
    this.function.addToRolePolicy(policy);
  }

  /**
   * The sign-in journeys' state: one item per journey in a table of its own (functions/lambda/journey-state-dynamodb.ts
   * says why not SSM; docs/decisions/journey-state-table.md why not the quorum table). The function may GetItem and
   * PutItem the items of its own journeys only, and read the SSM parameters that held their state before the table
   * (carried over once), then delete them. A lost table is a lost refusal or lease, which the next run cannot tell
   * from a journey that never ran: the table is retained, protected from deletion, and recoverable to any second of
   * the last 35 days. Its items hold the DT device cookie: encrypted with a key of its own that only the probe may use
   * (docs/decisions/device-cookie-securestring.md).
   */
  private journeyState(prefix: string, journeys: readonly string[], previewKeys: readonly string[] = []): void {
    if (journeys.length + previewKeys.length === 0) return;
    const stack = Stack.of(this);
    const path = journeyStatePath(prefix);
    const table = new TableV2(this, 'JourneyState', {
      encryption: TableEncryptionV2.customerManagedKey(this.journeyStateKey(prefix, this.function.role)),
      tableName: journeyTableName(prefix),
      partitionKey: { name: JOURNEY_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: JOURNEY_TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      // Only the damaged states kept aside for inspection expire; a journey's state never does.
      timeToLiveAttribute: JOURNEY_TABLE.expires,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Named, not referenced: the function's environment reads as deployed, as the SAML apps' table's does.
    this.function.addEnvironment(JOURNEY_TABLE_ENV, journeyTableName(prefix));
    this.function.addEnvironment(JOURNEY_STATE_PATH_ENV, path);
    this.function.node.addDependency(table);
    // Its own journeys' items and nothing else of the table ("dynamodb:LeadingKeys ... allows users to access only
    // the items where the partition key value matches", DynamoDB developer guide, "Using IAM policy conditions for
    // fine-grained access control").
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [
          stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: journeyTableName(prefix) }),
        ],
        // The Preview org's journeys under keys of their own (previewJourneyKey): never a Production journey's item.
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...journeys, ...previewKeys] } },
      }),
    );
    if (journeys.length > 0) this.function.addToRolePolicy(carryOverGrant(stack, path, journeys));
    const key = JSON.stringify({
      [JOURNEY_TABLE.partitionKey]: { S: '<id>' },
      [JOURNEY_TABLE.sortKey]: { S: JOURNEY_STATE_ITEM },
    });
    new CfnOutput(this, 'JourneyStateReset', {
      description:
        "Forgets a sign-in journey's state (a refused password, a back-off): its next run sends the password " +
        "again. Replace <id> with the journey's id (the SSM parameters go too, or the state they held before the " +
        'table would be carried over again)',
      value:
        `aws dynamodb delete-item --region ${stack.region} --table-name ${journeyTableName(prefix)} --key '${key}' ` +
        `&& aws ssm delete-parameters --region ${stack.region} --names ${path}/<id> ` +
        `${path}/<id>${JOURNEY_LEASE_SUFFIX}`,
    });
  }

  /**
   * The journeys' table's key. DynamoDB encrypts every table, by default under a key AWS owns, which any principal
   * allowed dynamodb:GetItem reads through; under this key a reader also needs kms:Decrypt on it from IAM.
   *
   * DynamoDB uses the key on behalf of whoever calls it: CloudFormation's execution role when it creates or updates
   * the table, the probe's role at run time. "At a minimum, DynamoDB requires the following permissions on a customer
   * managed key: kms:Encrypt, kms:Decrypt, kms:ReEncrypt* ..., kms:GenerateDataKey* ..., kms:DescribeKey,
   * kms:CreateGrant" (KMS developer guide, "How Amazon DynamoDB uses AWS KMS"). The policy lets this account's
   * principals have them, through DynamoDB in this region only, as AWS's own aws/dynamodb key does (kms:ViaService,
   * kms:CallerAccount); CreateGrant only for the grants DynamoDB keeps on its table (kms:GrantIsForAWSResource).
   * Naming the account, not a role, means IAM decides who (a statement naming the account lets IAM policies grant the
   * actions it lists: KMS developer guide, "Default key policy"): the probe's role gets them on this key alone, the
   * deployer has them through its AdministratorAccess, and any other principal needs both an IAM grant on the key and
   * dynamodb:GetItem on the table.
   * Not the deploying role by name: its name depends on the bootstrap's qualifier and the synthesizer, and a role
   * deleted and created again no longer matches a key policy that named it (docs/decisions/journey-state-table.md).
   * The account keeps administration (without it the key becomes unmanageable). Retained with the table: a deleted
   * key would leave the retained table unreadable.
   */
  private journeyStateKey(prefix: string, probe: IRole | undefined): Key {
    if (probe === undefined) throw new Error('ProbeFunction: the function has no role to grant the journey key to');
    const stack = Stack.of(this);
    const throughDynamo = {
      StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account },
    };
    const policy = new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: 'AccountAdministersTheKey',
          principals: [new AccountRootPrincipal()],
          actions: [...KEY_ADMINISTRATION],
          resources: ['*'],
        }),
        new PolicyStatement({
          sid: 'AccountPrincipalsUseTheKeyThroughDynamoDB',
          principals: [new AccountRootPrincipal()],
          actions: [...DYNAMODB_KEY_USE],
          resources: ['*'],
          conditions: throughDynamo,
        }),
        new PolicyStatement({
          sid: 'DynamoDBKeepsGrantsOnItsTable',
          principals: [new AccountRootPrincipal()],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: { ...throughDynamo, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      ],
    });
    const key = new Key(this, 'JourneyStateKey', {
      description: `okta-synthetics (${prefix}): encrypts the sign-in journeys' state (the DT device cookie)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy,
    });
    // The probe's side of the account statement: what DynamoDB does with the key for its GetItem and PutItem.
    probe.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...DYNAMODB_KEY_USE, 'kms:CreateGrant'],
        resources: [key.keyArn],
      }),
    );
    return key;
  }

  /**
   * What checks remember between runs: the function reads and writes one SSM parameter per kept record
   * (functions/lambda/kept-state-ssm.ts), created on its first write; a deploy never resets one.
   */
  private keptState(prefix: string, keys: readonly string[]): void {
    if (keys.length === 0) return;
    const stack = Stack.of(this);
    const path = keptStatePath(prefix);
    // Named wherever a record is granted, the Preview run's alone included: without it each sandbox kept its own.
    this.function.addEnvironment(KEPT_STATE_PATH_ENV, path);
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ssm:GetParameter', 'ssm:PutParameter'],
        resources: keys.map((key) =>
          stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${path.slice(1)}/${key}` }),
        ),
      }),
    );
  }

  /**
   * The bucket for each failed check's sanitized HTTP trace (HAR), for a case with Okta Support: encrypted, never
   * public, TLS only, not replicated, each trace expiring after `days`. The probe may put objects under har/ and do
   * nothing else with it; people read the traces with their own access. Kept when the stack is deleted (a bucket
   * with objects cannot be deleted by CloudFormation); its traces expire all the same.
   */
  private traceBucket(days: number): Bucket {
    const bucket = new Bucket(this, 'HttpTraces', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-traces',
          expiration: Duration.days(days),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${HAR_KEY_PREFIX}*`)],
      }),
    );
    this.function.addEnvironment(HAR_BUCKET_ENV, bucket.bucketName);
    const bucketId = Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket);
    if (this.function.role !== undefined) {
      Validations.of(this.function.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${HAR_KEY_PREFIX}*]`,
        reason:
          "s3:PutObject under the trace bucket's har/ prefix only: each trace is a new object whose key the run " +
          'names (its time, server and check).',
      });
    }
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Server access logs of a bucket that only the probe writes to, under one prefix, with traces that expire ' +
        'in days: CloudTrail data events cover who read a trace where an account needs that.',
    });
    return bucket;
  }

  /**
   * Each group of SAML apps' records: one DynamoDB table, an item per app (functions/lambda/catalogue-dynamodb.ts
   * says why not SSM), on demand: a run reads its groups with one Query each and writes the apps it checked. The
   * function may Query it and BatchWriteItem to it, nothing else. The records are verdicts the probe rebuilds within
   * one cadence: no point-in-time recovery, and the table goes with the stack.
   */
  private samlAppsTable(prefix: string): Table {
    const table = expiringTable(
      this,
      'SamlApps',
      { tableName: samlAppsTableName(prefix), ...SAML_APPS_TABLE },
      "The table holds the SAML apps' last verdicts, which the probe checks again within one cadence (an " +
        'hour by default): a lost table costs one cadence of carried verdicts, not data to recover.',
    );
    table.grant(this.function, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
    return table;
  }

  /**
   * The provisioning-health check's open leavers (functions/lambda/provisioning-dynamodb.ts): a table of its own, an
   * item per leaver keyed by hashes, and the key the user ids are hashed with in a secret CloudFormation generates
   * (never in the template). The ledger is a security finding Okta itself forgets after 90 days: retained, with
   * point-in-time recovery, no TTL. The function may Query the table and BatchWriteItem to it, and read the secret:
   * nothing else.
   */
  private provisioningLedger(prefix: string): { table: Table; key: Secret } {
    const table = new Table(this, 'ProvisioningLedger', {
      tableName: provisioningTableName(prefix),
      partitionKey: { name: SAML_APPS_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: SAML_APPS_TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    table.grant(this.function, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
    const key = new Secret(this, 'ProvisioningKey', {
      secretName: provisioningKeySecretName(prefix),
      description:
        'okta-synthetics: the key the provisioning ledger hashes Okta user ids with, so leavers are told apart ' +
        'and never named. Generated; never needed by a person.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Kept with the table: a new key makes every kept leaver's hash unmatched (open until acknowledged).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(key).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A hashing key, not a credential: rotating it would only make the kept leavers unmatched; no system ' +
        'outside the stack holds it.',
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['secretsmanager:GetSecretValue'],
        resources: [key.secretArn],
      }),
    );
    this.function.addEnvironment(PROVISIONING_TABLE_ENV, provisioningTableName(prefix));
    this.function.addEnvironment(PROVISIONING_KEY_SECRET_ENV, provisioningKeySecretName(prefix));
    return { table, key };
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
      description:
        'Silences pages and warnings until the time given (at most 24 h ahead), for Okta maintenance or a ' +
        'planned change',
      value:
        `aws ssm put-parameter --region ${stack.region} --type String --overwrite --name ${name} --value ` +
        `"2030-01-01T15:00:00Z reason"`,
    });
    new CfnOutput(this, 'MaintenanceEnd', {
      description: 'Ends a maintenance silence early (it also ends by itself at the time it names)',
      value: `aws ssm delete-parameter --region ${stack.region} --name ${name}`,
    });
  }
}

/**
 * The configuration staged for the bundling step: the step's command line and environment carry only its path,
 * whatever the configuration's size. A fresh private folder per call (mkdtemp, 0700), and the file created in it
 * exclusively, never through a link: the shared temp folder is everyone's, and a fixed name there could be a folder
 * or a link another local user planted. The file is 0600 in that folder; the bundling step writes the asset's copy
 * 0644 (copyConfigCommand) and removes this one.
 */
export function stagedConfig(json: string, parent: string = tmpdir()): string {
  const dir = mkdtempSync(join(parent, 'okta-synthetics-config-'));
  const file = join(dir, CONFIG_FILE);
  // O_NOFOLLOW is POSIX only; on Windows O_EXCL alone refuses whatever is already there.
  const fd = openSync(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    0o600,
  );
  try {
    writeFileSync(fd, json);
  } finally {
    closeSync(fd);
  }
  leftOnExit(dir);
  return file;
}

/** Staged folders to remove when the synth's process ends: a bundling step that failed before its copy left them. */
const staged = new Set<string>();
function leftOnExit(dir: string): void {
  if (staged.size === 0) process.once('exit', () => staged.forEach((d) => rmSync(d, { recursive: true, force: true })));
  staged.add(dir);
}

/** The mode of the configuration in the asset: Lambda runs the handler as a user who owns none of its files. */
const ASSET_CONFIG_MODE = 0o644;

/**
 * The bundling step that writes the configuration beside the handler: Node, which bundling already needs, copies the
 * staged file into the output directory (local bundling runs it with bash -c, or cmd /c on Windows). The copy is
 * made exclusively (never over a file or link already there) and made readable by others explicitly, whatever the
 * umask or the staged file's mode: `cdk deploy` zips each file with its mode, and a 0600 file owned by the deployer
 * is unreadable to the Lambda runtime's user. Then the staged file and its folder go.
 */
export function copyConfigCommand(
  staged: string,
  outputDir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const script = [
    "const f = require('node:fs'), [s, d] = process.argv.slice(1)",
    'f.copyFileSync(s, d, f.constants.COPYFILE_EXCL)',
    `f.chmodSync(d, ${ASSET_CONFIG_MODE})`,
    'f.rmSync(s)',
    "try { f.rmdirSync(require('node:path').dirname(s)) } catch {}",
  ].join('; ');
  const command = `"${process.execPath}" -e "${script}" "${staged}" "${join(outputDir, CONFIG_FILE)}"`;
  // cmd /c drops the first and the last quote of a line that starts with one: one more pair keeps ours intact.
  return platform === 'win32' ? `"${command}"` : command;
}

/**
 * The configuration written into the bundle: the Preview org's only with its secrets (the home region's; another
 * region's schedule never asks for it). Plain text: it is written at synth, before any CloudFormation token resolves.
 */
function bundledConfig(
  config: LoadedConfig,
  secretIds: ReadonlyMap<string, string>,
  previewSecretIds: ReadonlyMap<string, string> | undefined,
): string {
  const { preview: _elsewhere, ...withoutPreview } = config;
  const json = resolvedConfigJson(
    previewSecretIds === undefined ? withoutPreview : config,
    withJourneysElsewhere(config, secretIds),
    previewSecretIds,
  );
  if (Token.isUnresolved(json)) {
    throw new Error(
      'ProbeFunction: the probe configuration holds a CloudFormation token; it is written into the bundle ' +
        'at synth and must be plain text',
    );
  }
  return json;
}

/**
 * The Preview run's kept records: Production's latest verdicts, since when each Preview failure runs, the release
 * notes it last read, the summary the status page's Preview line is told from (the Preview run writes it, Production's
 * run reads it for the page: one role runs both, so both may do both, on these parameters alone), and its own checks'
 * records (a System Log cursor) under preview/, apart from Production's. The home region's alone (deploysPreview).
 */
function previewKeptKeys(config: LoadedConfig, preview: LoadedConfig['preview']): string[] {
  if (preview === undefined) return [];
  const own = keptKeys({ ...config, probe: preview.probe }).map(previewKeptKey);
  const { previewProduction, previewSince, previewReleases, previewSummary } = KEPT_KEYS;
  return [previewProduction, previewSince, previewReleases, previewSummary, ...own];
}

/**
 * The kept records the probe reads and writes: the inventory's expiring tokens and what its app listing told of the
 * listed SAML apps, the log's cursors (each reader polls its own filter), each SAML-app journey's verdicts.
 */
function keptKeys(config: LoadedConfig): string[] {
  const planned = plannedChecks(config.probe);
  const apps = new Set(planned.map((p) => p.server));
  const journeys = new Set(
    ownAlarmApps(config.probe)
      .filter((app) => apps.has(app.id))
      .map((app) => app.signIn),
  );
  return [
    ...(planned.some((c) => c.check === 'api-tokens') ? [KEPT_KEYS.apiTokens] : []),
    ...(planned.some((c) => c.check === 'system-log') ? [KEPT_KEYS.systemLog] : []),
    ...(planned.some((c) => c.check === 'user-sign-ins') ? [KEPT_KEYS.userSignIns] : []),
    ...(planned.some((c) => c.check === 'provisioning-health') ? [KEPT_KEYS.provisioning] : []),
    ...(planned.some((c) => c.check === 'integration-health') ? [KEPT_KEYS.integrations] : []),
    // The listed SAML apps as the inventory's app listing told of them (probe/inventory/listed-apps.ts).
    ...(planned.some((c) => c.check === 'app-certificates') && (config.probe.samlApps ?? []).length > 0
      ? [KEPT_KEYS.listedSamlApps]
      : []),
    ...[...journeys].map(samlVerdictsKey),
  ];
}

/**
 * What the account may do with the journeys' key: AWS's key-administrator actions ("Allows key administrators to
 * administer the KMS key", KMS developer guide, "Default key policy"). The cryptographic actions are the account's
 * only through DynamoDB (journeyStateKey). AWS's list writes kms:Create*, which on a key means CreateAlias and
 * CreateGrant: a grant made directly gives its grantee Decrypt outside DynamoDB, so CreateGrant is the account's only
 * in the statement that holds it to DynamoDB's own grants, and administration names CreateAlias alone.
 */
export const KEY_ADMINISTRATION = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

/**
 * What DynamoDB does with a table's customer managed key for the principal that calls it, CreateGrant aside (KMS
 * developer guide, "How Amazon DynamoDB uses AWS KMS": "kms:Encrypt, kms:Decrypt, kms:ReEncrypt* (for kms:ReEncryptFrom
 * and kms:ReEncryptTo), kms:GenerateDataKey* (for kms:GenerateDataKey and kms:GenerateDataKeyWithoutPlaintext),
 * kms:DescribeKey, kms:CreateGrant").
 */
const DYNAMODB_KEY_USE = [
  'kms:Encrypt',
  'kms:Decrypt',
  // The two actions each wildcard of the guide's list stands for, named: no wildcard to grant or to acknowledge.
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
] as const;

/**
 * The secret ids the bundled config names: this region's, and for a journey another region runs, the name its own
 * stack gives the user's secret there. This region's probe skips that journey and never reads it (no grant here).
 */
function withJourneysElsewhere(
  config: LoadedConfig,
  secretIds: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  const all = new Map(secretIds);
  for (const journey of config.probe.signIn ?? [])
    if (!all.has(journey.id))
      all.set(
        journey.id,
        (journey.secrets.from === 'secrets_manager' ? journey.secrets.secretId : undefined) ??
          defaultSecretName(config.deploy.prefix, journey.id),
      );
  return all;
}

/**
 * Each journey's state and its lease as the SSM store kept them (functions/lambda/journey-state-ssm.ts): read once,
 * then deleted, since those String parameters hold the device cookie in plain text.
 */
function carryOverGrant(stack: Stack, path: string, journeys: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['ssm:GetParameter', 'ssm:DeleteParameter'],
    resources: journeys
      .flatMap((id) => [id, `${id}${JOURNEY_LEASE_SUFFIX}`])
      .map((name) =>
        stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${path.slice(1)}/${name}` }),
      ),
  });
}

/**
 * The probe's timeout: the one given, or PROBE_TIMEOUT_SECONDS and, with the fast path, its rounds after the checks
 * (QUORUM_WATCH_SECONDS, which a given timeout leaves out: it is the run's). The checks' part is always below the
 * schedule period; the rounds' part outlasts it, so a region's rounds go on until its next run has written.
 */
function probeTimeout(
  deploy: LoadedConfig['deploy'],
  given: Duration | undefined,
): { readonly timeout: Duration; readonly watchSeconds: number } {
  const periodSeconds = deploy.scheduleMinutes * 60;
  const watchSeconds = given === undefined ? quorumWatchSeconds(deploy.quorum) : 0;
  const timeout = given ?? Duration.seconds(PROBE_TIMEOUT_SECONDS + watchSeconds);
  if (timeout.toSeconds() - watchSeconds >= periodSeconds) {
    throw new Error(
      `ProbeFunction: timeout ${timeout.toSeconds()} s must be below the schedule period (${periodSeconds} ` +
        `s) so runs' checks never overlap`,
    );
  }
  return { timeout, watchSeconds };
}
