// Rebuilds the state from a data directory: the newest snapshot, then every log record after
// it, in revision order, then reopens the newest log for appending (its torn tail cut off).
// Anything that would mean losing an acknowledged write (a gap in revisions, damage before
// the tail, an unreadable snapshot) stops the open with an error naming the file.
import { readFile } from 'node:fs/promises';
import { MvccState } from './mvcc.ts';
import { StoreError } from './store.ts';
import { decodeLogFrame, decodeSnapshot } from './wal-codec.ts';
import type { LogRecord } from './wal-codec.ts';
import { listDataFiles, removeFiles } from './wal-files.ts';
import { scanFrames, WalCorruptionError } from './wal-frame.ts';
import { WalJournal } from './wal-journal.ts';
import { planCreate, planDelete, planUpdate } from './write-plan.ts';

export interface Recovered {
  state: MvccState;
  journal: WalJournal;
}

export async function recover(dir: string, opts: { maxEvents?: number | undefined; warn: (msg: string) => void }): Promise<Recovered> {
  const files = await listDataFiles(dir);
  // A .tmp is a snapshot whose rename never happened: by construction not yet relied upon.
  await removeFiles(files.temps);

  const newest = files.snapshots.at(-1);
  let state: MvccState;
  if (newest === undefined) {
    state = new MvccState({ maxEvents: opts.maxEvents });
  } else {
    const snapshot = decodeSnapshot(await readFile(newest.path), newest.path);
    if (snapshot.revision !== newest.revision) {
      throw new WalCorruptionError(newest.path, 0, `snapshot header says revision ${snapshot.revision}`);
    }
    state = new MvccState({ maxEvents: opts.maxEvents }, snapshot);
  }

  let tail: { path: string; validLength: number; torn: boolean; lastRevision: number } | undefined;
  for (const [i, log] of files.logs.entries()) {
    const isNewest = i === files.logs.length - 1;
    // Every log is read, even one a snapshot seems to cover (left behind by a crash between
    // publishing a snapshot and removing old logs): a log's name only says where it starts,
    // and records the snapshot already holds are skipped one by one below.
    if (log.firstRevision > state.revision + 1) {
      throw new WalCorruptionError(log.path, 0, `revisions ${state.revision + 1}..${log.firstRevision - 1} are missing before this log`);
    }
    const scan = scanFrames(await readFile(log.path), log.path, isNewest);
    let expected = log.firstRevision;
    for (const frame of scan.frames) {
      for (const record of decodeLogFrame(frame.payload, log.path, frame.offset)) {
        if (record[0] !== expected) {
          throw new WalCorruptionError(log.path, frame.offset, `record has revision ${record[0]}, expected ${expected}`);
        }
        expected++;
        if (record[0] > state.revision) replay(state, record, log.path, frame.offset);
      }
    }
    if (scan.tornTail) {
      opts.warn(
        `wal: ${log.path}: dropped ${scan.tornTail.reason} at offset ${scan.tornTail.offset} ` +
          `(a write cut off by a crash; it was never acknowledged)`,
      );
    }
    if (isNewest) tail = { path: log.path, validLength: scan.validLength, torn: scan.tornTail !== undefined, lastRevision: expected - 1 };
  }

  let journal: WalJournal;
  if (tail !== undefined && tail.lastRevision === state.revision) {
    journal = await WalJournal.resume(tail.path, tail.validLength, tail.torn);
  } else {
    // No log yet, or the newest one ends before the snapshot: start a log at the next revision.
    if (tail?.torn) await (await WalJournal.resume(tail.path, tail.validLength, true)).close();
    journal = await WalJournal.create(dir, state.revision + 1);
  }
  return { state, journal };
}

/** Re-applies one logged write through the same plans the live store used. */
function replay(state: MvccState, record: LogRecord, file: string, offset: number): void {
  const [revision, key] = record;
  const current = state.current(key);
  try {
    const event =
      record.length === 3
        ? current === undefined
          ? planCreate(key, record[2], undefined, revision)
          : planUpdate(key, record[2], current.modRevision, current, revision)
        : planDelete(key, undefined, current, revision);
    state.apply(event);
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    throw new WalCorruptionError(file, offset, `record at revision ${revision} does not apply: ${err.message}`);
  }
}
