import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from './store-contract.testkit.ts';
import { StoreError } from './store.ts';
import type { KeyValue, Store } from './store.ts';
import { WalStore } from './wal.ts';
import type { WalStoreOptions } from './wal.ts';
import { WalCorruptionError, encodeFrame } from './wal-frame.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-wal-test-'));
  dirs.push(dir);
  return dir;
}

describeStoreContract('WalStore', async (opts) => WalStore.open(await tempDir(), opts));

async function logFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith('.wal')).sort();
}

async function newestLog(dir: string): Promise<string> {
  return join(dir, (await logFiles(dir)).at(-1)!);
}

async function allKeys(s: Store): Promise<KeyValue[]> {
  return (await s.list('')).items;
}

async function reopen(s: Store, dir: string, opts?: WalStoreOptions): Promise<WalStore> {
  await s.close();
  return WalStore.open(dir, opts);
}

describe('WalStore durability', () => {
  it('comes back after close with every key, revision and the current revision', async () => {
    const dir = await tempDir();
    let s = await WalStore.open(dir);
    await s.create('/a', 'a1');
    await s.create('/b', 'b1');
    await s.update('/a', 'a2', 2);
    await s.delete('/b');
    await s.create('/c', 'c1');
    const before = await allKeys(s);
    s = await reopen(s, dir);
    assert.deepEqual(await allKeys(s), before);
    assert.equal(s.currentRevision(), 6);
    // The replayed log is history again: a watch can resume from before the restart.
    const seen: number[] = [];
    s.watch('/', 3, (e) => seen.push(e.revision)).close();
    assert.deepEqual(seen, [4, 5, 6]);
    assert.deepEqual((await s.create('/d', 'd1')).modRevision, 7);
    await s.close();
  });

  it('plans concurrent writes against earlier unsynced ones and commits them in groups', async () => {
    const dir = await tempDir();
    const s = await WalStore.open(dir);
    const n = 3000;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => s.create(`/k/${i}`, `v${i}`)));
    assert.deepEqual(results.map((r) => r.modRevision), Array.from({ length: n }, (_, i) => i + 2));
    // Far fewer frames than writes: that is the group commit.
    assert.ok((await stat(await newestLog(dir))).size < n * 40, 'frames are shared');

    // Preconditions see writes that are not durable yet.
    const create = s.create('/x', '1');
    const dup = s.create('/x', '2').catch((e: unknown) => e);
    const del = s.delete('/x', s.currentRevision() + 1);
    assert.equal(s.currentRevision(), n + 1, 'nothing is visible before the fsync');
    assert.equal(await s.get('/x'), undefined);
    assert.equal((await create).modRevision, n + 2);
    const dupError = await dup;
    assert.ok(dupError instanceof StoreError && dupError.code === 'KeyExists');
    assert.equal((await del).modRevision, n + 3);

    // Of two updates racing from the same revision exactly one wins.
    const kv = await s.create('/race', '0');
    const outcomes = await Promise.allSettled([s.update('/race', 'a', kv.modRevision), s.update('/race', 'b', kv.modRevision)]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected']);
    await s.close();
  });

  it('cuts off a torn tail (partial frame, garbage) and keeps every complete write', async () => {
    for (const tail of [
      encodeFrame(Buffer.from('[[99,"/torn","x"]]')).subarray(0, 20),
      Buffer.from('garbage that is not a frame'),
      Buffer.alloc(4096), // a zero-filled block: size extended, data never written
      Buffer.concat([Buffer.from('PWAL'), Buffer.from([5, 0, 0, 0, 1, 2, 3, 4]), Buffer.from('xxxxx')]), // bad checksum
    ]) {
      const dir = await tempDir();
      let s = await WalStore.open(dir);
      await s.create('/a', 'a1');
      await s.update('/a', 'a2', 2);
      await s.close();
      const log = await newestLog(dir);
      const goodSize = (await stat(log)).size;
      await appendFile(log, tail);
      const warnings: string[] = [];
      s = await WalStore.open(dir, { warn: (m) => warnings.push(m) });
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, new RegExp(`offset ${goodSize}`));
      assert.deepEqual(await s.get('/a'), { key: '/a', value: 'a2', createRevision: 2, modRevision: 3 });
      assert.equal((await stat(log)).size, goodSize, 'the tail is truncated away on disk');
      await s.create('/b', 'b1');
      s = await reopen(s, dir);
      assert.equal((await s.get('/b'))?.modRevision, 4);
      await s.close();
    }
  });

  it('refuses to open when a frame before the tail is damaged, naming file and offset', async () => {
    const dir = await tempDir();
    const s = await WalStore.open(dir);
    await s.create('/a', 'a1');
    await s.create('/b', 'b1');
    await s.create('/c', 'c1');
    await s.close();
    const log = await newestLog(dir);
    const bytes = await readFile(log);
    bytes[20] = bytes[20]! ^ 0xff; // inside the first frame's payload
    await writeFile(log, bytes);
    await assert.rejects(WalStore.open(dir), (err) => {
      assert.ok(err instanceof WalCorruptionError);
      assert.equal(err.file, log);
      assert.equal(err.offset, 0);
      assert.match(err.message, /checksum mismatch/);
      return true;
    });
    // A failed open leaves the directory unlocked for the operator's next attempt.
    await assert.rejects(WalStore.open(dir), WalCorruptionError);
  });

  it('snapshots and starts a new log past maxLogBytes, and restarts exactly from them', async () => {
    const dir = await tempDir();
    const opts = { maxLogBytes: 4096, maxEvents: 50 };
    let s = await WalStore.open(dir, opts);
    for (let i = 0; i < 40; i++) await s.create(`/k/${i}`, `v${i}`.repeat(20));
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 40; i += 3) {
        const cur = (await s.get(`/k/${i}`))!;
        await s.update(cur.key, `${cur.value.slice(0, 10)}-${round}`, cur.modRevision);
      }
    }
    for (let i = 1; i < 40; i += 7) await s.delete(`/k/${i}`);
    const before = await allKeys(s);
    const revision = s.currentRevision();
    s = await reopen(s, dir, opts);
    const files = (await readdir(dir)).sort();
    assert.equal(files.filter((f) => f.endsWith('.snap')).length, 1, files.join(' '));
    assert.ok(files.filter((f) => f.endsWith('.wal')).length <= 2, files.join(' '));
    assert.ok(!files.some((f) => f.endsWith('.tmp')));
    assert.deepEqual(await allKeys(s), before);
    assert.equal(s.currentRevision(), revision);
    assert.ok(s.compactedRevision() > 1 && s.compactedRevision() <= revision);
    // Writing on continues the same revision sequence, across another restart.
    const next = await s.create('/after', 'x');
    assert.equal(next.modRevision, revision + 1);
    s = await reopen(s, dir, opts);
    assert.deepEqual(await s.get('/after'), next);
    await s.close();
  });

  it('ignores a half-written snapshot left by a crash', async () => {
    const dir = await tempDir();
    let s = await WalStore.open(dir);
    await s.create('/a', 'a1');
    await s.close();
    await writeFile(join(dir, 'snap-0000000000000099.snap.tmp'), 'half a snapshot');
    s = await WalStore.open(dir);
    assert.equal((await s.get('/a'))?.value, 'a1');
    assert.ok(!(await readdir(dir)).some((f) => f.endsWith('.tmp')));
    await s.close();
  });

  it('keeps appending to the current log when a new one cannot be started', async () => {
    const dir = await tempDir();
    const warnings: string[] = [];
    const opts = { maxLogBytes: 1, warn: (m: string) => warnings.push(m) };
    let s = await WalStore.open(join(dir, 'nested', 'data'), opts);
    // Something already holds the name the next log needs.
    const dataDir = join(dir, 'nested', 'data');
    await writeFile(join(dataDir, 'log-0000000000000003.wal'), '');
    await s.create('/a', 'a1');
    s = await reopen(s, dataDir, opts); // close waits for the rotation attempt after the write
    assert.match(warnings.join('\n'), /could not start a new log at revision 3/);
    assert.equal((await s.get('/a'))?.modRevision, 2);
    await s.create('/b', 'b1');
    await s.create('/c', 'c1');
    s = await reopen(s, dataDir, opts);
    assert.deepEqual((await allKeys(s)).map((kv) => `${kv.key}@${kv.modRevision}`), ['/a@2', '/b@3', '/c@4']);
    await s.close();
  });

  it('lets only one store at a time own a directory', async () => {
    const dir = await tempDir();
    const s = await WalStore.open(dir);
    await assert.rejects(WalStore.open(dir), /in use by process/);
    await s.close();
    await (await WalStore.open(dir)).close();
  });

  it('finishes queued writes on close', async () => {
    const dir = await tempDir();
    let s = await WalStore.open(dir);
    const writes = Array.from({ length: 100 }, (_, i) => s.create(`/k/${i}`, 'v'));
    await s.close();
    assert.equal((await Promise.all(writes)).length, 100);
    s = await WalStore.open(dir);
    assert.equal(await s.count('/k/'), 100);
    await s.close();
  });
});
