// LIST as kube-apiserver serves it: label and field selectors, limit/continue pagination
// that returns every item exactly once, remainingItemCount, reads at an exact older
// revision, 410 for compacted revisions, and server-side Tables for kubectl.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, namespace, ns, pod, service, startServer, tableAccept, uniqueName, useServer, type TestServer } from './testkit.ts';

const t = useServer();

const names = (list: { items: Array<{ metadata: { name: string } }> }) => list.items.map((i) => i.metadata.name).sort();

describe('label selectors', () => {
  let space = '';
  before(async () => {
    space = await namespace(t.client, 'labels');
    const labelled: Array<[string, Record<string, string> | undefined]> = [
      ['p-prod-fe', { env: 'prod', tier: 'fe', rank: '3' }],
      ['p-prod-be', { env: 'prod', tier: 'be', rank: '10' }],
      ['p-dev-be', { env: 'dev', tier: 'be' }],
      ['p-test', { env: 'test' }],
      ['p-none', undefined],
    ];
    for (const [name, labels] of labelled) await t.client.create(ns(space, 'pods'), pod(name, { labels }));
  });

  const cases: Array<[string, string[]]> = [
    ['env=prod', ['p-prod-be', 'p-prod-fe']],
    ['env==prod', ['p-prod-be', 'p-prod-fe']],
    ['env!=prod', ['p-dev-be', 'p-none', 'p-test']],
    ['env in (dev,test)', ['p-dev-be', 'p-test']],
    ['env notin (dev,test)', ['p-none', 'p-prod-be', 'p-prod-fe']],
    ['tier', ['p-dev-be', 'p-prod-be', 'p-prod-fe']],
    ['!tier', ['p-none', 'p-test']],
    ['env=prod,tier=be', ['p-prod-be']],
    ['env,!tier', ['p-test']],
    ['rank>5', ['p-prod-be']],
    ['rank<5', ['p-prod-fe']],
    ['env in (prod),tier notin (fe)', ['p-prod-be']],
    ['', ['p-dev-be', 'p-none', 'p-prod-be', 'p-prod-fe', 'p-test']],
  ];
  for (const [selector, expected] of cases) {
    it(`selects ${JSON.stringify(selector)}`, async () => {
      const r = await t.client.get(ns(space, 'pods') + '?labelSelector=' + encodeURIComponent(selector));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(names(r.body), expected);
    });
  }

  it('answers 400 for a selector that does not parse', async () => {
    const r = await t.client.get(ns(space, 'pods') + '?labelSelector=' + encodeURIComponent('env in (prod'));
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
    assert.match(r.body.message, /^unable to parse requirement/);
  });
});

