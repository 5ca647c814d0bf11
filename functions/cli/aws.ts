// AWS from the CLI as the AWS CLI does it, one way for every command that calls AWS (status, notify-test, report,
// secrets put, run --secrets aws): the account from --profile, else AWS_PROFILE, else the standard chain (environment,
// SSO, a role); the region from --region, else the config's first region (where the stack is), else AWS_REGION,
// AWS_DEFAULT_REGION, the profile's region. The per-region commands (status, notify-test, report, secrets put) act on
// every region of the config unless --region names one of them. Credentials are resolved before any request is sent,
// and a failure is named by its real cause: DNS, network, credentials or permission, each with its fix.
import type { DeploySettings } from '../config/schema';
import { CouldNotRunError, UsageError, type CommandIo, type Options } from './frame';

/** --region and --profile, the options of every command that calls AWS. */
export const AWS_OPTIONS = {
  region: { type: 'string' },
  profile: { type: 'string' },
} as const satisfies Options;

/** Help lines for the two options, the same in every command. */
export const AWS_HELP = `      --region R      the region (default: the config's first region, else
                      AWS_REGION, AWS_DEFAULT_REGION, the profile's region)
      --profile NAME  the AWS CLI profile to use (default: AWS_PROFILE, else
                      the standard chain: environment, SSO, a role)`;

/** Help lines for the two options of a per-region command (awsTargets), the same in each. */
export const AWS_REGIONS_HELP = `      --region R      only this region of the config's "regions" (default: every
                      one; without "regions", AWS_REGION, AWS_DEFAULT_REGION,
                      the profile's region)
      --profile NAME  the AWS CLI profile to use (default: AWS_PROFILE, else
                      the standard chain: environment, SSO, a role)`;

/** Where a command's AWS calls go. */
export interface AwsTarget {
  readonly region: string;
  /** The named profile (--profile, else AWS_PROFILE); undefined: the SDK's default chain. */
  readonly profile?: string;
}

/** An SDK client's config as every command builds it: the target's region and profile. */
export function clientConfig(target: AwsTarget): { region: string; profile?: string } {
  return { region: target.region, ...(target.profile !== undefined ? { profile: target.profile } : {}) };
}

/**
 * The region and profile of a command, in the AWS CLI's order with the config's region first: the stack lives
 * there. When the config names several regions, the first is used and stderr says how to pick another.
 */
export async function awsTarget(
  command: string,
  flags: { readonly region?: string | undefined; readonly profile?: string | undefined },
  deploy: Pick<DeploySettings, 'regions'> | undefined,
  io: Pick<CommandIo, 'env' | 'stderr'>,
): Promise<AwsTarget> {
  const profile = nonEmpty(flags.profile) ?? nonEmpty(io.env.AWS_PROFILE);
  const regions = deploy?.regions ?? [];
  if (flags.region === undefined && regions.length > 1) {
    io.stderr(
      `${command}: the config deploys to ${regions.join(', ')}; using ${regions[0]} (--region picks another)\n`,
    );
  }
  const region =
    nonEmpty(flags.region) ??
    regions[0] ??
    nonEmpty(io.env.AWS_REGION) ??
    nonEmpty(io.env.AWS_DEFAULT_REGION) ??
    (await profileRegion(profile));
  if (region === undefined) {
    throw new UsageError(
      `${command}: no AWS region: pass --region R, list "regions" in the config, set AWS_REGION, or set the ` +
        `region of ${profile !== undefined ? `the profile ${profile}` : 'your AWS CLI profile'} (aws configure ` +
        `set region R)`,
      command,
    );
  }
  return { region, ...(profile !== undefined ? { profile } : {}) };
}

/**
 * The regions a per-region command acts on: every region the config deploys to (each region's stack is a deployment
 * of its own, with its own secrets, alarms and run log), or the one --region names, which must be one of them.
 * A config without "regions" deploys to one region, found as awsTarget finds it.
 */
export async function awsTargets(
  command: string,
  flags: { readonly region?: string | undefined; readonly profile?: string | undefined },
  deploy: Pick<DeploySettings, 'regions'>,
  io: Pick<CommandIo, 'env' | 'stderr'>,
): Promise<AwsTarget[]> {
  const { regions } = deploy;
  const asked = nonEmpty(flags.region);
  if (asked !== undefined && regions.length > 0 && !regions.includes(asked)) {
    throw new UsageError(
      `${command}: --region ${asked} is not a region of the config ("regions": ${regions.join(', ')}): pass ` +
        `one of them, or leave --region out to act on every region`,
      command,
    );
  }
  if (asked !== undefined || regions.length <= 1) return [await awsTarget(command, flags, deploy, io)];
  return Promise.all(regions.map((region) => awsTarget(command, { ...flags, region }, undefined, io)));
}

