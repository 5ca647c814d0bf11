// A file the user names (the configuration, a key file), read the way untrusted input should be: a regular file
// only, and no more of it than such a file can hold. A FIFO would block the CLI for ever, /dev/zero would fill
// memory until the process dies, and a key linked to a device crashed Node (std::bad_alloc); each is a one-line
// problem instead.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** A kind of file the CLI reads: the most of it it reads, and what to call it in a message. */
interface InputFile {
  readonly maxBytes: number;
  /** "a configuration file": the message says "larger than the 1 MB a configuration file may hold". */
  readonly what: string;
}

/** What the CLI reads, and the most of it it reads. */
export const INPUT_FILES = {
  /** 90 servers with a comment on each take about 100 KB. */
  config: { maxBytes: 1024 * 1024, what: 'a configuration file' },
  /** A PKCS#8 PEM of an 8192-bit RSA key is about 6.5 KB. */
  key: { maxBytes: 64 * 1024, what: 'a key file' },
  /** A sign-in user's {"password", "totpSecret", "clientSecret"}: well under 1 KB. */
  secrets: { maxBytes: 64 * 1024, what: 'a secrets file' },
  /**
   * One day of `run --history` (DIR/YYYY-MM-DD.jsonl): 1,440 runs at the deployed cadence are 1 to 5 MB; 8,640 runs
   * at --every 10 with ten failing servers each about 60 MB. Anything larger was not written by the CLI.
   */
  historyDay: { maxBytes: 128 * 1024 * 1024, what: 'a history day file' },
} as const satisfies Record<string, InputFile>;

type FileRead = { readonly bytes: Buffer; readonly stats: Stats } | { readonly problem: string };

/**
 * The bytes of the regular file at `path`, at most `kind.maxBytes`; otherwise why not, never quoting the content.
 * `links: 'refuse'` for a file the CLI wrote itself (a state file): a symbolic link in its place was planted, and is
 * never followed (lstat, then O_NOFOLLOW should one appear between the two).
 */
export function readRegularFile(path: string, kind: InputFile, links: 'follow' | 'refuse' = 'follow'): FileRead {
  // Judged before opening: opening a FIFO blocks until a writer comes, and opening a device may act on it.
  let stats: Stats;
  try {
    stats = links === 'follow' ? statSync(path) : lstatSync(path);
  } catch (error) {
    return { problem: errnoText(error) };
  }
  const before = shapeProblem(stats, kind);
  if (before !== undefined) return { problem: before };
  let fd: number;
  try {
    // O_NONBLOCK: should the path become a FIFO between stat and open, open returns instead of waiting.
    const noFollow = links === 'follow' ? 0 : (constants.O_NOFOLLOW ?? 0);
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | noFollow);
  } catch (error) {
    return { problem: errnoText(error) };
  }
  try {
    const opened = fstatSync(fd);
    const after = shapeProblem(opened, kind);
    if (after !== undefined) return { problem: after };
    // Read to the end, not to the size fstat gave: files under /proc say 0. One byte past the cap is enough to refuse.
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(Math.min(64 * 1024, kind.maxBytes + 1));
    let length = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, kind.maxBytes + 1 - length), null);
      if (read === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, read)));
      length += read;
      if (length > kind.maxBytes) return { problem: tooLarge(length, kind) };
    }
    return { bytes: Buffer.concat(chunks, length), stats: opened };
  } catch (error) {
    return { problem: errnoText(error) };
  } finally {
    closeSync(fd);
  }
}

function shapeProblem(stats: Stats, kind: InputFile): string | undefined {
  if (stats.isDirectory()) return 'EISDIR: it is a directory';
  if (!stats.isFile()) return `not a regular file but ${kindOf(stats)}`;
  return stats.size > kind.maxBytes ? tooLarge(stats.size, kind) : undefined;
}

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link (never followed)';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device (like /dev/zero)';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

function tooLarge(size: number, kind: InputFile): string {
  // A size of maxBytes + 1 is only what was read of a file that grew: its real size is unknown.
  return (
    `${size > kind.maxBytes + 1 ? `${kilobytes(size)}, ` : ''}larger than the ${kilobytes(kind.maxBytes)} ${kind.what} ` +
    `may hold`
  );
}

/** A size as a refusal says it ("64 KB", "1 MB"), and docs/configuration.md with it. */
export function kilobytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

/** A file error as a short phrase: its errno code, spelled out for the common ones. */
export function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const text: Record<string, string> = {
    ENOENT: 'ENOENT: no such file',
    EACCES: 'EACCES: permission denied',
    EISDIR: 'EISDIR: it is a directory',
  };
  return code === undefined ? String((error as Error | undefined)?.message ?? error) : (text[code] ?? code);
}
