// The loopback AWS fake for the tests of one file that run the CLI in-process (`run --secrets aws`): started before
// them, closed after them; after each test the process environment is restored and the secrets and recorded calls
// are cleared, so no test sees another's.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startAwsFake, useAwsFakeEnv, type AwsFake } from './aws-fake';
import { restoreEnv } from './env';

export interface AwsFakeHooks {
  /** The fake, once started. */
  readonly fake: () => AwsFake;
  /** Points the SDK at the fake (useAwsFakeEnv); `dir` holds no AWS config or credentials file. */
  readonly env: (dir: string, overrides?: Record<string, string | undefined>) => void;
}

export function useAwsFake(secrets: Map<string, string>): AwsFakeHooks {
  let aws: AwsFake | undefined;
  const savedEnv = { ...process.env };
  const fake = (): AwsFake => {
    if (aws === undefined) throw new Error('the AWS fake is not started yet: use it from a hook or a test');
    return aws;
  };
  beforeAll(async () => {
    aws = await startAwsFake({ secrets });
  });
  afterAll(async () => {
    await aws?.close();
  });
  afterEach(() => {
    restoreEnv(savedEnv);
    secrets.clear();
    if (aws !== undefined) aws.calls.length = 0;
  });
  return { fake, env: (dir, overrides = {}) => useAwsFakeEnv(fake(), dir, overrides) };
}
