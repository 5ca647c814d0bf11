// The journey store's PutParameter against Parameter Store's rate: a throttled put wrote nothing, so it is sent
// again after a back-off within the call's timeout; any other failure (a lost answer, a denied policy) is not.
import type { SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { ssmParameters } from '../../../functions/lambda/journey-state-ssm';

/** A client whose sends answer from `answers` in turn: an error name throws that error, a number is the Version. */
function client(answers: (string | number)[]): { client: SSMClient; sent: number } {
  const state = { sent: 0 };
  const fake = {
    send: async () => {
      const answer = answers[state.sent++];
      if (typeof answer === 'number') return { Version: answer };
      throw Object.assign(new Error(answer ?? 'no answer'), { name: answer ?? 'Unexpected' });
    },
  } as unknown as SSMClient;
  return {
    client: fake,
    get sent() {
      return state.sent;
    },
  };
}

describe('the journey store under Parameter Store throttling', () => {
  it('sends a throttled put again after a back-off, and returns the version the retry wrote', async () => {
    const c = client(['ThrottlingException', 'TooManyUpdates', 7]);
    await expect(ssmParameters(c.client).put('/p', 'v')).resolves.toBe(7);
    expect(c.sent).toBe(3);
  });

  it('never sends again a put whose answer was not a throttle: a lost answer may have written it', async () => {
    const c = client(['TimeoutError', 8]);
    await expect(ssmParameters(c.client).put('/p', 'v')).rejects.toThrow('TimeoutError');
    expect(c.sent).toBe(1);
  });

  it("names the Standard tier on every put: the account's default tier may be Advanced, billed apiece", async () => {
    const inputs: unknown[] = [];
    const fake = {
      send: async (command: { input: unknown }) => {
        inputs.push(command.input);
        return { Version: 1 };
      },
    } as unknown as SSMClient;
    await ssmParameters(fake).put('/p', 'v');
    expect(inputs).toEqual([expect.objectContaining({ Name: '/p', Tier: 'Standard', Type: 'String' })]);
  });
});
