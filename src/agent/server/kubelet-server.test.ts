// The agent's kubelet API over real HTTP and a real WebSocket client speaking the channel
// protocol as kubectl does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startKubeletServer, type KubeletServer } from './index.ts';
import { execOverWebSocket, FakeKubeletApi } from './testkit.ts';

const host = '127.244.210.1';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kubelet server', () => {
  let server: KubeletServer;
  const api = new FakeKubeletApi({ logs: { 'default/web/app': ['one', 'two', 'three'] }, followLines: ['four'] });
  const base = () => `ws://${host}:${server.port}`;
  before(async () => {
    server = await startKubeletServer({ host, port: 0, api, log: () => {} });
  });
  after(async () => {
    await server.close();
  });

  describe('containerLogs', () => {
    it('serves the log as chunked text/plain', async () => {
      const r = await get(server.port, '/containerLogs/default/web/app');
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/plain');
      assert.equal(r.headers['transfer-encoding'], 'chunked');
      assert.equal(r.body, 'one\ntwo\nthree\n');
    });

    it('passes every query parameter through to the KubeletApi', async () => {
      api.logCalls.length = 0;
      await get(server.port, '/containerLogs/default/web/app?follow=true&previous=1&tailLines=2&sinceSeconds=10&timestamps=true&limitBytes=100');
      await get(server.port, '/containerLogs/default/web/app?sinceTime=2024-01-02T03:04:05Z&follow=false');
      assert.deepEqual(api.logCalls.map((c) => c.opts), [
        { follow: true, previous: true, timestamps: true, tailLines: 2, sinceSeconds: 10, limitBytes: 100 },
        { sinceTime: '2024-01-02T03:04:05Z' },
      ]);
      assert.deepEqual(api.logCalls.map((c) => [c.namespace, c.pod, c.container]), [['default', 'web', 'app'], ['default', 'web', 'app']]);
    });

    it('follows until the stream ends, sending what arrives as it arrives', async () => {
      api.holdFollow = true;
      try {
        const got = await new Promise<string>((resolve, reject) => {
          const req = request({ host, port: server.port, path: '/containerLogs/default/web/app?follow=true&tailLines=1' }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => {
              body += d;
              // Each line is delivered before the stream ends: write the next one only then.
              if (body === 'three\nfour\n') api.follows.at(-1)!.write('five\n');
              else if (body === 'three\nfour\nfive\n') api.follows.at(-1)!.end();
            });
            res.on('end', () => resolve(body));
          });
          req.on('error', reject);
          req.end();
        });
        assert.equal(got, 'three\nfour\nfive\n');
      } finally {
        api.holdFollow = false;
      }
    });

    it('ends the follow stream when the client goes away', async () => {
      api.holdFollow = true;
      try {
        const before = api.follows.length;
        await new Promise<void>((resolve, reject) => {
          const req = request({ host, port: server.port, path: '/containerLogs/default/web/app?follow=true' }, (res) => {
            res.once('data', () => req.destroy());
            res.on('error', () => {});
          });
          req.on('error', () => {});
          req.on('close', () => resolve());
          req.on('error', reject);
          req.end();
        });
        const stream = api.follows[before]!;
        if (!stream.destroyed) await new Promise((resolve) => stream.once('close', resolve));
        assert.equal(stream.destroyed, true);
      } finally {
        api.holdFollow = false;
      }
    });

    it('answers KubeletApi errors with their code and message as text', async () => {
      const r = await get(server.port, '/containerLogs/default/web/nope');
      assert.equal(r.status, 404);
      assert.equal(r.body, 'container "nope" in pod "web" not found');
    });

    it('rejects bad and invalid options as the kubelet does', async () => {
      const bad = await get(server.port, '/containerLogs/default/web/app?tailLines=x');
      assert.deepEqual([bad.status, bad.body], [400, 'Unable to decode query.']);
      const neg = await get(server.port, '/containerLogs/default/web/app?tailLines=-1');
      assert.deepEqual([neg.status, neg.body], [422, 'invalid request: tailLines: Invalid value: -1: must be greater than or equal to 0']);
      const both = await get(server.port, '/containerLogs/default/web/app?sinceSeconds=1&sinceTime=2024-01-02T03:04:05Z');
      assert.equal(both.status, 422);
    });

    it('answers unknown paths with 404', async () => {
      const r = await get(server.port, '/stats/summary');
      assert.deepEqual([r.status, r.body], [404, '404 page not found']);
    });
  });

  describe('exec over WebSocket', () => {
    it('runs a command and ends with the Success status on channel 3 (v5)', async () => {
      const r = await execOverWebSocket(`${base()}/exec/default/web/app?command=echo&command=hi&output=1&error=1`);
      assert.equal(r.protocol, 'v5.channel.k8s.io');
      assert.equal(r.stdout, 'hi\n');
      assert.equal(r.statusText, '{"metadata":{},"status":"Success"}');
    });

    it('separates stdout and stderr', async () => {
      const r = await execOverWebSocket(`${base()}/exec/default/web/app?command=sh&command=-c&command=${encodeURIComponent('echo out; echo err >&2')}&stdout=true&stderr=true`);
      assert.equal(r.stdout, 'out\n');
      assert.equal(r.stderr, 'err\n');
      assert.equal(r.status.status, 'Success');
    });

    it('reports a non-zero exit code as kubectl reads it', async () => {
      const r = await execOverWebSocket(`${base()}/exec/default/web/app?command=sh&command=-c&command=exit%203&output=1&error=1`);
      assert.equal(r.statusText, JSON.stringify({ metadata: {}, status: 'Failure', message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } }));
    });

    it('feeds stdin and closes it on the v5 close signal', async () => {
      const r = await execOverWebSocket(`${base()}/exec/default/web/app?command=cat&input=1&output=1&error=1`, { stdin: 'abc\n', closeStdin: true, resize: { Width: 80, Height: 24 } });
      assert.equal(r.stdout, 'abc\n');
      assert.equal(r.status.status, 'Success');
      assert.deepEqual(api.execCalls.at(-1), { namespace: 'default', pod: 'web', container: 'app', argv: ['cat'], opts: { tty: false, stdin: true } });
    });

    it('speaks v4 too', async () => {
      const r = await execOverWebSocket(`${base()}/exec/default/web/app?command=echo&command=v4&output=1`, { protocols: ['v4.channel.k8s.io'] });
      assert.equal(r.protocol, 'v4.channel.k8s.io');
      assert.equal(r.stdout, 'v4\n');
      assert.equal(r.status.status, 'Success');
    });

    it('sends KubeletApi errors as a Status on channel 3', async () => {
      const r = await execOverWebSocket(`${base()}/exec/default/web/nope?command=true&output=1`);
      assert.equal(r.httpStatus, 101);
      assert.deepEqual(r.status, { metadata: {}, status: 'Failure', message: 'container "nope" in pod "web" not found', reason: 'NotFound', code: 404 });
    });

    it('reports a command that cannot start as an InternalError status', async () => {
      const r = await execOverWebSocket(`${base()}/exec/default/web/app?command=/nonexistent/cmd&output=1`);
      assert.equal(r.status.reason, 'InternalError');
      assert.match(r.status.message, /^Internal error occurred: error executing command in container: failed to start \/nonexistent\/cmd: /);
    });

    it('refuses exec without streams, without a command, or without a known subprotocol', async () => {
      const none = await execOverWebSocket(`${base()}/exec/default/web/app?command=true`);
      assert.deepEqual([none.httpStatus, none.body], [400, 'you must specify at least 1 of stdin, stdout, stderr']);
      const noCmd = await execOverWebSocket(`${base()}/exec/default/web/app?output=1`);
      assert.deepEqual([noCmd.httpStatus, noCmd.body], [400, 'you must specify at least one command for the container']);
      const proto = await execOverWebSocket(`${base()}/exec/default/web/app?command=true&output=1`, { protocols: ['channel.k8s.io'] });
      assert.equal(proto.httpStatus, 400);
      assert.match(proto.body, /^requested protocol\(s\) are not supported: \[channel.k8s.io\]; supports \[v5.channel.k8s.io v4.channel.k8s.io\]$/);
    });

    it('answers the SPDY fallback with a 400 Status and plain GETs with 400', async () => {
      const spdy = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host, port: server.port, method: 'POST', path: '/exec/default/web/app?command=true&output=1', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(spdy.status, 400);
      const status = JSON.parse(spdy.body);
      assert.equal(status.kind, 'Status');
      assert.equal(status.reason, 'BadRequest');
      assert.match(status.message, /SPDY\/3.1 is not supported/);
      const plain = await get(server.port, '/exec/default/web/app?command=true&output=1');
      assert.deepEqual([plain.status, plain.body], [400, 'Upgrade request required']);
    });

    it('kills the session when the client disconnects', async () => {
      const { WebSocket } = await import('ws');
      const calls = api.execCalls.length;
      const ws = new WebSocket(`${base()}/exec/default/web/app?command=sleep&command=30&output=1`, ['v5.channel.k8s.io']);
      await new Promise((resolve) => ws.once('open', resolve));
      // wait for the session to exist, then drop the connection
      while (api.execCalls.length === calls) await new Promise((r) => setTimeout(r, 10));
      ws.terminate();
      const { execSync } = await import('node:child_process');
      // The sleep must be gone (no leftovers): poll until pgrep no longer finds it.
      for (;;) {
        let found = '';
        try {
          found = execSync(`pgrep -f -x 'sleep 30' -P ${process.pid}`, { encoding: 'utf8' });
        } catch {
          found = '';
        }
        if (!found.trim()) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    });
  });
});
