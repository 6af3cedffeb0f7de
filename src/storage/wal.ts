// WalStore: the durable Store. The MVCC state (mvcc.ts) holds only what is on disk; a write
// is decided in memory, journaled, fsynced, and only then applied, announced and acknowledged.
//
// Group commit: a write is planned synchronously when called (so preconditions see every
// earlier write, durable or not, and revisions follow call order), queued, and the queue is
// flushed as one frame per write+fdatasync. Writes that arrive while an fsync runs go into
// the next frame, so concurrent writers share fsyncs. See README.md for the full argument.
import type { KeyValue, ListOptions, ListResult, Store, Watch, WatchEvent } from './store.ts';
import { StoreError } from './store.ts';
import type { MvccState } from './mvcc.ts';
import { encodeLogFrame, encodeSnapshot } from './wal-codec.ts';
import { DirLock, ensureDir, listDataFiles, removeFiles, snapshotPath, writeFileAtomic } from './wal-files.ts';
import { WalJournal } from './wal-journal.ts';
import { recover } from './wal-recovery.ts';
import { copyKeyValue, planCreate, planDelete, planUpdate } from './write-plan.ts';

export interface WalStoreOptions {
  /** Events kept for watches and older reads before compaction (default 10,000). */
  maxEvents?: number;
  /** Log size that triggers a snapshot and a fresh log (default 64 MiB). */
  maxLogBytes?: number;
  /** Recovery and background-snapshot warnings (default: none). */
  warn?: (msg: string) => void;
}

