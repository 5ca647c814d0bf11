import { describe, expect, it } from 'vitest';
import { turnTaker } from '../../../functions/probe/turns';

describe('turnTaker', () => {
  it('starts the first at once and each later one after a turn of the event loop, in order', async () => {
    const inTurn = turnTaker();
    const told: string[] = [];
    const first = inTurn(async () => {
      told.push('first');
      // What the first start set going (an answer, a connection, a signature done) is served before the next start.
      setImmediate(() => told.push('callback of the first'));
      return 1;
    });
    expect(told).toEqual(['first']);
    const second = inTurn(async () => (told.push('second'), 2));
    const third = inTurn(async () => (told.push('third'), 3));
    expect(told).toEqual(['first']);
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(told).toEqual(['first', 'callback of the first', 'second', 'third']);
  });

  it("hands each start's failure to its own caller alone", async () => {
    const inTurn = turnTaker();
    const failing = inTurn(() => Promise.reject(new Error('boom')));
    const after = inTurn(async () => 'still started');
    await expect(failing).rejects.toThrow('boom');
    await expect(after).resolves.toBe('still started');
  });
});
