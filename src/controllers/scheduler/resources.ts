// Resource arithmetic for scheduling, in upstream's units: cpu in millicores, everything else
// (memory, ephemeral-storage, extended resources) in whole units, both rounded up as
// Quantity.MilliValue() / Value() round.
import { parseQuantity } from '../../api/validation/quantity.ts';
import type { Obj } from '../../client/index.ts';

export type Resources = Map<string, number>;

const NANO = 1_000_000_000n;

export function quantityToUnits(resource: string, q: unknown): number {
  const parsed = parseQuantity(q);
  if (!parsed) return 0;
  const div = resource === 'cpu' ? 1_000_000n : NANO;
  const n = parsed.nanos / div + (parsed.nanos % div > 0n ? 1n : 0n);
  return Number(n);
}

export function resourceList(list: Record<string, unknown> | undefined): Resources {
  const out: Resources = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, quantityToUnits(k, v));
  return out;
}

function add(into: Resources, r: Resources): void {
  for (const [k, v] of r) into.set(k, (into.get(k) ?? 0) + v);
}

function max(into: Resources, r: Resources): void {
  for (const [k, v] of r) if (v > (into.get(k) ?? 0)) into.set(k, v);
}

type Container = { resources?: { requests?: Record<string, unknown> }; restartPolicy?: string };

/**
 * resourcehelper.PodRequests: the containers' sum; restartable init containers (sidecars)
 * add to it; every other init container needs its own requests plus the sidecars started
 * before it, and the pod needs the largest of all that; then the pod overhead.
 */
export function podRequests(pod: Obj, containerRequests: (c: Container) => Resources = (c) => resourceList(c.resources?.requests)): Resources {
  const reqs: Resources = new Map();
  for (const c of (pod.spec?.containers ?? []) as Container[]) add(reqs, containerRequests(c));
  const sidecars: Resources = new Map();
  const initMax: Resources = new Map();
  for (const c of (pod.spec?.initContainers ?? []) as Container[]) {
    const r = containerRequests(c);
    let need: Resources;
    if (c.restartPolicy === 'Always') {
      add(reqs, r);
      add(sidecars, r);
      need = sidecars;
    } else {
      need = new Map(r);
      add(need, sidecars);
    }
    max(initMax, need);
  }
  max(reqs, initMax);
  if (pod.spec?.overhead) add(reqs, resourceList(pod.spec.overhead));
  return reqs;
}

/** Scoring counts a container without cpu or memory requests as 100m and 200Mi (upstream). */
export const defaultMilliCpuRequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

export function nonZeroRequests(pod: Obj): { cpu: number; memory: number } {
  const r = podRequests(pod, (c) => {
    const req = resourceList(c.resources?.requests);
    return new Map([
      ['cpu', req.has('cpu') ? req.get('cpu')! : defaultMilliCpuRequest],
      ['memory', req.has('memory') ? req.get('memory')! : defaultMemoryRequest],
    ]);
  });
  return { cpu: r.get('cpu') ?? 0, memory: r.get('memory') ?? 0 };
}

/**
 * What a node offers. Upstream reads status.allocatable only; a node that reports just
 * capacity (hand-written test nodes) is taken at its capacity rather than as empty.
 */
export function nodeAllocatable(node: Obj): Resources {
  return resourceList(node.status?.allocatable ?? node.status?.capacity);
}
