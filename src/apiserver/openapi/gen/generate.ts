// Builds the component schemas under ../schemas/ from the `kubernetes-types` declarations
// plus the hand-kept overlay, for every kind in the resource catalog and everything those
// kinds reference. Run `node src/apiserver/openapi/gen/generate.ts` after adding a resource
// or editing overlay.ts; a test fails while the committed JSON is out of date.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { resources } from '../../../api/resources.ts';
import { parseDts, type DtsModule } from './dts.ts';
import { META, newSchemas, overlays, type Frag } from './overlay.ts';

type Schema = Record<string, unknown>;

/** kubernetes-types module path -> upstream schema-name prefix and output file. */
const packages: Record<string, { prefix: string; file: string }> = {
  'core/v1': { prefix: 'io.k8s.api.core.v1', file: 'core.v1.json' },
  'apps/v1': { prefix: 'io.k8s.api.apps.v1', file: 'apps.v1.json' },
  'discovery/v1': { prefix: 'io.k8s.api.discovery.v1', file: 'discovery.k8s.io.v1.json' },
  'coordination/v1': { prefix: 'io.k8s.api.coordination.v1', file: 'coordination.k8s.io.v1.json' },
  'events/v1': { prefix: 'io.k8s.api.events.v1', file: 'events.k8s.io.v1.json' },
  'autoscaling/v1': { prefix: 'io.k8s.api.autoscaling.v1', file: 'autoscaling.v1.json' },
  'policy/v1': { prefix: 'io.k8s.api.policy.v1', file: 'policy.v1.json' },
  'meta/v1': { prefix: META.slice(0, -1), file: 'apimachinery.json' },
  'api/resource': { prefix: 'io.k8s.apimachinery.pkg.api.resource', file: 'apimachinery.json' },
  runtime: { prefix: 'io.k8s.apimachinery.pkg.runtime', file: 'apimachinery.json' },
};

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const intOrString: Schema = {
  description:
    'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
};

/** The package directory kubernetes-types uses for an API group. */
export function packageOfGroup(group: string, version: string): string {
  return `${group === '' ? 'core' : group.split('.')[0]}/${version}`;
}

export function schemaNameOf(group: string, version: string, kind: string): string | undefined {
  const p = packages[packageOfGroup(group, version)];
  return p && `${p.prefix}.${kind}`;
}

const ref = (name: string): string => `#/components/schemas/${name}`;

export function generateSchemas(): Record<string, Record<string, Schema>> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('kubernetes-types/package.json'));
  const modules = new Map<string, DtsModule>();
  const mod = (path: string): DtsModule => {
    let m = modules.get(path);
    if (!m) modules.set(path, (m = parseDts(join(root, `${path}.d.ts`), path)));
    return m;
  };
  const byName = new Map<string, { path: string; decl: string }>();
  for (const [path, p] of Object.entries(packages)) {
    for (const name of mod(path).decls.keys()) byName.set(`${p.prefix}.${name}`, { path, decl: name });
  }

  const out = new Map<string, Schema>();
  const queue: string[] = [];
  const want = (name: string) => {
    if (!out.has(name) && !queue.includes(name)) queue.push(name);
  };

  // Resolves a type name used inside module `path` to its upstream schema name.
  const resolve = (path: string, name: string): string => {
    const m = mod(path);
    const target = m.decls.has(name) ? path : m.imports.get(name);
    const p = target && packages[target];
    if (!p) throw new Error(`cannot resolve type ${name} in ${path}`);
    return `${p.prefix}.${name}`;
  };

  // `item` marks array elements and map values, which upstream gives a zero-value default.
  const typeSchema = (path: string, t: string, item: boolean): Schema => {
    t = t.trim();
    if (t === 'string' || /^"[^"]*"$/.test(t)) return item ? { default: '', type: 'string' } : { type: 'string' };
    if (t === 'number') return item ? { default: 0, format: 'int32', type: 'integer' } : { format: 'int32', type: 'integer' };
    if (t === 'boolean') return item ? { default: false, type: 'boolean' } : { type: 'boolean' };
    if (t === 'number | string') return { $ref: ref(INT_OR_STRING) };
    const arr = /^Array<(.*)>$/.exec(t);
    if (arr) return { items: typeSchema(path, arr[1]!, true), type: 'array' };
    const map = /^\{\[name: string\]: (.*)\}$/.exec(t);
    if (map) return { additionalProperties: typeSchema(path, map[1]!, true), type: 'object' };
    if (!/^\w+$/.test(t)) throw new Error(`unsupported type ${t} in ${path}`);
    const name = resolve(path, t);
    want(name);
    const scalarAlias = byName.get(name) && mod(byName.get(name)!.path).decls.get(t)?.alias;
    return item && !scalarAlias ? { $ref: ref(name), default: {} } : { $ref: ref(name) };
  };

  const build = (name: string): Schema => {
    if (name === INT_OR_STRING) return intOrString;
    if (newSchemas[name]) return structuredClone(newSchemas[name]) as Schema;
    const loc = byName.get(name);
    if (!loc) throw new Error(`no declaration for ${name}`);
    const d = mod(loc.path).decls.get(loc.decl)!;
    const s: Schema = {};
    if (d.doc) s.description = d.doc;
    if (d.alias) {
      if (loc.decl === 'Quantity') return { ...s, oneOf: [{ type: 'string' }, { type: 'number' }] };
      if (loc.decl === 'Time' || loc.decl === 'MicroTime') return { ...s, format: 'date-time', type: 'string' };
      throw new Error(`unexpected alias ${name}`);
    }
    const props: Schema = {};
    const required: string[] = [];
    for (const f of d.fields!) {
      const p = typeSchema(loc.path, f.type, false);
      props[f.name] = f.doc ? { ...p, description: f.doc } : p;
      if (!f.optional) required.push(f.name);
    }
    if (d.fields!.length) s.properties = props;
    if (required.length) s.required = required;
    s.type = 'object';
    return s;
  };

  for (const r of resources) {
    for (const k of [r.kind, r.listKind]) want(schemaNameOf(r.group, r.version, k)!);
  }
  // Kinds the paths refer to besides the catalog's own: subresource bodies and common replies.
  for (const n of ['io.k8s.api.autoscaling.v1.Scale', 'io.k8s.api.core.v1.Binding', 'io.k8s.api.policy.v1.Eviction']) want(n);
  for (const n of ['Status', 'DeleteOptions', 'WatchEvent', 'Patch']) want(`${META}${n}`);

  while (queue.length) {
    const name = queue.shift()!;
    const s = build(name);
    applyOverlay(name, s);
    out.set(name, s);
    for (const r of refsIn(s)) want(r);
  }
  for (const name of Object.keys(overlays)) if (!out.has(name)) throw new Error(`overlay for unused schema ${name}`);

  addGroupVersionKinds(out);

  const files: Record<string, Record<string, Schema>> = {};
  for (const name of [...out.keys()].sort()) {
    const p = Object.values(packages).find((x) => name.startsWith(`${x.prefix}.`) && !name.slice(x.prefix.length + 1).includes('.'));
    const file = p?.file ?? 'apimachinery.json';
    (files[file] ??= {})[name] = sortKeys(out.get(name)) as Schema;
  }
  return files;
}

