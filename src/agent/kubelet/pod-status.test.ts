// Pod phase and conditions from container states, as the kubelet reports them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podPhase, podStatus, type ContainerSnapshot, type PodSnapshot } from './pod-status.ts';

const now = '2026-01-01T00:00:00Z';
const running = (name: string, ready = true): ContainerSnapshot => ({ name, image: 'nginx', state: { kind: 'running', startedAt: now }, restartCount: 0, ready, started: true });
const exited = (name: string, exitCode: number): ContainerSnapshot => ({ name, image: 'busybox', state: { kind: 'terminated', exitCode, reason: exitCode ? 'Error' : 'Completed', startedAt: now, finishedAt: now }, restartCount: 0, ready: false, started: false });
const waiting = (name: string, reason = 'ContainerCreating'): ContainerSnapshot => ({ name, image: 'x', state: { kind: 'waiting', reason }, restartCount: 0, ready: false, started: false });

function snap(containers: ContainerSnapshot[], restartPolicy = 'Always', extra: Partial<PodSnapshot> = {}): PodSnapshot {
  return { pod: { metadata: { name: 'p', namespace: 'default' }, spec: { restartPolicy }, status: {} }, podIP: '127.244.0.9', hostIP: '127.0.0.1', startTime: now, init: [], containers, initialized: true, now, ...extra };
}

describe('pod phase', () => {
  it('is Pending while a container waits, Running once all started', () => {
    assert.equal(podPhase(snap([running('a'), waiting('b')])), 'Pending');
    assert.equal(podPhase(snap([running('a'), running('b')])), 'Running');
  });
  it('is Succeeded or Failed only when nothing will restart', () => {
    assert.equal(podPhase(snap([exited('a', 0)], 'Never')), 'Succeeded');
    assert.equal(podPhase(snap([exited('a', 1)], 'Never')), 'Failed');
    assert.equal(podPhase(snap([exited('a', 0)], 'OnFailure')), 'Succeeded');
  });
  it('is Pending until init containers finish, Failed when one fails under Never', () => {
    assert.equal(podPhase(snap([waiting('a')], 'Always', { initialized: false, init: [running('init')] })), 'Pending');
    assert.equal(podPhase(snap([waiting('a')], 'Never', { initialized: false, init: [exited('init', 2)] })), 'Failed');
  });
});

describe('pod conditions', () => {
  it('say which containers are not ready', () => {
    const s = podStatus(snap([running('a'), running('b', false)]));
    const ready = s.conditions.find((c: { type: string }) => c.type === 'Ready');
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'ContainersNotReady');
    assert.equal(ready.message, 'containers with unready status: [b]');
    assert.deepEqual(s.podIPs, [{ ip: '127.244.0.9' }]);
  });
  it('are all True for a ready pod, keeping transition times that did not change', () => {
    const first = podStatus(snap([running('a')]));
    assert.ok(first.conditions.every((c: { status: string }) => c.status === 'True'));
    const later = podStatus({ ...snap([running('a')]), pod: { metadata: {}, spec: {}, status: { conditions: first.conditions } }, now: '2026-01-01T00:05:00Z' });
    assert.deepEqual(later.conditions, first.conditions);
  });
});
