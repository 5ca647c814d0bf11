// The relying party's CBOR reader for WebAuthn attestation objects (RFC 8949 §3), written apart from the probe's
// encoder (functions/credentials/cbor.ts) so that a shared bug cannot verify itself. Only what an attestation object
// of format "none" and an ES256 COSE key hold: unsigned and negative integers, byte and text strings, maps (an array
// only as an attestation statement's x5c would, then refused by the caller). Hostile input: every length bounded by
// the bytes left, depth and item counts bounded, no indefinite lengths, no floats or tags; never a throw.

export type Decoded = number | string | Buffer | Map<number | string, Decoded> | Decoded[];

/** How deep maps may nest (attestation object > attStmt, or a COSE key), and how many members one may have. */
const MAX_DEPTH = 4;
const MAX_ITEMS = 32;

/** The item at `offset` and where it ends; undefined when the bytes are not that subset of CBOR. */
export function decodeCbor(bytes: Buffer, offset = 0, depth = 0): { value: Decoded; end: number } | undefined {
  if (depth > MAX_DEPTH || offset >= bytes.length) return undefined;
  const initial = bytes[offset]!;
  const major = initial >> 5;
  const arg = argument(bytes, offset, initial & 0x1f);
  if (arg === undefined) return undefined;
  const { value: n, end } = arg;
  switch (major) {
    case 0:
      return { value: n, end };
    case 1:
      return { value: -1 - n, end };
    case 2:
    case 3: {
      if (n > bytes.length - end) return undefined;
      const slice = bytes.subarray(end, end + n);
      if (major === 2) return { value: Buffer.from(slice), end: end + n };
      const text = slice.toString('utf8');
      // Not valid UTF-8 (RFC 8949 §3.1: "a text string ... encoded as UTF-8"): refused, not repaired.
      return Buffer.from(text, 'utf8').equals(slice) ? { value: text, end: end + n } : undefined;
    }
    case 4:
      return items(bytes, end, n, depth);
    case 5:
      return map(bytes, end, n, depth);
    default:
      return undefined;
  }
}

/** The argument of an item's head (§3: additional information 0-23 inline, 24-27 one to eight bytes). */
function argument(bytes: Buffer, offset: number, info: number): { value: number; end: number } | undefined {
  if (info < 24) return { value: info, end: offset + 1 };
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
  // 28-30 reserved, 31 indefinite length: neither in an attestation object.
  if (size === 0 || offset + 1 + size > bytes.length) return undefined;
  const start = offset + 1;
  const value = size === 8 ? bytes.readBigUInt64BE(start) : BigInt(bytes.readUIntBE(start, size));
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : { value: Number(value), end: start + size };
}

function items(
  bytes: Buffer,
  start: number,
  count: number,
  depth: number,
): { value: Decoded[]; end: number } | undefined {
  if (count > MAX_ITEMS) return undefined;
  const out: Decoded[] = [];
  let end = start;
  for (let i = 0; i < count; i += 1) {
    const item = decodeCbor(bytes, end, depth + 1);
    if (item === undefined) return undefined;
    out.push(item.value);
    end = item.end;
  }
  return { value: out, end };
}

function map(
  bytes: Buffer,
  start: number,
  count: number,
  depth: number,
): { value: Map<number | string, Decoded>; end: number } | undefined {
  if (count > MAX_ITEMS) return undefined;
  const out = new Map<number | string, Decoded>();
  let end = start;
  for (let i = 0; i < count; i += 1) {
    const key = decodeCbor(bytes, end, depth + 1);
    // Keys are integers or text (COSE, the attestation object); a duplicate key is invalid (§5.6).
    if (key === undefined || (typeof key.value !== 'number' && typeof key.value !== 'string') || out.has(key.value))
      return undefined;
    const item = decodeCbor(bytes, key.end, depth + 1);
    if (item === undefined) return undefined;
    out.set(key.value, item.value);
    end = item.end;
  }
  return { value: out, end };
}
