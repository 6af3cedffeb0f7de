import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable } from './index.ts';
import { ago, cells, narrow, now } from './testutil.ts';

const kind = { group: '', kind: 'Pod' };
const running = { running: { startedAt: ago(100) } };
const twoContainers = { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx' }] };
const pod = (spec: object, status: object, metadata: object = {}) => ({ metadata: { name: 'p', creationTimestamp: ago(3 * 3600 + 600), ...metadata }, spec, status });

test('columns: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES', () => {
  const t = buildTable(kind, [], { now });
  assert.deepEqual(
    t.columnDefinitions.map((c) => [c.name, c.type, c.priority]),
    [
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ],
  );
});

test('a running pod: 1/1 Running 0, and the wide cells', () => {
  const p = pod(
    { containers: [{ name: 'web', image: 'nginx' }], nodeName: 'node-1' },
    { phase: 'Running', podIP: '127.244.0.5', podIPs: [{ ip: '127.244.0.5' }], conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: running }] },
  );
  assert.deepEqual(cells(kind, p), ['p', '1/1', 'Running', '0', '3h10m', '127.244.0.5', 'node-1', '<none>', '<none>']);
});

test('upstream test1-3: the first container reason wins; restarts are summed', () => {
  const statuses = (second: object) => [
    { name: 'a', ready: true, restartCount: 3, state: running },
    { name: 'b', restartCount: 3, ...second },
  ];
  assert.deepEqual(narrow(kind, pod(twoContainers, { phase: 'podPhase', containerStatuses: statuses({}) }, { creationTimestamp: undefined })), ['p', '1/2', 'podPhase', '6', '<unknown>']);
  assert.deepEqual(narrow(kind, pod(twoContainers, { phase: 'podPhase', containerStatuses: statuses({ state: { waiting: { reason: 'ContainerWaitingReason' } } }) }, { creationTimestamp: undefined })), ['p', '1/2', 'ContainerWaitingReason', '6', '<unknown>']);
  assert.deepEqual(narrow(kind, pod(twoContainers, { phase: 'podPhase', containerStatuses: statuses({ state: { terminated: { reason: 'ContainerTerminatedReason', exitCode: 1 } } }) }, { creationTimestamp: undefined })), ['p', '1/2', 'ContainerTerminatedReason', '6', '<unknown>']);
});

test('terminated without a reason: Signal:N or ExitCode:N', () => {
  const one = { containers: [{ name: 'a', image: 'x' }] };
  assert.equal(cells(kind, pod(one, { phase: 'Running', containerStatuses: [{ name: 'a', restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] }))[2], 'Signal:9');
  assert.equal(cells(kind, pod(one, { phase: 'Running', containerStatuses: [{ name: 'a', restartCount: 0, state: { terminated: { exitCode: 2 } } }] }))[2], 'ExitCode:2');
});

test('CrashLoopBackOff with restarts and when the last one happened', () => {
  const p = pod(
    { containers: [{ name: 'a', image: 'x' }] },
    { phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(75) } } }] },
  );
  assert.deepEqual(narrow(kind, p), ['p', '0/1', 'CrashLoopBackOff', '4 (75s ago)', '3h10m']);
});

test('restarts without a recorded termination time are just the count', () => {
  const p = pod({ containers: [{ name: 'a', image: 'x' }] }, { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 2, state: running }] });
  assert.equal(cells(kind, p)[3], '2');
});

