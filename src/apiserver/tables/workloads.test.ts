import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable } from './index.ts';
import { ago, cells, narrow, now } from './testutil.ts';

const deployKind = { group: 'apps', kind: 'Deployment' };
const rsKind = { group: 'apps', kind: 'ReplicaSet' };
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox' }] } };

test('Deployment columns: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR', () => {
  assert.deepEqual(
    buildTable(deployKind, [], { now }).columnDefinitions.map((c) => [c.name, c.type, c.priority]),
    [
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Up-to-date', 'string', 0],
      ['Available', 'string', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ],
  );
});

test('Deployment: READY is ready/desired, counts are integers, wide cells list containers and the selector', () => {
  const d = { metadata: { name: 'web', creationTimestamp: ago(7 * 86400) }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
  assert.deepEqual(cells(deployKind, d), ['web', '2/3', 3, 2, '7d', 'web,sidecar', 'nginx:1.27,busybox', 'app=web']);
});

test('Deployment: a fresh one with no status is 0/N with zero counts', () => {
  const d = { metadata: { name: 'web', creationTimestamp: ago(2) }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template }, status: {} };
  assert.deepEqual(narrow(deployKind, d), ['web', '0/2', 0, 0, '2s']);
});

test('Deployment selector: expressions in upstream string form, sorted by key; invalid prints <invalid>', () => {
  const d = (selector: object) => ({ metadata: { name: 'd' }, spec: { replicas: 1, selector, template } });
  const sel = { matchLabels: { tier: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'canary'] }, { key: 'zone', operator: 'NotIn', values: ['b'] }, { key: 'app', operator: 'Exists' }, { key: 'legacy', operator: 'DoesNotExist' }] };
  assert.equal(cells(deployKind, d(sel))[7], 'app,env in (canary,prod),!legacy,tier=web,zone notin (b)');
  assert.equal(cells(deployKind, d({}))[7], '');
  assert.equal(cells(deployKind, d({ matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }))[7], '<invalid>');
  assert.equal(cells(deployKind, d({ matchExpressions: [{ key: 'env', operator: 'Near', values: ['x'] }] }))[7], '<invalid>');
});

test('ReplicaSet: DESIRED CURRENT READY as integers; selector via FormatLabelSelector', () => {
  const rs = { metadata: { name: 'web-5d8f9c7b6', creationTimestamp: ago(3600) }, spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f9c7b6' } }, template }, status: { replicas: 3, readyReplicas: 1 } };
  const t = buildTable(rsKind, [rs], { now });
  assert.deepEqual(
    t.columnDefinitions.map((c) => [c.name, c.type, c.priority]),
    [
      ['Name', 'string', 0],
      ['Desired', 'integer', 0],
      ['Current', 'integer', 0],
      ['Ready', 'integer', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ],
  );
  assert.deepEqual(t.rows[0]!.cells, ['web-5d8f9c7b6', 3, 3, 1, '60m', 'web,sidecar', 'nginx:1.27,busybox', 'app=web,pod-template-hash=5d8f9c7b6']);
});

test('ReplicaSet scaled to zero, and empty / invalid selectors (<none>, <error>)', () => {
  const rs = (selector: object | undefined) => ({ metadata: { name: 'old' }, spec: { replicas: 0, selector, template }, status: { replicas: 0 } });
  assert.deepEqual(narrow(rsKind, rs({ matchLabels: { app: 'web' } })), ['old', 0, 0, 0, '<unknown>']);
  assert.equal(cells(rsKind, rs({}))[7], '<none>');
  assert.equal(cells(rsKind, rs(undefined))[7], '<none>');
  assert.equal(cells(rsKind, rs({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }))[7], '<error>');
});
