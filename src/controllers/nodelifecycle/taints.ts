// The taints the node lifecycle controller owns, derived from a node's conditions and
// spec.unschedulable (upstream's doNoScheduleTaintingPass and doNoExecuteTaintingPass).
import type { Obj } from '../../client/index.ts';
import type { Taint } from '../scheduler/index.ts';

export const notReadyKey = 'node.kubernetes.io/not-ready';
export const unreachableKey = 'node.kubernetes.io/unreachable';
export const unschedulableKey = 'node.kubernetes.io/unschedulable';

/** nodeConditionToTaintKeyStatusMap: which condition status means which NoSchedule taint. */
const conditionTaints: Record<string, Record<string, string>> = {
  Ready: { False: notReadyKey, Unknown: unreachableKey },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const noScheduleKeys = new Set([unschedulableKey, ...Object.values(conditionTaints).flatMap((m) => Object.values(m))]);
const noExecuteKeys = new Set([notReadyKey, unreachableKey]);

export const isManaged = (t: Taint) => (t.effect === 'NoSchedule' && noScheduleKeys.has(t.key)) || (t.effect === 'NoExecute' && noExecuteKeys.has(t.key));

export function conditionStatus(node: Obj, type: string): string | undefined {
  return ((node.status?.conditions ?? []) as Array<{ type: string; status: string }>).find((c) => c.type === type)?.status;
}

/** The controller's taints a node should carry now, NoSchedule first as upstream adds them. */
export function desiredTaints(node: Obj): Taint[] {
  const out: Taint[] = [];
  for (const [type, byStatus] of Object.entries(conditionTaints)) {
    const key = byStatus[conditionStatus(node, type) ?? ''];
    if (key) out.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: unschedulableKey, effect: 'NoSchedule' });
  const ready = conditionStatus(node, 'Ready');
  if (ready === 'False') out.push({ key: notReadyKey, effect: 'NoExecute' });
  if (ready === 'Unknown') out.push({ key: unreachableKey, effect: 'NoExecute' });
  return out;
}

/**
 * The node's taints with the managed ones made to match `desired`: others are kept as they
 * are, kept managed taints keep their timeAdded, new NoExecute taints get timeAdded (the
 * eviction clock); upstream's NoSchedule taints carry none. Undefined when nothing changes.
 */
export function reconcileTaints(current: readonly Taint[], desired: readonly Taint[], now: string): Taint[] | undefined {
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !isManaged(t) || desired.some((d) => same(d, t)));
  const added = desired.filter((d) => !current.some((t) => same(d, t))).map((d) => (d.effect === 'NoExecute' ? { ...d, timeAdded: now } : d));
  if (kept.length === current.length && added.length === 0) return undefined;
  return [...kept, ...added];
}
