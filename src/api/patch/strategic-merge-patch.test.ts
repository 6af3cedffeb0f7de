// Strategic merge patch, table cases modelled on apimachinery strategicpatch's testdata and on
// the bodies kubectl 1.32 sends (kubectl-wire.md §6), against the published OpenAPI schemas.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isApiError } from '../errors.ts';
import { applyStrategicMergePatch, patchMetaFromOpenAPI, patchMetaFromTable, unknownPatchMeta, type OpenAPISchema } from './index.ts';

const schemas = (JSON.parse(readFileSync(new URL('./testdata/schemas.json', import.meta.url), 'utf8')) as { components: { schemas: Record<string, OpenAPISchema> } })
  .components.schemas;
const serviceMeta = patchMetaFromOpenAPI(schemas, 'io.k8s.api.core.v1.Service');
const deploymentMeta = patchMetaFromOpenAPI(schemas, 'io.k8s.api.apps.v1.Deployment');
const podSpecMeta = patchMetaFromOpenAPI(schemas, 'io.k8s.api.core.v1.PodSpec');

function deployment(containers: unknown[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } }, ...extra },
  };
}

function rejects(fn: () => unknown, code: number, message?: string | RegExp) {
  try {
    fn();
  } catch (e) {
    assert.ok(isApiError(e), String(e));
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail('expected an error');
}

describe('kubectl bodies (kubectl-wire.md §6)', () => {
  it('a typical apply SMP moves a Service port from 80 to 81', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'old' }, resourceVersion: '7' },
      spec: { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'web' }, type: 'ClusterIP' },
    };
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new' } },
      spec: { '$setElementOrder/ports': [{ port: 81 }], ports: [{ name: 'http', port: 81, targetPort: 8080 }, { $patch: 'delete', port: 80 }] },
    };
    assert.deepEqual(applyStrategicMergePatch(live, patch, serviceMeta), {
      ...live,
      metadata: { ...live.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new' } },
      spec: { ...live.spec, ports: [{ name: 'http', port: 81, targetPort: 8080 }] },
    });
  });

  it('kubectl set image changes one container and keeps the others in place', () => {
    const live = deployment([
      { name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'sidecar', image: 'busybox' },
    ]);
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:1.27', name: 'web' }] } } } };
    const out = applyStrategicMergePatch(live, patch, deploymentMeta) as any;
    assert.deepEqual(out.spec.template.spec.containers, [
      { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'sidecar', image: 'busybox' },
    ]);
  });

  it('kubectl rollout restart adds the restartedAt annotation to the template', () => {
    const live = deployment([{ name: 'web', image: 'nginx' }]);
    const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } };
    const out = applyStrategicMergePatch(live, patch, deploymentMeta) as any;
    assert.deepEqual(out.spec.template.metadata, { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } });
    assert.deepEqual(out.spec.template.spec, live.spec.template.spec);
  });
});

describe('maps and nulls', () => {
  it('merges maps recursively and deletes keys set to null', () => {
    const out = applyStrategicMergePatch({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { b: null, c: '3' } } }, serviceMeta);
    assert.deepEqual(out, { metadata: { labels: { a: '1', c: '3' } } });
  });
  it('drops nulls inside values that are added whole', () => {
    assert.deepEqual(applyStrategicMergePatch({ metadata: {} }, { metadata: { labels: { a: '1', b: null } } }, serviceMeta), { metadata: { labels: { a: '1' } } });
  });
  it('$patch: replace replaces a map, $patch: delete empties it', () => {
    const live = { spec: { selector: { app: 'web', tier: 'fe' }, type: 'ClusterIP' } };
    assert.deepEqual(applyStrategicMergePatch(live, { spec: { selector: { $patch: 'replace', app: 'api' } } }, serviceMeta), { spec: { selector: { app: 'api' }, type: 'ClusterIP' } });
    assert.deepEqual(applyStrategicMergePatch(live, { spec: { selector: { $patch: 'delete' } } }, serviceMeta), { spec: { selector: {}, type: 'ClusterIP' } });
  });
  it('a scalar replaces a map and the other way round', () => {
    assert.deepEqual(applyStrategicMergePatch({ a: { b: 1 } }, { a: 'x' }, unknownPatchMeta), { a: 'x' });
    assert.deepEqual(applyStrategicMergePatch({ a: 'x' }, { a: { b: 1, c: null } }, unknownPatchMeta), { a: { b: 1 } });
  });
});

