// ServiceAllocator on create and delete: field defaulting, honouring requests, and the exact
// Status each failure becomes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../api/errors.ts';
import { defaultService } from '../../api/defaults/service.ts';
import { ServiceAllocator } from './service-allocator.ts';

type Obj = Record<string, any>;

/** A Service as it arrives at the registry: v1 JSON after SetDefaults_Service. */
function svc(name: string, spec: Obj): Obj {
  const s: Obj = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: structuredClone(spec) };
  defaultService(s);
  return s;
}

const zero = () => 0;
const newAllocator = (opts: Obj = {}) => new ServiceAllocator({ random: zero, ...opts });

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

describe('allocateCreate: IP family fields (initIPFamilyFields, single-stack IPv4 cluster)', () => {
  it('ClusterIP: SingleStack, [IPv4], a dynamic IP from the upper band in clusterIP and clusterIPs', () => {
    const a = newAllocator();
    const s = svc('web', { ports: [{ port: 80 }], selector: { app: 'web' } });
    a.allocateCreate(s).commit();
    assert.equal(s.spec.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(s.spec.ipFamilies, ['IPv4']);
    assert.equal(s.spec.clusterIP, '127.96.1.1', 'first address after the 256-address static band');
    assert.deepEqual(s.spec.clusterIPs, ['127.96.1.1']);
    assert.equal(a.primaryIPAllocator.has('127.96.1.1'), true);
  });

  it('headless with a selector: SingleStack [IPv4], nothing allocated', () => {
    const a = newAllocator();
    const s = svc('h', { clusterIP: 'None', ports: [{ port: 80 }], selector: { app: 'h' } });
    a.allocateCreate(s).commit();
    assert.equal(s.spec.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(s.spec.ipFamilies, ['IPv4']);
    assert.deepEqual(s.spec.clusterIPs, ['None']);
    assert.equal(a.primaryIPAllocator.used(), 0);
  });

  it('headless without a selector: RequireDualStack [IPv4, IPv6] even on a single-stack cluster', () => {
    const a = newAllocator();
    const s = svc('h', { clusterIP: 'None', ports: [{ port: 80 }] });
    a.allocateCreate(s).commit();
    assert.equal(s.spec.ipFamilyPolicy, 'RequireDualStack');
    assert.deepEqual(s.spec.ipFamilies, ['IPv4', 'IPv6']);
  });

  it('headless without a selector but SingleStack keeps one family', () => {
    const a = newAllocator();
    const s = svc('h', { clusterIP: 'None', ipFamilyPolicy: 'SingleStack', ports: [{ port: 80 }] });
    a.allocateCreate(s).commit();
    assert.deepEqual(s.spec.ipFamilies, ['IPv4']);
  });

  it('ExternalName: no families, no policy, no IP', () => {
    const a = newAllocator();
    const s = svc('x', { type: 'ExternalName', externalName: 'example.com' });
    a.allocateCreate(s).commit();
    assert.equal(s.spec.ipFamilies, undefined);
    assert.equal(s.spec.ipFamilyPolicy, undefined);
    assert.equal(s.spec.clusterIP, undefined);
    assert.equal(a.primaryIPAllocator.used(), 0);
  });

  it('PreferDualStack on a single-stack cluster gets one family', () => {
    const a = newAllocator();
    const s = svc('p', { ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] });
    a.allocateCreate(s).commit();
    assert.deepEqual(s.spec.ipFamilies, ['IPv4']);
    assert.equal(s.spec.clusterIPs.length, 1);
  });

  it('RequireDualStack on a single-stack cluster is refused', () => {
    const e = apiError(() => newAllocator().allocateCreate(svc('d', { ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] })));
    assert.equal(e.code, 422);
    assert.equal(e.message, 'Service "d" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services');
  });

  it('an IPv6 clusterIP or family on an IPv4 cluster is refused', () => {
    const a = newAllocator();
    assert.equal(
      apiError(() => a.allocateCreate(svc('v6', { clusterIP: 'fd00::1', ports: [{ port: 80 }] }))).message,
      'Service "v6" is invalid: spec.clusterIPs[0]: Invalid value: []string{"fd00::1"}: IPv6 is not configured on this cluster',
    );
    assert.equal(
      apiError(() => a.allocateCreate(svc('v6', { ipFamilies: ['IPv6'], ports: [{ port: 80 }] }))).message,
      'Service "v6" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
    );
  });

  it('loose pre-validation runs before allocation (bad IP, mismatch, too many values)', () => {
    const a = newAllocator();
    assert.equal(
      apiError(() => a.allocateCreate(svc('b', { clusterIP: '10.0.0.300', ports: [{ port: 80 }] }))).message,
      'Service "b" is invalid: spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
    assert.equal(
      apiError(() => a.allocateCreate(svc('b', { clusterIP: '127.96.0.5', clusterIPs: ['127.96.0.6'], ports: [{ port: 80 }] }))).message,
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.6"}: first value must match `clusterIP`',
    );
    assert.equal(
      apiError(() => a.allocateCreate(svc('b', { clusterIPs: ['127.96.0.6'], ports: [{ port: 80 }] }))).message,
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.6"}: must be empty when `clusterIP` is not specified',
    );
    assert.equal(
      apiError(() => a.allocateCreate(svc('b', { clusterIP: '127.96.0.5', clusterIPs: ['127.96.0.5', '127.96.0.6'], ports: [{ port: 80 }] }))).message,
      // The pre-validation fails first, so the SingleStack-with-two-IPs check never runs.
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.5", "127.96.0.6"}: may specify no more than one IP for each IP family',
    );
    assert.equal(a.primaryIPAllocator.used(), 0);
  });
});

describe('allocateCreate: ClusterIP requests and errors', () => {
  it('a requested IP is reserved, also in the static band; old clients may set only clusterIP', () => {
    const a = newAllocator();
    const s = svc('dns', { clusterIP: '127.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] });
    a.allocateCreate(s).commit();
    assert.deepEqual(s.spec.clusterIPs, ['127.96.0.10']);
    assert.equal(a.primaryIPAllocator.has('127.96.0.10'), true);
  });

  it('already allocated: 422 on spec.clusterIPs with the []string value', () => {
    const a = newAllocator({ serviceCIDRs: '10.96.0.0/12' });
    a.allocateCreate(svc('one', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })).commit();
    const e = apiError(() => a.allocateCreate(svc('two', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })));
    assert.equal(e.code, 422);
    assert.equal(e.reason, 'Invalid');
    assert.equal(e.message, 'Service "two" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
    assert.deepEqual(e.details?.causes, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: 'Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated' }]);
  });

  it('outside the range: 422 naming the valid range', () => {
    const a = newAllocator({ serviceCIDRs: '10.96.0.0/12' });
    assert.equal(
      apiError(() => a.allocateCreate(svc('x', { clusterIP: '1.1.1.1', ports: [{ port: 80 }] }))).message,
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it('range exhausted: 500 InternalError', () => {
    const a = newAllocator({ serviceCIDRs: '10.0.0.0/30' });
    a.allocateCreate(svc('a', { ports: [{ port: 80 }] })).commit();
    a.allocateCreate(svc('b', { ports: [{ port: 80 }] })).commit();
    const e = apiError(() => a.allocateCreate(svc('c', { ports: [{ port: 80 }] })));
    assert.equal(e.code, 500);
    assert.equal(e.reason, 'InternalError');
    assert.equal(e.message, 'Internal error occurred: failed to allocate a serviceIP: range is full');
    assert.deepEqual(e.toStatus().details, { causes: [{ message: 'failed to allocate a serviceIP: range is full' }] });
  });
});

describe('allocateCreate: nodePorts and the health-check port', () => {
  it('NodePort: one nodePort per service port number; TCP and UDP of port 53 share one', () => {
    const a = newAllocator();
    const s = svc('dns', {
      type: 'NodePort',
      ports: [
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'dns-udp', port: 53, protocol: 'UDP' },
        { name: 'metrics', port: 9153 },
      ],
    });
    a.allocateCreate(s).commit();
    const [tcp, udp, metrics] = s.spec.ports.map((p: Obj) => p.nodePort);
    assert.equal(tcp, udp);
    assert.notEqual(tcp, metrics);
    assert.equal(tcp, 30086, 'first dynamic port is the first of the upper band');
    assert.equal(a.nodePorts.used(), 2);
  });

  it('a nodePort requested on one protocol is used for its twin', () => {
    const a = newAllocator();
    const s = svc('dns', { type: 'NodePort', ports: [{ name: 't', port: 53 }, { name: 'u', port: 53, protocol: 'UDP', nodePort: 30053 }] });
    a.allocateCreate(s).commit();
    assert.deepEqual(s.spec.ports.map((p: Obj) => p.nodePort), [30053, 30053]);
    assert.equal(a.nodePorts.used(), 1);
  });

  it('requested nodePort taken or out of range: 422 at spec.ports[i].nodePort; the clusterIP is given back', () => {
    const a = newAllocator();
    a.allocateCreate(svc('one', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).commit();
    const used = a.primaryIPAllocator.used();
    const e = apiError(() => a.allocateCreate(svc('two', { type: 'NodePort', ports: [{ name: 'a', port: 81 }, { name: 'b', port: 80, nodePort: 30080 }] })));
    assert.equal(e.message, 'Service "two" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated');
    assert.equal(
      apiError(() => a.allocateCreate(svc('three', { type: 'NodePort', ports: [{ port: 80, nodePort: 32918 + 1000 }] }))).message,
      'Service "three" is invalid: spec.ports[0].nodePort: Invalid value: 33918: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    assert.equal(a.primaryIPAllocator.used(), used, 'failed creates released their clusterIPs');
    assert.equal(a.nodePorts.used(), 1, 'and the nodePort allocated for port a');
  });

  it('a nodePort taken by another Service on another protocol still collides', () => {
    const a = newAllocator();
    a.allocateCreate(svc('tcp', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).commit();
    assert.match(apiError(() => a.allocateCreate(svc('udp', { type: 'NodePort', ports: [{ port: 80, protocol: 'UDP', nodePort: 30080 }] }))).message, /provided port is already allocated/);
  });

  it('nodePort range exhausted: 500', () => {
    const a = newAllocator({ nodePortRange: '30000-30001' });
    a.allocateCreate(svc('a', { type: 'NodePort', ports: [{ name: 'a', port: 1 }, { name: 'b', port: 2 }] })).commit();
    const e = apiError(() => a.allocateCreate(svc('b', { type: 'NodePort', ports: [{ port: 80 }] })));
    assert.equal(e.code, 500);
    assert.equal(e.message, 'Internal error occurred: failed to allocate a nodePort: range is full');
    assert.equal(a.primaryIPAllocator.used(), 1);
  });

  it('LoadBalancer with allocateLoadBalancerNodePorts false: only requested nodePorts', () => {
    const a = newAllocator();
    const s = svc('lb', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30081 }] });
    a.allocateCreate(s).commit();
    assert.equal(s.spec.ports[0].nodePort, undefined);
    assert.equal(s.spec.ports[1].nodePort, 30081);
    assert.equal(a.nodePorts.used(), 1);
  });

  it('LoadBalancer + Local gets a healthCheckNodePort; Cluster does not', () => {
    const a = newAllocator();
    const local = svc('l', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] });
    a.allocateCreate(local).commit();
    assert.equal(typeof local.spec.healthCheckNodePort, 'number');
    assert.notEqual(local.spec.healthCheckNodePort, local.spec.ports[0].nodePort);
    assert.equal(a.nodePorts.used(), 2);
    const cluster = svc('c', { type: 'LoadBalancer', ports: [{ port: 80 }] });
    a.allocateCreate(cluster).commit();
    assert.equal(cluster.spec.healthCheckNodePort, undefined);
  });

  it('requested healthCheckNodePort taken: 500 with upstream wording', () => {
    const a = newAllocator();
    a.allocateCreate(svc('one', { type: 'NodePort', ports: [{ port: 80, nodePort: 30005 }] })).commit();
    const e = apiError(() => a.allocateCreate(svc('two', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30005, ports: [{ port: 80 }] })));
    assert.equal(e.code, 500);
    assert.equal(e.message, 'Internal error occurred: failed to allocate requested HealthCheck NodePort 30005: provided port is already allocated');
    assert.equal(a.nodePorts.used(), 1, 'the nodePort allocated before the failure was given back');
  });
});

