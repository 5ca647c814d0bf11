// What one deployment cannot hold, judged once for every command that deploys or describes a deployment:
// `cdk synth` (lib/build-app.ts), `plan` and `cost` refuse exactly the same configurations with the same words.
// Pure, no CDK: these are limits of CloudFormation, CloudWatch and Lambda, stated before anything is created.
import { secretArnRegion } from '../config/credentials';
import type { LoadedConfig } from '../config/parse';
import { plannedAlarms } from './alarms';
import { alarmNameProblems, type AlarmNameOwner } from './alarm-names';

/**
 * Servers one deployment holds. Each server's alarms are a nested stack of their own, so resources are not the
 * bound; what is: CloudFormation's 200 outputs per template (two per server secret: its name and put command),
 * and CloudWatch's 500 widgets and 2,500 metrics per dashboard (about 4 and 22 per server). 90 keeps each below
 * its limit with room; test/lib/scale.test.ts synthesizes exactly this many and checks every limit.
 */
export const MAX_SERVERS = 90;

/** The regions a deployment goes to: the config's, else the one the CDK (or the AWS CLI) would pick. */
export function deployRegions(config: LoadedConfig, env: NodeJS.ProcessEnv): (string | undefined)[] {
  if (config.deploy.regions.length > 0) return [...config.deploy.regions];
  return [env.CDK_DEFAULT_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION];
}

/** Every reason the configuration cannot be deployed as written, each naming the field and the way out. */
export function deployProblems(config: LoadedConfig, regions: readonly (string | undefined)[]): string[] {
  return [...sizeProblems(config), ...alarmNameProblems(config.deploy.prefix, alarmNameOwners(config), plannedAlarms(config).map((alarm) => alarm.name)), ...secretRegionProblems(config, regions)];
}

/** The ids that name alarms, each with the field that sets it: servers, then journeys. */
export function alarmNameOwners(config: LoadedConfig): AlarmNameOwner[] {
  return [
    ...config.probe.servers.map((server, index) => ({ id: server.id, field: `servers[${index}].id` })),
    ...(config.probe.signIn ?? []).map((signIn, index) => ({ id: signIn.id, field: `signIn[${index}].id` })),
  ];
}

function sizeProblems(config: LoadedConfig): string[] {
  const count = config.probe.servers.length;
  if (count <= MAX_SERVERS) return [];
  return [
    `servers: ${count} servers are more than one deployment holds (${MAX_SERVERS}: CloudFormation's 200 outputs per template, CloudWatch's 500 widgets and 2,500 metrics per dashboard); ` +
      'split them into two configuration files with different "prefix" values and deploy each (one stack, dashboard and set of alarms per file)',
  ];
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
