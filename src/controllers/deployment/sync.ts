// The Deployment controller's shared steps (upstream sync.go): finding or creating the new
// ReplicaSet and keeping revisions in step, scaling (proportionally during a rollout),
// cleaning up old revisions, and the status it reports.
import { ApiError } from '../../api/errors.ts';
import type { EventRecorder, Informer, Obj, ResourceClient } from '../../client/index.ts';
import { controllerRefOf, isNamespaceTerminating, newControllerRef, setOrOmit, withKind } from '../replicaset/index.ts';
import { computeHash } from './hash.ts';
import {
  actualReplicaCount,
  availableReplicaCount,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  desiredReplicasOf,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getCondition,
  getProportion,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  podTemplateHashLabel,
  readyReplicaCount,
  reasons,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  revisionAnnotation,
  setCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicaCount,
} from './util.ts';

type Json = Record<string, any>;

/** What the sync steps need from the controller. */
export interface SyncContext {
  deployments: ResourceClient;
  replicaSets: ResourceClient;
  rsInformer: Informer;
  recorder: EventRecorder;
  now(): number;
  enqueueAfter(d: Obj, ms: number): void;
}

/**
 * UpdateStatus of a Deployment. Upstream's status strategy keeps metadata changes other than
 * labels, which is how the controller records the revision annotation; a server whose status
 * subresource drops them gets the annotation by a metadata-only merge patch instead (which
 * does not touch the spec, so the generation stays). `d` takes the new resourceVersion so
 * later writes in the same sync do not conflict with our own.
 */
export async function updateDeploymentStatus(sc: SyncContext, d: Obj): Promise<Obj> {
  let res = await sc.deployments.updateStatus(d.metadata.namespace, d);
  const want = d.metadata.annotations?.[revisionAnnotation];
  if (want !== undefined && res.metadata.annotations?.[revisionAnnotation] !== want) {
    res = await sc.deployments.patch(d.metadata.namespace, d.metadata.name, 'merge', { metadata: { annotations: { [revisionAnnotation]: want } } });
  }
  d.metadata.resourceVersion = res.metadata.resourceVersion;
  return res;
}

const replaceIn = (list: Obj[], rs: Obj) => {
  const i = list.findIndex((x) => x.metadata.uid === rs.metadata.uid);
  if (i >= 0) list[i] = rs;
};

export interface ReplicaSetsOfDeployment {
  newRS: Obj | undefined;
  oldRSs: Obj[];
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing) with
 * its revision one above every old one, and the Deployment's revision following it.
 */
export async function getAllReplicaSetsAndSyncRevision(sc: SyncContext, d: Obj, rsList: Obj[], createIfMissing: boolean): Promise<ReplicaSetsOfDeployment> {
  const { allOldRSs } = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(sc, d, rsList, allOldRSs, createIfMissing);
  return { newRS, oldRSs: allOldRSs };
}

