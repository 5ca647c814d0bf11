// What every function of this stack shares: runtime, architecture and the esbuild bundling (local esbuild, no
// Docker). The probe and the notifier differ only in entry, role, environment and memory.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  type CfnFunction,
  Code,
  Function as LambdaFunction,
  Runtime,
  type FunctionOptions,
  type FunctionProps,
} from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The stand-in for the SDK's default credential chain, relative to the project root (see LAMBDA_DEFAULTS). */
export const ENV_CREDENTIALS = 'functions/lambda/env-credentials.ts';

/** The project root, where NodejsFunction runs esbuild (ENV_CREDENTIALS is relative to it). */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** ESM bundles still meet CommonJS dependencies that call require(). */
const REQUIRE_BANNER =
  "import { createRequire as __okta_createRequire } from 'node:module'; const require = " +
  '__okta_createRequire(import.meta.url);';

/** The handlers under functions/lambda/, each one function of the stack. */
export type LambdaName = 'probe' | 'notifier' | 'sign-ins-aggregator';

/** Entry file of a handler under functions/lambda/. */
export function lambdaEntry(name: LambdaName): string {
  return fileURLToPath(new URL(`../functions/lambda/${name}.ts`, import.meta.url));
}

/**
 * Set only in the package's build of the construct (scripts/build-package.ts, esbuild's define): where the Lambda
 * code ships built, relative to the construct's module. A consumer's synth then bundles nothing.
 */
declare const OKTA_SYNTHETICS_PREBUILT: string | undefined;

/** The built code of a handler, shipped in the package (dist/lambda/NAME/); undefined where the sources are. */
function prebuiltLambda(name: LambdaName): string | undefined {
  if (typeof OKTA_SYNTHETICS_PREBUILT !== 'string') return undefined;
  return fileURLToPath(new URL(`${OKTA_SYNTHETICS_PREBUILT}${name}/`, import.meta.url));
}

/**
 * A function's code and runtime: NodejsFunction's esbuild pass over the sources in a checkout, the package's built
 * directory (its index.mjs, as NodejsFunction writes it) where the construct runs from the package. Both run the
 * same bundle (scripts/build-package.ts builds it with these defaults).
 */
function prebuiltFunctionProps(dir: string): Pick<FunctionProps, 'code' | 'handler' | 'runtime' | 'architecture'> {
  return {
    code: Code.fromAsset(dir),
    handler: `index.${LAMBDA_DEFAULTS.handler}`,
    runtime: LAMBDA_DEFAULTS.runtime,
    architecture: LAMBDA_DEFAULTS.architecture,
  };
}

/**
 * One of the stack's functions: built from the package's shipped code where there is one, else bundled from
 * `entry` by NodejsFunction with LAMBDA_DEFAULTS (the probe passes its own bundling, which splits it).
 */
export function stackFunction(
  scope: Construct,
  id: string,
  name: LambdaName,
  props: FunctionOptions & Pick<NodejsFunctionProps, 'bundling'>,
  prebuiltDir: (dir: string) => string = (dir) => dir,
): LambdaFunction {
  const prebuilt = prebuiltLambda(name);
  if (prebuilt !== undefined) {
    const { bundling: _bundling, ...options } = props;
    // The browser function names its own architecture (x86_64, Chromium's package's): the others take the default.
    return new LambdaFunction(scope, id, {
      ...options,
      ...prebuiltFunctionProps(prebuiltDir(prebuilt)),
      architecture: options.architecture ?? LAMBDA_DEFAULTS.architecture,
    });
  }
  return new NodejsFunction(scope, id, { ...LAMBDA_DEFAULTS, entry: lambdaEntry(name), ...props });
}

export const LAMBDA_DEFAULTS = {
  handler: 'handler',
  runtime: Runtime.NODEJS_24_X,
  architecture: Architecture.ARM_64,
  bundling: {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    // The map ships beside the bundle for functions/lambda/stack-trace.ts, which reads it only on an error: no
    // --enable-source-maps, which parses it at every cold start (BENCHMARKS.md, section d). No sources inside it.
    sourceMap: true,
    sourcesContent: false,
    // Bundled, not the runtime's copy: the exact SDK version we test, and one file to load.
    bundleAwsSDK: true,
    externalModules: [],
    // In Lambda the role's credentials are always in the environment: the SDK's default chain becomes that one
    // link (functions/lambda/env-credentials.ts), 132 KB less to load at every cold start. Relative to the project
    // root, where NodejsFunction runs esbuild.
    esbuildArgs: { '--alias': [`@aws-sdk/credential-provider-node=./${ENV_CREDENTIALS}`] },
    banner: REQUIRE_BANNER,
  },
} as const satisfies Partial<NodejsFunctionProps>;

