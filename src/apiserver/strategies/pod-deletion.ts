// Graceful pod deletion, as the pod registry decides it: a pod that never reached a node,
// or has finished, goes at once; otherwise it gets a deletionTimestamp and the kubelet
// deletes it after stopping the processes. A pod bound to a node that does not exist has
// no kubelet to finish the job, so it goes at once too (what PodGC does for orphans).
import type { ApiObject } from '../registry/object.ts';

export interface PodDeletionDeps {
  nodeExists(name: string): Promise<boolean>;
}

export async function podGracePeriod(pod: ApiObject, requested: number | undefined, deps: PodDeletionDeps): Promise<number> {
  const nodeName = pod.spec?.nodeName as string | undefined;
  const phase = pod.status?.phase as string | undefined;
  if (!nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  if (!(await deps.nodeExists(nodeName))) return 0;
  // A negative request means "use the pod's own"; upstream treats 0 as immediate (force).
  const grace = requested !== undefined && requested >= 0 ? requested : (pod.spec?.terminationGracePeriodSeconds ?? 30);
  return Math.max(0, grace);
}
