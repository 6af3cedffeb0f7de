// Rollout progress (upstream progress.go): the Progressing condition moves to
// NewReplicaSetAvailable when the rollout completes, is refreshed (ReplicaSetUpdated) on any
// progress, and turns ProgressDeadlineExceeded when progressDeadlineSeconds pass without any;
// a Deployment waiting on its deadline is requeued for the moment it would expire.
import type { Obj } from '../../client/index.ts';
import { calculateStatus, sameStatus, updateDeploymentStatus, type SyncContext } from './sync.ts';
import { deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline, newCondition, reasons, removeCondition, setCondition, type DeploymentCondition } from './util.ts';

type Json = Record<string, any>;

export async function syncRolloutStatus(sc: SyncContext, allRSs: Array<Obj | undefined>, newRS: Obj | undefined, d: Obj): Promise<void> {
  const now = sc.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');

  const current = getCondition(d.status, 'Progressing');
  const complete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === reasons.newRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', reasons.newRSAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      let cond = newCondition('Progressing', 'True', reasons.replicaSetUpdated, msg, now);
      // Progress refreshes lastUpdateTime even when the reason stays (which setCondition would skip).
      if (current) {
        if (current.status === 'True') cond = { ...cond, lastTransitionTime: current.lastTransitionTime };
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', reasons.timedOut, msg, now));
    }
  }

  // A ReplicaSet's ReplicaFailure (the new one's first) becomes the Deployment's.
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');

  if (sameStatus(d.status, status)) {
    requeueStuckDeployment(sc, d, status, now);
    return;
  }
  d.status = status;
  await updateDeploymentStatus(sc, d);
}

function replicaFailure(allRSs: Array<Obj | undefined>, newRS: Obj | undefined): DeploymentCondition | undefined {
  const ordered = [newRS, ...allRSs.filter((rs) => rs !== newRS)];
  for (const rs of ordered) {
    const c = ((rs?.status?.conditions ?? []) as Json[]).find((x) => x.type === 'ReplicaFailure');
    if (c) return { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  }
  return undefined;
}

/**
 * requeueStuckDeployment: a rollout without progress is looked at again when its deadline
 * would pass (lastUpdateTime + progressDeadlineSeconds), plus a second for clock skew.
 * Returns the delay in ms, or -1 when no requeue is needed.
 */
export function requeueStuckDeployment(sc: SyncContext, d: Obj, status: Json, now: number): number {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return -1;
  if (deploymentComplete(d, status) || current.reason === reasons.timedOut) return -1;
  const from = current.lastUpdateTime ? Date.parse(current.lastUpdateTime) : now;
  const after = from + d.spec.progressDeadlineSeconds * 1000 - now;
  if (after < 1000) {
    // Almost due: look again shortly (upstream: rate-limited requeue).
    sc.enqueueAfter(d, Math.max(after, 0) + 50);
    return 0;
  }
  sc.enqueueAfter(d, after + 1000);
  return after;
}