describe('field selectors', () => {
  let space = '';
  before(async () => {
    space = await namespace(t.client, 'fields');
    for (const name of ['fa', 'fb', 'fc']) await t.client.create(ns(space, 'pods'), pod(name));
    await t.client.patch(ns(space, 'pods', 'fb', 'status'), { status: { phase: 'Running' } }, 'application/merge-patch+json');
    const event = (name: string, kind: string, obj: string) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { kind, name: obj, namespace: space, uid: `uid-${obj}` },
      reason: 'Test',
      message: 'm',
      type: 'Normal',
      source: { component: 'test' },
      firstTimestamp: '2024-01-01T00:00:00Z',
      lastTimestamp: '2024-01-01T00:00:00Z',
      count: 1,
    });
    await t.client.create(ns(space, 'events'), event('e1', 'Service', 'web'));
    await t.client.create(ns(space, 'events'), event('e2', 'Pod', 'web'));
    await t.client.create(ns(space, 'events'), event('e3', 'Service', 'api'));
  });

  it('selects by metadata.name', async () => {
    const r = await t.client.get(ns(space, 'pods') + '?fieldSelector=metadata.name%3Dfb');
    assert.deepEqual(names(r.body), ['fb']);
    const not = await t.client.get(ns(space, 'pods') + '?fieldSelector=metadata.name!%3Dfb');
    assert.deepEqual(names(not.body), ['fa', 'fc']);
  });

  it('selects by metadata.namespace across namespaces', async () => {
    const r = await t.client.get('/api/v1/pods?fieldSelector=' + encodeURIComponent(`metadata.namespace=${space}`));
    assert.deepEqual(names(r.body), ['fa', 'fb', 'fc']);
  });

  it('selects pods by status.phase', async () => {
    const running = await t.client.get(ns(space, 'pods') + '?fieldSelector=status.phase%3DRunning');
    assert.deepEqual(names(running.body), ['fb']);
    const notRunning = await t.client.get(ns(space, 'pods') + '?fieldSelector=' + encodeURIComponent('status.phase!=Running,status.phase!=Succeeded'));
    assert.deepEqual(names(notRunning.body), ['fa', 'fc']);
  });

  it('selects events by involvedObject fields, in any order of terms', async () => {
    const sel = (s: string) => t.client.get(ns(space, 'events') + '?fieldSelector=' + encodeURIComponent(s));
    assert.deepEqual(names((await sel('involvedObject.kind=Service')).body), ['e1', 'e3']);
    assert.deepEqual(names((await sel('involvedObject.name=web,involvedObject.kind=Service')).body), ['e1']);
    assert.deepEqual(names((await sel(`involvedObject.uid=uid-api,involvedObject.namespace=${space},involvedObject.kind=Service,involvedObject.name=api`)).body), ['e3']);
  });

  it('answers 400 `field label not supported` for a field the kind does not index', async () => {
    const r = await t.client.get(ns(space, 'pods') + '?fieldSelector=spec.x%3Dy');
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
    assert.equal(r.body.message, 'field label not supported: spec.x');
    const svc = await t.client.get(ns(space, 'services') + '?fieldSelector=status.phase%3DRunning');
    assert.equal(svc.body.message, 'field label not supported: status.phase');
  });

  it('answers 400 for a field selector that does not parse', async () => {
    const r = await t.client.get(ns(space, 'pods') + '?fieldSelector=metadata.name');
    assert.equal(r.status, 400);
    assert.equal(r.body.message, "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  });

  it('combines label and field selectors', async () => {
    await t.client.patch(ns(space, 'pods', 'fc'), { metadata: { labels: { pick: 'me' } } }, 'application/merge-patch+json');
    const r = await t.client.get(ns(space, 'pods') + '?labelSelector=pick&fieldSelector=' + encodeURIComponent('status.phase=Pending'));
    assert.deepEqual(names(r.body), ['fc']);
  });
});

describe('pagination (limit and continue)', () => {
  let space = '';
  const total = 25;
  before(async () => {
    space = await namespace(t.client, 'pages');
    for (let i = 0; i < total; i++) {
      await t.client.create(ns(space, 'services'), service(`s${String(i).padStart(2, '0')}`, { labels: { parity: i % 2 === 0 ? 'even' : 'odd' } }));
    }
  });

  async function collect(query: string, limit: number): Promise<{ seen: string[]; pages: any[] }> {
    const seen: string[] = [];
    const pages: any[] = [];
    let token: string | undefined;
    do {
      const r = await t.client.get(ns(space, 'services') + `?limit=${limit}${query}${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.length <= limit);
      pages.push(r.body);
      seen.push(...r.body.items.map((i: any) => i.metadata.name));
      token = r.body.metadata.continue;
      assert.ok(pages.length <= 50, 'pagination terminates');
    } while (token);
    return { seen, pages };
  }

  it('returns every item exactly once, in name order, with remainingItemCount', async () => {
    const { seen, pages } = await collect('', 10);
    assert.equal(seen.length, total);
    assert.deepEqual(seen, Array.from({ length: total }, (_, i) => `s${String(i).padStart(2, '0')}`));
    assert.deepEqual(
      pages.map((p) => p.metadata.remainingItemCount),
      [15, 5, undefined],
    );
    assert.deepEqual(
      pages.map((p) => p.items.length),
      [10, 10, 5],
    );
    assert.equal(pages[2].metadata.continue, undefined);
  });

  it('keeps every page at the first page\'s resourceVersion, so later writes do not show', async () => {
    const first = await t.client.get(ns(space, 'services') + '?limit=5');
    await t.client.create(ns(space, 'services'), service('zz-late'));
    await t.client.delete(ns(space, 'services', 's20'));
    const { seen, pages } = await (async () => {
      const seen: string[] = first.body.items.map((i: any) => i.metadata.name);
      const pages = [first.body];
      let token = first.body.metadata.continue;
      while (token) {
        const r = await t.client.get(ns(space, 'services') + `?limit=5&continue=${encodeURIComponent(token)}`);
        pages.push(r.body);
        seen.push(...r.body.items.map((i: any) => i.metadata.name));
        token = r.body.metadata.continue;
      }
      return { seen, pages };
    })();
    assert.equal(seen.length, total);
    assert.ok(seen.includes('s20'), 'deleted after the first page, still listed');
    assert.ok(!seen.includes('zz-late'), 'created after the first page, not listed');
    for (const p of pages) assert.equal(p.metadata.resourceVersion, first.body.metadata.resourceVersion);
    // Restore for the other tests.
    await t.client.delete(ns(space, 'services', 'zz-late'));
    await t.client.create(ns(space, 'services'), service('s20', { labels: { parity: 'even' } }));
  });

  it('returns every matching item exactly once with a label selector, without remainingItemCount', async () => {
    const { seen, pages } = await collect('&labelSelector=parity%3Deven', 4);
    assert.deepEqual(seen, Array.from({ length: 13 }, (_, i) => `s${String(i * 2).padStart(2, '0')}`));
    for (const p of pages) assert.equal(p.metadata.remainingItemCount, undefined);
  });

  it('returns every matching item exactly once with a field selector', async () => {
    const { seen } = await collect('&fieldSelector=' + encodeURIComponent('metadata.name!=s03,metadata.name!=s17'), 7);
    assert.equal(seen.length, total - 2);
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(!seen.includes('s03') && !seen.includes('s17'));
  });

  it('with limit=1, walks the whole collection', async () => {
    const { seen, pages } = await collect('', 1);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    assert.equal(pages[0].metadata.remainingItemCount, total - 1);
  });

  it('answers 400 for a continue token that does not decode', async () => {
    const r = await t.client.get(ns(space, 'services') + '?limit=5&continue=%%%');
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
    assert.match(r.body.message, /continue key is not valid/);
  });

  it('ignores limit on a watch-less plain list without limit (returns all)', async () => {
    const r = await t.client.get(ns(space, 'services'));
    assert.equal(r.body.items.length, total);
    assert.equal(r.body.metadata.continue, undefined);
    assert.equal(r.body.metadata.remainingItemCount, undefined);
  });
});

describe('resourceVersion on list', () => {
  it('reports the store revision as the list resourceVersion', async () => {
    const created = await t.client.create(ns('default', 'services'), service(uniqueName('rvl')));
    const r = await t.client.get(ns('default', 'services'));
    assert.equal(r.body.metadata.resourceVersion, String(t.server.store.currentRevision()));
    assert.ok(Number(r.body.metadata.resourceVersion) >= Number(created.metadata.resourceVersion));
    assert.equal(r.body.kind, 'ServiceList');
    assert.equal(r.body.apiVersion, 'v1');
    for (const item of r.body.items) {
      assert.equal(item.kind, 'Service');
      assert.equal(item.apiVersion, 'v1');
    }
  });

  it('reads the state at an older revision with resourceVersionMatch=Exact', async () => {
    const space = await namespace(t.client, 'exact');
    await t.client.create(ns(space, 'services'), service('old-a', { labels: { v: '1' } }));
    const before = await t.client.get(ns(space, 'services'));
    const rv = before.body.metadata.resourceVersion;
    await t.client.create(ns(space, 'services'), service('new-b'));
    await t.client.patch(ns(space, 'services', 'old-a'), { metadata: { labels: { v: '2' } } }, 'application/merge-patch+json');
    const exact = await t.client.get(ns(space, 'services') + `?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    assert.equal(exact.status, 200, exact.text);
    assert.equal(exact.body.metadata.resourceVersion, rv);
    assert.deepEqual(names(exact.body), ['old-a']);
    assert.deepEqual(exact.body.items[0].metadata.labels, { v: '1' });
    const now = await t.client.get(ns(space, 'services') + `?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`);
    assert.deepEqual(names(now.body), ['new-b', 'old-a']);
    assert.deepEqual(now.body.items.find((i: any) => i.metadata.name === 'old-a').metadata.labels, { v: '2' });
  });

  it('paginates an Exact read at the revision asked for', async () => {
    const space = await namespace(t.client, 'exactpages');
    for (const n of ['a', 'b', 'c']) await t.client.create(ns(space, 'services'), service(n));
    const rv = (await t.client.get(ns(space, 'services'))).body.metadata.resourceVersion;
    await t.client.create(ns(space, 'services'), service('d'));
    const p1 = await t.client.get(ns(space, 'services') + `?limit=2&resourceVersion=${rv}&resourceVersionMatch=Exact`);
    assert.deepEqual(names(p1.body), ['a', 'b']);
    const p2 = await t.client.get(ns(space, 'services') + `?limit=2&continue=${encodeURIComponent(p1.body.metadata.continue)}`);
    assert.deepEqual(names(p2.body), ['c']);
    assert.equal(p2.body.metadata.resourceVersion, rv);
  });

  it('rejects invalid ListOptions combinations as upstream validates them (422)', async () => {
    const noRv = await t.client.get(ns('default', 'services') + '?resourceVersionMatch=Exact');
    assert.equal(noRv.status, 422);
    assert.equal(noRv.body.reason, 'Invalid');
    assert.equal(noRv.body.message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    const zero = await t.client.get(ns('default', 'services') + '?resourceVersion=0&resourceVersionMatch=Exact');
    assert.equal(zero.status, 422);
    assert.equal(zero.body.message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    const bogus = await t.client.get(ns('default', 'services') + '?resourceVersion=1&resourceVersionMatch=Sometime');
    assert.equal(bogus.status, 422);
    assert.equal(bogus.body.message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Sometime": supported values: "Exact", "NotOlderThan", ""');
    const watch = await t.client.get(ns('default', 'services') + '?watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan');
    assert.equal(watch.status, 422);
    assert.equal(watch.body.message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
    const initialList = await t.client.get(ns('default', 'services') + '?sendInitialEvents=true');
    assert.equal(initialList.status, 422);
    assert.equal(initialList.body.message, 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list');
  });

  it('answers 504 Timeout for a resourceVersion newer than the store', async () => {
    const future = t.server.store.currentRevision() + 1000;
    const r = await t.client.get(ns('default', 'services') + `?resourceVersion=${future}&resourceVersionMatch=NotOlderThan`);
    assert.equal(r.status, 504);
    assert.equal(r.body.reason, 'Timeout');
    assert.match(r.body.message, /^Too large resource version: \d+, current: \d+$/);
  });

  it('answers 400 for a resourceVersion that is not a number', async () => {
    const r = await t.client.get(ns('default', 'services') + '?resourceVersion=abc');
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, 'BadRequest');
  });
});

describe('compaction', () => {
  let s: TestServer;
  let c: Client;
  before(async () => {
    s = await startServer({ store: { maxEvents: 30 } });
    c = new Client(s.url);
  });
  after(async () => s.stop());

  it('answers 410 Expired for a continue token whose revision was compacted', async () => {
    for (let i = 0; i < 6; i++) await c.create(ns('default', 'services'), service(`c${i}`));
    const first = await c.get(ns('default', 'services') + '?limit=2');
    const token = first.body.metadata.continue;
    assert.ok(token);
    for (let i = 0; i < 40; i++) await c.patch(ns('default', 'services', 'c0'), { metadata: { labels: { n: String(i) } } }, 'application/merge-patch+json');
    assert.ok(s.store.compactedRevision() > Number(first.body.metadata.resourceVersion));
    const r = await c.get(ns('default', 'services') + `?limit=2&continue=${encodeURIComponent(token)}`);
    assert.equal(r.status, 410);
    assert.equal(r.body.reason, 'Expired');
    assert.match(r.body.message, /^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/);
    // The token in the Status resumes after the same key, at the latest revision.
    const resumed = await c.get(ns('default', 'services') + `?limit=10&continue=${encodeURIComponent(r.body.metadata.continue)}`);
    assert.equal(resumed.status, 200, resumed.text);
    // `kubernetes` is the API server's own Service in default, listed after the c's.
    assert.deepEqual(names(resumed.body), ['c2', 'c3', 'c4', 'c5', 'kubernetes']);
    assert.equal(resumed.body.metadata.resourceVersion, String(s.store.currentRevision()));
  });

  it('answers 400 for a continue token together with a resourceVersion', async () => {
    const first = await c.get(ns('default', 'services') + '?limit=2');
    const r = await c.get(ns('default', 'services') + `?limit=2&resourceVersion=${first.body.metadata.resourceVersion}&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'specifying resource version is not allowed when using continue');
  });

  it('answers 410 Expired for an Exact read of a compacted revision', async () => {
    const r = await c.get(ns('default', 'services') + '?resourceVersion=2&resourceVersionMatch=Exact');
    assert.equal(r.status, 410);
    assert.equal(r.body.reason, 'Expired');
    assert.equal(r.body.message, 'The resourceVersion for the provided list is too old.');
  });

  it('treats resourceVersion with limit and no match rule as an exact read (upstream legacy rule)', async () => {
    const r = await c.get(ns('default', 'services') + '?resourceVersion=2&limit=5');
    assert.equal(r.status, 410);
    assert.equal(r.body.reason, 'Expired');
    const notOlder = await c.get(ns('default', 'services') + '?resourceVersion=2');
    assert.equal(notOlder.status, 200, 'without limit it is served from the latest state');
  });
});

describe('Table output', () => {
  it('renders a list as a meta.k8s.io/v1 Table with PartialObjectMetadata rows', async () => {
    const space = await namespace(t.client, 'table');
    await t.client.create(ns(space, 'services'), service('web', { labels: { app: 'web' } }));
    await t.client.create(ns(space, 'services'), service('api'));
    const r = await t.client.get(ns(space, 'services'), { accept: tableAccept });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json;as=Table;v=v1;g=meta.k8s.io');
    assert.equal(r.body.kind, 'Table');
    assert.equal(r.body.apiVersion, 'meta.k8s.io/v1');
    assert.equal(r.body.metadata.resourceVersion, String(t.server.store.currentRevision()));
    const columns = r.body.columnDefinitions.map((c: any) => c.name);
    assert.deepEqual(columns.slice(0, 6), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age']);
    assert.equal(r.body.rows.length, 2);
    const web = r.body.rows.find((row: any) => row.cells[0] === 'web');
    assert.equal(web.cells.length, columns.length);
    assert.equal(web.object.kind, 'PartialObjectMetadata');
    assert.equal(web.object.apiVersion, 'meta.k8s.io/v1');
    assert.equal(web.object.metadata.name, 'web');
    assert.equal(web.object.metadata.namespace, space);
    assert.deepEqual(web.object.metadata.labels, { app: 'web' });
    assert.ok(web.object.metadata.uid);
    assert.equal(web.object.spec, undefined);
  });

  it('honours includeObject=None and includeObject=Object', async () => {
    await t.client.create(ns('default', 'services'), service('tbl-obj'));
    const none = await t.client.get(ns('default', 'services', 'tbl-obj') + '?includeObject=None', { accept: tableAccept });
    assert.equal(none.body.rows[0].object, null, 'an empty RawExtension encodes as null');
    const full = await t.client.get(ns('default', 'services', 'tbl-obj') + '?includeObject=Object', { accept: tableAccept });
    assert.equal(full.body.rows[0].object.kind, 'Service');
    assert.equal(full.body.rows[0].object.spec.ports[0].port, 80);
    const bad = await t.client.get(ns('default', 'services', 'tbl-obj') + '?includeObject=Some', { accept: tableAccept });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, 'unrecognized includeObject value: "Some"');
  });

  it('renders one object as a one-row Table', async () => {
    await t.client.create(ns('default', 'pods'), pod('tbl-pod'));
    const r = await t.client.get(ns('default', 'pods', 'tbl-pod'), { accept: tableAccept });
    assert.equal(r.status, 200);
    assert.equal(r.body.rows.length, 1);
    assert.equal(r.body.rows[0].cells[0], 'tbl-pod');
  });

  it('carries continue and remainingItemCount on a paginated Table', async () => {
    const space = await namespace(t.client, 'tblpage');
    for (const n of ['a', 'b', 'c']) await t.client.create(ns(space, 'services'), service(n));
    const r = await t.client.get(ns(space, 'services') + '?limit=2', { accept: tableAccept });
    assert.equal(r.body.rows.length, 2);
    assert.ok(r.body.metadata.continue);
    assert.equal(r.body.metadata.remainingItemCount, 1);
    const rest = await t.client.get(ns(space, 'services') + `?limit=2&continue=${encodeURIComponent(r.body.metadata.continue)}`, { accept: tableAccept });
    assert.deepEqual(rest.body.rows.map((row: any) => row.cells[0]), ['c']);
  });

  it('falls back to JSON when the Accept header offers Table and JSON and Table is not first', async () => {
    const r = await t.client.get(ns('default', 'services'), { accept: 'application/json, application/json;as=Table;v=v1;g=meta.k8s.io' });
    assert.equal(r.body.kind, 'ServiceList');
  });
});
