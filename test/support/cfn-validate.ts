// AWS's offline CloudFormation validator, the copy aws-cdk-lib ships (and runs for
// `@aws-cdk/core:validateAgainstDefaultRules`). Loaded through aws-cdk-lib's own resolution: the npm
// registry reachable here serves only 1.9.0-beta, older than the 1.14.0 bundled with aws-cdk-lib, and the
// templates should be judged by the same engine `cdk synth` uses.
import { createRequire } from 'node:module';

interface Diagnostic {
  readonly severity: 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  readonly ruleId: string;
  readonly message: string;
  readonly path?: unknown;
}
interface Engine {
  validateTemplate(template: unknown, config?: Record<string, unknown>): { diagnostics: Diagnostic[] };
  free(): void;
}
interface ValidateModule {
  CompositeEngine: new () => Engine;
  TemplateContent: new (content: string, name?: string) => unknown;
  version(): string;
}

const load = createRequire(createRequire(import.meta.url).resolve('aws-cdk-lib/package.json'));
const validate = load('@aws/cloudformation-validate') as ValidateModule;

export const validatorVersion = (): string => validate.version();

/** Diagnostics of level ERROR or worse for a synthesized template, in the template's own region/partition. */
export function templateErrors(
  template: unknown,
  name: string,
  region: string,
  severityLevel: 'ERROR' | 'WARN' = 'ERROR',
): string[] {
  const engine = new validate.CompositeEngine();
  try {
    const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    const report = engine.validateTemplate(new validate.TemplateContent(JSON.stringify(template), name), {
      severityLevel,
      detailLevel: 'STANDARD',
      pseudoParameterOverrides: {
        region,
        partition,
        accountId: '123456789012',
        urlSuffix: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
      },
    });
    return report.diagnostics.map(
      (d) => `${d.severity} ${d.ruleId}: ${d.message} ${d.path === undefined ? '' : JSON.stringify(d.path)}`,
    );
  } finally {
    engine.free();
  }
}
