// `npm run bench:unit-loop`: section m (the unit lane's wall clock) alone, the rest of BENCHMARKS.md kept as it is.
// The lane is timed on its own so it can be rerun when the machine is quiet: the whole `npm run bench` spends four
// minutes first, and any other work on two cores lands on the lane's wall clock.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withSection } from './doc-section';
import { UNIT_LOOP_HEADING, benchUnitLoop, unitLoopSection } from './unit-loop';

const doc = new URL('../../BENCHMARKS.md', import.meta.url);
const runs = Number(process.env.BENCH_ROUNDS ?? 3);
const section = unitLoopSection(await benchUnitLoop(fileURLToPath(new URL('../..', import.meta.url)), runs)).join('\n');
await writeFile(doc, withSection(await readFile(doc, 'utf8'), UNIT_LOOP_HEADING, section));
process.stdout.write(`${section}\n`);
