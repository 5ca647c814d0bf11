import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Integration tests start the simulator and the CLI; CDK synths are slow on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every AWS SDK call in the tests is mocked or pointed at loopback; should one slip through, the
    // credential chain must not reach for the EC2 metadata address.
    // A developer's corporate proxy (HTTPS_PROXY in their shell) must never carry the tests' loopback traffic.
    env: { AWS_EC2_METADATA_DISABLED: 'true', NO_PROXY: '127.0.0.1,localhost,::1', no_proxy: '127.0.0.1,localhost,::1' },
  },
});
