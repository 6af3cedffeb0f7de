// The Store contract as tests, run against every backend (memory.test.ts, wal.test.ts).
// A factory opens a fresh, empty store with the given history bound.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from './store.ts';
import type { Store, StoreErrorCode, WatchEvent } from './store.ts';

export type StoreFactory = (opts: { maxEvents?: number }) => Promise<Store>;

async function rejectsWith(p: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StoreError, `expected StoreError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    return err;
  }
  assert.fail(`expected StoreError ${code}, but it resolved`);
}

function throwsWith(fn: () => unknown, code: StoreErrorCode): void {
  assert.throws(fn, (err) => err instanceof StoreError && err.code === code);
}

async function withStore(factory: StoreFactory, opts: { maxEvents?: number }, fn: (s: Store) => Promise<void>): Promise<void> {
  const store = await factory(opts);
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

export function describeStoreContract(name: string, factory: StoreFactory): void {
  const test = (title: string, fn: (s: Store) => Promise<void>, opts: { maxEvents?: number } = {}) =>
    it(title, () => withStore(factory, opts, fn));

  describe(`${name}: Store contract`, () => {
    test('an empty store is at revision 1 and holds nothing', async (s) => {
      assert.equal(s.currentRevision(), 1);
      assert.equal(s.compactedRevision(), 1);
      assert.equal(await s.get('/a'), undefined);
      assert.deepEqual(await s.list('/'), { items: [], revision: 1, more: false });
      assert.equal(await s.count('/'), 0);
    });

    test('create gives the next revision as both createRevision and modRevision', async (s) => {
      assert.deepEqual(await s.create('/a', 'v1'), { key: '/a', value: 'v1', createRevision: 2, modRevision: 2 });
      assert.deepEqual(await s.create('/b', 'v2'), { key: '/b', value: 'v2', createRevision: 3, modRevision: 3 });
      assert.equal(s.currentRevision(), 3);
      assert.deepEqual(await s.get('/a'), { key: '/a', value: 'v1', createRevision: 2, modRevision: 2 });
    });

    test('create on an existing key fails with KeyExists and the current value', async (s) => {
      await s.create('/a', 'v1');
      const err = await rejectsWith(s.create('/a', 'v2'), 'KeyExists');
      assert.deepEqual(err.current, { key: '/a', value: 'v1', createRevision: 2, modRevision: 2 });
      assert.equal(s.currentRevision(), 2, 'a failed write takes no revision');
    });

    test('update with the current modRevision keeps createRevision and moves modRevision', async (s) => {
      await s.create('/a', 'v1');
      assert.deepEqual(await s.update('/a', 'v2', 2), { key: '/a', value: 'v2', createRevision: 2, modRevision: 3 });
      assert.equal((await s.get('/a'))?.value, 'v2');
    });

    test('update with a stale modRevision fails with Conflict and the current value', async (s) => {
      await s.create('/a', 'v1');
      await s.update('/a', 'v2', 2);
      const err = await rejectsWith(s.update('/a', 'v3', 2), 'Conflict');
      assert.deepEqual(err.current, { key: '/a', value: 'v2', createRevision: 2, modRevision: 3 });
      assert.equal((await s.get('/a'))?.value, 'v2');
    });

    test('update of a missing key fails with NotFound', async (s) => {
      await rejectsWith(s.update('/nope', 'v', 1), 'NotFound');
    });

    test('delete returns the last value stamped with the delete revision', async (s) => {
      await s.create('/a', 'v1');
      assert.deepEqual(await s.delete('/a'), { key: '/a', value: 'v1', createRevision: 2, modRevision: 3 });
      assert.equal(await s.get('/a'), undefined);
      assert.equal(s.currentRevision(), 3);
    });

    test('delete checks the expected revision when one is given', async (s) => {
      await s.create('/a', 'v1');
      const err = await rejectsWith(s.delete('/a', 99), 'Conflict');
      assert.equal(err.current?.modRevision, 2);
      assert.equal((await s.delete('/a', 2)).modRevision, 3);
      await rejectsWith(s.delete('/a'), 'NotFound');
      await rejectsWith(s.delete('/a', 3), 'NotFound');
    });

    test('a key created again after delete gets a new createRevision', async (s) => {
      await s.create('/a', 'v1');
      await s.delete('/a');
      assert.deepEqual(await s.create('/a', 'v2'), { key: '/a', value: 'v2', createRevision: 4, modRevision: 4 });
    });

    test('values are strings; keys non-empty strings', async (s) => {
      await assert.rejects(s.create('/a', { x: 1 } as unknown as string), TypeError);
      await assert.rejects(s.create('', 'v'), TypeError);
      assert.equal(s.currentRevision(), 1);
    });

    test('results are copies: mutating them does not change the store', async (s) => {
      const created = await s.create('/a', 'v1');
      created.value = 'mutated';
      const got = (await s.get('/a'))!;
      got.modRevision = 99;
      const listed = await s.list('/');
      listed.items[0]!.value = 'mutated';
      assert.deepEqual(await s.get('/a'), { key: '/a', value: 'v1', createRevision: 2, modRevision: 2 });
    });

    test('list returns keys under the prefix in key order, and count counts them', async (s) => {
      for (const k of ['/b/2', '/a/1', '/b/10', '/c', '/b/1', '/bb']) await s.create(k, k);
      const { items, more, revision } = await s.list('/b/');
      assert.deepEqual(items.map((i) => i.key), ['/b/1', '/b/10', '/b/2']);
      assert.equal(more, false);
      assert.equal(revision, 7);
      assert.deepEqual((await s.list('/')).items.map((i) => i.key), ['/a/1', '/b/1', '/b/10', '/b/2', '/bb', '/c']);
      assert.deepEqual((await s.list('/z')).items, []);
      assert.equal(await s.count('/b'), 4);
      assert.equal(await s.count('/b/'), 3);
      await s.delete('/b/10');
      assert.equal(await s.count('/b/'), 2);
    });

    test('list pages with limit and startAfter, and says when more remain', async (s) => {
      for (let i = 0; i < 5; i++) await s.create(`/k/${i}`, `v${i}`);
      const p1 = await s.list('/k/', { limit: 2 });
      assert.deepEqual(p1.items.map((i) => i.key), ['/k/0', '/k/1']);
      assert.equal(p1.more, true);
      const p2 = await s.list('/k/', { limit: 2, startAfter: '/k/1', revision: p1.revision });
      assert.deepEqual(p2.items.map((i) => i.key), ['/k/2', '/k/3']);
      assert.equal(p2.more, true);
      const p3 = await s.list('/k/', { limit: 2, startAfter: '/k/3', revision: p1.revision });
      assert.deepEqual(p3.items.map((i) => i.key), ['/k/4']);
      assert.equal(p3.more, false);
      const exact = await s.list('/k/', { limit: 5 });
      assert.equal(exact.more, false, 'more is false when the last item is exactly at the limit');
      // startAfter before the prefix starts at the prefix; after it, nothing is left.
      assert.equal((await s.list('/k/', { startAfter: '/a' })).items.length, 5);
      assert.equal((await s.list('/k/', { startAfter: '/l' })).items.length, 0);
    });

    test('list at an older revision sees the state as of that revision', async (s) => {
      await s.create('/k/a', 'a1'); // 2
      await s.create('/k/b', 'b1'); // 3
      await s.update('/k/a', 'a2', 2); // 4
      await s.delete('/k/b'); // 5
      await s.create('/k/c', 'c1'); // 6
      const at = async (revision: number) => (await s.list('/k/', { revision })).items.map((i) => `${i.key}=${i.value}@${i.modRevision}`);
      assert.deepEqual(await at(1), []);
      assert.deepEqual(await at(3), ['/k/a=a1@2', '/k/b=b1@3']);
      assert.deepEqual(await at(4), ['/k/a=a2@4', '/k/b=b1@3']);
      assert.deepEqual(await at(5), ['/k/a=a2@4']);
      assert.deepEqual(await at(6), ['/k/a=a2@4', '/k/c=c1@6']);
      // Pagination stays on its revision while writes continue.
      const p1 = await s.list('/k/', { limit: 1, revision: 3 });
      await s.create('/k/aa', 'new');
      const p2 = await s.list('/k/', { limit: 1, revision: p1.revision, startAfter: p1.items[0]!.key });
      assert.deepEqual(p2.items.map((i) => i.key), ['/k/b']);
      // A future revision reads the current state and says which revision it read.
      assert.equal((await s.list('/k/', { revision: 1000 })).revision, s.currentRevision());
    });

    test('watch replays history after fromRevision, then delivers live events in order', async (s) => {
      await s.create('/w/a', 'a1'); // 2
      await s.create('/x/b', 'b1'); // 3
      await s.update('/w/a', 'a2', 2); // 4
      const seen: WatchEvent[] = [];
      const w = s.watch('/w/', 2, (e) => seen.push(e));
      assert.deepEqual(seen, [
        {
          type: 'put',
          kv: { key: '/w/a', value: 'a2', createRevision: 2, modRevision: 4 },
          prev: { key: '/w/a', value: 'a1', createRevision: 2, modRevision: 2 },
          revision: 4,
        },
      ]);
      await s.create('/w/c', 'c1'); // 5
      await s.create('/x/d', 'd1'); // 6
      await s.delete('/w/a'); // 7
      assert.deepEqual(seen.slice(1), [
        { type: 'put', kv: { key: '/w/c', value: 'c1', createRevision: 5, modRevision: 5 }, prev: undefined, revision: 5 },
        {
          type: 'delete',
          kv: { key: '/w/a', value: 'a2', createRevision: 2, modRevision: 7 },
          prev: { key: '/w/a', value: 'a2', createRevision: 2, modRevision: 4 },
          revision: 7,
        },
      ]);
      w.close();
      await s.create('/w/e', 'e1');
      assert.equal(seen.length, 3, 'no events after close');
    });

    test('a live event is delivered before the write resolves', async (s) => {
      const order: string[] = [];
      s.watch('/', s.currentRevision(), (e) => order.push(`event ${e.revision}`));
      await s.create('/a', 'v').then(() => order.push('resolved'));
      assert.deepEqual(order, ['event 2', 'resolved']);
    });

    test('every watcher sees revisions in order even when a callback writes', async (s) => {
      const a: number[] = [];
      const b: number[] = [];
      const writes: Promise<unknown>[] = [];
      s.watch('/', 1, (e) => {
        a.push(e.revision);
        if (e.kv.key === '/first') writes.push(s.create('/second', 'x'));
      });
      s.watch('/', 1, (e) => b.push(e.revision));
      await s.create('/first', 'x');
      await Promise.all(writes);
      assert.deepEqual(a, [2, 3]);
      assert.deepEqual(b, [2, 3]);
    });

    test('a watch opened inside a callback neither misses nor repeats events', async (s) => {
      const inner: number[] = [];
      s.watch('/', 1, (e) => {
        if (e.revision === 2) s.watch('/', 1, (e2) => inner.push(e2.revision));
      });
      await s.create('/a', 'x');
      await s.create('/b', 'x');
      assert.deepEqual(inner, [2, 3]);
    });

    test('a callback may close its own watch', async (s) => {
      const seen: number[] = [];
      const w = s.watch('/', 1, (e) => {
        seen.push(e.revision);
        w.close();
      });
      await s.create('/a', 'x');
      await s.create('/b', 'x');
      assert.deepEqual(seen, [2]);
    });

    test('history is bounded: old revisions compact away and answer Compacted', async (s) => {
      for (let i = 0; i < 10; i++) await s.create(`/k/${i}`, `v${i}`); // revisions 2..11
      await s.update('/k/0', 'new', 2); // 12
      await s.delete('/k/1'); // 13
      assert.equal(s.currentRevision(), 13);
      assert.equal(s.compactedRevision(), 13 - 4);
      throwsWith(() => s.watch('/', 8, () => {}), 'Compacted');
      await rejectsWith(s.list('/', { revision: 8 }), 'Compacted');
      const seen: number[] = [];
      s.watch('/', 9, (e) => seen.push(e.revision)).close();
      assert.deepEqual(seen, [10, 11, 12, 13]);
      // Reads at the compacted revision are still exact.
      const atCompacted = await s.list('/k/', { revision: 9 });
      assert.deepEqual(atCompacted.items.map((i) => i.key), ['/k/0', '/k/1', '/k/2', '/k/3', '/k/4', '/k/5', '/k/6', '/k/7']);
      assert.equal(atCompacted.items[0]!.value, 'v0');
      const atNow = await s.list('/k/');
      assert.equal(atNow.items.length, 9);
      assert.equal(atNow.items[0]!.value, 'new');
    }, { maxEvents: 4 });

    test('after close every call fails with Closed', async (s) => {
      await s.create('/a', 'v');
      const seen: number[] = [];
      s.watch('/', 1, (e) => seen.push(e.revision));
      await s.close();
      await rejectsWith(s.get('/a'), 'Closed');
      await rejectsWith(s.list('/'), 'Closed');
      await rejectsWith(s.count('/'), 'Closed');
      await rejectsWith(s.create('/b', 'v'), 'Closed');
      await rejectsWith(s.update('/a', 'v', 2), 'Closed');
      await rejectsWith(s.delete('/a'), 'Closed');
      throwsWith(() => s.watch('/', 1, () => {}), 'Closed');
      assert.deepEqual(seen, [2]);
      await s.close();
    });

    // Speed is measured by `npm run bench`, never asserted here; this checks the index at scale.
    test('10,000 keys under a prefix list in key order, and count agrees', async (s) => {
      const writes: Promise<unknown>[] = [];
      // Shuffled order, so the index cannot rely on keys arriving sorted.
      for (let i = 0; i < 10_000; i++) writes.push(s.create(`/registry/pods/ns/p${(i * 7919) % 10_000}`, '{"kind":"Pod"}'));
      for (let i = 0; i < 2_000; i++) writes.push(s.create(`/registry/services/ns/s${i}`, '{}'));
      await Promise.all(writes);
      const { items } = await s.list('/registry/pods/');
      assert.equal(items.length, 10_000);
      assert.ok(items.every((kv, i) => i === 0 || items[i - 1]!.key < kv.key));
      assert.equal(await s.count('/registry/pods/'), 10_000);
    });
  });
}
