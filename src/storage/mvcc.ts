// The multi-version state behind both stores: per-key versions, a sorted key index, a bounded
// event log and the watchers. It only ever receives writes that are already decided (and, for
// the WAL, already durable) through apply(); preconditions live in write-plan.ts.
//
// Revisions: an empty store is at revision 1 (as etcd is) and every write takes the next one,
// so the first object gets resourceVersion 2. Every revision is exactly one event, so the
// retained log always holds the contiguous revisions (compactedRevision, currentRevision].
//
// History is bounded: once more than maxEvents events are held, the oldest is dropped and
// compactedRevision advances to it. Reads as of a revision >= compactedRevision stay exact
// (a key keeps the version visible at compactedRevision plus every later one); a watch from
// older than compactedRevision gets Compacted and must re-list, like etcd and the kube
// watch cache answering 410 Gone.
import { StoreError } from './store.ts';
import type { KeyValue, ListOptions, ListResult, Watch, WatchEvent } from './store.ts';
import { SortedIndex } from './sorted-index.ts';
import { copyEvent, copyKeyValue } from './write-plan.ts';

export const DEFAULT_MAX_EVENTS = 10_000;
export const EMPTY_STORE_REVISION = 1;

/** One state of a key: its value from `revision` on, or a tombstone (kv null). */
interface Version {
  readonly revision: number;
  readonly kv: KeyValue | null;
}

/** A key with every version of it still readable, oldest first. */
interface KeyEntry {
  readonly key: string;
  readonly versions: Version[];
}

interface Watcher {
  readonly prefix: string;
  readonly onEvent: (e: WatchEvent) => void;
  /** Highest revision already handed to (or skipped for) this watcher; never delivered twice. */
  lastRevision: number;
  closed: boolean;
}

export interface MvccSnapshot {
  revision: number;
  kvs: Iterable<KeyValue>;
}

export class MvccState {
  readonly #maxEvents: number;
  #revision: number;
  #compacted: number;
  /** A key is present (in both) while it has any retained version, live or tombstone. */
  readonly #byKey = new Map<string, KeyEntry>();
  readonly #sorted: SortedIndex<KeyEntry>;
  /** Retained events; #events[#head] has revision #compacted + 1. */
  #events: WatchEvent[] = [];
  #head = 0;
  readonly #watchers = new Set<Watcher>();
  /** Events applied but not yet offered to every watcher (see #deliver). */
  readonly #undelivered: WatchEvent[] = [];
  #delivering = false;

  constructor(opts: { maxEvents?: number | undefined } = {}, snapshot?: MvccSnapshot) {
    this.#maxEvents = opts.maxEvents ?? DEFAULT_MAX_EVENTS;
    if (!Number.isInteger(this.#maxEvents) || this.#maxEvents < 0) throw new RangeError(`maxEvents must be a non-negative integer`);
    this.#revision = snapshot?.revision ?? EMPTY_STORE_REVISION;
    // A snapshot carries no history: nothing before it can be watched from.
    this.#compacted = this.#revision;
    for (const kv of snapshot?.kvs ?? []) {
      this.#byKey.set(kv.key, { key: kv.key, versions: [{ revision: kv.modRevision, kv: copyKeyValue(kv) }] });
    }
    this.#sorted = SortedIndex.from(this.#byKey.values());
  }

  get revision(): number {
    return this.#revision;
  }

  get compactedRevision(): number {
    return this.#compacted;
  }

  /** The live value, shared: callers must copy before handing it out. */
  current(key: string): KeyValue | undefined {
    const entry = this.#byKey.get(key);
    return entry === undefined ? undefined : (latest(entry) ?? undefined);
  }

  get(key: string): KeyValue | undefined {
    const kv = this.current(key);
    return kv && copyKeyValue(kv);
  }

  /** Live values in key order (shared: for snapshots, which only read them). */
  entries(): KeyValue[] {
    const out: KeyValue[] = [];
    this.#sorted.scan('', false, (e) => {
      const kv = latest(e);
      if (kv !== null) out.push(kv);
      return true;
    });
    return out;
  }

