// Construct props read like their anchor's (cdk-monitoring-constructs): each optional prop says what happens without
// it. Read from the sources as text, so the unit lane loads no CDK.
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const LIB = new URL('../../lib/', import.meta.url);

/** Each optional member of each `...Props` interface in lib/, with whether its doc comment carries `@default`. */
function optionalProps(): { name: string; documented: boolean }[] {
  return readdirSync(LIB)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(new URL(file, LIB), 'utf8'), ts.ScriptTarget.Latest, true);
      return source.statements
        .filter((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node))
        .filter((node) => node.name.text.endsWith('Props'))
        .flatMap((node) =>
          node.members
            .filter((member) => member.questionToken !== undefined)
            .map((member) => ({
              name: `lib/${file}: ${node.name.text}.${member.name?.getText(source) ?? '?'}`,
              documented: ts.getJSDocCommentsAndTags(member).some((doc) => /@default\s+\S/.test(doc.getText(source))),
            })),
        );
    });
}

describe("the constructs' props", () => {
  it('document the default of every optional prop, as the package construct does', () => {
    const props = optionalProps();
    expect(props.map((p) => p.name)).toEqual(
      expect.arrayContaining(['lib/okta-synthetics.ts: OktaSyntheticsProps.account']),
    );
    expect(props.filter((p) => !p.documented).map((p) => p.name)).toEqual([]);
  });
});
