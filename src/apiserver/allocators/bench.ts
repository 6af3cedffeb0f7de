// Micro-benchmark (not a test): the cost of one dynamic allocation must not grow with the number
// already allocated. Allocates 10,000 ClusterIPs from a /16, then fills a /16 completely, then
// fills the default NodePort range, and prints the median cost per allocation for each bucket
// over several fresh runs. Run: node src/apiserver/allocators/bench.ts [--check]
// With --check it exits non-zero when the last bucket costs more than 3x the first and more than
// 200 ns more (the last NodePort bucket is a handful of calls into the static band: timer noise).
import { IPRangeAllocator } from './ip-range-allocator.ts';
import { PortRangeAllocator } from './port-range-allocator.ts';

const RUNS = 15;

interface Series {
  label: string;
  bucketSize: number;
  total: number;
  /** Builds a fresh allocator and returns its allocateNext. */
  fresh: () => () => unknown;
}

/** Median nanoseconds per allocation for each bucket, over RUNS fresh allocators. */
function measure(s: Series): number[] {
  const buckets = Math.ceil(s.total / s.bucketSize);
  const samples: number[][] = Array.from({ length: buckets }, () => []);
  for (let run = 0; run < RUNS; run++) {
    const next = s.fresh();
    for (let b = 0; b < buckets; b++) {
      const n = Math.min(s.bucketSize, s.total - b * s.bucketSize);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) next();
      const t1 = process.hrtime.bigint();
      samples[b]!.push(Number(t1 - t0) / n);
    }
  }
  return samples.map((xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!);
}

function report(s: Series): boolean {
  const medians = measure(s);
  console.log(`\n${s.label}: median ns per allocation, ${RUNS} runs`);
  medians.forEach((ns, b) => {
    const from = b * s.bucketSize + 1;
    const to = Math.min((b + 1) * s.bucketSize, s.total);
    console.log(`  ${String(from).padStart(6)}-${String(to).padEnd(6)} ${ns.toFixed(0).padStart(7)} ns  ${'#'.repeat(Math.min(60, Math.round(ns / 50)))}`);
  });
  const ratio = medians[medians.length - 1]! / medians[0]!;
  console.log(`  last/first bucket: ${ratio.toFixed(2)}x`);
  return ratio > 3 && medians[medians.length - 1]! - medians[0]! > 200;
}

const grew = [
  report({ label: 'ClusterIP, 10,000 from 127.96.0.0/16', bucketSize: 1000, total: 10_000, fresh: () => { const a = new IPRangeAllocator('127.96.0.0/16'); return () => a.allocateNext(); } }),
  report({ label: 'ClusterIP, the whole /16 (65,534) until full', bucketSize: 5000, total: 65_534, fresh: () => { const a = new IPRangeAllocator('127.96.0.0/16'); return () => a.allocateNext(); } }),
  report({ label: 'NodePort, 30000-32767 until full (2,768)', bucketSize: 250, total: 2768, fresh: () => { const a = new PortRangeAllocator('30000-32767'); return () => a.allocateNext(); } }),
];

if (process.argv.includes('--check') && grew.some(Boolean)) {
  console.error('\ncost per allocation grew with the number allocated');
  process.exit(1);
}
