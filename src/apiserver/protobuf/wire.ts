// A minimal reader for the protobuf wire format (proto2 as gogo-protobuf writes it for the
// Kubernetes generated.proto files). It knows nothing about schemas: it yields tags, varints,
// fixed-width words and length-delimited slices, and throws WireError for anything malformed.
// Every read is bounds-checked, so hostile bytes end in a WireError, never a RangeError.

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export const WireType = {
  Varint: 0,
  Fixed64: 1,
  Bytes: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;

export const wireTypeName = (wt: number): string =>
  ['varint', 'fixed64', 'bytes', 'start-group', 'end-group', 'fixed32'][wt] ?? `invalid(${wt})`;

/** A 64-bit varint split into two unsigned 32-bit halves, so no BigInt is needed. */
export interface Varint64 {
  lo: number;
  hi: number;
}

const TWO_32 = 4294967296;

/** proto int32: the low 32 bits, signed (negative int32s arrive sign-extended to 10 bytes). */
export const varintToInt32 = (v: Varint64): number => v.lo | 0;

/** proto int64 as a JS number; exact up to 2^53, like JSON.parse would be. */
export const varintToInt64 = (v: Varint64): number => (v.hi | 0) * TWO_32 + (v.lo >>> 0);

export const varintToBool = (v: Varint64): boolean => v.lo !== 0 || v.hi !== 0;

export class WireReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a varint of at most 10 bytes (Go's "proto: integer overflow" past that). */
  varint(): Varint64 {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError('unexpected EOF in varint');
      const b = this.buf[this.pos++]!;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (b < 0x80) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    throw new WireError('integer overflow in varint');
  }

  /** A varint used as a length or tag: must fit comfortably in a JS number. */
  uint32(): number {
    const v = this.varint();
    if (v.hi !== 0) throw new WireError('varint too large for a length or tag');
    return v.lo;
  }

  tag(): { fieldNo: number; wireType: number } {
    const t = this.uint32();
    const fieldNo = t >>> 3;
    const wireType = t & 7;
    if (fieldNo === 0) throw new WireError('illegal tag 0');
    if (wireType > 5) throw new WireError(`illegal wireType ${wireType} for field ${fieldNo}`);
    return { fieldNo, wireType };
  }

  /** The payload of a length-delimited field, as a view into the buffer (not a copy). */
  bytes(): Uint8Array {
    const len = this.uint32();
    if (len > this.end - this.pos) throw new WireError(`length ${len} runs past the end of the message (${this.end - this.pos} bytes left)`);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  fixed64(): DataView {
    if (this.end - this.pos < 8) throw new WireError('unexpected EOF in fixed64');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view;
  }

  fixed32(): DataView {
    if (this.end - this.pos < 4) throw new WireError('unexpected EOF in fixed32');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4);
    this.pos += 4;
    return view;
  }

  /** Skips one field's value, as gogo's skipGenerated does for unknown fields. */
  skip(wireType: number, depth = 0): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.fixed64();
        return;
      case WireType.Bytes:
        this.bytes();
        return;
      case WireType.Fixed32:
        this.fixed32();
        return;
      case WireType.StartGroup: {
        // Groups are never written by Kubernetes, but are legal wire format: skip to the end.
        if (depth > 64) throw new WireError('groups nested too deeply');
        for (;;) {
          if (this.done) throw new WireError('unexpected EOF in group');
          const { wireType: wt } = this.tag();
          if (wt === WireType.EndGroup) return;
          this.skip(wt, depth + 1);
        }
      }
      default:
        throw new WireError(`unexpected ${wireTypeName(wireType)}`);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Go keeps a proto string's bytes as they are; encoding/json then writes invalid UTF-8 as
 * U+FFFD. A non-fatal TextDecoder makes the same replacement.
 */
export const decodeUtf8 = (b: Uint8Array): string => utf8.decode(b);
