// The run's cap on requests to Okta in flight: never more than the limit at once, every request served in turn, and
// a request waiting at the run's deadline let through at once to fail rather than held.
import { describe, expect, it } from 'vitest';
import { InFlight } from '../../../functions/probe/in-flight';

/** A request that answers when the test says so. */
function pending(): { promise: Promise<void>; answer: () => void } {
  let answer = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    answer = resolve;
  });
  return { promise, answer };
}

describe('InFlight', () => {
  it('holds the third request until one of two answers, then serves every one, in arrival order', async () => {
    const cap = new InFlight(2);
    const requests = [pending(), pending(), pending(), pending()];
    const started: number[] = [];
    const done = requests.map((r, i) =>
      cap.run(undefined, async () => {
        started.push(i);
        await r.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    requests[1]!.answer();
    await done[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const r of requests) r.answer();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
    expect(cap.peak).toBe(2);
  });

  it('frees its slot when the request throws', async () => {
    const cap = new InFlight(1);
    await expect(cap.run(undefined, () => Promise.reject(new Error('reset')))).rejects.toThrow('reset');
    expect(await cap.run(undefined, () => Promise.resolve('next'))).toBe('next');
  });

  it('lets a waiting request through at once when the run reaches its deadline, without taking a slot', async () => {
    const cap = new InFlight(1);
    const first = pending();
    const holding = cap.run(undefined, () => first.promise);
    const deadline = new AbortController();
    let ran = false;
    const waiting = cap.run(deadline.signal, async () => {
      ran = true;
    });
    await Promise.resolve();
    expect(ran).toBe(false);
    deadline.abort();
    await waiting;
    expect(ran).toBe(true);
    first.answer();
    await holding;
    // The aborted one took no slot: the cap is whole again.
    const later = [pending(), pending()];
    const order: number[] = [];
    const both = later.map((r, i) => cap.run(undefined, async () => order.push(i) && r.promise));
    await Promise.resolve();
    expect(order).toEqual([0]);
    for (const r of later) r.answer();
    await Promise.all(both);
  });
});
