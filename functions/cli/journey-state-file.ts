// The CLI's journey state, beside --history: DIR/journey-state/<id>.json, one small file per journey,
// so that cron runs and `run --every` loops remember a refused password, a back-off, the last TOTP step and the last
// journey across processes. A claim is a file created with O_EXCL (<id>.claim-<version>): of two processes that read
// the same version, exactly one creates it. Written whole (a temporary file renamed over it): never torn.
import { closeSync, mkdirSync, openSync, readdirSync, unlinkSync } from 'node:fs';
import { replaceFile } from './replace-file';
import { join } from 'node:path';
import type { JourneyState } from '../probe/sign-in/state';
import type { JourneyStateStore, StoredState } from '../probe/sign-in/store';
import { notA, readJsonFile } from './kept-state-file';

/** The folder under --history DIR. */
export const JOURNEY_STATE_DIR = 'journey-state';
/** A journey's state is a few hundred bytes; anything near this is not one. */
const STATE_FILE = { maxBytes: 64 * 1024, what: 'a journey state file' } as const;
/** Claim files kept behind the current version: a process that read an older one still finds its claim taken. */
const CLAIMS_KEPT = 20;

export function createFileStateStore(historyDir: string): JourneyStateStore {
  const dir = join(historyDir, JOURNEY_STATE_DIR);
  const file = (id: string): string => join(dir, `${id}.json`);
  const claimFile = (id: string, version: number): string => join(dir, `${id}.claim-${version}`);

  const read = (id: string): StoredState => {
    const json = readJsonFile(file(id), STATE_FILE);
    if (json === undefined) return { state: undefined, version: 0 };
    const { version, state } = json as { version: unknown; state: unknown };
    if (typeof version !== 'number' || typeof state !== 'object' || state === null) throw notA(file(id), STATE_FILE.what);
    return { version, state: state as JourneyState };
  };

  const put = (id: string, version: number, state: JourneyState): void => {
    replaceFile(file(id), `${JSON.stringify({ version, state })}\n`);
    for (const name of readdirSync(dir)) {
      const claimed = new RegExp(`^${id}\\.claim-(\\d+)$`).exec(name);
      if (claimed !== null && Number(claimed[1]) < version - CLAIMS_KEPT) unlinkSync(join(dir, name));
    }
  };

  /** Creates the claim of `version`: false when another process created it first. */
  const take = (id: string, version: number): boolean => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      closeSync(openSync(claimFile(id, version), 'wx', 0o600));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  };

  return {
    where: (id) => `the file ${file(id)}`,
    read: (id) => Promise.resolve().then(() => read(id)),
    claim: (id, version, state) =>
      Promise.resolve().then(() => {
        if (!take(id, version + 1)) return false;
        put(id, version + 1, state);
        return true;
      }),
    write: (id, state) =>
      Promise.resolve().then(() => {
        const version = read(id).version + 1;
        // Its claim too, so that a process holding an older version cannot claim this one.
        take(id, version);
        put(id, version, state);
      }),
  };
}
