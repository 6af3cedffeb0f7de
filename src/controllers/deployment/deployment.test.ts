// The Deployment controller with the ReplicaSet controller and the fake kubelet, against an
// in-process API server: what a rollout looks like at every step.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Obj } from '../../client/index.ts';
import { replicaSetController } from '../replicaset/index.ts';
import { activePods, deployment, eventMessages, eventually, isReady, listPods, startWorld, watchAll, type World } from '../replicaset/testkit.ts';
import { deploymentController } from './index.ts';

const rev = (o: Obj) => o.metadata.annotations?.['deployment.kubernetes.io/revision'];
const image = (o: Obj) => o.spec.template.spec.containers[0].image;

describe('Deployment controller', () => {
  let w: World;
  // Pods whose image ends in ":broken" never become ready.
  before(async () => {
    w = await startWorld([deploymentController, replicaSetController], { ready: (pod) => !String(pod.spec?.containers?.[0]?.image).endsWith(':broken') });
  });
  after(async () => {
    await w?.stop();
  });

  const getD = (name: string) => w.deployments.get('default', name);
  const rsOf = async (name: string) => {
    const d = await getD(name);
    return (await w.replicaSets.list('default')).items.filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
  };
  const complete = (name: string, replicas: number) =>
    eventually(async () => {
      const d = await getD(name);
      const s = d.status ?? {};
      const prog = (s.conditions ?? []).find((c: Obj) => c.type === 'Progressing');
      return s.observedGeneration === d.metadata.generation && s.updatedReplicas === replicas && s.availableReplicas === replicas && s.replicas === replicas && prog?.reason === 'NewReplicaSetAvailable' && d;
    }, `${name} rolled out with ${replicas}`);
  const setImage = (name: string, img: string) => w.deployments.patch('default', name, 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: img }] } } } });

  it('creates a ReplicaSet for the template and reports the rollout as kubectl shows it', async () => {
    const created = await w.deployments.create('default', deployment('web', 3));
    const d = await complete('web', 3);
    const [rs, ...more] = await rsOf('web');
    assert.equal(more.length, 0);
    const hash = rs!.metadata.labels['pod-template-hash'];
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(rs!.metadata.name, `web-${hash}`);
    assert.deepEqual(rs!.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.deepEqual(rs!.spec.template.metadata.labels, { app: 'web', 'pod-template-hash': hash });
    assert.deepEqual(rs!.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(rs!.metadata.annotations, { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    assert.equal(rev(d), '1');
    assert.equal(d.spec.template.metadata.labels['pod-template-hash'], undefined, 'the Deployment template stays without the hash');
    const { conditions, ...counters } = d.status;
    assert.deepEqual(counters, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const byType = Object.fromEntries(conditions.map((c: Obj) => [c.type, c]));
    assert.deepEqual([byType.Available.status, byType.Available.reason, byType.Available.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
    assert.deepEqual([byType.Progressing.status, byType.Progressing.reason, byType.Progressing.message], ['True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`]);
    assert.deepEqual(await eventMessages(w, 'web'), [`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`]);
    const pods = activePods(await listPods(w, 'app=web'));
    assert.equal(pods.length, 3);
    for (const p of pods) assert.equal(p.metadata.labels['pod-template-hash'], hash);
  });

  it('rolls a template change step by step within maxSurge and maxUnavailable', async () => {
    const replicas = 5;
    await w.deployments.create('default', deployment('roll', replicas, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    await complete('roll', replicas);
    const violations: string[] = [];
    let states = 0;
    const rsWatch = await watchAll(w, 'apps', 'replicasets', (all) => {
      states++;
      const total = all.filter((rs) => rs.metadata.labels?.app === 'roll').reduce((n, rs) => n + rs.spec.replicas, 0);
      if (total > replicas + 1) violations.push(`ReplicaSets want ${total} pods: ${all.filter((rs) => rs.metadata.labels?.app === 'roll').map((rs) => `${rs.metadata.name}=${rs.spec.replicas}@${rs.metadata.resourceVersion}`)}`);
    });
    const podWatch = await watchAll(w, '', 'pods', (all) => {
      states++;
      const available = activePods(all).filter((p) => p.metadata.labels?.app === 'roll' && isReady(p)).length;
      if (available < replicas - 1) violations.push(`only ${available} ready pods`);
    });
    try {
      await setImage('roll', 'nginx:1.27');
      const d = await complete('roll', replicas);
      assert.equal(rev(d), '2');
      const rss = await rsOf('roll');
      const fresh = rss.find((rs) => image(rs) === 'nginx:1.27')!;
      const old = rss.find((rs) => image(rs) === 'nginx')!;
      assert.equal(fresh.spec.replicas, replicas);
      assert.equal(old.spec.replicas, 0);
      assert.equal(rev(fresh), '2');
      assert.equal(rev(old), '1');
      await eventually(async () => activePods(await listPods(w, 'app=roll')).length === replicas, 'old pods gone');
      assert.deepEqual(violations, [], (await eventMessages(w, 'roll')).join('\n') + w.errors.join('\n'));
      assert.ok(states > 10, `observed ${states} states`);
      const events = await eventMessages(w, 'roll');
      assert.ok(events.includes(`ScalingReplicaSet: Scaled up replica set ${fresh.metadata.name} from 0 to 1`), events.join('\n'));
      assert.ok(events.includes(`ScalingReplicaSet: Scaled down replica set ${old.metadata.name} from 5 to 4`), events.join('\n'));
    } finally {
      rsWatch.stop();
      podWatch.stop();
    }
  });

  it('stops where maxUnavailable says when new pods never become ready, and scales proportionally', async () => {
    await w.deployments.create('default', deployment('stuck', 4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    await complete('stuck', 4);
    await setImage('stuck', 'nginx:broken');
    const sizes = async () => {
      const rss = await rsOf('stuck');
      return [rss.find((rs) => image(rs) === 'nginx')?.spec.replicas, rss.find((rs) => image(rs) === 'nginx:broken')?.spec.replicas];
    };
    // Surge one new pod, drop one old, surge another: then every step would cost availability.
    await eventually(async () => JSON.stringify(await sizes()) === '[3,2]', 'old 3 new 2');
    await eventually(async () => (await getD('stuck')).status.unavailableReplicas === 2, 'status');
    const st = (await getD('stuck')).status;
    assert.deepEqual([st.replicas, st.updatedReplicas, st.readyReplicas, st.availableReplicas, st.unavailableReplicas], [5, 2, 3, 3, 2]);
    // Scaling mid-rollout spreads the change over both: 4+1 → 8+1, old 3→5, new 2→4.
    await w.deployments.patch('default', 'stuck', 'merge', { spec: { replicas: 8 } }, { subresource: 'scale' });
    await eventually(async () => JSON.stringify(await sizes()) === '[5,4]', 'old 5 new 4');
    for (const rs of await rsOf('stuck')) {
      assert.equal(rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'], '8');
      assert.equal(rs.metadata.annotations['deployment.kubernetes.io/max-replicas'], '9');
    }
    // Rolling back to a working image finishes the rollout on the old ReplicaSet.
    await setImage('stuck', 'nginx');
    const d = await complete('stuck', 8);
    assert.equal(rev(d), '3');
    const rss = await rsOf('stuck');
    const back = rss.find((rs) => image(rs) === 'nginx')!;
    assert.equal(rev(back), '3');
    assert.equal(back.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(back.spec.replicas, 8);
    assert.equal(rss.find((rs) => image(rs) === 'nginx:broken')!.spec.replicas, 0);
  });

  it('Recreate removes every old pod before the new ReplicaSet gets any', async () => {
    await w.deployments.create('default', deployment('recreate', 3, { strategy: { type: 'Recreate' } }));
    await complete('recreate', 3);
    const violations: string[] = [];
    const podWatch = await watchAll(w, '', 'pods', (all) => {
      const mine = all.filter((p) => p.metadata.labels?.app === 'recreate');
      const oldPods = mine.filter((p) => p.spec.containers[0].image === 'nginx');
      const newPods = mine.filter((p) => p.spec.containers[0].image === 'nginx:1.27');
      if (oldPods.length && newPods.length) violations.push(`${oldPods.length} old pods with ${newPods.length} new`);
    });
    try {
      await setImage('recreate', 'nginx:1.27');
      await complete('recreate', 3);
      assert.deepEqual(violations, []);
      const events = await eventMessages(w, 'recreate');
      const rss = await rsOf('recreate');
      const old = rss.find((rs) => rs.spec.template.spec.containers[0].image === 'nginx')!;
      const fresh = rss.find((rs) => rs.spec.template.spec.containers[0].image === 'nginx:1.27')!;
      assert.ok(events.indexOf(`ScalingReplicaSet: Scaled down replica set ${old.metadata.name} from 3 to 0`) >= 0, events.join('\n'));
      assert.ok(events.indexOf(`ScalingReplicaSet: Scaled up replica set ${fresh.metadata.name} from 0 to 3`) > events.indexOf(`ScalingReplicaSet: Scaled down replica set ${old.metadata.name} from 3 to 0`));
    } finally {
      podWatch.stop();
    }
  });

  it('keeps revisionHistoryLimit old ReplicaSets, deleting the oldest scaled-down ones', async () => {
    await w.deployments.create('default', deployment('hist', 1, { revisionHistoryLimit: 1 }));
    await complete('hist', 1);
    for (const tag of ['a', 'b', 'c']) {
      await setImage('hist', `nginx:${tag}`);
      await complete('hist', 1);
    }
    await eventually(async () => (await rsOf('hist')).length === 2, 'two ReplicaSets');
    const rss = await rsOf('hist');
    assert.deepEqual(rss.map((rs) => [image(rs), rev(rs)]).sort(), [['nginx:b', '3'], ['nginx:c', '4']]);
  });

  it('reports ProgressDeadlineExceeded when a rollout makes no progress in time', async () => {
    await w.deployments.create('default', deployment('late', 2, { progressDeadlineSeconds: 1 }, 'nginx:broken'));
    const d = await eventually(async () => {
      const d = await getD('late');
      const prog = (d.status?.conditions ?? []).find((c: Obj) => c.type === 'Progressing');
      return prog?.reason === 'ProgressDeadlineExceeded' && d;
    }, 'deadline exceeded', 10_000);
    const [rs] = await rsOf('late');
    const byType = Object.fromEntries(d.status.conditions.map((c: Obj) => [c.type, c]));
    assert.deepEqual([byType.Progressing.status, byType.Progressing.message], ['False', `ReplicaSet "${rs!.metadata.name}" has timed out progressing.`]);
    assert.deepEqual([byType.Available.status, byType.Available.reason, byType.Available.message], ['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.']);
    assert.equal(d.status.unavailableReplicas, 2);
  });

  it('does not roll out while paused, but still scales; resuming rolls out', async () => {
    await w.deployments.create('default', deployment('paused', 2));
    await complete('paused', 2);
    await w.deployments.patch('default', 'paused', 'merge', { spec: { paused: true } });
    await setImage('paused', 'nginx:1.27');
    const cond = await eventually(async () => {
      const d = await getD('paused');
      const prog = (d.status?.conditions ?? []).find((c: Obj) => c.type === 'Progressing');
      return prog?.reason === 'DeploymentPaused' && prog;
    }, 'paused condition');
    assert.deepEqual([cond.status, cond.message], ['Unknown', 'Deployment is paused']);
    await w.deployments.patch('default', 'paused', 'merge', { spec: { replicas: 3 } });
    await eventually(async () => (await getD('paused')).status.availableReplicas === 3, 'scaled while paused');
    assert.equal((await rsOf('paused')).length, 1, 'no new ReplicaSet while paused');
    assert.equal(activePods(await listPods(w, 'app=paused')).filter((p) => p.spec.containers[0].image === 'nginx:1.27').length, 0);
    await w.deployments.patch('default', 'paused', 'merge', { spec: { paused: false } });
    const d = await complete('paused', 3);
    assert.equal(rev(d), '2');
    assert.equal((await rsOf('paused')).length, 2);
  });

  it('adopts an orphaned ReplicaSet whose template matches instead of creating one', async () => {
    const d = deployment('orphan', 2);
    const labels = { app: 'orphan', 'pod-template-hash': 'manual' };
    await w.replicaSets.create('default', {
      metadata: { name: 'orphan-manual', labels },
      spec: { replicas: 2, selector: { matchLabels: labels }, template: { ...d.spec.template, metadata: { labels } } },
    });
    const created = await w.deployments.create('default', d);
    await complete('orphan', 2);
    const rss = await rsOf('orphan');
    assert.deepEqual(rss.map((rs) => rs.metadata.name), ['orphan-manual']);
    assert.equal(rss[0]!.metadata.ownerReferences[0].uid, created.metadata.uid);
    assert.equal(rev(rss[0]!), '1');
  });

  it('copies kubernetes.io/change-cause to the ReplicaSet of each revision', async () => {
    const d = deployment('cause', 1);
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'first' };
    await w.deployments.create('default', d);
    await complete('cause', 1);
    await w.deployments.patch('default', 'cause', 'strategic', { metadata: { annotations: { 'kubernetes.io/change-cause': 'second' } }, spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } } });
    await complete('cause', 1);
    await eventually(async () => (await rsOf('cause')).length === 2, 'two revisions');
    const rss = await rsOf('cause');
    const byRev = Object.fromEntries(rss.map((rs) => [rev(rs), rs.metadata.annotations['kubernetes.io/change-cause']]));
    assert.deepEqual(byRev, { '1': 'first', '2': 'second' });
  });
});
