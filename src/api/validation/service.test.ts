// ValidateService (create) table, modelled on upstream's TestValidateServiceCreate: each case is
// what a user sends, tweaked before defaulting (`tweak`) or, for states only the server can
// produce, after defaulting and allocation (`post`). Every case asserts the full message list
// in order, since kubectl prints the causes in that order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.ts';
import { validateService } from './index.ts';
import {
  badCIDR, badIP, label1035, label1123, labelValue, lbOnly, msgs, portRange, prepared, qnamePart, subdomain1123, userService, type Obj,
} from './service.testkit.ts';

interface Case {
  name: string;
  tweak?: (s: Obj) => void;
  post?: (s: Obj) => void;
  want: string[];
}

const spec = (f: (spec: Obj) => void) => (s: Obj) => f(s.spec);
const nodePort = spec((x) => (x.type = 'NodePort'));
const lb = (more: Obj = {}) => spec((x) => Object.assign(x, { type: 'LoadBalancer' }, more));
const twoPorts = (a: Obj, b: Obj) => spec((x) => (x.ports = [a, b]));
const dupKey = (proto: string, port: number) =>
  `core.ServicePort{Name:"", Protocol:"${proto}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
const svcPortName = (p: string) => spec((x) => (x.ports = [{ port: 80, targetPort: p }]));
const extIP = (...ips: string[]) => spec((x) => (x.externalIPs = ips));
const externalName = (name: string | undefined, more: Obj = {}) =>
  spec((x) => { Object.assign(x, { type: 'ExternalName', externalName: name, ...more }); delete x.selector; });

const valid: Case[] = [
  { name: 'minimal ClusterIP', want: [] },
  { name: 'NodePort', tweak: nodePort, want: [] },
  { name: 'LoadBalancer', tweak: lb(), want: [] },
  { name: 'LoadBalancer ETP Local gets a health-check port', tweak: lb({ externalTrafficPolicy: 'Local' }), want: [] },
  { name: 'NodePort ETP Local', tweak: spec((x) => Object.assign(x, { type: 'NodePort', externalTrafficPolicy: 'Local' })), want: [] },
  { name: 'headless with ports', tweak: spec((x) => (x.clusterIP = 'None')), want: [] },
  { name: 'headless without ports', tweak: spec((x) => { x.clusterIP = 'None'; x.ports = []; }), want: [] },
  { name: 'headless selectorless is RequireDualStack', tweak: spec((x) => { x.clusterIP = 'None'; delete x.selector; }), want: [] },
  { name: 'headless with a targetPort that differs from port (tolerated)', tweak: spec((x) => { x.clusterIP = 'None'; x.ports = [{ port: 80, targetPort: 'web' }]; }), want: [] },
  { name: 'ExternalName', tweak: externalName('db.example.com'), want: [] },
  { name: 'ExternalName with one trailing dot', tweak: externalName('db.example.com.'), want: [] },
  { name: 'ExternalName single label', tweak: externalName('db'), want: [] },
  { name: 'ExternalName that looks like an IP', tweak: externalName('1.2.3.4'), want: [] },
  { name: 'ExternalName with ports (still validated, fine)', tweak: externalName('db.example.com', { ports: [{ port: 5432 }] }), want: [] },
  { name: 'ExternalName with a nodePort (no rule upstream)', tweak: externalName('db.example.com', { ports: [{ port: 5432, nodePort: 30432 }] }), want: [] },
  { name: 'ExternalName with externalIPs', tweak: externalName('db.example.com', { externalIPs: ['1.2.3.4'] }), want: [] },
  { name: 'two named ports', tweak: twoPorts({ name: 'http', port: 80 }, { name: 'https', port: 443 }), want: [] },
  { name: 'same port on TCP and UDP', tweak: twoPorts({ name: 'dns', port: 53 }, { name: 'dns-udp', port: 53, protocol: 'UDP' }), want: [] },
  { name: 'SCTP', tweak: spec((x) => (x.ports[0].protocol = 'SCTP')), want: [] },
  { name: 'named targetPort', tweak: svcPortName('http'), want: [] },
  { name: 'named targetPort of 15 characters', tweak: svcPortName('abcdefghijklmno'), want: [] },
  { name: 'targetPort 65535', tweak: spec((x) => (x.ports[0].targetPort = 65535)), want: [] },
  { name: 'targetPort 0 is defaulted to port', tweak: spec((x) => (x.ports[0].targetPort = 0)), want: [] },
  { name: 'targetPort "" is defaulted to port', tweak: spec((x) => (x.ports[0].targetPort = '')), want: [] },
  { name: 'port 65535', tweak: spec((x) => (x.ports = [{ port: 65535 }])), want: [] },
  { name: 'port name of 63 characters', tweak: spec((x) => (x.ports[0].name = 'a'.repeat(63))), want: [] },
  { name: 'appProtocol plain', tweak: spec((x) => (x.ports[0].appProtocol = 'http')), want: [] },
  { name: 'appProtocol prefixed', tweak: spec((x) => (x.ports[0].appProtocol = 'kubernetes.io/h2c')), want: [] },
  { name: 'appProtocol with capitals', tweak: spec((x) => (x.ports[0].appProtocol = 'HTTP')), want: [] },
  { name: 'ClientIP affinity gets the default timeout', tweak: spec((x) => (x.sessionAffinity = 'ClientIP')), want: [] },
  { name: 'ClientIP timeout 86400 (accepted despite the message)', tweak: spec((x) => Object.assign(x, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } } })), want: [] },
  { name: 'ClientIP timeout 1', tweak: spec((x) => Object.assign(x, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 1 } } })), want: [] },
  { name: 'None affinity with a config (defaulting clears it)', tweak: spec((x) => (x.sessionAffinityConfig = { clientIP: { timeoutSeconds: 5 } })), want: [] },
  { name: 'externalIPs on ClusterIP (ETP defaulted)', tweak: extIP('192.0.2.10'), want: [] },
  { name: 'externalIPs IPv6', tweak: extIP('2001:db8::10'), want: [] },
  { name: 'externalIP with legacy leading zeros', tweak: extIP('010.001.002.003'), want: [] },
  { name: 'externalIP IPv4-mapped IPv6', tweak: extIP('::ffff:192.0.2.1'), want: [] },
  { name: 'externalIP in multicast but not link-local multicast', tweak: extIP('224.0.1.1'), want: [] },
  { name: 'externalIPs with ETP Local', tweak: spec((x) => Object.assign(x, { externalIPs: ['192.0.2.10'], externalTrafficPolicy: 'Local' })), want: [] },
  { name: 'LB source ranges, one space-padded', tweak: lb({ loadBalancerSourceRanges: ['10.0.0.0/8', ' 192.168.0.0/16 '] }), want: [] },
  { name: 'LB source range with host bits set (1.32 accepts)', tweak: lb({ loadBalancerSourceRanges: ['10.0.0.1/8'] }), want: [] },
  { name: 'LB source range with leading zeros', tweak: lb({ loadBalancerSourceRanges: ['010.000.000.000/08'] }), want: [] },
  { name: 'LB source range IPv6', tweak: lb({ loadBalancerSourceRanges: ['2001:db8::/32'] }), want: [] },
  { name: 'LB source-ranges annotation', tweak: (s) => { lb()(s); s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': ' 10.0.0.0/8, 192.168.0.0/16 ' }; }, want: [] },
  { name: 'blank source-ranges annotation on LB', tweak: (s) => { lb()(s); s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '' }; }, want: [] },
  { name: 'bad annotation ignored when the field is set', tweak: (s) => { lb({ loadBalancerSourceRanges: ['10.0.0.0/8'] })(s); s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': 'junk' }; }, want: [] },
  { name: 'loadBalancerClass', tweak: lb({ loadBalancerClass: 'example.com/internal' }), want: [] },
  { name: 'allocateLoadBalancerNodePorts false', tweak: lb({ allocateLoadBalancerNodePorts: false }), want: [] },
  { name: 'LB without node ports but one requested', tweak: lb({ allocateLoadBalancerNodePorts: false, ports: [{ port: 80, nodePort: 30080 }] }), want: [] },
  { name: 'internalTrafficPolicy Local', tweak: spec((x) => (x.internalTrafficPolicy = 'Local')), want: [] },
  { name: 'trafficDistribution PreferClose', tweak: spec((x) => (x.trafficDistribution = 'PreferClose')), want: [] },
  { name: 'publishNotReadyAddresses', tweak: spec((x) => (x.publishNotReadyAddresses = true)), want: [] },
  { name: 'dual-stack PreferDualStack', tweak: spec((x) => Object.assign(x, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10'], ipFamilyPolicy: 'PreferDualStack' })), want: [] },
  { name: 'dual-stack IPv6 first', tweak: spec((x) => Object.assign(x, { clusterIP: 'fd00::10', clusterIPs: ['fd00::10', '10.96.0.10'], ipFamilyPolicy: 'RequireDualStack' })), want: [] },
  { name: 'IPv6 single stack', tweak: spec((x) => (x.clusterIP = 'fd00::10')), want: [] },
  { name: 'clusterIP with legacy leading zeros', tweak: spec((x) => (x.clusterIP = '010.096.000.010')), want: [] },
  { name: 'name of 63 characters', tweak: (s) => (s.metadata.name = 'a'.repeat(63)), want: [] },
  { name: 'selectorless ClusterIP', tweak: spec((x) => delete x.selector), want: [] },
  { name: 'same nodePort on TCP and UDP', tweak: (s) => { nodePort(s); twoPorts({ name: 'a', port: 53, nodePort: 30053 }, { name: 'b', port: 53, protocol: 'UDP', nodePort: 30053 })(s); }, want: [] },
  { name: 'topology annotations that agree', tweak: (s) => (s.metadata.annotations = { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'Auto' }), want: [] },
  { name: 'ExternalName without internalTrafficPolicy', tweak: externalName('db.example.com'), post: spec((x) => delete x.internalTrafficPolicy), want: [] },
];

const metadata: Case[] = [
  { name: 'missing name', tweak: (s) => delete s.metadata.name, want: ['metadata.name: Required value: name or generateName is required'] },
  { name: 'capitals in name', tweak: (s) => (s.metadata.name = 'My-Svc'), want: [`metadata.name: Invalid value: "My-Svc": ${label1035}`] },
  { name: 'name starts with a digit (DNS-1035)', tweak: (s) => (s.metadata.name = '1web'), want: [`metadata.name: Invalid value: "1web": ${label1035}`] },
  { name: 'name with a dot', tweak: (s) => (s.metadata.name = 'web.v1'), want: [`metadata.name: Invalid value: "web.v1": ${label1035}`] },
  { name: 'name of 64 characters', tweak: (s) => (s.metadata.name = 'a'.repeat(64)), want: [`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`] },
  { name: 'generateName alone (before the registry generates the name)', tweak: (s) => { delete s.metadata.name; s.metadata.generateName = 'web-'; }, want: ['metadata.name: Required value: name or generateName is required'] },
  { name: 'missing namespace', tweak: (s) => delete s.metadata.namespace, want: ['metadata.namespace: Required value'] },
  { name: 'bad label value', tweak: (s) => (s.metadata.labels = { app: 'a b' }), want: [`metadata.labels: Invalid value: "a b": ${labelValue}`] },
  {
    name: 'topology annotations that disagree',
    tweak: (s) => (s.metadata.annotations = { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'Disabled' }),
    want: ['metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified'],
  },
];

const ports: Case[] = [
  { name: 'no ports', tweak: spec((x) => (x.ports = [])), want: ['spec.ports: Required value'] },
  { name: 'ports absent', tweak: spec((x) => delete x.ports), want: ['spec.ports: Required value'] },
  { name: 'no ports on NodePort', tweak: spec((x) => { x.type = 'NodePort'; x.ports = []; }), want: ['spec.ports: Required value'] },
  {
    name: 'port 0 gives two errors (targetPort defaulted from it)',
    tweak: spec((x) => (x.ports = [{ port: 0 }])),
    want: [`spec.ports[0].port: Invalid value: 0: ${portRange}`, `spec.ports[0].targetPort: Invalid value: 0: ${portRange}`],
  },
  { name: 'port missing', tweak: spec((x) => (x.ports = [{ protocol: 'TCP' }])), want: [`spec.ports[0].port: Invalid value: 0: ${portRange}`, `spec.ports[0].targetPort: Invalid value: 0: ${portRange}`] },
  { name: 'port 65536', tweak: spec((x) => (x.ports = [{ port: 65536 }])), want: [`spec.ports[0].port: Invalid value: 65536: ${portRange}`, `spec.ports[0].targetPort: Invalid value: 65536: ${portRange}`] },
  { name: 'negative port, explicit targetPort', tweak: spec((x) => (x.ports = [{ port: -1, targetPort: 80 }])), want: [`spec.ports[0].port: Invalid value: -1: ${portRange}`] },
  { name: 'targetPort 70000', tweak: spec((x) => (x.ports[0].targetPort = 70000)), want: [`spec.ports[0].targetPort: Invalid value: 70000: ${portRange}`] },
  { name: 'targetPort -8080', tweak: spec((x) => (x.ports[0].targetPort = -8080)), want: [`spec.ports[0].targetPort: Invalid value: -8080: ${portRange}`] },
  { name: 'named targetPort too long', tweak: svcPortName('abcdefghijklmnop'), want: ['spec.ports[0].targetPort: Invalid value: "abcdefghijklmnop": must be no more than 15 characters'] },
  { name: 'named targetPort with underscore', tweak: svcPortName('http_x'), want: ['spec.ports[0].targetPort: Invalid value: "http_x": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'] },
  { name: 'named targetPort all digits (a JSON string)', tweak: svcPortName('8080'), want: ['spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)'] },
  { name: 'named targetPort with --', tweak: svcPortName('a--b'), want: ['spec.ports[0].targetPort: Invalid value: "a--b": must not contain consecutive hyphens'] },
  { name: 'named targetPort starting with -', tweak: svcPortName('-ab'), want: ['spec.ports[0].targetPort: Invalid value: "-ab": must not begin or end with a hyphen'] },
  {
    name: 'named targetPort in capitals fails two rules',
    tweak: svcPortName('HTTP'),
    want: ['spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)'],
  },
  {
    name: 'named targetPort "--"',
    tweak: svcPortName('--'),
    want: [
      'spec.ports[0].targetPort: Invalid value: "--": must contain at least one letter (a-z)',
      'spec.ports[0].targetPort: Invalid value: "--": must not contain consecutive hyphens',
      'spec.ports[0].targetPort: Invalid value: "--": must not begin or end with a hyphen',
    ],
  },
  { name: 'second of two ports unnamed', tweak: twoPorts({ name: 'http', port: 80 }, { port: 443 }), want: ['spec.ports[1].name: Required value'] },
  { name: 'both of two ports unnamed', tweak: twoPorts({ port: 80 }, { port: 443 }), want: ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'] },
  { name: 'duplicate port names', tweak: twoPorts({ name: 'http', port: 80 }, { name: 'http', port: 8080 }), want: ['spec.ports[1].name: Duplicate value: "http"'] },
  { name: 'port name in capitals', tweak: spec((x) => (x.ports[0].name = 'HTTP')), want: [`spec.ports[0].name: Invalid value: "HTTP": ${label1123}`] },
  { name: 'port name with a dot', tweak: spec((x) => (x.ports[0].name = 'a.b')), want: ['spec.ports[0].name: Invalid value: "a.b": must not contain dots'] },
  { name: 'port name of 64 characters', tweak: spec((x) => (x.ports[0].name = 'a'.repeat(64))), want: [`spec.ports[0].name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`] },
  { name: 'port name starting with -', tweak: spec((x) => (x.ports[0].name = '-http')), want: [`spec.ports[0].name: Invalid value: "-http": ${label1123}`] },
  {
    name: 'bad duplicate name reports the format and the duplicate',
    tweak: twoPorts({ name: 'Web', port: 80 }, { name: 'Web', port: 81 }),
    want: [`spec.ports[0].name: Invalid value: "Web": ${label1123}`, `spec.ports[1].name: Invalid value: "Web": ${label1123}`, 'spec.ports[1].name: Duplicate value: "Web"'],
  },
  { name: 'protocol HTTP', tweak: spec((x) => (x.ports[0].protocol = 'HTTP')), want: ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'] },
  { name: 'protocol in lower case', tweak: spec((x) => (x.ports[0].protocol = 'udp')), want: ['spec.ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"'] },
  { name: 'protocol emptied after defaulting', post: spec((x) => (x.ports[0].protocol = '')), want: ['spec.ports[0].protocol: Required value'] },
  { name: 'duplicate port and protocol', tweak: twoPorts({ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 81 }), want: [`spec.ports[1]: Duplicate value: ${dupKey('TCP', 80)}`] },
  {
    name: 'three ports, the third repeats the first',
    tweak: spec((x) => (x.ports = [{ name: 'a', port: 53, protocol: 'UDP' }, { name: 'b', port: 53 }, { name: 'c', port: 53, protocol: 'UDP' }])),
    want: [`spec.ports[2]: Duplicate value: ${dupKey('UDP', 53)}`],
  },
  { name: 'appProtocol starting with -', tweak: spec((x) => (x.ports[0].appProtocol = '-bad')), want: [`spec.ports[0].appProtocol: Invalid value: "-bad": ${qnamePart}`] },
  {
    name: 'appProtocol with two slashes',
    tweak: spec((x) => (x.ports[0].appProtocol = 'a/b/c')),
    want: ["spec.ports[0].appProtocol: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
  },
  { name: 'appProtocol with a capitalised prefix', tweak: spec((x) => (x.ports[0].appProtocol = 'Example.com/x')), want: [`spec.ports[0].appProtocol: Invalid value: "Example.com/x": prefix part ${subdomain1123}`] },
  { name: 'appProtocol empty', tweak: spec((x) => (x.ports[0].appProtocol = '')), want: ['spec.ports[0].appProtocol: Invalid value: "": name part must be non-empty', `spec.ports[0].appProtocol: Invalid value: "": ${qnamePart}`] },
  { name: 'appProtocol with an empty prefix', tweak: spec((x) => (x.ports[0].appProtocol = '/h2c')), want: ['spec.ports[0].appProtocol: Invalid value: "/h2c": prefix part must be non-empty'] },
  { name: 'nodePort on ClusterIP', tweak: spec((x) => (x.ports[0].nodePort = 30080)), want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"] },
  {
    name: 'nodePorts on both ports of a ClusterIP',
    tweak: twoPorts({ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }),
    want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'", "spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'", 'spec.ports[1].nodePort: Duplicate value: 30080'],
  },
  { name: 'duplicate nodePort on NodePort', tweak: (s) => { nodePort(s); twoPorts({ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 })(s); }, want: ['spec.ports[1].nodePort: Duplicate value: 30080'] },
  {
    name: 'duplicate port and nodePort together',
    tweak: (s) => { nodePort(s); twoPorts({ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 80, nodePort: 30080 })(s); },
    want: ['spec.ports[1].nodePort: Duplicate value: 30080', `spec.ports[1]: Duplicate value: ${dupKey('TCP', 80)}`],
  },
];

const types: Case[] = [
  { name: 'unknown type', tweak: spec((x) => (x.type = 'Ingress')), want: ['spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'] },
  { name: 'type emptied after defaulting', post: spec((x) => (x.type = '')), want: ['spec.type: Required value'] },
  { name: 'headless NodePort', tweak: spec((x) => Object.assign(x, { type: 'NodePort', clusterIP: 'None' })), want: ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"] },
  { name: 'headless LoadBalancer', tweak: lb({ clusterIP: 'None' }), want: ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"] },
  { name: 'ExternalName without externalName', tweak: externalName(undefined), want: ['spec.externalName: Required value'] },
  { name: 'ExternalName of just a dot', tweak: externalName('.'), want: ['spec.externalName: Required value'] },
  { name: 'ExternalName in capitals', tweak: externalName('DB.example.com'), want: [`spec.externalName: Invalid value: "DB.example.com": ${subdomain1123}`] },
  { name: 'ExternalName with two trailing dots reports the stripped value', tweak: externalName('db.example.com..'), want: [`spec.externalName: Invalid value: "db.example.com.": ${subdomain1123}`] },
  { name: 'ExternalName with an empty label', tweak: externalName('db..example.com'), want: [`spec.externalName: Invalid value: "db..example.com": ${subdomain1123}`] },
  { name: 'ExternalName with a scheme', tweak: externalName('https://db.example.com'), want: [`spec.externalName: Invalid value: "https://db.example.com": ${subdomain1123}`] },
  { name: 'ExternalName of 254 characters', tweak: externalName(`${'a'.repeat(60)}.`.repeat(4) + 'a'.repeat(10)), want: [`spec.externalName: Invalid value: "${`${'a'.repeat(60)}.`.repeat(4) + 'a'.repeat(10)}": must be no more than 253 characters`] },
  { name: 'ExternalName with clusterIPs', tweak: externalName('db.example.com', { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }), want: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'] },
  { name: 'ExternalName with ipFamilies', tweak: externalName('db.example.com', { ipFamilies: ['IPv4'] }), want: ['spec.ipFamilies: Forbidden: may not be set for ExternalName services'] },
  { name: 'ExternalName with ipFamilyPolicy', tweak: externalName('db.example.com', { ipFamilyPolicy: 'SingleStack' }), want: ['spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services'] },
  {
    name: 'ExternalName with all cluster-IP fields, no name',
    tweak: externalName(undefined, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }),
    want: [
      'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
      'spec.externalName: Required value',
    ],
  },
  { name: 'ExternalName with ETP', tweak: externalName('db.example.com', { externalTrafficPolicy: 'Local' }), want: ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'] },
  { name: 'ExternalName with a bad port still reports it', tweak: externalName('db.example.com', { ports: [{ port: 0 }] }), want: [`spec.ports[0].port: Invalid value: 0: ${portRange}`, `spec.ports[0].targetPort: Invalid value: 0: ${portRange}`] },
];

const selectorAndAffinity: Case[] = [
  { name: 'selector value with a space', tweak: spec((x) => (x.selector = { app: 'a b' })), want: [`spec.selector: Invalid value: "a b": ${labelValue}`] },
  { name: 'selector key starting with -', tweak: spec((x) => (x.selector = { '-app': 'web' })), want: [`spec.selector: Invalid value: "-app": ${qnamePart}`] },
  { name: 'selector value of 64 characters', tweak: spec((x) => (x.selector = { app: 'a'.repeat(64) })), want: [`spec.selector: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`] },
  { name: 'unknown session affinity', tweak: spec((x) => (x.sessionAffinity = 'Sticky')), want: ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'] },
  { name: 'session affinity emptied after defaulting', post: spec((x) => (x.sessionAffinity = '')), want: ['spec.sessionAffinity: Required value'] },
  { name: 'ClientIP timeout 0', tweak: spec((x) => Object.assign(x, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } })), want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400'] },
  { name: 'ClientIP timeout 86401', tweak: spec((x) => Object.assign(x, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } })), want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400'] },
  { name: 'ClientIP timeout -1', tweak: spec((x) => Object.assign(x, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: -1 } } })), want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: -1: must be greater than 0 and less than 86400'] },
  { name: 'ClientIP without config', tweak: spec((x) => (x.sessionAffinity = 'ClientIP')), post: spec((x) => delete x.sessionAffinityConfig), want: ['spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP'] },
  { name: 'ClientIP with an empty config', tweak: spec((x) => (x.sessionAffinity = 'ClientIP')), post: spec((x) => (x.sessionAffinityConfig = {})), want: ['spec.sessionAffinityConfig.clientIP: Required value: when session affinity type is ClientIP'] },
  { name: 'ClientIP without timeout', tweak: spec((x) => (x.sessionAffinity = 'ClientIP')), post: spec((x) => (x.sessionAffinityConfig = { clientIP: {} })), want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Required value: when session affinity type is ClientIP'] },
  { name: 'None with a config (after defaulting)', post: spec((x) => (x.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10 } })), want: ['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None'] },
];

const clusterIPs: Case[] = [
  { name: 'clusterIP without clusterIPs', post: spec((x) => delete x.clusterIPs), want: ['spec.clusterIPs: Required value'] },
  { name: 'clusterIPs[0] differs from clusterIP', post: spec((x) => (x.clusterIPs = ['10.96.0.11'])), want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.11"}: first value must match `clusterIP`'] },
  { name: 'clusterIPs without clusterIP', post: spec((x) => (x.clusterIP = '')), want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: must be empty when `clusterIP` is not specified'] },
  { name: 'invalid clusterIP', tweak: spec((x) => Object.assign(x, { clusterIP: '10.96.0.300', ipFamilies: ['IPv4'] })), want: [`spec.clusterIPs[0]: Invalid value: "10.96.0.300": ${badIP}`] },
  { name: 'clusterIP with a prefix', tweak: spec((x) => Object.assign(x, { clusterIP: '10.96.0.10/32', ipFamilies: ['IPv4'] })), want: [`spec.clusterIPs[0]: Invalid value: "10.96.0.10/32": ${badIP}`] },
  { name: 'clusterIP with a zone', tweak: spec((x) => Object.assign(x, { clusterIP: 'fe80::1%eth0', ipFamilies: ['IPv6'] })), want: [`spec.clusterIPs[0]: Invalid value: "fe80::1%eth0": ${badIP}`] },
  { name: 'clusterIP with five hex digits', tweak: spec((x) => Object.assign(x, { clusterIP: 'fd00::00010', ipFamilies: ['IPv6'] })), want: [`spec.clusterIPs[0]: Invalid value: "fd00::00010": ${badIP}`] },
  {
    name: 'invalid secondary clusterIP stops the family checks',
    tweak: spec((x) => Object.assign(x, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::zz'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' })),
    want: [`spec.clusterIPs[1]: Invalid value: "fd00::zz": ${badIP}`],
  },
  {
    name: 'None followed by an IP',
    tweak: spec((x) => Object.assign(x, { clusterIP: 'None', clusterIPs: ['None', '10.96.0.10'], ipFamilies: ['IPv4'] })),
    want: ['spec.clusterIPs: Invalid value: []string{"None", "10.96.0.10"}: \'None\' must be the first and only value'],
  },
  {
    name: 'None in second place',
    tweak: spec((x) => Object.assign(x, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'None'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' })),
    want: [`spec.clusterIPs[1]: Invalid value: "None": ${badIP}`],
  },
  {
    name: 'three clusterIPs',
    tweak: spec((x) => Object.assign(x, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10', '10.96.0.11'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' })),
    want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.10", "fd00::10", "10.96.0.11"}: may only hold up to 2 values'],
  },
  {
    name: 'two IPv4 clusterIPs',
    tweak: spec((x) => Object.assign(x, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', '10.96.0.11'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' })),
    want: [
      'spec.clusterIPs: Invalid value: []string{"10.96.0.10", "10.96.0.11"}: may specify no more than one IP for each IP family',
      'spec.clusterIPs[1]: Invalid value: "10.96.0.11": expected an IPv6 value as indicated by `ipFamilies[1]`',
    ],
  },
  { name: 'IPv6 clusterIP with an IPv4 family', tweak: spec((x) => Object.assign(x, { clusterIP: 'fd00::10', ipFamilies: ['IPv4'] })), want: ['spec.clusterIPs[0]: Invalid value: "fd00::10": expected an IPv4 value as indicated by `ipFamilies[0]`'] },
  { name: 'IPv4 clusterIP with an IPv6 family', tweak: spec((x) => Object.assign(x, { clusterIP: '10.96.0.10', ipFamilies: ['IPv6'] })), want: ['spec.clusterIPs[0]: Invalid value: "10.96.0.10": expected an IPv6 value as indicated by `ipFamilies[0]`'] },
  { name: 'IPv4-mapped clusterIP counts as IPv4', tweak: spec((x) => Object.assign(x, { clusterIP: '::ffff:10.96.0.10', ipFamilies: ['IPv6'] })), want: ['spec.clusterIPs[0]: Invalid value: "::ffff:10.96.0.10": expected an IPv6 value as indicated by `ipFamilies[0]`'] },
  { name: 'unknown IP family', tweak: spec((x) => (x.ipFamilies = ['IPv5'])), want: ['spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"'] },
  { name: 'duplicate IP family', tweak: spec((x) => Object.assign(x, { ipFamilies: ['IPv4', 'IPv4'], ipFamilyPolicy: 'PreferDualStack' })), want: ['spec.ipFamilies[1]: Duplicate value: "IPv4"'] },
  { name: 'unknown ipFamilyPolicy', tweak: spec((x) => (x.ipFamilyPolicy = 'DualStack')), want: ['spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"'] },
  { name: 'headless skips the family match', tweak: spec((x) => Object.assign(x, { clusterIP: 'None', ipFamilies: ['IPv6'] })), want: [] },
];

const external: Case[] = [
  { name: 'externalIP 0.0.0.0', tweak: extIP('0.0.0.0'), want: ['spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'] },
  { name: 'externalIP ::', tweak: extIP('::'), want: ['spec.externalIPs[0]: Invalid value: "::": may not be unspecified (::)'] },
  { name: 'externalIP 127.0.0.1', tweak: extIP('127.0.0.1'), want: ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
  { name: 'externalIP in the pod CIDR gets no loopback exception', tweak: extIP('127.244.0.5'), want: ['spec.externalIPs[0]: Invalid value: "127.244.0.5": may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
  { name: 'externalIP ::1', tweak: extIP('::1'), want: ['spec.externalIPs[0]: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
  { name: 'externalIP mapped loopback', tweak: extIP('::ffff:127.0.0.1'), want: ['spec.externalIPs[0]: Invalid value: "::ffff:127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
  { name: 'externalIP link-local', tweak: extIP('169.254.169.254'), want: ['spec.externalIPs[0]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)'] },
  { name: 'externalIP IPv6 link-local', tweak: extIP('fe80::1'), want: ['spec.externalIPs[0]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)'] },
  { name: 'externalIP link-local multicast', tweak: extIP('224.0.0.1'), want: ['spec.externalIPs[0]: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'] },
  { name: 'externalIP IPv6 link-local multicast', tweak: extIP('ff02::1'), want: ['spec.externalIPs[0]: Invalid value: "ff02::1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'] },
  { name: 'externalIP hostname', tweak: extIP('example.com'), want: [`spec.externalIPs[0]: Invalid value: "example.com": ${badIP}`] },
  { name: 'externalIP CIDR', tweak: extIP('192.0.2.0/24'), want: [`spec.externalIPs[0]: Invalid value: "192.0.2.0/24": ${badIP}`] },
  { name: 'externalIP with three octets', tweak: extIP('192.0.2'), want: [`spec.externalIPs[0]: Invalid value: "192.0.2": ${badIP}`] },
  { name: 'externalIP octet over 255 even with leading zeros', tweak: extIP('0256.1.1.1'), want: [`spec.externalIPs[0]: Invalid value: "0256.1.1.1": ${badIP}`] },
  { name: 'second externalIP bad', tweak: extIP('192.0.2.10', '127.0.0.2'), want: ['spec.externalIPs[1]: Invalid value: "127.0.0.2": may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
  { name: 'ETP on a plain ClusterIP', tweak: spec((x) => (x.externalTrafficPolicy = 'Cluster')), want: ['spec.externalTrafficPolicy: Invalid value: "Cluster": may only be set for externally-accessible services'] },
  { name: 'unknown ETP', tweak: spec((x) => Object.assign(x, { type: 'NodePort', externalTrafficPolicy: 'Nearest' })), want: ['spec.externalTrafficPolicy: Unsupported value: "Nearest": supported values: "Cluster", "Local"'] },
  { name: 'ETP emptied on a NodePort', tweak: nodePort, post: spec((x) => (x.externalTrafficPolicy = '')), want: ['spec.externalTrafficPolicy: Required value'] },
  { name: 'ETP removed from a ClusterIP with externalIPs', tweak: extIP('192.0.2.10'), post: spec((x) => delete x.externalTrafficPolicy), want: ['spec.externalTrafficPolicy: Required value'] },
  { name: 'healthCheckNodePort on NodePort', tweak: spec((x) => Object.assign(x, { type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 30005 })), want: ["spec.healthCheckNodePort: Invalid value: 30005: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"] },
  { name: 'healthCheckNodePort on LB with ETP Cluster', tweak: lb({ healthCheckNodePort: 30005 }), want: ["spec.healthCheckNodePort: Invalid value: 30005: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"] },
  { name: 'healthCheckNodePort missing on LB Local', tweak: lb({ externalTrafficPolicy: 'Local' }), post: spec((x) => delete x.healthCheckNodePort), want: ['spec.healthCheckNodePort: Required value'] },
  { name: 'healthCheckNodePort 70000', tweak: lb({ externalTrafficPolicy: 'Local', healthCheckNodePort: 70000 }), want: [`spec.healthCheckNodePort: Invalid value: 70000: ${portRange}`] },
  { name: 'healthCheckNodePort -1', tweak: lb({ externalTrafficPolicy: 'Local', healthCheckNodePort: -1 }), want: [`spec.healthCheckNodePort: Invalid value: -1: ${portRange}`] },
  { name: 'internalTrafficPolicy removed', post: spec((x) => delete x.internalTrafficPolicy), want: ['spec.internalTrafficPolicy: Required value'] },
  { name: 'internalTrafficPolicy removed on LB', tweak: lb(), post: spec((x) => delete x.internalTrafficPolicy), want: ['spec.internalTrafficPolicy: Required value'] },
  { name: 'unknown internalTrafficPolicy', tweak: spec((x) => (x.internalTrafficPolicy = 'Node')), want: ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"'] },
  { name: 'empty internalTrafficPolicy (not defaulted: only nil is)', tweak: spec((x) => (x.internalTrafficPolicy = '')), want: ['spec.internalTrafficPolicy: Unsupported value: "": supported values: "Cluster", "Local"'] },
  { name: 'trafficDistribution PreferSameZone (1.33+)', tweak: spec((x) => (x.trafficDistribution = 'PreferSameZone')), want: ['spec.trafficDistribution: Unsupported value: "PreferSameZone": supported values: "PreferClose"'] },
  { name: 'trafficDistribution empty', tweak: spec((x) => (x.trafficDistribution = '')), want: ['spec.trafficDistribution: Unsupported value: "": supported values: "PreferClose"'] },
];

const loadBalancer: Case[] = [
  { name: 'source ranges on ClusterIP', tweak: spec((x) => (x.loadBalancerSourceRanges = ['10.0.0.0/8'])), want: [`spec.LoadBalancerSourceRanges: Forbidden: ${lbOnly}`] },
  { name: 'source range /33', tweak: lb({ loadBalancerSourceRanges: ['10.0.0.0/33'] }), want: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": ${badCIDR}`] },
  { name: 'source range without a prefix', tweak: lb({ loadBalancerSourceRanges: ['10.0.0.1'] }), want: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.1": ${badCIDR}`] },
  { name: 'source range reported trimmed', tweak: lb({ loadBalancerSourceRanges: ['10.0.0.0/8', ' bad '] }), want: [`spec.LoadBalancerSourceRanges[1]: Invalid value: "bad": ${badCIDR}`] },
  { name: 'source range IPv6 /129', tweak: lb({ loadBalancerSourceRanges: ['2001:db8::/129'] }), want: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "2001:db8::/129": ${badCIDR}`] },
  { name: 'source range with a signed prefix', tweak: lb({ loadBalancerSourceRanges: ['10.0.0.0/+8'] }), want: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/+8": ${badCIDR}`] },
  {
    name: 'bad source range on NodePort',
    tweak: spec((x) => Object.assign(x, { type: 'NodePort', loadBalancerSourceRanges: ['nope'] })),
    want: [`spec.LoadBalancerSourceRanges: Forbidden: ${lbOnly}`, `spec.LoadBalancerSourceRanges[0]: Invalid value: "nope": ${badCIDR}`],
  },
  { name: 'source-ranges annotation on ClusterIP', tweak: (s) => (s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8' }), want: [`metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: ${lbOnly}`] },
  {
    name: 'bad entry in the source-ranges annotation',
    tweak: (s) => { lb()(s); s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, 300.0.0.0/8' }; },
    want: [`metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "300.0.0.0/8": ${badCIDR}`],
  },
  {
    name: 'empty entry in the source-ranges annotation',
    tweak: (s) => { lb()(s); s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8,,' }; },
    want: [`metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "": ${badCIDR}`, `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "": ${badCIDR}`],
  },
  { name: 'allocateLoadBalancerNodePorts on NodePort', tweak: spec((x) => Object.assign(x, { type: 'NodePort', allocateLoadBalancerNodePorts: true })), want: [`spec.allocateLoadBalancerNodePorts: Forbidden: ${lbOnly}`] },
  { name: 'allocateLoadBalancerNodePorts false on ClusterIP', tweak: spec((x) => (x.allocateLoadBalancerNodePorts = false)), want: [`spec.allocateLoadBalancerNodePorts: Forbidden: ${lbOnly}`] },
  { name: 'allocateLoadBalancerNodePorts missing on LB (path without spec.)', tweak: lb(), post: spec((x) => delete x.allocateLoadBalancerNodePorts), want: ['allocateLoadBalancerNodePorts: Required value'] },
  { name: 'loadBalancerClass on ClusterIP', tweak: spec((x) => (x.loadBalancerClass = 'example.com/lb')), want: [`spec.loadBalancerClass: Forbidden: ${lbOnly}`] },
  { name: 'loadBalancerClass on NodePort', tweak: spec((x) => Object.assign(x, { type: 'NodePort', loadBalancerClass: 'example.com/lb' })), want: [`spec.loadBalancerClass: Forbidden: ${lbOnly}`] },
  { name: 'loadBalancerClass starting with -', tweak: lb({ loadBalancerClass: '-lb' }), want: [`spec.loadBalancerClass: Invalid value: "-lb": ${qnamePart}`] },
  { name: 'loadBalancerClass empty', tweak: lb({ loadBalancerClass: '' }), want: ['spec.loadBalancerClass: Invalid value: "": name part must be non-empty', `spec.loadBalancerClass: Invalid value: "": ${qnamePart}`] },
  { name: 'loadBalancerClass with a bad prefix', tweak: lb({ loadBalancerClass: 'Example.com/lb' }), want: [`spec.loadBalancerClass: Invalid value: "Example.com/lb": prefix part ${subdomain1123}`] },
];

const ordering: Case[] = [
  {
    name: 'many problems come out in upstream order',
    tweak: (s) => {
      s.metadata.name = 'Bad';
      Object.assign(s.spec, {
        type: 'Bogus', sessionAffinity: 'Sticky', externalIPs: ['127.0.0.1'], loadBalancerClass: 'x', trafficDistribution: 'Anywhere',
        ports: [{ name: 'a', port: 0, protocol: 'HTTP' }, { name: 'a', port: 0, protocol: 'HTTP', nodePort: 30001 }],
      });
    },
    want: [
      `metadata.name: Invalid value: "Bad": ${label1035}`,
      `spec.ports[0].port: Invalid value: 0: ${portRange}`,
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      `spec.ports[0].targetPort: Invalid value: 0: ${portRange}`,
      'spec.ports[1].name: Duplicate value: "a"',
      `spec.ports[1].port: Invalid value: 0: ${portRange}`,
      'spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      `spec.ports[1].targetPort: Invalid value: 0: ${portRange}`,
      'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      `spec.ports[1]: Duplicate value: ${dupKey('HTTP', 0)}`,
      `spec.loadBalancerClass: Forbidden: ${lbOnly}`,
      'spec.trafficDistribution: Unsupported value: "Anywhere": supported values: "PreferClose"',
    ],
  },
  {
    name: 'LB tail checks in order',
    tweak: lb({ loadBalancerSourceRanges: ['x'], loadBalancerClass: '-', externalTrafficPolicy: 'Local', healthCheckNodePort: 70000, internalTrafficPolicy: 'x' }),
    want: [
      `spec.LoadBalancerSourceRanges[0]: Invalid value: "x": ${badCIDR}`,
      `spec.loadBalancerClass: Invalid value: "-": ${qnamePart}`,
      `spec.healthCheckNodePort: Invalid value: 70000: ${portRange}`,
      'spec.internalTrafficPolicy: Unsupported value: "x": supported values: "Cluster", "Local"',
    ],
  },
];

const groups: [string, Case[]][] = [
  ['valid', valid], ['metadata', metadata], ['ports', ports], ['types', types], ['selector and affinity', selectorAndAffinity],
  ['clusterIPs', clusterIPs], ['external traffic', external], ['load balancer', loadBalancer], ['ordering', ordering],
];


for (const [group, cases] of groups) {
  test(`ValidateService: ${group}`, async (t) => {
    for (const c of cases) {
      await t.test(c.name, () => {
        const raw = userService();
        c.tweak?.(raw);
        const svc = prepared(raw);
        c.post?.(svc);
        assert.deepEqual(msgs(validateService(svc)), c.want);
      });
    }
  });
}

test('the 422 for port 0 matches the real apiserver response', () => {
  const svc = prepared(userService({ ports: [{ port: 0 }] }, { name: 'pocket' }));
  const err = ApiError.invalid('', 'Service', 'pocket', validateService(svc));
  assert.equal(err.code, 422);
  assert.equal(err.message, 'Service "pocket" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]');
  assert.deepEqual(err.details!.causes, [
    { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be between 1 and 65535, inclusive', field: 'spec.ports[0].port' },
    { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be between 1 and 65535, inclusive', field: 'spec.ports[0].targetPort' },
  ]);
  assert.equal(err.toStatus().details!.group, undefined, 'core group is omitted');
});

test('a single error is not bracketed; cause types follow the error kind', () => {
  const svc = prepared(userService({ ports: [{ port: 80, nodePort: 30080 }] }));
  const err = ApiError.invalid('', 'Service', 'web', validateService(svc));
  assert.equal(err.message, "Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
  assert.deepEqual(err.details!.causes!.map((c) => c.reason), ['FieldValueForbidden']);

  const many = prepared(userService({ type: 'Bogus', ports: [{ port: 80 }, { name: 'b', port: 80, protocol: 'HTTP' }] }));
  const reasons = ApiError.invalid('', 'Service', 'web', validateService(many)).details!.causes!.map((c) => c.reason);
  assert.deepEqual(reasons, ['FieldValueRequired', 'FieldValueNotSupported', 'FieldValueNotSupported']);
});

test('the duplicate-port value is upstream\'s Go struct dump', () => {
  const svc = prepared(userService({ ports: [{ name: 'a', port: 8080 }, { name: 'b', port: 8080 }] }, { name: 'dup' }));
  assert.equal(
    ApiError.invalid('', 'Service', 'dup', validateService(svc)).message,
    'Service "dup" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:8080, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
  );
});
