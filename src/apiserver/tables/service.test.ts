import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ago, cells } from './testutil.ts';

const kind = { group: '', kind: 'Service' };
const svc = (spec: object, status: object = {}) => ({ metadata: { name: 'web', creationTimestamp: ago(300) }, spec, status });

test('ClusterIP: cluster IP, <none> external IP, port/PROTO, selector k=v sorted by key', () => {
  assert.deepEqual(cells(kind, svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { tier: 'web', app: 'shop' } })), ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '5m', 'app=shop,tier=web']);
});

test('multiple ports are joined with `,` (kube-dns)', () => {
  const ports = [
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    { name: 'metrics', port: 9153, protocol: 'TCP' },
  ];
  assert.equal(cells(kind, svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', ports }))[4], '53/UDP,53/TCP,9153/TCP');
});

test('NodePort ports print as port:nodePort/PROTO', () => {
  const c = cells(kind, svc({ type: 'NodePort', clusterIP: '10.96.0.13', ports: [{ port: 80, nodePort: 31234, protocol: 'TCP' }, { port: 53, nodePort: 30053, protocol: 'UDP' }] }));
  assert.equal(c[3], '<none>');
  assert.equal(c[4], '80:31234/TCP,53:30053/UDP');
});

test('headless Service: cluster IP `None`', () => {
  assert.deepEqual(cells(kind, svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'db' } })).slice(1, 5), ['ClusterIP', 'None', '<none>', '80/TCP']);
});

test('ExternalName: cluster IP <none>, external IP is the external name, ports <none>', () => {
  assert.deepEqual(cells(kind, svc({ type: 'ExternalName', externalName: 'db.example.com' })), ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '5m', '<none>']);
});

test('ClusterIP with externalIPs lists them', () => {
  assert.equal(cells(kind, svc({ type: 'ClusterIP', clusterIP: '10.96.0.5', externalIPs: ['192.0.2.1', '192.0.2.2'], ports: [{ port: 80, protocol: 'TCP' }] }))[3], '192.0.2.1,192.0.2.2');
});

test('LoadBalancer: <pending> until the ingress is set', () => {
  assert.equal(cells(kind, svc({ type: 'LoadBalancer', clusterIP: '10.96.0.7', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }))[3], '<pending>');
  assert.equal(cells(kind, svc({ type: 'LoadBalancer', clusterIP: '10.96.0.7' }, { loadBalancer: {} }))[3], '<pending>');
});

test('LoadBalancer: ingress IPs (else hostnames), sorted and de-duplicated, then externalIPs', () => {
  const status = { loadBalancer: { ingress: [{ ip: '127.240.0.9' }, { hostname: 'lb.example.com' }, { ip: '127.240.0.2' }, { ip: '127.240.0.9' }] } };
  assert.equal(cells(kind, svc({ type: 'LoadBalancer', clusterIP: '10.96.0.7' }, status))[3], '127.240.0.2,127.240.0.9,lb.example.com');
  // The server prints wide: long lists are not clipped to 16 characters.
  assert.equal(cells(kind, svc({ type: 'LoadBalancer', clusterIP: '10.96.0.7', externalIPs: ['192.0.2.1'] }, status))[3], '127.240.0.2,127.240.0.9,lb.example.com,192.0.2.1');
  assert.equal(cells(kind, svc({ type: 'LoadBalancer', clusterIP: '10.96.0.7', externalIPs: ['192.0.2.1'] }))[3], '192.0.2.1');
});

test('dual-stack: the first of clusterIPs', () => {
  assert.equal(cells(kind, svc({ type: 'ClusterIP', clusterIP: 'fd00::10', clusterIPs: ['fd00::10', '10.96.0.10'] }))[2], 'fd00::10');
});

test('no ports, no selector: <none>', () => {
  const c = cells(kind, svc({ type: 'ClusterIP', clusterIP: '10.96.0.3' }));
  assert.equal(c[4], '<none>');
  assert.equal(c[6], '<none>');
});
