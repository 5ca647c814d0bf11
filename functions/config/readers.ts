// Generic field readers: each reads one field, by its declaration (readDeclared) or by the rule it is handed, adds
// "path: message" with the rule broken and the fix when it is wrong, and returns undefined then; the validator never
// stops at the first problem. readLevel reads a level's fields in one call, each by its declaration and its table.
import { DISPLAY_NAME_MAX } from './display-name';
import { didYouMean } from '../text/did-you-mean';
import type { UserCredential } from '../types';
import { LOOPBACK_HOST, type ConfigMode, type FieldSchema } from './schema';
import type { FromSchema } from './schema-type';

export type Json = Record<string, unknown>;

/** Collects "path: message" lines; the validator never stops at the first problem. */
export class Problems {
  readonly list: string[] = [];
  /** Soft problems: said on stderr, never a refusal (a key file others can read, as ssh warns). */
  readonly warnings: string[] = [];
  add(path: string, message: string): void {
    this.list.push(path ? `${path}: ${message}` : message);
  }
  warn(path: string, message: string): void {
    this.warnings.push(path ? `${path}: ${message}` : message);
  }
}
export interface Ctx {
  readonly mode: ConfigMode;
  readonly baseDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** False: credential fields are checked for shape only, their files and variables are not read (cost). */
  readonly readCredentials: boolean;
  /** How the files a config names are read: without them a file is taken as named, and `run` reads it. */
  readonly credentialFiles: CredentialFiles | undefined;
  readonly problems: Problems;
}

/**
 * The readers of the credential files a config may name, a key file and a user's secrets file: handed in by the
 * CLI (functions/credentials/local.ts `LOCAL_CREDENTIAL_FILES`), so the config only judges what they return and the
 * stack, which validates the same file, never loads a reader of secrets (test/architecture.test.ts).
 */
export interface CredentialFiles {
  /** A private key file: its PEM (with a warning when others can read it), or why it cannot be used. */
  readonly keyFile: (
    file: string,
    shown: string,
  ) => { readonly pem: string; readonly warning?: string } | { readonly problem: string };
  /** A user's secrets file (JSON {"password", "totpSecret"?, "clientSecret"?}), or why it cannot be used. */
  readonly userSecretsFile: (
    file: string,
    shown: string,
  ) => { readonly credential: UserCredential } | { readonly problem: string };
  /** A passkey file: judged at load only for a warning (others can read it); a run reads it again. */
  readonly passkeyFile?: (file: string, shown: string) => { readonly warning?: string } | { readonly problem: string };
}

// ---------------------------------------------------------------------------------------------------
// Generic field readers

/** A non-empty string field; `what` makes it required and explains what belongs there. */
function readString(
  obj: Json,
  key: string,
  problems: Problems,
  opts: { parent?: string; what?: string; expected?: string; check?: (value: string) => string | undefined } = {},
): string | undefined {
  const { parent, what, expected = 'a non-empty string', check } = opts;
  const path = parent ? `${parent}.${key}` : key;
  const value = obj[key];
  if (value === undefined) {
    if (what !== undefined) problems.add(path, `required: ${what}`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(path, `expected ${expected}, got ${typeName(value)}`);
    return undefined;
  }
  const problem = check?.(value);
  if (problem !== undefined) {
    problems.add(path, problem);
    return undefined;
  }
  return value;
}

function readStringArray(
  obj: Json,
  key: string,
  problems: Problems,
  opts: {
    path?: string;
    required?: boolean;
    allowEmpty?: boolean;
    /** What the items are, as the message names them: "strings" unless they are a list of accepted values. */
    items?: string;
    item?: (value: string) => string | undefined;
  },
): string[] | undefined {
  const path = opts.path ? `${opts.path}.${key}` : key;
  const value = obj[key];
  if (value === undefined) {
    if (opts.required) problems.add(path, 'required: a non-empty array of strings, e.g. ["okta.users.read"]');
    return undefined;
  }
  if (!Array.isArray(value)) {
    const hint =
      typeof value === 'string'
        ? ` (write ["${value
            .split(/[\s,]+/)
            .filter(Boolean)
            .join('", "')}"])`
        : '';
    problems.add(path, `expected an array of ${opts.items ?? 'strings'}, got ${typeName(value)}${hint}`);
    return undefined;
  }
  if (value.length === 0 && !opts.allowEmpty) {
    problems.add(path, 'must not be empty');
    return undefined;
  }
  const before = problems.list.length;
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || item === '') {
      const expected = opts.items === undefined ? 'a non-empty string' : `one of ${opts.items}`;
      problems.add(`${path}[${index}]`, `expected ${expected}, got ${typeName(item)}`);
      return;
    }
    const problem = opts.item?.(item);
    if (problem !== undefined) problems.add(`${path}[${index}]`, problem);
    else if (value.indexOf(item) !== index) problems.add(`${path}[${index}]`, `"${item}" is listed twice`);
  });
  return problems.list.length > before ? undefined : (value as string[]);
}

