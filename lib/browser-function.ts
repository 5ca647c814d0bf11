// The "browser" journeys' function: the probe's own handler and configuration, told by PROBE_PART_ENV to run those
// journeys alone (functions/plan/browser-part.ts), with Chromium from @sparticuz/chromium and playwright-core in its
// asset's node_modules. On x86_64, the one architecture that package's npm release ships a binary for; its brotli
// files are copied as they are, never through esbuild. It runs as a role of its own, granted what a browser run reads
// and writes and nothing else (its journeys' users' secrets, their items in the journeys' table, the metric namespace,
// the maintenance parameter, its log group, the trace bucket's har/ prefix, and its own part of the status page, in
// the home region's bucket wherever it runs, which lib/status-page.ts grants), in the config's VPC when it names one
// (its region's, whose NAT address an Okta network zone allows), on a schedule of its own
// (docs/decisions/browser-journey.md).
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LoadedConfig } from '../functions/config/parse';
import { MAINTENANCE_PARAMETER_ENV, NAMESPACE_ENV, maintenanceParameterName } from '../functions/contract';
import {
  BROWSER_MEMORY_MB,
  BROWSER_PART,
  BROWSER_TIMEOUT_SECONDS,
  browserEveryMinutes,
  browserFunctionName,
  browserJourneys,
  browserLogGroupName,
  PROBE_PART_ENV,
} from '../functions/plan/browser-part';
import { vpcOfRegion } from '../functions/plan/region-vpc';
import type { JourneyState } from './journey-state';
import { inSubnets, LAMBDA_DEFAULTS, lambdaEntry, runRole, splitBundleCommand, stackFunction } from './lambda-defaults';
import { grantMaintenanceRead } from './maintenance-silence';
import { builtWithConfig, copyConfigCommand, stagedConfig } from './probe-asset';
import type { ProbeSecrets } from './probe-secrets';
import { grantTraces } from './probe-traces';

/** The packages the function's asset holds beside the bundle, with what each needs: Chromium and its driver. */
const BROWSER_PACKAGES = ['@sparticuz/chromium', 'playwright-core'] as const;

interface BrowserFunctionProps {
  readonly config: LoadedConfig;
  /** The region's secrets: the function may read its browser journeys' users' alone. */
  readonly secrets: ProbeSecrets;
  /** The journeys' table: the function may read and write its browser journeys' items alone. */
  readonly journeys: JourneyState;
  /**
   * The trace bucket, where a failed journey's HAR, screenshot and page trace go.
   * @default none (harRetentionDays null): nothing is kept
   */
  readonly traces?: Bucket;
  /** The configuration bundled beside the handler, as the probe's (ProbeFunction.bundledConfig). */
  readonly bundledConfig: string;
  readonly deadLetterQueue: IQueue;
  readonly logRetention: RetentionDays;
}

