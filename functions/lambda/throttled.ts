// A call that AWS may throttle, sent again after a back-off while its own timeout allows. A throttled request wrote
// nothing (SSM: "ThrottlingException: Rate exceeded"; DynamoDB: "The AWS SDKs for DynamoDB automatically retry
// requests that receive this exception ... use exponential backoff", ProvisionedThroughputExceededException), so
// sending it again cannot count twice. Any other failure is the caller's: a request whose answer was lost may have
// been applied, and only the caller knows whether a second one is safe.
import { budget, pause } from '../deadline';

/** The first back-off, doubled at each retry, with up to as much again of jitter (the SDKs' exponential back-off). */
const THROTTLE_BACKOFF_MS = 150;

/** `call` answered, its throttled answers sent again within `timeoutMs` of the first. */
export async function retryThrottled<T>(
  call: (signal: AbortSignal) => Promise<T>,
  throttled: ReadonlySet<string>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call(budget(deadline));
    } catch (error) {
      const wait = THROTTLE_BACKOFF_MS * 2 ** attempt * (1 + Math.random());
      if (!throttled.has((error as { name?: string }).name ?? '') || Date.now() + wait >= deadline) throw error;
      await pause(wait);
    }
  }
}
