// The CLI's kept records (issue 36), beside --history as the journeys' state is (journey-state-file.ts):
// DIR/kept/<key>.json, so that cron runs and `run --every` loops remember what the inventory saw (the API tokens that
// were expiring) across processes. Written whole (a temporary file renamed over it): never torn.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KeptStore } from '../kept-state';
import { readRegularFile } from '../read-file';
import { replaceFile } from './replace-file';

/** The folder under --history DIR. */
export const KEPT_DIR = 'kept';
/** A kept record is a few KB; anything near this is not one. */
const KEPT_FILE = { maxBytes: 64 * 1024, what: 'a kept record' } as const;

export function createFileKeptStore(historyDir: string): KeptStore {
  const dir = join(historyDir, KEPT_DIR);
  const file = (key: string): string => join(dir, `${key}.json`);
  return {
    where: (key) => `the file ${file(key)}`,
    read: (key) =>
      Promise.resolve().then(() => {
        if (!existsSync(file(key))) return undefined;
        const got = readRegularFile(file(key), KEPT_FILE);
        if ('problem' in got) throw new Error(got.problem);
        return JSON.parse(got.bytes.toString('utf8')) as unknown;
      }),
    write: (key, value) =>
      Promise.resolve().then(() => {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        replaceFile(file(key), `${JSON.stringify(value)}\n`);
      }),
  };
}
