// Test support: runs a built-in program as a real process and talks to it over real sockets.
// Readiness is found by retrying, never by sleeping a fixed time.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

export const programsDir = fileURLToPath(new URL('..', import.meta.url));

export interface Program {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the combined output matches. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Starts `node <programs/script> ...args` with exactly env (plus PATH). */
export function startProgram(script: string, args: string[], env: Record<string, string>): Program {
  const child = spawn(process.execPath, [`${programsDir}${script}`, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), poke()));
  child.stderr!.on('data', (d: Buffer) => ((err += d.toString()), poke()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
      poke();
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(pattern, stream) {
      for (;;) {
        const text = stream === 'stdout' ? out : stream === 'stderr' ? err : out + err;
        if (pattern.test(text)) return;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`program exited before ${pattern}: stdout=${out} stderr=${err}`);
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}

/** Kills every program a test started that is still running; returns how many there were. */
export async function killAll(): Promise<number> {
  const left = [...running];
  await Promise.all(
    left.map(
      (c) =>
        new Promise<void>((r) => {
          c.once('exit', () => r());
          c.kill('SIGKILL');
        }),
    ),
  );
  return left.length;
}

/** Retries a TCP connect until something listens at host:port (or the program dies). */
export async function waitListening(p: Program, host: string, port: number): Promise<void> {
  for (;;) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`program exited: ${p.stderr()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port });
      s.on('connect', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request on a fresh connection; rawPath is sent as written (no URL normalization). */
export function httpGet(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; rawPath?: string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const path = opts.rawPath ?? u.pathname + u.search;
    const req = request({ host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || 80, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Sends one datagram and waits for one reply, resending until one arrives. */
export async function udpAsk(host: string, port: number, message: string, attempts = 50): Promise<string> {
  const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  try {
    const reply = new Promise<string>((resolve) => sock.on('message', (m) => resolve(m.toString())));
    sock.on('error', () => {});
    for (let i = 0; i < attempts; i++) {
      sock.send(message, port, host);
      const r = await Promise.race([reply, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
      if (r !== undefined) return r;
    }
    throw new Error(`no UDP reply from ${host}:${port}`);
  } finally {
    sock.close();
  }
}

/** Reads everything a TCP server sends until it closes the connection. */
export function tcpRead(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const s = connect({ host, port });
    s.setEncoding('utf8');
    s.on('data', (d: string) => (data += d));
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}
