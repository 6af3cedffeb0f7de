// Test helper: runs the real kubectl against a throwaway HTTP server on 127.0.0.1 and records
// the body of the first POST it sends. `kubectl create <kind>` generators send that body as
// Kubernetes protobuf (kubectl-wire.md §2.4), so this is how fixtures are captured.
//
// The fake answers `/version` with minor 32 and `Cache-Control: no-cache, private`, so the GKE
// dispatcher runs its built-in v1.32 and never caches the answer (kubectl-wire.md §1). A POST is
// answered 500 with a Status: kubectl then exits non-zero, which the caller ignores. kubectl
// runs with a temporary HOME and cache dir, so nothing is read from or left in the real ones.
import { createServer, type IncomingMessage } from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = '/usr/bin/kubectl';

export const kubectlAvailable = (): boolean => existsSync(KUBECTL);

export interface CapturedRequest {
  method: string;
  url: string;
  contentType: string;
  body: Buffer;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Runs `kubectl <args>` against a fake server; resolves with the first POST (or undefined). */
export async function captureKubectlPost(args: readonly string[], timeoutMs = 30_000): Promise<CapturedRequest | undefined> {
  let captured: CapturedRequest | undefined;
  await withKubectl(
    args,
    (req, body) => {
      if (req.method === 'POST' && !captured) captured = { method: req.method, url: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body };
    },
    timeoutMs,
  );
  return captured;
}

/** `kubectl create ... --dry-run=client -o json`: the JSON kubectl would have sent. */
export async function kubectlDryRunJson(args: readonly string[], timeoutMs = 30_000): Promise<Record<string, unknown>> {
  // The flags must come before a `--` that starts the container command.
  const dash = args.indexOf('--');
  const flags = ['--dry-run=client', '-o', 'json'];
  const full = dash < 0 ? [...args, ...flags] : [...args.slice(0, dash), ...flags, ...args.slice(dash)];
  // A server is still needed: the dispatcher asks /version before running kubectl 1.32.
  const out = await withKubectl(full, () => {}, timeoutMs);
  return JSON.parse(out) as Record<string, unknown>;
}

/** Starts the fake server, runs kubectl against it, tears both down; resolves with stdout. */
async function withKubectl(args: readonly string[], onRequest: (req: IncomingMessage, body: Buffer) => void, timeoutMs: number): Promise<string> {
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (req.method === 'GET' && (req.url ?? '').startsWith('/version')) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
        res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0' }));
        return;
      }
      onRequest(req, body);
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'capture only', reason: 'InternalError', code: 500 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const home = mkdtempSync(join(tmpdir(), 'portico-kubectl-'));
  try {
    return await runKubectl(['--server', `http://127.0.0.1:${port}`, '--cache-dir', join(home, 'cache'), ...args], home, timeoutMs);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(home, { recursive: true, force: true });
  }
}

/** Runs kubectl with a private HOME and no kubeconfig; resolves with stdout (exit code ignored). */
function runKubectl(args: readonly string[], home: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, HOME: home, KUBECONFIG: join(home, 'kubeconfig-none') };
    const child = spawn(KUBECTL, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(out).toString('utf8'));
    });
  });
}
