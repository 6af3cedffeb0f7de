// The preconditions and results of a write, as pure functions of the key's current value
// and the revision the write will get. Both stores (and WAL replay) go through these, so a
// create, update or delete means exactly the same thing in memory, on disk and after restart.
import { StoreError } from './store.ts';
import type { KeyValue, WatchEvent } from './store.ts';

export function planCreate(key: string, value: string, current: KeyValue | undefined, revision: number): WatchEvent {
  checkArgs(key, value);
  if (current !== undefined) throw new StoreError('KeyExists', `key already exists: ${key}`, copyKeyValue(current));
  return { type: 'put', kv: { key, value, createRevision: revision, modRevision: revision }, prev: undefined, revision };
}

export function planUpdate(
  key: string,
  value: string,
  expectedModRevision: number,
  current: KeyValue | undefined,
  revision: number,
): WatchEvent {
  checkArgs(key, value);
  if (current === undefined) throw notFound(key);
  if (current.modRevision !== expectedModRevision) throw conflict(key, expectedModRevision, current);
  const kv = { key, value, createRevision: current.createRevision, modRevision: revision };
  return { type: 'put', kv, prev: current, revision };
}

/**
 * The event's kv is the last value with modRevision set to the delete's revision: that is
 * what a watcher sees and what delete() returns, as the kube etcd3 store reports a deleted
 * object with the resourceVersion of its deletion.
 */
export function planDelete(
  key: string,
  expectedModRevision: number | undefined,
  current: KeyValue | undefined,
  revision: number,
): WatchEvent {
  checkArgs(key, '');
  if (current === undefined) throw notFound(key);
  if (expectedModRevision !== undefined && current.modRevision !== expectedModRevision) {
    throw conflict(key, expectedModRevision, current);
  }
  const kv = { key, value: current.value, createRevision: current.createRevision, modRevision: revision };
  return { type: 'delete', kv, prev: current, revision };
}

export function copyKeyValue(kv: KeyValue): KeyValue {
  return { key: kv.key, value: kv.value, createRevision: kv.createRevision, modRevision: kv.modRevision };
}

export function copyEvent(e: WatchEvent): WatchEvent {
  return { type: e.type, kv: copyKeyValue(e.kv), prev: e.prev && copyKeyValue(e.prev), revision: e.revision };
}

function notFound(key: string): StoreError {
  return new StoreError('NotFound', `key not found: ${key}`);
}

function conflict(key: string, expected: number, current: KeyValue): StoreError {
  return new StoreError(
    'Conflict',
    `key ${key} has modRevision ${current.modRevision}, expected ${expected}`,
    copyKeyValue(current),
  );
}

// Type checks at the boundary: a non-string value would be stored and journaled as-is and
// only fail far away (or silently change type across a restart).
function checkArgs(key: string, value: string): void {
  if (typeof key !== 'string' || key === '') throw new TypeError(`store key must be a non-empty string, got ${String(key)}`);
  if (typeof value !== 'string') throw new TypeError(`store value for ${key} must be a string, got ${typeof value}`);
}
