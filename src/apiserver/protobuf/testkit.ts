// Test helper: a tiny protobuf WRITER for hand-built messages, so tests can put on the wire
// exactly what a client could send (explicit zeros, unknown fields, packed scalars, bad
// wire types) without a schema compiler. Not used by the decoder itself.
import { PROTOBUF_MAGIC } from './envelope.ts';

export type Field = Uint8Array;

const varintBytes = (v: bigint): number[] => {
  let u = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    let b = Number(u & 0x7fn);
    u >>= 7n;
    if (u !== 0n) b |= 0x80;
    out.push(b);
  } while (u !== 0n);
  return out;
};

const tag = (no: number, wireType: number): number[] => varintBytes(BigInt((no << 3) | wireType));

const join = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A varint field (int32/int64/bool/enum); negative numbers are sign-extended to 10 bytes. */
export const int = (no: number, v: number | bigint | boolean): Field =>
  Uint8Array.from([...tag(no, 0), ...varintBytes(typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v))]);

export const bytes = (no: number, b: Uint8Array): Field => join([Uint8Array.from([...tag(no, 2), ...varintBytes(BigInt(b.length))]), b]);

export const str = (no: number, s: string): Field => bytes(no, new TextEncoder().encode(s));

/** A nested message field built from its fields. */
export const msg = (no: number, ...fields: Field[]): Field => bytes(no, join(fields));

export const double = (no: number, v: number): Field => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return join([Uint8Array.from(tag(no, 1)), b]);
};

/** Packed repeated varints. */
export const packed = (no: number, values: readonly number[]): Field => bytes(no, Uint8Array.from(values.flatMap((v) => varintBytes(BigInt(v)))));

/** A map<string,string> entry. */
export const entry = (no: number, key: string, value: string): Field => msg(no, str(1, key), str(2, value));

export const concat = (...fields: Field[]): Uint8Array => join(fields);

/** magic + runtime.Unknown{typeMeta{apiVersion, kind}, raw, "", ""} as kubectl writes it. */
export const envelope = (apiVersion: string, kind: string, raw: Uint8Array): Uint8Array =>
  join([PROTOBUF_MAGIC, msg(1, str(1, apiVersion), str(2, kind)), bytes(2, raw), str(3, ''), str(4, '')]);

/** A meta.v1.Time / MicroTime message. */
export const timestamp = (no: number, seconds: number, nanos = 0): Field => msg(no, int(1, seconds), int(2, nanos));
