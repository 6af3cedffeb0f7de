// The Deployment controller's arithmetic, as upstream's deployment_util tests pin it down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Obj } from '../../client/index.ts';
import { computeHash, safeEncodeString } from './hash.ts';
import { equalIgnoreHash, findActiveOrLatest, getProportion, maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, setNewReplicaSetAnnotations } from './util.ts';

const deploy = (replicas: number, surge: number | string, unavailable: number | string, extra: Record<string, unknown> = {}): Obj => ({
  metadata: { name: 'd', annotations: {} },
  spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, template: { metadata: { labels: { app: 'd' } } } },
  ...extra,
});
const rs = (name: string, replicas: number, annotations: Record<string, string> = {}, created = '2024-01-01T00:00:00Z'): Obj => ({ metadata: { name, annotations, creationTimestamp: created, uid: name }, spec: { replicas } });

describe('fenceposts', () => {
  it('rounds surge up and unavailability down; both zero makes one unavailable', () => {
    assert.deepEqual(resolveFenceposts('25%', '25%', 10), { surge: 3, unavailable: 2 });
    assert.deepEqual(resolveFenceposts('25%', '25%', 3), { surge: 1, unavailable: 0 });
    assert.deepEqual(resolveFenceposts(0, 0, 5), { surge: 0, unavailable: 1 });
    assert.deepEqual(resolveFenceposts('0%', '10%', 5), { surge: 0, unavailable: 1 });
    assert.deepEqual(resolveFenceposts(2, '50%', 5), { surge: 2, unavailable: 2 });
    assert.deepEqual(resolveFenceposts(undefined, undefined, 5), { surge: 0, unavailable: 1 });
  });
  it('maxUnavailable is capped at replicas and zero for Recreate or no replicas', () => {
    assert.equal(maxUnavailable(deploy(2, 0, 5)), 2);
    assert.equal(maxUnavailable(deploy(0, 1, 1)), 0);
    assert.equal(maxUnavailable({ metadata: {}, spec: { replicas: 3, strategy: { type: 'Recreate' } } }), 0);
    assert.equal(maxSurge({ metadata: {}, spec: { replicas: 3, strategy: { type: 'Recreate' } } }), 0);
    assert.equal(maxSurge(deploy(10, '25%', '25%')), 3);
  });
  it('the percent rounding is ceil/floor for any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (n, s, u) => {
        const r = resolveFenceposts(`${s}%`, `${u}%`, n);
        assert.equal(r.surge, Math.ceil((s * n) / 100));
        const u0 = Math.floor((u * n) / 100);
        assert.equal(r.unavailable, r.surge === 0 && u0 === 0 ? 1 : u0);
      }),
    );
  });
});

describe('scaling arithmetic', () => {
  it('NewRSNewReplicas surges only up to replicas + maxSurge', () => {
    const d = deploy(10, 3, 2);
    const newRS = rs('new', 0);
    assert.equal(newRSNewReplicas(d, [rs('old', 10), newRS], newRS), 3);
    assert.equal(newRSNewReplicas(d, [rs('old', 12), newRS], newRS), 1);
    assert.equal(newRSNewReplicas(d, [rs('old', 13), newRS], newRS), 0);
    const almost = rs('new', 9);
    assert.equal(newRSNewReplicas(d, [rs('old', 0), almost], almost), 10, 'never above replicas');
  });
  it('GetProportion splits by the max-replicas each ReplicaSet was sized for', () => {
    const d = deploy(8, 1, 1);
    const old = rs('old', 3, { 'deployment.kubernetes.io/max-replicas': '5' });
    const fresh = rs('new', 2, { 'deployment.kubernetes.io/max-replicas': '5' });
    // 9 allowed, 5 now: old 3*9/5 = 5.4 → 5 (+2); new 2*9/5 = 3.6 → 4 (+2).
    assert.equal(getProportion(old, d, 4, 0), 2);
    assert.equal(getProportion(fresh, d, 4, 2), 2);
    assert.equal(getProportion(fresh, d, 4, 4), 0);
    // Scaling to zero takes everything away.
    assert.equal(getProportion(old, deploy(0, 1, 1), -5, 0), -3);
  });
  it('FindActiveOrLatest: the one active, the newest when none, nothing when several', () => {
    const a = rs('a', 0, {}, '2024-01-01T00:00:00Z');
    const b = rs('b', 0, {}, '2024-01-02T00:00:00Z');
    assert.equal(findActiveOrLatest(undefined, [a, b])?.metadata.name, 'b');
    assert.equal(findActiveOrLatest(rs('n', 0), [a, b])?.metadata.name, 'n');
    assert.equal(findActiveOrLatest(rs('n', 0), [rs('x', 2), b])?.metadata.name, 'x');
    assert.equal(findActiveOrLatest(rs('n', 1), [rs('x', 2)]), undefined);
  });
});

describe('annotations', () => {
  it('a new ReplicaSet gets the revision, the replica annotations and the Deployment annotations but not kubectl apply', () => {
    const d = deploy(3, '25%', '25%');
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'why', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '7' };
    const r = rs('new', 3);
    r.metadata.annotations = undefined;
    assert.equal(setNewReplicaSetAnnotations(d, r, '2', false), true);
    assert.deepEqual(r.metadata.annotations, { 'kubernetes.io/change-cause': 'why', 'deployment.kubernetes.io/revision': '2', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
  });
  it('a ReplicaSet rolled back to keeps the revisions it had in revision-history', () => {
    const d = deploy(3, 1, 1);
    const r = rs('old', 0, { 'deployment.kubernetes.io/revision': '1' });
    setNewReplicaSetAnnotations(d, r, '3', true);
    assert.equal(r.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
    setNewReplicaSetAnnotations(d, r, '5', true);
    assert.equal(r.metadata.annotations['deployment.kubernetes.io/revision-history'], '1,3');
    assert.equal(r.metadata.annotations['deployment.kubernetes.io/revision'], '5');
    assert.equal(setNewReplicaSetAnnotations(d, r, '4', true), false, 'a lower revision changes nothing');
    // The history stays under the length limit by dropping the oldest entries.
    setNewReplicaSetAnnotations(d, r, '6', true, 4);
    assert.equal(r.metadata.annotations['deployment.kubernetes.io/revision-history'], '3,5');
  });
});

describe('pod-template-hash', () => {
  it('uses the SafeEncodeString alphabet over the decimal digits of the FNV-32a sum', () => {
    assert.equal(safeEncodeString('0123456789'), '456789bcdf');
    const h = computeHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } });
    assert.match(h, /^[456789bcdf]{1,10}$/);
  });
  it('is stable under key order and nulls, changes with the template and the collision count', () => {
    const a = { metadata: { labels: { app: 'web' }, creationTimestamp: null }, spec: { containers: [{ name: 'n', image: 'nginx' }] } };
    const b = { spec: { containers: [{ image: 'nginx', name: 'n' }] }, metadata: { labels: { app: 'web' } } };
    assert.equal(computeHash(a), computeHash(b));
    assert.notEqual(computeHash(a), computeHash({ ...b, spec: { containers: [{ image: 'nginx:1.27', name: 'n' }] } }));
    assert.notEqual(computeHash(a), computeHash(a, 1));
    assert.notEqual(computeHash(a, 1), computeHash(a, 2));
  });
  it('EqualIgnoreHash ignores only the pod-template-hash label', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'n', image: 'nginx' }] } };
    assert.ok(equalIgnoreHash(t, { ...t, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } }));
    assert.ok(!equalIgnoreHash(t, { ...t, metadata: { labels: { app: 'web', tier: 'x' } } }));
  });
});
