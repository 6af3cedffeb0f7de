// allocateUpdate: what re-applying, editing and changing the type of a Service allocates,
// releases (on commit only) and wipes — upstream's patchAllocatedValues, txnUpdate* and
// dropTypeDependentFields as one table.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultService } from '../../api/defaults/service.ts';
import { ServiceAllocator } from './service-allocator.ts';

type Obj = Record<string, any>;

function svc(spec: Obj, extra: Obj = {}): Obj {
  const s: Obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: structuredClone(spec), ...structuredClone(extra) };
  defaultService(s);
  return s;
}

/** Creates `spec`, committed; returns the allocator and the stored object. */
function stored(spec: Obj, extra: Obj = {}): { a: ServiceAllocator; old: Obj } {
  const a = new ServiceAllocator({ random: () => 0 });
  const old = svc(spec, extra);
  a.allocateCreate(old).commit();
  return { a, old };
}

/** The stored object edited in place (kubectl edit / apply of a live copy): allocated values stay. */
function edited(old: Obj, change: (s: Obj) => void): Obj {
  const s = structuredClone(old);
  change(s.spec);
  defaultService(s);
  return s;
}

const nodePorts = (s: Obj) => (s.spec.ports as Obj[]).map((p) => p.nodePort);
const web = { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }], selector: { app: 'web' } };

describe('re-applying the same YAML keeps allocated values', () => {
  it('ClusterIP: clusterIP and clusterIPs are copied from the stored object', () => {
    const { a, old } = stored(web);
    const again = svc(web);
    a.allocateUpdate(again, old).commit();
    assert.equal(again.spec.clusterIP, old.spec.clusterIP);
    assert.deepEqual(again.spec.clusterIPs, old.spec.clusterIPs);
    assert.equal(a.primaryIPAllocator.used(), 1);
  });

  it('NodePort: nodePorts come back by port name; LB+Local keeps its healthCheckNodePort', () => {
    const spec = { ...web, type: 'LoadBalancer', externalTrafficPolicy: 'Local' };
    const { a, old } = stored(spec);
    const again = svc(spec);
    a.allocateUpdate(again, old).commit();
    assert.deepEqual(nodePorts(again), nodePorts(old));
    assert.equal(again.spec.healthCheckNodePort, old.spec.healthCheckNodePort);
    assert.equal(a.nodePorts.used(), 3);
  });

  it('a renamed port gets a fresh nodePort and the old one is released on commit', () => {
    const spec = { ...web, type: 'NodePort' };
    const { a, old } = stored(spec);
    const renamed = svc({ ...spec, ports: [{ name: 'http', port: 80 }, { name: 'tls', port: 443 }] });
    const txn = a.allocateUpdate(renamed, old);
    assert.equal(renamed.spec.ports[0].nodePort, old.spec.ports[0].nodePort);
    assert.notEqual(renamed.spec.ports[1].nodePort, old.spec.ports[1].nodePort);
    assert.equal(a.nodePorts.used(), 3, 'old port still held until commit');
    txn.commit();
    assert.equal(a.nodePorts.used(), 2);
    assert.equal(a.nodePorts.has(old.spec.ports[1].nodePort), false);
  });

  it('a name whose old nodePort another port now claims explicitly is not patched', () => {
    const spec = { ...web, type: 'NodePort' };
    const { a, old } = stored(spec);
    const [httpNP] = nodePorts(old);
    const swapped = svc({ ...spec, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, nodePort: httpNP }] });
    a.allocateUpdate(swapped, old).commit();
    assert.equal(swapped.spec.ports[1].nodePort, httpNP);
    assert.notEqual(swapped.spec.ports[0].nodePort, httpNP);
    assert.equal(new Set(nodePorts(swapped)).size, 2);
  });

  it('changing a nodePort reserves the new one and releases the old one on commit', () => {
    const { a, old } = stored({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    const moved = edited(old, (s) => (s.ports[0].nodePort = 30081));
    const txn = a.allocateUpdate(moved, old);
    assert.equal(a.nodePorts.has(30080) && a.nodePorts.has(30081), true);
    txn.commit();
    assert.equal(a.nodePorts.has(30080), false);
    assert.equal(a.nodePorts.has(30081), true);
  });
});