describe('allocateCreate: transactions and dry run', () => {
  it('revert gives everything back; a second revert or a late commit does nothing', () => {
    const a = newAllocator();
    const txn = a.allocateCreate(svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }));
    assert.equal(a.nodePorts.used(), 2);
    txn.revert();
    txn.revert();
    txn.commit();
    assert.equal(a.nodePorts.used(), 0);
    assert.equal(a.primaryIPAllocator.used(), 0);
  });

  it('dry run fills in realistic values, reports conflicts, and keeps nothing', () => {
    const a = newAllocator();
    const s = svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] });
    const txn = a.allocateCreate(s, { dryRun: true });
    assert.match(s.spec.clusterIP, /^127\.96\./);
    assert.ok(a.nodePorts.contains(s.spec.ports[0].nodePort));
    assert.ok(a.nodePorts.contains(s.spec.healthCheckNodePort));
    assert.equal(a.primaryIPAllocator.used(), 0);
    assert.equal(a.nodePorts.used(), 0);
    txn.commit();
    assert.equal(a.nodePorts.used(), 0);
    a.allocateCreate(svc('dns', { clusterIP: '127.96.0.10', ports: [{ port: 53 }] })).commit();
    assert.match(apiError(() => a.allocateCreate(svc('again', { clusterIP: '127.96.0.10', ports: [{ port: 53 }] }), { dryRun: true })).message, /provided IP is already allocated/);
  });
});

