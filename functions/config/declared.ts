// A field read by its declaration (schema.ts): the type, range, length, pattern and accepted values the JSON Schema
// states are the rules the reader applies, so a level's rules are written once and editors and the validator cannot
// disagree. What a declaration cannot say stays with the level's reader: the unit a number is counted in, the advice
// that names the fix when a pattern is not matched, defaults and the rules between fields. Messages are the generic
// readers' (readers.ts): each names its path and the fix, and every problem is added, none stops the others.
import {
  checkUnknownFields,
  quoted,
  readNumber,
  readString,
  readStringArray,
  typeName,
  type Json,
  type Problems,
} from './readers';
import type { FieldSchema } from './schema';
import type { FromSchema } from './schema-type';

/** One level's fields, as schema.ts declares them. */
export type Declared = Readonly<Record<string, FieldSchema>>;

interface ReadOptions {
  /** The level's path: `servers[0].authorize`; '' at the top of the file. */
  readonly parent: string;
  /** Makes the field required, and says what belongs there. */
  readonly what?: string;
  /** Numbers: what the value counts, as the message names it ("minutes"). */
  readonly unit?: string;
  /** A value the declared pattern or length refuses: what is wrong with it and what to write instead. */
  readonly advice?: (value: string) => string;
  /** A rule beyond the declaration, for a string or each item of a list. */
  readonly check?: (value: string) => string | undefined;
}

/** The fields a level does not declare, each refused with a did-you-mean. */
export function checkDeclaredFields(
  raw: Json,
  fields: Declared,
  parent: string,
  problems: Problems,
  hint?: (key: string) => string | undefined,
): void {
  checkUnknownFields(raw, Object.keys(fields), parent, problems, hint);
}

/**
 * `raw[key]` checked against its declaration, typed as the declaration says; undefined when absent or wrong (the
 * problem is added). A declared field only: reading another is a type error.
 */
export function readDeclared<F extends Declared, K extends keyof F & string>(
  raw: Json,
  fields: F,
  key: K,
  problems: Problems,
  options: ReadOptions,
): FromSchema<F[K]> | undefined {
  const schema = fields[key] as FieldSchema;
  return readBySchema(raw, key, schema, problems, options) as FromSchema<F[K]> | undefined;
}

function readBySchema(raw: Json, key: string, schema: FieldSchema, problems: Problems, options: ReadOptions): unknown {
  const path = options.parent === '' ? key : `${options.parent}.${key}`;
  if (Array.isArray(schema.enum)) return readEnum(raw[key], path, schema.enum, problems, options);
  // `["integer", "null"]`: null is a value of its own (a setting turned off), the other type is read as declared.
  const types: readonly unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (raw[key] === null && types.includes('null')) return null;
  switch (types.find((type) => type !== 'null')) {
    case 'string':
      return readString(raw, key, problems, {
        parent: options.parent,
        ...(options.what !== undefined && { what: options.what }),
        check: (value) => stringProblem(value, schema, options) ?? options.check?.(value),
      });
    case 'integer':
    case 'number':
      return readNumber(raw, key, problems, {
        ...rangeOf(schema, path),
        unit: unitOf(options, path),
        parent: options.parent,
      });
    case 'array':
      return readStringArray(raw, key, problems, {
        path: options.parent,
        ...(options.what !== undefined && { required: true }),
        allowEmpty: schema.minItems === undefined,
        item: (value) => stringProblem(value, items(schema), options) ?? options.check?.(value),
      });
    default:
      throw new Error(`${path}: declared as ${JSON.stringify(schema.type)}, which readDeclared does not read`);
  }
}

/** A value one of the declared ones; the advice says why these (`(a check that runs every minute ...)`). */
function readEnum(
  value: unknown,
  path: string,
  accepted: readonly unknown[],
  problems: Problems,
  options: ReadOptions,
): unknown {
  if (value === undefined || accepted.includes(value)) return value;
  const advice = options.advice === undefined ? '' : ` ${options.advice(String(value))}`;
  problems.add(
    path,
    `expected one of ${accepted.join(', ')}${advice}, got ` +
      (typeof value === 'string' ? quoted(value) : typeName(value)),
  );
  return undefined;
}

/** The declared pattern and maximum length, refused with the reader's advice. */
function stringProblem(value: string, schema: FieldSchema, options: ReadOptions): string | undefined {
  const tooLong = typeof schema.maxLength === 'number' && value.length > schema.maxLength;
  const unmatched = typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value);
  if (!tooLong && !unmatched) return undefined;
  if (options.advice === undefined) throw new Error(`a declared pattern or length needs advice naming the fix`);
  return options.advice(value);
}

const items = (schema: FieldSchema): FieldSchema =>
  typeof schema.items === 'object' && schema.items !== null ? (schema.items as FieldSchema) : {};

/** The declared range: `exclusiveMinimum` stands as the least value, since the messages name a range "from ... to". */
function rangeOf(schema: FieldSchema, path: string): { min: number; max: number; integer: boolean } {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum;
  if (typeof min !== 'number' || typeof max !== 'number') throw new Error(`${path}: a declared number needs a range`);
  const types: readonly unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  return { min, max, integer: types.includes('integer') };
}

function unitOf(options: ReadOptions, path: string): string {
  if (options.unit === undefined) throw new Error(`${path}: a number's message needs its unit`);
  return options.unit;
}
