// What a check remembers between runs besides the journeys: a small JSON record per key, kept where the
// next run finds it, the way the journeys' state is (journey-state.ts): an SSM parameter for the Lambda
// (lambda/kept-state-ssm.ts, beside lambda/journey-state-ssm.ts), a file beside --history for the CLI
// (cli/kept-state-file.ts, beside cli/journey-state-file.ts), this process's memory otherwise
// (probe/kept-store.ts). Its one user so far: the API tokens the inventory saw expiring, which Okta's list drops
// once they expire. A top file, so that ProbeOptions (types.ts) names the store without reaching the probe.

/** Where small records live between runs. Values are JSON, a few KB at most; never a secret. */
export interface KeptStore {
  /** Where a key lives, for the texts: "the SSM parameter /okta-synthetics/kept/api-tokens". */
  where(key: string): string;
  /** The record, or undefined when never written. Throws when it cannot be read. */
  read(key: string): Promise<unknown>;
  write(key: string, value: unknown): Promise<void>;
}

/**
 * Where a group of SAML apps keeps one small record per app between runs: a thousand apps' verdicts do
 * not fit a KeptStore record (an SSM parameter's 4 KB). The Lambda's is a DynamoDB table (lambda/catalogue-dynamodb.ts:
 * an item per app, read with one Query a run and written for the apps the run checked), the CLI's a file beside
 * --history (cli/catalogue-file.ts), this process's memory otherwise (probe/kept-store.ts). Records are JSON, a few
 * hundred bytes each, never a secret; the reader judges each one again (a hand edit, another version).
 */
export interface CatalogueStore {
  /** Where a group lives, for the texts: "the DynamoDB table okta-synthetics-saml-apps". */
  where(group: string): string;
  /** Every app kept for the group, by app id. Throws when it cannot be read. */
  read(group: string): Promise<ReadonlyMap<string, unknown>>;
  /** Writes these apps' records and forgets `forgotten` (apps gone from the catalogue). */
  write(group: string, changed: ReadonlyMap<string, unknown>, forgotten: readonly string[]): Promise<void>;
}

/**
 * Where real users' sign-ins from Okta's Log Streaming (userSignIns.eventSource) are kept as tallies per minute: the
 * aggregator writes a part per batch and minute, the user-sign-ins check reads its window's. The Lambda's is a DynamoDB
 * table with a TTL (lambda/sign-in-tallies-dynamodb.ts), this process's memory otherwise. Parts are TallySnapshot JSON
 * with hashed user ids, never a login; the reader checks each one again.
 */
/** A minute of streamed sign-ins as committed so far: its version and each commit's hashed uuids (hostile). */
export interface CountedMinute {
  readonly version: number;
  readonly uuids: readonly unknown[];
  /**
   * False when a bound stopped the read before the minute's last commit: a copy of an event only those commits
   * counted is not known as one, and counts again (the aggregator says so).
   */
  readonly complete: boolean;
}

export interface SignInTallyStore {
  /** Where the tallies live, for the texts: "the DynamoDB table okta-synthetics-sign-in-tallies". */
  where(): string;
  /**
   * Every part stored for these minutes (epoch ms / 60,000), `complete` false when a minute held more than one read
   * takes (the judge then tells its counts as "at least"). Throws when it cannot be read.
   */
  read(minutes: readonly number[]): Promise<{ parts: unknown[]; complete: boolean }>;
  /**
   * What batches committed to a minute: the hashed uuids each counted (Okta delivers a streamed event at least once,
   * so a later batch counts none of them again) and the minute's version, the number of commits so far. Read strongly
   * consistent, so a commit `commit` was told of is seen. Throws when it cannot be read.
   */
  counted(minute: number): Promise<CountedMinute>;
  /**
   * A minute's new tally parts and the hashed uuids they count, written in one transaction, and only while the
   * minute is still at `version` (no other batch committed since `counted` read it): 'conflict' when one did, and
   * nothing is written. So an event is counted exactly once whatever the batches' concurrency or redelivery. `others`:
   * the minute's events of other readers than the sign-ins' (provisioning's reductions), in item-sized lists, stored
   * under `arrived`, the minute the batch came (epoch ms / 60,000; the minute's own when not given). Throws when it
   * cannot be written.
   */
  commit(
    minute: number,
    version: number,
    parts: readonly unknown[],
    uuids: readonly (readonly string[])[],
    others?: readonly (readonly unknown[])[],
    arrived?: number,
  ): Promise<'committed' | 'conflict'>;
  /**
   * The other events the commits stored (provisioning's reductions: `others` of `commit`, written in the same
   * transaction, so each is stored exactly once) that arrived in the minutes [from, to]: by when the batch came, not by
   * the events' `published`, so a reader that reads on from its last read reads a late delivery (a batch redelivered,
   * a redrive of dead letters) whatever its events' age. `complete` is false when a bound stopped the read before its
   * end. Throws when it cannot be read.
   */
  others(from: number, to: number): Promise<{ readonly items: unknown[]; readonly complete: boolean }>;
}

/**
 * Where the provisioning-health check keeps its open leavers across runs (Okta retries a failed deactivation only on an
 * app's 429, and its log forgets after 90 days) and the key their user ids are hashed with. The Lambda's is a DynamoDB
 * table, an item per leaver (thousands do not fit an SSM parameter), and a Secrets Manager secret CloudFormation
 * generated (lambda/provisioning-dynamodb.ts); the CLI's a file and a private key file beside --history
 * (cli/provisioning-state-file.ts); this process's memory otherwise (probe/kept-store.ts). Entries are JSON keyed by
 * hashes, never a login or an id; the reader judges each again.
 */
export interface ProvisioningStore {
  /** Where the ledger lives, for the texts: "the DynamoDB table okta-synthetics-provisioning". */
  where(): string;
  /** Every entry kept, by its key. Throws when it cannot be read. */
  read(): Promise<ReadonlyMap<string, unknown>>;
  /** Writes these entries and forgets `forgotten`. */
  write(changed: ReadonlyMap<string, unknown>, forgotten: readonly string[]): Promise<void>;
  /** The key user ids are hashed with, made once on first use: a secret, never printed. Throws when unavailable. */
  key(): Promise<string>;
}
