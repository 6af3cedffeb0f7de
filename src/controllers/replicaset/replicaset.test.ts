// The ReplicaSet controller against an in-process API server, with the fake kubelet running
// the pods: scaling, ownership, which pods go first, expectations, status and failures.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Obj } from '../../client/index.ts';
import { replicaSetController } from './index.ts';
import { activePods, eventMessages, eventually, isReady, listPods, podTemplate, replicaSet, startWorld, watchAll, type World } from './testkit.ts';

describe('ReplicaSet controller', () => {
  let w: World;
  before(async () => {
    w = await startWorld([replicaSetController]);
  });
  after(async () => {
    await w?.stop();
  });

  const rsStatus = async (name: string) => (await w.replicaSets.get('default', name)).status ?? {};

  it('creates spec.replicas pods from the template, owned by the ReplicaSet, and reports them', async () => {
    const rs = await w.replicaSets.create('default', replicaSet('web', 3, { app: 'web' }));
    const pods = await eventually(async () => {
      const p = activePods(await listPods(w, 'app=web'));
      return p.length === 3 && p.every(isReady) && p;
    }, '3 ready pods');
    for (const p of pods) {
      assert.match(p.metadata.name, /^web-[a-z0-9]{5}$/);
      assert.equal(p.metadata.generateName, 'web-');
      assert.deepEqual(p.metadata.labels, { app: 'web' });
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const st = await eventually(async () => {
      const s = await rsStatus('web');
      return s.availableReplicas === 3 && s;
    }, 'status');
    assert.deepEqual(st, { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const events = await eventMessages(w, 'web');
    assert.equal(events.filter((e) => e.startsWith('SuccessfulCreate: Created pod: web-')).length, 3);
  });

  it('scales down to the new size and back up', async () => {
    await w.replicaSets.patch('default', 'web', 'merge', { spec: { replicas: 1 } });
    await eventually(async () => activePods(await listPods(w, 'app=web')).length === 1, 'one pod');
    await eventually(async () => (await rsStatus('web')).replicas === 1 && (await rsStatus('web')).observedGeneration === 2, 'status replicas 1');
    const events = await eventMessages(w, 'web');
    assert.equal(events.filter((e) => e.startsWith('SuccessfulDelete: Deleted pod: web-')).length, 2);
    await w.replicaSets.patch('default', 'web', 'merge', { spec: { replicas: 4 } }, { subresource: 'scale' });
    await eventually(async () => activePods(await listPods(w, 'app=web')).filter(isReady).length === 4, 'four pods');
    await eventually(async () => (await rsStatus('web')).readyReplicas === 4, 'status ready 4');
  });

  it('never has more pods than it wants while its creates are in flight (expectations)', async () => {
    let max = 0;
    const inf = await watchAll(w, '', 'pods', (all) => {
      max = Math.max(max, activePods(all).filter((p) => p.metadata.labels?.app === 'burst').length);
    });
    try {
      await w.replicaSets.create('default', replicaSet('burst', 20, { app: 'burst' }));
      await eventually(async () => (await rsStatus('burst')).readyReplicas === 20, '20 ready');
      // Keep poking the ReplicaSet while it settles: every sync must see its own creates.
      for (let i = 0; i < 5; i++) await w.replicaSets.patch('default', 'burst', 'merge', { metadata: { annotations: { poke: String(i) } } });
      await eventually(async () => (await rsStatus('burst')).observedGeneration === 1 && activePods(await listPods(w, 'app=burst')).length === 20, 'settled');
      assert.equal(max, 20);
    } finally {
      inf.stop();
    }
  });

  it('adopts a matching orphan instead of creating a pod, and releases a pod that stops matching', async () => {
    const orphan = await w.pods.create('default', { metadata: { name: 'stray', labels: { app: 'adopt' } }, spec: podTemplate({ app: 'adopt' }).spec });
    const rs = await w.replicaSets.create('default', replicaSet('adopt', 1, { app: 'adopt' }));
    const adopted = await eventually(async () => {
      const p = await w.pods.get('default', 'stray');
      return p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid && p;
    }, 'adoption');
    assert.equal(adopted.metadata.uid, orphan.metadata.uid);
    assert.deepEqual(adopted.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'adopt', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    await eventually(async () => (await rsStatus('adopt')).readyReplicas === 1, 'ready 1');
    assert.equal((await listPods(w, 'app=adopt')).length, 1, 'no pod was created for the adopted one');

    // Relabel: the ReplicaSet lets go of it and makes a replacement.
    await w.pods.patch('default', 'stray', 'merge', { metadata: { labels: { app: 'elsewhere' } } });
    const released = await eventually(async () => {
      const p = await w.pods.get('default', 'stray');
      return !(p.metadata.ownerReferences ?? []).length && p;
    }, 'release');
    assert.equal(released.metadata.labels.app, 'elsewhere');
    await eventually(async () => activePods(await listPods(w, 'app=adopt')).length === 1, 'replacement');
  });

  it('does not adopt pods another controller owns', async () => {
    const other = await w.replicaSets.create('default', replicaSet('owner-a', 1, { app: 'shared' }));
    await eventually(async () => (await rsStatus('owner-a')).readyReplicas === 1, 'a ready');
    const b = await w.replicaSets.create('default', replicaSet('owner-b', 1, { app: 'shared' }));
    await eventually(async () => (await rsStatus('owner-b')).readyReplicas === 1, 'b ready');
    const pods = await listPods(w, 'app=shared');
    assert.equal(pods.length, 2);
    assert.deepEqual(pods.map((p) => p.metadata.ownerReferences[0].uid).sort(), [other.metadata.uid, b.metadata.uid].sort());
  });

  it('deletes the not-ready pod first when scaling down', async () => {
    await w.replicaSets.create('default', replicaSet('rank', 3, { app: 'rank' }));
    await eventually(async () => (await rsStatus('rank')).readyReplicas === 3, '3 ready');
    const [victim] = await listPods(w, 'app=rank');
    await w.kubelet.setReady('default', victim!.metadata.name, false);
    await eventually(async () => (await rsStatus('rank')).readyReplicas === 2, 'one unready');
    await w.replicaSets.patch('default', 'rank', 'merge', { spec: { replicas: 2 } });
    await eventually(async () => activePods(await listPods(w, 'app=rank')).length === 2, 'two left');
    const left = activePods(await listPods(w, 'app=rank')).map((p) => p.metadata.name);
    assert.ok(!left.includes(victim!.metadata.name), `${victim!.metadata.name} should have gone first, left: ${left}`);
  });

  it('counts a pod available only after minReadySeconds, and looks again when it is', async () => {
    await w.replicaSets.create('default', replicaSet('slow', 2, { app: 'slow' }, { minReadySeconds: 1 }));
    await eventually(async () => (await rsStatus('slow')).readyReplicas === 2, 'ready');
    const s = await rsStatus('slow');
    assert.notEqual(s.availableReplicas, 2, 'not available right away');
    await eventually(async () => (await rsStatus('slow')).availableReplicas === 2, 'available after minReadySeconds', 10_000);
  });

  it('reports ReplicaFailure when pods cannot be created, and a FailedCreate event', async () => {
    // spec.nodeName with scheduling gates passes template validation but not pod creation.
    const tpl = podTemplate({ app: 'broken' }, 'nginx', { schedulingGates: [{ name: 'example.com/gate' }] });
    await w.replicaSets.create('default', { metadata: { name: 'broken' }, spec: { replicas: 2, selector: { matchLabels: { app: 'broken' } }, template: tpl } });
    const st = await eventually(async () => {
      const s = await rsStatus('broken');
      return s.conditions?.length && s;
    }, 'failure condition');
    const [cond] = st.conditions as Obj[];
    assert.equal(cond!.type, 'ReplicaFailure');
    assert.equal(cond!.status, 'True');
    assert.equal(cond!.reason, 'FailedCreate');
    assert.match(cond!.message, /^Pod "broken-\w*" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared$/);
    assert.equal(st.replicas, 0);
    const events = await eventMessages(w, 'broken');
    assert.ok(events.some((e) => e.startsWith('FailedCreate: Error creating: Pod "broken-')), events.join('\n'));
    // Fixing the template clears the condition.
    await w.replicaSets.patch('default', 'broken', 'merge', { spec: { template: { spec: { schedulingGates: null } } } });
    await eventually(async () => {
      const s = await rsStatus('broken');
      return !s.conditions && s.readyReplicas === 2;
    }, 'recovered');
  });
});
