// The scheduler against an in-process API server with fake Nodes: which node each pod gets
// (filters, spreading, least allocated, requests against allocatable counting pods bound a
// moment ago), and what an unschedulable pod shows (condition, event, upstream's message).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Obj } from '../../client/index.ts';
import { schedulerController } from './index.ts';
import { createNode, eventsFor, podSpec, readyCondition, startEnv, until, type Env } from './testkit.ts';

let env: Awaited<ReturnType<typeof startEnv>>;
const start = () => env.manager([schedulerController({ initialBackoffMs: 20, maxBackoffMs: 100 })]);

beforeEach(async () => {
  env = await startEnv();
});
afterEach(async () => {
  await env.stop();
});

const nodeOf = async (name: string) => (await env.pods.get('default', name)).spec?.nodeName as string | undefined;
const bound = (name: string) => until(() => nodeOf(name), 5000, `${name} to be bound`);

async function unschedulable(name: string): Promise<Obj> {
  return until(async () => {
    const p = await env.pods.get('default', name);
    const c = (p.status?.conditions ?? []).find((x: Obj) => x.type === 'PodScheduled');
    return c?.status === 'False' ? c : undefined;
  }, 5000, `${name} to be reported unschedulable`);
}

async function replicaSet(name: string): Promise<Obj> {
  const rs = env.rest.resource({ group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true, kind: 'ReplicaSet' });
  return rs.create('default', { metadata: { name }, spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
}

describe('scheduler: placement', () => {
  it('binds a pod, sets PodScheduled=True and records a Scheduled event from default-scheduler', async () => {
    await createNode(env, 'node-1');
    await start();
    await env.pods.create('default', podSpec('web-1'));
    assert.equal(await bound('web-1'), 'node-1');
    const pod = await env.pods.get('default', 'web-1');
    assert.equal(pod.status.conditions.find((c: Obj) => c.type === 'PodScheduled').status, 'True');
    const ev = await until(async () => (await eventsFor(env, 'default', 'web-1')).find((e) => e.reason === 'Scheduled'));
    assert.equal(ev.type, 'Normal');
    assert.equal(ev.message, 'Successfully assigned default/web-1 to node-1');
    assert.equal(ev.source.component, 'default-scheduler');
    assert.equal(ev.involvedObject.kind, 'Pod');
  });

  it('spreads the pods of one controller across nodes', async () => {
    for (const n of ['node-a', 'node-b', 'node-c']) await createNode(env, n);
    const rs = await replicaSet('web');
    for (let i = 0; i < 6; i++) await env.pods.create('default', podSpec(`web-${i}`, { owner: rs, labels: { app: 'web' } }));
    await start();
    const counts = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const n = await bound(`web-${i}`);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    assert.deepEqual([...counts.entries()].sort(), [['node-a', 2], ['node-b', 2], ['node-c', 2]]);
  });

  it('prefers the least allocated node for pods of no controller', async () => {
    await createNode(env, 'busy');
    await createNode(env, 'idle');
    await env.pods.create('default', { ...podSpec('hog', { cpu: '3', memory: '6Gi' }), spec: { ...podSpec('hog', { cpu: '3', memory: '6Gi' }).spec, nodeName: 'busy' } });
    await start();
    await env.pods.create('default', podSpec('small', { cpu: '100m' }));
    assert.equal(await bound('small'), 'idle');
  });

  it('counts requests against allocatable, including pods it has just bound', async () => {
    await createNode(env, 'small', { cpu: '1', memory: '1Gi', pods: '3' });
    for (let i = 0; i < 4; i++) await env.pods.create('default', podSpec(`p-${i}`, { cpu: '400m' }));
    await start();
    await bound('p-0');
    await bound('p-1');
    const c2 = await unschedulable('p-2');
    assert.equal(c2.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..');
    await unschedulable('p-3');
    assert.equal(await nodeOf('p-2'), undefined);
    // Room appears when a bound pod goes: one waiting pod gets it.
    await env.pods.delete('default', 'p-0', { gracePeriodSeconds: 0 });
    await until(async () => ((await nodeOf('p-2')) ? 1 : 0) + ((await nodeOf('p-3')) ? 1 : 0) === 1, 5000, 'one waiting pod to be bound');
  });

  it('reports too many pods, memory and a request larger than any node', async () => {
    await createNode(env, 'full', { pods: '0' });
    await createNode(env, 'tiny', { cpu: '1', memory: '1Gi' });
    await start();
    await env.pods.create('default', podSpec('big', { cpu: '2', memory: '2Gi' }));
    const c = await unschedulable('big');
    assert.equal(c.message, '0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..');
  });

  it('keeps off nodes with untolerated NoSchedule/NoExecute taints, unschedulable and not Ready nodes', async () => {
    await createNode(env, 'tainted', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    await createNode(env, 'draining', { unschedulable: true });
    await createNode(env, 'down', { ready: 'False' });
    await createNode(env, 'soft', { taints: [{ key: 'prefer', value: 'not', effect: 'PreferNoSchedule' }] });
    await start();
    await env.pods.create('default', podSpec('plain'));
    assert.equal(await bound('plain'), 'soft');
    await env.pods.create('default', podSpec('gpu', { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }], nodeSelector: { 'kubernetes.io/hostname': 'tainted' } } }));
    assert.equal(await bound('gpu'), 'tainted');
    await env.pods.create('default', podSpec('any', { spec: { tolerations: [{ operator: 'Exists' }], nodeSelector: { 'kubernetes.io/hostname': 'draining' } } }));
    assert.equal(await bound('any'), 'draining');
    await env.pods.create('default', podSpec('nowhere', { spec: { nodeSelector: { 'kubernetes.io/hostname': 'nope' }, tolerations: [] } }));
    const c = await unschedulable('nowhere');
    assert.equal(c.message, "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..");
  });

  it('follows required node affinity: In, NotIn, Exists, DoesNotExist, Gt, Lt and matchFields', async () => {
    await createNode(env, 'n1', { labels: { zone: 'a', gen: '3', ssd: 'true' } });
    await createNode(env, 'n2', { labels: { zone: 'b', gen: '5' } });
    await createNode(env, 'n3', { labels: { zone: 'c', gen: '7', ssd: 'true' } });
    await start();
    const affinity = (terms: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
    const cases: Array<[string, unknown[], string]> = [
      ['in', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }], 'n2'],
      ['notin', [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a', 'b'] }] }], 'n3'],
      ['exists', [{ matchExpressions: [{ key: 'ssd', operator: 'Exists' }, { key: 'gen', operator: 'Lt', values: ['5'] }] }], 'n1'],
      ['absent', [{ matchExpressions: [{ key: 'ssd', operator: 'DoesNotExist' }] }], 'n2'],
      ['gt', [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['6'] }] }], 'n3'],
      ['fields', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }], 'n2'],
      // Terms are ORed: the first matches nothing, the second n1.
      ['or', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }], 'n1'],
    ];
    for (const [name, terms] of cases) await env.pods.create('default', podSpec(name, { spec: affinity(terms) }));
    for (const [name, , want] of cases) assert.equal(await bound(name), want, name);
  });

  it('does not put two pods on one host port, but allows other ports and protocols', async () => {
    await createNode(env, 'only');
    await start();
    const withPort = (name: string, port: number, protocol = 'TCP') => ({ ...podSpec(name), spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: port, protocol }] }] } });
    await env.pods.create('default', withPort('a', 8080));
    assert.equal(await bound('a'), 'only');
    await env.pods.create('default', withPort('b', 8080, 'UDP'));
    assert.equal(await bound('b'), 'only');
    await env.pods.create('default', withPort('c', 8080));
    const c = await unschedulable('c');
    assert.equal(c.message, "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..");
  });

  it('leaves pods of other schedulers, bound pods and gated pods alone', async () => {
    await createNode(env, 'node-1');
    await start();
    await env.pods.create('default', podSpec('other', { spec: { schedulerName: 'my-scheduler' } }));
    await env.pods.create('default', podSpec('gated', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } }));
    await env.pods.create('default', podSpec('after'));
    await bound('after');
    assert.equal(await nodeOf('other'), undefined);
    assert.equal(await nodeOf('gated'), undefined);
    // Removing the gate lets it through.
    const gated = await env.pods.get('default', 'gated');
    await env.pods.update('default', { ...gated, spec: { ...gated.spec, schedulingGates: [] } });
    assert.equal(await bound('gated'), 'node-1');
  });
});

