// The pod predicates every workload controller shares (upstream pkg/api/v1/pod and
// pkg/controller's FilterActivePods), over plain JSON objects.
import type { Obj } from '../../client/index.ts';

export interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  [k: string]: unknown;
}

export function podCondition(pod: Obj, type: string): Condition | undefined {
  return ((pod.status?.conditions ?? []) as Condition[]).find((c) => c.type === type);
}

/** IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Obj): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** When the pod last became ready (undefined when not ready or unknown). */
export function podReadyTime(pod: Obj): number | undefined {
  if (!isPodReady(pod)) return undefined;
  const t = podCondition(pod, 'Ready')?.lastTransitionTime;
  return t ? Date.parse(t) : undefined;
}

/**
 * IsPodAvailable: ready for at least minReadySeconds. Upstream compares with a strict
 * "before now"; a ready condition without a transition time counts only when minReadySeconds is 0.
 */
export function isPodAvailable(pod: Obj, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const t = podCondition(pod, 'Ready')?.lastTransitionTime;
  return !!t && Date.parse(t) + minReadySeconds * 1000 < now;
}

/** Milliseconds until a ready pod becomes available (0 if it is, undefined if it never will by waiting). */
export function msUntilAvailable(pod: Obj, minReadySeconds: number, now: number): number | undefined {
  if (!isPodReady(pod)) return undefined;
  if (isPodAvailable(pod, minReadySeconds, now)) return 0;
  const t = podCondition(pod, 'Ready')?.lastTransitionTime;
  return t ? Math.max(0, Date.parse(t) + minReadySeconds * 1000 - now) : undefined;
}

/** IsPodActive: not finished and not being deleted (FilterActivePods keeps these). */
export function isPodActive(pod: Obj): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metav1.GetControllerOf: the owner reference with controller=true, if any. */
export function controllerRefOf(obj: Obj): OwnerReference | undefined {
  return ((obj.metadata.ownerReferences ?? []) as OwnerReference[]).find((r) => r.controller === true);
}

/** metav1.NewControllerRef. */
export function newControllerRef(owner: Obj, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

export const podKey = (pod: Obj): string => `${pod.metadata.namespace}/${pod.metadata.name}`;
