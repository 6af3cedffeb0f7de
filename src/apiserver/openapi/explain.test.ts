// End to end with the real kubectl: serve /version, aggregated discovery and our OpenAPI v3
// from a throwaway HTTP server and check `kubectl explain` renders upstream's descriptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { apiGroups, resources, type ResourceInfo } from '../../api/resources.ts';
import { openapiDocumentHeaders, openapiIndexHeaders, openapiV3Document, openapiV3Index } from './index.ts';

const KUBECTL = '/usr/bin/kubectl';
const DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function discoveryItem(group: string, rs: ResourceInfo[]) {
  return {
    metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
    versions: [
      {
        version: 'v1',
        freshness: 'Current',
        resources: rs.map((r) => ({
          resource: r.plural,
          singularResource: r.singular,
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          responseKind: { group: r.group, version: r.version, kind: r.kind },
          verbs: r.verbs,
          shortNames: r.shortNames,
          categories: r.categories,
        })),
      },
    ],
  };
}

function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const json = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) => {
      res.writeHead(200, headers);
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const list = (items: unknown[]) => json({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items }, { 'Content-Type': DISCOVERY });
    if (url.pathname === '/version') return json({ major: '1', minor: '32', gitVersion: 'v1.32.0' }, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    if (url.pathname === '/api') return list([discoveryItem('', resources.filter((r) => r.group === ''))]);
    if (url.pathname === '/apis') return list(apiGroups.map((g) => discoveryItem(g, resources.filter((r) => r.group === g))));
    if (url.pathname === '/openapi/v3') return json(openapiV3Index(), { ...openapiIndexHeaders });
    const doc = url.pathname.startsWith('/openapi/v3/') && openapiV3Document(url.pathname.slice('/openapi/v3/'.length));
    if (doc) return json(doc.body, openapiDocumentHeaders(doc.hash));
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}');
  });
  return new Promise<typeof server>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('kubectl explain renders our schemas', { timeout: 60_000 }, async (t) => {
  if (!existsSync(KUBECTL)) return t.skip(`${KUBECTL} not installed`);
  const server = await startServer();
  const cache = mkdtempSync(join(tmpdir(), 'portico-explain-'));
  const port = (server.address() as AddressInfo).port;
  const explain = async (what: string) => {
    const { stdout } = await promisify(execFile)(KUBECTL, ['--server', `http://127.0.0.1:${port}`, '--cache-dir', cache, 'explain', what], { env: { ...process.env, KUBECONFIG: '/dev/null', HOME: cache } });
    return stdout;
  };
  try {
    const svc = await explain('service.spec');
    assert.match(svc, /KIND:\s+Service/);
    assert.match(svc, /ServiceSpec describes the attributes that a user creates on a service/);
    assert.match(svc, /ports\s+<\[\]ServicePort>/);
    assert.match(svc, /type\s+<string>/);
    assert.match(svc, /enum: ClusterIP, ExternalName, LoadBalancer, NodePort/);

    const strategy = await explain('deployment.spec.strategy');
    assert.match(strategy, /GROUP:\s+apps/);
    assert.match(strategy, /DeploymentStrategy describes how to replace existing pods with new ones/);
    assert.match(strategy, /rollingUpdate\s+<RollingUpdateDeployment>/);

    const slice = await explain('endpointslices.endpoints.hints');
    assert.match(slice, /forZones\s+<\[\]ForZone>/);
  } finally {
    server.close();
    rmSync(cache, { recursive: true, force: true });
  }
});
