// The apimachinery types whose JSON form is not "one key per proto field": each has a
// hand-written MarshalJSON upstream, mirrored here. They receive the raw bytes of their
// message (possibly empty: a value field that was never on the wire decodes from zero bytes,
// which is exactly Go's zero value).
import { WireError, WireReader, WireType, decodeUtf8, varintToInt32, varintToInt64, type Varint64 } from './wire.ts';
import type { WellKnownType } from './schema.ts';

/** Reads a flat message of scalars: returns the last value of each field number. */
function readFlat(bytes: Uint8Array, what: string, kinds: Readonly<Record<number, 'varint' | 'bytes'>>): Map<number, Varint64 | Uint8Array> {
  const r = new WireReader(bytes);
  const out = new Map<number, Varint64 | Uint8Array>();
  while (!r.done) {
    const { fieldNo, wireType } = r.tag();
    const want = kinds[fieldNo];
    if (want === undefined) {
      r.skip(wireType);
      continue;
    }
    const wantWire = want === 'varint' ? WireType.Varint : WireType.Bytes;
    if (wireType !== wantWire) throw new WireError(`${what}: wrong wireType = ${wireType} for field ${fieldNo}`);
    out.set(fieldNo, want === 'varint' ? r.varint() : r.bytes());
  }
  return out;
}

const intField = (m: Map<number, Varint64 | Uint8Array>, no: number, as: 'i32' | 'i64'): number => {
  const v = m.get(no);
  if (v === undefined || v instanceof Uint8Array) return 0;
  return as === 'i32' ? varintToInt32(v) : varintToInt64(v);
};

const bytesField = (m: Map<number, Varint64 | Uint8Array>, no: number): Uint8Array | undefined => {
  const v = m.get(no);
  return v instanceof Uint8Array ? v : undefined;
};

// meta.v1.Time / MicroTime travel as Timestamp {1 seconds int64, 2 nanos int32}. Upstream's
// Unmarshal treats ZERO BYTES as the zero time (marshalled by kubectl for an unset
// creationTimestamp), and MarshalJSON writes the zero time as null. Any message with content is
// time.Unix(seconds, nanos), even an explicit 0 (the epoch).
const ZERO_TIME_SECONDS = -62135596800; // time.Time{}.Unix()
const MAX_DATE_MS = 8.64e15;

function timestampParts(bytes: Uint8Array, what: string): { ms: number; subMicros: number } | null {
  if (bytes.length === 0) return null;
  const m = readFlat(bytes, what, { 1: 'varint', 2: 'varint' });
  const seconds = intField(m, 1, 'i64');
  const nanos = intField(m, 2, 'i32');
  // time.Unix normalises nanos outside [0, 1e9) into the seconds.
  const carry = Math.floor(nanos / 1e9);
  const sec = seconds + carry;
  const ns = nanos - carry * 1e9;
  if (sec === ZERO_TIME_SECONDS && ns === 0) return null;
  const ms = sec * 1000 + Math.floor(ns / 1e6);
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) throw new WireError(`${what}: seconds ${seconds} out of range`);
  const year = new Date(ms).getUTCFullYear();
  // Go's RFC 3339 output has a four-digit year; out of that range json.Marshal fails upstream.
  if (year < 0 || year > 9999) throw new WireError(`${what}: year ${year} outside [0,9999]`);
  return { ms: sec * 1000, subMicros: Math.floor(ns / 1000) };
}

/** RFC 3339 in UTC with whole seconds, as metav1.Time marshals: `2024-01-02T03:04:05Z`. */
export function timeToJson(bytes: Uint8Array): string | null {
  const p = timestampParts(bytes, 'Time');
  return p ? new Date(p.ms).toISOString().slice(0, 19) + 'Z' : null;
}

/** RFC 3339 with microseconds, as metav1.MicroTime marshals: `2024-01-02T03:04:05.123456Z`. */
export function microTimeToJson(bytes: Uint8Array): string | null {
  const p = timestampParts(bytes, 'MicroTime');
  return p ? `${new Date(p.ms).toISOString().slice(0, 19)}.${String(p.subMicros).padStart(6, '0')}Z` : null;
}

