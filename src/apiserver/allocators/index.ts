// Everything the API server allocates for Services: ClusterIPs from the service CIDR, NodePorts
// and health-check NodePorts from the node port range, and the Service registry logic that
// decides what a create, update or delete allocates and releases.
export { ServiceAllocator, type ServiceAllocatorOptions, type AllocateOptions } from './service-allocator.ts';
export { type Transaction, callbackTransaction, metaTransaction, emptyTransaction, AllocationOperation } from './transaction.ts';
export { type RebuildIssue } from './rebuild.ts';
export {
  IPRangeAllocator, type IPRangeAllocatorOptions, DEFAULT_SERVICE_CIDR, MAX_IPV6_RANGE, calculateIPRangeOffset, cidrRangeSize, indexedIP,
  kubernetesServiceIP, clusterDNSIP,
} from './ip-range-allocator.ts';
export { PortRangeAllocator, type PortRangeAllocatorOptions, calculatePortRangeOffset } from './port-range-allocator.ts';
export { DEFAULT_NODE_PORT_RANGE, parsePortRange, formatPortRange, type PortRange } from './port-range.ts';
export { AllocationBitmap } from './allocation-bitmap.ts';
export { AllocationError, isAllocationError, type AllocationErrorCode } from './allocation-errors.ts';
export { parseIP, parseCIDR, formatIP, familyOf, type IPFamily, type ParsedCIDR } from './ip-address.ts';
export { initIPFamilyFields, type ClusterIPFamilies } from './ip-families.ts';
export { validateClusterIPsRelatedFields } from './cluster-ip-fields.ts';
export {
  normalizeClusterIPs, patchAllocatedValues, dropTypeDependentFields, trimFieldsForDualStackDowngrade, defaultOnReadService,
} from './service-update-fixups.ts';
