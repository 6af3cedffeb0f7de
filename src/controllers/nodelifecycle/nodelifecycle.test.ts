// The node lifecycle controller with short grace periods: a node whose Lease stops being
// renewed goes Unknown and gets the unreachable taints, its pods stop being Ready and are
// evicted after their tolerationSeconds; a node that comes back loses the taints.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Obj } from '../../client/index.ts';
import { createNode, podSpec, readyCondition, startEnv, until } from '../scheduler/testkit.ts';
import { nodeLifecycleController, reconcileTaints } from './index.ts';

let env: Awaited<ReturnType<typeof startEnv>>;
const grace = 800;
const start = () => env.manager([nodeLifecycleController({ gracePeriodMs: grace, startupGracePeriodMs: grace, monitorPeriodMs: 100 })]);
const micro = (d = new Date()) => d.toISOString().replace(/Z$/, '000Z');

/** Renews the node's Lease like a kubelet, every 100 ms, until stopped. */
function heartbeat(name: string): { stop(): void } {
  let stopped = false;
  const renew = async () => {
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro() };
    try {
      await env.leases.patch('kube-node-lease', name, 'merge', { spec });
    } catch {
      await env.leases.create('kube-node-lease', { metadata: { name, namespace: 'kube-node-lease' }, spec }).catch(() => {});
    }
  };
  void renew();
  const t = setInterval(() => {
    if (!stopped) void renew().catch(() => {});
  }, 100);
  return {
    stop() {
      stopped = true;
      clearInterval(t);
    },
  };
}

/** A pod bound to the node and reported Running and Ready, as its kubelet would. */
async function runningPod(name: string, node: string, tolerations?: unknown[]): Promise<Obj> {
  const spec = podSpec(name, { spec: { nodeName: node, ...(tolerations ? { tolerations } : {}) } });
  const p = await env.pods.create('default', spec);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const conds = ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now }));
  return env.pods.patch('default', p.metadata.name, 'merge', { status: { phase: 'Running', podIP: '127.244.0.9', conditions: conds } }, { subresource: 'status' });
}

