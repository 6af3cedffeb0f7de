import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createSocket } from 'node:dgram';
import { httpGet, killAll, startProgram, udpAsk, waitListening, type Program } from '../lib/test-process.ts';

after(async () => {
  assert.equal(await killAll(), 0, 'every netexec process exited in its test');
});

const HOST = 'netserver-0';

async function startNetexec(ip: string, args: string[] = []): Promise<Program> {
  const p = startProgram('agnhost.ts', ['netexec', ...args], { POD_IP: ip, HOSTNAME: HOST });
  const httpPort = Number(/--http-port=(\d+)/.exec(args.join(' '))?.[1] ?? 8080);
  await waitListening(p, ip, httpPort);
  return p;
}

async function kill(p: Program): Promise<void> {
  p.child.kill('SIGKILL');
  await p.exited;
}

/** GET from a chosen source address, returning the body and the local port used. */
function getFrom(url: string, localAddress: string): Promise<{ body: string; localPort: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, localAddress }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ body, localPort: req.socket!.localPort! }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('netexec HTTP endpoints: /, /hostname, /hostName, /clientip, /echo, /header', async () => {
  const ip = '127.244.212.1';
  const p = await startNetexec(ip);
  const base = `http://${ip}:8080`;
  assert.match((await httpGet(`${base}/`)).body, /^NOW: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}$/);
  assert.equal((await httpGet(`${base}/hostname`)).body, HOST);
  assert.equal((await httpGet(`${base}/hostName`)).body, HOST);
  const me = await getFrom(`${base}/clientip`, '127.244.212.101');
  assert.equal(me.body, `127.244.212.101:${me.localPort}`);
  const echo = await httpGet(`${base}/echo?msg=hello%20world`);
  assert.equal(echo.status, 200);
  assert.equal(echo.body, 'hello world');
  assert.equal(echo.headers['content-type'], 'text/plain; charset=utf-8');
  const coded = await httpGet(`${base}/echo?msg=gone&code=410`);
  assert.deepEqual([coded.status, coded.body], [410, 'gone']);
  const bad = await httpGet(`${base}/echo?msg=x&code=abc`);
  assert.deepEqual([bad.status, bad.body], [200, `argument 'code' must be an integer or empty, got "abc"\n`]);
  const posted = await httpGet(`${base}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'msg=from+form' });
  assert.equal(posted.body, 'from form');
  assert.equal((await httpGet(`${base}/header?key=X-Test`, { headers: { 'X-Test': 'v1' } })).body, 'v1');
  assert.deepEqual(JSON.parse((await httpGet(`${base}/header`, { headers: { 'X-Test': 'v1' } })).body)['X-Test'], ['v1']);
  // Unknown paths are the root handler; unclean paths redirect as Go's ServeMux does.
  assert.match((await httpGet(`${base}/nope`)).body, /^NOW: /);
  const unclean = await httpGet(`${base}/`, { rawPath: '//hostname' });
  assert.deepEqual([unclean.status, unclean.headers.location], [301, '/hostname']);
  await p.waitFor(/GET \/echo\?msg=hello world&code=\n/, 'stderr');
  await kill(p);
});

test('netexec /shell runs /bin/sh -c with combined output', async () => {
  const ip = '127.244.212.2';
  const p = await startNetexec(ip);
  const ok = await httpGet(`http://${ip}:8080/shell?cmd=${encodeURIComponent('echo hi; echo there')}`);
  assert.deepEqual([ok.status, ok.body], [200, '{"output":"hi\\nthere\\n"}']);
  const failed = await httpGet(`http://${ip}:8080/shell?cmd=${encodeURIComponent('echo oops >&2; exit 3')}`);
  // Upstream's handler answers 200 with an "error" field (the 417 in its help text never happens).
  assert.deepEqual([failed.status, failed.body], [200, '{"error":"exit status 3","output":"oops\\n"}']);
  const quiet = await httpGet(`http://${ip}:8080/shell?shellCommand=true`);
  assert.equal(quiet.body, '{}');
  const html = await httpGet(`http://${ip}:8080/shell?cmd=${encodeURIComponent('printf "<a&b>"')}`);
  assert.equal(html.body, '{"output":"\\u003ca\\u0026b\\u003e"}');
  await kill(p);
});

test('netexec UDP commands and readiness', async () => {
  const ip = '127.244.212.3';
  const p = await startNetexec(ip);
  await p.waitFor(/Started UDP server on port 127\.244\.212\.3 8081\n/, 'stderr');
  assert.equal((await httpGet(`http://${ip}:8080/healthz`)).status, 200);
  const ready = await httpGet(`http://${ip}:8080/readyz`);
  assert.deepEqual([ready.status, ready.body], [200, 'ok']);
  assert.equal(await udpAsk(ip, 8081, 'hostname'), HOST);
  assert.equal(await udpAsk(ip, 8081, 'echo Hello World'), 'hello world');
  // clientip: the sender's address as seen by the server.
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.244.212.103', () => r()));
  const reply = new Promise<string>((r) => sock.once('message', (m) => r(m.toString())));
  sock.send('clientip\n', 8081, ip);
  assert.equal(await reply, `127.244.212.103:${sock.address().port}`);
  sock.close();
  await kill(p);
});

