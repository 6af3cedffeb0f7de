// DELETE as kube-apiserver's generic registry and its controllers finish it: Status or
// object replies, preconditions, finalizers, graceful pod deletion, the garbage collector's
// three propagation policies, deletecollection, and namespace deletion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appsNs, deployment, eventually, namespace, ns, ownerRef, pod, replicaSet, service, uniqueName, useServer } from './testkit.ts';

const t = useServer();
const merge = 'application/merge-patch+json';

const gone = async (path: string) => (await t.client.get(path)).status === 404;

describe('DELETE replies', () => {
  it('answers a Service delete with a Success Status naming it', async () => {
    const svc = await t.client.create(ns('default', 'services'), service(uniqueName('del')));
    const r = await t.client.delete(ns('default', 'services', svc.metadata.name));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: svc.metadata.name, kind: 'services', uid: svc.metadata.uid },
    });
    assert.ok(await gone(ns('default', 'services', svc.metadata.name)));
  });

  it('names the group in the Status of a Deployment delete', async () => {
    const d = await t.client.create(appsNs('default', 'deployments'), deployment(uniqueName('del')));
    const r = await t.client.delete(appsNs('default', 'deployments', d.metadata.name));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.details, { name: d.metadata.name, group: 'apps', kind: 'deployments', uid: d.metadata.uid });
  });

  it('answers a Pod delete with the deleted Pod', async () => {
    const p = await t.client.create(ns('default', 'pods'), pod(uniqueName('del')));
    const r = await t.client.delete(ns('default', 'pods', p.metadata.name));
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'Pod');
    assert.equal(r.body.apiVersion, 'v1');
    assert.equal(r.body.metadata.uid, p.metadata.uid);
    assert.ok(await gone(ns('default', 'pods', p.metadata.name)));
  });

  it('answers 404 for an object that does not exist', async () => {
    const r = await t.client.delete(ns('default', 'services', 'never-was'));
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'services "never-was" not found');
  });

  it('deletes nothing with dryRun=All', async () => {
    const svc = await t.client.create(ns('default', 'services'), service(uniqueName('del')));
    const r = await t.client.delete(ns('default', 'services', svc.metadata.name) + '?dryRun=All');
    assert.equal(r.status, 200);
    assert.equal((await t.client.get(ns('default', 'services', svc.metadata.name))).status, 200);
    const viaBody = await t.client.delete(ns('default', 'services', svc.metadata.name), { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] });
    assert.equal(viaBody.status, 200);
    assert.equal((await t.client.get(ns('default', 'services', svc.metadata.name))).status, 200);
  });

  it('rejects an unknown propagationPolicy as an invalid DeleteOptions (422)', async () => {
    const svc = await t.client.create(ns('default', 'services'), service(uniqueName('del')));
    const r = await t.client.delete(ns('default', 'services', svc.metadata.name), { propagationPolicy: 'Sideways' });
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.equal(r.body.message, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"');
    assert.equal((await t.client.get(ns('default', 'services', svc.metadata.name))).status, 200);
  });
});

describe('preconditions', () => {
  it('answers 409 when the uid precondition does not match', async () => {
    const svc = await t.client.create(ns('default', 'services'), service(uniqueName('pre')));
    const r = await t.client.delete(ns('default', 'services', svc.metadata.name), { preconditions: { uid: 'other-uid' } });
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
    assert.equal(r.body.message, `Precondition failed: UID in precondition: other-uid, UID in object meta: ${svc.metadata.uid}`);
    assert.equal((await t.client.get(ns('default', 'services', svc.metadata.name))).status, 200);
  });

  it('answers 409 when the resourceVersion precondition does not match', async () => {
    const svc = await t.client.create(ns('default', 'services'), service(uniqueName('pre')));
    const changed = await t.client.patch(ns('default', 'services', svc.metadata.name), { metadata: { labels: { a: 'b' } } }, merge);
    const r = await t.client.delete(ns('default', 'services', svc.metadata.name), { preconditions: { resourceVersion: svc.metadata.resourceVersion } });
    assert.equal(r.status, 409);
    assert.equal(r.body.message, `Precondition failed: ResourceVersion in precondition: ${svc.metadata.resourceVersion}, ResourceVersion in object meta: ${changed.body.metadata.resourceVersion}`);
  });

  it('deletes when both preconditions match', async () => {
    const svc = await t.client.create(ns('default', 'services'), service(uniqueName('pre')));
    const r = await t.client.delete(ns('default', 'services', svc.metadata.name), { preconditions: { uid: svc.metadata.uid, resourceVersion: svc.metadata.resourceVersion } });
    assert.equal(r.status, 200);
    assert.ok(await gone(ns('default', 'services', svc.metadata.name)));
  });
});

