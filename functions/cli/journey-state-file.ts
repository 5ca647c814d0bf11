// The CLI's journey state, beside --history: DIR/journey-state/<id>.json, one small file per journey,
// so that cron runs and `run --every` loops remember a refused password, a back-off, the last TOTP step and the last
// journey across processes.
//
// Every write is a claim of the next version, and the claim is the state itself: written whole to a temporary file
// (flushed to disk), then hard-linked as <id>.claim-<version>. link() fails when the name exists, so of two processes
// that read the same version exactly one claims it, and whoever claims it has its state on disk at that instant:
// written ahead, never a claim without its state. The temporary file is then renamed over <id>.json; a process that
// dies before the rename leaves its claim, which read() follows. A full disk fails the write before the claim: the
// journey then stops and says so (guard.ts), and the version stays free for the next run.
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  lstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readRegularFile } from '../read-file';
import type { JourneyState } from '../probe/sign-in/state';
import { StoreError, type JourneyStateStore, type StoredState } from '../probe/sign-in/store';
import { folderProblem } from './private-folder';

/** The folder under --history DIR. */
export const JOURNEY_STATE_DIR = 'journey-state';
/** A journey's state is a few hundred bytes; anything near this is not one. */
const STATE_FILE = { maxBytes: 64 * 1024, what: 'a journey state file' } as const;
/** Claim files kept behind the current version: a process that read an older one still finds its claim taken. */
const CLAIMS_KEPT = 20;
/** How often the holder's final write tries again when another process claimed the version it read. */
const WRITE_TRIES = 3;
/**
 * The highest version this store reads as one: a write a millisecond for 142,000 years, and its next version still a
 * whole number. Past it a planted file (or claim) would make every claim name one already taken: a journey busy for
 * good.
 */
const MOST_VERSION = 2 ** 52;
const isVersion = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MOST_VERSION;

type Parsed =
  | { readonly version: number; readonly state: JourneyState }
  | { readonly damaged: string; readonly unread?: true }
  | undefined;

