// WATCH as kube-apiserver serves it: synthetic ADDED events for a watch from "now",
// exact resumption from a resourceVersion, selector transitions, bookmarks, timeouts,
// 410 Expired for compacted revisions, Table events for kubectl, and a slow watcher
// that is cut off without holding up the others.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MemoryStore, type Watch, type WatchEvent as StoreWatchEvent } from '../storage/index.ts';
import { ApiServer } from './server.ts';
import { Client, eventually, namespace, ns, service, startServer, tableAccept, useServer, type TestServer, type WatchEvent } from './testkit.ts';

const t = useServer();
const merge = 'application/merge-patch+json';

const brief = (events: WatchEvent[]) => events.map((e) => `${e.type} ${e.object.metadata?.name ?? e.object.kind}`);

describe('watch from now (resourceVersion unset or 0)', () => {
  for (const rv of ['', '0']) {
    it(`sends ADDED for existing objects, then live events (resourceVersion=${JSON.stringify(rv)})`, async () => {
      const space = await namespace(t.client, 'w');
      await t.client.create(ns(space, 'services'), service('a'));
      await t.client.create(ns(space, 'services'), service('b'));
      const w = t.client.watch(ns(space, 'services') + `?watch=true${rv ? `&resourceVersion=${rv}` : ''}`);
      try {
        assert.equal(await w.status, 200);
        assert.equal((await w.headers).get('content-type'), 'application/json');
        const initial = await w.take(2);
        assert.deepEqual(brief(initial).sort(), ['ADDED a', 'ADDED b']);
        assert.equal(initial[0]!.object.kind, 'Service');
        assert.equal(initial[0]!.object.apiVersion, 'v1');
        await t.client.create(ns(space, 'services'), service('c'));
        await t.client.patch(ns(space, 'services', 'a'), { metadata: { labels: { x: 'y' } } }, merge);
        await t.client.delete(ns(space, 'services', 'b'));
        assert.deepEqual(brief(await w.take(3)), ['ADDED c', 'MODIFIED a', 'DELETED b']);
      } finally {
        w.close();
      }
    });
  }
});

