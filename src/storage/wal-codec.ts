// Payloads inside frames (see wal-frame.ts), as compact JSON.
//
// Log frame: one group commit, an array of write records in revision order:
//   [revision, key, value]   a put (create or update; replay tells which from the state)
//   [revision, key]          a delete (tombstone)
// createRevision and the previous value are not stored: replay re-derives them through the
// same write plans the live store used, so they cannot disagree.
//
// Snapshot file: a header frame {"format":1,"revision":R,"count":N}, then frames of
// [key, value, createRevision, modRevision] tuples (chunked to keep each JSON text small).
// Keeping createRevision and modRevision is what makes every resourceVersion survive restart.
import type { KeyValue, WatchEvent } from './store.ts';
import type { MvccSnapshot } from './mvcc.ts';
import { encodeFrame, scanFrames, WalCorruptionError } from './wal-frame.ts';

export type LogRecord = [revision: number, key: string, value: string] | [revision: number, key: string];

const SNAPSHOT_FORMAT = 1;
const SNAPSHOT_CHUNK_BYTES = 1 << 20;

export function encodeLogFrame(events: readonly WatchEvent[]): Buffer {
  const records: LogRecord[] = events.map((e) =>
    e.type === 'put' ? [e.revision, e.kv.key, e.kv.value] : [e.revision, e.kv.key],
  );
  return encodeFrame(Buffer.from(JSON.stringify(records), 'utf8'));
}

/** The records of one log frame; the checksum passed, so a bad shape is a bug or tampering. */
export function decodeLogFrame(payload: Buffer, file: string, offset: number): LogRecord[] {
  const records = parseJson(payload, file, offset);
  if (!Array.isArray(records)) throw new WalCorruptionError(file, offset, 'log frame is not an array');
  for (const r of records) {
    const ok =
      Array.isArray(r) &&
      (r.length === 2 || (r.length === 3 && typeof r[2] === 'string')) &&
      Number.isInteger(r[0]) &&
      typeof r[1] === 'string';
    if (!ok) throw new WalCorruptionError(file, offset, `malformed log record ${JSON.stringify(r).slice(0, 200)}`);
  }
  return records as LogRecord[];
}

/** Snapshot file contents as frames, produced lazily so a large state is never one string. */
export function* encodeSnapshot(revision: number, kvs: readonly KeyValue[]): Generator<Buffer, void, undefined> {
  yield encodeFrame(Buffer.from(JSON.stringify({ format: SNAPSHOT_FORMAT, revision, count: kvs.length }), 'utf8'));
  let chunk: [string, string, number, number][] = [];
  let bytes = 0;
  for (const kv of kvs) {
    chunk.push([kv.key, kv.value, kv.createRevision, kv.modRevision]);
    bytes += kv.key.length + kv.value.length + 32;
    if (bytes >= SNAPSHOT_CHUNK_BYTES) {
      yield encodeFrame(Buffer.from(JSON.stringify(chunk), 'utf8'));
      chunk = [];
      bytes = 0;
    }
  }
  if (chunk.length > 0) yield encodeFrame(Buffer.from(JSON.stringify(chunk), 'utf8'));
}

export function decodeSnapshot(buf: Buffer, file: string): MvccSnapshot & { kvs: KeyValue[] } {
  // A snapshot is published by rename only after fsync, so any damage is corruption.
  const { frames } = scanFrames(buf, file, false);
  const [head, ...chunks] = frames;
  if (head === undefined) throw new WalCorruptionError(file, 0, 'empty snapshot');
  const header = parseJson(head.payload, file, head.offset) as { format?: unknown; revision?: unknown; count?: unknown };
  if (header.format !== SNAPSHOT_FORMAT || !Number.isInteger(header.revision) || !Number.isInteger(header.count)) {
    throw new WalCorruptionError(file, 0, `unknown snapshot header ${JSON.stringify(header).slice(0, 200)}`);
  }
  const revision = header.revision as number;
  const kvs: KeyValue[] = [];
  for (const frame of chunks) {
    const tuples = parseJson(frame.payload, file, frame.offset);
    if (!Array.isArray(tuples)) throw new WalCorruptionError(file, frame.offset, 'snapshot chunk is not an array');
    for (const t of tuples) {
      const ok =
        Array.isArray(t) &&
        t.length === 4 &&
        typeof t[0] === 'string' &&
        typeof t[1] === 'string' &&
        Number.isInteger(t[2]) &&
        Number.isInteger(t[3]) &&
        t[2] <= t[3] &&
        t[3] <= revision;
      if (!ok) throw new WalCorruptionError(file, frame.offset, `malformed snapshot entry ${JSON.stringify(t).slice(0, 200)}`);
      kvs.push({ key: t[0], value: t[1], createRevision: t[2], modRevision: t[3] });
    }
  }
  if (kvs.length !== header.count) throw new WalCorruptionError(file, 0, `snapshot holds ${kvs.length} keys, header says ${header.count}`);
  return { revision, kvs };
}

function parseJson(payload: Buffer, file: string, offset: number): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new WalCorruptionError(file, offset, `frame payload is not JSON (${(err as Error).message})`);
  }
}
