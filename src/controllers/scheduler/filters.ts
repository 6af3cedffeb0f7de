// The Filter plugins of upstream's default profile that apply here, in its order
// (NodeUnschedulable, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit); like the
// framework, a node's status comes from the first plugin that rejects it, and says whether
// preemption could ever help (Unschedulable) or not (UnschedulableAndUnresolvable).
import type { Obj } from '../../client/index.ts';
import { matchesNodeSelectorAndAffinity } from './node-affinity.ts';
import { hostPortConflicts, hostPortsOf, type NodeInfo } from './node-info.ts';
import { nodeAllocatable, podRequests } from './resources.ts';
import { doNotSchedule, findUntoleratedTaint, taintsOf, tolerationsOf, tolerationsTolerateTaint, type Taint } from './tolerations.ts';

export interface NodeStatus {
  reasons: string[];
  /** UnschedulableAndUnresolvable: evicting other pods would not make the node fit. */
  unresolvable: boolean;
}

export const notReadyTaintKey = 'node.kubernetes.io/not-ready';
export const unreachableTaintKey = 'node.kubernetes.io/unreachable';
export const unschedulableTaintKey = 'node.kubernetes.io/unschedulable';

/**
 * The node's taints, plus the NoSchedule taint its Ready condition implies when the node
 * lifecycle controller has not put it there yet. Upstream's scheduler never reads Ready: it
 * relies on those taints; implying them keeps a node that is not Ready out of reach (and
 * the message the same) in the moment before the controller catches up.
 */
export function effectiveTaints(node: Obj): Taint[] {
  const taints = taintsOf(node);
  const ready = ((node.status?.conditions ?? []) as Array<{ type: string; status: string }>).find((c) => c.type === 'Ready');
  const implied = ready?.status === 'True' ? undefined : ready?.status === 'Unknown' ? unreachableTaintKey : notReadyTaintKey;
  if (!implied || taints.some((t) => t.key === implied && t.effect === 'NoSchedule')) return taints;
  return [...taints, { key: implied, effect: 'NoSchedule' }];
}

export function runFilters(pod: Obj, info: NodeInfo): NodeStatus | undefined {
  const node = info.node;
  const tolerations = tolerationsOf(pod);

  // NodeUnschedulable: pods tolerating the unschedulable taint may still go there.
  if (node.spec?.unschedulable && !tolerationsTolerateTaint(tolerations, { key: unschedulableTaintKey, effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], unresolvable: true };
  }

  // TaintToleration
  const taint = findUntoleratedTaint(effectiveTaints(node), tolerations, doNotSchedule);
  if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], unresolvable: true };

  // NodeAffinity
  if (!matchesNodeSelectorAndAffinity(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };

  // NodePorts
  if (hostPortsOf(pod).some((p) => hostPortConflicts(info.hostPorts, p))) {
    return { reasons: ["node(s) didn't have free ports for the requested pod ports"], unresolvable: false };
  }

  // NodeResourcesFit (fitsRequest): every shortage is reported; a request larger than the
  // whole node is one preemption cannot solve.
  const allocatable = nodeAllocatable(node);
  const reasons: string[] = [];
  let unresolvable = false;
  if (info.pods.length + 1 > (allocatable.get('pods') ?? 0)) reasons.push('Too many pods');
  const request = podRequests(pod);
  const order = ['cpu', 'memory', 'ephemeral-storage', ...[...request.keys()].filter((k) => k !== 'cpu' && k !== 'memory' && k !== 'ephemeral-storage' && k !== 'pods').sort()];
  for (const r of order) {
    const want = request.get(r) ?? 0;
    if (want <= 0) continue;
    const total = allocatable.get(r) ?? 0;
    if (want > total - (info.requested.get(r) ?? 0)) {
      reasons.push(`Insufficient ${r}`);
      if (want > total) unresolvable = true;
    }
  }
  if (reasons.length > 0) return { reasons, unresolvable };
  return undefined;
}