describe('watch-list (sendInitialEvents)', () => {
  it('sends the current state, a BOOKMARK marking its end, then live events', async () => {
    const space = await namespace(t.client, 'wl');
    await t.client.create(ns(space, 'services'), service('x'));
    const w = t.client.watch(ns(space, 'services') + '?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true');
    try {
      const [added, end] = await w.take(2, { bookmarks: true });
      assert.deepEqual(brief([added!]), ['ADDED x']);
      assert.equal(end!.type, 'BOOKMARK');
      assert.equal(end!.object.metadata.annotations['k8s.io/initial-events-end'], 'true');
      assert.ok(Number(end!.object.metadata.resourceVersion) >= Number(added!.object.metadata.resourceVersion));
      await t.client.create(ns(space, 'services'), service('y'));
      assert.deepEqual(brief(await w.take(1)), ['ADDED y']);
    } finally {
      w.close();
    }
  });

  it('requires resourceVersionMatch=NotOlderThan (422)', async () => {
    const r = await t.client.get(ns('default', 'services') + '?watch=true&sendInitialEvents=true');
    assert.equal(r.status, 422);
    assert.equal(r.body.message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  });

  it('with sendInitialEvents=false from "now", sends only live events', async () => {
    const space = await namespace(t.client, 'wl');
    await t.client.create(ns(space, 'services'), service('old'));
    const w = t.client.watch(ns(space, 'services') + '?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan');
    try {
      assert.equal(await w.status, 200);
      await t.client.create(ns(space, 'services'), service('new'));
      assert.deepEqual(brief(await w.take(1)), ['ADDED new']);
    } finally {
      w.close();
    }
  });
});

describe('watch from a resourceVersion', () => {
  it('sends exactly the events after it, in order', async () => {
    const space = await namespace(t.client, 'wrv');
    await t.client.create(ns(space, 'services'), service('before'));
    const mark = (await t.client.get(ns(space, 'services'))).body.metadata.resourceVersion;
    const c = await t.client.create(ns(space, 'services'), service('after'));
    const p = await t.client.patch(ns(space, 'services', 'before'), { metadata: { labels: { v: '2' } } }, merge);
    const w = t.client.watch(ns(space, 'services') + `?watch=true&resourceVersion=${mark}`);
    try {
      const events = await w.take(2);
      assert.deepEqual(brief(events), ['ADDED after', 'MODIFIED before']);
      assert.equal(events[0]!.object.metadata.resourceVersion, c.metadata.resourceVersion);
      assert.equal(events[1]!.object.metadata.resourceVersion, p.body.metadata.resourceVersion);
      assert.deepEqual(await w.quiet(150), [], 'nothing from before the mark');
    } finally {
      w.close();
    }
  });

  it('sends the deletion with the resourceVersion of the delete', async () => {
    const space = await namespace(t.client, 'wdel');
    const created = await t.client.create(ns(space, 'services'), service('gone'));
    const w = t.client.watch(ns(space, 'services') + `?watch=true&resourceVersion=${created.metadata.resourceVersion}`);
    try {
      await w.status;
      const del = await t.client.delete(ns(space, 'services', 'gone'));
      assert.equal(del.status, 200);
      const revisionOfDelete = String(t.server.store.currentRevision());
      const [e] = await w.take(1);
      assert.equal(e!.type, 'DELETED');
      assert.equal(e!.object.metadata.uid, created.metadata.uid);
      assert.equal(e!.object.metadata.resourceVersion, revisionOfDelete);
      assert.ok(Number(revisionOfDelete) > Number(created.metadata.resourceVersion));
    } finally {
      w.close();
    }
  });

  it('answers 400 for a resourceVersion that is not a number', async () => {
    const r = await t.client.get(ns('default', 'services') + '?watch=true&resourceVersion=abc');
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
  });
});

describe('watch filters', () => {
  it('turns label-selector transitions into ADDED and DELETED', async () => {
    const space = await namespace(t.client, 'wsel');
    const w = t.client.watch(ns(space, 'services') + '?watch=true&labelSelector=' + encodeURIComponent('app=web'));
    try {
      await w.status;
      await t.client.create(ns(space, 'services'), service('s', { labels: { app: 'other' } }));
      await t.client.patch(ns(space, 'services', 's'), { metadata: { labels: { app: 'web' } } }, merge);
      await t.client.patch(ns(space, 'services', 's'), { metadata: { labels: { app: 'web', extra: '1' } } }, merge);
      await t.client.patch(ns(space, 'services', 's'), { metadata: { labels: { app: 'api' } } }, merge);
      await t.client.patch(ns(space, 'services', 's'), { metadata: { labels: { app: 'api', more: '1' } } }, merge);
      await t.client.delete(ns(space, 'services', 's'));
      const events = await w.take(3);
      assert.deepEqual(
        events.map((e) => [e.type, e.object.metadata.labels.app]),
        [
          ['ADDED', 'web'],
          ['MODIFIED', 'web'],
          ['DELETED', 'api'],
        ],
        'the DELETED carries the object as it is now, no longer matching',
      );
      assert.deepEqual(await w.quiet(150), [], 'changes and deletion outside the selector are not sent');
    } finally {
      w.close();
    }
  });

  it('watches one object by metadata.name, and through the legacy /watch/ path', async () => {
    const space = await namespace(t.client, 'wname');
    await t.client.create(ns(space, 'services'), service('one'));
    await t.client.create(ns(space, 'services'), service('two'));
    const byField = t.client.watch(ns(space, 'services') + '?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Done');
    const byPath = t.client.watch(`/api/v1/watch/namespaces/${space}/services/one`);
    try {
      assert.deepEqual(brief(await byField.take(1)), ['ADDED one']);
      assert.deepEqual(brief(await byPath.take(1)), ['ADDED one']);
      await t.client.patch(ns(space, 'services', 'two'), { metadata: { labels: { a: 'b' } } }, merge);
      await t.client.patch(ns(space, 'services', 'one'), { metadata: { labels: { a: 'b' } } }, merge);
      assert.deepEqual(brief(await byField.take(1)), ['MODIFIED one']);
      assert.deepEqual(brief(await byPath.take(1)), ['MODIFIED one']);
    } finally {
      byField.close();
      byPath.close();
    }
  });

  it('watches every namespace on the cluster-wide path, one namespace on its own', async () => {
    const a = await namespace(t.client, 'wa');
    const b = await namespace(t.client, 'wb');
    const all = t.client.watch(`/api/v1/services?watch=true&resourceVersion=${t.server.store.currentRevision()}`);
    const onlyA = t.client.watch(ns(a, 'services') + `?watch=true&resourceVersion=${t.server.store.currentRevision()}`);
    try {
      await Promise.all([all.status, onlyA.status]);
      await t.client.create(ns(a, 'services'), service('in-a'));
      await t.client.create(ns(b, 'services'), service('in-b'));
      const seen = await all.take(2);
      assert.deepEqual(
        seen.map((e) => `${e.object.metadata.namespace}/${e.object.metadata.name}`),
        [`${a}/in-a`, `${b}/in-b`],
      );
      assert.deepEqual(brief(await onlyA.take(1)), ['ADDED in-a']);
      assert.deepEqual(await onlyA.quiet(100), []);
    } finally {
      all.close();
      onlyA.close();
    }
  });
});

describe('watch lifetime', () => {
  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const w = t.client.watch(ns('default', 'services') + `?watch=true&timeoutSeconds=1&resourceVersion=${t.server.store.currentRevision()}`);
    await w.waitEnd(3000);
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 2500, `ended after ${took} ms`);
  });

  it('keeps a watch with a very long timeoutSeconds open (no timer overflow)', async () => {
    const w = t.client.watch(ns('default', 'services') + `?watch=true&timeoutSeconds=4000000&resourceVersion=${t.server.store.currentRevision()}`);
    try {
      await w.status;
      await w.quiet(300);
      assert.equal(w.ended, false);
    } finally {
      w.close();
    }
  });

  it('renders events as one-row Tables for kubectl get -w', async () => {
    const space = await namespace(t.client, 'wtable');
    await t.client.create(ns(space, 'services'), service('first'));
    const w = t.client.watch(ns(space, 'services') + '?watch=true&resourceVersion=0', { accept: tableAccept });
    try {
      assert.equal((await w.headers).get('content-type'), 'application/json');
      const [e1] = await w.take(1);
      assert.equal(e1!.type, 'ADDED');
      assert.equal(e1!.object.kind, 'Table');
      assert.equal(e1!.object.apiVersion, 'meta.k8s.io/v1');
      assert.ok(e1!.object.columnDefinitions.length > 0, 'the first event defines the columns');
      assert.equal(e1!.object.rows.length, 1);
      assert.equal(e1!.object.rows[0].cells[0], 'first');
      assert.equal(e1!.object.rows[0].object.kind, 'PartialObjectMetadata');
      await t.client.create(ns(space, 'services'), service('second'));
      const [e2] = await w.take(1);
      assert.equal(e2!.type, 'ADDED');
      assert.deepEqual(e2!.object.columnDefinitions, []);
      assert.equal(e2!.object.rows[0].cells[0], 'second');
      assert.equal(e2!.object.metadata.resourceVersion, e2!.object.rows[0].object.metadata.resourceVersion);
    } finally {
      w.close();
    }
  });
});

