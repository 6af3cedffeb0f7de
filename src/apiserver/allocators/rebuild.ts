// Rebuilding allocator state from the stored Services when the API server starts — the job of
// upstream's ClusterIP and NodePort repair controllers. Portico keeps no bitmap snapshot: the
// Services are the truth, so nothing stored can be handed out again after a restart.
import { heldClusterIPs } from './cluster-ip-allocation.ts';
import { isAllocationError } from './allocation-errors.ts';
import type { IPFamily } from './ip-address.ts';
import type { IPRangeAllocator } from './ip-range-allocator.ts';
import { heldNodePorts } from './node-port-allocation.ts';
import type { PortRangeAllocator } from './port-range-allocator.ts';
import { clusterIPsOf, isHeadless, needsClusterIP, type Service } from './service-fields.ts';
import { parseIP } from './ip-address.ts';

/** Something wrong with a stored Service, worded as the repair controllers' Warning events. */
export interface RebuildIssue {
  namespace: string;
  name: string;
  /** Event reason: ClusterIPNotValid, ClusterIPOutOfRange, ClusterIPAlreadyAllocated, PortOutOfRange, PortAlreadyAllocated. */
  reason: string;
  message: string;
}

function creationTime(svc: Service): number {
  const t = Date.parse(svc?.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/**
 * Clears the allocators and marks every IP and port the Services hold. When two Services claim
 * one value the older one (by creationTimestamp, then input order) keeps it and the other is
 * reported, as upstream's repair loop reports it ("please recreate service").
 */
export function rebuildAllocators(
  services: readonly Service[],
  ipAllocators: ReadonlyMap<IPFamily, IPRangeAllocator>,
  nodePorts: PortRangeAllocator,
): RebuildIssue[] {
  for (const a of ipAllocators.values()) a.clear();
  nodePorts.clear();
  const issues: RebuildIssue[] = [];
  const ordered = services.map((svc, i) => ({ svc, i })).sort((a, b) => creationTime(a.svc) - creationTime(b.svc) || a.i - b.i);
  for (const { svc } of ordered) {
    const namespace = String(svc?.metadata?.namespace ?? '');
    const name = String(svc?.metadata?.name ?? '');
    const report = (reason: string, message: string) => issues.push({ namespace, name, reason, message });

    if (needsClusterIP(svc) && !isHeadless(svc)) {
      for (const ip of clusterIPsOf(svc)) {
        if (!parseIP(ip)) report('ClusterIPNotValid', `Cluster IP ${ip} is not a valid IP; please recreate service`);
      }
    }
    for (const [family, ip] of heldClusterIPs(svc)) {
      const allocator = ipAllocators.get(family);
      if (!allocator) {
        report('ClusterIPNotValid', `Cluster IP ${ip}(${family}) is of ip family that is no longer configured on cluster; please recreate service`);
        continue;
      }
      try {
        allocator.allocate(ip);
      } catch (e) {
        if (!isAllocationError(e)) throw e;
        if (e.code === 'Allocated') report('ClusterIPAlreadyAllocated', `Cluster IP [${family}]:${ip} was assigned to multiple services; please recreate service`);
        else report('ClusterIPOutOfRange', `Cluster IP [${family}]:${ip} is not within the service CIDR ${allocator.cidr}; please recreate service`);
      }
    }
    for (const port of heldNodePorts(svc)) {
      try {
        nodePorts.allocate(port);
      } catch (e) {
        if (!isAllocationError(e)) throw e;
        if (e.code === 'Allocated') report('PortAlreadyAllocated', `Port ${port} was assigned to multiple services; please recreate service`);
        else report('PortOutOfRange', `Port ${port} is not within the port range ${nodePorts.rangeText}; please recreate service`);
      }
    }
  }
  return issues;
}
