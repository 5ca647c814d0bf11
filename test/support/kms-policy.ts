// KMS's authorization of one request on a key, as the KMS developer guide describes it, for the loopback AWS fake
// (aws-fake.ts) and the deploy rehearsal (deploy-rehearsal.ts). Only what the stack's keys use is known; a condition
// operator or key outside it is an error, never a guess.
// - "Every KMS key must have exactly one key policy ... Unless the key policy explicitly allows it, you cannot use
//   IAM policies to allow access to a KMS key" (KMS developer guide, "Key policies in AWS KMS").
// - A statement whose principal is the account ("arn:aws:iam::111122223333:root") lets the account's IAM policies
//   allow access to the key: the caller then also needs an IAM policy allowing the action on the key (KMS developer
//   guide, "Default key policy"). A statement naming the caller's role, or "*", allows it by itself.
// - "An explicit deny in any policy overrides any allows" (IAM user guide, "Policy evaluation logic").
// - A condition key absent from the request does not match, except with an ...IfExists operator (IAM user guide,
//   "IAM JSON policy elements: Condition operators": "If the key that you specify in a policy condition is not
//   present in the request context, the values do not match").
import { resolveCfn, type CfnPlace } from './cfn-values';
import { allows as iamAllows, glob, type IamStatement } from './iam-policy';

/** One statement of a key policy, its intrinsics resolved. */
export interface KeyPolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal:
    | '*'
    | { readonly AWS?: string | readonly string[]; readonly Service?: string | readonly string[] };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface KeyPolicy {
  readonly Statement: readonly KeyPolicyStatement[];
}

/** A synthesized policy document (a key's, a queue's, a bucket's, a role's trust) with its intrinsics resolved. */
export function resolvedPolicy(document: unknown, place: CfnPlace): KeyPolicy {
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(resolve);
    if (typeof v !== 'object' || v === null) return v;
    if ('Fn::Join' in v || 'Ref' in v || 'Fn::GetAtt' in v) return resolveCfn(v as Record<string, unknown>, place);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  };
  return resolve(document) as KeyPolicy;
}

/**
 * Who calls: an IAM role of an account with its identity policy, an AWS service principal, or (to a bucket) an
 * unsigned request, which only a statement naming every principal names ("*" includes "anonymous users", IAM user
 * guide, "AWS JSON policy elements: Principal").
 */
export type KmsCaller =
  | {
      readonly kind: 'role';
      readonly arn: string;
      readonly account: string;
      /** The role's identity-based policy (iam-policy.ts statements, intrinsics resolved). */
      readonly iam: readonly IamStatement[];
    }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'anonymous' };

/** How AWS names a caller in its refusal. */
export const callerName = (caller: KmsCaller): string =>
  caller.kind === 'role' ? caller.arn : caller.kind === 'service' ? caller.service : 'anonymous';

/** One KMS request: the caller, the action, and the request context KMS evaluates conditions against. */
export interface KmsRequest {
  readonly caller: KmsCaller;
  /** "kms:GenerateDataKey", ... */
  readonly action: string;
  /** The key's ARN: an IAM statement allows the action on it. */
  readonly keyArn: string;
  /**
   * The service that called KMS on the caller's behalf, "dynamodb.eu-west-1.amazonaws.com": kms:ViaService. Absent
   * for a direct call ("The kms:ViaService condition key ... limits use of a KMS key to requests from specified AWS
   * services", KMS developer guide, "AWS KMS condition keys").
   */
  readonly viaService?: string;
  /** kms:GrantIsForAWSResource: true when an AWS service integrated with KMS calls CreateGrant for the caller. */
  readonly grantIsForAwsResource?: boolean;
  /** The request's encryption context: kms:EncryptionContext:<key>. */
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** aws:SourceAccount and aws:SourceArn, which a service principal's request carries for the resource it serves. */
  readonly sourceAccount?: string;
  readonly sourceArn?: string;
  /** aws:SecureTransport: the request came over TLS. */
  readonly secureTransport?: boolean;
  /**
   * A resource policy (a topic's, a bucket's) judged for a principal of its own account: there "an identity-based
   * policy or a resource-based policy" may allow the request (IAM user guide, "Policy evaluation logic", same
   * account), so only an explicit deny of the resource's policy refuses what the caller's IAM policy allows. A key
   * policy is never judged so: KMS needs the key policy's allow (above).
   */
  readonly iamDecides?: boolean;
}

