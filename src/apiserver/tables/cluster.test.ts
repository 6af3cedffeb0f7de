// Node, Namespace, Lease, Event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable } from './index.ts';
import { ago, cells, narrow, now } from './testutil.ts';

const nodeKind = { group: '', kind: 'Node' };

test('Node columns: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME', () => {
  assert.deepEqual(
    buildTable(nodeKind, [], { now }).columnDefinitions.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Status', 0],
      ['Roles', 0],
      ['Age', 0],
      ['Version', 0],
      ['Internal-IP', 1],
      ['External-IP', 1],
      ['OS-Image', 1],
      ['Kernel-Version', 1],
      ['Container-Runtime', 1],
    ],
  );
});

test('Node: Ready, roles from labels, version, and the wide cells', () => {
  const node = {
    metadata: { name: 'node-1', creationTimestamp: ago(86400 * 3), labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': '', 'kubernetes.io/hostname': 'node-1' } },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '127.0.0.1' }],
      nodeInfo: { kubeletVersion: 'v1.32.0-portico', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'portico://0.1.0' },
    },
  };
  assert.deepEqual(cells(nodeKind, node), ['node-1', 'Ready', 'control-plane,worker', '3d', 'v1.32.0-portico', '127.0.0.1', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'portico://0.1.0']);
});

