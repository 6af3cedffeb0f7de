/**
 * @module Strategic-merge-patch metadata: which lists merge, by which key, and which objects
 * are replaced or have their keys retained. This is what upstream reads from Go struct tags
 * (`patchStrategy`, `patchMergeKey`) or from the OpenAPI extensions generated from them
 * (`x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`).
 *
 * `x-kubernetes-list-type` / `x-kubernetes-list-map-keys` describe lists for server-side
 * apply; strategic merge patch ignores them (strategicpatch/types.go reads only the two patch
 * extensions), so a list with `listType: map` but no patch strategy is still replaced.
 */

/** What the schema says about one field of an object. */
export interface PatchFieldMeta {
  /**
   * The schema node below the field: for an object or map field the field's own node, for a
   * list field the node of its items.
   */
  readonly meta: PatchMeta;
  /** The raw strategy: 'merge', 'replace', 'retainKeys', 'merge,retainKeys'; absent = replace lists, merge maps. */
  readonly patchStrategy?: string;
  /** For lists of objects merged by key: the key (`name`, `port`, `containerPort`, ...). */
  readonly patchMergeKey?: string;
}

/** A node of the schema: an object type, a map, or unknown. */
export interface PatchMeta {
  /**
   * Metadata for a field of this object, or for any key when the node is a map. `undefined`
   * means the schema does not know the field: its subtree is then patched with no strategies
   * (maps merge, lists replace), as upstream does for types it has no metadata for.
   */
  lookup(field: string): PatchFieldMeta | undefined;
}

/** The node for anything the schema does not describe. */
export const unknownPatchMeta: PatchMeta = { lookup: () => undefined };

/** The parts of an OpenAPI v3 schema object this module reads. */
export interface OpenAPISchema {
  $ref?: string;
  allOf?: OpenAPISchema[];
  type?: string;
  properties?: Record<string, OpenAPISchema>;
  additionalProperties?: OpenAPISchema | boolean;
  items?: OpenAPISchema;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  [extension: string]: unknown;
}

const refPrefixes = ['#/components/schemas/', '#/definitions/'];

/**
 * Builds PatchMeta from OpenAPI component schemas as Kubernetes publishes them
 * (`components.schemas`, v3; `definitions` refs from v2 also resolve). References are
 * followed lazily, so recursive schemas (JSONSchemaProps) are fine. An unknown root gives
 * unknownPatchMeta.
 */
export function patchMetaFromOpenAPI(schemas: Readonly<Record<string, OpenAPISchema>>, rootSchemaName: string): PatchMeta {
  const nodes = new Map<OpenAPISchema, PatchMeta>();

  function resolve(schema: OpenAPISchema | undefined, seen = new Set<OpenAPISchema>()): OpenAPISchema | undefined {
    if (!schema || seen.has(schema)) return schema;
    seen.add(schema);
    if (typeof schema.$ref === 'string') {
      const prefix = refPrefixes.find((p) => schema.$ref!.startsWith(p));
      const target = prefix ? schemas[schema.$ref.slice(prefix.length)] : undefined;
      return resolve(target, seen);
    }
    // Kubernetes' v3 documents wrap a property's $ref as allOf: [{$ref}] so that description,
    // default and the patch extensions can sit beside it.
    if (!schema.properties && !schema.additionalProperties && !schema.items && schema.allOf?.length === 1) {
      return resolve(schema.allOf[0], seen);
    }
    return schema;
  }

  function nodeFor(schema: OpenAPISchema | undefined): PatchMeta {
    const resolved = resolve(schema);
    if (!resolved) return unknownPatchMeta;
    let node = nodes.get(resolved);
    if (!node) {
      node = new OpenAPIPatchMeta(resolved, fieldMeta);
      nodes.set(resolved, node);
    }
    return node;
  }

  function fieldMeta(property: OpenAPISchema): PatchFieldMeta {
    const resolved = resolve(property);
    const child = resolved?.type === 'array' || resolved?.items ? nodeFor(resolved.items) : nodeFor(property);
    const strategy = property['x-kubernetes-patch-strategy'];
    const mergeKey = property['x-kubernetes-patch-merge-key'];
    return {
      meta: child,
      ...(typeof strategy === 'string' ? { patchStrategy: strategy } : {}),
      ...(typeof mergeKey === 'string' ? { patchMergeKey: mergeKey } : {}),
    };
  }

  const root = schemas[rootSchemaName];
  return root ? nodeFor(root) : unknownPatchMeta;
}

class OpenAPIPatchMeta implements PatchMeta {
  readonly #schema: OpenAPISchema;
  readonly #fieldMeta: (property: OpenAPISchema) => PatchFieldMeta;
  readonly #cache = new Map<string, PatchFieldMeta | undefined>();

  constructor(schema: OpenAPISchema, fieldMeta: (property: OpenAPISchema) => PatchFieldMeta) {
    this.#schema = schema;
    this.#fieldMeta = fieldMeta;
  }

  lookup(field: string): PatchFieldMeta | undefined {
    if (this.#cache.has(field)) return this.#cache.get(field);
    let meta: PatchFieldMeta | undefined;
    const { properties, additionalProperties } = this.#schema;
    if (properties && Object.hasOwn(properties, field)) meta = this.#fieldMeta(properties[field]!);
    else if (additionalProperties && typeof additionalProperties === 'object') meta = this.#fieldMeta(additionalProperties);
    this.#cache.set(field, meta);
    return meta;
  }
}

/** A PatchMeta written by hand, for tests and for kinds without published schemas. */
export interface PatchMetaTable {
  [field: string]: { patchStrategy?: string; patchMergeKey?: string; fields?: PatchMetaTable };
}

export function patchMetaFromTable(table: PatchMetaTable): PatchMeta {
  return {
    lookup(field) {
      if (!Object.hasOwn(table, field)) return undefined;
      const f = table[field]!;
      return {
        meta: f.fields ? patchMetaFromTable(f.fields) : unknownPatchMeta,
        ...(f.patchStrategy !== undefined ? { patchStrategy: f.patchStrategy } : {}),
        ...(f.patchMergeKey !== undefined ? { patchMergeKey: f.patchMergeKey } : {}),
      };
    },
  };
}
