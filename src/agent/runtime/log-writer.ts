// Turns a container's stdout and stderr (read from its two FIFOs) into CRI log records in
// the instance's log file, rotating so the file and its one rotated part together hold at
// most `limitBytes`, and tells followers about every record as it is written.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import { formatEntry, formatTimestamp, nowNs, type LogEntry, type LogStream } from './cri-log.ts';
import { rotatedLogPath } from './log-paths.ts';

export interface LogWriterOptions {
  logPath: string;
  limitBytes: number;
  fifos: Record<LogStream, string>;
  log?: (msg: string, err?: unknown) => void;
}

/**
 * Events: 'entry' (LogEntry) for each record written; 'end' once both streams have ended
 * (every writer of the FIFOs is gone) or close() was called.
 */
export class LogWriter extends EventEmitter {
  readonly logPath: string;
  ended = false;
  readonly done: Promise<void>;
  #fd: number;
  #size: number;
  #half: number;
  #maxLine: number;
  #pending: Record<LogStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  #sockets: net.Socket[] = [];
  #open = 2;
  #log: (msg: string, err?: unknown) => void;
  #failed = false;

  constructor(opts: LogWriterOptions) {
    super();
    this.setMaxListeners(0);
    this.logPath = opts.logPath;
    this.#log = opts.log ?? (() => {});
    // Two halves: the current file and one rotated part, so at least the newest half of the
    // limit is always there, and never much more than the limit.
    this.#half = Math.max(1, Math.floor(opts.limitBytes / 2));
    // containerd splits lines at 16 KiB; smaller limits split smaller so rotation still works.
    this.#maxLine = Math.min(16 * 1024, Math.max(64, Math.floor(opts.limitBytes / 4)));
    this.#fd = fs.openSync(this.logPath, 'a');
    this.#size = fs.fstatSync(this.#fd).size;
    this.done = new Promise((resolve) => this.once('end', () => resolve()));
    for (const stream of ['stdout', 'stderr'] as const) {
      // Non-blocking, so opening never waits for a writer and reads go through libuv's
      // event loop instead of tying up a thread-pool thread per container.
      let fd: number;
      try {
        fd = fs.openSync(opts.fifos[stream], fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      } catch (err) {
        // The FIFO is gone (state removed by hand): the process is still supervised, its
        // output is just not logged.
        this.#log(`cannot open ${opts.fifos[stream]}`, err);
        queueMicrotask(() => this.#onClose(stream));
        continue;
      }
      const socket = new net.Socket({ fd, readable: true, writable: false });
      socket.on('data', (chunk: Buffer) => this.#onData(stream, chunk));
      socket.on('error', (err) => this.#log(`log reader for ${this.logPath} (${stream}) failed`, err));
      socket.on('close', () => this.#onClose(stream));
      this.#sockets.push(socket);
    }
  }

  /** Stops reading (what is still in the pipes stays there) and ends. */
  close(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  #onData(stream: LogStream, chunk: Buffer): void {
    let data = this.#pending[stream].length ? Buffer.concat([this.#pending[stream], chunk]) : chunk;
    const records: Buffer[] = [];
    const entries: LogEntry[] = [];
    const timeNs = nowNs();
    const timestamp = formatTimestamp(timeNs);
    const emit = (content: Buffer, partial: boolean) => {
      records.push(formatEntry(timestamp, stream, partial, content));
      entries.push({ timestamp, timeNs, stream, partial, content: Buffer.from(content) });
    };
    for (;;) {
      const nl = data.indexOf(0x0a);
      const lineEnd = nl < 0 ? data.length : nl;
      if (lineEnd >= this.#maxLine) {
        emit(data.subarray(0, this.#maxLine), true);
        data = data.subarray(this.#maxLine);
        continue;
      }
      if (nl < 0) break;
      emit(data.subarray(0, nl), false);
      data = data.subarray(nl + 1);
    }
    this.#pending[stream] = Buffer.from(data);
    this.#write(records, entries);
  }

  #onClose(stream: LogStream): void {
    // A last line without a newline still counts as a full line (containerd does the same).
    const rest = this.#pending[stream];
    if (rest.length > 0) {
      this.#pending[stream] = Buffer.alloc(0);
      const timeNs = nowNs();
      const timestamp = formatTimestamp(timeNs);
      this.#write([formatEntry(timestamp, stream, false, rest)], [{ timestamp, timeNs, stream, partial: false, content: rest }]);
    }
    if (--this.#open > 0) return;
    try {
      fs.closeSync(this.#fd);
    } catch {}
    this.ended = true;
    this.emit('end');
  }

  #write(records: Buffer[], entries: LogEntry[]): void {
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      try {
        if (this.#size > 0 && this.#size + record.length > this.#half) this.#rotate();
        fs.writeSync(this.#fd, record);
        this.#size += record.length;
      } catch (err) {
        // The log directory was removed (pod deleted) or the disk is full: keep draining the
        // pipes so the container never blocks on its output, but say so once.
        if (!this.#failed) this.#log(`cannot write log ${this.logPath}`, err);
        this.#failed = true;
      }
      this.emit('entry', entries[i]);
    }
  }

  #rotate(): void {
    fs.closeSync(this.#fd);
    fs.renameSync(this.logPath, rotatedLogPath(this.logPath));
    this.#fd = fs.openSync(this.logPath, 'a');
    this.#size = 0;
  }
}
