// The one timeout race (functions/deadline.ts `within`): the work's answer when it comes first, the late answer (a
// value or a throw) when the time or the signal comes first, and a work that fails after it lost is no unhandled
// rejection.
import { describe, expect, it } from 'vitest';
import { within } from '../../functions/deadline';

const never = new Promise<string>(() => undefined);

describe('within', () => {
  it("answers with the work's answer, or its failure, when it comes first", async () => {
    expect(await within(Promise.resolve('done'), 1_000, () => 'late')).toBe('done');
    await expect(within(Promise.reject(new Error('refused')), 1_000, () => 'late')).rejects.toThrow('refused');
  });

  it('answers late, or throws what late throws, once the time passes first', async () => {
    expect(await within(never, 0, () => 'late')).toBe('late');
    const thrown = within(never, 0, (): never => {
      throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    });
    await expect(thrown).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('answers late when the signal aborts, at once when it had aborted already, with no time set', async () => {
    const controller = new AbortController();
    const waiting = within(never, Infinity, () => 'aborted', controller.signal);
    controller.abort();
    expect(await waiting).toBe('aborted');
    expect(await within(never, Infinity, () => 'already', controller.signal)).toBe('already');
  });

  it('leaves a work that fails after it lost handled', async () => {
    let fail: (error: Error) => void = () => undefined;
    const work = new Promise<string>((_, reject) => (fail = reject));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): number => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      expect(await within(work, 0, () => 'late')).toBe('late');
      fail(new Error('after'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