/** The request context's value of a condition key, or undefined when the request carries none. */
function contextValue(request: KmsRequest, key: string): string | undefined {
  const { caller } = request;
  if (key === 'kms:ViaService') return request.viaService;
  // "kms:CallerAccount ... the AWS account of the caller" (KMS developer guide, "AWS KMS condition keys").
  if (key === 'kms:CallerAccount') return caller.kind === 'role' ? caller.account : undefined;
  if (key === 'kms:GrantIsForAWSResource')
    return request.action === 'kms:CreateGrant' ? String(request.grantIsForAwsResource === true) : undefined;
  if (key.startsWith('kms:EncryptionContext:'))
    return request.encryptionContext?.[key.slice('kms:EncryptionContext:'.length)];
  // "Condition key names are not case-sensitive" (IAM user guide, "IAM JSON policy elements: Condition"): CloudFront's
  // origin access control statement, as AWS documents it and the CDK writes it, says AWS:SourceArn.
  const global = key.toLowerCase();
  if (global === 'aws:sourceaccount') return request.sourceAccount;
  if (global === 'aws:sourcearn') return request.sourceArn;
  if (global === 'aws:securetransport')
    return request.secureTransport === undefined ? undefined : String(request.secureTransport);
  throw new Error(`the KMS fake does not know the condition key ${key}`);
}

function conditionsHold(statement: KeyPolicyStatement, request: KmsRequest): boolean {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const values = [expected].flat();
      const actual = contextValue(request, key);
      if (actual === undefined) return false;
      if (operator === 'StringEquals' || operator === 'Bool') {
        if (!values.includes(actual)) return false;
      } else if (operator === 'StringLike' || operator === 'ArnLike') {
        if (!values.some((v) => glob(v, actual))) return false;
      } else if (operator === 'ArnEquals') {
        if (!values.includes(actual)) return false;
      } else throw new Error(`the KMS fake does not know the condition operator ${operator}`);
    }
  }
  return true;
}

/** How a statement's principal names the caller: directly, as its account (IAM decides), or not at all. */
function names(statement: KeyPolicyStatement, caller: KmsCaller): 'direct' | 'account' | undefined {
  const { Principal } = statement;
  // "Principal": { "AWS": "*" } is "equivalent to" "Principal": "*" (IAM user guide, "AWS JSON policy elements:
  // Principal", All principals): it names service principals too, as the TLS-only Deny statements CDK writes rely on.
  if (Principal === '*' || [Principal.AWS ?? []].flat().includes('*')) return 'direct';
  if (caller.kind === 'anonymous') return undefined;
  if (caller.kind === 'service')
    return [Principal.Service ?? []].flat().includes(caller.service) ? 'direct' : undefined;
  const aws = [Principal.AWS ?? []].flat();
  if (aws.includes(caller.arn)) return 'direct';
  if (aws.includes(`arn:aws:iam::${caller.account}:root`) || aws.includes(caller.account)) return 'account';
  return undefined;
}

/**
 * Why KMS refused a request, or undefined when it allows it. The same evaluation judges a topic's, queue's or
 * bucket's resource policy, `keyArn` then naming that resource.
 */
export function kmsRefusal(policy: KeyPolicy, request: KmsRequest): string | undefined {
  // A statement applies to the resources its Resource names ("*" in a key policy, which names no other); a topic's,
  // queue's or bucket's statement may name another resource of the same policy (IAM user guide, "Policy evaluation
  // logic": a statement matches a request only for its action, principal, resource and conditions).
  const matching = policy.Statement.filter(
    (s) =>
      [s.Action].flat().some((a) => glob(a, request.action, true)) &&
      [s.Resource ?? '*'].flat().some((r) => glob(r, request.keyArn)) &&
      names(s, request.caller) !== undefined &&
      conditionsHold(s, request),
  );
  if (matching.some((s) => s.Effect === 'Deny')) return 'the key policy denies it explicitly';
  const allowing = matching.filter((s) => s.Effect === 'Allow');
  if (allowing.some((s) => names(s, request.caller) === 'direct')) return undefined;
  const { caller } = request;
  if (request.iamDecides === true && caller.kind === 'role') {
    if (iamAllows(caller.iam, { action: request.action, resource: request.keyArn })) return undefined;
    return 'no identity-based policy of the caller allows it';
  }
  if (allowing.length > 0 && caller.kind === 'role') {
    if (iamAllows(caller.iam, { action: request.action, resource: request.keyArn })) return undefined;
    return 'the key policy lets IAM grant it, and no identity-based policy of the caller allows it';
  }
  return 'no statement of the key policy allows it';
}

/** The AccessDeniedException message KMS answers with, naming the caller and the action. */
export function kmsDeniedMessage(request: KmsRequest, why: string): string {
  const who = callerName(request.caller);
  const via = request.viaService === undefined ? '' : ` (through ${request.viaService})`;
  return `User: ${who} is not authorized to perform: ${request.action} on resource: ${request.keyArn}${via}: ${why}`;
}