describe('scheduler: unschedulable pods', () => {
  it('reports upstream\'s message in PodScheduled=False and a FailedScheduling event', async () => {
    await createNode(env, 'node-1', { cpu: '1' });
    await createNode(env, 'node-2', { labels: { disk: 'hdd' } });
    await createNode(env, 'node-3', { labels: { disk: 'hdd' } });
    await start();
    await env.pods.create('default', podSpec('web-1', { cpu: '2', spec: { nodeSelector: { 'kubernetes.io/hostname': 'node-1' } } }));
    const want = "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..";
    const c = await unschedulable('web-1');
    assert.equal(c.reason, 'Unschedulable');
    assert.equal(c.message, want);
    const ev = await until(async () => (await eventsFor(env, 'default', 'web-1')).find((e) => e.reason === 'FailedScheduling'));
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.message, want);
    assert.equal(ev.source.component, 'default-scheduler');
    assert.equal((await env.pods.get('default', 'web-1')).status.phase, 'Pending');
  });

  it('says there are no nodes when there are none, and schedules when one registers', async () => {
    await start();
    await env.pods.create('default', podSpec('early'));
    const c = await unschedulable('early');
    assert.equal(c.message, 'no nodes available to schedule pods');
    await createNode(env, 'late');
    assert.equal(await bound('early'), 'late');
  });

  it('retries when a node becomes Ready', async () => {
    await createNode(env, 'node-1', { ready: 'False' });
    await start();
    await env.pods.create('default', podSpec('waiting'));
    const c = await unschedulable('waiting');
    assert.equal(c.message, '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..');
    await env.nodes.patch(undefined, 'node-1', 'strategic', { status: { conditions: [readyCondition('True')] } }, { subresource: 'status' });
    assert.equal(await bound('waiting'), 'node-1');
    const scheduled = (await env.pods.get('default', 'waiting')).status.conditions.find((x: Obj) => x.type === 'PodScheduled');
    assert.equal(scheduled.status, 'True');
    assert.equal(scheduled.reason, undefined);
  });

  it('retries when the pod itself changes (a toleration added)', async () => {
    await createNode(env, 'node-1', { taints: [{ key: 'team', value: 'blue', effect: 'NoSchedule' }] });
    await start();
    await env.pods.create('default', podSpec('tol'));
    await unschedulable('tol');
    const p = await env.pods.get('default', 'tol');
    await env.pods.update('default', { ...p, spec: { ...p.spec, tolerations: [...p.spec.tolerations, { key: 'team', operator: 'Exists', effect: 'NoSchedule' }] } });
    assert.equal(await bound('tol'), 'node-1');
  });
});
