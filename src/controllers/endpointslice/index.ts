// The EndpointSlice controller, and the endpoint building blocks the Endpoints and mirroring
// controllers share with it.
export { EndpointSliceController, endpointSliceController, type EndpointSliceControllerOptions } from './controller.ts';
export { reconcile, podToEndpoint, endpointPorts, type SlicePlan, type ReconcileInput } from './reconciler.ts';
export { diagnose, withEndpointsCondition, endpointsReadyCondition, type Diagnosis } from './diagnosis.ts';
export {
  addressTypesForService,
  findPort,
  isIPv6,
  isPodReady,
  isServiceIPSet,
  podIPs,
  selectorMatches,
  selectorString,
  serviceSelector,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  sortedPods,
  type AddressType,
  type Pod,
  type Service,
  type ServicePort,
} from './pods.ts';
export { EndpointSet, endpointKey, endpointsEqualBeyondHash, portMapKey, type Endpoint, type EndpointPort } from './endpoint-set.ts';
export { EndpointSliceTracker, StaleCacheError } from './slice-tracker.ts';
export { TriggerTimeTracker, withTriggerTime, formatRFC3339Nano, lastChangeTriggerTimeAnnotation } from './trigger-time.ts';
export { controllerName as endpointSliceControllerName, labelHeadless, labelManagedBy, labelServiceName, sameMap } from './slice-meta.ts';
