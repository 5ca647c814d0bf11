// A call's share of an invocation's deadline, for the AWS SDK's `abortSignal`: the notifier bounds every call by
// its invocation's remaining time, and the run-log reader (functions/report/run-log.ts) its pages the same way. And
// the one race of work against its time (`within`), for every wait the code bounds.

/**
 * The time left before `deadline`, at most `cap`: an abort signal for one call. Throws once the deadline passed. A
 * call bounded by its own time alone passes `Infinity` as the deadline: its cap is the whole bound.
 */
export function budget(deadline: number, cap = Infinity): AbortSignal {
  const left = Math.min(cap, deadline - Date.now());
  if (left <= 0)
    throw Object.assign(new Error("no time left before the invocation's deadline"), { name: 'DeadlineError' });
  return AbortSignal.timeout(left);
}

/**
 * When the run a call serves must be done, epoch ms, asked at each call: a store kept across warm invocations serves
 * each invocation's run, so it asks the handler rather than keeping the first run's end. Infinity: no run bounds the
 * call, its cap alone does.
 */
export type RunEnd = () => number;

/** No run's end: the call's own cap is its whole bound (the CLI's stores, a Lambda with no run deadline). */
export const NO_RUN_END: RunEnd = () => Infinity;

/**
 * The one timeout race: `work`'s answer, or `late()`'s (a value, or a throw) once `ms` pass or `signal` aborts,
 * whichever comes first; the timer and the listener are gone either way. The work is not cancelled (a caller that can
 * cancel it hands it the same signal), and its later failure is never an unhandled rejection.
 */
export function within<T, L>(work: Promise<T>, ms: number, late: () => L, signal?: AbortSignal): Promise<T | L> {
  return new Promise<T | L>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onLate);
      finish();
    };
    function onLate(): void {
      settle(() => {
        try {
          resolve(late());
        } catch (error) {
          reject(error as Error);
        }
      });
    }
    if (Number.isFinite(ms)) timer = setTimeout(onLate, Math.max(0, ms));
    signal?.addEventListener('abort', onLate, { once: true });
    if (signal?.aborted === true) onLate();
    work.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error as Error)),
    );
  });
}

/**
 * The one pause (a back-off, a round's wait, a stagger): resolves after `ms`, or rejects with `signal`'s reason once
 * it aborts (at once when it had), the timer gone. What waits takes it as an injected dependency with this as its
 * default, so that a test passes its own and waits for nothing.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', stop);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Aborts `controller` once `ms` pass (a run's deadline, which many listen to); the returned call cancels that. */
export function abortAfter(controller: AbortController, ms: number): () => void {
  const timer = setTimeout(() => controller.abort(), Math.max(0, ms));
  return () => clearTimeout(timer);
}