describe('lists merged by key', () => {
  const live = deployment([
    { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }], ports: [{ containerPort: 80 }, { containerPort: 443 }] },
    { name: 'b', image: 'b:1' },
  ]);
  const containers = (patch: unknown) => (applyStrategicMergePatch(live, { spec: { template: { spec: { containers: patch } } } }, deploymentMeta) as any).spec.template.spec.containers;

  // Upstream's ordering puts a patch item the live list lacks before the server-only items that
  // follow (mergeSortedSlice); kubectl always sends $setElementOrder to pin the order anyway.
  it('merges nested env and ports by their keys; new items go before server-only ones', () => {
    assert.deepEqual(
      containers([{ name: 'a', env: [{ name: 'Y', value: '3' }, { name: 'Z', value: '4' }], ports: [{ containerPort: 8080 }] }, { name: 'c', image: 'c:1' }]),
      [
        { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '3' }, { name: 'Z', value: '4' }], ports: [{ containerPort: 8080 }, { containerPort: 80 }, { containerPort: 443 }] },
        { name: 'c', image: 'c:1' },
        { name: 'b', image: 'b:1' },
      ],
    );
  });
  it('$patch: delete removes the item with that key', () => {
    assert.deepEqual(containers([{ name: 'a', $patch: 'delete' }]), [{ name: 'b', image: 'b:1' }]);
  });
  it('a {"$patch": "replace"} item replaces the whole list', () => {
    assert.deepEqual(containers([{ name: 'z', image: 'z' }, { $patch: 'replace' }]), [{ name: 'z', image: 'z' }]);
  });
  it('null inside an item deletes that field of the merged item', () => {
    assert.deepEqual(containers([{ name: 'a', env: null, ports: null }]), [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }]);
  });
  it('patch order wins over live order for items the patch names', () => {
    assert.deepEqual(containers([{ name: 'b', image: 'b:2' }, { name: 'a', image: 'a:2' }]).map((c: any) => c.name), ['b', 'a']);
  });
  it('rejects $patch: merge inside a list and unknown directives (500, as upstream)', () => {
    rejects(() => containers([{ name: 'a', $patch: 'merge' }]), 500, 'merging lists cannot yet be specified in the patch');
    rejects(() => containers([{ name: 'a', $patch: 'frobnicate' }]), 500, 'unknown patch type: frobnicate in map: map[$patch:frobnicate name:a]');
  });
  it('rejects items without the merge key', () => {
    const e = rejects(() => containers([{ image: 'nginx' }]), 500, 'map: map[image:nginx] does not contain declared merge key: name');
    assert.equal(e.reason, '');
  });
  it('ignores $patch: delete items when the list is new (no phantom item)', () => {
    const out = applyStrategicMergePatch({ spec: {} }, { spec: { '$setElementOrder/ports': [{ port: 81 }], ports: [{ port: 81 }, { $patch: 'delete', port: 80 }] } }, serviceMeta);
    assert.deepEqual(out, { spec: { ports: [{ port: 81 }] } });
  });
});

describe('$setElementOrder', () => {
  const live = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
  const names = (out: any) => out.spec.containers.map((c: any) => c.name);

  it('orders the merged list; server-only items keep their place before items they preceded', () => {
    const out = applyStrategicMergePatch(live, { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'd' }], containers: [{ name: 'd' }] } }, patchMetaFromTable({ spec: { fields: { containers: { patchStrategy: 'merge', patchMergeKey: 'name' } } } }));
    assert.deepEqual(names(out), ['b', 'c', 'a', 'd']);
  });
  it('reorders without changing content when the list itself is absent from the patch', () => {
    const meta = patchMetaFromTable({ spec: { fields: { containers: { patchStrategy: 'merge', patchMergeKey: 'name' } } } });
    assert.deepEqual(names(applyStrategicMergePatch(live, { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'b' }, { name: 'a' }] } }, meta)), ['c', 'b', 'a']);
  });
  it('orders primitive lists too', () => {
    const out = applyStrategicMergePatch({ metadata: { finalizers: ['x', 'y'] } }, { metadata: { '$setElementOrder/finalizers': ['z', 'y', 'x'], finalizers: ['z'] } }, serviceMeta);
    assert.deepEqual(out, { metadata: { finalizers: ['z', 'y', 'x'] } });
  });
  it('rejects a patch list out of line with the order list', () => {
    const meta = patchMetaFromTable({ spec: { fields: { containers: { patchStrategy: 'merge', patchMergeKey: 'name' } } } });
    rejects(() => applyStrategicMergePatch(live, { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b' }] } }, meta), 500, /^the order in patch list:\n\[map\[name:b\]\]\n doesn't match \$setElementOrder list:\n\[map\[name:a\]\]$/);
  });
  it('rejects a malformed directive key with 400', () => {
    rejects(() => applyStrategicMergePatch(live, { spec: { '$setElementOrderContainers': [] } }, unknownPatchMeta), 400, 'invalid patch format of setElementOrder list');
  });
});

