// The one timeout race (functions/deadline.ts `within`): the work's answer when it comes first, the late answer (a
// value or a throw) when the time or the signal comes first, and a work that fails after it lost is no unhandled
// rejection.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortAfter, budget, pause, within } from '../../functions/deadline';

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

describe('budget, abortAfter and pause (the timers every other file goes through)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('budget bounds a call by its cap alone when the deadline is Infinity, and refuses a deadline passed', async () => {
    // AbortSignal.timeout runs on Node's own timers, which fake timers do not reach: a real one, of 1 ms.
    const capped = budget(Infinity, 1);
    expect(capped.aborted).toBe(false);
    await new Promise((resolve) => capped.addEventListener('abort', resolve));
    expect(capped.reason).toMatchObject({ name: 'TimeoutError' });
    expect(() => budget(Date.now() - 1)).toThrow(expect.objectContaining({ name: 'DeadlineError' }));
  });

  it('abortAfter aborts once its time passes, and never once cancelled', () => {
    vi.useFakeTimers();
    const fired = new AbortController();
    abortAfter(fired, 100);
    const cancelled = new AbortController();
    abortAfter(cancelled, 100)();
    vi.advanceTimersByTime(100);
    expect({ fired: fired.signal.aborted, cancelled: cancelled.signal.aborted }).toEqual({
      fired: true,
      cancelled: false,
    });
  });

  it('pause resolves after its time, not before', async () => {
    vi.useFakeTimers();
    let done = false;
    const waited = pause(200).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(199);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waited;
    expect(done).toBe(true);
  });

  it("pause stops with its signal's reason once it aborts, at once when it had, and its timer is gone", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waited = pause(200, controller.signal);
    controller.abort(new Error('the run ended'));
    await expect(waited).rejects.toThrow('the run ended');
    expect(vi.getTimerCount()).toBe(0);
    await expect(pause(200, controller.signal)).rejects.toThrow('the run ended');
    expect(vi.getTimerCount()).toBe(0);
  });
});
