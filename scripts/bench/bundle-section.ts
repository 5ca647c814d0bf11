// `npm run bench:bundle`: section d (the probe's asset and its module load at init) alone, the rest of BENCHMARKS.md
// kept as it is; `npm run bench` measures it with every other section.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchBundle, bundleSection } from './bundle';
import { BUNDLE_HEADING, withSection } from './doc-section';

/** Fresh processes per series: as many as section q's rounds. */
const RUNS = Number(process.env.BENCH_ROUNDS ?? 21);

const out = await mkdtemp(join(tmpdir(), 'okta-synthetics-bundle-'));
try {
  const text = bundleSection(await benchBundle(out, RUNS)).join('\n');
  const doc = new URL('../../BENCHMARKS.md', import.meta.url);
  await writeFile(doc, withSection(await readFile(doc, 'utf8'), BUNDLE_HEADING, text));
  process.stdout.write(`${text}\n`);
} finally {
  await rm(out, { recursive: true, force: true });
}
