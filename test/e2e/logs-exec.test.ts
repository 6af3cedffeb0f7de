// kubectl logs and kubectl exec end to end: the real kubectl against `portico up`, whose API
// server proxies pods/log and pods/exec to a node agent's kubelet API — here one served in
// this process over a fake KubeletApi (canned logs, commands run as child processes), and
// registered the way a kubelet registers: a Node with its endpoint, a Running Pod on it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeletServer, type KubeletServer } from '../../src/agent/server/index.ts';
import { FakeKubeletApi } from '../../src/agent/server/testkit.ts';
import { Cluster, kubectlPath, needsKubectl, type KubectlResult } from './harness.ts';

const rfc3339 = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

async function call(c: Cluster, method: string, path: string, body: unknown, contentType = 'application/json'): Promise<any> {
  const res = await fetch(c.url + path, { method, headers: { 'Content-Type': contentType, Accept: 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/**
 * kubectl exec with the harness's kubeconfig. Not Cluster.kubectl: that appends
 * `--cache-dir` after the arguments, where it would land in the command after `--`.
 */
function kubectlExec(c: Cluster, cacheDir: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<KubectlResult> {
  const dash = args.indexOf('--');
  const full = [...args.slice(0, dash), '--cache-dir', cacheDir, ...args.slice(dash)];
  return new Promise((resolve) => {
    const child = execFile(kubectlPath, full, { env: { ...process.env, KUBECONFIG: c.kubeconfig, ...opts.env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(opts.input ?? '');
  });
}

/** What a kubelet writes: its Node with addresses and endpoint, Ready. */
async function registerNode(c: Cluster, name: string, ip: string, port: number): Promise<void> {
  const now = rfc3339();
  const status = {
    addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
    daemonEndpoints: { kubeletEndpoint: { Port: port } },
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
  };
  await call(c, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, status });
  await call(c, 'PATCH', `/api/v1/nodes/${name}/status`, { status }, 'application/merge-patch+json');
}

/** A pod bound to the node and reported Running, as the node's kubelet would report it. */
async function runningPod(c: Cluster, name: string, nodeName: string): Promise<void> {
  await call(c, 'POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, containers: [{ name: 'app', image: 'busybox' }] } });
  const now = rfc3339();
  await call(c, 'PATCH', `/api/v1/namespaces/default/pods/${name}/status`, {
    status: {
      phase: 'Running',
      startTime: now,
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
      containerStatuses: [{ name: 'app', image: 'busybox', imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } }],
    },
  }, 'application/merge-patch+json');
}

describe('kubectl logs and exec', { skip: needsKubectl }, () => {
  let c: Cluster;
  let agent: KubeletServer;
  let cacheDir: string;
  const exec = (args: string[], opts?: { input?: string; env?: Record<string, string> }) => kubectlExec(c, cacheDir, ['exec', ...args], opts);
  const api = new FakeKubeletApi({ logs: { 'default/web/app': ['one', 'two', 'three'], 'default/down/app': [] }, followLines: ['four'] });

  before(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-kcache-'));
    agent = await startKubeletServer({ host: '127.0.0.1', port: 0, api, log: () => {} });
    c = await Cluster.start();
    await registerNode(c, 'agent-1', '127.0.0.1', agent.port);
    await runningPod(c, 'web', 'agent-1');
    // A node whose agent is down: a port nothing listens on.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await registerNode(c, 'agent-down', '127.0.0.1', deadPort);
    await runningPod(c, 'down', 'agent-down');
  });
  after(async () => {
    await c?.stop();
    await agent?.close();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('kubectl logs prints the log', async () => {
    assert.equal(await c.k(['logs', 'web']), 'one\ntwo\nthree\n');
    assert.equal(await c.k(['logs', 'pod/web', '-c', 'app']), 'one\ntwo\nthree\n');
  });

  it('kubectl logs -f ends, exit 0, when the stream ends', async () => {
    assert.equal(await c.k(['logs', '-f', 'web']), 'one\ntwo\nthree\nfour\n');
    assert.equal(api.logCalls.at(-1)!.opts.follow, true);
  });

  it('kubectl logs --tail=1 prints the last line', async () => {
    assert.equal(await c.k(['logs', '--tail=1', 'web']), 'three\n');
  });

  it('kubectl exec runs the command: output and exit 0', async () => {
    const r = await exec(['web', '--', 'echo', 'hi']);
    assert.deepEqual([r.code, r.stdout], [0, 'hi\n'], r.stderr);
  });

  it('kubectl exec exits with the command\'s exit code', async () => {
    const r = await exec(['web', '--', 'sh', '-c', 'exit 3']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /command terminated with exit code 3/);
  });

  it('kubectl exec -i feeds stdin', async () => {
    const r = await exec(['-i', 'web', '--', 'cat'], { input: 'abc\n' });
    assert.deepEqual([r.code, r.stdout], [0, 'abc\n'], r.stderr);
  });

  it('kubectl exec separates stderr', async () => {
    const r = await exec(['web', '--', 'sh', '-c', 'echo out; echo err >&2']);
    assert.deepEqual([r.code, r.stdout], [0, 'out\n']);
    assert.match(r.stderr, /^err$/m);
  });

  it('an unreachable agent is reported with the dial error', async () => {
    const logs = await c.kubectl(['logs', 'down']);
    assert.equal(logs.code, 1);
    assert.match(logs.stderr, /Error from server: Get "http:\/\/127\.0\.0\.1:\d+\/containerLogs\/default\/down\/app": dial tcp 127\.0\.0\.1:\d+: connect: connection refused/);
    const down = await exec(['down', '--', 'true']);
    assert.notEqual(down.code, 0);
    assert.match(down.stderr, /dial tcp 127\.0\.0\.1:\d+: connect: connection refused/);
  });

  it('the SPDY path (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false) is refused with a clear message', async () => {
    const r = await exec(['web', '--', 'true'], { env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /SPDY\/3.1 is not supported by this node agent/);
  });
});
