// Service benchmark (issue 4): create 10,000 Services (one port each, every fourth a
// NodePort) through the API and report creates/s per 1,000, to show the cost of a create
// does not grow as the service CIDR fills. Reference in the same run: the bare node:http
// server (no allocation, validation or durability). Then the allocator alone, nanoseconds
// per allocation in buckets of 1,000, with its first bucket as the reference.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPRangeAllocator } from '../src/apiserver/allocators/index.ts';
import { fmt, pool, startBareServer, startPortico } from './lib.ts';

const total = Number(process.env.BENCH_SERVICES ?? 10_000);
const bucket = 1000;

function service(i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `s-${i}` },
    spec: { type: i % 4 === 0 ? 'NodePort' : 'ClusterIP', selector: { app: `a${i}` }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

/** Creates/s for each bucket of `bucket` creates. */
async function createRates(url: string, path: string): Promise<number[]> {
  const rates: number[] = [];
  for (let start = 0; start < total; start += bucket) {
    const t0 = performance.now();
    await pool(Math.min(bucket, total - start), 32, async (i) => {
      const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(service(start + i)) });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
    rates.push(Math.min(bucket, total - start) / ((performance.now() - t0) / 1000));
  }
  return rates;
}

function allocatorNanos(): number[] {
  const runs = 15;
  const samples: number[][] = [];
  for (let r = 0; r < runs; r++) {
    const a = new IPRangeAllocator('127.96.0.0/16');
    for (let b = 0; b < total / bucket; b++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < bucket; i++) a.allocateNext();
      ((samples[b] ??= []) as number[]).push(Number(process.hrtime.bigint() - t0) / bucket);
    }
  }
  return samples.map((xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!);
}

export async function run(): Promise<string> {
  const bare = await startBareServer();
  const refRates = await createRates(bare.url, '/services').finally(() => bare.close());
  const dir = await mkdtemp(join(tmpdir(), 'portico-bench-'));
  const p = await startPortico(dir);
  let ours: number[];
  try {
    ours = await createRates(p.url, '/api/v1/namespaces/default/services');
  } finally {
    await p.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const nanos = allocatorNanos();
  const lines = ['| services created | portico creates/s | bare node:http creates/s | ratio | allocator ns/alloc | vs first bucket |', '|---|---|---|---|---|---|'];
  ours.forEach((rate, b) => {
    lines.push(`| ${b * bucket + 1}-${Math.min((b + 1) * bucket, total)} | ${fmt(rate, 0)} | ${fmt(refRates[b]!, 0)} | ${fmt(rate / refRates[b]!, 2)} | ${fmt(nanos[b] ?? NaN, 0)} | ${fmt((nanos[b] ?? NaN) / nanos[0]!, 2)} |`);
  });
  const sum = (xs: number[]) => total / xs.reduce((t, r) => t + bucket / r, 0);
  lines.push(`| all ${total} | ${fmt(sum(ours), 0)} | ${fmt(sum(refRates), 0)} | ${fmt(sum(ours) / sum(refRates), 2)} | | |`);
  return lines.join('\n');
}

if (import.meta.main) console.log(await run());
