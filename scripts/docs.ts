// `npm run docs`: rewrites every generated part of the docs from the code, in place. README.md's generated
// blocks sit between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`, and its figures that drift (the
// number of codes, the run log's retention, the Lambda bundle's size) inline between `<!-- figure:NAME -->` and
// `<!-- /figure:NAME -->`; okta-synthetics.schema.json is written whole. test/functions/readme.integration.test.ts and test/functions/config/json-schema.test.ts fail when either is
// stale, so a change to a table's source is one command away from its docs.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { alarmTimingTable, catalogueTable, diagnosisTable, faultList, metricTable, sampleNotification, scenarioTable } from './diagnosis-table';
import { SCHEMA_FILE, schemaText } from './config-schema';
import { FIGURES } from './figures';

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

/** The inline figure NAME's value as the README has it, or undefined when its markers are missing. */
export function figureValue(text: string, name: string): string | undefined {
  return figurePattern(name).exec(text)?.[2];
}

function figurePattern(name: string): RegExp {
  return new RegExp(`(<!-- figure:${name} -->)([^<]*)(<!-- /figure:${name} -->)`, 'g');
}

/** The text with every generated block and figure rewritten; throws naming a block or figure whose markers are missing. */
export function regenerate(text: string): string {
  let out = text;
  for (const [name, figure] of Object.entries(FIGURES)) {
    if (figureValue(out, name) === undefined) throw new Error(`README.md has no <!-- figure:${name} --> ... <!-- /figure:${name} --> figure`);
    const value = figure();
    out = out.replace(figurePattern(name), (_all, open: string, _old: string, close: string) => `${open}${value}${close}`);
  }
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
