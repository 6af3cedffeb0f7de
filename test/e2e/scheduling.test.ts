// Scheduling and node health as a kubectl user sees them, with two fake nodes: pods spread
// over both, an impossible nodeSelector leaves a pod Pending with the FailedScheduling event,
// and a node whose kubelet falls silent goes NotReady and its pods stop being Ready.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../../src/api/resources.ts';
import { RestClient } from '../../src/client/index.ts';
import { Cluster, eventually, needsKubectl } from './harness.ts';
import { FakeKubelet } from './fake-kubelet.ts';

// The node lifecycle controller in `portico up` waits this long (seconds) for a silent node.
const graceSeconds = 2;

/** Renews a node's Lease in kube-node-lease like a kubelet (the fake kubelet does not). */
function leaseHeartbeat(url: string, node: string): { stop(): void } {
  const rest = new RestClient(url, `lease-heartbeat/${node}`);
  const leases = rest.resource(resources.find((r) => r.plural === 'leases')!);
  const renew = async () => {
    const spec = { holderIdentity: node, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace(/Z$/, '000Z') };
    try {
      await leases.patch('kube-node-lease', node, 'merge', { spec });
    } catch {
      await leases.create('kube-node-lease', { metadata: { name: node, namespace: 'kube-node-lease' }, spec }).catch(() => {});
    }
  };
  void renew().catch(() => {});
  const t = setInterval(() => void renew().catch(() => {}), 200);
  return {
    stop() {
      clearInterval(t);
      rest.close();
    },
  };
}

const podYaml = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: { app: spread }
spec:
  containers:
  - name: web
    image: nginx
${extra}`;

describe('scheduling with the real kubectl', { skip: needsKubectl }, () => {
  let c: Cluster;
  const kubelets: FakeKubelet[] = [];
  const heartbeats = new Map<string, { stop(): void }>();
  const previousGrace = process.env.PORTICO_NODE_MONITOR_GRACE_PERIOD;
  let agentNodes = 0;

  before(async () => {
    process.env.PORTICO_NODE_MONITOR_GRACE_PERIOD = String(graceSeconds);
    c = await Cluster.start();
    // `portico up` registers its own node (the agent's); cordon it so the fake nodes are the
    // only places left (it still counts in the scheduler's "0/N nodes" message).
    for (const n of (await c.k(['get', 'nodes', '-o', 'name'])).trim().split('\n').filter(Boolean)) {
      await c.k(['cordon', n]);
      agentNodes++;
    }
    for (const [i, name] of ['node-1', 'node-2'].entries()) {
      heartbeats.set(name, leaseHeartbeat(c.url, name));
      kubelets.push(await FakeKubelet.start(c, name, { subnet: i + 1 }));
    }
  });
  after(async () => {
    for (const h of heartbeats.values()) h.stop();
    for (const k of kubelets) await k.stop();
    await c?.stop();
    if (previousGrace === undefined) delete process.env.PORTICO_NODE_MONITOR_GRACE_PERIOD;
    else process.env.PORTICO_NODE_MONITOR_GRACE_PERIOD = previousGrace;
  });

  /** NAME → NODE from `kubectl get pods -o wide`. */
  async function podNodes(): Promise<Map<string, { ready: string; status: string; node: string }>> {
    const out = await c.k(['get', 'pods', '-o', 'wide', '--no-headers']);
    const rows = new Map<string, { ready: string; status: string; node: string }>();
    for (const line of out.trim().split('\n').filter(Boolean)) {
      const cols = line.trim().split(/\s+/);
      rows.set(cols[0]!, { ready: cols[1]!, status: cols[2]!, node: cols[6]! });
    }
    return rows;
  }

  it('spreads pods over both nodes (NODE column of kubectl get pods -o wide)', async () => {
    await c.k(['apply', '-f', '-'], { input: ['a', 'b', 'c', 'd'].map((n) => podYaml(`spread-${n}`)).join('---\n') });
    const rows = await eventually(async () => {
      const r = await podNodes();
      const spread = [...r].filter(([n]) => n.startsWith('spread-'));
      return spread.length === 4 && spread.every(([, v]) => v.status === 'Running') ? r : undefined;
    }, 15_000, 'four Running pods');
    const nodes = [...rows].filter(([n]) => n.startsWith('spread-')).map(([, v]) => v.node);
    assert.deepEqual(nodes.filter((n) => n === 'node-1').length, 2, nodes.join(' '));
    assert.deepEqual(nodes.filter((n) => n === 'node-2').length, 2, nodes.join(' '));
  });

  it('leaves a pod with an impossible nodeSelector Pending, with the FailedScheduling event in describe', async () => {
    await c.k(['apply', '-f', '-'], { input: podYaml('nowhere', '  nodeSelector:\n    disktype: ssd\n') });
    const total = 2 + agentNodes;
    // Reasons are sorted as "N reason" strings, as upstream sorts them.
    const reasons = ["2 node(s) didn't match Pod's node affinity/selector", ...(agentNodes ? [`${agentNodes} node(s) were unschedulable`] : [])].sort().join(', ');
    const want = `0/${total} nodes are available: ${reasons}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling..`;
    const described = await eventually(async () => {
      const out = await c.k(['describe', 'pod', 'nowhere']);
      return out.includes('FailedScheduling') ? out : undefined;
    }, 15_000, 'the FailedScheduling event');
    assert.match(described, /Status:\s+Pending/);
    assert.match(described, /Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0\/\d nodes are available/);
    assert.ok(described.replace(/\s+/g, ' ').includes(want), described);
    assert.match(described, /PodScheduled\s+False/);
    const rows = await podNodes();
    assert.equal(rows.get('nowhere')!.status, 'Pending');
    assert.equal(rows.get('nowhere')!.node, '<none>');
  });

  it('shows a node whose kubelet stops renewing its lease NotReady, and its pods not Ready', async () => {
    const onNode2 = [...(await podNodes())].filter(([n, v]) => n.startsWith('spread-') && v.node === 'node-2').map(([n]) => n);
    assert.ok(onNode2.length > 0);
    heartbeats.get('node-2')!.stop();
    await kubelets[1]!.stop();
    await eventually(async () => /^node-2\s+NotReady\b/m.test(await c.k(['get', 'nodes', '--no-headers'])), 20_000, 'node-2 NotReady');
    assert.match(await c.k(['get', 'nodes', '--no-headers']), /^node-1\s+Ready\b/m);
    // The Ready condition (what endpoints follow); kubectl's READY column counts containers.
    const readyCondition = async () => {
      const out = await c.k(['get', 'pods', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status']);
      return new Map(out.trim().split('\n').map((l) => l.trim().split(/\s+/) as [string, string]));
    };
    await eventually(async () => {
      const rows = await readyCondition();
      return onNode2.every((n) => rows.get(n) === 'False');
    }, 15_000, "node-2's pods not Ready").catch((e) => {
      throw new Error(`${(e as Error).message}\n${c.serverLog}`);
    });
    const node = JSON.parse(await c.k(['get', 'node', 'node-2', '-o', 'json']));
    const ready = node.status.conditions.find((x: { type: string }) => x.type === 'Ready');
    assert.equal(ready.status, 'Unknown');
    assert.equal(ready.reason, 'NodeStatusUnknown');
    assert.deepEqual(node.spec.taints.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    // Pods on node-1 stay Ready.
    const rows = await podNodes();
    const conditions = await readyCondition();
    for (const [name, v] of rows) if (name.startsWith('spread-') && v.node === 'node-1') assert.equal(conditions.get(name), 'True', name);
  });
});
