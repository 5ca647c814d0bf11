// What one deployment cannot hold, judged once for every command that deploys or describes a deployment:
// `cdk synth` (lib/build-app.ts), `plan` and `cost` refuse exactly the same configurations with the same words.
// Pure, no CDK: these are limits of CloudFormation, CloudWatch and Lambda, stated before anything is created.
// The rules are a table (DEPLOY_RULES), so docs list them and test/functions/cli/deploy-rules.test.ts feeds each
// one, broken, to both synth and plan: a new rule without a case there fails the typecheck.
import { secretArnRegion } from '../config/credentials';
import { didYouMean, loadConfigFile, parseConfig, type ConfigResult, type LoadedConfig } from '../config/parse';
import { AWS_REGIONS } from './aws-regions';
import { regionPlan } from './region-plan';
import { alarmNameProblems, type AlarmNameOwner } from './alarm-names';
import { ownAlarmApps, plannedChecks } from './checks';
import { eventPatternProblems, MAX_EVENT_PATTERN_LENGTH } from './event-patterns';
import { LAMBDA_ENVIRONMENT_BYTES, streamEnvironmentProblems } from './stream-environment';
import { DEPLOY_LIMITS, deploymentSize } from './deployment-size';
import { browserJourneys } from './browser-part';
import { MAX_EVENT_AGE_MINUTES } from '../contract';
import { vpcRegionProblems } from './region-vpc';

/**
 * Servers one deployment holds: the most test/lib/scale.test.ts synthesizes with real bundling and checks against
 * every template limit (each server's alarms are a nested stack of their own). The dashboard and the outputs, which
 * journeys and SAML apps fill too, are counted by the size rule (deployment-size.ts), not by this number.
 */
export const MAX_SERVERS = 90;

/**
 * The fewest runs of one region the fast path needs at once: a run holds its rounds until the next run of its region
 * has written, so the held run, the next one and a late or duplicate delivery (Lambda's asynchronous invocations
 * may come twice or late) overlap. Below it Lambda throttles the next run, which then waits out its event age and is
 * dropped, and every minute without a run pages probe-down.
 */
const FAST_PATH_MIN_CONCURRENCY = 3;

/** The longest cadence of a schedule of its own, minutes (contract/settings.ts): the file's reader refuses it too. */
export { MAX_EVENT_AGE_MINUTES };

/** The way out every browser rule names: where a browser journey runs, and what checks SAML apps. */
const BROWSER_DOC = 'docs/decisions/browser-journey.md';

/** The regions a deployment goes to: the config's, else the one the CDK (or the AWS CLI) would pick. */
export function deployRegions(config: LoadedConfig, env: NodeJS.ProcessEnv): (string | undefined)[] {
  if (config.deploy.regions.length > 0) return [...config.deploy.regions];
  return [env.CDK_DEFAULT_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION];
}

type Regions = readonly (string | undefined)[];

/** One rule: what it keeps out, in words (docs/deploying.md lists them), and its judge. */
interface DeployRule {
  readonly keepsOut: string;
  readonly judge: (config: LoadedConfig, regions: Regions) => string[];
}

