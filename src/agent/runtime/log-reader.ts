// Reads an instance's log the way the kubelet serves `kubectl logs`: plain text (or with
// timestamps), honouring tailLines, since, limitBytes and follow.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { LogReadOptions } from '../contracts.ts';
import { nowNs, parseEntries, parseTimestamp, renderEntry, type LogEntry } from './cri-log.ts';
import { rotatedLogPath } from './log-paths.ts';
import type { LogWriter } from './log-writer.ts';

function readIfExists(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

function sinceNs(opts: LogReadOptions): bigint | undefined {
  if (opts.sinceTime !== undefined) {
    const t = parseTimestamp(opts.sinceTime);
    if (t === undefined) throw new Error(`invalid sinceTime ${JSON.stringify(opts.sinceTime)}`);
    return t;
  }
  if (opts.sinceSeconds !== undefined) return nowNs() - BigInt(Math.floor(opts.sinceSeconds * 1e9));
  return undefined;
}

const CHUNK = 64 * 1024;

/**
 * A stream of the log at `logPath`. With `follow` and a live writer, it goes on with every
 * new record until the writer ends (the instance exited and its output is drained).
 */
export function readInstanceLog(logPath: string, opts: LogReadOptions, live: LogWriter | undefined): Readable {
  const since = sinceNs(opts);
  const timestamps = opts.timestamps === true;
  let remaining = opts.limitBytes !== undefined && opts.limitBytes > 0 ? opts.limitBytes : Infinity;
  let unsubscribe = () => {};
  const out = new Readable({
    read() {},
    destroy(err, cb) {
      unsubscribe();
      cb(err);
    },
  });

  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = () => {
    if (batchBytes > 0) out.push(Buffer.concat(batch));
    batch = [];
    batchBytes = 0;
  };
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    unsubscribe();
    flush();
    out.push(null);
  };
  /** Adds one entry to the output; false once limitBytes is used up. */
  const add = (entry: LogEntry): boolean => {
    if (since !== undefined && entry.timeNs < since) return true;
    let text = renderEntry(entry, timestamps);
    if (text.length >= remaining) text = text.subarray(0, remaining);
    remaining -= text.length;
    batch.push(text);
    batchBytes += text.length;
    if (batchBytes >= CHUNK) flush();
    return remaining > 0;
  };

  // Reading the files and subscribing happen in the same tick as the writer's synchronous
  // writes, so a follower neither misses nor repeats a record.
  let entries = parseEntries(Buffer.concat([readIfExists(rotatedLogPath(logPath)), readIfExists(logPath)]));
  if (opts.tailLines !== undefined && opts.tailLines >= 0) entries = entries.slice(Math.max(0, entries.length - opts.tailLines));
  let open = true;
  for (const entry of entries) {
    if (!add(entry)) {
      open = false;
      break;
    }
  }
  if (!open || !opts.follow || live === undefined || live.ended) {
    finish();
    return out;
  }
  flush();
  const onEntry = (entry: LogEntry) => {
    if (!add(entry)) finish();
    else flush();
  };
  const onEnd = () => finish();
  live.on('entry', onEntry);
  live.once('end', onEnd);
  unsubscribe = () => {
    live.off('entry', onEntry);
    live.off('end', onEnd);
  };
  return out;
}
