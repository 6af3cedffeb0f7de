// One exec session over the Kubernetes channel protocol on a WebSocket (v5.channel.k8s.io,
// also v4): every binary message starts with a channel byte — 0 stdin, 1 stdout, 2 stderr,
// 3 status, 4 resize, 255 close (v5 only: `ff 00` closes stdin). The session ends with one
// Status on channel 3 and then the socket is closed at once: kubectl waits for the close,
// not for the status.
import type { Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ExecSession, KubeletApi } from '../contracts.ts';
import { execFailure, execNonZeroExit, execSuccess, type ExecStatus } from './exec-status.ts';
import type { ExecQuery } from './kubelet-query.ts';

export const execProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const RESIZE = 4;
const CLOSE = 255;

/** Output queued on the socket above this pauses the process's output until it drains. */
const highWater = 1 << 20;
/** After the process exits, how long its output may take to drain (a daemonized child can hold it open). */
const drainGraceMs = 2000;

/** The subprotocol to answer with: the first of ours the client offers, in our preference order. */
export function pickExecProtocol(offered: string | undefined): string | undefined {
  const list = (offered ?? '').split(',').map((s) => s.trim());
  return execProtocols.find((p) => list.includes(p));
}

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
}

export async function serveExec(ws: WebSocket, target: ExecTarget, q: ExecQuery, api: KubeletApi, log: (msg: string, err?: unknown) => void): Promise<void> {
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  let session: ExecSession | undefined;
  let closed = false;
  let done = false;
  let stdinEnded = false;
  const early: Buffer[] = [];

  const endStdin = () => {
    if (stdinEnded) return;
    stdinEnded = true;
    session?.stdin?.end();
  };
  const onMessage = (m: Buffer) => {
    if (m.length === 0 || !session) return;
    const channel = m[0];
    if (channel === STDIN) {
      if (q.stdin && !stdinEnded && session.stdin && m.length > 1) session.stdin.write(m.subarray(1));
    } else if (channel === RESIZE) {
      try {
        const size = JSON.parse(m.subarray(1).toString('utf8')) as { Width?: number; Height?: number };
        if (q.tty && size.Width && size.Height) session.resize(size.Width, size.Height);
      } catch {
        // a malformed resize is dropped, as the kubelet drops it
      }
    } else if (channel === CLOSE && v5 && m[1] === STDIN) {
      endStdin();
    }
  };
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return; // the channel protocols carry only binary frames
    const m = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (session) onMessage(m);
    else early.push(m);
  });
  ws.on('close', () => {
    closed = true;
    endStdin();
    if (!done) session?.kill();
  });
  ws.on('error', (err) => log('exec websocket', err));

  const finish = (status: ExecStatus) => {
    done = true;
    if (ws.readyState !== ws.OPEN) return;
    send(ws, STATUS, Buffer.from(JSON.stringify(status)));
    ws.close(1000);
  };

  try {
    session = await api.exec(target.namespace, target.pod, target.container, q.argv, { tty: q.tty, stdin: q.stdin });
  } catch (err) {
    finish(execFailure(err));
    return;
  }
  if (closed) {
    session.kill();
    return;
  }
  session.stdin?.on('error', () => {}); // a process that exits without reading its stdin
  if (!q.stdin) endStdin();
  for (const m of early.splice(0)) onMessage(m);

  const drained = Promise.all([pump(ws, session.stdout, q.stdout ? STDOUT : undefined), session.stderr ? pump(ws, session.stderr, q.stderr ? STDERR : undefined) : undefined]);
  let status: ExecStatus;
  try {
    const { exitCode } = await session.exited;
    status = exitCode === 0 ? execSuccess() : execNonZeroExit(q.argv, exitCode);
  } catch (err) {
    status = execFailure(err);
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, drainGraceMs)))]);
  clearTimeout(timer);
  finish(status);
}

/** Copies a stream onto a channel (or discards it when the client did not ask for it). */
function pump(ws: WebSocket, src: Readable, channel: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    src.on('data', (chunk: Buffer | string) => {
      if (channel === undefined || ws.readyState !== ws.OPEN) return;
      // Backpressure: past the high-water mark, wait until this frame reaches the socket.
      const full = ws.bufferedAmount > highWater;
      if (full) src.pause();
      send(ws, channel, typeof chunk === 'string' ? Buffer.from(chunk) : chunk, full ? () => src.resume() : undefined);
    });
    src.once('end', resolve);
    src.once('close', resolve);
    src.once('error', () => resolve());
  });
}

function send(ws: WebSocket, channel: number, data: Buffer, sent?: () => void): void {
  const frame = Buffer.allocUnsafe(data.length + 1);
  frame[0] = channel;
  data.copy(frame, 1);
  ws.send(frame, { binary: true }, sent && (() => sent()));
}
