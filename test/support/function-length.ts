// The functions of a file and how many lines each spans, read with TypeScript's own parser: what the house's
// function-length rule counts. A file's length is no measure of one job (joining lines would meet a file cap), a
// function's is: past about 60 lines it decides more than one thing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface FunctionSpan {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly lines: number;
}

function nameOf(node: ts.SignatureDeclaration, sf: ts.SourceFile): string {
  if (node.name !== undefined) return node.name.getText(sf);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText(sf);
  return '<anonymous>';
}

/**
 * Every function, method, arrow and accessor with a body in `text`, with the lines from its first token to its last
 * line: its doc comment says why, and is not counted as code.
 */
export function functionSpans(file: string, text: string): FunctionSpan[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf, false)).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      spans.push({ file, line: first + 1, name: nameOf(node, sf), lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return spans;
}

/** The functions of the files under `root` of `lines` lines or more, longest first. */
export function longFunctions(root: string, files: readonly string[], lines: number): FunctionSpan[] {
  return files
    .flatMap((file) => functionSpans(file, readFileSync(join(root, file), 'utf8')))
    .filter((span) => span.lines >= lines)
    .sort((a, b) => b.lines - a.lines);
}