export function createFileStateStore(historyDir: string): JourneyStateStore {
  const dir = join(historyDir, JOURNEY_STATE_DIR);
  const file = (id: string): string => join(dir, `${id}.json`);
  const claimFile = (id: string, version: number): string => join(dir, `${id}.claim-${version}`);
  const claims = (id: string): number[] => {
    if (!existsSync(dir)) return [];
    const pattern = new RegExp(`^${id.replace(/[^\w-]/g, '\\$&')}\\.claim-(\\d+)$`);
    return readdirSync(dir).flatMap((name) => {
      const found = pattern.exec(name);
      // A number no claim of this store has (planted) numbers nothing: the file it names is never read.
      return found === null || !isVersion(Number(found[1])) ? [] : [Number(found[1])];
    });
  };

  /** Nothing is read from, or written to, a folder others could have planted a state or a link in. */
  const privateFolders = (): void => {
    const unsafe = folderProblem(historyDir) ?? folderProblem(dir, 'refuse');
    if (unsafe !== undefined) throw new StoreError(`not a private folder: ${unsafe}`);
  };
  const parse = (path: string): Parsed => {
    // A link in a state file's place was planted: never followed, it is damage (lstat, then O_NOFOLLOW).
    if (lstatSync(path, { throwIfNoEntry: false }) === undefined) return undefined;
    const got = readRegularFile(path, STATE_FILE, 'refuse');
    // Not a file this store reads (too large, a link, a directory): left where it is, and replaced as a damaged one.
    if ('problem' in got) return { damaged: got.problem, unread: true };
    let json: unknown;
    try {
      json = JSON.parse(got.bytes.toString('utf8'));
    } catch {
      return {
        damaged: got.bytes.length === 0 ? `${path} is empty` : `${path} is not JSON (truncated or overwritten)`,
      };
    }
    const { version, state } = (json ?? {}) as { version?: unknown; state?: unknown };
    if (typeof state !== 'object' || state === null || Array.isArray(state))
      return { damaged: `${path} is not ${STATE_FILE.what}` };
    if (!isVersion(version)) return { damaged: `${path} holds no version from 1 to 2^52` };
    return { version, state: state as JourneyState };
  };

  /** A copy of a damaged file beside it, named by its content (so one damage is kept once), for inspection. */
  const keepAside = (id: string, path: string, parsed: Parsed): string => {
    if (parsed !== undefined && 'unread' in parsed) return 'left where it is';
    const got = readRegularFile(path, STATE_FILE, 'refuse');
    const tag = 'problem' in got ? 'unreadable' : createHash('sha256').update(got.bytes).digest('hex').slice(0, 12);
    const aside = join(dir, `${id}.damaged-${tag}`);
    try {
      // Exclusive: a copy kept before stays, and a link planted in its place is never written through.
      copyFileSync(path, aside, constants.COPYFILE_EXCL);
      return `kept for inspection as ${aside}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && lstatSync(aside).isFile())
        return `kept for inspection as ${aside}`;
      return `it could not be copied aside (${(error as Error).message})`;
    }
  };

  const read = (id: string): StoredState => {
    privateFolders();
    const main = parse(file(id));
    // No file: never written, or deleted, as the held journey's message advises to try again at once. Its claims
    // stay behind only to number the next write: a claim without its file is a reset, or the first write of a process
    // that died between claim and rename, before anything it guarded was sent.
    if (main === undefined) return { state: undefined, version: Math.max(0, ...claims(id)) };
    const mainVersion = main !== undefined && 'version' in main ? main.version : 0;
    // A claim newer than the file: its process died (or its disk filled) before the rename. Its state is the latest.
    const newer = claims(id)
      .filter((n) => n > mainVersion)
      .sort((a, b) => b - a);
    const top = newer[0];
    if (top !== undefined) {
      const claimed = parse(claimFile(id, top));
      if (claimed !== undefined && 'version' in claimed) return { version: top, state: claimed.state };
      // An empty claim is an older version's, whose process died between its claim and its state: what it sent is
      // unknown.
      const why =
        claimed !== undefined && 'damaged' in claimed
          ? claimed.damaged
          : `${claimFile(id, top)} was claimed and never written`;
      return { version: top, state: undefined, damaged: `${why}; ${keepAside(id, claimFile(id, top), claimed)}` };
    }
    if ('damaged' in main)
      return {
        version: Math.max(0, ...claims(id)),
        state: undefined,
        damaged: `${main.damaged}; ${keepAside(id, file(id), main)}`,
      };
    return main;
  };

  /** Writes `state` as `version`, ahead of its claim: false when another process claimed that version first. */
  const claim = (id: string, version: number, state: JourneyState): boolean => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    privateFolders();
    const temporary = join(dir, `${id}.${randomUUID()}.tmp`);
    try {
      const fd = openSync(temporary, 'wx', 0o600);
      try {
        writeSync(fd, `${JSON.stringify({ version, state })}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      try {
        linkSync(temporary, claimFile(id, version));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
      renameSync(temporary, file(id));
    } finally {
      if (existsSync(temporary)) unlinkSync(temporary);
    }
    for (const n of claims(id)) if (n < version - CLAIMS_KEPT) unlinkSync(claimFile(id, n));
    return true;
  };

  return {
    where: (id) => `the file ${file(id)}`,
    read: (id) => Promise.resolve().then(() => read(id)),
    claim: (id, version, state) => Promise.resolve().then(() => claim(id, version + 1, state)),
    write: (id, state) =>
      Promise.resolve().then(() => {
        for (let i = 0; i < WRITE_TRIES; i += 1) if (claim(id, read(id).version + 1, state)) return;
        throw new StoreError(`${file(id)}: other processes kept claiming it (${WRITE_TRIES} tries)`);
      }),
  };
}
