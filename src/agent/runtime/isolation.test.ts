import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { createProcessRuntime, type LocalProcessRuntime } from './index.ts';
import { assertNoLeftovers, logText, newMarker, tempStateDir, testEnv, waitForLog } from './testdata/support.ts';

const marker = newMarker();
const env = testEnv(marker);
let stateDir: string;
let rt: LocalProcessRuntime;
let hostsFile: string;
let resolvFile: string;
const hostHosts = fs.readFileSync('/etc/hosts', 'utf8');
const hostResolv = fs.readFileSync('/etc/resolv.conf', 'utf8');
const hostHostname = os.hostname();

before(() => {
  stateDir = tempStateDir();
  rt = createProcessRuntime({ stateDir, isolation: 'auto' });
  hostsFile = path.join(stateDir, 'hosts');
  resolvFile = path.join(stateDir, 'resolv.conf');
  fs.writeFileSync(hostsFile, '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n127.244.200.7\tweb-0\n');
  fs.writeFileSync(resolvFile, 'nameserver 127.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n');
});

after(async () => {
  await rt.stopAll(0);
  await assertNoLeftovers(marker);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

describe('isolation', () => {
  it('says why it is unavailable when turned off', () => {
    const none = createProcessRuntime({ stateDir, isolation: 'none' });
    assert.deepEqual(none.isolationAvailable(), { ok: false, reason: 'isolation is turned off (isolation: none)' });
  });

  it('is available as root', { skip: !isRoot && 'needs root' }, () => {
    assert.deepEqual(rt.isolationAvailable(), { ok: true });
  });

  it('gives the container its hostname, hosts and resolv.conf, leaving the host untouched', { skip: !isRoot && 'needs root' }, async () => {
    const cid = 'iso-pod/web';
    const p = await rt.start({
      id: cid,
      argv: ['sh', '-c', 'cat /proc/sys/kernel/hostname; hostname; cat /etc/hosts /etc/resolv.conf; echo ready; exec sleep 1000'],
      env,
      isolation: { hostname: 'web-0', hostsFile, resolvConfFile: resolvFile },
    });
    await waitForLog(rt, cid, 'ready');
    const log = await logText(rt, cid);
    assert.equal(log, `web-0\nweb-0\n${fs.readFileSync(hostsFile, 'utf8')}${fs.readFileSync(resolvFile, 'utf8')}ready\n`);
    assert.equal(os.hostname(), hostHostname);
    assert.equal(fs.readFileSync('/proc/sys/kernel/hostname', 'utf8').trim(), hostHostname);
    assert.equal(fs.readFileSync('/etc/hosts', 'utf8'), hostHosts);
    assert.equal(fs.readFileSync('/etc/resolv.conf', 'utf8'), hostResolv);

    // exec enters the same namespaces.
    const session = rt.exec(p, ['sh', '-c', 'hostname; cat /etc/hosts; pwd'], {}, {});
    assert.equal(await text(session.stdout), `web-0\n${fs.readFileSync(hostsFile, 'utf8')}${process.cwd()}\n`);
    assert.equal((await session.exited).exitCode, 0);

    // The pid is the program's, so signals reach it directly.
    assert.equal(fs.readFileSync(`/proc/${p.pid}/comm`, 'utf8'), 'sleep\n');
    const exit = await rt.stop(p, 10);
    assert.equal(exit.exitCode, 143);
  });

  it('keeps the resolv.conf of the host when only hosts is given', { skip: !isRoot && 'needs root' }, async () => {
    const cid = 'iso-pod/sidecar';
    const p = await rt.start({ id: cid, argv: ['sh', '-c', 'hostname; cat /etc/resolv.conf'], env, isolation: { hostname: 'sidecar', hostsFile } });
    assert.equal((await p.exited).exitCode, 0);
    assert.equal(await logText(rt, cid), `sidecar\n${hostResolv}`);
  });

  it('refuses a hosts file that does not exist', { skip: !isRoot && 'needs root' }, async () => {
    await assert.rejects(
      rt.start({ id: 'iso-pod/x', argv: ['true'], env, isolation: { hostname: 'x', hostsFile: '/no/such/hosts' } }),
      { message: 'failed to start container "x": bind mount source "/no/such/hosts": no such file or directory' },
    );
  });

  it('runs un-isolated when isolation is turned off, with the node hostname', async () => {
    const none = createProcessRuntime({ stateDir: path.join(stateDir, 'none'), isolation: 'none' });
    const p = await none.start({ id: 'plain/web', argv: ['cat', '/proc/sys/kernel/hostname'], env, isolation: { hostname: 'web-0', hostsFile } });
    await p.exited;
    assert.equal(await logText(none, 'plain/web'), `${hostHostname}\n`);
  });
});
