// The CBOR subset a WebAuthn attestation object needs (RFC 8949 §3: major types 0 and 1 integers, 2 byte strings, 3
// text strings, 5 maps), encoded with the shortest argument (§4.2.1, what CTAP2's canonical form asks, §6 of CTAP2).
// Hand-written: a dependency for five major types would be more code to trust than this.

/** A value this encoder writes: integers, byte strings, text strings, maps in the order given. */
export type CborValue = number | string | Uint8Array | ReadonlyMap<number | string, CborValue>;

/** The head of an item: its major type and its argument, shortest form. */
function head(major: number, argument: number): Buffer {
  if (!Number.isSafeInteger(argument) || argument < 0) throw new RangeError(`CBOR argument out of range: ${argument}`);
  const type = major << 5;
  if (argument < 24) return Buffer.from([type | argument]);
  if (argument < 0x100) return Buffer.from([type | 24, argument]);
  if (argument < 0x10000) {
    const out = Buffer.alloc(3);
    out[0] = type | 25;
    out.writeUInt16BE(argument, 1);
    return out;
  }
  if (argument < 0x1_0000_0000) {
    const out = Buffer.alloc(5);
    out[0] = type | 26;
    out.writeUInt32BE(argument, 1);
    return out;
  }
  const out = Buffer.alloc(9);
  out[0] = type | 27;
  out.writeBigUInt64BE(BigInt(argument), 1);
  return out;
}

/** One value as CBOR bytes. Map keys keep the caller's order: the attestation's is already canonical. */
export function encodeCbor(value: CborValue): Buffer {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`CBOR integers only: ${value}`);
    // A negative integer n is major type 1 with argument -1 - n (RFC 8949 §3.1).
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts: Buffer[] = [head(5, value.size)];
  for (const [key, item] of value) parts.push(encodeCbor(key), encodeCbor(item));
  return Buffer.concat(parts);
}