export class BrowserFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: LogGroup;
  readonly schedule: Schedule;
  /** The function's own role: what a browser run reads and writes, and nothing else. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: BrowserFunctionProps) {
    super(scope, id);
    const { config } = props;
    const { deploy } = config;
    const everyMinutes = browserEveryMinutes(config.probe);
    if (everyMinutes === undefined) throw new Error('BrowserFunction: the configuration has no "browser" journey');
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: browserLogGroupName(deploy.prefix),
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = this.browserRole(deploy);
    const packages = browserPackageDirs();
    this.function = stackFunction(
      this,
      'Function',
      'probe',
      {
        functionName: browserFunctionName(deploy.prefix),
        description: `okta-synthetics: the "browser" sign-in journeys of ${config.probe.orgUrl}, in Chromium`,
        bundling: {
          ...LAMBDA_DEFAULTS.bundling,
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_inputDir: string, outputDir: string) => [
              splitBundleCommand(lambdaEntry('probe'), outputDir),
              copyConfigCommand(stagedConfig(props.bundledConfig), outputDir),
              copyPackagesCommand(packages, outputDir),
            ],
          },
        },
        architecture: Architecture.X86_64,
        memorySize: BROWSER_MEMORY_MB,
        timeout: Duration.seconds(BROWSER_TIMEOUT_SECONDS),
        role: this.role,
        logGroup: this.logGroup,
        // Never retried: a journey's retry is its next scheduled run, after its lockout memory has judged it.
        retryAttempts: 0,
        maxEventAge: Duration.seconds(everyMinutes * 60),
        onFailure: new SqsDestination(props.deadLetterQueue),
        environment: {
          [PROBE_PART_ENV]: BROWSER_PART,
          [NAMESPACE_ENV]: deploy.namespace,
          [MAINTENANCE_PARAMETER_ENV]: maintenanceParameterName(deploy.prefix),
        },
      },
      (built) => withPackages(builtWithConfig(built, props.bundledConfig), packages),
    );
    this.grantRun(props);
    this.schedule = this.scheduleRuns(deploy, everyMinutes, props.deadLetterQueue);
  }

  /** The role, with what every run writes: its log group and its metrics. */
  private browserRole(deploy: LoadedConfig['deploy']): Role {
    return runRole(this, {
      description:
        `okta-synthetics browser journeys (${deploy.prefix}): its log group, its journeys' secrets and state, ` +
        `PutMetricData to ${deploy.namespace}`,
      logGroup: this.logGroup,
      namespace: deploy.namespace,
      inVpc: deploy.vpc !== null,
    });
  }

  /**
   * What a browser run reads beside: its journeys' users' secrets (never a server's: it runs no server's check), their
   * items in the journeys' table, the maintenance window; where it puts a failure's evidence; and its network.
   */
  private grantRun(props: BrowserFunctionProps): void {
    const { deploy, probe } = props.config;
    const ids = browserJourneys(probe).map((j) => j.id);
    props.secrets.grantRead(this.function, new Set(ids));
    props.journeys.grantJourneys(this.function, ids);
    grantMaintenanceRead(this.function, deploy.prefix);
    if (props.traces !== undefined) grantTraces(props.traces, this.function);
    const region = Stack.of(this).region;
    const vpc = vpcOfRegion(deploy, Token.isUnresolved(region) ? undefined : region);
    if (vpc !== null) inSubnets(this.function, vpc);
  }

  /** Every `everyMinutes`: the most frequent browser journey's cadence; each journey's own is kept by its state. */
  private scheduleRuns(deploy: LoadedConfig['deploy'], everyMinutes: number, dlq: IQueue): Schedule {
    const stack = Stack.of(this);
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `okta-synthetics (${deploy.prefix}): lets EventBridge Scheduler invoke the browser journeys`,
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the versions and aliases of the browser function only (ARN:*), as ' +
        'Function.grantInvoke writes it.',
    });
    return new Schedule(this, 'Schedule', {
      scheduleName: browserFunctionName(deploy.prefix),
      description: `Runs the okta-synthetics "browser" journeys every ${everyMinutes} min`,
      schedule: ScheduleExpression.rate(Duration.minutes(everyMinutes)),
      target: new LambdaInvoke(this.function, {
        role,
        retryAttempts: 2,
        maxEventAge: Duration.seconds(everyMinutes * 60),
        deadLetterQueue: dlq,
      }),
    });
  }
}

/**
 * Each package the asset holds, with every package it depends on, by name: the folder Node would load it from
 * here (a checkout's node_modules, or the consumer's beside the construct). Missing, the synth stops with the fix.
 */
export function browserPackageDirs(from: string = import.meta.url): ReadonlyMap<string, string> {
  const require = createRequire(from);
  const found = new Map<string, string>();
  const visit = (name: string, paths: readonly string[], optional: boolean): void => {
    if (found.has(name)) return;
    const dir = paths.map((p) => join(p, name)).find((d) => existsSync(join(d, 'package.json')));
    if (dir === undefined) {
      if (optional) return;
      throw new Error(
        `a "browser" journey deploys with Chromium from ${BROWSER_PACKAGES.join(' and ')}, and ${name} was not ` +
          `found: npm install --save-dev @sparticuz/chromium@^153 playwright-core (docs/decisions/browser-journey.md)`,
      );
    }
    found.set(name, dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const own = [join(dir, 'node_modules'), ...paths];
    for (const dep of Object.keys(manifest.dependencies ?? {}))
      visit(dep, own, Object.hasOwn(manifest.optionalDependencies ?? {}, dep));
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, own, true);
  };
  for (const name of BROWSER_PACKAGES) visit(name, require.resolve.paths(name) ?? [], false);
  return found;
}

/** The packages copied whole into the asset's node_modules, links followed (the zip holds files only). */
function withPackages(dir: string, packages: ReadonlyMap<string, string>): string {
  for (const [name, source] of packages)
    cpSync(source, join(dir, 'node_modules', name), { recursive: true, dereference: true });
  return dir;
}

/**
 * The bundling step that does withPackages' copy: Node, which bundling already needs, with the list as base64url
 * JSON (nothing in it for a shell to read).
 */
function copyPackagesCommand(
  packages: ReadonlyMap<string, string>,
  outputDir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const list = Buffer.from(JSON.stringify([...packages])).toString('base64url');
  const script = [
    "const f = require('node:fs'), p = require('node:path'), [o, l] = process.argv.slice(1)",
    "for (const [n, s] of JSON.parse(Buffer.from(l, 'base64url').toString())) " +
      "f.cpSync(s, p.join(o, 'node_modules', n), { recursive: true, dereference: true })",
  ].join('; ');
  const command = `"${process.execPath}" -e "${script}" "${outputDir}" ${list}`;
  // cmd /c drops the first and the last quote of a line that starts with one: one more pair keeps ours intact.
  return platform === 'win32' ? `"${command}"` : command;
}
