// Which surplus pods a ReplicaSet deletes first: upstream's ActivePodsWithRanks ordering
// (pkg/controller/controller_utils.go) with LogarithmicScaleDown and PodDeletionCost, both on
// by default since 1.22. The least valuable pods sort first:
//   1. unscheduled before scheduled
//   2. Pending before Unknown before Running
//   3. not ready before ready
//   4. lower controller.kubernetes.io/pod-deletion-cost before higher
//   5. pods doubled up on a node (more related pods there) before lonely ones
//   6. ready for less time before ready longer (log2 buckets; ties broken by UID)
//   7. more container restarts before fewer
//   8. newer before older (log2 buckets; ties broken by UID)
import type { Obj } from '../../client/index.ts';
import { isPodActive, isPodReady, podReadyTime } from './pod-util.ts';

export const podDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: Obj): number {
  const v = pod.metadata.annotations?.[podDeletionCostAnnotation];
  if (v === undefined) return 0;
  // Upstream parses an int32; an invalid value counts as 0.
  const n = /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

function maxRestarts(pod: Obj): number {
  let max = 0;
  for (const c of (pod.status?.containerStatuses ?? []) as Array<{ restartCount?: number }>) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/** Go's int(math.Log2(float64(duration in ns))), -1 for durations <= 0. */
function logRank(sinceMs: number): number {
  return sinceMs > 0 ? Math.floor(Math.log2(sinceMs * 1e6)) : -1;
}

/** afterOrZero: zero times count as newest. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (!t1 || !t2) return !t1;
  return t1 > t2;
}

/** Newer (or in a newer log2 bucket relative to now) first; equal buckets by UID. */
function newerFirst(a: Obj, b: Obj, ta: number | undefined, tb: number | undefined, now: number): boolean {
  if (!ta || !tb) return afterOrZero(ta, tb);
  const diff = logRank(now - ta) - logRank(now - tb);
  if (diff === 0) return String(a.metadata.uid) < String(b.metadata.uid);
  return diff < 0;
}

/** ActivePodsWithRanks.Less: is pod a less valuable (deleted sooner) than pod b? */
export function rankLess(a: Obj, b: Obj, rankA: number, rankB: number, now: number): boolean {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  const pa = phaseOrdinal[a.status?.phase as string] ?? 0;
  const pb = phaseOrdinal[b.status?.phase as string] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  if (rankA !== rankB) return rankA > rankB;
  if (ra && rb) {
    const ta = podReadyTime(a);
    const tb = podReadyTime(b);
    if (ta !== tb) return newerFirst(a, b, ta, tb, now);
  }
  const ma = maxRestarts(a);
  const mb = maxRestarts(b);
  if (ma !== mb) return ma > mb;
  const cta = a.metadata.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : undefined;
  const ctb = b.metadata.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : undefined;
  if (cta !== ctb) return newerFirst(a, b, cta, ctb, now);
  return false;
}

/**
 * getPodsToDelete: the `diff` pods to remove. A pod's rank is how many active related pods
 * (the ReplicaSet's and its siblings' under the same Deployment) share its node.
 */
export function podsToDelete(pods: Obj[], relatedPods: Obj[], diff: number, now = Date.now()): Obj[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => (rankLess(x.pod, y.pod, x.rank, y.rank, now) ? -1 : rankLess(y.pod, x.pod, y.rank, x.rank, now) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}
