import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable, column, nameColumn, printer, registerPrinter } from './index.ts';
import { ago, now } from './testutil.ts';

const svc = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1', resourceVersion: '1014', creationTimestamp: ago(41), labels: { app: 'web' } },
  spec: { type: 'NodePort', clusterIP: '10.96.0.13', clusterIPs: ['10.96.0.13'], ports: [{ port: 80, nodePort: 31336, protocol: 'TCP' }], selector: { app: 'web' } },
};

test('a Service list renders as the kubectl-wire §5.1 Table', () => {
  const t = buildTable({ group: '', kind: 'Service' }, [svc], { now, resourceVersion: '1005' });
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(t.metadata, { resourceVersion: '1005' });
  assert.deepEqual(
    t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Type', 'string', '', 0],
      ['Cluster-IP', 'string', '', 0],
      ['External-IP', 'string', '', 0],
      ['Port(s)', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['Selector', 'string', '', 1],
    ],
  );
  assert.ok(t.columnDefinitions.every((c) => c.description.length > 0));
  assert.match(t.columnDefinitions[0]!.description, /^Name must be unique within a namespace/);
  assert.match(t.columnDefinitions[5]!.description, /^CreationTimestamp is a timestamp/);
  assert.deepEqual(t.rows, [
    {
      cells: ['web', 'NodePort', '10.96.0.13', '<none>', '80:31336/TCP', '41s', 'app=web'],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: svc.metadata },
    },
  ]);
});

test('the table is plain JSON (round-trips through JSON.stringify)', () => {
  const t = buildTable({ group: '', kind: 'Service' }, [svc], { now, resourceVersion: '1005' });
  assert.deepEqual(JSON.parse(JSON.stringify(t)), t);
});

test('list metadata: continue and remainingItemCount are passed through; empty values are omitted', () => {
  const t = buildTable({ group: '', kind: 'Service' }, [], { now, resourceVersion: '7', continue: 'tok', remainingItemCount: 3 });
  assert.deepEqual(t.metadata, { resourceVersion: '7', continue: 'tok', remainingItemCount: 3 });
  assert.deepEqual(t.rows, []);
  assert.deepEqual(buildTable({ group: '', kind: 'Service' }, [], { now }).metadata, {});
});

test('includeObject: Metadata is the default, None gives null, Object the full object', () => {
  const kind = { group: '', kind: 'Service' };
  assert.equal(buildTable(kind, [svc], { now, includeObject: 'None' }).rows[0]!.object, null);
  assert.deepEqual(buildTable(kind, [svc], { now, includeObject: 'Object' }).rows[0]!.object, svc);
  const { apiVersion: _a, kind: _k, ...bare } = svc;
  const full = buildTable(kind, [bare], { now, includeObject: 'Object' }).rows[0]!.object as Record<string, unknown>;
  assert.equal(full.apiVersion, 'v1');
  assert.equal(full.kind, 'Service');
  const dep = buildTable({ group: 'apps', kind: 'Deployment' }, [{ metadata: { name: 'd' }, spec: {} }], { now, includeObject: 'Object' });
  assert.equal((dep.rows[0]!.object as Record<string, unknown>).apiVersion, 'apps/v1');
  assert.throws(() => buildTable(kind, [svc], { now, includeObject: 'Bogus' as 'None' }), /unrecognized includeObject value: "Bogus"/);
});

test('the PartialObjectMetadata is a copy: editing it leaves the stored object alone', () => {
  const t = buildTable({ group: '', kind: 'Service' }, [svc], { now });
  const obj = t.rows[0]!.object as { metadata: { name: string } };
  obj.metadata.name = 'changed';
  assert.equal(svc.metadata.name, 'web');
});

test('noHeaders leaves the column definitions out', () => {
  assert.deepEqual(buildTable({ group: '', kind: 'Service' }, [svc], { now, noHeaders: true }).columnDefinitions, []);
});

test('kinds without a printer get the default table: Name, Created At (RFC3339, UTC)', () => {
  const t = buildTable({ group: '', kind: 'ConfigMap' }, [{ metadata: { name: 'cm', creationTimestamp: '2024-04-30T10:11:12Z' } }, { metadata: { name: 'new' } }], { now });
  assert.deepEqual(
    t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Created At', 'date', '', 0],
    ],
  );
  assert.deepEqual(
    t.rows.map((r) => r.cells),
    [
      ['cm', '2024-04-30T10:11:12Z'],
      ['new', '0001-01-01T00:00:00Z'],
    ],
  );
});

test('a custom kind gets its printer from one registerPrinter call', () => {
  registerPrinter(
    { group: 'example.portico.dev', kind: 'Widget' },
    printer<{ metadata?: { name?: string }; spec?: { size?: number } }>({
      columns: [nameColumn(), column('Size', 'integer', 'How big the widget is.')],
      cells: (w) => [w.metadata?.name ?? '', w.spec?.size ?? 0],
    }),
  );
  const t = buildTable({ group: 'example.portico.dev', kind: 'Widget' }, [{ metadata: { name: 'w' }, spec: { size: 3 } }], { now });
  assert.deepEqual(t.rows[0]!.cells, ['w', 3]);
  assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'Size']);
});
