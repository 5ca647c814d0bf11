// The AWS quotas a synthesized template can meet only when CloudFormation creates it, judged on the template itself
// (plain JSON, no CDK), so `cdk synth` refuses it with the resource, the quota and its source instead of a rollback.
// lib/template-quotas.ts runs it on every template of the cloud assembly; test/lib/combinations.integration.test.ts on
// every combination of the optional blocks. Pure: plan's own judges (deploy-rules.ts) share its words where they can
// tell the same limit from the config alone (the event patterns, eventPatternProblem).
import { MAX_EVENT_PATTERN_LENGTH, eventPatternProblem } from './event-patterns';
import { environmentBytes, environmentProblem, LAMBDA_ENVIRONMENT_BYTES } from './stream-environment';

/** Each quota with where AWS states it. */
export const TEMPLATE_QUOTAS = {
  /** EventBridge quotas (eb-quota.html), "Event pattern size": characters of one rule's pattern. */
  eventPatternChars: MAX_EVENT_PATTERN_LENGTH,
  /** CloudFormation quotas: "Template body size in an Amazon S3 object", 1 MB (the CDK uploads past 51,200 bytes). */
  templateBytes: 1_048_576,
  /** CloudFormation quotas: "Resources", 500 per stack (each nested stack is a stack of its own). */
  resources: 500,
  /** IAM quotas: "Role policy size", 10,240 characters for all of a role's inline policies together. */
  roleInlinePolicyChars: 10_240,
  /** Lambda quotas (gettingstarted-limits.html): "Environment variables", 4 KB in all. */
  lambdaEnvironmentBytes: LAMBDA_ENVIRONMENT_BYTES,
} as const;

type Json = unknown;
interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}
export interface QuotaTemplate {
  readonly Resources?: Readonly<Record<string, Resource>>;
}

/** JSON as IAM counts a policy: without whitespace (a token counted as the template writes it). */
const chars = (value: Json): number => JSON.stringify(value).length;

/** The logical id a Ref or Fn::GetAtt names, else undefined. */
function referenced(value: Json): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** A value as deployed where the template can tell it: a Ref to a named resource is its name, else its JSON. */
function valueOf(resources: Readonly<Record<string, Resource>>): (value: Json) => string {
  return (value) => {
    if (typeof value === 'string') return value;
    const ref = (value as { Ref?: unknown } | null)?.Ref;
    const p = typeof ref === 'string' ? resources[ref]?.Properties : undefined;
    const name = p?.TableName ?? p?.FunctionName ?? p?.QueueName ?? p?.Name;
    return typeof name === 'string' ? name : JSON.stringify(value);
  };
}

/** Each quota of one template `name` past its limit, in words naming the resource and the way out. */
export function templateQuotaProblems(name: string, template: QuotaTemplate): string[] {
  const resources = Object.entries(template.Resources ?? {});
  const problems: string[] = [];
  const bytes = Buffer.byteLength(JSON.stringify(template));
  if (bytes > TEMPLATE_QUOTAS.templateBytes)
    problems.push(
      `${name}: the template would be ${bytes} bytes, past CloudFormation's ${TEMPLATE_QUOTAS.templateBytes} ` +
        `(CloudFormation quotas, template body size); split the configuration into two files with different ` +
        `"prefix" values`,
    );
  if (resources.length > TEMPLATE_QUOTAS.resources)
    problems.push(
      `${name}: the template would hold ${resources.length} resources, past CloudFormation's ` +
        `${TEMPLATE_QUOTAS.resources} a stack (CloudFormation quotas); split the configuration into two files with ` +
        `different "prefix" values`,
    );
  const inline = new Map<string, number>();
  const named = valueOf(template.Resources ?? {});
  for (const [id, r] of resources) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::Events::Rule' && p.EventPattern !== undefined) {
      const length = chars(p.EventPattern);
      if (length > TEMPLATE_QUOTAS.eventPatternChars)
        problems.push(eventPatternProblem({ rule: String(p.Name ?? id), length }, `${name}: ${id}: `));
    }
    if (r.Type === 'AWS::IAM::Role')
      for (const policy of (p.Policies as { PolicyDocument: Json }[] | undefined) ?? [])
        inline.set(id, (inline.get(id) ?? 0) + chars(policy.PolicyDocument));
    if (r.Type === 'AWS::IAM::Policy')
      for (const role of (p.Roles as Json[] | undefined) ?? []) {
        const roleId = referenced(role);
        if (roleId !== undefined) inline.set(roleId, (inline.get(roleId) ?? 0) + chars(p.PolicyDocument));
      }
    if (r.Type === 'AWS::Lambda::Function') {
      const variables = (p.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {};
      const size = environmentBytes(
        Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, named(value)])),
      );
      if (size > TEMPLATE_QUOTAS.lambdaEnvironmentBytes)
        problems.push(environmentProblem(String(p.FunctionName ?? id), size, `${name}: ${id}: `));
    }
  }
  for (const [role, size] of inline)
    if (size > TEMPLATE_QUOTAS.roleInlinePolicyChars)
      problems.push(
        `${name}: the role ${role}'s inline policies would be ${size} characters, past IAM's ` +
          `${TEMPLATE_QUOTAS.roleInlinePolicyChars} for one role (IAM quotas, role policy size); split the ` +
          `configuration into two files with different "prefix" values`,
      );
  return problems;
}
