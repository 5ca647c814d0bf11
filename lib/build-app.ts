// Builds the CDK app from a configuration file: validate it in deploy mode, one stack per region, cdk-nag
// AwsSolutions checks on every synth. lib/app.ts runs this; tests call it with their own App.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, type LoadedConfig } from '../functions/config/parse';
import { fallbackRegionProblem, iniProfileRegion } from './fallback-region';
import type { OktaSyntheticsStack } from './stack';
import { makeStacks } from './synthetics-stacks';

export { MAX_SERVERS } from '../functions/plan/deploy-rules';

/**
 * The committed example: what `npm run synth`, CI and the tests pass explicitly. Never a default: a forgotten or
 * mistyped `-c config=` would otherwise deploy a probe of acme.okta.com that e-mails oncall@acme.example.
 */
export const EXAMPLE_CONFIG_PATH = fileURLToPath(new URL('../okta-synthetics.example.json', import.meta.url));

/** What to type, printed when no configuration was named. */
const CONFIG_HOW_TO =
  'name your configuration file: npx --no-install cdk deploy --all -c config=okta-synthetics.json (to try ' +
  'the committed example: -c config=okta-synthetics.example.json)';

export type BuildResult =
  | { readonly ok: true; readonly config: LoadedConfig; readonly stacks: readonly OktaSyntheticsStack[] }
  | { readonly ok: false; readonly file: string; readonly errors: readonly string[] };

export interface BuildOptions {
  /** Configuration file; default the `config` context value (`-c config=PATH`). There is no fallback. */
  readonly configPath?: string;
  /** Environment for account/region defaults and env-sourced settings. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The region the AWS CLI profile names (tests). @default read from ~/.aws/config and ~/.aws/credentials */
  readonly profileRegion?: (env: NodeJS.ProcessEnv) => string | undefined;
}

export function buildApp(app: App, options: BuildOptions = {}): BuildResult {
  const contextPath: unknown = app.node.tryGetContext('config');
  const named =
    options.configPath ?? (typeof contextPath === 'string' && contextPath.trim() !== '' ? contextPath : undefined);
  if (named === undefined) return { ok: false, file: 'cdk', errors: [missingConfigMessage(app)] };
  const file = resolve(named);
  const env = options.env ?? process.env;
  // This app, as CDK's own template does, deploys to what the CDK CLI resolved (CDK_DEFAULT_ACCOUNT and
  // CDK_DEFAULT_REGION); the construct instead takes its Stage's.
  const made = makeStacks(app, {
    config: file,
    variables: env,
    ...(env.CDK_DEFAULT_ACCOUNT !== undefined && { account: env.CDK_DEFAULT_ACCOUNT }),
    ...(env.CDK_DEFAULT_REGION !== undefined && { region: env.CDK_DEFAULT_REGION }),
    refuse: (config) => fallbackRegionProblem(config, env, options.profileRegion ?? iniProfileRegion),
  });
  if (!made.ok) return { ok: false, file, errors: made.errors };
  // Unacknowledged findings fail the synth: `cdk synth` exits non-zero, an in-memory synth throws.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { ok: true, config: made.config, stacks: made.stacks };
}

/** Context keys the CDK itself, cdk.json's feature flags or the CLI set: never a user's mistyped `-c`. */
const isFrameworkContext = (key: string): boolean =>
  key.includes(':') || key.startsWith('@') || key.startsWith('cdk') || key.startsWith('cli-') || key === 'config';

function missingConfigMessage(app: App): string {
  const typed = Object.keys(app.node.getAllContext()).filter((key) => !isFrameworkContext(key));
  const guess = typed.find((key) => didYouMean(key, ['config']) !== undefined);
  if (guess !== undefined) return `-c ${guess}=...: unknown setting; did you mean -c config=...? ${CONFIG_HOW_TO}`;
  return `config: no configuration file given; ${CONFIG_HOW_TO}`;
}
