// Real users' sign-ins as Okta's Log Streaming delivers them to Amazon EventBridge, one LogEvent per event, its
// `detail` (Okta's "Amazon EventBridge log stream" guide; EventBridge's event envelope: version, id, detail-type,
// source, account, time, region, resources, detail), through an SQS queue in batches. Each batch is tallied per
// minute of `published` in the polling path's own tally (sign-in-tally.ts), with Okta's user ids hashed: the tallies
// are kept, the identities never. Okta delivers an event at least once ("an event may be sent multiple times":
// help.okta.com "Log Streaming"): each is counted by its uuid once, within the minutes a window reads. Every envelope
// is hostile input: bounded, parsed in a try, and what is not an Okta sign-in is counted, never a crash. Pure but for
// the hash.
import { createHash } from 'node:crypto';
import { PROVISIONING_STREAM, USER_SIGN_INS } from '../../contract';
import { readEvents } from '../okta/log-events';
import { signInRecord, type SignInRecord } from './sign-in-events';
import { SignInTally, type TallySnapshot } from './sign-in-tally';

/** An SQS message of the queue: its id (for a partial batch failure) and its body, the EventBridge event. */
export interface StreamMessage {
  readonly messageId: string;
  readonly body: string;
}

/**
 * A reader of the stream's events that are no sign-ins, for another part of the probe carried by the same rule (the
 * provisioning health's): given the LogEvent (`detail`), what to store of it, 'skipped' when it is one of its events
 * but unreadable (counted), undefined when it is not one of its events. It must keep nothing personal.
 */
export type OtherReader = (detail: unknown) => object | 'skipped' | undefined;

/** One message's event: its hashed uuid, minute, and its sign-in or the other reader's reduction. */
interface BatchEntry {
  readonly uuid: string;
  readonly minute: number;
  readonly record?: SignInRecord;
  readonly other?: object;
}

/** A batch read: each message's event, and what was not an event worth one. */
interface ReadBatch {
  readonly entries: readonly BatchEntry[];
  /** Messages that are no EventBridge event with an Okta LogEvent in `detail` (too big, not JSON, no uuid...). */
  readonly malformed: number;
  /** Events outside the minutes a window may still read (replayed from long ago, or from the future). */
  readonly outOfRange: number;
  /** The other reader's events it could not read (no app target, torn...): counted, never stored. */
  readonly otherSkipped: number;
  readonly events: number;
}

/** A batch tallied: each minute's tally and the hashed uuids it counted, and what was not counted in any. */
interface StreamBatch extends Omit<ReadBatch, 'entries'> {
  readonly minutes: ReadonlyMap<number, SignInTally>;
  readonly counted: ReadonlyMap<number, readonly string[]>;
  /** Each minute's other events (the other reader's reductions) no earlier commit stored. */
  readonly others: ReadonlyMap<number, readonly object[]>;
  /** Events counted already, by an earlier batch or earlier in this one: Okta delivers at least once. */
  readonly duplicates: number;
}

/** EventBridge's largest event is 256 KB (PutEvents quota): a bigger body is no event of the bus. */
const MAX_MESSAGE_BYTES = 256 * 1024;
/** Minutes back from the batch's time still worth a tally: the window and the lag of a late delivery, with margin. */
const KEEP_MINUTES = USER_SIGN_INS.windowMinutes + 45;
/**
 * Minutes back an other reader's event is still stored (provisioning's: a leaver depends on it however late it came,
 * a batch redelivered or redriven from the dead-letter queue): what the System Log keeps.
 */
const KEEP_OTHER_MINUTES = PROVISIONING_STREAM.maxAgeHours * 60;
/** Minutes ahead tolerated: Okta's clock and ours differ by seconds, never minutes. */
const FUTURE_MINUTES = 5;

/** Okta's user id, hashed: counts people apart across minutes and batches, and names no one. */
function hashUser(user: string): string {
  return createHash('sha256').update(`okta-synthetics:user-sign-ins:${user}`).digest('base64url').slice(0, 16);
}

/**
 * An event's uuid, hashed short: 72 bits tell a day's millions of events apart (a collision, which would drop one
 * event, is about 1 in 10^9 at 100,000 an hour over a window), and keep a minute's list in one item.
 */
function hashUuid(uuid: string): string {
  return createHash('sha256').update(uuid).digest('base64url').slice(0, 12);
}

/** The message's Okta LogEvent as a sign-in record (undefined: not a sign-in), or null when it is no event at all. */
function recordOf(
  body: string,
  excluded: ReadonlySet<string>,
  other?: OtherReader,
): { record?: SignInRecord; other?: object | 'skipped'; uuid: string; published: number } | null {
  if (body.length > MAX_MESSAGE_BYTES) return null;
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof envelope !== 'object' || envelope === null) return null;
  const detail = (envelope as Record<string, unknown>).detail;
  const [event] = readEvents([detail]);
  if (event === undefined) return null;
  const record = signInRecord(event, excluded);
  const reduced = record === undefined ? other?.(detail) : undefined;
  return {
    ...(record !== undefined && { record: { ...record, user: hashUser(record.user) } }),
    ...(reduced !== undefined && { other: reduced }),
    uuid: hashUuid(event.uuid),
    published: event.published,
  };
}