export function readNumber(
  obj: Json,
  key: string,
  problems: Problems,
  rule: { min: number; max: number; integer?: boolean; step?: number; unit: string; parent?: string },
): number | undefined {
  const value = obj[key];
  const path = rule.parent ? `${rule.parent}.${key}` : key;
  if (value === undefined) return undefined;
  const kind = rule.integer ? 'an integer' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    const hint =
      typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
        ? ` (write ${Number(value)} without quotes)`
        : '';
    problems.add(
      path,
      `expected ${kind} (${rule.unit}) from ${rule.min} to ${rule.max}, got ${typeof value === 'number' ? value : typeName(value)}${hint}`,
    );
    return undefined;
  }
  if (value < rule.min || value > rule.max) {
    problems.add(path, `${value} is out of range: use ${kind} from ${rule.min} to ${rule.max} (${rule.unit})`);
    return undefined;
  }
  const { step } = rule;
  if (step !== undefined && !Number.isInteger(value / step)) {
    const below = Math.floor(value / step) * step;
    problems.add(
      path,
      `${value} is not a multiple of ${step}: use ${below} or ${below + step} (${kind} from ${rule.min} to ` +
        `${rule.max} in steps of ${step}, ${rule.unit})`,
    );
    return undefined;
  }
  return value;
}

/** http(s) URL; plain http only for loopback hosts, so a real org is never probed with a secret in clear text. */
export function readUrl(value: unknown, path: string, problems: Problems, extra = ''): URL | undefined {
  if (typeof value !== 'string') {
    problems.add(path, `expected a URL string${extra}, got ${typeName(value)}`);
    return undefined;
  }
  const problem = urlProblem(value);
  if (problem !== undefined) {
    problems.add(path, problem);
    return undefined;
  }
  return new URL(value);
}

/**
 * What keeps a string from being a URL the probe may call, and the fix: not absolute, a user name or password in it,
 * or a scheme other than https (plain http only for a loopback host); undefined when it is one.
 */