/** Every rule a deployment must pass, in the order their problems are listed. */
export const DEPLOY_RULES = {
  'known-region': {
    keepsOut: 'a region CloudFormation does not deploy to (us-east-9), named with the one meant',
    judge: (config, regions) => unknownRegionProblems(config, regions),
  },
  'one-partition': {
    keepsOut: 'regions of two partitions (aws and aws-cn): one account lives in one',
    judge: (_config, regions) => partitionProblems(regions),
  },
  'server-count': {
    keepsOut: `more than ${MAX_SERVERS} servers, the most test/lib/scale.test.ts synthesizes and checks`,
    judge: (config) => serverCountProblems(config),
  },
  'dashboard-and-outputs': {
    keepsOut:
      `a dashboard over CloudWatch's ${DEPLOY_LIMITS.widgets} widgets or ${DEPLOY_LIMITS.metrics} metrics, or ` +
      `a template over CloudFormation's ${DEPLOY_LIMITS.outputs} outputs, counting every server, journey and ` +
      `SAML app`,
    judge: (config) => sizeProblems(config),
  },
  'alarm-names': {
    keepsOut: "an alarm name over CloudWatch's 255 characters, or two alarms of one name",
    judge: (config) =>
      alarmNameProblems(
        config.deploy.prefix,
        alarmNameOwners(config),
        regionPlan(config).alarms.map((alarm) => alarm.name),
      ),
  },
  'secret-region': {
    keepsOut: 'a secretName ARN of another region than the stack: the Lambda reads secrets of its own region',
    judge: (config, regions) => secretRegionProblems(config, regions),
  },
  'vpc-regions': {
    keepsOut:
      "one vpc for several regions, or a vpc map missing a region deployed or naming one not deployed: a VPC's " +
      "subnets belong to one region, and Lambda attaches a function only to its own region's",
    judge: (config, regions) => vpcRegionProblems(config.deploy, regions),
  },
  'fast-path-concurrency': {
    keepsOut:
      `a reservedConcurrency below ${FAST_PATH_MIN_CONCURRENCY} with the fast path on, which holds each run ` +
      'until the next',
    judge: (config) => fastPathConcurrencyProblems(config),
  },
  'preview-concurrency': {
    keepsOut:
      "a reservedConcurrency with no room for the Preview org's run beside Production's: a throttled run pages " +
      'probe-down, and the Preview org must never page',
    judge: (config) => previewConcurrencyProblems(config),
  },
  'event-patterns': {
    keepsOut:
      `an EventBridge rule whose event pattern passes EventBridge's ${MAX_EVENT_PATTERN_LENGTH} characters: the ` +
      'sign-ins stream splits its rule there, and refuses an event type it cannot split',
    judge: (config) =>
      eventPatternProblems(
        config,
        plannedChecks(config.probe).some((c) => c.check === 'provisioning-health'),
        config.deploy.prefix,
      ),
  },
  'lambda-environment': {
    keepsOut:
      `a function whose environment variables pass Lambda's ${LAMBDA_ENVIRONMENT_BYTES} bytes: the sign-ins ` +
      "aggregator's grow with the journeys' usernames",
    judge: (config) =>
      streamEnvironmentProblems(
        config,
        plannedChecks(config.probe).some((c) => c.check === 'provisioning-health'),
      ),
  },
  'browser-journey': {
    keepsOut:
      'a "browser" sign-in journey of the Preview org: the browser function, which holds Chromium, runs ' +
      "Production's journeys alone (docs/decisions/browser-journey.md)",
    judge: (config) => browserJourneyProblems(config),
  },
  'browser-saml': {
    keepsOut:
      'a SAML app or group that signs in through a "browser" journey: the browser function hands no Okta session ' +
      "to SAML apps and the probe's function skips browser journeys, so neither would check it",
    judge: (config) => browserSamlProblems(config),
  },
  'event-age': {
    keepsOut:
      `a "browser" journey's or the Preview org's everyMinutes above ${MAX_EVENT_AGE_MINUTES}: its schedule keeps ` +
      "a run's event for one period, and Lambda keeps an asynchronous event at most 21,600 s",
    judge: (config) => eventAgeProblems(config),
  },
} as const satisfies Readonly<Record<string, DeployRule>>;

