// ValidateServiceUpdate and ValidateServiceStatusUpdate tables, modelled on upstream's
// TestValidateServiceUpdate / TestValidateServiceStatusUpdate. `old` is a stored Service; `tweak`
// edits a copy of it as a client would before PUT (then defaulting and allocation run again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.ts';
import { validateServiceStatusUpdate, validateServiceUpdate, validatorFor } from './index.ts';
import { allocate, label1123, msgs, portRange, prepared, qnamePart, stored, type Obj } from './service.testkit.ts';
import { defaultObject } from '../defaults/index.ts';

interface Case {
  name: string;
  old?: Obj;
  tweak: (s: Obj) => void;
  /** Applied after defaulting and allocation, for shapes the registry would not produce itself. */
  post?: (s: Obj) => void;
  want: string[];
}

const dual = () => stored({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10'], ipFamilyPolicy: 'PreferDualStack' });
const lbStored = (more: Obj = {}) => stored({ type: 'LoadBalancer', ...more });
const spec = (f: (x: Obj) => void) => (s: Obj) => f(s.spec);
const setIPs = (clusterIPs: string[] | undefined, more: Obj = {}) =>
  spec((x) => {
    if (clusterIPs) Object.assign(x, { clusterIP: clusterIPs[0], clusterIPs });
    else { delete x.clusterIP; delete x.clusterIPs; }
    Object.assign(x, more);
  });

const cases: Case[] = [
  { name: 'no change', tweak: () => {}, want: [] },
  { name: 'selector change', tweak: spec((x) => (x.selector = { app: 'other' })), want: [] },
  { name: 'add a port', tweak: spec((x) => (x.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 81 }])), want: [] },
  { name: 'ClusterIP to NodePort', tweak: spec((x) => (x.type = 'NodePort')), want: [] },
  { name: 'ClusterIP to LoadBalancer', tweak: spec((x) => (x.type = 'LoadBalancer')), want: [] },
  { name: 'ClusterIP to LoadBalancer with a class', tweak: spec((x) => Object.assign(x, { type: 'LoadBalancer', loadBalancerClass: 'example.com/lb' })), want: [] },
  { name: 'NodePort to ClusterIP once the server dropped nodePorts and ETP', old: stored({ type: 'NodePort' }), tweak: spec((x) => { x.type = 'ClusterIP'; delete x.externalTrafficPolicy; delete x.ports[0].nodePort; }), want: [] },
  {
    name: 'NodePort to ClusterIP keeping a nodePort',
    old: stored({ type: 'NodePort' }),
    tweak: spec((x) => { x.type = 'ClusterIP'; delete x.externalTrafficPolicy; }),
    want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  },
  {
    name: 'NodePort to ClusterIP keeping ETP',
    old: stored({ type: 'NodePort' }),
    tweak: spec((x) => { x.type = 'ClusterIP'; delete x.ports[0].nodePort; }),
    want: ['spec.externalTrafficPolicy: Invalid value: "Cluster": may only be set for externally-accessible services'],
  },
  { name: 'ClusterIP to ExternalName', tweak: spec((x) => { x.type = 'ExternalName'; x.externalName = 'db.example.com'; delete x.clusterIP; delete x.clusterIPs; delete x.ipFamilies; delete x.ipFamilyPolicy; }), want: [] },
  {
    name: 'ExternalName to ClusterIP with a new address',
    old: prepared({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', resourceVersion: '7' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } }),
    tweak: spec((x) => { x.type = 'ClusterIP'; x.ports = [{ port: 80 }]; x.clusterIP = '10.96.0.99'; }),
    want: [],
  },
  { name: 'changing clusterIP', tweak: setIPs(['10.96.0.11']), want: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set'] },
  { name: 'changing clusterIP to another family', tweak: setIPs(['fd00::10'], { ipFamilies: ['IPv6'] }), want: [
    'spec.clusterIPs[0]: Invalid value: []string{"fd00::10"}: may not change once set',
    'spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set',
  ] },
  {
    name: 'removing the clusterIP',
    tweak: () => {},
    post: setIPs(undefined),
    want: ['spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset'],
  },
  {
    name: 'emptying clusterIPs',
    tweak: () => {},
    post: spec((x) => { x.clusterIP = ''; x.clusterIPs = []; }),
    want: ['spec.clusterIPs[0]: Invalid value: []string{}: primary clusterIP can not be unset'],
  },
  { name: 'upgrade to dual-stack', tweak: setIPs(['10.96.0.10', 'fd00::10'], { ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' }), want: [] },
  {
    name: 'upgrade that also changes the primary',
    tweak: setIPs(['10.96.0.11', 'fd00::10'], { ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' }),
    want: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11", "fd00::10"}: may not change once set'],
  },
  {
    name: 'upgrade with the families swapped',
    tweak: setIPs(['10.96.0.10', 'fd00::10'], { ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'PreferDualStack' }),
    want: [
      'spec.ipFamilies[0]: Invalid value: []string{"10.96.0.10", "fd00::10"}: may not change once set',
      'spec.clusterIPs[0]: Invalid value: "10.96.0.10": expected an IPv6 value as indicated by `ipFamilies[0]`',
      'spec.clusterIPs[1]: Invalid value: "fd00::10": expected an IPv4 value as indicated by `ipFamilies[1]`',
    ],
  },
  { name: 'downgrade with SingleStack', old: dual(), tweak: setIPs(['10.96.0.10'], { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }), want: [] },
  {
    name: 'downgrade without SingleStack',
    old: dual(),
    tweak: setIPs(['10.96.0.10'], { ipFamilies: ['IPv4'] }),
    want: [
      'spec.ipFamilyPolicy: Invalid value: "PreferDualStack": must be set to \'SingleStack\' when releasing the secondary clusterIP',
      'spec.ipFamilyPolicy: Invalid value: "PreferDualStack": must be set to \'SingleStack\' when releasing the secondary ipFamily',
    ],
  },
  {
    name: 'downgrade keeping the second family only',
    old: dual(),
    tweak: setIPs(['fd00::10'], { ipFamilies: ['IPv6'], ipFamilyPolicy: 'SingleStack' }),
    want: [
      'spec.clusterIPs[0]: Invalid value: []string{"fd00::10"}: may not change once set',
      'spec.ipFamilies[0]: Invalid value: []string{"fd00::10"}: may not change once set',
    ],
  },
  {
    name: 'changing the secondary family in place',
    old: dual(),
    tweak: spec((x) => (x.ipFamilies = ['IPv4', 'IPv4'])),
    want: [
      'spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv4", "IPv4"}: may not change once set',
      'spec.ipFamilies[1]: Duplicate value: "IPv4"',
      'spec.clusterIPs[1]: Invalid value: "fd00::10": expected an IPv4 value as indicated by `ipFamilies[1]`',
    ],
  },
  {
    name: 'changing the secondary clusterIP',
    old: dual(),
    tweak: spec((x) => (x.clusterIPs = ['10.96.0.10', 'fd00::11'])),
    want: ['spec.clusterIPs[1]: Invalid value: []string{"10.96.0.10", "fd00::11"}: may not change once set'],
  },
  { name: 'headless may change families', old: stored({ clusterIP: 'None' }), tweak: spec((x) => (x.ipFamilies = ['IPv6'])), want: [] },
  {
    name: 'headless to a virtual IP directly',
    old: stored({ clusterIP: 'None' }),
    tweak: setIPs(['10.96.0.10']),
    want: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.10"}: may not change once set'],
  },
  {
    name: 'virtual IP to headless directly',
    tweak: setIPs(['None']),
    want: ['spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set'],
  },
  { name: 'loadBalancerClass changed', old: lbStored({ loadBalancerClass: 'a.io/lb' }), tweak: spec((x) => (x.loadBalancerClass = 'b.io/lb')), want: ['spec.loadBalancerClass: Invalid value: "b.io/lb": may not change once set'] },
  { name: 'loadBalancerClass added', old: lbStored(), tweak: spec((x) => (x.loadBalancerClass = 'a.io/lb')), want: ['spec.loadBalancerClass: Invalid value: "a.io/lb": may not change once set'] },
  { name: 'loadBalancerClass removed', old: lbStored({ loadBalancerClass: 'a.io/lb' }), tweak: spec((x) => delete x.loadBalancerClass), want: ['spec.loadBalancerClass: Invalid value: "null": may not change once set'] },
  {
    name: 'loadBalancerClass changed to a bad value is reported by both checks',
    old: lbStored({ loadBalancerClass: 'a.io/lb' }),
    tweak: spec((x) => (x.loadBalancerClass = '-lb')),
    want: ['spec.loadBalancerClass: Invalid value: "-lb": may not change once set', `spec.loadBalancerClass: Invalid value: "-lb": ${qnamePart}`, `spec.loadBalancerClass: Invalid value: "-lb": ${qnamePart}`],
  },
  { name: 'loadBalancerClass may go when leaving LoadBalancer', old: lbStored({ loadBalancerClass: 'a.io/lb' }), tweak: spec((x) => { x.type = 'NodePort'; delete x.loadBalancerClass; delete x.allocateLoadBalancerNodePorts; }), want: [] },
  {
    name: 'healthCheckNodePort changed',
    old: lbStored({ externalTrafficPolicy: 'Local' }),
    tweak: spec((x) => (x.healthCheckNodePort = 30101)),
    want: ['spec.healthCheckNodePort: Forbidden: field is immutable'],
  },
  { name: 'healthCheckNodePort set when switching to Local', old: lbStored(), tweak: spec((x) => Object.assign(x, { externalTrafficPolicy: 'Local', healthCheckNodePort: 30200 })), want: [] },
  { name: 'name changed', tweak: (s) => (s.metadata.name = 'web2'), want: ['metadata.name: Invalid value: "web2": field is immutable'] },
  { name: 'namespace changed', tweak: (s) => (s.metadata.namespace = 'other'), want: ['metadata.namespace: Invalid value: "other": field is immutable'] },
  { name: 'no resourceVersion', tweak: (s) => delete s.metadata.resourceVersion, want: ['metadata.resourceVersion: Invalid value: "": must be specified for an update'] },
  {
    name: 'bad port on update',
    tweak: spec((x) => (x.ports = [{ port: 0 }])),
    want: [`spec.ports[0].port: Invalid value: 0: ${portRange}`, `spec.ports[0].targetPort: Invalid value: 0: ${portRange}`],
  },
  { name: 'bad port name on update', tweak: spec((x) => (x.ports[0].name = 'Web')), want: [`spec.ports[0].name: Invalid value: "Web": ${label1123}`] },
];

test('ValidateServiceUpdate table', async (t) => {
  for (const c of cases) {
    await t.test(c.name, () => {
      const old = c.old ?? stored();
      const next = structuredClone(old);
      c.tweak(next);
      const svc = allocate(defaultObject('', 'v1', 'Service', next));
      c.post?.(svc);
      assert.deepEqual(msgs(validateServiceUpdate(svc, old)), c.want);
    });
  }
});

test('the registry entry validates Service creates and updates', () => {
  const v = validatorFor('', 'Service')!;
  assert.deepEqual(v.create(stored()), []);
  const next = structuredClone(stored());
  next.spec.clusterIP = '10.96.0.11';
  next.spec.clusterIPs = ['10.96.0.11'];
  assert.deepEqual(msgs(v.update(next, stored())), ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
});

test('kubectl de-duplicates the repeated loadBalancerClass message in the 422', () => {
  const old = lbStored({ loadBalancerClass: 'a.io/lb' });
  const next = structuredClone(old);
  next.spec.loadBalancerClass = '-lb';
  const err = ApiError.invalid('', 'Service', 'web', validateServiceUpdate(next, old));
  assert.equal(err.message, `Service "web" is invalid: [spec.loadBalancerClass: Invalid value: "-lb": may not change once set, spec.loadBalancerClass: Invalid value: "-lb": ${qnamePart}]`);
  assert.equal(err.details!.causes!.length, 3);
});

// --- status ---

const lbWithStatus = (ingress: Obj[], more: Obj = {}) => {
  const s = lbStored(more);
  s.status = { loadBalancer: { ingress } };
  return s;
};

interface StatusCase {
  name: string;
  svc: Obj;
  old?: Obj;
  want: string[];
}

const statusCases: StatusCase[] = [
  { name: 'ip with ipMode VIP', svc: lbWithStatus([{ ip: '192.0.2.1', ipMode: 'VIP' }]), want: [] },
  { name: 'ip with ipMode Proxy', svc: lbWithStatus([{ ip: '192.0.2.1', ipMode: 'Proxy' }]), want: [] },
  { name: 'hostname only', svc: lbWithStatus([{ hostname: 'lb.example.com' }]), want: [] },
  { name: 'ip and hostname', svc: lbWithStatus([{ ip: '192.0.2.1', ipMode: 'VIP', hostname: 'lb.example.com' }]), want: [] },
  { name: 'loopback ingress ip (no special-IP rule here)', svc: lbWithStatus([{ ip: '127.240.0.1', ipMode: 'VIP' }]), want: [] },
  { name: 'ip with legacy leading zeros', svc: lbWithStatus([{ ip: '010.1.2.3', ipMode: 'VIP' }]), want: [] },
  { name: 'ingress ports are not validated', svc: lbWithStatus([{ ip: '192.0.2.1', ipMode: 'VIP', ports: [{ port: 0, protocol: 'HTTP' }] }]), want: [] },
  { name: 'empty ingress on ClusterIP', svc: { ...stored(), status: { loadBalancer: { ingress: [] } } }, want: [] },
  { name: 'spec errors are not re-checked', svc: (() => { const s = lbWithStatus([]); s.spec.ports = [{ port: 0 }]; return s; })(), want: [] },
  { name: 'ingress on ClusterIP', svc: { ...stored(), status: { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP' }] } } }, want: ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"] },
  { name: 'ingress on NodePort', svc: { ...stored({ type: 'NodePort' }), status: { loadBalancer: { ingress: [{ hostname: 'x.example.com' }] } } }, want: ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"] },
  { name: 'bad ip', svc: lbWithStatus([{ ip: '192.0.2', ipMode: 'VIP' }]), want: ['status.loadBalancer.ingress[0].ip: Invalid value: "192.0.2": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'] },
  { name: 'ip without ipMode', svc: lbWithStatus([{ ip: '192.0.2.1' }]), want: ['status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set'] },
  { name: 'ipMode without ip', svc: lbWithStatus([{ hostname: 'lb.example.com', ipMode: 'VIP' }]), want: ['status.loadBalancer.ingress[0].ipMode: Forbidden: may not be specified when `ip` is not set'] },
  { name: 'unknown ipMode', svc: lbWithStatus([{ ip: '192.0.2.1', ipMode: 'Direct' }]), want: ['status.loadBalancer.ingress[0].ipMode: Unsupported value: "Direct": supported values: "Proxy", "VIP"'] },
  { name: 'hostname that is an IP', svc: lbWithStatus([{ hostname: '192.0.2.1' }]), want: ['status.loadBalancer.ingress[0].hostname: Invalid value: "192.0.2.1": must be a DNS name, not an IP address'] },
  {
    name: 'hostname that is an IPv6 address',
    svc: lbWithStatus([{ hostname: '2001:db8::1' }]),
    want: [
      `status.loadBalancer.ingress[0].hostname: Invalid value: "2001:db8::1": ${"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"}`,
      'status.loadBalancer.ingress[0].hostname: Invalid value: "2001:db8::1": must be a DNS name, not an IP address',
    ],
  },
  {
    name: 'second ingress bad on three counts',
    svc: lbWithStatus([{ ip: '192.0.2.1', ipMode: 'VIP' }, { ip: 'x', hostname: 'LB' }]),
    want: [
      'status.loadBalancer.ingress[1].ip: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'status.loadBalancer.ingress[1].ipMode: Required value: must be specified when `ip` is set',
      `status.loadBalancer.ingress[1].hostname: Invalid value: "LB": ${"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"}`,
    ],
  },
  { name: 'metadata rules still apply', svc: (() => { const s = lbWithStatus([]); s.metadata.name = 'other'; return s; })(), want: ['metadata.name: Invalid value: "other": field is immutable'] },
];

test('ValidateServiceStatusUpdate table', async (t) => {
  for (const c of statusCases) {
    await t.test(c.name, () => {
      const old = c.old ?? lbStored();
      assert.deepEqual(msgs(validateServiceStatusUpdate(c.svc, old)), c.want);
    });
  }
});

test('defaulting supplies ipMode VIP, so a status written without one passes after decode', () => {
  const s = lbWithStatus([{ ip: '192.0.2.1' }]);
  const defaulted = defaultObject('', 'v1', 'Service', s);
  assert.deepEqual(msgs(validateServiceStatusUpdate(defaulted, lbStored())), []);
});

