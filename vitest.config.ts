import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import {
  ALL_TESTS,
  FIRST_DAY_LANE,
  INTEGRATION_LANE,
  INTEGRATION_TEST_TIMEOUT_MS,
  SANDBOX_LANE,
  sandboxNotice,
  SYNTH_LANE,
  UNIT_TEST_TIMEOUT_MS,
} from './test/lanes.ts';
import { lambdaSandboxMissing } from './test/support/sandbox.ts';

// The suites that run the Lambda assets as Lambda does need root. CI runs them whatever this machine lacks (they
// then fail saying what is missing); elsewhere they are left out with the reason, never silently, in one line when
// this run would have run them.
const sandboxMissing = process.env.CI === 'true' ? undefined : lambdaSandboxMissing();
const notice = sandboxNotice(process.argv, sandboxMissing);
if (notice !== undefined) console.warn(notice);

export default defineConfig({
  test: {
    environment: 'node',
    // The unit lane's hooks (a simulator or a key made once per file); each lane sets its own test timeout, and the
    // integration lane its hooks' too: a hang guard a busy machine never reaches (test/lanes.ts).
    hookTimeout: 60_000,
    // The handlers' JSON log lines, held per test: printed under a failing test only (test/support/log-lines.ts).
    setupFiles: ['test/support/log-lines.ts'],
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one on the 2-core machines CI and contributors have, so the
    // files ran one at a time while most of the integration lane waits on spawned CLIs and loopback servers. Two
    // workers take the whole suite from about 10 minutes to under 5 there (BENCHMARKS.md section n).
    maxWorkers: 2,
    // Every AWS SDK call in the tests is mocked or pointed at loopback; should one slip through, the
    // credential chain must not reach for the EC2 metadata address.
    // A developer's corporate proxy (HTTPS_PROXY in their shell) must never carry the tests' loopback traffic.
    // A run without --history keeps its journeys' state in the user's state folder: the tests' runs keep theirs in a
    // temporary one, never in the real home of whoever runs the suite.
    env: {
      XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'okta-synthetics-test-state-')),
      AWS_EC2_METADATA_DISABLED: 'true',
      NO_PROXY: '127.0.0.1,localhost,::1',
      no_proxy: '127.0.0.1,localhost,::1',
    },
    // The lanes (test/lanes.ts): `npm run test:unit` runs the first, `npm test` the first two (the quick lane),
    // `npm run test:integration` the last two, `npm run test:all` every one.
    projects: [
      // Unit files share their worker (isolate: false): no module graph is loaded again per file, which halves the
      // lane on 2 cores. They must not depend on the order they run in; `npm run test:unit:shuffle` proves it.
      {
        extends: true,
        test: {
          name: 'unit',
          include: [ALL_TESTS],
          exclude: [...INTEGRATION_LANE],
          testTimeout: UNIT_TEST_TIMEOUT_MS,
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'first-day',
          include: [...FIRST_DAY_LANE],
          testTimeout: INTEGRATION_TEST_TIMEOUT_MS,
          hookTimeout: INTEGRATION_TEST_TIMEOUT_MS,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [...INTEGRATION_LANE],
          exclude: [...FIRST_DAY_LANE, ...SYNTH_LANE, ...(sandboxMissing === undefined ? [] : SANDBOX_LANE)],
          testTimeout: INTEGRATION_TEST_TIMEOUT_MS,
          hookTimeout: INTEGRATION_TEST_TIMEOUT_MS,
        },
      },
      // The CDK synth files share their worker, as the unit files do: aws-cdk-lib is loaded once per worker.
      {
        extends: true,
        test: {
          name: 'synth',
          include: [...SYNTH_LANE],
          testTimeout: INTEGRATION_TEST_TIMEOUT_MS,
          hookTimeout: INTEGRATION_TEST_TIMEOUT_MS,
          isolate: false,
        },
      },
    ],
  },
});
