// Validation of built-in kinds with Kubernetes' exact field errors. Everything here is pure
// and works on v1 JSON after defaulting; ApiError.invalid turns the FieldErrors into a 422.
export {
  isDNS1123Subdomain, isDNS1123Label, isDNS1035Label, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum,
  isEnvVarName, isConfigMapKey, isValidPercent, isHTTPHeaderName, regexError, maxLenError, inclusiveRangeError,
  nameIsDNSSubdomain, nameIsDNSLabel, nameIsDNS1035Label, validatePathSegmentName, nameValidators,
  type NameValidator, type NameValidatorKind,
} from './names.ts';
export {
  validateObjectMeta, validateObjectMetaUpdate, validateLabels, validateLabelName, validateAnnotations, validateLabelSelector,
  validateOwnerReferences, validateFinalizers, TotalAnnotationSizeLimitB, type ObjectMetaOptions, type LabelSelectorOptions,
} from './objectmeta.ts';
export { validateNonnegativeField, validateImmutableField, deepEqual, FieldImmutableErrorMsg, IsNegativeErrorMsg } from './util.ts';
export { validatePod, validatePodUpdate, validatePodSpec, validatePodTemplateSpec, updatablePodSpecFields, type PodValidationOptions } from './pod.ts';
export { validateDeployment, validateDeploymentUpdate, validateDeploymentSpec, validateReplicaSet, validateReplicaSetUpdate, validateScale } from './deployment.ts';
export { validateNamespace, validateNamespaceUpdate, validateNode, validateNodeUpdate } from './namespace.ts';
export { validateEvent, validateEventUpdate, eventToCore, type EventAPIVersion } from './event.ts';
export { validateLease, validateLeaseUpdate, validateLeaseSpec } from './lease.ts';
export { parseQuantity, formatQuantity, quantityString } from './quantity.ts';
export { validateService, validateServiceUpdate, validateServiceStatusUpdate, validateLoadBalancerStatus } from './service.ts';
export { validateEndpoints, validateEndpointsUpdate } from './endpoints.ts';
export { validateEndpointSlice, validateEndpointSliceUpdate } from './endpointslice.ts';
export { setPodNetworkCIDRs, podNetworkCIDRs, defaultPodNetworkCIDRs, type EndpointValidationOptions } from './endpoints-podcidr.ts';
export { parseIP as parseIPSloppy, parseCIDR as parseCIDRSloppy, isIPv6String } from './service-netip.ts';
export { validatorFor, registerValidator, type KindValidator } from './registry.ts';
