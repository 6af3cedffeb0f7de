// No ClusterIP or NodePort is ever handed out twice: not under concurrent creates through
// the API, not across a restart of the server on the same durable store, and everything a
// deleted Service held can be taken again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalStore } from '../storage/index.ts';
import { ApiServer } from './server.ts';
import { Client, ns, service } from './testkit.ts';

interface Held {
  ips: string[];
  ports: number[];
}

async function holdings(c: Client): Promise<Held> {
  const list = await c.get(ns('default', 'services'));
  const items = list.body.items as Array<{ spec: { clusterIP?: string; ports?: Array<{ nodePort?: number }> } }>;
  return {
    ips: items.map((s) => s.spec.clusterIP).filter((ip): ip is string => !!ip && ip !== 'None'),
    ports: items.flatMap((s) => (s.spec.ports ?? []).map((p) => p.nodePort)).filter((p): p is number => !!p),
  };
}

const unique = (xs: unknown[]) => new Set(xs).size === xs.length;

describe('Service allocation through the API', () => {
  it('never hands out a ClusterIP or NodePort twice, under concurrent creates and across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-alloc-'));
    // A small range makes collisions likely if anything were wrong.
    const opts = { port: 0, log: () => {}, serviceCIDR: '127.96.0.0/24', nodePortRange: '30000-30199' };
    let store = await WalStore.open(dir);
    let api = await ApiServer.start({ ...opts, store });
    try {
      let c = new Client(api.url);
      const create = (i: number) => c.post(ns('default', 'services'), service(`s${i}`, { spec: { type: i % 2 ? 'NodePort' : 'ClusterIP' } }));
      const first = await Promise.all(Array.from({ length: 120 }, (_, i) => create(i)));
      assert.deepEqual(new Set(first.map((r) => r.status)), new Set([201]));
      const before = await holdings(c);
      assert.equal(before.ips.length, 121, '120 plus the kubernetes Service');
      assert.ok(unique(before.ips) && unique(before.ports));

      // Free some, then restart on the same store: the rest stay taken, the freed ones return.
      for (let i = 0; i < 20; i++) assert.equal((await c.delete(ns('default', 'services', `s${i}`))).status, 200);
      await api.stop();
      await store.close();
      store = await WalStore.open(dir);
      api = await ApiServer.start({ ...opts, store });
      c = new Client(api.url);

      const second = await Promise.all(Array.from({ length: 130 }, (_, i) => c.post(ns('default', 'services'), service(`t${i}`, { spec: { type: i % 2 ? 'NodePort' : 'ClusterIP' } }))));
            const created = second.filter((r) => r.status === 201).length;
      const full = second.filter((r) => r.status !== 201);
      // 254 usable addresses: 101 held after the deletes, so 130 more fit; ports: 50 + 65 of 200.
      assert.equal(created, 130, full.map((r) => r.text).join('\n'));
      const after = await holdings(c);
      assert.ok(unique(after.ips), 'ClusterIPs are unique');
      assert.ok(unique(after.ports), 'NodePorts are unique');
      assert.equal(after.ips.length, 231);

      // The range runs out with upstream's error, and nothing is half-allocated by the failures.
      const overflow = await Promise.all(Array.from({ length: 30 }, (_, i) => c.post(ns('default', 'services'), service(`u${i}`))));
      const refused = overflow.filter((r) => r.status === 500);
      assert.equal(overflow.filter((r) => r.status === 201).length, 23);
      assert.equal(refused[0]!.body.message, 'Internal error occurred: failed to allocate a serviceIP: range is full');
      assert.ok(unique((await holdings(c)).ips));
    } finally {
      await api.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
