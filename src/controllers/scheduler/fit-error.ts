// The text of a failed scheduling attempt, as upstream's FitError.Error() and the
// DefaultPreemption PostFilter word it (both end in " %v." — hence the ".." upstream shows).
import type { Obj } from '../../client/index.ts';
import type { NodeStatus } from './filters.ts';

export const noNodesAvailable = 'no nodes available to schedule pods';

/** "N reason" for each distinct reason, sorted as strings, as sortReasonsHistogram does. */
function histogram(statuses: Iterable<NodeStatus>): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

function fitError(numNodes: number, statuses: NodeStatus[], postFilter?: string): string {
  let msg = `0/${numNodes} nodes are available:`;
  const reasons = histogram(statuses);
  if (reasons) msg += ` ${reasons}.`;
  if (postFilter) msg += ` ${postFilter}.`;
  return msg;
}

/**
 * Preemption is not implemented, so its verdict is what upstream's would be with no lower
 * priority pod to evict: nodes rejected for good are "not helpful", the others have no victims.
 */
function preemptionMessage(pod: Obj, statuses: NodeStatus[]): string {
  if (pod.spec?.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const verdicts = statuses.map((s) => ({ reasons: [s.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod'], unresolvable: true }));
  return `preemption: ${fitError(statuses.length, verdicts)}`;
}

export function unschedulableMessage(pod: Obj, statuses: NodeStatus[]): string {
  return fitError(statuses.length, statuses, preemptionMessage(pod, statuses));
}
