// A resource's logical id comes from its construct path: move it and CloudFormation replaces it. For what the stack
// retains (secrets, the journeys' table and key, the ledger and its key, the traces' bucket) a replacement fails the
// deploy or loses state, so the ids deployed stacks hold are pinned here, whatever constructs the code is split into.
import { describe, expect, it } from 'vitest';
import { provisioningConfig } from '../support/configs';
import { build, journeyConfig } from './helpers';

/** The logical ids of a config's first stack, by resource type. */
function logicalIds(config: unknown): string[] {
  const { app, result } = build(config);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const stack = result.stacks[0]!;
  const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, unknown> };
  return Object.keys(template.Resources);
}

describe('the logical ids of what the stack retains', () => {
  it('stay those deployed stacks hold: secrets, the journeys table and key, the traces bucket, the schedule', () => {
    expect(logicalIds({ ...journeyConfig(), harRetentionDays: 7 })).toEqual(
      expect.arrayContaining([
        'ProbeSecretorg9A318D17',
        'ProbeSecretdefault88A800CC',
        'ProbeUserSecretportal3563E0F3',
        'ProbeJourneyStateKeyE10189AB',
        'ProbeJourneyState224D04F7',
        'ProbeHttpTracesC58BB235',
        'ProbeScheduleCC01F61E',
      ]),
    );
  });

  it('stay those deployed stacks hold: the provisioning ledger and its hashing key', () => {
    expect(logicalIds(provisioningConfig())).toEqual(
      expect.arrayContaining(['ProbeProvisioningLedgerB842D8C8', 'ProbeProvisioningKeyF19D0031']),
    );
  });
});
