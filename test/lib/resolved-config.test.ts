// The config the synthesized stack hands its probe Lambda, read the way the Lambda reads it: the config the stack
// validated, field for field, with the secrets the stack made or was named.
import { describe, expect, it } from 'vitest';
import { readResolvedConfig } from '../../functions/config/resolved';
import { richestConfig } from '../support/configs';
import { expectSameConfig } from '../support/same-config';
import { build, exampleConfig } from './helpers';

const CONFIGS: Record<string, Record<string, unknown>> = {
  'the example config': exampleConfig(),
  'the example config in two regions, the quorum on': { ...exampleConfig(), regions: ['us-east-1', 'eu-west-1'] },
  'the richest config, the fast path on': richestConfig(),
  'the richest config, the fast path off': { ...richestConfig(), quorum: false },
};

describe('the resolved config in the probe asset', () => {
  it.each(Object.entries(CONFIGS))('%s: the Lambda reads what the stack validated', (_, raw) => {
    const { result } = build(raw);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.stacks.length).toBeGreaterThan(0);
    for (const stack of result.stacks) {
      const read = readResolvedConfig(stack.probe.bundledConfig, 'okta-synthetics.config.json');
      if ('problem' in read) throw new Error(read.problem);
      const secretIds = new Map(stack.probe.secrets.map((s) => [s.serverId, s.secretId]));
      expectSameConfig(read.config, result.config, secretIds);
    }
    const { quorum } = result.config.deploy;
    expect(quorum === null).toBe(raw.quorum === false);
  });
});
