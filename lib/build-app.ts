// Builds the CDK app from a configuration file: validate it in deploy mode, one stack per region, cdk-nag
// AwsSolutions checks on every synth. lib/app.ts runs this; tests call it with their own App.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, type LoadedConfig } from '../functions/config/parse';
import { deployRegions, loadDeployable } from '../functions/plan/deploy-rules';
import { OktaSyntheticsStack } from './stack';

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

/** The region the CDK CLI passes when nothing names one (aws-cdk SdkProvider.region: "defaulting to 'us-east-1'"). */
const CDK_FALLBACK_REGION = 'us-east-1';

/**
 * Run by the CDK CLI (CDK_OUTDIR), with no region anywhere the CLI looks (the config's regions, AWS_REGION,
 * AWS_DEFAULT_REGION, the profile), the CDK CLI quietly passes us-east-1, where `status`, `notify-test` and
 * `secrets put` refuse "no AWS region": the synth refuses alike, with the same ways to name one. A `cdk --profile P`
 * is not passed to the app: AWS_PROFILE=P is, and the message says so.
 */
function fallbackRegionProblem(
  config: LoadedConfig,
  env: NodeJS.ProcessEnv,
  profileRegion: (env: NodeJS.ProcessEnv) => string | undefined,
): string | undefined {
  const named = [env.AWS_REGION, env.AMAZON_REGION, env.AWS_DEFAULT_REGION, env.AMAZON_DEFAULT_REGION];
  if (env.CDK_OUTDIR === undefined || env.CDK_DEFAULT_REGION !== CDK_FALLBACK_REGION) return undefined;
  if (config.deploy.regions.length > 0 || named.some((r) => r !== undefined && r !== '')) return undefined;
  if (profileRegion(env) !== undefined) return undefined;
  return (
    'regions: no AWS region (the CDK CLI would quietly deploy to us-east-1): list "regions" in the config, set ' +
    'AWS_REGION, or set the region of your AWS CLI profile (aws configure set region R; with cdk --profile P, ' +
    'run it as AWS_PROFILE=P instead)'
  );
}

/** The region of the profile AWS_PROFILE (else "default") names, in the AWS CLI's shared config files. */
function iniProfileRegion(env: NodeJS.ProcessEnv): string | undefined {
  const profile = env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? 'default';
  const aws = join(homedir(), '.aws');
  const files = [
    {
      path: env.AWS_CONFIG_FILE ?? join(aws, 'config'),
      section: profile === 'default' ? 'default' : `profile ${profile}`,
    },
    { path: env.AWS_SHARED_CREDENTIALS_FILE ?? join(aws, 'credentials'), section: profile },
  ];
  for (const { path, section } of files) {
    const text = (() => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return '';
      }
    })();
    let inSection = false;
    for (const line of text.split(/\r?\n/)) {
      const head = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
      if (head !== null) inSection = head[1] === section;
      const region = inSection ? /^\s*region\s*=\s*(\S+)/.exec(line)?.[1] : undefined;
      if (region !== undefined) return region;
    }
  }
  return undefined;
}

export function buildApp(app: App, options: BuildOptions = {}): BuildResult {
  const contextPath: unknown = app.node.tryGetContext('config');
  const named =
    options.configPath ?? (typeof contextPath === 'string' && contextPath.trim() !== '' ? contextPath : undefined);
  if (named === undefined) return { ok: false, file: 'cdk', errors: [missingConfigMessage(app)] };
  const file = resolve(named);
  const env = options.env ?? process.env;
  // The CDK CLI resolves the region (profile, AWS_REGION) into CDK_DEFAULT_REGION: that alone names it here.
  const regionEnv = { CDK_DEFAULT_REGION: env.CDK_DEFAULT_REGION };
  const loaded = loadDeployable(file, env, regionEnv);
  if (!loaded.ok) return { ok: false, file, errors: loaded.errors };
  const { config } = loaded;
  const fallback = fallbackRegionProblem(config, env, options.profileRegion ?? iniProfileRegion);
  if (fallback !== undefined) return { ok: false, file, errors: [fallback] };
  const account = env.CDK_DEFAULT_ACCOUNT;
  const regions = deployRegions(config, regionEnv);

  const stacks = regions.map(
    (region) =>
      new OktaSyntheticsStack(app, region === undefined ? config.deploy.prefix : `${config.deploy.prefix}-${region}`, {
        config,
        env: { account, region },
      }),
  );
  // The home region's stack creates the quorum's global table; the others' probes write to its replicas.
  const quorum = config.deploy.quorum;
  const home = quorum === null ? undefined : stacks[regions.indexOf(quorum.homeRegion)];
  if (home !== undefined)
    for (const stack of stacks)
      if (stack !== home) stack.addStackDependency(home, "the quorum's verdict table and its replica in this region");
  // Unacknowledged findings fail the synth: `cdk synth` exits non-zero, an in-memory synth throws.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { ok: true, config, stacks };
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
