// How many places each config field's name is written, level by level: its declaration (functions/config/schema.ts,
// the one source the JSON Schema is written from), a file-JSON type, its reader, its validated type and the
// simulator's writer. A field written in fewer places has fewer copies to drift apart. Run: npx --no-install tsx
// scripts/field-places.ts (--fields lists every field). The second figure counts a declared range or pattern the
// reader writes again as a literal: a rule kept in two places.
import { readFileSync } from 'node:fs';
import { QUORUM_SCHEMA } from '../functions/config/quorum-shape';
import { TOP_SCHEMA, type FieldSchema } from '../functions/config/schema';

interface Level {
  /** Where the level's fields are declared, as a path of TOP_SCHEMA's `properties` and `items`. */
  readonly fields: Readonly<Record<string, FieldSchema>>;
  /** The files that read this level's fields (one reader may sit in a shared file). */
  readonly readers: readonly string[];
  /** The validated type(s): `file#Interface`. */
  readonly validated: readonly string[];
}

const props = (schema: unknown): Readonly<Record<string, FieldSchema>> => {
  const s = schema as {
    properties?: Record<string, FieldSchema>;
    items?: { properties?: Record<string, FieldSchema> };
  };
  return s.properties ?? s.items?.properties ?? {};
};
const top = TOP_SCHEMA as unknown as Record<string, FieldSchema>;
const server = props(top.servers);

const LEVELS: Readonly<Record<string, Level>> = {
  top: {
    fields: top,
    readers: [
      'parse.ts',
      'latency.ts',
      'inventory.ts',
      'routing.ts',
      'quorum.ts',
      'local-notifications.ts',
      'user-sign-ins.ts',
    ],
    validated: ['functions/types.ts#ProbeConfig', 'functions/config/schema.ts#DeploySettings'],
  },
  'servers[]': {
    fields: server,
    readers: ['servers.ts', 'credentials.ts'],
    validated: ['functions/types.ts#ServerConfig'],
  },
  'servers[].authorize': {
    fields: props(server.authorize),
    readers: ['servers.ts'],
    validated: ['functions/types.ts#AuthorizeConfig'],
  },
  'servers[].resources[]': {
    fields: props(server.resources),
    readers: ['resources.ts'],
    validated: ['functions/types.ts#ResourceConfig'],
  },
  'signIn[]': { fields: props(top.signIn), readers: ['sign-in.ts'], validated: ['functions/types.ts#SignInConfig'] },
  'samlApps[]': {
    fields: props(top.samlApps),
    readers: ['samlApps.ts'],
    validated: ['functions/types.ts#SamlAppConfig'],
  },
  'samlGroups[]': {
    fields: props(top.samlGroups),
    readers: ['samlGroups.ts'],
    validated: ['functions/types.ts#SamlGroupConfig'],
  },
  userSignIns: {
    fields: props(top.userSignIns),
    readers: ['user-sign-ins.ts'],
    validated: ['functions/types.ts#UserSignInsConfig'],
  },
  quorum: {
    fields: props(QUORUM_SCHEMA),
    readers: ['quorum.ts'],
    validated: ['functions/config/quorum-shape.ts#QuorumSettings'],
  },
};

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** The body of `interface Name` (or `type Name = {`) in a file's text, braces matched; '' when there is none. */
function body(text: string, name: string): string {
  const start = new RegExp(`(?:interface ${name}\\b[^{]*|type ${name}\\b[^{=]*=[^{]*)\\{`).exec(text);
  if (start === null) return '';
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(start.index, i + 1);
  }
  return '';
}

/** Every hand-written interface or type whose name ends in FileJson, in the files that have held them. */
function fileJsonTypes(): string {
  return ['functions/config/schema.ts', 'functions/config/quorum-shape.ts']
    .map((file) => {
      const text = read(file);
      const names = [...text.matchAll(/(?:interface|type) (\w*FileJson)\b\s*(?:\{|extends)/g)].map((m) => m[1] ?? '');
      return names.map((name) => body(text, name)).join('\n');
    })
    .join('\n');
}

const escape = (s: string): string => s.replace(/[$]/g, '\\$');
/** The field named as a property or key: `name:`, `name?:`, `'name'`, `"name"`, `.name`. */
const named = (text: string, field: string): boolean =>
  new RegExp(`(?:[.'"]${escape(field)}\\b|(?<![\\w.$])${escape(field)}\\??:)`).test(text);

function placesOf(level: Level, field: string, fileJson: string, sim: string): string[] {
  const places = ['declaration'];
  if (named(fileJson, field)) places.push('file-JSON type');
  if (level.readers.some((file) => named(read(`functions/config/${file}`), field))) places.push('reader');
  const validated = level.validated.some((ref) => {
    const [file = '', name = ''] = ref.split('#');
    return named(body(read(file), name), field);
  });
  if (validated) places.push('validated type');
  if (named(sim, field)) places.push('sim/config.ts');
  return places;
}

/** A declared minimum/maximum the reader writes again (`min: 5, max: 1440`), or a declared pattern's body. */
function copiedRules(level: Level, field: string): number {
  const schema = level.fields[field] as { minimum?: number; maximum?: number; pattern?: string };
  const readers = level.readers
    .map((file) => read(`functions/config/${file}`).replace(/(\d)_(\d)/g, '$1$2'))
    .join('\n');
  let copies = 0;
  const near = new RegExp(
    `\\b${field}\\b[\\s\\S]{0,160}?min: ${schema.minimum}\\b[\\s\\S]{0,40}?max: ${schema.maximum}\\b`,
  );
  if (schema.minimum !== undefined && schema.maximum !== undefined && near.test(readers)) copies++;
  const core = schema.pattern?.replace(/^\^|\$$/g, '').replace(/\\\\/g, '\\');
  if (core !== undefined && core.length >= 8 && readers.includes(core.replace(/\//g, '\\/'))) copies++;
  return copies;
}

const fileJson = fileJsonTypes();
const sim = read('sim/config.ts');
const listFields = process.argv.includes('--fields');
let allFields = 0;
let allPlaces = 0;
let allCopies = 0;
console.log('level                    fields  places  per field  rules written twice');
for (const [name, level] of Object.entries(LEVELS)) {
  const fields = Object.keys(level.fields).filter((f) => f !== '_comment' && f !== '$schema');
  let places = 0;
  let copies = 0;
  for (const field of fields) {
    const where = placesOf(level, field, fileJson, sim);
    places += where.length;
    copies += copiedRules(level, field);
    if (listFields) console.log(`  ${name}.${field}: ${where.length} (${where.join(', ')})`);
  }
  allFields += fields.length;
  allPlaces += places;
  allCopies += copies;
  console.log(row(name, fields.length, places, copies));
}
console.log(row('all', allFields, allPlaces, allCopies));

function row(name: string, fields: number, places: number, copies: number): string {
  const perField = (places / Math.max(1, fields)).toFixed(2);
  const figures = [String(fields).padStart(6), String(places).padStart(6), perField.padStart(9), String(copies)];
  return `${name.padEnd(24)} ${figures.join('  ')}`;
}
