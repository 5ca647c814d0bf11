// Which subnets each region's functions run in. A VPC and its subnets belong to one Region, and Lambda attaches a
// function only to subnets and security groups of its own Region (Amazon VPC user guide; Lambda developer guide,
// "Giving Lambda functions access to resources in an Amazon VPC"): one set of ids for several regions fails
// CreateFunction in every region but the VPC's own. So `vpc` is one set for a deployment to one region, else a map
// with exactly one entry for each region deployed, refused by `cdk synth` and `plan` alike (deploy-rules.ts).
import { didYouMean } from '../text/did-you-mean';
import type { DeploySettings, VpcSettings } from '../config/schema';

/** How `vpc` is written as a map, for the fix each refusal names. */
const MAP_FORM = '{ "<region>": { "subnetIds": [...], "securityGroupIds": [...] }, ... }';

/** The subnets and security groups the functions of `region`'s stack run in; null outside a VPC. */
export function vpcOfRegion(deploy: Pick<DeploySettings, 'vpc'>, region: string | undefined): VpcSettings | null {
  const { vpc } = deploy;
  if (vpc === null) return null;
  if (!('byRegion' in vpc)) return vpc;
  const own = region === undefined ? undefined : vpc.byRegion[region];
  // The deploy rules refuse a map without this region before any stack is made: reaching here is a caller's bug.
  if (own === undefined) throw new Error(`vpc: no entry for the region ${region ?? '(unknown)'}`);
  return own;
}

/** Why `vpc` cannot deploy to `regions` (the config's, or the one the CDK would pick), each naming the fix. */
export function vpcRegionProblems(
  deploy: Pick<DeploySettings, 'vpc'>,
  regions: readonly (string | undefined)[],
): string[] {
  const { vpc } = deploy;
  if (vpc === null) return [];
  const named = regions.filter((region): region is string => region !== undefined);
  if (!('byRegion' in vpc)) {
    if (named.length <= 1) return [];
    return [
      `vpc: one set of subnets and security groups for ${named.length} regions (${named.join(', ')}), but a VPC ` +
        "belongs to one region and Lambda attaches a function only to its own region's subnets, so every region " +
        `but the VPC's own would fail to create its functions; write vpc as a map with each region's own subnets ` +
        `and security groups: ${MAP_FORM}`,
    ];
  }
  if (named.length < regions.length)
    return [
      'vpc: a map by region, but the region this deployment goes to is not known (the config lists no "regions", ' +
        'and neither CDK_DEFAULT_REGION nor AWS_REGION is set); name it in "regions"',
    ];
  const listed = Object.keys(vpc.byRegion);
  const missing = named
    .filter((region) => !listed.includes(region))
    .map(
      (region) =>
        `vpc: no entry for ${region}, a region the stack deploys to (regions); add "${region}": { "subnetIds": ` +
        `[...], "securityGroupIds": [...] } with subnets and security groups of a VPC in ${region}, each region's ` +
        `own NAT address listed in the Okta network zone`,
    );
  const extra = listed
    .filter((region) => !named.includes(region))
    .map((region) => {
      const hint = didYouMean(
        region,
        named.filter((n) => !listed.includes(n)),
      );
      return (
        `vpc.${region}: ${region} is not a region this deployment goes to (${named.join(', ')})` +
        `${hint === undefined ? '' : ` (did you mean ${hint}?)`}; remove the entry, or add ${region} to "regions"`
      );
    });
  return [...missing, ...extra];
}
