// Recreate (upstream recreate.go): every old pod is gone — not just scaled away, but deleted
// and out of any terminal grace — before the new ReplicaSet is created and scaled up.
import type { Obj } from '../../client/index.ts';
import { syncRolloutStatus } from './progress.ts';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, type SyncContext } from './sync.ts';
import { actualReplicaCount, deploymentComplete, filterActive, replicasOf } from './util.ts';

/** podMap: the Deployment's pods by the UID of the ReplicaSet controlling them. */
export async function rolloutRecreate(sc: SyncContext, d: Obj, rsList: Obj[], podMap: Map<string, Obj[]>): Promise<void> {
  // Do not create the new ReplicaSet yet: that would scale up before scaling down.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(sc, d, rsList, false);
  let allRSs: Array<Obj | undefined> = [...oldRSs, newRS];

  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) {
    if ((await scaleReplicaSetAndRecordEvent(sc, rs, 0, d)).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(sc, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(sc, allRSs, newRS, d);

  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(sc, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  await scaleReplicaSetAndRecordEvent(sc, newRS!, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(sc, oldRSs, d);
  return syncRolloutStatus(sc, allRSs, newRS, d);
}

/** oldPodsRunning: any old ReplicaSet still reports pods, or any of its pods is not finished. */
export function oldPodsRunning(newRS: Obj | undefined, oldRSs: Obj[], podMap: Map<string, Obj[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
