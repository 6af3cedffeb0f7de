// MemoryStore: the Store contract held in memory only (tests, throwaway clusters).
// A write is decided and applied in the same call, so it is visible to readers and watchers
// before its promise resolves; nothing survives the process.
import { StoreError } from './store.ts';
import type { KeyValue, ListOptions, ListResult, Store, Watch, WatchEvent } from './store.ts';
import { MvccState } from './mvcc.ts';
import { copyKeyValue, planCreate, planDelete, planUpdate } from './write-plan.ts';

export interface MemoryStoreOptions {
  /** Events kept for watches and older reads before compaction (default 10,000). */
  maxEvents?: number;
}

export class MemoryStore implements Store {
  readonly #state: MvccState;
  #closed = false;

  constructor(opts: MemoryStoreOptions = {}) {
    this.#state = new MvccState({ maxEvents: opts.maxEvents });
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
    this.#checkOpen();
    return this.#commit(planCreate(key, value, this.#state.current(key), this.#state.revision + 1));
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    this.#checkOpen();
    return this.#commit(planUpdate(key, value, expectedModRevision, this.#state.current(key), this.#state.revision + 1));
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    this.#checkOpen();
    return this.#commit(planDelete(key, expectedModRevision, this.#state.current(key), this.#state.revision + 1));
  }

  watch(prefix: string, fromRevision: number, onEvent: (e: WatchEvent) => void): Watch {
    this.#checkOpen();
    return this.#state.watch(prefix, fromRevision, onEvent);
  }

  currentRevision(): number {
    return this.#state.revision;
  }

  compactedRevision(): number {
    return this.#state.compactedRevision;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#state.closeWatchers();
  }

  #commit(event: WatchEvent): KeyValue {
    this.#state.apply(event);
    return copyKeyValue(event.kv);
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreError('Closed', 'store is closed');
  }
}