function applyOverlay(name: string, s: Schema): void {
  const o = overlays[name];
  if (!o) return;
  Object.assign(s, o.schema);
  const props = (s.properties ??= {}) as Record<string, Schema>;
  for (const f of o.remove ?? []) {
    if (!props[f]) throw new Error(`overlay removes missing ${name}.${f}`);
    delete props[f];
    if (Array.isArray(s.required)) s.required = s.required.filter((x) => x !== f);
  }
  for (const [f, frag] of Object.entries(o.fields ?? {})) {
    if (!props[f]) throw new Error(`overlay names missing field ${name}.${f}`);
    deepMerge(props[f], frag);
  }
  for (const [f, frag] of Object.entries(o.add ?? {})) {
    if (props[f]) throw new Error(`overlay adds existing field ${name}.${f}; move it to fields`);
    props[f] = structuredClone(frag);
  }
}

function deepMerge(target: Schema, frag: Frag): void {
  for (const [k, v] of Object.entries(frag)) {
    const cur = target[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)) deepMerge(cur as Schema, v as Frag);
    else target[k] = structuredClone(v);
  }
}

function refsIn(v: unknown, acc: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refsIn(x, acc);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') acc.push(x.replace('#/components/schemas/', ''));
      else refsIn(x, acc);
    }
  }
  return acc;
}

function addGroupVersionKinds(out: Map<string, Schema>): void {
  const add = (name: string, group: string, version: string, kind: string) => {
    const s = out.get(name);
    if (!s) return;
    const list = ((s['x-kubernetes-group-version-kind'] as unknown[]) ??= []);
    list.push({ group, kind, version });
  };
  for (const r of resources) {
    add(schemaNameOf(r.group, r.version, r.kind)!, r.group, r.version, r.kind);
    add(schemaNameOf(r.group, r.version, r.listKind)!, r.group, r.version, r.listKind);
  }
  add('io.k8s.api.autoscaling.v1.Scale', 'autoscaling', 'v1', 'Scale');
  add('io.k8s.api.core.v1.Binding', '', 'v1', 'Binding');
  add('io.k8s.api.policy.v1.Eviction', 'policy', 'v1', 'Eviction');
  add(`${META}Status`, '', 'v1', 'Status');
  // Options and watch events carry one GVK per served group-version, as upstream lists them.
  const gvs = [...new Set(['/v1', ...resources.map((r) => `${r.group}/${r.version}`), 'autoscaling/v1', 'policy/v1'])];
  for (const gv of gvs) {
    const [group, version] = gv.split('/') as [string, string];
    add(`${META}DeleteOptions`, group, version, 'DeleteOptions');
    add(`${META}WatchEvent`, group, version, 'WatchEvent');
  }
}

/** Upstream's documents list object keys alphabetically; so do ours (stable hashes too). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

export const schemasDir = join(import.meta.dirname, '..', 'schemas');

if (import.meta.main) {
  for (const [file, schemas] of Object.entries(generateSchemas())) {
    writeFileSync(join(schemasDir, file), `${JSON.stringify(schemas, null, 1)}\n`);
    console.log(`${file}: ${Object.keys(schemas).length} schemas`);
  }
}
