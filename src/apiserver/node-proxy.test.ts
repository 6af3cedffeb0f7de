// pods/log and pods/exec through the API server to a node agent's kubelet API: container
// and node resolution, upstream's errors, streamed logs and exec over a WebSocket upgrade.
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../api/errors.ts';
import { startKubeletServer, type KubeletServer } from '../agent/server/index.ts';
import { execOverWebSocket, FakeKubeletApi } from '../agent/server/testkit.ts';
import { useServer } from './testkit.ts';

const t = useServer();
const agentHost = '127.244.211.1';
const deadHost = '127.244.211.2';

const api = new FakeKubeletApi({
  logs: { 'default/web/app': ['one', 'two', 'three'], 'default/multi/a': ['from a'], 'default/multi/b': ['from b'], 'default/annotated/b': ['from annotated b'], 'default/down/app': [] },
  failures: { 'default/waiting/app': ApiError.badRequest('container "app" in pod "waiting" is waiting to start: ContainerCreating') },
});
let agent: KubeletServer;
let deadPort = 0;

const node = (name: string, ip: string, port: number) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  status: { addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: ip }], daemonEndpoints: { kubeletEndpoint: { Port: port } } },
});
const pod = (name: string, nodeName: string | undefined, containers: string[], annotations?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, annotations },
  spec: { nodeName, containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
});