/** A "browser" journey's or the Preview org's cadence past the event age Lambda allows its schedule. */
function eventAgeProblems(config: LoadedConfig): string[] {
  const past = (minutes: number): string =>
    `${minutes} minutes is past what a deployed schedule of it allows: its run's event is kept for one period, ` +
    `and Lambda keeps an asynchronous event at most 21,600 s (${MAX_EVENT_AGE_MINUTES} minutes)`;
  const journeys = (config.probe.signIn ?? []).flatMap((journey, index) =>
    journey.flow === 'browser' && journey.everyMinutes > MAX_EVENT_AGE_MINUTES
      ? [
          `signIn[${index}].everyMinutes: ${past(journey.everyMinutes)}; set it to ${MAX_EVENT_AGE_MINUTES} or ` +
            `less for a "browser" journey (its function runs on its own schedule, ${BROWSER_DOC})`,
        ]
      : [],
  );
  const every = config.preview?.everyMinutes;
  const preview =
    every !== undefined && every > MAX_EVENT_AGE_MINUTES
      ? [`preview.everyMinutes: ${past(every)}; set it to ${MAX_EVENT_AGE_MINUTES} or less`]
      : [];
  return [...journeys, ...preview];
}

/**
 * A SAML app (or a group that discovers its apps) signing in through a "browser" journey: the browser function runs
 * its journeys alone, without SAML apps (browser-part.ts probeOfPart) and hands no session on, and the probe's
 * function skips the journey, so the app would be alarmed and never checked. A group without discovery holds only
 * its listed apps, each refused by its own entry; the listed groups come first in the parsed list, in the file's order.
 */
function browserSamlProblems(config: LoadedConfig): string[] {
  const browser = new Set(browserJourneys(config.probe).map((journey) => journey.id));
  const why = (signIn: string): string =>
    `"${signIn}" is a "browser" journey, and no deployed function signs SAML apps in through one (the browser ` +
    "function runs its journeys alone and hands no Okta session on; the probe's function skips them); name a " +
    `journey with flow "authn" or "idx" of the same user instead (${BROWSER_DOC})`;
  const apps = (config.probe.samlApps ?? []).flatMap((app, index) =>
    browser.has(app.signIn) ? [`samlApps[${index}].signIn: ${why(app.signIn)}`] : [],
  );
  const groups = (config.probe.samlGroups ?? []).flatMap((group, index) =>
    group.discover !== undefined && browser.has(group.signIn)
      ? [`samlGroups[${index}].signIn: ${why(group.signIn)}`]
      : [],
  );
  return [...apps, ...groups];
}

/** A "browser" journey of the Preview org would run in the probe's function, which holds no Chromium. */
function browserJourneyProblems(config: LoadedConfig): string[] {
  return browserJourneys(config.preview?.probe ?? {}).map(
    (journey) =>
      `preview.signIn.${journey.id}: a "browser" journey is deployed for Production only (its function holds ` +
      "Chromium; the Preview org's run has none); leave it out of preview.signIn, or run the Preview org's page " +
      `with \`okta-synthetics run\` where Chromium is installed (${BROWSER_DOC})`,
  );
}

export type DeployRuleName = keyof typeof DEPLOY_RULES;

/**
 * The rules that judge the regions themselves: a region that does not exist makes every other rule about it
 * meaningless.
 */
const REGION_RULES: readonly DeployRuleName[] = ['known-region', 'one-partition'];

/** Every reason the configuration cannot be deployed as written, each naming the field and the way out. */
export function deployProblems(config: LoadedConfig, regions: Regions): string[] {
  const judge = (names: readonly DeployRuleName[]): string[] =>
    names.flatMap((name) => DEPLOY_RULES[name].judge(config, regions));
  const regional = judge(REGION_RULES);
  if (regional.length > 0) return regional;
  return judge((Object.keys(DEPLOY_RULES) as DeployRuleName[]).filter((name) => !REGION_RULES.includes(name)));
}

