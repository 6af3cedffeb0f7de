// The Endpoints controller: subsets packed by port set, not-ready addresses, labels, the
// 1000-address cap, and leaving hand-written Endpoints alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointsController } from './controller.ts';
import { repackSubsets, truncateSubsets, type EndpointSubset } from './subsets.ts';
import { eventually, podSpec, serviceSpec, startEnv, type Env } from '../endpointslice/testkit.ts';

describe('Endpoints controller', () => {
  let env: Env;
  before(async () => {
    env = await startEnv([endpointsController]);
  });
  after(async () => {
    await env?.stop();
  });

  it('lists ready and not-ready pods, packed by the ports they offer', async () => {
    await env.services.create('default', { ...serviceSpec('web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'admin', port: 81, targetPort: 9000 }]), metadata: { name: 'web', labels: { team: 'a' } } });
    await env.pods.create('default', podSpec('web-a', { app: 'web' }, { ports: [{ name: 'http', containerPort: 8080 }] }));
    await env.pods.create('default', podSpec('web-b', { app: 'web' }, { ports: [{ name: 'http', containerPort: 8080 }] }));
    await env.pods.create('default', podSpec('web-c', { app: 'web' }));
    await env.kubelet.waitRunning('default', 'web-b');
    await env.kubelet.setReady('default', 'web-b', false);
    const ep = await eventually(async () => {
      const e = await env.endpoints.get('default', 'web');
      const n = (e.subsets ?? []).reduce((k: number, s: EndpointSubset) => k + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
      return n === 5 && (e.subsets ?? []).some((s: EndpointSubset) => s.notReadyAddresses?.length) && e;
    });
    const ip = (n: string) => env.kubelet.podIP('default', n);
    const addr = (n: string) => ({ ip: ip(n), nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: n, uid: undefined as unknown } });
    const strip = (ss: EndpointSubset[]) => ss.map((s) => ({ ...s, addresses: s.addresses?.map((a) => ({ ...a, targetRef: { ...a.targetRef, uid: undefined } })), notReadyAddresses: s.notReadyAddresses?.map((a) => ({ ...a, targetRef: { ...a.targetRef, uid: undefined } })) }));
    const want = [
      // web-c lacks the named port: the two ports have different address sets.
      { addresses: [addr('web-a'), addr('web-c')], notReadyAddresses: [addr('web-b')], ports: [{ name: 'admin', port: 9000, protocol: 'TCP' }] },
      { addresses: [addr('web-a')], notReadyAddresses: [addr('web-b')], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
    ].map((s) => JSON.parse(JSON.stringify(s)));
    assert.deepEqual(JSON.parse(JSON.stringify(strip(ep.subsets))), want);
    assert.deepEqual(ep.metadata.labels, { team: 'a', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
    // Nothing changed: no rewrite.
    await env.pods.patch('default', 'web-a', 'merge', { metadata: { annotations: { x: 'y' } } });
    await env.services.create('default', serviceSpec('marker', { app: 'marker' }));
    await eventually(async () => env.endpoints.get('default', 'marker'));
    assert.equal((await env.endpoints.get('default', 'web')).metadata.resourceVersion, ep.metadata.resourceVersion);
  });

  it('drops terminating pods unless publishNotReadyAddresses, and leaves hand-written Endpoints alone', async () => {
    await env.endpoints.create('default', { metadata: { name: 'manual' }, subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80 }] }] });
    await env.services.create('default', serviceSpec('manual', undefined));
    await env.services.create('default', serviceSpec('pub', { app: 'pub' }, undefined, { publishNotReadyAddresses: true }));
    await env.pods.create('default', podSpec('pub-0', { app: 'pub' }));
    await env.kubelet.waitRunning('default', 'pub-0');
    await env.kubelet.setReady('default', 'pub-0', false);
    await eventually(async () => (await env.endpoints.get('default', 'pub')).subsets?.[0]?.addresses?.[0]?.ip === env.kubelet.podIP('default', 'pub-0'));
    const manual = await env.endpoints.get('default', 'manual');
    assert.deepEqual(manual.subsets, [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
    assert.equal(manual.metadata.labels, undefined);
  });

  it('deletes its own Endpoints when the Service loses its selector', async () => {
    await env.services.create('default', serviceSpec('lose', { app: 'lose' }));
    await eventually(async () => env.endpoints.get('default', 'lose'));
    await env.services.patch('default', 'lose', 'merge', { spec: { selector: null } });
    await eventually(async () => env.endpoints.get('default', 'lose').then(() => false, (e) => e.reason === 'NotFound'));
  });
});

describe('Endpoints subsets', () => {
  const a = (i: number) => ({ ip: `10.0.${i >> 8}.${i & 255}`, targetRef: { kind: 'Pod', name: `p${i}`, uid: `u${i}` } });
  it('repacks per-port subsets into groups of identical address sets, not-ready winning', () => {
    const http = { name: 'http', port: 80, protocol: 'TCP' }, dns = { name: 'dns', port: 53, protocol: 'UDP' };
    const out = repackSubsets([
      { addresses: [a(2)], ports: [http] },
      { addresses: [a(1)], ports: [http] },
      { addresses: [a(1)], ports: [dns] },
      { notReadyAddresses: [a(2)], ports: [dns] },
      { addresses: [a(2)], ports: [dns] },
    ]);
    assert.deepEqual(out, [{ addresses: [a(1)], notReadyAddresses: [a(2)], ports: [dns] }, { addresses: [a(1), a(2)], ports: [http] }]);
  });

  it('truncates to 1000 addresses, ready first, in proportion across subsets', () => {
    const mk = (from: number, n: number) => Array.from({ length: n }, (_, i) => a(from + i));
    const subsets: EndpointSubset[] = [
      { addresses: mk(0, 600), notReadyAddresses: mk(5000, 100), ports: [{ port: 80 }] },
      { addresses: mk(1000, 300), notReadyAddresses: mk(6000, 300), ports: [{ port: 81 }] },
    ];
    assert.equal(truncateSubsets(subsets), true);
    // 900 ready kept; 100 not-ready places split 100:300 → ceil(25) and the remaining 75.
    assert.deepEqual(subsets.map((s) => [s.addresses?.length, s.notReadyAddresses?.length]), [[600, 25], [300, 75]]);
    const tooReady: EndpointSubset[] = [{ addresses: mk(0, 1500), notReadyAddresses: mk(5000, 10), ports: [{ port: 80 }] }];
    assert.equal(truncateSubsets(tooReady), true);
    assert.deepEqual([tooReady[0]!.addresses!.length, tooReady[0]!.notReadyAddresses], [1000, undefined]);
    assert.equal(truncateSubsets([{ addresses: mk(0, 1000), ports: [{ port: 80 }] }]), false);
  });
});
