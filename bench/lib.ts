// Small helpers the benchmarks share: percentiles, RSS of a process, a portico child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const repo = join(import.meta.dirname, '..');

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export interface Portico {
  proc: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

export async function startPortico(dataDir: string, extraArgs: string[] = []): Promise<Portico> {
  const proc = spawn(process.execPath, [join(repo, 'bin', 'portico.js'), 'up', '--data-dir', dataDir, '--api-port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORTICO_LOG_LEVEL: 'warn' } });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /API server at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (c) => reject(new Error(`portico exited ${c}`)));
  });
  return {
    proc,
    url,
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Runs `count` tasks with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/**
 * The reference every API benchmark compares with: a bare node:http server that keeps the
 * posted JSON in a Map (no validation, defaulting, allocation or durability), answers lists
 * with the same bytes, and fans PATCHed objects out to every open `?watch=` response.
 */
export async function startBareServer(): Promise<{ url: string; close(): void }> {
  const objects = new Map<string, unknown>();
  const streams = new Set<ServerResponse>();
  let rv = 1;
  const server = createServer({ keepAlive: true }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, 'http://x');
    if (req.method === 'POST') {
      const obj = JSON.parse(Buffer.concat(chunks).toString()) as { metadata: { name: string; resourceVersion?: string } };
      obj.metadata.resourceVersion = String(++rv);
      objects.set(obj.metadata.name, obj);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
    } else if (req.method === 'PATCH') {
      const name = url.pathname.split('/').pop()!;
      const patch = JSON.parse(Buffer.concat(chunks).toString()) as { metadata: { annotations: Record<string, string> } };
      const obj = objects.get(name) as { metadata: Record<string, unknown> };
      obj.metadata.annotations = patch.metadata.annotations;
      const line = JSON.stringify({ type: 'MODIFIED', object: obj }) + '\n';
      for (const s of streams) s.write(line);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
    } else if (url.searchParams.get('watch')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      streams.add(res);
      res.on('close', () => streams.delete(res));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'List', metadata: { resourceVersion: String(rv) }, items: [...objects.values()] }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * Opens a watch (newline-delimited JSON over a streamed response) and calls onLine for every
 * line until the signal aborts it. Resolves once the response has started.
 */
export async function followLines(url: string, signal: AbortSignal, onLine: (line: string) => void): Promise<void> {
  const res = await fetch(url, { signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      }
    } catch {
      /* aborted */
    }
  })();
}