describe('type transitions', () => {
  it('ClusterIP → NodePort allocates nodePorts (revert gives them back)', () => {
    const { a, old } = stored(web);
    const np = edited(old, (s) => (s.type = 'NodePort'));
    const txn = a.allocateUpdate(np, old);
    assert.ok(nodePorts(np).every((p) => a.nodePorts.has(p)));
    assert.equal(np.spec.clusterIP, old.spec.clusterIP);
    txn.revert();
    assert.equal(a.nodePorts.used(), 0);
    const again = edited(old, (s) => (s.type = 'NodePort'));
    a.allocateUpdate(again, old).commit();
    assert.equal(a.nodePorts.used(), 2);
  });

  it('NodePort → ClusterIP releases nodePorts on commit and wipes the unchanged ones', () => {
    const { a, old } = stored({ ...web, type: 'NodePort' });
    const cip = edited(old, (s) => (s.type = 'ClusterIP'));
    const txn = a.allocateUpdate(cip, old);
    assert.deepEqual(nodePorts(cip), [undefined, undefined]);
    assert.equal(cip.spec.externalTrafficPolicy, undefined, 'externalTrafficPolicy dropped with external access');
    assert.equal(a.nodePorts.used(), 2, 'nothing released before the write succeeds');
    txn.commit();
    assert.equal(a.nodePorts.used(), 0);
    assert.equal(a.primaryIPAllocator.used(), 1);
  });

  it('NodePort → ClusterIP with a net-new nodePort keeps it for validation to reject', () => {
    const { a, old } = stored({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    const cip = edited(old, (s) => {
      s.type = 'ClusterIP';
      s.ports[0].nodePort = 30090;
    });
    a.allocateUpdate(cip, old).revert();
    assert.equal(cip.spec.ports[0].nodePort, 30090);
    assert.equal(a.nodePorts.has(30090), false, 'not allocated for a ClusterIP Service');
    assert.equal(a.nodePorts.has(30080), true, 'revert keeps the old one');
  });

  it('NodePort → LoadBalancer keeps nodePorts; LoadBalancer → NodePort drops LB-only fields', () => {
    const { a, old } = stored({ ...web, type: 'NodePort' });
    const lb = edited(old, (s) => (s.type = 'LoadBalancer'));
    a.allocateUpdate(lb, old).commit();
    assert.deepEqual(nodePorts(lb), nodePorts(old));
    assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
    lb.status = { loadBalancer: { ingress: [{ ip: '127.240.0.1', ipMode: 'VIP' }] } };
    lb.spec.loadBalancerClass = 'portico.dev/lb';
    const back = edited(lb, (s) => (s.type = 'NodePort'));
    a.allocateUpdate(back, lb).commit();
    assert.deepEqual(nodePorts(back), nodePorts(old));
    assert.equal(back.spec.allocateLoadBalancerNodePorts, undefined);
    assert.equal(back.spec.loadBalancerClass, undefined);
    assert.deepEqual(back.status.loadBalancer, {});
    assert.equal(a.nodePorts.used(), 2);
  });

  it('LoadBalancer ETP Local → Cluster releases the healthCheckNodePort on commit', () => {
    const { a, old } = stored({ ...web, type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    const hc = old.spec.healthCheckNodePort;
    const cluster = edited(old, (s) => (s.externalTrafficPolicy = 'Cluster'));
    const txn = a.allocateUpdate(cluster, old);
    assert.equal(cluster.spec.healthCheckNodePort, undefined);
    assert.equal(a.nodePorts.has(hc), true);
    txn.commit();
    assert.equal(a.nodePorts.has(hc), false);
    assert.equal(a.nodePorts.used(), 2);
  });

  it('LoadBalancer ETP Cluster → Local allocates a healthCheckNodePort', () => {
    const { a, old } = stored({ ...web, type: 'LoadBalancer' });
    const local = edited(old, (s) => (s.externalTrafficPolicy = 'Local'));
    a.allocateUpdate(local, old).commit();
    assert.ok(a.nodePorts.has(local.spec.healthCheckNodePort));
    assert.equal(a.nodePorts.used(), 3);
  });

  it('LoadBalancer+Local → ClusterIP releases nodePorts and the health-check port', () => {
    const { a, old } = stored({ ...web, type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    const cip = edited(old, (s) => (s.type = 'ClusterIP'));
    a.allocateUpdate(cip, old).commit();
    assert.equal(a.nodePorts.used(), 0);
    assert.equal(cip.spec.healthCheckNodePort, undefined);
    assert.equal(cip.spec.externalTrafficPolicy, undefined);
  });

  it('ClusterIP → ExternalName clears and releases the clusterIP on commit', () => {
    const { a, old } = stored(web);
    const ext = edited(old, (s) => {
      s.type = 'ExternalName';
      s.externalName = 'example.com';
    });
    const txn = a.allocateUpdate(ext, old);
    for (const f of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) assert.equal(ext.spec[f], undefined, f);
    assert.equal(a.primaryIPAllocator.used(), 1);
    txn.commit();
    assert.equal(a.primaryIPAllocator.used(), 0);
  });

  it('NodePort → ExternalName releases the clusterIP and the nodePorts', () => {
    const { a, old } = stored({ ...web, type: 'NodePort' });
    const ext = edited(old, (s) => {
      s.type = 'ExternalName';
      s.externalName = 'example.com';
    });
    a.allocateUpdate(ext, old).commit();
    assert.equal(a.primaryIPAllocator.used(), 0);
    assert.equal(a.nodePorts.used(), 0);
  });

  it('ExternalName → ClusterIP allocates a fresh IP, or the requested one', () => {
    const { a, old } = stored({ type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] });
    const cip = edited(old, (s) => {
      s.type = 'ClusterIP';
      delete s.externalName;
    });
    a.allocateUpdate(cip, old).commit();
    assert.equal(cip.spec.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(cip.spec.ipFamilies, ['IPv4']);
    assert.ok(a.primaryIPAllocator.has(cip.spec.clusterIP));
    const { a: b, old: old2 } = stored({ type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] });
    const requested = edited(old2, (s) => {
      s.type = 'ClusterIP';
      s.clusterIP = '127.96.0.42';
    });
    b.allocateUpdate(requested, old2).commit();
    assert.deepEqual(requested.spec.clusterIPs, ['127.96.0.42']);
    assert.ok(b.primaryIPAllocator.has('127.96.0.42'));
  });

  it('ExternalName → NodePort allocates an IP and nodePorts', () => {
    const { a, old } = stored({ type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] });
    const np = edited(old, (s) => {
      s.type = 'NodePort';
      delete s.externalName;
    });
    a.allocateUpdate(np, old).commit();
    assert.equal(a.primaryIPAllocator.used(), 1);
    assert.equal(a.nodePorts.used(), 1);
  });

  it('headless → ExternalName releases nothing', () => {
    const { a, old } = stored({ clusterIP: 'None', ports: [{ port: 80 }], selector: { app: 'x' } });
    const ext = edited(old, (s) => {
      s.type = 'ExternalName';
      s.externalName = 'example.com';
    });
    a.allocateUpdate(ext, old).commit();
    assert.equal(ext.spec.clusterIP, undefined);
    assert.equal(a.primaryIPAllocator.used(), 0);
  });
});

describe('dry-run updates', () => {
  it('ClusterIP → NodePort shows nodePorts but keeps none', () => {
    const { a, old } = stored(web);
    const np = edited(old, (s) => (s.type = 'NodePort'));
    a.allocateUpdate(np, old, { dryRun: true }).commit();
    assert.ok(nodePorts(np).every((p) => a.nodePorts.contains(p)));
    assert.equal(a.nodePorts.used(), 0);
  });

  it('NodePort → ClusterIP releases nothing', () => {
    const { a, old } = stored({ ...web, type: 'NodePort' });
    const cip = edited(old, (s) => (s.type = 'ClusterIP'));
    a.allocateUpdate(cip, old, { dryRun: true }).commit();
    assert.equal(a.nodePorts.used(), 2);
  });

  it('never mutates the stored object it is given', () => {
    const { a, old } = stored({ ...web, type: 'NodePort' });
    const before = structuredClone(old);
    a.allocateUpdate(edited(old, (s) => (s.type = 'ExternalName')), old).revert();
    assert.deepEqual(old, before);
  });
});

describe('dual-stack clusters: upgrading and downgrading a Service', () => {
  const dual = () => new ServiceAllocator({ serviceCIDRs: ['127.96.0.0/16', 'fd00:96::/112'], random: () => 0 });

  it('SingleStack → PreferDualStack allocates the secondary IP; → SingleStack releases it on commit', () => {
    const a = dual();
    const old = svc(web);
    a.allocateCreate(old).commit();
    assert.deepEqual(old.spec.ipFamilies, ['IPv4']);
    const up = edited(old, (s) => (s.ipFamilyPolicy = 'PreferDualStack'));
    a.allocateUpdate(up, old).commit();
    assert.deepEqual(up.spec.ipFamilies, ['IPv4', 'IPv6']);
    assert.equal(up.spec.clusterIPs[0], old.spec.clusterIP);
    assert.match(up.spec.clusterIPs[1], /^fd00:96::/);
    assert.equal(a.ipAllocators.get('IPv6')!.used(), 1);

    const down = edited(up, (s) => (s.ipFamilyPolicy = 'SingleStack'));
    const txn = a.allocateUpdate(down, up);
    assert.deepEqual(down.spec.clusterIPs, [old.spec.clusterIP]);
    assert.deepEqual(down.spec.ipFamilies, ['IPv4']);
    assert.equal(a.ipAllocators.get('IPv6')!.used(), 1);
    txn.commit();
    assert.equal(a.ipAllocators.get('IPv6')!.used(), 0);
  });

  it('dropping the secondary IP without SingleStack is refused', () => {
    const a = dual();
    const old = svc({ ...web, ipFamilyPolicy: 'RequireDualStack' });
    a.allocateCreate(old).commit();
    const dropped = edited(old, (s) => {
      s.clusterIPs = s.clusterIPs.slice(0, 1);
    });
    assert.throws(() => a.allocateUpdate(dropped, old), {
      message: 'Service "web" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be \'SingleStack\' to release the secondary cluster IP',
    });
  });
});
