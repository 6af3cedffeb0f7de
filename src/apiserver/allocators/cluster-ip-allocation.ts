// ClusterIP allocation for one Service (storage/alloc.go allocClusterIPs, updateClusterIPs,
// releaseClusterIPs), across the configured IP families.
import { ApiError } from '../../api/errors.ts';
import { invalid } from '../../api/field.ts';
import { isAllocationError } from './allocation-errors.ts';
import { parseIP, type IPFamily } from './ip-address.ts';
import type { IPRangeAllocator } from './ip-range-allocator.ts';
import { isMatchingPreferDualStackClusterIPFields } from './ip-families.ts';
import { clusterIPsOf, ipFamiliesOf, isHeadless, serviceName, specOf, type Service } from './service-fields.ts';
import { AllocationOperation, type Transaction } from './transaction.ts';

/** One AllocationOperation per family, created on first use. */
export class ClusterIPOperations implements Transaction {
  private readonly allocators: ReadonlyMap<IPFamily, IPRangeAllocator>;
  private readonly ops = new Map<IPFamily, AllocationOperation<string>>();

  constructor(allocators: ReadonlyMap<IPFamily, IPRangeAllocator>) {
    this.allocators = allocators;
  }

  /** The operation for `family`; undefined when the cluster has no range of that family. */
  op(family: IPFamily): AllocationOperation<string> | undefined {
    let op = this.ops.get(family);
    if (!op) {
      const allocator = this.allocators.get(family);
      if (!allocator) return undefined;
      op = new AllocationOperation(allocator);
      this.ops.set(family, op);
    }
    return op;
  }

  /** Releases on commit; a family no longer configured has nothing to release into. */
  releaseDeferred(family: IPFamily, ip: string): void {
    this.op(family)?.releaseDeferred(ip);
  }

  commit(): void {
    for (const op of this.ops.values()) op.commit();
  }

  revert(): void {
    for (const op of this.ops.values()) op.revert();
  }
}

/** Allocates (or reserves the requested) IP of each family; throws upstream's errors. */
function allocIPs(svc: Service, toAlloc: ReadonlyArray<[IPFamily, string]>, ops: ClusterIPOperations): Map<IPFamily, string> {
  const allocated = new Map<IPFamily, string>();
  for (const [family, ip] of toAlloc) {
    const op = ops.op(family);
    // initIPFamilyFields only lets configured families through.
    if (!op) throw ApiError.internal(`failed to allocate a serviceIP: ${family} is not configured on this cluster`);
    if (ip === '') {
      try {
        allocated.set(family, op.allocateNext());
      } catch (e) {
        if (isAllocationError(e)) throw ApiError.internal(`failed to allocate a serviceIP: ${e.message}`);
        throw e;
      }
    } else {
      if (!parseIP(ip)) throw ApiError.internal(`failed to parse service IP ${JSON.stringify(ip)}`);
      try {
        op.allocate(ip);
      } catch (e) {
        if (!isAllocationError(e)) throw e;
        throw ApiError.invalid('', 'Service', serviceName(svc), [invalid('spec.clusterIPs', [...clusterIPsOf(svc)], `failed to allocate IP ${ip}: ${e.message}`)]);
      }
      allocated.set(family, ip);
    }
  }
  return allocated;
}

/** allocClusterIPs: one IP per entry of ipFamilies, honouring the ones the user asked for. */
export function allocClusterIPs(svc: Service, ops: ClusterIPOperations): void {
  if (svc.spec?.type === 'ExternalName' || isHeadless(svc)) return;
  const spec = specOf(svc);
  const ips = [...clusterIPsOf(svc)];
  const families = ipFamiliesOf(svc);
  const toAlloc: [IPFamily, string][] = [];
  families.forEach((family, i) => {
    if (i >= ips.length) ips.push(''); // a marker: allocate one
    toAlloc.push([family, ips[i]!]);
  });
  spec.clusterIPs = ips;
  const allocated = allocIPs(svc, toAlloc, ops);
  families.forEach((family, i) => {
    const ip = allocated.get(family);
    if (ip === undefined) return;
    ips[i] = ip;
    if (i === 0) spec.clusterIP = ip;
  });
}

/**
 * updateClusterIPs: ExternalName → other types allocates; other types → ExternalName releases (on
 * commit); adding the second family allocates it; dropping it releases it. A changed primary IP is
 * not allocation's business: validation rejects it ("may not change once set").
 */
export function updateClusterIPs(newSvc: Service, oldSvc: Service, ops: ClusterIPOperations): void {
  if (isMatchingPreferDualStackClusterIPFields(newSvc, oldSvc)) return;
  if (oldSvc.spec?.type === 'ExternalName' && newSvc.spec?.type !== 'ExternalName') {
    allocClusterIPs(newSvc, ops);
    return;
  }
  if (isHeadless(oldSvc)) return;
  if (oldSvc.spec?.type !== 'ExternalName' && newSvc.spec?.type === 'ExternalName') {
    ipFamiliesOf(oldSvc).forEach((family, i) => {
      const ip = clusterIPsOf(oldSvc)[i];
      if (ip) ops.releaseDeferred(family, ip);
    });
    return;
  }
  const oldFamilies = ipFamiliesOf(oldSvc);
  const newFamilies = ipFamiliesOf(newSvc);
  if (oldFamilies.length === 1 && newFamilies.length === 2) {
    const spec = specOf(newSvc);
    const ips = [...clusterIPsOf(newSvc)];
    if (ips.length < 2) ips.push('');
    spec.clusterIPs = ips;
    const allocated = allocIPs(newSvc, [[newFamilies[1]!, ips[1]!]], ops);
    ips[1] = allocated.get(newFamilies[1]!)!;
    return;
  }
  if (oldFamilies.length === 2 && newFamilies.length === 1) {
    const ip = clusterIPsOf(oldSvc)[1];
    if (ip) ops.releaseDeferred(oldFamilies[1]!, ip);
  }
}

/** The IPs a stored Service holds, by family (none for ExternalName and headless Services). */
export function heldClusterIPs(svc: Service): [IPFamily, string][] {
  if (svc.spec?.type === 'ExternalName' || isHeadless(svc)) return [];
  const out: [IPFamily, string][] = [];
  for (const ip of clusterIPsOf(svc)) {
    const parsed = parseIP(ip);
    if (parsed) out.push([parsed.family, ip]);
  }
  return out;
}
