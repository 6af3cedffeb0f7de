// Runs `portico up` as a user would (a child process on a free port with its own data
// directory) and the real kubectl against it, each test with a fresh discovery cache.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually as poll } from '../../src/testing/index.ts';

export const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';
export const haveKubectl = existsSync(kubectlPath);
/** Pass as `skip` to tests that need kubectl; the reason is printed by the runner. */
export const needsKubectl = haveKubectl ? false : `kubectl not found at ${kubectlPath}`;

const repo = join(import.meta.dirname, '..', '..');

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Cluster {
  readonly dataDir: string;
  readonly #cacheDir: string;
  #proc: ChildProcess | undefined;
  url = '';
  #output = '';

  /**
   * Each test cluster's pods get their own /24, so clusters running side by side (parallel
   * test files) never hand two pods the same address.
   */
  readonly podCIDR: string;

  private constructor(dataDir: string, cacheDir: string) {
    this.dataDir = dataDir;
    this.#cacheDir = cacheDir;
    this.podCIDR = `127.244.${20 + ((process.pid * 31 + Cluster.#started++) % 180)}.0/24`;
  }

  static #started = 0;

  static async start(dataDir?: string): Promise<Cluster> {
    const c = new Cluster(dataDir ?? (await mkdtemp(join(tmpdir(), 'portico-e2e-'))), await mkdtemp(join(tmpdir(), 'portico-kcache-')));
    await c.boot();
    return c;
  }

  get kubeconfig(): string {
    return join(this.dataDir, 'kubeconfig');
  }

  async boot(): Promise<void> {
    const proc = spawn(process.execPath, [join(repo, 'bin', 'portico.js'), 'up', '--data-dir', this.dataDir, '--api-port', '0', '--pod-cidr', this.podCIDR], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORTICO_LOG_LEVEL: 'warn' },
    });
    this.#proc = proc;
    // If the test process ends without stop(), the cluster still stops its pods and exits.
    const orphanGuard = () => proc.kill('SIGTERM');
    process.once('exit', orphanGuard);
    proc.once('exit', () => process.removeListener('exit', orphanGuard));
    proc.stderr!.on('data', (d) => (this.#output += d));
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`portico up did not start in 20s:\n${out}\n${this.#output}`)), 20_000);
      proc.stdout!.on('data', (d) => {
        out += d;
        const m = /API server at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`portico up exited with ${code}:\n${out}\n${this.#output}`));
      });
    });
  }

  /** Stops the cluster with SIGTERM (or another signal) and waits for the process to exit. */
  async shutdown(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const proc = this.#proc;
    if (!proc || proc.exitCode !== null) return proc?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill(signal);
    return exited;
  }

  async stop(): Promise<void> {
    await this.shutdown();
    await rm(this.dataDir, { recursive: true, force: true });
    await rm(this.#cacheDir, { recursive: true, force: true });
  }

  get serverLog(): string {
    return this.#output;
  }

  kubectl(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(
        kubectlPath,
        // Global flags go first: after `--` (kubectl exec) they would reach the command.
        ['--cache-dir', this.#cacheDir, ...args],
        { env: { ...process.env, KUBECONFIG: this.kubeconfig, ...opts.env }, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
      if (opts.input !== undefined) child.stdin!.end(opts.input);
      else child.stdin!.end();
    });
  }

  /** kubectl that must succeed; returns stdout. */
  async k(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<string> {
    const r = await this.kubectl(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  async writeFile(name: string, text: string): Promise<string> {
    const p = join(this.#cacheDir, name);
    await writeFile(p, text);
    return p;
  }
}

/** Waits until `check` returns a truthy value, polling; fails after `ms`. */
export const eventually = <T>(check: () => Promise<T | undefined | false>, ms = 10_000, what = 'condition') => poll(check, ms, what, 100);
