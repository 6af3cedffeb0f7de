// The component schemas (generated into ./schemas/*.json by gen/generate.ts), loaded once.
// Shared by the OpenAPI documents, strict field validation and anyone else who needs the
// upstream type facts, e.g. strategic merge patch's merge keys.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Schema = Record<string, unknown> & {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
};

let schemas: Record<string, Schema> | undefined;
let byGVK: Map<string, string> | undefined;

/** All component schemas by upstream name (`io.k8s.api.core.v1.Service`). Treat as read-only. */
export function componentSchemas(): Record<string, Schema> {
  if (!schemas) {
    const dir = join(import.meta.dirname, 'schemas');
    schemas = {};
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      Object.assign(schemas, JSON.parse(readFileSync(join(dir, f), 'utf8')));
    }
    deepFreeze(schemas);
  }
  return schemas;
}

/** The schema name whose `x-kubernetes-group-version-kind` lists this GVK, as kubectl looks it up. */
export function schemaNameFor(group: string, version: string, kind: string): string | undefined {
  if (!byGVK) {
    byGVK = new Map();
    for (const [name, s] of Object.entries(componentSchemas())) {
      for (const g of s['x-kubernetes-group-version-kind'] ?? []) {
        const key = `${g.group}/${g.version}/${g.kind}`;
        if (!byGVK.has(key)) byGVK.set(key, name);
      }
    }
  }
  return byGVK.get(`${group}/${version}/${kind}`);
}

/** Resolves `$ref` (with upstream's sibling keys) and `allOf`, returning one flat schema. */
export function resolveSchema(s: Schema): Schema {
  let out: Schema = s;
  if (s.$ref) {
    const target = componentSchemas()[s.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`dangling $ref ${s.$ref}`);
    const { $ref: _, ...rest } = s;
    out = { ...resolveSchema(target), ...rest };
  }
  if (out.allOf) {
    const { allOf, ...rest } = out;
    out = Object.assign({}, ...allOf.map(resolveSchema), rest) as Schema;
  }
  return out;
}

function deepFreeze(v: unknown): void {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
}
