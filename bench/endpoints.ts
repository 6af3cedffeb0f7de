// EndpointSlice latency benchmark (issue 5): 1,000 Services × 100 pods each. Pods are bound
// to a node of the benchmark's own (its lease kept fresh here), so no process runs; the
// benchmark acts as their kubelet through /status. Then, for a sample of pods, it flips
// Ready to true and measures until the pod's endpoint is ready in its Service's
// EndpointSlice. Reference in the same run: the same status change arriving on a plain pod
// watch — the floor for anything that reacts to it. CPU per change is the portico process's
// (API server and controllers) CPU time over the measured changes.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followLines, fmt, percentile, pool, rssMiB, startPortico } from './lib.ts';

const services = Number(process.env.BENCH_SERVICES ?? 1000);
const perService = Number(process.env.BENCH_PODS_PER_SERVICE ?? 100);
const samples = Number(process.env.BENCH_SAMPLES ?? 500);
const node = 'bench-node';

const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};

function ip(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

export async function run(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-bench-'));
  const p = await startPortico(dir);
  const api = p.url;
  const json = async (method: string, path: string, body?: unknown, type = 'application/json'): Promise<any> => {
    for (let attempt = 0; ; attempt++) {
      let r: Response;
      try {
        r = await fetch(api + path, { method, headers: { 'content-type': type }, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (e) {
        // A kept-alive connection the server closed in between: send again.
        if (attempt < 3) continue;
        throw e;
      }
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return r.json();
    }
  };
  const leaseTimer = setInterval(() => {
    void json('PATCH', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`, { spec: { renewTime: new Date().toISOString().replace('Z', '000Z') } }, 'application/merge-patch+json').catch(() => {});
  }, 5000);
  try {
    const now = new Date().toISOString();
    await json('POST', '/api/v1/nodes', { metadata: { name: node }, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady' }], addresses: [{ type: 'InternalIP', address: '10.255.255.1' }] } });
    await json('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', { metadata: { name: node }, spec: { holderIdentity: node, leaseDurationSeconds: 40, renewTime: now.replace('Z', '000Z') } });
    const total = services * perService;
    const t0 = performance.now();
    await pool(total, 48, async (i) => {
      const s = i % services;
      const name = `p${i}`;
      await json('POST', '/api/v1/namespaces/default/pods', { metadata: { name, labels: { app: `s${s}` } }, spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080 }] }] } });
      await json('PATCH', `/api/v1/namespaces/default/pods/${name}/status`, { status: { phase: 'Running', podIP: ip(i + 1), podIPs: [{ ip: ip(i + 1) }], conditions: [{ type: 'Ready', status: 'False' }] } }, 'application/merge-patch+json');
    });
    // Services last: each slice is then written once with its 100 endpoints, instead of
    // once per pod as they appear (the steady state measured below is the same).
    await pool(services, 32, async (s) => {
      await json('POST', '/api/v1/namespaces/default/services', { metadata: { name: `s${s}` }, spec: { clusterIP: 'None', selector: { app: `s${s}` }, ports: [{ port: 80, targetPort: 8080 }] } });
    });
    const setupSeconds = (performance.now() - t0) / 1000;
    // Measure the steady state: wait until every Service's slice lists all its pods.
    for (;;) {
      const slices = (await json('GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices')).items as any[];
      const full = slices.filter((x) => (x.endpoints ?? []).length === perService).length;
      if (full >= services) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 2000));

    // Watch slices and pods; record when each sampled pod's change is seen.
    const sliceSeen = new Map<string, number>();
    const podSeen = new Map<string, number>();
    const ac = new AbortController();
    const follow = (path: string, onLine: (line: string) => void) => followLines(api + path, ac.signal, onLine);
    const rv = (await json('GET', '/api/v1/namespaces/default/pods?limit=1')).metadata.resourceVersion;
    await follow(`/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?watch=true&resourceVersion=${rv}`, (line) => {
      const t = performance.now();
      const e = JSON.parse(line);
      for (const ep of e.object.endpoints ?? []) if (ep.conditions?.ready && ep.targetRef && !sliceSeen.has(ep.targetRef.name)) sliceSeen.set(ep.targetRef.name, t);
    });
    await follow(`/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`, (line) => {
      const t = performance.now();
      const e = JSON.parse(line);
      if ((e.object.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')) podSeen.set(e.object.metadata.name, t);
    });
    await new Promise((r) => setTimeout(r, 300));
    const cpu0 = cpuSeconds(p.proc.pid!);
    const sent = new Map<string, number>();
    for (let k = 0; k < samples; k++) {
      const i = Math.floor((k * total) / samples);
      const name = `p${i}`;
      sent.set(name, performance.now());
      await json('PATCH', `/api/v1/namespaces/default/pods/${name}/status`, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'application/merge-patch+json');
      await new Promise((r) => setTimeout(r, 5));
    }
    const deadline = Date.now() + 20_000;
    while (sliceSeen.size < samples && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const cpu = cpuSeconds(p.proc.pid!) - cpu0;
    ac.abort();
    const lat = (seen: Map<string, number>) => [...sent].filter(([n]) => seen.has(n)).map(([n, t]) => seen.get(n)! - t).sort((a, b) => a - b);
    const slice = lat(sliceSeen);
    const pod = lat(podSeen);
    return [
      `${services} Services × ${perService} pods (${total} pods, set up in ${fmt(setupSeconds, 0)} s); ${samples} pods turned Ready one by one, ${slice.length} seen in their slice; portico RSS ${fmt(rssMiB(p.proc.pid!), 0)} MiB`,
      '',
      '| measure | pod Ready → ready endpoint in slice | pod Ready → pod watch event (reference) | ratio |',
      '|---|---|---|---|',
      `| p50 (ms) | ${fmt(percentile(slice, 50))} | ${fmt(percentile(pod, 50))} | ${fmt(percentile(slice, 50) / percentile(pod, 50), 2)} |`,
      `| p99 (ms) | ${fmt(percentile(slice, 99))} | ${fmt(percentile(pod, 99))} | ${fmt(percentile(slice, 99) / percentile(pod, 99), 2)} |`,
      `| portico CPU per change (ms, API server + controllers) | ${fmt((cpu * 1000) / samples, 2)} | | |`,
    ].join('\n');
  } finally {
    clearInterval(leaseTimer);
    await p.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.log(await run());
