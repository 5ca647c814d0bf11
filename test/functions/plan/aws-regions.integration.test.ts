// The region table functions/ reads (the CLI never loads the CDK) is aws-cdk-lib's region-info, region by region.
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { describe, expect, it } from 'vitest';
import { AWS_REGIONS } from '../../../functions/plan/aws-regions';

describe('AWS_REGIONS', () => {
  it("is aws-cdk-lib's region-info: every region and its partition (copy the list when the CDK's moves)", () => {
    const cdk = Object.fromEntries(RegionInfo.regions.map((region) => [region.name, region.partition]));
    expect(AWS_REGIONS).toEqual(cdk);
  });
});
