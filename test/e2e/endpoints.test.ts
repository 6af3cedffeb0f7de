// Endpoints with the real kubectl: the seed article's Deployment + Service gets an
// EndpointSlice listing its three pods, a deleted pod leaves it at once, `kubectl describe`
// shows the addresses, a selectorless Service keeps its hand-written slice, and a Service
// that selects nothing says so in its events. The fake kubelet plays the node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, eventually, needsKubectl } from './harness.ts';
import { seedDeployment, seedService } from './seeds.ts';
import { FakeKubelet } from './fake-kubelet.ts';

if (needsKubectl) console.log(`# skipping endpoints e2e: ${needsKubectl}`);

describe('Endpoints with the real kubectl', { skip: needsKubectl }, () => {
  let c: Cluster;
  let kubelet: FakeKubelet;
  before(async () => {
    c = await Cluster.start();
    // portico up's own node agent hands out 127.244.0.0/24; this fake node uses .1.0/24.
    kubelet = await FakeKubelet.start(c, 'node-1', { subnet: 1 });
  });
  after(async () => {
    await kubelet?.stop();
    await c?.stop();
  });

  const slicesJSON = async (svc: string) => JSON.parse(await c.k(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`, '-o', 'json'])).items as any[];
  const readyPods = (slices: any[]) =>
    slices
      .flatMap((s) => s.endpoints ?? [])
      .filter((e: any) => e.conditions?.ready)
      .map((e: any) => e.targetRef.name)
      .sort();

  it("lists the seed Deployment's three pods in the Service's EndpointSlice, and drops a deleted one at once", async () => {
    // Keep the pods on the fake node, whose readiness the test controls: cordon the others
    // (portico up's own agent node runs real processes on its own schedule).
    for (const n of (await c.k(['get', 'nodes', '-o', 'name'])).split('\n').filter((x) => x && x !== 'node/node-1')) await c.k(['cordon', n]);
    await c.k(['apply', '-f', await c.writeFile('seed003.yaml', `${seedDeployment}---\n${seedService}`)]);
    const pods = await eventually(async () => {
      const list = JSON.parse(await c.k(['get', 'pods', '-l', 'app=my-app', '-o', 'json'])).items as any[];
      return list.length === 3 && list.every((p) => p.status.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True')) && list;
    }, 20_000, 'three ready pods');
    const names = pods.map((p) => p.metadata.name).sort();
    const slices = await eventually(async () => {
      const s = await slicesJSON('my-app-service');
      return readyPods(s).join() === names.join() && s;
    }, 10_000, 'the slice to list the three pods');
    assert.equal(slices.length, 1);
    const [slice] = slices;
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.ports, [{ name: '', port: 80, protocol: 'TCP' }]);
    assert.equal(slice.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.deepEqual(slice.endpoints.map((e: any) => e.addresses[0]).sort(), pods.map((p) => p.status.podIP).sort());

    const described = await c.k(['describe', 'svc', 'my-app-service']);
    const line = /^Endpoints:\s+(\S+)$/m.exec(described);
    assert.ok(line, described);
    assert.deepEqual(line[1]!.split(',').sort(), pods.map((p) => `${p.status.podIP}:80`).sort());

    const gone = names[0]!;
    await c.k(['delete', 'pod', gone, '--wait=false']);
    // Within a second the slice no longer offers the deleted pod.
    await eventually(async () => !readyPods(await slicesJSON('my-app-service')).includes(gone), 1_000, `${gone} to leave the slice`);
  });

  it("keeps a selectorless Service's hand-written EndpointSlice untouched (seed 002)", async () => {
    const manifest = `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  ports:
    - name: http
      protocol: TCP
      port: 80
      targetPort: 9376
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: my-service-1 # by convention, use the name of the Service
  labels:
    kubernetes.io/service-name: my-service
addressType: IPv4
ports:
  - name: http # should match with the name of the service port defined above
    appProtocol: http
    protocol: TCP
    port: 9376
endpoints:
  - addresses:
      - "10.4.5.6"
  - addresses:
      - "10.1.2.3"
`;
    await c.k(['apply', '-f', await c.writeFile('seed002.yaml', manifest)]);
    const before = await slicesJSON('my-service');
    // A later Service the controllers do act on shows they have seen my-service by now.
    await c.k(['create', 'service', 'clusterip', 'marker', '--tcp=80:80']);
    await c.k(['set', 'selector', 'service', 'marker', 'app=marker']);
    await eventually(async () => (await slicesJSON('marker')).length === 1, 10_000, 'a slice for marker');
    const after = await slicesJSON('my-service');
    assert.equal(after.length, 1);
    assert.equal(after[0].metadata.name, 'my-service-1');
    assert.equal(after[0].metadata.resourceVersion, before[0].metadata.resourceVersion);
    assert.deepEqual(after[0].endpoints.map((e: any) => e.addresses[0]), ['10.4.5.6', '10.1.2.3']);
    assert.match(await c.k(['describe', 'svc', 'my-service']), /^Endpoints:\s+10\.4\.5\.6:9376,10\.1\.2\.3:9376$/m);
  });

  it('shows why a Service that selects nothing has no endpoints', async () => {
    await c.k(['create', 'service', 'clusterip', 'lonely', '--tcp=80:8080']);
    await c.k(['set', 'selector', 'service', 'lonely', 'app=nobody']);
    const described = await eventually(async () => {
      const d = await c.k(['describe', 'svc', 'lonely']);
      return /NoMatchingPods/.test(d) && d;
    }, 10_000, 'the NoMatchingPods event');
    assert.match(described, /Warning\s+NoMatchingPods\s+\S+\s+endpointslice-controller\s+selector app=nobody matches no pods in namespace default/);
    // kubectl 1.32 reads the (empty placeholder) EndpointSlice and prints nothing after it.
    assert.match(described, /^Endpoints:[ \t]*(<none>)?$/m);
  });
});