describe('finalizers', () => {
  it('hold the object, marked for deletion, until an update removes the last one', async () => {
    const name = uniqueName('fin');
    const body = service(name);
    (body.metadata as any).finalizers = ['example.com/hold', 'example.com/second'];
    const created = await t.client.create(ns('default', 'services'), body);
    const w = t.client.watch(ns('default', 'services') + `?watch=true&resourceVersion=${created.metadata.resourceVersion}&fieldSelector=metadata.name%3D${name}`);
    try {
      const r = await t.client.delete(ns('default', 'services', name));
      assert.equal(r.status, 200);
      assert.equal(r.body.kind, 'Service', 'a pending deletion answers with the object');
      assert.ok(r.body.metadata.deletionTimestamp);
      assert.equal(r.body.metadata.deletionGracePeriodSeconds, 0);
      assert.deepEqual(r.body.metadata.finalizers, ['example.com/hold', 'example.com/second']);

      const still = await t.client.get(ns('default', 'services', name));
      assert.equal(still.status, 200);
      assert.equal(still.body.metadata.deletionTimestamp, r.body.metadata.deletionTimestamp);

      const again = await t.client.delete(ns('default', 'services', name));
      assert.equal(again.status, 200);
      assert.equal(again.body.metadata.resourceVersion, still.body.metadata.resourceVersion, 'deleting again changes nothing');

      const added = await t.client.patch(ns('default', 'services', name), { metadata: { finalizers: ['example.com/hold', 'example.com/second', 'example.com/new'] } }, merge);
      assert.equal(added.status, 422, 'no new finalizers once deleting');

      const one = await t.client.patch(ns('default', 'services', name), { metadata: { finalizers: ['example.com/second'] } }, merge);
      assert.equal(one.status, 200);
      assert.equal((await t.client.get(ns('default', 'services', name))).status, 200, 'one finalizer still holds it');

      const last = await t.client.patch(ns('default', 'services', name), { metadata: { finalizers: null } }, merge);
      assert.equal(last.status, 200);
      assert.ok(await gone(ns('default', 'services', name)));
      // The deletion mark and the first removal are updates; removing the last deletes.
      const events = await w.take(3);
      assert.deepEqual(
        events.map((e) => e.type),
        ['MODIFIED', 'MODIFIED', 'DELETED'],
      );
      assert.deepEqual(await w.quiet(100), []);
    } finally {
      w.close();
    }
  });
});