const node = (name: string) => env.nodes.get(undefined, name);
const ready = (n: Obj) => (n.status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
const taintKeys = (n: Obj) => (n.spec?.taints ?? []).map((t: Obj) => `${t.key}:${t.effect}`).sort();
const podReady = async (name: string) => ((await env.pods.get('default', name)).status?.conditions ?? []).find((c: Obj) => c.type === 'Ready')?.status;

beforeEach(async () => {
  env = await startEnv();
});
afterEach(async () => {
  await env.stop();
});

describe('node lifecycle', () => {
  it('keeps a node whose Lease is renewed Ready and untainted', async () => {
    await createNode(env, 'alive');
    const hb = heartbeat('alive');
    try {
      // A longer grace than the other tests, so a busy machine cannot starve the renewals.
      await env.manager([nodeLifecycleController({ gracePeriodMs: 3000, startupGracePeriodMs: 3000, monitorPeriodMs: 100 })]);
      await new Promise((r) => setTimeout(r, 4000));
      const n = await node('alive');
      assert.equal(ready(n).status, 'True');
      assert.deepEqual(taintKeys(n), []);
    } finally {
      hb.stop();
    }
  });

  it('marks a silent node Unknown, taints it unreachable, and its pods not Ready; recovery removes the taints', async () => {
    await createNode(env, 'lost');
    const hb = heartbeat('lost');
    await runningPod('web-1', 'lost');
    await start();
    hb.stop();
    const n = await until(async () => {
      const x = await node('lost');
      return ready(x).status === 'Unknown' && taintKeys(x).length === 2 ? x : undefined;
    }, 10_000, 'the node to go Unknown and be tainted');
    const c = ready(n);
    assert.equal(c.reason, 'NodeStatusUnknown');
    assert.equal(c.message, 'Kubelet stopped posting node status.');
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const x = n.status.conditions.find((y: Obj) => y.type === type);
      assert.equal(x.status, 'Unknown');
      assert.equal(x.reason, 'NodeStatusNeverUpdated');
    }
    assert.deepEqual(taintKeys(n), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    const noExecute = n.spec.taints.find((t: Obj) => t.effect === 'NoExecute');
    assert.match(noExecute.timeAdded, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await until(async () => (await podReady('web-1')) === 'False', 5000, 'the pod to be not Ready');
    // The default 300 s toleration keeps the pod for now.
    assert.equal((await env.pods.get('default', 'web-1')).metadata.deletionTimestamp, undefined);

    // The kubelet comes back: Lease renewed, Ready=True posted.
    const back = heartbeat('lost');
    try {
      await env.nodes.patch(undefined, 'lost', 'strategic', { status: { conditions: [readyCondition('True')] } }, { subresource: 'status' });
      await until(async () => taintKeys(await node('lost')).length === 0, 5000, 'the taints to go');
      assert.equal(ready(await node('lost')).status, 'True');
    } finally {
      back.stop();
    }
  });

  it('evicts pods after their tolerationSeconds, at once those that do not tolerate the taint', async () => {
    await createNode(env, 'gone');
    const hb = heartbeat('gone');
    const unreachable = (seconds: number) => [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }];
    await runningPod('short', 'gone', unreachable(1));
    await runningPod('now', 'gone', unreachable(0));
    await runningPod('forever', 'gone', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]);
    await runningPod('default', 'gone');
    await start();
    hb.stop();
    const deleting = async (name: string) => (await env.pods.get('default', name)).metadata.deletionTimestamp !== undefined;
    await until(() => deleting('now'), 10_000, 'the intolerant pod to be evicted');
    await until(() => deleting('short'), 10_000, 'the 1 s pod to be evicted');
    const evicted = await env.pods.get('default', 'short');
    const target = evicted.status.conditions.find((c: Obj) => c.type === 'DisruptionTarget');
    assert.equal(target.reason, 'DeletionByTaintManager');
    assert.equal(target.message, 'Taint manager: deleting due to NoExecute taint');
    const events = (await env.events.list('default')).items.filter((e: Obj) => e.reason === 'TaintManagerEviction');
    assert.ok(events.some((e: Obj) => e.message === 'Marking for deletion Pod default/short' && e.source.component === 'taint-eviction-controller'));
    assert.equal(await deleting('forever'), false);
    assert.equal(await deleting('default'), false);
  });

  it('taints a node that reports Ready=False not-ready, without touching its pods\' readiness', async () => {
    await createNode(env, 'sick', { ready: 'False' });
    const hb = heartbeat('sick');
    try {
      await runningPod('stays', 'sick', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]);
      await start();
      const n = await until(async () => {
        const x = await node('sick');
        return taintKeys(x).length === 2 ? x : undefined;
      }, 5000, 'the not-ready taints');
      assert.deepEqual(taintKeys(n), ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
      assert.equal(ready(n).status, 'False');
      assert.equal(await podReady('stays'), 'True');
    } finally {
      hb.stop();
    }
  });

  it('marks a node that never posted status NodeStatusNeverUpdated after the startup grace period', async () => {
    await env.nodes.create(undefined, { metadata: { name: 'mute' } });
    await start();
    const n = await until(async () => {
      const x = await node('mute');
      return ready(x)?.status === 'Unknown' ? x : undefined;
    }, 10_000, 'Ready=Unknown');
    assert.equal(ready(n).reason, 'NodeStatusNeverUpdated');
    assert.equal(ready(n).message, 'Kubelet never posted node status.');
    assert.equal(ready(n).lastHeartbeatTime, n.metadata.creationTimestamp);
    await until(async () => taintKeys(await node('mute')).includes('node.kubernetes.io/unreachable:NoSchedule'), 5000, 'the unreachable taint');
  });
});

describe('reconcileTaints', () => {
  it('keeps foreign taints and the timeAdded of kept ones, adds and removes only its own', () => {
    const current = [
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2024-01-01T00:00:00Z' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    ];
    const unreachable = [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
    ];
    assert.deepEqual(reconcileTaints(current, unreachable, '2024-02-02T00:00:00Z'), [
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-02-02T00:00:00Z' },
    ]);
    assert.equal(reconcileTaints(current, [current[1]!, current[2]!], 'x'), undefined);
    assert.deepEqual(reconcileTaints(current, [], 'x'), [current[0]]);
  });
});
