// Synthesizes the app from a configuration object, without bundling the Lambda (fast), with cdk-nag attached
// exactly as lib/app.ts does.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, EXAMPLE_CONFIG_PATH, type BuildResult } from '../../lib/build-app';

/** The committed example configuration, as an object to vary. */
export function exampleConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
}

export function writeConfig(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-stack-'));
  const file = join(dir, 'okta-synthetics.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export const TEST_ENV = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' };

export function build(config: unknown): { app: App; result: BuildResult } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const result = buildApp(app, { configPath: writeConfig(config), env: TEST_ENV });
  return { app, result };
}

/** The one stack of a configuration, as a Template (synthesizes the app, so cdk-nag runs). */
export function synthTemplate(config: unknown): Template {
  const { result } = build(config);
  if (!result.ok) throw new Error(`unexpected config errors: ${result.errors.join('; ')}`);
  const [stack] = result.stacks;
  if (stack === undefined || result.stacks.length !== 1) throw new Error(`expected one stack, got ${result.stacks.length}`);
  return Template.fromStack(stack);
}

/** CloudFormation resources of a type, by logical id. */
export function resources(template: Template, type: string): [string, { Properties: Record<string, unknown> }][] {
  return Object.entries(template.findResources(type)) as [string, { Properties: Record<string, unknown> }][];
}

/** The dashboard body with every CloudFormation token replaced by a plain string, parsed. */
export function dashboardBody(template: Template): { widgets: { type: string; properties: { metrics?: unknown[][]; query?: string } }[] } {
  const [[, dashboard]] = resources(template, 'AWS::CloudWatch::Dashboard') as [[string, { Properties: { DashboardBody: unknown } }]];
  const body = dashboard.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(text) as ReturnType<typeof dashboardBody>;
}
