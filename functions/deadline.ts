// A call's share of an invocation's deadline, for the AWS SDK's `abortSignal`: the notifier bounds every call by
// its invocation's remaining time, and the run-log reader (functions/report/run-log.ts) its pages the same way.

/** The time left before `deadline`, at most `cap`: an abort signal for one call. Throws once the deadline passed. */
export function budget(deadline: number, cap = Infinity): AbortSignal {
  const left = Math.min(cap, deadline - Date.now());
  if (left <= 0)
    throw Object.assign(new Error("no time left before the invocation's deadline"), { name: 'DeadlineError' });
  return AbortSignal.timeout(left);
}
