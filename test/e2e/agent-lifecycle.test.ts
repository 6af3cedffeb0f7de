// The rest of a pod's life under the real agent: init containers run first and in order,
// preStop hooks run before SIGTERM on delete, and a crashed agent's pods are adopted by the
// next start instead of being killed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Cluster, eventually, needsKubectl } from './harness.ts';

describe('pod lifecycle under the agent', { skip: needsKubectl }, () => {
  let c: Cluster;
  const mark = `/tmp/portico-lifecycle-${process.pid}-${Date.now()}`;
  before(async () => {
    c = await Cluster.start();
  });
  after(async () => {
    await c?.stop();
    for (const suffix of ['-order', '-prestop']) rmSync(mark + suffix, { force: true });
  });

  const pod = async (name: string) => JSON.parse(await c.k(['get', 'pod', name, '-o', 'json']));

  it('runs init containers one after another before the app container', async () => {
    const file = await c.writeFile('init.yaml', `apiVersion: v1
kind: Pod
metadata: {name: with-init}
spec:
  initContainers:
  - {name: first, image: busybox, command: ["sh", "-c", "echo first >> ${mark}-order"]}
  - {name: second, image: busybox, command: ["sh", "-c", "sleep 0.3; echo second >> ${mark}-order"]}
  containers:
  - {name: app, image: busybox, command: ["sh", "-c", "echo app >> ${mark}-order; exec sleep 3600"]}
`);
    await c.k(['apply', '-f', file]);
    const p = await eventually(async () => {
      const x = await pod('with-init');
      return x.status.phase === 'Running' && x.status.containerStatuses?.[0]?.ready ? x : undefined;
    }, 20_000, 'the pod running after its init containers');
    assert.equal(readFileSync(`${mark}-order`, 'utf8'), 'first\nsecond\napp\n');
    assert.deepEqual(p.status.initContainerStatuses.map((s: any) => [s.name, s.state.terminated?.reason, s.state.terminated?.exitCode]), [
      ['first', 'Completed', 0],
      ['second', 'Completed', 0],
    ]);
    assert.ok(p.status.conditions.some((x: any) => x.type === 'Initialized' && x.status === 'True'));
    assert.match(await c.k(['get', 'pod', 'with-init']), /with-init\s+1\/1\s+Running\s+0/);
  });

  it('runs the preStop hook before stopping the container on delete', async () => {
    const file = await c.writeFile('prestop.yaml', `apiVersion: v1
kind: Pod
metadata: {name: hooked}
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "trap 'echo term >> ${mark}-prestop; exit 0' TERM; while true; do sleep 0.1; done"]
    lifecycle:
      preStop:
        exec: {command: ["sh", "-c", "echo prestop >> ${mark}-prestop"]}
`);
    await c.k(['apply', '-f', file]);
    await eventually(async () => (await pod('hooked')).status.containerStatuses?.[0]?.ready, 15_000, 'hooked ready');
    await c.k(['delete', 'pod', 'hooked']);
    assert.equal(readFileSync(`${mark}-prestop`, 'utf8'), 'prestop\nterm\n');
  });

  it('adopts the pods of an agent that crashed, instead of killing them', async () => {
    await eventually(async () => (await pod('with-init')).status.containerStatuses?.[0]?.ready, 15_000, 'with-init ready');
    const before = await pod('with-init');
    assert.equal(await c.shutdown('SIGKILL'), null);
    await c.boot();
    const afterRestart = await eventually(async () => {
      const x = await pod('with-init');
      return x.status.containerStatuses?.[0]?.ready ? x : undefined;
    }, 20_000, 'with-init ready after the restart');
    assert.equal(afterRestart.status.podIP, before.status.podIP);
    assert.equal(afterRestart.status.containerStatuses[0].restartCount, 0, 'the process kept running');
    assert.equal(afterRestart.status.containerStatuses[0].state.running.startedAt, before.status.containerStatuses[0].state.running.startedAt);
    assert.ok(existsSync(`${mark}-order`));
    assert.equal(readFileSync(`${mark}-order`, 'utf8'), 'first\nsecond\napp\n', 'init containers did not run again');
  });
});
