// A JSON array read as it arrives, one element at a time: Okta's list answers (a System Log page of 1,000 events is
// 1.7 MB and more; a page of 200 apps is hundreds of KB) are never held whole. The scanner finds each top-level
// element's bytes (strings and escapes tracked, nesting counted), and hands it to JSON.parse alone: memory is one
// element plus what the caller keeps of each, whatever the answer's length. Every answer is hostile input: a body that
// is no array, an element past its cap or nested past its depth, more elements than asked, trailing data or an answer
// torn off inside the array each end the read with a problem in words, never a throw. It works on bytes: JSON's
// structural characters are ASCII and no byte of a UTF-8 sequence is, so a chunk may end mid-character and an
// element is decoded only once whole.
import type { ArrayLimits, ArrayRead, HttpResponse, ListBudget, ListReading } from './types';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const [OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT, COMMA, QUOTE, BACKSLASH] = [
  0x5b, 0x5d, 0x7b, 0x7d, 0x2c, 0x22, 0x5c,
];

/**
 * The scanner: `push` each chunk, then `end`. `onItem` gets each element parsed; the scan stops at the first problem
 * (what `onItem` got before it stays given).
 */
export class JsonArrayScanner {
  private phase: 'before' | 'open' | 'item' | 'after' | 'done' | 'failed' = 'before';
  private parts: Buffer[] = [];
  private itemBytes = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private count = 0;
  private read = 0;
  private problem: string | undefined;

  constructor(
    private readonly limits: ArrayLimits,
    private readonly onItem: (item: unknown) => void,
  ) {}

  /** Whether the scan stopped on a problem: the rest of the answer is not worth reading. */
  get failed(): boolean {
    return this.phase === 'failed';
  }

  /** Bytes held now: the element being read, never more than its cap. */
  get held(): number {
    return this.itemBytes;
  }

  push(chunk: Buffer): void {
    if (this.phase === 'failed') return;
    this.read += chunk.length;
    let itemStart = this.phase === 'item' ? 0 : -1;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i] as number;
      switch (this.phase) {
        case 'before':
          if (WHITESPACE.has(byte)) continue;
          if (byte !== OPEN_ARRAY) return this.fail('the answer is not a JSON array');
          this.phase = 'open';
          continue;
        case 'open':
        case 'after':
          if (WHITESPACE.has(byte)) continue;
          if (byte === CLOSE_ARRAY && this.phase === 'open' && this.count === 0) {
            this.phase = 'done';
            continue;
          }
          if (byte === CLOSE_ARRAY || byte === COMMA)
            return this.fail(`element ${this.count + 1} is empty (a stray "${String.fromCharCode(byte)}")`);
          if (this.count >= this.limits.maxItems)
            return this.fail(`the array holds more than the ${this.limits.maxItems} elements asked`);
          this.phase = 'item';
          itemStart = i;
          i -= 1; // the element's first byte is scanned as part of it
          continue;
        case 'item': {
          const ended = this.scan(byte);
          if (ended === 'more') continue;
          if (ended !== 'end') return this.fail(ended);
          this.keep(chunk.subarray(itemStart, i));
          itemStart = -1;
          if (!this.emit()) return;
          this.phase = byte === CLOSE_ARRAY ? 'done' : 'after';
          continue;
        }
        case 'done':
          if (WHITESPACE.has(byte)) continue;
          return this.fail('data follows the array');
      }
    }
    if (this.phase === 'item' && itemStart >= 0) this.keep(chunk.subarray(itemStart));
  }

  /** The answer ended: an array not closed is an answer torn off. */
  end(): ArrayRead {
    if (this.phase !== 'done' && this.phase !== 'failed')
      this.fail(
        this.phase === 'before'
          ? 'the answer is empty, not a JSON array'
          : `the answer ended inside the array, after ${this.count} elements (torn off)`,
      );
    return { items: this.count, bytes: this.read, ...(this.problem !== undefined && { problem: this.problem }) };
  }

  /** One byte of an element: 'more', 'end' (a top-level "," or "]" ends it), or a problem. */
  private scan(byte: number): 'more' | 'end' | string {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (byte === BACKSLASH) this.escaped = true;
      else if (byte === QUOTE) this.inString = false;
      return 'more';
    }
    if (byte === QUOTE) this.inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      this.depth += 1;
      if (this.depth > this.limits.maxDepth)
        return `element ${this.count + 1} nests deeper than ${this.limits.maxDepth} levels`;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (this.depth === 0) return byte === CLOSE_ARRAY ? 'end' : `element ${this.count + 1} is not JSON`;
      this.depth -= 1;
    } else if (byte === COMMA && this.depth === 0) return 'end';
    return 'more';
  }

  /** Part of an element kept until it is whole; false past the element's cap. */
  private keep(part: Buffer): boolean {
    this.itemBytes += part.length;
    if (this.itemBytes > this.limits.maxItemBytes) {
      this.fail(`element ${this.count + 1} is larger than ${Math.round(this.limits.maxItemBytes / 1024)} KB`);
      return false;
    }
    // A copy: a view would keep the whole chunk alive as long as the element is.
    if (part.length > 0) this.parts.push(Buffer.from(part));
    return true;
  }

  /** The element whole: parsed and handed on; false when it is not JSON. */
  private emit(): boolean {
    const text = Buffer.concat(this.parts, this.itemBytes).toString('utf8');
    this.parts = [];
    this.itemBytes = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.fail(`element ${this.count + 1} is not JSON`);
      return false;
    }
    this.count += 1;
    this.onItem(value);
    return true;
  }

  private fail(problem: string): void {
    this.problem ??= problem;
    this.phase = 'failed';
    this.parts = [];
  }
}

/**
 * A list answer as `send` reads it, whoever exchanged it: an exchange that held a 200 answer's body (a test's fake, a
 * wrapper that dropped `list`) has it read here by the same scanner and bounds, so every list is judged one way.
 */
export function listAnswer(res: HttpResponse, reading: ListReading): HttpResponse {
  if (res.list !== undefined || res.status !== 200) return res;
  const scanner = new JsonArrayScanner(reading, (item) => reading.onItem(item));
  const bytes = Buffer.from(res.body, 'utf8');
  if (res.bodyTruncated || bytes.length > reading.maxBytes)
    return { ...res, body: '', list: { items: 0, bytes: bytes.length, problem: 'the answer was cut off: refused' } };
  scanner.push(bytes);
  return { ...res, body: '', list: scanner.end() };
}

/** The bytes the next page may have: a page's own cap, or what the run's list budget has left when that is less. */
export function pageBytes(budget: ListBudget, maxPageBytes: number): number {
  return Math.max(0, Math.min(maxPageBytes, budget.bytesLeft));
}

/**
 * Whether a page was refused only because the run's list budget ran low under it (larger than what was left, not than
 * a page may be): the run stops reading, throttled by its own bound, and the page is read again next run. Never
 * Okta's answer gone wrong.
 */
export function cutByBudget(read: ArrayRead | undefined, cap: number, maxPageBytes: number): boolean {
  return read?.problem !== undefined && cap < maxPageBytes && read.bytes > cap;
}
