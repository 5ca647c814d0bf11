// Restoring the process environment a test changed, in place. vitest's vi.stubEnv writes through import.meta.env, a
// Proxy whose target is the process.env object the worker started with and which has no delete trap: once a file
// swaps process.env for a copy, vi.stubEnv(name, undefined) deletes from the old object and the name stays set for
// every later file sharing the worker (the unit lane runs with isolate: false). So the environment is never replaced,
// only brought back to what was saved.

/** Brings process.env back to `saved`, on the same object: names added since are deleted, the others set again. */
export function restoreEnv(saved: Readonly<Record<string, string | undefined>>): void {
  for (const name of Object.keys(process.env)) {
    if (!(name in saved)) delete process.env[name];
  }
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
