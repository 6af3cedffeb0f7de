// ValidateEndpointSlice / ValidateEndpointSliceUpdate, and Portico's pod-CIDR loopback exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultObject } from '../defaults/index.ts';
import { ApiError } from '../errors.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate, validatorFor } from './index.ts';
import { label1123, labelValue, msgs, qnamePart, subdomain1123, type Obj } from './service.testkit.ts';

const loopback = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';

const slice = (more: Obj = {}, meta: Obj = {}): Obj =>
  defaultObject('discovery.k8s.io', 'v1', 'EndpointSlice', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc12', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' }, ...meta },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    ...more,
  });
const ep = (addresses: string[], more: Obj = {}) => ({ endpoints: [{ addresses, ...more }] });
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const ipv4s = (n: number) => range(n, (i) => `10.244.${Math.floor(i / 250)}.${(i % 250) + 1}`);

const cases: [string, Obj, string[]][] = [
  ['controller-made slice', slice(), []],
  ['placeholder: no endpoints, no ports', slice({ endpoints: [], ports: [] }), []],
  ['IPv6', slice({ addressType: 'IPv6', ...ep(['fd00:10:244::5']) }), []],
  ['FQDN with and without a trailing dot', slice({ addressType: 'FQDN', ...ep(['db.example.com', 'example.com.']) }), []],
  ['all conditions, hostname, nodeName, zone, targetRef, hints', slice(ep(['10.244.1.5'], { conditions: { ready: false, serving: true, terminating: true }, hostname: 'web-0', nodeName: 'node-a', zone: 'zone-a', targetRef: { kind: 'Pod', name: 'web-0' }, hints: { forZones: [{ name: 'zone-a' }] } })), []],
  ['unnamed port (defaulted name "")', slice({ ports: [{ port: 80 }] }), []],
  ['port numbers are not range-checked', slice({ ports: [{ name: 'x', port: 0 }] }), []],
  ['appProtocols', slice({ ports: [{ name: 'a', port: 80, appProtocol: 'http' }, { name: 'b', port: 81, appProtocol: 'kubernetes.io/ws' }] }), []],
  ['1000 endpoints', slice({ endpoints: ipv4s(1000).map((a) => ({ addresses: [a] })) }), []],
  ['100 addresses on one endpoint', slice(ep(ipv4s(100))), []],
  ['8 zone hints', slice(ep(['10.244.1.5'], { hints: { forZones: range(8, (i) => ({ name: `z${i}` })) } })), []],
  ['16 deprecated topology labels', slice(ep(['10.244.1.5'], { deprecatedTopology: Object.fromEntries(range(16, (i): [string, string] => [`k${i}`, 'v'])) })), []],
  ['pod-CIDR loopback (Portico exception)', slice(ep(['127.244.0.5', '127.244.2.9'])), []],
  ['service-name label gets only ordinary label checks', slice({}, { labels: { 'kubernetes.io/service-name': 'not-a-real-service' } }), []],
  ['missing addressType', slice({ addressType: '' }), ['addressType: Required value']],
  ['IP addressType (removed in v1)', slice({ addressType: 'IP' }), ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']],
  ['1001 endpoints', slice({ endpoints: ipv4s(1001).map((a) => ({ addresses: [a] })) }), ['endpoints: Too many: 1001: must have at most 1000 items']],
  ['no addresses', slice(ep([])), ['endpoints[0].addresses: Required value: must contain at least 1 address']],
  ['101 addresses', slice(ep(ipv4s(101))), ['endpoints[0].addresses: Too many: 101: must have at most 100 items']],
  ['loopback outside the pod CIDR', slice(ep(['127.0.0.1'])), [`endpoints[0].addresses[0]: Invalid value: "127.0.0.1": ${loopback}`]],
  ['IPv6 loopback', slice({ addressType: 'IPv6', ...ep(['::1']) }), [`endpoints[0].addresses[0]: Invalid value: "::1": ${loopback}`]],
  ['unspecified', slice(ep(['0.0.0.0'])), ['endpoints[0].addresses[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)']],
  ['link-local IPv6', slice({ addressType: 'IPv6', ...ep(['fe80::9656:d028:8652:66b6']) }), ['endpoints[0].addresses[0]: Invalid value: "fe80::9656:d028:8652:66b6": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
  ['link-local multicast', slice(ep(['224.0.0.18'])), ['endpoints[0].addresses[0]: Invalid value: "224.0.0.18": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)']],
  [
    'malformed IPv4 is reported twice (1.32)',
    slice(ep(['123.456.789.012'])),
    ['endpoints[0].addresses[0]: Invalid value: "123.456.789.012": must be a valid IPv4 address', 'endpoints[0].addresses[0]: Invalid value: "123.456.789.012": must be a valid IP address'],
  ],
  ['IPv6 address in an IPv4 slice', slice(ep(['2001:db8::1'])), ['endpoints[0].addresses[0]: Invalid value: "2001:db8::1": must be a valid IPv4 address']],
  ['IPv4 address in an IPv6 slice', slice({ addressType: 'IPv6', ...ep(['10.244.1.5']) }), ['endpoints[0].addresses[0]: Invalid value: "10.244.1.5": must be a valid IPv6 address']],
  ['pod-CIDR loopback in an IPv6 slice is still the wrong family', slice({ addressType: 'IPv6', ...ep(['127.244.0.5']) }), ['endpoints[0].addresses[0]: Invalid value: "127.244.0.5": must be a valid IPv6 address']],
  ['FQDN with capitals', slice({ addressType: 'FQDN', ...ep(['DB.example.com']) }), [`endpoints[0].addresses[0]: Invalid value: "DB.example.com": ${subdomain1123}`]],
  ['FQDN with one label', slice({ addressType: 'FQDN', ...ep(['db']) }), ['endpoints[0].addresses[0]: Invalid value: "db": should be a domain with at least two segments separated by dots']],
  ['FQDN with a 64-character label', slice({ addressType: 'FQDN', ...ep([`${'a'.repeat(64)}.com`]) }), [`endpoints[0].addresses[0]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`]],
  ['FQDN empty', slice({ addressType: 'FQDN', ...ep(['']) }), ['endpoints[0].addresses[0]: Required value']],
  ['bad nodeName', slice(ep(['10.244.1.5'], { nodeName: 'Node_A' })), [`endpoints[0].nodeName: Invalid value: "Node_A": ${subdomain1123}`]],
  ['bad hostname', slice(ep(['10.244.1.5'], { hostname: '--INVALID' })), [`endpoints[0].hostname: Invalid value: "--INVALID": ${label1123}`]],
  ['bad deprecatedTopology key', slice(ep(['10.244.1.5'], { deprecatedTopology: { '--INVALID': 'example' } })), [`endpoints[0].deprecatedTopology: Invalid value: "--INVALID": ${qnamePart}`]],
  ['17 deprecatedTopology labels', slice(ep(['10.244.1.5'], { deprecatedTopology: Object.fromEntries(range(17, (i): [string, string] => [`k${i}`, 'v'])) })), ['endpoints[0].deprecatedTopology: Too many: 17: must have at most 16 items']],
  ['zone key in deprecatedTopology', slice(ep(['10.244.1.5'], { deprecatedTopology: { 'topology.kubernetes.io/zone': 'a' } })), ['endpoints[0].deprecatedTopology[topology.kubernetes.io/zone]: Internal error: reserved key was not removed in conversion']],
  ['9 zone hints', slice(ep(['10.244.1.5'], { hints: { forZones: range(9, (i) => ({ name: `z${i}` })) } })), ['endpoints[0].hints.forZones: Too many: 9: must have at most 8 items']],
  [
    'duplicate and bad zone hints',
    slice(ep(['10.244.1.5'], { hints: { forZones: [{ name: 'a' }, { name: 'a' }, { name: 'b c' }] } })),
    ['endpoints[0].hints.forZones[1].name: Duplicate value: "a"', `endpoints[0].hints.forZones[2].name: Invalid value: "b c": ${labelValue}`],
  ],
  ['two unnamed ports', slice({ ports: [{ port: 80 }, { port: 81 }] }), ['ports[1].name: Duplicate value: ""']],
  ['duplicate port names', slice({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }), ['ports[1].name: Duplicate value: "a"']],
  ['bad port name', slice({ ports: [{ name: 'aCapital', port: 80 }] }), [`ports[0].name: Invalid value: "aCapital": ${label1123}`]],
  ['port name of 64 characters', slice({ ports: [{ name: 'a'.repeat(64), port: 80 }] }), [`ports[0].name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`]],
  ['bad protocol', slice({ ports: [{ name: 'a', port: 80, protocol: 'foo' }] }), ['ports[0].protocol: Unsupported value: "foo": supported values: "SCTP", "TCP", "UDP"']],
  ['bad appProtocol', slice({ ports: [{ name: 'a', port: 80, appProtocol: '--' }] }), [`ports[0].appProtocol: Invalid value: "--": ${qnamePart}`]],
  ['bad service-name label value', slice({}, { labels: { 'kubernetes.io/service-name': 'a b' } }), [`metadata.labels: Invalid value: "a b": ${labelValue}`]],
  ['bad name', slice({}, { name: '*&^' }), [`metadata.name: Invalid value: "*&^": ${subdomain1123}`]],
];

test('ValidateEndpointSlice table', async (t) => {
  for (const [name, s, want] of cases) await t.test(name, () => assert.deepEqual(msgs(validateEndpointSlice(s)), want));
});

test('20000 ports is the limit', () => {
  const ports = (n: number) => range(n, (i) => ({ name: `p${i}`, port: 1, protocol: 'TCP' }));
  assert.deepEqual(msgs(validateEndpointSlice(slice({ ports: ports(20000) }))), []);
  assert.deepEqual(msgs(validateEndpointSlice(slice({ ports: ports(20001) }))), ['ports: Too many: 20001: must have at most 20000 items']);
});

test('pod-CIDR exception: per call, and only for loopback', () => {
  const s = slice(ep(['127.9.0.1']));
  assert.deepEqual(msgs(validateEndpointSlice(s)), [`endpoints[0].addresses[0]: Invalid value: "127.9.0.1": ${loopback}`]);
  assert.deepEqual(msgs(validateEndpointSlice(s, { podCIDRs: ['127.9.0.0/16'] })), []);
  assert.deepEqual(msgs(validateEndpointSlice(slice(ep(['127.244.0.5'])), { podCIDRs: [] })), [`endpoints[0].addresses[0]: Invalid value: "127.244.0.5": ${loopback}`]);
});

test('ValidateEndpointSliceUpdate: addressType is immutable', () => {
  const old = slice({}, { resourceVersion: '4' });
  assert.deepEqual(msgs(validateEndpointSliceUpdate(slice(ep(['10.244.1.6']), { resourceVersion: '4' }), old)), []);
  const changed = slice({ addressType: 'IPv6', ...ep(['fd00::5']) }, { resourceVersion: '4' });
  assert.deepEqual(msgs(validateEndpointSliceUpdate(changed, old)), ['addressType: Invalid value: "IPv6": field is immutable']);
  const renamed = slice({}, { resourceVersion: '4', name: 'other' });
  assert.deepEqual(msgs(validatorFor('discovery.k8s.io', 'EndpointSlice')!.update(renamed, old)), ['metadata.name: Invalid value: "other": field is immutable']);
});

test('the 422 names the group', () => {
  const errs = validateEndpointSlice(slice(ep(['127.0.0.1'])));
  assert.equal(ApiError.invalid('discovery.k8s.io', 'EndpointSlice', 'web-abc12', errs).message, `EndpointSlice.discovery.k8s.io "web-abc12" is invalid: endpoints[0].addresses[0]: Invalid value: "127.0.0.1": ${loopback}`);
});
