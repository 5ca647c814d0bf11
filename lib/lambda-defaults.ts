// What every function of this stack shares: runtime, architecture and the esbuild bundling (local esbuild, no
// Docker). The probe and the notifier differ only in entry, role, environment and memory.
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { fileURLToPath } from 'node:url';

/** Source maps: stack traces that name our files, paid for at load. */
export const NODE_OPTIONS = '--enable-source-maps';

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
    sourceMap: true,
    // Bundled, not the runtime's copy: the exact SDK version we test, and one file to load.
    bundleAwsSDK: true,
    externalModules: [],
    // ESM bundles still meet CommonJS dependencies that call require().
    banner: "import { createRequire as __okta_createRequire } from 'node:module'; const require = __okta_createRequire(import.meta.url);",
  },
} as const satisfies Partial<NodejsFunctionProps>;
