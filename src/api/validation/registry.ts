// Kind → create/update validator, so the apiserver can look one up by group and kind.
// Service and EndpointSlice/Endpoints validation live with their owners and register here
// through registerValidator.
import type { FieldError } from '../field.ts';
import { validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate } from './deployment.ts';
import { validateEvent, validateEventUpdate } from './event.ts';
import { validateLease, validateLeaseUpdate } from './lease.ts';
import { validateNamespace, validateNamespaceUpdate, validateNode, validateNodeUpdate } from './namespace.ts';
import { validatePod, validatePodUpdate } from './pod.ts';

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
]);

export function validatorFor(group: string, kind: string): KindValidator | undefined {
  return validators.get(`${group}/${kind}`);
}

export function registerValidator(group: string, kind: string, v: KindValidator): void {
  validators.set(`${group}/${kind}`, v);
}
