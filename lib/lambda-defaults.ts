// What every function of this stack shares: runtime, architecture and the esbuild bundling (local esbuild, no
// Docker). The probe and the notifier differ only in entry, role, environment and memory.
import { Duration, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { fileURLToPath } from 'node:url';


/** The stand-in for the SDK's default credential chain, relative to the project root (see LAMBDA_DEFAULTS). */
export const ENV_CREDENTIALS = 'functions/lambda/env-credentials.ts';

/** Entry file of a handler under functions/lambda/. */
export function lambdaEntry(name: 'probe' | 'notifier'): string {
  return fileURLToPath(new URL(`../functions/lambda/${name}.ts`, import.meta.url));
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
    // ESM bundles still meet CommonJS dependencies that call require().
    banner: "import { createRequire as __okta_createRequire } from 'node:module'; const require = __okta_createRequire(import.meta.url);",
  },
} as const satisfies Partial<NodejsFunctionProps>;

/** A dead-letter queue: encrypted, TLS-only, 14 days to read what failed; `whose` says what it catches (for cdk-nag). */
export function deadLetterQueue(scope: Construct, queueName: string, whose: string): Queue {
  const queue = new Queue(scope, 'DeadLetterQueue', {
    queueName,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of ${whose}; it is alarmed on each new message.`,
  });
  return queue;
}
