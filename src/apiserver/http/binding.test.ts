// pods/binding as upstream's BindingREST answers it: sets spec.nodeName once, PodScheduled
// True, 409 when bound or being deleted, 404 for a missing pod, validation of the Binding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ns, pod, uniqueName, useServer } from '../testkit.ts';

const t = useServer();

const binding = (name: string, node: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Binding',
  metadata: { name, ...extra },
  target: { apiVersion: 'v1', kind: 'Node', name: node },
});

async function newPod(extra: Parameters<typeof pod>[1] = {}): Promise<any> {
  return t.client.create(ns('default', 'pods'), pod(uniqueName('bind'), extra));
}

describe('pods/binding', () => {
  it('sets spec.nodeName and PodScheduled=True, answering a Success Status with 201', async () => {
    const p = await newPod();
    const name = p.metadata.name;
    const r = await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-1', { annotations: { 'scheduler.example/why': 'fits' } }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const got = (await t.client.get(ns('default', 'pods', name))).body;
    assert.equal(got.spec.nodeName, 'node-1');
    assert.equal(got.metadata.annotations['scheduler.example/why'], 'fits');
    const cond = got.status.conditions.find((c: any) => c.type === 'PodScheduled');
    assert.equal(cond.status, 'True');
    assert.equal(cond.lastProbeTime, null);
    assert.match(cond.lastTransitionTime, /Z$/);
  });

  it('replaces an earlier PodScheduled=False Unschedulable condition', async () => {
    const p = await newPod();
    const name = p.metadata.name;
    const status = { ...p, status: { ...p.status, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:00Z' }] } };
    assert.equal((await t.client.put(ns('default', 'pods', name, 'status'), status)).status, 200);
    assert.equal((await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-2'))).status, 201);
    const conds = (await t.client.get(ns('default', 'pods', name))).body.status.conditions;
    assert.equal(conds.length, 1);
    assert.equal(conds[0].status, 'True');
    assert.equal(conds[0].reason, undefined);
    assert.equal(conds[0].message, undefined);
    assert.notEqual(conds[0].lastTransitionTime, '2024-01-01T00:00:00Z');
  });

  it('answers 409 Conflict when the pod is already assigned, and keeps the first node', async () => {
    const p = await newPod();
    const name = p.metadata.name;
    assert.equal((await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-1'))).status, 201);
    const r = await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-2'));
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
    assert.equal(r.body.message, `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "node-1"`);
    assert.deepEqual(r.body.details, { name, kind: 'pods/binding' });
    assert.equal((await t.client.get(ns('default', 'pods', name))).body.spec.nodeName, 'node-1');
  });

  it('answers 409 for a pod created with spec.nodeName', async () => {
    const p = await newPod({ nodeName: 'node-a' });
    const r = await t.client.post(ns('default', 'pods', p.metadata.name, 'binding'), binding(p.metadata.name, 'node-b'));
    assert.equal(r.status, 409);
    assert.match(r.body.message, /is already assigned to node "node-a"$/);
  });

  it('answers 409 for a pod being deleted', async () => {
    const p = await newPod({ finalizers: ['example.com/hold'] });
    const name = p.metadata.name;
    await t.client.delete(ns('default', 'pods', name), { gracePeriodSeconds: 0 });
    const r = await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-1'));
    assert.equal(r.status, 409);
    assert.equal(r.body.message, `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`);
    await t.client.patch(ns('default', 'pods', name), { metadata: { finalizers: null } }, 'application/merge-patch+json');
  });

  it('answers 404 for a missing pod', async () => {
    const r = await t.client.post(ns('default', 'pods', 'no-such-pod', 'binding'), binding('no-such-pod', 'node-1'));
    assert.equal(r.status, 404);
    assert.equal(r.body.reason, 'NotFound');
    assert.equal(r.body.message, 'pods "no-such-pod" not found');
  });

  it('validates the Binding as upstream: target.name required, target.kind Node or empty', async () => {
    const p = await newPod();
    const name = p.metadata.name;
    const noName = await t.client.post(ns('default', 'pods', name, 'binding'), { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: {} });
    // Upstream hands back the aggregate of field errors unwrapped: a 500 without a reason.
    assert.equal(noName.status, 500);
    assert.equal(noName.body.message, 'target.name: Required value');
    assert.equal(noName.body.reason, undefined);
    const badKind = await t.client.post(ns('default', 'pods', name, 'binding'), { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Pod', name: 'x' } });
    assert.equal(badKind.body.message, 'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"');
    const mismatch = await t.client.post(ns('default', 'pods', name, 'binding'), binding('other', 'node-1'));
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.message, 'name in URL does not match name in Binding object');
    const wrongNs = await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-1', { namespace: 'kube-system' }));
    assert.equal(wrongNs.status, 400);
    assert.equal((await t.client.get(ns('default', 'pods', name))).body.spec.nodeName, undefined);
  });

  it('honours uid and resourceVersion preconditions in the Binding metadata', async () => {
    const p = await newPod();
    const name = p.metadata.name;
    const stale = await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-1', { resourceVersion: '1' }));
    assert.equal(stale.status, 409);
    const wrongUid = await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-1', { uid: 'd5a0f3f4-0000-0000-0000-000000000000' }));
    assert.equal(wrongUid.status, 409);
    const ok = await t.client.post(ns('default', 'pods', name, 'binding'), binding(name, 'node-1', { uid: p.metadata.uid, resourceVersion: p.metadata.resourceVersion }));
    assert.equal(ok.status, 201);
  });

  it('leaves the pod alone on dryRun', async () => {
    const p = await newPod();
    const name = p.metadata.name;
    const r = await t.client.post(`${ns('default', 'pods', name, 'binding')}?dryRun=All`, binding(name, 'node-1'));
    assert.equal(r.status, 201);
    assert.equal((await t.client.get(ns('default', 'pods', name))).body.spec.nodeName, undefined);
  });

  it('takes POST only, and spec.nodeName stays immutable through a plain update', async () => {
    const p = await newPod();
    const name = p.metadata.name;
    assert.equal((await t.client.get(ns('default', 'pods', name, 'binding'))).status, 405);
    const upd = await t.client.patch(ns('default', 'pods', name), { spec: { nodeName: 'node-1' } }, 'application/merge-patch+json');
    assert.equal(upd.status, 422);
  });

  it('is listed in discovery with the create verb and the Binding kind', async () => {
    const r = await t.client.get('/api/v1');
    const entry = r.body.resources.find((x: any) => x.name === 'pods/binding');
    assert.deepEqual(entry, { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
  });

  it('adds the default not-ready and unreachable NoExecute tolerations (300 s) on create', async () => {
    const p = await newPod();
    assert.deepEqual(p.spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const own = await t.client.create(ns('default', 'pods'), { ...pod(uniqueName('tol')), spec: { containers: [{ name: 'c', image: 'nginx' }], tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] } });
    assert.deepEqual(own.spec.tolerations, [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });
});
