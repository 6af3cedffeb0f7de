// `portico up` keeps everything across restarts, stops cleanly on SIGTERM, and rejects
// what Kubernetes rejects with the same words.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Cluster, needsKubectl } from './harness.ts';

const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

describe('a cluster that restarts', { skip: needsKubectl }, () => {
  let c: Cluster;
  before(async () => {
    c = await Cluster.start();
  });
  after(async () => {
    await c?.stop();
  });

  it('brings back every object exactly after a restart', async () => {
    // Objects no controller or agent changes, so "exactly" can be checked to the byte:
    // names, uids, resourceVersions, the allocated ClusterIP and NodePort.
    await c.k(['create', 'namespace', 'keep']);
    const file = await c.writeFile('keep.yaml', `apiVersion: v1
kind: Service
metadata: {name: web, namespace: keep}
spec:
  type: NodePort
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: holder, namespace: keep}
spec: {holderIdentity: me, leaseDurationSeconds: 30}
`);
    await c.k(['apply', '-f', file]);
    const snapshot = async () => JSON.parse(await c.k(['get', 'namespace/keep', 'service/web', 'lease/holder', '-n', 'keep', '-o', 'json'])).items;
    const before = await snapshot();
    assert.ok(before[1].spec.clusterIP && before[1].spec.ports[0].nodePort);
    assert.equal(await c.shutdown('SIGTERM'), 0);
    await c.boot();
    assert.deepEqual(await snapshot(), before);
  });

  it('writes a kubeconfig with the portico cluster, user and context', async () => {
    const text = await readFile(c.kubeconfig, 'utf8');
    assert.match(text, /current-context: portico/);
    assert.equal(await c.k(['config', 'current-context']), 'portico\n');
  });

  it('serves health endpoints', async () => {
    for (const path of ['/readyz', '/livez', '/healthz']) {
      const res = await fetch(c.url + path);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'ok');
    }
  });

  it('rejects the seed Deployment without a selector exactly as Kubernetes does', async () => {
    const article = await readFile(join(seeds, '003_d8647b8a5861ac33.txt'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(article)![1]!;
    const file = await c.writeFile('seed3.yaml', yaml);
    const r = await c.kubectl(['apply', '-f', file]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'service/my-app-service created\n');
    assert.equal(
      r.stderr,
      'The Deployment "my-app-deployment" is invalid: \n' +
        '* spec.selector: Required value\n' +
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"my-app"}: `selector` does not match template `labels`\n',
    );
  });
});
