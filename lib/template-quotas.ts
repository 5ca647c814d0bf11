// Every template of a synthesized cloud assembly (each region's stack and its nested stacks) judged against the
// quotas CloudFormation, IAM, EventBridge and Lambda enforce only at deploy time (functions/plan/template-quotas.ts):
// lib/app.ts refuses the synth with these words, and the combinations test asks the same of every combination.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { templateQuotaProblems, type QuotaTemplate } from '../functions/plan/template-quotas';

/** Each template file of the assembly (the stacks' and their nested stacks'), by file name. */
export function assemblyTemplates(assembly: CloudAssembly): Map<string, QuotaTemplate> {
  const files = readdirSync(assembly.directory).filter((file) => file.endsWith('.template.json'));
  return new Map(
    files.map((file) => [file, JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')) as QuotaTemplate]),
  );
}

/** Every quota problem of every template of the assembly. */
export function assemblyQuotaProblems(assembly: CloudAssembly): string[] {
  return [...assemblyTemplates(assembly)].flatMap(([file, template]) => templateQuotaProblems(file, template));
}

/**
 * The same judgement as a CDK validation plugin, for the construct (lib/okta-synthetics.ts) in a team's own app,
 * whose synth lib/app.ts does not run: only the templates of the stacks it names (their nested ones included) are
 * judged, never the team's other stacks.
 */
export function quotaPlugin(stackArtifactIds: readonly string[]): IPolicyValidationPlugin {
  return {
    name: 'okta-synthetics-quotas',
    validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
      const ours = stackArtifactIds.map((id) => id.replace(/[^A-Za-z0-9]/g, '').toLowerCase());
      const mine = (path: string): boolean => {
        const file = basename(path)
          .toLowerCase()
          .replace(/[^a-z0-9.]/g, '');
        return ours.some((id) => file.startsWith(id));
      };
      const violations = context.templatePaths.filter(mine).flatMap((path) =>
        templateQuotaProblems(basename(path), JSON.parse(readFileSync(path, 'utf8')) as QuotaTemplate).map(
          (problem) => ({
            ruleName: 'deploy-time-quota',
            description: problem,
            violatingResources: [{ resourceLogicalId: basename(path), templatePath: path, locations: [] }],
          }),
        ),
      );
      return { success: violations.length === 0, violations };
    },
  };
}
