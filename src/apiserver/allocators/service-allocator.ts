// The Service registry's allocation logic (upstream storage/alloc.go Allocators plus the parts of
// storage.go and strategy.go that decide what gets allocated). It holds the allocators and no
// storage: the registry calls allocateCreate/allocateUpdate before writing, then commits or
// reverts the returned Transaction depending on whether the write succeeded.
import { allocClusterIPs, ClusterIPOperations, heldClusterIPs, updateClusterIPs } from './cluster-ip-allocation.ts';
import type { IPFamily } from './ip-address.ts';
import { initIPFamilyFields, type ClusterIPFamilies } from './ip-families.ts';
import { DEFAULT_SERVICE_CIDR, IPRangeAllocator } from './ip-range-allocator.ts';
import { allocHealthCheckNodePort, heldNodePorts, initNodePorts, updateServiceNodePorts } from './node-port-allocation.ts';
import { PortRangeAllocator } from './port-range-allocator.ts';
import { DEFAULT_NODE_PORT_RANGE } from './port-range.ts';
import { rebuildAllocators, type RebuildIssue } from './rebuild.ts';
import {
  defaultOnReadService, dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues, trimFieldsForDualStackDowngrade,
} from './service-update-fixups.ts';
import { needsHealthCheck, needsNodePort, type Service } from './service-fields.ts';
import { AllocationOperation, emptyTransaction, metaTransaction, type Transaction } from './transaction.ts';

export interface ServiceAllocatorOptions {
  /** --service-cluster-ip-range: one CIDR, or two of different families (primary first). */
  serviceCIDRs?: string | readonly string[];
  /** --service-node-port-range, e.g. "30000-32767" or "30000+2767". */
  nodePortRange?: string;
  /** Randomness for where dynamic allocation starts; tests pass a seeded source. */
  random?: () => number;
}

export interface AllocateOptions {
  /**
   * Dry run: the Service gets the fields a real request would give it (families, IPs, ports),
   * conflicts are reported the same way, but nothing stays reserved once the call returns.
   */
  dryRun?: boolean;
}

export class ServiceAllocator {
  readonly ipAllocators: ReadonlyMap<IPFamily, IPRangeAllocator>;
  /** The allocator of the first configured CIDR. */
  readonly primaryIPAllocator: IPRangeAllocator;
  readonly nodePorts: PortRangeAllocator;
  readonly families: ClusterIPFamilies;

  constructor(options: ServiceAllocatorOptions = {}) {
    const cidrs = options.serviceCIDRs === undefined ? [DEFAULT_SERVICE_CIDR] : typeof options.serviceCIDRs === 'string' ? [options.serviceCIDRs] : [...options.serviceCIDRs];
    if (cidrs.length < 1 || cidrs.length > 2) throw new Error('--service-cluster-ip-range takes one CIDR, or two (one per IP family) for dual-stack');
    const allocators = new Map<IPFamily, IPRangeAllocator>();
    for (const cidr of cidrs) {
      const a = new IPRangeAllocator(cidr, { random: options.random });
      if (allocators.has(a.family)) throw new Error(`--service-cluster-ip-range: both CIDRs are ${a.family}; dual-stack needs one IPv4 and one IPv6 range`);
      allocators.set(a.family, a);
    }
    this.ipAllocators = allocators;
    this.primaryIPAllocator = allocators.values().next().value!;
    this.families = { primary: this.primaryIPAllocator.family, configured: new Set(allocators.keys()) };
    this.nodePorts = new PortRangeAllocator(options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE, { random: options.random });
  }

  /**
   * BeginCreate: normalises clusterIP/clusterIPs, defaults the IP family fields, and allocates the
   * clusterIP(s), nodePorts and healthCheckNodePort the Service needs, honouring requested values.
   * Mutates `svc`. Throws ApiError (422 for a bad request, 500 when a range is full).
   */
  allocateCreate(svc: Service, options: AllocateOptions = {}): Transaction {
    normalizeClusterIPs(svc, undefined);
    initIPFamilyFields(svc, undefined, this.families);
    const ips = new ClusterIPOperations(this.ipAllocators);
    const ports = new AllocationOperation(this.nodePorts);
    const txn = metaTransaction([ips, ports]);
    try {
      allocClusterIPs(svc, ips);
      if (needsNodePort(svc)) initNodePorts(svc, ports);
      if (needsHealthCheck(svc)) allocHealthCheckNodePort(svc, ports);
    } catch (e) {
      txn.revert();
      throw e;
    }
    return this.settle(txn, options);
  }

  /**
   * BeginUpdate plus the type-dependent part of PrepareForUpdate: patches allocated values the
   * client left out (so re-applying the same YAML keeps the clusterIP and nodePorts), allocates
   * what the new type needs, defers releasing what it no longer needs to commit, and wipes the
   * fields the new type cannot use (dropTypeDependentFields). Mutates `newSvc`, never `oldSvc`.
   */
  allocateUpdate(newSvc: Service, oldSvc: Service, options: AllocateOptions = {}): Transaction {
    const old = structuredClone(oldSvc);
    defaultOnReadService(old, this.families.primary);
    patchAllocatedValues(newSvc, old);
    normalizeClusterIPs(newSvc, old);
    initIPFamilyFields(newSvc, old, this.families);
    const ips = new ClusterIPOperations(this.ipAllocators);
    const ports = new AllocationOperation(this.nodePorts);
    const txn = metaTransaction([ips, ports]);
    try {
      updateClusterIPs(newSvc, old, ips);
      updateServiceNodePorts(newSvc, old, ports);
    } catch (e) {
      txn.revert();
      throw e;
    }
    dropTypeDependentFields(newSvc, old);
    trimFieldsForDualStackDowngrade(newSvc, old);
    return this.settle(txn, options);
  }

  /** After a Service was deleted from storage: gives back its IPs and ports (not for dry runs). */
  release(svc: Service, options: AllocateOptions = {}): void {
    if (options.dryRun) return;
    for (const [family, ip] of heldClusterIPs(svc)) this.ipAllocators.get(family)?.release(ip);
    for (const port of heldNodePorts(svc)) this.nodePorts.release(port);
  }

  /** At start-up: the allocators hold exactly what the stored Services hold. */
  rebuild(services: readonly Service[]): RebuildIssue[] {
    return rebuildAllocators(services, this.ipAllocators, this.nodePorts);
  }

  /** Decorator for everything the registry returns (defaultOnRead). */
  defaultOnRead(svc: Service): void {
    defaultOnReadService(svc, this.families.primary);
  }

  /** The `kubernetes` Service's ClusterIP (first usable address, in the static band). */
  kubernetesServiceIP(): string {
    return this.primaryIPAllocator.indexedIP(1);
  }

  /** The cluster DNS Service's ClusterIP (the 10th address, in the static band). */
  clusterDNSIP(): string {
    return this.primaryIPAllocator.indexedIP(10);
  }

  /**
   * A dry run allocates for real so the answer is realistic (and conflicts surface), then gives
   * everything back before returning: JS runs this synchronously, so no other request can see
   * the values in between. Upstream instead answers dry runs with placeholder values.
   */
  private settle(txn: Transaction, options: AllocateOptions): Transaction {
    if (!options.dryRun) return txn;
    txn.revert();
    return emptyTransaction();
  }
}