describe('bookmarks and compaction', () => {
  let s: TestServer;
  let c: Client;
  before(async () => {
    s = await startServer({ store: { maxEvents: 20 }, watch: { bookmarkIntervalMs: 100 } });
    c = new Client(s.url);
  });
  after(async () => s.stop());

  it('sends BOOKMARK events when allowed, carrying the current resourceVersion', async () => {
    const w = c.watch(ns('default', 'services') + `?watch=true&allowWatchBookmarks=true&resourceVersion=${s.store.currentRevision()}`);
    const plain = c.watch(ns('default', 'services') + `?watch=true&resourceVersion=${s.store.currentRevision()}`);
    try {
      await c.create(ns('default', 'services'), service('bm'));
      const events = await w.take(3, { bookmarks: true, ms: 1500 });
      assert.equal(events[0]!.type, 'ADDED');
      const bookmark = events.find((e) => e.type === 'BOOKMARK')!;
      assert.ok(bookmark, JSON.stringify(events));
      assert.equal(bookmark.object.kind, 'Service');
      assert.equal(bookmark.object.apiVersion, 'v1');
      assert.equal(bookmark.object.metadata.resourceVersion, String(s.store.currentRevision()));
      const others = [await plain.next(), ...(await plain.quiet(300))];
      assert.deepEqual(brief(others as WatchEvent[]), ['ADDED bm'], 'no bookmarks unless allowed');
    } finally {
      w.close();
      plain.close();
    }
  });

  it('reports a compacted resourceVersion as an ERROR event with a 410 Expired Status', async () => {
    for (let i = 0; i < 30; i++) await c.patch(ns('default', 'services', 'bm'), { metadata: { labels: { n: String(i) } } }, merge);
    assert.ok(s.store.compactedRevision() > 2);
    const w = c.watch(ns('default', 'services') + '?watch=true&resourceVersion=2');
    assert.equal(await w.status, 200);
    const events = await w.waitEnd(2000);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'ERROR');
    const status = events[0]!.object;
    assert.equal(status.kind, 'Status');
    assert.equal(status.status, 'Failure');
    assert.equal(status.code, 410);
    assert.equal(status.reason, 'Expired');
    assert.equal(status.message, `too old resource version: 2 (${s.store.compactedRevision()})`);
  });
});

