// Every template of a synthesized cloud assembly (each region's stack and its nested stacks) judged against the
// quotas CloudFormation, IAM, EventBridge and Lambda enforce only at deploy time (functions/plan/template-quotas.ts):
// lib/app.ts refuses the synth with these words, and the combinations test asks the same of every combination.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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
 * The same judgement for the construct (lib/okta-synthetics.ts) in a team's own app, whose synth lib/app.ts does not
 * run: only the template files named (its own stacks' and their nested stacks', relative to the assembly's folder)
 * are judged, never the team's other stacks.
 */
export function templateFilesQuotaProblems(outdir: string, templateFiles: readonly string[]): string[] {
  return templateFiles.flatMap((file) =>
    templateQuotaProblems(basename(file), JSON.parse(readFileSync(join(outdir, file), 'utf8')) as QuotaTemplate),
  );
}