/** The profile's region from ~/.aws/config, read by the SDK as the AWS CLI reads it. */
async function profileRegion(profile: string | undefined): Promise<string | undefined> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  const client = new CloudWatchClient(profile !== undefined ? { profile } : {});
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

/** The part of an SDK client that resolves its credentials. */
interface CredentialedClient {
  readonly config: { readonly credentials: () => Promise<unknown> };
}

/**
 * The client's credentials, resolved now: none is "could not run" (EXIT_COULD_NOT_RUN), before any request, with
 * the AWS CLI's ways to sign in.
 */
export async function requireAwsCredentials(
  command: string,
  client: CredentialedClient,
  target: AwsTarget,
): Promise<void> {
  try {
    await client.config.credentials();
  } catch (error) {
    throw new CouldNotRunError(`${command}: ${describeAwsFailure(error, target)}`);
  }
}

/** What went wrong talking to AWS, and whether it is the place the command runs in (could not run) or AWS's answer. */
interface AwsFailure {
  readonly cause: 'credentials' | 'dns' | 'network' | 'permission' | 'refused';
  readonly text: string;
}

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError', 'ProviderError']);
const INVALID_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
]);
const PERMISSION_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** An SDK failure by its real cause: no DNS, no network, no or bad credentials, no permission, or AWS's refusal. */
export function classifyAwsFailure(error: unknown, target?: AwsTarget): AwsFailure {
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    hostname?: string;
    cause?: { code?: string };
    $metadata?: { httpStatusCode?: number };
  };
  const name = e.name ?? 'Error';
  const message = (e.message ?? String(error)).split('\n')[0] ?? '';
  const code = e.code ?? e.cause?.code;
  const profile = target?.profile !== undefined ? ` (profile ${target.profile})` : '';
  if (CREDENTIAL_ERRORS.has(name) || /could not load credentials|credential.*(missing|not found)/i.test(message)) {
    return {
      cause: 'credentials',
      text:
        `no AWS credentials${profile} (${message}): sign in as you would for the AWS CLI (aws sso login, aws ` +
        `configure, --profile NAME or AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run ` +
        `again`,
    };
  }
  if (INVALID_CREDENTIALS.has(name)) {
    return {
      cause: 'credentials',
      text:
        `AWS did not accept the credentials${profile} (${name}: ${message}): they are wrong or expired; sign ` +
        `in again (aws sso login, aws configure) or check AWS_ACCESS_KEY_ID`,
    };
  }
  if (code !== undefined && DNS_CODES.has(code)) {
    return {
      cause: 'dns',
      text:
        `cannot resolve ${e.hostname ?? "AWS's endpoint"} (${code}): no DNS answer for AWS from here; check ` +
        `the network, the DNS resolver or HTTPS_PROXY${
          target !== undefined ? `, and that ${target.region} ` + `is a region` : ''
        }`,
    };
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || name === 'TimeoutError') {
    return {
      cause: 'network',
      text: `AWS is unreachable (${code ?? name}: ${message}): check the network or HTTPS_PROXY`,
    };
  }
  if (PERMISSION_ERRORS.has(name) || e.$metadata?.httpStatusCode === 403) {
    return {
      cause: 'permission',
      text: `AWS refused: the identity lacks a permission (${name}: ${message}); see --help for the permissions needed`,
    };
  }
  if (e.$metadata?.httpStatusCode === undefined) {
    return { cause: 'network', text: `could not call AWS (${name}: ${message}): check the network or HTTPS_PROXY` };
  }
  return { cause: 'refused', text: `AWS refused (${name}: ${message})` };
}

/** classifyAwsFailure's words. */
export function describeAwsFailure(error: unknown, target?: AwsTarget): string {
  return classifyAwsFailure(error, target).text;
}

/**
 * A failed AWS call as the command's failure: the place it runs in (credentials, DNS, network, permission) is
 * "could not run"; an answer AWS gave about the request itself is returned for the command to judge.
 */
export function couldNotRunOr(command: string, error: unknown, target?: AwsTarget, after = ''): AwsFailure {
  if (error instanceof CouldNotRunError) throw error;
  const failure = classifyAwsFailure(error, target);
  if (failure.cause !== 'refused') throw new CouldNotRunError(`${command}: ${failure.text}${after}`);
  return failure;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
