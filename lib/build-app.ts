// Builds the CDK app from a configuration file: validate it in deploy mode, one stack per region, cdk-nag
// AwsSolutions checks on every synth. lib/app.ts runs this; tests call it with their own App.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile, type LoadedConfig } from '../functions/config/parse';
import { OktaSyntheticsStack } from './stack';

/** The configuration used when `-c config=PATH` is not given. */
export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('../okta-synthetics.example.json', import.meta.url));

export type BuildResult =
  | { readonly ok: true; readonly config: LoadedConfig; readonly stacks: readonly OktaSyntheticsStack[] }
  | { readonly ok: false; readonly file: string; readonly errors: readonly string[] };

export interface BuildOptions {
  /** Configuration file; default the `config` context value, then DEFAULT_CONFIG_PATH. */
  readonly configPath?: string;
  /** Environment for account/region defaults and env-sourced settings. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export function buildApp(app: App, options: BuildOptions = {}): BuildResult {
  const contextPath: unknown = app.node.tryGetContext('config');
  const file = resolve(options.configPath ?? (typeof contextPath === 'string' && contextPath !== '' ? contextPath : DEFAULT_CONFIG_PATH));
  const env = options.env ?? process.env;
  const loaded = loadConfigFile(file, 'deploy', env);
  if (!loaded.ok) return { ok: false, file, errors: loaded.errors };
  const { config } = loaded;

  const account = env.CDK_DEFAULT_ACCOUNT;
  const regions = config.deploy.regions.length > 0 ? config.deploy.regions : [env.CDK_DEFAULT_REGION];
  const stacks = regions.map(
    (region) =>
      new OktaSyntheticsStack(app, region === undefined ? config.deploy.prefix : `${config.deploy.prefix}-${region}`, {
        config,
        env: { account, region },
      }),
  );
  // Unacknowledged findings fail the synth: `cdk synth` exits non-zero, an in-memory synth throws.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { ok: true, config, stacks };
}
