// A KubeletApi for tests, standing in for the kubelet core: canned logs per container and
// exec that runs the command as a plain child process. Records every call it serves.
import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { ApiError } from '../../api/errors.ts';
import type { ExecOptions, ExecSession, KubeletApi, LogReadOptions } from '../contracts.ts';

export interface FakeKubeletApiOptions {
  /** `namespace/pod/container` → log lines (each ends with a newline when served). */
  logs: Record<string, string[]>;
  /** Lines a `follow` adds after the existing ones before the stream ends. */
  followLines?: string[];
  /** `namespace/pod/container` → the error logs and exec throw for it. */
  failures?: Record<string, ApiError>;
}

export interface LogCall {
  namespace: string;
  pod: string;
  container: string | undefined;
  opts: LogReadOptions;
}

export class FakeKubeletApi implements KubeletApi {
  readonly logCalls: LogCall[] = [];
  readonly execCalls: Array<{ namespace: string; pod: string; container: string | undefined; argv: string[]; opts: ExecOptions }> = [];
  /** The live follow streams: a test may write to them and end them. */
  readonly follows: PassThrough[] = [];
  /** Set to hold follow streams open until the test ends them. */
  holdFollow = false;
  readonly #opts: FakeKubeletApiOptions;

  constructor(opts: FakeKubeletApiOptions) {
    this.#opts = opts;
  }

  #lines(namespace: string, pod: string, container: string | undefined): string[] {
    const failure = this.#opts.failures?.[`${namespace}/${pod}/${container}`];
    if (failure) throw failure;
    const lines = this.#opts.logs[`${namespace}/${pod}/${container}`];
    if (!lines) throw new ApiError(404, 'NotFound', `container "${container}" in pod "${pod}" not found`);
    return lines;
  }

  async logs(namespace: string, pod: string, container: string | undefined, opts: LogReadOptions): Promise<Readable> {
    this.logCalls.push({ namespace, pod, container, opts });
    let lines = this.#lines(namespace, pod, container);
    if (opts.tailLines !== undefined) lines = opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines);
    const text = lines.map((l) => `${l}\n`).join('');
    if (!opts.follow) return Readable.from([Buffer.from(text)]);
    const out = new PassThrough();
    this.follows.push(out);
    out.write(text);
    for (const l of this.#opts.followLines ?? []) out.write(`${l}\n`);
    if (!this.holdFollow) out.end();
    return out;
  }

  async exec(namespace: string, pod: string, container: string | undefined, argv: string[], opts: ExecOptions): Promise<ExecSession> {
    this.execCalls.push({ namespace, pod, container, argv, opts });
    this.#lines(namespace, pod, container);
    const child = spawn(argv[0]!, argv.slice(1), { stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ exitCode: number }>((resolve, reject) => {
      child.once('error', (e) => reject(new Error(`failed to start ${argv[0]}: ${e.message}`)));
      child.once('exit', (code, signal) => resolve({ exitCode: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15) }));
    });
    exited.catch(() => {});
    return {
      stdin: child.stdin ?? undefined,
      stdout: child.stdout!,
      stderr: child.stderr!,
      resize: () => {},
      exited,
      kill: () => child.kill('SIGKILL'),
    };
  }
}

export interface ExecResult {
  /** The HTTP status of a refused upgrade (101 when upgraded). */
  httpStatus: number;
  /** The body of a refused upgrade. */
  body: string;
  protocol: string;
  stdout: string;
  stderr: string;
  /** The parsed channel-3 Status. */
  status: any;
  /** Raw channel-3 text. */
  statusText: string;
}

/**
 * Runs an exec as kubectl does over a WebSocket: sends `stdin` on channel 0, then (v5) the
 * close-stdin signal `ff 00` when `closeStdin` is set, and collects output until the server
 * closes the socket.
 */
export async function execOverWebSocket(url: string, opts: { protocols?: string[]; stdin?: string; closeStdin?: boolean; resize?: { Width: number; Height: number } } = {}): Promise<ExecResult> {
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(url, opts.protocols ?? ['v5.channel.k8s.io'], { perMessageDeflate: false });
  const result: ExecResult = { httpStatus: 0, body: '', protocol: '', stdout: '', stderr: '', status: undefined, statusText: '' };
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      result.httpStatus = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (result.body += d));
      res.on('end', () => resolve(result));
      res.on('error', reject);
    });
    ws.on('error', (e) => {
      if (!result.httpStatus) reject(e);
    });
    ws.on('open', () => {
      result.httpStatus = 101;
      result.protocol = ws.protocol;
      if (opts.resize) ws.send(Buffer.concat([Buffer.of(4), Buffer.from(JSON.stringify(opts.resize))]));
      if (opts.stdin !== undefined) ws.send(Buffer.concat([Buffer.of(0), Buffer.from(opts.stdin)]));
      if (opts.closeStdin) ws.send(Buffer.of(255, 0));
    });
    ws.on('message', (data: Buffer) => {
      const text = data.subarray(1).toString('utf8');
      if (data[0] === 1) result.stdout += text;
      else if (data[0] === 2) result.stderr += text;
      else if (data[0] === 3) result.statusText += text;
    });
    ws.on('close', () => {
      if (result.statusText) result.status = JSON.parse(result.statusText);
      resolve(result);
    });
  });
}
