// Properties: an empty patch is the identity for all three patch types, and a merge patch
// computed as the difference a → b turns a into b.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, isJsonObject, patchMetaFromOpenAPI, type JsonObject, type JsonValue, type OpenAPISchema } from './index.ts';

const schemas = (JSON.parse(readFileSync(new URL('./testdata/schemas.json', import.meta.url), 'utf8')) as { components: { schemas: Record<string, OpenAPISchema> } })
  .components.schemas;
const deploymentMeta = patchMetaFromOpenAPI(schemas, 'io.k8s.api.apps.v1.Deployment');

// JSON documents without nulls (a stored object never holds null members).
const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 5 }), fc.boolean());
const { value } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'name'), tie('value'), { maxKeys: 3, noNullPrototype: true })),
}));
const object = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'spec', 'metadata'), value, { maxKeys: 4, noNullPrototype: true });

// fast-check builds null-prototype records by default; API objects are plain.
const rec = <T>(shape: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(shape, { noNullPrototype: true });

// A Deployment-shaped object, so the strategic path walks real merge keys.
const container = rec({ name: fc.constantFrom('a', 'b', 'c'), image: fc.string({ maxLength: 3 }) });
const deployment = rec({
  metadata: rec({ name: fc.constant('web'), labels: fc.dictionary(fc.constantFrom('x', 'y'), fc.string({ maxLength: 2 }), { noNullPrototype: true }) }),
  spec: rec({ replicas: fc.nat(5), template: rec({ spec: rec({ containers: fc.uniqueArray(container, { selector: (c) => c.name, maxLength: 3 }) }) }) }),
});

/** The RFC 7386 patch that turns `a` into `b` (objects diffed, everything else replaced). */
function diff(a: JsonObject, b: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const k of Object.keys(a)) if (!Object.hasOwn(b, k)) patch[k] = null;
  for (const [k, v] of Object.entries(b)) {
    const old = a[k];
    if (isJsonObject(old) && isJsonObject(v)) {
      const sub = diff(old, v);
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (JSON.stringify(old) !== JSON.stringify(v)) {
      patch[k] = v;
    }
  }
  return patch;
}

// Merge patch cannot express null members inside replaced values, nor empty objects that only
// differ by a removed key inside a replaced value; generated documents hold no nulls.
describe('patch properties', () => {
  it('{} is the identity for merge, strategic and (as []) JSON patch', () => {
    fc.assert(
      fc.property(object, (doc) => {
        assert.deepEqual(applyMergePatch(doc, {}), doc);
        assert.deepEqual(applyStrategicMergePatch(doc, {}, deploymentMeta), doc);
        assert.deepEqual(applyJsonPatch(doc, []), doc);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(deployment, (doc) => {
        assert.deepEqual(applyStrategicMergePatch(doc, {}, deploymentMeta), doc);
      }),
      { numRuns: 300 },
    );
  });

  it('merge patch of diff(a, b) turns a into b', () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        assert.deepEqual(applyMergePatch(a, diff(a, b)), b);
      }),
      { numRuns: 1000 },
    );
  });

  it('strategic merge of a diff without lists agrees with merge patch', () => {
    fc.assert(
      fc.property(deployment, deployment, (a, b) => {
        // Same containers on both sides: the diff then touches only maps and scalars.
        const b2 = { ...b, spec: { ...b.spec, template: a.spec.template } };
        const p = diff(a as unknown as JsonObject, b2 as unknown as JsonObject);
        assert.deepEqual(applyStrategicMergePatch(a, p, deploymentMeta), b2);
        assert.deepEqual(applyMergePatch(a, p), b2);
      }),
      { numRuns: 300 },
    );
  });
});
