import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { httpGet, killAll, startProgram, waitListening } from './lib/test-process.ts';

after(async () => {
  assert.equal(await killAll(), 0, 'every nginx process exited by itself');
});

function startNginx(ip: string, env: Record<string, string> = {}) {
  return startProgram('nginx.ts', [], { POD_IP: ip, POD_NAME: 'web-7d4b9c-x2k9q', HOSTNAME: 'web-7d4b9c-x2k9q', NGINX_VERSION: '1.27.3', ...env });
}

async function stop(p: ReturnType<typeof startNginx>, signal: NodeJS.Signals = 'SIGTERM') {
  p.child.kill(signal);
  return p.exited;
}

test('GET / serves the welcome page naming the pod, with nginx headers', async () => {
  const ip = '127.244.210.1';
  const p = startNginx(ip);
  await waitListening(p, ip, 80);
  const r = await httpGet(`http://${ip}/`, { headers: { 'User-Agent': 'curl/8.5.0' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.server, 'nginx/1.27.3');
  assert.equal(r.headers['content-type'], 'text/html');
  assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
  assert.match(String(r.headers.etag), /^"[0-9a-f]+-[0-9a-f]+"$/);
  assert.ok(r.headers['last-modified']);
  assert.ok(r.body.startsWith('<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n'));
  assert.ok(r.body.includes('<p><em>Thank you for using nginx.</em></p>\n'));
  assert.ok(r.body.includes('web-7d4b9c-x2k9q'));
  assert.ok(r.body.endsWith('</body>\n</html>\n'));
  // Exactly one line more than the image's 615-byte index.html.
  const original = r.body.split('\n').filter((l) => !l.includes('web-7d4b9c-x2k9q')).join('\n');
  assert.equal(Buffer.byteLength(original), 615);
  const same = await httpGet(`http://${ip}/index.html?x=1`);
  assert.equal(same.body, r.body);
  assert.deepEqual(await stop(p), { code: 0, signal: null });
});

test('other paths get nginx 404 page; error log names the file', async () => {
  const ip = '127.244.210.2';
  const p = startNginx(ip);
  await waitListening(p, ip, 80);
  const r = await httpGet(`http://${ip}/missing/page`);
  assert.equal(r.status, 404);
  assert.equal(r.headers['content-type'], 'text/html');
  assert.equal(r.body, '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n');
  await p.waitFor(/\[error\] \d+#\d+: \*1 open\(\) "\/usr\/share\/nginx\/html\/missing\/page" failed \(2: No such file or directory\), client: 127\.0\.0\.1, server: localhost, request: "GET \/missing\/page HTTP\/1\.1", host: "127\.244\.210\.2"/, 'stderr');
  const bad = await httpGet(`http://${ip}/`, { rawPath: '/a/../../etc/passwd' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /<title>400 Bad Request<\/title>/);
  const put = await httpGet(`http://${ip}/`, { method: 'PUT', body: 'x' });
  assert.equal(put.status, 405);
  assert.match(put.body, /<center><h1>405 Not Allowed<\/h1><\/center>/);
  assert.deepEqual(await stop(p), { code: 0, signal: null });
});

test('HEAD, conditional GET and keep-alive', async () => {
  const ip = '127.244.210.3';
  const p = startNginx(ip);
  await waitListening(p, ip, 80);
  const get = await httpGet(`http://${ip}/`);
  const head = await httpGet(`http://${ip}/`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(head.headers['content-length'], get.headers['content-length']);
  const cached = await httpGet(`http://${ip}/`, { headers: { 'If-None-Match': String(get.headers.etag) } });
  assert.equal(cached.status, 304);
  assert.equal(cached.body, '');

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const viaAgent = () =>
    new Promise<{ reused: boolean; connection: string | undefined }>((resolve, reject) => {
      const req = request(`http://${ip}/`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ reused: req.reusedSocket, connection: res.headers.connection }));
      });
      req.on('error', reject);
      req.end();
    });
  const first = await viaAgent();
  const second = await viaAgent();
  agent.destroy();
  assert.equal(first.connection, 'keep-alive');
  assert.equal(second.reused, true);
  assert.deepEqual(await stop(p), { code: 0, signal: null });
});

test('logs: entrypoint lines and access log on stdout, notices on stderr', async () => {
  const ip = '127.244.210.4';
  const p = startNginx(ip);
  await waitListening(p, ip, 80);
  await httpGet(`http://${ip}/?q=1`, { headers: { 'User-Agent': 'curl/8.5.0', Referer: 'http://x/"y"', 'X-Forwarded-For': '10.0.0.9' } });
  await p.waitFor(/"GET \/\?q=1 HTTP\/1\.1"/, 'stdout');
  const out = p.stdout().split('\n');
  assert.equal(out[0], '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
  assert.ok(out.includes('/docker-entrypoint.sh: Configuration complete; ready for start up'));
  const access = out.find((l) => l.includes('"GET /?q=1'))!;
  assert.match(access, /^127\.0\.0\.1 - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/\?q=1 HTTP\/1\.1" 200 \d+ "http:\/\/x\/\\x22y\\x22" "curl\/8\.5\.0" "10\.0\.0\.9"$/);
  const err = p.stderr();
  assert.match(err, /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \[notice\] 1#1: using the "epoll" event method$/m);
  assert.match(err, /\[notice\] 1#1: nginx\/1\.27\.3$/m);
  assert.match(err, /\[notice\] 1#1: start worker processes$/m);
  assert.deepEqual(await stop(p), { code: 0, signal: null });
  assert.match(p.stderr(), /\[notice\] 1#1: signal 15 \(SIGTERM\) received, exiting\n[\s\S]*\[notice\] 1#1: exit\n$/);
});

test('SIGQUIT is a graceful shutdown: idle keep-alive connections close, exit 0', async () => {
  const ip = '127.244.210.5';
  const p = startNginx(ip);
  await waitListening(p, ip, 80);
  const sock = connect({ host: ip, port: 80 });
  let reply = '';
  sock.on('data', (d) => (reply += d.toString()));
  const closed = new Promise((r) => sock.on('close', r));
  sock.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  while (!reply.includes('</html>')) await new Promise((r) => sock.once('data', r));
  assert.match(reply, /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\nConnection: keep-alive\r\n/);
  p.child.kill('SIGQUIT');
  await closed;
  assert.deepEqual(await p.exited, { code: 0, signal: null });
  assert.match(p.stderr(), /\[notice\] 1#1: signal 3 \(SIGQUIT\) received, shutting down\n.*gracefully shutting down\n/);
});

test('NGINX_PORT moves the listener; a taken port fails like nginx', async () => {
  const ip = '127.244.210.6';
  const p = startNginx(ip, { NGINX_PORT: '8088' });
  await waitListening(p, ip, 8088);
  assert.equal((await httpGet(`http://${ip}:8088/`)).status, 200);
  const q = startNginx(ip, { NGINX_PORT: '8088' });
  assert.deepEqual(await q.exited, { code: 1, signal: null });
  assert.match(q.stderr(), /\[emerg\] 1#1: bind\(\) to 127\.244\.210\.6:8088 failed \(98: Address already in use\)\nnginx: \[emerg\] bind\(\) to 127\.244\.210\.6:8088 failed \(98: Address already in use\)\n$/);
  assert.deepEqual(await stop(p, 'SIGINT'), { code: 0, signal: null });
});
