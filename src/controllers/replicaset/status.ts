// ReplicaSet status from the pods it owns (upstream replica_set_utils.go calculateStatus).
import { labelSelectorFromObject } from '../../api/selectors/index.ts';
import type { Obj } from '../../client/index.ts';
import { isPodAvailable, isPodReady } from './pod-util.ts';

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

type Json = Record<string, any>;

export const rfc3339 = (ms: number = Date.now()): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function calculateReplicaSetStatus(rs: Obj, pods: Obj[], manageError: Error | undefined, now: number): Json {
  const status: Json = structuredClone(rs.status ?? {});
  // Pods may carry more labels than the template; the template's labels must all be there.
  const templateLabels = labelSelectorFromObject({ matchLabels: rs.spec?.template?.metadata?.labels ?? {} });
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
  }
  const conditions = (status.conditions ?? []) as ReplicaSetCondition[];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageError && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    status.conditions = [...conditions, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message: manageError.message }];
  } else if (!manageError && failure) {
    status.conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
    if (status.conditions.length === 0) delete status.conditions;
  }
  status.replicas = pods.length;
  setOrOmit(status, 'fullyLabeledReplicas', fullyLabeled);
  setOrOmit(status, 'readyReplicas', ready);
  setOrOmit(status, 'availableReplicas', available);
  return status;
}

/** The Go types mark these `omitempty`: a zero is not written, as upstream's JSON would not. */
export function setOrOmit(o: Json, field: string, value: number): void {
  if (value) o[field] = value;
  else delete o[field];
}

export function sameReplicaSetStatus(a: Json | undefined, b: Json | undefined): boolean {
  const f = (s: Json | undefined) => [s?.replicas ?? 0, s?.fullyLabeledReplicas ?? 0, s?.readyReplicas ?? 0, s?.availableReplicas ?? 0, s?.observedGeneration ?? 0];
  return JSON.stringify(f(a)) === JSON.stringify(f(b)) && JSON.stringify(a?.conditions ?? []) === JSON.stringify(b?.conditions ?? []);
}
