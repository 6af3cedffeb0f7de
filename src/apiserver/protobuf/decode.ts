// Generic schema-driven decoding: protobuf bytes of one message → the JSON object Go's
// encoding/json would write for the typed struct gogo-protobuf unmarshals them into.
//
// Two passes per message. The first walks the wire and collects values per field, following
// gogo's Unmarshal: the last value of a scalar wins; a message field seen twice is merged
// (its byte chunks are decoded as one); repeated fields append; unknown field numbers are
// skipped (forward compatibility), but a known field with the wrong wire type is an error.
// The second pass writes the fields in Go declaration order with Go's omission rules, which
// schema.ts describes.
import { WireError, WireReader, WireType, decodeUtf8, varintToBool, varintToInt32, varintToInt64, wireTypeName } from './wire.ts';
import type { ElementType, FieldDef, MessageDef, SchemaRegistry, ScalarType } from './schema.ts';
import { wellKnownToJson } from './well-known.ts';

export type JsonObject = Record<string, unknown>;

const EMPTY = new Uint8Array(0);
/** Far deeper than any Kubernetes type nests; a guard against runaway recursion only. */
const MAX_DEPTH = 64;

/** A decode failure with the JSON path where it happened. */
export class DecodeError extends Error {
  readonly path: string;
  readonly reason: string;
  constructor(path: string, reason: string) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'DecodeError';
    this.path = path;
    this.reason = reason;
  }
}

type Collected =
  | { kind: 'one'; value: unknown } // scalar value (already converted)
  | { kind: 'chunks'; chunks: Uint8Array[] } // message / well-known, merged on decode
  | { kind: 'list'; items: unknown[] } // converted scalars, or Uint8Array per message
  | { kind: 'map'; entries: Map<string, unknown> }; // value converted scalar or Uint8Array

const wireTypeFor = (t: ElementType): number => {
  if (t.kind !== 'scalar') return WireType.Bytes;
  switch (t.scalar) {
    case 's':
    case 'bytes':
      return WireType.Bytes;
    case 'f64':
      return WireType.Fixed64;
    default:
      return WireType.Varint;
  }
};

const isPackable = (t: ElementType): boolean => t.kind === 'scalar' && t.scalar !== 's' && t.scalar !== 'bytes';

const base64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

function readScalar(r: WireReader, scalar: ScalarType): unknown {
  switch (scalar) {
    case 's':
      return decodeUtf8(r.bytes());
    case 'bytes':
      // Kept as bytes until emission: an empty but present []byte differs from nil.
      return r.bytes().slice();
    case 'i32':
      return varintToInt32(r.varint());
    case 'i64':
      return varintToInt64(r.varint());
    case 'bool':
      return varintToBool(r.varint());
    case 'f64': {
      const v = r.fixed64().getFloat64(0, true);
      // encoding/json refuses NaN and ±Inf ("unsupported value").
      if (!Number.isFinite(v)) throw new WireError(`unsupported float value ${v}`);
      return v;
    }
  }
}

const scalarZero = (scalar: ScalarType): unknown => {
  switch (scalar) {
    case 's':
      return '';
    case 'bytes':
      return undefined; // nil []byte
    case 'bool':
      return false;
    default:
      return 0;
  }
};

const scalarIsZero = (scalar: ScalarType, v: unknown): boolean =>
  scalar === 'bytes' ? v === undefined || (v as Uint8Array).length === 0 : v === scalarZero(scalar);

const scalarToJson = (scalar: ScalarType, v: unknown): unknown => (scalar === 'bytes' ? (v === undefined ? null : base64(v as Uint8Array)) : v);

const concat = (chunks: readonly Uint8Array[]): Uint8Array => {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};

export class MessageDecoder {
  readonly #schemas: SchemaRegistry;

  constructor(schemas: SchemaRegistry) {
    this.#schemas = schemas;
  }