/**
 * esbuild's options for the probe split at each import(): those LAMBDA_DEFAULTS.bundling gives NodejsFunction, plus
 * code splitting, so each kind of check a config may lack is a chunk of its own that only a config with it loads
 * (docs/decisions/lazy-kinds.md). The entry stays index.mjs (the handler Lambda calls); the chunks go in chunks/.
 */
export function splitBuildOptions(entry: string): BuildOptions {
  const { bundling } = LAMBDA_DEFAULTS;
  return {
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: 'esm',
    mainFields: [...bundling.mainFields],
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    alias: { '@aws-sdk/credential-provider-node': `./${ENV_CREDENTIALS}` },
    banner: { js: REQUIRE_BANNER },
    splitting: true,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  };
}

/**
 * The bundling step that splits the probe: NodejsFunction hands esbuild --outfile, which code splitting cannot use, so
 * after its pass this runs esbuild again with splitBuildOptions into the same output directory (lib/split-bundle.mjs),
 * replacing its single index.mjs. The options travel as base64url JSON: nothing in them for a shell to read.
 */
export function splitBundleCommand(
  entry: string,
  outputDir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const options = Buffer.from(JSON.stringify(splitBuildOptions(entry))).toString('base64url');
  const command =
    `"${process.execPath}" "${fileURLToPath(new URL('split-bundle.mjs', import.meta.url))}" ${options} ` +
    `"${outputDir}"`;
  // cmd /c drops the first and the last quote of a line that starts with one: one more pair keeps ours intact.
  return platform === 'win32' ? `"${command}"` : command;
}

/** Days a dead-letter queue keeps what failed: SQS's most, time to read and replay it. */
export const DEAD_LETTER_DAYS = 14;

/**
 * A dead-letter queue: encrypted, TLS-only, DEAD_LETTER_DAYS to read what failed; `whose` says what it catches (for
 * cdk-nag).
 */
export function deadLetterQueue(scope: Construct, queueName: string, whose: string): Queue {
  const queue = new Queue(scope, 'DeadLetterQueue', {
    queueName,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(DEAD_LETTER_DAYS),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of ${whose}; it is alarmed on each new message.`,
  });
  return queue;
}

/**
 * A table of records that expire (TTL `expires`): on demand, string keys, destroyed with the stack. `lost` says what
 * losing it costs, for cdk-nag's point-in-time recovery rule: records the next runs rebuild, nothing to restore.
 */
export function expiringTable(
  scope: Construct,
  id: string,
  keys: {
    readonly tableName: string;
    readonly partitionKey: string;
    readonly sortKey: string;
    readonly expires: string;
  },
  lost: string,
): Table {
  const table = new Table(scope, id, {
    tableName: keys.tableName,
    partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
    sortKey: { name: keys.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: keys.expires,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  Validations.of(table).acknowledge({ id: 'AwsSolutions-DDB3', reason: lost });
  return table;
}

/**
 * Runs `fn` in the configured subnets, so its traffic leaves through their NAT (the address an Okta network zone
 * allows): the VpcConfig Lambda needs, and the network-interface permissions it uses to attach the function (those
 * of AWSLambdaVPCAccessExecutionRole, on the function's own role).
 */
export function inSubnets(
  fn: LambdaFunction,
  vpc: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] },
): void {
  (fn.node.defaultChild as CfnFunction).addPropertyOverride('VpcConfig', {
    SubnetIds: [...vpc.subnetIds],
    SecurityGroupIds: [...vpc.securityGroupIds],
  });
  fn.addToRolePolicy(
    new PolicyStatement({
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
    }),
  );
}

/**
 * cloudwatch:PutMetricData into `namespace` alone: PutMetricData has no resource-level permissions, and the namespace
 * condition is its only scope.
 */
function putMetricDataGrant(namespace: string): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
  });
}

/**
 * A function's own role: no AWSLambdaBasicExecutionRole (its logs:* reach every log group in the account), only its
 * log group's streams and PutMetricData into the stack's namespace. `vpcReads` names what else, beside the network
 * interfaces Lambda attaches in a VPC, the role reads without resource-level permissions there.
 */
export function runRole(
  scope: Construct,
  spec: {
    readonly description: string;
    readonly logGroup: LogGroup;
    readonly namespace: string;
    readonly inVpc: boolean;
    readonly vpcReads?: string;
  },
): Role {
  const role = new Role(scope, 'Role', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: spec.description,
  });
  spec.logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
  role.addToPolicy(putMetricDataGrant(spec.namespace));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'cloudwatch:PutMetricData supports no resource-level permissions; the statement is scoped by the ' +
      'cloudwatch:namespace condition.' +
      (spec.inVpc
        ? ' With vpc set, the EC2 network-interface actions Lambda needs to attach the function take no ' +
          'resource-level permissions either (as in AWSLambdaVPCAccessExecutionRole)' +
          (spec.vpcReads === undefined ? '.' : `, nor does ${spec.vpcReads}.`)
        : ''),
  });
  return role;
}
