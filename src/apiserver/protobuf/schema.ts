// The schema language of the decoder: one table per API package, one line per Go struct
// field, transcribed from upstream types.go (the json and protobuf struct tags), e.g.
//
//   ServicePort: ['name 1 s', 'protocol 2 s', 'appProtocol 6 *s', 'port 3 i32!', 'targetPort 4 IntOrString', 'nodePort 5 i32']
//
// A line is `<jsonName> <fieldNumber> <type>`; fields are listed in Go declaration order,
// which is the order Go's encoding/json writes them in. The type says what Go does with it:
//
//   T        a value field. Scalars with `json:",omitempty"` are left out when zero, which is
//            why kubectl's explicit "" and 0 on the wire read as unset. Struct values (messages,
//            Time, IntOrString, Quantity, Duration) are ALWAYS written: encoding/json ignores
//            omitempty on structs, hence `"creationTimestamp":null`, `"status":{}`,
//            `"resources":{}`, `"strategy":{}`.
//   *T       a pointer field (`replicas *int32`, `allocateLoadBalancerNodePorts *bool`):
//            written whenever it is on the wire, so an explicit 0 / "" / false survives.
//   []T      a slice, left out when empty.
//   map[s]T  a map with string keys (wire: repeated {1 key, 2 value} entries), left out when
//            empty; Go writes map keys sorted.
//   ~T       an embedded struct with `json:",inline"` that still has its own protobuf field
//            (Volume.VolumeSource, Probe.ProbeHandler): its JSON fields merge into the parent.
//   a trailing `!` marks a field WITHOUT omitempty (`json:"port"`): a zero scalar is written
//            as 0 / "" / false, and an absent pointer, slice or map is written as null.
//
// Scalars: s (string), i32, i64, bool, f64, bytes ([]byte, base64 in JSON).
// Well-known messages with their own JSON form: Time, MicroTime, Duration, IntOrString,
// Quantity, RawExtension, FieldsV1. Anything else names a message, first in the same package,
// then in `meta`; `core.ObjectReference` names one in another package.

export const SCALARS = ['s', 'i32', 'i64', 'bool', 'f64', 'bytes'] as const;
export type ScalarType = (typeof SCALARS)[number];

export const WELL_KNOWN = ['Time', 'MicroTime', 'Duration', 'IntOrString', 'Quantity', 'RawExtension', 'FieldsV1'] as const;
export type WellKnownType = (typeof WELL_KNOWN)[number];

export type ElementType =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'wellKnown'; name: WellKnownType }
  | { kind: 'message'; name: string };

export type Cardinality = 'value' | 'pointer' | 'list' | 'map' | 'inline';

export interface FieldDef {
  json: string;
  no: number;
  card: Cardinality;
  type: ElementType;
  /** false when the json tag has no omitempty (written with `!`). */
  omitempty: boolean;
}

export interface MessageDef {
  /** Qualified name, e.g. `core.ServicePort`. */
  name: string;
  fields: readonly FieldDef[];
  byNumber: ReadonlyMap<number, FieldDef>;
}

/** One package's table as written in the schema-*.ts files. */
export interface PackageTable {
  pkg: string;
  messages: Readonly<Record<string, readonly string[]>>;
}

const isScalar = (t: string): t is ScalarType => (SCALARS as readonly string[]).includes(t);
const isWellKnown = (t: string): t is WellKnownType => (WELL_KNOWN as readonly string[]).includes(t);

export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

/** Parses every table and resolves every message reference; throws SchemaError on a typo. */
export class SchemaRegistry {
  readonly #messages = new Map<string, MessageDef>();

  constructor(tables: readonly PackageTable[]) {
    const pending: { pkg: string; name: string; lines: readonly string[] }[] = [];
    const known = new Set<string>();
    for (const t of tables) {
      for (const [name, lines] of Object.entries(t.messages)) {
        const q = `${t.pkg}.${name}`;
        if (known.has(q)) throw new SchemaError(`message ${q} defined twice`);
        known.add(q);
        pending.push({ pkg: t.pkg, name, lines });
      }
    }
    const resolve = (pkg: string, ref: string, where: string): string => {
      const candidates = ref.includes('.') ? [ref] : [`${pkg}.${ref}`, `meta.${ref}`];
      const hit = candidates.find((c) => known.has(c));
      if (!hit) throw new SchemaError(`${where}: unknown message type ${ref}`);
      return hit;
    };
    for (const { pkg, name, lines } of pending) {
      const q = `${pkg}.${name}`;
      const fields = lines.map((line) => parseField(line, (ref) => resolve(pkg, ref, `${q} "${line}"`), q));
      const byNumber = new Map<number, FieldDef>();
      const jsonNames = new Set<string>();
      for (const f of fields) {
        if (byNumber.has(f.no)) throw new SchemaError(`${q}: field number ${f.no} used twice`);
        byNumber.set(f.no, f);
        if (f.card !== 'inline') {
          if (jsonNames.has(f.json)) throw new SchemaError(`${q}: json name ${f.json} used twice`);
          jsonNames.add(f.json);
        }
      }
      this.#messages.set(q, { name: q, fields, byNumber });
    }
  }

  get(name: string): MessageDef {
    const m = this.#messages.get(name);
    if (!m) throw new SchemaError(`unknown message ${name}`);
    return m;
  }

  has(name: string): boolean {
    return this.#messages.has(name);
  }

  names(): string[] {
    return [...this.#messages.keys()];
  }
}

function parseField(line: string, resolve: (ref: string) => string, where: string): FieldDef {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 3) throw new SchemaError(`${where}: field line "${line}" must be "<json> <number> <type>"`);
  const [json, noText, typeTextRaw] = parts as [string, string, string];
  const no = Number(noText);
  if (!Number.isInteger(no) || no < 1 || no > 536870911) throw new SchemaError(`${where}: bad field number in "${line}"`);
  let typeText = typeTextRaw;
  let omitempty = true;
  if (typeText.endsWith('!')) {
    omitempty = false;
    typeText = typeText.slice(0, -1);
  }
  let card: Cardinality = 'value';
  if (typeText.startsWith('*')) {
    card = 'pointer';
    typeText = typeText.slice(1);
  } else if (typeText.startsWith('[]')) {
    card = 'list';
    typeText = typeText.slice(2);
  } else if (typeText.startsWith('map[s]')) {
    card = 'map';
    typeText = typeText.slice(6);
  } else if (typeText.startsWith('~')) {
    card = 'inline';
    typeText = typeText.slice(1);
  }
  const type: ElementType = isScalar(typeText)
    ? { kind: 'scalar', scalar: typeText }
    : isWellKnown(typeText)
      ? { kind: 'wellKnown', name: typeText }
      : { kind: 'message', name: resolve(typeText) };
  if (card === 'inline' && type.kind !== 'message') throw new SchemaError(`${where}: only messages can be inlined ("${line}")`);
  return { json, no, card, type, omitempty };
}
