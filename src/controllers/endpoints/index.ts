// The Endpoints (v1) controller.
export { EndpointsController, endpointsController, desiredSubsets, podAddress, overCapacityAnnotation, endpointsManagedByLabel, endpointsControllerName } from './controller.ts';
export { repackSubsets, truncateSubsets, subsetsEqual, compareAddresses, maxCapacity, type EndpointAddress, type EndpointSubset, type EndpointsPort } from './subsets.ts';
