// What the code registry's guard reads (test/functions/code-registry.test.ts): a source file parsed by the TypeScript
// compiler, and every place it decides by a code's or an owner's name rather than by the registry's row. Spellings
// vary (a chain of `||`, a ternary, a switch, a Set, an `includes`, a prefix); the syntax tree does not, so the
// guard reads the tree, never the text.
import ts from 'typescript';
import { DIAGNOSIS_CODES, FAULT_OWNERS } from '../../functions/contract';

/** One place a file decides by a code's or an owner's name, with its line for the failure message. */
export interface CodeComparison {
  readonly rule:
    | 'codes compared'
    | 'failureSeverity called'
    | 'a switch on codes'
    | 'a set or list of codes'
    | 'a table keyed by codes'
    | 'a code-prefix test'
    | 'an owner compared';
  /** `path:line: text` of the node, the text cut to one line. */
  readonly where: string;
}

const CODES: ReadonlySet<string> = new Set(DIAGNOSIS_CODES);
const OWNERS: ReadonlySet<string> = new Set(FAULT_OWNERS);
const PREFIXES: ReadonlySet<string> = new Set(DIAGNOSIS_CODES.map((code) => `${code.split('_')[0] as string}_`));

const EQUALITY: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** A string a node spells out whole: a literal, or a template with no substitution. */
function literal(node: ts.Node): string | undefined {
  const bare = skipped(node);
  return ts.isStringLiteral(bare) || ts.isNoSubstitutionTemplateLiteral(bare) ? bare.text : undefined;
}

/** A node without the parentheses, `as` and `satisfies` around it. */
function skipped(node: ts.Node): ts.Node {
  let at = node;
  while (ts.isParenthesizedExpression(at) || ts.isAsExpression(at) || ts.isSatisfiesExpression(at)) at = at.expression;
  return at;
}

const isCode = (node: ts.Node): boolean => CODES.has(literal(node) ?? '');

/**
 * Whether a node reads an owner: `x.owner`, `x?.owner`, `owner` (a variable or a destructured field), `ownerOf(...)`,
 * `x['owner']`: whatever the spelling, the name is `owner` or the call `ownerOf`.
 */
function readsOwner(node: ts.Node): boolean {
  const bare = skipped(node);
  if (ts.isPropertyAccessExpression(bare)) return bare.name.text === 'owner';
  if (ts.isElementAccessExpression(bare)) return literal(bare.argumentExpression) === 'owner';
  if (ts.isIdentifier(bare)) return bare.text === 'owner';
  if (ts.isCallExpression(bare)) return readsOwner(bare.expression) || /^ownerOf$/.test(calleeName(bare) ?? '');
  return false;
}

const calleeName = (call: ts.CallExpression): string | undefined => {
  const callee = skipped(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
};

/** A decision written as one expression: a chain of `&&`, `||` or `??`, or a conditional (`?:`). */
function isDecision(node: ts.Node | undefined): boolean {
  if (node === undefined) return false;
  if (ts.isParenthesizedExpression(node)) return isDecision(node.parent);
  if (ts.isConditionalExpression(node)) return true;
  return (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(
      node.operatorToken.kind,
    )
  );
}

/** The codes an expression compares something with, its nested functions left out (each decides on its own). */
function comparedCodes(node: ts.Node): string[] {
  if (ts.isFunctionLike(node)) return [];
  if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
    const code = [node.left, node.right].map(literal).find((text) => CODES.has(text ?? ''));
    if (code !== undefined) return [code];
  }
  const found: string[] = [];
  ts.forEachChild(node, (child) => {
    found.push(...comparedCodes(child));
  });
  return found;
}

/** The key of a property of an object literal, when it is written out. */
function keyOf(property: ts.ObjectLiteralElementLike): string | undefined {
  const { name } = property;
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/** Every place `source` decides by a code's or an owner's name. `path` names the file in the messages. */
export function codeComparisons(path: string, source: string): CodeComparison[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: CodeComparison[] = [];
  const add = (rule: CodeComparison['rule'], node: ts.Node): void => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    const text = node.getText(file).replace(/\s+/g, ' ').slice(0, 120);
    found.push({ rule, where: `${path}:${line + 1}: ${text}` });
  };
  // failureSeverity as plan/outputs.ts exports it (a view's own function of the same name is its own).
  const severityImports = new Set(
    file.statements.flatMap((statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      /(^|\/)(plan\/)?outputs$/.test(statement.moduleSpecifier.text) &&
      statement.importClause?.namedBindings !== undefined &&
      ts.isNamedImports(statement.importClause.namedBindings)
        ? statement.importClause.namedBindings.elements
            .filter((element) => (element.propertyName ?? element.name).text === 'failureSeverity')
            .map((element) => element.name.text)
        : [],
    ),
  );
  const visit = (node: ts.Node): void => {
    if (isDecision(node) && !isDecision(node.parent)) {
      const codes = new Set(comparedCodes(node));
      if (codes.size > 1) add('codes compared', node);
    }
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      const [left, right] = [node.left, node.right];
      const owner = OWNERS.has(literal(right) ?? '') ? left : OWNERS.has(literal(left) ?? '') ? right : undefined;
      if (owner !== undefined && readsOwner(owner)) add('an owner compared', node);
    }
    if (ts.isSwitchStatement(node)) {
      const codes = node.caseBlock.clauses.filter((clause) => ts.isCaseClause(clause) && isCode(clause.expression));
      if (codes.length > 1) add('a switch on codes', node);
      const owners = node.caseBlock.clauses.some(
        (clause) => ts.isCaseClause(clause) && OWNERS.has(literal(clause.expression) ?? ''),
      );
      if (owners && readsOwner(node.expression)) add('an owner compared', node);
    }
    if (ts.isArrayLiteralExpression(node) && node.elements.some(isCode)) add('a set or list of codes', node);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && severityImports.has(node.expression.text))
      add('failureSeverity called', node);
    if (ts.isObjectLiteralExpression(node)) {
      const keyed = node.properties.filter((property) => CODES.has(keyOf(property) ?? ''));
      if (keyed.length > 0) add('a table keyed by codes', node);
    }
    if (ts.isCallExpression(node) && calleeName(node) === 'startsWith') {
      const [first] = node.arguments;
      const prefix = first === undefined ? undefined : literal(first);
      if (prefix !== undefined && [...PREFIXES].some((p) => prefix.startsWith(p) || p.startsWith(prefix)))
        add('a code-prefix test', node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
