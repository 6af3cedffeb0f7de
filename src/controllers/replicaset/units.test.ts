// The ReplicaSet controller's pure parts: which pods go first, expectations, slow start.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Obj } from '../../client/index.ts';
import { ControllerExpectations, expectationsTimeoutMs } from './expectations.ts';
import { podFromTemplate, slowStartBatch } from './pod-control.ts';
import { podsToDelete } from './pod-ranking.ts';

const now = Date.parse('2024-06-01T12:00:00Z');
const ago = (s: number) => new Date(now - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; readySince?: number; created?: number; restarts?: number; cost?: string } = {}): Obj {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: ago(o.created ?? 1000), ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}) },
    spec: { nodeName: o.node ?? 'n1' },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: ago(o.readySince ?? 900) }],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}
const names = (pods: Obj[]) => pods.map((p) => p.metadata.name);

describe('surplus pod ranking', () => {
  it('prefers unscheduled, then pending, then not ready', () => {
    const pods = [pod('running'), pod('notready', { ready: false }), pod('pending', { phase: 'Pending', ready: false }), pod('unscheduled', { node: '', phase: 'Pending', ready: false })];
    assert.deepEqual(names(podsToDelete(pods, pods, 3, now)), ['unscheduled', 'pending', 'notready']);
  });
  it('then lower deletion cost, then pods doubled up on a node', () => {
    const pods = [pod('a', { node: 'n1' }), pod('b', { node: 'n2' }), pod('c', { node: 'n2' }), pod('d', { node: 'n2' }), pod('cheap', { node: 'n1', cost: '-5' })];
    const [first, second] = names(podsToDelete(pods, pods, 2, now));
    assert.equal(first, 'cheap');
    assert.ok(['b', 'c', 'd'].includes(second!), `the crowded node loses one next, not ${second}`);
  });
  it('then ready for less time (in log2 buckets), more restarts, newer', () => {
    const pods = [pod('old-ready', { readySince: 3600 }), pod('new-ready', { readySince: 10 })];
    assert.deepEqual(names(podsToDelete(pods, [], 1, now)), ['new-ready']);
    const restarts = [pod('calm', { restarts: 0 }), pod('flappy', { restarts: 4 })];
    assert.deepEqual(names(podsToDelete(restarts, [], 1, now)), ['flappy']);
    const ages = [pod('older', { created: 7200, readySince: 900 }), pod('newer', { created: 60, readySince: 900 })];
    assert.deepEqual(names(podsToDelete(ages, [], 1, now)), ['newer']);
  });
  it('takes everything when asked for as many as there are', () => {
    const pods = [pod('a'), pod('b')];
    assert.deepEqual(names(podsToDelete(pods, [], 2, now)).sort(), ['a', 'b']);
  });
});

describe('expectations', () => {
  it('hold a sync until every create and delete was observed, or for five minutes', () => {
    let t = 0;
    const e = new ControllerExpectations(() => t);
    assert.ok(e.satisfied('ns/rs'));
    e.expectCreations('ns/rs', 2);
    assert.ok(!e.satisfied('ns/rs'));
    e.creationObserved('ns/rs');
    assert.ok(!e.satisfied('ns/rs'));
    e.creationObserved('ns/rs');
    assert.ok(e.satisfied('ns/rs'));
    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/a');
    assert.ok(!e.satisfied('ns/rs'), 'the same pod counts once');
    t += expectationsTimeoutMs + 1;
    assert.ok(e.satisfied('ns/rs'), 'stale expectations expire');
  });
});

describe('pod creation', () => {
  it('slowStartBatch grows 1, 2, 4... and stops at the first failing batch', async () => {
    const batches: number[] = [];
    let inFlight = 0;
    let calls = 0;
    const r = await slowStartBatch(10, 1, async () => {
      const n = ++calls;
      inFlight++;
      await new Promise((res) => setImmediate(res));
      batches.push(inFlight);
      inFlight--;
      if (n === 5) throw new Error('quota');
    });
    assert.equal(calls, 7, '1 + 2 + 4, then no more');
    assert.equal(r.successes, 6);
    assert.equal((r.error as Error).message, 'quota');
  });
  it('GetPodFromTemplate copies labels, annotations, finalizers and the spec, and adds the controller reference', () => {
    const owner = { metadata: { name: 'web-abc', uid: 'u1' } };
    const p = podFromTemplate({ metadata: { labels: { a: 'b' }, annotations: { x: 'y' }, finalizers: ['f'] }, spec: { containers: [] } } as unknown as Obj, owner, 'apps/v1', 'ReplicaSet');
    assert.deepEqual(p, {
      metadata: { generateName: 'web-abc-', labels: { a: 'b' }, annotations: { x: 'y' }, finalizers: ['f'], ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true, blockOwnerDeletion: true }] },
      spec: { containers: [] },
    });
    assert.throws(() => podFromTemplate({ metadata: {} } as Obj, owner, 'apps/v1', 'ReplicaSet'), /unable to create pods, no labels/);
  });
});