test('Node status: NotReady, Unknown (no Ready condition), SchedulingDisabled; roles <none> or kubernetes.io/role', () => {
  const n = (status: object, spec: object = {}, labels: object = {}) => ({ metadata: { name: 'n', labels }, spec, status });
  assert.equal(cells(nodeKind, n({ conditions: [{ type: 'Ready', status: 'False' }] }))[1], 'NotReady');
  assert.equal(cells(nodeKind, n({ conditions: [{ type: 'Ready', status: 'Unknown' }] }))[1], 'NotReady');
  assert.equal(cells(nodeKind, n({}))[1], 'Unknown');
  assert.equal(cells(nodeKind, n({ conditions: [{ type: 'Ready', status: 'True' }] }, { unschedulable: true }))[1], 'Ready,SchedulingDisabled');
  assert.equal(cells(nodeKind, n({}, { unschedulable: true }))[1], 'Unknown,SchedulingDisabled');
  assert.equal(cells(nodeKind, n({}))[2], '<none>');
  assert.equal(cells(nodeKind, n({}, {}, { 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/': '' }))[2], 'edge');
  assert.deepEqual(cells(nodeKind, n({})).slice(4), ['', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
});

test('Namespace: NAME STATUS AGE', () => {
  const kind = { group: '', kind: 'Namespace' };
  assert.deepEqual(buildTable(kind, [], { now }).columnDefinitions.map((c) => c.name), ['Name', 'Status', 'Age']);
  assert.deepEqual(cells(kind, { metadata: { name: 'default', creationTimestamp: ago(600) }, status: { phase: 'Active' } }), ['default', 'Active', '10m']);
  assert.deepEqual(cells(kind, { metadata: { name: 'old', creationTimestamp: ago(90), deletionTimestamp: ago(1) }, status: { phase: 'Terminating' } }), ['old', 'Terminating', '90s']);
});

test('Lease: NAME HOLDER AGE; no holder prints empty', () => {
  const kind = { group: 'coordination.k8s.io', kind: 'Lease' };
  assert.deepEqual(buildTable(kind, [], { now }).columnDefinitions.map((c) => c.name), ['Name', 'Holder', 'Age']);
  assert.deepEqual(cells(kind, { metadata: { name: 'node-1', creationTimestamp: ago(3600 * 9) }, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } }), ['node-1', 'node-1', '9h']);
  assert.deepEqual(cells(kind, { metadata: { name: 'free', creationTimestamp: ago(5) }, spec: {} }), ['free', '', '5s']);
});

const coreEvent = { group: '', kind: 'Event' };
const newEvent = { group: 'events.k8s.io', kind: 'Event' };

test('Event columns: LAST SEEN TYPE REASON OBJECT MESSAGE shown; SUBOBJECT SOURCE FIRST SEEN COUNT NAME wide', () => {
  const t = buildTable(coreEvent, [], { now });
  assert.deepEqual(
    t.columnDefinitions.map((c) => [c.name, c.format, c.priority]),
    [
      ['Last Seen', '', 0],
      ['Type', '', 0],
      ['Reason', '', 0],
      ['Object', '', 0],
      ['Subobject', '', 1],
      ['Source', '', 1],
      ['Message', '', 0],
      ['First Seen', '', 1],
      ['Count', '', 1],
      ['Name', 'name', 1],
    ],
  );
  assert.deepEqual(buildTable(newEvent, [], { now }).columnDefinitions, t.columnDefinitions);
});

test('core/v1 Event: kind/name of the object, trimmed message, source, count', () => {
  const ev = {
    metadata: { name: 'web.17c0a1b2c3d4e5f6', namespace: 'default' },
    involvedObject: { kind: 'Service', name: 'web', namespace: 'default', fieldPath: '' },
    reason: 'EnsuringLoadBalancer',
    message: 'Ensuring load balancer\n',
    type: 'Normal',
    source: { component: 'service-controller' },
    firstTimestamp: ago(14 * 60 + 20),
    lastTimestamp: ago(14 * 60),
    count: 3,
  };
  assert.deepEqual(cells(coreEvent, ev), ['14m', 'Normal', 'EnsuringLoadBalancer', 'service/web', '', 'service-controller', 'Ensuring load balancer', '14m', 3, 'web.17c0a1b2c3d4e5f6']);
  assert.deepEqual(narrow(coreEvent, ev), ['14m', 'Normal', 'EnsuringLoadBalancer', 'service/web', 'Ensuring load balancer']);
});

test('core/v1 Event: source host, subobject, no last timestamp (uses first), count 0 -> 1, object without name', () => {
  const ev = {
    metadata: { name: 'p.1' },
    involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{web}' },
    reason: 'Pulled',
    message: 'ok',
    type: 'Normal',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago(30),
  };
  assert.deepEqual(cells(coreEvent, ev), ['30s', 'Normal', 'Pulled', 'pod/p', 'spec.containers{web}', 'kubelet, node-1', 'ok', '30s', 1, 'p.1']);
  assert.equal(cells(coreEvent, { metadata: { name: 'x' }, involvedObject: { kind: 'Node' }, eventTime: '2024-05-01T11:59:50.123456Z' })[3], 'node');
  // no timestamps at all: LAST SEEN and FIRST SEEN are <unknown>
  const bare = cells(coreEvent, { metadata: { name: 'x' }, involvedObject: {} });
  assert.deepEqual([bare[0], bare[3], bare[7], bare[8]], ['<unknown>', '', '<unknown>', 1]);
});

test('core/v1 Event with a series and eventTime (new-style, reported by a controller)', () => {
  const ev = {
    metadata: { name: 'e' },
    involvedObject: { kind: 'Pod', name: 'p' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type: 'Warning',
    eventTime: '2024-05-01T11:50:00.000000Z',
    series: { count: 7, lastObservedTime: '2024-05-01T11:59:00.000000Z' },
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  };
  assert.deepEqual(cells(coreEvent, ev), ['60s', 'Warning', 'BackOff', 'pod/p', '', 'kubelet, node-1', 'Back-off restarting failed container', '10m', 7, 'e']);
});

test('events.k8s.io/v1 Event prints like its core/v1 form (regarding, note, deprecated* fields)', () => {
  const ev = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'web.1', namespace: 'default' },
    regarding: { kind: 'Deployment', name: 'web', namespace: 'default' },
    reason: 'ScalingReplicaSet',
    note: 'Scaled up replica set web-5d8f9c7b6 to 3',
    type: 'Normal',
    action: 'Scale',
    eventTime: null,
    reportingController: 'deployment-controller',
    reportingInstance: '',
    deprecatedSource: { component: 'deployment-controller' },
    deprecatedFirstTimestamp: ago(300),
    deprecatedLastTimestamp: ago(45),
    deprecatedCount: 2,
  };
  assert.deepEqual(cells(newEvent, ev), ['45s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-5d8f9c7b6 to 3', '5m', 2, 'web.1']);
  const fresh = { apiVersion: 'events.k8s.io/v1', metadata: { name: 'n' }, regarding: { kind: 'Pod', name: 'p' }, reason: 'Started', note: 'Started container', type: 'Normal', eventTime: '2024-05-01T11:59:55.000000Z', reportingController: 'kubelet', reportingInstance: 'node-1' };
  assert.deepEqual(cells(newEvent, fresh), ['5s', 'Normal', 'Started', 'pod/p', '', 'kubelet, node-1', 'Started container', '5s', 1, 'n']);
});
