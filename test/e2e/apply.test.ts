// kubectl apply / edit / patch / label / annotate / delete against `portico up`, as a user runs them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, needsKubectl } from './harness.ts';

const manifest = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  clusterIP: None
  ports:
  - name: http
    port: 80
    targetPort: 80
`;

describe('kubectl apply and friends', { skip: needsKubectl }, () => {
  let c: Cluster;
  before(async () => {
    c = await Cluster.start();
  });
  after(async () => {
    await c?.stop();
  });

  it('apply creates every document of a multi-document manifest', async () => {
    const file = await c.writeFile('app.yaml', manifest);
    const out = await c.k(['apply', '-f', file]);
    assert.equal(out, 'namespace/shop created\ndeployment.apps/web created\nservice/web created\n');
  });

  it('applying the same manifest again reports unchanged', async () => {
    const file = await c.writeFile('app.yaml', manifest);
    const out = await c.k(['apply', '-f', file]);
    assert.equal(out, 'namespace/shop unchanged\ndeployment.apps/web unchanged\nservice/web unchanged\n');
  });

  it('applying a changed manifest reports configured, and changes only what changed', async () => {
    const file = await c.writeFile('app2.yaml', manifest.replace('replicas: 2', 'replicas: 4').replace('port: 80\n    targetPort: 80', 'port: 8080\n    targetPort: 80'));
    const out = await c.k(['apply', '-f', file]);
    assert.equal(out, 'namespace/shop unchanged\ndeployment.apps/web configured\nservice/web configured\n');
    const deploy = JSON.parse(await c.k(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
    assert.equal(deploy.spec.replicas, 4);
    assert.equal(deploy.metadata.generation, 2);
    const svc = JSON.parse(await c.k(['get', 'svc', 'web', '-n', 'shop', '-o', 'json']));
    assert.deepEqual(svc.spec.ports.map((p: { port: number }) => p.port), [8080]);
  });

  it('patch works with all three patch types, and says (no change) for a no-op', async () => {
    assert.equal(await c.k(['patch', 'deploy', 'web', '-n', 'shop', '-p', '{"spec":{"replicas":3}}']), 'deployment.apps/web patched\n');
    assert.equal(await c.k(['patch', 'deploy', 'web', '-n', 'shop', '--type', 'merge', '-p', '{"spec":{"minReadySeconds":5}}']), 'deployment.apps/web patched\n');
    assert.equal(await c.k(['patch', 'deploy', 'web', '-n', 'shop', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":1}]']), 'deployment.apps/web patched\n');
    // "(no change)" needs an object no controller writes meanwhile (the Deployment's status
    // changes as its controller works), so the namespace shows it.
    assert.equal(await c.k(['patch', 'ns', 'shop', '--type', 'merge', '-p', '{"metadata":{"labels":{"team":"a"}}}']), 'namespace/shop patched\n');
    assert.equal(await c.k(['patch', 'ns', 'shop', '--type', 'merge', '-p', '{"metadata":{"labels":{"team":"a"}}}']), 'namespace/shop patched (no change)\n');
    const d = JSON.parse(await c.k(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
    assert.equal(d.spec.replicas, 1);
    assert.equal(d.spec.minReadySeconds, 5);
  });

  it('strategic merge patch merges containers by name', async () => {
    await c.k(['set', 'image', 'deploy/web', '-n', 'shop', 'web=nginx:1.28']);
    const d = JSON.parse(await c.k(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
    assert.equal(d.spec.template.spec.containers.length, 1);
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.28');
    assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('label and annotate', async () => {
    assert.equal(await c.k(['label', 'svc', 'web', '-n', 'shop', 'tier=frontend']), 'service/web labeled\n');
    assert.equal(await c.k(['annotate', 'svc', 'web', '-n', 'shop', 'owner=team-a']), 'service/web annotated\n');
    assert.equal(await c.k(['get', 'svc', 'web', '-n', 'shop', '-o', 'jsonpath={.metadata.labels.tier} {.metadata.annotations.owner}']), 'frontend team-a');
    assert.equal(await c.k(['label', 'svc', 'web', '-n', 'shop', 'tier-']), 'service/web unlabeled\n');
  });

  it('edit changes the object through the editor', async () => {
    const editor = await c.writeFile('editor.sh', '#!/bin/sh\nsed -i "s/owner: team-a/owner: team-b/" "$1"\n');
    await import('node:fs/promises').then((fs) => fs.chmod(editor, 0o755));
    const out = await c.k(['edit', 'svc', 'web', '-n', 'shop'], { env: { KUBE_EDITOR: editor } });
    assert.equal(out, 'service/web edited\n');
    assert.equal(await c.k(['get', 'svc', 'web', '-n', 'shop', '-o', 'jsonpath={.metadata.annotations.owner}']), 'team-b');
  });

  it('server-side apply creates and updates', async () => {
    const cm = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ssa\n  namespace: shop\nspec:\n  clusterIP: None\n  ports:\n  - port: 53\n    protocol: UDP\n`;
    const file = await c.writeFile('ssa.yaml', cm);
    assert.equal(await c.k(['apply', '--server-side', '-f', file]), 'service/ssa serverside-applied\n');
    assert.equal(await c.k(['apply', '--server-side', '-f', file]), 'service/ssa serverside-applied\n');
  });

  it('dry-run=server writes nothing', async () => {
    const file = await c.writeFile('dry.yaml', manifest.replace(/name: web/g, 'name: dry'));
    await c.k(['apply', '--dry-run=server', '-f', file]);
    const r = await c.kubectl(['get', 'deploy', 'dry', '-n', 'shop']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error from server \(NotFound\): deployments.apps "dry" not found/);
  });

  it('strict field validation rejects unknown fields with the Kubernetes message', async () => {
    const file = await c.writeFile('bogus.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: bogus\nspec:\n  bogusField: 1\n  ports:\n  - port: 80\n`);
    const r = await c.kubectl(['create', '-f', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error from server \(BadRequest\): error when creating ".*bogus.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.bogusField"/);
    const warn = await c.kubectl(['create', '--validate=warn', '-f', file]);
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stderr, /Warning: unknown field "spec.bogusField"/);
  });

  it('delete -f deletes what the manifest names, and the namespace takes its content with it', async () => {
    const file = await c.writeFile('app.yaml', manifest);
    const out = await c.k(['delete', '-f', file]);
    assert.equal(out, 'namespace "shop" deleted\ndeployment.apps "web" deleted\nservice "web" deleted\n');
    const r = await c.kubectl(['get', 'ns', 'shop']);
    assert.match(r.stderr, /namespaces "shop" not found/);
  });
});
