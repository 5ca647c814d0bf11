// What one deployment cannot hold, judged once for every command that deploys or describes a deployment:
// `cdk synth` (lib/build-app.ts), `plan` and `cost` refuse exactly the same configurations with the same words.
// Pure, no CDK: these are limits of CloudFormation, CloudWatch and Lambda, stated before anything is created.
import { secretArnRegion } from '../config/credentials';
import { didYouMean, type LoadedConfig } from '../config/parse';
import { AWS_REGIONS } from './aws-regions';
import { plannedAlarms } from './alarms';
import { ownAlarmApps } from './checks';
import { alarmNameProblems, type AlarmNameOwner } from './alarm-names';

/**
 * Servers one deployment holds. Each server's alarms are a nested stack of their own, so resources are not the
 * bound; what is: CloudFormation's 200 outputs per template (two per server secret: its name and put command),
 * and CloudWatch's 500 widgets and 2,500 metrics per dashboard (about 4 and 22 per server). 90 keeps each below
 * its limit with room; test/lib/scale.test.ts synthesizes exactly this many and checks every limit.
 */
export const MAX_SERVERS = 90;

/**
 * Targets with alarms of their own one deployment holds (issue 37): servers, sign-in journeys, SAML apps with
 * ownAlarm and groups of SAML apps. Each is a nested stack of alarms (a resource of the main template, whose limit is
 * 500) and a row of about five widgets (CloudWatch's limit is 500 a dashboard). A group counts once whatever its apps:
 * the way past this is to count apps in a group, not to give each its own alarm. test/lib/scale.test.ts synthesizes
 * exactly this many and checks every limit.
 */
export const MAX_TARGETS = 90;

/** The regions a deployment goes to: the config's, else the one the CDK (or the AWS CLI) would pick. */
export function deployRegions(config: LoadedConfig, env: NodeJS.ProcessEnv): (string | undefined)[] {
  if (config.deploy.regions.length > 0) return [...config.deploy.regions];
  return [env.CDK_DEFAULT_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION];
}

/** Every reason the configuration cannot be deployed as written, each naming the field and the way out. */
export function deployProblems(config: LoadedConfig, regions: readonly (string | undefined)[]): string[] {
  const unknown = regionProblems(config, regions);
  // A region that does not exist makes every other rule about it meaningless.
  if (unknown.length > 0) return unknown;
  return [...sizeProblems(config), ...alarmNameProblems(config.deploy.prefix, alarmNameOwners(config), plannedAlarms(config).map((alarm) => alarm.name)), ...secretRegionProblems(config, regions)];
}

/** The ids that name alarms, each with the field that sets it: servers, then journeys, then SAML apps. */
export function alarmNameOwners(config: LoadedConfig): AlarmNameOwner[] {
  return [
    ...config.probe.servers.map((server, index) => ({ id: server.id, field: `servers[${index}].id` })),
    ...(config.probe.signIn ?? []).map((signIn, index) => ({ id: signIn.id, field: `signIn[${index}].id` })),
    ...(config.probe.samlApps ?? []).map((app, index) => ({ id: app.id, field: `samlApps[${index}].id` })),
  ];
}

/**
 * Regions CloudFormation can deploy to, all in one partition (one account lives in one). The config's shape check
 * accepts any name like eu-west-1; without this, us-east-9 synthesizes a stack for a region that does not exist.
 */
function regionProblems(config: LoadedConfig, regions: readonly (string | undefined)[]): string[] {
  const named = config.deploy.regions.length > 0;
  const field = (index: number): string => (named ? `regions[${index}]` : 'region (CDK_DEFAULT_REGION or AWS_REGION, the config lists none)');
  const known = Object.keys(AWS_REGIONS);
  const problems = regions.flatMap((region, index) => {
    if (region === undefined || AWS_REGIONS[region] !== undefined) return [];
    const hint = didYouMean(region, known);
    return [`${field(index)}: "${region}" is not an AWS region${hint !== undefined ? ` (did you mean ${hint}?)` : ''}; use a region code as the AWS console's region menu shows it, e.g. us-east-1 or eu-west-1`];
  });
  const partitions = [...new Set(regions.flatMap((region) => (region !== undefined && AWS_REGIONS[region] !== undefined ? [AWS_REGIONS[region]] : [])))];
  if (partitions.length > 1) {
    const where = partitions.map((partition) => `${partition}: ${regions.filter((r) => r !== undefined && AWS_REGIONS[r] === partition).join(', ')}`).join('; ');
    problems.push(`regions: one deployment's account lives in one partition, and these regions are in ${partitions.length} (${where}); deploy each partition from a configuration file of its own`);
  }
  return problems;
}

function sizeProblems(config: LoadedConfig): string[] {
  const { probe } = config;
  const count = probe.servers.length;
  if (count > MAX_SERVERS) {
    return [
      `servers: ${count} servers are more than one deployment holds (${MAX_SERVERS}: CloudFormation's 200 outputs per template, CloudWatch's 500 widgets and 2,500 metrics per dashboard); ` +
        'split them into two configuration files with different "prefix" values and deploy each (one stack, dashboard and set of alarms per file)',
    ];
  }
  const own = ownAlarmApps(probe).length;
  const groups = probe.samlGroups?.length ?? 0;
  const journeys = probe.signIn?.length ?? 0;
  const targets = count + journeys + own + groups;
  if (targets <= MAX_TARGETS) return [];
  const parts = `${count} servers, ${journeys} sign-in journeys, ${own} SAML apps with ownAlarm and ${groups} groups of SAML apps`;
  const limits = `${MAX_TARGETS}: each is a nested stack of alarms, a resource of the main template (CloudFormation allows 500), and a dashboard row of about five widgets (CloudWatch allows 500)`;
  const way = own > 0
    ? `count those SAML apps in a group instead (leave "ownAlarm" out: a group's alarms and widgets do not grow with its apps), keeping ownAlarm for the few that need their own page`
    : 'split them into two configuration files with different "prefix" values and deploy each';
  return [`samlApps: ${targets} targets with alarms of their own (${parts}) are more than one deployment holds (${limits}); ${way}`];
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
