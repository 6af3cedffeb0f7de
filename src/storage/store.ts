// The storage contract, in the style of kine: a flat key space with one global revision.
// Every write gets the next revision; an object's resourceVersion is its modRevision.
// Values are opaque strings (JSON text of the stored object) so the store never
// interprets what it holds.

export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created the key (stays the same on update). */
  createRevision: number;
  /** Revision of the last write to the key. */
  modRevision: number;
}

export interface ListOptions {
  /** Return at most this many items (0 or undefined: all). */
  limit?: number;
  /** Resume after this key (exclusive), for pagination. */
  startAfter?: string;
  /**
   * Read as of this revision (for consistent pagination). Must be >= the compacted
   * revision, else StoreError 'Compacted'. Undefined: the current revision.
   */
  revision?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** True when more items exist after the last one returned. */
  more: boolean;
}

export type WatchEventType = 'put' | 'delete';

export interface WatchEvent {
  type: WatchEventType;
  /** For put: the new value. For delete: the last value before deletion, with modRevision = the delete's revision. */
  kv: KeyValue;
  /** The value before this event (undefined for a create). */
  prev: KeyValue | undefined;
  /** The revision of this event. */
  revision: number;
}

export interface Watch {
  /** Stops delivery; no more callbacks after this returns. */
  close(): void;
}

export type StoreErrorCode = 'KeyExists' | 'NotFound' | 'Conflict' | 'Compacted' | 'Closed';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** For Conflict and KeyExists: the current value of the key. */
  readonly current: KeyValue | undefined;
  constructor(code: StoreErrorCode, message: string, current?: KeyValue) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.current = current;
  }
}

export interface Store {
  get(key: string): Promise<KeyValue | undefined>;
  /** Keys starting with prefix, in key order. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Number of keys with the prefix (cheap; for quotas and benchmarks). */
  count(prefix: string): Promise<number>;
  /** Fails with KeyExists. */
  create(key: string, value: string): Promise<KeyValue>;
  /** Fails with NotFound, or Conflict when the key's modRevision is not expectedModRevision. */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /** Returns the deleted value. Fails with NotFound, or Conflict on a revision mismatch. */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Calls onEvent for every change to keys under prefix with revision > fromRevision,
   * in revision order, synchronously after the write is durable. Fails with
   * Compacted when fromRevision < compactedRevision().
   */
  watch(prefix: string, fromRevision: number, onEvent: (e: WatchEvent) => void): Watch;
  /** The revision of the last write. */
  currentRevision(): number;
  /** Oldest revision a watch or a list may start from. */
  compactedRevision(): number;
  /** Flushes and releases resources; later calls fail with Closed. */
  close(): Promise<void>;
}
