// Builds the CDK app from a configuration file: validate it in deploy mode, one stack per region, cdk-nag
// AwsSolutions checks on every synth. lib/app.ts runs this; tests call it with their own App.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, loadConfigFile, type LoadedConfig } from '../functions/config/parse';
import { alarmNameProblems } from '../functions/plan/alarms';
import { secretArnRegion } from '../functions/config/credentials';
import { OktaSyntheticsStack } from './stack';

/**
 * The committed example: what `npm run synth`, CI and the tests pass explicitly. Never a default: a forgotten or
 * mistyped `-c config=` would otherwise deploy a probe of acme.okta.com that e-mails oncall@acme.example.
 */
export const EXAMPLE_CONFIG_PATH = fileURLToPath(new URL('../okta-synthetics.example.json', import.meta.url));

/** What to type, printed when no configuration was named. */
export const CONFIG_HOW_TO = 'name your configuration file: npx cdk deploy --all -c config=okta-synthetics.json (to try the committed example: -c config=okta-synthetics.example.json)';

export type BuildResult =
  | { readonly ok: true; readonly config: LoadedConfig; readonly stacks: readonly OktaSyntheticsStack[] }
  | { readonly ok: false; readonly file: string; readonly errors: readonly string[] };

export interface BuildOptions {
  /** Configuration file; default the `config` context value (`-c config=PATH`). There is no fallback. */
  readonly configPath?: string;
  /** Environment for account/region defaults and env-sourced settings. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export function buildApp(app: App, options: BuildOptions = {}): BuildResult {
  const contextPath: unknown = app.node.tryGetContext('config');
  const named = options.configPath ?? (typeof contextPath === 'string' && contextPath.trim() !== '' ? contextPath : undefined);
  if (named === undefined) return { ok: false, file: 'cdk', errors: [missingConfigMessage(app)] };
  const file = resolve(named);
  const env = options.env ?? process.env;
  const loaded = loadConfigFile(file, 'deploy', env);
  if (!loaded.ok) return { ok: false, file, errors: loaded.errors };
  const { config } = loaded;
  const account = env.CDK_DEFAULT_ACCOUNT;
  const regions = config.deploy.regions.length > 0 ? config.deploy.regions : [env.CDK_DEFAULT_REGION];
  const problems = [...sizeProblems(config), ...alarmNameProblems(config), ...secretRegionProblems(config, regions)];
  if (problems.length > 0) return { ok: false, file, errors: problems };

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

/**
 * Servers one deployment holds. Each server's alarms are a nested stack of their own, so resources are not the
 * bound; what is: CloudFormation's 200 outputs per template (two per server secret: its name and put command),
 * and CloudWatch's 500 widgets and 2,500 metrics per dashboard (about 4 and 22 per server). 90 keeps each below
 * its limit with room; test/lib/scale.test.ts synthesizes exactly this many and checks every limit.
 */
export const MAX_SERVERS = 90;

function sizeProblems(config: LoadedConfig): string[] {
  const count = config.probe.servers.length;
  if (count <= MAX_SERVERS) return [];
  return [
    `servers: ${count} servers are more than one deployment holds (${MAX_SERVERS}: CloudFormation's 200 outputs per template, CloudWatch's 500 widgets and 2,500 metrics per dashboard); ` +
      'split them into two configuration files with different "prefix" values and deploy each (one stack, dashboard and set of alarms per file)',
  ];
}

/** Context keys the CDK itself, cdk.json's feature flags or the CLI set: never a user's mistyped `-c`. */
const isFrameworkContext = (key: string): boolean => key.includes(':') || key.startsWith('@') || key.startsWith('cdk') || key.startsWith('cli-') || key === 'config';

function missingConfigMessage(app: App): string {
  const typed = Object.keys(app.node.getAllContext()).filter((key) => !isFrameworkContext(key));
  const guess = typed.find((key) => didYouMean(key, ['config']) !== undefined);
  if (guess !== undefined) return `-c ${guess}=...: unknown setting; did you mean -c config=...? ${CONFIG_HOW_TO}`;
  return `config: no configuration file given; ${CONFIG_HOW_TO}`;
}

/**
 * A Lambda reads Secrets Manager in its own region: a secretName ARN of another region is accepted by
 * CloudFormation and then fails every run with SECRETS_UNAVAILABLE. Refused here, naming the field.
 */
function secretRegionProblems(config: LoadedConfig, regions: readonly (string | undefined)[]): string[] {
  return config.probe.servers.flatMap((server, index) => {
    const { credential } = server;
    const arn = credential.kind === 'secrets_manager' ? credential.secretId : undefined;
    const secretRegion = arn === undefined ? undefined : secretArnRegion(arn);
    const others = regions.filter((region): region is string => region !== undefined && region !== secretRegion);
    if (secretRegion === undefined || others.length === 0) return [];
    return [
      `servers[${index}].secretName: the secret is in ${secretRegion}, but the stack also deploys to ${others.join(', ')}, where the probe cannot read it; replicate the secret to each region and give its name (not an ARN), or deploy only to ${secretRegion}`,
    ];
  });
}
