// What a check remembers between runs besides the journeys (issue 36): a small JSON record per key, kept where the
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