function get(path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(t.server.url + path, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}
const json = async (path: string) => {
  const r = await get(path);
  return { status: r.status, body: JSON.parse(r.body) };
};
const ws = () => t.server.url.replace(/^http/, 'ws');
const podsPath = '/api/v1/namespaces/default/pods';

before(async () => {
  agent = await startKubeletServer({ host: agentHost, port: 0, api, log: () => {} });
  // A port nothing listens on: bind one, then let it go.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, deadHost, resolve));
  deadPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  for (const n of [node('node-1', agentHost, agent.port), node('node-down', deadHost, deadPort)]) {
    const created = await t.client.create('/api/v1/nodes', n);
    if (!created.status?.daemonEndpoints) await t.client.put(`/api/v1/nodes/${n.metadata.name}/status`, { ...created, status: n.status });
  }
  await t.client.create(podsPath, pod('web', 'node-1', ['app']));
  await t.client.create(podsPath, pod('multi', 'node-1', ['a', 'b']));
  await t.client.create(podsPath, pod('annotated', 'node-1', ['a', 'b'], { 'kubectl.kubernetes.io/default-container': 'b' }));
  await t.client.create(podsPath, pod('waiting', 'node-1', ['app']));
  await t.client.create(podsPath, pod('pending', undefined, ['app']));
  await t.client.create(podsPath, pod('orphan', 'ghost', ['app']));
  await t.client.create(podsPath, pod('down', 'node-down', ['app']));
});
after(async () => {
  await agent?.close();
});

describe('pods/log', () => {
  it('streams the only container\'s log as text/plain', async () => {
    const r = await get(`${podsPath}/web/log`);
    assert.deepEqual([r.status, r.type, r.body], [200, 'text/plain', 'one\ntwo\nthree\n']);
  });

  it('passes the log options to the kubelet API', async () => {
    await get(`${podsPath}/web/log?container=app&follow=true&previous=true&timestamps=true&tailLines=2&limitBytes=10&sinceSeconds=5`);
    assert.deepEqual(api.logCalls.at(-1), { namespace: 'default', pod: 'web', container: 'app', opts: { follow: true, previous: true, timestamps: true, tailLines: 2, sinceSeconds: 5, limitBytes: 10 } });
    await get(`${podsPath}/web/log?sinceTime=2024-01-02T03:04:05.678Z`);
    assert.deepEqual(api.logCalls.at(-1)!.opts, { sinceTime: '2024-01-02T03:04:05Z' });
  });

  it('follows: each line arrives as written and the response ends with the stream', async () => {
    api.holdFollow = true;
    try {
      const got = await new Promise<string>((resolve, reject) => {
        const req = request(`${t.server.url}${podsPath}/web/log?follow=true&tailLines=1`, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            body += d;
            if (body === 'three\n') api.follows.at(-1)!.write('four\n');
            else if (body === 'three\nfour\n') api.follows.at(-1)!.end();
          });
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(got, 'three\nfour\n');
    } finally {
      api.holdFollow = false;
    }
  });

  it('picks the default-container annotation, else needs a container name', async () => {
    assert.equal((await get(`${podsPath}/annotated/log`)).body, 'from annotated b\n');
    assert.equal((await get(`${podsPath}/multi/log?container=b`)).body, 'from b\n');
    const r = await json(`${podsPath}/multi/log`);
    assert.deepEqual([r.status, r.body.reason, r.body.message], [400, 'BadRequest', 'a container name must be specified for pod multi, choose one of: [a b]']);
    const bad = await json(`${podsPath}/web/log?container=x`);
    assert.deepEqual([bad.status, bad.body.message], [400, 'container x is not valid for pod web']);
  });

  it('answers a missing pod or node with 404, an unscheduled pod with an empty answer', async () => {
    const r = await json(`${podsPath}/nope/log`);
    assert.deepEqual([r.status, r.body.message], [404, 'pods "nope" not found']);
    const orphan = await json(`${podsPath}/orphan/log`);
    assert.deepEqual([orphan.status, orphan.body.message], [404, 'nodes "ghost" not found']);
    const pending = await get(`${podsPath}/pending/log`);
    assert.deepEqual([pending.status, pending.body], [204, '']);
  });

  it('validates the options as PodLogOptions', async () => {
    const r = await json(`${podsPath}/web/log?tailLines=-1`);
    assert.deepEqual([r.status, r.body.reason, r.body.message], [422, 'Invalid', 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0']);
    const both = await json(`${podsPath}/web/log?sinceSeconds=1&sinceTime=2024-01-02T03:04:05Z`);
    assert.equal(both.body.message, 'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
    const syntax = await json(`${podsPath}/web/log?tailLines=x`);
    assert.deepEqual([syntax.status, syntax.body.message], [400, 'strconv.ParseInt: parsing "x": invalid syntax']);
  });

  it('relays the kubelet\'s errors as upstream\'s response checker does', async () => {
    const waiting = await json(`${podsPath}/waiting/log`);
    assert.deepEqual([waiting.status, waiting.body.reason, waiting.body.message], [400, 'BadRequest', 'container "app" in pod "waiting" is waiting to start: ContainerCreating']);
  });

  it('reports an unreachable agent as the dial error, 500', async () => {
    const r = await json(`${podsPath}/down/log`);
    assert.equal(r.status, 500);
    assert.equal(r.body.reason, undefined);
    assert.equal(r.body.message, `Get "http://${deadHost}:${deadPort}/containerLogs/default/down/app": dial tcp ${deadHost}:${deadPort}: connect: connection refused`);
  });

  it('is listed in discovery', async () => {
    const r = await json('/api/v1');
    const names = r.body.resources.map((x: { name: string }) => x.name);
    assert.ok(names.includes('pods/log') && names.includes('pods/exec'), names.join(' '));
  });
});

describe('pods/exec', () => {
  it('runs a command through the upgraded connection', async () => {
    const r = await execOverWebSocket(`${ws()}${podsPath}/web/exec?command=echo&command=hi&container=app&stderr=true&stdout=true`);
    assert.deepEqual([r.httpStatus, r.protocol, r.stdout, r.statusText], [101, 'v5.channel.k8s.io', 'hi\n', '{"metadata":{},"status":"Success"}']);
    assert.deepEqual(api.execCalls.at(-1), { namespace: 'default', pod: 'web', container: 'app', argv: ['echo', 'hi'], opts: { tty: false, stdin: false } });
  });

  it('carries stderr, stdin and the exit code', async () => {
    const r = await execOverWebSocket(`${ws()}${podsPath}/web/exec?command=sh&command=-c&command=${encodeURIComponent('cat; echo bad >&2; exit 3')}&stdin=true&stderr=true&stdout=true`, { stdin: 'abc\n', closeStdin: true });
    assert.equal(r.stdout, 'abc\n');
    assert.equal(r.stderr, 'bad\n');
    assert.equal(r.status.reason, 'NonZeroExitCode');
    assert.deepEqual(r.status.details, { causes: [{ reason: 'ExitCode', message: '3' }] });
  });

  it('answers container, pod and node problems with a Status before upgrading', async () => {
    const multi = await execOverWebSocket(`${ws()}${podsPath}/multi/exec?command=true&stdout=true`);
    assert.equal(multi.httpStatus, 400);
    assert.equal(JSON.parse(multi.body).message, 'a container name must be specified for pod multi, choose one of: [a b]');
    const pending = await execOverWebSocket(`${ws()}${podsPath}/pending/exec?command=true&stdout=true`);
    assert.deepEqual([pending.httpStatus, JSON.parse(pending.body).message], [400, 'pod pending does not have a host assigned']);
    const missing = await execOverWebSocket(`${ws()}${podsPath}/nope/exec?command=true&stdout=true`);
    assert.deepEqual([missing.httpStatus, JSON.parse(missing.body).message], [404, 'pods "nope" not found']);
    const down = await execOverWebSocket(`${ws()}${podsPath}/down/exec?command=true&stdout=true`);
    assert.equal(down.httpStatus, 500);
    assert.equal(JSON.parse(down.body).message, `dial tcp ${deadHost}:${deadPort}: connect: connection refused`);
  });

  it('needs an upgrade', async () => {
    const r = await json(`${podsPath}/web/exec?command=true&stdout=true`);
    assert.deepEqual([r.status, r.body.message], [400, 'Upgrade request required']);
  });

  it('passes the SPDY fallback to the agent, which refuses it with a Status', async () => {
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${t.server.url}${podsPath}/web/exec?command=true&stdout=true`, { method: 'POST', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': ['v5.channel.k8s.io', 'v4.channel.k8s.io'] } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(r.status, 400);
    assert.match(JSON.parse(r.body).message, /SPDY\/3.1 is not supported/);
  });
});
