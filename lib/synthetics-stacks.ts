// The stacks of one okta-synthetics deployment: the work of the OktaSynthetics construct (lib/okta-synthetics.ts),
// shared with lib/build-app.ts, which also wants the loaded config and the refusals as a list to print. Nothing here
// reads the environment or ~/.aws: the account and region come from the caller (the project's app reads what the
// CDK CLI resolved, lib/build-app.ts; the construct takes its Stage's, CDK's "configure with properties").
import { Stage, type Environment } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../functions/config/parse';
import { deployRegions, loadDeployable, parseDeployable } from '../functions/plan/deploy-rules';
import { browserEveryMinutes, browserPageParts } from '../functions/plan/browser-part';
import { browserPackageDirs } from './browser-function';
import { OktaSyntheticsStack } from './stack';

/** What the stacks are made from: OktaSyntheticsProps, read here by shape. */
interface StacksInput {
  readonly config: string | object;
  readonly baseDir?: string;
  /** The account every stack deploys to; undefined takes the enclosing Stage's (else environment-agnostic). */
  readonly account?: string;
  /** The region of a config that lists no `regions`; undefined takes the enclosing Stage's. */
  readonly region?: string;
  /** Where the config's `${NAME}` references are read. */
  readonly variables: Readonly<Record<string, string | undefined>>;
  /** Checked once the config is loaded and before any stack is made: a refusal the caller knows of, else undefined. */
  readonly refuse?: (config: LoadedConfig) => string | undefined;
}

type MadeStacks =
  | {
      readonly ok: true;
      readonly config: LoadedConfig;
      readonly stacks: OktaSyntheticsStack[];
      readonly prefix: string;
      readonly regions: (string | undefined)[];
    }
  | { readonly ok: false; readonly source: string; readonly errors: readonly string[] };

/**
 * The config validated in deploy mode, then one stack per region made in `parent`; nothing made when it is refused.
 * Each stack's name is the one it would have as a direct child of its Stage (`<prefix>-<region>`, the Stage's name
 * before it): made under the construct, the same name as the project's app (a clone) makes at the App's root.
 */
export function makeStacks(parent: Construct, input: StacksInput): MadeStacks {
  const env: NodeJS.ProcessEnv = { ...input.variables };
  // The region a config without `regions` deploys to, as the deploy rules judge it (a known region, one partition).
  const regionEnv = { CDK_DEFAULT_REGION: input.region };
  const source = typeof input.config === 'string' ? resolve(input.config) : 'the configuration';
  const loaded =
    typeof input.config === 'string'
      ? loadDeployable(source, env, regionEnv)
      : parseDeployable(input.config, resolve(input.baseDir ?? '.'), env, regionEnv);
  if (!loaded.ok) return { ok: false, source, errors: loaded.errors };
  const { config } = loaded;
  const refused = input.refuse?.(config) ?? browserPackagesProblem(config);
  if (refused !== undefined) return { ok: false, source, errors: [refused] };
  const prefix = config.deploy.prefix;
  const regions = deployRegions(config, regionEnv);
  const stacks = regions.map((region) => {
    const id = region === undefined ? prefix : `${prefix}-${region}`;
    const where: Environment = {
      ...(input.account !== undefined && { account: input.account }),
      ...(region !== undefined && { region }),
    };
    return new OktaSyntheticsStack(parent, id, { config, env: where, stackName: stageStackName(parent, id) });
  });
  // The home region's stack creates the quorum's global table; the others' probes write to its replicas.
  const quorum = config.deploy.quorum;
  const home = quorum === null ? undefined : stacks[regions.indexOf(quorum.homeRegion)];
  if (home !== undefined)
    for (const stack of stacks)
      if (stack !== home) stack.addStackDependency(home, "the quorum's verdict table and its replica in this region");
  keepBrowserParts(config, stacks, regions);
  return { ok: true, config, stacks, prefix, regions };
}

/**
 * Each other region's browser function keeps its part in the home region's page bucket, granted its one key there:
 * the home's own is granted by its stack (docs/decisions/status-page-browser.md).
 */
function keepBrowserParts(
  config: LoadedConfig,
  stacks: readonly OktaSyntheticsStack[],
  regions: readonly (string | undefined)[],
): void {
  const page = stacks.find((stack) => stack.statusPage !== undefined)?.statusPage;
  if (page === undefined) return;
  for (const part of browserPageParts(config)) {
    const browser = stacks[regions.indexOf(part.region)]?.probe.browser;
    if (!part.home && browser !== undefined) page.grantBrowserPart(browser.function, part.key);
  }
}

/**
 * The name CDK gives a stack made directly in its Stage (aws-cdk-lib Stack.generateStackName: the Stage's name and
 * a dash before the id, none at an App's root). Named explicitly, a stack made one level down keeps it, where
 * CDK's default would add the construct's id and a hash and CloudFormation would make a new stack beside the old.
 */
function stageStackName(parent: Construct, id: string): string {
  const stage = Stage.isStage(parent) ? parent : Stage.of(parent);
  return stage === undefined || stage.stageName === '' ? id : `${stage.stageName}-${id}`;
}

/**
 * A "browser" journey deploys with Chromium's packages, optional peers of the package: asked for, with the command
 * that installs them, only when the config has one, as a refusal rather than a throw from deep in the stack.
 */
function browserPackagesProblem(config: LoadedConfig): string | undefined {
  if (browserEveryMinutes(config.probe) === undefined) return undefined;
  try {
    browserPackageDirs();
    return undefined;
  } catch (error) {
    return `signIn: ${(error as Error).message}`;
  }
}
