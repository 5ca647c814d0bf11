// Writes okta-synthetics.schema.json, the configuration's JSON Schema for editors, from functions/config/schema.ts:
// `npm run docs`. test/functions/config/json-schema.test.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { configJsonSchema } from '../functions/config/schema';

export const SCHEMA_FILE = new URL('../okta-synthetics.schema.json', import.meta.url);

export function schemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(SCHEMA_FILE, schemaText());
}
