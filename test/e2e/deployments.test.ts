// Deployments with the real kubectl: create, rollout status, scale, set image, history, undo,
// restart — with the scheduler binding pods to the fake kubelet's node, which runs them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeKubelet } from './fake-kubelet.ts';
import { Cluster, eventually, needsKubectl } from './harness.ts';

describe('Deployments with the real kubectl', { skip: needsKubectl }, () => {
  let c: Cluster;
  let kubelet: FakeKubelet;
  before(async () => {
    c = await Cluster.start();
    kubelet = await FakeKubelet.start(c, 'node-1');
  });
  after(async () => {
    await kubelet?.stop();
    await c?.stop();
  });

  const json = async (args: string[]) => JSON.parse(await c.k([...args, '-o', 'json']));
  /** Pods of the Deployment that are not on their way out. */
  const livePods = async () => (await json(['get', 'pods', '-l', 'app=web'])).items.filter((p: any) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
  const replicaSets = async () => (await json(['get', 'rs', '-l', 'app=web'])).items as any[];
  const image = (o: any) => o.spec.template.spec.containers[0].image;
  const rolloutStatus = () => c.k(['rollout', 'status', 'deployment/web', '--timeout=60s']);

  it('kubectl create deployment runs 3 pods and rollout status waits for them', async () => {
    assert.equal(await c.k(['create', 'deployment', 'web', '--image=nginx', '--replicas=3']), 'deployment.apps/web created\n');
    assert.match(await rolloutStatus(), /deployment "web" successfully rolled out\n$/);
    const table = await c.k(['get', 'deploy']);
    assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    assert.match(table, /^web\s+3\/3\s+3\s+3\s+\d+s$/m);
    assert.equal((await livePods()).length, 3);
    const [rs, ...others] = await replicaSets();
    assert.equal(others.length, 0);
    const rsTable = await c.k(['get', 'rs']);
    assert.match(rsTable, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/m);
    assert.match(rsTable, new RegExp(`^${rs.metadata.name}\\s+3\\s+3\\s+3\\s+\\d+s$`, 'm'));
    assert.match(rs.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it('kubectl scale is reflected in the pods', async () => {
    await c.k(['scale', 'deployment/web', '--replicas=5']);
    await eventually(async () => (await livePods()).length === 5, 20_000, '5 pods');
    await rolloutStatus();
    assert.match(await c.k(['get', 'deploy', 'web']), /^web\s+5\/5\s+5\s+5\s+\d+s$/m);
    await c.k(['scale', 'deployment/web', '--replicas=1']);
    await eventually(async () => (await json(['get', 'pods', '-l', 'app=web'])).items.length === 1, 20_000, 'one pod');
    await eventually(async () => /^web\s+1\/1\s+1\s+1\s+\d+s$/m.test(await c.k(['get', 'deploy', 'web'])), 20_000, 'READY 1/1');
    await c.k(['scale', 'deployment/web', '--replicas=3']);
    await rolloutStatus();
  });

  it('kubectl set image rolls out a new ReplicaSet and scales the old one to zero', async () => {
    await c.k(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    assert.match(await rolloutStatus(), /deployment "web" successfully rolled out\n$/);
    const rss = await replicaSets();
    assert.equal(rss.length, 2);
    const fresh = rss.find((rs) => image(rs) === 'nginx:1.27');
    const old = rss.find((rs) => image(rs) === 'nginx');
    assert.equal(fresh.spec.replicas, 3);
    assert.equal(fresh.status.readyReplicas, 3);
    assert.equal(old.spec.replicas, 0);
    assert.equal(fresh.metadata.annotations['deployment.kubernetes.io/revision'], '2');
    await eventually(async () => (await livePods()).every((p: any) => p.spec.containers[0].image === 'nginx:1.27') && (await livePods()).length === 3, 20_000, 'only new pods');
    const d = await json(['get', 'deploy', 'web']);
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '2');
    const events = await c.k(['get', 'events', '--field-selector', 'involvedObject.name=web', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}']);
    assert.match(events, new RegExp(`^Scaled up replica set ${fresh.metadata.name} from 0 to 1$`, 'm'));
    assert.match(events, new RegExp(`^Scaled down replica set ${old.metadata.name} from 3 to 2$`, 'm'));
  });

  it('kubectl rollout history lists the revisions', async () => {
    const out = await c.k(['rollout', 'history', 'deployment/web']);
    assert.match(out, /^deployment\.apps\/web $/m);
    assert.match(out, /^REVISION\s+CHANGE-CAUSE$/m);
    assert.match(out, /^1\s+<none>$/m);
    assert.match(out, /^2\s+<none>$/m);
    const two = await c.k(['rollout', 'history', 'deployment/web', '--revision=2']);
    assert.match(two, /Image:\s+nginx:1\.27/);
  });

  it('kubectl rollout undo goes back to the previous template', async () => {
    assert.equal(await c.k(['rollout', 'undo', 'deployment/web']), 'deployment.apps/web rolled back\n');
    await rolloutStatus();
    const d = await json(['get', 'deploy', 'web']);
    assert.equal(image(d), 'nginx');
    assert.equal(d.spec.template.metadata.labels['pod-template-hash'], undefined);
    await eventually(async () => (await json(['get', 'deploy', 'web'])).metadata.annotations['deployment.kubernetes.io/revision'] === '3', 10_000, 'revision 3');
    const rss = await replicaSets();
    assert.equal(rss.length, 2, 'the old ReplicaSet is reused');
    const back = rss.find((rs) => image(rs) === 'nginx');
    assert.equal(back.spec.replicas, 3);
    assert.equal(back.metadata.annotations['deployment.kubernetes.io/revision'], '3');
    assert.equal(back.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
    const history = await c.k(['rollout', 'history', 'deployment/web']);
    assert.match(history, /^2\s+<none>\n3\s+<none>\n/m);
    await eventually(async () => (await livePods()).length === 3 && (await livePods()).every((p: any) => p.spec.containers[0].image === 'nginx'), 20_000, 'old image pods');
  });

  it('kubectl rollout restart makes a new ReplicaSet', async () => {
    const before = (await replicaSets()).map((rs) => rs.metadata.name);
    assert.equal(await c.k(['rollout', 'restart', 'deployment/web']), 'deployment.apps/web restarted\n');
    await rolloutStatus();
    const rss = await replicaSets();
    const fresh = rss.filter((rs) => !before.includes(rs.metadata.name));
    assert.equal(fresh.length, 1);
    assert.ok(fresh[0].spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
    assert.equal(fresh[0].spec.replicas, 3);
    assert.equal(fresh[0].metadata.annotations['deployment.kubernetes.io/revision'], '4');
    for (const rs of rss.filter((rs) => rs !== fresh[0])) assert.equal(rs.spec.replicas, 0);
    assert.match(await c.k(['get', 'deploy', 'web']), /^web\s+3\/3\s+3\s+3\s+\d+s$/m);
  });

  it('kubectl rollout pause and resume hold and release a rollout', async () => {
    await c.k(['rollout', 'pause', 'deployment/web']);
    await c.k(['set', 'image', 'deployment/web', 'nginx=nginx:1.28']);
    await eventually(async () => {
      const d = await json(['get', 'deploy', 'web']);
      return d.status.conditions?.some((x: any) => x.type === 'Progressing' && x.reason === 'DeploymentPaused');
    }, 10_000, 'paused condition');
    assert.equal((await replicaSets()).filter((rs) => image(rs) === 'nginx:1.28').length, 0);
    await c.k(['rollout', 'resume', 'deployment/web']);
    await rolloutStatus();
    assert.equal((await replicaSets()).find((rs) => image(rs) === 'nginx:1.28')?.spec.replicas, 3);
  });
});
