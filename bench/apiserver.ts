// API server benchmark (issue 3): create 10,000 Pods through the API, list them, and hold
// 100 watchers while Pods change. Reference in the same run: a bare node:http server that
// keeps the same JSON in a Map (no validation, no durability), serves the same list bytes,
// and fans the same events out to 100 chunked responses. Prints Portico's numbers, the
// reference's, and their ratios.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followLines, fmt, percentile, pool, rssMiB, startBareServer, startPortico } from './lib.ts';

const pods = Number(process.env.BENCH_PODS ?? 10_000);
const watchers = Number(process.env.BENCH_WATCHERS ?? 100);
const changes = Number(process.env.BENCH_CHANGES ?? 200);
const concurrency = 32;

function pod(i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, labels: { app: 'bench', shard: String(i % 10) } },
    // A scheduler no one runs: the pods stay Pending, so this measures the API server, not 10,000 processes.
    spec: { schedulerName: 'bench-unscheduled', containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  };
}

interface Result {
  createsPerSec: number;
  listMs: number;
  watchP50: number;
  watchP99: number;
  rss?: number;
}

async function measure(base: string, listPath: string, createPath: string, watchPath: (rv: string) => string, patchPod: (i: number, stamp: number) => Promise<void>): Promise<Result> {
  const t0 = performance.now();
  await pool(pods, concurrency, async (i) => {
    const res = await fetch(base + createPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pod(i)) });
    if (res.status !== 201) throw new Error(`create ${i}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  });
  const createsPerSec = pods / ((performance.now() - t0) / 1000);

  const listTimes: number[] = [];
  let rv = '0';
  for (let k = 0; k < 7; k++) {
    const s = performance.now();
    const res = await fetch(base + listPath);
    const body = (await res.json()) as { items: unknown[]; metadata: { resourceVersion: string } };
    listTimes.push(performance.now() - s);
    if (body.items.length !== pods) throw new Error(`list returned ${body.items.length}`);
    rv = body.metadata.resourceVersion;
  }
  listTimes.sort((a, b) => a - b);

  // Watchers: each event carries the time its write was sent; delay = arrival - sent.
  const delays: number[] = [];
  const controllers: AbortController[] = [];
  const ready: Promise<void>[] = [];
  let received = 0;
  for (let w = 0; w < watchers; w++) {
    const ac = new AbortController();
    controllers.push(ac);
    ready.push(
      followLines(base + watchPath(rv), ac.signal, (line) => {
        const stamp = /"bench-sent":"(\d+(?:\.\d+)?)"/.exec(line);
        if (stamp) {
          delays.push(performance.timeOrigin + performance.now() - Number(stamp[1]));
          received++;
        }
      }),
    );
  }
  await Promise.all(ready);
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < changes; i++) {
    await patchPod(i, performance.timeOrigin + performance.now());
    await new Promise((r) => setTimeout(r, 5));
  }
  const deadline = Date.now() + 10_000;
  while (received < changes * watchers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const ac of controllers) ac.abort();
  if (received < changes * watchers) console.error(`warning: only ${received} of ${changes * watchers} watch events arrived`);
  delays.sort((a, b) => a - b);
  return { createsPerSec, listMs: percentile(listTimes, 50), watchP50: percentile(delays, 50), watchP99: percentile(delays, 99) };
}

async function portico(): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-bench-'));
  const p = await startPortico(dir);
  try {
    const ns = `${p.url}/api/v1/namespaces/default/pods`;
    const r = await measure(p.url, '/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/pods', (rv) => `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`, async (i, stamp) => {
      const res = await fetch(`${ns}/p-${i}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { annotations: { 'bench-sent': String(stamp) } } }) });
      if (res.status !== 200) throw new Error(`patch: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
    r.rss = rssMiB(p.proc.pid!);
    return r;
  } finally {
    await p.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The floor: the same HTTP work with nothing behind it but a Map. */
async function reference(): Promise<Result> {
  const bare = await startBareServer();
  try {
    return await measure(bare.url, '/pods', '/pods', () => '/pods?watch=1', async (i, stamp) => {
      const res = await fetch(`${bare.url}/pods/p-${i}`, { method: 'PATCH', body: JSON.stringify({ metadata: { annotations: { 'bench-sent': String(stamp) } } }) });
      await res.arrayBuffer();
    });
  } finally {
    bare.close();
  }
}

export async function run(): Promise<string> {
  const ref = await reference();
  const ours = await portico();
  const rows = [
    ['creates/s', fmt(ours.createsPerSec, 0), fmt(ref.createsPerSec, 0), fmt(ours.createsPerSec / ref.createsPerSec, 2)],
    [`list ${pods} pods (ms, median of 7)`, fmt(ours.listMs), fmt(ref.listMs), fmt(ours.listMs / ref.listMs, 2)],
    [`watch delay p50 (ms, ${watchers} watchers)`, fmt(ours.watchP50), fmt(ref.watchP50), fmt(ours.watchP50 / ref.watchP50, 2)],
    [`watch delay p99 (ms, ${watchers} watchers)`, fmt(ours.watchP99), fmt(ref.watchP99), fmt(ours.watchP99 / ref.watchP99, 2)],
    ['apiserver RSS after (MiB)', fmt(ours.rss ?? NaN, 0), '-', '-'],
  ];
  const out = ['| measure | portico | bare node:http + Map | ratio |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  return out;
}

if (import.meta.main) console.log(await run());
