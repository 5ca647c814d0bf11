// The test lanes (vitest projects, vitest.config.ts). The unit lane, `npm run test:unit`, is the loop to run while
// working: seconds, no network but loopback, nothing spawned, nothing synthesized, no real wait. The integration lane
// holds the rest: CDK synths, the CLI and the CDK CLI spawned, hostile servers, waits in real time. `npm test`, the
// README's command, is the quick lane: the unit lane and the first day (the built CLI on the simulator, as a newcomer
// runs it), a few minutes on 2 cores under load, where the whole suite takes a quarter of an hour. CI runs the quick
// lane and then the rest of the integration lane (`npm run test:all` runs every lane in one process).
// test/lanes.test.ts keeps every unit file free of what belongs to the integration lane.

/** Every test file. */
export const ALL_TESTS = 'test/**/*.test.ts';

/** The integration lane: these folders, and any file named `*.integration.test.ts` beside its unit tests. */
export const INTEGRATION_LANE = [
  /** CDK synths of the stack. */
  'test/lib/**/*.test.ts',
  /** The Lambda bundles, built by esbuild. */
  'test/deploy/**/*.test.ts',
  /** Hostile servers, and the CLI spawned against them. */
  'test/hardening/**/*.test.ts',
  /** The CLI, spawned as users run it. */
  'test/functions/cli/**/*.test.ts',
  /** Other OAuth clients (openid-client, @okta/jwt-verifier) against the simulator. */
  'test/interop/**/*.test.ts',
  /** One file of an otherwise unit folder that spawns, synthesizes or waits. */
  'test/**/*.integration.test.ts',
] as const;

/**
 * The integration files that synthesize the stack: they share their worker (vitest.config.ts's project `synth`,
 * `isolate: false`), so aws-cdk-lib and the stack's modules load once per worker, not once per file. Isolated, each of
 * these files loaded them anew: on this 2-core machine at load 30, the folder took over 40 minutes isolated and 15
 * sharing (BENCHMARKS.md section n). They must not depend on the order they run in, as the unit lane's files.
 */
export const SYNTH_LANE = ['test/lib/**/*.test.ts'] as const;

/**
 * The integration files `npm test` runs beside the unit lane: what a newcomer does first (`npm start`'s demo, a run
 * against the simulator, the bin on the machine's own Node), spawned as they run it. Each is still an integration
 * file (it spawns); vitest.config.ts runs them as the project `first-day`, left out of the project `integration`.
 */
export const FIRST_DAY_LANE = ['test/functions/cli/cli.test.ts', 'test/functions/cli/first-use.test.ts'] as const;

/**
 * The integration files that run the Lambda assets as Lambda runs them (test/support/sandbox.ts): they need root.
 * CI (CI=true, as .ci/run sets) runs them and fails without root; elsewhere vitest.config.ts leaves them out and says
 * why, so `npm test` passes for a contributor who is not root.
 */
export const SANDBOX_LANE = [
  'test/deploy/assets.test.ts',
  'test/deploy/browser-asset.test.ts',
  'test/deploy/browser-status-page.test.ts',
  'test/deploy/quorum-deployment.test.ts',
  'test/deploy/sign-in-stream-asset.test.ts',
] as const;

/**
 * The line that says the SANDBOX_LANE did not run here and why, or undefined when this vitest run would not have run
 * them anyway: `npm test` (the unit and first-day projects) opened with a root-only caveat of the integration lane,
 * and `vitest run some/file.test.ts` with one about files it never named. `argv` is vitest's command line; `missing`
 * is what the machine lacks (test/support/sandbox.ts), its lines made one.
 */
export function sandboxNotice(argv: readonly string[], missing: string | undefined): string | undefined {
  if (missing === undefined) return undefined;
  const projects = argv.flatMap((arg, i) =>
    arg === '--project' ? [argv[i + 1] ?? ''] : arg.startsWith('--project=') ? [arg.slice('--project='.length)] : [],
  );
  if (projects.length > 0 && !projects.includes('integration')) return undefined;
  // A file filter is a path or a part of one (vitest's own script and an option's value are not): the run holds a
  // sandbox file only if one matches it.
  const filters = argv
    .slice(2)
    .filter((arg, i, args) => !arg.startsWith('-') && !/^-/.test(args[i - 1] ?? '') && /\/|\.ts$/.test(arg));
  if (filters.length > 0 && !SANDBOX_LANE.some((file) => filters.some((filter) => file.includes(filter))))
    return undefined;
  return `Not run here: ${SANDBOX_LANE.join(', ')}: ${missing.replace(/\s+/g, ' ').trim()} (CI runs them as root).`;
}

/**
 * The longest a unit test may take, ms (the lane's testTimeout, and the most a unit file may set for one test): a
 * backstop for a real wait that slipped in. The slowest unit test takes 2.6 s alone and 7 s on this 2-core machine
 * shared by eight runs (load 20); the margin keeps a loaded machine from failing it.
 */
export const UNIT_TEST_TIMEOUT_MS = 30_000;

/**
 * The longest an integration test or hook may take, ms (the lane's testTimeout and hookTimeout): a backstop for a hung
 * server or child, never a performance bound (BENCHMARKS.md holds those). Its work is CPU-bound (a CDK synth takes 9 s
 * at load 4 on this 2-core machine, a catalogue's CLI run seconds), so a fixed minute failed tests only because the
 * machine was busy: one synth timed out at 60 s at load 12. A hung test costs 5 minutes of CI instead of one.
 */
export const INTEGRATION_TEST_TIMEOUT_MS = 300_000;
