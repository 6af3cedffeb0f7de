// Choosing among the nodes that fit: first spread the pods of one controller (fewest of the
// pod's siblings on the node), then the least allocated node (upstream's LeastAllocated
// score over cpu and memory, with the non-zero request defaults), then the name, so the
// choice is reproducible where upstream would pick at random among equal scores.
import type { Obj } from '../../client/index.ts';
import type { NodeInfo } from './node-info.ts';
import { nodeAllocatable, nonZeroRequests } from './resources.ts';

const maxNodeScore = 100;

export function controllerUid(pod: Obj): string | undefined {
  return ((pod.metadata.ownerReferences ?? []) as Array<{ controller?: boolean; uid?: string }>).find((r) => r.controller)?.uid;
}

export function siblingsOn(pod: Obj, info: NodeInfo): number {
  const uid = controllerUid(pod);
  if (!uid) return 0;
  return info.pods.filter((p) => p.metadata.namespace === pod.metadata.namespace && controllerUid(p) === uid).length;
}

/** leastRequestedScore averaged over cpu and memory (weight 1 each), in integers as upstream. */
export function leastAllocatedScore(pod: Obj, info: NodeInfo): number {
  const allocatable = nodeAllocatable(info.node);
  const want = nonZeroRequests(pod);
  const score = (requested: number, capacity: number) => (capacity === 0 || requested > capacity ? 0 : Math.floor(((capacity - requested) * maxNodeScore) / capacity));
  const cpu = score(info.nonZeroRequested.cpu + want.cpu, allocatable.get('cpu') ?? 0);
  const memory = score(info.nonZeroRequested.memory + want.memory, allocatable.get('memory') ?? 0);
  return Math.floor((cpu + memory) / 2);
}

export function pickNode(pod: Obj, feasible: NodeInfo[]): NodeInfo {
  const ranked = feasible.map((info) => ({ info, siblings: siblingsOn(pod, info), score: leastAllocatedScore(pod, info) }));
  ranked.sort((a, b) => a.siblings - b.siblings || b.score - a.score || (a.info.node.metadata.name < b.info.node.metadata.name ? -1 : 1));
  return ranked[0]!.info;
}
