// Each probe handler against real servers and sockets on 127.244.217.0/24.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createH2Server, type Http2Server, type ServerHttp2Stream } from 'node:http2';
import { createServer as createNetServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProbeTarget } from '../contracts.ts';
import { decodeHealthStatus, encodeHealthRequest } from './grpc-probe.ts';
import { containerPortResolver, runProbe } from './run-probe.ts';

const A = '127.244.217.1';
const B = '127.244.217.2';
const noExec: ProbeTarget['exec'] = async () => ({ exitCode: 1, output: 'no exec here' });
const target = (podIP = A): ProbeTarget => ({ podIP, exec: noExec });

async function listen(server: Server | Http2Server | ReturnType<typeof createNetServer>, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as { port: number }).port;
}

/** A port on `host` that nothing listens on (bound, then released). */
async function closedPort(host: string): Promise<number> {
  const s = createNetServer();
  const port = await listen(s, host);
  await new Promise((r) => s.close(r));
  return port;
}

describe('httpGet', () => {
  const seen: { url: string; headers: IncomingHttpHeaders; host: string }[] = [];
  const otherHostHits: string[] = [];
  let port = 0;
  let otherPort = 0;
  let hangPort = 0;
  const server = createHttpServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers, host: A });
    const u = req.url!;
    if (u === '/healthz') res.end('ok');
    else if (u === '/fail') {
      res.statusCode = 500;
      res.end('boom');
    } else if (u === '/redirect') {
      res.writeHead(302, { location: '/healthz' }).end();
    } else if (u === '/redirect-abs') {
      res.writeHead(301, { location: `http://${A}:${port}/healthz` }).end();
    } else if (u === '/away') {
      res.writeHead(302, { location: `http://${B}:${otherPort}/elsewhere` }).end('moved away');
    } else if (u.startsWith('/loop')) {
      res.writeHead(302, { location: `/loop${Number(u.slice(5) || 0) + 1}` }).end();
    } else if (u === '/big') res.end('x'.repeat(64 * 1024));
    else if (u === '/not-modified') res.writeHead(304).end();
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  const other = createHttpServer((req, res) => {
    otherHostHits.push(req.url!);
    res.end('other host');
  });
  const hang = createNetServer(() => {}); // accepts, never answers
  const hangSockets: Socket[] = [];
  hang.on('connection', (s) => hangSockets.push(s));

  before(async () => {
    port = await listen(server, A);
    otherPort = await listen(other, B);
    hangPort = await listen(hang, A);
  });
  after(async () => {
    for (const s of hangSockets) s.destroy();
    await Promise.all([server, other, hang].map((s) => new Promise((r) => s.close(r))));
  });

  test('200: success with the body as message; kube-probe User-Agent and Accept */*', async () => {
    seen.length = 0;
    const r = await runProbe({ httpGet: { port, path: '/healthz' } }, target());
    assert.deepEqual(r, { result: 'success', message: 'ok' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.headers['user-agent'], 'kube-probe/1.32');
    assert.equal(seen[0]!.headers['accept'], '*/*');
    assert.equal(seen[0]!.headers['host'], `${A}:${port}`);
    assert.equal(seen[0]!.headers['connection'], 'close');
  });

  test('httpHeaders are sent, Host overrides the host, User-Agent can be replaced', async () => {
    seen.length = 0;
    const r = await runProbe(
      {
        httpGet: {
          port,
          path: '/healthz',
          httpHeaders: [
            { name: 'x-custom', value: 'a' },
            { name: 'X-Custom', value: 'b' },
            { name: 'Host', value: 'example.test' },
            { name: 'user-agent', value: 'mine' },
          ],
        },
      },
      target(),
    );
    assert.equal(r.result, 'success');
    assert.equal(seen[0]!.headers['x-custom'], 'a, b');
    assert.equal(seen[0]!.headers['host'], 'example.test');
    assert.equal(seen[0]!.headers['user-agent'], 'mine');
  });

  test('host field is used instead of the pod IP; scheme is case-insensitive', async () => {
    const r = await runProbe({ httpGet: { host: A, scheme: 'HTTP', port, path: '/healthz' } }, target('127.0.0.9'));
    assert.equal(r.result, 'success');
  });

  test('500: failure with upstream message', async () => {
    const r = await runProbe({ httpGet: { port, path: '/fail' } }, target());
    assert.deepEqual(r, { result: 'failure', message: 'HTTP probe failed with statuscode: 500' });
  });

  test('302 on the same host is followed', async () => {
    seen.length = 0;
    const r = await runProbe({ httpGet: { port, path: '/redirect' } }, target());
    assert.deepEqual(r, { result: 'success', message: 'ok' });
    assert.deepEqual(
      seen.map((s) => s.url),
      ['/redirect', '/healthz'],
    );
    assert.equal(seen[1]!.headers['user-agent'], 'kube-probe/1.32');
    const abs = await runProbe({ httpGet: { port, path: '/redirect-abs' } }, target());
    assert.deepEqual(abs, { result: 'success', message: 'ok' });
  });

  test('a redirect to another host is not followed: success with a warning', async () => {
    otherHostHits.length = 0;
    const r = await runProbe({ httpGet: { port, path: '/away' } }, target());
    assert.deepEqual(r, { result: 'success', warning: true, message: 'Probe terminated redirects, Response body: moved away' });
    assert.deepEqual(otherHostHits, []);
  });

  test('a 3xx without Location is a success with a warning', async () => {
    const r = await runProbe({ httpGet: { port, path: '/not-modified' } }, target());
    assert.equal(r.result, 'success');
    assert.equal(r.warning, true);
  });

  test('more than 10 redirects: failure', async () => {
    const r = await runProbe({ httpGet: { port, path: '/loop' } }, target());
    assert.deepEqual(r, { result: 'failure', message: `Get "http://${A}:${port}/loop9": stopped after 10 redirects` });
  });

  test('connection refused: Go-worded failure', async () => {
    const p = await closedPort(A);
    const r = await runProbe({ httpGet: { port: p, path: '/healthz' } }, target());
    assert.deepEqual(r, { result: 'failure', message: `Get "http://${A}:${p}/healthz": dial tcp ${A}:${p}: connect: connection refused` });
  });

  test('no answer within timeoutSeconds: failure', async () => {
    const r = await runProbe({ timeoutSeconds: 1, httpGet: { port: hangPort, path: '/healthz' } }, target());
    assert.deepEqual(r, { result: 'failure', message: `Get "http://${A}:${hangPort}/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  });

  test('the body is read up to 10 KiB', async () => {
    const r = await runProbe({ httpGet: { port, path: '/big' } }, target());
    assert.equal(r.result, 'success');
    assert.equal(r.message.length, 10 * 1024);
  });

  test('named port through the container ports; an unknown name is an error', async () => {
    const resolvePort = containerPortResolver({ ports: [{ name: 'http', containerPort: port }] });
    const r = await runProbe({ httpGet: { port: 'http', path: '/healthz' } }, target(), { resolvePort });
    assert.deepEqual(r, { result: 'success', message: 'ok' });
    const bad = await runProbe({ httpGet: { port: 'metrics', path: '/healthz' } }, target(), { resolvePort });
    assert.deepEqual(bad, { result: 'failure', error: true, message: 'strconv.Atoi: parsing "metrics": invalid syntax' });
    const numeric = await runProbe({ httpGet: { port: String(port), path: '/healthz' } }, target(), { resolvePort });
    assert.equal(numeric.result, 'success');
    const range = await runProbe({ httpGet: { port: 70000, path: '/' } }, target());
    assert.deepEqual(range, { result: 'failure', error: true, message: 'invalid port number: 70000' });
  });
});

describe('httpGet over HTTPS', () => {
  let dir = '';
  let server: ReturnType<typeof createHttpsServer> | undefined;
  let port = 0;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'probe-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=probe.test'], { stdio: 'ignore' });
    server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('secure'));
    port = await listen(server as unknown as Server, A);
  });
  after(async () => {
    if (server) await new Promise((r) => server!.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a self-signed certificate is not verified', async () => {
    const r = await runProbe({ httpGet: { scheme: 'HTTPS', port, path: '/' } }, target());
    assert.deepEqual(r, { result: 'success', message: 'secure' });
  });
});

describe('tcpSocket', () => {
  const server = createNetServer((s) => s.end());
  let port = 0;
  let child: ChildProcess | undefined;
  const fillers: Socket[] = [];
  before(async () => {
    port = await listen(server, A);
  });
  after(async () => {
    for (const s of fillers) s.destroy();
    child?.kill('SIGKILL');
    await new Promise((r) => server.close(r));
  });

  test('open port: success', async () => {
    assert.deepEqual(await runProbe({ tcpSocket: { port } }, target()), { result: 'success', message: '' });
  });

  test('named port via resolvePort, host field over the pod IP', async () => {
    const r = await runProbe({ tcpSocket: { host: A, port: 'svc' } }, target('127.0.0.9'), { resolvePort: (p) => (p === 'svc' ? port : undefined) });
    assert.equal(r.result, 'success');
  });

  test('refused: failure worded as net.Dial', async () => {
    const p = await closedPort(A);
    assert.deepEqual(await runProbe({ tcpSocket: { port: p } }, target()), { result: 'failure', message: `dial tcp ${A}:${p}: connect: connection refused` });
  });

  test('a connect that does not complete within the timeout: i/o timeout', async () => {
    // A listener whose accept queue is full drops further SYNs, so connect hangs. The child
    // listens with backlog 1 and then blocks its event loop so it never accepts.
    child = spawn(process.execPath, ['-e', `const s=require('net').createServer();s.listen({port:0,host:'${A}',backlog:1},()=>{require('fs').writeSync(1,s.address().port+'\\n');Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0)})`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const p = await new Promise<number>((resolve) => child!.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
    // Fill the accept queue (backlog 1 holds two connections; a few more for margin).
    for (let i = 0; i < 4; i++) {
      const s = connect({ host: A, port: p });
      s.on('error', () => {});
      fillers.push(s);
    }
    await new Promise((r) => setTimeout(r, 100));
    const r = await runProbe({ timeoutSeconds: 1, tcpSocket: { port: p } }, target());
    assert.deepEqual(r, { result: 'failure', message: `dial tcp ${A}:${p}: i/o timeout` });
  });
});

describe('grpc', () => {
  const statusFor: Record<string, number> = { '': 1, down: 2 };
  const server = createH2Server();
  server.on('stream', (stream: ServerHttp2Stream, headers) => {
    if (headers[':path'] !== '/grpc.health.v1.Health/Check') {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown service' }, { endStream: true });
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const body = Buffer.concat(chunks).subarray(5);
      const service = body.length ? body.subarray(2).toString() : '';
      if (service === 'none') {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '5', 'grpc-message': 'unknown%20service' }, { endStream: true });
        return;
      }
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      const msg = Buffer.from([0x08, statusFor[service] ?? 3]);
      const frame = Buffer.alloc(5);
      frame.writeUInt32BE(msg.length, 1);
      stream.end(Buffer.concat([frame, msg]));
    });
  });
  let port = 0;
  before(async () => {
    port = await listen(server, A);
  });
  after(async () => {
    await new Promise((r) => server.close(r));
  });

  test('SERVING: success', async () => {
    assert.deepEqual(await runProbe({ grpc: { port } }, target()), { result: 'success', message: 'service is healthy' });
  });

  test('NOT_SERVING: failure', async () => {
    assert.deepEqual(await runProbe({ grpc: { port, service: 'down' } }, target()), { result: 'failure', message: 'service unhealthy (responded with "NOT_SERVING")' });
  });

  test('an rpc error: failure with its code', async () => {
    assert.deepEqual(await runProbe({ grpc: { port, service: 'none' } }, target()), { result: 'failure', message: 'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service' });
  });

  test('refused until the deadline: connect timeout', async () => {
    const p = await closedPort(A);
    assert.deepEqual(await runProbe({ timeoutSeconds: 1, grpc: { port: p } }, target()), { result: 'failure', message: `timeout: failed to connect service "${A}:${p}" within 1s: context deadline exceeded` });
  });

  test('request/response encoding', () => {
    assert.deepEqual([...encodeHealthRequest('')], [0, 0, 0, 0, 0]);
    assert.deepEqual([...encodeHealthRequest('ab')], [0, 0, 0, 0, 4, 0x0a, 2, 0x61, 0x62]);
    assert.equal(decodeHealthStatus(Buffer.from([0, 0, 0, 0, 2, 0x08, 2])), 2);
    assert.equal(decodeHealthStatus(Buffer.from([0, 0, 0, 0, 0])), 0);
  });
});