const DEFAULT_MAX_LOG_BYTES = 64 * 1024 * 1024;
/** Bytes of records per frame; later writes wait for the next fsync. Keeps frames < 16 MiB. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

interface QueuedWrite {
  event: WatchEvent;
  bytes: number;
  resolve: (kv: KeyValue) => void;
  reject: (err: Error) => void;
}

export class WalStore implements Store {
  readonly #dir: string;
  readonly #lock: DirLock;
  readonly #state: MvccState;
  readonly #maxLogBytes: number;
  /** Log size at which to rotate: maxLogBytes, pushed further after a failed rotation. */
  #rotateAtBytes: number;
  readonly #warn: (msg: string) => void;
  #journal: WalJournal;
  /** Newest planned-but-not-yet-durable write per key: what preconditions check against. */
  readonly #undurable = new Map<string, WatchEvent>();
  #lastPlannedRevision: number;
  #queue: QueuedWrite[] = [];
  #flushing: Promise<void> | undefined;
  #snapshotting: Promise<void> | undefined;
  /** Set when a write or fsync failed: the log's state is unknown, so no more writes. */
  #failure: Error | undefined;
  #closed = false;

  private constructor(dir: string, lock: DirLock, state: MvccState, journal: WalJournal, opts: WalStoreOptions) {
    this.#dir = dir;
    this.#lock = lock;
    this.#state = state;
    this.#journal = journal;
    this.#lastPlannedRevision = state.revision;
    this.#maxLogBytes = opts.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
    this.#rotateAtBytes = this.#maxLogBytes;
    this.#warn = opts.warn ?? (() => {});
  }

  static async open(dir: string, opts: WalStoreOptions = {}): Promise<WalStore> {
    await ensureDir(dir);
    const lock = await DirLock.acquire(dir);
    try {
      const { state, journal } = await recover(dir, { maxEvents: opts.maxEvents, warn: opts.warn ?? (() => {}) });
      const store = new WalStore(dir, lock, state, journal, opts);
      // A log left over the limit (say, by a smaller limit than last time) is rotated now.
      await store.#maybeRotate();
      return store;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.#checkOpen();
    return this.#state.get(key);
  }

  async list(prefix: string, opts?: ListOptions): Promise<ListResult> {
    this.#checkOpen();
    return this.#state.list(prefix, opts);
  }

  async count(prefix: string): Promise<number> {
    this.#checkOpen();
    return this.#state.count(prefix);
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.#checkWritable();
    return this.#enqueue(planCreate(key, value, this.#latest(key), this.#lastPlannedRevision + 1));
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    this.#checkWritable();
    return this.#enqueue(planUpdate(key, value, expectedModRevision, this.#latest(key), this.#lastPlannedRevision + 1));
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    this.#checkWritable();
    return this.#enqueue(planDelete(key, expectedModRevision, this.#latest(key), this.#lastPlannedRevision + 1));
  }

  watch(prefix: string, fromRevision: number, onEvent: (e: WatchEvent) => void): Watch {
    this.#checkOpen();
    return this.#state.watch(prefix, fromRevision, onEvent);
  }

  /** The revision of the last durable write (a planned, unsynced one is not yet visible). */
  currentRevision(): number {
    return this.#state.revision;
  }

  compactedRevision(): number {
    return this.#state.compactedRevision;
  }

  /** Waits for queued writes and a running snapshot, then releases the files and the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    await this.#snapshotting;
    this.#state.closeWatchers();
    await this.#journal.close();
    await this.#lock.release();
  }

  /** The key's value after every planned write, durable or not. */
  #latest(key: string): KeyValue | undefined {
    const planned = this.#undurable.get(key);
    if (planned !== undefined) return planned.type === 'put' ? planned.kv : undefined;
    return this.#state.current(key);
  }

  #enqueue(event: WatchEvent): Promise<KeyValue> {
    this.#lastPlannedRevision = event.revision;
    this.#undurable.set(event.kv.key, event);
    const promise = new Promise<KeyValue>((resolve, reject) => {
      this.#queue.push({ event, bytes: event.kv.key.length + event.kv.value.length + 16, resolve, reject });
    });
    this.#flushing ??= this.#flushLoop();
    return promise;
  }

  async #flushLoop(): Promise<void> {
    // Yield once so the rest of a synchronous burst of writes joins the first frame.
    await null;
    let batch: QueuedWrite[] = [];
    try {
      while (this.#queue.length > 0 && this.#failure === undefined) {
        batch = this.#takeBatch();
        await this.#journal.append(encodeLogFrame(batch.map((w) => w.event)));
        // Durable: now (and only now) readers and watchers see the writes, in revision order.
        for (const w of batch) {
          this.#state.apply(w.event);
          if (this.#undurable.get(w.event.kv.key) === w.event) this.#undurable.delete(w.event.kv.key);
        }
        for (const w of batch) w.resolve(copyKeyValue(w.event.kv));
        batch = [];
        await this.#maybeRotate();
      }
    } catch (err) {
      // Settles every waiting write (resolving twice is a no-op): never leave one hanging.
      this.#fail(err as Error, batch);
    } finally {
      this.#flushing = undefined;
    }
  }

  #takeBatch(): QueuedWrite[] {
    let n = 0;
    let bytes = 0;
    while (n < this.#queue.length && (n === 0 || bytes + this.#queue[n]!.bytes <= MAX_FRAME_BYTES)) bytes += this.#queue[n++]!.bytes;
    return this.#queue.splice(0, n);
  }

  /**
   * After a failed write or fsync the kernel may have dropped the dirty pages, so the log's
   * contents are unknown: fail every pending write and refuse new ones (as PostgreSQL does
   * after an fsync error). Reads keep serving the durable state. A restart re-reads the log.
   */
  #fail(cause: Error, batch: QueuedWrite[]): void {
    this.#failure = new Error(`wal: appending to ${this.#journal.path} failed (${cause.message}); the store is read-only until reopened`, { cause });
    for (const w of [...batch, ...this.#queue.splice(0)]) w.reject(this.#failure);
    this.#undurable.clear();
    this.#warn(this.#failure.message);
  }

  /** Called between frames: starts a fresh log when the current one is over the limit. */
  async #maybeRotate(): Promise<void> {
    if (this.#journal.size < this.#rotateAtBytes || this.#snapshotting !== undefined) return;
    const revision = this.#state.revision;
    const kvs = this.#state.entries();
    // The next frame must go to the new log, so the switch happens before the loop resumes;
    // the snapshot itself is written in the background while writes continue.
    let next: WalJournal;
    try {
      next = await WalJournal.create(this.#dir, revision + 1);
    } catch (err) {
      // The current log still works: keep appending to it and try again a limit later.
      this.#rotateAtBytes = this.#journal.size + this.#maxLogBytes;
      this.#warn(`wal: could not start a new log at revision ${revision + 1}: ${(err as Error).message}`);
      return;
    }
    const old = this.#journal;
    this.#journal = next;
    // The next snapshot waits until the log is at least as large as the state it replaces,
    // so writing snapshots costs O(1) per logged byte however large the store grows (with a
    // fixed limit, a 100 MB state would be rewritten after every 64 MB of log).
    const stateBytes = kvs.reduce((t, kv) => t + kv.key.length + kv.value.length, 0);
    this.#rotateAtBytes = Math.max(this.#maxLogBytes, stateBytes);
    await old.close().catch((err: Error) => this.#warn(`wal: closing ${old.path}: ${err.message}`));
    this.#snapshotting = this.#writeSnapshot(revision, kvs).finally(() => {
      this.#snapshotting = undefined;
    });
  }

  /**
   * Publishes the state at `revision` atomically, then removes what it supersedes: logs that
   * end at or before it (all but the current one) and older snapshots. A crash at any point
   * leaves either the old snapshot with all logs, or the new one (maybe with stale logs that
   * recovery skips).
   */
  async #writeSnapshot(revision: number, kvs: KeyValue[]): Promise<void> {
    try {
      await writeFileAtomic(this.#dir, snapshotPath(this.#dir, revision), encodeSnapshot(revision, kvs));
      const files = await listDataFiles(this.#dir);
      await removeFiles([
        ...files.logs.filter((l) => l.firstRevision <= revision).map((l) => l.path),
        ...files.snapshots.filter((s) => s.revision < revision).map((s) => s.path),
      ]);
    } catch (err) {
      // The logs still hold everything, so durability is intact; the next rotation retries.
      this.#warn(`wal: snapshot at revision ${revision} failed: ${(err as Error).message}`);
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreError('Closed', 'store is closed');
  }

  #checkWritable(): void {
    this.#checkOpen();
    if (this.#failure !== undefined) throw this.#failure;
  }
}
