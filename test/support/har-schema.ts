// HAR 1.2's structure as JSON Schema (har-schema, the schemas har-validator checks HAR files with, written from the
// W3C HAR 1.2 draft): a trace the probe writes must load in any HAR viewer Okta Support uses.
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const schemas = require('har-schema') as Record<string, { readonly $id: string }>;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;

const ajv = new Ajv({ allErrors: true, strict: false });
// The formats HAR 1.2's schemas name (date-time, uri, ipv4, ipv6) checked, not "ignored" in 14 lines of warnings at
// the start of every file that loads them.
addFormats(ajv);
ajv.addMetaSchema(draft06);
for (const schema of Object.values(schemas)) ajv.addSchema(schema);
const validate = ajv.getSchema('har.json#');

/** The schema errors of `har` as "path message" lines; [] for a valid HAR 1.2 document. */
export function harErrors(har: unknown): string[] {
  if (validate === undefined) throw new Error('har-schema did not load its har.json schema');
  if (validate(har)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