type Deployable =
  | { readonly ok: true; readonly config: LoadedConfig; readonly warnings?: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * The one reading of a file to deploy, for `cdk synth` and for every command that describes a deployment (plan,
 * cost, status, notify-test, report --config): the config in deploy mode, then every deploy rule. `regionEnv` says
 * where a config without `regions` deploys (synth passes CDK_DEFAULT_REGION only; the CLI its own environment).
 */
export function loadDeployable(file: string, env: NodeJS.ProcessEnv, regionEnv: NodeJS.ProcessEnv = env): Deployable {
  return deployable(loadConfigFile(file, 'deploy', env), regionEnv);
}

/**
 * A configuration already parsed from JSON (the construct's `props.config` as an object), judged as a file is:
 * relative paths in it are read from `baseDir`.
 */
export function parseDeployable(
  raw: unknown,
  baseDir: string,
  env: NodeJS.ProcessEnv,
  regionEnv: NodeJS.ProcessEnv = env,
): Deployable {
  return deployable(parseConfig(raw, { mode: 'deploy', baseDir, env }), regionEnv);
}

function deployable(loaded: ConfigResult, regionEnv: NodeJS.ProcessEnv): Deployable {
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const problems = deployProblems(loaded.config, deployRegions(loaded.config, regionEnv));
  return problems.length > 0
    ? { ok: false, errors: problems }
    : { ok: true, config: loaded.config, warnings: loaded.warnings };
}

/** The ids that name alarms, each with the field that sets it: servers, then journeys, then SAML apps. */
export function alarmNameOwners(config: LoadedConfig): AlarmNameOwner[] {
  return [
    ...config.probe.servers.map((server, index) => ({ id: server.id, field: `servers[${index}].id` })),
    ...(config.probe.signIn ?? []).map((signIn, index) => ({ id: signIn.id, field: `signIn[${index}].id` })),
    ...(config.probe.samlApps ?? []).map((app, index) => ({ id: app.id, field: `samlApps[${index}].id` })),
    ...(config.probe.samlGroups ?? []).map((group, index) => ({ id: group.id, field: `samlGroups[${index}].id` })),
  ];
}

/**
 * Regions CloudFormation can deploy to, all in one partition (one account lives in one). The config's shape check
 * accepts any name like eu-west-1; without this, us-east-9 synthesizes a stack for a region that does not exist.
 */
function unknownRegionProblems(config: LoadedConfig, regions: Regions): string[] {
  const named = config.deploy.regions.length > 0;
  const field = (index: number): string =>
    named ? `regions[${index}]` : 'region (CDK_DEFAULT_REGION or AWS_REGION, the config lists none)';
  const known = Object.keys(AWS_REGIONS);
  return regions.flatMap((region, index) => {
    if (region === undefined || AWS_REGIONS[region] !== undefined) return [];
    const hint = didYouMean(region, known);
    return [
      `${field(index)}: "${region}" is not an AWS region${hint !== undefined ? ` (did you mean ${hint}?)` : ''}; ` +
        `use a region code as the AWS console's region menu shows it, e.g. us-east-1 or eu-west-1`,
    ];
  });
}

function partitionProblems(regions: Regions): string[] {
  const partitions = [
    ...new Set(
      regions.flatMap((region) =>
        region !== undefined && AWS_REGIONS[region] !== undefined ? [AWS_REGIONS[region]] : [],
      ),
    ),
  ];
  if (partitions.length <= 1) return [];
  const where = partitions
    .map(
      (partition) =>
        `${partition}: ${regions.filter((r) => r !== undefined && AWS_REGIONS[r] === partition).join(', ')}`,
    )
    .join('; ');
  return [
    `regions: one deployment's account lives in one partition, and these regions are in ${partitions.length} ` +
      `(${where}); deploy each partition from a configuration file of its own`,
  ];
}

/** The way out of every size rule: two deployments. */
const SPLIT =
  'split them into two configuration files with different "prefix" values and deploy each (one stack, ' +
  'dashboard and set of alarms per file)';

function serverCountProblems(config: LoadedConfig): string[] {
  const count = config.probe.servers.length;
  if (count <= MAX_SERVERS) return [];
  return [
    `servers: ${count} servers are more than one deployment holds (${MAX_SERVERS}: the most it is built and ` +
      `checked with, its alarm stacks, templates and dashboard); ${SPLIT}`,
  ];
}

/** What every deployment must fit, counted from the plan (deployment-size.ts). */
function sizeProblems(config: LoadedConfig): string[] {
  const size = deploymentSize(config);
  const rows =
    `${config.probe.servers.length} servers, ${config.probe.signIn?.length ?? 0} sign-in journeys, ${ownAlarmApps(config.probe).length} ` +
    `SAML apps with ownAlarm and ${config.probe.samlGroups?.length ?? 0} groups of SAML apps`;
  const over = [
    size.widgets > DEPLOY_LIMITS.widgets &&
      `the dashboard would hold ${size.widgets} widgets (CloudWatch allows ${DEPLOY_LIMITS.widgets}: each ` +
        `server, journey, SAML app with ownAlarm and group takes a row of 3 to 12)`,
    size.metrics > DEPLOY_LIMITS.metrics &&
      `the dashboard would graph ${size.metrics} metrics (CloudWatch allows ${DEPLOY_LIMITS.metrics})`,
    size.outputs > DEPLOY_LIMITS.outputs &&
      `the template would have ${size.outputs} outputs (CloudFormation allows ${DEPLOY_LIMITS.outputs}: two ` +
        `per secret the stack creates)`,
  ].filter((reason): reason is string => reason !== false);
  // A SAML app's own row is the exception; counted in a group, a thousand apps take one row.
  const way =
    ownAlarmApps(config.probe).length > 0
      ? `count the SAML apps in a group instead (leave "ownAlarm" out: a group's row and alarms do not grow ` +
        `with its apps), or ${SPLIT}`
      : SPLIT;
  return over.length === 0
    ? []
    : [`servers, signIn, samlApps: ${rows} are more than one deployment holds: ${over.join('; ')}; ${way}`];
}

/**
 * A Lambda reads Secrets Manager in its own region: a secretName ARN of another region is accepted by
 * CloudFormation and then fails every run with SECRETS_UNAVAILABLE. Refused here, naming the field.
 */
function fastPathConcurrencyProblems(config: LoadedConfig): string[] {
  const reserved = config.deploy.reservedConcurrency;
  if (config.deploy.quorum === null || reserved === null || reserved >= FAST_PATH_MIN_CONCURRENCY) return [];
  return [
    `reservedConcurrency: ${reserved} is too few for the fast path, whose runs each hold their rounds until the ` +
      `next run has written (the held run, the next and a late or duplicate delivery run at once); reserve at ` +
      `least ${FAST_PATH_MIN_CONCURRENCY}, or set it to null`,
  ];
}

/**
 * The Preview org's run is the same function (plan/preview.ts): it takes one more concurrent run than Production's
 * need, so a reservation without it would throttle one of them, and throttles page through probe-down.
 */
function previewConcurrencyProblems(config: LoadedConfig): string[] {
  const reserved = config.deploy.reservedConcurrency;
  const needed = (config.deploy.quorum === null ? 1 : FAST_PATH_MIN_CONCURRENCY) + 1;
  if (config.preview === undefined || reserved === null || reserved >= needed) return [];
  return [
    `reservedConcurrency: ${reserved} leaves no room for the Preview org's run (preview), which the same function ` +
      `runs beside Production's; reserve at least ${needed}, or set it to null`,
  ];
}

function secretRegionProblems(config: LoadedConfig, regions: Regions): string[] {
  return config.probe.servers.flatMap((server, index) => {
    const { credential } = server;
    const arn = credential.kind === 'secrets_manager' ? credential.secretId : undefined;
    const secretRegion = arn === undefined ? undefined : secretArnRegion(arn);
    const others = regions.filter((region): region is string => region !== undefined && region !== secretRegion);
    if (secretRegion === undefined || others.length === 0) return [];
    return [
      `servers[${index}].secretName: the secret is in ${secretRegion}, but the stack also deploys to ${others.join(', ')}, ` +
        `where the probe cannot read it; replicate the secret to each region and give its name (not an ARN), ` +
        `or deploy only to ${secretRegion}`,
    ];
  });
}
