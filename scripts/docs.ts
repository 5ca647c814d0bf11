// `npm run docs`: rewrites every generated part of the docs from the code, in place. README.md's generated
// blocks sit between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; okta-synthetics.schema.json is
// written whole. test/functions/readme.test.ts and test/functions/config/json-schema.test.ts fail when either is
// stale, so a change to a table's source is one command away from its docs.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { alarmTimingTable, catalogueTable, diagnosisTable, faultList, metricTable, sampleNotification, scenarioTable } from './diagnosis-table';
import { SCHEMA_FILE, schemaText } from './config-schema';

export const README_FILE = new URL('../README.md', import.meta.url);

/** Each generated block of README.md, by its marker name. */
export const GENERATED: Readonly<Record<string, () => string>> = {
  'diagnosis-codes': diagnosisTable,
  'simulator-scenarios': scenarioTable,
  'error-catalogue': catalogueTable,
  'alarm-timing': alarmTimingTable,
  'sample-notification': sampleNotification,
  metrics: metricTable,
  'report-faults': faultList,
};

const markers = (name: string): [string, string] => [`<!-- generated:${name} (npm run docs) -->`, `<!-- /generated:${name} -->`];

/** The block between a name's markers, or undefined when the markers are missing. */
export function generatedBlock(text: string, name: string): string | undefined {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) return undefined;
  return text.slice(start + open.length + 1, end - 1);
}

/** The text with every generated block rewritten; throws naming a block whose markers are missing. */
export function regenerate(text: string): string {
  let out = text;
  for (const [name, generate] of Object.entries(GENERATED)) {
    const [open, close] = markers(name);
    const current = generatedBlock(out, name);
    if (current === undefined) throw new Error(`README.md has no ${open} ... ${close} block`);
    out = out.replace(`${open}\n${current}\n${close}`, () => `${open}\n${generate()}\n${close}`);
  }
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const before = readFileSync(README_FILE, 'utf8');
  const after = regenerate(before);
  if (after !== before) writeFileSync(README_FILE, after);
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(after === before ? 'README.md: generated blocks current' : 'README.md: generated blocks rewritten');
}
