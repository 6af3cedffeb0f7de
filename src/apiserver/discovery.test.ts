// Discovery, /version, OpenAPI v3 and the answers to paths and methods the server does not
// serve, as kubectl needs them (kubectl-wire.md §1, §3, §4) and kube-apiserver gives them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ns, service, useServer } from './testkit.ts';

const t = useServer();

const discAccept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const discType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

describe('aggregated discovery', () => {
  it('serves /api as an APIGroupDiscoveryList with the exact media type', async () => {
    const r = await t.client.get('/api', { accept: discAccept });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), discType);
    assert.equal(r.body.kind, 'APIGroupDiscoveryList');
    assert.equal(r.body.apiVersion, 'apidiscovery.k8s.io/v2');
    assert.equal(r.body.items.length, 1);
    const core = r.body.items[0];
    assert.equal(core.metadata.name, undefined, 'the core group has no name');
    assert.equal(core.versions[0].version, 'v1');
    const services = core.versions[0].resources.find((x: any) => x.resource === 'services');
    assert.deepEqual(services.responseKind, { group: '', version: 'v1', kind: 'Service' });
    assert.equal(services.scope, 'Namespaced');
    assert.equal(services.singularResource, 'service');
    assert.deepEqual(services.shortNames, ['svc']);
    assert.deepEqual(services.categories, ['all']);
    assert.deepEqual(services.subresources, [{ subresource: 'status', responseKind: { group: '', version: 'v1', kind: 'Service' }, verbs: ['get', 'patch', 'update'] }]);
    const nodes = core.versions[0].resources.find((x: any) => x.resource === 'nodes');
    assert.equal(nodes.scope, 'Cluster');
  });

  it('serves /apis with one named item per group, and the scale subresource as autoscaling/v1 Scale', async () => {
    const r = await t.client.get('/apis', { accept: discAccept });
    assert.equal(r.headers.get('content-type'), discType);
    const groups = r.body.items.map((i: any) => i.metadata.name);
    assert.deepEqual(groups, ['apps', 'events.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io']);
    const apps = r.body.items[0].versions[0];
    assert.equal(apps.version, 'v1');
    const deployments = apps.resources.find((x: any) => x.resource === 'deployments');
    assert.deepEqual(deployments.responseKind, { group: 'apps', version: 'v1', kind: 'Deployment' });
    const scale = deployments.subresources.find((s: any) => s.subresource === 'scale');
    assert.deepEqual(scale.responseKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('answers plain JSON (APIVersions / APIGroupList) to a client that does not ask for aggregation', async () => {
    const api = await t.client.get('/api');
    assert.equal(api.headers.get('content-type'), 'application/json');
    assert.equal(api.body.kind, 'APIVersions');
    assert.deepEqual(api.body.versions, ['v1']);
    assert.equal(api.body.serverAddressByClientCIDRs[0].serverAddress, new URL(t.server.url).host);
    const apis = await t.client.get('/apis');
    assert.equal(apis.body.kind, 'APIGroupList');
    assert.deepEqual(apis.body.groups[0], { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
  });
});

describe('legacy discovery', () => {
  it('serves /api/v1 as an APIResourceList with subresources as their own entries', async () => {
    const r = await t.client.get('/api/v1');
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'APIResourceList');
    assert.equal(r.body.groupVersion, 'v1');
    const byName = new Map(r.body.resources.map((x: any) => [x.name, x]));
    assert.deepEqual(byName.get('services'), {
      name: 'services',
      singularName: 'service',
      namespaced: true,
      kind: 'Service',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['svc'],
      categories: ['all'],
    });
    assert.deepEqual(byName.get('services/status'), { name: 'services/status', singularName: '', namespaced: true, kind: 'Service', verbs: ['get', 'patch', 'update'] });
    assert.equal((byName.get('namespaces') as any).namespaced, false);
  });

  it('serves /apis/apps/v1 and /apis/apps', async () => {
    const r = await t.client.get('/apis/apps/v1');
    assert.equal(r.body.groupVersion, 'apps/v1');
    const scale = r.body.resources.find((x: any) => x.name === 'deployments/scale');
    assert.deepEqual(scale, { name: 'deployments/scale', singularName: '', namespaced: true, kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' });
    const group = await t.client.get('/apis/apps');
    assert.equal(group.body.kind, 'APIGroup');
    assert.equal(group.body.name, 'apps');
    assert.deepEqual(group.body.preferredVersion, { groupVersion: 'apps/v1', version: 'v1' });
  });
});

describe('/version', () => {
  it('reports 1.32 and tells caches not to keep it', async () => {
    const r = await t.client.get('/version?timeout=5s', { headers: { 'Cache-Control': 'max-age=7200' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-cache, private');
    assert.equal(r.body.major, '1');
    assert.equal(r.body.minor, '32');
    assert.match(r.body.gitVersion, /^v1\.32\./);
    assert.match(r.body.platform, /^\w+\/\w+$/);
  });
});

describe('OpenAPI v3', () => {
  it('serves an index whose URLs fetch the group-version documents', async () => {
    const index = await t.client.get('/openapi/v3');
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('cache-control'), 'no-cache, private');
    const paths = index.body.paths;
    assert.ok(paths['api/v1'], Object.keys(paths).join(','));
    assert.ok(paths['apis/apps/v1']);
    const url = paths['api/v1'].serverRelativeURL as string;
    assert.match(url, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    const doc = await t.client.get(url);
    assert.equal(doc.status, 200);
    assert.equal(doc.headers.get('content-type'), 'application/json');
    assert.equal(doc.headers.get('cache-control'), 'public, immutable');
    assert.ok(doc.headers.get('etag'));
    assert.ok(Date.parse(doc.headers.get('expires')!) > Date.now() + 300 * 86400_000);
    assert.match(doc.body.openapi, /^3\./);
    const patch = doc.body.paths['/api/v1/namespaces/{namespace}/services/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Service' });
    assert.ok(patch.parameters.some((p: any) => (p.name ?? '') === 'fieldValidation' || (p.$ref ?? '').includes('fieldValidation')));
    const schemas = doc.body.components.schemas;
    const serviceSchema = Object.values(schemas).find((s: any) => (s['x-kubernetes-group-version-kind'] ?? []).some((g: any) => g.kind === 'Service' && g.version === 'v1' && g.group === ''));
    assert.ok(serviceSchema, 'explain finds Service in components.schemas');
    const apps = await t.client.get(paths['apis/apps/v1'].serverRelativeURL);
    assert.ok(apps.body.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']);
  });

  it('answers 404 for a group-version it does not serve, and for /openapi/v2', async () => {
    assert.equal((await t.client.get('/openapi/v3/apis/batch/v1')).status, 404);
    assert.equal((await t.client.get('/openapi/v2')).status, 404);
  });
});

describe('paths and methods the server does not serve', () => {
  const notFound = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  };
  for (const path of [
    '/',
    '/foo',
    '/api/v2',
    '/apis/nope',
    '/apis/nope/v1',
    '/apis/apps/v2',
    '/api/v1/widgets',
    '/api/v1/namespaces/default/widgets',
    '/apis/apps/v1/namespaces/default/widgets/x',
    '/api/v1/namespaces/default/services/x/bogus',
    '/api/v1/namespaces/default/nodes',
    '/api/v1/namespaces/default/services/x/status/extra',
  ]) {
    it(`answers 404 Status for ${path}`, async () => {
      const r = await t.client.get(path);
      assert.equal(r.status, 404);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.deepEqual(r.body, notFound);
    });
  }

  it('answers 405 for a method a resource does not take', async () => {
    const r = await t.client.request('PUT', ns('default', 'services'), { body: service('x') });
    assert.equal(r.status, 405);
    assert.equal(r.body.reason, 'MethodNotAllowed');
    assert.equal(r.body.kind, 'Status');
  });

  it('serves the status subresource of an existing object', async () => {
    await t.client.create(ns('default', 'services'), service('with-status'));
    const r = await t.client.get(ns('default', 'services', 'with-status', 'status'));
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'Service');
  });

  it('answers health checks', async () => {
    for (const p of ['/healthz', '/livez', '/readyz']) {
      const r = await t.client.get(p);
      assert.equal(r.status, 200, p);
      assert.equal(r.text, 'ok');
    }
  });
});
