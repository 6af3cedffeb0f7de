// Create, read and update through HTTP, as kube-apiserver's generic registry and
// create/update handlers behave (endpoints/handlers/create.go, update.go; registry/store.go).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appsNs, deployment, namespace, ns, service, uniqueName, useServer } from './testkit.ts';

const t = useServer();

describe('create', () => {
  it('sets uid, creationTimestamp and resourceVersion, and GET returns the stored object', async () => {
    const r = await t.client.post(ns('default', 'services'), service('stamped'));
    assert.equal(r.status, 201);
    const meta = r.body.metadata;
    assert.match(meta.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(meta.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Date.parse(meta.creationTimestamp) - Date.now()) < 5000);
    assert.match(meta.resourceVersion, /^\d+$/);
    assert.equal(meta.namespace, 'default');
    assert.equal(r.body.apiVersion, 'v1');
    assert.equal(r.body.kind, 'Service');
    const got = await t.client.get(ns('default', 'services', 'stamped'));
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, r.body);
  });

  it('overwrites client-supplied uid and a null creationTimestamp', async () => {
    const body = service('client-stamps');
    (body.metadata as any).uid = 'not-a-server-uid';
    (body.metadata as any).creationTimestamp = null;
    const r = await t.client.post(ns('default', 'services'), body);
    assert.equal(r.status, 201);
    assert.notEqual(r.body.metadata.uid, 'not-a-server-uid');
    assert.equal(typeof r.body.metadata.creationTimestamp, 'string');
  });

  it('rejects a resourceVersion on create', async () => {
    const body = service('with-rv');
    (body.metadata as any).resourceVersion = '5';
    const r = await t.client.post(ns('default', 'services'), body);
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'resourceVersion should not be set on objects to be created');
  });

  it('gives each resourceVersion a higher number than the last', async () => {
    const a = await t.client.create(ns('default', 'services'), service(uniqueName('rv')));
    const b = await t.client.create(ns('default', 'services'), service(uniqueName('rv')));
    assert.ok(Number(b.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
  });

  it('generates a name from generateName: the prefix and five random characters', async () => {
    const body = { apiVersion: 'v1', kind: 'Service', metadata: { generateName: 'gen-' }, spec: { ports: [{ port: 80 }] } };
    const a = await t.client.post(ns('default', 'services'), body);
    const b = await t.client.post(ns('default', 'services'), body);
    assert.equal(a.status, 201);
    assert.match(a.body.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(a.body.metadata.generateName, 'gen-');
    assert.notEqual(a.body.metadata.name, b.body.metadata.name);
    assert.equal((await t.client.get(ns('default', 'services', a.body.metadata.name))).status, 200);
  });

  it('answers 409 AlreadyExists for a name taken, with the upstream message', async () => {
    await t.client.create(ns('default', 'services'), service('taken'));
    const r = await t.client.post(ns('default', 'services'), service('taken'));
    assert.equal(r.status, 409);
    assert.equal(r.body.kind, 'Status');
    assert.equal(r.body.status, 'Failure');
    assert.equal(r.body.reason, 'AlreadyExists');
    assert.equal(r.body.message, 'services "taken" already exists');
    assert.deepEqual(r.body.details, { name: 'taken', kind: 'services' });
    const d = await t.client.post(appsNs('default', 'deployments'), deployment('dtaken'));
    assert.equal(d.status, 201);
    const again = await t.client.post(appsNs('default', 'deployments'), deployment('dtaken'));
    assert.equal(again.body.message, 'deployments.apps "dtaken" already exists');
    assert.deepEqual(again.body.details, { name: 'dtaken', group: 'apps', kind: 'deployments' });
  });

  it('answers 404 when the namespace does not exist', async () => {
    const r = await t.client.post(ns('nowhere', 'services'), service('lost'));
    assert.equal(r.status, 404);
    assert.equal(r.body.reason, 'NotFound');
    assert.equal(r.body.message, 'namespaces "nowhere" not found');
    assert.deepEqual(r.body.details, { name: 'nowhere', kind: 'namespaces' });
  });

  it('answers 403 Forbidden in a namespace that is being terminated', async () => {
    const name = await namespace(t.client, 'doomed');
    const del = await t.client.delete(`/api/v1/namespaces/${name}`);
    assert.equal(del.status, 200);
    const r = await t.client.post(ns(name, 'services'), service('late'));
    assert.equal(r.status, 403);
    assert.equal(r.body.reason, 'Forbidden');
    assert.equal(r.body.message, `services "late" is forbidden: unable to create new content in namespace ${name} because it is being terminated`);
    assert.deepEqual(r.body.details, { name: 'late', kind: 'services' });
  });

  it('answers 400 when the body namespace differs from the URL namespace', async () => {
    const r = await t.client.post(ns('default', 'services'), service('elsewhere', { namespace: 'kube-system' }));
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
    assert.equal(r.body.message, 'the namespace of the provided object does not match the namespace sent on the request');
  });

  it('accepts a body namespace equal to the URL namespace', async () => {
    const r = await t.client.post(ns('kube-system', 'services'), service('same-ns', { namespace: 'kube-system' }));
    assert.equal(r.status, 201);
    assert.equal(r.body.metadata.namespace, 'kube-system');
  });

  it('stores nothing with dryRun=All, yet answers with the object as it would be', async () => {
    const r = await t.client.post(ns('default', 'services') + '?dryRun=All', service('dry'));
    assert.equal(r.status, 201);
    assert.equal(r.body.metadata.name, 'dry');
    assert.ok(r.body.metadata.uid);
    assert.equal(r.body.spec.type, 'ClusterIP');
    assert.equal((await t.client.get(ns('default', 'services', 'dry'))).status, 404);
    const list = await t.client.get(ns('default', 'services') + '?fieldSelector=metadata.name%3Ddry');
    assert.deepEqual(list.body.items, []);
  });

  it('rejects an unsupported dryRun value', async () => {
    const r = await t.client.post(ns('default', 'services') + '?dryRun=Some', service('dry2'));
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'dryRun: Unsupported value: "Some": supported values: "All"');
  });

  it('answers 400 for a body of another kind or API version than the URL', async () => {
    const wrongKind = await t.client.post(ns('default', 'services'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} });
    assert.equal(wrongKind.status, 400);
    assert.equal(wrongKind.body.reason, 'BadRequest');
    assert.match(wrongKind.body.message, /^Pod in version "v1" cannot be handled as a Service/);
    const wrongVersion = await t.client.post(ns('default', 'services'), { ...service('v'), apiVersion: 'apps/v1' });
    assert.equal(wrongVersion.status, 400);
    assert.equal(wrongVersion.body.message, 'the API version in the data (apps/v1) does not match the expected API version (v1)');
  });

  it('fills in apiVersion and kind when the body leaves them out', async () => {
    const { apiVersion: _a, kind: _k, ...rest } = service('untyped');
    const r = await t.client.post(ns('default', 'services'), rest);
    assert.equal(r.status, 201);
    assert.equal(r.body.kind, 'Service');
  });

  it('answers 400 for malformed JSON with upstream decode wording', async () => {
    const r = await t.client.request('POST', ns('default', 'services'), { raw: '{"apiVersion": "v1", "kind": ', contentType: 'application/json' });
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
    assert.ok(
      r.body.message.startsWith('the object provided is unrecognized (must be of type Service): couldn\'t get version/kind; json parse error:'),
      r.body.message,
    );
  });

  it('answers 400 for a JSON body that is not an object', async () => {
    const r = await t.client.request('POST', ns('default', 'services'), { raw: '[1,2]', contentType: 'application/json' });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /^the object provided is unrecognized \(must be of type Service\)/);
  });

  it('answers 413 for a body over 3 MiB', async () => {
    const big = JSON.stringify({ ...service('huge'), metadata: { name: 'huge', annotations: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } } });
    const r = await t.client.request('POST', ns('default', 'services'), { raw: big, contentType: 'application/json' });
    assert.equal(r.status, 413);
    assert.equal(r.body.reason, 'RequestEntityTooLarge');
    assert.equal(r.body.message, 'Request entity too large: limit is 3145728');
    assert.equal((await t.client.get(ns('default', 'services', 'huge'))).status, 404);
  });

  it('accepts a YAML body', async () => {
    const yaml = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: from-yaml', '  labels:', '    tier: "fe"', 'spec:', '  ports:', '  - port: 8080', '    name: web'].join('\n');
    const r = await t.client.request('POST', ns('default', 'services'), { raw: yaml, contentType: 'application/yaml' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.metadata.name, 'from-yaml');
    assert.deepEqual(r.body.metadata.labels, { tier: 'fe' });
    assert.equal(r.body.spec.ports[0].port, 8080);
  });

  it('answers 415 for a body media type it cannot decode', async () => {
    const r = await t.client.request('POST', ns('default', 'services'), { raw: 'name=x', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 415);
    assert.equal(r.body.reason, 'UnsupportedMediaType');
  });

  describe('fieldValidation', () => {
    const withUnknown = (name: string) => ({ ...service(name), spec: { ...service(name).spec, x: 1 } });

    it('Strict rejects unknown fields with 400 and the strict decoding error', async () => {
      const r = await t.client.post(ns('default', 'services') + '?fieldValidation=Strict', withUnknown('strict'));
      assert.equal(r.status, 400);
      assert.equal(r.body.reason, 'BadRequest');
      assert.equal(r.body.message, 'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.x"');
      assert.equal((await t.client.get(ns('default', 'services', 'strict'))).status, 404);
    });

    it('Warn stores the object without the field and says so in a Warning header', async () => {
      const r = await t.client.post(ns('default', 'services') + '?fieldValidation=Warn', withUnknown('warn'));
      assert.equal(r.status, 201);
      assert.equal(r.headers.get('warning'), '299 - "unknown field \\"spec.x\\""');
      assert.equal(r.body.spec.x, undefined);
      const got = await t.client.get(ns('default', 'services', 'warn'));
      assert.equal(got.body.spec.x, undefined);
    });

    it('defaults to Warn when the parameter is absent', async () => {
      const r = await t.client.post(ns('default', 'services'), withUnknown('warn-default'));
      assert.equal(r.status, 201);
      assert.equal(r.headers.get('warning'), '299 - "unknown field \\"spec.x\\""');
    });

    it('Ignore drops the field silently', async () => {
      const r = await t.client.post(ns('default', 'services') + '?fieldValidation=Ignore', withUnknown('ignore'));
      assert.equal(r.status, 201);
      assert.equal(r.headers.get('warning'), null);
      assert.equal(r.body.spec.x, undefined);
    });

    it('rejects an unknown directive', async () => {
      const r = await t.client.post(ns('default', 'services') + '?fieldValidation=Loose', withUnknown('loose'));
      assert.equal(r.status, 400);
      assert.equal(r.body.message, 'fieldValidation: Unsupported value: "Loose": supported values: "Ignore", "Strict", "Warn"');
    });
  });
});

