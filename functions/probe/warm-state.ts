// What a warm process keeps from one run to the next that is no read (readThrough keeps the reads): the System Log
// window, the key history, a token request's back-off, a group's kept verdicts, failures pending a second look, the
// provisioning connections. Each kind is one row of WARM: its key, its value's type, and the check its value passes
// when read back (what is there may be another writer's under the same key: refused, never cast). Its users name a
// kind, never a key. The state lives in the run's ProbeCache under the keys it had before this module, so it lasts
// as long as the cache the caller keeps (a warm Lambda, `run --every`) and goes with it (docs/decisions/warm-state.md).
import { CHECKS, type CheckName, type DiagnosisCode } from '../contract';
import type { ProbeCache } from '../types';
import type { Keyed } from './okta/log-events';
import { isCode, isRecord } from './stored-bounds';

/** A kind of warm state: its key from what it is kept for (`A`: a reader's name, an endpoint; void: one a process). */
export interface WarmKind<A, V> {
  readonly key: (of: A) => string;
  /** The value read back as this kind's, or undefined when it is not of its shape. */
  readonly read: (value: unknown) => V | undefined;
}

/** The key history of a JWKS: when each kid was first published and which have signed. */
interface KeyHistory {
  /** When the probe first read this JWKS: keys present then are the baseline, not news. */
  readonly since: number;
  readonly firstSeen: Readonly<Record<string, number>>;
  readonly signed: readonly string[];
}

/** This process's last backfill of a reader's stream from the log: when, and whether it read to the log's end. */
export interface LastBackfill {
  readonly at: number;
  readonly drained: boolean;
}

/**
 * A failure whose events the log did not hold yet: Okta writes them "near real-time", often a few seconds after
 * the answer, later than the end of the run. A warm Lambda keeps these for its next run, which looks them up
 * again (a minute later) and tells the same failure, if it persists, what Okta said about the earlier one.
 */
export interface PendingFailure {
  readonly server: string;
  readonly check: CheckName;
  readonly code: DiagnosisCode;
  readonly requestId: string;
}

/** What Okta last said of a provisioning app's connection, and when. */
interface KeptConnection {
  readonly state: 'enabled' | 'disabled' | 'unknown';
  readonly readAt: number;
}

const KNOWN_CHECKS: ReadonlySet<string> = new Set(CHECKS);
const CONNECTION_STATES: ReadonlySet<unknown> = new Set(['enabled', 'disabled', 'unknown']);

// Each check answers the value itself when it is the kind's: no copy, the object the writer kept.
const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);
const isString = (value: unknown): value is string => typeof value === 'string';

const isKeyed = (value: unknown): boolean => isRecord(value) && isString(value.uuid) && isNumber(value.published);
const isKeyHistory = (value: unknown): value is KeyHistory =>
  isRecord(value) &&
  isNumber(value.since) &&
  isRecord(value.firstSeen) &&
  Object.values(value.firstSeen).every(isNumber) &&
  Array.isArray(value.signed) &&
  value.signed.every(isString);
const isLastBackfill = (value: unknown): value is LastBackfill =>
  isRecord(value) && isNumber(value.at) && typeof value.drained === 'boolean';
const isPendingFailure = (value: unknown): value is PendingFailure =>
  isRecord(value) &&
  isString(value.server) &&
  KNOWN_CHECKS.has(value.check as string) &&
  isCode(value.code) &&
  isString(value.requestId);
const isKeptConnection = (value: unknown): value is KeptConnection =>
  isRecord(value) && CONNECTION_STATES.has(value.state) && isNumber(value.readAt);
const isConnections = (value: unknown): value is Readonly<Record<string, KeptConnection>> =>
  isRecord(value) && Object.values(value).every(isKeptConnection);
const isIdPair = (value: unknown): value is readonly [string, unknown] =>
  Array.isArray(value) && value.length === 2 && isString(value[0]);
