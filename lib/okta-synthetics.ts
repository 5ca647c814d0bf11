// The construct a platform team puts in the CDK app it already has: the stacks this project's own app (lib/app.ts)
// makes from a config, validated the same way and refused in the same words. Its stacks are made beside it, in the
// App or Stage it is given, so a stack's name and path are the ones the project's own app has always deployed:
// moving from a clone to the package never replaces a deployed stack (docs/decisions/construct-library.md).
import { Validations, type Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { formatConfigErrors } from '../functions/config/parse';
import { makeStacks } from './synthetics-stacks';
import { quotaPlugin } from './template-quotas';

/** What `new OktaSynthetics(scope, id, props)` is given. */
export interface OktaSyntheticsProps {
  /**
   * The configuration: a config file's path (as `cdk synth -c config=PATH` names it), or the object parsed from one.
   * It is validated as `plan` and the project's own app validate it, and refused with the same words.
   */
  readonly config: string | object;
  /**
   * The folder that relative paths inside an object `config` (a `privateKeyFile`, ...) are read from. A `config`
   * given as a path reads them from the file's own folder.
   * @default the current working directory
   */
  readonly baseDir?: string;
  /**
   * The AWS account the stacks deploy to.
   * @default the account the CDK CLI resolved (CDK_DEFAULT_ACCOUNT), else environment-agnostic stacks
   */
  readonly account?: string;
  /**
   * Where the config's `${NAME}` references are read, and the region when the config lists no `regions`
   * (CDK_DEFAULT_REGION, as the CDK CLI sets it).
   * @default process.env
   */
  readonly variables?: Readonly<Record<string, string | undefined>>;
}

/** A configuration the construct refuses: each problem names the field and the fix. */
export class OktaSyntheticsConfigError extends Error {
  /** The problems, one a line, as `plan` lists them. */
  readonly problems: readonly string[];
  /** The file the problems are of, or "the configuration" for an object. */
  readonly source: string;

  constructor(source: string, problems: readonly string[]) {
    super(formatConfigErrors(problems, source));
    this.name = 'OktaSyntheticsConfigError';
    this.source = source;
    this.problems = problems;
  }
}

/**
 * okta-synthetics in a CDK app: one stack per region of the config (the quorum's included, each after the home
 * region's), made in `scope`, which is the App or a Stage.
 */
export class OktaSynthetics extends Construct {
  /** The stacks made, one per region, in the config's order. */
  readonly stacks: readonly Stack[];
  /** The config's `prefix`, which every stack, alarm and secret name starts with. */
  readonly prefix: string;
  /** The config's regions, in the order of `stacks`; undefined for a stack with no region of its own. */
  readonly regions: readonly (string | undefined)[];

  constructor(scope: Construct, id: string, props: OktaSyntheticsProps) {
    super(scope, id);
    const made = makeStacks(scope, id, props);
    if (!made.ok) throw new OktaSyntheticsConfigError(made.source, made.errors);
    this.stacks = made.stacks;
    this.prefix = made.prefix;
    this.regions = made.regions;
    // The quotas AWS enforces only at deploy time, judged on these stacks' templates at the team's synth, as the
    // project's own app judges them (lib/app.ts).
    Validations.of(scope).addPlugins(quotaPlugin(made.stacks.map((stack) => stack.artifactId)));
  }
}
