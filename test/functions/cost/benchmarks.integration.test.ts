// BENCHMARKS.md's section f is the example config's cost as `okta-synthetics cost` prints it: once written from a
// bench run's own profile and an older cost module, it said $21.27 where the command said $30.33. Both now come from
// one function (scripts/bench/cost-section.ts), and this test (the CLI in-process: the integration lane) keeps the
// written section equal to the command's output: after a change to the cost module, `npm run bench:cost` rewrites it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { COST_HEADING, costBlock, EXAMPLE_FILE } from '../../../scripts/bench/cost-section';
import { sectionOf } from '../../../scripts/bench/doc-section';
import { captureIo } from '../cli/helpers';

const root = join(__dirname, '../../..');

describe("BENCHMARKS.md's cost of the example config", () => {
  it('is exactly what okta-synthetics cost prints for the example (npm run bench:cost rewrites it)', async () => {
    const section = sectionOf(readFileSync(join(root, 'BENCHMARKS.md'), 'utf8'), COST_HEADING);
    expect(section, `BENCHMARKS.md has no "${COST_HEADING}"`).toBeDefined();
    const written = costBlock(section ?? '');
    const io = captureIo();
    expect(await main(['cost', '--config', join(root, EXAMPLE_FILE)], io), io.err()).toBe(0);
    // The command names the file as it was given: here by its full path, in the section as the README runs it.
    expect(written).toBe(io.out().replace(`${root}/`, '').trimEnd());
    // The total the section states is the command's.
    const total = /^Total, 1 region: (\$[\d.]+) a month$/m.exec(io.out())?.[1];
    expect(total).toMatch(/^\$\d+\.\d\d$/);
    expect(section).toContain(`Total, 1 region: ${total} a month`);
  });
});