export function urlProblem(value: string): string | undefined {
  const url = URL.parse(value);
  if (url === null) {
    const hint = /^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(value) ? ` (did you mean "https://${value}"?)` : '';
    return `${quoted(value)} is not an absolute URL${hint}`;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  if (url.protocol === 'http:') {
    return `must use https (plain http is accepted only for 127.0.0.1, localhost or [::1]); use "https://${url.host}${url.pathname === '/' ? '' : url.pathname}"`;
  }
  return `must be an https URL, got the scheme "${url.protocol.replace(/:$/, '')}"`;
}

/**
 * A URL its declared pattern refuses (schema.ts CALLABLE_URL, statusPageUrl's): the broken rule when urlProblem
 * finds one, else the spelling the parser forgave (outer spaces, a capital scheme, an empty query), with the URL as
 * read.
 */
export function urlAdvice(value: string): string {
  return urlProblem(value) ?? `write the URL as it is read (did you mean "${new URL(value).href}"?)`;
}

const LOOPBACK = new RegExp(`^${LOOPBACK_HOST}$`, 'u');

function isLoopback(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

function checkUnknownFields(
  obj: Json,
  known: readonly string[],
  parent: string,
  problems: Problems,
  hint?: (key: string) => string | undefined,
): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const path = parent ? `${parent}.${key}` : key;
    const special = hint?.(key);
    if (special !== undefined) {
      problems.add(path, special);
      continue;
    }
    const suggestion = didYouMean(
      key,
      known.filter((k) => !k.startsWith('_') && !k.startsWith('$')),
    );
    problems.add(
      path,
      suggestion
        ? `unknown field (did you mean ${suggestion}?)`
        : `unknown field; known fields here: ${known.filter((k) => k !== '$schema').join(', ')}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Fields read by their declaration (schema.ts): the type, range, length, pattern and accepted values the JSON Schema
// states are the rules applied, so a level's rules are written once and editors and the validator cannot disagree.
// What a declaration cannot say stays with the level's reader: the unit a number is counted in, the advice that
// names the fix when a pattern is not matched, defaults and the rules between fields
// (docs/decisions/config-declarations.md).

/** One level's fields, as schema.ts declares them. */
export type Declared = Readonly<Record<string, FieldSchema>>;

interface ReadOptions {
  /** The level's path: `servers[0].authorize`; '' at the top of the file. */
  readonly parent: string;
  /** Makes the field required, whatever its declared type, and says what belongs there. */
  readonly what?: string;
  /** Numbers: what the value counts, as the message names it ("minutes"). */
  readonly unit?: string;
  /**
   * A value the declared pattern or length refuses: what is wrong with it and what to write instead. For a value
   * outside a declared enum, words added to the list of accepted ones ('' adds none).
   */
  readonly advice?: (value: string) => string;
  /** A rule beyond the declaration, for a string or each item of a list. */
  readonly check?: (value: string) => string | undefined;
  /** A value refused before its declared read, with words of its own: a percent where a fraction belongs. */
  readonly refuse?: (value: unknown) => string | undefined;
}

/**
 * How a level reads one of its declared fields: the options its declared read takes (the path is the level's), or
 * 'own' where the level's reader reads it itself: a level of its own (an object, a list of objects), or a field read
 * only when another allows it, so a value that no rule applies to is never refused.
 */
type FieldRead = FieldOptions | 'own';

/** The options of one field's declared read, its path the level's. */
export type FieldOptions = Omit<ReadOptions, 'parent'>;

/** The options of a field whose declared pattern or length needs the fix said when it is missed. */
export type AdvisedOptions = FieldOptions & { readonly advice: (value: string) => string };

/**
 * What a field's declared read cannot do without, by its declaration: a number's unit (its messages name what it
 * counts), a pattern's or a length's advice (the fix when it is missed); nothing for the rest.
 */
type Needs<S> = S extends { readonly type: 'integer' | 'number' | readonly ('integer' | 'number' | 'null')[] }
  ? { readonly unit: string }
  : S extends
        | { readonly pattern: string }
        | { readonly maxLength: number }
        | { readonly items: { readonly pattern: string } }
    ? Pick<AdvisedOptions, 'advice'>
    : undefined;

/**
 * A level's table of how it reads its fields: a key it does not declare is a type error, and a field whose read needs
 * a unit or advice must be named with it (or marked 'own'), so a table cannot forget the words a message needs.
 */
export type FieldTable<F extends Declared> = {
  readonly [K in keyof F as Needs<F[K]> extends undefined ? K : never]?: FieldRead;
} & {
  readonly [K in keyof F as Needs<F[K]> extends undefined ? never : K]: (FieldOptions & Needs<F[K]>) | 'own';
};

type OwnFields<T> = { [K in keyof T]: T[K] extends 'own' ? K : never }[keyof T];

/** A level as read by its declaration: each field it read, typed as declared, absent when absent or refused. */
export type Level<F extends Declared, T> = {
  [K in Exclude<keyof F & string, OwnFields<T> | '_comment'>]?: FromSchema<F[K]>;
};

/**
 * One level read in one call: a key it does not declare refused with a did-you-mean (or the hint's words), then every
 * declared field read by its declaration with the options the table gives it, in the table's order and then the
 * declaration's, so the problems come in the order the table states. The comment (`_comment`) is for people and is
 * never read; a field the table marks 'own' is left to the level's reader. The level's defaults and the rules
 * between its fields are the caller's, applied to the typed result.
 */
export function readLevel<F extends Declared, const T extends FieldTable<F>>(
  raw: Json,
  fields: F,
  problems: Problems,
  options: {
    readonly parent: string;
    readonly fields: T & Record<Exclude<keyof T, keyof F>, never>;
    readonly unknown?: (key: string) => string | undefined;
  },
): Level<F, T> {
  const { parent } = options;
  const table: Readonly<Record<string, FieldRead | undefined>> = options.fields;
  // The fields the level does not declare, each refused with a did-you-mean.
  checkUnknownFields(raw, Object.keys(fields), parent, problems, options.unknown);
  const order = [...new Set([...Object.keys(table), ...Object.keys(fields)])];
  const read: Record<string, unknown> = {};
  for (const key of order) {
    const how = table[key] ?? {};
    if (key === '_comment' || how === 'own') continue;
    const value = readBySchema(raw, key, fields[key] as FieldSchema, problems, { ...how, parent });
    if (value !== undefined) read[key] = value;
  }
  return read as Level<F, T>;
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

/**
 * An item of a list whose items take several forms (an alarm endpoint's URL, or an object naming its secret), read by
 * the declaration of its form under its own path (`alarmEndpoints.page[0]`), as a field is; undefined when wrong.
 */
export function readDeclaredItem<S extends FieldSchema>(
  value: unknown,
  path: string,
  schema: S,
  problems: Problems,
  options: FieldOptions,
): FromSchema<S> | undefined {
  // The path's last step is the item's key: `alarmEndpoints` . `page[0]`.
  const dot = path.lastIndexOf('.');
  const [parent, key] = dot < 0 ? ['', path] : [path.slice(0, dot), path.slice(dot + 1)];
  return readBySchema({ [key]: value }, key, schema, problems, { ...options, parent }) as FromSchema<S> | undefined;
}

function readBySchema(raw: Json, key: string, schema: FieldSchema, problems: Problems, options: ReadOptions): unknown {
  const path = options.parent === '' ? key : `${options.parent}.${key}`;
  // Absence is judged here, once, for every declared type: an enum, a number or a boolean read with `what` is as
  // required as a string.
  if (raw[key] === undefined) {
    if (options.what !== undefined) problems.add(path, `required: ${options.what}`);
    return undefined;
  }
  const refused = options.refuse?.(raw[key]);
  if (refused !== undefined) {
    problems.add(path, refused);
    return undefined;
  }
  if (Array.isArray(schema.oneOf)) return readForm(raw, key, path, schema.oneOf as FieldSchema[], problems, options);
  if (Array.isArray(schema.enum)) return readEnum(raw[key], path, schema.enum, problems, options);
  // `["integer", "null"]`: null is a value of its own (a setting turned off), the other type is read as declared.
  const types: readonly unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (raw[key] === null && types.includes('null')) return null;
  switch (types.find((type) => type !== 'null')) {
    case 'string':
      return readString(raw, key, problems, {
        parent: options.parent,
        expected:
          (schema.format === 'uri' ? 'a URL string' : 'a non-empty string') +
          (types.includes('null') ? ' or null' : ''),
        check: (value) => stringProblem(value, schema, options) ?? options.check?.(value),
      });
    case 'integer':
    case 'number':
      return readNumber(raw, key, problems, {
        ...rangeOf(schema, path),
        unit: unitOf(options, path),
        parent: options.parent,
      });
    case 'boolean':
      if (typeof raw[key] === 'boolean') return raw[key];
      problems.add(path, `expected true or false, got ${typeName(raw[key])}`);
      return undefined;
    case 'array':
      return readStringArray(raw, key, problems, {
        path: options.parent,
        allowEmpty: schema.minItems === undefined,
        ...(Array.isArray(items(schema).enum) && { items: (items(schema).enum as unknown[]).join(', ') }),
        item: (value) => stringProblem(value, items(schema), options) ?? options.check?.(value),
      });
    default:
      throw new Error(`${path}: declared as ${JSON.stringify(schema.type)}, which readDeclared does not read`);
  }
}

/**
 * A field of several forms (`true`, or `{ "path": ... }`): the form of the value's JSON type is read as declared,
 * and an object handed back as written, its fields for its reader to read by their own declarations. A value of no
 * form is refused with the forms, the advice's words after them (`like { "path": ... }`).
 */
function readForm(
  raw: Json,
  key: string,
  path: string,
  forms: readonly FieldSchema[],
  problems: Problems,
  options: ReadOptions,
): unknown {
  const value = raw[key];
  const form = forms.find((candidate) => isOfForm(value, candidate));
  if (form === undefined) {
    const said = options.advice?.(String(value)) ?? '';
    const names = forms.map(formName).join(', or ');
    problems.add(path, `expected ${names}${said === '' ? '' : ` ${said}`}, got ${typeName(value)}`);
    return undefined;
  }
  return isObject(value) ? value : readBySchema(raw, key, form, problems, options);
}

function isOfForm(value: unknown, form: FieldSchema): boolean {
  if ('const' in form) return value === form.const;
  if (form.type === 'object') return isObject(value);
  if (form.type === 'array') return Array.isArray(value);
  if (form.type === 'integer') return Number.isInteger(value);
  return typeof value === form.type;
}

function formName(form: FieldSchema): string {
  if ('const' in form) return JSON.stringify(form.const);
  if (form.type === 'boolean') return 'true or false';
  return form.type === 'object' || form.type === 'array' || form.type === 'integer'
    ? `an ${String(form.type)}`
    : `a ${String(form.type)}`;
}

/** A value one of the declared ones; the advice says why these (`(a check that runs every minute ...)`). */
function readEnum(
  value: unknown,
  path: string,
  accepted: readonly unknown[],
  problems: Problems,
  options: ReadOptions,
): unknown {
  if (accepted.includes(value)) return value;
  const said = options.advice?.(String(value)) ?? '';
  const advice = said === '' ? '' : ` ${said}`;
  problems.add(
    path,
    `expected one of ${accepted.join(', ')}${advice}, got ` +
      (typeof value === 'string' ? quoted(value) : typeof value === 'number' ? String(value) : typeName(value)),
  );
  return undefined;
}

/**
 * The declared accepted values (a list's `items: { enum }`), pattern and maximum length, refused with the reader's
 * advice; a value outside an enum is refused with the accepted ones when no advice is given.
 */
function stringProblem(value: string, schema: FieldSchema, options: ReadOptions): string | undefined {
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    return options.advice?.(value) ?? `expected one of ${schema.enum.join(', ')}, got ${quoted(value)}`;
  const tooLong = typeof schema.maxLength === 'number' && value.length > schema.maxLength;
  const unmatched = typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value);
  if (!tooLong && !unmatched) return undefined;
  if (options.advice === undefined) throw new Error(`a declared pattern or length needs advice naming the fix`);
  return options.advice(value);
}

const items = (schema: FieldSchema): FieldSchema =>
  typeof schema.items === 'object' && schema.items !== null ? (schema.items as FieldSchema) : {};

/**
 * The declared range: `exclusiveMinimum` stands as the least value, since the messages name a range "from ... to";
 * and its step (`multipleOf`), which readNumber tests by division: exact for a step that is a power of two (0.5).
 */
function rangeOf(schema: FieldSchema, path: string): { min: number; max: number; integer: boolean; step?: number } {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum;
  if (typeof min !== 'number' || typeof max !== 'number') throw new Error(`${path}: a declared number needs a range`);
  const types: readonly unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const step = schema.multipleOf;
  return { min, max, integer: types.includes('integer'), ...(typeof step === 'number' && { step }) };
}

function unitOf(options: ReadOptions, path: string): string {
  if (options.unit === undefined) throw new Error(`${path}: a number's message needs its unit`);
  return options.unit;
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

/**
 * Whether a value looks like a key or a secret (a PEM block, several lines, or a long token mixing cases and
 * digits, as base64 and Okta's client secrets do) where a name, a path or a URL belongs: such a value is never
 * echoed in a message.
 */
export function looksLikeSecret(value: string, tokenLength = 32): boolean {
  if (/-----BEGIN|-----END|PRIVATE KEY|[\r\n]/.test(value)) return true;
  return value
    .split(/[\s/\\.]+/)
    .some((token) => token.length >= tokenLength && /[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token));
}

/** A value a declared region pattern refuses, for `regions` and a journey's `region`. */
export const notAnAwsRegion = (value: string): string => `${quoted(value)} is not an AWS region name (like eu-west-1)`;

/** A value as a message shows it: quoted, unless it looks like a key or a secret. */
export function quoted(value: string): string {
  return looksLikeSecret(value) ? 'the value (not shown: it looks like a key or a secret)' : `"${value}"`;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

const DISPLAY_NAME_ADVICE =
  `a display name of up to ${DISPLAY_NAME_MAX} characters, without quotes, line breaks or outer spaces, ` +
  `parentheses only in pairs, e.g. "Payments API (prod)"`;

/**
 * How a level's table reads an entry's optional display name ("name"): people's words beside the id in alarms, pages
 * and the dashboard, read by its declaration (display-name.ts: the length and the characters). Quotes, parentheses
 * and line breaks are refused: the name sits inside the id's quotes' sentence, and a page's subject is read back from
 * the alarm description by its shape; outer spaces, which no declaration states, are refused here.
 */
export const DISPLAY_NAME_READ = {
  advice: () => DISPLAY_NAME_ADVICE,
  check: (value: string) => (value.trim() !== value ? DISPLAY_NAME_ADVICE : undefined),
} as const satisfies FieldOptions;
