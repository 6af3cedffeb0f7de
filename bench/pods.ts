// Pod start-up benchmark (issue 6): time from `kubectl apply` of a 50-replica nginx
// Deployment to all 50 pods Ready, and the agent's memory per pod. Reference in the same
// run: the same 50 nginx programs started directly with their own addresses, timed until
// each answers HTTP — the floor for "a process that serves". Needs /usr/bin/kubectl.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, repo, rssMiB, startPortico } from './lib.ts';

const replicas = Number(process.env.BENCH_REPLICAS ?? 50);
const nginx = join(repo, 'src', 'agent', 'images', 'programs', 'nginx.ts');

async function untilAnswers(url: string): Promise<void> {
  for (;;) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** The floor: spawn the programs directly and wait until all answer. */
async function direct(): Promise<{ ms: number; rssPerProcess: number }> {
  const procs: ChildProcess[] = [];
  const t0 = performance.now();
  try {
    for (let i = 0; i < replicas; i++) {
      const ip = `127.244.251.${i + 2}`;
      procs.push(spawn(process.execPath, [nginx], { env: { POD_IP: ip, POD_NAME: `direct-${i}`, PATH: process.env.PATH }, stdio: 'ignore' }));
    }
    await Promise.all(procs.map((_, i) => untilAnswers(`http://127.244.251.${i + 2}/`)));
    const ms = performance.now() - t0;
    const rss = procs.reduce((t, p) => t + rssMiB(p.pid!), 0) / procs.length;
    return { ms, rssPerProcess: rss };
  } finally {
    for (const p of procs) p.kill('SIGKILL');
  }
}

function kubectl(kubeconfig: string, args: string[]): string {
  return execFileSync('/usr/bin/kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig } }).toString();
}

async function viaPortico(): Promise<{ ms: number; agentPerPod: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-bench-'));
  const p = await startPortico(dir, ['--pod-cidr', '127.244.252.0/24']);
  const kubeconfig = join(dir, 'kubeconfig');
  try {
    // Let start-up settle before measuring the baseline.
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssMiB(p.proc.pid!);
    const manifest = join(dir, 'deploy.yaml');
    await writeFile(manifest, `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bench}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: bench}}\n  template:\n    metadata: {labels: {app: bench}}\n    spec:\n      containers: [{name: nginx, image: nginx}]\n`);
    const t0 = performance.now();
    kubectl(kubeconfig, ['apply', '-f', manifest]);
    for (;;) {
      const ready = kubectl(kubeconfig, ['get', 'deploy', 'bench', '-o', 'jsonpath={.status.readyReplicas}']);
      if (Number(ready) === replicas) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const ms = performance.now() - t0;
    const after = rssMiB(p.proc.pid!);
    kubectl(kubeconfig, ['delete', 'deploy', 'bench', '--wait=false']);
    return { ms, agentPerPod: ((after - before) * 1024) / replicas };
  } finally {
    await p.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<string> {
  const ref = await direct();
  const ours = await viaPortico();
  return [
    '| measure | portico | direct spawn | ratio |',
    '|---|---|---|---|',
    `| ${replicas} nginx pods: apply → all Ready (ms) | ${fmt(ours.ms, 0)} | ${fmt(ref.ms, 0)} (spawn → all answer) | ${fmt(ours.ms / ref.ms, 2)} |`,
    `| memory per pod (KiB) | ${fmt(ours.agentPerPod, 0)} in the portico process | ${fmt(ref.rssPerProcess * 1024, 0)} per nginx process | - |`,
  ].join('\n');
}

if (import.meta.main) console.log(await run());
