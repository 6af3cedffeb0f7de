// The storage module's public surface: the Store contract and its backends.
export { StoreError } from './store.ts';
export type { KeyValue, ListOptions, ListResult, Store, StoreErrorCode, Watch, WatchEvent, WatchEventType } from './store.ts';
export { MemoryStore } from './memory.ts';
export type { MemoryStoreOptions } from './memory.ts';
export { WalStore } from './wal.ts';
export type { WalStoreOptions } from './wal.ts';
export { WalCorruptionError } from './wal-frame.ts';
import type { Store } from './store.ts';
import { MemoryStore } from './memory.ts';
import { WalStore } from './wal.ts';

export type StoreKind = 'memory' | 'wal';

/** Opens a backend by name; 'wal' needs the data directory it owns. */
export async function openStore(kind: StoreKind, dir?: string): Promise<Store> {
  if (kind === 'memory') return new MemoryStore();
  if (dir === undefined || dir === '') throw new Error(`the wal store needs a data directory`);
  return WalStore.open(dir);
}