describe('graceful pod deletion', () => {
  it('marks a pod on an existing node for deletion with its grace period, leaving it in place', async () => {
    const node = uniqueName('node');
    await t.client.create('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: node } });
    const name = uniqueName('gp');
    await t.client.create(ns('default', 'pods'), pod(name, { nodeName: node }));
    const before = Date.now();
    const r = await t.client.delete(ns('default', 'pods', name));
    assert.equal(r.status, 200);
    assert.equal(r.body.metadata.deletionGracePeriodSeconds, 30, 'the pod spec default terminationGracePeriodSeconds');
    const at = Date.parse(r.body.metadata.deletionTimestamp);
    assert.ok(at >= Math.floor(before / 1000) * 1000 + 29_000 && at <= before + 31_000, `deletionTimestamp ${r.body.metadata.deletionTimestamp}`);
    const still = await t.client.get(ns('default', 'pods', name));
    assert.equal(still.status, 200);

    const shorter = await t.client.delete(ns('default', 'pods', name), { gracePeriodSeconds: 5 });
    assert.equal(shorter.body.metadata.deletionGracePeriodSeconds, 5, 'a shorter grace period replaces a longer one');
    const longer = await t.client.delete(ns('default', 'pods', name), { gracePeriodSeconds: 60 });
    assert.equal(longer.body.metadata.deletionGracePeriodSeconds, 5, 'a longer one does not extend it');

    const force = await t.client.delete(ns('default', 'pods', name) + '?gracePeriodSeconds=0');
    assert.equal(force.status, 200);
    assert.ok(await gone(ns('default', 'pods', name)), 'grace period 0 deletes at once');
  });

  it('deletes at once a pod whose node does not exist, and an unscheduled pod', async () => {
    const orphan = uniqueName('gp');
    await t.client.create(ns('default', 'pods'), pod(orphan, { nodeName: 'no-such-node' }));
    const r = await t.client.delete(ns('default', 'pods', orphan));
    assert.equal(r.status, 200);
    assert.ok(await gone(ns('default', 'pods', orphan)));
    const unscheduled = uniqueName('gp');
    await t.client.create(ns('default', 'pods'), pod(unscheduled));
    await t.client.delete(ns('default', 'pods', unscheduled));
    assert.ok(await gone(ns('default', 'pods', unscheduled)));
  });
});

describe('garbage collection of dependents', () => {
  /** A Deployment owning a ReplicaSet owning two Pods, as the controllers would build it. */
  async function family(space: string, opts: { rsFinalizers?: string[] } = {}) {
    const d = await t.client.create(appsNs(space, 'deployments'), deployment('web'));
    const rsBody = replicaSet('web-1', { ownerReferences: [ownerRef(d, { controller: true, blockOwnerDeletion: true })] });
    if (opts.rsFinalizers) (rsBody.metadata as any).finalizers = opts.rsFinalizers;
    const rs = await t.client.create(appsNs(space, 'replicasets'), rsBody);
    const pods = [];
    for (const n of ['web-1-a', 'web-1-b']) pods.push(await t.client.create(ns(space, 'pods'), pod(n, { ownerReferences: [ownerRef(rs, { controller: true, blockOwnerDeletion: true })] })));
    return { d, rs, pods };
  }

  it('Background (the default): the owner goes at once, then its dependents, transitively', async () => {
    const space = await namespace(t.client, 'bg');
    await family(space);
    const r = await t.client.delete(appsNs(space, 'deployments', 'web'), { propagationPolicy: 'Background' });
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'Status');
    assert.ok(await gone(appsNs(space, 'deployments', 'web')));
    await eventually(async () => (await gone(appsNs(space, 'replicasets', 'web-1'))) && (await t.client.get(ns(space, 'pods'))).body.items.length === 0, 3000, 'dependents collected');
  });

  it('Background without a body: the same, as the registry default for Deployments', async () => {
    const space = await namespace(t.client, 'bgd');
    await family(space);
    await t.client.delete(appsNs(space, 'deployments', 'web'));
    await eventually(async () => (await t.client.get(ns(space, 'pods'))).body.items.length === 0, 3000, 'pods collected');
  });

  it('Foreground: the owner waits with foregroundDeletion until blocking dependents are gone', async () => {
    const space = await namespace(t.client, 'fg');
    const { rs } = await family(space, { rsFinalizers: ['example.com/hold'] });
    const r = await t.client.delete(appsNs(space, 'deployments', 'web'), { propagationPolicy: 'Foreground' });
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'Deployment');
    assert.deepEqual(r.body.metadata.finalizers, ['foregroundDeletion']);
    assert.ok(r.body.metadata.deletionTimestamp);

    // The ReplicaSet is deleted in the foreground too; its pods go, it stays on its own finalizer.
    await eventually(async () => (await t.client.get(ns(space, 'pods'))).body.items.length === 0, 3000, 'pods collected');
    const heldRs = await t.client.get(appsNs(space, 'replicasets', 'web-1'));
    assert.ok(heldRs.body.metadata.deletionTimestamp, 'the ReplicaSet is being deleted');
    await new Promise((r) => setTimeout(r, 100));
    const owner = await t.client.get(appsNs(space, 'deployments', 'web'));
    assert.equal(owner.status, 200, 'the owner waits for its blocking dependent');
    assert.deepEqual(owner.body.metadata.finalizers, ['foregroundDeletion']);

    await t.client.patch(appsNs(space, 'replicasets', 'web-1'), { metadata: { finalizers: (heldRs.body.metadata.finalizers as string[]).filter((f) => f !== 'example.com/hold') } }, merge);
    await eventually(async () => (await gone(appsNs(space, 'replicasets', 'web-1'))) && (await gone(appsNs(space, 'deployments', 'web'))), 3000, 'owner gone after its dependent');
    assert.ok(rs.metadata.uid);
  });

  it('Foreground: a dependent without blockOwnerDeletion does not hold the owner', async () => {
    const space = await namespace(t.client, 'fgnb');
    const d = await t.client.create(appsNs(space, 'deployments'), deployment('web'));
    const held = pod('loose', { ownerReferences: [ownerRef(d, { blockOwnerDeletion: false })], finalizers: ['example.com/hold'] });
    await t.client.create(ns(space, 'pods'), held);
    await t.client.delete(appsNs(space, 'deployments', 'web'), { propagationPolicy: 'Foreground' });
    await eventually(async () => gone(appsNs(space, 'deployments', 'web')), 3000, 'owner gone');
    const dep = await t.client.get(ns(space, 'pods', 'loose'));
    assert.ok(dep.body.metadata.deletionTimestamp, 'the dependent was still deleted');
    await t.client.patch(ns(space, 'pods', 'loose'), { metadata: { finalizers: null } }, merge);
    assert.ok(await gone(ns(space, 'pods', 'loose')));
  });

  it('Orphan: dependents survive, their ownerReference to the owner removed', async () => {
    const space = await namespace(t.client, 'orph');
    const { rs } = await family(space);
    const r = await t.client.delete(appsNs(space, 'replicasets', 'web-1'), { propagationPolicy: 'Orphan' });
    assert.equal(r.status, 200);
    await eventually(async () => gone(appsNs(space, 'replicasets', 'web-1')), 3000, 'owner gone');
    const pods = (await t.client.get(ns(space, 'pods'))).body.items;
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.equal(p.metadata.ownerReferences, undefined, `${p.metadata.name} has no owner left`);
      assert.equal(p.metadata.deletionTimestamp, undefined);
    }
    assert.ok(rs.metadata.uid);
    // The Deployment is still there: it was not the one deleted.
    assert.equal((await t.client.get(appsNs(space, 'deployments', 'web'))).status, 200);
  });

  it('Orphan keeps references to other owners', async () => {
    const space = await namespace(t.client, 'orph2');
    const a = await t.client.create(appsNs(space, 'replicasets'), replicaSet('owner-a'));
    const b = await t.client.create(appsNs(space, 'replicasets'), replicaSet('owner-b'));
    await t.client.create(ns(space, 'pods'), pod('shared', { ownerReferences: [ownerRef(a), ownerRef(b)] }));
    await t.client.delete(appsNs(space, 'replicasets', 'owner-a') + '?propagationPolicy=Orphan');
    await eventually(async () => gone(appsNs(space, 'replicasets', 'owner-a')), 3000, 'owner gone');
    const p = await t.client.get(ns(space, 'pods', 'shared'));
    assert.deepEqual(p.body.metadata.ownerReferences.map((o: any) => o.name), ['owner-b']);
  });

  it('keeps a dependent while any owner remains (Background)', async () => {
    const space = await namespace(t.client, 'multi');
    const a = await t.client.create(appsNs(space, 'replicasets'), replicaSet('owner-a'));
    const b = await t.client.create(appsNs(space, 'replicasets'), replicaSet('owner-b'));
    await t.client.create(ns(space, 'pods'), pod('shared', { ownerReferences: [ownerRef(a), ownerRef(b)] }));
    await t.client.delete(appsNs(space, 'replicasets', 'owner-a'));
    await new Promise((r) => setTimeout(r, 150));
    await eventually(async () => t.server.api.settled, 2000, 'gc idle');
    assert.equal((await t.client.get(ns(space, 'pods', 'shared'))).status, 200);
    await t.client.delete(appsNs(space, 'replicasets', 'owner-b'));
    await eventually(async () => gone(ns(space, 'pods', 'shared')), 3000, 'collected after the last owner');
  });
});

