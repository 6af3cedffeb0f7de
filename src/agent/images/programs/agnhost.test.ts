import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { httpGet, killAll, startProgram, udpAsk, waitListening } from './lib/test-process.ts';

after(async () => {
  assert.equal(await killAll(), 0, 'every process exited in its test');
});

test('agnhost without a subcommand prints usage; unknown ones fail clearly', async () => {
  const usage = startProgram('agnhost.ts', [], {});
  assert.deepEqual(await usage.exited, { code: 0, signal: null });
  assert.match(usage.stdout(), /netexec/);
  const unknown = startProgram('agnhost.ts', ['liveness'], {});
  assert.deepEqual(await unknown.exited, { code: 1, signal: null });
  assert.match(unknown.stderr(), /^Error: unknown command "liveness" for "app"\nPortico's built-in agnhost implements: connect, netexec, pause, porter, serve-hostname\./);
  const badFlag = startProgram('agnhost.ts', ['netexec', '--nope=1'], {});
  assert.deepEqual(await badFlag.exited, { code: 1, signal: null });
  assert.equal(badFlag.stderr(), 'Error: unknown flag: --nope\n');
  const badValue = startProgram('agnhost.ts', ['serve-hostname', '--port=x'], {});
  assert.deepEqual(await badValue.exited, { code: 1, signal: null });
  assert.equal(badValue.stderr(), 'Error: invalid argument "x" for "--port" flag: strconv.ParseInt: parsing "x": invalid syntax\n');
  const extra = startProgram('agnhost.ts', ['pause', 'extra'], {});
  assert.deepEqual(await extra.exited, { code: 1, signal: null });
  assert.equal(extra.stderr(), 'Error: accepts at most 0 arg(s), received 1\n');
});

test('agnhost pause prints Paused and exits 2 on SIGTERM, 1 on SIGINT', async () => {
  const p = startProgram('agnhost.ts', ['pause'], {});
  await p.waitFor(/^Paused\n$/, 'stdout');
  p.child.kill('SIGTERM');
  assert.deepEqual(await p.exited, { code: 2, signal: null });
  const q = startProgram('agnhost.ts', ['--v=2', 'pause'], {});
  await q.waitFor(/Paused/, 'stdout');
  q.child.kill('SIGINT');
  assert.deepEqual(await q.exited, { code: 1, signal: null });
});

test('registry.k8s.io/pause stand-in exits 0 on SIGTERM and SIGINT', async () => {
  for (const [signal, name] of [['SIGTERM', 'Terminated'], ['SIGINT', 'Interrupt']] as const) {
    // pause prints nothing until signalled, so a signal may beat its handler (Node then dies of
    // it): start again until the handler answers.
    for (;;) {
      const p = startProgram('pause.ts', [], {});
      await new Promise((r) => setTimeout(r, 500));
      p.child.kill(signal);
      const exit = await p.exited;
      if (exit.signal === signal) continue;
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.equal(p.stderr(), `Shutting down, got signal: ${name}\n`);
      break;
    }
  }
});

test('agnhost porter serves SERVE_PORT_<n> over HTTP and SERVE_UDP_PORT_<n> over UDP', async () => {
  const ip = '127.244.213.1';
  const p = startProgram('agnhost.ts', ['porter'], { POD_IP: ip, SERVE_PORT_9001: 'foo', SERVE_TCP_PORT_9002: 'bar', SERVE_UDP_PORT_9003: 'baz' });
  await waitListening(p, ip, 9001);
  await waitListening(p, ip, 9002);
  assert.equal((await httpGet(`http://${ip}:9001/any`)).body, 'foo');
  assert.equal((await httpGet(`http://${ip}:9002/`)).body, 'bar');
  assert.equal(await udpAsk(ip, 9003, 'x'), 'baz');
  p.child.kill('SIGTERM');
  assert.equal((await p.exited).signal, 'SIGTERM');
  const j = startProgram('agnhost.ts', ['porter', '--json-response'], { POD_IP: ip, SERVE_PORT_9004: 'a<b' });
  await waitListening(j, ip, 9004);
  const r = await httpGet(`http://${ip}:9004/`, { method: 'POST', body: '' });
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.body, '{"Method":"POST","Body":"a\\u003cb"}');
  assert.deepEqual(JSON.parse(r.body), { Method: 'POST', Body: 'a<b' });
  j.child.kill('SIGTERM');
  await j.exited;
});

test('agnhost connect: success exits 0, refused reports REFUSED', async () => {
  const ip = '127.244.213.2';
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(9100, ip, () => r()));
  const ok = startProgram('agnhost.ts', ['connect', '--timeout=3s', `${ip}:9100`], {});
  assert.deepEqual(await ok.exited, { code: 0, signal: null });
  server.close();
  const refused = startProgram('agnhost.ts', ['connect', '--timeout=3s', `${ip}:9101`], {});
  assert.deepEqual(await refused.exited, { code: 1, signal: null });
  assert.equal(refused.stderr(), 'REFUSED\n');
  const noPort = startProgram('agnhost.ts', ['connect', ip], {});
  assert.deepEqual(await noPort.exited, { code: 1, signal: null });
  assert.equal(noPort.stderr(), `UNKNOWN: address ${ip}: missing port in address\n`);
  const udp = startProgram('agnhost.ts', ['connect', '--protocol=udp', '--timeout=3s', `${ip}:9102`], {});
  assert.deepEqual(await udp.exited, { code: 1, signal: null });
  assert.match(udp.stderr(), /^REFUSED: read udp 127\.[\d.]+:\d+->127\.244\.213\.2:9102: read: connection refused\n$/);
  const none = startProgram('agnhost.ts', ['connect'], {});
  assert.deepEqual(await none.exited, { code: 1, signal: null });
  assert.equal(none.stderr(), 'Error: accepts 1 arg(s), received 0\n');
});
