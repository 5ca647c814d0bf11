// `npm run bench:cost`: section f (the example config's cost, as `cost` prints it) alone, the rest of BENCHMARKS.md
// kept as it is, and the measured profile's note of the last `npm run bench` kept with it.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { COST_HEADING, costSection, exampleEstimate } from './cost-section';
import { sectionOf, withSection } from './doc-section';

const doc = new URL('../../BENCHMARKS.md', import.meta.url);
const text = await readFile(doc, 'utf8');
const drift = sectionOf(text, COST_HEADING)
  ?.split('\n')
  .find((line) => /^(Note: )?[Tt]he cost command's defaults/.test(line));
const section = costSection(exampleEstimate(fileURLToPath(new URL('../..', import.meta.url))), drift).join('\n');
await writeFile(doc, withSection(text, COST_HEADING, section));
process.stdout.write(`${section}\n`);
