// Synthesizes the app from a configuration object, without bundling the Lambda (fast), with cdk-nag attached
// exactly as lib/app.ts does.
import { App, NestedStack, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, EXAMPLE_CONFIG_PATH, type BuildResult } from '../../lib/build-app';

/** The committed example configuration, as an object to vary. */
export function exampleConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
}

/** The synthetic users' values of journeyConfig(), which must reach neither the template nor the notifications whole. */
export const JOURNEY_USERS = { portal: 'synthetic.portal@acme.example', mobile: 'synthetic.mobile@acme.example' } as const;

/**
 * The example with two sign-in journeys (issue 18): "portal" (authn through the custom server, the stack creates its
 * secret, a confidential app) and "mobile" (direct through the Org server, an existing secret named by secretName).
 * Each carries the CLI's variable names too, as one file for both sides does.
 */
export function journeyConfig(): Record<string, unknown> {
  return {
    ...exampleConfig(),
    signIn: [
      {
        id: 'portal', server: 'default', flow: 'authn', clientId: '0oa8f5p9w3PoRt4L35d7', redirectUri: 'https://portal.acme.example/login/callback',
        username: JOURNEY_USERS.portal, passwordEnv: 'PORTAL_PASSWORD_VAR', totpSecretEnv: 'PORTAL_TOTP_VAR', confidential: true, clientSecretEnv: 'PORTAL_CLIENT_SECRET_VAR', requiredClaims: ['email'],
      },
      {
        id: 'mobile', server: 'org', flow: 'direct', clientId: '0oa8f5q1MoB1Le9X35d7', username: JOURNEY_USERS.mobile,
        secretsFile: 'keys/mobile-user.json', secretName: 'okta/prod/mobile-user', everyMinutes: 10,
      },
    ],
  };
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
  return flatTemplate(stack);
}

type Json = unknown;

/**
 * The stack and its nested stacks (each server's alarms) as one template, as if they were one: a nested
 * resource's `Ref` to one of its parameters becomes the value the parent passes, and the parent's
 * `Fn::GetAtt` of a nested output becomes that output's value. Tests then read alarms, actions and suppressors
 * exactly as CloudWatch would see them, wherever they are deployed.
 */
export function flatTemplate(stack: Stack): Template {
  const parent = structuredClone(Template.fromStack(stack).toJSON()) as { Resources: Record<string, { Type: string; Properties?: Record<string, Json> }>; [key: string]: Json };
  const nestedStacks = stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === stack);
  const outputs = new Map<string, Json>();
  for (const nested of nestedStacks) {
    const id = stack.getLogicalId(nested.nestedStackResource as CfnElement);
    const resource = parent.Resources[id];
    const parameters = (resource?.Properties?.Parameters ?? {}) as Record<string, Json>;
    const child = Template.fromStack(nested).toJSON() as { Resources: Record<string, Json>; Outputs?: Record<string, { Value: Json }> };
    const substitute = (value: Json): Json => {
      if (Array.isArray(value)) return value.map(substitute);
      if (value === null || typeof value !== 'object') return value;
      const ref = (value as { Ref?: string }).Ref;
      if (typeof ref === 'string' && ref in parameters) return parameters[ref];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
    };
    for (const [logicalId, r] of Object.entries(child.Resources)) {
      if (logicalId in parent.Resources) throw new Error(`flatTemplate: ${logicalId} is in both ${stack.stackName} and ${nested.node.id}`);
      parent.Resources[logicalId] = substitute(r) as { Type: string };
    }
    for (const [name, output] of Object.entries(child.Outputs ?? {})) outputs.set(`${id}.Outputs.${name}`, substitute(output.Value));
    delete parent.Resources[id];
  }
  const resolveOutputs = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolveOutputs);
    if (value === null || typeof value !== 'object') return value;
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (getAtt !== undefined && outputs.has(`${getAtt[0]}.${getAtt[1]}`)) return outputs.get(`${getAtt[0]}.${getAtt[1]}`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveOutputs(v)]));
  };
  return Template.fromJSON(resolveOutputs(parent) as Record<string, unknown>);
}

/** CloudFormation resources of a type, by logical id. */
export function resources(template: Template, type: string): [string, { Properties: Record<string, unknown> }][] {
  return Object.entries(template.findResources(type)) as [string, { Properties: Record<string, unknown> }][];
}

/** The dashboard body with every CloudFormation token replaced by a plain string, parsed. */
export function dashboardBody(template: Template): { widgets: { type: string; properties: { metrics?: unknown[][]; query?: string; title?: string } }[] } {
  const [[, dashboard]] = resources(template, 'AWS::CloudWatch::Dashboard') as [[string, { Properties: { DashboardBody: unknown } }]];
  const body = dashboard.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(text) as ReturnType<typeof dashboardBody>;
}
