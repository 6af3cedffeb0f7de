// The mirroring controller: hand-written Endpoints of selectorless Services become slices;
// skip-mirror, selectors and hand-written slices are respected.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointSliceMirroringController } from './controller.ts';
import { canonicalIP } from './reconciler.ts';
import { endpointSliceController } from '../endpointslice/index.ts';
import { eventually, serviceSpec, slicesOf, startEnv, type Env } from '../endpointslice/testkit.ts';

const mirrored = 'endpointslicemirroring-controller.k8s.io';

describe('EndpointSlice mirroring controller', () => {
  let env: Env;
  before(async () => {
    env = await startEnv([endpointSliceController, endpointSliceMirroringController]);
  });
  after(async () => {
    await env?.stop();
  });

  it('mirrors hand-written Endpoints of a selectorless Service', async () => {
    await env.services.create('default', serviceSpec('db', undefined, [{ name: 'pg', port: 5432 }]));
    const ep = await env.endpoints.create('default', {
      metadata: { name: 'db', labels: { team: 'data' }, annotations: { note: 'by hand', 'endpoints.kubernetes.io/last-change-trigger-time': '2024-01-01T00:00:00Z' } },
      subsets: [{ addresses: [{ ip: '10.9.0.1', hostname: 'db-0' }], notReadyAddresses: [{ ip: '10.9.0.2' }], ports: [{ name: 'pg', port: 5432 }] }],
    });
    const [slice] = await eventually(async () => {
      const s = await slicesOf(env, 'db', mirrored);
      return s.length === 1 && s;
    });
    assert.equal(slice!.metadata.generateName, 'db-');
    assert.deepEqual(slice!.metadata.labels, { team: 'data', 'kubernetes.io/service-name': 'db', 'endpointslice.kubernetes.io/managed-by': mirrored });
    assert.deepEqual(slice!.metadata.annotations, { note: 'by hand' });
    assert.deepEqual(slice!.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Endpoints', name: 'db', uid: ep.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.equal(slice!.addressType, 'IPv4');
    assert.deepEqual(slice!.ports, [{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    assert.deepEqual(slice!.endpoints, [
      { addresses: ['10.9.0.1'], conditions: { ready: true }, hostname: 'db-0' },
      { addresses: ['10.9.0.2'], conditions: { ready: false } },
    ]);
    // The controller publishes nothing of its own for a selectorless Service.
    assert.deepEqual(await slicesOf(env, 'db'), []);
    // Adding a selector removes the mirror.
    await env.services.patch('default', 'db', 'merge', { spec: { selector: { app: 'db' } } });
    await eventually(async () => (await slicesOf(env, 'db', mirrored)).length === 0);
  });

  it('skips Endpoints labelled skip-mirror, and never touches hand-written slices', async () => {
    await env.services.create('default', serviceSpec('skip', undefined));
    await env.endpoints.create('default', { metadata: { name: 'skip', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets: [{ addresses: [{ ip: '10.9.1.1' }], ports: [{ port: 80 }] }] });
    await env.services.create('default', serviceSpec('my-service', undefined, [{ name: 'http', port: 80, targetPort: 9376 }]));
    const manual = await env.slices.create('default', {
      metadata: { name: 'my-service-1', labels: { 'kubernetes.io/service-name': 'my-service' } },
      addressType: 'IPv4',
      ports: [{ name: 'http', appProtocol: 'http', protocol: 'TCP', port: 9376 }],
      endpoints: [{ addresses: ['10.4.5.6'] }, { addresses: ['10.1.2.3'] }],
    });
    // Something the controllers do act on, to know they have seen the objects above.
    await env.services.create('default', serviceSpec('marker2', undefined));
    await env.endpoints.create('default', { metadata: { name: 'marker2' }, subsets: [{ addresses: [{ ip: '10.9.2.1' }], ports: [{ port: 80 }] }] });
    await eventually(async () => (await slicesOf(env, 'marker2', mirrored)).length === 1);
    assert.deepEqual(await slicesOf(env, 'skip', mirrored), []);
    const again = await env.slices.get('default', 'my-service-1');
    assert.equal(again.metadata.resourceVersion, manual.metadata.resourceVersion);
  });

  it('canonicalises addresses as net.ParseIP would', () => {
    assert.deepEqual(canonicalIP('10.0.0.1'), { ip: '10.0.0.1', family: 'IPv4' });
    assert.deepEqual(canonicalIP('2001:DB8:0:0::1'), { ip: '2001:db8::1', family: 'IPv6' });
    assert.deepEqual(canonicalIP('::ffff:10.0.0.1'), { ip: '10.0.0.1', family: 'IPv4' });
    assert.equal(canonicalIP('not-an-ip'), undefined);
    assert.equal(canonicalIP('300.1.1.1'), undefined);
  });
});
