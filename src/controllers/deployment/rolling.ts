// RollingUpdate (upstream rolling.go): scale the new ReplicaSet up as far as maxSurge allows,
// then the old ones down as far as maxUnavailable allows, one step per sync; each step's
// result comes back through the informers and drives the next.
import type { Obj } from '../../client/index.ts';
import { syncRolloutStatus } from './progress.ts';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, type SyncContext } from './sync.ts';
import { availableReplicaCount, byCreation, deploymentComplete, filterActive, maxUnavailable, newRSNewReplicas, replicasOf, specReplicaCount } from './util.ts';

export async function rolloutRolling(sc: SyncContext, d: Obj, rsList: Obj[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(sc, d, rsList, true);
  const allRSs = [...oldRSs, newRS!];

  if (await reconcileNewReplicaSet(sc, allRSs, newRS!, d)) return syncRolloutStatus(sc, allRSs, newRS, d);
  if (await reconcileOldReplicaSets(sc, allRSs, filterActive(oldRSs), newRS!, d)) return syncRolloutStatus(sc, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(sc, oldRSs, d);
  return syncRolloutStatus(sc, allRSs, newRS, d);
}

async function reconcileNewReplicaSet(sc: SyncContext, allRSs: Obj[], newRS: Obj, d: Obj): Promise<boolean> {
  if (replicasOf(newRS) === replicasOf(d)) return false;
  if (replicasOf(newRS) > replicasOf(d)) return (await scaleReplicaSetAndRecordEvent(sc, newRS, replicasOf(d), d)).scaled;
  return (await scaleReplicaSetAndRecordEvent(sc, newRS, newRSNewReplicas(d, allRSs, newRS), d)).scaled;
}

/**
 * reconcileOldReplicaSets: how far down the old ReplicaSets may go without dropping below
 * spec.replicas - maxUnavailable available pods, counting new pods that are not available
 * yet as unavailable. Unhealthy old pods go first: removing them costs no availability.
 */
async function reconcileOldReplicaSets(sc: SyncContext, allRSs: Obj[], oldRSs: Obj[], newRS: Obj, d: Obj): Promise<boolean> {
  if (specReplicaCount(oldRSs) === 0) return false;
  const allPods = specReplicaCount(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  const { oldRSs: cleaned, scaledDown: cleanupCount } = await cleanupUnhealthyReplicas(sc, oldRSs, d, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(sc, [...cleaned, newRS], cleaned, d);
  return cleanupCount + scaledDown > 0;
}

async function cleanupUnhealthyReplicas(sc: SyncContext, oldRSs: Obj[], d: Obj, maxCleanup: number): Promise<{ oldRSs: Obj[]; scaledDown: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i]!;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
    const count = Math.min(maxCleanup - total, replicasOf(rs) - available);
    const target = replicasOf(rs) - count;
    // A status still counting pods the spec no longer wants (available > replicas) must not scale up.
    if (target > replicasOf(rs)) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${replicasOf(rs)} -> ${target}`);
    const res = await scaleReplicaSetAndRecordEvent(sc, rs, target, d);
    total += count;
    sorted[i] = res.rs;
  }
  return { oldRSs: sorted, scaledDown: total };
}

async function scaleDownOldReplicaSetsForRollingUpdate(sc: SyncContext, allRSs: Obj[], oldRSs: Obj[], d: Obj): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const sorted = [...oldRSs].sort(byCreation);
  const totalToScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of sorted) {
    if (total >= totalToScaleDown) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), totalToScaleDown - total);
    const target = replicasOf(rs) - count;
    if (target > replicasOf(rs)) throw new Error(`when scaling down old ReplicaSet, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${replicasOf(rs)} -> ${target}`);
    await scaleReplicaSetAndRecordEvent(sc, rs, target, d);
    total += count;
  }
  return total;
}
