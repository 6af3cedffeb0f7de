import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../../api/resources.ts';
import { componentSchemas, gvPathOf, openapiDocumentHeaders, openapiIndexHeaders, openapiV3Document, openapiV3Index, schemaNameFor } from './index.ts';

const gvs = [...new Set(resources.map(gvPathOf))];

test('index lists every served group-version with an uppercase-hex hash URL', () => {
  const index = openapiV3Index();
  assert.deepEqual(Object.keys(index.paths).sort(), [...gvs].sort());
  for (const [gv, { serverRelativeURL }] of Object.entries(index.paths)) {
    assert.match(serverRelativeURL, new RegExp(`^/openapi/v3/${gv.replace(/\./g, '\\.')}\\?hash=[0-9A-F]{128}$`));
    assert.equal(serverRelativeURL.split('hash=')[1], openapiV3Document(gv)!.hash);
  }
  assert.equal(openapiIndexHeaders['Cache-Control'], 'no-cache, private');
});

test('documents are OpenAPI 3.0.0 JSON whose every $ref resolves inside the document', () => {
  for (const gv of gvs) {
    const doc = JSON.parse(openapiV3Document(gv)!.body);
    assert.equal(doc.openapi, '3.0.0');
    const refs = [...openapiV3Document(gv)!.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const r of refs) assert.ok(doc.components.schemas[r], `${gv}: dangling ${r}`);
  }
  assert.equal(openapiV3Document('apis/nope/v1'), undefined);
  assert.equal(openapiV3Document('/openapi/v3/api/v1')?.hash, openapiV3Document('api/v1')!.hash);
});

test('every catalog resource has a PATCH with fieldValidation, the GVK object and all patch types', () => {
  for (const r of resources) {
    const doc = JSON.parse(openapiV3Document(gvPathOf(r))!.body);
    const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const item = `${prefix}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}/{name}`;
    const patch = doc.paths[item]?.patch;
    assert.ok(patch, `no patch on ${item}`);
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: r.group, version: r.version, kind: r.kind });
    assert.equal(patch['x-kubernetes-action'], 'patch');
    const names = patch.parameters.map((p: { name: string }) => p.name);
    for (const n of ['fieldValidation', 'fieldManager', 'dryRun', 'force']) assert.ok(names.includes(n), `${item} patch lacks ${n}`);
    assert.deepEqual(Object.keys(patch.requestBody.content).sort(), ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
    const coll = doc.paths[item.replace('/{name}', '')];
    assert.equal(coll.get['x-kubernetes-action'], 'list');
    assert.ok(coll.get.parameters.some((p: { name: string }) => p.name === 'watch'));
    for (const sub of r.subresources.filter((s) => s === 'status' || s === 'scale')) {
      const sp = doc.paths[`${item}/${sub}`];
      assert.ok(sp?.patch?.parameters.some((p: { name: string }) => p.name === 'fieldValidation'), `${item}/${sub}`);
      if (sub === 'scale') assert.deepEqual(sp.get['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
    }
  }
});

test('every kind and list kind has a component schema whose GVK list names it', () => {
  for (const r of resources) {
    const doc = JSON.parse(openapiV3Document(gvPathOf(r))!.body);
    for (const kind of [r.kind, r.listKind]) {
      const name = schemaNameFor(r.group, r.version, kind);
      assert.ok(name, `${r.group}/${r.version} ${kind}`);
      const s = doc.components.schemas[name];
      assert.ok(Array.isArray(s['x-kubernetes-group-version-kind']));
      assert.ok(s['x-kubernetes-group-version-kind'].some((g: object) => JSON.stringify(g) === JSON.stringify({ group: r.group, kind, version: r.version })));
      assert.ok(s.description && s.properties.metadata);
    }
  }
  assert.equal(schemaNameFor('', 'v1', 'Event'), 'io.k8s.api.core.v1.Event');
  assert.equal(schemaNameFor('events.k8s.io', 'v1', 'Event'), 'io.k8s.api.events.v1.Event');
  assert.equal(schemaNameFor('autoscaling', 'v1', 'Scale'), 'io.k8s.api.autoscaling.v1.Scale');
});

test('schemas carry the patch and list extensions strategic merge patch needs', () => {
  const s = componentSchemas();
  const ports = s['io.k8s.api.core.v1.ServiceSpec']!.properties!.ports!;
  assert.equal(ports['x-kubernetes-patch-merge-key'], 'port');
  assert.equal(ports['x-kubernetes-patch-strategy'], 'merge');
  assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['port', 'protocol']);
  const containers = s['io.k8s.api.core.v1.PodSpec']!.properties!.containers!;
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(s['io.k8s.api.core.v1.PodSpec']!.properties!.volumes!['x-kubernetes-patch-strategy'], 'merge,retainKeys');
  assert.equal(s['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!.format, 'int-or-string');
  assert.equal(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time']!.format, 'date-time');
  assert.equal(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties!.generation!.format, 'int64');
  assert.deepEqual(s['io.k8s.api.core.v1.ServiceSpec']!.properties!.type!.enum, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
});

test('document headers: immutable with a far-future Expires', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  const h = openapiDocumentHeaders('ABC', now);
  assert.equal(h['Cache-Control'], 'public, immutable');
  assert.ok(new Date(h.Expires!).getTime() - now.getTime() > 300 * 24 * 3600 * 1000);
});
