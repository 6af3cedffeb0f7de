// Property: whatever sequence of scales and template changes a Deployment goes through, and
// however they interleave with the controllers, it ends with spec.replicas ready pods of the
// latest template, one ReplicaSet holding them, and the old ones at zero.
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Obj } from '../../client/index.ts';
import { replicaSetController } from '../replicaset/index.ts';
import { activePods, deployment, eventually, isReady, listPods, sleep, startWorld, type World } from '../replicaset/testkit.ts';
import { deploymentController } from './index.ts';

type Op = { kind: 'scale'; replicas: number; pause: number } | { kind: 'image'; tag: string; pause: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 5 }), pause: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('image' as const), tag: fc.constantFrom('a', 'b', 'c', 'd'), pause: fc.integer({ min: 0, max: 60 }) }),
);
const strategy = fc.oneof(
  fc.constant({ type: 'Recreate' }),
  fc.record({ type: fc.constant('RollingUpdate'), rollingUpdate: fc.record({ maxSurge: fc.constantFrom(0, 1, 2, '25%', '50%'), maxUnavailable: fc.constantFrom(0, 1, '25%', '50%') }) })
    // Validation rejects maxSurge and maxUnavailable both 0.
    .filter((s) => !(s.rollingUpdate.maxSurge === 0 && s.rollingUpdate.maxUnavailable === 0)),
);

describe('Deployment convergence (property)', () => {
  let w: World;
  before(async () => {
    w = await startWorld([deploymentController, replicaSetController]);
  });
  after(async () => {
    await w?.stop();
  });

  it('random scale and template sequences converge to replicas pods of the latest template', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), strategy, fc.array(op, { minLength: 1, maxLength: 6 }), async (initial, strat, ops) => {
        const name = `prop-${run++}`;
        await w.deployments.create('default', deployment(name, initial, { strategy: strat }));
        let replicas = initial;
        let img = 'nginx';
        for (const o of ops) {
          if (o.kind === 'scale') {
            replicas = o.replicas;
            await w.deployments.patch('default', name, 'merge', { spec: { replicas } }, { subresource: 'scale' });
          } else {
            img = `nginx:${o.tag}`;
            await w.deployments.patch('default', name, 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: img }] } } } });
          }
          await sleep(o.pause);
        }
        await eventually(
          async () => {
            const d = await w.deployments.get('default', name);
            const s = d.status ?? {};
            const pods = activePods(await listPods(w, `app=${name}`));
            const rss = (await w.replicaSets.list('default', { labelSelector: `app=${name}` })).items as Obj[];
            const current = rss.filter((rs) => rs.spec.template.spec.containers[0].image === img);
            const old = rss.filter((rs) => rs.spec.template.spec.containers[0].image !== img);
            return (
              s.observedGeneration === d.metadata.generation &&
              (s.replicas ?? 0) === replicas &&
              (s.updatedReplicas ?? 0) === replicas &&
              (s.availableReplicas ?? 0) === replicas &&
              pods.length === replicas &&
              pods.every((p) => isReady(p) && p.spec.containers[0].image === img) &&
              current.length === 1 &&
              current[0]!.spec.replicas === replicas &&
              old.every((rs) => rs.spec.replicas === 0)
            );
          },
          `${name} (${JSON.stringify(strat)}; ${initial} then ${JSON.stringify(ops)}) to converge on ${replicas} × ${img}`,
          30_000,
        );
        await w.deployments.delete('default', name);
      }),
      { numRuns: 12, endOnFailure: true },
    );
  });
});
