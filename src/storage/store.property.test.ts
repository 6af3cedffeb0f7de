// Random operation sequences against MemoryStore, WalStore (closed and reopened mid-sequence,
// with small history and log limits so compaction and snapshots happen constantly) and a
// plain reference model that keeps every revision. All three must agree on every result.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { StoreError } from './store.ts';
import type { KeyValue, Store, StoreErrorCode, Watch, WatchEvent } from './store.ts';
import { MemoryStore } from './memory.ts';
import { WalStore } from './wal.ts';

const MAX_EVENTS = 6;
const MAX_LOG_BYTES = 400;
const KEYS = ['/a/1', '/a/10', '/a/2', '/a/é', '/ab', '/b/1', '/b/2'];
const PREFIXES = ['', '/', '/a', '/a/', '/b/', '/c'];

type Outcome = { ok: unknown } | { error: StoreErrorCode; current?: KeyValue };

/** Every revision ever written, answered by brute force. */
class ReferenceModel {
  revision = 1;
  readonly log: WatchEvent[] = [];
  readonly live = new Map<string, KeyValue>();

  create(key: string, value: string): Outcome {
    const cur = this.live.get(key);
    if (cur) return { error: 'KeyExists', current: { ...cur } };
    return this.#put(key, value, undefined);
  }

  update(key: string, value: string, expected: number): Outcome {
    const cur = this.live.get(key);
    if (!cur) return { error: 'NotFound' };
    if (cur.modRevision !== expected) return { error: 'Conflict', current: { ...cur } };
    return this.#put(key, value, cur);
  }

  delete(key: string, expected: number | undefined): Outcome {
    const cur = this.live.get(key);
    if (!cur) return { error: 'NotFound' };
    if (expected !== undefined && cur.modRevision !== expected) return { error: 'Conflict', current: { ...cur } };
    const revision = ++this.revision;
    const kv = { ...cur, modRevision: revision };
    this.live.delete(key);
    this.log.push({ type: 'delete', kv, prev: cur, revision });
    return { ok: { ...kv } };
  }

  listAt(prefix: string, revision: number): KeyValue[] {
    const state = new Map<string, KeyValue>();
    for (const e of this.log) {
      if (e.revision > revision) break;
      if (e.type === 'put') state.set(e.kv.key, e.kv);
      else state.delete(e.kv.key);
    }
    return [...state.values()].filter((kv) => kv.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  events(prefix: string, from: number): WatchEvent[] {
    return this.log.filter((e) => e.revision > from && e.kv.key.startsWith(prefix));
  }

  #put(key: string, value: string, prev: KeyValue | undefined): Outcome {
    const revision = ++this.revision;
    const kv = { key, value, createRevision: prev?.createRevision ?? revision, modRevision: revision };
    this.live.set(key, kv);
    this.log.push({ type: 'put', kv, prev, revision });
    return { ok: { ...kv } };
  }
}

// ---- operations ------------------------------------------------------------------------

type Write =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; stale: boolean }
  | { kind: 'delete'; key: string; expect: 'none' | 'current' | 'stale' };

type Op =
  | Write
  | { kind: 'get'; key: string }
  | { kind: 'list'; prefix: string; limit: number; back: number | undefined; writeBetweenPages: boolean }
  | { kind: 'watch'; prefix: string; back: number }
  | { kind: 'burst'; writes: Write[] }
  | { kind: 'reopen' };

const key = fc.constantFrom(...KEYS);
const value = fc.string({ unit: 'binary', maxLength: 8 });
const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), key, value }),
  fc.record({ kind: fc.constant('update' as const), key, value, stale: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), key, expect: fc.constantFrom('none' as const, 'current' as const, 'stale' as const) }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: write, weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('get' as const), key }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('list' as const),
      prefix: fc.constantFrom(...PREFIXES),
      limit: fc.nat(3),
      back: fc.option(fc.nat(10), { nil: undefined }),
      writeBetweenPages: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('watch' as const), prefix: fc.constantFrom(...PREFIXES), back: fc.integer({ min: -2, max: 10 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('burst' as const), writes: fc.array(write, { minLength: 2, maxLength: 6 }) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'reopen' as const }), weight: 1 },
);

// ---- running one sequence --------------------------------------------------------------

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: await p };
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    return err.current ? { error: err.code, current: err.current } : { error: err.code };
  }
}

/** Resolves a write's expected revision from the model, then issues it to store and model. */
function issue(w: Write, store: Store, model: ReferenceModel): [Promise<Outcome>, Outcome] {
  const cur = model.live.get(w.key)?.modRevision;
  switch (w.kind) {
    case 'create':
      return [outcome(store.create(w.key, w.value)), model.create(w.key, w.value)];
    case 'update': {
      const expected = w.stale ? (cur ?? 2) - 1 : (cur ?? 2);
      return [outcome(store.update(w.key, w.value, expected)), model.update(w.key, w.value, expected)];
    }
    case 'delete': {
      const expected = w.expect === 'none' ? undefined : w.expect === 'stale' ? (cur ?? 2) - 1 : cur;
      return [outcome(store.delete(w.key, expected)), model.delete(w.key, expected)];
    }
  }
}

interface OpenWatch {
  prefix: string;
  from: number;
  seen: WatchEvent[];
  watch: Watch;
}

class Harness {
  readonly model = new ReferenceModel();
  readonly watches: OpenWatch[] = [];
  store: Store;
  readonly reopen: (() => Promise<Store>) | undefined;
  #fresh = 0;

  constructor(store: Store, reopen?: () => Promise<Store>) {
    this.store = store;
    this.reopen = reopen;
  }

  checkWatches(): void {
    for (const w of this.watches.splice(0)) {
      w.watch.close();
      assert.deepEqual(w.seen, this.model.events(w.prefix, w.from), `watch ${w.prefix} from ${w.from}`);
    }
  }

