// The simulator on loopback for the tests of one file (or one describe block): started before them, closed
// after them.
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim/server';

/** Registers the hooks that start and close the simulator; the returned function gives it once started. */
export function useSimulator(options: SimulatorOptions = {}): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (sim === undefined) throw new Error('the simulator is not started yet: use it from a hook or a test');
    return sim;
  };
}
