// The construct's synth judges its own stacks' templates against the deploy-time quotas, as lib/app.ts judges the
// project's, and never a team's other stacks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateFilesQuotaProblems } from '../../lib/template-quotas';

/** A template of `count` queues: past CloudFormation's 500 resources when count is above it. */
function template(dir: string, file: string, count: number): string {
  const path = join(dir, file);
  const resources = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`Queue${i}`, { Type: 'AWS::SQS::Queue', Properties: {} }]),
  );
  writeFileSync(path, JSON.stringify({ Resources: resources }));
  return path;
}

describe("the quotas' judgement of the construct's own templates", () => {
  it("reports a template of the construct's stacks past a quota, and leaves the team's own stacks alone", () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-quota-'));
    const ours = [
      'okta-synthetics-eu-west-1.template.json',
      'oktasyntheticseuwest1AlarmsServerorg4F708DE5.nested.template.json',
    ];
    template(dir, ours[0]!, 501);
    template(dir, ours[1]!, 12);
    template(dir, 'TeamBillingStack.template.json', 900);
    const problems = templateFilesQuotaProblems(dir, ours);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/okta-synthetics-eu-west-1\.template\.json.*50[01]/);
    expect(JSON.stringify(problems)).not.toContain('TeamBillingStack');
  });

  it('passes templates within every quota', () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-quota-'));
    template(dir, 'okta-synthetics-eu-west-1.template.json', 40);
    expect(templateFilesQuotaProblems(dir, ['okta-synthetics-eu-west-1.template.json'])).toEqual([]);
  });
});
