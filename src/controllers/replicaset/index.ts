// The ReplicaSet controller and the pieces the Deployment controller shares with it.
export { ReplicaSetController, replicaSetController, type ReplicaSetControllerOptions } from './controller.ts';
export { ControllerExpectations, expectationsTimeoutMs } from './expectations.ts';
export { ControllerRefManager, recheckOwner, type ControllerRefManagerOptions } from './controller-ref.ts';
export { podsToDelete, rankLess, podDeletionCostAnnotation } from './pod-ranking.ts';
export { PodControl, podFromTemplate, slowStartBatch, withKind, isNamespaceTerminating } from './pod-control.ts';
export { calculateReplicaSetStatus, rfc3339, setOrOmit } from './status.ts';
export { controllerRefOf, newControllerRef, isPodActive, isPodAvailable, isPodReady, msUntilAvailable, podKey, type OwnerReference } from './pod-util.ts';
