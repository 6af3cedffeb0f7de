// The Service API as a kubectl user sees it: allocation, defaulting, validation messages,
// type changes, and the seed articles' examples.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, needsKubectl } from './harness.ts';

const clusterIPPattern = /^127\.96\.\d+\.\d+$/;

describe('Services with the real kubectl', { skip: needsKubectl }, () => {
  let c: Cluster;
  before(async () => {
    c = await Cluster.start();
  });
  after(async () => {
    await c?.stop();
  });

  const svc = async (name: string) => JSON.parse(await c.k(['get', 'svc', name, '-o', 'json']));

  it('kubectl create service makes each type as Kubernetes would', async () => {
    await c.k(['create', 'service', 'clusterip', 'cs1', '--tcp=80:8080']);
    await c.k(['create', 'service', 'nodeport', 'np1', '--tcp=80:8080']);
    await c.k(['create', 'service', 'loadbalancer', 'lb1', '--tcp=443:8443']);
    await c.k(['create', 'service', 'externalname', 'ex1', '--external-name=db.example.com']);
    const cs1 = await svc('cs1');
    assert.match(cs1.spec.clusterIP, clusterIPPattern);
    assert.deepEqual(cs1.spec.clusterIPs, [cs1.spec.clusterIP]);
    assert.deepEqual(cs1.spec.ipFamilies, ['IPv4']);
    assert.equal(cs1.spec.ipFamilyPolicy, 'SingleStack');
    assert.equal(cs1.spec.internalTrafficPolicy, 'Cluster');
    assert.equal(cs1.spec.sessionAffinity, 'None');
    assert.equal(cs1.spec.externalTrafficPolicy, undefined);
    assert.deepEqual(cs1.spec.ports, [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }]);
    const np1 = await svc('np1');
    assert.ok(np1.spec.ports[0].nodePort >= 30000 && np1.spec.ports[0].nodePort <= 32767);
    assert.equal(np1.spec.externalTrafficPolicy, 'Cluster');
    const lb1 = await svc('lb1');
    assert.equal(lb1.spec.allocateLoadBalancerNodePorts, true);
    assert.ok(lb1.spec.ports[0].nodePort >= 30000);
    const ex1 = await svc('ex1');
    assert.equal(ex1.spec.clusterIP, undefined);
    assert.equal(ex1.spec.ipFamilies, undefined);
    assert.equal(ex1.spec.externalName, 'db.example.com');

    const table = await c.k(['get', 'svc']);
    assert.match(table, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    assert.match(table, new RegExp(`^cs1\\s+ClusterIP\\s+${cs1.spec.clusterIP.replace(/\./g, '\\.')}\\s+<none>\\s+80/TCP\\s+\\d+s$`, 'm'));
    assert.match(table, new RegExp(`^np1\\s+NodePort\\s+\\S+\\s+<none>\\s+80:${np1.spec.ports[0].nodePort}/TCP\\s+\\d+s$`, 'm'));
    assert.match(table, /^lb1\s+LoadBalancer\s+\S+\s+<pending>\s+443:\d+\/TCP\s+\d+s$/m);
    assert.match(table, /^ex1\s+ExternalName\s+<none>\s+db\.example\.com\s+<none>\s+\d+s$/m);
    assert.match(table, /^kubernetes\s+ClusterIP\s+127\.96\.0\.1\s+<none>\s+443\/TCP\s+\d+s$/m);
  });

  it('prints exactly what Kubernetes prints for an invalid Service', async () => {
    const file = await c.writeFile('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: pocket\nspec:\n  ports:\n  - port: 0\n');
    const r = await c.kubectl(['apply', '-f', file]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'The Service "pocket" is invalid: \n' +
        '* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n' +
        '* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n',
    );
    const one = await c.writeFile('bad1.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad1\nspec:\n  ports:\n  - port: 70000\n    targetPort: 80\n');
    const r1 = await c.kubectl(['apply', '-f', one]);
    assert.equal(r1.stderr, 'The Service "bad1" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n');
  });

  it('re-applying the same YAML keeps the allocated clusterIP and nodePorts', async () => {
    const yaml = (label: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {v: "${label}"}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80, targetPort: 8080}\n  - {name: https, port: 443, targetPort: 8443}\n`;
    await c.k(['apply', '-f', await c.writeFile('web1.yaml', yaml('1'))]);
    const first = await svc('web');
    assert.equal(await c.k(['apply', '-f', await c.writeFile('web2.yaml', yaml('2'))]), 'service/web configured\n');
    const second = await svc('web');
    assert.equal(second.spec.clusterIP, first.spec.clusterIP);
    assert.deepEqual(second.spec.ports.map((p: { nodePort: number }) => p.nodePort), first.spec.ports.map((p: { nodePort: number }) => p.nodePort));
    // kubectl replace sends no clusterIP or nodePort either.
    await c.k(['replace', '-f', await c.writeFile('web3.yaml', yaml('3'))]);
    const third = await svc('web');
    assert.equal(third.spec.clusterIP, first.spec.clusterIP);
    assert.deepEqual(third.spec.ports, first.spec.ports);
  });

  it('refuses a nodePort or clusterIP that is taken, with Kubernetes messages', async () => {
    const np1 = await svc('np1');
    const taken = np1.spec.ports[0].nodePort;
    const r = await c.kubectl(['create', 'service', 'nodeport', 'np2', '--tcp=81:81', `--node-port=${taken}`]);
    assert.equal(r.stderr, `error: failed to create NodePort service: Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: ${taken}: provided port is already allocated\n`);
    const ip = (await svc('cs1')).spec.clusterIP;
    const file = await c.writeFile('dupip.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: dupip\nspec:\n  clusterIP: ${ip}\n  ports:\n  - port: 80\n`);
    const r2 = await c.kubectl(['apply', '-f', file]);
    assert.equal(r2.stderr, `The Service "dupip" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated\n`);
    const outside = await c.writeFile('outside.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: outside\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 32918\n');
    assert.equal((await c.kubectl(['apply', '-f', outside])).stderr, 'The Service "outside" is invalid: spec.ports[0].nodePort: Invalid value: 32918: provided port is not in the valid range. The range of valid ports is 30000-32767\n');
  });

  it('type changes drop and allocate what Kubernetes drops and allocates', async () => {
    await c.k(['patch', 'svc', 'np1', '-p', '{"spec":{"type":"ClusterIP"}}']);
    const asClusterIP = await svc('np1');
    assert.equal(asClusterIP.spec.ports[0].nodePort, undefined);
    assert.equal(asClusterIP.spec.externalTrafficPolicy, undefined);
    await c.k(['patch', 'svc', 'np1', '--type=merge', '-p', '{"spec":{"type":"ExternalName","externalName":"x.example.com"}}']);
    const asExternal = await svc('np1');
    assert.equal(asExternal.spec.clusterIP, undefined);
    assert.equal(asExternal.spec.clusterIPs, undefined);
    await c.k(['patch', 'svc', 'np1', '--type=merge', '-p', '{"spec":{"type":"LoadBalancer","externalName":null}}']);
    const asLB = await svc('np1');
    assert.match(asLB.spec.clusterIP, clusterIPPattern);
    assert.ok(asLB.spec.ports[0].nodePort >= 30000);
    assert.equal(asLB.spec.allocateLoadBalancerNodePorts, true);
  });

  it('kubectl expose deployment makes the Service Kubernetes makes', async () => {
    await c.k(['create', 'deployment', 'shop', '--image=nginx', '--port=8080']);
    assert.equal(await c.k(['expose', 'deployment', 'shop', '--port=80', '--target-port=8080', '--type=NodePort']), 'service/shop exposed\n');
    const s = await svc('shop');
    assert.deepEqual(s.spec.selector, { app: 'shop' });
    assert.equal(s.spec.type, 'NodePort');
    assert.equal(s.spec.ports[0].port, 80);
    assert.equal(s.spec.ports[0].targetPort, 8080);
    assert.ok(s.spec.ports[0].nodePort >= 30000);
  });

  it('the seed articles’ Services, Pod and EndpointSlice apply and read back as on Kubernetes', async () => {
    // From seeds 001-003: a plain selector Service, a named targetPort with its Pod, and a
    // hand-written EndpointSlice.
    const file = await c.writeFile('seeds.yaml', `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app.kubernetes.io/name: MyApp
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: nginx-service
spec:
  selector:
    app.kubernetes.io/name: proxy
  ports:
  - name: name-of-service-port
    protocol: TCP
    port: 80
    targetPort: http-web-svc
---
apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app.kubernetes.io/name: proxy
spec:
  containers:
  - name: nginx
    image: nginx:stable
    ports:
      - containerPort: 80
        name: http-web-svc
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: my-service-1
  labels:
    kubernetes.io/service-name: my-service
addressType: IPv4
ports:
  - name: http
    appProtocol: http
    protocol: TCP
    port: 9376
endpoints:
  - addresses:
      - "10.4.5.6"
  - addresses:
      - "10.1.2.3"
`);
    assert.equal(await c.k(['apply', '-f', file]), 'service/my-service created\nservice/nginx-service created\npod/nginx created\nendpointslice.discovery.k8s.io/my-service-1 created\n');
    const my = await svc('my-service');
    assert.equal(my.spec.type, 'ClusterIP');
    assert.deepEqual(my.spec.ports, [{ protocol: 'TCP', port: 80, targetPort: 9376 }]);
    assert.match(my.spec.clusterIP, clusterIPPattern);
    const nginx = await svc('nginx-service');
    assert.equal(nginx.spec.ports[0].targetPort, 'http-web-svc');
    const slice = JSON.parse(await c.k(['get', 'endpointslice', 'my-service-1', '-o', 'json']));
    assert.deepEqual(slice.endpoints, [{ addresses: ['10.4.5.6'] }, { addresses: ['10.1.2.3'] }]);
    assert.equal(await c.k(['apply', '-f', file]), 'service/my-service unchanged\nservice/nginx-service unchanged\npod/nginx unchanged\nendpointslice.discovery.k8s.io/my-service-1 unchanged\n');
  });

  it('deleting a Service gives its address back', async () => {
    const ip = (await svc('cs1')).spec.clusterIP;
    await c.k(['delete', 'svc', 'cs1']);
    const file = await c.writeFile('reuse.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: reuse\nspec:\n  clusterIP: ${ip}\n  ports:\n  - port: 80\n`);
    assert.equal(await c.k(['apply', '-f', file]), 'service/reuse created\n');
  });
});