async function getNewReplicaSet(sc: SyncContext, d: Obj, rsList: Obj[], oldRSs: Obj[], createIfMissing: boolean): Promise<Obj | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const minReady = d.spec?.minReadySeconds ?? 0;

  if (existing) {
    const rsCopy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    if (annotationsUpdated || (rsCopy.spec?.minReadySeconds ?? 0) !== minReady) {
      setOrOmit(rsCopy.spec, 'minReadySeconds', minReady);
      const updated = await sc.replicaSets.update(rsCopy.metadata.namespace, rsCopy);
      replaceIn(rsList, updated);
      return updated;
    }
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations[revisionAnnotation]);
    // A Deployment seen for the first time with its new ReplicaSet already there.
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', reasons.foundNewRS, `Found new replica set "${rsCopy.metadata.name}"`, sc.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await updateDeploymentStatus(sc, d);
    return rsCopy;
  }
  if (!createIfMissing) return undefined;

  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const template = structuredClone(d.spec.template ?? {});
  template.metadata ??= {};
  template.metadata.labels = { ...template.metadata.labels, [podTemplateHashLabel]: hash };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [podTemplateHashLabel]: hash };
  const newRS: Obj = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec: { replicas: 0, ...(minReady ? { minReadySeconds: minReady } : {}), selector, template },
  };
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = count;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);

  let created: Obj;
  let alreadyExists = false;
  try {
    created = await sc.replicaSets.create(d.metadata.namespace, newRS);
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'AlreadyExists') {
      // A slow cache, or a hash collision with a ReplicaSet that is not this template's.
      alreadyExists = true;
      const rs = sc.rsInformer.get(d.metadata.namespace, newRS.metadata.name) ?? (await sc.replicaSets.get(d.metadata.namespace, newRS.metadata.name));
      if (controllerRefOf(rs)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, rs.spec?.template)) {
        created = rs;
      } else {
        d.status ??= {};
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        await updateDeploymentStatus(sc, d).catch(() => {});
        throw e;
      }
    } else if (isNamespaceTerminating(e)) {
      throw e;
    } else {
      const msg = `Failed to create new replica set "${newRS.metadata.name}": ${(e as Error).message}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setCondition(d.status, newCondition('Progressing', 'False', reasons.failedRSCreate, msg, sc.now()));
        await updateDeploymentStatus(sc, d).catch(() => {});
      }
      sc.recorder.event(d, 'Warning', reasons.failedRSCreate, msg);
      throw e;
    }
  }
  if (!alreadyExists && count > 0) sc.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`);
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', reasons.newReplicaSet, `Created new replica set "${created.metadata.name}"`, sc.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(sc, d);
  return created;
}

/** scaleReplicaSetAndRecordEvent: nothing to do when the size is right. */
export async function scaleReplicaSetAndRecordEvent(sc: SyncContext, rs: Obj, newScale: number, d: Obj): Promise<{ scaled: boolean; rs: Obj }> {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(sc, rs, newScale, d);
}

/** scaleReplicaSet: the new size with the desired/max annotations it was sized for. */
export async function scaleReplicaSet(sc: SyncContext, rs: Obj, newScale: number, d: Obj): Promise<{ scaled: boolean; rs: Obj }> {
  const sizeNeedsUpdate = replicasOf(rs) !== newScale;
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = replicasOf(rs);
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const updated = await sc.replicaSets.update(copy.metadata.namespace, copy);
  if (sizeNeedsUpdate) {
    const op = oldScale < newScale ? 'up' : 'down';
    sc.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/**
 * scale: a resize outside a rollout. One active ReplicaSet takes it all; a saturated new one
 * means the old ones go to zero; otherwise (rolling update mid-rollout) the change is spread
 * over the active ReplicaSets in proportion to their size, leftovers to the largest.
 */
export async function scale(sc: SyncContext, d: Obj, newRS: Obj | undefined, oldRSs: Obj[]): Promise<void> {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) === replicasOf(d)) return;
    await scaleReplicaSetAndRecordEvent(sc, activeOrLatest, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleReplicaSetAndRecordEvent(sc, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActive([...oldRSs, newRS]);
  const allReplicas = specReplicaCount(allRSs);
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - allReplicas;
  // Scaling up, the newer of equal sizes goes first; scaling down, the older.
  if (toAdd > 0) allRSs.sort(bySizeNewer);
  else if (toAdd < 0) allRSs.sort(bySizeOlder);
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const p = getProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name, replicasOf(rs) + p);
      added += p;
    } else sizes.set(rs.metadata.name, replicasOf(rs));
  }
  for (let i = 0; i < allRSs.length; i++) {
    const rs = allRSs[i]!;
    if (i === 0 && toAdd !== 0) sizes.set(rs.metadata.name, Math.max(0, sizes.get(rs.metadata.name)! + toAdd - added));
    // Annotations are refreshed even when the size stays (upstream calls scaleReplicaSet here).
    await scaleReplicaSet(sc, rs, sizes.get(rs.metadata.name)!, d);
  }
}