describe('release (delete)', () => {
  it('gives back clusterIP, nodePorts and healthCheckNodePort; dry-run deletes keep them', () => {
    const a = newAllocator();
    const s = svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }] });
    a.allocateCreate(s).commit();
    a.release(s, { dryRun: true });
    assert.equal(a.nodePorts.used(), 3);
    a.release(s);
    assert.equal(a.nodePorts.used(), 0);
    assert.equal(a.primaryIPAllocator.used(), 0);
  });

  it('an ExternalName Service never releases a nodePort it happens to carry', () => {
    const a = newAllocator();
    a.allocateCreate(svc('np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).commit();
    a.release({ metadata: { name: 'x' }, spec: { type: 'ExternalName', externalName: 'a.b', ports: [{ port: 80, nodePort: 30080 }] } });
    assert.equal(a.nodePorts.has(30080), true);
  });
});

describe('helpers for other components', () => {
  it('kubernetes and DNS addresses of the configured range', () => {
    const a = newAllocator();
    assert.equal(a.kubernetesServiceIP(), '127.96.0.1');
    assert.equal(a.clusterDNSIP(), '127.96.0.10');
    const b = newAllocator({ serviceCIDRs: '10.96.0.0/12' });
    assert.equal(b.kubernetesServiceIP(), '10.96.0.1');
    assert.equal(b.clusterDNSIP(), '10.96.0.10');
  });

  it('dual-stack clusters: PreferDualStack gets both families, primary first', () => {
    const a = newAllocator({ serviceCIDRs: ['127.96.0.0/16', 'fd00:96::/112'] });
    const s = svc('ds', { ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] });
    a.allocateCreate(s).commit();
    assert.deepEqual(s.spec.ipFamilies, ['IPv4', 'IPv6']);
    assert.equal(s.spec.clusterIPs.length, 2);
    assert.match(s.spec.clusterIPs[1], /^fd00:96::/);
    a.release(s);
    assert.equal(a.ipAllocators.get('IPv6')!.used(), 0);
  });
});
