// The CLI's provisioning ledger, beside --history as the other kept records are (kept-state-file.ts):
// DIR/kept/provisioning-leavers.json, one JSON object of every open leaver's entry (keyed by hashes, never a login or
// an id), written whole; and DIR/kept/provisioning-key, the key user ids are hashed with, made once at random,
// owner-only. Cron runs, `run --every` loops and `provisioning ack` share both, so a leaver read twice counts once.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvisioningStore } from '../kept-state';
import { readRegularFile } from '../read-file';
import { StoreError } from '../probe/kept-store';
import { KEPT_DIR, notA, readJsonFile } from './kept-state-file';
import { replaceFile } from './replace-file';

/** Thousands of leavers at a few hundred bytes each: anything near this is not a ledger. */
const LEDGER_FILE = { maxBytes: 16 * 1024 * 1024, what: 'a provisioning ledger' } as const;
/** The key file holds 43 characters (32 random bytes, base64url). */
const KEY_FILE = { maxBytes: 256, what: 'a provisioning key' } as const;

export function createFileProvisioningStore(historyDir: string): ProvisioningStore {
  const dir = join(historyDir, KEPT_DIR);
  const ledgerFile = join(dir, 'provisioning-leavers.json');
  const keyFile = join(dir, 'provisioning-key');
  const read = (): Map<string, unknown> => {
    const json = readJsonFile(ledgerFile, LEDGER_FILE);
    if (json === undefined) return new Map();
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw notA(ledgerFile, LEDGER_FILE.what);
    return new Map(Object.entries(json));
  };
  return {
    where: () => `the file ${ledgerFile}`,
    read: () => Promise.resolve().then(read),
    write: (changed, forgotten) =>
      Promise.resolve().then(() => {
        const entries = read();
        for (const [key, entry] of changed) entries.set(key, entry);
        for (const key of forgotten) entries.delete(key);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        replaceFile(ledgerFile, `${JSON.stringify(Object.fromEntries(entries))}\n`);
      }),
    key: () => Promise.resolve().then(() => fileKey(dir, keyFile)),
  };
}

/** The key in its file, made at random on first use; a file that holds no key is refused, never overwritten. */
function fileKey(dir: string, file: string): string {
  if (lstatSync(file, { throwIfNoEntry: false }) === undefined) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A lost key only makes the kept leavers' hashes unmatched: they stay open until acknowledged.
    replaceFile(file, `${randomBytes(32).toString('base64url')}\n`);
  }
  const got = readRegularFile(file, KEY_FILE, 'refuse');
  if ('problem' in got) throw new StoreError(got.problem);
  const key = got.bytes.toString('utf8').trim();
  if (!/^[A-Za-z0-9_-]{32,}$/.test(key)) throw notA(file, KEY_FILE.what);
  return key;
}