  checkCompaction(): void {
    const { store, model } = this;
    assert.equal(store.currentRevision(), model.revision);
    const floor = Math.max(1, model.revision - MAX_EVENTS);
    if (store instanceof MemoryStore) assert.equal(store.compactedRevision(), floor);
    // A WAL reopened from a snapshot has no history before it, so may have compacted more.
    else assert.ok(store.compactedRevision() >= floor && store.compactedRevision() <= model.revision);
  }

  async run(op: Op): Promise<void> {
    const { store, model } = this;
    switch (op.kind) {
      case 'create':
      case 'update':
      case 'delete': {
        const [actual, expected] = issue(op, store, model);
        assert.deepEqual(await actual, expected, JSON.stringify(op));
        break;
      }
      case 'burst': {
        // Issued without waiting: the WAL plans each against the unsynced ones before it.
        const issued = op.writes.map((w) => issue(w, store, model));
        assert.deepEqual(await Promise.all(issued.map(([p]) => p)), issued.map(([, e]) => e), JSON.stringify(op));
        break;
      }
      case 'get':
        assert.deepEqual(await store.get(op.key), model.live.get(op.key));
        break;
      case 'list':
        await this.#list(op.prefix, op.limit, op.back === undefined ? undefined : Math.max(1, model.revision - op.back), op.writeBetweenPages);
        break;
      case 'watch': {
        const from = Math.max(0, model.revision - op.back);
        if (from < store.compactedRevision()) {
          assert.throws(() => store.watch(op.prefix, from, () => {}), (e) => e instanceof StoreError && e.code === 'Compacted');
        } else {
          const seen: WatchEvent[] = [];
          this.watches.push({ prefix: op.prefix, from, seen, watch: store.watch(op.prefix, from, (e) => seen.push(e)) });
        }
        break;
      }
      case 'reopen':
        if (this.reopen === undefined) break;
        this.checkWatches();
        this.store = await this.reopen();
        break;
    }
    this.checkCompaction();
  }

  async #list(prefix: string, limit: number, revision: number | undefined, writeBetweenPages: boolean): Promise<void> {
    const { store, model } = this;
    if (revision !== undefined && revision < store.compactedRevision()) {
      await assert.rejects(store.list(prefix, { revision, limit }), (e) => e instanceof StoreError && e.code === 'Compacted');
      return;
    }
    const first = await store.list(prefix, { revision, limit });
    const readAt = first.revision;
    assert.equal(readAt, revision ?? model.revision);
    const pages = [first];
    for (let page = first; page.more; ) {
      if (writeBetweenPages && pages.length === 1) {
        const [actual, expected] = issue({ kind: 'create', key: `/a/new${this.#fresh++}`, value: 'x' }, store, model);
        assert.deepEqual(await actual, expected);
        // That write may have compacted the page's revision away: the token has expired
        // (kube answers 410 Gone), which is the only allowed difference from the model.
        if (readAt < store.compactedRevision()) {
          const next = store.list(prefix, { revision: readAt, limit, startAfter: page.items.at(-1)!.key });
          await assert.rejects(next, (e) => e instanceof StoreError && e.code === 'Compacted');
          return;
        }
      }
      page = await store.list(prefix, { revision: readAt, limit, startAfter: page.items.at(-1)!.key });
      assert.equal(page.revision, readAt);
      pages.push(page);
    }
    const all = model.listAt(prefix, readAt);
    const expectedPages = limit === 0 || all.length === 0 ? [all] : chunk(all, limit);
    assert.deepEqual(
      pages.map((p) => ({ items: p.items, more: p.more })),
      expectedPages.map((items, i) => ({ items, more: i < expectedPages.length - 1 })),
      `list ${prefix} limit ${limit} at ${readAt}`,
    );
  }
}

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

async function runSequence(ops: Op[], harness: Harness): Promise<void> {
  try {
    for (const op of ops) await harness.run(op);
    harness.checkWatches();
    assert.deepEqual((await harness.store.list('')).items, harness.model.listAt('', harness.model.revision));
    if (harness.reopen) {
      // The final state, revisions included, must come back exactly from disk.
      harness.store = await harness.reopen();
      assert.deepEqual((await harness.store.list('')).items, harness.model.listAt('', harness.model.revision));
      assert.equal(harness.store.currentRevision(), harness.model.revision);
    }
  } finally {
    await harness.store.close();
  }
}

/** PORTICO_PROPERTY_RUNS=10 runs ten times as many sequences (a soak, not for CI). */
const RUNS = Number(process.env.PORTICO_PROPERTY_RUNS ?? 1);
const sequences = fc.array(op, { minLength: 1, maxLength: 40, size: 'medium' });

it('MemoryStore agrees with the reference model on random operation sequences', async () => {
  await fc.assert(
    fc.asyncProperty(sequences, (ops) => runSequence(ops, new Harness(new MemoryStore({ maxEvents: MAX_EVENTS })))),
    { numRuns: 300 * RUNS },
  );
});

it('WalStore agrees with the reference model, across close and reopen', { timeout: 30_000 * RUNS }, async () => {
  await fc.assert(
    fc.asyncProperty(sequences, async (ops) => {
      const dir = await mkdtemp(join(tmpdir(), 'portico-wal-prop-'));
      try {
        const opts = { maxEvents: MAX_EVENTS, maxLogBytes: MAX_LOG_BYTES };
        const harness: Harness = new Harness(await WalStore.open(dir, opts), async () => {
          await harness.store.close();
          return WalStore.open(dir, opts);
        });
        await runSequence(ops, harness);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 150 * RUNS, interruptAfterTimeLimit: 5_000 * RUNS },
  );
});
