// The backstop's datapoints sent only when they can change what it reads. Its alarms (lib/quorum.ts) read each
// region's QuorumFailing and QuorumHealthy as the Minimum of a one-minute period, and nothing else reads them by
// another statistic: a round whose every value was already published for its UTC minute moves neither that minute's
// Minimum nor its Maximum, so sending it again only bills a PutMetricData call. No clock and no AWS: the Lambda's
// port (functions/lambda/quorum-aws.ts) and the simulated deployment (scripts/bench/quorum-sim.ts) wrap their publish
// in it alike.

/** One round's QuorumFailing (1 per target judged down) and QuorumHealthy, timed by the round (`at`, ms). */
export type PublishRound = (failing: Readonly<Record<string, 0 | 1>>, at: number, healthy: boolean) => Promise<void>;

/** CloudWatch's period for the backstop: a datapoint counts in the UTC minute of its timestamp. */
const MINUTE_MS = 60_000;

/** What was published for one UTC minute: each target's QuorumFailing values and the QuorumHealthy ones. */
interface Published {
  readonly minute: number;
  readonly failing: Map<string, Set<0 | 1>>;
  readonly healthy: Set<boolean>;
}

/** Whether every value of the round is one already published for its metric in that minute. */
function alreadyPublished(
  seen: Published | undefined,
  minute: number,
  failing: Readonly<Record<string, 0 | 1>>,
  healthy: boolean,
): boolean {
  if (seen === undefined || seen.minute !== minute || !seen.healthy.has(healthy)) return false;
  return Object.entries(failing).every(([target, value]) => seen.failing.get(target)?.has(value) === true);
}

/** The round's values added to what its minute holds (a new minute starts empty). */
function remember(
  seen: Published | undefined,
  minute: number,
  failing: Readonly<Record<string, 0 | 1>>,
  healthy: boolean,
): Published {
  const kept: Published =
    seen !== undefined && seen.minute === minute ? seen : { minute, failing: new Map(), healthy: new Set() };
  kept.healthy.add(healthy);
  for (const [target, value] of Object.entries(failing)) {
    const values = kept.failing.get(target) ?? new Set<0 | 1>();
    values.add(value);
    kept.failing.set(target, values);
  }
  return kept;
}

/**
 * `publish`, sent for a round only when it is the first of its UTC minute here or holds a value not yet published
 * for its metric in that minute (then the whole round, which is simplest and as exact). Only a publish that
 * resolved is remembered: a failed one leaves the minute as it was, so the next round sends again. One memory per
 * process: two overlapping runs each send their own minute's first round. A round dated before the newest minute
 * remembered (never, rounds go forward) is sent and not remembered.
 */
export function publishOncePerMinuteValue(publish: PublishRound): PublishRound {
  let seen: Published | undefined;
  return async (failing, at, healthy) => {
    const minute = Math.floor(at / MINUTE_MS);
    if (alreadyPublished(seen, minute, failing, healthy)) return;
    await publish(failing, at, healthy);
    if (seen === undefined || minute >= seen.minute) seen = remember(seen, minute, failing, healthy);
  };
}
