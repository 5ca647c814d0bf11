// Each Lambda entry, and each module of one that keeps a client, keeps what survives from one warm invocation to the
// next in one typed object (`sandbox`); the probe's, what one invocation has in the object it replaces at each
// (`sandbox.current`): no module-level `let`, and no function that writes a module-level binding but through that
// object. A `let` beside the handler is state nobody listed: a cold start and a warm one differ by it, unseen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from '../../support/imports';

/** The entries whose state is one object, and its name. */
const ENTRIES: Readonly<Record<string, string>> = {
  'functions/lambda/probe.ts': 'sandbox',
  'functions/lambda/notifier.ts': 'sandbox',
  'functions/lambda/sign-ins-aggregator.ts': 'sandbox',
  'functions/lambda/quorum-handler.ts': 'sandbox',
  'functions/lambda/har-s3.ts': 'sandbox',
  'functions/lambda/metrics-sink.ts': 'sandbox',
  'functions/lambda/status-page-s3.ts': 'sandbox',
};

/** Methods that change a Map, a Set or an array in place. */
const MUTATORS = new Set(['set', 'add', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort']);

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** The identifier an expression starts from: `a` of `a.b.c`, `a[0]`, `a?.b`. */
function rootName(expression: ts.Expression): string | undefined {
  let node: ts.Expression = expression;
  while (
    ts.isPropertyAccessExpression(node) ||
    ts.isElementAccessExpression(node) ||
    ts.isParenthesizedExpression(node)
  )
    node = node.expression;
  return ts.isIdentifier(node) ? node.text : undefined;
}

/** What a source keeps at its top level that is not its one object: each finding as "line: what". */
function moduleState(source: string, kept: string): string[] {
  const sf = ts.createSourceFile('entry.ts', source, ts.ScriptTarget.Latest, true);
  const line = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const found: string[] = [];
  const bindings = new Set<string>();
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    for (const declaration of list.declarations) {
      const name = declaration.name.getText(sf);
      bindings.add(name);
      if ((list.flags & ts.NodeFlags.Const) === 0) found.push(`${line(statement)}: ${name} is a module-level let`);
    }
  }
  const written = (target: ts.Expression): string | undefined => {
    const name = rootName(target);
    return name !== undefined && name !== kept && bindings.has(name) ? name : undefined;
  };
  const visit = (node: ts.Node): void => {
    let name: string | undefined;
    if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) name = written(node.left);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && node.operator !== undefined)
      name =
        node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken
          ? written(node.operand)
          : undefined;
    else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      MUTATORS.has(node.expression.name.text)
    )
      name = written(node.expression.expression);
    if (name !== undefined) found.push(`${line(node)}: ${name} written`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('the probe Lambda keeps its warm state in one object', () => {
  it('finds a module-level let, a module binding written, and a module Map filled, but not the one object', () => {
    const source = [
      'let firstRun = true;',
      'const seen = new Map<string, number>();',
      'const sandbox = { firstRun: true, seen: new Map<string, number>() };',
      'const LIMIT = 3;',
      'function run(): void {',
      '  firstRun = false;',
      "  seen.set('a', LIMIT);",
      '  sandbox.firstRun = false;',
      "  sandbox.seen.set('a', 1);",
      '  const local = new Map<string, number>();',
      "  local.set('b', 2);",
      '}',
    ].join('\n');
    expect(moduleState(source, 'sandbox')).toEqual([
      '1: firstRun is a module-level let',
      '6: firstRun written',
      '7: seen written',
    ]);
  });

  it.each(Object.entries(ENTRIES))('%s holds no module-level state but %s', (file, kept) => {
    expect(moduleState(readFileSync(join(root, file), 'utf8'), kept)).toEqual([]);
  });
});