/** Counts store watches open and closed, to see the server let go of a watcher. */
class CountingStore extends MemoryStore {
  open = 0;
  override watch(prefix: string, fromRevision: number, onEvent: (e: StoreWatchEvent) => void): Watch {
    const inner = super.watch(prefix, fromRevision, onEvent);
    this.open++;
    let closed = false;
    return {
      close: () => {
        if (!closed) this.open--;
        closed = true;
        inner.close();
      },
    };
  }
}

/** A watch client on a raw socket that counts event lines without parsing them. */
class RawWatcher {
  readonly socket: net.Socket;
  lines = 0;
  bytes = 0;
  ended = false;
  #headersSeen: Promise<void>;
  #tail = '';

  constructor(port: number, path: string, opts: { stallAfterHeaders?: boolean } = {}) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n`);
    this.socket.on('error', () => {});
    this.socket.on('end', () => (this.ended = true));
    this.socket.on('close', () => (this.ended = true));
    this.#headersSeen = new Promise((resolve) => {
      let head = '';
      const onData = (d: Buffer) => {
        head += d.toString('latin1');
        if (head.includes('\r\n\r\n')) {
          resolve();
          if (opts.stallAfterHeaders) {
            // Never read again: the kernel buffers fill and the server sees backpressure.
            this.socket.off('data', onData);
            this.socket.pause();
            return;
          }
          this.socket.off('data', onData);
          this.#count(Buffer.from(head.slice(head.indexOf('\r\n\r\n') + 4), 'latin1'));
          this.socket.on('data', (chunk: Buffer) => this.#count(chunk));
        }
      };
      this.socket.on('data', onData);
    });
  }

  get ready(): Promise<void> {
    return this.#headersSeen;
  }

  // Event lines end in "}\n" and are framed in chunks ("\r\n" around them); count "}\n".
  #count(chunk: Buffer): void {
    this.bytes += chunk.length;
    const text = this.#tail + chunk.toString('latin1');
    let i = -1;
    while ((i = text.indexOf('}\n', i + 1)) >= 0) this.lines++;
    this.#tail = text.slice(-1);
  }

  /** Starts reading what the server sent, to the end of the response (the last chunk). */
  drain(): Promise<string> {
    return new Promise((resolve) => {
      let all = '';
      this.socket.on('data', (d: Buffer) => {
        all += d.toString('latin1');
        if (all.endsWith('\r\n0\r\n\r\n')) resolve(all);
      });
      this.socket.on('end', () => resolve(all));
      this.socket.on('close', () => resolve(all));
      this.socket.resume();
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('backpressure', () => {
  it('does not count the initial events of a watch from now against the queue limit', async () => {
    const s = await startServer({ watch: { maxQueuedEvents: 5 } });
    const c = new Client(s.url);
    try {
      const padding = 'y'.repeat(4096);
      for (let i = 0; i < 300; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => c.create(ns('default', 'services'), { ...service(`init-${i + j}`), metadata: { name: `init-${i + j}`, annotations: { padding } } })));
      }
      const again = c.watch(ns('default', 'services') + '?watch=true&resourceVersion=0');
      try {
        // 300 plus `kubernetes`, the API server's own Service in default.
        const initial = await again.take(301, { ms: 5000 });
        assert.equal(new Set(initial.map((e) => e.object.metadata.name)).size, 301);
        await c.create(ns('default', 'services'), service('live'));
        assert.deepEqual(brief(await again.take(1)), ['ADDED live']);
      } finally {
        again.close();
      }
    } finally {
      await s.stop();
    }
  });

  it('cuts off a watcher that never reads, while 100 others get every event promptly', async () => {
    const store = new CountingStore();
    const maxQueuedEvents = 20;
    const api = await ApiServer.start({ store, port: 0, host: '127.0.0.1', watch: { maxQueuedEvents }, log: () => {} });
    const client = new Client(api.url);
    const port = Number(new URL(api.url).port);
    const fast: RawWatcher[] = [];
    let slow: RawWatcher | undefined;
    try {
      const baseline = store.open;
      const from = store.currentRevision();
      const path = `/api/v1/namespaces/default/services?watch=true&resourceVersion=${from}`;
      slow = new RawWatcher(port, path, { stallAfterHeaders: true });
      for (let i = 0; i < 100; i++) fast.push(new RawWatcher(port, path));
      await Promise.all([slow.ready, ...fast.map((f) => f.ready)]);
      assert.equal(store.open, baseline + 101);

      // Events of ~32 KiB: a few MiB fill loopback socket buffers, then the queue fills.
      const padding = 'x'.repeat(32 * 1024);
      let written = 0;
      const started = Date.now();
      while (store.open === baseline + 101) {
        assert.ok(written < 1000, 'the slow watcher was never cut off');
        const batch = Array.from({ length: 10 }, () => {
          const name = `bp-${written++}`;
          return client.post(ns('default', 'services'), { ...service(name), metadata: { name, annotations: { padding } } });
        });
        for (const r of await Promise.all(batch)) assert.equal(r.status, 201, r.text);
      }
      assert.equal(store.open, baseline + 100, "only the slow watcher was let go");
      // Every fast watcher gets every event, and soon.
      await eventually(async () => fast.every((f) => f.lines === written), 5000, `all ${written} events at every fast watcher`);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
      for (const f of fast) assert.equal(f.ended, false, 'fast watchers stay connected');

      // The slow watcher got what fitted in the socket buffers and then the end of the stream:
      // a prefix of the events, never the rest.
      const received = await slow.drain();
      assert.ok(received.endsWith('0\r\n\r\n'), 'the response was ended');
      const events = received.split('}\n').length - 1;
      assert.ok(events < written, `slow watcher got ${events} of ${written}`);
    } finally {
      slow?.close();
      for (const f of fast) f.close();
      await api.stop();
      await store.close();
    }
  });
});
