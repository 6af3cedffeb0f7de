// The assumed-pods cache, deterministically: the informer here never shows a binding until
// the test says so, yet pods bound a moment ago count against the node; and toleration
// matching as upstream's ToleratesTaint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InformerHandlers, Obj } from '../../client/index.ts';
import type { ControllerContext } from '../controller.ts';
import { Scheduler } from './scheduler.ts';
import { toleratesTaint } from './tolerations.ts';

class FakeInformer {
  readonly items = new Map<string, Obj>();
  readonly handlers: InformerHandlers<Obj>[] = [];
  on(h: InformerHandlers<Obj>) {
    this.handlers.push(h);
    return this;
  }
  get(ns: string | undefined, name: string) {
    return this.items.get(ns ? `${ns}/${name}` : name);
  }
  list() {
    return [...this.items.values()];
  }
  put(o: Obj) {
    const key = o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
    const old = this.items.get(key);
    this.items.set(key, o);
    for (const h of this.handlers) old ? h.update?.(old, o) : h.add?.(o);
  }
}

function setup() {
  const pods = new FakeInformer();
  const nodes = new FakeInformer();
  const bindings: string[] = [];
  const patches: Obj[] = [];
  const client = {
    path: (ns: string, name: string, sub: string) => `${ns}/${name}/${sub}`,
    rest: { call: async (_m: string, path: string, opts: { body: Obj }) => void bindings.push(`${path} → ${opts.body.target.name}`) },
    patch: async (_ns: string, _n: string, _t: string, body: Obj) => void patches.push(body),
  };
  const ctx = {
    informers: { for: (_g: string, plural: string) => (plural === 'pods' ? pods : nodes) },
    rest: { resource: () => client },
    recorder: () => ({ event() {} }),
    log() {},
  } as unknown as ControllerContext;
  const scheduler = new Scheduler(ctx, { initialBackoffMs: 1, maxBackoffMs: 1 });
  return { pods, nodes, bindings, patches, scheduler };
}

const node = (name: string, cpu: string) => ({ metadata: { name }, status: { allocatable: { cpu, memory: '1Gi', pods: '10' }, conditions: [{ type: 'Ready', status: 'True' }] } });
const pod = (name: string, cpu: string, uid = `uid-${name}`) => ({ metadata: { namespace: 'default', name, uid }, spec: { containers: [{ name: 'c', resources: { requests: { cpu } } }] }, status: { phase: 'Pending' } });

describe('assumed pods', () => {
  it('count against the node until the informer shows them bound, and after', async () => {
    const t = setup();
    t.nodes.put(node('n1', '1'));
    for (const p of ['a', 'b', 'c']) t.pods.put(pod(p, '400m'));
    await t.scheduler.sync('default/a');
    await t.scheduler.sync('default/b');
    await t.scheduler.sync('default/c');
    assert.deepEqual(t.bindings, ['default/a/binding → n1', 'default/b/binding → n1']);
    assert.match(t.patches[0]!.status.conditions[0].message, /^0\/1 nodes are available: 1 Insufficient cpu\./);
    // The informer catches up: the confirmed pods still count, nothing is bound twice.
    t.pods.put({ ...pod('a', '400m'), spec: { ...pod('a', '400m').spec, nodeName: 'n1' } });
    await t.scheduler.sync('default/a');
    await new Promise((r) => setTimeout(r, 5));
    await t.scheduler.sync('default/c');
    assert.equal(t.bindings.length, 2);
  });

  it('do not hide a new pod of the same name (another uid)', async () => {
    const t = setup();
    t.nodes.put(node('n1', '1'));
    t.pods.put(pod('a', '100m'));
    await t.scheduler.sync('default/a');
    t.pods.put(pod('a', '100m', 'uid-second'));
    await t.scheduler.sync('default/a');
    assert.equal(t.bindings.length, 2);
  });
});

describe('toleratesTaint', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['Equal with the same value', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, true],
    ['empty operator means Equal', { key: 'k', value: 'v' }, true],
    ['Equal with another value', { key: 'k', operator: 'Equal', value: 'w' }, false],
    ['Exists on the key', { key: 'k', operator: 'Exists' }, true],
    ['Exists with no key tolerates everything', { operator: 'Exists' }, true],
    ['another effect', { key: 'k', operator: 'Exists', effect: 'NoExecute' }, false],
    ['another key', { key: 'j', operator: 'Exists' }, false],
    ['unknown operator', { key: 'k', operator: 'Gt', value: 'v' }, false],
  ];
  for (const [what, toleration, want] of cases) it(what, () => assert.equal(toleratesTaint(toleration, taint), want));
});