  /** Decodes `bytes` as message `name`; throws DecodeError naming the JSON path on bad input. */
  decode(name: string, bytes: Uint8Array, path = ''): JsonObject {
    return this.#message(this.#schemas.get(name), bytes, path, 0);
  }

  #message(def: MessageDef, bytes: Uint8Array, path: string, depth: number): JsonObject {
    if (depth > MAX_DEPTH) throw new DecodeError(path, 'message nested too deeply');
    const collected = this.#collect(def, bytes, path);
    const out: JsonObject = {};
    for (const f of def.fields) this.#emit(f, collected.get(f.no), out, path, depth);
    return out;
  }

  #collect(def: MessageDef, bytes: Uint8Array, path: string): Map<number, Collected> {
    const r = new WireReader(bytes);
    const got = new Map<number, Collected>();
    let field: FieldDef | undefined;
    try {
      while (!r.done) {
        field = undefined;
        const { fieldNo, wireType } = r.tag();
        field = def.byNumber.get(fieldNo);
        if (!field) {
          r.skip(wireType);
          continue;
        }
        this.#readField(r, field, wireType, got);
      }
    } catch (e) {
      if (e instanceof WireError) {
        const where = field ? joinPath(path, field) : path || shortName(def.name);
        throw new DecodeError(where, e.message);
      }
      throw e;
    }
    return got;
  }

  #readField(r: WireReader, f: FieldDef, wireType: number, got: Map<number, Collected>): void {
    const want = f.card === 'map' ? WireType.Bytes : wireTypeFor(f.type);
    switch (f.card) {
      case 'value':
      case 'pointer':
      case 'inline': {
        if (wireType !== want) throw wrongWireType(wireType, want);
        if (f.type.kind === 'scalar') got.set(f.no, { kind: 'one', value: readScalar(r, f.type.scalar) });
        else {
          const prev = got.get(f.no);
          const chunk = r.bytes();
          if (prev?.kind === 'chunks') prev.chunks.push(chunk);
          else got.set(f.no, { kind: 'chunks', chunks: [chunk] });
        }
        return;
      }
      case 'list': {
        let prev = got.get(f.no);
        if (prev?.kind !== 'list') {
          prev = { kind: 'list', items: [] };
          got.set(f.no, prev);
        }
        const items = prev.items;
        if (f.type.kind === 'scalar' && wireType === WireType.Bytes && isPackable(f.type)) {
          // Packed repeated scalars: gogo accepts both packed and unpacked encodings.
          const scalar = f.type.scalar;
          const inner = new WireReader(r.bytes());
          while (!inner.done) items.push(readScalar(inner, scalar));
          return;
        }
        if (wireType !== want) throw wrongWireType(wireType, want);
        items.push(f.type.kind === 'scalar' ? readScalar(r, f.type.scalar) : r.bytes());
        return;
      }
      case 'map': {
        if (wireType !== want) throw wrongWireType(wireType, want);
        let prev = got.get(f.no);
        if (prev?.kind !== 'map') {
          prev = { kind: 'map', entries: new Map() };
          got.set(f.no, prev);
        }
        const [key, value] = readMapEntry(r.bytes(), f.type);
        prev.entries.set(key, value);
        return;
      }
    }
  }

  #emit(f: FieldDef, c: Collected | undefined, out: JsonObject, path: string, depth: number): void {
    const here = joinPath(path, f);
    switch (f.card) {
      case 'value': {
        if (f.type.kind === 'scalar') {
          const v = c?.kind === 'one' ? c.value : scalarZero(f.type.scalar);
          if (f.omitempty && scalarIsZero(f.type.scalar, v)) return;
          out[f.json] = scalarToJson(f.type.scalar, v);
        } else {
          // A struct value is always written, decoded from zero bytes when absent.
          out[f.json] = this.#element(f.type, c?.kind === 'chunks' ? concat(c.chunks) : EMPTY, here, depth);
        }
        return;
      }
      case 'pointer': {
        if (c === undefined) {
          if (!f.omitempty) out[f.json] = null;
          return;
        }
        if (f.type.kind === 'scalar') out[f.json] = scalarToJson(f.type.scalar, c.kind === 'one' ? c.value : undefined);
        else out[f.json] = this.#element(f.type, c.kind === 'chunks' ? concat(c.chunks) : EMPTY, here, depth);
        return;
      }
      case 'inline': {
        const obj = this.#element(f.type, c?.kind === 'chunks' ? concat(c.chunks) : EMPTY, path, depth) as JsonObject;
        Object.assign(out, obj);
        return;
      }
      case 'list': {
        const items = c?.kind === 'list' ? c.items : [];
        if (items.length === 0) {
          if (!f.omitempty) out[f.json] = null;
          return;
        }
        out[f.json] = items.map((item, i) =>
          f.type.kind === 'scalar' ? scalarToJson(f.type.scalar, item) : this.#element(f.type, item as Uint8Array, `${here}[${i}]`, depth),
        );
        return;
      }
      case 'map': {
        const entries = c?.kind === 'map' ? c.entries : undefined;
        if (!entries || entries.size === 0) {
          if (!f.omitempty) out[f.json] = null;
          return;
        }
        const obj: JsonObject = {};
        for (const key of [...entries.keys()].sort(goStringCompare)) {
          const v = entries.get(key);
          obj[key] =
            f.type.kind === 'scalar'
              ? f.type.scalar === 'bytes'
                ? base64((v as Uint8Array | undefined) ?? EMPTY) // a map value is never nil once set
                : v
              : this.#element(f.type, (v as Uint8Array | undefined) ?? EMPTY, `${here}[${JSON.stringify(key)}]`, depth);
        }
        out[f.json] = obj;
        return;
      }
    }
  }

  #element(t: ElementType, bytes: Uint8Array, path: string, depth: number): unknown {
    if (t.kind === 'message') return this.#message(this.#schemas.get(t.name), bytes, path, depth + 1);
    if (t.kind === 'wellKnown') {
      try {
        return wellKnownToJson(t.name, bytes);
      } catch (e) {
        if (e instanceof WireError) throw new DecodeError(path, e.message);
        throw e;
      }
    }
    throw new DecodeError(path, 'internal: scalar passed as element');
  }
}

