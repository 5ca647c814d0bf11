// The stacks of one okta-synthetics deployment, made in an App or a Stage: the work of the OktaSynthetics construct
// (lib/okta-synthetics.ts), shared with lib/build-app.ts, which also wants the loaded config and the refusals as a
// list to print.
import type { IConstruct } from 'constructs';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../functions/config/parse';
import { deployRegions, loadDeployable, parseDeployable } from '../functions/plan/deploy-rules';
import { fallbackRegionProblem, iniProfileRegion } from './fallback-region';
import { OktaSyntheticsStack } from './stack';

/** What the stacks are made from: OktaSyntheticsProps, read here by shape. */
interface StacksInput {
  readonly config: string | object;
  readonly baseDir?: string;
  readonly account?: string;
  readonly variables?: Readonly<Record<string, string | undefined>>;
  /** The region of the AWS CLI profile (tests). @default read from ~/.aws/config and ~/.aws/credentials */
  readonly profileRegion?: (env: NodeJS.ProcessEnv) => string | undefined;
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
 * The config validated in deploy mode, then one stack per region made in `scope`; nothing made when it is refused.
 * `id` is the construct's, named when two deployments in one scope share a prefix.
 */
export function makeStacks(scope: IConstruct, id: string, input: StacksInput): MadeStacks {
  const env: NodeJS.ProcessEnv = { ...(input.variables ?? process.env) };
  // The CDK CLI resolves the region (profile, AWS_REGION) into CDK_DEFAULT_REGION: that alone names it here.
  const regionEnv = { CDK_DEFAULT_REGION: env.CDK_DEFAULT_REGION };
  const source = typeof input.config === 'string' ? resolve(input.config) : 'the configuration';
  const loaded =
    typeof input.config === 'string'
      ? loadDeployable(source, env, regionEnv)
      : parseDeployable(input.config, resolve(input.baseDir ?? '.'), env, regionEnv);
  if (!loaded.ok) return { ok: false, source, errors: loaded.errors };
  const { config } = loaded;
  const fallback = fallbackRegionProblem(config, env, input.profileRegion ?? iniProfileRegion);
  if (fallback !== undefined) return { ok: false, source, errors: [fallback] };
  const prefix = config.deploy.prefix;
  const taken = samePrefix(scope, id, prefix);
  if (taken !== undefined) return { ok: false, source, errors: [taken] };
  const account = input.account ?? env.CDK_DEFAULT_ACCOUNT;
  const regions = deployRegions(config, regionEnv);
  const stacks = regions.map(
    (region) =>
      new OktaSyntheticsStack(scope, region === undefined ? prefix : `${prefix}-${region}`, {
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
  PREFIXES.set(scope, new Map([...(PREFIXES.get(scope) ?? []), [prefix, id]]));
  return { ok: true, config, stacks, prefix, regions };
}

/** The prefixes taken in each App or Stage, with the id that took each: two deployments must never share names. */
const PREFIXES = new WeakMap<IConstruct, Map<string, string>>();

/** The refusal of a prefix another deployment in the same scope already took. */
function samePrefix(scope: IConstruct, id: string, prefix: string): string | undefined {
  const taken = PREFIXES.get(scope)?.get(prefix);
  if (taken === undefined) return undefined;
  return (
    `prefix: OktaSynthetics "${id}" uses the prefix "${prefix}", as OktaSynthetics "${taken}" does in the same ` +
    'app: every stack, alarm, secret and table name starts with it, so the two would overwrite each other; give ' +
    `one config another "prefix" (e.g. "${prefix}-2")`
  );
}
