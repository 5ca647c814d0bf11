// `OktaSyntheticsConfig` in the package's declarations, written from okta-synthetics.schema.json: the schema stays
// the one source of the config's shape (functions/config/schema.ts writes it). In the repository the type is
// schema.ts's `ConfigFileJson`, which functions/config/schema-type.ts derives from the same declarations; this
// printer reads the same keywords the same way (type, const, enum, items, properties, required, oneOf), so the
// two are one type, and the package test compiles a check that they are. Each field keeps its description as
// documentation, which the team's editor shows.

type Schema = Readonly<Record<string, unknown>>;

const literal = (value: unknown): string => JSON.stringify(value);

/** A field's description as a JSDoc comment at `indent`; none without one. */
function doc(schema: Schema, indent: string): string {
  const text = schema.description;
  if (typeof text !== 'string' || text === '') return '';
  const lines = text.replace(/\*\//g, '*\\/').split('\n');
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/** The TypeScript type of a value `schema` accepts, as FromSchema reads it. */
export function typeOf(schema: Schema, indent = ''): string {
  if (Array.isArray(schema.oneOf)) return union((schema.oneOf as Schema[]).map((s) => typeOf(s, indent)));
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
  if (schema.type === undefined) return 'unknown';
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  return union(types.map((type) => ofType(type, schema, indent)));
}

function ofType(type: string, schema: Schema, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return schema.items === undefined
        ? 'readonly unknown[]'
        : `readonly (${typeOf(schema.items as Schema, indent)})[]`;
    case 'object':
      return schema.properties === undefined
        ? 'Readonly<Record<string, unknown>>'
        : objectOf(
            schema.properties as Record<string, Schema>,
            (schema.required as string[] | undefined) ?? [],
            indent,
          );
    default:
      return 'never';
  }
}

function objectOf(properties: Record<string, Schema>, required: readonly string[], indent: string): string {
  const inner = `${indent}  `;
  const fields = Object.entries(properties).map(
    ([name, field]) =>
      `${doc(field, inner)}${inner}readonly ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : literal(name)}` +
      `${required.includes(name) ? '' : '?'}: ${typeOf(field, inner)};`,
  );
  return `{\n${fields.join('\n')}\n${indent}}`;
}

function union(types: readonly string[]): string {
  const unique = [...new Set(types)];
  return unique.length === 1 ? unique[0]! : unique.map((t) => (t.includes('\n') ? `(${t})` : t)).join(' | ');
}

/** The declaration of `OktaSyntheticsConfig`, from the config's JSON Schema (its top level). */
export function configTypeDeclaration(schema: Schema): string {
  const properties = schema.properties as Record<string, Schema>;
  const required = (schema.required as string[] | undefined) ?? [];
  return `export interface OktaSyntheticsConfig ${objectOf(properties, required, '')}\n`;
}