test('Completed: the pod phase Succeeded prints Completed and carries the Completed row condition', () => {
  const p = pod({ containers: [{ name: 'a', image: 'x' }] }, { phase: 'Succeeded', containerStatuses: [{ name: 'a', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
  const t = buildTable(kind, [p], { now });
  assert.deepEqual(t.rows[0]!.cells.slice(0, 4), ['p', '0/1', 'Completed', '0']);
  assert.deepEqual(t.rows[0]!.conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  const f = pod({ containers: [{ name: 'a', image: 'x' }] }, { phase: 'Failed', containerStatuses: [{ name: 'a', restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] });
  const tf = buildTable(kind, [f], { now });
  assert.equal(tf.rows[0]!.cells[2], 'Error');
  assert.deepEqual(tf.rows[0]!.conditions, [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
  assert.equal(buildTable(kind, [pod({}, { phase: 'Running' })], { now }).rows[0]!.conditions, undefined);
});

test('Completed with a container still running: Running if the pod is Ready, else NotReady', () => {
  const statuses = [
    { name: 'a', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    { name: 'b', ready: true, restartCount: 0, state: running },
  ];
  assert.deepEqual(cells(kind, pod(twoContainers, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses })).slice(1, 3), ['1/2', 'Running']);
  assert.deepEqual(cells(kind, pod(twoContainers, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: statuses })).slice(1, 3), ['1/2', 'NotReady']);
});

test('Terminating: a deletion timestamp on a non-terminal pod; Unknown for NodeLost', () => {
  const st = { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }] };
  const one = { containers: [{ name: 'a', image: 'x' }] };
  assert.equal(cells(kind, pod(one, st, { deletionTimestamp: ago(5) }))[2], 'Terminating');
  assert.equal(cells(kind, pod(one, { ...st, reason: 'NodeLost' }, { deletionTimestamp: ago(5) }))[2], 'Unknown');
  assert.equal(cells(kind, pod(one, { phase: 'Succeeded', containerStatuses: [{ name: 'a', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, { deletionTimestamp: ago(5) }))[2], 'Completed');
});

test('Pending pods: phase, status.reason, SchedulingGated, ContainerCreating', () => {
  const one = { containers: [{ name: 'a', image: 'x' }] };
  assert.deepEqual(cells(kind, pod(one, { phase: 'Pending' })).slice(1, 4), ['0/1', 'Pending', '0']);
  assert.equal(cells(kind, pod(one, { phase: 'Failed', reason: 'Evicted' }))[2], 'Evicted');
  assert.equal(cells(kind, pod({ ...one, schedulingGates: [{ name: 'g' }] }, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }))[2], 'SchedulingGated');
  assert.equal(cells(kind, pod(one, { phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }))[2], 'ContainerCreating');
  assert.equal(cells(kind, pod(one, { phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }] }))[2], 'ErrImagePull');
});

test('init containers: Init:i/n, Init:<reason>, Init:ExitCode/Signal; init restarts count while initializing', () => {
  const spec = { initContainers: [{ name: 'i1', image: 'x' }, { name: 'i2', image: 'x' }, { name: 'i3', image: 'x' }], containers: [{ name: 'a', image: 'x' }] };
  const done = { name: 'i1', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
  const mainWaiting = [{ name: 'a', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }];
  const st = (second: object) => ({ phase: 'Pending', initContainerStatuses: [done, { name: 'i2', ...second }, { name: 'i3', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }], containerStatuses: mainWaiting });
  assert.deepEqual(cells(kind, pod(spec, st({ restartCount: 0, state: running }))).slice(1, 4), ['0/1', 'Init:1/3', '0']);
  assert.deepEqual(cells(kind, pod(spec, st({ restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }))).slice(1, 3), ['0/1', 'Init:1/3']);
  assert.deepEqual(cells(kind, pod(spec, st({ restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } } }))).slice(1, 4), ['0/1', 'Init:CrashLoopBackOff', '5 (30s ago)']);
  assert.equal(cells(kind, pod(spec, st({ restartCount: 0, state: { terminated: { exitCode: 3 } } })))[2], 'Init:ExitCode:3');
  assert.equal(cells(kind, pod(spec, st({ restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } })))[2], 'Init:Signal:9');
  assert.equal(cells(kind, pod(spec, st({ restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } })))[2], 'Init:Error');
  assert.equal(cells(kind, pod(spec, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { waiting: {} } }] }))[2], 'Init:0/3');
});

test('sidecars (restartable init containers) count toward READY and RESTARTS', () => {
  const spec = { initContainers: [{ name: 'side', image: 'x', restartPolicy: 'Always' }], containers: [{ name: 'a', image: 'x' }] };
  const st = {
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
    initContainerStatuses: [{ name: 'side', ready: true, started: true, restartCount: 1, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(600) } } }],
    containerStatuses: [{ name: 'a', ready: true, restartCount: 2, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(90) } } }],
  };
  assert.deepEqual(narrow(kind, pod(spec, st)).slice(1, 4), ['2/2', 'Running', '3 (90s ago)']);
});

test('wide cells: first of podIPs, nominated node, readiness gates true/total', () => {
  const p = pod(
    { containers: [{ name: 'a', image: 'x' }], readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
    { phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }, { ip: 'fd00::5' }], nominatedNodeName: 'node-2', conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }] },
  );
  assert.deepEqual(cells(kind, p).slice(5), ['10.244.0.5', '<none>', 'node-2', '1/2']);
  // podIP alone (no podIPs) still shows, as v1 -> internal conversion fills podIPs from it
  assert.equal(cells(kind, pod({}, { podIP: '10.244.0.6' }))[5], '10.244.0.6');
});
