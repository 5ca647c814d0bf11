// The young generation held at its first size, for every process that runs the probe: the Lambda and the CLI. V8
// doubles it (up to 16 MB a semi-space, 64 MB in all) once a run allocates fast, whatever the run keeps: judging a
// session of a 1,000-app catalogue's assertions is allocation fast enough, and that growth alone made a run's peak
// 1.55x a one-app run's in the Lambda and 1.67x in the CLI, while the heap either kept grew by a few MB
// (docs/decisions/young-generation.md; BENCHMARKS.md section p).
import { setFlagsFromString } from 'node:v8';

/** V8's flag: the factor the new space grows by. 1 keeps it at the size it has. */
export const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

/**
 * Holds the young generation at its present size from now on. V8 reads the growth factor each time it would grow the
 * new space (unlike --max-semi-space-size, fixed at start: Lambda's bootstrap sets it from MemorySize, and a user's
 * shell owns the CLI's command line), so set before a run it holds for the run and the process.
 */
export function holdYoungGeneration(): void {
  setFlagsFromString(YOUNG_GENERATION_FLAG);
}
