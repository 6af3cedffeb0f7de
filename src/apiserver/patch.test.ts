// PATCH as kube-apiserver's patch handler (endpoints/handlers/patch.go) serves it: merge,
// JSON and strategic merge patches, server-side apply creating what is missing, and the
// retry-on-conflict loop that lets patches without a resourceVersion all apply.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WalStore } from '../storage/index.ts';
import { ApiServer } from './server.ts';
import { appsNs, Client, deployment, ns, service, uniqueName, useServer } from './testkit.ts';

const t = useServer();

const merge = 'application/merge-patch+json';
const jsonPatch = 'application/json-patch+json';
const smp = 'application/strategic-merge-patch+json';
const apply = 'application/apply-patch+yaml';

async function newService(extra: Parameters<typeof service>[1] = {}) {
  const name = uniqueName('p');
  return t.client.create(ns('default', 'services'), service(name, extra));
}

describe('merge patch (application/merge-patch+json)', () => {
  it('adds, replaces and removes (null) fields', async () => {
    const svc = await newService({ labels: { a: '1', b: '2' } });
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), { metadata: { labels: { a: 'one', b: null, c: '3' } } }, merge);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.labels, { a: 'one', c: '3' });
    assert.ok(Number(r.body.metadata.resourceVersion) > Number(svc.metadata.resourceVersion));
  });

  it('replaces lists whole', async () => {
    const svc = await newService({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] });
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), { spec: { ports: [{ name: 'c', port: 82 }] } }, merge);
    assert.deepEqual(r.body.spec.ports.map((p: any) => p.port), [82]);
  });

  it('answers 404 for an object that does not exist', async () => {
    const r = await t.client.patch(ns('default', 'services', 'no-such'), { metadata: { labels: { a: '1' } } }, merge);
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'services "no-such" not found');
  });

  it('treats a resourceVersion in the patch as a precondition (409 when stale)', async () => {
    const svc = await newService();
    await t.client.patch(ns('default', 'services', svc.metadata.name), { metadata: { labels: { bump: '1' } } }, merge);
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), { metadata: { resourceVersion: svc.metadata.resourceVersion, labels: { x: 'y' } } }, merge);
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
    assert.equal(r.body.message, `Operation cannot be fulfilled on services "${svc.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
  });

  it('does not bump resourceVersion when the patch changes nothing', async () => {
    const svc = await newService({ labels: { same: 'yes' } });
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), { metadata: { labels: { same: 'yes' } } }, merge);
    assert.equal(r.status, 200);
    assert.equal(r.body.metadata.resourceVersion, svc.metadata.resourceVersion);
    const empty = await t.client.patch(ns('default', 'services', svc.metadata.name), {}, merge);
    assert.equal(empty.body.metadata.resourceVersion, svc.metadata.resourceVersion);
  });

  it('answers 400 when the patch renames the object', async () => {
    const svc = await newService();
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), { metadata: { name: 'renamed' } }, merge);
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
  });

  it('stores nothing with dryRun=All', async () => {
    const svc = await newService();
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name) + '?dryRun=All', { metadata: { labels: { dry: 'run' } } }, merge);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.labels, { dry: 'run' });
    const got = await t.client.get(ns('default', 'services', svc.metadata.name));
    assert.equal(got.body.metadata.labels, undefined);
    assert.equal(got.body.metadata.resourceVersion, svc.metadata.resourceVersion);
  });

  it('patches only status through the status subresource', async () => {
    const name = uniqueName('pst');
    await t.client.create(appsNs('default', 'deployments'), deployment(name));
    const r = await t.client.patch(appsNs('default', 'deployments', name, 'status'), { spec: { replicas: 9 }, status: { replicas: 4 } }, merge);
    assert.equal(r.status, 200);
    assert.equal(r.body.status.replicas, 4);
    assert.equal(r.body.spec.replicas, 1);
    const main = await t.client.patch(appsNs('default', 'deployments', name), { spec: { replicas: 2 }, status: { replicas: 0 } }, merge);
    assert.equal(main.body.spec.replicas, 2);
    assert.equal(main.body.status.replicas, 4);
  });

  it('warns about unknown fields by default and drops them', async () => {
    const svc = await newService();
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), { spec: { bogus: true } }, merge);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('warning'), '299 - "unknown field \\"spec.bogus\\""');
    assert.equal(r.body.spec.bogus, undefined);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const svc = await newService();
    const r = await t.client.request('PATCH', ns('default', 'services', svc.metadata.name), { raw: '{nope', contentType: merge });
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
  });
});

describe('JSON patch (application/json-patch+json)', () => {
  it('applies add, replace and remove operations', async () => {
    const svc = await newService({ labels: { a: '1', b: '2' } });
    const r = await t.client.patch(
      ns('default', 'services', svc.metadata.name),
      [
        { op: 'add', path: '/metadata/labels/c', value: '3' },
        { op: 'replace', path: '/metadata/labels/a', value: 'one' },
        { op: 'remove', path: '/metadata/labels/b' },
      ],
      jsonPatch,
    );
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.labels, { a: 'one', c: '3' });
  });

  it('answers 422 when a test operation fails, and changes nothing', async () => {
    const svc = await newService({ labels: { a: '1' } });
    const r = await t.client.patch(
      ns('default', 'services', svc.metadata.name),
      [
        { op: 'test', path: '/metadata/labels/a', value: '2' },
        { op: 'replace', path: '/metadata/labels/a', value: '3' },
      ],
      jsonPatch,
    );
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    const got = await t.client.get(ns('default', 'services', svc.metadata.name));
    assert.deepEqual(got.body.metadata.labels, { a: '1' });
  });

  it('passes a test of the current resourceVersion', async () => {
    const svc = await newService();
    const r = await t.client.patch(
      ns('default', 'services', svc.metadata.name),
      [
        { op: 'test', path: '/metadata/resourceVersion', value: svc.metadata.resourceVersion },
        { op: 'add', path: '/metadata/labels', value: { ok: 'yes' } },
      ],
      jsonPatch,
    );
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.labels, { ok: 'yes' });
  });

  it('answers 409 when it replaces resourceVersion with a stale one', async () => {
    const svc = await newService();
    await t.client.patch(ns('default', 'services', svc.metadata.name), { metadata: { labels: { bump: '1' } } }, merge);
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), [{ op: 'replace', path: '/metadata/resourceVersion', value: svc.metadata.resourceVersion }], jsonPatch);
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
  });

  it('answers 422 for a path that does not exist', async () => {
    const svc = await newService();
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), [{ op: 'replace', path: '/metadata/labels/missing', value: 'x' }], jsonPatch);
    assert.equal(r.status, 422);
  });
});

describe('strategic merge patch (application/strategic-merge-patch+json)', () => {
  it('merges containers by name, keeping the others', async () => {
    const name = uniqueName('smp');
    const d = deployment(name);
    d.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' });
    await t.client.create(appsNs('default', 'deployments'), d);
    const r = await t.client.patch(
      appsNs('default', 'deployments', name),
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
      smp,
    );
    assert.equal(r.status, 200, r.text);
    const containers = r.body.spec.template.spec.containers;
    assert.deepEqual(
      containers.map((c: any) => [c.name, c.image]),
      [
        ['web', 'nginx:1.27'],
        ['sidecar', 'busybox'],
      ],
    );
    assert.equal(r.body.metadata.generation, 2, 'a template change bumps the generation');
  });

  it('applies `kubectl set image` (with $setElementOrder/containers)', async () => {
    const name = uniqueName('smp');
    await t.client.create(appsNs('default', 'deployments'), deployment(name));
    const r = await t.client.patch(
      appsNs('default', 'deployments', name) + '?fieldManager=kubectl-set',
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:2', name: 'web' }] } } } },
      smp,
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.spec.template.spec.containers.length, 1);
    assert.equal(r.body.spec.template.spec.containers[0].image, 'nginx:2');
  });

  it('merges Service ports by port, honouring $setElementOrder and $patch: delete', async () => {
    const svc = await newService({
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
    });
    // What client-side `kubectl apply` sends when port 80 becomes 81.
    const r = await t.client.patch(
      ns('default', 'services', svc.metadata.name) + '?fieldManager=kubectl-client-side-apply',
      {
        spec: {
          '$setElementOrder/ports': [{ port: 81 }, { port: 443 }],
          ports: [
            { name: 'http', port: 81, targetPort: 8080 },
            { $patch: 'delete', port: 80 },
          ],
        },
      },
      smp,
    );
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.body.spec.ports.map((p: any) => [p.name, p.port, p.targetPort]),
      [
        ['http', 81, 8080],
        ['https', 443, 8443],
      ],
    );
  });

  it('merges maps and deletes keys set to null', async () => {
    const svc = await newService({ labels: { a: '1', b: '2' } });
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name), { metadata: { labels: { b: null, c: '3' } } }, smp);
    assert.deepEqual(r.body.metadata.labels, { a: '1', c: '3' });
  });
});

describe('server-side apply (application/apply-patch+yaml)', () => {
  it('creates a missing object with 201, then updates it with 200', async () => {
    const name = uniqueName('ssa');
    const yaml = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n  - port: 80\n`;
    const created = await t.client.request('PATCH', ns('default', 'services', name) + '?fieldManager=kubectl&fieldValidation=Strict&force=false', { raw: yaml, contentType: apply });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.metadata.name, name);
    assert.ok(created.body.metadata.uid);
    const updated = await t.client.request('PATCH', ns('default', 'services', name) + '?fieldManager=kubectl&force=false', {
      raw: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { applied: 'yes' } }, spec: { ports: [{ port: 80 }] } }),
      contentType: apply,
    });
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(updated.body.metadata.labels, { applied: 'yes' });
    assert.equal(updated.body.metadata.uid, created.body.metadata.uid);
    const managers = (updated.body.metadata.managedFields ?? []).map((m: any) => [m.manager, m.operation]);
    assert.deepEqual(managers, [['kubectl', 'Apply']]);
  });

  it('rejects an apply without fieldManager as an invalid PatchOptions (422)', async () => {
    const name = uniqueName('ssa');
    const r = await t.client.request('PATCH', ns('default', 'services', name), { raw: `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n`, contentType: apply });
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.equal(r.body.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    assert.deepEqual(r.body.details, {
      name: '',
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
    assert.equal((await t.client.get(ns('default', 'services', name))).status, 404);
  });

  it('rejects force on a patch that is not an apply (422)', async () => {
    const svc = await newService();
    const r = await t.client.patch(ns('default', 'services', svc.metadata.name) + '?force=true', { metadata: { labels: { a: 'b' } } }, merge);
    assert.equal(r.status, 422);
    assert.equal(r.body.message, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });

  it('creates nothing with dryRun=All', async () => {
    const name = uniqueName('ssa');
    const r = await t.client.request('PATCH', ns('default', 'services', name) + '?fieldManager=kubectl&dryRun=All', {
      raw: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }] } }),
      contentType: apply,
    });
    assert.equal(r.status, 201, r.text);
    assert.equal((await t.client.get(ns('default', 'services', name))).status, 404);
  });
});

