// Pods as real processes under `portico up`, driven by the real kubectl: the seed
// Deployment's nginx pods run with their own addresses, restart when killed, are replaced
// when deleted, answer logs and exec, leave Ready when a probe fails, and leave nothing
// behind when the cluster stops.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Cluster, eventually, needsKubectl } from './harness.ts';
import { seedDeployment } from './seeds.ts';


interface ProcessView {
  pid: number;
  comm: string;
  cmdline: string;
  environ: string[];
}

/** Every process we may read, from /proc (ours run as the same user, root in CI). */
function processes(): ProcessView[] {
  const out: ProcessView[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      out.push({
        pid: Number(d),
        comm: readFileSync(`/proc/${d}/comm`, 'utf8').trim(),
        cmdline: readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' '),
        environ: readFileSync(`/proc/${d}/environ`, 'utf8').split('\0'),
      });
    } catch {
      /* gone, or not ours */
    }
  }
  return out;
}

interface PodView {
  name: string;
  ip: string;
  ready: boolean;
  restarts: number;
  phase: string;
}

describe('pods run as processes', { skip: needsKubectl }, () => {
  let c: Cluster;
  before(async () => {
    c = await Cluster.start();
  });
  after(async () => {
    await c?.stop();
  });

  const pods = async (selector = 'app=my-app'): Promise<PodView[]> => {
    const list = JSON.parse(await c.k(['get', 'pods', '-l', selector, '-o', 'json']));
    return list.items
      .filter((p: any) => !p.metadata.deletionTimestamp)
      .map((p: any) => ({
        name: p.metadata.name,
        ip: p.status.podIP ?? '',
        ready: (p.status.conditions ?? []).some((x: any) => x.type === 'Ready' && x.status === 'True'),
        restarts: p.status.containerStatuses?.[0]?.restartCount ?? 0,
        phase: p.status.phase,
      }));
  };
  const readyPods = async (n: number) => eventually(async () => {
    const ps = await pods();
    return ps.length === n && ps.every((p) => p.ready) ? ps : undefined;
  }, 20_000, `${n} ready pods`);

  it('the seed Deployment gives 3 Running, Ready nginx pods with distinct addresses that answer HTTP', async () => {
    await c.k(['apply', '-f', await c.writeFile('seed.yaml', seedDeployment)]);
    const ps = await readyPods(3);
    assert.equal(new Set(ps.map((p) => p.ip)).size, 3);
    const prefix = c.podCIDR.split('.').slice(0, 3).join('.') + '.';
    for (const p of ps) {
      assert.ok(p.ip.startsWith(prefix), `${p.ip} is in the node's pod range ${c.podCIDR}`);
      // Without a readiness probe a pod is Ready once its process runs, as on Kubernetes;
      // the server inside may take a moment to listen.
      const res = await eventually(() => fetch(`http://${p.ip}/`).catch(() => undefined), 5000, `nginx on ${p.ip}`);
      assert.equal(res.status, 200);
      const body = await res.text();
      assert.match(body, /<title>Welcome to nginx!<\/title>/);
      assert.ok(body.includes(p.name), 'the welcome page names the pod');
    }
    assert.match(await c.k(['get', 'deploy', 'my-app-deployment']), /my-app-deployment\s+3\/3\s+3\s+3/);
  });

  it('kubectl logs and kubectl exec reach the process', async () => {
    const [p] = await readyPods(3);
    await fetch(`http://${p!.ip}/from-the-test`);
    const logs = await eventually(async () => {
      const out = await c.k(['logs', p!.name]);
      return out.includes('GET /from-the-test HTTP/1.1') ? out : undefined;
    }, 5000, 'the access log line');
    assert.match(logs, /"GET \/from-the-test HTTP\/1.1" 404/);
    assert.equal(await c.k(['exec', p!.name, '--', 'hostname']), `${p!.name}\n`);
    const r = await c.kubectl(['exec', p!.name, '--', 'sh', '-c', 'exit 3']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /command terminated with exit code 3/);
  });

  it("killing a pod's process makes its restart count rise", async () => {
    const [p] = await readyPods(3);
    // The program itself (a node process), not its monitor shell, which shares its environment.
    const mine = processes().find((x) => x.comm !== 'sh' && x.cmdline.includes('nginx.ts') && x.environ.includes(`POD_IP=${p!.ip}`));
    assert.ok(mine, 'the pod has a process');
    process.kill(mine!.pid, 'SIGKILL');
    const after = await eventually(async () => (await pods()).find((x) => x.name === p!.name && x.restarts === 1 && x.ready), 15_000, 'restart');
    assert.equal(after.ip, p!.ip, 'a restart keeps the pod address');
  });

  it('deleting a pod brings a replacement with a new address', async () => {
    const before = await readyPods(3);
    const victim = before[0]!;
    await c.k(['delete', 'pod', victim.name]);
    const now = await readyPods(3);
    assert.ok(!now.some((p) => p.name === victim.name));
    const replacement = now.find((p) => !before.some((b) => b.name === p.name))!;
    assert.notEqual(replacement.ip, victim.ip);
    await assert.rejects(fetch(`http://${victim.ip}/`), 'the deleted pod no longer answers');
  });

  it('a failing readiness probe takes the pod out of Ready, and back when it passes', async () => {
    // Pods share the host's /tmp (only /etc/hosts and resolv.conf are their own), so the
    // flag file is unique to this run.
    const flag = `/tmp/portico-ready-${process.pid}-${Date.now()}`;
    const file = await c.writeFile('probe.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: probed
  labels: {app: probed}
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "touch ${flag}; exec sleep 3600"]
    readinessProbe:
      exec: {command: ["cat", "${flag}"]}
      periodSeconds: 1
      failureThreshold: 1
`);
    await c.k(['apply', '-f', file]);
    await eventually(async () => (await pods('app=probed')).find((p) => p.ready), 15_000, 'probed pod ready');
    await c.k(['exec', 'probed', '--', 'rm', flag]);
    await eventually(async () => (await pods('app=probed')).find((p) => !p.ready && p.phase === 'Running'), 10_000, 'not ready once the probe fails');
    await c.k(['exec', 'probed', '--', 'touch', flag]);
    await eventually(async () => (await pods('app=probed')).find((p) => p.ready), 10_000, 'ready again');
    await c.k(['delete', 'pod', 'probed', '--grace-period=1']);
  });

  it('stopping portico up leaves no pod process behind', async () => {
    await readyPods(3);
    assert.equal(await c.shutdown('SIGTERM'), 0);
    const left = processes().filter((p) => p.cmdline.includes(c.dataDir) || p.environ.includes(c.podCIDR.split('.').slice(0, 3).join('.') + '.'));
    assert.deepEqual(left.map((p) => `${p.pid} ${p.cmdline}`), []);
    await c.boot();
  });
});
