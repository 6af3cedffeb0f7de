// Reading with the real kubectl: tables, output formats, watch, describe, discovery, explain.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Cluster, eventually, kubectlPath, needsKubectl } from './harness.ts';

describe('kubectl reads', { skip: needsKubectl }, () => {
  let c: Cluster;
  before(async () => {
    c = await Cluster.start();
    const file = await c.writeFile('objs.yaml', `apiVersion: v1
kind: Service
metadata:
  name: db
  labels: {app: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports:
  - {name: pg, port: 5432}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: db, image: postgres:16}
`);
    await c.k(['apply', '-f', file]);
  });
  after(async () => {
    await c?.stop();
  });

  it('prints the usual columns for every kind', async () => {
    const out = await c.k(['get', 'ns,pods,svc,deploy,rs,endpointslices,endpoints,nodes,events', '-A']);
    assert.match(out, /^NAME\s+STATUS\s+AGE$/m);
    assert.match(out, /^\s*namespace\/default\s+Active\s+\d+s$/m);
    assert.match(out, /^NAMESPACE\s+NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    assert.match(out, /^default\s+service\/db\s+ClusterIP\s+None\s+<none>\s+5432\/TCP\s+\d+s$/m);
    assert.match(out, /^NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    // The controllers may already have acted: the shape of the row is what is checked.
    assert.match(out, /^default\s+deployment.apps\/db\s+\d\/2\s+\d\s+\d\s+\d+s$/m);
  });

  it('-o wide adds the selector column', async () => {
    const out = await c.k(['get', 'svc', 'db', '-o', 'wide']);
    assert.match(out, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/m);
    assert.match(out, /^db\s+ClusterIP\s+None\s+<none>\s+5432\/TCP\s+\d+s\s+app=db$/m);
  });

  it('-o yaml, json, name and jsonpath', async () => {
    const yaml = await c.k(['get', 'svc', 'db', '-o', 'yaml']);
    assert.match(yaml, /^apiVersion: v1\nkind: Service\n/);
    assert.doesNotMatch(yaml, /managedFields/);
    const json = JSON.parse(await c.k(['get', 'svc', '-o', 'json']));
    assert.equal(json.kind, 'List');
    assert.equal(json.items[0].metadata.name, 'db');
    assert.equal(await c.k(['get', 'svc,deploy', '-o', 'name']), 'service/db\nservice/kubernetes\ndeployment.apps/db\n');
    assert.equal(await c.k(['get', 'deploy', 'db', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'postgres:16');
  });

  it('-l and --field-selector filter lists', async () => {
    assert.equal(await c.k(['get', 'svc', '-l', 'app in (db,web)', '-o', 'name']), 'service/db\n');
    const none = await c.kubectl(['get', 'svc', '-l', 'app=nothing']);
    assert.equal(none.stderr, 'No resources found in default namespace.\n');
    assert.equal(await c.k(['get', 'ns', '--field-selector', 'metadata.name=kube-system', '-o', 'name']), 'namespace/kube-system\n');
    const bad = await c.kubectl(['get', 'svc', '--field-selector', 'spec.bogus=1']);
    assert.match(bad.stderr, /field label not supported: spec.bogus/);
  });

  it('get -w shows changes as they happen', async () => {
    const watcher = spawn(kubectlPath, ['get', 'svc', '-w', '--cache-dir', `${c.dataDir}/wcache`], { env: { ...process.env, KUBECONFIG: c.kubeconfig } });
    let out = '';
    watcher.stdout.on('data', (d) => (out += d));
    try {
      await eventually(async () => out.includes('db'), 10_000, 'initial row');
      await c.k(['label', 'svc', 'db', 'seen=yes']);
      await c.k(['create', 'service', 'clusterip', 'late', '--clusterip=None']);
      await eventually(async () => /late\s+ClusterIP\s+None/.test(out), 10_000, 'the new service in the watch');
      assert.match(out, /^NAME\s+TYPE\s+CLUSTER-IP/m);
    } finally {
      watcher.kill();
    }
  });

  it('describe shows the service', async () => {
    const out = await c.k(['describe', 'svc', 'db']);
    assert.match(out, /^Name:\s+db$/m);
    assert.match(out, /^Namespace:\s+default$/m);
    assert.match(out, /^Selector:\s+app=db$/m);
    assert.match(out, /^Port:\s+pg\s+5432\/TCP$/m);
  });

  it('api-resources lists what is served', async () => {
    const out = await c.k(['api-resources']);
    assert.match(out, /^services\s+svc\s+v1\s+true\s+Service$/m);
    assert.match(out, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(out, /^endpointslices\s+discovery.k8s.io\/v1\s+true\s+EndpointSlice$/m);
    assert.match(out, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
  });

  it('explain service.spec prints the documentation', async () => {
    const out = await c.k(['explain', 'service.spec']);
    assert.match(out, /^KIND:\s+Service$/m);
    assert.match(out, /^FIELD:\s+spec <ServiceSpec>$/m);
    assert.match(out, /clusterIP\s+<string>/);
  });

  it('kubectl create <kind> sends protobuf, and it is understood', async () => {
    assert.equal(await c.k(['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080', '--dry-run=server', '-o', 'jsonpath={.spec.ports[0].nodePort} {.spec.ports[0].targetPort}']), '30080 8080');
    assert.equal(await c.k(['create', 'namespace', 'team-a']), 'namespace/team-a created\n');
    assert.equal(await c.k(['create', 'deployment', 'api', '-n', 'team-a', '--image=nginx', '--replicas=3', '--port=80']), 'deployment.apps/api created\n');
    const d = JSON.parse(await c.k(['get', 'deploy', 'api', '-n', 'team-a', '-o', 'json']));
    assert.equal(d.spec.replicas, 3);
    assert.deepEqual(d.spec.selector, { matchLabels: { app: 'api' } });
    assert.equal(d.spec.template.spec.containers[0].ports[0].containerPort, 80);
  });

  it('scale and the scale subresource', async () => {
    assert.equal(await c.k(['scale', 'deploy', 'db', '--replicas=5']), 'deployment.apps/db scaled\n');
    assert.equal(await c.k(['get', 'deploy', 'db', '-o', 'jsonpath={.spec.replicas}']), '5');
    const r = await c.kubectl(['scale', 'deploy', 'db', '--current-replicas=4', '--replicas=1']);
    assert.match(r.stderr, /Expected replicas to be 4, was 5/);
  });
});