/** cleanupDeployment: delete the oldest fully scaled-down revisions beyond revisionHistoryLimit. */
export async function cleanupDeployment(sc: SyncContext, oldRSs: Obj[], d: Obj): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => rs && !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - d.spec.revisionHistoryLimit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (const rs of cleanable.slice(0, diff)) {
    // Never one that still has pods, or whose last change the ReplicaSet controller has not seen.
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
    try {
      await sc.replicaSets.delete(rs.metadata.namespace, rs.metadata.name);
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
    }
  }
}

/** calculateStatus: counters from the ReplicaSets, the Available condition from maxUnavailable. */
export function calculateStatus(allRSs: Array<Obj | undefined>, newRS: Obj | undefined, d: Obj, now: number): Json {
  const available = availableReplicaCount(allRSs);
  const unavailable = Math.max(0, specReplicaCount(allRSs) - available);
  const status: Json = {};
  setOrOmit(status, 'observedGeneration', d.metadata.generation ?? 0);
  setOrOmit(status, 'replicas', actualReplicaCount(allRSs));
  setOrOmit(status, 'updatedReplicas', actualReplicaCount([newRS]));
  setOrOmit(status, 'readyReplicas', readyReplicaCount(allRSs));
  setOrOmit(status, 'availableReplicas', available);
  setOrOmit(status, 'unavailableReplicas', unavailable);
  if (d.status?.conditions?.length) status.conditions = structuredClone(d.status.conditions);
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', reasons.minimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', reasons.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** The order upstream's JSON has, so equal statuses compare equal whatever order fields arrived in. */
export function sameStatus(a: Json | undefined, b: Json | undefined): boolean {
  const norm = (s: Json | undefined) => {
    const x = s ?? {};
    const fields = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'].map((k) => x[k] ?? 0);
    const conds = ((x.conditions ?? []) as Json[]).map((c) => [c.type, c.status, c.lastUpdateTime, c.lastTransitionTime, c.reason, c.message]);
    return JSON.stringify([fields, conds, x.collisionCount === undefined]);
  };
  return norm(a) === norm(b);
}

/** syncDeploymentStatus: write the calculated status when it differs. */
export async function syncDeploymentStatus(sc: SyncContext, allRSs: Array<Obj | undefined>, newRS: Obj | undefined, d: Obj): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, sc.now());
  if (sameStatus(d.status, status)) return;
  d.status = status;
  await updateDeploymentStatus(sc, d);
}

/** isScalingEvent: some active ReplicaSet was sized for a different spec.replicas. */
export async function isScalingEvent(sc: SyncContext, d: Obj, rsList: Obj[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(sc, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = desiredReplicasOf(rs);
    if (desired === undefined) continue;
    if (desired !== replicasOf(d)) return true;
  }
  return false;
}

/** sync: scaling events and paused Deployments — resize without rolling out. */
export async function syncScaleOrPaused(sc: SyncContext, d: Obj, rsList: Obj[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(sc, d, rsList, false);
  await scale(sc, d, newRS, oldRSs);
  if (d.spec?.paused) await cleanupDeployment(sc, oldRSs, d);
  await syncDeploymentStatus(sc, [...oldRSs, newRS], newRS, d);
}

/** syncStatusOnly: a Deployment being deleted only reports. */
export async function syncStatusOnly(sc: SyncContext, d: Obj, rsList: Obj[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(sc, d, rsList, false);
  await syncDeploymentStatus(sc, [...oldRSs, newRS], newRS, d);
}

/** checkPausedConditions: Progressing=Unknown while paused, so the deadline does not run meanwhile. */
export async function checkPausedConditions(sc: SyncContext, d: Obj): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === reasons.timedOut) return;
  const pausedCondExists = cond?.reason === reasons.paused;
  d.status ??= {};
  if (d.spec?.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', reasons.paused, 'Deployment is paused', sc.now()));
  } else if (!d.spec?.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', reasons.resumed, 'Deployment is resumed', sc.now()));
  } else return;
  await updateDeploymentStatus(sc, d);
}

export { byCreation, withKind };