describe('primitive lists', () => {
  it('merge-strategy scalars are a union; patch order first, server-only values after', () => {
    assert.deepEqual(applyStrategicMergePatch({ metadata: { finalizers: ['a', 'c'] } }, { metadata: { finalizers: ['b', 'a'] } }, serviceMeta), { metadata: { finalizers: ['b', 'a', 'c'] } });
  });
  it('$deleteFromPrimitiveList removes values', () => {
    const out = applyStrategicMergePatch({ metadata: { finalizers: ['a', 'b', 'c'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'x'] } }, serviceMeta);
    assert.deepEqual(out, { metadata: { finalizers: ['a', 'c'] } });
  });
  it('$deleteFromPrimitiveList on a missing list adds nothing', () => {
    assert.deepEqual(applyStrategicMergePatch({ metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } }, serviceMeta), { metadata: {} });
  });
  it('lists without merge strategy are replaced', () => {
    const live = deployment([{ name: 'a', args: ['1', '2'], command: ['sh'] }]);
    const out = applyStrategicMergePatch(live, { spec: { template: { spec: { containers: [{ name: 'a', args: ['3'] }] } } } }, deploymentMeta) as any;
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'a', args: ['3'], command: ['sh'] }]);
  });
  it('rejects a malformed deletion key with 400 and lists of lists with 422', () => {
    rejects(() => applyStrategicMergePatch({}, { '$deleteFromPrimitiveListfinalizers': ['a'] }, unknownPatchMeta), 400, 'invalid patch format of primitive list');
    const e = rejects(() => applyStrategicMergePatch({ metadata: { finalizers: [['a']] } }, { metadata: { finalizers: [['b']] } }, serviceMeta), 422);
    assert.equal(e.reason, 'Invalid');
  });
});

describe('$retainKeys (Deployment spec.strategy, volumes)', () => {
  const live = deployment([{ name: 'a' }], { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });

  it('clears keys the directive does not list', () => {
    const out = applyStrategicMergePatch(live, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, deploymentMeta) as any;
    assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  });
  it('merges the retained keys', () => {
    const out = applyStrategicMergePatch(live, { spec: { strategy: { $retainKeys: ['rollingUpdate', 'type'], rollingUpdate: { maxSurge: 2 } } } }, deploymentMeta) as any;
    assert.deepEqual(out.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } });
  });
  it('works inside merged list items (volumes: merge,retainKeys)', () => {
    const live = { containers: [], volumes: [{ name: 'data', emptyDir: {} }] };
    const out = applyStrategicMergePatch(live, { volumes: [{ name: 'data', $retainKeys: ['hostPath', 'name'], hostPath: { path: '/tmp' } }] }, podSpecMeta);
    assert.deepEqual(out, { containers: [], volumes: [{ name: 'data', hostPath: { path: '/tmp' } }] });
  });
  it('rejects a patch setting a key it does not retain, or a non-list directive (400)', () => {
    rejects(() => applyStrategicMergePatch(live, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, deploymentMeta), 400, 'invalid patch format of retainKeys');
    rejects(() => applyStrategicMergePatch(live, { spec: { strategy: { $retainKeys: 'type' } } }, deploymentMeta), 400, 'invalid patch format of retainKeys');
  });
});

describe('fields unknown to the schema', () => {
  it('merge maps and replace lists, as merge patch would', () => {
    const out = applyStrategicMergePatch({ spec: { extra: { a: 1, b: 2 }, things: [{ name: 'x' }] } }, { spec: { extra: { b: null, c: 3 }, things: [{ name: 'y' }] } }, serviceMeta);
    assert.deepEqual(out, { spec: { extra: { a: 1, c: 3 }, things: [{ name: 'y' }] } });
  });
  it('an unknown root schema gives the same fallback', () => {
    const meta = patchMetaFromOpenAPI(schemas, 'no.such.Kind');
    assert.deepEqual(applyStrategicMergePatch({ l: [1, 2] }, { l: [3] }, meta), { l: [3] });
  });
});

describe('inputs', () => {
  it('are never mutated', () => {
    const live = deployment([{ name: 'a', env: [{ name: 'X', value: '1' }] }]);
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'a', env: [{ name: 'X', $patch: 'delete' }] }] } } } };
    const liveCopy = structuredClone(live);
    const patchCopy = structuredClone(patch);
    const out = applyStrategicMergePatch(live, patch, deploymentMeta) as any;
    assert.deepEqual(live, liveCopy);
    assert.deepEqual(patch, patchCopy);
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'a', env: [] }]);
  });
  it('a non-object patch is a 400', () => {
    rejects(() => applyStrategicMergePatch({}, [], unknownPatchMeta), 400, 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  });
});
