// Strict field validation (`fieldValidation=Strict|Warn`): which fields of a decoded object
// the kind's schema does not know, worded like upstream's strict decoder
// (sigs.k8s.io/json): `unknown field "spec.ports[0].bogus"`.
import { componentSchemas, resolveSchema, schemaNameFor, type Schema } from './schemas.ts';

export function findUnknownFields(group: string, version: string, kind: string, obj: unknown): string[] {
  const name = schemaNameFor(group, version, kind);
  const schema = name ? componentSchemas()[name] : undefined;
  if (!schema) return []; // a kind without a schema is not validated, as upstream does for unstructured
  const out: string[] = [];
  walk(schema, obj, '', out);
  return out;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function walk(raw: Schema, value: unknown, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object') return; // scalars (incl. IntOrString, Quantity) have no fields
  const s = resolveSchema(raw);
  if (s['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walk(s.items!, v, `${path}[${i}]`, out));
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (s.properties) {
    for (const [k, v] of entries) {
      const p = Object.hasOwn(s.properties, k) ? s.properties[k] : undefined;
      if (p) walk(p, v, join(path, k), out);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, v, join(path, k), out);
      else if (s.additionalProperties !== true) out.push(`unknown field "${join(path, k)}"`);
    }
  } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const [k, v] of entries) walk(s.additionalProperties, v, join(path, k), out);
  }
  // An object schema with neither (FieldsV1, RawExtension) is free-form JSON upstream too.
}
