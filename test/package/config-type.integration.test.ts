// In the integration lane: compiling the config's declarations with TypeScript takes longer than the unit lane allows.
// OktaSyntheticsConfig, as the package's declarations write it from okta-synthetics.schema.json, is the one type the
// repository derives from the same declarations (ConfigFileJson): compiled here, each must be assignable to the
// other, and the committed example must be one.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { configTypeDeclaration } from '../../scripts/config-type';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const schema = JSON.parse(readFileSync(join(ROOT, 'okta-synthetics.schema.json'), 'utf8')) as Record<string, unknown>;

/** The diagnostics of compiling `files` (name to text) under strict options, as the repository's sources compile. */
function compile(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-config-type-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const program = ts.createProgram(
    Object.keys(files).map((name) => join(dir, name)),
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      allowImportingTsExtensions: true,
      types: [],
    },
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('OktaSyntheticsConfig in the package', () => {
  it("is the repository's ConfigFileJson, both ways, and types the committed example", () => {
    const example = readFileSync(join(ROOT, 'okta-synthetics.example.json'), 'utf8');
    const problems = compile({
      'generated.ts': configTypeDeclaration(schema),
      'check.ts': [
        "import type { OktaSyntheticsConfig } from './generated.ts';",
        `import type { ConfigFileJson } from '${join(ROOT, 'functions/config/schema.ts')}';`,
        'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
        'export const same: Same<OktaSyntheticsConfig, ConfigFileJson> = true;',
        `export const example: OktaSyntheticsConfig = ${example};`,
        '// @ts-expect-error a field the schema does not declare',
        'export const misspelt: OktaSyntheticsConfig = { ...example, prefixx: "okta" };',
        '// @ts-expect-error a number where the schema declares a string',
        'export const mistyped: OktaSyntheticsConfig = { ...example, prefix: 7 };',
      ].join('\n'),
    });
    expect(problems).toEqual([]);
  }, 180_000);

  it('keeps each field of the schema with its description, for the editor', () => {
    const text = configTypeDeclaration(schema);
    const properties = schema.properties as Record<string, { description?: string }>;
    for (const [name, field] of Object.entries(properties)) {
      expect(text, name).toMatch(new RegExp(`readonly ${name.replace('$', '\\$')}\\??:`));
      if (field.description !== undefined) expect(text).toContain(field.description.split('\n')[0]!.slice(0, 60));
    }
  });
});
