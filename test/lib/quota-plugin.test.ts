// The construct's synth judges its own stacks' templates against the deploy-time quotas, as lib/app.ts judges the
// project's, and never a team's other stacks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IPolicyValidationContext } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { quotaPlugin } from '../../lib/template-quotas';

/** A template of `count` queues: past CloudFormation's 500 resources when count is above it. */
function template(dir: string, file: string, count: number): string {
  const path = join(dir, file);
  const resources = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`Queue${i}`, { Type: 'AWS::SQS::Queue', Properties: {} }]),
  );
  writeFileSync(path, JSON.stringify({ Resources: resources }));
  return path;
}

describe("the quotas' validation plugin", () => {
  it("reports a template of the construct's stacks past a quota, and leaves the team's own stacks alone", () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-quota-'));
    const context = {
      templatePaths: [
        template(dir, 'okta-synthetics-eu-west-1.template.json', 501),
        template(dir, 'oktasyntheticseuwest1AlarmsServerorg4F708DE5.nested.template.json', 12),
        template(dir, 'TeamBillingStack.template.json', 900),
      ],
      stackTemplates: [],
    } as unknown as IPolicyValidationContext;
    const report = quotaPlugin(['okta-synthetics-eu-west-1']).validate(context);
    expect(report.success).toBe(false);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]!.description).toMatch(/okta-synthetics-eu-west-1\.template\.json.*50[01]/);
    expect(JSON.stringify(report)).not.toContain('TeamBillingStack');
  });

  it('passes templates within every quota', () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-quota-'));
    const context = {
      templatePaths: [template(dir, 'okta-synthetics-eu-west-1.template.json', 40)],
      stackTemplates: [],
    } as unknown as IPolicyValidationContext;
    expect(quotaPlugin(['okta-synthetics-eu-west-1']).validate(context)).toEqual({
      success: true,
      violations: [],
    });
  });
});
