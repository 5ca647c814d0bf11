// Okta's Log Streaming as the sign-ins' queue delivers it: each System Log event the simulator makes
// (sim/user-sign-ins.ts, in Okta's size and shape: sim/log-event-shape.ts) in an EventBridge event envelope
// (EventBridge user guide, "Amazon EventBridge events": version, id, detail-type, source, account, time, region,
// resources, detail), the envelope the body of an SQS message (Lambda's SQS event: Records[].messageId, body). Okta's
// partner source names the source; its detail-type is not documented in a source we hold, and neither the rule nor the
// aggregator reads it.
import type { SignInTallyStore } from '../../functions/kept-state';
import { oktaShaped } from '../../sim/log-event-shape';
import { userSignInEvents } from '../../sim/user-sign-ins';

/** Okta names the source by the org's subdomain (help.okta.com "Add an AWS EventBridge log stream"). */
export const EVENT_SOURCE = 'aws.partner/okta.com/acme/okta-synthetics';

/** One SQS message of the queue, its body the EventBridge event around `detail`. */
export function streamMessage(detail: unknown, n: number): { messageId: string; body: string } {
  const envelope = {
    version: '0',
    id: `0f3e1c5a-0000-4000-8000-${String(n).padStart(12, '0')}`,
    'detail-type': 'SystemLog',
    source: EVENT_SOURCE,
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'eu-west-1',
    resources: [],
    detail,
  };
  return { messageId: `msg-${n}`, body: JSON.stringify(envelope) };
}

/** The simulated org's sign-in events of [since, until) with a fault, as SQS messages in batches of `size`. */
export function streamBatches(
  fault: Parameters<typeof userSignInEvents>[0],
  synthetic: readonly string[],
  since: number,
  until: number,
  size = 10_000,
): { Records: { messageId: string; body: string }[] }[] {
  const messages = userSignInEvents(fault, synthetic, since, until).map((event, n) =>
    streamMessage(oktaShaped(event), n),
  );
  const batches: { Records: { messageId: string; body: string }[] }[] = [];
  for (let at = 0; at < messages.length; at += size) batches.push({ Records: messages.slice(at, at + size) });
  return batches;
}

/** What a memory table of tallies was asked for, as DynamoDB bills it. */
export interface TallyTableUse {
  /** Strongly consistent Queries of a minute's commits. */
  queries: number;
  commits: number;
  /** Commits refused because another came first. */
  conflicts: number;
  /** Items written, heads included. */
  items: number;
  itemBytes: number;
  /** "Transactional write requests use two write request units per 1 KB" (DynamoDB pricing, on-demand). */
  writeUnits: number;
}

/**
 * The tallies table in memory, with the DynamoDB store's rules: a commit is written whole, and only while the
 * minute's version is the one its batch read. `failCommit` refuses the commits it returns true for, as a throttled
 * or failed TransactWriteItems does: nothing written.
 */
export function memoryTallyStore(failCommit: (minute: number, uuids: number) => boolean = () => false) {
  const parts = new Map<number, unknown[]>();
  const counted = new Map<number, { version: number; uuids: string[][] }>();
  const others = new Map<number, unknown[]>();
  const use: TallyTableUse = { queries: 0, commits: 0, conflicts: 0, items: 0, itemBytes: 0, writeUnits: 0 };
  const bill = (bytes: number): void => {
    use.items += 1;
    use.itemBytes += bytes;
    use.writeUnits += 2 * Math.ceil(bytes / 1024);
  };
  const store: SignInTallyStore = {
    where: () => 'memory',
    read: (minutes) => Promise.resolve({ parts: minutes.flatMap((m) => parts.get(m) ?? []), complete: true }),
    counted: (minute) => {
      use.queries += 1;
      const held = counted.get(minute) ?? { version: 0, uuids: [] };
      return Promise.resolve({ version: held.version, uuids: held.uuids.map((list) => [...list]), complete: true });
    },
    // By the minute the batch arrived, as the DynamoDB store keeps them; never cut short.
    others: (from, to) =>
      Promise.resolve({
        items: [...others].filter(([m]) => m >= from && m <= to).flatMap(([, list]) => list),
        complete: true,
      }),
    commit: (minute, version, written, uuids, stored = [], arrived = minute) => {
      const held = counted.get(minute) ?? { version: 0, uuids: [] };
      if (failCommit(minute, uuids.flat().length)) return Promise.reject(new Error('ProvisionedThroughputExceeded'));
      if (held.version !== version) {
        use.conflicts += 1;
        return Promise.resolve('conflict' as const);
      }
      use.commits += 1;
      // The item as DynamoDB sizes it: attribute names and values (key, part id, JSON or uuids, TTL).
      bill(60);
      for (const part of written) bill(Buffer.byteLength(JSON.stringify(part)) + 40);
      for (const list of uuids) bill(list.length * 13 + 40);
      for (const list of stored) bill(Buffer.byteLength(JSON.stringify(list)) + 40);
      others.set(arrived, [
        ...(others.get(arrived) ?? []),
        ...(JSON.parse(JSON.stringify(stored.flat())) as unknown[]),
      ]);
      parts.set(minute, [
        ...(parts.get(minute) ?? []),
        ...written.map((p) => JSON.parse(JSON.stringify(p)) as unknown),
      ]);
      counted.set(minute, { version: version + 1, uuids: [...held.uuids, ...uuids.map((l) => [...l])] });
      return Promise.resolve('committed' as const);
    },
  };
  return { store, use };
}
