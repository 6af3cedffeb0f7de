// Events are stored once and served two ways, as upstream converts them
// (pkg/apis/events/v1/conversion.go): core/v1 `message`, `involvedObject`,
// `reportingComponent`, `source`, `count`, `firstTimestamp`/`lastTimestamp` are
// events.k8s.io/v1 `note`, `regarding`, `reportingController`, `deprecatedSource`,
// `deprecatedCount`, `deprecatedFirstTimestamp`/`deprecatedLastTimestamp`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { namespace, uniqueName, useServer } from './testkit.ts';

const t = useServer();

const core = (space: string, name?: string) => `/api/v1/namespaces/${space}/events${name ? `/${name}` : ''}`;
const v1 = (space: string, name?: string) => `/apis/events.k8s.io/v1/namespaces/${space}/events${name ? `/${name}` : ''}`;

describe('events.k8s.io/v1 and core/v1 Events', () => {
  it('reads an events.k8s.io Event back through core/v1 with the fields mapped', async () => {
    const space = await namespace(t.client, 'ev');
    const name = uniqueName('e');
    const created = await t.client.post(v1(space), {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name },
      eventTime: '2024-05-01T10:00:00.123456Z',
      reportingController: 'example.com/controller',
      reportingInstance: 'controller-0',
      action: 'Reconcile',
      reason: 'Synced',
      regarding: { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: space, uid: 'svc-uid' },
      note: 'service synced',
      type: 'Normal',
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.apiVersion, 'events.k8s.io/v1');
    assert.equal(created.body.note, 'service synced');

    const r = await t.client.get(core(space, name));
    assert.equal(r.status, 200);
    const e = r.body;
    assert.equal(e.apiVersion, 'v1');
    assert.equal(e.kind, 'Event');
    assert.equal(e.message, 'service synced');
    assert.deepEqual(e.involvedObject, { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: space, uid: 'svc-uid' });
    assert.equal(e.reportingComponent, 'example.com/controller');
    assert.equal(e.reportingInstance, 'controller-0');
    assert.equal(e.action, 'Reconcile');
    assert.equal(e.reason, 'Synced');
    assert.equal(e.type, 'Normal');
    assert.equal(e.eventTime, '2024-05-01T10:00:00.123456Z');
    assert.equal(e.note, undefined);
    assert.equal(e.regarding, undefined);
    assert.equal(e.reportingController, undefined);
    assert.equal(e.metadata.uid, created.body.metadata.uid);
    assert.equal(e.metadata.resourceVersion, created.body.metadata.resourceVersion);
  });

  it('reads a core/v1 Event back through events.k8s.io with the fields mapped', async () => {
    const space = await namespace(t.client, 'ev');
    const name = uniqueName('e');
    const created = await t.client.create(core(space), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { kind: 'Pod', name: 'web-0', namespace: space, uid: 'pod-uid' },
      reason: 'Started',
      message: 'Started container web',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2024-05-01T10:00:00Z',
      lastTimestamp: '2024-05-01T10:05:00Z',
      count: 3,
      type: 'Normal',
      reportingComponent: 'kubelet',
      reportingInstance: 'node-1',
    });
    const r = await t.client.get(v1(space, name));
    assert.equal(r.status, 200);
    const e = r.body;
    assert.equal(e.apiVersion, 'events.k8s.io/v1');
    assert.equal(e.note, 'Started container web');
    assert.deepEqual(e.regarding, { kind: 'Pod', name: 'web-0', namespace: space, uid: 'pod-uid' });
    assert.equal(e.reportingController, 'kubelet');
    assert.equal(e.reportingInstance, 'node-1');
    assert.deepEqual(e.deprecatedSource, { component: 'kubelet', host: 'node-1' });
    assert.equal(e.deprecatedCount, 3);
    assert.equal(e.deprecatedFirstTimestamp, '2024-05-01T10:00:00Z');
    assert.equal(e.deprecatedLastTimestamp, '2024-05-01T10:05:00Z');
    assert.equal(e.eventTime, null, 'eventTime is not omitted, upstream encodes it as null');
    assert.equal(e.message, undefined);
    assert.equal(e.involvedObject, undefined);
    assert.equal(e.metadata.uid, created.metadata.uid);
  });

  it('does not invent a reportingController from the legacy source', async () => {
    const space = await namespace(t.client, 'ev');
    const name = uniqueName('e');
    await t.client.create(core(space), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { kind: 'Pod', name: 'p', namespace: space },
      reason: 'Old',
      message: 'from an old client',
      source: { component: 'old-client' },
      type: 'Normal',
    });
    const r = await t.client.get(v1(space, name));
    assert.equal(r.body.reportingController, undefined);
    assert.deepEqual(r.body.deprecatedSource, { component: 'old-client' });
  });

  it('lists and watches the same objects through both APIs', async () => {
    const space = await namespace(t.client, 'ev');
    const w = t.client.watch(v1(space) + `?watch=true&resourceVersion=${t.server.store.currentRevision()}`);
    try {
      await w.status;
      await t.client.create(core(space), { apiVersion: 'v1', kind: 'Event', metadata: { name: 'from-core' }, involvedObject: { kind: 'Pod', name: 'p', namespace: space }, reason: 'R', message: 'm', type: 'Normal' });
      const [e] = await w.take(1);
      assert.equal(e!.type, 'ADDED');
      assert.equal(e!.object.apiVersion, 'events.k8s.io/v1');
      assert.equal(e!.object.note, 'm');
      const listed = await t.client.get(v1(space));
      assert.equal(listed.body.kind, 'EventList');
      assert.equal(listed.body.apiVersion, 'events.k8s.io/v1');
      assert.deepEqual(listed.body.items.map((i: any) => i.note), ['m']);
      const byRegarding = await t.client.get(v1(space) + '?fieldSelector=' + encodeURIComponent('regarding.name=p,regarding.kind=Pod'));
      assert.equal(byRegarding.body.items.length, 1);
      const byCore = await t.client.get(core(space) + '?fieldSelector=' + encodeURIComponent('involvedObject.name=p'));
      assert.equal(byCore.body.items.length, 1);
    } finally {
      w.close();
    }
  });

  it('deletes through one API what the other created', async () => {
    const space = await namespace(t.client, 'ev');
    await t.client.create(core(space), { apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' }, involvedObject: { kind: 'Pod', name: 'p', namespace: space }, reason: 'R', message: 'm', type: 'Normal' });
    const del = await t.client.delete(v1(space, 'x'));
    assert.equal(del.status, 200);
    assert.equal(del.body.details.group, 'events.k8s.io');
    assert.equal((await t.client.get(core(space, 'x'))).status, 404);
  });

  it('validates an events.k8s.io Event strictly: reportingController, action and eventTime are required', async () => {
    const space = await namespace(t.client, 'ev');
    const r = await t.client.post(v1(space), {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'incomplete' },
      reason: 'R',
      note: 'n',
      type: 'Normal',
      regarding: { kind: 'Pod', name: 'p', namespace: space },
    });
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.equal(r.body.details.kind, 'Event');
    assert.equal(r.body.details.group, 'events.k8s.io');
    const fields = r.body.details.causes.map((c: any) => c.field);
    assert.ok(fields.includes('eventTime'), JSON.stringify(fields));
  });
});