const listOf =
  <V>(item: (value: unknown) => value is V) =>
  (value: unknown): readonly V[] | undefined =>
    Array.isArray(value) && value.every(item) ? value : undefined;

/**
 * A reader's window of events, under its name (`${name}:window`): each read back is checked as a Keyed event (its
 * uuid, its time); the rest of its fields are the reader's `T`, which only that reader, by its name, writes.
 */
function logWindow<T extends Keyed>(): WarmKind<string, T[]> {
  return {
    key: (name) => `${name}:window`,
    read: (value) => (Array.isArray(value) && value.every(isKeyed) ? (value as T[]) : undefined),
  };
}

/** Every kind of state a warm process keeps between runs. */
export const WARM = {
  /** The System Log window each reader judged, its events until the window passes (okta/log-consumer.ts). */
  logWindow,
  /** When this process last read a reader's items from the stream's table, epoch ms. */
  streamRead: {
    key: (name: string) => `${name}:stream-read`,
    read: (value: unknown) => (isNumber(value) ? value : undefined),
  },
  /** When a reader's stream was last backfilled from the log, and whether that drained it. */
  backfill: {
    key: (name: string) => `${name}:backfill`,
    read: (value: unknown) => (isLastBackfill(value) ? value : undefined),
  },
  /** A JWKS's key history, by its URL (okta/keys.ts): a key published and not yet signing is a rotation to come. */
  keyHistory: {
    key: (jwksUrl: string) => `jwks-history:${jwksUrl}`,
    read: (value: unknown) => (isKeyHistory(value) ? value : undefined),
  },
  /** Until when a token endpoint is left alone after Okta's 429, epoch ms (okta/token.ts). */
  tokenBackOff: {
    key: (tokenUrl: string) => `token-backoff:${tokenUrl}`,
    read: (value: unknown) => (isNumber(value) ? value : undefined),
  },
  /**
   * A group of SAML apps' kept verdicts, by group id, as this process last wrote them (saml/group/scope.ts): the
   * copy used when the group's store cannot be read. Each app's record is read back by the group's own reader.
   */
  samlGroupKept: {
    key: (groupId: string) => `saml-group-kept:${groupId}`,
    read: listOf(isIdPair),
  },
  /** The failures the System Log did not explain yet, looked up again next run (system-log/run.ts). */
  pendingFailures: {
    key: (_: void) => 'system-log:pending',
    read: listOf(isPendingFailure),
  },
  /** What Okta said of each provisioning app's connection, by app id (provisioning/connections.ts). */
  connections: {
    key: (_: void) => 'provisioning-health:connections',
    read: (value: unknown) => (isConnections(value) ? value : undefined),
  },
} as const satisfies Record<string, WarmKind<never, unknown> | (() => WarmKind<never, unknown>)>;

/** What a kind is kept for, given last: nothing for a kind kept once a process. */
type For<A> = [A] extends [void] ? [] : [of: A];

/** The value of `kind` this process keeps for `of`, checked; undefined when none, expired or not of its shape. */
export function readWarm<A, V>(
  cache: ProbeCache | undefined,
  kind: WarmKind<A, V>,
  now: number,
  ...of: For<A>
): V | undefined {
  const value = cache?.get<unknown>(kind.key(...(of as [A])), now);
  return value === undefined ? undefined : kind.read(value);
}

/** Keeps `value` as the state of `kind` for `of` until `expiresAt` (epoch ms). */
export function keepWarm<A, V>(
  cache: ProbeCache | undefined,
  kind: WarmKind<A, V>,
  value: V,
  expiresAt: number,
  ...of: For<A>
): void {
  cache?.set<V>(kind.key(...(of as [A])), value, expiresAt);
}

/** Forgets the state of `kind` for `of`. */
export function dropWarm<A, V>(cache: ProbeCache | undefined, kind: WarmKind<A, V>, ...of: For<A>): void {
  cache?.delete(kind.key(...(of as [A])));
}