test('netexec /dial over HTTP and UDP, and its errors', async () => {
  const ip = '127.244.212.4';
  const p = await startNetexec(ip);
  await p.waitFor(/Started UDP server/, 'stderr');
  const base = `http://${ip}:8080/dial`;
  const viaHttp = await httpGet(`${base}?host=${ip}&port=8080&request=hostname&protocol=http&tries=2`);
  assert.deepEqual([viaHttp.status, viaHttp.body], [200, `{"responses":["${HOST}","${HOST}"]}`]);
  const viaUdp = await httpGet(`${base}?host=${ip}&port=8081&request=hostname&protocol=udp&tries=1`);
  assert.equal(viaUdp.body, `{"responses":["${HOST}"]}`);
  const refused = await httpGet(`${base}?host=${ip}&port=1&request=hostname&protocol=http`);
  assert.equal(refused.body, `{"errors":["Get \\"http://${ip}:1/hostname\\": dial tcp ${ip}:1: connect: connection refused"]}`);
  const noRequest = await httpGet(`${base}?host=${ip}&port=8080`);
  assert.deepEqual([noRequest.status, noRequest.body], [400, 'request parameter not specified. <nil>\n']);
  const badTries = await httpGet(`${base}?host=${ip}&port=8080&request=x&tries=z`);
  assert.deepEqual([badTries.status, badTries.body], [400, 'tries parameter is invalid. strconv.Atoi: parsing "z": invalid syntax\n']);
  const badProto = await httpGet(`${base}?host=${ip}&port=8080&request=x&protocol=quic`);
  assert.deepEqual([badProto.status, badProto.body], [400, 'unsupported protocol. quic\n']);
  await kill(p);
});

test('netexec /redirect', async () => {
  const ip = '127.244.212.5';
  const p = await startNetexec(ip);
  const r = await httpGet(`http://${ip}:8080/redirect?location=/echo%3Fmsg%3Dfoobar&code=307`);
  assert.equal(r.status, 307);
  assert.equal(r.headers.location, '/echo?msg=foobar');
  assert.equal(r.body, '<a href="/echo?msg=foobar">Temporary Redirect</a>.\n\n');
  const rel = await httpGet(`http://${ip}:8080/redirect?location=hostname`);
  assert.deepEqual([rel.status, rel.headers.location], [302, '/hostname']);
  await kill(p);
});

test('netexec /exit with a timeout answers, then exits with the code', async () => {
  const ip = '127.244.212.6';
  const p = await startNetexec(ip);
  const r = await httpGet(`http://${ip}:8080/exit?code=3&timeout=5s`);
  assert.deepEqual([r.status, r.body], [200, '']);
  assert.deepEqual(await p.exited, { code: 3, signal: null });
  assert.match(p.stderr(), /Will begin shutdown in 0s, allowing 5s for connections to close, then will exit with 3\n/);
});

test('netexec /exit without timeout and /shutdown exit at once', async () => {
  const ip = '127.244.212.7';
  const p = await startNetexec(ip);
  await assert.rejects(httpGet(`http://${ip}:8080/exit?code=4&wait=10ms`));
  assert.deepEqual(await p.exited, { code: 4, signal: null });
  assert.match(p.stderr(), /Will begin shutdown in 10ms, allowing 0s for connections to close, then will exit with 4\n/);
  const q = await startNetexec(ip);
  await assert.rejects(httpGet(`http://${ip}:8080/shutdown`));
  assert.deepEqual(await q.exited, { code: 0, signal: null });
});

test('netexec SIGTERM exits 0 at once without --delay-shutdown', async () => {
  const ip = '127.244.212.8';
  const p = await startNetexec(ip);
  p.child.kill('SIGTERM');
  assert.deepEqual(await p.exited, { code: 0, signal: null });
});

test('netexec --delay-shutdown keeps serving with /readyz 503 after SIGTERM', async () => {
  const ip = '127.244.212.9';
  const p = await startNetexec(ip, ['--delay-shutdown=600']);
  await p.waitFor(/Started UDP server/, 'stderr');
  p.child.kill('SIGTERM');
  await p.waitFor(/Sleeping 600 seconds before terminating\.\.\./, 'stderr');
  const ready = await httpGet(`http://${ip}:8080/readyz`);
  assert.deepEqual([ready.status, ready.body], [503, 'shutting down']);
  assert.equal((await httpGet(`http://${ip}:8080/healthz`)).status, 200);
  assert.equal((await httpGet(`http://${ip}:8080/hostname`)).body, HOST);
  assert.equal(await udpAsk(ip, 8081, 'hostname'), HOST);
  await kill(p);
});

test('netexec --delay-shutdown ends with exit 0', async () => {
  const ip = '127.244.212.10';
  const p = await startNetexec(ip, ['--delay-shutdown=1']);
  p.child.kill('SIGTERM');
  assert.deepEqual(await p.exited, { code: 0, signal: null });
});

test('netexec --udp-port=-1, --http-port and --http-override', async () => {
  const ip = '127.244.212.11';
  const p = await startNetexec(ip, ['--http-port=8090', '--udp-port=-1', '--http-override=/echo?msg=overridden']);
  // Upstream's readiness comes from the UDP server: without it /healthz stays 412.
  const r = await httpGet(`http://${ip}:8090/hostname`);
  assert.equal(r.body, 'overridden');
  await kill(p);
  const q = await startNetexec(ip, ['--http-port=8090', '--udp-port=-1']);
  assert.equal((await httpGet(`http://${ip}:8090/healthz`)).status, 412);
  assert.equal((await httpGet(`http://${ip}:8090/readyz`)).status, 412);
  await kill(q);
});
