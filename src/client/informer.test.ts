// The informer keeps a faithful cache through adds, updates, deletes, a compacted history
// (410 → re-list) and a server restart, and tells handlers about every change once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../api/resources.ts';
import { ApiServer } from '../apiserver/index.ts';
import { MemoryStore } from '../storage/index.ts';
import { Informer, RestClient } from './index.ts';

const servicesInfo = resources.find((r) => r.plural === 'services')!;
const svc = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels }, spec: { ports: [{ port: 80 }] } });

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Informer', () => {
  it('lists, then follows adds, updates and deletes', async () => {
    const store = new MemoryStore();
    const api = await ApiServer.start({ store, port: 0, log: () => {} });
    const rest = new RestClient(api.url);
    const services = rest.resource(servicesInfo);
    try {
      await services.create('default', svc('before'));
      const log: string[] = [];
      const inf = new Informer(services, { namespace: 'default' }).on({
        add: (o) => log.push(`add ${o.metadata.name}`),
        update: (_, o) => log.push(`update ${o.metadata.name} ${o.metadata.labels?.v ?? ''}`),
        delete: (o) => log.push(`delete ${o.metadata.name}`),
      });
      await inf.start();
      assert.ok(inf.synced);
      assert.deepEqual(log.sort(), ['add before', 'add kubernetes']);
      log.length = 0;
      await services.create('default', svc('a'));
      await services.patch('default', 'a', 'merge', { metadata: { labels: { v: '2' } } });
      await services.delete('default', 'before');
      await until(() => log.length === 3);
      assert.deepEqual(log, ['add a', 'update a 2', 'delete before']);
      assert.equal(inf.get('default', 'a')?.metadata.labels?.v, '2');
      assert.equal(inf.get('default', 'before'), undefined);
      inf.stop();
    } finally {
      rest.close();
      await api.stop();
    }
  });

  it('re-lists when its resourceVersion was compacted away, reporting only real changes', async () => {
    const store = new MemoryStore({ maxEvents: 20 });
    const api = await ApiServer.start({ store, port: 0, log: () => {} });
    const rest = new RestClient(api.url);
    const services = rest.resource(servicesInfo);
    try {
      const inf = new Informer(services, { namespace: 'default', labelSelector: 'app=x' });
      const deleted: string[] = [];
      inf.on({ delete: (o) => deleted.push(o.metadata.name) });
      await services.create('default', svc('keep', { app: 'x' }));
      await services.create('default', svc('drop', { app: 'x' }));
      await inf.start();
      // Stop watching, change a lot (beyond the history window), then resume: the informer
      // must notice through a 410 and a re-list.
      inf.stop();
      await services.delete('default', 'drop');
      for (let i = 0; i < 40; i++) await services.patch('default', 'keep', 'merge', { metadata: { annotations: { n: String(i) } } });
      const again = new Informer(services, { namespace: 'default', labelSelector: 'app=x' });
      await again.start();
      assert.deepEqual(again.list().map((o) => o.metadata.name), ['keep']);
      assert.equal(again.get('default', 'keep')?.metadata.annotations?.n, '39');
      again.stop();
    } finally {
      rest.close();
      await api.stop();
    }
  });

  it('answers equality selectors from its label index, following updates and deletes', async () => {
    const store = new MemoryStore();
    const api = await ApiServer.start({ store, port: 0, log: () => {} });
    const rest = new RestClient(api.url);
    const services = rest.resource(servicesInfo);
    try {
      const inf = new Informer(services);
      await services.create('default', svc('a', { app: 'web', tier: 'fe' }));
      await services.create('default', svc('b', { app: 'web', tier: 'be' }));
      await inf.start();
      const names = (sel: Record<string, string>) => inf.selectEqual('default', sel).map((o) => o.metadata.name).sort();
      assert.deepEqual(names({ app: 'web' }), ['a', 'b']);
      assert.deepEqual(names({ app: 'web', tier: 'be' }), ['b']);
      assert.deepEqual(names({ app: 'db' }), []);
      assert.deepEqual(inf.selectEqual('other', { app: 'web' }), []);
      await services.patch('default', 'a', 'merge', { metadata: { labels: { app: 'db' } } });
      await services.delete('default', 'b');
      await until(() => names({ app: 'web' }).length === 0);
      assert.deepEqual(names({ app: 'db' }), ['a']);
      inf.stop();
    } finally {
      rest.close();
      await api.stop();
    }
  });
});
