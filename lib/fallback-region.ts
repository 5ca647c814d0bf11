// The CDK CLI's quiet region: run with no region anywhere it looks, it passes us-east-1, where the CLI's commands
// refuse "no AWS region". The project's app refuses it (lib/build-app.ts); the construct reads no environment: its
// stacks take their Stage's region, or are environment-agnostic as the team's own stacks are.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoadedConfig } from '../functions/config/parse';

/** The region the CDK CLI passes when nothing names one (aws-cdk SdkProvider.region: "defaulting to 'us-east-1'"). */
const CDK_FALLBACK_REGION = 'us-east-1';

/**
 * Run by the CDK CLI (CDK_OUTDIR), with no region anywhere the CLI looks (the config's regions, AWS_REGION,
 * AWS_DEFAULT_REGION, the profile), the CDK CLI quietly passes us-east-1, where `status`, `notify-test` and
 * `secrets put` refuse "no AWS region": the synth refuses alike, with the same ways to name one. A `cdk --profile P`
 * is not passed to the app: AWS_PROFILE=P is, and the message says so.
 */
export function fallbackRegionProblem(
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
export function iniProfileRegion(env: NodeJS.ProcessEnv): string | undefined {
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
