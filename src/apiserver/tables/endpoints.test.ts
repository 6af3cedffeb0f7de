import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable } from './index.ts';
import { ago, cells } from './testutil.ts';
import { now } from './testutil.ts';

const epKind = { group: '', kind: 'Endpoints' };
const sliceKind = { group: 'discovery.k8s.io', kind: 'EndpointSlice' };
const ep = (subsets: object[] | undefined) => ({ metadata: { name: 'web', creationTimestamp: ago(45) }, subsets });

test('Endpoints: ip:port per address and port, joined by `,`', () => {
  assert.deepEqual(cells(epKind, ep([{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.0.6' }], ports: [{ port: 8080 }] }])), ['web', '10.244.0.5:8080,10.244.0.6:8080', '45s']);
});

test('Endpoints: <none> with no subsets; bare IPs for a port-less (headless) subset; IPv6 in brackets', () => {
  assert.equal(cells(epKind, ep(undefined))[1], '<none>');
  assert.equal(cells(epKind, ep([]))[1], '<none>');
  assert.equal(cells(epKind, ep([{ addresses: [{ ip: '10.244.0.5' }] }]))[1], '10.244.0.5');
  assert.equal(cells(epKind, ep([{ addresses: [{ ip: 'fd00::5' }], ports: [{ port: 80 }] }]))[1], '[fd00::5]:80');
});

test('Endpoints: the first three, then "+ N more..." (the kube-dns example)', () => {
  const subsets = [{ addresses: [{ ip: '10.1.0.20' }, { ip: '10.1.0.21' }], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] }];
  assert.equal(cells(epKind, ep(subsets))[1], '10.1.0.20:53,10.1.0.21:53,10.1.0.20:53 + 3 more...');
  const many = [{ addresses: [1, 2, 3, 4, 5].map((i) => ({ ip: `10.0.0.${i}` })), ports: [{ port: 80 }] }];
  assert.equal(cells(epKind, ep(many))[1], '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...');
});

test('Endpoints: not-ready addresses are not listed', () => {
  assert.equal(cells(epKind, ep([{ notReadyAddresses: [{ ip: '10.244.0.9' }], ports: [{ port: 80 }] }]))[1], '');
});

test('EndpointSlice columns: NAME ADDRESSTYPE PORTS ENDPOINTS AGE', () => {
  assert.deepEqual(
    buildTable(sliceKind, [], { now }).columnDefinitions.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['AddressType', 0],
      ['Ports', 0],
      ['Endpoints', 0],
      ['Age', 0],
    ],
  );
});

test('EndpointSlice: ports and addresses (ready or not), first three then "+ N more..."', () => {
  const slice = {
    metadata: { name: 'web-abc12', creationTimestamp: ago(130) },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['10.244.0.5'], conditions: { ready: true } },
      { addresses: ['10.244.0.6'], conditions: { ready: false } },
    ],
  };
  assert.deepEqual(cells(sliceKind, slice), ['web-abc12', 'IPv4', '8080', '10.244.0.5,10.244.0.6', '2m10s']);
  const big = { ...slice, ports: [80, 81, 82, 83, 84].map((port) => ({ port })), endpoints: [1, 2, 3, 4].map((i) => ({ addresses: [`10.0.0.${i}`] })) };
  assert.deepEqual(cells(sliceKind, big).slice(2, 4), ['80,81,82 + 2 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...']);
});

test('EndpointSlice: <unset> for no ports or no endpoints; a nil port shows its name or *', () => {
  const empty = { metadata: { name: 's' }, addressType: 'IPv4', endpoints: [] };
  assert.deepEqual(cells(sliceKind, empty).slice(1, 4), ['IPv4', '<unset>', '<unset>']);
  const named = { metadata: { name: 's' }, addressType: 'IPv6', ports: [{ name: 'http' }, {}], endpoints: [{ addresses: ['fd00::5'] }] };
  assert.deepEqual(cells(sliceKind, named).slice(1, 4), ['IPv6', 'http,*', 'fd00::5']);
});
