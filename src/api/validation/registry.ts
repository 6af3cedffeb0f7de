// Kind → create/update validator, so the apiserver can look one up by group and kind.
// Service and EndpointSlice/Endpoints validation live with their owners and register here
// through registerValidator.
import type { FieldError } from '../field.ts';
import { validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate } from './deployment.ts';
import { validateEvent, validateEventUpdate } from './event.ts';
import { validateLease, validateLeaseUpdate } from './lease.ts';
import { validateNamespace, validateNamespaceUpdate, validateNode, validateNodeUpdate } from './namespace.ts';
import { validatePod, validatePodUpdate } from './pod.ts';
import { validateService, validateServiceUpdate } from './service.ts';
import { validateEndpoints, validateEndpointsUpdate } from './endpoints.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './endpointslice.ts';

export interface KindValidator {
  create(obj: unknown): FieldError[];
  update(newObj: unknown, oldObj: unknown): FieldError[];
}

const validators = new Map<string, KindValidator>([
  ['/Namespace', { create: validateNamespace, update: validateNamespaceUpdate }],
  ['/Node', { create: validateNode, update: validateNodeUpdate }],
  ['/Pod', { create: validatePod, update: validatePodUpdate }],
  ['/Event', { create: (o) => validateEvent(o, 'v1'), update: (n, o) => validateEventUpdate(n, o, 'v1') }],
  ['events.k8s.io/Event', { create: (o) => validateEvent(o, 'events.k8s.io/v1'), update: (n, o) => validateEventUpdate(n, o, 'events.k8s.io/v1') }],
  ['apps/Deployment', { create: validateDeployment, update: validateDeploymentUpdate }],
  ['apps/ReplicaSet', { create: validateReplicaSet, update: validateReplicaSetUpdate }],
  ['coordination.k8s.io/Lease', { create: validateLease, update: validateLeaseUpdate }],
  // Service's /status subresource uses validateServiceStatusUpdate (exported from index.ts).
  ['/Service', { create: validateService, update: validateServiceUpdate }],
  ['/Endpoints', { create: (o) => validateEndpoints(o), update: (n, o) => validateEndpointsUpdate(n, o) }],
  ['discovery.k8s.io/EndpointSlice', { create: (o) => validateEndpointSlice(o), update: (n, o) => validateEndpointSliceUpdate(n, o) }],
]);

export function validatorFor(group: string, kind: string): KindValidator | undefined {
  return validators.get(`${group}/${kind}`);
}

export function registerValidator(group: string, kind: string, v: KindValidator): void {
  validators.set(`${group}/${kind}`, v);
}