/**
 * A map entry {1 key string, 2 value}. The value of a scalar map is converted here; a message
 * value is kept as bytes. Missing key or value take their zero value, as in gogo.
 */
function readMapEntry(bytes: Uint8Array, valueType: ElementType): [string, unknown] {
  const r = new WireReader(bytes);
  let key = '';
  let value: unknown = valueType.kind === 'scalar' ? (valueType.scalar === 'bytes' ? EMPTY : scalarZero(valueType.scalar)) : EMPTY;
  while (!r.done) {
    const { fieldNo, wireType } = r.tag();
    if (fieldNo === 1) {
      if (wireType !== WireType.Bytes) throw wrongWireType(wireType, WireType.Bytes, 'map key');
      key = decodeUtf8(r.bytes());
    } else if (fieldNo === 2) {
      const want = wireTypeFor(valueType);
      if (wireType !== want) throw wrongWireType(wireType, want, 'map value');
      value = valueType.kind === 'scalar' ? readScalar(r, valueType.scalar) : r.bytes();
    } else r.skip(wireType);
  }
  return [key, value];
}

const wrongWireType = (got: number, want: number, what = 'field'): WireError =>
  new WireError(`wrong wireType = ${got} (${wireTypeName(got)}) for ${what}, expected ${wireTypeName(want)}`);

const joinPath = (path: string, f: FieldDef): string => (f.card === 'inline' ? path : path ? `${path}.${f.json}` : f.json);

const shortName = (q: string): string => q.slice(q.indexOf('.') + 1);

/** Go sorts map keys by byte order of their UTF-8; for JS strings compare code points. */
const goStringCompare = (a: string, b: string): number => {
  const ea = Buffer.from(a, 'utf8');
  const eb = Buffer.from(b, 'utf8');
  return Buffer.compare(ea, eb);
};
