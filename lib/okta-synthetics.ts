// The construct a platform team puts in the CDK app it already has: the stacks this project's own app (lib/app.ts)
// makes from a config, validated the same way and refused in the same words. Its stacks are made under it, so tags
// and Aspects on it reach them, with the names a stack made directly in its Stage gets: at an App's root, the names
// and logical ids a clone has always deployed, so moving to the package replaces nothing
// (docs/decisions/construct-library.md). It reads no environment variable and no ~/.aws file for the account and
// region: they are the enclosing Stage's, or the props'.
import { attachCustomSynthesis, NestedStack, Stack, Stage, Token, type ISynthesisSession } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { formatConfigErrors } from '../functions/config/parse';
import type { ConfigFileJson } from '../functions/config/schema';
import { installedVersion, peerProblems } from './peer-check';
import { makeStacks } from './synthetics-stacks';
import { templateFilesQuotaProblems } from './template-quotas';

/**
 * A configuration file's contents, as okta-synthetics.schema.json declares them: a misspelt or mistyped field is a
 * type error in the editor, and the synth refuses it with the same words as `plan`.
 */
export type OktaSyntheticsConfig = ConfigFileJson;

/** What `new OktaSynthetics(scope, id, props)` is given. */
export interface OktaSyntheticsProps {
  /**
   * The configuration: a config file's path (as `cdk synth -c config=PATH` names it), or its contents, typed.
   * It is validated as `plan` and the project's own app validate it, and refused with the same words.
   */
  readonly config: OktaSyntheticsConfig | string;
  /**
   * The folder that relative paths inside an object `config` (a `privateKeyFile`, ...) are read from. A `config`
   * given as a path reads them from the file's own folder.
   * @default the current working directory
   */
  readonly baseDir?: string;
  /**
   * The AWS account the stacks deploy to.
   * @default the enclosing Stage's account, else environment-agnostic stacks (the account the CDK CLI deploys to)
   */
  readonly account?: string;
  /**
   * The region of a config that lists no `regions` (a config's `regions` name each stack's own).
   * @default the enclosing Stage's region, else an environment-agnostic stack (the region the CDK CLI deploys to)
   */
  readonly region?: string;
  /**
   * Where the config's `${NAME}` references are read; nothing else is read from it.
   * @default process.env
   */
  readonly variables?: Readonly<Record<string, string | undefined>>;
}

/** A configuration, scope or install the construct refuses: each problem names the field and the fix. */
export class OktaSyntheticsConfigError extends Error {
  /** The problems, one a line, as `plan` lists them. */
  readonly problems: readonly string[];
  /** The file the problems are of, or "the configuration" for an object. */
  readonly source: string;
  /** The construct's path in the app ("Prod/Okta"); empty when the error was made outside one. */
  readonly path: string;

  constructor(source: string, problems: readonly string[], path: string = '') {
    const where = path === '' ? '' : `OktaSynthetics at "${path}": `;
    super(`${where}${formatConfigErrors(problems, source)}`);
    this.name = 'OktaSyntheticsConfigError';
    this.source = source;
    this.problems = problems;
    this.path = path;
    // A refusal of input, not a fault of the code: the words are the whole report, with no frames below them.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Marks an OktaSynthetics across copies of the package, for the one-prefix check over the whole app. */
const DEPLOYMENT = Symbol.for('okta-synthetics/cdk.OktaSynthetics');

/** One deployment of the app, as the prefix check reads it. */
interface Deployment {
  readonly prefix: string;
  readonly account: string | undefined;
  readonly path: string;
}

/**
 * okta-synthetics in a CDK app: one stack per region of the config (the quorum's included, each after the home
 * region's), made under this construct, which is made in the App or a Stage.
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
    const path = this.node.path;
    // Before anything of aws-cdk-lib is used: an older one may lack what the stacks are made of.
    const peers = peerProblems((name) => installedVersion(name, import.meta.url));
    if (peers.length > 0) refuse(path, peers, 'the installed packages');
    if (!Stage.isStage(scope)) refuse(path, [scopeProblem(scope, id)], 'scope');
    const stage = scope;
    const account = props.account ?? stage.account;
    const region = props.region ?? stage.region;
    const made = makeStacks(this, {
      config: props.config,
      ...(props.baseDir !== undefined && { baseDir: props.baseDir }),
      ...(account !== undefined && { account }),
      ...(region !== undefined && { region }),
      variables: props.variables ?? process.env,
      refuse: (config) => samePrefixProblem(this, { prefix: config.deploy.prefix, account, path }),
    });
    if (!made.ok) refuse(path, made.errors, made.source);
    this.stacks = made.stacks;
    this.prefix = made.prefix;
    this.regions = made.regions;
    Object.defineProperty(this, DEPLOYMENT, { value: { prefix: made.prefix, account, path } satisfies Deployment });
    // The quotas AWS enforces only at deploy time, judged on this construct's own templates once they are written
    // (its stacks and their nested stacks are synthesized before it), as the project's own app judges them: no
    // validation plugin on the team's Stage, which would be a change outside this construct.
    attachCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        const files = this.stacks.flatMap((stack) => [
          stack.templateFile,
          ...stack.node
            .findAll()
            .filter(NestedStack.isNestedStack)
            .map((nested) => nested.templateFile),
        ]);
        const problems = templateFilesQuotaProblems(session.outdir, files);
        if (problems.length > 0) refuse(path, problems, 'the synthesized templates');
      },
    });
  }
}

/** The refusal of the construct at `path`: its problems, of `source`, each naming the field and the fix. */
function refuse(path: string, problems: readonly string[], source: string): never {
  throw new OktaSyntheticsConfigError(source, problems, path);
}

/** Why a scope that is no App or Stage is refused, and what to pass instead. */
function scopeProblem(scope: IConstruct, id: string): string {
  const stack = scope.node.scopes
    .slice()
    .reverse()
    .find((s) => Stack.isStack(s));
  const where =
    stack === undefined
      ? `"${scope.node.path}" is neither an App nor a Stage`
      : `"${scope.node.path}" is ${stack === scope ? 'the stack' : 'inside the stack'} "${stack.node.path}"`;
  return (
    `scope: ${where}; OktaSynthetics makes stacks of its own (one per region, each named <prefix>-<region>), which ` +
    `cannot deploy inside another stack; make it in the App or a Stage: new OktaSynthetics(app, '${id}', { config })`
  );
}

/**
 * Another OktaSynthetics anywhere in the app with the same prefix, where the two could deploy to one account (the
 * same account, or one not known at synth): every stack, alarm, secret and table name starts with the prefix, so
 * the second deploy would collide with the first. Two Stages of a pipeline in two accounts may share it.
 */
function samePrefixProblem(self: IConstruct, mine: Deployment): string | undefined {
  const other = self.node.root.node
    .findAll()
    .map((c) => (c === self ? undefined : (c as unknown as Record<symbol, Deployment | undefined>)[DEPLOYMENT]))
    .find((d): d is Deployment => d !== undefined && d.prefix === mine.prefix && !knownApart(d.account, mine.account));
  if (other === undefined) return undefined;
  return (
    `prefix: OktaSynthetics "${mine.path}" uses the prefix "${mine.prefix}", as OktaSynthetics "${other.path}" ` +
    `does in the same app${other.account === undefined ? '' : ` and account ${other.account}`}: every stack, ` +
    'alarm, secret and table name starts with it, so the two would overwrite each other; give one config another ' +
    `"prefix" (e.g. "${mine.prefix}-2"), or deploy the two to two accounts`
  );
}

/** Two accounts known at synth and different. */
function knownApart(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
}