/** Go's time.Duration.String(): `1h2m3.5s`, `1.5ms`, `0s`. */
export function goDurationString(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const neg = nanos < 0n;
  let u = neg ? -nanos : nanos;
  const frac = (v: bigint, prec: number): [string, bigint] => {
    let digits = '';
    let printed = false;
    for (let i = 0; i < prec; i++) {
      const d = v % 10n;
      printed = printed || d !== 0n;
      if (printed) digits = d.toString() + digits;
      v /= 10n;
    }
    return [printed ? `.${digits}` : '', v];
  };
  let out: string;
  if (u < 1_000_000_000n) {
    let unit: string;
    let prec: number;
    if (u < 1000n) [unit, prec] = ['ns', 0];
    else if (u < 1_000_000n) [unit, prec] = ['\u00b5s', 3];
    else [unit, prec] = ['ms', 6];
    const [f, whole] = frac(u, prec);
    out = `${whole}${f}${unit}`;
  } else {
    const [f, secs] = frac(u, 9);
    u = secs;
    out = `${u % 60n}${f}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** metav1.Duration {1 duration int64 nanoseconds} → its String(). */
export function durationToJson(bytes: Uint8Array): string {
  const r = new WireReader(bytes);
  let ns = 0n;
  while (!r.done) {
    const { fieldNo, wireType } = r.tag();
    if (fieldNo !== 1) {
      r.skip(wireType);
      continue;
    }
    if (wireType !== WireType.Varint) throw new WireError(`Duration: wrong wireType = ${wireType} for field 1`);
    const v = r.varint();
    ns = BigInt.asIntN(64, (BigInt(v.hi) << 32n) | BigInt(v.lo));
  }
  return goDurationString(ns);
}

/** intstr.IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal} → a number or a string. */
export function intOrStringToJson(bytes: Uint8Array): number | string {
  const m = readFlat(bytes, 'IntOrString', { 1: 'varint', 2: 'varint', 3: 'bytes' });
  const type = intField(m, 1, 'i64');
  if (type === 0) return intField(m, 2, 'i32');
  if (type === 1) return decodeUtf8(bytesField(m, 3) ?? new Uint8Array());
  // Upstream MarshalJSON fails with "impossible IntOrString.Type".
  throw new WireError(`IntOrString: impossible type ${type}`);
}

// resource.Quantity {1 string}. Upstream's Unmarshal runs ParseQuantity and fails on a bad
// string; MarshalJSON writes the canonical form. kubectl marshals String(), which is already
// canonical, so the text is passed through after a syntax check; an absent string is the zero
// Quantity, written "0". Canonicalising other clients' spellings is the API layer's job.
const QUANTITY = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

export function quantityToJson(bytes: Uint8Array): string {
  const m = readFlat(bytes, 'Quantity', { 1: 'bytes' });
  const raw = bytesField(m, 1);
  if (raw === undefined) return '0';
  const s = decodeUtf8(raw);
  if (!QUANTITY.test(s)) throw new WireError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got "${s}")`);
  return s;
}

// runtime.RawExtension and meta.v1.FieldsV1 are {1 raw bytes} whose JSON form is the raw bytes
// themselves (which must be JSON), or null when there are none.
export function rawJsonToJson(bytes: Uint8Array, what: 'RawExtension' | 'FieldsV1'): unknown {
  const m = readFlat(bytes, what, { 1: 'bytes' });
  const raw = bytesField(m, 1);
  if (raw === undefined || raw.length === 0) return null;
  try {
    return JSON.parse(decodeUtf8(raw)) as unknown;
  } catch {
    throw new WireError(`${what}: raw bytes are not JSON`);
  }
}

export function wellKnownToJson(name: WellKnownType, bytes: Uint8Array): unknown {
  switch (name) {
    case 'Time':
      return timeToJson(bytes);
    case 'MicroTime':
      return microTimeToJson(bytes);
    case 'Duration':
      return durationToJson(bytes);
    case 'IntOrString':
      return intOrStringToJson(bytes);
    case 'Quantity':
      return quantityToJson(bytes);
    case 'RawExtension':
      return rawJsonToJson(bytes, 'RawExtension');
    case 'FieldsV1':
      return rawJsonToJson(bytes, 'FieldsV1');
  }
}
