// Synthesizes the app from a configuration object, without bundling the Lambda (fast), with cdk-nag attached
// exactly as lib/app.ts does.
import { App, NestedStack, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type BuildResult } from '../../lib/build-app';
import { TEST_ENV, writeConfig } from '../support/configs';

export { exampleConfig, JOURNEY_USERS, journeyConfig, TEST_ENV, writeConfig } from '../support/configs';

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
  if (stack === undefined || result.stacks.length !== 1)
    throw new Error(`expected one stack, got ${result.stacks.length}`);
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
  const parent = structuredClone(Template.fromStack(stack).toJSON()) as {
    Resources: Record<string, { Type: string; Properties?: Record<string, Json> }>;
    [key: string]: Json;
  };
  const nestedStacks = stack.node
    .findAll()
    .filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === stack);
  const outputs = new Map<string, Json>();
  for (const nested of nestedStacks) {
    const id = stack.getLogicalId(nested.nestedStackResource as CfnElement);
    const resource = parent.Resources[id];
    const parameters = (resource?.Properties?.Parameters ?? {}) as Record<string, Json>;
    const child = Template.fromStack(nested).toJSON() as {
      Resources: Record<string, Json>;
      Outputs?: Record<string, { Value: Json }>;
    };
    const substitute = (value: Json): Json => {
      if (Array.isArray(value)) return value.map(substitute);
      if (value === null || typeof value !== 'object') return value;
      const ref = (value as { Ref?: string }).Ref;
      if (typeof ref === 'string' && ref in parameters) return parameters[ref];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
    };
    for (const [logicalId, r] of Object.entries(child.Resources)) {
      if (logicalId in parent.Resources)
        throw new Error(`flatTemplate: ${logicalId} is in both ${stack.stackName} and ${nested.node.id}`);
      parent.Resources[logicalId] = substitute(r) as { Type: string };
    }
    for (const [name, output] of Object.entries(child.Outputs ?? {}))
      outputs.set(`${id}.Outputs.${name}`, substitute(output.Value));
    delete parent.Resources[id];
  }
  const resolveOutputs = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolveOutputs);
    if (value === null || typeof value !== 'object') return value;
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (getAtt !== undefined && outputs.has(`${getAtt[0]}.${getAtt[1]}`))
      return outputs.get(`${getAtt[0]}.${getAtt[1]}`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveOutputs(v)]));
  };
  return Template.fromJSON(resolveOutputs(parent) as Record<string, unknown>);
}

/** CloudFormation resources of a type, by logical id. */
export function resources(template: Template, type: string): [string, { Properties: Record<string, unknown> }][] {
  return Object.entries(template.findResources(type)) as [string, { Properties: Record<string, unknown> }][];
}

/** The dashboard body with every CloudFormation token replaced by a plain string, parsed. */
export function dashboardBody(template: Template): {
  widgets: { type: string; properties: { metrics?: unknown[][]; query?: string; title?: string } }[];
} {
  const [[, dashboard]] = resources(template, 'AWS::CloudWatch::Dashboard') as [
    [string, { Properties: { DashboardBody: unknown } }],
  ];
  const body = dashboard.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(text) as ReturnType<typeof dashboardBody>;
}

/**
 * A dead-letter queue's alarm as the stack writes each: it warns on every new message of `queue` (SQS's
 * NumberOfMessagesSent counts what a rule or a redrive policy sends it), and says nothing while none arrives.
 */
export function expectDeadLetterAlarm(template: Template, queue: string): void {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: queue,
    Namespace: 'AWS/SQS',
    MetricName: 'NumberOfMessagesSent',
    Dimensions: [{ Name: 'QueueName', Value: queue }],
    Statistic: 'Sum',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
}
