// ValidateEndpoints / ValidateEndpointsUpdate, and Portico's pod-CIDR loopback exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultObject } from '../defaults/index.ts';
import { ApiError } from '../errors.ts';
import { podNetworkCIDRs, setPodNetworkCIDRs, validateEndpoints, validateEndpointsUpdate, validatorFor } from './index.ts';
import { label1123, msgs, portRange, qnamePart, subdomain1123, type Obj } from './service.testkit.ts';

const loopback = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
const badIP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

const endpoints = (subsets: Obj[], meta: Obj = {}): Obj =>
  defaultObject('', 'v1', 'Endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', ...meta }, subsets });
const subset = (addresses: Obj[], ports: Obj[] = [{ port: 8080 }], notReadyAddresses?: Obj[]) => ({ addresses, ports, ...(notReadyAddresses ? { notReadyAddresses } : {}) });
const addr = (ip: string, more: Obj = {}) => ({ ip, ...more });

const cases: [string, Obj, string[]][] = [
  ['one ready address', endpoints([subset([addr('10.244.1.5')])]), []],
  ['no subsets', endpoints([]), []],
  ['not-ready only', endpoints([subset([], [{ port: 80 }], [addr('10.244.1.6')])]), []],
  ['headless: no ports', endpoints([subset([addr('10.244.1.5')], [])]), []],
  ['hostname, nodeName and targetRef', endpoints([subset([addr('10.244.1.5', { hostname: 'web-0', nodeName: 'node-a', targetRef: { kind: 'Pod', name: 'web-0', namespace: 'default' } })])]), []],
  ['IPv6 address', endpoints([subset([addr('fd00:10:244::5')])]), []],
  ['legacy leading zeros', endpoints([subset([addr('010.244.001.005')])]), []],
  ['two named ports incl. UDP and appProtocol', endpoints([subset([addr('10.244.1.5')], [{ name: 'http', port: 80, appProtocol: 'kubernetes.io/h2c' }, { name: 'dns', port: 53, protocol: 'UDP' }])]), []],
  ['pod-CIDR loopback (Portico exception)', endpoints([subset([addr('127.244.0.5')], [{ port: 80 }], [addr('127.244.1.9')])]), []],
  ['IPv4-mapped pod-CIDR loopback', endpoints([subset([addr('::ffff:127.244.0.5')])]), []],
  ['subset with nothing', endpoints([{ ports: [{ port: 80 }] }]), ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`']],
  ['127.0.0.1 is still loopback', endpoints([subset([addr('127.0.0.1')])]), [`subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": ${loopback}`]],
  ['::1 is still loopback', endpoints([subset([addr('::1')])]), [`subsets[0].addresses[0].ip: Invalid value: "::1": ${loopback}`]],
  ['loopback just outside the pod CIDR', endpoints([subset([addr('127.245.0.1')])]), [`subsets[0].addresses[0].ip: Invalid value: "127.245.0.1": ${loopback}`]],
  ['unspecified', endpoints([subset([addr('0.0.0.0')])]), ['subsets[0].addresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)']],
  ['link-local', endpoints([subset([addr('169.254.1.1')])]), ['subsets[0].addresses[0].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
  ['link-local multicast in notReadyAddresses', endpoints([subset([], [{ port: 80 }], [addr('224.0.0.5')])]), ['subsets[0].notReadyAddresses[0].ip: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)']],
  [
    'malformed IP is reported twice, in two wordings, around the other address errors',
    endpoints([subset([addr('10.244.1', { hostname: 'Web', nodeName: 'Node_A' })])]),
    [
      `subsets[0].addresses[0].ip: Invalid value: "10.244.1": ${badIP}`,
      `subsets[0].addresses[0].hostname: Invalid value: "Web": ${label1123}`,
      `subsets[0].addresses[0].nodeName: Invalid value: "Node_A": ${subdomain1123}`,
      'subsets[0].addresses[0].ip: Invalid value: "10.244.1": must be a valid IP address',
    ],
  ],
  ['empty ip', endpoints([subset([addr('')])]), [`subsets[0].addresses[0].ip: Invalid value: "": ${badIP}`, 'subsets[0].addresses[0].ip: Invalid value: "": must be a valid IP address']],
  ['empty nodeName is checked (pointer set)', endpoints([subset([addr('10.244.1.5', { nodeName: '' })])]), [`subsets[0].addresses[0].nodeName: Invalid value: "": ${subdomain1123}`]],
  ['second of two ports unnamed', endpoints([subset([addr('10.244.1.5')], [{ name: 'a', port: 80 }, { port: 81 }])]), ['subsets[0].ports[1].name: Required value']],
  ['duplicate port names are allowed in Endpoints', endpoints([subset([addr('10.244.1.5')], [{ name: 'a', port: 80 }, { name: 'a', port: 81 }])]), []],
  ['bad port name', endpoints([subset([addr('10.244.1.5')], [{ name: 'HTTP', port: 80 }])]), [`subsets[0].ports[0].name: Invalid value: "HTTP": ${label1123}`]],
  ['port 0', endpoints([subset([addr('10.244.1.5')], [{ port: 0 }])]), [`subsets[0].ports[0].port: Invalid value: 0: ${portRange}`]],
  ['port 65536', endpoints([subset([addr('10.244.1.5')], [{ port: 65536 }])]), [`subsets[0].ports[0].port: Invalid value: 65536: ${portRange}`]],
  ['bad protocol', endpoints([subset([addr('10.244.1.5')], [{ port: 80, protocol: 'ICMP' }])]), ['subsets[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"']],
  ['bad appProtocol', endpoints([subset([addr('10.244.1.5')], [{ port: 80, appProtocol: 'h2c!' }])]), [`subsets[0].ports[0].appProtocol: Invalid value: "h2c!": ${qnamePart}`]],
  ['bad name', endpoints([subset([addr('10.244.1.5')])], { name: 'Web' }), [`metadata.name: Invalid value: "Web": ${subdomain1123}`]],
  ['dotted name is fine (subdomain)', endpoints([subset([addr('10.244.1.5')])], { name: 'web.v1' }), []],
];

test('ValidateEndpoints table', async (t) => {
  for (const [name, ep, want] of cases) await t.test(name, () => assert.deepEqual(msgs(validateEndpoints(ep)), want));
});

test('the pod CIDR is configurable, per call or for the process', () => {
  const ep = endpoints([subset([addr('127.1.0.5')])]);
  const rejected = [`subsets[0].addresses[0].ip: Invalid value: "127.1.0.5": ${loopback}`];
  assert.deepEqual(msgs(validateEndpoints(ep)), rejected);
  assert.deepEqual(msgs(validateEndpoints(ep, { podCIDRs: ['127.1.0.0/16'] })), []);
  assert.deepEqual(podNetworkCIDRs(), ['127.244.0.0/16']);
  try {
    setPodNetworkCIDRs(['127.1.0.0/24']);
    assert.deepEqual(msgs(validateEndpoints(ep)), []);
    assert.deepEqual(msgs(validatorFor('', 'Endpoints')!.create(ep)), []);
    setPodNetworkCIDRs([]);
    assert.deepEqual(msgs(validateEndpoints(endpoints([subset([addr('127.244.0.5')])]))), [`subsets[0].addresses[0].ip: Invalid value: "127.244.0.5": ${loopback}`]);
  } finally {
    setPodNetworkCIDRs(['127.244.0.0/16']);
  }
  assert.throws(() => setPodNetworkCIDRs(['127.244.0.0']), /invalid pod network CIDR/);
});

test('the exception covers only the loopback rule', () => {
  // A pod-CIDR that (mis)covers link-local space does not make link-local addresses acceptable.
  const ep = endpoints([subset([addr('169.254.0.5')])]);
  assert.deepEqual(msgs(validateEndpoints(ep, { podCIDRs: ['169.254.0.0/16'] })), ['subsets[0].addresses[0].ip: Invalid value: "169.254.0.5": may not be in the link-local range (169.254.0.0/16, fe80::/10)']);
});

test('ValidateEndpointsUpdate: metadata rules first, nodeName may change', () => {
  const old = endpoints([subset([addr('10.244.1.5', { nodeName: 'a' })])], { resourceVersion: '3' });
  const moved = endpoints([subset([addr('10.244.1.5', { nodeName: 'b' })])], { resourceVersion: '3' });
  assert.deepEqual(msgs(validateEndpointsUpdate(moved, old)), []);
  const renamed = endpoints([subset([addr('127.0.0.1')])], { name: 'other', resourceVersion: '3' });
  assert.deepEqual(msgs(validateEndpointsUpdate(renamed, old)), ['metadata.name: Invalid value: "other": field is immutable', `subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": ${loopback}`]);
  assert.deepEqual(msgs(validatorFor('', 'Endpoints')!.update(renamed, old)), msgs(validateEndpointsUpdate(renamed, old)));
});

test('the 422 for a loopback endpoint', () => {
  const errs = validateEndpoints(endpoints([subset([addr('127.0.0.1')])]));
  assert.equal(ApiError.invalid('', 'Endpoints', 'web', errs).message, `Endpoints "web" is invalid: subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": ${loopback}`);
});
