// IAM's resource rules for the calls the page path makes, as AWS documents them, applied to a synthesized policy:
// a test that reads the role's statements must not be kinder than IAM. Identity-based policies only (no
// conditions, no denies are synthesized for these roles); wildcards as IAM matches them ("*" any run of
// characters, "?" one character, both case-sensitive in the resource and case-insensitive in the action).
// AWS's DescribeAlarms API Reference: "You can't return information about composite alarms if your
// cloudwatch:DescribeAlarms permission has a narrower scope" — only a statement whose Resource is "*" lets a
// caller read a composite alarm, whatever its ARN.

export interface PolicyStatement {
  readonly Effect?: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
}

const pattern = (glob: string, flags: string): RegExp =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );

/** Resources as a string, or null for one the test cannot resolve (an intrinsic): never counted as a match. */
function resourcesOf(statement: PolicyStatement): (string | null)[] {
  return [statement.Resource].flat().map((r) => (typeof r === 'string' ? r : null));
}

/**
 * Whether the statements allow `action` on `resource`. `composite`: the resource is a composite alarm and the
 * action DescribeAlarms, for which AWS honours only Resource "*".
 */
export function allows(
  statements: readonly PolicyStatement[],
  action: string,
  resource: string,
  options: { readonly composite?: boolean } = {},
): boolean {
  return statements.some(
    (s) =>
      (s.Effect ?? 'Allow') === 'Allow' &&
      [s.Action].flat().some((a) => pattern(a, 'i').test(action)) &&
      resourcesOf(s).some(
        (r) => r !== null && (options.composite === true ? r === '*' : pattern(r, '').test(resource)),
      ),
  );
}
