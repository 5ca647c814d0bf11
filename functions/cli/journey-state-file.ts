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
  const folder = new StateFolder(historyDir);
  return {
    where: (id) => `the file ${folder.file(id)}`,
    read: (id) => Promise.resolve().then(() => folder.read(id)),
    claim: (id, version, state) => Promise.resolve().then(() => folder.claim(id, version + 1, state)),
    write: (id, state) =>
      Promise.resolve().then(() => {
        for (let i = 0; i < WRITE_TRIES; i += 1) if (folder.claim(id, folder.read(id).version + 1, state)) return;
        throw new StoreError(`${folder.file(id)}: other processes kept claiming it (${WRITE_TRIES} tries)`);
      }),
  };
}

/** The journey-state folder under --history DIR: its files and claims, read and written at once (the store awaits). */
class StateFolder {
  readonly #historyDir: string;
  readonly #dir: string;

  constructor(historyDir: string) {
    this.#historyDir = historyDir;
    this.#dir = join(historyDir, JOURNEY_STATE_DIR);
  }

  /** A journey's state file, <id>.json. */
  file(id: string): string {
    return join(this.#dir, `${id}.json`);
  }

  /** The state written as `version`, linked under the version's name to claim it. */
  #claimFile(id: string, version: number): string {
    return join(this.#dir, `${id}.claim-${version}`);
  }

  /** The versions a journey's claim files name. */
  #claims(id: string): number[] {
    if (!existsSync(this.#dir)) return [];
    const pattern = new RegExp(`^${id.replace(/[^\w-]/g, '\\$&')}\\.claim-(\\d+)$`);
    return readdirSync(this.#dir).flatMap((name) => {
      const found = pattern.exec(name);
      // A number no claim of this store has (planted) numbers nothing: the file it names is never read.
      return found === null || !isVersion(Number(found[1])) ? [] : [Number(found[1])];
    });
  }

  /** Nothing is read from, or written to, a folder others could have planted a state or a link in. */
  #privateFolders(): void {
    const unsafe = folderProblem(this.#historyDir) ?? folderProblem(this.#dir, 'refuse');
    if (unsafe !== undefined) throw new StoreError(`not a private folder: ${unsafe}`);
  }

  read(id: string): StoredState {
    this.#privateFolders();
    const main = parse(this.file(id));
    // No file: never written, or deleted, as the held journey's message advises to try again at once. Its claims
    // stay behind only to number the next write: a claim without its file is a reset, or the first write of a process
    // that died between claim and rename, before anything it guarded was sent.
    if (main === undefined) return { state: undefined, version: Math.max(0, ...this.#claims(id)) };
    const claimed = this.#newerClaim(id, 'version' in main ? main.version : 0);
    if (claimed !== undefined) return claimed;
    if ('damaged' in main)
      return {
        version: Math.max(0, ...this.#claims(id)),
        state: undefined,
        damaged: `${main.damaged}; ${this.#keepAside(id, this.file(id), main)}`,
      };
    return main;
  }

  /**
   * A claim newer than the file: its process died (or its disk filled) before the rename. Its state is the latest;
   * undefined when there is none.
   */
  #newerClaim(id: string, mainVersion: number): StoredState | undefined {
    const top = this.#claims(id)
      .filter((n) => n > mainVersion)
      .sort((a, b) => b - a)[0];
    if (top === undefined) return undefined;
    const claimed = parse(this.#claimFile(id, top));
    if (claimed !== undefined && 'version' in claimed) return { version: top, state: claimed.state };
    // An empty claim is an older version's, whose process died between its claim and its state: what it sent is
    // unknown.
    const why =
      claimed !== undefined && 'damaged' in claimed
        ? claimed.damaged
        : `${this.#claimFile(id, top)} was claimed and never written`;
    return {
      version: top,
      state: undefined,
      damaged: `${why}; ${this.#keepAside(id, this.#claimFile(id, top), claimed)}`,
    };
  }

  /** A copy of a damaged file beside it, named by its content (so one damage is kept once), for inspection. */
  #keepAside(id: string, path: string, parsed: Parsed): string {
    if (parsed !== undefined && 'unread' in parsed) return 'left where it is';
    const got = readRegularFile(path, STATE_FILE, 'refuse');
    const tag = 'problem' in got ? 'unreadable' : createHash('sha256').update(got.bytes).digest('hex').slice(0, 12);
    const aside = join(this.#dir, `${id}.damaged-${tag}`);
    try {
      // Exclusive: a copy kept before stays, and a link planted in its place is never written through.
      copyFileSync(path, aside, constants.COPYFILE_EXCL);
      return `kept for inspection as ${aside}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && lstatSync(aside).isFile())
        return `kept for inspection as ${aside}`;
      return `it could not be copied aside (${(error as Error).message})`;
    }
  }

  /** Writes `state` as `version`, ahead of its claim: false when another process claimed that version first. */
  claim(id: string, version: number, state: JourneyState): boolean {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    this.#privateFolders();
    const temporary = join(this.#dir, `${id}.${randomUUID()}.tmp`);
    try {
      writeFlushed(temporary, `${JSON.stringify({ version, state })}\n`);
      try {
        linkSync(temporary, this.#claimFile(id, version));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
      renameSync(temporary, this.file(id));
    } finally {
      if (existsSync(temporary)) unlinkSync(temporary);
    }
    for (const n of this.#claims(id)) if (n < version - CLAIMS_KEPT) unlinkSync(this.#claimFile(id, n));
    return true;
  }
}

/** A new file (never one planted before it) holding `text`, flushed to disk before it is linked as a claim. */
function writeFlushed(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A state file as this store reads it: its version and state, why it is damaged, or undefined when there is none. */
function parse(path: string): Parsed {
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
}
