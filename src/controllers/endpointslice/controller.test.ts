// The EndpointSlice controller against an in-process API server, with a fake kubelet running
// the pods: what a slice says about each pod, how endpoints are packed, what is not rewritten,
// and Portico's EndpointsReady condition and warnings.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EndpointSliceController } from './controller.ts';
import { endpointSummary, eventually, podSpec, serviceSpec, slicesOf, startEnv, type Env } from './testkit.ts';

describe('EndpointSlice controller', () => {
  let env: Env;
  before(async () => {
    env = await startEnv([(ctx) => new EndpointSliceController(ctx, { maxEndpointsPerSlice: 3 })], { holdTermination: true, zone: 'zone-a' });
  });
  after(async () => {
    await env?.stop();
  });

  const conditionOf = async (name: string) => ((await env.services.get('default', name)).status?.conditions ?? []).find((c: { type: string }) => c.type === 'portico.dev/EndpointsReady');
  const warnings = async (name: string) =>
    (await env.events.list('default')).items.filter((e) => e.involvedObject.name === name && e.type === 'Warning').map((e) => `${e.reason}: ${e.message} x${e.count}`);

  it('publishes every field of a ready pod', async () => {
    await env.services.create('default', { ...serviceSpec('fields', { app: 'fields' }, [{ name: 'http', port: 80, targetPort: 8080, appProtocol: 'http' }]), metadata: { name: 'fields', labels: { team: 'a' } } });
    await env.pods.create('default', podSpec('fields-0', { app: 'fields' }, { hostname: 'fields-0', subdomain: 'fields' }));
    await env.pods.create('default', podSpec('fields-1', { app: 'fields' }, { hostname: 'other', subdomain: 'elsewhere' }));
    const [slice] = await eventually(async () => {
      const s = await slicesOf(env, 'fields');
      return s.length === 1 && s[0]!.endpoints?.length === 2 && s[0]!.endpoints.every((e: { conditions: { ready: boolean } }) => e.conditions.ready) && s;
    });
    const svc = await env.services.get('default', 'fields');
    assert.equal(slice!.metadata.generateName, 'fields-');
    assert.match(slice!.metadata.name, /^fields-[a-z0-9]{5}$/);
    assert.deepEqual(slice!.metadata.labels, { team: 'a', 'kubernetes.io/service-name': 'fields', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    assert.deepEqual(slice!.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'fields', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.match(slice!.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(slice!.addressType, 'IPv4');
    assert.deepEqual(slice!.ports, [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }]);
    const pod0 = await env.pods.get('default', 'fields-0');
    const ep0 = slice!.endpoints.find((e: { targetRef: { name: string } }) => e.targetRef.name === 'fields-0');
    assert.deepEqual(ep0, {
      addresses: [pod0.status.podIP],
      conditions: { ready: true, serving: true, terminating: false },
      hostname: 'fields-0',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'fields-0', uid: pod0.metadata.uid },
      nodeName: 'node-1',
      zone: 'zone-a',
    });
    const ep1 = slice!.endpoints.find((e: { targetRef: { name: string } }) => e.targetRef.name === 'fields-1');
    assert.equal(ep1.hostname, undefined, 'subdomain must name the Service');
  });

  it('packs at most maxEndpointsPerSlice per slice and refills freed room instead of creating slices', async () => {
    await env.services.create('default', serviceSpec('pack', { app: 'pack' }));
    for (let i = 0; i < 7; i++) await env.pods.create('default', podSpec(`pack-${i}`, { app: 'pack' }));
    const full = await eventually(async () => {
      const s = await slicesOf(env, 'pack');
      return endpointSummary(s).filter((l) => l.includes('r=true')).length === 7 && s;
    });
    // How 7 endpoints spread depends on how the pods arrived (upstream never rebalances), but
    // no slice holds more than 3 and no slice is wasted.
    assert.ok(full.every((s) => s.endpoints.length >= 1 && s.endpoints.length <= 3));
    assert.ok(full.length >= 3 && full.length <= 4);
    const names = full.map((s) => s.metadata.name).sort();
    // Remove one pod, add another: the freed room is reused, no slice is created or deleted.
    await env.pods.delete('default', 'pack-0', { gracePeriodSeconds: 0 });
    await env.pods.create('default', podSpec('pack-7', { app: 'pack' }));
    const after = await eventually(async () => {
      const s = await slicesOf(env, 'pack');
      const sum = endpointSummary(s);
      return sum.length === 7 && sum.some((l) => l.startsWith('pack-7') && l.includes('r=true')) && !sum.some((l) => l.startsWith('pack-0 ')) && s;
    });
    assert.deepEqual(after.map((s) => s.metadata.name).sort(), names);
    assert.ok(after.every((s) => s.endpoints.length <= 3));
  });

  it('resolves a named targetPort on each pod and groups endpoints by their port set', async () => {
    await env.services.create('default', serviceSpec('named', { app: 'named' }, [{ name: 'web', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }]));
    await env.pods.create('default', podSpec('named-a', { app: 'named' }, { ports: [{ name: 'http', containerPort: 8080 }] }));
    await env.pods.create('default', podSpec('named-b', { app: 'named' }, { ports: [{ name: 'http', containerPort: 8081 }] }));
    await env.pods.create('default', podSpec('named-c', { app: 'named' }, { ports: [{ name: 'http', containerPort: 8080, protocol: 'UDP' }] }));
    const slices = await eventually(async () => {
      const s = await slicesOf(env, 'named');
      return endpointSummary(s).length === 3 && s;
    });
    assert.deepEqual(endpointSummary(slices).map((l) => `${l.split(' ')[0]} ${l.split(' ').pop()}`), ['named-a [metrics:9090,web:8080]', 'named-b [metrics:9090,web:8081]', 'named-c [metrics:9090]']);
  });

  it('reports unready and terminating pods, and publishNotReadyAddresses makes them all ready', async () => {
    await env.services.create('default', serviceSpec('cond', { app: 'cond' }));
    await env.services.create('default', serviceSpec('condpub', { app: 'cond' }, undefined, { publishNotReadyAddresses: true }));
    await env.pods.create('default', podSpec('cond-ready', { app: 'cond' }));
    await env.pods.create('default', podSpec('cond-unready', { app: 'cond' }));
    await env.pods.create('default', podSpec('cond-going', { app: 'cond' }));
    await env.kubelet.waitRunning('default', 'cond-unready');
    await env.kubelet.setReady('default', 'cond-unready', false);
    await env.kubelet.waitRunning('default', 'cond-going');
    await env.pods.delete('default', 'cond-going', {}); // held terminating by the fake kubelet
    const summary = (s: string[]) => s.map((l) => l.split(' ').filter((_, i) => i !== 1).join(' '));
    await eventually(async () => {
      const got = summary(endpointSummary(await slicesOf(env, 'cond')));
      assert.deepEqual(got, ['cond-going r=false s=true t=true [:8080]', 'cond-ready r=true s=true t=false [:8080]', 'cond-unready r=false s=false t=false [:8080]']);
      return true;
    });
    await eventually(async () => {
      const got = summary(endpointSummary(await slicesOf(env, 'condpub')));
      assert.deepEqual(got, ['cond-going r=true s=true t=true [:8080]', 'cond-ready r=true s=true t=false [:8080]', 'cond-unready r=true s=false t=false [:8080]']);
      return true;
    });
    await env.kubelet.finishTermination('default', 'cond-going');
    await eventually(async () => endpointSummary(await slicesOf(env, 'cond')).length === 2);
  });

  it('does not rewrite a slice when nothing it says has changed', async () => {
    await env.services.create('default', serviceSpec('quiet', { app: 'quiet' }));
    await env.pods.create('default', podSpec('quiet-0', { app: 'quiet' }));
    const [before] = await eventually(async () => {
      const s = await slicesOf(env, 'quiet');
      return endpointSummary(s).some((l) => l.includes('r=true')) && s;
    });
    // A pod change the slice does not show, and a Service change that does not matter.
    await env.pods.patch('default', 'quiet-0', 'merge', { metadata: { annotations: { touched: 'yes' } } });
    await env.services.patch('default', 'quiet', 'merge', { metadata: { annotations: { touched: 'yes' } } });
    // A later change to another Service proves the controller has processed the events above.
    await env.services.create('default', serviceSpec('quiet-marker', { app: 'quiet-marker' }));
    await eventually(async () => (await slicesOf(env, 'quiet-marker')).length === 1);
    const [after] = await slicesOf(env, 'quiet');
    assert.equal(after!.metadata.resourceVersion, before!.metadata.resourceVersion);
    // A Service label is copied, though.
    await env.services.patch('default', 'quiet', 'merge', { metadata: { labels: { tier: 'web' } } });
    await eventually(async () => (await slicesOf(env, 'quiet'))[0]?.metadata.labels.tier === 'web');
  });

  it('keeps one empty placeholder slice when nothing is selected, and removes its slices when the selector goes', async () => {
    await env.services.create('default', serviceSpec('empty', { app: 'nobody' }));
    const [placeholder] = await eventually(async () => {
      const s = await slicesOf(env, 'empty');
      return s.length === 1 && s;
    });
    assert.deepEqual([placeholder!.endpoints ?? [], placeholder!.ports ?? []], [[], []]);
    await env.services.patch('default', 'empty', 'merge', { spec: { selector: null } });
    await eventually(async () => (await slicesOf(env, 'empty')).length === 0);
    await eventually(async () => (await conditionOf('empty')) === undefined);
  });

  it('explains a Service with nothing to serve, once, and says True when it recovers', async () => {
    await env.services.create('default', serviceSpec('kind', { app: 'kind' }, [{ name: 'http', port: 80, targetPort: 'http' }]));
    await eventually(async () => (await conditionOf('kind'))?.reason === 'NoMatchingPods');
    assert.deepEqual(await conditionOf('kind').then((c) => [c.status, c.message]), ['False', 'selector app=kind matches no pods in namespace default']);
    await env.pods.create('default', podSpec('kind-0', { app: 'kind' }));
    const c = await eventually(async () => {
      const c = await conditionOf('kind');
      return c?.reason === 'TargetPortNotFound' && c;
    });
    assert.equal(c.message, 'no pod selected by app=kind declares a container port named "http"');
    await env.pods.create('default', podSpec('kind-1', { app: 'kind' }, { ports: [{ name: 'http', containerPort: 8080 }] }));
    await env.kubelet.waitRunning('default', 'kind-1');
    await env.kubelet.setReady('default', 'kind-1', false);
    await env.pods.delete('default', 'kind-0', { gracePeriodSeconds: 0 });
    const nr = await eventually(async () => {
      const c = await conditionOf('kind');
      return c?.reason === 'NoReadyPods' && c;
    });
    assert.equal(nr.message, '1 pod matches app=kind but none is ready (kind-1: ContainersNotReady containers with unready status: [app])');
    await env.kubelet.setReady('default', 'kind-1', true);
    const ok = await eventually(async () => {
      const c = await conditionOf('kind');
      return c?.status === 'True' && c;
    });
    assert.equal(ok.reason, 'EndpointsReady');
    assert.equal(ok.message, '1 of 1 pods selected by app=kind is ready');
    assert.match(ok.lastTransitionTime, /Z$/);
    await eventually(async () => (await warnings('kind')).length === 3);
    assert.deepEqual((await warnings('kind')).sort(), [
      'NoMatchingPods: selector app=kind matches no pods in namespace default x1',
      'NoReadyPods: 1 pod matches app=kind but none is ready (kind-1: ContainersNotReady containers with unready status: [app]) x1',
      'TargetPortNotFound: no pod selected by app=kind declares a container port named "http" x1',
    ]);
  });
});

