// The probe's own VPC's address ranges, for the hooks' TLS guard (probe/integrations/hook-tls.ts): a VPC's CIDR blocks
// need not be private (RFC 1918), and a hook host resolving into one would otherwise be connected to from inside the
// customer's network. DescribeSubnets on the subnets the stack runs the function in (granted already: Lambda's VPC
// attachment needs it) gives their VPC and their own blocks; DescribeVpcs gives the VPC's blocks, which hold its every
// subnet (the probe's and the rest), IPv4 and IPv6, primary and associated. Read once a process: a VPC's blocks change
// when an admin associates one. A failed read is kept a while, not the process's life, and is never "no ranges": the
// guard then connects to no hook host (docs/decisions/hook-guard-own-vpc.md).
// Static named imports: esbuild keeps only these two of the EC2 client's commands.
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { OwnNetwork } from '../types';
import { budget, NO_RUN_END, type RunEnd } from '../deadline';
import { createMemoryCache, readThrough } from '../cache/read-through';

/** Each call's own timeout, ms: EC2 answers in tens of ms; a cold start's first call also builds the signer. */
export const EC2_CALL_TIMEOUT_MS = 5000;
/** A failed read is asked again after this long, ms, never sooner: a few runs told unread, not a sandbox's life. */
export const OWN_VPC_AGAIN_MS = 10 * 60_000;

/** An AWS error's name when printable (UnauthorizedOperation, TimeoutError...), else a word of ours. */
function codeOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_.]{2,60}$/.test(name) ? name : 'EC2_FAILED';
}

const present = (values: readonly (string | undefined)[]): string[] =>
  values.filter((v): v is string => typeof v === 'string' && v !== '');

/** The subnets' and their VPC's CIDR blocks, or why not. Never throws. */
export async function readOwnVpc(
  subnetIds: readonly string[],
  client: EC2Client,
  runEnd: RunEnd = NO_RUN_END,
): Promise<OwnNetwork> {
  // No id would list every subnet of the account's region: another VPC's ranges are not the probe's.
  if (subnetIds.length === 0) return { unread: 'NO_SUBNETS' };
  try {
    const call = { abortSignal: budget(runEnd(), EC2_CALL_TIMEOUT_MS) };
    const subnets = (await client.send(new DescribeSubnetsCommand({ SubnetIds: [...subnetIds] }), call)).Subnets ?? [];
    const vpcIds = [...new Set(present(subnets.map((s) => s.VpcId)))];
    if (vpcIds.length === 0) return { unread: 'NO_SUBNET_VPC' };
    const later = { abortSignal: budget(runEnd(), EC2_CALL_TIMEOUT_MS) };
    const vpcs = (await client.send(new DescribeVpcsCommand({ VpcIds: vpcIds }), later)).Vpcs ?? [];
    if (vpcs.length === 0) return { unread: 'NO_VPC' };
    // The VPC's blocks first, so a host is named by the VPC's block that holds it; the subnets' lie within them.
    const cidrs = present([
      ...vpcs.flatMap((v) => [
        v.CidrBlock,
        ...(v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock),
        ...(v.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock),
      ]),
      ...subnets.flatMap((s) => [s.CidrBlock, ...(s.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock)]),
    ]);
    return { cidrs: [...new Set(cidrs)] };
  } catch (error) {
    return { unread: codeOf(error) };
  }
}

/**
 * The reader the probe's runs share: the first call reads, every later one gets that read (the one read-through
 * cache, kept for the process's life); a failed read is kept OWN_VPC_AGAIN_MS only, then asked again. Concurrent
 * callers share one read.
 */
export function ownVpcReader(
  subnetIds: readonly string[],
  {
    client = new EC2Client({ maxAttempts: 2 }),
    now = Date.now,
    runEnd = NO_RUN_END,
  }: { readonly client?: EC2Client; readonly now?: () => number; readonly runEnd?: RunEnd } = {},
): () => Promise<OwnNetwork> {
  const cache = createMemoryCache();
  const policy = {
    keep: (ranges: OwnNetwork) => ({ value: ranges, maxAgeMs: 'unread' in ranges ? OWN_VPC_AGAIN_MS : Infinity }),
  };
  let reading: Promise<OwnNetwork> | undefined;
  return () =>
    (reading ??= readThrough(cache, 'own-vpc', now(), policy, () => readOwnVpc(subnetIds, client, runEnd))
      .then((read) => read.value)
      .finally(() => {
        reading = undefined;
      }));
}

/** The subnet ids the stack wrote (OWN_SUBNETS_ENV), or none. */
export function subnetIdsOf(value: string | undefined): string[] {
  return (value ?? '').split(',').filter((id) => /^subnet-[0-9a-f]{8,17}$/.test(id));
}