/** The batch's messages read: each event's hashed uuid, minute of `published` and sign-in; the rest counted. */
export function readBatch(
  messages: readonly StreamMessage[],
  excluded: ReadonlySet<string>,
  now: number,
  other?: OtherReader,
): ReadBatch {
  const entries: BatchEntry[] = [];
  const current = Math.floor(now / 60_000);
  let malformed = 0;
  let outOfRange = 0;
  let otherSkipped = 0;
  for (const message of messages) {
    const read = recordOf(message.body, excluded, other);
    if (read === null) {
      malformed += 1;
      continue;
    }
    const minute = Math.floor(read.published / 60_000);
    const oldest = current - (read.other !== undefined ? KEEP_OTHER_MINUTES : KEEP_MINUTES);
    if (minute < oldest || minute > current + FUTURE_MINUTES) {
      outOfRange += 1;
      continue;
    }
    if (read.other === 'skipped') otherSkipped += 1;
    entries.push({
      uuid: read.uuid,
      minute,
      ...(read.record !== undefined && { record: read.record }),
      ...(read.other !== undefined && read.other !== 'skipped' && { other: read.other }),
    });
  }
  return { entries, malformed, outOfRange, otherSkipped, events: messages.length };
}

/** The minutes a batch's events fall in: where the uuids counted before it are looked up. */
export function minutesOf(batch: ReadBatch): number[] {
  return [...new Set(batch.entries.map((e) => e.minute))];
}

/**
 * The batch's sign-ins tallied per minute of `published`, other events counted as ignored in their minute; an event
 * whose hashed uuid is in `counted` (another batch's) or came earlier in this batch is a duplicate, counted nowhere.
 */
export function tallyBatch(batch: ReadBatch, counted: ReadonlySet<string> = new Set()): StreamBatch {
  const minutes = new Map<number, SignInTally>();
  const uuids = new Map<number, string[]>();
  const others = new Map<number, object[]>();
  const seen = new Set<string>();
  let duplicates = 0;
  for (const { uuid, minute, record, other } of batch.entries) {
    if (counted.has(uuid) || seen.has(uuid)) {
      duplicates += 1;
      continue;
    }
    seen.add(uuid);
    let tally = minutes.get(minute);
    if (tally === undefined) minutes.set(minute, (tally = new SignInTally()));
    // Another reader's event is its own, never a sign-in the tally ignored.
    if (other === undefined) tally.add(record);
    let list = uuids.get(minute);
    if (list === undefined) uuids.set(minute, (list = []));
    list.push(uuid);
    if (other === undefined) continue;
    let stored = others.get(minute);
    if (stored === undefined) others.set(minute, (stored = []));
    stored.push(other);
  }
  const { malformed, outOfRange, otherSkipped, events } = batch;
  return { minutes, counted: uuids, others, duplicates, malformed, outOfRange, otherSkipped, events };
}

/**
 * A minute's snapshot cut into parts of at most `maxBytes` of JSON (a DynamoDB item holds 400 KB): subjects whole
 * while they fit, a subject with more users than a part holds split by users, its counts in its first part only.
 * Merged again (SignInTally.merge), the parts give the snapshot.
 */
export function snapshotParts(snapshot: TallySnapshot, maxBytes: number): TallySnapshot[] {
  const parts: TallySnapshot[] = [];
  let current: TallySnapshot = { ignored: snapshot.ignored, dropped: snapshot.dropped, subjects: [] };
  const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));
  const push = (subject: TallySnapshot['subjects'][number]): void => {
    if (current.subjects.length > 0 && size(current) + size(subject) + 1 > maxBytes) {
      parts.push(current);
      current = { ignored: 0, dropped: 0, subjects: [] };
    }
    current = { ...current, subjects: [...current.subjects, subject] };
  };
  for (const subject of snapshot.subjects) {
    if (size(subject) + 64 <= maxBytes) {
      push(subject);
      continue;
    }
    // About 40 bytes a user in JSON: a part's share of the users, its counts and reasons only in the first.
    const perPart = Math.max(1, Math.floor((maxBytes - size({ ...subject, users: [] }) - 64) / 40));
    for (let at = 0; at < subject.users.length; at += perPart) {
      const users = subject.users.slice(at, at + perPart);
      push(at === 0 ? { ...subject, users } : { ...subject, attempts: 0, failures: 0, reasons: [], users });
    }
  }
  parts.push(current);
  return parts;
}