describe('patch content types and concurrency', () => {
  it('answers 415 for an unsupported patch content type, listing the ones it takes', async () => {
    const svc = await newService();
    const r = await t.client.request('PATCH', ns('default', 'services', svc.metadata.name), { raw: 'not even json', contentType: 'application/x-custom' });
    assert.equal(r.status, 415);
    assert.equal(r.body.reason, 'UnsupportedMediaType');
    assert.equal(
      r.body.message,
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    );
    const missing = await t.client.request('PATCH', ns('default', 'services', 'not-there'), { raw: '{}', contentType: 'text/plain' });
    assert.equal(missing.status, 415, 'the media type is checked before the object is looked up');
  });

  it('applies 20 concurrent merge patches without resourceVersion, each exactly once', async () => {
    const svc = await newService();
    const path = ns('default', 'services', svc.metadata.name);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => t.client.patch(path, { metadata: { labels: { [`l${i}`]: String(i) } } }, merge)));
    for (const r of replies) assert.equal(r.status, 200, r.text);
    const got = await t.client.get(path);
    const expected = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`l${i}`, String(i)]));
    assert.deepEqual(got.body.metadata.labels, expected);
    const rvs = new Set(replies.map((r) => r.body.metadata.resourceVersion));
    assert.equal(rvs.size, 20, 'every patch wrote its own revision');
  });

  it('applies 50 concurrent patches on the durable WAL store, where writes wait for fsync and collide', async () => {
    // The WAL store shows a write to readers only once it is durable, so concurrent
    // read-modify-writes really conflict; each must be retried until it applies.
    const dir = await mkdtemp(join(tmpdir(), 'portico-patch-'));
    const store = await WalStore.open(dir);
    const api = await ApiServer.start({ store, port: 0, host: '127.0.0.1', log: () => {} });
    try {
      const c = new Client(api.url);
      await c.create(ns('default', 'services'), service('hot'));
      const path = ns('default', 'services', 'hot');
      const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => c.patch(path, { metadata: { labels: { [`l${i}`]: 'x' } } }, merge)));
      for (const r of replies) assert.equal(r.status, 200, r.text);
      const got = await c.get(path);
      assert.equal(Object.keys(got.body.metadata.labels).length, 50);
    } finally {
      await api.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('applies 20 concurrent strategic merge patches to a Deployment, each exactly once', async () => {
    const name = uniqueName('cc');
    await t.client.create(appsNs('default', 'deployments'), deployment(name));
    const path = appsNs('default', 'deployments', name);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => t.client.patch(path, { metadata: { annotations: { [`a${i}`]: 'x' } } }, smp)));
    for (const r of replies) assert.equal(r.status, 200, r.text);
    const got = await t.client.get(path);
    assert.equal(Object.keys(got.body.metadata.annotations).length, 20);
  });
});
