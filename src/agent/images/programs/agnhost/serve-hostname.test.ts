import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { httpGet, killAll, startProgram, tcpRead, udpAsk, waitListening } from '../lib/test-process.ts';

after(async () => {
  assert.equal(await killAll(), 0, 'every agnhost process was stopped by its test');
});

const HOST = 'svc-hostname-rc-abcde';

test('serve-hostname HTTP (default): every path answers the pod hostname', async () => {
  const ip = '127.244.211.1';
  const p = startProgram('agnhost.ts', ['serve-hostname'], { POD_IP: ip, HOSTNAME: HOST });
  await waitListening(p, ip, 9376);
  for (const path of ['/', '/anything?x=1']) {
    const r = await httpGet(`http://${ip}:9376${path}`);
    assert.equal(r.status, 200);
    assert.equal(r.body, HOST);
    assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
  }
  await p.waitFor(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} HTTP request from 127\.0\.0\.1:\d+$/m, 'stderr');
  assert.match(p.stderr(), /Serving on port 9376\.\n/);
  // Upstream keeps serving after SIGTERM ("Awaiting pod deletion") until the kubelet kills it.
  p.child.kill('SIGTERM');
  await p.waitFor(/Shutting down after receiving signal: terminated\.\n.*Awaiting pod deletion\.\n/, 'stderr');
  assert.equal((await httpGet(`http://${ip}:9376/`)).body, HOST);
  p.child.kill('SIGKILL');
  assert.equal((await p.exited).signal, 'SIGKILL');
});

test('serve-hostname --close and --port', async () => {
  const ip = '127.244.211.2';
  const p = startProgram('agnhost.ts', ['serve-hostname', '--close', '--port', '9400'], { POD_IP: ip, HOSTNAME: HOST });
  await waitListening(p, ip, 9400);
  const r = await httpGet(`http://${ip}:9400/`);
  assert.equal(r.body, HOST);
  assert.equal(r.headers.connection, 'close');
  p.child.kill('SIGKILL');
  await p.exited;
});

test('serve-hostname raw TCP and UDP (--http=false --tcp --udp)', async () => {
  const ip = '127.244.211.3';
  const p = startProgram('agnhost.ts', ['serve-hostname', '--http=false', '--tcp', '--udp'], { POD_IP: ip, HOSTNAME: HOST });
  await waitListening(p, ip, 9376);
  assert.equal(await tcpRead(ip, 9376), HOST);
  assert.equal(await udpAsk(ip, 9376, 'x'), HOST);
  await p.waitFor(/TCP request from 127\.0\.0\.1:\d+/, 'stderr');
  await p.waitFor(/UDP request from 127\.0\.0\.1:\d+/, 'stderr');
  p.child.kill('SIGKILL');
  await p.exited;
});

test('serve-hostname refuses HTTP together with raw modes', async () => {
  const p = startProgram('agnhost.ts', ['serve-hostname', '--tcp'], { POD_IP: '127.244.211.4', HOSTNAME: HOST });
  assert.deepEqual(await p.exited, { code: 1, signal: null });
  assert.match(p.stderr(), /Can't server TCP\/UDP mode and HTTP mode at the same time\n$/);
});
