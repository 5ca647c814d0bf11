// The probe Lambda itself: its code, role, log group and dead-letter queue. What it reads and is invoked by are
// constructs of their own: its secrets (probe-secrets.ts), schedules (probe-schedules.ts), journeys' state
// (journey-state.ts), kept records (kept-records.ts), catalogue tables (catalogue-tables.ts), traces
// (probe-traces.ts) and maintenance silence (maintenance-silence.ts). Every default is explicit:
// runtime, architecture, memory, timeout, log retention, concurrency. Runs' checks never overlap (their part of the
// timeout is below the schedule period; the fast path's rounds after them hold until the next run has written) and a
// run that fails or cannot be delivered lands in the DLQ.
import { probeDeadLetterQueueName, probeFunctionName } from '../functions/plan/dashboard-graphs';
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Schedule } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { LoadedConfig, VpcSettings } from '../functions/config/parse';
import {
  deadLetterQueue,
  inSubnets,
  LAMBDA_DEFAULTS,
  lambdaEntry,
  runRole,
  splitBundleCommand,
  stackFunction,
} from './lambda-defaults';
import {
  MAINTENANCE_PARAMETER_ENV,
  maintenanceParameterName,
  NAMESPACE_ENV,
  PROBE_TIMEOUT_SECONDS,
  QUORUM_WATCH_ENV,
  quorumWatchSeconds,
  probeLogGroupName,
  SAML_APPS_TABLE_ENV,
  samlAppsTableName,
  START_OFFSET_ENV,
  OWN_SUBNETS_ENV,
  previewJourneyKey,
} from '../functions/contract';
import { deploysPreview } from '../functions/plan/preview';
import { regionStartOffsetMs } from '../functions/plan/concurrency';
import { configOfRegion } from '../functions/plan/journey-region';
import { vpcOfRegion } from '../functions/plan/region-vpc';
import { probeMemory } from '../functions/plan/probe-memory';
import { ProbeSecrets, type ProbeSecret } from './probe-secrets';
import { builtWithConfig, bundledConfig, copyConfigCommand, stagedConfig } from './probe-asset';
import { ProbeSchedules } from './probe-schedules';
import { JourneyState } from './journey-state';
import { KeptRecords } from './kept-records';
import { CatalogueTables } from './catalogue-tables';
import { ProbeTraces } from './probe-traces';
import { MaintenanceSilence } from './maintenance-silence';
import { BrowserFunction } from './browser-function';
import { browserJourneys } from '../functions/plan/browser-part';

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
  readonly function: LambdaFunction;
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
  /** The function of the region's "browser" journeys; none without one. */
  readonly browser?: BrowserFunction;
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
    this.inVpc(vpcOfRegion(deploy, Token.isUnresolved(region) ? undefined : region));
    const browserIds = this.grantSecrets(here, secrets, previewSecrets);
    const { catalogues, traces, schedules, journeys } = this.parts(config, here, preview, browserIds);
    if (catalogues.samlApps !== undefined) this.samlApps = catalogues.samlApps;
    if (catalogues.provisioning !== undefined) this.provisioning = catalogues.provisioning;
    if (traces !== undefined) this.traces = traces.bucket;
    this.schedule = schedules.schedule;
    if (schedules.previewSchedule !== undefined) this.previewSchedule = schedules.previewSchedule;
    // The region's "browser" journeys run in a function of their own, which holds Chromium (browser-function.ts).
    // It runs as a role of its own: its journeys' secrets and items, never the servers' secrets or the quorum's.
    if (browserJourneys(here.probe).length > 0)
      this.browser = new BrowserFunction(this, 'Browser', {
        config: here,
        secrets,
        journeys,
        ...(traces !== undefined && { traces: traces.bucket }),
        bundledConfig: this.bundledConfig,
        deadLetterQueue: this.deadLetterQueue,
        logRetention: props.logRetention ?? (deploy.runLogRetentionDays as RetentionDays),
      });
  }

  /** What the function reads and is invoked by, each a construct of its own (their resources made in this one). */
  private parts(
    config: LoadedConfig,
    here: LoadedConfig,
    preview: LoadedConfig['preview'],
    browser: ReadonlySet<string>,
  ): { catalogues: CatalogueTables; traces?: ProbeTraces; schedules: ProbeSchedules; journeys: JourneyState } {
    const { deploy } = config;
    new MaintenanceSilence(this, 'Maintenance', { prefix: deploy.prefix, function: this.function });
    // The browser journeys' items are their function's alone (BrowserFunction grants them): the probe skips them.
    const ids = (here.probe.signIn ?? []).map((s) => s.id);
    const journeys = new JourneyState(this, 'Journeys', {
      prefix: deploy.prefix,
      function: this.function,
      journeys: ids.filter((id) => !browser.has(id)),
      others: ids.filter((id) => browser.has(id)),
      previewKeys: (preview?.probe.signIn ?? []).map((s) => previewJourneyKey(s.id)),
    });
    new KeptRecords(this, 'Kept', { config, function: this.function, ...(preview !== undefined && { preview }) });
    const catalogues = new CatalogueTables(this, 'Catalogues', { config, function: this.function });
    const traces =
      deploy.harRetentionDays === null
        ? undefined
        : new ProbeTraces(this, 'Traces', { function: this.function, days: deploy.harRetentionDays });

    const schedules = new ProbeSchedules(this, 'Schedules', {
      deploy,
      function: this.function,
      deadLetterQueue: this.deadLetterQueue,
      ...(preview !== undefined && { previewEveryMinutes: preview.everyMinutes }),
    });
    return { catalogues, ...(traces !== undefined && { traces }), schedules, journeys };
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
    return runRole(this, {
      description: `okta-synthetics probe (${deploy.prefix}): its log group, its secrets, PutMetricData to ${deploy.namespace}`,
      logGroup: this.logGroup,
      namespace: deploy.namespace,
      inVpc: deploy.vpc !== null,
      vpcReads: "ec2:DescribeVpcs, which reads the VPC's own address ranges for the hooks' TLS guard",
    });
  }

  private probeFunction(spec: ProbeFunctionSpec): LambdaFunction {
    const { config, role, timeout, startOffsetMs } = spec;
    const { deploy } = config;
    const periodSeconds = deploy.scheduleMinutes * 60;
    return stackFunction(
      this,
      'Function',
      'probe',
      {
        functionName: probeFunctionName(deploy.prefix),
        description: `okta-synthetics: probes ${config.probe.orgUrl} every ${deploy.scheduleMinutes} min`,
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
          ...((config.probe.samlGroups ?? []).length > 0 && {
            [SAML_APPS_TABLE_ENV]: samlAppsTableName(deploy.prefix),
          }),
        },
      },
      // The package's built probe, with this configuration beside it, as the bundling step above leaves it.
      (built) => builtWithConfig(built, this.bundledConfig),
    );
  }

  /**
   * Every secret of the region but the browser journeys' users', which their own function reads alone, and the Preview
   * org's: the ids of those browser journeys.
   */
  private grantSecrets(here: LoadedConfig, secrets: ProbeSecrets, preview: ProbeSecrets | undefined): Set<string> {
    const browserIds = new Set(browserJourneys(here.probe).map((j) => j.id));
    secrets.grantRead(this.function, new Set([...secrets.secretIds.keys()].filter((id) => !browserIds.has(id))));
    preview?.grantRead(this.function);
    return browserIds;
  }

  /**
   * Runs the function in the configured subnets (inSubnets), and tells it their ids: the hooks' TLS guard reads its
   * VPC's address ranges from them. Outside a VPC (null), nothing.
   */
  private inVpc(vpc: VpcSettings | null): void {
    if (vpc === null) return;
    inSubnets(this.function, vpc);
    // The probe reads its VPC's address ranges from its subnets, so that the hooks' TLS read never connects into them
    // (functions/lambda/own-vpc.ts). An environment variable, not the bundled config: `vpc` stays out of the asset.
    this.function.addEnvironment(OWN_SUBNETS_ENV, vpc.subnetIds.join(','));
    // The VPC's own CIDR blocks, which hold its every subnet (the subnets' blocks alone miss the VPC's other subnets):
    // the hooks' TLS guard refuses a host inside them. Read-only; DescribeVpcs takes no resource-level permissions.
    this.function.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['ec2:DescribeVpcs'], resources: ['*'] }),
    );
  }
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
