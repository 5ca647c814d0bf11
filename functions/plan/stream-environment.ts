// The sign-ins aggregator's environment (userSignIns.eventSource), counted without the CDK: the stack sets exactly
// these variables (lib/sign-in-stream.ts), and Lambda allows 4 KB of them in all (Lambda quotas, "Environment
// variables"). The journeys' usernames it leaves out grow it with every journey, so `plan` and `cdk synth` refuse a
// config past it with the same words (deploy-rules.ts 'lambda-environment', template-quotas.ts).
import {
  INTEGRATION_STREAM_ENV,
  PROVISIONING_KEY_SECRET_ENV,
  provisioningKeySecretName,
  SIGN_IN_EXCLUDED_ENV,
  SIGN_IN_TALLIES_TABLE_ENV,
  signInTalliesTableName,
} from '../contract';
import { integrationPattern, signInEventSource } from './event-patterns';

/** Lambda quotas (gettingstarted-limits.html): "Environment variables", 4 KB in all, names and values. */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;

interface StreamConfig {
  readonly deploy: { readonly prefix: string };
  readonly probe: Parameters<typeof integrationPattern>[0]['probe'] & {
    readonly signIn?: readonly { readonly username: string }[];
  };
}

/** The aggregator's variables as the stack sets them, the table's by its name (the token's value). */
export function aggregatorEnvironment(config: StreamConfig, provisioned: boolean): Record<string, string> {
  const { prefix } = config.deploy;
  const excluded = (config.probe.signIn ?? []).map((j) => j.username.toLowerCase());
  return {
    [SIGN_IN_TALLIES_TABLE_ENV]: signInTalliesTableName(prefix),
    [SIGN_IN_EXCLUDED_ENV]: JSON.stringify(excluded),
    // By its name, as the probe is told it: the secret's own name attribute is a token of its ARN.
    ...(provisioned && { [PROVISIONING_KEY_SECRET_ENV]: provisioningKeySecretName(prefix) }),
    // The integrations' events come on the rule: the aggregator counts them (probe/integrations/stream.ts).
    ...(integrationPattern(config).length > 0 && { [INTEGRATION_STREAM_ENV]: '1' }),
  };
}

/** Bytes of a function's environment as Lambda counts it: every name and value. */
export function environmentBytes(variables: Readonly<Record<string, string>>): number {
  return Object.entries(variables).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/** The one wording of a function's environment past Lambda's 4 KB (`where`: the template, when judged there). */
export function environmentProblem(functionName: string, bytes: number, where = ''): string {
  return (
    `${where}signIn, userSignIns.eventSource: the function ${functionName}'s environment variables would be ` +
    `${bytes} bytes, past Lambda's ${LAMBDA_ENVIRONMENT_BYTES} (Lambda quotas, environment variables); the sign-ins ` +
    `aggregator's grow with the journeys' usernames it leaves out: split the journeys into two files with ` +
    `different "prefix" values`
  );
}

/** The aggregator's environment past the quota, for `plan` and synth; nothing without userSignIns.eventSource. */
export function streamEnvironmentProblems(config: StreamConfig, provisioned: boolean): string[] {
  if (signInEventSource(config) === undefined) return [];
  const bytes = environmentBytes(aggregatorEnvironment(config, provisioned));
  return bytes <= LAMBDA_ENVIRONMENT_BYTES ? [] : [environmentProblem(`${config.deploy.prefix}-sign-ins`, bytes)];
}