describe('get', () => {
  it('answers 404 NotFound with the plural resource (and group) in the message', async () => {
    const r = await t.client.get(ns('default', 'services', 'nope'));
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'services "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'services' },
      code: 404,
    });
    const d = await t.client.get(appsNs('default', 'deployments', 'nope'));
    assert.equal(d.body.message, 'deployments.apps "nope" not found');
  });

  it('answers in YAML when asked', async () => {
    await t.client.create(ns('default', 'services'), service('as-yaml'));
    const r = await t.client.get(ns('default', 'services', 'as-yaml'), { accept: 'application/yaml' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/yaml');
    assert.match(r.text, /^apiVersion: v1\nkind: Service\n/);
  });

  it('answers 406 for a media type it cannot produce', async () => {
    const r = await t.client.get(ns('default', 'services', 'as-yaml'), { accept: 'text/html' });
    assert.equal(r.status, 406);
    assert.equal(r.body.reason, 'NotAcceptable');
  });
});

describe('update (PUT)', () => {
  it('answers 409 Conflict for a stale resourceVersion', async () => {
    const created = await t.client.create(ns('default', 'services'), service('stale'));
    const first = await t.client.put(ns('default', 'services', 'stale'), { ...created, metadata: { ...created.metadata, labels: { v: '1' } } });
    assert.equal(first.status, 200);
    const r = await t.client.put(ns('default', 'services', 'stale'), { ...created, metadata: { ...created.metadata, labels: { v: '2' } } });
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
    assert.equal(r.body.message, 'Operation cannot be fulfilled on services "stale": the object has been modified; please apply your changes to the latest version and try again');
    assert.deepEqual(r.body.details, { name: 'stale', kind: 'services' });
    assert.deepEqual((await t.client.get(ns('default', 'services', 'stale'))).body.metadata.labels, { v: '1' });
  });

  it('updates unconditionally when the body has no resourceVersion', async () => {
    const created = await t.client.create(ns('default', 'services'), service('uncond'));
    const { resourceVersion: _rv, ...meta } = created.metadata;
    const r = await t.client.put(ns('default', 'services', 'uncond'), { ...created, metadata: { ...meta, labels: { changed: 'yes' } } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.labels, { changed: 'yes' });
    assert.ok(Number(r.body.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
    assert.equal(r.body.metadata.uid, created.metadata.uid);
    assert.equal(r.body.metadata.creationTimestamp, created.metadata.creationTimestamp);
  });

  it('answers 400 when the body name differs from the URL name', async () => {
    const created = await t.client.create(ns('default', 'services'), service('named'));
    const r = await t.client.put(ns('default', 'services', 'named'), { ...created, metadata: { ...created.metadata, name: 'other' } });
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
    assert.equal(r.body.message, 'the name of the object (other) does not match the name on the URL (named)');
  });

  it('answers 404 for a Service that does not exist (no create on update)', async () => {
    const r = await t.client.put(ns('default', 'services', 'absent'), service('absent'));
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'services "absent" not found');
  });

  it('does not bump resourceVersion for a no-op update', async () => {
    const created = await t.client.create(ns('default', 'services'), service('noop'));
    const same = await t.client.put(ns('default', 'services', 'noop'), created);
    assert.equal(same.status, 200);
    assert.equal(same.body.metadata.resourceVersion, created.metadata.resourceVersion);
    const again = await t.client.put(ns('default', 'services', 'noop') + '?fieldManager=kubectl-replace', created);
    assert.equal(again.body.metadata.resourceVersion, created.metadata.resourceVersion);
    const list = await t.client.get(ns('default', 'services') + '?fieldSelector=metadata.name%3Dnoop');
    assert.equal(list.body.items[0].metadata.resourceVersion, created.metadata.resourceVersion);
  });

  it('keeps uid and creationTimestamp when the client changes or omits them', async () => {
    const created = await t.client.create(ns('default', 'services'), service('keep-meta'));
    const { creationTimestamp: _c, uid: _u, ...meta } = created.metadata;
    const r = await t.client.put(ns('default', 'services', 'keep-meta'), { ...created, metadata: { ...meta, labels: { a: 'b' } } });
    assert.equal(r.status, 200);
    assert.equal(r.body.metadata.uid, created.metadata.uid);
    assert.equal(r.body.metadata.creationTimestamp, created.metadata.creationTimestamp);
  });

  it('bumps a Deployment\'s metadata.generation on spec changes only', async () => {
    const name = uniqueName('gen');
    const d = await t.client.create(appsNs('default', 'deployments'), deployment(name));
    assert.equal(d.metadata.generation, 1);
    const labelled = await t.client.put(appsNs('default', 'deployments', name), { ...d, metadata: { ...d.metadata, labels: { tier: 'web' } } });
    assert.equal(labelled.status, 200);
    assert.equal(labelled.body.metadata.generation, 1, 'a metadata change keeps the generation');
    const scaled = await t.client.put(appsNs('default', 'deployments', name), { ...labelled.body, spec: { ...labelled.body.spec, replicas: 3 } });
    assert.equal(scaled.body.metadata.generation, 2);
    const status = await t.client.put(appsNs('default', 'deployments', name, 'status'), { ...scaled.body, status: { observedGeneration: 2, replicas: 3 } });
    assert.equal(status.status, 200);
    assert.equal(status.body.metadata.generation, 2, 'a status change keeps the generation');
    const clientGeneration = await t.client.put(appsNs('default', 'deployments', name), { ...status.body, metadata: { ...status.body.metadata, generation: 42 } });
    assert.equal(clientGeneration.body.metadata.generation, 2, 'the client cannot set the generation');
  });

  it('writes only status through the status subresource, and the main resource ignores status', async () => {
    const name = uniqueName('sub');
    const d = await t.client.create(appsNs('default', 'deployments'), deployment(name));
    const viaStatus = await t.client.put(appsNs('default', 'deployments', name, 'status'), {
      ...d,
      metadata: { ...d.metadata, labels: { sneaky: 'yes' } },
      spec: { ...d.spec, replicas: 7 },
      status: { replicas: 1, observedGeneration: 1 },
    });
    assert.equal(viaStatus.status, 200);
    assert.deepEqual(viaStatus.body.status, { replicas: 1, observedGeneration: 1 });
    assert.equal(viaStatus.body.spec.replicas, 1, 'spec is unchanged');
    assert.equal(viaStatus.body.metadata.labels, undefined, 'labels are unchanged');

    const viaMain = await t.client.put(appsNs('default', 'deployments', name), { ...viaStatus.body, spec: { ...viaStatus.body.spec, replicas: 2 }, status: { replicas: 99 } });
    assert.equal(viaMain.status, 200);
    assert.equal(viaMain.body.spec.replicas, 2);
    assert.deepEqual(viaMain.body.status, { replicas: 1, observedGeneration: 1 }, 'status is unchanged');

    const onlyStatus = await t.client.put(appsNs('default', 'deployments', name), { ...viaMain.body, status: { replicas: 5 } });
    assert.equal(onlyStatus.body.metadata.resourceVersion, viaMain.body.metadata.resourceVersion, 'a status-only change on the main resource is a no-op');
  });

  it('creates Endpoints and Events on PUT when missing (upstream AllowCreateOnUpdate)', async () => {
    const name = uniqueName('ep');
    const r = await t.client.put(ns('default', 'endpoints', name), { apiVersion: 'v1', kind: 'Endpoints', metadata: { name }, subsets: [] });
    assert.equal(r.status, 201, r.text);
    assert.ok(r.body.metadata.uid);
    const again = await t.client.put(ns('default', 'endpoints', name), { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, labels: { a: 'b' } } });
    assert.equal(again.status, 200);
    assert.equal(again.body.metadata.uid, r.body.metadata.uid);
  });

  it('answers 409 when the body uid is not the stored one', async () => {
    const created = await t.client.create(ns('default', 'services'), service('uid-clash'));
    const r = await t.client.put(ns('default', 'services', 'uid-clash'), { ...created, metadata: { ...created.metadata, uid: '00000000-0000-0000-0000-000000000000' } });
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
  });
});

describe('scale subresource', () => {
  it('reads and patches replicas through autoscaling/v1 Scale', async () => {
    const name = uniqueName('scale');
    await t.client.create(appsNs('default', 'deployments'), deployment(name, { replicas: 2 }));
    const got = await t.client.get(appsNs('default', 'deployments', name, 'scale'));
    assert.equal(got.status, 200);
    assert.equal(got.body.kind, 'Scale');
    assert.equal(got.body.apiVersion, 'autoscaling/v1');
    assert.equal(got.body.spec.replicas, 2);
    assert.equal(got.body.status.selector, `app=${name}`);
    const patched = await t.client.patch(appsNs('default', 'deployments', name, 'scale'), { spec: { replicas: 5 } }, 'application/merge-patch+json');
    assert.equal(patched.status, 200);
    assert.equal(patched.body.kind, 'Scale');
    assert.equal(patched.body.spec.replicas, 5);
    const d = await t.client.get(appsNs('default', 'deployments', name));
    assert.equal(d.body.spec.replicas, 5);
    assert.equal(d.body.metadata.generation, 2);
  });

  it('treats the resourceVersion of a PUT Scale as a precondition', async () => {
    const name = uniqueName('scale');
    await t.client.create(appsNs('default', 'deployments'), deployment(name));
    const scale = (await t.client.get(appsNs('default', 'deployments', name, 'scale'))).body;
    await t.client.patch(appsNs('default', 'deployments', name), { metadata: { labels: { bump: '1' } } }, 'application/merge-patch+json');
    const r = await t.client.put(appsNs('default', 'deployments', name, 'scale'), { ...scale, spec: { replicas: 3 } });
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
  });

  it('answers 404 for the scale of a missing Deployment, and 422 for negative replicas', async () => {
    const missing = await t.client.get(appsNs('default', 'deployments', 'nope', 'scale'));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'deployments.apps "nope" not found');
    const name = uniqueName('scale');
    await t.client.create(appsNs('default', 'deployments'), deployment(name));
    const negative = await t.client.patch(appsNs('default', 'deployments', name, 'scale'), { spec: { replicas: -1 } }, 'application/merge-patch+json');
    assert.equal(negative.status, 422);
  });
});
