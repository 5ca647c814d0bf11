// The CLI's kept records, beside --history as the journeys' state is (journey-state-file.ts):
// DIR/kept/<key>.json, so that cron runs and `run --every` loops remember what the inventory saw (the API tokens that
// were expiring) across processes. Written whole (a temporary file renamed over it): never torn.
import { lstatSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KeptStore } from '../kept-state';
import { readRegularFile } from '../read-file';
import { StoreError } from '../probe/kept-store';
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
    read: (key) => Promise.resolve().then(() => readJsonFile(file(key), KEPT_FILE)),
    write: (key, value) =>
      Promise.resolve().then(() => {
        // A key may have a folder of its own (saml/<journey>).
        mkdirSync(dirname(file(key)), { recursive: true, mode: 0o700 });
        replaceFile(file(key), `${JSON.stringify(value)}\n`);
      }),
  };
}

/** A state file's JSON, or undefined when there is none yet; throws a StoreError naming the file when unreadable. */
export function readJsonFile(path: string, kind: { readonly maxBytes: number; readonly what: string }): unknown {
  if (lstatSync(path, { throwIfNoEntry: false }) === undefined) return undefined;
  // Written by the CLI alone: a link in its place was planted, and is refused rather than followed.
  const got = readRegularFile(path, kind, 'refuse');
  if ('problem' in got) throw new StoreError(got.problem);
  try {
    return JSON.parse(got.bytes.toString('utf8')) as unknown;
  } catch {
    throw notA(path, kind.what);
  }
}

export const notA = (path: string, what: string): StoreError =>
  new StoreError(`${path} is not ${what} (delete it to start afresh)`);