describe('deletecollection', () => {
  it('deletes the objects a label selector picks and answers with them', async () => {
    const space = await namespace(t.client, 'dc');
    for (const [n, app] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b']] as const) await t.client.create(ns(space, 'pods'), pod(n, { labels: { app } }));
    const r = await t.client.delete(ns(space, 'pods') + '?labelSelector=app%3Da');
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'PodList');
    assert.deepEqual(r.body.items.map((i: any) => i.metadata.name).sort(), ['a1', 'a2']);
    const left = (await t.client.get(ns(space, 'pods'))).body.items.map((i: any) => i.metadata.name);
    assert.deepEqual(left, ['b1']);
  });

  it('answers 405 where the resource does not support it (namespaces)', async () => {
    const r = await t.client.delete('/api/v1/namespaces?labelSelector=x%3Dy');
    assert.equal(r.status, 405);
    assert.equal(r.body.reason, 'MethodNotAllowed');
  });
});

describe('namespace deletion', () => {
  it('turns Terminating at once, then empties the namespace and removes it after the grace period', async () => {
    const space = await namespace(t.client, 'bye');
    await t.client.create(ns(space, 'services'), service('inside'));
    await t.client.create(ns(space, 'pods'), pod('inside'));
    await t.client.create(appsNs(space, 'deployments'), deployment('inside'));
    const r = await t.client.delete(`/api/v1/namespaces/${space}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'Namespace');
    assert.equal(r.body.status.phase, 'Terminating');
    assert.ok(r.body.metadata.deletionTimestamp);
    assert.deepEqual(r.body.spec.finalizers, ['kubernetes']);

    const listed = await t.client.get('/api/v1/namespaces?fieldSelector=status.phase%3DTerminating');
    assert.ok(listed.body.items.some((n: any) => n.metadata.name === space));
    // Within the grace period its contents are still there (kubectl delete -f finds them).
    assert.equal((await t.client.get(ns(space, 'services', 'inside'))).status, 200);

    const started = Date.now();
    await eventually(async () => gone(`/api/v1/namespaces/${space}`), 9000, 'namespace gone');
    const took = Date.now() - started;
    assert.ok(took > 3000, `the namespace waited its grace period (${took} ms)`);
    assert.ok(await gone(ns(space, 'services', 'inside')));
    assert.ok(await gone(ns(space, 'pods', 'inside')));
    assert.ok(await gone(appsNs(space, 'deployments', 'inside')));
  });
});