  list(prefix: string, opts: ListOptions = {}): ListResult {
    const revision = this.#readRevision(opts.revision);
    const limit = opts.limit ?? 0;
    const items: KeyValue[] = [];
    let more = false;
    const resume = opts.startAfter !== undefined && opts.startAfter >= prefix;
    this.#sorted.scan(resume ? opts.startAfter! : prefix, resume, (e) => {
      if (!e.key.startsWith(prefix)) return false;
      const kv = visibleAt(e.versions, revision);
      if (kv === null) return true;
      if (limit > 0 && items.length === limit) {
        more = true;
        return false;
      }
      items.push(copyKeyValue(kv));
      return true;
    });
    return { items, revision, more };
  }

  count(prefix: string): number {
    let n = 0;
    this.#sorted.scan(prefix, false, (e) => {
      if (!e.key.startsWith(prefix)) return false;
      if (latest(e) !== null) n++;
      return true;
    });
    return n;
  }

  /** Applies a decided write; its revision must be the next one. Notifies watchers. */
  apply(event: WatchEvent): void {
    if (event.revision !== this.#revision + 1) {
      throw new Error(`mvcc: event revision ${event.revision} applied at revision ${this.#revision}`);
    }
    const key = event.kv.key;
    let entry = this.#byKey.get(key);
    if (entry === undefined) {
      entry = { key, versions: [] };
      this.#byKey.set(key, entry);
      this.#sorted.insert(entry);
    }
    entry.versions.push({ revision: event.revision, kv: event.type === 'put' ? event.kv : null });
    this.#revision = event.revision;
    this.#events.push(event);
    this.#trimHistory();
    this.#undelivered.push(event);
    this.#deliver();
  }

  watch(prefix: string, fromRevision: number, onEvent: (e: WatchEvent) => void): Watch {
    if (!Number.isInteger(fromRevision)) throw new RangeError(`watch revision must be an integer, got ${fromRevision}`);
    if (fromRevision < this.#compacted) throw compacted(fromRevision, this.#compacted);
    const watcher: Watcher = { prefix, onEvent, lastRevision: fromRevision, closed: false };
    this.#watchers.add(watcher);
    // Replay under the delivery guard: a write made by a callback during replay is queued
    // and delivered after it, so this watcher still sees revisions in order.
    const outer = this.#delivering;
    this.#delivering = true;
    try {
      for (let r = fromRevision + 1; r <= this.#revision && !watcher.closed; r++) {
        const e = this.#events[this.#head + (r - this.#compacted - 1)];
        if (e !== undefined) this.#offer(watcher, e);
      }
    } finally {
      this.#delivering = outer;
    }
    if (!outer) this.#deliver();
    return {
      close: () => {
        watcher.closed = true;
        this.#watchers.delete(watcher);
      },
    };
  }

  /** Ends every watch (store closed). */
  closeWatchers(): void {
    for (const w of this.#watchers) w.closed = true;
    this.#watchers.clear();
  }

  #readRevision(revision: number | undefined): number {
    if (revision === undefined) return this.#revision;
    if (!Number.isInteger(revision)) throw new RangeError(`list revision must be an integer, got ${revision}`);
    if (revision < this.#compacted) throw compacted(revision, this.#compacted);
    // A future revision reads the current state and reports the revision actually read;
    // the contract has no error code for it, and pagination tokens never ask for one.
    return Math.min(revision, this.#revision);
  }

  #trimHistory(): void {
    while (this.#events.length - this.#head > this.#maxEvents) {
      const dropped = this.#events[this.#head]!;
      this.#head++;
      this.#compacted = dropped.revision;
      this.#pruneKey(dropped.kv.key, dropped.revision);
    }
    // Reclaim the dropped prefix now and then rather than shifting on every write.
    if (this.#head > 1024 && this.#head * 2 > this.#events.length) {
      this.#events = this.#events.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * compactedRevision just became `revision`, the revision of a write to key: versions older
   * than it are invisible to every allowed read, and a tombstone at it reads the same as no
   * version at all. A key with nothing left leaves the index.
   */
  #pruneKey(key: string, revision: number): void {
    const versions = this.#byKey.get(key)!.versions;
    let n = 0;
    while (n < versions.length && versions[n]!.revision < revision) n++;
    if (versions[n]?.revision === revision && versions[n]!.kv === null) n++;
    versions.splice(0, n);
    if (versions.length === 0) {
      this.#byKey.delete(key);
      this.#sorted.delete(key);
    }
  }

  /**
   * Offers queued events to watchers in revision order. Re-entrant calls (a callback that
   * writes, or a watch opened inside a callback) only queue; the outermost call drains, so
   * no watcher ever sees revision n+1 before revision n.
   */
  #deliver(): void {
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      for (let i = 0; i < this.#undelivered.length; i++) {
        const e = this.#undelivered[i]!;
        for (const w of this.#watchers) this.#offer(w, e);
      }
    } finally {
      this.#undelivered.length = 0;
      this.#delivering = false;
    }
  }

  #offer(w: Watcher, e: WatchEvent): void {
    if (w.closed || e.revision <= w.lastRevision) return;
    w.lastRevision = e.revision;
    if (!e.kv.key.startsWith(w.prefix)) return;
    try {
      w.onEvent(copyEvent(e));
    } catch (err) {
      // A throwing callback is a bug in the watcher, not in the write that triggered it:
      // the write is already applied, so surface the error loudly but outside this call.
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}

/** The key's current value (null: deleted). */
function latest(entry: KeyEntry): KeyValue | null {
  return entry.versions[entry.versions.length - 1]!.kv;
}

/** The key's value as of `revision` (null: absent then). */
function visibleAt(versions: readonly Version[], revision: number): KeyValue | null {
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!;
    if (v.revision <= revision) return v.kv;
  }
  return null;
}

function compacted(requested: number, compactedRevision: number): StoreError {
  return new StoreError('Compacted', `required revision ${requested} has been compacted (oldest available: ${compactedRevision})`);
}
