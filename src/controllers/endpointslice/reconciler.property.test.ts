// Level-based convergence: whatever sequence of pod and Service changes happens, and however
// often the reconciler ran in between, once it settles the slices hold exactly the endpoints
// a rebuild from scratch would publish, no slice is over the limit, and one more pass writes
// nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Obj } from '../../client/index.ts';
import { reconcile } from './reconciler.ts';
import { endpointSummary } from './testkit.ts';

const max = 3;
const node = { metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'z' } } };

type Op =
  | { kind: 'add'; id: number; ready: boolean; named: boolean }
  | { kind: 'ready'; id: number; ready: boolean }
  | { kind: 'terminate'; id: number }
  | { kind: 'delete'; id: number }
  | { kind: 'publishNotReady'; on: boolean }
  | { kind: 'targetPort'; named: boolean }
  | { kind: 'sync' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), id: fc.nat(11), ready: fc.boolean(), named: fc.boolean() }),
  fc.record({ kind: fc.constant('ready' as const), id: fc.nat(11), ready: fc.boolean() }),
  fc.record({ kind: fc.constant('terminate' as const), id: fc.nat(11) }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.nat(11) }),
  fc.record({ kind: fc.constant('publishNotReady' as const), on: fc.boolean() }),
  fc.record({ kind: fc.constant('targetPort' as const), named: fc.boolean() }),
  fc.constant({ kind: 'sync' as const }),
);

function makePod(id: number, ready: boolean, named: boolean): Obj {
  return {
    metadata: { name: `p${id}`, namespace: 'default', uid: `uid-${id}`, labels: { app: 'x' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', ports: named ? [{ name: 'http', containerPort: 8000 + id }] : [] }] },
    status: { phase: 'Running', podIP: `10.0.0.${id + 1}`, podIPs: [{ ip: `10.0.0.${id + 1}` }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

/** An API server in miniature: applies a plan to a named set of slices. */
function apply(slices: Map<string, Obj>, plan: ReturnType<typeof reconcile>, counter: { n: number }): number {
  for (const s of plan.create) {
    const name = `${s.metadata.generateName}${counter.n++}`;
    slices.set(name, structuredClone({ ...s, metadata: { ...s.metadata, name, uid: name } }));
  }
  for (const s of plan.update) {
    assert.ok(slices.has(s.metadata.name), `update of unknown slice ${s.metadata.name}`);
    slices.set(s.metadata.name, structuredClone(s));
  }
  for (const s of plan.delete) slices.delete(s.metadata.name);
  return plan.create.length + plan.update.length + plan.delete.length;
}

describe('EndpointSlice reconciler (property)', () => {
  it('converges to what a rebuild from scratch publishes, whatever the history', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const svc: Obj = { metadata: { name: 'svc', namespace: 'default', uid: 'svc-uid' }, spec: { selector: { app: 'x' }, clusterIP: '10.96.0.9', ipFamilies: ['IPv4'], ports: [{ name: 'web', port: 80, targetPort: 8080, protocol: 'TCP' }] } };
        const pods = new Map<number, Obj>();
        const slices = new Map<string, Obj>();
        const counter = { n: 0 };
        const run = () =>
          reconcile({ service: svc, pods: [...pods.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)), existing: [...slices.values()], node: () => node, maxEndpointsPerSlice: max, managedBy: 'endpointslice-controller.k8s.io' });
        for (const op of ops) {
          const pod = 'id' in op ? pods.get(op.id) : undefined;
          switch (op.kind) {
            case 'add':
              if (!pod) pods.set(op.id, makePod(op.id, op.ready, op.named));
              break;
            case 'ready':
              if (pod) pod.status.conditions = [{ type: 'Ready', status: op.ready ? 'True' : 'False' }];
              break;
            case 'terminate':
              if (pod) pod.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
              break;
            case 'delete':
              pods.delete(op.id);
              break;
            case 'publishNotReady':
              svc.spec.publishNotReadyAddresses = op.on;
              break;
            case 'targetPort':
              svc.spec.ports = [{ name: 'web', port: 80, targetPort: op.named ? 'http' : 8080, protocol: 'TCP' }];
              break;
            case 'sync':
              apply(slices, run(), counter);
          }
        }
        // Settle: the first pass must converge; the next one must write nothing.
        apply(slices, run(), counter);
        assert.equal(apply(slices, run(), counter), 0, 'a settled state is rewritten');
        for (const s of slices.values()) assert.ok((s.endpoints ?? []).length <= max);
        const fresh = new Map<string, Obj>();
        apply(fresh, reconcile({ service: svc, pods: [...pods.values()], existing: [], node: () => node, maxEndpointsPerSlice: max, managedBy: 'endpointslice-controller.k8s.io' }), { n: 0 });
        assert.deepEqual(endpointSummary([...slices.values()]), endpointSummary([...fresh.values()]));
        // Equal-size groups need no more slices than a rebuild plus the partial ones it packs.
        const nonEmpty = [...slices.values()].filter((s) => (s.endpoints ?? []).length > 0).length;
        assert.ok(nonEmpty >= [...fresh.values()].filter((s) => (s.endpoints ?? []).length > 0).length);
      }),
      { numRuns: 300 },
    );
  });
});
